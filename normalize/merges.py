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

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from pdztables.extract import Cell
from pdztables.schemas.findings import Failure, doubt

from .records import Record
from .repairs import Repair
from .spills import cell_of, column_shapes, join_spills, text_of

MIN_RUNS = 2
"""Runs of empty cells under filled ones (or cells read as merged) a column needs to be taken
for a column of merged cells."""
MIN_EMPTY = 0.25
"""... and the share of its rows that are empty."""

LEFT_OUT = 1.0
"""A row at a page's top left to the cell of the page before weighs as much as a text this
many points off its span's middle (a cell going on from the page before is rarer than one
starting here)."""


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
        if not _merged_column(records, c):
            continue
        others = [o for o in wanted if o != c]
        for above, rows in _block_runs(records, c, others, centred):
            whole = [r for r in rows if not _gapped(r, others)]
            if not whole:
                continue
            for rec in whole:
                _fill(rec, above, c)
                repairs.append(
                    Repair("merged-cell", rec.page, rec.label, names[c], "", text_of(above, c))
                )
            doubts.append(_doubt(whole, above, names[c], text_of(above, c)))
    return repairs, doubts


def _block_runs(
    records: Sequence[Record], c: int, others: Sequence[int], centred: bool
) -> list[tuple[Record, list[Record]]]:
    """Per filled cell of a column: it, and the empty cells its merged cell covers, group by
    group: a group's label runs across the table, so no merged cell goes on past it."""
    out: list[tuple[Record, list[Record]]] = []
    shapes = column_shapes(records, c)
    done = 0
    for block in _consecutive(records, lambda r: r.area):
        done += len(block)
        carried: dict[int, tuple[float, float]] = {}
        inks = join_spills(block, c, carried, shapes)
        if not centred:
            out += _runs(block, c)
            continue
        # the group ends with its page, and the table goes on: the page may break its last cell
        broken = done < len(records) and records[done].page > block[-1].page
        out += _centred_runs(block, c, others, inks, carried, broken)
    return out


def _merged_column(records: Sequence[Record], c: int) -> bool:
    """Whether a column holds cells merged down: runs of empty cells under filled ones, and
    cells the reading already found merged (drawn spanning rows), in `MIN_RUNS` places at
    least, over `MIN_EMPTY` of its rows at least."""
    runs = [rows for _, rows in _runs(records, c) if rows]
    spanning = {cell for rec in records for cell in rec.origins[c] if cell.rowspan > 1}
    places = len(runs) + len(spanning)
    rows = sum(len(r) for r in runs) + sum(cell.rowspan - 1 for cell in spanning)
    return places >= MIN_RUNS and rows >= MIN_EMPTY * len(records)


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
        if text_of(rec, c):
            out.append((rec, []))
        elif out:
            out[-1][1].append(rec)
    return out


def _centred_runs(
    records: Sequence[Record],
    c: int,
    others: Sequence[int],
    inks: dict[int, tuple[float, float]],
    carried: dict[int, tuple[float, float]],
    broken: bool = False,
) -> list[tuple[Record, list[Record]]]:
    """Per filled cell of a column: it, and the empty cells of its merged cell, page by page.

    In a table that sets its text in the middle of its cells, a merged cell's text stands in
    the middle of its rows: the rows of a page are parted into consecutive spans, one per
    text, that set each text nearest the middle of its span (`_centred_spans`). On a page
    going on, rows above the first span end the merged cell of the page before; rows under
    the last text are its cell's (which, on a page followed by another, may go on over the
    break; on the table's last page, only a row with gaps ends a column's cells). A page with
    no text in the column holds the rest of the cell the page before broke; where that cell's
    text goes on at the top of a page (`carried`), its rows there centre that part of it. A
    row with gaps (an empty cell in another of the `others` columns) is no merged cell's (see
    `fill_unruled_merges`): no span holds it. With `broken`, the records' last page is
    followed by another (a group ending with its page): the page may break its last cell.
    """
    out: list[tuple[Record, list[Record]]] = []
    pages = _consecutive(records, lambda r: r.page)
    for n_page, page_records in enumerate(pages):
        cells = [cell for rec in page_records if (cell := cell_of(rec, c)) is not None]
        if len(cells) < len(page_records):
            continue
        filled, through = _texts_of(page_records, cells, c)
        if not filled:  # no text on the page: the rest of the cell the page before broke
            if out:
                out[-1][1].extend(page_records)
            continue
        going_on = bool(out)  # a page going on: its first rows may end the cell before
        ink = carried.get(cells[0].page)  # that cell's text going on here
        page = _SpanPage(
            boxes=[cell.bbox for cell in cells],
            filled=filled,
            middles=[_middle(cells[f], inks.get(id(page_records[f]))) for f in filled],
            free_start=going_on,
            carried=(ink[0] + ink[1]) / 2 if ink is not None else None,
            through=through,
            open_end=n_page + 1 < len(pages) or broken,
            gaps={
                k for k, r in enumerate(page_records) if not text_of(r, c) and _gapped(r, others)
            },
            topped=_at_top(cells[filled[-1]]),
        )
        spans = _centred_spans(page)
        if going_on:
            out[-1][1].extend(page_records[: spans[0][0]])
        for f, (first, last) in zip(filled, spans, strict=True):
            rows = [page_records[k] for k in range(first, last + 1) if k != f]
            out.append((page_records[f], rows))
    return out


def _texts_of(
    records: Sequence[Record], cells: Sequence[Cell], c: int
) -> tuple[list[int], list[int]]:
    """The rows of a page holding a text in column c, a cell read into each of its rows
    (`05ZER` / `O` drawn over two rows, one cell) counted once: the first row of each text,
    and the last row its cell holds already. A text drawn on no row of the page (a cell the
    page before broke, its text given to the page's first row) is none of the page's."""
    filled: list[int] = []
    through: list[int] = []
    for k, rec in enumerate(records):
        if not text_of(rec, c) or cells[k].ink is None:
            continue
        if filled and cells[k] is cells[through[-1]]:
            through[-1] = k
        else:
            filled.append(k)
            through.append(k)
    return filled, through


def _at_top(cell: Cell) -> bool:
    """Whether a cell's text stands in the upper half of its box, within half a line (a cell
    the page broke, its text at the top of its first row; a row of one line is both)."""
    if cell.ink is None:
        return True
    above = cell.ink[1] - cell.bbox[1]
    below = cell.bbox[3] - cell.ink[3]
    line = (cell.ink[3] - cell.ink[1]) / (cell.text.count("\n") + 1)
    return above <= below + 0.5 * line


def _middle(cell: Cell, ink: tuple[float, float] | None) -> float:
    """The middle of a cell's text: from the top of its ink to the bottom of the ink of the
    rows its text ran on into (`ink`), else of its own ink, else of its box."""
    if ink is not None:
        return (ink[0] + ink[1]) / 2
    box = cell.ink or cell.bbox
    return (box[1] + box[3]) / 2


def _centred_spans(page: _SpanPage) -> list[tuple[int, int]]:
    """The rows (first, last) of each filled cell's merged cell on a page: consecutive spans,
    each holding its text's row, that set every text nearest the middle of its span.

    The first span starts at the page's first row unless `free_start` (a page going on: rows
    above it end the cell of the page before). The last span runs to the page's last row
    with no gaps: centred as any other, or, with `open_end` (the table goes on over the page),
    from its text's row whatever the middle where the text stands at the top of that row
    (`topped`: a cell the page breaks sets its text at the top of its first row, Writer's and
    Chromium's alike). Each row left to the cell of the page before weighs as `LEFT_OUT`
    points off the middle: spans that centre their texts as well with fewer rows left win;
    where the text of that cell goes on at this page's top (`carried`, its middle), the rows
    left to it centre that part instead (Writer centres each part of a cell the page broke).
    Rows with gaps (`gaps`) no span holds: spans go on past them.
    """
    filled = page.filled
    starts = range(filled[0] + 1) if page.free_start else range(page.own[0], page.own[0] + 1)
    # best[e] = (cost, spans) of the cells so far, the last one ending at row e
    best: dict[int, tuple[float, list[tuple[int, int]]]] = {}
    for e in page.ends(0):
        a = min(starts, key=lambda a: (page.miss(0, a, e) + page.lead(a), a))
        best[e] = (page.miss(0, a, e) + page.lead(a), [(a, e)])
    for j in range(1, len(filled)):
        nxt: dict[int, tuple[float, list[tuple[int, int]]]] = {}
        for e in page.ends(j):
            cost, spans = min(
                ((c + page.miss(j, page.after(e0), e), sp) for e0, (c, sp) in best.items()),
                key=lambda x: x[0],
            )
            nxt[e] = (cost, [*spans, (page.after(spans[-1][1]), e)])
        best = nxt
    return min(best.items(), key=lambda kv: kv[1][0])[1][1]


@dataclass(frozen=True)
class _SpanPage:
    """A page's rows in one column as `_centred_spans` weighs them (see there)."""

    boxes: Sequence[tuple[float, float, float, float]]
    """Each row's cell in the column."""
    filled: Sequence[int]
    """The rows holding a text, and ..."""
    middles: Sequence[float]
    """... the middle of each text."""
    free_start: bool
    carried: float | None
    through: Sequence[int]
    """Per text, the last row its cell holds already (a cell read into each of its rows)."""
    open_end: bool
    gaps: set[int]
    topped: bool

    @cached_property
    def own(self) -> list[int]:
        """The rows with no gaps (the text rows among them)."""
        return [k for k in range(len(self.boxes)) if k not in self.gaps]

    def miss(self, j: int, first: int, last: int) -> float:
        """How far text j stands off the middle of rows first to last."""
        if any(first <= k <= last for k in self.gaps):
            return math.inf
        if self.open_end and self.topped and j == len(self.filled) - 1 and first == self.filled[j]:
            return 0.0  # a cell the page breaks: its text at the top of its first row
        return abs((self.boxes[first][1] + self.boxes[last][3]) / 2 - self.middles[j])

    def ends(self, j: int) -> range:
        """The rows text j's span may end at."""
        if j + 1 < len(self.filled):
            return range(self.through[j], self.filled[j + 1])
        return range(self.own[-1], self.own[-1] + 1)

    def after(self, e: int) -> int:
        """Where the span after one ending at row e starts: past the rows with gaps."""
        return next((k for k in self.own if k > e), e + 1)

    def lead(self, a: int) -> float:
        """The weight of rows 0 to a - 1 left to the cell of the page before."""
        if self.carried is None:
            return LEFT_OUT * a
        return abs((self.boxes[0][1] + self.boxes[a - 1][3]) / 2 - self.carried) if a else math.inf


def _gapped(rec: Record, others: Sequence[int]) -> bool:
    """Whether a record has gaps: an empty cell in another column expected filled (a row with
    gaps is no merged cell's)."""
    return not all(text_of(rec, o) for o in others)


def _consecutive(records: Sequence[Record], key: Callable[[Record], object]) -> list[list[Record]]:
    """Records in runs of one `key` each (one page, or one group)."""
    out: list[list[Record]] = []
    for rec in records:
        if out and key(out[-1][-1]) == key(rec):
            out[-1].append(rec)
        else:
            out.append([rec])
    return out


def _fill(rec: Record, above: Record, c: int) -> None:
    """An empty cell given the text of the cell above it, whose cells it now reads too."""
    rec.parts[c] = list(above.parts[c])
    borrowed = above.borrowed[c] if c < len(above.borrowed) else []
    for cell in [*above.origins[c], *borrowed]:
        rec.borrow(c, cell)
