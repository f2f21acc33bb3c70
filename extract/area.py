"""Read any table of a page with no profile: columns from rules and the text's alignment, rows
from rules, bands and the text's lines, wrapped lines kept in their row.

`read_area` reads one region (given, or found by `areas.find_areas`): a ruled grid that holds all
of its text is read cell by cell; otherwise the columns are the gutters of white that runs down
the region (`gutters`), the header's end is the classifier's (`classify.header_end`), and the
rows are the bands between the separators of `rows` split where the text starts a new row
(`grouping`). It hands back a `PageTable` built by the shared cell step (`grid_to_table`), as the
indicator path does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from .areas import area_lines
from .cells import boxes_to_grid, grid_to_table
from .classify import cell_spacing, grid_header_kinds, header_end, is_number
from .graphics import Graphics
from .grouping import RowLines, group_rows
from .gutters import columns_of, gutters, merge_disjoint
from .models import BBox, PageTable
from .place import Columns, spanned
from .primitives import Char, Line, Phrase
from .rows import separators
from .settings import LayoutSettings


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
        table = grid_to_table(page, grid, chars_in, "grid", settings, content=reach)
        return grid_header_kinds(table)
    tx0 = min(ln.x0 for ln in inside)
    tx1 = max(ln.x1 for ln in inside)
    ttop, tbottom = inside[0].top, inside[-1].bottom
    height = max(1.0, tbottom - ttop)
    vrules = sorted(
        r.pos
        for r in graphics.vrules
        if tx0 - 1 < r.pos < tx1 + 1 and min(r.end, tbottom) - max(r.start, ttop) >= 0.5 * height
    )
    cuts = gutters(inside, tx0 - 1, tx1 + 1, vrules, settings)
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
    table = grid_to_table(page, boxes, chars, ruling, settings, content=reach)
    return replace(table, row_kinds=tuple(kinds))


def _reach(rows: Sequence[RowLines], columns: Columns) -> list[tuple[float, float]]:
    """How far the text of each column reaches left and right (where a line fills its cell)."""
    reach = [(b, a) for a, b in columns]
    for row in rows:
        for ln in row.lines:
            for p in ln.phrases:
                a, b = spanned(p, columns)
                if a == b:
                    reach[a] = (min(reach[a][0], p.x0), max(reach[a][1], p.x1))
    return [
        (lo if lo < b else a, hi if hi > a else b)
        for (lo, hi), (a, b) in zip(reach, columns, strict=True)
    ]
