"""Cell boxes from rows and columns: a cell goes on down where the rule under it stops short of
its column, and on across where no vertical rule parts it from the next; the header's cells."""

from __future__ import annotations

from collections.abc import Sequence

from .graphics import Graphics, Rule
from .header import Header
from .models import BBox
from .place import Columns, RowBand, column_of, column_phrases, crosses, runs_over, text_edge
from .primitives import Line
from .settings import LayoutSettings


def vertical_cuts(
    graphics: Graphics, columns: Columns, top: float, bottom: float, settings: LayoutSettings
) -> list[list[Rule]]:
    """For each inner cut between columns, the vertical rules standing on it in [top, bottom]."""
    out = []
    for _, x in columns[:-1]:
        out.append(
            [
                r
                for r in graphics.vrules
                if abs(r.pos - x) <= 2 * settings.rule_snap and r.end > top and r.start < bottom
            ]
        )
    return out


def is_ruled_across(rows: Sequence[RowBand], cut_rules: Sequence[Sequence[Rule]]) -> bool:
    """Whether vertical rules part the body's columns: at half the cuts or more, rules run
    down half the body or more (a boxed header alone does not rule the body)."""
    if not rows or not cut_rules:
        return False
    top, bottom = rows[0].top, rows[-1].bottom
    height = max(bottom - top, 1.0)
    ruled = 0
    for rules in cut_rules:
        got = sum(max(0.0, min(bottom, r.end) - max(top, r.start)) for r in rules)
        ruled += got >= 0.5 * height
    return ruled >= max(1, len(cut_rules) / 2)


def cell_boxes(
    rows: Sequence[RowBand],
    columns: Columns,
    cut_rules: Sequence[Sequence[Rule]],
    settings: LayoutSettings,
    apart: float = 0.0,
    centred: bool = False,
) -> list[BBox]:
    """Cell boxes of the body: a cell goes on down where the rule (or band edge) under it stops
    short of its column, and on across where no vertical rule parts it from the next (or, in a
    table with no vertical rules, where a label runs across the row), but not over a cut with
    texts the page set apart on both sides of it. Past a band edge (no rule), where the cell
    goes on is told by its text (see `_goes_on`)."""
    ruled_across = is_ruled_across(rows, cut_rules)
    boxes: list[BBox] = []
    texts: dict[int, tuple[float, float]] = {}  # box -> top and bottom of its text so far
    last: dict[int, int] = {}  # column -> index of the single-column box that ends above
    for row in rows:
        spill = _spilt(row, rows, columns, cut_rules, ruled_across)
        prev = last.get(spill) if spill is not None else None
        own = _text_span(row, columns, spill) if spill is not None else None
        if prev is not None and _goes_on(texts.get(prev), own, apart, False):
            x0, top, x1, _ = boxes[prev]
            boxes[prev] = (x0, top, x1, row.bottom)
            continue
        spans = _row_spans(row, columns, cut_rules, ruled_across, settings)
        current: dict[int, int] = {}
        for first, end in spans:
            a, b = columns[first][0], columns[end][1]
            prev = last.get(first) if first == end else None
            own = _text_span(row, columns, first) if first == end else None
            if (
                prev is not None
                and not row.label
                and row.above.source in ("rule", "band")
                and not row.above.covers(a, b, settings.cell_cover)
                and (row.above.source == "rule" or _goes_on(texts.get(prev), own, apart, centred))
            ):
                x0, top, x1, _ = boxes[prev]
                boxes[prev] = (x0, top, x1, row.bottom)
                current[first] = prev
            else:
                boxes.append((a, row.top, b, row.bottom))
                prev = len(boxes) - 1
                if first == end:
                    current[first] = prev
            if own is not None:
                old = texts.get(prev)
                texts[prev] = (old[0], own[1]) if old is not None else own
        last = current
    if centred:
        boxes = _centre_split(boxes, texts, [r.top for r in rows])
    return boxes


def _centre_split(
    boxes: list[BBox], texts: dict[int, tuple[float, float]], tops: Sequence[float]
) -> list[BBox]:
    """Cells whose text stands in the middle of their lower rows only, cut where the text's
    middle says the cell starts: in a table that sets its text in the middle of its cells, the
    empty rows above (a merged cell going on from the page before) are a cell of their own."""
    out = list(boxes)
    for k, (x0, top, x1, bottom) in enumerate(boxes):
        text = texts.get(k)
        if text is None:
            continue
        start = text[0] + text[1] - bottom  # where a cell ending at `bottom` starts
        cuts = [t for t in tops if top + 0.5 < t <= text[0] + 0.5]
        if not cuts:
            continue
        cut = min(cuts, key=lambda t: abs(t - start))
        if abs(cut - start) < abs(top - start):
            out[k] = (x0, cut, x1, bottom)
            out.append((x0, top, x1, cut))
    return out


def _spilt(
    row: RowBand,
    rows: Sequence[RowBand],
    columns: Columns,
    cut_rules: Sequence[Sequence[Rule]],
    ruled_across: bool,
) -> int | None:
    """The column whose cell's text a table's last row holds, run out of its box: in a table
    ruled across, under its last rule, where no vertical rule runs, text in one column only
    and not the first (a label or a note under a table starts at its left). A browser paints
    the text of a cell the page broke past the cell's box; it goes on with the cell when it
    stands right under its text (see `_goes_on`)."""
    if not ruled_across or row is not rows[-1] or row.above.source != "rule":
        return None
    if any(r.end > row.top + 0.5 and r.start < row.bottom for rules in cut_rules for r in rules):
        return None
    phrases = [p for ln in row.lines for p in ln.phrases]
    if not phrases or any(crosses(p, columns) for p in phrases):
        return None
    found = {column_of(p.mid, columns) for p in phrases}
    if len(found) != 1:
        return None
    (only,) = found
    return only or None  # not the first column


def _goes_on(
    text: tuple[float, float] | None,
    own: tuple[float, float] | None,
    apart: float,
    centred: bool,
) -> bool:
    """Whether a cell goes on past a band edge that stops short of it (a zebra stripe stops
    short of a merged cell, and of the next merged cell under it too) into a row, whose own
    text in the cell's column is `own`.

    Text right under the cell's text (`text`; no further below than `apart`, a cell's lines)
    is more of it; a row's own text further below starts a new cell (a cell holds one text).
    Where a table sets its text at the top of its rows, a row with no text of its own there
    goes on with the cell; in a cell with none so far (at the top of a page, a merged cell
    going on from the page before is empty), a row's text starts a new cell. Where it sets
    its text in the middle (`centred`), every row is a cell of its own: which rows a merged
    cell holds, its text in their middle, is told from the texts later
    (`fill_unruled_merges`)."""
    if own is not None and text is not None:
        return own[0] - text[1] <= apart
    return own is None and not centred


def _text_span(row: RowBand, columns: Columns, c: int) -> tuple[float, float] | None:
    """The top and bottom of a row's text in one column, if it has any."""
    phrases = [p for ln in row.lines for p in column_phrases(ln, columns, c)]
    if not phrases:
        return None
    return min(p.top for p in phrases), max(p.bottom for p in phrases)


def _row_spans(
    row: RowBand,
    columns: Columns,
    cut_rules: Sequence[Sequence[Rule]],
    ruled_across: bool,
    settings: LayoutSettings,
) -> list[tuple[int, int]]:
    """The cells of one row as (first column, last column)."""
    n = len(columns)
    if row.label and not ruled_across:
        return [(0, n - 1)]
    height = row.bottom - row.top
    spans: list[tuple[int, int]] = []
    start = 0
    for c in range(n - 1):
        closed = True
        if ruled_across:
            got = sum(
                max(0.0, min(row.bottom, r.end) - max(row.top, r.start)) for r in cut_rules[c]
            )
            closed = got >= settings.cell_cover * height or _apart(row, columns, c)
        if closed:
            spans.append((start, c))
            start = c + 1
    spans.append((start, n - 1))
    return spans


def _apart(row: RowBand, columns: Columns, c: int) -> bool:
    """Whether a row holds texts the page set apart on both sides of the cut after column c,
    none of them running over the cut or cut there by the engine (a merged cell's text, a
    label across the row, cut where a space fell on the cut): two cells, though no rule parts
    them."""
    left = [p for ln in row.lines for p in column_phrases(ln, columns, c)]
    right = [p for ln in row.lines for p in column_phrases(ln, columns, c + 1)]
    if not left or not right or any(p.cut for p in left + right):
        return False
    return not any(runs_over(p, columns[c][1]) for ln in row.lines for p in ln.phrases)


def content_edges(
    lines: Sequence[Line],
    columns: Columns,
    cut_rules: Sequence[Sequence[Rule]],
    right_ruled: bool,
    padding: float,
) -> list[tuple[float, float]]:
    """Per column, how far its text can reach, left and right: the rules less the cell's
    padding (as on its left, `padding` at most), or, without a rule on its right, the ends of
    its lines (on the right, where it wraps: `text_edge`)."""
    out = []
    for c, (a, b) in enumerate(columns):
        phrases = [p for ln in lines for p in column_phrases(ln, columns, c)]
        if not phrases:
            out.append((a, b))
            continue
        left = min(p.x0 for p in phrases)
        ruled = bool(cut_rules[c]) if c < len(cut_rules) else right_ruled
        if ruled:
            pad = min(max(0.5, left - a), padding)
            out.append((a + pad, b - pad))
            continue
        out.append((left, text_edge(lines, columns, c) or max(p.x1 for p in phrases)))
    return out


def header_boxes(header: Header, columns: Columns, top: float, bottom: float) -> list[BBox]:
    """Boxes of the header's cells over the region's columns, one header row per level."""
    levels = header.rows
    bounds = [top]
    for level in range(1, levels):
        above = [c.bottom for c in header.cells if c.level == level - 1 and c.first != c.last]
        below = [c.top for c in header.cells if c.level == level]
        if above and below:
            bounds.append((max(above) + min(below)) / 2)
        else:
            bounds.append(bounds[-1] + (bottom - bounds[-1]) / (levels - level + 1))
    bounds.append(bottom)
    boxes: list[BBox] = []
    for cell in header.cells:
        a, b = columns[cell.first][0], columns[cell.last][1]
        leaf = cell.first == cell.last and not any(
            o.first <= cell.first <= o.last and o.level > cell.level for o in header.cells
        )
        boxes.append((a, bounds[cell.level], b, bottom if leaf else bounds[cell.level + 1]))
    return boxes
