"""The audit's geometry checks: words cut by a cell's edge (`word_cut`), rows overlapping
(`rows_overlap`), a cell's text in two blocks (`text_split`), two keys in a row (`two_keys`), a
row's text in two bands, its key in the lower (`text_above_key`)."""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import pairwise

from pdztables.extract.models import BBox, Word

from .audit_input import AuditSettings, OutCell
from .audit_seen import Seen, flag, line_height, lines_of, word_box
from .findings import Failure


def cut_words(seen: Seen) -> list[Failure]:
    """Words of a row's own cells reaching over the cell's edge: the reading cut through
    text there (a column or row boundary drawn through a word)."""
    out: list[Failure] = []
    done: set[tuple[int, Word]] = set()
    for cell in seen.data.cells:
        for spot in cell.spots:
            if not spot.own:
                continue
            for w in seen.own_words(spot):
                if (spot.page, w) in done or not _sticks_out(w, spot.box, seen.s):
                    continue
                done.add((spot.page, w))
                where = (cell.column, cell.label, spot.page)
                out.append(flag("word_cut", where, w.text, (w.x0, w.top, w.x1, w.bottom)))
    return out


def _sticks_out(w: Word, box: BBox, s: AuditSettings) -> bool:
    """Whether a word reaches out of a box by more than the settings allow."""
    across = max(box[0] - w.x0, w.x1 - box[2])
    down = max(box[1] - w.top, w.bottom - box[3])
    return across > s.stick_out or down > s.stick_out_share * (w.bottom - w.top)


def overlapping_rows(seen: Seen) -> list[Failure]:
    """Rows whose own words overlap the row before on the same page, or stand above it: one
    row's lines mixed with another's."""
    out: list[Failure] = []
    for page, rows in seen.row_boxes.items():
        for (_, label_a, a, height_a), (_, label_b, b, height_b) in pairwise(rows):
            tol = seen.s.overlap_share * min(height_a, height_b)
            if b[1] < a[3] - tol:
                box = (min(a[0], b[0]), b[1], max(a[2], b[2]), a[3])
                out.append(flag("rows_overlap", ("", label_b, page), label_a, box))
    return out


def split_texts(seen: Seen) -> list[Failure]:
    """Cells whose words on a page stand in two blocks with another row's own text between
    them: the text of two rows read as one cell's."""
    out: list[Failure] = []
    for cell in seen.data.cells:
        by_page: dict[int, list[Word]] = defaultdict(list)
        for spot in cell.spots:
            by_page[spot.page] += seen.own_words(spot)
        for page, words in by_page.items():
            lines = lines_of(words)
            for upper, lower in pairwise(lines):
                top, bottom = max(w.bottom for w in upper), min(w.top for w in lower)
                between = [
                    row
                    for row, _, box, _ in seen.row_boxes.get(page, [])
                    if row != cell.row and box[1] >= top - 0.5 and box[3] <= bottom + 0.5
                ]
                if between:
                    where = (cell.column, cell.label, page)
                    value = " ".join(w.text for w in lower)
                    out.append(flag("text_split", where, value, word_box(lower)))
                    break
    return out


def above_key(seen: Seen) -> list[Failure]:
    """Rows whose own words on a page stand in bands, white across the whole row between
    them, with the key in a lower band: what stands above it is another row's text (the rest
    of the row before, broken by the page) read into this one. A row's cells stand side by
    side, their texts together at the top, the middle or the foot of the row: the key is
    never under all of other cells' text with white across the row between."""
    key = seen.data.key
    out: list[Failure] = []
    for row, cells in seen.by_row.items():
        keys = [w for c in cells if c.column == key for w in _own(seen, c)]
        for page in sorted({w_page for w_page, _ in keys}):
            top = min(w.top for p, w in keys if p == page)
            words = sorted(seen.row_words(row, page), key=lambda w: w.top)
            white = seen.s.row_white * line_height(words)
            bands: list[list[Word]] = []
            bottom = -math.inf
            for w in words:
                if w.top > bottom + white:
                    bands.append([])
                bands[-1].append(w)
                bottom = max(bottom, w.bottom)
            lower = next(k for k, band in enumerate(bands) if any(w.top >= top for w in band))
            if lower:
                above = [w for band in bands[:lower] for w in band]
                value = " ".join(w.text for w in sorted(above, key=lambda w: (w.top, w.x0)))
                where = ("", cells[0].label, page)
                out.append(flag("text_above_key", where, value, word_box(above)))
    return out


def _own(seen: Seen, cell: OutCell) -> list[tuple[int, Word]]:
    """A cell's words in its own boxes, with their pages."""
    return [(sp.page, w) for sp in cell.spots if sp.own for w in seen.own_words(sp)]


def two_keys(seen: Seen) -> list[Failure]:
    """Rows whose band on a page holds, in the key column, two numbers on two lines that do not
    make the row's key (`48` over `49`: two rows read as one)."""
    key = seen.data.key
    out: list[Failure] = []
    for cell in seen.data.cells:
        if cell.column != key:
            continue
        for spot in cell.spots:
            lines = lines_of(seen.own_words(spot)) if spot.own else []
            numbers = ["".join(w.text for w in ln).rstrip(".") for ln in lines]
            numbers = [n for n in numbers if n.isdigit()]
            if len(numbers) >= 2 and all(len(n) > 1 for n in numbers):
                where = (key or "", cell.label, spot.page)
                out.append(flag("two_keys", where, " / ".join(numbers), spot.box))
    return out
