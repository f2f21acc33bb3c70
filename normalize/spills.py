"""The text of a merged cell run on into the rows under it, or over a page break: where a
cell's text reads as the next row's, in a table with no rules between rows.

A merged cell's text too long for its first row runs on into the rows under it, and a word
processor lets a merged cell's text flow over a page break; read row by row, those lines are
the next rows' texts. `join_spills` gives them back to the cell whose text they go on with.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import groupby

from pdztables.extract import Cell

from .records import Record
from .text import no_room_for_word, too_long

CODE = re.compile(r"[A-Z0-9][A-Z0-9_./-]*")
"""A code, or a piece of one: capitals and digits (`05ZER`, `O`, `3.1`)."""


def join_spills(
    records: Sequence[Record],
    c: int,
    carried: dict[int, tuple[float, float]],
    shapes: Counter[str],
) -> dict[int, tuple[float, float]]:
    """A merged cell's text too long for its first row runs on into the rows under it, where
    it reads as their text: a cell whose text goes on with the one above right under it is
    more of it (see `_runs_on`), and is left empty (to be filled with the whole text). So does
    the first text of a page, over empty rows, with the last text of the page before (a cell
    the page broke: `carried` takes, per page, the top and bottom of the ink of such a text
    there). `shapes` counts the shapes of the whole column's texts (see `column_shapes`).
    Returns, per record (by id) whose text took more, the top and bottom of the whole text's
    ink on its first page."""
    inks: dict[int, tuple[float, float]] = {}
    holder: Record | None = None  # the record whose text the rows under it may go on with
    last: Cell | None = None  # the cell whose text ends the holder's
    top = bottom = 0.0  # the holder's text's ink: from its top to the bottom of `last`'s
    before: tuple[Record, Cell] | None = None  # the last text read, over empty rows
    for rec in records:
        cell, rest = cell_of(rec, c), text_of(rec, c)
        if cell is None or cell.ink is None:
            holder = last = None
            continue
        # the first text of a page, the last one read on the page before: it may go on
        broken = before is not None and before[1].page == cell.page - 1
        if broken and before is not None:
            holder, last = before
        if (
            holder is not None
            and last is not None
            and _runs_on(text_of(holder, c), rest, last, cell, (top, bottom), broken, shapes)
        ):
            first = cell_of(holder, c)
            holder.parts[c] = holder.parts[c] + rec.parts[c]
            holder.borrow(c, cell)
            rec.parts[c] = []
            if first is not None and cell.page != first.page:  # going on over the page
                was = carried.get(cell.page, (cell.ink[1], cell.ink[3]))
                top, bottom = min(was[0], cell.ink[1]), max(was[1], cell.ink[3])
                carried[cell.page] = (top, bottom)
            else:
                bottom = cell.ink[3]
                inks[id(holder)] = (top, bottom)
            last = cell
            before = (holder, cell)
            continue
        holder, last = (rec, cell) if rest else (None, None)
        if rest:
            before = (rec, cell)
            top, bottom = cell.ink[1], cell.ink[3]
    return inks


def _runs_on(
    text: str,
    rest: str,
    last: Cell,
    cell: Cell,
    ink: tuple[float, float],
    broken: bool,
    shapes: Counter[str],
) -> bool:
    """Whether `rest`, the text of `cell`, goes on with `text`, which ends in `last` and whose
    ink runs from `ink[0]` to `ink[1]`: after no full stop, on the same page no more than half
    a line below it, starting in lower case or with a word that would not have fitted at the
    end of its last line (the line broke for want of room: `Piano` under `Innovare la
    governance del`, `O` under `05ZER`); or, `broken`, in the next page's first row, `last`
    in the last row of its page, starting in lower case (`Favorire la partecipazione` / `e
    l'autonomia dei giovani`: a cell the page broke) or the rest of a code the column's edge
    cut (`05ZER` / `O`: see `_cut_over_page`; `shapes` counts the shapes of the column's
    texts). A merged cell read into each of its rows already does not go on with itself."""
    if cell is last or text.endswith((".", ";", ":")) or cell.ink is None:
        return False
    if cell.page != last.page and not broken:
        return False
    pitch = (ink[1] - ink[0]) / max(1, text.count("\n") + 1)
    if cell.page == last.page and cell.ink[1] - ink[1] > 0.5 * pitch:
        return False
    if rest[:1].islower():
        return True
    if cell.page != last.page:
        return _cut_over_page(text, rest, last, cell, shapes)
    if last.fit and cell.fit:
        return no_room_for_word(last.fit[-1], cell.fit[0])
    return False


def _cut_over_page(text: str, rest: str, last: Cell, cell: Cell, shapes: Counter[str]) -> bool:
    """Whether `rest`, at the top of a page, is the rest of a code the column's edge cut at the
    foot of the page before (`05ZER` / `O`; over a page, the room left alone tells little): no
    room for it on the full line above, the two pieces wider together than any line, both of
    capitals and digits, and `rest` alone the shape of no other text of the column (`06f`
    under `05ZERO` is a code of its own)."""
    if not (last.fit and cell.fit) or not text.split() or not rest.split():
        return False
    head, tail = text.split()[-1], rest.strip()
    if not (CODE.fullmatch(head) and CODE.fullmatch(tail)) or shapes[_shape(tail)] > 1:
        return False
    rooms = (*last.fit, cell.fit[0])
    return no_room_for_word(last.fit[-1], cell.fit[0]) and too_long(rooms, len(last.fit) - 1)


def column_shapes(records: Sequence[Record], c: int) -> Counter[str]:
    """How many of a column's texts have each shape (see `_shape`)."""
    return Counter(_shape(text) for rec in records if (text := text_of(rec, c)))


def _shape(text: str) -> str:
    """A text's shape: its capitals, small letters and digits as `A`, `a` and `9`, each run of
    one kind once (`05ZERO` and `05ZER`: `9A`; `06f`: `9a`)."""
    kinds = (
        "A" if ch.isupper() else "a" if ch.isalpha() else "9" if ch.isdigit() else ch for ch in text
    )
    return "".join(k for k, _ in groupby(kinds))


def cell_of(rec: Record, c: int) -> Cell | None:
    """A record's own cell in a column, on its first page."""
    return next((cell for cell in rec.origins[c] if cell.page == rec.page), None)


def text_of(rec: Record, c: int) -> str:
    """A record's text in a column, its pieces one a line."""
    return "\n".join(t for t, _ in rec.parts[c]).strip()
