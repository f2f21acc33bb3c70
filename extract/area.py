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

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from .areas import area_lines
from .cells import boxes_to_grid, grid_to_table
from .classify import cell_spacing, grid_header_kinds, header_end, is_number
from .graphics import Graphics
from .grouping import header_rows_of, text_header
from .gutters import columns_of, gutters, merge_disjoint
from .header import line_height
from .models import BBox, PageTable
from .place import Columns, spanned
from .primitives import Char, Line, PageContent, Phrase
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
) -> PageTable | None:
    """The table in `box` of a page (`size`: its width and height), or None when the box holds
    no text."""
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
    grid = _ruled_grid(grids, inside, box, settings) if ruled else None
    if grid is not None:
        xs, _, _ = boxes_to_grid(grid)
        columns = columns_of(xs[1:], xs[0], max(c[2] for c in grid))
        reach = _reach(inside, columns)
        table = grid_to_table(page, grid, chars_in, "grid", settings, content=reach)
        return grid_header_kinds(table)
    columns = _text_columns(inside, graphics, settings)
    ttop, tbottom = inside[0].top, inside[-1].bottom
    seps = [
        s.y
        for s in separators(graphics, columns, ttop - 2, tbottom + 2, settings)
        if s.source in ("rule", "band")
    ]
    head = header_end(inside, columns, seps, cell_spacing(inside, settings.cell_gaps))
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
    return read_region(content, drawn, plain, columns, region_top, limit, settings, found=True)


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
    for cells in grids:
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


def _reach(lines: Sequence[Line], columns: Columns) -> list[tuple[float, float]]:
    """How far the text of each column reaches left and right (where a line fills its cell)."""
    reach = [(b, a) for a, b in columns]
    for ln in lines:
        for p in ln.phrases:
            a, b = spanned(p, columns)
            if a == b:
                reach[a] = (min(reach[a][0], p.x0), max(reach[a][1], p.x1))
    return [
        (lo if lo < b else a, hi if hi > a else b)
        for (lo, hi), (a, b) in zip(reach, columns, strict=True)
    ]
