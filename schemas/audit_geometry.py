"""The audit's geometry checks: words cut by a cell's edge (`word_cut`), rows overlapping
(`rows_overlap`), a cell's text in two blocks (`text_split`), two keys in a row (`two_keys`)."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from pdztables.extract.models import BBox, Word

from .audit_input import AuditSettings
from .audit_seen import Seen, flag, lines_of, word_box
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
