"""The HTML report: what was found where, what was repaired, what failed validation."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from pdztables.i18n import DEFAULT_LANG, grouped, number, text

from .context import (
    column_note,
    generated_line,
    page_ranges,
    pages_word,
    report_context,
    typed_summary,
)
from .files import write_atomically
from .monitoring import NONE, monitoring_summary

if TYPE_CHECKING:
    from pdztables.extract.budget import GivenUp
    from pdztables.normalize.generic import Table
    from pdztables.pipeline import Result

__all__ = [
    "NONE",
    "RULINGS",
    "column_note",
    "failure_reason",
    "monitoring_summary",
    "page_ranges",
    "render_batch_html",
    "render_html",
    "render_tables_html",
    "report_context",
    "typed_summary",
    "write_html",
    "write_html_to",
]

_ENV = Environment(
    loader=PackageLoader("pdztables.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _ticks(message: str) -> Markup:
    """A terminal message for a page: its `quoted` words as code, the rest escaped."""
    parts = str(escape(message)).split("`")
    return Markup(
        "".join(f"<code>{p}</code>" if k % 2 else p for k, p in enumerate(parts))
        if len(parts) % 2
        else str(escape(message))
    )


_ENV.filters["count"] = grouped
_ENV.filters["ticks"] = _ticks


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
    given_up: Sequence[GivenUp] = (),
) -> str:
    """The report of `pdztables tables`: every table with its pages, rows and repairs (`stem`:
    the CSV files' stem, empty when none were written), in a language; first, what to check:
    the letters of a table left out of its cells, the words run over a cut between its
    columns, and the pages given up (`given_up`), each with the line in English that says
    why."""
    from pdztables.tables import csv_name, given_up_line, unsure_lines

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
        unsure=unsure_lines(tables, lang),
        given_up=[(given[0], given_up_line(given)) for given in given_up],
        source=source.name,
        source_path=str(source),
        generated=generated_line(lang),
        pages_word=pages_word(page_count, lang),
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


def render_batch_html(outcomes: Sequence[Any], out: Path, lang: str = DEFAULT_LANG) -> str:
    """The index of a batch: one line per plan, with a link to its report."""
    from pdztables.batch import error_text, named_error, output_stem

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
                "message": named_error(error_text(o.error), o.plan) if o.error is not None else "",
                "pages": s.get("page_count", ""),
                "table_pages": page_ranges(s.get("pages", [])),
                "indicators": s.get("indicators", ""),
                "errors": len(s.get("errors", [])),
                "warnings": len(s["warnings"]) if "warnings" in s else "",
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
        generated=generated_line(lang),
        totals=t(
            "totals", n=len(rows), ok=len(rows) - failed - invalid, invalid=invalid, failed=failed
        ),
    )
