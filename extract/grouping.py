"""Rows of a table read with no profile: its header lines in one or two header rows (a cell
spanning columns over cells of their own), read as the table's header; and, with no key column,
whether a body line goes on with the row above (a cell's wrapped text, `goes_on`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from .classify import is_number, line_cells
from .headcells import HeaderCell
from .header import Header
from .models import enclosing
from .place import Columns, phrase_spans
from .primitives import Line, Phrase


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


def text_header(page: int, rows: Sequence[RowLines], columns: Columns, top: float) -> Header:
    """The header read from its rows (`header_rows_of`), as a header the profile finds is: a
    cell per column a row starts (a cell spanning columns over those it covers, a cell beside
    them running down over the rows under it). With no rows, a header of no cells at `top`."""
    n = len(columns)
    cells: list[HeaderCell] = []
    parts: list[list[str]] = [[] for _ in range(n)]
    for level, row in enumerate(rows):
        held = rows[level - 1].down if level else set()
        starts = set(range(n)) - held
        for a, b in row.spans:
            starts -= set(range(a + 1, b + 1))
        edges = sorted(starts | held | {n})
        for first in sorted(starts):
            last = next(e for e in edges if e > first) - 1
            phrases = [
                [
                    p
                    for p, (a, _) in zip(ln.phrases, phrase_spans(ln, columns), strict=True)
                    if first <= a <= last
                ]
                for ln in row.lines
            ]
            text = "\n".join(" ".join(p.text for p in ps) for ps in phrases if ps)
            held_in = [p for ps in phrases for p in ps]
            box = enclosing((p.x0, p.top, p.x1, p.bottom) for p in held_in) or (
                columns[first][0],
                row.top,
                columns[last][1],
                row.bottom,
            )
            cells.append(HeaderCell(text, *box, first, last, level))
            for c in range(first, last + 1):
                if text:
                    parts[c].append(text)
    lines = [ln for row in rows for ln in row.lines]
    return Header(
        page=page,
        top=min((ln.top for ln in lines), default=top),
        bottom=max((ln.bottom for ln in lines), default=top),
        cells=tuple(cells),
        parts=tuple(tuple(p) or ("",) for p in parts),
        names=(None,) * n,
        key=None,
        rows=len(rows),
        spans=tuple(columns),
        lines=tuple((ln.top, ln.bottom) for ln in lines),
    )


def header_rows_of(lines: Sequence[Line], columns: Columns) -> list[RowLines]:
    """The header's lines as header rows: one row, or two where a cell spans columns above
    cells of their own (its line and those above make the first row; the cells beside the
    group run down over both rows). Under that, a line of spanning cells only, each over two
    cells at least of the line under it, starts a row more: a title over a group's label
    over the group's own cells is three rows (`_group_line`).

    A cell spans columns when its text runs over a cut, or when the lines below fill its
    column and the empty columns right of it and do not go on with its text (a word in lower
    case goes on with the line above: `Fonte di` over `finanziamento`).
    """
    if not lines:
        return []
    cells = [line_cells(ln, columns) for ln in lines]
    for i in range(len(lines) - 1):
        spans = cells[i][1] + _implied_spans(i, lines, cells, columns)
        if not spans:
            continue
        rows = [_split_row(lines, cells, i, spans, len(columns))]
        rest, rest_cells = lines[i + 1 :], cells[i + 1 :]
        j = next((j for j in range(len(rest) - 1) if _group_line(rest_cells, j)), None)
        if j is not None:
            rows.append(_split_row(rest, rest_cells, j, rest_cells[j][1], len(columns)))
            rest, rest_cells = rest[j + 1 :], rest_cells[j + 1 :]
        return [*rows, _row_of(rest, rest_cells)]
    return [_row_of(lines, cells)]


_Cells = Sequence[tuple[dict[int, list[str]], list[tuple[int, int]]]]


def _split_row(
    lines: Sequence[Line], cells: _Cells, i: int, spans: Sequence[tuple[int, int]], n: int
) -> RowLines:
    """Lines up to `i` as a header row over the lines under it: its spans, and the columns
    whose cells run down over the row under it. The cells beside the spanning ones are told
    on the first line under them with a cell under a spanning one (the line of the group's own
    cells; a line between, `Same Month` going on with `Previous Year` beside the group, does
    not tell)."""
    upper = _row_of(lines[: i + 1], cells[: i + 1])
    upper.spans = _over_spans(sorted(set(upper.spans) | set(spans)), cells[i + 1][1])
    covered = {c for a, b in upper.spans for c in range(a, b + 1)}
    under = next((f for f, _ in cells[i + 1 :] if covered & set(f)), cells[i + 1][0])
    beside = _beside_leaves(under, upper, covered)
    upper.down = set(range(n)) - covered - beside
    return upper


def _over_spans(
    spans: Sequence[tuple[int, int]], under: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """A row's spanning cells widened over the spanning cells under them that they overlap: a
    label centred over two groups (`International` over `Cargo` and `Mail`, each over two
    columns) covers both groups, not only the columns its text crosses. Where that would make
    two cells overlap, the spans stay as read."""
    out = []
    for a, b in spans:
        for c, d in under:
            if c <= b and d >= a:
                a, b = min(a, c), max(b, d)
        out.append((a, b))
    if any(b1 >= a2 for (_, b1), (a2, _) in pairwise(sorted(out))):
        return list(spans)
    return out


def _group_line(cells: _Cells, j: int) -> bool:
    """Whether line `j` holds spanning cells, each over two cells at least of the line under
    it (`Intl Pax Traffic` over `Pax`, `RPK`, `ASK`; `12/13` over `May/2013` and `Jun/2013`,
    beside `11/12` over its own `(a)`). A header cell's wrapped lines (`Preperation and` over
    `planing`) hold no spanning cell: they are no group's label."""
    spans = cells[j][1]
    under = cells[j + 1][0] if j + 1 < len(cells) else {}
    return bool(spans) and all(sum(1 for c in under if a <= c <= b) >= 2 for a, b in spans)


def _beside_leaves(first: dict[int, list[str]], upper: RowLines, covered: set[int]) -> set[int]:
    """Columns beside a spanning cell's group whose text starts on the line of the cells under
    it (`first`, the lower row's first line, filled under the group too), none over it: cells
    of the lower header row (`Preparation and` beside `Production of` under `Involvement of
    pupils in`), not cells running down from the upper row."""
    if not covered & set(first):
        return set()
    return {c for c in first if c not in covered and c not in upper.filled}


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
    cells: _Cells,
    columns: Columns,
) -> list[tuple[int, int]]:
    """Cells of header line `i` standing over empty columns beside their own that the lines
    below fill: group labels. The line's labels are read one way, whichever explains them
    better: left-aligned, each over its own columns and the free ones right of them, or
    centred, each in the middle of the columns it spans (`2004` over its `N` and `% Pos`, so
    standing inside `% Pos`). Better: the reading that gives more of the labels standing beside
    free columns a span, then the one whose labels stand nearer where it puts them (their left
    edges on their columns', or their middles on their spans'). A column is free where no line
    down to `i` writes in it or runs over it, and the lines below write in it."""
    above = {c for f, _ in cells[: i + 1] for c in f}
    above |= {c for _, spans in cells[: i + 1] for a, b in spans for c in range(a, b + 1)}
    below = {c for f, _ in cells[i + 1 :] for c in f}

    def free(c: int) -> bool:
        return 0 <= c < len(columns) and c not in above and c in below

    labels = _labels(i, lines, cells, columns, below)
    group = [(a, b, own) for a, b, own in labels if free(a - 1) or free(b + 1)]
    aligned = _aligned_spans(group, cells[i][1], free)
    if aligned is not None:
        return aligned
    left = []
    for a, b, _ in labels:
        e = b
        while free(e + 1):
            e += 1
        if e > b:
            left.append((a, e))
    centred = _centred(group, columns, free)
    if centred is None:
        return left
    spanned_left = sum(1 for a, b, _ in group if b > a or any(s[0] == a for s in left))
    misfit = sum(abs(min(p.x0 for p in own) - columns[a][0]) for a, _, own in group)
    if spanned_left < len(group) or centred[0] < misfit:
        return centred[1]
    return left


def _aligned_spans(
    group: Sequence[tuple[int, int, Sequence[Phrase]]],
    spans: Sequence[tuple[int, int]],
    free: Callable[[int], bool],
) -> list[tuple[int, int]] | None:
    """The labels' spans where the line's own spanning labels, two at least, group its
    columns alike: all as wide, all starting a whole number of groups apart, none with a free
    column beside it (`2003` over `Mill.` and `Part.`, `2004` over the next two; labels
    centred over four columns that run over the middle two only tell no groups). Each label
    of `group` (those standing beside free columns) spans the group of that width and step
    its columns stand in, the rest of the group free (`2001`, set off the middle of its pair
    and inside its `Part.`, spans `Mill.` and `Part.` as `2003` does). None where the spans
    group no columns alike, or a label's group is not free."""
    widths = {b - a + 1 for a, b in spans}
    if len(spans) < 2 or len(widths) != 1 or any(free(a - 1) or free(b + 1) for a, b in spans):
        return None  # no pattern, or spans that are themselves groups' middles
    (width,) = widths
    phase = spans[0][0] % width
    if width < 2 or any(a % width != phase for a, _ in spans):
        return None
    out = []
    for a, b, _ in group:
        first = a - (a - phase) % width
        last = first + width - 1
        if b > last or not all(free(c) for c in range(first, last + 1) if not a <= c <= b):
            return None
        out.append((first, last))
    return out or None


def _labels(
    i: int,
    lines: Sequence[Line],
    cells: _Cells,
    columns: Columns,
    below: set[int],
) -> list[tuple[int, int, list[Phrase]]]:
    """The texts of header line `i` that may label a group of columns below, left to right:
    the first and last columns their phrases stand over, and the phrases. A label stands over
    a column the lines below fill (`below`), with text that does not go on under it (a word
    broken by a hyphen, a word in lower case under it: `Fonte di` over `finanziamento`)."""
    out = []
    for c, texts in cells[i][0].items():
        if c not in below or texts[-1].endswith("-"):
            continue
        under = next(f[c][0] for f, _ in cells[i + 1 :] if c in f)
        if not under[:1].islower():
            placed = zip(lines[i].phrases, phrase_spans(lines[i], columns), strict=True)
            own = [(p, b) for p, (a, b) in placed if a == c]
            out.append((c, max(b for _, b in own), [p for p, _ in own]))
    return sorted(out, key=lambda item: item[0])


def _centred(
    group: Sequence[tuple[int, int, Sequence[Phrase]]],
    columns: Columns,
    free: Callable[[int], bool],
) -> tuple[float, list[tuple[int, int]]] | None:
    """The labels read as centred, left to right: each over columns, its own and free ones
    beside them (none a label before it holds), whose middle is within half its height of its
    own (columns found from gutters stand a few points off the cells' edges); and how far off
    their middles are in all. Groups of one width for every label are read first (a line's
    groups are alike: `Female Male Total 15-24` under each), the width that leaves fewest free
    columns under no label, then the nearest; else each label's nearest span. None where a
    label is centred over no such columns."""
    every = [c for c in range(len(columns)) if free(c)]
    best: tuple[int, float, list[tuple[int, int]]] | None = None
    for width in range(2, len(columns) + 1):
        got = _centred_spans(group, columns, free, width)
        if got is not None:
            left = sum(1 for c in every if not any(a <= c <= e for a, e in got[1]))
            if best is None or (left, got[0]) < best[:2]:
                best = (left, got[0], got[1])
    if best is not None:
        return best[1], best[2]
    return _centred_spans(group, columns, free, None)


def _centred_spans(
    group: Sequence[tuple[int, int, Sequence[Phrase]]],
    columns: Columns,
    free: Callable[[int], bool],
    width: int | None,
) -> tuple[float, list[tuple[int, int]]] | None:
    """Each label's nearest centred span, `width` columns wide (any width from two if None),
    and how far off their middles are in all; None where a label has none."""
    spans: list[tuple[int, int]] = []
    total = 0.0
    for a0, b0, own in group:
        middle = (min(p.x0 for p in own) + max(p.x1 for p in own)) / 2
        height = max(p.bottom - p.top for p in own)
        first = a0
        while free(first - 1) and (not spans or first - 1 > spans[-1][1]):
            first -= 1
        last = b0
        while free(last + 1):
            last += 1
        tried = [
            (abs((columns[a][0] + columns[e][1]) / 2 - middle), a, e)
            for a in range(first, a0 + 1)
            for e in range(b0, last + 1)
            if e > a and (width is None or e - a + 1 == width)
        ]
        if not tried or min(tried)[0] > height / 2:
            return None
        off, a, e = min(tried)
        spans.append((a, e))
        total += off
    return total, spans


def ruled_everywhere(body: Sequence[Line], seps: Sequence[float], share: float) -> bool:
    """Whether rules or band edges run between at least `share` of the body's pairs of lines
    (and two at least): the lines between two rules are then one row."""
    if len(body) < 2:
        return False
    top, bottom = body[0].top, body[-1].bottom
    inside = [y for y in seps if top + 1 < y < bottom - 1]
    gaps = sum(1 for a, b in pairwise(body) if any(a.bottom - 1 <= y <= b.top + 1 for y in inside))
    return gaps >= (len(body) - 1) * share and gaps >= 2


def goes_on(
    prev: RowLines,
    line: Line,
    filled: dict[int, list[str]],
    spans: Sequence[tuple[int, int]],
    tight: float | None,
    ncols: int,
    left: float,
    space: float,
    aligned: float,
) -> bool:
    """Whether a body line is more of the row above (a cell's text wrapped onto it).

    Never when it holds a number, runs over a cut, puts text under a number, or stands
    further below than a cell's lines stand apart (`tight`; None when the table's spacing
    does not tell a cell's lines from its rows). A line with text in the first column goes on
    with the row when that text goes on with the first column's text above: it starts in
    lower case or with a bracket, the text above ends in a word no label ends with
    (`dangling`: `per il Reddito di` + `Inclusione`) and the line fills the first column
    only, or (where the spacing says the lines are close) its first word would not have
    fitted on the line above (`left`: how far the first column's text reaches). Other lines
    go on when they fill only columns the row fills, each phrase lined up with the one above
    it (`_lined_up`, within `aligned`), in lower case where the spacing tells nothing.
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
        return _first_goes_on(prev, line, set(filled), tight, left, space) or (
            lower and not prev.filled[0][-1].rstrip().endswith((".", ":", ";"))
        )
    if tight is None:
        return lower
    if not _lined_up(prev, line, aligned):
        return False  # an indented sub-heading under a heading, not its wrapped text
    prev_values = [c for c in prev.filled if c > 0]
    return (not prev_values and 0 in prev.filled) or set(filled) <= set(prev.filled)


def _lined_up(prev: RowLines, line: Line, aligned: float) -> bool:
    """Whether each phrase of a line stands lined up with a phrase of the row's last line it
    lies under: at its left end, its right end or its middle, within `aligned`, as a cell's
    wrapped lines stand (left, right or centred; Hebrew sets its lines at the right). A
    phrase under none is lined up with nothing to tell."""
    if not prev.lines:
        return True
    above = prev.lines[-1].phrases
    for p in line.phrases:
        over = [q for q in above if q.x0 < p.x1 and p.x0 < q.x1]
        if over and not any(
            abs(p.x0 - q.x0) <= aligned
            or abs(p.x1 - q.x1) <= aligned
            or abs(p.mid - q.mid) <= aligned
            for q in over
        ):
            return False
    return True


def _first_goes_on(
    prev: RowLines, line: Line, filled: set[int], tight: float | None, left: float, space: float
) -> bool:
    """Whether a line with text in the first column goes on with the row above whatever its
    first letter: the row's first cell ends in a word no label ends with and the line fills
    the first column only (`per il Reddito di` + `Inclusione e la povertà`), or its first word
    would not have fitted on the line above where the spacing says the lines are close (even
    after a full stop: `Dopo di Noi (L.` + `112/2016)`)."""
    if filled == {0} and dangling(prev.filled[0][-1]):
        return True
    return tight is not None and wrapped(prev, line, left, space)


DANGLING = frozenset((
    "di", "del", "dello", "della", "dei", "degli", "delle", "da", "dal", "dallo", "dalla",
    "dai", "dagli", "dalle", "al", "allo", "alla", "ai", "agli", "alle", "in", "nel",
    "nello", "nella", "nei", "negli", "nelle", "su", "sul", "sullo", "sulla", "sui", "sugli",
    "sulle", "per", "con", "tra", "fra", "ed", "od", "il", "lo", "la", "gli",
    "le", "un", "uno", "una", "of", "and", "the", "for", "to", "on", "at", "by", "with",
    "from", "or",
))  # fmt: skip
"""Words a label never ends with (a preposition, an article, a conjunction, Italian and
English): a line ending with one goes on on the next. Single letters are left out: `lett. a`,
`comma e` end legal references."""


def dangling(text: str) -> bool:
    """Whether a text ends with a word of `DANGLING` (in lower case, as such words are written
    inside a label: `ROSSI, MARIA, A` ends with an initial), or with a hyphen, a comma or an
    open bracket: it goes on on the next line."""
    words = text.split()
    if not words:
        return False
    return words[-1] in DANGLING or words[-1][-1] in "-–,(/"


class Continues:
    """`goes_on` asked line after line of one table with no key column: the row the lines are
    asked against (a list that only grows) is kept and grown, not built again for each line."""

    def __init__(
        self, columns: Columns, tight: float | None, left: float, space: float, aligned: float
    ) -> None:
        self.columns, self.tight, self.left, self.space = columns, tight, left, space
        self.aligned = aligned
        self._row: Sequence[Line] = ()
        self._prev = RowLines([], {}, [])

    def __call__(self, row: Sequence[Line], line: Line) -> bool:
        """Whether `line` goes on with the row made of the lines `row`."""
        if row is not self._row:
            self._row, self._prev = row, RowLines([], {}, [])
        for ln in row[len(self._prev.lines) :]:
            self._prev.add(ln, *line_cells(ln, self.columns))
        filled, spans = line_cells(line, self.columns)
        n = len(self.columns)
        return goes_on(
            self._prev, line, filled, spans, self.tight, n, self.left, self.space, self.aligned
        )


def wrapped(prev: RowLines, line: Line, left: float, space: float) -> bool:
    """Whether the first word of a line's first phrase would not have fitted after the first
    column's text on the last line of the row above (a space `space` line heights wide)."""
    above = [p for ln in prev.lines for p in ln.phrases if p.x0 < line.phrases[0].x1]
    if not above:
        return False
    last = max(above, key=lambda p: p.top)
    words = line.phrases[0].words()
    width = words[0][1] - words[0][0]
    return last.x1 + space * line.height + width > left
