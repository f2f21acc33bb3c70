"""What a reading is unsure of on a page: a word over a cut with no rule on it, text flowing into
the next column, text drawn over other text."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from .classify import is_label
from .graphics import Rule
from .header import Header
from .place import Columns, crosses, middle, runs_over
from .primitives import Char, Line, Phrase


def straddling_word(
    lines: Sequence[Line],
    columns: Columns,
    cut_rules: Sequence[Sequence[Rule]],
    lined_up: float,
) -> str:
    """The first word of a row (not of a label) that runs over a cut with no rule on it, or
    over a rule standing on a cut across the word's line: a rule parts no table's word (the
    rules there are no table's, a chart's bars, or a cell's text ran on past its rule), but
    where the text before the rule was clipped there (see `_clipped_before`, within
    `lined_up`)."""
    for ln in lines:
        if is_label(ln, columns):
            continue
        mid = middle(ln)
        for p in ln.phrases:
            for a, b in p.words():
                for k, (_, x) in enumerate(columns[:-1]):
                    if not cut_rules[k]:
                        if a < x - 0.5 and b > x + 0.5:
                            return _word_at(p, a, b)
                    elif any(
                        r.start <= mid <= r.end
                        and a < r.pos - 0.5
                        and b > r.pos + 0.5
                        and not _clipped_before(p, r.pos, ln, lines, columns[k + 1], lined_up)
                        for r in cut_rules[k]
                    ):
                        return _word_at(p, a, b)
    return ""


def _clipped_before(
    p: Phrase,
    pos: float,
    line: Line,
    lines: Sequence[Line],
    column: tuple[float, float],
    tolerance: float,
) -> bool:
    """Whether the letters of a phrase past a rule at `pos` are the next column's own text,
    starting past the rule where another line's text in that column starts (within
    `tolerance`): the text before them was clipped at the rule by its producer (`Matthew C.
    & Elizab` | `2165 Princeton Ave`), and the rule parts two texts, not a word."""
    past = [g for g in p.glyphs if g[2].strip() and pos < (g[0] + g[1]) / 2 < column[1]]
    if not past:
        return False
    x0 = past[0][0]
    return x0 >= pos and any(
        abs(q.x0 - x0) <= tolerance
        for ln in lines
        if ln is not line
        for q in ln.phrases
        if column[0] <= q.mid <= column[1]
    )


def overflowing_text(
    lines: Sequence[Line],
    top: float,
    bottom: float,
    columns: Columns,
    cut_rules: Sequence[Sequence[Rule]],
    header: Header | None,
) -> str:
    """The first text of a row running on at a space over a cut with no rule on it into the
    next column left of where any of that column's texts start: a spreadsheet's text flowing
    into the empty cell beside it (`... della prima` | `annualità)`), not the next cell's own
    text set close in a tight table (that starts where the column's texts start)."""
    body = [ln for ln in lines if top - 0.5 <= middle(ln) <= bottom + 0.5]
    heads = [ln for ln in lines if header is not None and header.holds(ln.top)]
    for k, (_, x) in enumerate(columns[:-1]):
        if cut_rules[k]:
            continue
        a, b = columns[k + 1]
        starts = [
            p.x0
            for ln in body + heads
            for p in ln.phrases
            if a - 0.5 <= p.x0 and p.x1 <= b + 0.5 and not crosses(p, columns)
        ]
        for ln in body:
            if is_label(ln, columns):
                continue
            for p in ln.phrases:
                if not runs_over(p, x):
                    continue
                after = [w for w in p.words() if w[0] >= x]
                if after and (not starts or after[0][0] < min(starts) - 2.0):
                    return p.text
    return ""


def _word_at(p: Phrase, a: float, b: float) -> str:
    return "".join(g[2] for g in p.glyphs if a - 0.01 <= g[0] and g[1] <= b + 0.01) or p.text


def overdrawn_text(chars: Sequence[Char], row_share: float) -> str:
    """Where two different letters are drawn over each other (a producer clipped a cell's
    text and the rest, hidden, runs over the next cell's): the letters around, else empty.

    Letters are compared with those on the same line only (tops at most `row_share` of a
    letter's height apart, the setting that parts lines), grouped by their top, left to right,
    so that a page of text takes a few comparisons a letter."""
    inked = sorted((c for c in chars if c["text"].strip()), key=lambda c: c["x0"])
    by_top: dict[float, list[int]] = {}
    for k, c in enumerate(inked):
        by_top.setdefault(c["top"], []).append(k)
    tops = sorted(by_top)
    for k, a in enumerate(inked):
        height = a["bottom"] - a["top"]
        reach = row_share * height
        lo = bisect_left(tops, a["top"] - reach - 1e-6)
        hi = bisect_right(tops, a["top"] + reach + 1e-6)
        for top in tops[lo:hi]:
            group = by_top[top]
            for at in range(bisect_right(group, k), len(group)):
                b = inked[group[at]]
                if b["x0"] >= a["x1"]:
                    break
                if b["text"] == a["text"] or abs(b["top"] - a["top"]) > reach:
                    continue
                overlap = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                if overlap > 0.5 * min(a["x1"] - a["x0"], b["x1"] - b["x0"]):
                    near = [
                        c
                        for c in inked
                        if abs(c["top"] - a["top"]) <= height and abs(c["x0"] - a["x0"]) < 30
                    ]
                    return "".join(c["text"] for c in sorted(near, key=lambda c: c["x0"]))
    return ""
