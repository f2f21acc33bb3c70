"""Read one table region of a page: columns, where the table ends, rows and cells.

A region starts at a header found on the page, at the top of a page that continues the
table of the page before (with that table's columns), or (for `pdztables tables`) at the top
of a region found to hold a table and nothing else, its header read from its text. Whatever
draws the table is evidence, region by region, not page by page: vertical rules, rules
interrupted at a merged cell and white space give the columns; horizontal rules, the edges of
background bands (a header band, zebra stripes, group bands) and, where neither runs between
rows, the text of the key column give the rows. A one-row box around the header never hides
the table under it.

Steps: `header_columns` (cuts between the header's columns), `table_end` (down to where the
table stops: a wide gap, text that does not fit the columns, another header), `separators`
(rules and band edges across the table), `top_fragment` (header pieces standing at the top),
`rows_of` (separator bands, split where a new key starts), `cell_boxes` (spans from interrupted
rules), then the shared cell step.

Limitations: a region's columns are those of its header (a body column the header does not
have is read into its neighbour); a table with no rules whose rows do not start with text in
the key column joins those rows into the row above (with no key column, a line starts a row
unless its text goes on with the row above: a row starting in lower case is joined).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from .cells import grid_to_table
from .classify import top_fragment
from .columns import refine_cuts, widen_sides, without_spanners
from .doubts import overdrawn_text, overflowing_text, straddling_word
from .ends import continues_table, row_like, table_end
from .graphics import Graphics
from .header import Header
from .models import BBox, PageTable, Skipped
from .place import Columns, Separator, middle, overlaps_x, split_at_cuts
from .primitives import Char, Line, PageContent
from .rows import rows_of, separators
from .settings import LayoutSettings
from .spans import cell_boxes, content_edges, header_boxes, is_ruled_across, vertical_cuts
from .textrows import cell_leading, centred_rows


def page_cuts(
    content: PageContent,
    header: Header | None,
    columns: Columns,
    top: float,
    limit: float,
    settings: LayoutSettings,
) -> tuple[Columns, list[Line]]:
    """A region's columns with their cuts moved off the words of the page's lines from `top`
    down to `limit` (`refine_cuts`), and those lines (a header's spanning cells left out)."""
    near = [ln for ln in content.lines if top - 0.5 <= ln.top and ln.bottom <= limit + 0.5]
    if header is not None:
        near = without_spanners(near, header, columns)
    split = [split_at_cuts(ln, columns) for ln in near]
    return refine_cuts(columns, split, content.graphics.vrules, settings, whole=near), near


def read_region(
    content: PageContent,
    header: Header | None,
    table_header: Header,
    columns: Columns,
    top: float,
    limit: float,
    settings: LayoutSettings,
    centred: bool = False,
    found: bool = False,
) -> PageTable | None:
    """The table in a region: `header` is the one drawn at its top (None on a page that goes on
    with the table of the page before, or on a table with no header), `table_header` the
    table's own (for its key column and for telling header fragments); `centred`, whether the
    table's part on the page before set its text in the middle of its rows; `found`, whether
    the region is known to hold a table and nothing else (every line of it is the table's;
    else the table ends where `table_end` says, and with no header the top of the page must go
    on with the table of the page before)."""
    g, key = content.graphics, table_header.key
    columns, near = page_cuts(content, header, columns, top, limit, settings)
    head_top, body_top = _header_bounds(content, header, columns, top, settings)
    below: list[Line] = []
    if found:  # every line of a region found as a table is the table's
        bottom, lines = limit, _region_lines(content, header, columns, body_top)
    else:
        bottom, lines, below = table_end(
            content, columns, body_top, limit, settings, header, table_header.key
        )
    body = [ln for ln in lines if middle(ln) >= body_top]
    if header is None and not found:
        if not continues_table(body, columns, g, body_top, bottom, settings):
            return None
        body_top = _first_item_top(body, columns, g, body_top)
    columns = widen_sides(columns, body)
    apart = cell_leading(body, columns) + settings.row_white
    n_frag = top_fragment(body, columns, table_header, header is not None, apart)
    frag_bottom = _fragment_bottom(body, n_frag, bottom)
    seps = _row_separators(g, columns, body_top, bottom, frag_bottom, settings)
    rows = rows_of(seps, body, columns, table_header.key, settings, table_header, centred)
    if not rows and header is None:
        return None
    cut_rules = vertical_cuts(g, columns, body_top, bottom, settings)
    centred = centred or centred_rows(rows, columns, table_header.key)
    boxes = cell_boxes(rows, columns, cut_rules, settings, apart, centred)
    heads: list[BBox] = []
    if header is not None:
        heads = header_boxes(header, columns, head_top, body_top)
        boxes = heads + boxes
    if not boxes:
        return None
    chars = _table_chars(content, header, columns, boxes, body_top, settings.line_overlap)
    right_ruled = any(
        abs(r.pos - columns[-1][1]) <= 2 * settings.rule_snap
        for r in g.vrules
        if r.end > body_top and r.start < bottom
    )
    edges = content_edges(body, columns, cut_rules, right_ruled, settings.cell_padding)
    ruling = _ruling(seps, is_ruled_across(rows, cut_rules))
    kind_of = _row_kinds(body_top, frag_bottom, {round(r.top, 2) for r in rows if r.piece})
    places = _header_places(header, heads, chars) if header is not None else None
    table = grid_to_table(
        content.number, boxes, chars, ruling, settings, edges, kind_of, places=places
    )
    y1 = max(b[3] for b in boxes)
    return PageTable(
        page=table.page,
        bbox=table.bbox,
        columns=columns,
        row_tops=table.row_tops,
        cells=table.cells,
        ruling=table.ruling,
        row_kinds=table.row_kinds,
        header=header,
        unread=tuple(ln.text for ln in below if row_like(split_at_cuts(ln, columns), columns, key)),
        skipped=tuple(Skipped(content.number, ln.box, "after", ln.text) for ln in below),
        at_foot=not below and content.height - y1 < settings.foot_share * content.height,
        overdrawn=overdrawn_text(chars, settings.row_share),
        straddling=straddling_word(body, columns, cut_rules, settings.lined_up)
        or overflowing_text(near, body_top, bottom, columns, cut_rules, header),
        centred=centred,
        unplaced=table.unplaced,
    )


def _header_places(
    header: Header, boxes: Sequence[BBox], chars: Sequence[Char]
) -> dict[int, tuple[float, float]]:
    """Where the letters of a header cell's text standing outside the cell's box are placed
    in the table's cells: in the middle of the cell's box (a header set wider than its
    column's figures reaches over the cut into the white of the column before: `AMOUNT ($)`
    stays whole, not `AM` | `OUNT ($)`). Only letters within the text of one cell alone
    (its phrases' box); by the letter's id."""
    cells = [(c, b) for c, b in zip(header.cells, boxes, strict=True) if c.text]
    out: dict[int, tuple[float, float]] = {}
    if not cells:
        return out
    band_top, band_bottom = min(c.top for c, _ in cells), max(c.bottom for c, _ in cells)
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not band_top <= cy <= band_bottom:  # the body's letters: in no header cell's text
            continue
        held = [(c, b) for c, b in cells if c.x0 <= cx <= c.x1 and c.top <= cy <= c.bottom]
        if len(held) != 1:
            continue
        _, (x0, top, x1, bottom) = held[0]
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            out[id(ch)] = ((x0 + x1) / 2, (top + bottom) / 2)
    return out


def _header_bounds(
    content: PageContent,
    header: Header | None,
    columns: Columns,
    top: float,
    settings: LayoutSettings,
) -> tuple[float, float]:
    """(where the header starts, where the body starts): both the region's top with no header;
    a rule or band edge across `separator_cover` of the table's width bounds the header."""
    if header is None:
        return top, top
    g, cover = content.graphics, settings.separator_cover
    body_top = _below_header(header, g, columns, content.lines, cover)
    reach = settings.head_reach * content.line_height
    head_top = _above_header(header, g, columns, reach, cover)
    # a row's first line may reach up beside a header cell cut short (a word processor
    # clips a repeated header row): it starts the body all the same
    x0, x1 = columns[0][0], columns[-1][1]
    after = [
        ln.top
        for ln in content.lines
        if header.top < ln.top < body_top and not header.holds(ln.top) and overlaps_x(ln, x0, x1)
    ]
    return head_top, min([body_top, *(t - 0.25 for t in after)])


def _region_lines(
    content: PageContent, header: Header | None, columns: Columns, top: float
) -> list[Line]:
    """The lines of a region below `top`, the header's left out, cut where a cut runs through
    white between their phrases."""
    return [
        split_at_cuts(ln, columns)
        for ln in content.lines
        if middle(ln) >= top and not (header is not None and header.holds(ln.top))
    ]


def _first_item_top(body: Sequence[Line], columns: Columns, g: Graphics, body_top: float) -> float:
    """Where a page going on with the table starts: at its first item (a line, or the rule or
    the start of a vertical rule just over it)."""
    if not body:
        return body_top
    x0, x1 = columns[0][0], columns[-1][1]
    starts = (
        [body[0].top - 1.0]
        + [r.start for r in g.vrules if x0 - 2 <= r.pos <= x1 + 2 and r.end > body[0].top]
        + [r.pos for r in g.hrules if r.pos <= body[0].top and r.end > x0 and r.start < x1]
    )
    return max(body_top, min(starts))


def _fragment_bottom(body: Sequence[Line], n_frag: int, bottom: float) -> float | None:
    """Where the header pieces at the body's top end (None when there are none)."""
    if not n_frag:
        return None
    return (body[n_frag - 1].bottom + body[n_frag].top) / 2 if n_frag < len(body) else bottom


def _row_separators(
    g: Graphics,
    columns: Columns,
    body_top: float,
    bottom: float,
    frag_bottom: float | None,
    settings: LayoutSettings,
) -> list[Separator]:
    """The separators between the body's rows, with one under the header pieces at its top."""
    seps = separators(g, columns, body_top, bottom, settings)
    if frag_bottom is not None:
        seps = [s for s in seps if s.y >= frag_bottom - 0.5 or s.source == "edge"]
        seps.insert(1, Separator(frag_bottom, "fragment", ()))
        seps.sort(key=lambda s: s.y)
    return seps


def _table_chars(
    content: PageContent,
    header: Header | None,
    columns: Columns,
    boxes: Sequence[tuple[float, float, float, float]],
    body_top: float,
    overlap: float,
) -> list[Char]:
    """The page's characters inside the table's cells, header lines kept in the header (a
    character whose top is within `overlap` of a header line's is on that line)."""
    x0, x1 = columns[0][0], columns[-1][1]
    y0 = min(b[1] for b in boxes)
    y1 = max(b[3] for b in boxes)
    chars = [
        c
        for c in content.chars
        if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1 and y0 <= (c["top"] + c["bottom"]) / 2 <= y1
    ]
    if header is not None:
        chars = [_in_header(c, header, body_top, overlap) for c in chars]
    return chars


def _ruling(seps: Sequence[Separator], ruled_across: bool) -> str:
    """How the rows are drawn apart: grid, hrules, bands, or text."""
    inner = [s for s in seps if s.source in ("rule", "band")]
    if not inner:
        return "text"
    ruled = any(s.source == "rule" for s in inner)  # rules between rows, not only bands
    return "grid" if ruled_across and ruled else ("hrules" if ruled else "bands")


def _row_kinds(
    body_start: float, frag_end: float | None, pieces: set[float]
) -> Callable[[float], str]:
    """A row's kind by its top: header, fragment (header pieces) or body."""

    def kind_of(row_top: float) -> str:
        if row_top < body_start - 0.5:
            return "header"
        if frag_end is not None and row_top < frag_end - 0.5:
            return "fragment"
        if round(row_top, 2) in pieces:
            return "fragment"
        return "body"

    return kind_of


def _in_header(c: Char, header: Header, body_top: float, overlap: float) -> Char:
    """A character of a header line reaching below the body's top, moved up into the header
    (its line belongs to the header as a whole)."""
    middle = (c["top"] + c["bottom"]) / 2
    if middle < body_top or not any(t - 0.5 <= middle <= b + 0.5 for t, b in header.lines):
        return c
    if not any(abs(c["top"] - t) <= overlap for t, _ in header.lines):
        return c
    shift = middle - body_top + 0.1
    return {**c, "top": c["top"] - shift, "bottom": c["bottom"] - shift}


def _below_header(
    header: Header, g: Graphics, columns: Columns, lines: Sequence[Line], cover: float
) -> float:
    """Where the body starts: the rule or band edge under the header that is nearest the first
    line below it (a header row may be much taller than its text); with no line below, the
    first edge under the header (the header row's own); else just below its text."""
    x0, x1 = columns[0][0], columns[-1][1]
    width = x1 - x0
    after = [
        ln.top
        for ln in lines
        if ln.top > header.bottom - 0.5 and not header.holds(ln.top) and overlaps_x(ln, x0, x1)
    ]
    limit = min(after) + 0.5 if after else math.inf
    candidates = [
        r.pos
        for r in g.hrules
        if header.bottom - 0.5 <= r.pos <= limit
        and min(x1, r.end) - max(x0, r.start) >= cover * width
    ] + [
        b.bottom
        for b in g.bands
        if b.top <= header.bottom and header.bottom - 0.5 <= b.bottom <= limit
    ]
    if not candidates:
        return header.bottom + 1.0
    return max(candidates) if after else min(candidates)


def _above_header(
    header: Header, g: Graphics, columns: Columns, reach: float, cover: float
) -> float:
    """Where the header starts: the rule or band edge at most `reach` over it, else just above
    its text."""
    x0, x1 = columns[0][0], columns[-1][1]
    width = x1 - x0
    candidates = [
        r.pos
        for r in g.hrules
        if header.top - reach <= r.pos <= header.top + 0.5
        and min(x1, r.end) - max(x0, r.start) >= cover * width
    ] + [
        b.top
        for b in g.bands
        if b.bottom >= header.top and header.top - reach <= b.top <= header.top + 0.5
    ]
    return max(candidates) if candidates else header.top - 1.0
