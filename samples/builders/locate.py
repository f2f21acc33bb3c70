"""Finding the rows of a table in a PDF made by LibreOffice, with pdfplumber alone."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .common import CANONICAL, Golden, Table, join_lines


@dataclass(frozen=True)
class Wanted:
    """What to find: the columns of a table, each row's clean values in column order (``nr``
    first), the header text of each column, and the column whose first line dates a row."""

    columns: list[str]
    header: list[str]
    rows: list[list[str]]
    key: str = "indicatore"


@dataclass(frozen=True)
class Line:
    """One text line of one table column: page, vertical middle, text."""

    page: int
    y: float
    text: str


@dataclass
class Located:
    golden: Golden
    split_rows: dict[int, list[int]] = field(default_factory=dict)  # nr -> pages
    notes: list[str] = field(default_factory=list)


def column_lines(
    pdf_path: Path, n_columns: int, pages: Collection[int] | None = None
) -> tuple[list[list[Line]], list[list[Line]]]:
    """Header lines and body lines of each table column, in reading order over the pages.

    A table is a run of touching vertical rules with n_columns + 1 distinct x positions (the
    rules of other tables, with another number of columns, and the text around them are left
    out). Its header is the band above its second horizontal rule: LibreOffice repeats the header
    row at the top of every page, so every piece of the table on a page starts with it. Only the
    given pages are read (1-based; default all).
    """
    import pdfplumber

    head: list[list[Line]] = [[] for _ in range(n_columns)]
    body: list[list[Line]] = [[] for _ in range(n_columns)]
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if pages is not None and number not in pages:
                continue
            for top, bottom, verticals in _tables(page):
                xs = _cluster(sorted(e["x0"] for e in verticals))
                if len(xs) != n_columns + 1:
                    continue
                rules = _cluster(
                    sorted(
                        e["top"]
                        for e in page.edges
                        if e["orientation"] == "h" and top - 1 <= e["top"] <= bottom + 1
                    )
                )
                for col, y, text in _lines(page, xs, top, bottom):
                    target = head if y < rules[1] else body
                    target[col].append(Line(number, y, text))
    return head, body


def _tables(page: Any) -> list[tuple[float, float, list[dict[str, Any]]]]:
    """(top, bottom, vertical rules) of each run of vertical rules that touch, top to bottom."""
    runs: list[tuple[float, float, list[dict[str, Any]]]] = []
    for edge in sorted((e for e in page.edges if e["orientation"] == "v"), key=lambda e: e["top"]):
        if runs and edge["top"] <= runs[-1][1] + 2:
            top, bottom, edges = runs[-1]
            runs[-1] = (top, max(bottom, edge["bottom"]), [*edges, edge])
        else:
            runs.append((edge["top"], edge["bottom"], [edge]))
    return runs


def _cluster(values: Sequence[float], gap: float = 2.0) -> list[float]:
    """Sorted values with near-duplicates (closer than gap) dropped."""
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > gap:
            out.append(v)
    return out


def _lines(
    page: Any, xs: Sequence[float], top: float, bottom: float
) -> Iterator[tuple[int, float, str]]:
    """(column, y, text) of each text line between top and bottom, column by column, top down.

    y is the vertical middle of the line: LibreOffice puts the top of a cell's first line on the
    rule above it.
    """
    per_line: dict[tuple[int, float], list[dict[str, Any]]] = {}
    for w in page.extract_words(keep_blank_chars=True, x_tolerance=1.5):
        x_mid, y_mid = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        col = next((i for i in range(len(xs) - 1) if xs[i] <= x_mid < xs[i + 1]), None)
        if col is not None and top <= y_mid <= bottom:
            per_line.setdefault((col, round(y_mid)), []).append(w)
    for (col, y), words in sorted(per_line.items()):
        yield col, y, " ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"]))


def locate(pdf_path: Path, wanted: Wanted, pages: Collection[int] | None = None) -> Located:
    """Deal each column's body lines out to the rows, in order, until they spell the value.

    The page of a row's first line in the key column is its ``pagina``. Notes report rows whose
    lines run over two pages, header cells wrapped inside a word (on the table's first page), and
    body wraps that would not join back to the value (a break after "/" or inside a word).
    """
    head, body = column_lines(pdf_path, len(wanted.columns), pages)
    found = Located(Golden())
    for col_index, col in enumerate(wanted.columns):
        stream = [line for line in body[col_index] if line.text.strip()]
        pos = 0
        for values in wanted.rows:
            nr, want = int(values[0]), values[col_index]
            taken: list[Line] = []
            while (
                want and pos < len(stream) and len(join_lines([t.text for t in taken])) < len(want)
            ):
                taken.append(stream[pos])
                pos += 1
            got = join_lines([t.text for t in taken])
            if got.replace(" ", "") != want.replace(" ", ""):
                raise SystemExit(f"{pdf_path.name}: row {nr} {col}: found {got!r}, not {want!r}")
            if got != want:
                found.notes.append(f"row {nr} {col}: wrap does not join back: {got!r}")
            if col == wanted.key:
                found.golden.pages[nr] = taken[0].page
            pages = sorted({t.page for t in taken})
            if len(pages) > 1:
                found.split_rows[nr] = sorted(set(found.split_rows.get(nr, []) + pages))
        if pos != len(stream):
            raise SystemExit(f"{pdf_path.name}: {col}: {len(stream) - pos} lines left over")
    for nr, pages in sorted(found.split_rows.items()):
        found.notes.append(f"row {nr} breaks across pages {pages}")
    first = min(line.page for lines in head for line in lines)
    for col_index, header in enumerate(wanted.header):
        lines = [line.text.strip() for line in head[col_index] if line.page == first]
        if join_lines(lines) != header:
            found.notes.append(f"header {header!r} wraps inside a word: {lines}")
    return found


def cremasco_wanted(table: Table) -> Wanted:
    """The reference table as something to find."""
    return Wanted(
        columns=CANONICAL,
        header=[join_lines(lines) for lines in table.header],
        rows=[[join_lines(row[col]) for col in CANONICAL] for row in table.rows],
    )


def locate_rows(pdf_path: Path, table: Table) -> Located:
    """The reference table's rows in a PDF (see locate)."""
    return locate(pdf_path, cremasco_wanted(table))
