"""A table's columns: cuts between the header's columns (a vertical rule, the end of a rule
interrupted there, else the white fewest words cross), the table's sides, cuts moved off the
words of a page, and columns carried to the next page."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from .classify import is_label
from .graphics import Graphics, Rule
from .header import Header
from .place import Columns, crosses
from .primitives import Line, Phrase
from .settings import LayoutSettings

STEPS = 200
"""Steps `best_cut` weighs between two header columns at most: a quarter point apart, fewer
over a white this many quarter points wide or more (both ends weighed)."""


def header_columns(
    header: Header,
    body: Sequence[Line],
    graphics: Graphics,
    bottom: float,
    settings: LayoutSettings,
) -> Columns:
    """Column bounds from the header's columns: cut at a vertical rule between two of them,
    else at the end of a rule interrupted there, else where fewest words of the body cross
    (two cells' texts closer than a phrase's gap are still two words apart)."""
    spans = header.spans
    phrases = [p for ln in body for p in ln.phrases if not is_label_like(ln, spans)]
    vrules = [r for r in graphics.vrules if r.end > header.top and r.start < bottom]
    ends = [
        x for r in graphics.hrules if header.top - 2 <= r.pos <= bottom for x in (r.start, r.end)
    ]
    cuts = []
    for (_, left_end), (right_start, _) in pairwise(spans):
        cuts.append(best_cut(left_end, right_start, phrases, vrules, ends, settings))
    x0, x1 = table_sides(header, phrases, graphics, bottom, settings)
    bounds = [x0, *cuts, x1]
    return tuple((round(a, 2), round(b, 2)) for a, b in pairwise(bounds))


def is_label_like(line: Line, spans: Sequence[tuple[float, float]]) -> bool:
    """A line of one phrase reaching over two header columns (kept out of the white-space count)."""
    if len(line.phrases) != 1:
        return False
    p = line.phrases[0]
    return sum(1 for a, b in spans if p.x0 < b and p.x1 > a) >= 2


def best_cut(
    lo: float,
    hi: float,
    phrases: Sequence[Phrase],
    vrules: Sequence[Rule],
    ends: Sequence[float],
    settings: LayoutSettings,
) -> float:
    """Where to cut between two header columns spanning [.., lo] and [hi, ..]: on a rule,
    else in the white fewest words cross. Where a column's text lines up at its header's
    edge (left-aligned cells: `lined_up`), the cut stands `edge_pad` from that edge, not in the
    middle of the white: the other column's text may run up to its border on a later page."""
    inside = [r for r in vrules if lo - 0.5 <= r.pos <= hi + 0.5]
    if inside:
        return max(inside, key=lambda r: r.length).pos
    hits = sorted(x for x in ends if lo < x < hi)
    if hits:
        return hits[len(hits) // 2]
    if hi <= lo:
        return (lo + hi) / 2
    near = [w for p in phrases if p.x1 > lo and p.x0 < hi for w in p.words()]
    n = max(1, min(STEPS, math.ceil((hi - lo) / 0.25)))  # a count of steps, never a walk
    step = (hi - lo) / n
    best_count, runs = None, []  # runs of positions crossed by the fewest words
    last = -2  # the step of the last position in `runs`
    for k in range(n + 1):
        x = lo + (hi - lo) * k / n
        count = sum(1 for a, b in near if a < x < b)
        if best_count is None or count < best_count:
            best_count, runs = count, [[x, x]]
        elif count == best_count:
            if k == last + 1:
                runs[-1][1] = x
            else:
                runs.append([x, x])
        else:
            continue
        last = k
    # the right column's text lined up at its header's left (left-aligned cells), or the left
    # column's at its header's right: the white that column's edge closes is the cut, even
    # where a wider white lies within the other column (centred text wrapping to its border)
    # (by words: a cell's text may run into the next one's as one phrase, `antiviolenza e output`)
    lined, pad = settings.lined_up, settings.edge_pad
    words = [w for p in phrases if p.x1 >= lo - lined and p.x0 <= hi + lined for w in p.words()]
    if sum(1 for a, _ in words if abs(a - hi) <= lined) >= 2 and runs[-1][1] >= hi - 2 * step:
        a, b = runs[-1]
        return max((a + b) / 2, b - pad)
    if sum(1 for _, b in words if abs(b - lo) <= lined) >= 2 and runs[0][0] <= lo + 2 * step:
        a, b = runs[0]
        return min((a + b) / 2, a + pad)
    a, b = max(runs, key=lambda r: r[1] - r[0])
    return (a + b) / 2


def table_sides(
    header: Header,
    phrases: Sequence[Phrase],
    graphics: Graphics,
    bottom: float,
    settings: LayoutSettings,
) -> tuple[float, float]:
    """The table's left and right sides: its rules and bands, else its text."""
    lo, hi = header.spans[0][0], header.spans[-1][1]
    first_end = header.spans[0][1]
    last_start = header.spans[-1][0]
    lead = lo - settings.first_lead
    x0 = min([lo, *(p.x0 for p in phrases if p.x0 >= lead and p.x0 < first_end)]) - 1
    x1 = max([hi, *(p.x1 for p in phrases if p.x0 >= last_start - settings.last_lead)]) + 1
    width = hi - lo
    top = header.top - settings.side_above
    wide = [
        (r.start, r.end)
        for r in graphics.hrules
        if top <= r.pos <= bottom and min(hi, r.end) - max(lo, r.start) >= 0.5 * width
    ] + [
        (b.x0, b.x1)
        for b in graphics.bands
        if b.bottom >= top and b.top <= bottom and min(hi, b.x1) - max(lo, b.x0) >= 0.5 * width
    ]
    if wide:
        x0 = min(x0, min(a for a, _ in wide))
        x1 = max(x1, max(b for _, b in wide))
    sides = [r.pos for r in graphics.vrules if r.end > header.top and r.start < bottom]
    left = [x for x in sides if x0 - settings.side_rule <= x <= lo + 0.5]
    right = [x for x in sides if hi - 0.5 <= x <= x1 + settings.side_rule]
    if left:
        x0 = min(left)
    if right:
        x1 = max(right)
    return x0, x1


def refine_cuts(
    columns: Columns,
    lines: Sequence[Line],
    vrules: Sequence[Rule],
    settings: LayoutSettings,
    whole: Sequence[Line] = (),
) -> Columns:
    """Cuts moved off the words that cross them on this page, to the widest white within
    `cut_reach` points (a longer value than any of the header's page: `Questionario di
    gradimento` running to the next column's text), or past the words a wrapped line runs
    over it with into the white between the columns (see `_past_strays`, on the `whole`
    lines, before they were cut at the columns). Lines of one phrase (labels, prose) do not
    count; a cut on a vertical rule, or with no white near, stays."""
    words = [w for ln in lines if len(ln.phrases) >= 2 for p in ln.phrases for w in p.words()]
    xs = [columns[0][0], *(b for _, b in columns)]
    snap, reach = 2 * settings.rule_snap, settings.cut_reach
    for k in range(1, len(xs) - 1):
        x = xs[k]
        if any(abs(r.pos - x) <= snap for r in vrules):
            continue
        if not any(a < x < b for a, b in words):
            continue
        lo, hi = max(x - reach, xs[k - 1] + 1), min(x + reach, xs[k + 1] - 1)
        runs: list[list[float]] = []  # runs of white, a quarter point apart
        for step in range(int(lo * 4), int(hi * 4) + 1):
            y = step / 4
            if any(a < y < b for a, b in words):
                continue
            if runs and y - runs[-1][-1] <= 0.26:
                runs[-1].append(y)
            else:
                runs.append([y])
        if runs:  # the widest white (between two cells, not a space inside one), nearest
            run = max(runs, key=lambda r: (round(r[-1] - r[0], 1), -abs((r[0] + r[-1]) / 2 - x)))
            xs[k] = (run[0] + run[-1]) / 2
    for k in range(1, len(xs) - 1):
        if whole and not any(abs(r.pos - xs[k]) <= snap for r in vrules):
            xs[k] = _past_strays(xs[k], whole, xs[k - 1] + 1, xs[k + 1] - 1)
    return tuple((round(a, 2), round(b, 2)) for a, b in pairwise(xs))


def _past_strays(x: float, lines: Sequence[Line], lo: float, hi: float) -> float:
    """A cut moved past the words of a cell's line that run over it at a space (a wrapped
    line of a cell drawn up to its border: `pomeriggi a`, the `a` over the cut) when no other
    text stands over those words: they are in the white between two columns, and belong with
    the words they are a space away from. The cut goes to the middle of the white beyond."""
    moves: list[float] = []
    for ln in lines:
        if len(ln.phrases) < 2:
            continue  # a label or a line of prose across the table
        for p in ln.phrases:
            if p.x0 >= lo - 1.0 and p.x1 <= hi + 1.0:  # over this cut alone
                moves.extend(_stray_moves(p, ln, lines, x, lo, hi))
    right_moves = [m for m in moves if m > x]
    left_moves = [m for m in moves if m < x]
    if right_moves and not left_moves:
        return min(right_moves)
    if left_moves and not right_moves:
        return max(left_moves)
    return x


def _stray_moves(
    p: Phrase, ln: Line, lines: Sequence[Line], x: float, lo: float, hi: float
) -> list[float]:
    """Where the cut at `x` may go past the words of phrase `p` that run over it at a space:
    the middle of the white beyond, on the side where no other text stands over them."""
    words = p.words()
    inside = [k for k in range(1, len(words)) if words[k - 1][1] <= x <= words[k][0]]
    if not inside:
        return []
    k = inside[0]
    left, right = (words[0][0], words[k - 1][1]), (words[k][0], words[-1][1])
    others = [w for m in ln.phrases if m is not p for w in m.words()] + [
        w for o in lines if o is not ln for m in o.phrases for w in m.words()
    ]
    moves: list[float] = []
    for (a, b), side in ((right, 1), (left, -1)):
        if any(c < b and d > a for c, d in others):
            continue  # text of the column there stands over it: it is that column's
        if side > 0:
            end = min([hi, *(c for c, _ in others if c >= b - 0.1)])
            if end - b > a - x + 1.0:
                moves.append((b + end) / 2)
        else:
            start = max([lo, *(d for _, d in others if d <= a + 0.1)])
            if a - start > x - b + 1.0:
                moves.append((start + a) / 2)
    return moves


def without_spanners(lines: Sequence[Line], header: Header, columns: Columns) -> list[Line]:
    """The lines with the header's texts over a cut left out: a spanning cell (`Risultati
    attesi`) stands over the cut between `I anno` and `II anno` by design; no cut moves off it."""
    out = []
    for ln in lines:
        if header.holds(ln.top):
            kept = tuple(p for p in ln.phrases if not crosses(p, columns))
            if not kept:
                continue
            ln = Line(ln.top, ln.bottom, kept) if len(kept) < len(ln.phrases) else ln
        out.append(ln)
    return out


def widen_sides(columns: Columns, lines: Sequence[Line]) -> Columns:
    """The first and last columns widened to this page's text in them (a longer note on a
    later page than on the header's)."""
    x0, x1 = columns[0][0], columns[-1][1]
    for ln in lines:
        if is_label(ln, columns):
            continue
        for p in ln.phrases:
            if p.x0 >= columns[-1][0] and p.x1 > x1:
                x1 = p.x1 + 1
            if p.x1 <= columns[0][1] and p.x0 < x0:
                x0 = p.x0 - 1
    out = list(columns)
    out[0] = (round(x0, 2), out[0][1])
    out[-1] = (out[-1][0], round(x1, 2))
    return tuple(out)


def snap_columns(
    columns: Columns, graphics: Graphics, top: float, settings: LayoutSettings
) -> Columns:
    """Carried columns moved onto this page's vertical rules where they are a little off."""
    xs = [columns[0][0], *(b for _, b in columns)]
    rules = [r.pos for r in graphics.vrules if r.end > top]
    moved = []
    for x in xs:
        near = [r for r in rules if abs(r - x) <= settings.carry_tolerance]
        moved.append(min(near, key=lambda r: abs(r - x)) if near else x)
    return tuple((round(a, 2), round(b, 2)) for a, b in pairwise(moved))
