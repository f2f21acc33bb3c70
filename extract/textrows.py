"""The rows of a band of a table with nothing drawn between its rows: a row starts at a line
with a key (or text) in the key column, at a label and at a line of header pieces (with no key
column, at a line that does not go on with the row above: `grouping.goes_on`); between two
rows the boundary is the widest white between their lines, where text set in the middle of a
row stands above its key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from .classify import continued_below, is_key, is_label, is_piece, is_piece_row
from .header import Header
from .place import Columns, RowBand, column_of, key_phrases, key_text
from .primitives import Line, Phrase


def cell_leading(lines: Sequence[Line], columns: Columns) -> float:
    """The white between the lines of one cell: of the white between a column's text lines,
    one above the other, the usual (median) of those narrower than half a line (rows stand
    further apart than a cell's lines; a column of one-line cells shows only rows' white), else
    the narrowest; 0 where no column has two lines."""
    gaps: list[float] = []
    heights: list[float] = []
    by_column: dict[int, list[tuple[float, float]]] = {}
    for ln in lines:
        for p in ln.phrases:
            by_column.setdefault(column_of(p.mid, columns), []).append((p.top, p.bottom))
    for c in range(len(columns)):
        tops = sorted(by_column.get(c, []))
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
    goes: Callable[[Sequence[Line], Line], bool] | None = None,
) -> list[list[Line]]:
    """A band's lines in rows, a row starting at each line that starts one (`_starts`; with
    `goes`, each line that does not go on with the row above) and at each line of header
    pieces that the next line does not go on with (no further below it than `apart`), which
    stands alone."""
    groups: list[list[Line]] = []
    for k, ln in enumerate(inside):
        piece = (
            header is not None
            and is_piece(ln, columns, header)
            and not continued_below([ln], inside[k + 1 :], columns, apart)
        )
        after_piece = bool(groups) and is_piece_row(groups[-1], columns, header)
        if (
            not groups
            or piece
            or after_piece
            or (
                _starts(ln, groups[-1], columns, key, False, narrow, tight)
                if goes is None
                else not goes(groups[-1], ln)
            )
        ):
            groups.append([ln])
        else:
            groups[-1].append(ln)
    return groups


def rebalance(
    groups: list[list[Line]], columns: Columns, key: int | None, apart: float, tie: float
) -> list[list[Line]]:
    """Rows whose boundary moved to the widest white between their lines.

    A row starts at its key, but text set in the middle of a row stands above its key (a cell
    of three lines beside a key of one), and was read into the row above. Between two rows
    each starting at a key, the lines after the widest white (the last of equally wide ones,
    within `tie` points) go to the second. Lines before a band's first key, or a label's next
    key, with no text in the key column (a lead) stay a row of their own: see `join_leads`.
    """
    out = [list(g) for g in groups]
    leads = _leads(out, columns, key)
    for k in range(len(out) - 1):
        if k not in leads:
            _move_boundary(out, k, (columns, key), apart, None, tie)
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
            _move_boundary(out, k, (columns, key), apart, apart)
    return [g for g in out if g]


def _leads(groups: Sequence[Sequence[Line]], columns: Columns, key: int | None) -> set[int]:
    """The rows that start with no key: the first, or the first after a label."""
    return {
        k
        for k, g in enumerate(groups)
        if not key_text(g[0], columns, key) and (k == 0 or _fixed(groups[k - 1], columns))
    }


def _move_boundary(
    groups: list[list[Line]],
    k: int,
    place: tuple[Columns, int | None],
    apart: float,
    least: float | None,
    tie: float = 0.0,
) -> None:
    """Move the boundary between rows k and k + 1 to where most columns part between their
    lines (`_parted`, whites within `tie` equally wide); with `least`, to the widest white
    (`_widest_white`; `tie` unused). Lines of a merged cell are left out of the measure:
    lines of a column neither row has other text in (the cell set in the middle of its rows),
    and lines of the upper row in columns the lower row leaves empty (the cell, its lines at
    its own pitch, going on past the lower row's top)."""
    columns, key = place
    upper, lower = groups[k], groups[k + 1]
    if not upper or not lower or _fixed(upper, columns) or _fixed(lower, columns):
        return
    run = [*upper, lower[0]]
    below = {column_of(p.mid, columns) for ln in lower for p in ln.phrases}
    kept = [
        k
        for k, ln in enumerate(run)
        if k in (0, len(run) - 1)
        or not (_floats(ln, run + lower, columns) or not _columns(ln, columns) & below)
    ]
    if least is not None:
        at = _widest_white([run[k] for k in kept], least)
    else:
        filled = [{c for ln in g for c in _columns(ln, columns)} for g in groups]
        share = {c: sum(1 for f in filled if c in f) / len(groups) for c in range(len(columns))}
        band = _Band(
            [ln for g in groups[:k] for ln in g],
            [*lower[1:], *(ln for g in groups[k + 2 :] for ln in g)],
            apart,
            share,
        )
        lines = [run[k] for k in kept]
        keyed = next((i for i, ln in enumerate(lines) if key_text(ln, columns, key)), 0)
        at = _parted(lines, columns, band, keyed + 1, tie)
    if at is None:
        return
    cut = kept[at] if at < len(kept) else len(run) - 1
    if at and kept[at - 1] + 1 < cut:  # floating lines before the cut: by their place
        middle = (run[kept[at - 1]].bottom + run[cut].top) / 2
        cut = next((i for i in range(kept[at - 1] + 1, cut) if run[i].top >= middle), cut)
    groups[k + 1] = upper[cut:] + lower
    groups[k] = upper[:cut]


def _columns(line: Line, columns: Columns) -> set[int]:
    return {column_of(p.mid, columns) for p in line.phrases}


def _floats(line: Line, lines: Sequence[Line], columns: Columns) -> bool:
    """Whether a line's text stands in columns no other line of the rows has text in."""
    mine = _columns(line, columns)
    others = {column_of(p.mid, columns) for ln in lines if ln is not line for p in ln.phrases}
    return not mine & others


def centred_rows(rows: Sequence[RowBand], columns: Columns, key: int | None) -> bool:
    """Whether a table's rows set their text in the middle: some row has lines above its key,
    or cells whose text starts lower than another's by more than half a line (a cell of one
    line beside one of several), the higher cell going on beside the lower one's first line
    (`_straddles`). The first row is no sign (see `_centred`)."""
    if _centred([r.lines for r in rows], columns, key):
        return True
    for row in rows[1:]:
        if row.label or len(row.lines) < 2:
            continue
        first: dict[int, Phrase] = {}
        for ln in row.lines:
            for p in ln.phrases:
                first.setdefault(column_of(p.mid, columns), p)
        height = min(p.bottom - p.top for p in first.values())
        low = max(first.values(), key=lambda p: p.top)
        if low.top - min(p.top for p in first.values()) > 0.5 * height and _straddles(
            row.lines, next(i for i, ln in enumerate(row.lines) if low in ln.phrases), columns
        ):
            return True
    return False


def _centred(groups: Sequence[Sequence[Line]], columns: Columns, key: int | None) -> bool:
    """Whether rows set their text in the middle: in some row, lines stand above its key and
    a cell they start goes on beside it (`_straddles`), those lines in the row or, read apart,
    in a row of their own with no key, no label, right above it (the first lines under a
    group's band; in a table with a key column).
    The first row is no sign: what stands above its key may be the rest of a row or of a
    header cell the page broke (`indicat` of a clipped `Tipologia indicatore`)."""
    for before, g in pairwise(groups):
        if key_text(g[0], columns, key):
            lead = (
                key is not None  # a key column's own: with none, the first column tells little
                and before is not groups[0]
                and not _fixed(before, columns)
                and not any(key_text(ln, columns, key) for ln in before)
            )
            if lead and _straddles([*before, *g], len(before), columns):
                return True
            continue
        at = next((i for i, ln in enumerate(g) if key_text(ln, columns, key)), None)
        if at is not None and _straddles(g, at, columns):
            return True
    return False


def _straddles(lines: Sequence[Line], at: int, columns: Columns) -> bool:
    """Whether a cell with text on the lines above line `at` (a cell's first line set lower)
    goes on at that line or below: text set in the middle stands on both sides. The last lines
    of a cell merged from the rows above, set at its own pitch, stand above a row's first line
    and stop there."""
    above = {column_of(p.mid, columns) for ln in lines[:at] for p in ln.phrases}
    return any(column_of(p.mid, columns) in above for ln in lines[at:] for p in ln.phrases)


def _fixed(group: Sequence[Line], columns: Columns) -> bool:
    """A row of one label line, which no boundary moves into or out of."""
    return len(group) == 1 and is_label(group[0], columns)


@dataclass(frozen=True)
class _Band:
    """What a cut between two rows is weighed against: the band's lines before and after the
    run of lines cut, the white that parts rows (`apart`: a cell's lines stand closer), and
    the share of the band's rows with text in each column."""

    before: Sequence[Line]
    after: Sequence[Line]
    apart: float
    share: dict[int, float]


def _parted(
    lines: Sequence[Line], columns: Columns, band: _Band, first: int, tie: float
) -> int | None:
    """Where to cut a run of lines (top to bottom; the last starts a row), at line `first` or
    after (the upper row keeps its key): the index of the first line after the cut where the
    columns part best (`_parting`), then the widest white across the table, the last of
    equally wide ones (within `tie`: a description's lines set as close as the rows, a few
    tenths of a point apart, tell no cut); None to leave the cut just above the last line."""
    found = [
        (
            round(_parting(lines, i, columns, band), 6),
            _usual(lines[i])[0] - max(_usual(ln)[1] for ln in lines[:i]),
            i,
        )
        for i in range(max(first, 1), len(lines))
    ]
    if not found:
        return None
    score = max(s for s, _, _ in found)
    widest = max(w for s, w, _ in found if s == score)
    at = max(i for s, w, i in found if s == score and w >= widest - tie)
    return None if at == len(lines) - 1 else at


def _parting(lines: Sequence[Line], i: int, columns: Columns, band: _Band) -> float:
    """How well the columns part above line i of a run. Of the columns with text in the run,
    each whose last text above the cut and first text below it (the band's lines before and
    after the run included) stand further apart than `apart` counts one; each whose text goes
    on closer counts against, by the share of rows with text in it. A row's cells, side by
    side, are set at their own heights: a cell's last line may stand level with the next
    row's first line in another column, and a cell merged over the rows (a column most rows
    leave empty) goes on at its pitch where rows part; a column every row fills parts there."""
    mine = {column_of(p.mid, columns) for ln in lines for p in ln.phrases}
    above: dict[int, float] = {}
    below: dict[int, float] = {}
    for k, ln in enumerate([*band.before, *lines, *band.after]):
        for p in ln.phrases:
            c = column_of(p.mid, columns)
            if c not in mine:
                continue
            if k < len(band.before) + i:
                above[c] = max(above.get(c, p.bottom), p.bottom)
            elif c not in below:
                below[c] = p.top
    both = [c for c in above if c in below]
    return sum(1.0 if below[c] - above[c] > band.apart else -band.share[c] for c in both)


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
        keyed = [ln for ln in row if key_text(ln, columns, key)]
        above = key_text(keyed[-1], columns, key) if keyed else ""
        if above.isdigit() and len(above) == 1:
            here = _key_box(line, columns, key)
            boxes = [_key_box(ln, columns, key) for ln in keyed]
            if here[0] - boxes[-1][1] <= tight + 1.0:
                return _after_stack(here, boxes)
    if ruled:
        return is_key(text)
    return True


def _key_box(line: Line, columns: Columns, key: int | None) -> tuple[float, float]:
    """The top and bottom of a line's text in the key column, which it holds (a line of text
    set in the middle of other cells may stand a little higher than the key it is read with)."""
    inside = key_phrases(line, columns, key)
    return min(p.top for p in inside), max(p.bottom for p in inside)


def _after_stack(here: tuple[float, float], keyed: Sequence[tuple[float, float]]) -> bool:
    """Whether a digit close under a key's last digit starts a row all the same: it stands
    further under it than that key's digits stand from each other (a key drawn `1` over `6`,
    the next `1` a row's white lower, not a digit's). The lines of one cell stand at one
    pitch, to a fraction of a point: half a point more is another cell."""
    if len(keyed) < 2:
        return False
    pitch = keyed[-1][0] - keyed[-2][0]
    return here[0] - keyed[-1][0] > pitch + 0.5
