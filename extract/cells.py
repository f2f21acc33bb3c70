"""Turn cell boxes into cells with text: the step shared by every layout."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import Any

from pdfplumber.utils.text import extract_text

from .models import BBox, Cell, PageTable

Char = dict[str, Any]

# pdfplumber's own defaults for grouping characters into words and lines.
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0


def boxes_to_grid(
    boxes: Sequence[BBox], tol: float = 1.0
) -> tuple[list[float], list[float], list[tuple[int, int, int, int]]]:
    """Place cell boxes on a grid: column x0s, row tops and (row, col, rowspan, colspan) per box."""
    xs = _cluster(sorted(b[0] for b in boxes), tol)
    tops = _cluster(sorted(b[1] for b in boxes), tol)
    spans = []
    for x0, top, x1, bottom in boxes:
        col = _index(xs, x0, tol)
        row = _index(tops, top, tol)
        colspan = max(1, sum(1 for x in xs[col:] if x < x1 - tol))
        rowspan = max(1, sum(1 for t in tops[row:] if t < bottom - tol))
        spans.append((row, col, rowspan, colspan))
    return xs, tops, spans


def grid_to_table(
    page: int,
    boxes: Sequence[BBox],
    chars: Iterable[Char],
    ruling: str,
) -> PageTable:
    """Build a PageTable from cell boxes, filling each cell with the characters centred in it."""
    xs, tops, spans = boxes_to_grid(boxes)
    placed = {(r, c): i for i, (r, c, _, _) in enumerate(spans)}
    cover: dict[tuple[int, int], int] = {}
    for i, (r, c, rs, cs) in enumerate(spans):
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                cover.setdefault((rr, cc), i)
    buckets: list[list[Char]] = [[] for _ in boxes]
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        r = bisect_right(tops, cy) - 1
        c = bisect_right(xs, cx) - 1
        i = cover.get((r, c), -1)
        if i < 0:
            continue
        x0, top, x1, bottom = boxes[i]
        if x0 <= cx <= x1 and top <= cy <= bottom:
            buckets[i].append(ch)
    cells = []
    for (r, c), i in sorted(placed.items()):
        _, _, rs, cs = spans[i]
        cells.append(
            Cell(
                text=chars_to_text(buckets[i]),
                bbox=_round_box(boxes[i]),
                page=page,
                row=r,
                col=c,
                rowspan=rs,
                colspan=cs,
            )
        )
    x1s = max(b[2] for b in boxes)
    bottom = max(b[3] for b in boxes)
    columns = tuple((round(x, 2), round(nx, 2)) for x, nx in zip(xs, [*xs[1:], x1s], strict=True))
    return PageTable(
        page=page,
        bbox=_round_box((xs[0], tops[0], x1s, bottom)),
        columns=columns,
        row_tops=tuple(round(t, 2) for t in tops),
        cells=tuple(cells),
        ruling=ruling,
    )


def chars_to_text(chars: Sequence[Char]) -> str:
    """The text of some characters as lines, top to bottom, joined by newlines."""
    if not chars:
        return ""
    # Spaces, non-breaking spaces and ligatures are kept as drawn: normalize repairs and logs them.
    text: str = extract_text(
        list(chars),
        x_tolerance=X_TOLERANCE,
        y_tolerance=Y_TOLERANCE,
        keep_blank_chars=True,
        expand_ligatures=False,
    )
    return text


def _cluster(values: Sequence[float], tol: float) -> list[float]:
    """Collapse sorted values closer than tol into their first member."""
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(anchors: Sequence[float], value: float, tol: float) -> int:
    """The index of the anchor that value snaps to."""
    i = bisect_right(anchors, value + tol) - 1
    return max(i, 0)


def _round_box(b: BBox) -> BBox:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))
