"""From page tables to one sequence of source rows on the header's columns.

`tables_to_rows` keeps the page tables that belong to the indicator table (those with its
header, and those going on with it on the next page), lines each one's columns up with the
header's, and yields each grid row as pieces, one per header column, with what the extract stage
decided it is (header, fragment or body).

Limitations: a page table whose columns overlap fewer than half of the header's columns is
taken for another table and left out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from pdztables.extract import BBox, Cell, Header, LineFit, PageTable, enclosing
from pdztables.i18n import text

from .repairs import Repair

Room = LineFit


def cells_box(cells: Iterable[Cell]) -> BBox | None:
    """The box around cells; a cell merged over several rows counts only where it is alone."""
    cells = list(cells)
    return enclosing(c.bbox for c in [c for c in cells if c.rowspan == 1] or cells)


@dataclass(frozen=True)
class Piece:
    """What one source row holds in one header column."""

    text: str
    origin: Cell | None
    start: bool
    at_foot: bool
    dropped: int = 0
    """Lines of the origin's text dropped from the top of this piece (a header's rest)."""

    @property
    def covered(self) -> bool:
        """Whether a merged cell from a row above covers this position."""
        return self.origin is not None and not self.start

    @property
    def rooms(self) -> tuple[Room, ...] | None:
        """The room of each line of the text (None when not measured)."""
        if self.origin is None or not self.text or self.origin.fit is None:
            return None
        return self.origin.fit[self.dropped :]


@dataclass(frozen=True)
class SourceRow:
    """One grid row of one page, its pieces in header-column order."""

    page: int
    row: int
    kind: str
    """As extract decided: "header", "fragment" or "body"."""
    first_table: bool
    """Whether the row is in the first page table of the indicator table."""
    pieces: tuple[Piece, ...]
    top: bool = False
    """Whether it is the first body row of its page table (the top of a page, mostly)."""
    table: int = 0
    """Which page table of the extraction it comes from."""

    def text(self, col: int) -> str:
        """The text the row itself holds in a column (empty where merged from above)."""
        piece = self.pieces[col]
        return "" if piece.covered else piece.text.strip()

    def texts(self) -> list[str]:
        """The row's own text in every column."""
        return [self.text(c) for c in range(len(self.pieces))]

    @property
    def box(self) -> BBox | None:
        """Where the row is drawn on its page: its own cells together (None if it has none)."""
        # (a header cell spanning two rows belongs to the row: all its own cells count)
        return enclosing(
            p.origin.bbox for p in self.pieces if p.origin is not None and not p.covered
        )

    @property
    def flat(self) -> str:
        """The row's texts in one line, for the repair log."""
        return " | ".join(t.replace("\n", " ") for t in self.texts() if t)


@dataclass(frozen=True)
class LeftOut:
    """A table of the document that is not part of the indicator table, and why (`code`, a key
    of the catalogues' `left_out` table)."""

    page: int
    n_rows: int
    n_cols: int
    ruling: str
    code: str
    header: str = ""
    """Its own header, where it has one the profile knows."""

    def shape_in(self, lang: str) -> str:
        """Its size and layout in words."""
        layout = text(f"layout.{self.ruling}", lang)
        return text("left_out.shape", lang, rows=self.n_rows, cols=self.n_cols, layout=layout)

    def reason_in(self, lang: str) -> str:
        """Why it was left out, in words."""
        return text(f"left_out.{self.code}", lang)

    @property
    def shape(self) -> str:
        """Its size and layout, in English."""
        return self.shape_in("en")

    @property
    def reason(self) -> str:
        """Why it was left out, in English."""
        return self.reason_in("en")


def align_columns(
    columns: Sequence[tuple[float, float]],
    header: Sequence[tuple[float, float]],
    share: float,
) -> list[int | None]:
    """For each page column, the header column it overlaps most, as a share of the narrower
    of the two (None: overlaps none by `share`)."""
    out: list[int | None] = []
    for a, b in columns:
        best, best_score = None, (0.0, 0.0)
        for i, (ha, hb) in enumerate(header):
            overlap = min(b, hb) - max(a, ha)
            if overlap <= 0:
                continue
            score = (overlap / max(min(b - a, hb - ha), 1e-6), overlap)
            if score > best_score:
                best, best_score = i, score
        out.append(best if best is not None and best_score[0] >= share else None)
    return out


def tables_to_rows(
    tables: Sequence[PageTable],
    header: Header,
    repairs: list[Repair],
    left_out: list[LeftOut],
    share: float,
    included: list[PageTable] | None = None,
    given_up: Collection[int] = (),
) -> list[SourceRow]:
    """Every grid row of the indicator table, its pieces in header-column order.

    A table belongs when it has the same header as the first one (several tables, one per
    area, come out in document order) or, without a header of its own, when it goes on with a
    table that belongs, on the same page or the next one (past pages `given_up`: their reading
    ran past its allowance, and the table may go on through them).
    """
    rows: list[SourceRow] = []
    first = next(t for t, table in enumerate(tables) if table.header is header)
    columns = tables[first].columns
    n = header.width
    last_page: int | None = None
    for t, table in enumerate(tables):
        shape = (table.page, table.n_rows, table.n_cols, table.ruling)
        reason = _not_part(table, t < first, header, last_page, given_up)
        mapping: list[int | None] = []
        if reason is None:
            mapping = _mapping(table, columns, n, share)
            if len({m for m in mapping if m is not None}) < n / 2:
                reason = ("columns", "")
        if reason is not None:
            left_out.append(LeftOut(*shape, *reason))
            continue
        last_page = table.page
        if included is not None:
            included.append(table)
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
        top = next((r for r in range(table.n_rows) if table.kind(r) == "body"), None)
        for r in range(table.n_rows):
            rows.append(_source_row(table, r, mapping, n, t == first, r == top, t))
    return rows


def _not_part(
    table: PageTable,
    before: bool,
    header: Header,
    last_page: int | None,
    given_up: Collection[int] = (),
) -> tuple[str, str] | None:
    """Why a page table is no part of the indicator table (a `LeftOut` code, and its own
    header's text where it has one), or None where it may be: it stands `before` the header's,
    has another header, or, without one, does not go on with the last page table taken."""
    if before:
        return "before_header", ""
    if table.header is not None and not table.header.same_as(header):
        own = " | ".join(" ".join(p).replace("\n", " ") for p in table.header.parts)
        return "another_header", own
    if table.header is None and (
        last_page is None
        or any(p not in given_up for p in range(last_page + 1, table.page))
        or table.page < last_page
    ):
        return "alone", ""
    if table.header is None and not table.row_kinds:
        return "no_header", ""
    return None


def _mapping(
    table: PageTable, columns: Sequence[tuple[float, float]], n: int, share: float
) -> list[int | None]:
    """For each of a page table's columns, the header column it stands in: column for column
    where it has the header's own, else by overlap with the first page table's `columns`."""
    if table.header is not None and table.n_cols == n == len(table.header.parts):
        return list(range(n))  # its own header, column for column
    return align_columns(table.columns, columns, share)


def _source_row(
    table: PageTable,
    r: int,
    mapping: Sequence[int | None],
    n: int,
    first: bool,
    top: bool,
    index: int,
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
    return SourceRow(table.page, r, table.kind(r), first, pieces, top, index)
