"""The HTML report: what was found where, what was repaired, what failed validation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import escape

from pdztables.i18n import DEFAULT_LANG, day, number, repair_kinds, text, when
from pdztables.normalize.columns import GROUP_SOURCE
from pdztables.schemas.findings import ERROR

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


def report_context(
    result: Result, lang: str = DEFAULT_LANG, pictures: bool = True
) -> dict[str, Any]:
    """Everything the report shows, as plain values, in a language."""
    from .pictures import anchor_page, page_marks, pictured, render, row_id

    def t(key: str, **params: Any) -> str:
        return text(f"report.{key}", lang, **params)

    table = result.table
    frame = table.frame
    pages, anchors = page_marks(result, lang)
    pages_marked = len(pages)
    if pictures:
        on_page: dict[int, set[str]] = {}
        for f in result.validation.failures:
            if f.page is not None:
                on_page.setdefault(f.page, set()).add(f.severity)
        pages = pictured(pages, on_page)
        render(result.source, pages)
    pictured_pages = {p.page for p in pages} if pictures else set()
    counts = Counter(r.kind for r in table.repairs)
    kinds = [
        {"kind": k, "title": title, "meaning": meaning, "count": counts[k]}
        for k, (title, meaning) in repair_kinds(lang).items()
        if counts[k]
    ]
    flagged: dict[tuple[str, str], str] = {}
    for f in result.validation.failures:
        if flagged.get((f.row, f.column)) != ERROR:
            flagged[(f.row, f.column)] = f.severity
    key = table.key
    labels = [str(v) for v in frame[key]] if key is not None and key in frame.columns else None
    shown = [c for c in frame.columns if table.typed.get(c) in (None, "esito")]
    rows = []
    for i, values in enumerate(frame[shown].itertuples(index=False, name=None)):
        label = labels[i] if labels else str(i + 1)
        page = anchors.row_page.get(i)
        rows.append(
            {
                "id": row_id(i),
                "label": label,
                "picture": f"#p{page}-{row_id(i)}" if page in pictured_pages else "",
                "cells": [
                    {"value": _shown(v), "severity": flagged.get((label, c), "")}
                    for c, v in zip(shown, values, strict=True)
                ],
            }
        )

    def link(where: str | None) -> str:
        return f"#{where}" if where and anchor_page(where) in pictured_pages else ""

    findings = []
    for j, f in enumerate(result.validation.failures):
        at = anchors.rows.get(f.row)
        findings.append(
            {
                "id": f"finding-{j}",
                "severity": f.severity,
                "severity_word": t(f.severity),
                "page": f.page if f.page is not None else "",
                "row": f.row,
                "column": f.column,
                "message": f.text(lang),
                "to_row": f"#{row_id(at)}" if at is not None else "",
                "to_page": link(anchors.findings.get(j)),
            }
        )
    repairs = []
    for k, r in enumerate(table.repairs):
        at = anchors.rows.get(r.row)
        repairs.append(
            {
                "id": f"repair-{k}",
                "kind": r.kind,
                "page": r.page,
                "row": r.row,
                "column": r.column,
                "before": r.before,
                "after": r.after,
                "to_row": f"#{row_id(at)}" if at is not None else "",
                "to_page": link(anchors.repairs.get(k)),
            }
        )
    ex = result.extraction
    errors, warnings = len(result.validation.errors), len(result.validation.warnings)
    layouts = sorted({tb.ruling for tb in ex.tables if tb.page in table.pages})
    return {
        "lang": lang,
        "t": t,
        "source": result.source.name,
        "source_path": str(result.source),
        "generated": _generated(lang),
        "profile": result.profile,
        "page_count": ex.page_count,
        "pages_read": page_ranges(ex.pages_read),
        "pages_word": _pages_word(ex.page_count, lang),
        "table_found": t(
            "table_found_value",
            pages=(
                t("on_page", page=table.pages[0])
                if len(table.pages) == 1
                else t("on_pages", pages=page_ranges(table.pages))
            ),
            header=table.header_page,
            rows=t("header_rows", n=table.header.rows) if table.header.rows > 1 else "",
            layouts=", ".join(text(f"layout.{x}", lang) for x in layouts),
        ),
        "screened": [
            {
                "page": sc.page,
                "why": sc.why_in(lang),
                "tables": sum(1 for tb in ex.tables if tb.page == sc.page),
                "used": sc.page in table.pages,
            }
            for sc in ex.screened
        ],
        "left_out": [
            {"page": x.page, "shape": x.shape_in(lang), "reason": x.reason_in(lang)}
            for x in table.left_out
        ],
        "n_rows": len(frame),
        "columns": [
            {
                "name": c.name,
                "known": c.known,
                "header": c.raw or c.source if c.source != GROUP_SOURCE else t("group_rows"),
                "note": column_note(c.name, c, result, lang),
            }
            for c in table.columns
        ],
        "out_columns": shown,
        "rows": rows,
        "errors": errors,
        "errors_word": t("errors_one") if errors == 1 else t("errors_many", n=errors),
        "warnings": warnings,
        "warnings_word": t("warnings_one") if warnings == 1 else t("warnings_many", n=warnings),
        "findings": findings,
        "kinds": kinds,
        "repairs": repairs,
        "seconds": t("seconds", s=number(result.seconds, lang)),
        "typed": typed_summary(result, lang),
        "monitoring": monitoring_summary(result, lang, anchors.rows),
        "pictures": pictures,
        "pages": pages,
        "pages_marked": pages_marked,
        "notes": result.notes[:30],
        "more_notes": max(0, len(result.notes) - 30),
    }


def column_note(name: str, column: Any, result: Result, lang: str) -> str:
    """What a canonical column's header says beyond its name: a target's year or ordinal, a
    measurement's date, the group rows' label."""
    spec = result.profile.spec_for(name)
    if column.source == GROUP_SOURCE:
        return text("report.note_group", lang)
    if spec is not None and spec.kind == "target":
        n = name.rsplit("_", 1)[1]
        if column.year:
            return text("report.note_year", lang, year=column.year)
        return text("report.note_ordinal", lang, n=n)
    if spec is not None and spec.kind == "measurement":
        return text("report.note_date", lang, date=day(name[-10:], lang))
    return ""


def _generated(lang: str) -> str:
    """When a report was made, in words of its language."""
    return text("report.generated", lang, when=when(datetime.now(), lang))


def _pages_word(n: int, lang: str) -> str:
    """`1 pagina`, `300 pagine`: a document's length in words of a language."""
    return text("report.pages_one", lang) if n == 1 else text("report.pages_word", lang, n=n)


def _shown(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def typed_summary(result: Result, lang: str = DEFAULT_LANG) -> list[dict[str, Any]]:
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
                "what": text(
                    "report.what_"
                    + {"op": "target", "sezione": "policy", "tipo": "frequency"}[kind],
                    lang,
                ),
                "read": len(texts) - silent - unread[column],
                "no_value": silent,
                "unread": unread[column],
            }
        )
    return out


NONE = "(none)"


def monitoring_summary(
    result: Result, lang: str = DEFAULT_LANG, row_of: Mapping[str, int] | None = None
) -> dict[str, Any] | None:
    """Per measurement date: how many indicators reached their target, by macro-area (the
    policy code's, else the group label) and by tipologia, and the list of those that did not
    (each linked to its table row: `row_of` maps a row's label to its index)."""
    from pdztables.normalize.derive import ESITI, NON_RAGGIUNTO, PARZIALE

    long_form = result.table.measurements
    if long_form is None:
        return None
    profile = result.profile
    none = text("report.none", lang)
    from .pictures import row_id

    anchors = {label: row_id(i) for label, i in (row_of or {}).items()}
    dates = []
    for date, rows in long_form.groupby("data", sort=True):
        records = [{str(k): v for k, v in r.items()} for r in rows.to_dict("records")]

        def tally(group: str, rs: list[dict[str, Any]]) -> dict[str, Any]:
            counts = [sum(1 for r in rs if r["esito"] == e) for e in ESITI]
            judged = sum(counts[:3])  # raggiunto, parziale, non raggiunto
            share = "-"
            if judged:
                pct = f"{100 * counts[0] / judged:.0f}%"
                share = text("report.share_value", lang, pct=pct, n=judged)
            return {"group": group, "counts": counts, "share": share}

        def count(groups: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
            named = sorted(g for g in groups if g != NONE)
            return [
                tally(g if g != NONE else none, groups[g]) for g in [*named, NONE] if g in groups
            ]

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
                "date_text": day(str(date), lang),
                "total": tally("", records),
                "by_area": count(by_area),
                "by_kind": count(by_kind),
                "missed": [
                    {**r, "page": r[profile.page_column], "anchor": anchors.get(str(r["nr"]), "")}
                    for r in records
                    if r["esito"] in (NON_RAGGIUNTO, PARZIALE)
                ],
            }
        )
    pairs = "; ".join(
        text("report.pair", lang, measure=escape(m), target=escape(tg))
        for m, tg in result.table.pairs
    )
    return {"esiti": ESITI, "dates": dates, "pairs_text": pairs}


def render_html(result: Result, lang: str = DEFAULT_LANG, pictures: bool = True) -> str:
    """The report as one self-contained HTML page (pictures embedded), in a language."""
    return _ENV.get_template("report.html.j2").render(**report_context(result, lang, pictures))


def write_html(result: Result, path: Path, lang: str = DEFAULT_LANG, pictures: bool = True) -> None:
    """Write the report atomically."""
    write_atomically([(path, lambda tmp: write_html_to(result, tmp, lang, pictures))])


def write_html_to(
    result: Result, path: Path, lang: str = DEFAULT_LANG, pictures: bool = True
) -> None:
    """Write the report straight to a path (use `write_html` for an atomic write)."""
    path.write_text(render_html(result, lang, pictures), encoding="utf-8")


def render_tables_html(
    tables: Sequence[Table],
    source: Path,
    page_count: int,
    pages_read: Sequence[int],
    stem: str,
    lang: str = DEFAULT_LANG,
) -> str:
    """The report of `pdztables tables`: every table with its pages, rows and repairs (`stem`:
    the CSV files' stem, empty when none were written), in a language."""
    from pdztables.tables import csv_name

    def t(key: str, **params: Any) -> str:
        return text(f"tables.{key}", lang, **params)

    items = []
    for tb in tables:
        where = ", ".join(
            t("where", page=p, box=", ".join(f"{v:.0f}" for v in box)) for p, box in tb.boxes
        )
        items.append(
            {
                "number": tb.number,
                "pages": page_ranges(tb.pages),
                "where": where,
                "file": csv_name(stem, tb.number) if stem else "",
                "n_body": len(tb.body),
                "n_cols": tb.n_cols,
                "header_rows": tb.header_rows,
                "ruling": t(f"ruling_{tb.ruling}") if tb.ruling in RULINGS else tb.ruling,
                "ruling_words": t(f"drawn_{tb.ruling}") if tb.ruling in RULINGS else tb.ruling,
                "head": tb.rows[: tb.header_rows],
                "body": tb.body,
                "repairs": [
                    {
                        "title": r.title_in(lang),
                        "page": r.page,
                        "row": r.row,
                        "column": r.column,
                        "before": r.before,
                        "after": r.after,
                    }
                    for r in tb.repairs
                ],
            }
        )
    return _ENV.get_template("tables.html.j2").render(
        lang=lang,
        t=t,
        source=source.name,
        source_path=str(source),
        generated=_generated(lang),
        pages_word=_pages_word(page_count, lang),
        pages_read=page_ranges(tuple(pages_read)),
        tables=items,
    )


RULINGS = ("grid", "hrules", "text")
"""How a table's rows are parted: by a ruled grid, by rules or bands, by the text alone."""


def failure_reason(error: BaseException, lang: str) -> str:
    """Why a plan was not read, in a few words of the report's language."""
    from pdztables.errors import InputError, NoTableError, PdzError
    from pdztables.isolate import LimitError

    if isinstance(error, LimitError):
        key = error.kind
    elif isinstance(error, NoTableError):
        key = "no_table"
    elif isinstance(error, InputError):
        key = "input"
    elif isinstance(error, PdzError):
        key = "other"
    else:
        key = "internal"
    return text(f"batch.reason_{key}", lang)


def _named(message: str, plan: Any) -> str:
    """A plan's error message (`path: what is wrong`) naming the plan by its path in the
    batch, not where it lies."""
    for where in sorted({str(plan.pdf), str(plan.pdf.resolve())}, key=len, reverse=True):
        if message.startswith(f"{where}: "):
            return f"{plan.relative}: {message[len(where) + 2 :]}"
    return message


def render_batch_html(outcomes: Sequence[Any], out: Path, lang: str = DEFAULT_LANG) -> str:
    """The index of a batch: one line per plan, with a link to its report."""
    from pdztables.batch import error_text, output_stem

    def t(key: str, **params: Any) -> str:
        return text(f"batch.{key}", lang, **params)

    rows = []
    for o in outcomes:
        folder, stem = output_stem(out, o.plan)
        report = (folder / f"{stem}.html").relative_to(out)
        s = o.summary or {}
        rows.append(
            {
                "file": str(o.plan.relative),
                "failed": o.failed,
                "reason": failure_reason(o.error, lang) if o.error is not None else "",
                "message": _named(error_text(o.error), o.plan) if o.error is not None else "",
                "pages": s.get("page_count", ""),
                "table_pages": page_ranges(s.get("pages", [])),
                "indicators": s.get("indicators", ""),
                "errors": len(s.get("errors", [])),
                "warnings": s.get("warnings", ""),
                "seconds": number(o.seconds, lang, 1),
                "report": str(report)
                if any(f.endswith(".html") for f in s.get("files", []))
                else "",
            }
        )
    failed = sum(1 for r in rows if r["failed"])
    invalid = sum(1 for r in rows if not r["failed"] and r["errors"])
    return _ENV.get_template("batch.html.j2").render(
        lang=lang,
        t=t,
        rows=rows,
        generated=_generated(lang),
        totals=t(
            "totals", n=len(rows), ok=len(rows) - failed - invalid, invalid=invalid, failed=failed
        ),
    )
