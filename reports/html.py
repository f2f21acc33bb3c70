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
    }


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
