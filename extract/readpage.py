"""The tables of one page of the indicator path: the top of the page going on with the table of
the page before, then each header the profile finds and the rows under it; the lines above each
table (a title) left out with their reason; ruled grids of other tables kept to be listed as
left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pdztables.schemas.profile import Profile

from .cells import grid_to_table, round_box
from .columns import header_columns, snap_columns
from .ends import keyed, table_end
from .graphics import Graphics
from .header import Header, lines_to_headers
from .models import BBox, PageTable, Skipped, enclosing
from .pagedata import Lazy
from .place import Columns
from .primitives import Line, PageContent, centred_in
from .settings import LayoutSettings
from .table import page_cuts, read_region

GRID_COLUMNS = 3


@dataclass(frozen=True)
class Carry:
    """What a table hands to the next page: its header, its columns, and whether it sets its
    text in the middle of its rows."""

    header: Header
    columns: Columns
    centred: bool = False


def find_headers(
    number: int,
    lines: Sequence[Line],
    graphics: Graphics,
    profile: Profile,
    settings: LayoutSettings,
) -> list[Header]:
    """The headers of the profile's table on a page."""
    key = profile.key_column
    return lines_to_headers(
        number,
        lines,
        graphics,
        profile.column_of_parts,
        key.name if key is not None else None,
        settings,
    )


def read_page(
    content: PageContent,
    grids: Sequence[Sequence[BBox]],
    profile: Profile,
    carry: Carry | None,
    settings: LayoutSettings,
    headers: Sequence[Header] | None = None,
) -> tuple[list[PageTable], Carry | None]:
    """The tables of one page, and what the last indicator table hands to the next page.

    The indicator table's parts come region by region: the top of the page going on with the
    table of the page before, then each header found and the rows under it (`headers`: those
    of the content's lines, when known). Ruled grids of other tables are kept too (the report
    lists them as left out).
    """
    if headers is None:
        headers = find_headers(content.number, content.lines, content.graphics, profile, settings)
    found: list[PageTable] = []
    out_carry: Carry | None = None
    if carry is not None and not carry_free(content, headers):
        limit = headers[0].top - 0.5 if headers else content.height
        columns = snap_columns(carry.columns, content.graphics, 0.0, settings)
        table = read_region(
            content, None, carry.header, columns, 0.0, limit, settings, carry.centred
        )
        if table is not None:
            found.append(table)
            out_carry = Carry(carry.header, table.columns, table.centred)
    for k, h in enumerate(headers):
        limit = headers[k + 1].top - 0.5 if k + 1 < len(headers) else content.height
        table = _under_header(content, h, limit, carry, settings)
        if table is not None:
            found.append(table)
            out_carry = Carry(h, table.columns, table.centred)
    found.extend(_other_grids(content, grids, found, settings))
    found.sort(key=lambda t: t.bbox[1])
    return with_titles(found, content.lines, content.number), out_carry


def _under_header(
    content: PageContent, h: Header, limit: float, carry: Carry | None, settings: LayoutSettings
) -> PageTable | None:
    """The table under header `h`, down to `limit` at most."""
    body = _near_lines(content, h.bottom, limit, settings)
    columns = header_columns(h, body, content.graphics, limit, settings)
    # rows taller than their text leave wide white between them: the table's end, found
    # with these columns (bands, rules, rows like rows carry it), gives the whole body; the
    # cuts first moved off the page's words (a cut the first rows gave no words for may fall
    # inside a later row's word, which would end the table there)
    probe, _ = page_cuts(content, h, columns, h.top, limit, settings)
    end, _, below = table_end(content, probe, h.bottom + 0.5, limit, settings, h, h.key)
    # lines under that end with a key of their own are rows too, whatever their text crosses
    # (a cut the rows above gave no words for): their text shows where the columns part
    if any(keyed(ln, probe, h.key) for ln in below):
        end = limit
    whole = _near_lines(content, h.bottom, end + 0.5, settings, gaps=False)
    if len(whole) > len(body):
        columns = header_columns(h, whole, content.graphics, limit, settings)
    # the table's header drawn again: the table sets its text as on the page before
    again = carry is not None and carry.centred and h.same_as(carry.header)
    return read_region(content, h, h, columns, h.top, limit, settings, again)


def _other_grids(
    content: PageContent,
    grids: Sequence[Sequence[BBox]],
    found: Sequence[PageTable],
    settings: LayoutSettings,
) -> list[PageTable]:
    """Ruled grids of other tables on the page, outside the tables read."""
    # pdfplumber's table finder (a tenth of a page's reading) runs only where something is
    # drawn outside the tables read: any grid it found there would be theirs
    if isinstance(grids, Lazy) and grids.found_within([t.bbox for t in found]):
        return []
    out: list[PageTable] = []
    for cells in grids:  # a grid over a table kept (read, or a grid before) is left out
        box = enclosing(cells)  # rounded, the box grid_to_table would give it
        if box is None or any(overlap(round_box(box), t.bbox) for t in [*found, *out]):
            continue
        inside = centred_in(content.chars, box)  # its own letters: none outside is left out
        table = grid_to_table(
            content.number, cells, inside, "grid", settings, kind_of=lambda _: "other"
        )
        if table.n_cols >= GRID_COLUMNS:
            out.append(table)
    return out


def with_titles(tables: list[PageTable], lines: Sequence[Line], page: int) -> list[PageTable]:
    """The tables read with the lines starting above each (below the table before, over its
    columns, not the header's) left out as `before` (a title, a caption, a page's running head
    that the table's top overlaps)."""
    out: list[PageTable] = []
    floor = 0.0
    for t in tables:
        if t.header is not None:
            x0, top, x1, _ = t.bbox
            head = t.header
            above = [
                Skipped(page, ln.box, "before", ln.text)
                for ln in lines
                if floor - 0.5 <= ln.top < top - 0.5
                and not head.holds(ln.top)
                and ln.x1 > x0
                and ln.x0 < x1
            ]
            t = replace(t, skipped=(*above, *t.skipped))
        out.append(t)
        floor = t.bbox[3]
    return out


def carry_free(content: PageContent, headers: Sequence[Header]) -> bool:
    """Whether a page reads the same whatever table the page before hands it: it has no text
    above its first header (where a table going on from the page before would stand)."""
    limit = headers[0].top - 0.5 if headers else content.height
    return not any(ln.bottom <= limit + 0.5 for ln in content.lines)


def _near_lines(
    content: PageContent, top: float, limit: float, settings: LayoutSettings, gaps: bool = True
) -> list[Line]:
    """The lines under a header down to the first wide gap (or, without `gaps`, to `limit`):
    the body, roughly, for columns."""
    out: list[Line] = []
    gap = settings.end_gap * content.line_height
    for ln in content.lines:
        if ln.top < top - 0.5 or ln.bottom > limit:
            continue
        if gaps and out and ln.top - out[-1].bottom > gap:
            break
        out.append(ln)
    return out


def overlap(a: BBox, b: BBox) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1
