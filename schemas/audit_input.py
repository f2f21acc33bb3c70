"""What the audit reads (the pages, the table's parts, the output cells, what was left out)
and its own tolerances."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pdztables.extract.models import BBox, Evidence


@dataclass(frozen=True)
class AuditSettings:
    """The audit's own tolerances (it shares none with the engine)."""

    stick_out: float = 1.0
    """A word may stick out of its cell by this many points across (its side bearing)."""
    stick_out_share: float = 0.35
    """... and by this share of its height up or down (glyph boxes are taller than the line)."""
    overlap_share: float = 0.3
    """Rows overlap when their words do by more than this share of a line's height."""
    near_lines: float = 3.0
    """Words this many line heights above or below a table part belong to its region."""
    mostly: float = 0.75
    """A column is filled in most rows from this share (three rows in four): a column of notes
    filled here and there is no column of merged cells."""
    closing_cover: float = 0.5
    """An edge across at least this share of a column closes the cell above it."""
    same_place: float = 2.0
    """Words within this many points of each other on two pages stand at the same place."""
    row_white: float = 0.5
    """White across a whole row taller than this share of a line's height parts its text in
    two bands (the lines of one cell stand closer)."""
    header_piece: int = 4
    """A value repeating its header's words is flagged from this many letters or figures."""


@dataclass(frozen=True)
class Spot:
    """A box an output cell's text was read from."""

    page: int
    box: BBox
    own: bool
    """Whether the box is the row's own (not a cell merged over several rows)."""


@dataclass(frozen=True)
class OutCell:
    """One cell of the output: its row (index and label), column, text and where it came from."""

    row: int
    label: str
    column: str
    text: str
    spots: tuple[Spot, ...]

    @property
    def page(self) -> int | None:
        """The page of its first box."""
        return self.spots[0].page if self.spots else None


@dataclass(frozen=True)
class Left:
    """Something the reading left out, with its logged reason."""

    page: int
    box: BBox
    reason: str
    text: str = ""


@dataclass(frozen=True)
class AuditInput:
    """What the audit reads: the pages, the table's parts, the output cells, what was left out."""

    pages: Mapping[int, Evidence]
    parts: tuple[tuple[int, BBox], ...]
    """Each part of the table on a page (page, box): where its words must be accounted for."""
    cells: tuple[OutCell, ...]
    left: tuple[Left, ...]
    headers: Mapping[str, str] = field(default_factory=dict)
    """Per output column, its header's text."""
    key: str | None = None
    removed: tuple[tuple[int, BBox, str], ...] = ()
    """Texts a logged repair took out of the start of a cell (page, the cell's box, text): the
    rest of a clipped header cell."""
