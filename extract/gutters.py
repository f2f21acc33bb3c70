"""Column cuts from the white that runs down a region, where no header says where its columns are:
the middles of white runs with text on both sides on several lines, and vertical rules; a
column of a header word over values that stand apart from it is one column (`merge_disjoint`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from .place import Columns, spanned, usual_height
from .primitives import Line, Phrase
from .settings import LayoutSettings

STEP = 0.5
"""Horizontal resolution (points) of the white-space profile."""


def gutters(
    lines: Sequence[Line],
    x0: float,
    x1: float,
    vrules: Sequence[float],
    settings: LayoutSettings,
) -> list[float]:
    """Cuts between columns: the middles of white runs down the lines, and vertical rules.

    A run of white counts when lines have text on both sides of it. Lines may cross it only
    when they are lines of one phrase (a label across the table, a note) or header lines
    above every line that has text on both sides (a header cell spanning columns). The cut
    stands in white every line leaves, else every line of the body (the header aside: a
    cell's long line runs on into the white beside its column, under a header centred wider
    than the figures of the next), and only then where lines of one phrase cross.
    """
    n = max(1, int((x1 - x0) / STEP) + 1)
    cover: list[set[int]] = [set() for _ in range(n)]
    for i, ln in enumerate(lines):
        for p in ln.phrases:
            lo = max(0, int((p.x0 - x0) / STEP))
            hi = min(n - 1, int((p.x1 - x0) / STEP))
            for k in range(lo, hi + 1):
                cover[k].add(i)
    multi = [i for i, ln in enumerate(lines) if len(ln.phrases) >= 2]
    top_zone = set(multi[: min(3, len(multi) - 1)])
    single = {i for i, ln in enumerate(lines) if len(ln.phrases) == 1}
    cuts: list[float] = []
    for start, k in _runs(cover, 0, n, single | top_zone):
        if start == 0 or k >= n:
            continue  # white beside the table, not inside it
        # white for every line, else for every line of the body (a header's cell is set
        # wider than the figures under it), else for every line but labels and notes across
        # the table
        header = _above(lines, multi, top_zone, x0 + start * STEP, x0 + k * STEP)
        stretches = (
            _clear_runs(cover, start, k, settings.min_gutter)
            or _clear_runs(cover, start, k, settings.min_gutter, header)
            or _clear_runs(cover, start, k, settings.min_gutter, single)
            or _clear_runs(cover, start, k, settings.min_gutter, single | header)
            or [(start, k)]
        )
        for lo, hi in stretches:
            a, b = x0 + lo * STEP, x0 + hi * STEP
            crossing = set().union(*cover[lo:hi])
            if _parts(lines, crossing, multi, top_zone, (a, b), settings.word_space):
                cuts.append((a + b) / 2)
    phrases = [p for ln in lines for p in ln.phrases]
    snap = settings.rule_snap
    ruled: list[float] = []
    for x in sorted(vrules):  # a double rule parts the same columns as one
        if x0 + 2 < x < x1 - 2 and not (ruled and _same_white(ruled[-1], x, phrases, snap)):
            ruled.append(x)
    # a vertical rule in the same white as a cut is the cut
    cuts = [c for c in cuts if not any(_same_white(c, x, phrases, snap) for x in ruled)]
    return sorted([*cuts, *ruled])


def _above(
    lines: Sequence[Line], multi: Sequence[int], top_zone: set[int], a: float, b: float
) -> set[int]:
    """The top lines over the first line of several phrases with text on both sides of the
    white [a, b]: header lines, which a cell spanning columns may run across (not the body
    rows that stand among the top lines of a short table)."""
    both = [
        i
        for i in multi
        if any(p.x1 <= a + STEP for p in lines[i].phrases)
        and any(p.x0 >= b - STEP for p in lines[i].phrases)
        and not any(p.x0 < b - STEP and p.x1 > a + STEP for p in lines[i].phrases)
    ]
    return {i for i in top_zone if both and i < min(both)}


def _parts(
    lines: Sequence[Line],
    crossing: set[int],
    multi: Sequence[int],
    top_zone: set[int],
    white: tuple[float, float],
    word_space: float,
) -> bool:
    """Whether the white [a, b] (crossed by the lines `crossing`) parts two columns: some line
    of several phrases has text on both sides, no header line under the first of them crosses
    it, and it is not a wide space between words (narrower than `word_space` line heights)."""
    a, b = white
    both = [
        i
        for i in multi
        if i not in crossing
        and any(p.x1 <= a + STEP for p in lines[i].phrases)
        and any(p.x0 >= b - STEP for p in lines[i].phrases)
    ]
    if not both or any(i in top_zone and i > min(both) for i in crossing):
        return False
    return not (b - a < word_space * usual_height(lines) and _word_space(lines, both, a, b))


def _same_white(a: float, b: float, phrases: Sequence[Phrase], snap: float) -> bool:
    """Whether no phrase starts or ends between two positions (they part the same columns;
    a header cell spanning both does not part them, nor one running over either: `Cargo`,
    centred over two columns, ends between their rule and the white after it). A phrase
    starting or ending within `snap` of either stands against it, not between (a glyph's box
    reaches a hair past the rule its text is set against: `Part.` ends 0.1 points past its
    column's rule, which it does not run over)."""
    lo, hi = min(a, b), max(a, b)
    return not any(
        (lo + snap < p.x0 < hi - snap or lo + snap < p.x1 < hi - snap)
        and not (p.x0 < lo - snap < lo + snap < p.x1 or p.x0 < hi - snap < hi + snap < p.x1)
        for p in phrases
    )


def _word_space(lines: Sequence[Line], both: Sequence[int], a: float, b: float) -> bool:
    """Whether narrow white [a, b] is a wide space between words of one text: on the lines
    whose phrases come close to it on both sides, those phrases are all words (letters, no
    figures)."""
    near = []
    for i in both:
        ln = lines[i]
        left = max((p for p in ln.phrases if p.x1 <= a + STEP), key=lambda p: p.x1)
        right = min((p for p in ln.phrases if p.x0 >= b - STEP), key=lambda p: p.x0)
        if a - left.x1 <= ln.height and right.x0 - b <= ln.height:
            near.append(bool(WORDISH.fullmatch(left.text) and WORDISH.fullmatch(right.text)))
    return bool(near) and all(near)


def _runs(
    cover: Sequence[set[int]], start: int, end: int, allowed: set[int]
) -> list[tuple[int, int]]:
    """The stretches of [start, end) that only `allowed` lines cover (or none), left to
    right."""
    out: list[tuple[int, int]] = []
    k = start
    while k < end:
        if not cover[k] <= allowed:
            k += 1
            continue
        s = k
        while k < end and cover[k] <= allowed:
            k += 1
        out.append((s, k))
    return out


def _clear_runs(
    cover: Sequence[set[int]],
    start: int,
    end: int,
    min_gutter: float,
    allowed: set[int] | None = None,
) -> list[tuple[int, int]]:
    """The stretches of a run that no line covers at all (or only `allowed` lines), at least
    `min_gutter` wide."""
    runs = _runs(cover, start, end, set() if allowed is None else allowed)
    return [(a, b) for a, b in runs if (b - a) * STEP >= min_gutter]


def merge_disjoint(
    cuts: Sequence[float], lines: Sequence[Line], x0: float, x1: float, ruled: Sequence[float]
) -> list[float]:
    """The cuts less those between a column of header words and a column of values under
    them: a header's word over numbers aligned right stands apart from them, yet it is their
    column's. Two columns merge when every line filling one stands above every line filling
    the other; a header column left of its values first (words start where the cell does),
    then right of them. A cut at a vertical rule stays. A phrase over several columns (a
    group's label, `Minori` over its columns and over the white between them) fills none of
    them: it is their group's."""
    out = list(cuts)
    for header_left in (True, False):
        changed = True
        while changed:
            changed = False
            columns = columns_of(out, x0, x1)
            filled: list[set[int]] = [set() for _ in columns]
            for i, ln in enumerate(lines):
                for p in ln.phrases:
                    a, b = spanned(p, columns)
                    if a == b:
                        filled[a].add(i)
            for j in range(len(out)):
                if any(abs(out[j] - r) < 4 for r in ruled):
                    continue
                upper, lower = (filled[j], filled[j + 1])
                if not header_left:
                    upper, lower = lower, upper
                if upper and lower and max(upper) < min(lower):
                    del out[j]
                    changed = True
                    break
    return out


def columns_of(cuts: Sequence[float], x0: float, x1: float) -> Columns:
    """Column bounds from the cuts between them and the table's sides."""
    bounds = [x0, *cuts, x1]
    return tuple((round(a, 2), round(b, 2)) for a, b in pairwise(bounds) if b > a)


WORDISH = re.compile(r"[^\W\d_][\w'’./-]*[.,;:]?")
"""A word of text: letters first, no figure standing alone."""
