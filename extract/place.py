"""Where text stands against a table's columns: which column a phrase is in, whether it runs over
a cut, a line's text per column, keys and group labels. Plain geometry, shared by every step."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .primitives import Line, Phrase

Columns = tuple[tuple[float, float], ...]


def column_of(x: float, columns: Columns) -> int:
    """The column a horizontal position falls in (the nearest one outside the table)."""
    edges = _edges(columns)
    if edges is not None:
        return min(bisect_right(edges[1], x), len(columns) - 1)
    for c, (_, b) in enumerate(columns):
        if x < b:
            return c
    return len(columns) - 1


_EDGES: tuple[Columns, tuple[list[float], list[float]] | None] = ((), ([], []))


def _edges(columns: Columns) -> tuple[list[float], list[float]] | None:
    """The columns' left and right ends, each in order left to right (None where either is
    out of order: the columns are then searched one by one). The last columns asked about
    are remembered, by identity (held here, so never another's; columns are tuples, never
    changed in place), as a step asks about one table's columns phrase after phrase."""
    global _EDGES
    known = _EDGES
    if known[0] is not columns:
        lefts, rights = [a for a, _ in columns], [b for _, b in columns]
        ordered = all(x <= y for x, y in pairwise(lefts)) and all(
            x <= y for x, y in pairwise(rights)
        )
        known = _EDGES = (columns, (lefts, rights) if ordered else None)
    return known[1]


def texts_by_column(lines: Sequence[Line], columns: Columns) -> list[str]:
    """The text each column holds in some lines, phrase by phrase, lines joined."""
    out: list[list[str]] = [[] for _ in columns]
    for ln in lines:
        for p in ln.phrases:
            out[column_of(p.mid, columns)].append(p.text)
    return [" ".join(t) for t in out]


def runs_over(p: Phrase, x: float) -> bool:
    """Whether a phrase runs over the cut at `x` by more than a couple of points each side."""
    return p.x0 < x - 2 and p.x1 > x + 2


def crosses(p: Phrase, columns: Columns) -> bool:
    """Whether a phrase runs over a cut between columns (a label across the table)."""
    return any(runs_over(p, b) for _, b in columns[:-1])


def split_at_cuts(line: Line, columns: Columns) -> Line:
    """A line whose phrases run over a cut where white space lies (two cells' texts closer
    than a phrase's gap, in a tight table) with those phrases cut there. A line of one
    phrase starting in the first column is left whole: it may be a label across the table."""
    if len(line.phrases) < 2 and line.phrases[0].x0 < columns[0][1]:
        return line
    out: list[Phrase] = []
    changed = False
    for p in line.phrases:
        queue = [p]
        while queue:
            q = queue.pop(0)
            cut = next((b for _, b in columns[:-1] if runs_over(q, b)), None)
            parts = q.split_at(cut) if cut is not None else None
            if parts is None:
                out.append(q)
            else:
                changed = True
                queue[:0] = list(parts)
    return Line(line.top, line.bottom, tuple(out)) if changed else line


def column_phrases(line: Line, columns: Columns, c: int) -> list[Phrase]:
    """The phrases a line holds in column c, none running over a cut."""
    return [p for p in line.phrases if column_of(p.mid, columns) == c and not crosses(p, columns)]


def text_edge(lines: Sequence[Line], columns: Columns, c: int) -> float | None:
    """Where column c's text wraps: the right end of its furthest text on a line with text in
    another column too (a row's line; a line of that column alone may be a group's label drawn
    past the column's text), of any of its texts where no line has; None for no text."""
    ends: list[float] = []
    beside: list[float] = []
    for ln in lines:
        xs = [p.x1 for p in column_phrases(ln, columns, c)]
        ends += xs
        if xs and len(xs) < len(ln.phrases):
            beside += xs
    return max(beside or ends, default=None)


def key_phrases(line: Line, columns: Columns, key: int | None) -> list[Phrase]:
    """The phrases a line holds in the key column (the first column when there is no key)."""
    return column_phrases(line, columns, 0 if key is None else key)


def key_text(line: Line, columns: Columns, key: int | None) -> str:
    """The text a line holds in the key column (the first column when there is no key)."""
    return " ".join(p.text for p in key_phrases(line, columns, key))


def middle(line: Line) -> float:
    return (line.top + line.bottom) / 2


def overlaps_x(line: Line, x0: float, x1: float) -> bool:
    return line.x1 > x0 and line.x0 < x1


def spanned(p: Phrase, columns: Columns) -> tuple[int, int]:
    """The first and last column a phrase stands in (more than one when it runs over cuts)."""
    mid, first = p.mid, 0
    last = len(columns)
    edges = _edges(columns)
    if edges is not None:  # no column ending left of both the phrase and its middle, or
        # starting right of both, can hold it
        first = bisect_left(edges[1], min(p.x0, mid))
        last = bisect_right(edges[0], max(p.x1, mid))
    cols = [
        c
        for c in range(first, last)
        if min(p.x1, columns[c][1]) - max(p.x0, columns[c][0]) > 2
        or columns[c][0] <= mid <= columns[c][1]
    ]
    if not cols:
        c = column_of(p.mid, columns)
        return c, c
    return cols[0], cols[-1]


def phrase_spans(line: Line, columns: Columns) -> list[tuple[int, int]]:
    """The first and last column of each of a line's phrases (`spanned`), a phrase running
    back over a cut into the column of the phrase before it, its middle in its last column (a
    header set wider than its column's figures, over the white beside the column before),
    in that column alone: two texts of a line side by side are two cells."""
    out = []
    last = -1
    for p in line.phrases:
        a, b = spanned(p, columns)
        if a <= last < b and column_of(p.mid, columns) == b:
            a = b
        out.append((a, b))
        last = max(last, b)
    return out


def usual_height(lines: Sequence[Line]) -> float:
    """The lines' usual height (the median; 10 points for no lines)."""
    heights = sorted(ln.height for ln in lines)
    return heights[len(heights) // 2] if heights else 10.0


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
