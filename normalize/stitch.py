"""From page tables to one sequence of source rows on the header's columns.

Steps, in order: `tables_to_header` finds the header row; `tables_to_rows` lines every later
page's columns up with it and yields each grid row as pieces, one per header column.

Limitations: the header is one grid row; a page table whose columns overlap fewer than
half of the header's columns is taken for another table and left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pdztables.extract import Cell, PageTable
from pdztables.schemas.profile import Profile, header_key

from .repairs import Repair

MIN_HEADER_MATCHES = 3


@dataclass(frozen=True)
class Header:
    """The table's header row: where it was found and its cells' raw texts."""

    table: int
    row: int
    page: int
    texts: tuple[str, ...]
    columns: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Piece:
    """What one source row holds in one header column."""

    text: str
    origin: Cell | None
    start: bool
    at_foot: bool

    @property
    def covered(self) -> bool:
        """Whether a merged cell from a row above covers this position."""
        return self.origin is not None and not self.start


@dataclass(frozen=True)
class SourceRow:
    """One grid row of one page, its pieces in header-column order."""

    page: int
    row: int
    first_on_page: bool
    pieces: tuple[Piece, ...]

    def text(self, col: int) -> str:
        """The text the row itself holds in a column (empty where merged from above)."""
        piece = self.pieces[col]
        return "" if piece.covered else piece.text.strip()


def header_matches(texts: Sequence[str], profile: Profile) -> int:
    """How many of a row's texts are headers the profile knows."""
    return sum(1 for t in texts if t.strip() and profile.is_header(t))


def row_texts(table: PageTable, row: int) -> list[str]:
    """The raw texts of the cells that start in a grid row."""
    out = []
    for c in range(table.n_cols):
        cell = table.grid(row, c)
        out.append(cell.text if cell is not None and cell.row == row and cell.col == c else "")
    return out


def header_row(table: PageTable, profile: Profile) -> tuple[int, list[str]] | None:
    """The grid row among a table's first three that reads as a header, with its texts."""
    for r in range(min(table.n_rows, 3)):
        texts = row_texts(table, r)
        if header_matches(texts, profile) >= MIN_HEADER_MATCHES:
            return r, texts
    return None


def tables_to_header(tables: Sequence[PageTable], profile: Profile) -> Header | None:
    """The first row, in document order, that reads as the indicator table's header."""
    for t, table in enumerate(tables):
        found = header_row(table, profile)
        if found is not None:
            return Header(t, found[0], table.page, tuple(found[1]), table.columns)
    return None


def align_columns(
    columns: Sequence[tuple[float, float]], header: Sequence[tuple[float, float]]
) -> list[int | None]:
    """For each page column, the header column it overlaps most (None: overlaps none enough)."""
    out: list[int | None] = []
    for a, b in columns:
        best, best_overlap = None, 0.0
        for i, (ha, hb) in enumerate(header):
            overlap = min(b, hb) - max(a, ha)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        narrow = min(b - a, (header[best][1] - header[best][0]) if best is not None else 0.0)
        out.append(best if best is not None and best_overlap >= 0.5 * narrow else None)
    return out


@dataclass(frozen=True)
class LeftOut:
    """A table of the document that is not part of the indicator table, and why."""

    page: int
    shape: str
    reason: str


def table_header_keys(table: PageTable, profile: Profile) -> tuple[str, ...] | None:
    """The header keys of a table's own header row, if one of its first rows is a header."""
    found = header_row(table, profile)
    return None if found is None else tuple(header_key(t) for t in found[1] if t.strip())


def tables_to_rows(
    tables: Sequence[PageTable],
    header: Header,
    profile: Profile,
    repairs: list[Repair],
    left_out: list[LeftOut],
) -> list[SourceRow]:
    """Every grid row of the indicator table, its pieces in header-column order.

    A table belongs when it has the same header as the first one (several tables, one per
    area, come out in document order) or, without a header of its own, when it continues a
    table that belongs onto the next page with the same columns.
    """
    rows: list[SourceRow] = []
    n = len(header.columns)
    master = tuple(header_key(t) for t in header.texts if t.strip())
    last_page: int | None = None
    for t, table in enumerate(tables):
        shape = f"{table.n_rows} rows x {table.n_cols} columns, {table.ruling}"
        if t < header.table:
            left_out.append(LeftOut(table.page, shape, "before the indicator table's header"))
            continue
        own = table_header_keys(table, profile)
        mapping = align_columns(table.columns, header.columns)
        if own is not None and own != master:
            left_out.append(LeftOut(table.page, shape, "another header"))
            continue
        if own is None and (last_page is None or table.page not in (last_page, last_page + 1)):
            left_out.append(LeftOut(table.page, shape, "no header and continues no table"))
            continue
        if len({m for m in mapping if m is not None}) < n / 2:
            left_out.append(LeftOut(table.page, shape, "its columns do not match the header's"))
            continue
        last_page = table.page
        if mapping != list(range(n)):
            repairs.append(
                Repair(
                    "column-aligned",
                    table.page,
                    "",
                    "",
                    f"{table.n_cols} columns",
                    f"{n} columns of the header",
                )
            )
        start = header.row + 1 if t == header.table else 0
        for r in range(start, table.n_rows):
            rows.append(_source_row(table, r, mapping, n, first=(r == start)))
    return rows


def _source_row(
    table: PageTable, r: int, mapping: Sequence[int | None], n: int, first: bool
) -> SourceRow:
    texts: list[list[str]] = [[] for _ in range(n)]
    origins: list[Cell | None] = [None] * n
    starts = [False] * n
    feet = [False] * n
    for c, target in enumerate(mapping):
        if target is None:
            continue
        cell = table.grid(r, c)
        if cell is None:
            continue
        if cell.col != c:  # spans from a column to the left: text already taken there
            if origins[target] is None:
                origins[target], starts[target] = cell, cell.row == r
            continue
        origins[target] = cell
        starts[target] = cell.row == r
        feet[target] = cell.row + cell.rowspan == table.n_rows
        if cell.text and (cell.row == r or not texts[target]):
            texts[target].append(cell.text)
    pieces = tuple(Piece("\n".join(texts[i]), origins[i], starts[i], feet[i]) for i in range(n))
    return SourceRow(table.page, r, first, pieces)
