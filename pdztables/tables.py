"""Every table of a PDF, read with no profile: the Python API behind `pdztables tables`."""

from __future__ import annotations

import csv
import io
import json
import math
import warnings
from collections.abc import Sequence
from pathlib import Path

from pdztables.errors import InputError
from pdztables.extract import BBox
from pdztables.extract.budget import GivenUp, few_collections, given_up_text
from pdztables.extract.finder import Found, find_tables
from pdztables.extract.pdf import check_file
from pdztables.extract.settings import LayoutSettings
from pdztables.normalize.generic import Table, build_tables

__all__ = [
    "Table",
    "area_box",
    "csv_name",
    "given_up_line",
    "given_up_lines",
    "read_tables",
    "read_tables_found",
    "straddling_lines",
    "to_csv_text",
    "to_jsonl_text",
    "unplaced_lines",
    "unsure_lines",
    "warning_lines",
]


def read_tables(
    path: str | Path,
    pages: str | Sequence[int] | None = None,
    area: str | Sequence[float] | None = None,
    settings: LayoutSettings | None = None,
) -> list[Table]:
    """The tables of a PDF, in reading order, each with its rows, pages, boxes and repairs.

    `pages`: a range such as ``"3-5"`` or ``"2,4-6"``, or page numbers (from 1); every page
    by default. `area`: ``(x0, top, x1, bottom)`` in points from the page's top-left corner
    (pdfplumber's convention), or ``"x0,top,x1,bottom"``: read that region of the single page
    chosen as one table. No table found is an empty list.
    Raises `pdztables.errors.InputError` for a file that is not a readable PDF, a page range
    or an area that does not fit the document. A page whose reading takes far longer than what
    it holds justifies is given up, with a `RuntimeWarning` naming it, and the others read;
    letters of a table standing in none of its cells (`Table.unplaced`), and a word running
    over the cut between two of its columns (`Table.straddling`), give a `RuntimeWarning` too.
    """
    tables, found = read_tables_found(path, pages, area, settings)
    for line in warning_lines(found, tables):
        warnings.warn(f"{path}: {line}", RuntimeWarning, stacklevel=2)
    return tables


def warning_lines(found: Found, tables: Sequence[Table]) -> list[str]:
    """What the reading is unsure of, a line each: the pages given up (`given_up_lines`) and
    the tables' doubts (`unsure_lines`)."""
    return [*given_up_lines(found), *unsure_lines(tables)]


def unsure_lines(tables: Sequence[Table], lang: str = "en") -> list[str]:
    """The tables' doubts, a line each: letters left out of their cells (`unplaced_lines`),
    words running over a cut between columns (`straddling_lines`)."""
    return [*unplaced_lines(tables, lang), *straddling_lines(tables, lang)]


def given_up_lines(found: Found) -> list[str]:
    """One line for each page given up (see `extract.budget`)."""
    return [given_up_line(given) for given in found.given_up]


def given_up_line(given: GivenUp) -> str:
    """A page given up, and that its tables are not read, in a line."""
    return (
        f"{given_up_text(given)}, far more than what it holds justifies; its tables, if it "
        "has any, are not read"
    )


def unplaced_lines(tables: Sequence[Table], lang: str = "en") -> list[str]:
    """One line for each page of a table where some of its letters stand in none of its
    cells: they are not in its rows, and the reading should be checked against the page."""
    from pdztables.i18n import text

    return [
        text(
            "tables.unplaced",
            lang,
            n=len(letters),
            page=page,
            number=t.number,
            letters=shown(letters),
        )
        for t in tables
        for page, letters in t.unplaced
    ]


def straddling_lines(tables: Sequence[Table], lang: str = "en") -> list[str]:
    """One line for each page of a table where a word runs over the cut between two of its
    columns with no rule on it, or is parted by a rule drawn across it: its letters may stand
    in two cells, or the columns be cut wrong (a chart's labels read as a table), and the
    reading should be checked."""
    from pdztables.i18n import text

    return [
        text("tables.straddling", lang, page=page, number=t.number, word=shown(word))
        for t in tables
        for page, word in t.straddling
    ]


def shown(letters: str, most: int = 40) -> str:
    """Some letters quoted, the first `most` of them."""
    return repr(letters[:most]) + ("..." if len(letters) > most else "")


def read_tables_found(
    path: str | Path,
    pages: str | Sequence[int] | None = None,
    area: str | Sequence[float] | None = None,
    settings: LayoutSettings | None = None,
) -> tuple[list[Table], Found]:
    """`read_tables`, with what was read page by page (for the report)."""
    pdf = Path(path)
    check_file(pdf)
    spec = pages if pages is None or isinstance(pages, str) else ",".join(str(p) for p in pages)
    box = area_box(area) if area is not None else None
    with few_collections():
        found = find_tables(pdf, spec, box, settings)
        return build_tables(found.tables, found.heights, settings), found


def area_box(area: str | Sequence[float]) -> BBox:
    """An area from four numbers x0, top, x1, bottom, or a text of them parted by commas."""
    parts: Sequence[object] = area.split(",") if isinstance(area, str) else area
    try:
        values = [float(v) for v in parts]  # type: ignore[arg-type]
    except (TypeError, ValueError):
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise InputError(
            f"area {area!r}: give four numbers x0,top,x1,bottom in points from the page's "
            "top-left corner, such as 50,100,550,400"
        )
    return values[0], values[1], values[2], values[3]


def csv_name(stem: str, number: int | str) -> str:
    """The file name of a document's table `number`: `<stem>-tabella-<n>.csv` (with `*`, the
    pattern of them all)."""
    return f"{stem}-tabella-{number}.csv"


def to_csv_text(tables: Sequence[Table]) -> str:
    """The tables as CSV blocks (every row, header rows included, no extra header line),
    parted by a line holding only a form feed: the form `-o -` prints."""
    out = io.StringIO()
    for i, table in enumerate(tables):
        if i:
            out.write("\f\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows(table.rows)
    return out.getvalue()


def to_jsonl_text(tables: Sequence[Table]) -> str:
    """One JSON object per table and line: page, pages, bbox, header_rows, rows."""
    lines = []
    for t in tables:
        record = {
            "page": t.page,
            "pages": list(t.pages),
            "bbox": [round(v, 2) for v in t.bbox],
            "header_rows": t.header_rows,
            "rows": [list(r) for r in t.rows],
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)
