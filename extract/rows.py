"""A table's rows: boundaries drawn across it (rules, band edges), header pieces at its top, and
the bands between boundaries split where a new row starts."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from .classify import cell_spacing, is_label, is_piece_row
from .graphics import Graphics
from .grouping import Continues, ruled_everywhere
from .header import Header
from .place import Columns, RowBand, Separator, column_of, text_edge
from .primitives import Line
from .settings import LayoutSettings
from .textrows import (
    _centred,
    _keys_in,
    _one_row,
    _text_rows,
    cell_leading,
    join_leads,
    narrow_key,
    rebalance,
)


def separators(
    graphics: Graphics, columns: Columns, top: float, bottom: float, settings: LayoutSettings
) -> list[Separator]:
    """Boundaries between rows inside [top, bottom]: rules and band edges across the table.

    What runs along one boundary is summed: rules, and the edges of bands (a zebra stripe is
    cut short by a cell merged down across it, as a rule is). Where rules run along it, they
    alone say which cells it closes.
    """
    x0, x1 = columns[0][0], columns[-1][1]
    snap = settings.rule_snap
    out = [Separator(top, "edge", ((x0, x1),))]
    for grp in _snapped(_edges(graphics, x0, x1, top - snap, bottom + snap), snap):
        y = sum(i[0] for i in grp) / len(grp)
        if y - top <= snap or bottom - y <= snap:
            continue
        cover = tuple(_merge([i[2] for i in grp]))
        if sum(b - a for a, b in cover) < settings.separator_cover * (x1 - x0):
            continue
        source = "rule" if any(i[1] == "rule" for i in grp) else "band"
        if source == "rule":  # where rules part the cells, a fill's edge beside them does not
            # (a browser paints a merged cell's fill short of its rule at a page break)
            cover = tuple(_merge([i[2] for i in grp if i[1] == "rule"]))
        out.append(Separator(y, source, cover))
    out.append(Separator(bottom, "edge", ((x0, x1),)))
    return out


_Edge = tuple[float, str, tuple[float, float]]


def _edges(graphics: Graphics, x0: float, x1: float, lo: float, hi: float) -> list[_Edge]:
    """The rules and band edges between heights lo and hi over [x0, x1]: (height, source,
    the stretch they run along), top to bottom."""
    found: list[_Edge] = []
    for r in graphics.hrules:
        if lo <= r.pos <= hi and r.end > x0 and r.start < x1:
            found.append((r.pos, "rule", (max(r.start, x0), min(r.end, x1))))
    for b in graphics.bands:
        if b.x1 <= x0 or b.x0 >= x1:
            continue
        for y in (b.top, b.bottom):
            if lo <= y <= hi:
                found.append((y, "band", (max(b.x0, x0), min(b.x1, x1))))
    return sorted(found)


def _snapped(found: Sequence[_Edge], snap: float) -> list[list[_Edge]]:
    """The edges in groups, each within `snap` of the one before it."""
    groups: list[list[_Edge]] = []
    for item in found:
        if groups and item[0] - groups[-1][-1][0] <= snap:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _merge(ivs: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(ivs):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def rows_of(
    seps: Sequence[Separator],
    lines: Sequence[Line],
    columns: Columns,
    key: int | None,
    settings: LayoutSettings,
    header: Header | None = None,
    centred: bool = False,
) -> list[RowBand]:
    """The rows: the bands between separators, each split where a new row starts in it
    (`centred`: the table sets its text in the middle of its rows, as seen on a page before).

    With rules or bands between rows, a row starts inside a band only at a line whose key cell
    holds a second key (`48` over `49` are two rows) or at a label; with nothing drawn between
    rows, at every line with text in the key column, at labels and at pieces of the header
    (`header`: its dates standing alone where a row would). Between two rows that start so,
    the boundary is the widest white between their lines (text set in the middle of a row
    stands above its key; see `rebalance`). With no key column (`key` None), a band is a row
    where rules run between half the lines or more (`ruled_rows`), or where most bands drawn
    on both sides hold one record, its cells wrapped (`_rows_ruled`); either way a band of
    records stacked, each line a value in every column the band fills (`_one_record`), is
    read as text. Else a line starts a row unless its text goes on with the row above
    (`grouping.goes_on`).
    """
    gaps = sorted(b.top - a.bottom for a, b in pairwise(lines))
    tight = gaps[len(gaps) // 4] if gaps else 0.0  # the white between the lines of a cell
    leading = cell_leading(lines, columns)
    apart = leading + settings.row_white  # lines of one cell stand closer
    stack = max(tight, leading)  # digits of one key, one a line
    narrow = key is not None and narrow_key(lines, columns, key, stack)
    bands = [
        [ln for ln in lines if a.y - 0.5 <= (ln.top + ln.bottom) / 2 <= b.y + 0.5]
        for a, b in pairwise(seps)
    ]
    counts = [_keys_in(band, columns, key, narrow, stack) for band in bands]
    goes: Continues | None = None
    if key is None:
        spacing = cell_spacing(lines, settings.cell_gaps)
        left = text_edge(lines, columns, 0)
        goes = Continues(
            columns, spacing, left or columns[0][1], settings.space_width, settings.wrap_aligned
        )
    # separators drawn between the rows (not only between groups): a band is a row; only
    # bands drawn on both sides tell (a page's one row under a header fragment's box does not)
    keyed = [c for c, both in zip(counts, _drawn_both(seps), strict=True) if c and both]
    dense = bool(keyed) and sum(1 for c in keyed if c == 1) >= settings.keyed_rows * len(keyed)
    if key is None:
        drawn = [s.y for s in seps if s.source in ("rule", "band")]
        # rules between the rows: between most lines, or between rows whose cells wrap
        one = _one_record(bands, columns)
        dense = ruled_everywhere(lines, drawn, settings.ruled_rows) or _rows_ruled(
            seps, bands, one, settings.keyed_rows
        )
        if dense:  # a band of records stacked between two rules counts two keys
            counts = [max(c, 0 if o else 2) for c, o in zip(counts, one, strict=True)]
    grouped: list[tuple[Separator, Separator, list[list[Line]], bool]] = []
    for (above, below), inside, keys in zip(pairwise(seps), bands, counts, strict=True):
        if not inside:
            continue
        # where separators run between the rows, a band holding one key (or none) is one row:
        # lines above its key belong to it (a key set lower, a merged cell's overflow); a band
        # holding more (`48` over `49`), or separators only between groups, is read as a table
        # with no rules
        if dense and keys <= 1:
            grouped.append((above, below, _one_row(inside, columns), False))
        else:
            groups = _text_rows(inside, columns, key, narrow, stack, header, apart, goes)
            grouped.append(
                (above, below, rebalance(groups, columns, key, apart, settings.white_tie), True)
            )
    centred = centred or _centred([g for _, _, groups, _ in grouped for g in groups], columns, key)
    out: list[RowBand] = []
    for above, below, groups, text in grouped:
        if text and centred:
            groups = join_leads(groups, columns, key, apart)
        out += _bands_of(groups, above, below, columns, header)
    return out


def _one_record(bands: Sequence[Sequence[Line]], columns: Columns) -> list[bool]:
    """With no key column: whether each band holds one record, its lines a row's. A row
    starts with a full line (text in every column the band fills) and its cells wrap onto
    lines that are not full; records stacked between two rules are full lines each
    (`FY2013` over `FY2014`, every column a value a line): two full lines at least. A band
    filling one column is one record (a cell's wrapped lines)."""
    out = []
    for band in bands:
        filled = [{column_of(p.mid, columns) for p in ln.phrases} for ln in band]
        width = len(set().union(*filled)) if filled else 0
        full = sum(1 for f in filled if len(f) == width)
        out.append(width < 2 or full < 2)
    return out


def _rows_ruled(
    seps: Sequence[Separator], bands: Sequence[Sequence[Line]], one: Sequence[bool], share: float
) -> bool:
    """With no key column: whether the rules run between the rows where wrapped cells give
    rows several lines: at least `share` of the bands drawn on both sides (three at least)
    hold one record (`_one_record`)."""
    drawn = [
        o for o, band, both in zip(one, bands, _drawn_both(seps), strict=True) if band and both
    ]
    return len(drawn) >= 3 and sum(drawn) >= share * len(drawn)


def _drawn_both(seps: Sequence[Separator]) -> list[bool]:
    """Whether each band between two separators is drawn on both sides (rules or band
    edges), not bounded by the region's edge."""
    return [
        a.source in ("rule", "band") and b.source in ("rule", "band") for a, b in pairwise(seps)
    ]


def _bands_of(
    groups: Sequence[Sequence[Line]],
    above: Separator,
    below: Separator,
    columns: Columns,
    header: Header | None,
) -> list[RowBand]:
    """The rows of one band between two separators, each bounded halfway between its lines and
    the next row's."""
    bounds = [above.y]
    for prev, nxt in pairwise(groups):
        bounds.append((max(ln.bottom for ln in prev) + nxt[0].top) / 2)
    bounds.append(below.y)
    out = []
    for k, grp in enumerate(groups):
        sep = above if k == 0 else Separator(bounds[k], "text", ())
        label = len(grp) == 1 and is_label(grp[0], columns)
        piece = is_piece_row(grp, columns, header)
        out.append(RowBand(bounds[k], bounds[k + 1], sep, tuple(grp), label, piece))
    return out
