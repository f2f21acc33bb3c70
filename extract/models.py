"""Plain data that the extract stage hands to normalize."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .budget import GivenUp
from .header import Header

BBox = tuple[float, float, float, float]


def enclosing(boxes: Iterable[BBox | None]) -> BBox | None:
    """The smallest box around boxes (missing ones left out), or None when there is none."""
    found = [b for b in boxes if b is not None]
    if not found:
        return None
    return (
        min(b[0] for b in found),
        min(b[1] for b in found),
        max(b[2] for b in found),
        max(b[3] for b in found),
    )


"""A box in PDF points, pdfplumber's convention: (x0, top, x1, bottom), top from the page's top."""


OCR_FONT = "OCR"
"""The font name of the letters read from a page's picture by OCR (`scanned.py`)."""


def collapse(values: Sequence[float], tol: float) -> list[float]:
    """Sorted values, each closer than `tol` to the one kept before it left out (rules or
    edges drawn twice, a point apart, are one)."""
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def box_within(inner: BBox, outer: BBox, tol: float = 1.0) -> bool:
    """Whether a box lies within another, to `tol` points."""
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


class Word(NamedTuple):
    """A word drawn on a page, as the audit reads it (see `evidence.py`)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class Edge(NamedTuple):
    """A horizontal edge drawn on a page: a rule, or the top or bottom of a rectangle."""

    y: float
    x0: float
    x1: float


@dataclass(frozen=True)
class Evidence:
    """What a page shows, for the audit: its words and horizontal edges, nothing decided."""

    page: int
    words: tuple[Word, ...]
    edges: tuple[Edge, ...]


@dataclass(frozen=True)
class Skipped:
    """Text the engine left out near a table, and why: `running` (a running head or foot),
    `before` (a line above the table: a title), `after` (a line under the table's last row:
    a note, a source, the text that follows)."""

    page: int
    bbox: BBox
    reason: str
    text: str


class LineFit(NamedTuple):
    """How one line of a cell sits in it (points): what normalize needs to tell a word cut by
    the cell's edge from a line broken at a space."""

    room: float
    """White the line left in its cell: after its end, and before its start where the cell
    sets its lines in the middle or at the right."""
    first: float
    """Width of the line's first letter."""
    width: float
    """Width of the line."""
    head: float
    """Width of the line's first word."""
    tail: float
    """Width of the line's last word."""


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
    fit: tuple[LineFit, ...] | None = None
    """Per line with text, how it sits in the cell (None: not measured). A line with less
    room than the next line's first letter fills its cell: a word running on there may have
    been cut by the edge."""
    ink: BBox | None = field(default=None, compare=False)
    """The box of its text's letters (None: no text)."""

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
    """How the rows were found: "grid" (every cell ruled), "hrules" (rules or bands between
    rows, no rules between columns), "text" (no rules: from the text's alignment)."""
    row_kinds: tuple[str, ...] = ()
    """Per grid row: "header" (the header or its repetition), "fragment" (pieces of the
    header standing where a row would), or "body"."""
    header: Header | None = None
    """The header found on this page for this table, if the page has one."""
    skipped: tuple[Skipped, ...] = ()
    """The lines above the table (`before`: a title) and under its last row (`after`: a note,
    the text that follows) on its page, left out, each with its box."""
    unread: tuple[str, ...] = ()
    """Lines under the table's last row, in its columns, with a key in the key column: rows
    that were not read (the table seemed to end above them)."""
    at_foot: bool = False
    """Whether the table runs down to the foot of its page (it may go on on the next)."""
    straddling: str = ""
    """A word of a row running over the boundary between two columns with no rule between
    them (the boundary is unsure there), or a word of a ruled grid parted between two of its
    cells (the grid is no table's, or cut wrong, there), if any."""
    unplaced: str = ""
    """The letters given to the table that stand in none of its cells (left out of its rows:
    a reading to check against the page), in the order they were drawn."""
    overdrawn: str = ""
    """Text drawn over other text inside the table (a cell its producer cut short), if any:
    the letters around the first place."""
    centred: bool = False
    """Whether the table sets its text in the middle of its rows (not at their top)."""
    header_lines: tuple[str, ...] = ()
    """The texts of its header's lines, as read from the text (none for a ruled grid): a
    table going on on the next page draws them again."""
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

    @property
    def header_rows(self) -> int:
        """How many grid rows at the top are the header (repeated) or a fragment of it."""
        return next(
            (k for k, kind in enumerate(self.row_kinds) if kind == "body"), len(self.row_kinds)
        )

    def kind(self, row: int) -> str:
        """What grid row `row` is: header, fragment or body."""
        return self.row_kinds[row] if row < len(self.row_kinds) else "body"

    def grid(self, row: int, col: int) -> Cell | None:
        """The cell covering grid position (row, col), or None where no cell was drawn."""
        return self._cover.get((row, col))


@dataclass(frozen=True)
class Screened:
    """A page chosen for extraction, and why."""

    page: int
    reason: str
    """`header` (its text holds the header: `columns`), `pages` (asked for: `detail`), or
    `continues` (the table of page `detail` goes on)."""
    columns: tuple[str, ...] = ()
    detail: str = ""

    def why_in(self, lang: str) -> str:
        """The reason in words, naming the header columns seen where there are some."""
        from pdztables.i18n import text

        return text(
            f"screen.{self.reason}", lang, columns=", ".join(self.columns), detail=self.detail
        )

    @property
    def why(self) -> str:
        """The reason in English."""
        return self.why_in("en")


@dataclass(frozen=True)
class ScanWord:
    """A word OCR read on a scanned page, in the page's points (the page set level)."""

    text: str
    box: BBox
    conf: float
    """Tesseract's confidence, 0 to 100."""


PSM = 6
"""Tesseract's page segmentation a scanned page is read with: one block of text (its lines
run across the table's columns, each word with its own box)."""


@dataclass(frozen=True)
class Scan:
    """How a page with no text layer was read from its picture (`scanned`)."""

    page: int
    dpi: float
    angle: float
    """Degrees the picture was turned counter-clockwise to stand level."""
    words: tuple[ScanWord, ...]
    rules: int
    """Rules found in the pixels."""
    bands: int
    """Shaded bands found in the pixels."""
    psm: int = PSM
    """Tesseract's page segmentation the words were read with (11: read again as sparse text,
    the key column having come back empty)."""


@dataclass(frozen=True)
class Extraction:
    """What the extract stage found in one PDF."""

    source: str
    page_count: int
    pages_read: tuple[int, ...]
    tables: tuple[PageTable, ...]
    screened: tuple[Screened, ...] = ()
    """Every page read, with why it was read."""
    header: Header | None = None
    """The indicator table's header: the first header found, decided once for every stage."""
    evidence: tuple[Evidence, ...] = ()
    """Every page read, as the audit reads it."""
    skipped: tuple[Skipped, ...] = ()
    """Text left out on the pages read (running heads and feet), with why."""
    page_tree: tuple[int, int] | None = None
    """Where the page tree is damaged (one page listed again): the pages the screening library
    counts and those the reader counts; every page was read, in the reader's order."""
    given_up: tuple[GivenUp, ...] = ()
    """Pages given up, their reading past its allowance: the page, the step, the allowance
    (seconds, or MB for `memory` and `size`)."""
    turned: tuple[tuple[int, int], ...] = ()
    """Pages turned to be read, their text running up or down them: (page, degrees
    clockwise). Their boxes are on the page turned; the report pictures them turned so."""
    scans: tuple[Scan, ...] = ()
    """Pages read from their pictures (no text layer), with OCR's words."""
    ocr_screened: int = 0
    """Pages with no text layer screened by OCR (the document is a scan)."""
