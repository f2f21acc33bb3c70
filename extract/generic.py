"""Read any table of a page with no profile: columns from rules and the text's alignment, rows
from rules, bands and the text's lines, wrapped lines kept in their row.

`read_area` reads one region (given, or found by `find_areas`): a ruled grid that holds all of
its text is read cell by cell; otherwise the columns are the gutters of white that runs down
the region (a line drawn over a gutter near the top is a header cell spanning columns, and a
vertical rule is a gutter), and the rows are the bands between rules or band edges across the
table, split where the text starts a new row. `find_areas` finds the tables of a page: ruled
grids, and runs of lines whose phrases stand in columns. Both hand back `PageTable`s built by
the shared cell step (`grid_to_table`), as the indicator path does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from .cells import Char, boxes_to_grid, grid_to_table
from .models import BBox, PageTable, enclosing
from .place import Columns, column_of
from .primitives import Graphics, Line, Phrase
from .reader import overlap
from .rows import Separator, separators
from .settings import LayoutSettings

NUMBER = re.compile(
    r"[-+−–(]?\s?[€$£]?\s?(?:\d[\d.,' ]*|[.,]\d+)\s?(?:%|‰|[€$£])?\)?\*{0,3}[a-z]?"
    r"|[-–—:.x*]|n/?a|n\.?d\.?|\.\.|:",
    re.IGNORECASE,
)
YEAR = re.compile(r"(?:19|20)\d\d")
STEP = 0.5
"""Horizontal resolution (points) of the white-space profile."""
TABULAR = 2.5
"""Phrases of a line this many line heights apart stand in two columns (a justified line's
word spaces are narrower)."""
MIN_GUTTER = 1.0
"""The narrowest white that parts two columns (phrases closer than a space are one phrase)."""
NARROW = 0.6
"""White narrower than this share of the line height, between words, is a wide word space."""
WORDISH = re.compile(r"[^\W\d_][\w'’./-]*[.,;:]?")
"""A word of text: letters first, no figure standing alone."""


def is_number(text: str) -> bool:
    """Whether a cell's text is a number or a number's stand-in (`-`, `n.a.`, `..`)."""
    return NUMBER.fullmatch(text.strip()) is not None


def area_lines(lines: Sequence[Line], box: BBox) -> list[Line]:
    """The lines of `box`: each line's phrases whose middle lies inside it."""
    _, top, _, bottom = box
    out = []
    for ln in lines:
        if ln.bottom < top or ln.top > bottom:
            continue
        ps = tuple(p for p in ln.phrases if _holds(box, p))
        if ps:
            out.append(Line(min(p.top for p in ps), max(p.bottom for p in ps), ps))
    return out


# ---------------------------------------------------------------------------------------------
# Columns


def gutters(lines: Sequence[Line], x0: float, x1: float, vrules: Sequence[float]) -> list[float]:
    """Cuts between columns: the middles of white runs down the lines, and vertical rules.

    A run of white counts when lines have text on both sides of it. Lines may cross it only
    when they are lines of one phrase (a label across the table, a note) or header lines
    above every line that has text on both sides (a header cell spanning columns).
    """
    n = max(1, int((x1 - x0) / STEP) + 1)
    cover: list[set[int]] = [set() for _ in range(n)]
    for i, ln in enumerate(lines):
        for p in ln.phrases:
            lo = max(0, int((p.x0 - x0) / STEP))
            hi = min(n - 1, int((p.x1 - x0) / STEP))
            for k in range(lo, hi + 1):
                cover[k].add(i)
    multi = [i for i, ln in enumerate(lines) if len(ln.phrases) >= 2]
    top_zone = set(multi[: min(3, len(multi) - 1)])
    single = {i for i, ln in enumerate(lines) if len(ln.phrases) == 1}
    spanner = single | top_zone
    cuts: list[float] = []
    for start, k in _runs(cover, 0, n, spanner):
        if start == 0 or k >= n:
            continue  # white beside the table, not inside it
        # white for every line, else for every line but labels and notes across the table
        stretches = (
            _clear_runs(cover, start, k) or _clear_runs(cover, start, k, single) or [(start, k)]
        )
        for lo, hi in stretches:
            a, b = x0 + lo * STEP, x0 + hi * STEP
            crossing = set().union(*cover[lo:hi])
            both = [
                i
                for i in multi
                if i not in crossing
                and any(p.x1 <= a + STEP for p in lines[i].phrases)
                and any(p.x0 >= b - STEP for p in lines[i].phrases)
            ]
            if not both or any(i in top_zone and i > min(both) for i in crossing):
                continue
            if b - a < NARROW * _height(lines) and _word_space(lines, both, a, b):
                continue
            cuts.append((a + b) / 2)
    phrases = [p for ln in lines for p in ln.phrases]
    ruled: list[float] = []
    for x in sorted(vrules):  # a double rule parts the same columns as one
        if x0 + 2 < x < x1 - 2 and not (ruled and _same_white(ruled[-1], x, phrases)):
            ruled.append(x)
    # a vertical rule in the same white as a cut is the cut
    cuts = [c for c in cuts if not any(_same_white(c, x, phrases) for x in ruled)]
    return sorted([*cuts, *ruled])


def _same_white(a: float, b: float, phrases: Sequence[Phrase]) -> bool:
    """Whether no phrase starts or ends between two positions (they part the same columns;
    a header cell spanning both does not part them)."""
    lo, hi = min(a, b), max(a, b)
    return not any(lo < p.x0 < hi or lo < p.x1 < hi for p in phrases)


def _height(lines: Sequence[Line]) -> float:
    """The lines' usual height (the median; 10 points for no lines)."""
    heights = sorted(ln.height for ln in lines)
    return heights[len(heights) // 2] if heights else 10.0


def _word_space(lines: Sequence[Line], both: Sequence[int], a: float, b: float) -> bool:
    """Whether narrow white [a, b] is a wide space between words of one text: on the lines
    whose phrases come close to it on both sides, those phrases are all words (letters, no
    figures)."""
    near = []
    for i in both:
        ln = lines[i]
        left = max((p for p in ln.phrases if p.x1 <= a + STEP), key=lambda p: p.x1)
        right = min((p for p in ln.phrases if p.x0 >= b - STEP), key=lambda p: p.x0)
        if a - left.x1 <= ln.height and right.x0 - b <= ln.height:
            near.append(bool(WORDISH.fullmatch(left.text) and WORDISH.fullmatch(right.text)))
    return bool(near) and all(near)


def _runs(
    cover: Sequence[set[int]], start: int, end: int, allowed: set[int]
) -> list[tuple[int, int]]:
    """The stretches of [start, end) that only `allowed` lines cover (or none), left to
    right."""
    out: list[tuple[int, int]] = []
    k = start
    while k < end:
        if not cover[k] <= allowed:
            k += 1
            continue
        s = k
        while k < end and cover[k] <= allowed:
            k += 1
        out.append((s, k))
    return out


def _clear_runs(
    cover: Sequence[set[int]], start: int, end: int, allowed: set[int] | None = None
) -> list[tuple[int, int]]:
    """The stretches of a run that no line covers at all (or only `allowed` lines), at least
    `MIN_GUTTER` wide."""
    runs = _runs(cover, start, end, set() if allowed is None else allowed)
    return [(a, b) for a, b in runs if (b - a) * STEP >= MIN_GUTTER]


def merge_disjoint(
    cuts: Sequence[float], lines: Sequence[Line], x0: float, x1: float, ruled: Sequence[float]
) -> list[float]:
    """The cuts less those between a column of header words and a column of values under
    them: a header's word over numbers aligned right stands apart from them, yet it is their
    column's. Two columns merge when every line filling one stands above every line filling
    the other; a header column left of its values first (words start where the cell does),
    then right of them. A cut at a vertical rule stays."""
    out = list(cuts)
    for header_left in (True, False):
        changed = True
        while changed:
            changed = False
            columns = columns_of(out, x0, x1)
            filled: list[set[int]] = [set() for _ in columns]
            for i, ln in enumerate(lines):
                for p in ln.phrases:
                    a, b = spanned(p, columns)
                    for c in range(a, b + 1):
                        filled[c].add(i)
            for j in range(len(out)):
                if any(abs(out[j] - r) < 4 for r in ruled):
                    continue
                upper, lower = (filled[j], filled[j + 1])
                if not header_left:
                    upper, lower = lower, upper
                if upper and lower and max(upper) < min(lower):
                    del out[j]
                    changed = True
                    break
    return out


def columns_of(cuts: Sequence[float], x0: float, x1: float) -> Columns:
    """Column bounds from the cuts between them and the table's sides."""
    bounds = [x0, *cuts, x1]
    return tuple((round(a, 2), round(b, 2)) for a, b in pairwise(bounds) if b > a)


def spanned(p: Phrase, columns: Columns) -> tuple[int, int]:
    """The first and last column a phrase stands in (more than one when it runs over cuts)."""
    cols = [
        c for c, (a, b) in enumerate(columns) if min(p.x1, b) - max(p.x0, a) > 2 or a <= p.mid <= b
    ]
    if not cols:
        c = column_of(p.mid, columns)
        return c, c
    return cols[0], cols[-1]


# ---------------------------------------------------------------------------------------------
# Rows


@dataclass
class RowLines:
    """The lines of one table row, and which columns they fill."""

    lines: list[Line]
    filled: dict[int, list[str]]
    spans: list[tuple[int, int]]
    down: set[int] = field(default_factory=set)
    """Columns whose cell runs on down over the next row (a header cell beside a group of
    columns with their own header row under a spanning cell)."""

    def add(
        self, line: Line, filled: dict[int, list[str]], spans: Sequence[tuple[int, int]]
    ) -> None:
        """A line more of the row, with what it puts in each column and its spans."""
        self.lines.append(line)
        for c, ts in filled.items():
            self.filled.setdefault(c, []).extend(ts)
        self.spans.extend(spans)

    @property
    def top(self) -> float:
        return min(ln.top for ln in self.lines)

    @property
    def bottom(self) -> float:
        return max(ln.bottom for ln in self.lines)


def line_cells(line: Line, columns: Columns) -> tuple[dict[int, list[str]], list[tuple[int, int]]]:
    """The texts a line puts in each column, and the spans of its phrases over several."""
    filled: dict[int, list[str]] = {}
    spans = []
    for p in line.phrases:
        a, b = spanned(p, columns)
        filled.setdefault(a, []).append(p.text)
        if b > a:
            spans.append((a, b))
    return filled, spans


def header_end(
    lines: Sequence[Line], columns: Columns, seps: Sequence[float], tight: float | None
) -> int:
    """How many lines at the top are the header.

    Where a line of numbers comes (a line whose cells beyond the first are mostly numbers),
    the header is the lines above it, or above the lowest rule across the table over it, less
    a group's label standing alone in the first column just above the numbers when the body
    has such labels over its numbers too or it stands a row's distance below the header
    (`tight`: the widest white between a cell's lines); with no numbers, the lines above the
    first rule across the table, else the first line.
    """
    for i, ln in enumerate(lines):
        if _numbers_line(ln, columns):
            above = [n for n in (_lines_above(lines, y) for y in seps) if 0 < n <= i]
            head = max(above) if above else i
            groups = any(
                _label_line(a, columns) and _numbers_line(b, columns)
                for a, b in pairwise(lines[head:])
            )
            while head > 1 and _label_line(lines[head - 1], columns):
                apart = tight is not None and lines[head - 1].top - lines[head - 2].bottom > tight
                if not (groups or apart):
                    break
                head -= 1  # a group's label right under the header, a row's distance below it
            return head
    above = sorted(n for n in (_lines_above(lines, y) for y in seps) if 0 < n < len(lines))
    return above[0] if above else min(1, len(lines))


def _label_line(line: Line, columns: Columns) -> bool:
    """Whether a line is one phrase in the first column alone starting with a capital (a
    group's label; a cell's wrapped line goes on in lower case or after a bracket)."""
    if len(line.phrases) != 1 or spanned(line.phrases[0], columns) != (0, 0):
        return False
    return line.phrases[0].text[:1].isupper()


def _numbers_line(line: Line, columns: Columns) -> bool:
    """Whether a line's cells beyond the first are mostly numbers: a line of the body (a line
    of years is a header's)."""
    filled, _ = line_cells(line, columns)
    values = [t for c, ts in filled.items() if c > 0 for t in ts]
    numbers = [t for t in values if is_number(t)]
    if not values or len(numbers) * 2 < len(values):
        return False
    return not all(YEAR.fullmatch(t.strip()) for t in numbers)


def _lines_above(lines: Sequence[Line], y: float) -> int:
    return sum(1 for ln in lines if ln.bottom <= y + 1)


def group_rows(
    lines: Sequence[Line],
    columns: Columns,
    seps: Sequence[Separator],
    head: int,
    tight: float | None,
) -> list[RowLines]:
    """The lines grouped into rows.

    The header lines (the first `head`) make the header rows (`header_rows_of`). Below, a
    rule or band edge between two lines parts them; where rules part most lines, the lines
    between two rules are one row; else a line goes on the row above when its text goes on
    with the row's (`_goes_on`; `tight`: the widest white between a cell's lines).
    """
    rows = header_rows_of(lines[:head], columns)
    ruled_rows = _ruled_everywhere(lines[head:], [s.y for s in seps])
    left = max(
        (p.x1 for ln in lines for p in ln.phrases if spanned(p, columns)[1] == 0),
        default=columns[0][1],
    )
    n_head = len(rows)
    for ln in lines[head:]:
        filled, spans = line_cells(ln, columns)
        prev = rows[-1] if len(rows) > n_head else None
        join = False
        if prev is not None and not _parted(prev, ln, filled, seps, columns):
            if ruled_rows:
                join = True
            else:
                join = _goes_on(prev, ln, filled, spans, tight, len(columns), left)
        if join and prev is not None:
            prev.add(ln, filled, spans)
        else:
            rows.append(RowLines([ln], filled, list(spans)))
    return rows


def header_rows_of(lines: Sequence[Line], columns: Columns) -> list[RowLines]:
    """The header's lines as header rows: one row, or two where a cell spans columns above
    cells of their own (its line and those above make the first row; the cells beside the
    group run down over both rows).

    A cell spans columns when its text runs over a cut, or when the lines below fill its
    column and the empty columns right of it and do not go on with its text (a word in lower
    case goes on with the line above: `Fonte di` over `finanziamento`).
    """
    if not lines:
        return []
    cells = [line_cells(ln, columns) for ln in lines]
    for i in range(len(lines) - 1):
        spans = cells[i][1] + _implied_spans(i, lines, cells, len(columns))
        if not spans:
            continue
        upper = _row_of(lines[: i + 1], cells[: i + 1])
        lower = _row_of(lines[i + 1 :], cells[i + 1 :])
        upper.spans = sorted(set(upper.spans) | set(spans))
        covered = {c for a, b in upper.spans for c in range(a, b + 1)}
        upper.down = set(range(len(columns))) - covered
        return [upper, lower]
    return [_row_of(lines, cells)]


def _row_of(
    lines: Sequence[Line], cells: Sequence[tuple[dict[int, list[str]], list[tuple[int, int]]]]
) -> RowLines:
    row = RowLines([], {}, [])
    for ln, (filled, spans) in zip(lines, cells, strict=True):
        row.add(ln, filled, spans)
    return row


def _implied_spans(
    i: int,
    lines: Sequence[Line],
    cells: Sequence[tuple[dict[int, list[str]], list[tuple[int, int]]]],
    ncols: int,
) -> list[tuple[int, int]]:
    """Cells of header line `i` standing over their own column and empty columns right of
    it that the lines below fill: a group's label, left-aligned over its columns."""
    above = {c for f, _ in cells[: i + 1] for c in f}
    below = {c for f, _ in cells[i + 1 :] for c in f}
    out = []
    for c, texts in cells[i][0].items():
        if c not in below or texts[-1].endswith("-"):
            continue
        under = next(f[c][0] for f, _ in cells[i + 1 :] if c in f)
        if under[:1].islower():
            continue
        e = c
        while e + 1 < ncols and e + 1 not in above and e + 1 in below:
            e += 1
        if e > c:
            out.append((c, e))
    return out


def _parted(
    prev: RowLines,
    line: Line,
    filled: dict[int, list[str]],
    seps: Sequence[Separator],
    columns: Columns,
) -> bool:
    """Whether a rule or band edge runs between the row above and a line, across a column
    the line fills (a rule that stops short of a column leaves its cell open: a label
    merged down over two rows goes on under it)."""
    shared = [
        ln.bottom for ln in prev.lines if any(spanned(p, columns)[0] in filled for p in ln.phrases)
    ]
    bottom = max(shared) if shared else prev.bottom
    return any(
        bottom - 1 <= sep.y <= line.top + 1 and any(sep.covers(*columns[c], 0.5) for c in filled)
        for sep in seps
    )


def _ruled_everywhere(body: Sequence[Line], seps: Sequence[float]) -> bool:
    """Whether rules or band edges run between at least half the body's pairs of lines (and
    two at least): the lines between two rules are then one row."""
    if len(body) < 2:
        return False
    top, bottom = body[0].top, body[-1].bottom
    inside = [y for y in seps if top + 1 < y < bottom - 1]
    gaps = sum(1 for a, b in pairwise(body) if any(a.bottom - 1 <= y <= b.top + 1 for y in inside))
    return gaps >= (len(body) - 1) * 0.5 and gaps >= 2


def _goes_on(
    prev: RowLines,
    line: Line,
    filled: dict[int, list[str]],
    spans: Sequence[tuple[int, int]],
    tight: float | None,
    ncols: int,
    left: float,
) -> bool:
    """Whether a body line is more of the row above (a cell's text wrapped onto it).

    Never when it holds a number, runs over a cut, puts text under a number, or stands
    further below than a cell's lines stand apart (`tight`; None when the table's spacing
    does not tell a cell's lines from its rows). A line with text in the first column goes on
    with the row when that text goes on with the first column's text above: it starts in
    lower case or with a bracket, or (where the spacing says the lines are close) its first
    word would not have fitted on the line above (`left`: how far the first column's text
    reaches). Other lines go on when they fill only columns the row fills, in lower case where
    the spacing tells nothing.
    """
    if spans or ncols < 2:
        return False
    gap = line.top - prev.bottom
    if gap > (tight if tight is not None else line.height):
        return False
    texts = [t for ts in filled.values() for t in ts]
    if any(is_number(t) for t in texts):
        return False
    if any(c in prev.filled and is_number(prev.filled[c][-1]) for c in filled):
        return False
    if not set(filled) <= set(prev.filled) and (0 in filled or tight is None):
        return False
    lower = all(t[:1].islower() or t[:1] in "([{/-–" for t in texts)
    if 0 in filled:
        if tight is not None and _wrapped(prev, line, left):
            return True  # even after a full stop: `Dopo di Noi (L.` + `112/2016)`
        if prev.filled[0][-1].rstrip().endswith((".", ":", ";")):
            return False
        return lower
    if tight is None:
        return lower
    prev_values = [c for c in prev.filled if c > 0]
    return (not prev_values and 0 in prev.filled) or set(filled) <= set(prev.filled)


def _wrapped(prev: RowLines, line: Line, left: float) -> bool:
    """Whether the first word of a line's first phrase would not have fitted after the first
    column's text on the last line of the row above."""
    above = [p for ln in prev.lines for p in ln.phrases if p.x0 < line.phrases[0].x1]
    if not above:
        return False
    last = max(above, key=lambda p: p.top)
    words = line.phrases[0].words()
    width = words[0][1] - words[0][0]
    space = 0.25 * line.height
    return last.x1 + space + width > left


def cell_spacing(lines: Sequence[Line]) -> float | None:
    """The widest white between two lines of one cell: the table's line gaps fall in two
    groups (a cell's lines close together, at most half a line height apart, rows further
    apart) and this lies between them; None when they do not (every line a row, or rows as
    close as a cell's lines)."""
    gaps = sorted(b.top - a.bottom for a, b in pairwise(lines) if b.top > a.bottom - 1)
    height = _height(lines)
    best: tuple[float, float] | None = None
    for low, high in pairwise(gaps):
        if low > 0.5 * height:
            break  # wider than a cell's lines ever stand apart
        if high - low >= max(1.0, 0.3 * height) and (
            best is None or high - low > best[1] - best[0]
        ):
            best = (low, high)
    return (best[0] + best[1]) / 2 if best is not None else None


# ---------------------------------------------------------------------------------------------
# The table


def read_area(
    page: int,
    box: BBox,
    lines: Sequence[Line],
    chars: Sequence[Char],
    graphics: Graphics,
    grids: Sequence[Sequence[BBox]],
    settings: LayoutSettings,
) -> PageTable | None:
    """The table in `box` of a page, or None when the box holds no text."""
    inside = area_lines(lines, box)
    if not inside:
        return None
    x0, top, x1, bottom = box
    chars_in = [
        c
        for c in chars
        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]
    ruled = any(x0 < r.pos < x1 and r.end > top and r.start < bottom for r in graphics.vrules)
    grid = _ruled_grid(grids, inside, box) if ruled else None
    if grid is not None:
        xs, _, _ = boxes_to_grid(grid)
        columns = columns_of(xs[1:], xs[0], max(c[2] for c in grid))
        reach = _reach([RowLines(list(inside), {}, [])], columns)
        table = grid_to_table(page, grid, chars_in, "grid", settings, content_right=reach)
        return _with_header_kinds(table)
    tx0 = min(ln.x0 for ln in inside)
    tx1 = max(ln.x1 for ln in inside)
    ttop, tbottom = inside[0].top, inside[-1].bottom
    height = max(1.0, tbottom - ttop)
    vrules = sorted(
        r.pos
        for r in graphics.vrules
        if tx0 - 1 < r.pos < tx1 + 1 and min(r.end, tbottom) - max(r.start, ttop) >= 0.5 * height
    )
    cuts = gutters(inside, tx0 - 1, tx1 + 1, vrules)
    cuts = merge_disjoint(cuts, inside, tx0 - 1, tx1 + 1, vrules)
    columns = columns_of(cuts, tx0 - 1, tx1 + 1)
    seps = [
        s
        for s in separators(graphics, columns, ttop - 2, tbottom + 2, settings)
        if s.source in ("rule", "band")
    ]
    tight = cell_spacing(inside)
    head = header_end(inside, columns, [s.y for s in seps], tight)
    rows = group_rows(inside, columns, seps, head, tight)
    return _rows_to_table(page, rows, columns, chars_in, head, bool(seps), settings)


def _ruled_grid(
    grids: Sequence[Sequence[BBox]], lines: Sequence[Line], box: BBox
) -> list[BBox] | None:
    """The cells of a ruled grid that holds all the box's text, if there is one."""
    phrases = [p for ln in lines for p in ln.phrases]
    for cells in grids:
        if len(cells) < 4:
            continue
        gx0 = min(c[0] for c in cells)
        gtop = min(c[1] for c in cells)
        gx1 = max(c[2] for c in cells)
        gbottom = max(c[3] for c in cells)
        held = [
            p
            for p in phrases
            if any(
                c[0] - 1 <= p.mid <= c[2] + 1 and c[1] - 1 <= p.top + 1 <= c[3] + 1 for c in cells
            )
        ]
        if len(held) < len(phrases):
            continue
        inter = max(0.0, min(gx1, box[2]) - max(gx0, box[0])) * max(
            0.0, min(gbottom, box[3]) - max(gtop, box[1])
        )
        if inter < 0.6 * (box[2] - box[0]) * (box[3] - box[1]):
            continue
        xs = {round(c[0]) for c in cells}
        if len(xs) < 2 or _columns_inside(cells, lines) or _rows_inside(cells, lines):
            continue
        if _empty_rows(cells, phrases):
            continue
        return [c for c in cells if box[0] - 2 <= (c[0] + c[2]) / 2 <= box[2] + 2]
    return None


def _columns_inside(cells: Sequence[BBox], lines: Sequence[Line]) -> bool:
    """Whether a grid cell spanning columns holds text parted where a column of the grid is
    cut elsewhere: the grid misses rules between those columns (drawn in the header only)."""
    xs = sorted({round(c[0]) for c in cells})
    for c in cells:
        inner = [x for x in xs if c[0] + 2 < x < c[2] - 2]
        if not inner:
            continue
        for ln in lines:
            if not c[1] - 1 <= (ln.top + ln.bottom) / 2 <= c[3] + 1:
                continue
            held = [p for p in ln.phrases if c[0] - 1 <= p.mid <= c[2] + 1]
            for p, q in pairwise(held):
                if any(p.x1 - 1 <= x <= q.x0 + 1 for x in inner):
                    return True
    return False


def _empty_rows(cells: Sequence[BBox], phrases: Sequence[Phrase]) -> bool:
    """Whether the grid has a row with no text in any of its cells: rules or fills drawn
    across rows (shading edges) that part no rows of the table."""
    tops = sorted({round(c[1], 1) for c in cells})
    for top, bottom in pairwise([*tops, max(c[3] for c in cells)]):
        if not any(top - 1 <= (p.top + p.bottom) / 2 <= bottom + 1 for p in phrases):
            return True
    return False


def _rows_inside(cells: Sequence[BBox], lines: Sequence[Line]) -> bool:
    """Whether a grid cell holds two lines or more that are numbers alone: rows of a table
    whose rules between rows are not drawn (wrapped text is words)."""
    for c in cells:
        numbers = 0
        for ln in lines:
            if not c[1] - 1 <= (ln.top + ln.bottom) / 2 <= c[3] + 1:
                continue
            held = [p.text for p in ln.phrases if c[0] - 1 <= p.mid <= c[2] + 1]
            if held and all(is_number(t) for t in held):
                numbers += 1
        if numbers >= 2:
            return True
    return False


def _with_header_kinds(table: PageTable) -> PageTable:
    """A grid table with its header rows marked: the rows above its first row of numbers (less
    a group's label just above it, when the body has labels over its numbers too), or its
    first row where no row holds numbers."""
    texts = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
    for cell in table.cells:
        texts[cell.row][cell.col] = cell.text.strip()

    def numbers(r: int) -> bool:
        values = [t for t in texts[r][1:] if t]
        found = [t for t in values if is_number(t)]
        years = all(YEAR.fullmatch(t) for t in found)
        return bool(values) and len(found) * 2 >= len(values) and not years

    def label(r: int) -> bool:
        return texts[r][0][:1].isupper() and not any(texts[r][1:])

    head = next((r for r in range(table.n_rows) if numbers(r)), min(1, table.n_rows - 1))
    if any(label(r) and numbers(r + 1) for r in range(head, table.n_rows - 1)):
        while head > 1 and label(head - 1):
            head -= 1
    kinds = tuple("header" if r < head else "body" for r in range(table.n_rows))
    return replace(table, row_kinds=kinds)


def _rows_to_table(
    page: int,
    rows: Sequence[RowLines],
    columns: Columns,
    chars: Sequence[Char],
    head: int,
    ruled: bool,
    settings: LayoutSettings,
) -> PageTable:
    """Cell boxes for the rows (a phrase over several columns makes a spanning cell), filled
    by the shared cell step."""
    bounds = [rows[0].top - 1]
    for upper, lower in pairwise(rows):
        bounds.append((upper.bottom + lower.top) / 2)
    bounds.append(rows[-1].bottom + 1)
    boxes: list[BBox] = []
    kinds: list[str] = []
    header_lines = 0
    for r, row in enumerate(rows):
        top, bottom = bounds[r], bounds[r + 1]
        held = rows[r - 1].down if r > 0 else set()
        starts = set(range(len(columns))) - held
        for a, b in row.spans:
            starts -= set(range(a + 1, b + 1))
        edges = sorted(starts | held | {len(columns)})
        for s in sorted(starts):
            nxt = next(e for e in edges if e > s)
            low = bounds[r + 2] if s in row.down and r + 2 < len(bounds) else bottom
            boxes.append((columns[s][0], top, columns[nxt - 1][1], low))
        kinds.append("header" if header_lines < head else "body")
        header_lines += len(row.lines)
    ruling = "hrules" if ruled else "text"
    reach = _reach(rows, columns)
    table = grid_to_table(page, boxes, chars, ruling, settings, content_right=reach)
    return replace(table, row_kinds=tuple(kinds))


def _reach(rows: Sequence[RowLines], columns: Columns) -> list[float]:
    """How far the text of each column reaches right (where a line fills its cell)."""
    reach = [a for a, _ in columns]
    for row in rows:
        for ln in row.lines:
            for p in ln.phrases:
                a, b = spanned(p, columns)
                if a == b:
                    reach[a] = max(reach[a], p.x1)
    return [r if r > a else b for r, (a, b) in zip(reach, columns, strict=True)]


# ---------------------------------------------------------------------------------------------
# Finding the tables of a page


def find_areas(
    lines: Sequence[Line],
    graphics: Graphics,
    grids: Sequence[Sequence[BBox]],
    width: float,
    height: float = 842.0,
) -> list[BBox]:
    """The boxes of the tables on a page, top to bottom: ruled grids of two columns and two
    rows at least, and runs of lines whose phrases stand in columns (with the header lines
    just above them), each widened to the rules that frame it."""
    boxes: list[BBox] = []
    framed = [(cells, box) for cells in grids if (box := enclosing(cells)) is not None]
    drawn = [box for _, box in framed]
    for cells, box in framed:
        held = area_lines(lines, box)
        xs = {round(c[0]) for c in cells}
        tops = {round(c[1]) for c in cells}
        if len(xs) >= 2 and len(tops) >= 2 and held:
            others = [b for b in drawn if b is not box]
            free = [
                Line(ln.top, ln.bottom, ps)
                for ln in lines
                if (ps := tuple(p for p in ln.phrases if not any(_holds(b, p) for b in others)))
            ]
            boxes.append(_grow(box, free))
    free = [ln for ln in lines if not any(_within(ln, b) for b in boxes)]
    for run in _tabular_runs(free, width, height):
        box = (
            min(ln.x0 for ln in run),
            run[0].top,
            max(ln.x1 for ln in run),
            run[-1].bottom,
        )
        if not any(overlap(box, b) for b in boxes):
            boxes.append(box)
    return sorted(boxes, key=lambda b: (b[1], b[0]))


REACH = 40.0
"""Text this close (points) beside a ruled grid, on its lines, belongs to its table (columns
drawn with no rules around the ruled part); further where the grid's own columns stand
further apart (half as far again as their usual gap)."""


def _grow(box: BBox, lines: Sequence[Line]) -> BBox:
    """A ruled grid's box widened to text just beside it on half its lines at least (columns
    drawn with no rules), and raised over header lines of several phrases just above it."""
    x0, top, x1, bottom = box
    inside = [ln for ln in lines if top - 1 <= (ln.top + ln.bottom) / 2 <= bottom + 1]
    gaps = sorted(
        q.x0 - p.x1
        for ln in inside
        for p, q in pairwise(ln.phrases)
        if x0 <= p.mid <= x1 and x0 <= q.mid <= x1
    )
    reach = max(REACH, 1.5 * gaps[len(gaps) // 2]) if gaps else REACH
    while True:
        inside = [ln for ln in inside if any(x0 <= p.mid <= x1 for p in ln.phrases)]
        if not inside:
            break
        left = [ln for ln in inside if any(0 < x0 - p.x1 <= reach for p in ln.phrases)]
        right = [ln for ln in inside if any(0 < p.x0 - x1 <= reach for p in ln.phrases)]
        if len(left) * 2 >= len(inside):
            x0 = min(p.x0 for ln in left for p in ln.phrases if 0 < x0 - p.x1 <= reach)
        elif len(right) * 2 >= len(inside):
            x1 = max(p.x1 for ln in right for p in ln.phrases if 0 < p.x0 - x1 <= reach)
        else:
            break
    above = [ln for ln in lines if ln.bottom <= top + 1]
    for ln in reversed(above[-3:]):
        near = top - ln.bottom <= 1.2 * ln.height
        within = ln.x0 >= x0 - 2 and ln.x1 <= x1 + 2
        if not (near and within and len(ln.phrases) >= 2):
            break
        top = ln.top
    return (x0, top, x1, bottom)


def _holds(box: BBox, p: Phrase) -> bool:
    """Whether a phrase's middle lies in a box."""
    return box[0] <= p.mid <= box[2] and box[1] <= (p.top + p.bottom) / 2 <= box[3]


def _within(line: Line, box: BBox) -> bool:
    mid = (line.top + line.bottom) / 2
    return box[1] - 1 <= mid <= box[3] + 1 and line.x1 > box[0] and line.x0 < box[2]


def _tabular(line: Line) -> bool:
    """Whether a line's phrases stand apart as cells do: two parted by more white than a
    justified line's word spaces (`TABULAR` line heights), or three at least parted by a line
    height each."""
    gaps = [b.x0 - a.x1 for a, b in pairwise(line.phrases)]
    wide = TABULAR * line.height
    return any(g >= wide for g in gaps) or sum(1 for g in gaps if g >= line.height) >= 2


def _tabular_runs(lines: Sequence[Line], width: float, height: float) -> list[list[Line]]:
    """Runs of lines that stand in columns: tabular lines, the lines close under them whose
    phrases stand within the run (a cell's wrapped text), and the header lines just above; a
    paragraph line (one phrase across most of the text's width), a wide gap, or a loose line
    standing apart ends a run."""
    if not lines:
        return []
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    text_width = max(1.0, right - left)
    runs: list[list[Line]] = []
    current: list[Line] = []
    for ln in lines:
        tabular = _tabular(ln)
        prose = len(ln.phrases) == 1 and ln.x1 - ln.x0 > 0.6 * text_width
        gap = ln.top - current[-1].bottom if current else 0.0
        far = bool(current) and gap > 2.5 * ln.height
        loose = bool(current) and not tabular and not _belongs(ln, current, gap)
        if current and (prose or far or loose):
            runs.append(current)
            current = []
        if not prose:
            current.append(ln)
    if current:
        runs.append(current)
    out = []
    for run in runs:
        while run and not _tabular(run[-1]) and not _wraps(run) and not _orphan(run, height):
            run = run[:-1]
        while run and not _tabular(run[0]) and len(run) > 1:
            if not _header_above(run[0], run[1:]):
                run = run[1:]
            else:
                break
        if sum(1 for ln in run if _tabular(ln)) >= 2:
            out.append(run)
    return out


def _belongs(line: Line, run: Sequence[Line], gap: float, strict: bool = False) -> bool:
    """Whether a line of loose phrases goes on with a run of table lines: each phrase starting
    where a phrase of the run starts, close under the line above (a cell's wrapped line) or,
    unless `strict`, a row's distance under it (a group's label); or, unless `strict`, two
    phrases at least within the run's sides close under the line above (a header's second
    line)."""
    if gap > (line.height if strict else 2 * line.height):
        return False
    starts = [p.x0 for ln in run for p in ln.phrases]
    if all(any(abs(p.x0 - x) <= 2 for x in starts) for p in line.phrases):
        return True
    if strict or gap > line.height:
        return False
    left = min(ln.x0 for ln in run)
    right = max(ln.x1 for ln in run)
    return len(line.phrases) >= 2 and left - 2 <= line.x0 and line.x1 <= right + 2


def _orphan(run: Sequence[Line], height: float) -> bool:
    """Whether a run's last line is a group's label left at the foot of the page (its rows
    go on on the next): one phrase at the run's left edge, in capitals first, as tall as the
    run's lines, a row's distance under them, in the page's last tenth."""
    if len(run) < 2 or len(run[-1].phrases) != 1:
        return False
    last, before = run[-1], run[:-1]
    usual = _height(before)
    return (
        last.phrases[0].text[:1].isupper()
        and abs(last.x0 - min(ln.x0 for ln in before)) <= 2
        and abs(last.height - usual) <= 0.5
        and last.top - before[-1].bottom <= 2 * last.height
        and last.bottom > 0.85 * height
    )


def _wraps(run: Sequence[Line]) -> bool:
    """Whether a run's last line is a wrapped line of the row above it: close under it, its
    phrases starting where the run's phrases start."""
    if len(run) < 2:
        return False
    last, before = run[-1], run[:-1]
    return _belongs(last, before, last.top - before[-1].bottom, True) and len(last.phrases) < max(
        len(ln.phrases) for ln in before
    )


def _header_above(line: Line, below: Sequence[Line]) -> bool:
    """Whether a line of loose phrases above a table's rows is a header line: it stands over
    the rows' columns rather than at their left edge (a caption starts there)."""
    left = min(ln.x0 for ln in below)
    return line.x0 > left + 5


__all__ = ["area_lines", "find_areas", "is_number", "read_area"]
