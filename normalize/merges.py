"""Cells merged down a column of a table with no rules (bands at most): nothing drawn shows
where such a cell ends.

A word processor draws a cell merged over several rows with its text in the first row and
nothing under it; in a table with no rules between rows, only the text shows it. Where a
column the profile expects filled is empty in runs under filled cells, in a quarter of its
rows at least (a policy code or an objective written once for the rows that share it), each
empty cell of a run takes the text above it, logged as a `merged-cell` repair and reported as
a doubt naming the rows (a guess: the drawing does not say). A row with another empty cell
where the profile expects text is a row with gaps, not one under a merged cell: it is left as
it is (the audit reports its empty cell as an open merge).

Limitations: a column the profile does not expect filled (notes, a column it does not know)
is never filled; a few empty cells under filled ones are gaps of the source, left empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from pdztables.extract import Cell
from pdztables.schemas.findings import Failure, doubt

from .records import Record
from .repairs import Repair

MIN_RUNS = 2
"""Runs of empty cells under filled ones a column needs to be taken for a column of merged
cells."""
MIN_EMPTY = 0.25
"""... and the share of its rows that are empty."""


def fill_unruled_merges(
    records: Sequence[Record], names: Sequence[str], expected: set[str], centred: bool = False
) -> tuple[list[Repair], list[Failure]]:
    """Fill the runs of empty cells under filled ones in the expected columns of a table with
    no rules; the repairs made and a doubt per run filled. Where the table sets its text in the
    middle of its cells (`centred`), a merged cell's text stands in the middle of the rows it
    spans: the empty cells above it are its too (see `_centred_runs`)."""
    repairs: list[Repair] = []
    doubts: list[Failure] = []
    wanted = [c for c, name in enumerate(names) if name in expected]
    for c in wanted:
        runs = _runs(records, c)
        empty = sum(len(rows) for _, rows in runs)
        if sum(1 for _, rows in runs if rows) < MIN_RUNS or empty < MIN_EMPTY * len(records):
            continue
        _join_spills(records, c)
        runs = _centred_runs(records, c) if centred else _runs(records, c)
        for above, rows in runs:
            whole = [r for r in rows if all(_text(r, o) for o in wanted if o != c)]
            if not whole:
                continue
            for rec in whole:
                _fill(rec, above, c)
                repairs.append(
                    Repair("merged-cell", rec.page, rec.label, names[c], "", _text(above, c))
                )
            doubts.append(_doubt(whole, above, names[c], _text(above, c)))
    return repairs, doubts


def _doubt(rows: Sequence[Record], above: Record, column: str, text: str) -> Failure:
    labels = f"{rows[0].label}-{rows[-1].label}" if len(rows) > 1 else rows[0].label
    return doubt(
        "merged_unruled",
        rows[0].page,
        text,
        "doubt.merged_unruled",
        column=column,
        row=rows[0].label,
        rows=labels,
        above=above.label,
    )


def _runs(records: Sequence[Record], c: int) -> list[tuple[Record, list[Record]]]:
    """Per filled cell of a column: it, and the empty cells right under it."""
    out: list[tuple[Record, list[Record]]] = []
    for rec in records:
        if _text(rec, c):
            out.append((rec, []))
        elif out:
            out[-1][1].append(rec)
    return out


def _centred_runs(records: Sequence[Record], c: int) -> list[tuple[Record, list[Record]]]:
    """Per filled cell of a column: it, and the empty cells of its merged cell, page by page.

    A merged cell's text stands in the middle of its rows (a browser's) or of its first row (a
    word processor's, as with text at the top: `_runs`). Where some text stands off the middle
    of its own row, merged cells centre their text: each takes the empty cells from the end of
    the one above (a page's first row) down to as far below its text's middle as it starts
    above it.
    """
    if not any(_off_middle(_cell(rec, c)) for rec in records if _text(rec, c)):
        return _runs(records, c)
    out: list[tuple[Record, list[Record]]] = []
    for page_records in _by_page(records):
        cells = [_cell(rec, c) for rec in page_records]
        boxes = [cell.bbox for cell in cells if cell is not None]
        if len(boxes) < len(cells):
            continue
        filled = [k for k, rec in enumerate(page_records) if _text(rec, c)]
        i, start = 0, boxes[0][1]
        for n, f in enumerate(filled):
            ink = cells[f].ink if cells[f] is not None else None  # type: ignore[union-attr]
            if f < i or ink is None:
                continue
            end = ink[1] + ink[3] - start  # twice the text's middle, less the cell's top
            stop = filled[n + 1] if n + 1 < len(filled) else len(page_records)
            last = f
            while last + 1 < stop and (boxes[last + 1][1] + boxes[last + 1][3]) / 2 < end:
                last += 1
            rows = [page_records[k] for k in range(i, last + 1) if k != f]
            out.append((page_records[f], rows))
            i, start = last + 1, boxes[last][3]
        _nearest(out, page_records, cells, filled)
    return out


def _nearest(
    runs: list[tuple[Record, list[Record]]],
    records: Sequence[Record],
    cells: Sequence[Cell | None],
    filled: Sequence[int],
) -> None:
    """Empty cells of a page that no merged cell's span took, given to the filled cell above or
    below them whose text's middle is nearer (rows of unequal heights make spans uneven)."""
    taken = {id(rec) for _, rows in runs for rec in rows} | {id(records[f]) for f in filled}
    owner = {id(first): rows for first, rows in runs}
    for k, rec in enumerate(records):
        if id(rec) in taken or cells[k] is None:
            continue
        above = [f for f in filled if f < k]
        below = [f for f in filled if f > k]
        near = [f for f in (above[-1:] + below[:1]) if cells[f] is not None and cells[f].ink]  # type: ignore[union-attr]
        if not near:
            continue
        box = cells[k].bbox  # type: ignore[union-attr]
        middle = (box[1] + box[3]) / 2
        best = min(near, key=lambda f: abs((cells[f].ink[1] + cells[f].ink[3]) / 2 - middle))  # type: ignore[index,union-attr]
        if id(records[best]) in owner:
            owner[id(records[best])].append(rec)


def _off_middle(cell: Cell | None) -> bool:
    """Whether a cell's text stands off the middle of its row (by a quarter of its height)."""
    if cell is None or cell.ink is None:
        return False
    _, top, _, bottom = cell.bbox
    middle = (cell.ink[1] + cell.ink[3]) / 2
    return abs(middle - (top + bottom) / 2) > 0.25 * (bottom - top)


def _join_spills(records: Sequence[Record], c: int) -> None:
    """A merged cell's text too long for its first row runs on into the rows under it, where
    it reads as their text: a cell whose text goes on with the one above (it starts in lower
    case, after no full stop) right under it (no more than half a line below) is more of it,
    and is left empty (to be filled with the whole text)."""
    for above, rec in pairwise(records):
        upper, lower = _cell(above, c), _cell(rec, c)
        text, rest = _text(above, c), _text(rec, c)
        if upper is None or lower is None or upper.ink is None or lower.ink is None:
            continue
        if not text or not rest or upper.page != lower.page or text.endswith((".", ";", ":")):
            continue
        lines = max(1, text.count("\n") + 1)
        pitch = (upper.ink[3] - upper.ink[1]) / lines
        if rest[0].islower() and lower.ink[1] - upper.ink[3] <= 0.5 * pitch:
            above.parts[c] = above.parts[c] + rec.parts[c]
            above.borrow(c, lower)
            rec.parts[c] = []


def _by_page(records: Sequence[Record]) -> list[list[Record]]:
    """Records in runs of one page each."""
    out: list[list[Record]] = []
    for rec in records:
        if out and out[-1][0].page == rec.page:
            out[-1].append(rec)
        else:
            out.append([rec])
    return out


def _cell(rec: Record, c: int) -> Cell | None:
    """A record's own cell in a column, on its first page."""
    return next((cell for cell in rec.origins[c] if cell.page == rec.page), None)


def _text(rec: Record, c: int) -> str:
    return "\n".join(t for t, _ in rec.parts[c]).strip()


def _fill(rec: Record, above: Record, c: int) -> None:
    """An empty cell given the text of the cell above it, whose cells it now reads too."""
    rec.parts[c] = list(above.parts[c])
    borrowed = above.borrowed[c] if c < len(above.borrowed) else []
    for cell in [*above.origins[c], *borrowed]:
        rec.borrow(c, cell)
