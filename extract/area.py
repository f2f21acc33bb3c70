"""Read any table of a page with no profile: a ruled grid cell by cell, else the same layout
engine as the indicator table's (`table.read_region`), with columns from the text's alignment.

`read_area` reads one region (given, or found by `areas.find_areas`): a ruled grid that holds all
of its text is read cell by cell; otherwise the columns are the gutters of white that runs down
the region and its long vertical rules (`gutters`), the header is the lines above the classifier's
end of it (`classify.header_end`, read as header rows by `grouping.text_header`), and the table
is read from there as any region under a header is (every line of the region the table's):
its rows, its cells.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from pdfplumber.table import DEFAULT_SNAP_TOLERANCE

from .areas import area_lines
from .cells import boxes_to_grid, grid_to_table
from .classify import cell_spacing, grid_header_kinds, header_end, is_number
from .graphics import Graphics
from .grouping import header_rows_of, text_header
from .gutters import columns_of, gutters, merge_disjoint
from .header import line_height
from .models import BBox, PageTable
from .place import Columns, spanned
from .primitives import Char, Line, PageContent, Phrase, centred_in
from .rows import separators
from .settings import LayoutSettings
from .table import read_region


def read_area(
    page: int,
    box: BBox,
    lines: Sequence[Line],
    chars: Sequence[Char],
    graphics: Graphics,
    grids: Sequence[Sequence[BBox]],
    settings: LayoutSettings,
    size: tuple[float, float],
    repeated: Sequence[str] = (),
) -> PageTable | None:
    """The table in `box` of a page (`size`: its width and height), or None when the box holds
    no text. `repeated`: the header lines of the table the page may go on with; where the
    box's first lines repeat them, they are its header, all of it (a group's label right
    under a header drawn again is the body's, as it was on the page before)."""
    inside = area_lines(lines, box)
    if not inside:
        return None
    x0, top, x1, bottom = box
    chars_in = centred_in(chars, box)
    ruled = any(x0 < r.pos < x1 and r.end > top and r.start < bottom for r in graphics.vrules)
    grid = _ruled_grid(grids, inside, box, settings) if ruled else None
    if grid is not None:
        grid = _without_slivers(grid, [p for ln in inside for p in ln.phrases])
        grid = _ruled_rows_only(grid, graphics, settings)
        xs, _, _ = boxes_to_grid(grid)
        columns = columns_of(xs[1:], xs[0], max(c[2] for c in grid))
        reach = _reach(inside, columns, grid, settings.rule_snap)
        table = grid_to_table(
            page, grid, chars_in, "grid", settings, content=reach, whole_words=True
        )
        return grid_header_kinds(table)
    columns = _text_columns(inside, graphics, settings)
    ttop, tbottom = inside[0].top, inside[-1].bottom
    seps = [
        s.y
        for s in separators(graphics, columns, ttop - 2, tbottom + 2, settings)
        if s.source in ("rule", "band")
    ]
    head = header_end(inside, columns, seps, cell_spacing(inside, settings.cell_gaps))
    if repeated and [ln.text for ln in inside[: len(repeated)]] == list(repeated):
        head = len(repeated)
    header = text_header(page, header_rows_of(inside[:head], columns), columns, ttop)
    content = PageContent(
        page, size[0], size[1], tuple(chars_in), tuple(inside), graphics, line_height(inside)
    )
    limit = max(bottom, tbottom) + 1.0
    drawn = header if header.cells else None
    # no line of the body is taken for a piece of this header: a cell's wrapped word may
    # repeat its column's header (`territoriale` under `Ambito territoriale`)
    plain = replace(header, parts=tuple(("",) for _ in header.parts))
    region_top = min(top, ttop) - 1.0
    read = read_region(content, drawn, plain, columns, region_top, limit, settings, found=True)
    if read is None:
        return None
    return replace(read, header_lines=tuple(ln.text for ln in inside[:head]))


def _text_columns(lines: Sequence[Line], graphics: Graphics, settings: LayoutSettings) -> Columns:
    """The columns of a region with no ruled grid: the gutters of white down its lines, and
    vertical rules down `column_rule` of its height at least."""
    tx0 = min(ln.x0 for ln in lines) - 1.0
    tx1 = max(ln.x1 for ln in lines) + 1.0
    ttop, tbottom = lines[0].top, lines[-1].bottom
    vrules = _long_vrules(graphics, tx0, tx1, ttop, tbottom, settings)
    cuts = gutters(lines, tx0, tx1, vrules, settings)
    cuts = merge_disjoint(cuts, lines, tx0, tx1, vrules)
    return columns_of(cuts, tx0, tx1)


def _long_vrules(
    graphics: Graphics, x0: float, x1: float, top: float, bottom: float, settings: LayoutSettings
) -> list[float]:
    """The positions of vertical rules inside [x0, x1] running down `column_rule` of the height
    from top to bottom at least, the pieces of a rule drawn a row at a time summed."""
    snap = settings.rule_snap
    height = max(1.0, bottom - top)
    found: list[tuple[float, float]] = []  # position, length inside
    for r in sorted(graphics.vrules, key=lambda r: r.pos):
        if not x0 < r.pos < x1:
            continue
        got = max(0.0, min(r.end, bottom) - max(r.start, top))
        if found and r.pos - found[-1][0] <= snap:
            found[-1] = (found[-1][0], found[-1][1] + got)
        else:
            found.append((r.pos, got))
    return [x for x, got in found if got >= settings.column_rule * height]


def _ruled_grid(
    grids: Sequence[Sequence[BBox]], lines: Sequence[Line], box: BBox, settings: LayoutSettings
) -> list[BBox] | None:
    """The cells of a ruled grid that holds all the box's text and covers `grid_share` of the
    box at least, if there is one."""
    phrases = [p for ln in lines for p in ln.phrases]
    for drawn in grids:
        # a grid's rows outside the box are not the region's (a title row the area leaves out)
        cells = [c for c in drawn if box[1] - 2 <= (c[1] + c[3]) / 2 <= box[3] + 2]
        if len(cells) < 4:
            continue
        gx0 = min(c[0] for c in cells)
        gtop = min(c[1] for c in cells)
        gx1 = max(c[2] for c in cells)
        gbottom = max(c[3] for c in cells)
        inter = max(0.0, min(gx1, box[2]) - max(gx0, box[0])) * max(
            0.0, min(gbottom, box[3]) - max(gtop, box[1])
        )
        if inter < settings.grid_share * (box[2] - box[0]) * (box[3] - box[1]):
            continue  # (first: the quick test, for the grids elsewhere on the page)
        if not _holds_all(cells, phrases):
            continue
        xs = {round(c[0]) for c in cells}
        if len(xs) < 2 or _columns_inside(cells, lines) or _rows_inside(cells, lines):
            continue
        if _empty_rows(cells, phrases):
            continue
        return [c for c in cells if box[0] - 2 <= (c[0] + c[2]) / 2 <= box[2] + 2]
    return None


def _without_slivers(cells: Sequence[BBox], phrases: Sequence[Phrase]) -> list[BBox]:
    """A ruled grid's cells with its slivers taken into the columns beside them: a column no
    text stands in, narrower than a line of text, beside one that holds text (a cell's fill
    drawn a few points inside its rules adds an edge beside each rule: `Chlorine and inorganic
    compounds` in a column of its own, a sliver of white either side of it). Where that would
    leave two cells over each other, the grid is kept as drawn."""
    xs, _, _ = boxes_to_grid(cells)
    bounds = [*xs, max(c[2] for c in cells)]
    height = statistics.median(p.bottom - p.top for p in phrases)
    held = [any(a <= p.mid < b for p in phrases) for a, b in pairwise(bounds)]
    sliver = [not h and b - a < height for h, (a, b) in zip(held, pairwise(bounds), strict=True)]
    edges = [sum(1 for c in cells if abs(c[0] - x) <= 1 or abs(c[2] - x) <= 1) for x in bounds]
    gone: set[int] = set()  # indexes of the bounds dropped
    for k, thin in enumerate(sliver):
        if not thin:
            continue
        # a side of the table stays; inside, the bound fewer cells end at goes (the rule
        # runs down the table, a fill's edge not); where as many end at both, the sliver
        # goes to a column that holds text, the left one first
        first, last = k == 0, k + 1 == len(held)
        if first or last:
            gone.add(1 if first else k)
        elif edges[k] < edges[k + 1] or (edges[k] == edges[k + 1] and held[k - 1]):
            gone.add(k)  # into the column on its left
        elif edges[k + 1] < edges[k] or held[k + 1]:
            gone.add(k + 1)  # into the column on its right
    if not gone:
        return list(cells)
    kept = [b for k, b in enumerate(bounds) if k not in gone]
    out: dict[BBox, None] = {}
    for x0, top, x1, bottom in cells:
        if all(sliver[k] for k, (a, b) in enumerate(pairwise(bounds)) if x0 - 1 < a < x1 - 1):
            continue  # a sliver's own box: the cell beside it takes its place
        a, b = _onto(x0, x1, kept)
        if b > a:
            out[(a, top, b, bottom)] = None
    return _regridded(cells, list(out))


def _ruled_rows_only(
    cells: Sequence[BBox], graphics: Graphics, settings: LayoutSettings
) -> list[BBox]:
    """A ruled grid's rows where rules part them: where rules run along most of its row
    bounds, a bound no rule runs along is the edge of a fill drawn behind one line of text
    (eu-001 draws one for each line of `Chlorine and inorganic compounds` / `(as HCl)`), and
    the rows either side of it are one. Where that would leave two cells over each other,
    the grid is kept as drawn."""
    _, tops, _ = boxes_to_grid(cells)
    x0, x1 = min(c[0] for c in cells), max(c[2] for c in cells)
    bounds = [*tops, max(c[3] for c in cells)]
    # a grid's bound lies as far from the rule it was made of as pdfplumber snaps edges
    snap = max(settings.rule_snap, float(DEFAULT_SNAP_TOLERANCE))
    ruled = [
        any(abs(r.pos - y) <= snap and r.end > x0 and r.start < x1 for r in graphics.hrules)
        for y in bounds[1:-1]
    ]
    if not ruled or all(ruled) or 2 * sum(ruled) < len(ruled):
        return list(cells)
    kept = [bounds[0], *(y for y, r in zip(bounds[1:-1], ruled, strict=True) if r), bounds[-1]]
    out: dict[BBox, None] = {}
    for a, top, b, bottom in cells:
        t, u = _onto(top, bottom, kept)
        out[(a, t, b, u)] = None
    return _regridded(cells, list(out))


def _onto(lo: float, hi: float, kept: Sequence[float]) -> tuple[float, float]:
    """A cell's two sides along one axis moved onto the grid's bounds that are kept: its
    first side to the last bound at or before it, its far side to the first at or after it
    (a point either way)."""
    a = kept[max(bisect_right(kept, lo + 1.0) - 1, 0)]
    b = kept[min(bisect_left(kept, hi - 1.0), len(kept) - 1)]
    return a, b


def _regridded(cells: Sequence[BBox], merged: list[BBox]) -> list[BBox]:
    """The cells moved onto fewer bounds, or the grid as drawn where that leaves no cell or
    two cells over each other."""
    return list(cells) if not merged or _overlapping(merged) else merged


def _overlapping(boxes: Sequence[BBox]) -> bool:
    """Whether two boxes overlap (cells a grid's own drawing does not part cleanly)."""
    ordered = sorted(boxes)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b[0] >= a[2] - 0.5:
                break
            if min(a[3], b[3]) - max(a[1], b[1]) > 0.5:
                return True
    return False


def _holds_all(cells: Sequence[BBox], phrases: Sequence[Phrase]) -> bool:
    """Whether every phrase stands in a cell: its middle, and a point under its top, within a
    point of the cell's box (the cells looked up by their tops, those that can reach down to
    the phrase only)."""
    ordered = sorted(cells, key=lambda c: c[1])
    tops = [c[1] for c in ordered]
    tallest = max(c[3] - c[1] for c in ordered)
    for p in phrases:
        x, y = p.mid, p.top + 1
        lo = bisect_left(tops, y - 1 - tallest - 1)
        hi = bisect_right(tops, y + 1)
        if not any(c[0] - 1 <= x <= c[2] + 1 and c[1] - 1 <= y <= c[3] + 1 for c in ordered[lo:hi]):
            return False
    return True


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


def _reach(
    lines: Sequence[Line], columns: Columns, cells: Sequence[BBox] = (), snap: float = 0.0
) -> list[tuple[float, float]]:
    """How far the text of each column reaches left and right (where a line fills its cell),
    from the text of cells one column wide (a group's label in a cell across the row, in bold,
    may run further than any cell of the column lets its text run)."""
    reach = [(b, a) for a, b in columns]
    wide = [c for c in cells if _merged(c, columns, snap)]  # few: looked through for each text
    for ln in lines:
        for p in ln.phrases:
            a, b = spanned(p, columns)
            if a == b and not _in_any(p, wide):
                reach[a] = (min(reach[a][0], p.x0), max(reach[a][1], p.x1))
    return [
        (lo if lo < b else a, hi if hi > a else b)
        for (lo, hi), (a, b) in zip(reach, columns, strict=True)
    ]


def _merged(cell: BBox, columns: Columns, snap: float) -> bool:
    """Whether a ruled cell is wider than every column it stands in, by more than `snap` (the
    rules' own play): a merged cell."""
    return not any(cell[0] >= a - snap and cell[2] <= b + snap for a, b in columns)


def _in_any(p: Phrase, cells: Sequence[BBox]) -> bool:
    """Whether a phrase stands in one of the cells (its box within a point of the cell's
    sides, its middle between the cell's top and bottom)."""
    middle = (p.top + p.bottom) / 2
    return any(c[0] - 0.5 <= p.x0 and p.x1 <= c[2] + 0.5 and c[1] <= middle <= c[3] for c in cells)
