"""Plain data that the extract stage hands to normalize."""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]
"""A box in PDF points, pdfplumber's convention: (x0, top, x1, bottom), top from the page's top."""


@dataclass(frozen=True)
class Cell:
    """One cell of a page table: its raw text (lines joined by newlines) and where it stands."""

    text: str
    bbox: BBox
    page: int
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1

    @property
    def merged(self) -> bool:
        """Whether no rule crosses the cell: it spans more than one grid row or column."""
        return self.rowspan > 1 or self.colspan > 1


@dataclass(frozen=True)
class PageTable:
    """The part of a table drawn on one page, as a grid of cells.

    `cells` lists every cell once, at the grid position where it starts; `grid(r, c)` gives
    the cell that covers a position (a merged cell covers several), or None for a hole.
    """

    page: int
    bbox: BBox
    columns: tuple[tuple[float, float], ...]
    row_tops: tuple[float, ...]
    cells: tuple[Cell, ...]
    ruling: str
    """How the table was found: "grid" (full rules), "hrules" (horizontal rules only)."""
    _cover: dict[tuple[int, int], Cell] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    self._cover[(r, c)] = cell

    @property
    def n_rows(self) -> int:
        """How many grid rows the table has on this page."""
        return len(self.row_tops)

    @property
    def n_cols(self) -> int:
        """How many grid columns the table has on this page."""
        return len(self.columns)

    def grid(self, row: int, col: int) -> Cell | None:
        """The cell covering grid position (row, col), or None where no cell was drawn."""
        return self._cover.get((row, col))


@dataclass(frozen=True)
class Screened:
    """A page chosen for extraction, and why."""

    page: int
    reason: str
    columns: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        """The reason in words, naming the header columns seen where there are some."""
        if self.columns:
            return f"{self.reason}: {', '.join(self.columns)}"
        return self.reason


@dataclass(frozen=True)
class Extraction:
    """What the extract stage found in one PDF."""

    source: str
    page_count: int
    pages_read: tuple[int, ...]
    tables: tuple[PageTable, ...]
    screened: tuple[Screened, ...] = ()
    """Every page read, with why it was read."""
