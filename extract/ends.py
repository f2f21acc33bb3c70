"""Where a table ends below its top, and whether the top of a page goes on with a table."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from .classify import is_key, is_label
from .graphics import Graphics
from .header import Header
from .place import Columns, crosses, key_text, middle, overlaps_x, split_at_cuts
from .primitives import Line, PageContent
from .settings import LayoutSettings


def fits(line: Line, columns: Columns, structured: bool, reach: float, label_width: float) -> bool:
    """Whether a line can be a line of the table: inside its sides (no further out than
    `reach`), each phrase in one column (or one label across them, narrower than `label_width`
    of the table). Inside rules or bands (`structured`) any line inside the sides fits."""
    x0, x1 = columns[0][0], columns[-1][1]
    if line.x0 < x0 - reach or line.x1 > x1 + reach:
        return False
    if structured:
        return True
    if not any(crosses(p, columns) for p in line.phrases):
        return True
    if len(line.phrases) == 1:
        # a group label, not a line of prose that runs across the whole table
        return line.phrases[0].x1 - line.phrases[0].x0 < label_width * (x1 - x0)
    return False


def table_end(
    content: PageContent,
    columns: Columns,
    top: float,
    limit: float,
    settings: LayoutSettings,
    header: Header | None = None,
    key: int | None = None,
) -> tuple[float, list[Line], list[Line]]:
    """Where the table ends below `top`: its bottom, its lines, and the lines left below it.

    Rules across the table, bands and vertical rules inside it carry the table down; text
    lines carry it while they fit the columns and follow without a wide gap.
    """
    x0, x1 = columns[0][0], columns[-1][1]
    lines = [
        split_at_cuts(ln, columns)
        for ln in content.lines
        if middle(ln) >= top
        and ln.bottom <= limit + 0.5
        and overlaps_x(ln, x0, x1)
        and not (header is not None and header.holds(ln.top))
    ]
    events = sorted(
        [(a, b, None) for a, b in _structure(content.graphics, columns, top, limit, settings)]
        + [(ln.top, ln.bottom, ln) for ln in lines],
        key=lambda e: (e[0], e[1]),
    )
    walk = _Walk(columns, key, top, settings.end_gap * content.line_height, settings)
    if top <= 0 and events:  # a page going on with a table: it starts at its first item
        walk.bottom = events[0][0]
    # a group label after the white with a row right under it, or a row whose key stands
    # lower than its first lines, goes on with the table too
    walk.openers = {
        id(ln)
        for ln, nxt in pairwise(lines)
        if is_label(ln, columns) and nxt.top - ln.bottom <= walk.gap and row_like(nxt, columns, key)
    }
    walk.openers |= _row_openers(lines, columns, key)
    for a, b, ln in events:
        if not walk.takes(a, b, ln):
            break
    bottom = walk.bottom
    inside = [ln for ln in lines if ln.bottom <= bottom + 0.5]
    below = [ln for ln in lines if ln.top > bottom + 0.5]
    return bottom, inside, below


def _structure(
    g: Graphics, columns: Columns, top: float, limit: float, settings: LayoutSettings
) -> list[tuple[float, float]]:
    """The spans (top, bottom) drawn in the table below `top`: rules across it, bands, and
    vertical rules inside it."""
    x0, x1 = columns[0][0], columns[-1][1]
    width = x1 - x0
    structure: list[tuple[float, float]] = []
    for r in g.hrules:
        if (
            top - 1 <= r.pos <= limit
            and min(x1, r.end) - max(x0, r.start) >= settings.separator_cover * width
        ):
            structure.append((r.pos, r.pos))
    for band in g.bands:
        if (
            band.bottom > top
            and band.top < limit
            and min(x1, band.x1) - max(x0, band.x0) >= settings.separator_cover * width
        ):
            structure.append((max(band.top, top), min(band.bottom, limit)))
    for r in g.vrules:
        if x0 - 2 <= r.pos <= x1 + 2 and r.end > top and r.start < limit:
            structure.append((max(r.start, top), min(r.end, limit)))
    return structure


class _Walk:
    """The walk down a table's drawings and lines, item by item, to where it ends."""

    def __init__(
        self, columns: Columns, key: int | None, top: float, gap: float, settings: LayoutSettings
    ) -> None:
        self.columns, self.key, self.top, self.gap = columns, key, top, gap
        self.reach, self.label_width = settings.side_reach, settings.label_width
        self.bottom = top
        self.openers: set[int] = set()  # lines after wide white that open a row or group
        self.ruled_to = top
        self.ruled = False  # a rule or band taken (one at the table's top too)
        self.tallest = 0.0  # a row between two stripes may be as tall as the tallest stripe
        self.open_row = False  # text read since the last rule or band: a row waiting for its rule
        self.widest = 0.0  # the widest white between two rows read: rows drawn taller than text

    def takes(self, a: float, b: float, ln: Line | None) -> bool:
        """Whether the item from `a` to `b` (a line, or a drawing when `ln` is None) is the
        table's; the walk's bottom moves down to it."""
        keyed = row_like(ln, self.columns, self.key)
        if a > self.bottom + self._reach(ln) and not (keyed or self._goes_on(a, ln)):
            return False
        if keyed and self.bottom > self.top:
            self.widest = max(self.widest, a - self.bottom)
        self.open_row = ln is not None or (self.open_row and b <= self.ruled_to)
        if ln is None:
            self.bottom = max(self.bottom, b)
            self.ruled_to = max(self.ruled_to, b)
            self.ruled = True
            self.tallest = max(self.tallest, b - a)
            return True
        if not fits(ln, self.columns, ln.bottom <= self.ruled_to + 1, self.reach, self.label_width):
            return False
        self.bottom = max(self.bottom, b)
        return True

    def _reach(self, ln: Line | None) -> float:
        """The white the next item may stand below the bottom."""
        return max(self.gap, self.tallest if ln is None else self.gap)

    def _goes_on(self, a: float, ln: Line | None) -> bool:
        """Whether an item after wide white is the table's all the same: a rule or band under
        a row's text closes that row however tall it was drawn (a spreadsheet's row far taller
        than its text), once rules have parted rows above; a line that opens a row (`openers`:
        a label with a row right under it, a row's first lines over its key set lower) and a
        label after no more white than parts the rows above are the table's too."""
        if ln is None:
            return self.open_row and self.ruled
        if id(ln) in self.openers:
            return True
        return is_label(ln, self.columns) and a <= self.bottom + self.widest + 1.0


def _row_openers(lines: Sequence[Line], columns: Columns, key: int | None) -> set[int]:
    """Lines that start a row whose key stands lower (text set in the middle of a tall row):
    the lines from each one on, each less than a line's height under the one before, hold a
    line that reads as a row (`row_like`)."""
    out: set[int] = set()
    for i, ln in enumerate(lines):
        if row_like(ln, columns, key):
            continue
        for prev, nxt in pairwise(lines[i:]):
            if nxt.top - prev.bottom >= prev.bottom - prev.top:
                break
            if row_like(nxt, columns, key):
                out.add(id(ln))
                break
    return out


def keyed(line: Line, columns: Columns, key: int | None) -> bool:
    """Whether a line starts a row: a key in the key column, and text in another column."""
    return key is not None and len(line.phrases) >= 2 and is_key(key_text(line, columns, key))


def row_like(line: Line | None, columns: Columns, key: int | None) -> bool:
    """Whether a line after white space still reads as a row of the table: it starts a row
    (`keyed`), none of its texts running over a cut (a tall row ends short of its
    neighbours)."""
    if line is None or not keyed(line, columns, key):
        return False
    return not any(crosses(p, columns) for p in line.phrases)


def continues_table(
    lines: Sequence[Line],
    columns: Columns,
    g: Graphics,
    top: float,
    bottom: float,
    settings: LayoutSettings,
) -> bool:
    """Whether the top of a page without a header goes on with a table of these columns: its
    rules or bands have the table's sides, or most of its lines fit the columns."""
    if not lines:
        return False
    x0, x1 = columns[0][0], columns[-1][1]
    tol = settings.carry_tolerance
    for r in g.hrules:
        if top <= r.pos <= bottom and abs(r.start - x0) <= tol and abs(r.end - x1) <= tol:
            return True
    for b in g.bands:
        if top <= b.top <= bottom and abs(b.x0 - x0) <= tol and abs(b.x1 - x1) <= tol:
            return True
    fitting = sum(1 for ln in lines if not any(crosses(p, columns) for p in ln.phrases))
    return fitting >= settings.fit_share * len(lines)
