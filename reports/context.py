"""What the HTML report of a plan shows, as plain values in a language: the template's context."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pdztables.extract.models import PSM
from pdztables.i18n import DEFAULT_LANG, day, number, repair_kinds, text, when
from pdztables.normalize.columns import GROUP_SOURCE
from pdztables.normalize.ocr import UNSURE
from pdztables.schemas.findings import ERROR

from .labels import column_labels
from .monitoring import monitoring_summary

if TYPE_CHECKING:
    from pdztables.extract import Extraction
    from pdztables.normalize import Normalized
    from pdztables.pipeline import Result

    from .pictures import Anchors, Page


def page_ranges(pages: list[int] | tuple[int, ...]) -> str:
    """Pages as compact ranges: 1-3, 7, 9-10."""
    out: list[str] = []
    for p in sorted(set(pages)):
        if out and out[-1].split("-")[-1] == str(p - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{p}"
        else:
            out.append(str(p))
    return ", ".join(out)


def generated_line(lang: str) -> str:
    """When a report was made, in words of its language."""
    return text("report.generated", lang, when=when(datetime.now(), lang))


def pages_word(n: int, lang: str) -> str:
    """`1 pagina`, `300 pagine`: a document's length in words of a language."""
    return text("report.pages", lang, n=n)


def report_context(
    result: Result, lang: str = DEFAULT_LANG, pictures: bool = True
) -> dict[str, Any]:
    """Everything the report shows, as plain values, in a language."""
    from .pictures import page_marks

    def t(key: str, **params: Any) -> str:
        return text(f"report.{key}", lang, **params)

    table = result.table
    pages, anchors = page_marks(result, lang)
    pages_marked = len(pages)
    if pictures:
        pages = _pictured_pages(result, pages)
    pictured_pages = {p.page for p in pages} if pictures else set()
    shown, rows = _rows(result, anchors, pictured_pages)
    labels = column_labels(result, lang)
    errors, warnings = len(result.validation.errors), len(result.validation.warnings)
    return {
        "lang": lang,
        "t": t,
        **_document(result, lang),
        "n_rows": len(table.frame),
        "columns": _columns(result, lang, labels),
        "page_label": labels.get(result.profile.page_column, result.profile.page_column),
        "out_columns": [{"name": c, "label": labels[c]} for c in shown],
        "rows": rows,
        "errors": errors,
        "errors_word": t("errors_count", n=errors),
        "warnings": warnings,
        "warnings_word": t("warnings_count", n=warnings),
        "findings": _findings(result, lang, anchors, pictured_pages),
        "kinds": _kinds(table, lang),
        "repairs": _repairs(table, anchors, pictured_pages),
        "seconds": t("seconds", s=number(result.seconds, lang)),
        "typed": typed_summary(result, lang),
        "monitoring": monitoring_summary(result, lang, anchors.rows),
        "pictures": pictures,
        "pages": pages,
        "pages_marked": pages_marked,
        "notes": result.notes[:30],
        "more_notes": max(0, len(result.notes) - 30),
    }


def _pictured_pages(result: Result, pages: list[Page]) -> list[Page]:
    """The pages to picture (those that say most, findings with no mark of their own
    counted), rendered."""
    from .pictures import pictured, render

    on_page: dict[int, set[str]] = {}
    for f in result.validation.failures:
        if f.page is not None:
            on_page.setdefault(f.page, set()).add(f.severity)
    pages = pictured(pages, on_page)
    ex = result.extraction
    render(result.source, pages, dict(ex.turned), {s.page: s.angle for s in ex.scans})
    return pages


def _document(result: Result, lang: str) -> dict[str, Any]:
    """The report's summary of the document: its name, the pages read and screened, where the
    table was found and what was left out of it."""
    table = result.table
    ex = result.extraction
    return {
        "source": result.source.name,
        "source_path": str(result.source),
        "generated": generated_line(lang),
        "profile": result.profile,
        "page_count": ex.page_count,
        "pages_read": page_ranges(ex.pages_read),
        "pages_word": pages_word(ex.page_count, lang),
        "table_found": _table_found(table, ex, lang),
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
        "scanned": [
            {
                "page": s.page,
                "dpi": f"{s.dpi:.0f}",
                "angle": number(round(s.angle, 2), lang) + "°",
                "rules": s.rules,
                "bands": s.bands,
                "words": len(s.words),
                "unsure": sum(1 for w in s.words if w.conf < UNSURE),
                "sparse": s.psm != PSM,
            }
            for s in ex.scans
        ],
        "ocr_screened": ex.ocr_screened,
    }


def _table_found(table: Normalized, ex: Extraction, lang: str) -> str:
    """Where the table was found: its pages, its header's page and rows, its layouts."""

    def t(key: str, **params: Any) -> str:
        return text(f"report.{key}", lang, **params)

    layouts = sorted({tb.ruling for tb in ex.tables if tb.page in table.pages})
    return t(
        "table_found_value",
        pages=(
            t("on_page", page=table.pages[0])
            if len(table.pages) == 1
            else t("on_pages", pages=page_ranges(table.pages))
        ),
        header=table.header_page,
        rows=t("header_rows", n=table.header.rows) if table.header.rows > 1 else "",
        layouts=", ".join(text(f"layout.{x}", lang) for x in layouts),
    )


def _columns(result: Result, lang: str, labels: dict[str, str]) -> list[dict[str, Any]]:
    """The table's canonical columns: each one's name, label, header and note."""
    return [
        {
            "name": c.name,
            "label": labels.get(c.name, c.name),
            "known": c.known,
            "header": c.raw or c.source
            if c.source != GROUP_SOURCE
            else text("report.group_rows", lang),
            "note": column_note(c.name, c, result, lang),
        }
        for c in result.table.columns
    ]


def _rows(
    result: Result, anchors: Anchors, pictured_pages: set[int]
) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns shown in the report's table, and its rows: each one's label, link to its
    picture, and cells with the severity of their findings."""
    from .pictures import row_id

    table = result.table
    frame = table.frame
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
    return shown, rows


def _link(pictured_pages: set[int]) -> Callable[[str | None], str]:
    """The link to a mark, given its anchor: empty when its page is not pictured."""
    from .pictures import anchor_page

    def link(where: str | None) -> str:
        return f"#{where}" if where and anchor_page(where) in pictured_pages else ""

    return link


def _findings(
    result: Result, lang: str, anchors: Anchors, pictured_pages: set[int]
) -> list[dict[str, Any]]:
    """The validation findings, each with links to its row and to its mark."""
    from .pictures import row_id

    link = _link(pictured_pages)
    findings = []
    for j, f in enumerate(result.validation.failures):
        at = anchors.rows.get(f.row)
        findings.append(
            {
                "id": f"finding-{j}",
                "severity": f.severity,
                "severity_word": text(f"report.{f.severity}", lang),
                "page": f.page if f.page is not None else "",
                "row": f.row,
                "column": f.column,
                "message": f.text(lang),
                "to_row": f"#{row_id(at)}" if at is not None else "",
                "to_page": link(anchors.findings.get(j)),
            }
        )
    return findings


def _kinds(table: Normalized, lang: str) -> list[dict[str, Any]]:
    """The kinds of repair made, each with its title, meaning and count."""
    counts = Counter(r.kind for r in table.repairs)
    return [
        {"kind": k, "title": title, "meaning": meaning, "count": counts[k]}
        for k, (title, meaning) in repair_kinds(lang).items()
        if counts[k]
    ]


def _repairs(table: Normalized, anchors: Anchors, pictured_pages: set[int]) -> list[dict[str, Any]]:
    """The repairs, each with links to its row and to its mark."""
    from .pictures import row_id

    link = _link(pictured_pages)
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
    return repairs


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
