"""The HTML report: what was found where, what was repaired, what failed validation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape

from pdztables.normalize import KINDS

from .files import write_atomically

if TYPE_CHECKING:
    from pdztables.normalize.generic import Table
    from pdztables.pipeline import Result

_ENV = Environment(
    loader=PackageLoader("pdztables.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def page_ranges(pages: list[int] | tuple[int, ...]) -> str:
    """Pages as compact ranges: 1-3, 7, 9-10."""
    out: list[str] = []
    for p in sorted(set(pages)):
        if out and out[-1].split("-")[-1] == str(p - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{p}"
        else:
            out.append(str(p))
    return ", ".join(out)


def report_context(result: Result) -> dict[str, Any]:
    """Everything the template shows, as plain values."""
    table = result.table
    frame = table.frame
    counts = Counter(r.kind for r in table.repairs)
    kinds = [
        {"kind": k, "title": t, "meaning": m, "count": counts[k]}
        for k, (t, m) in KINDS.items()
        if counts[k]
    ]
    flagged: dict[tuple[str, str], str] = {}
    for f in result.validation.failures:
        flagged.setdefault((f.row, f.column), f.severity)
    key = table.key
    labels = [str(v) for v in frame[key]] if key is not None and key in frame.columns else None
    shown = [c for c in frame.columns if table.typed.get(c) in (None, "esito")]
    frame = frame[shown]
    rows = []
    for i, values in enumerate(frame.itertuples(index=False, name=None)):
        key = labels[i] if labels else str(i + 1)
        rows.append(
            [
                {"value": v, "severity": flagged.get((key, c), "")}
                for c, v in zip(frame.columns, values, strict=True)
            ]
        )
    ex = result.extraction
    return {
        "source": result.source.name,
        "source_path": str(result.source),
        "generated": datetime.now().strftime("%d/%m/%Y %H:%M"),
        "profile": result.profile,
        "page_count": ex.page_count,
        "pages_read": page_ranges(ex.pages_read),
        "table_pages": page_ranges(table.pages),
        "header_page": table.header_page,
        "header_rows": table.header.rows,
        "rulings": sorted({t.ruling for t in ex.tables if t.page in table.pages}),
        "screened": [
            {
                "page": sc.page,
                "why": sc.why,
                "tables": sum(1 for t in ex.tables if t.page == sc.page),
                "used": sc.page in table.pages,
            }
            for sc in ex.screened
        ],
        "left_out": table.left_out,
        "n_rows": len(frame),
        "columns": table.columns,
        "out_columns": list(frame.columns),
        "rows": rows,
        "errors": result.validation.errors,
        "warnings": result.validation.warnings,
        "kinds": kinds,
        "repairs": table.repairs,
        "seconds": f"{result.seconds:.2f}",
        "typed": typed_summary(result),
        "monitoring": monitoring_summary(result),
    }


def typed_summary(result: Result) -> list[dict[str, Any]]:
    """For each column typed values are read from: how many cells read, stated no value, or
    could not be read."""
    from pdztables.normalize.targets import states_no_value

    table = result.table
    unread = Counter(f.column for f in result.validation.warnings if f.check == "not_read")
    sources: dict[str, str] = {}
    for name, kind in table.typed.items():
        if kind in ("op", "sezione", "tipo"):
            sources[name.removesuffix("_" + kind)] = kind
    out = []
    for column, kind in sources.items():
        texts = [str(v) for v in table.frame[column].fillna("")]
        silent = sum(1 for t in texts if states_no_value(t))
        out.append(
            {
                "column": column,
                "what": {"op": "target", "sezione": "policy code", "tipo": "frequency"}[kind],
                "read": len(texts) - silent - unread[column],
                "no_value": silent,
                "unread": unread[column],
            }
        )
    return out


NONE = "(none)"


def monitoring_summary(result: Result) -> dict[str, Any] | None:
    """Per measurement date: how many indicators reached their target, by macro-area (the
    policy code's, else the group label) and by tipologia, and the list of those that did not."""
    from pdztables.normalize.derive import ESITI, NON_RAGGIUNTO, PARZIALE

    long_form = result.table.measurements
    if long_form is None:
        return None
    profile = result.profile
    dates = []
    for date, rows in long_form.groupby("data", sort=True):
        records = [{str(k): v for k, v in r.items()} for r in rows.to_dict("records")]

        def tally(group: str, rs: list[dict[str, Any]]) -> dict[str, Any]:
            counts = [sum(1 for r in rs if r["esito"] == e) for e in ESITI]
            judged = sum(counts[:3])  # raggiunto, parziale, non raggiunto
            share = f"{100 * counts[0] / judged:.0f}% of {judged}" if judged else "-"
            return {"group": group, "counts": counts, "share": share}

        def count(groups: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
            named = sorted(g for g in groups if g != NONE)
            return [tally(g, groups[g]) for g in [*named, NONE] if g in groups]

        by_area: dict[str, list[dict[str, Any]]] = {}
        for r in records:
            letters = [x for x in str(r["policy_aree"]).split(";") if x]
            names = (
                [f"{x} {profile.area_name(x) or ''}".strip() for x in letters]
                if letters
                else [str(r["area"]) or NONE]
            )
            for name in names:
                by_area.setdefault(name, []).append(r)
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for r in records:
            by_kind.setdefault(str(r["tipologia"]) or NONE, []).append(r)
        dates.append(
            {
                "date": str(date),
                "total": tally("", records),
                "by_area": count(by_area),
                "by_kind": count(by_kind),
                "missed": [
                    {**r, "page": r[profile.page_column]}
                    for r in records
                    if r["esito"] in (NON_RAGGIUNTO, PARZIALE)
                ],
            }
        )
    return {"esiti": ESITI, "dates": dates, "pairs": result.table.pairs}


def render_html(result: Result) -> str:
    """The report as one self-contained HTML page."""
    return _ENV.get_template("report.html.j2").render(**report_context(result))


def write_html(result: Result, path: Path) -> None:
    """Write the report atomically."""
    write_atomically([(path, lambda tmp: write_html_to(result, tmp))])


def write_html_to(result: Result, path: Path) -> None:
    """Write the report straight to a path (use `write_html` for an atomic write)."""
    path.write_text(render_html(result), encoding="utf-8")


RULINGS = {
    "grid": "from a ruled grid",
    "hrules": "parted by rules or bands",
    "text": "from the text's alignment (no rules)",
}


def render_tables_html(
    tables: Sequence[Table], source: Path, page_count: int, pages_read: Sequence[int], stem: str
) -> str:
    """The report of `pdztables tables`: every table with its pages, rows and repairs (`stem`:
    the CSV files' stem, empty when none were written)."""
    from pdztables.tables import csv_name

    items = []
    for t in tables:
        where = ", ".join(
            f"page {p}, box {', '.join(f'{v:.0f}' for v in box)}" for p, box in t.boxes
        )
        items.append(
            {
                "number": t.number,
                "pages": page_ranges(t.pages),
                "where": where,
                "file": csv_name(stem, t.number) if stem else "",
                "n_body": len(t.body),
                "n_cols": t.n_cols,
                "header_rows": t.header_rows,
                "ruling": t.ruling,
                "ruling_words": RULINGS.get(t.ruling, t.ruling),
                "head": t.rows[: t.header_rows],
                "body": t.body,
                "repairs": t.repairs,
            }
        )
    return _ENV.get_template("tables.html.j2").render(
        source=source.name,
        source_path=str(source),
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        page_count=page_count,
        pages_read=page_ranges(tuple(pages_read)),
        tables=items,
    )
