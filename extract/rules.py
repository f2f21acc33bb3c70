"""Tables ruled with horizontal lines only: rows from the rules, columns from the text.

Limitations: the table must have a rule above and below every row; a page whose rules do not
start with a recognisable header row can only continue the columns of the table on the page
before it. Rules shorter than `MIN_RULE` points (underlines, bullets) are ignored.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from .cells import Char, grid_to_table
from .layout import Interval, columns_from_header, crosses, merge_intervals, phrases_of
from .models import BBox, PageTable

MIN_RULE = 10.0
Y_SNAP = 1.5


def edges_to_rules(edges: Sequence[dict[str, Any]]) -> list[tuple[float, list[Interval]]]:
    """Group horizontal edges by height into rules: (y, covered x-intervals), top to bottom."""
    segs = sorted(
        (float(e["top"]), float(e["x0"]), float(e["x1"]))
        for e in edges
        if e.get("orientation") == "h" and e["x1"] - e["x0"] >= MIN_RULE
    )
    rules: list[tuple[float, list[Interval]]] = []
    for y, x0, x1 in segs:
        if rules and y - rules[-1][0] <= Y_SNAP:
            rules[-1][1].append((x0, x1))
        else:
            rules.append((y, [(x0, x1)]))
    return [(y, merge_intervals(ivs, 1.0)) for y, ivs in rules]


def rules_to_table(
    page_number: int,
    rules: list[tuple[float, list[Interval]]],
    chars: Sequence[Char],
    is_header: Callable[[str], bool],
    carried: tuple[tuple[float, float], ...] | None,
) -> PageTable | None:
    """Find a horizontally ruled table on a page and cut it into cells."""
    body = _table_rules(rules)
    if len(body) < 2:
        return None
    x0 = min(iv[0] for _, ivs in body for iv in ivs)
    x1 = max(iv[1] for _, ivs in body for iv in ivs)
    top, bottom = body[0][0], body[-1][0]
    inside = [
        c
        for c in chars
        if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1
        and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]
    phrases = phrases_of(inside)
    header = [p for p in phrases if body[0][0] <= p["top"] and p["bottom"] <= body[1][0] + 1]
    below = [p for p in phrases if p["top"] > body[1][0] - 1]
    ends = [x for _, ivs in body for iv in ivs for x in iv]
    columns = columns_from_header(header, below, (x0, x1), is_header, ends)
    if columns is None:
        if carried is None or abs(carried[0][0] - x0) > 5 or abs(carried[-1][1] - x1) > 5:
            return None
        columns = carried
    boxes = _cut(body, columns, phrases)
    return grid_to_table(page_number, boxes, inside, ruling="hrules")


def _table_rules(
    rules: list[tuple[float, list[Interval]]],
) -> list[tuple[float, list[Interval]]]:
    """The longest vertical run of rules that share the widest horizontal extent."""
    if not rules:
        return []
    spans = [(ivs[0][0], ivs[-1][1]) for _, ivs in rules]
    widest = max(b - a for a, b in spans)
    keep = [
        (y, ivs)
        for (y, ivs), (a, b) in zip(rules, spans, strict=True)
        if b - a >= 0.6 * widest and sum(i1 - i0 for i0, i1 in ivs) >= 0.3 * widest
    ]
    return keep


def _cut(
    body: list[tuple[float, list[Interval]]],
    columns: tuple[tuple[float, float], ...],
    phrases: list[dict[str, Any]],
) -> list[BBox]:
    """Cell boxes: a cell runs down until a rule crosses its column; a band whose only text
    crosses column bounds is one cell over the full width (a group row)."""
    n = len(columns)
    bands = list(itertools.pairwise(body))
    boxes: list[BBox] = []
    open_from: dict[int, float] = {}
    for (y0, _), (y1, ivs_below) in bands:
        band = [p for p in phrases if y0 - 1 <= (p["top"] + p["bottom"]) / 2 <= y1 + 1]
        if band and all(crosses(p, columns) for p in band) and not open_from:
            boxes.append((columns[0][0], y0, columns[-1][1], y1))
            continue
        for c in range(n):
            start = open_from.pop(c, y0)
            a, b = columns[c]
            if _covered(ivs_below, a, b) or (y1 == body[-1][0]):
                boxes.append((a, start, b, y1))
            else:
                open_from[c] = start
    return boxes


def _covered(ivs: list[Interval], a: float, b: float) -> bool:
    """Whether the rule segments cover most of the span [a, b]."""
    width = b - a
    got = sum(max(0.0, min(b, i1) - max(a, i0)) for i0, i1 in ivs)
    return got >= 0.6 * width
