"""Column bounds from text: shared by tables without vertical rules (ruled or not).

A header cell is a stack of phrases (its wrapped lines overlap horizontally); the cut between
two stacks goes where a rule is interrupted, if one is, else in the widest stretch that no
phrase of the body crosses.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from pdfplumber.utils.text import extract_words

from .cells import Char

Interval = tuple[float, float]
Phrase = dict[str, Any]
Columns = tuple[tuple[float, float], ...]

# Characters closer than this (points) belong to one phrase of a cell.
PHRASE_GAP = 3.0
MIN_HEADER_MATCHES = 3


def phrases_of(chars: Sequence[Char]) -> list[Phrase]:
    """Runs of characters on one line with no gap wider than a space: the phrases of cells."""
    words: list[Phrase] = extract_words(
        list(chars), keep_blank_chars=True, x_tolerance=PHRASE_GAP, y_tolerance=3
    )
    return [w for w in words if w["text"].strip()]


def merge_intervals(ivs: Sequence[Interval], gap: float) -> list[Interval]:
    """Sorted intervals, those closer than `gap` merged."""
    out: list[Interval] = []
    for a, b in sorted(ivs):
        if out and a - out[-1][1] <= gap:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def header_stacks(header: Sequence[Phrase]) -> list[tuple[Interval, str]]:
    """The header's cells: phrases stacked over one another, with their text top to bottom."""
    stacks = merge_intervals([(p["x0"], p["x1"]) for p in header], 0.5)
    out = []
    for a, b in stacks:
        inside = sorted((p for p in header if a <= p["x0"] <= b), key=lambda p: p["top"])
        out.append(((a, b), "\n".join(p["text"] for p in inside)))
    return out


def columns_from_header(
    header: Sequence[Phrase],
    body: Sequence[Phrase],
    extent: Interval,
    is_header: Callable[[str], bool],
    rule_ends: Sequence[float] = (),
) -> Columns | None:
    """Column bounds from a header band, or None if too few of its cells are known headers."""
    stacks = header_stacks(header)
    if sum(1 for _, text in stacks if is_header(text)) < MIN_HEADER_MATCHES:
        return None
    bounds = [extent[0]]
    for ((_, left_end), _), ((right_start, _), _) in itertools.pairwise(stacks):
        bounds.append(best_cut(left_end, right_start, body, rule_ends))
    bounds.append(extent[1])
    return tuple((round(a, 2), round(b, 2)) for a, b in itertools.pairwise(bounds))


def best_cut(lo: float, hi: float, body: Sequence[Phrase], rule_ends: Sequence[float]) -> float:
    """Where to cut between two header stacks: a rule's end if one lies there, else the middle
    of the widest stretch that no body phrase crosses."""
    inner = sorted(e for e in rule_ends if lo < e < hi)
    if inner:
        return inner[len(inner) // 2]
    covered = merge_intervals(
        [(p["x0"], p["x1"]) for p in body if p["x1"] > lo and p["x0"] < hi], 0.0
    )
    free: list[Interval] = []
    x = lo
    for a, b in covered:
        if a > x:
            free.append((x, min(a, hi)))
        x = max(x, b)
    if x < hi:
        free.append((x, hi))
    if not free:
        return (lo + hi) / 2
    a, b = max(free, key=lambda iv: iv[1] - iv[0])
    return (a + b) / 2


def crosses(p: Phrase, columns: Columns) -> bool:
    """Whether a phrase runs over a cut between columns (a label over the full width)."""
    return any(p["x0"] < b - 2 and p["x1"] > b + 2 for _, b in columns[:-1])
