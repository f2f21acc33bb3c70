"""The monitoring section of the report: per measurement date, how many indicators reached
their target, in all, by macro-area and by tipologia, and those that did not."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from pdztables.i18n import DEFAULT_LANG, day, text

if TYPE_CHECKING:
    from pdztables.pipeline import Result

Measured = dict[str, Any]
"""One row of the monitoring results, as plain values."""

NONE = "(none)"


def monitoring_summary(
    result: Result, lang: str = DEFAULT_LANG, row_of: Mapping[str, int] | None = None
) -> dict[str, Any] | None:
    """Per measurement date: how many indicators reached their target, by macro-area (the
    policy code's, else the group label) and by tipologia, and the list of those that did not
    (each linked to its table row: `row_of` maps a row's label to its index)."""
    from pdztables.normalize.derive import ESITI

    long_form = result.table.measurements
    if long_form is None:
        return None
    from .pictures import row_id

    anchors = {label: row_id(i) for label, i in (row_of or {}).items()}
    dates = []
    for date, rows in long_form.groupby("data", sort=True):
        records = [{str(k): v for k, v in r.items()} for r in rows.to_dict("records")]
        dates.append(_date_summary(str(date), records, result, lang, anchors))
    pairs = "; ".join(
        text("report.pair", lang, measure=escape(m), target=escape(tg))
        for m, tg in result.table.pairs
    )
    return {"esiti": ESITI, "dates": dates, "pairs_text": pairs}


def _date_summary(
    date: str, records: list[Measured], result: Result, lang: str, anchors: Mapping[str, str]
) -> dict[str, Any]:
    """One measurement date's results: in all, by macro-area, by tipologia, and those that
    missed their target (`anchors`: a row label's anchor)."""
    from pdztables.normalize.derive import NON_RAGGIUNTO, PARZIALE

    profile = result.profile
    by_area: dict[str, list[Measured]] = {}
    for r in records:
        letters = [x for x in str(r["policy_aree"]).split(";") if x]
        names = (
            [f"{x} {profile.area_name(x) or ''}".strip() for x in letters]
            if letters
            else [str(r["area"]) or NONE]
        )
        for name in names:
            by_area.setdefault(name, []).append(r)
    by_kind: dict[str, list[Measured]] = {}
    for r in records:
        by_kind.setdefault(str(r["tipologia"]) or NONE, []).append(r)
    return {
        "date": date,
        "date_text": day(date, lang),
        "total": _tally("", records, lang),
        "by_area": _count(by_area, lang),
        "by_kind": _count(by_kind, lang),
        "missed": [
            {**r, "page": r[profile.page_column], "anchor": anchors.get(str(r["nr"]), "")}
            for r in records
            if r["esito"] in (NON_RAGGIUNTO, PARZIALE)
        ],
    }


def _tally(group: str, records: list[Measured], lang: str) -> dict[str, Any]:
    """A group's count of each esito, and the share of those judged that reached the target."""
    from pdztables.normalize.derive import ESITI

    counts = [sum(1 for r in records if r["esito"] == e) for e in ESITI]
    judged = sum(counts[:3])  # raggiunto, parziale, non raggiunto
    share = "-"
    if judged:
        pct = f"{100 * counts[0] / judged:.0f}%"
        share = text("report.share_value", lang, pct=pct, n=judged)
    return {"group": group, "counts": counts, "share": share}


def _count(groups: dict[str, list[Measured]], lang: str) -> list[dict[str, Any]]:
    """The tally of each group, in name order, the group of none last."""
    named = sorted(g for g in groups if g != NONE)
    none = text("report.none", lang)
    return [
        _tally(g if g != NONE else none, groups[g], lang) for g in [*named, NONE] if g in groups
    ]
