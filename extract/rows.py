"""A table's rows: boundaries drawn across it (rules, band edges), header pieces at its top, and
the bands between boundaries split where a new row starts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .header import Header
from .place import Columns, column_of, is_key, is_label, key_text, texts_by_column
from .primitives import Graphics, Line, Phrase
from .settings import LayoutSettings


@dataclass(frozen=True)
class Separator:
    """A horizontal boundary between rows: where, what drew it, and which spans it covers."""

    y: float
    source: str  # "rule", "band", "edge" (the region's top or bottom), "text", "fragment"
    cover: tuple[tuple[float, float], ...]

    def covers(self, a: float, b: float, share: float) -> bool:
        """Whether it runs across at least `share` of the span [a, b]."""
        if self.source not in ("rule", "band"):
            return True
        got = sum(max(0.0, min(b, e) - max(a, s)) for s, e in self.cover)
        return got >= share * (b - a)


@dataclass(frozen=True)
class RowBand:
    """One row of the region: its top and bottom, what bounds it above, and its lines."""

    top: float
    bottom: float
    above: Separator
    lines: tuple[Line, ...]
    label: bool
    piece: bool = False
    """Whether the row holds only pieces of the header (a fragment standing where a row would)."""


def separators(
    graphics: Graphics, columns: Columns, top: float, bottom: float, settings: LayoutSettings
) -> list[Separator]:
    """Boundaries between rows inside [top, bottom]: rules and band edges across the table.

    What runs along one boundary is summed: rules, and the edges of bands (a zebra stripe is
    cut short by a cell merged down across it, as a rule is). Where rules run along it, they
    alone say which cells it closes.
    """
    x0, x1 = columns[0][0], columns[-1][1]
    width = x1 - x0
    snap = settings.rule_snap
    found: list[tuple[float, str, tuple[float, float]]] = []
    for r in graphics.hrules:
        if top - snap <= r.pos <= bottom + snap and r.end > x0 and r.start < x1:
            found.append((r.pos, "rule", (max(r.start, x0), min(r.end, x1))))
    for b in graphics.bands:
        if b.x1 <= x0 or b.x0 >= x1:
            continue
        for y in (b.top, b.bottom):
            if top - snap <= y <= bottom + snap:
                found.append((y, "band", (max(b.x0, x0), min(b.x1, x1))))
    found.sort()
    groups: list[list[tuple[float, str, tuple[float, float]]]] = []
    for item in found:
        if groups and item[0] - groups[-1][-1][0] <= snap:
            groups[-1].append(item)
        else:
            groups.append([item])
    out = [Separator(top, "edge", ((x0, x1),))]
    for grp in groups:
        y = sum(i[0] for i in grp) / len(grp)
        if y - top <= snap or bottom - y <= snap:
            continue
        cover = tuple(_merge([i[2] for i in grp]))
        if sum(b - a for a, b in cover) < settings.separator_cover * width:
            continue
        source = "rule" if any(i[1] == "rule" for i in grp) else "band"
        if source == "rule":  # where rules part the cells, a fill's edge beside them does not
            # (a browser paints a merged cell's fill short of its rule at a page break)
            cover = tuple(_merge([i[2] for i in grp if i[1] == "rule"]))
        out.append(Separator(y, source, cover))
    out.append(Separator(bottom, "edge", ((x0, x1),)))
    return out


def _merge(ivs: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(ivs):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def top_fragment(
    lines: Sequence[Line],
    columns: Columns,
    header: Header,
    clipped: bool = False,
    apart: float | None = None,
) -> int:
    """How many lines at the top are only pieces of the header (such as its dates alone, or
    a date cut by a narrow column over two lines; under a header drawn again, the rest of one
    of its cells that the header row cut short). Unless `clipped`, pieces that the next line
    goes on with in their column, no further below than `apart` (a cell's lines), are the
    first line of a cell (`Responsabile` over `amministrazione CSC`), no fragment."""
    n = 0
    while n < len(lines):
        for k in (3, 2, 1):
            if n + k > len(lines):
                continue
            piece = lines[n : n + k]
            if not header.is_fragment(texts_by_column(piece, columns), clipped):
                continue
            if (
                not clipped
                and apart is not None
                and _goes_on(piece, lines[n + k :], columns, apart)
            ):
                continue
            n += k
            break
        else:
            break
    return n


def _goes_on(piece: Sequence[Line], rest: Sequence[Line], columns: Columns, apart: float) -> bool:
    """Whether the text under some lines, in one of their columns (the next in that column,
    whatever lines of other columns stand between), comes no further below than `apart`."""
    ends: dict[int, float] = {}
    for ln in piece:
        for p in ln.phrases:
            ends[column_of(p.mid, columns)] = p.bottom
    for ln in rest:
        for p in ln.phrases:
            c = column_of(p.mid, columns)
            if c in ends:
                if p.top - ends[c] <= apart:
                    return True
                del ends[c]
        if not ends:
            break
    return False


def cell_leading(lines: Sequence[Line], columns: Columns) -> float:
    """The white between the lines of one cell: of the white between a column's text lines,
    one above the other, the usual (median) of those narrower than half a line (rows stand
    further apart than a cell's lines; a column of one-line cells shows only rows' white), else
    the narrowest; 0 where no column has two lines."""
    gaps: list[float] = []
    heights: list[float] = []
    for c in range(len(columns)):
        tops = sorted(
            (p.top, p.bottom) for ln in lines for p in ln.phrases if column_of(p.mid, columns) == c
        )
        heights += [b - t for t, b in tops]
        gaps += [b[0] - a[1] for a, b in pairwise(tops) if b[0] >= a[1] - 0.5]
    if not gaps:
        return 0.0
    half = 0.5 * sorted(heights)[len(heights) // 2]
    close = sorted(g for g in gaps if g < half)
    return max(0.0, close[len(close) // 2] if close else min(gaps))


def narrow_key(lines: Sequence[Line], columns: Columns, key: int, tight: float) -> bool:
    """Whether the key column is too narrow for two digits, so that `13` is drawn `1` over `3`:
    its bounds leave no room for two, or no key on the page is drawn with two digits on a line
    and some are drawn a digit a line, the lines as close as a cell's."""
    a, b = columns[key]
    keyed = [(ln, p) for ln in lines for p in ln.phrases if column_of(p.mid, columns) == key]
    digits = [p for _, p in keyed if p.text.isdigit()]
    if not digits:
        return False
    widest = max((p.x1 - p.x0) / len(p.text) for p in digits)
    pad = max(0.0, min(p.x0 - a for p in digits))
    if (b - a) - 2 * pad < 2 * widest:
        return True
    if any(len(p.text) > 1 for p in digits):
        return False
    stacked = [
        (x, y)
        for x, y in pairwise(keyed)
        if x[1].text.isdigit() and y[1].text.isdigit() and y[0].top - x[0].bottom <= tight + 1.0
    ]
    return bool(stacked)


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
    stands above its key; see `rebalance`).
    """
    ruled = any(s.source in ("rule", "band") for s in seps)  # drawn, not a fragment
    gaps = sorted(b.top - a.bottom for a, b in pairwise(lines))
    tight = gaps[len(gaps) // 4] if gaps else 0.0  # the white between the lines of a cell
    apart = cell_leading(lines, columns) + settings.row_white  # lines of one cell stand closer
    narrow = key is not None and narrow_key(lines, columns, key, tight)
    stack = max(tight, cell_leading(lines, columns))  # digits of one key, one a line
    bands = [
        [ln for ln in lines if a.y - 0.5 <= (ln.top + ln.bottom) / 2 <= b.y + 0.5]
        for a, b in pairwise(seps)
    ]
    counts = [_keys_in(band, columns, key, narrow, stack) for band in bands]
    keyed = [c for c in counts if c]
    # separators drawn between the rows (not only between groups): a band is a row
    dense = ruled and bool(keyed) and sum(1 for c in keyed if c == 1) >= 0.6 * len(keyed)
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
            groups = _text_rows(inside, columns, key, narrow, stack, header, apart)
            grouped.append((above, below, rebalance(groups, columns, key), True))
    centred = centred or _centred([g for _, _, groups, _ in grouped for g in groups], columns, key)
    out: list[RowBand] = []
    for above, below, groups, text in grouped:
        if text and centred:
            groups = join_leads(groups, columns, key, apart)
        out += _bands_of(groups, above, below, columns, header)
    return out


def _one_row(inside: Sequence[Line], columns: Columns) -> list[list[Line]]:
    """A band's lines as one row, but a label stands alone."""
    groups: list[list[Line]] = []
    for ln in inside:
        alone = is_label(ln, columns) and len(inside) > 1
        after_label = bool(groups) and len(groups[-1]) == 1 and is_label(groups[-1][0], columns)
        if not groups or alone or after_label:
            groups.append([ln])
        else:
            groups[-1].append(ln)
    return groups


def _text_rows(
    inside: Sequence[Line],
    columns: Columns,
    key: int | None,
    narrow: bool,
    tight: float,
    header: Header | None,
    apart: float,
) -> list[list[Line]]:
    """A band's lines in rows, a row starting at each line that starts one (`_starts`) and at
    each line of header pieces that the next line does not go on with (no further below it
    than `apart`), which stands alone."""
    groups: list[list[Line]] = []
    for k, ln in enumerate(inside):
        piece = (
            header is not None
            and is_piece(ln, columns, header)
            and not _goes_on([ln], inside[k + 1 :], columns, apart)
        )
        after_piece = bool(groups) and _is_piece_row(groups[-1], columns, header)
        if (
            not groups
            or piece
            or after_piece
            or _starts(ln, groups[-1], columns, key, False, narrow, tight)
        ):
            groups.append([ln])
        else:
            groups[-1].append(ln)
    return groups


def is_piece(line: Line, columns: Columns, header: Header) -> bool:
    """Whether a line holds only pieces of the header (its dates alone, where a row would)."""
    return header.is_fragment(texts_by_column([line], columns))


def _is_piece_row(group: Sequence[Line], columns: Columns, header: Header | None) -> bool:
    return header is not None and len(group) == 1 and is_piece(group[0], columns, header)


def rebalance(groups: list[list[Line]], columns: Columns, key: int | None) -> list[list[Line]]:
    """Rows whose boundary moved to the widest white between their lines.

    A row starts at its key, but text set in the middle of a row stands above its key (a cell
    of three lines beside a key of one), and was read into the row above. Between two rows
    each starting at a key, the lines after the widest white (the last of equally wide ones)
    go to the second. Lines before a band's first key, or a label's next key, with no text in
    the key column (a lead) stay a row of their own: see `join_leads`.
    """
    out = [list(g) for g in groups]
    leads = _leads(out, columns, key)
    for k in range(len(out) - 1):
        if k not in leads:
            _move_boundary(out, k, columns, None)
    return [g for g in out if g]


def join_leads(
    groups: list[list[Line]], columns: Columns, key: int | None, apart: float
) -> list[list[Line]]:
    """In a table that sets its text in the middle of its rows: lines before a band's first key
    (or a label's next key) with no text in the key column are the key's row's, unless white
    wider than `apart` (wider than a cell's lines stand) parts them from it: then they are the
    rest of a row the page broke."""
    out = [list(g) for g in groups]
    for k in sorted(_leads(out, columns, key)):
        if k + 1 < len(out):
            _move_boundary(out, k, columns, apart)
    return [g for g in out if g]


def _leads(groups: Sequence[Sequence[Line]], columns: Columns, key: int | None) -> set[int]:
    """The rows that start with no key: the first, or the first after a label."""
    return {
        k
        for k, g in enumerate(groups)
        if not key_text(g[0], columns, key) and (k == 0 or _fixed(groups[k - 1], columns))
    }


def _move_boundary(groups: list[list[Line]], k: int, columns: Columns, least: float | None) -> None:
    """Move the boundary between rows k and k + 1 to the widest white between their lines
    (lines of a column neither row has other text in, a merged cell's text set in the middle
    of its rows, stand in that white and are left out of the measure)."""
    upper, lower = groups[k], groups[k + 1]
    if not upper or not lower or _fixed(upper, columns) or _fixed(lower, columns):
        return
    run = [*upper, lower[0]]
    kept = [
        k
        for k, ln in enumerate(run)
        if k in (0, len(run) - 1) or not _floats(ln, run + lower, columns)
    ]
    at = _widest_white([run[k] for k in kept], least)
    if at is None:
        return
    cut = kept[at] if at < len(kept) else len(run) - 1
    if at and kept[at - 1] + 1 < cut:  # floating lines before the cut: by their place
        middle = (run[kept[at - 1]].bottom + run[cut].top) / 2
        cut = next((i for i in range(kept[at - 1] + 1, cut) if run[i].top >= middle), cut)
    groups[k + 1] = upper[cut:] + lower
    groups[k] = upper[:cut]


def _floats(line: Line, lines: Sequence[Line], columns: Columns) -> bool:
    """Whether a line's text stands in columns no other line of the rows has text in."""
    mine = {column_of(p.mid, columns) for p in line.phrases}
    others = {column_of(p.mid, columns) for ln in lines if ln is not line for p in ln.phrases}
    return not mine & others


def centred_rows(rows: Sequence[RowBand], columns: Columns, key: int | None) -> bool:
    """Whether a table's rows set their text in the middle: some row has lines above its key,
    or cells whose text starts lower than another's by more than half a line (a cell of one
    line beside one of several)."""
    if _centred([r.lines for r in rows], columns, key):
        return True
    for row in rows:
        if row.label or len(row.lines) < 2:
            continue
        first: dict[int, Phrase] = {}
        for ln in row.lines:
            for p in ln.phrases:
                first.setdefault(column_of(p.mid, columns), p)
        tops = [p.top for p in first.values()]
        height = min(p.bottom - p.top for p in first.values())
        if len(tops) >= 2 and max(tops) - min(tops) > 0.5 * height:
            return True
    return False


def _centred(groups: Sequence[Sequence[Line]], columns: Columns, key: int | None) -> bool:
    """Whether rows set their text in the middle: in some row, lines stand above its key."""
    return any(
        not key_text(g[0], columns, key) and any(key_text(ln, columns, key) for ln in g[1:])
        for g in groups
    )


def _fixed(group: Sequence[Line], columns: Columns) -> bool:
    """A row of one label line, which no boundary moves into or out of."""
    return len(group) == 1 and is_label(group[0], columns)


def _widest_white(lines: Sequence[Line], least: float | None) -> int | None:
    """Where to cut a run of lines (top to bottom; the first starts a row, the last starts the
    next): the index of the first line after the widest white between them (white measured
    under every line above: lines set side by side overlap and leave none), the last of
    equally wide ones; None to leave the cut just above the last line. With `least`, a cut
    needs white wider than it, and where none is, the cut goes above the first line (0)."""
    best: tuple[float, int] | None = None
    reach = _usual(lines[0])[1]
    for i in range(1, len(lines)):
        top, bottom = _usual(lines[i])
        white = top - reach
        if best is None or white >= best[0] - 0.01:
            best = (white, i)
        reach = max(reach, bottom)
    if least is not None:
        return best[1] if best is not None and best[0] > least else 0
    if best is None or best[1] == len(lines) - 1:
        return None
    return best[1]


def _usual(line: Line) -> tuple[float, float]:
    """A line's top and bottom as most of its phrases stand (a taller glyph of another font,
    `≥`, does not raise it)."""
    tops = sorted(p.top for p in line.phrases)
    bottoms = sorted(p.bottom for p in line.phrases)
    return tops[len(tops) // 2], bottoms[len(bottoms) // 2]


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
        piece = _is_piece_row(grp, columns, header)
        out.append(RowBand(bounds[k], bounds[k + 1], sep, tuple(grp), label, piece))
    return out


def _keys_in(
    band: Sequence[Line], columns: Columns, key: int | None, narrow: bool, tight: float
) -> int:
    """How many keys a band holds (a number drawn a digit a line counts once)."""
    count = 0
    for k, ln in enumerate(band):
        if not is_key(key_text(ln, columns, key)):
            continue
        if k and not _starts(ln, band[:k], columns, key, True, narrow, tight):
            continue
        count += 1
    return count


def _starts(
    line: Line,
    row: Sequence[Line],
    columns: Columns,
    key: int | None,
    ruled: bool,
    narrow: bool,
    tight: float,
) -> bool:
    if is_label(line, columns) or (len(row) == 1 and is_label(row[0], columns)):
        return True
    text = key_text(line, columns, key)
    if not text:
        return False
    if narrow and text.isdigit() and len(text) == 1:
        # the next digit of a number drawn one digit per line: right under the row's last
        # line with text in the key column (lines of other cells, set in the middle of the
        # row, may stand between them)
        last = next((ln for ln in reversed(row) if key_text(ln, columns, key)), None)
        above = key_text(last, columns, key) if last is not None else ""
        close = last is not None and line.top - last.bottom <= tight + 1.0
        if close and above.isdigit() and len(above) == 1:
            return False
    if ruled:
        return is_key(text)
    return True
