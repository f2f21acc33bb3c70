"""The audit's value checks: header words read as values (`header_value`), merged cells left
open (`merged_open`), rows left out under the table (`row_left_out`), running heads read as
group rows (`running_label`)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence

from pdztables.extract.models import BBox, Edge

from .audit_input import AuditSettings, OutCell
from .audit_seen import Seen, flag, holds
from .findings import Failure

WORD = re.compile(r"\w[\w/.'’-]*")


def header_values(seen: Seen) -> list[Failure]:
    """Body cells whose words are a run of their own column's header words (`31/12/2022` under
    `Dato rilevato al 31/12/2022`): a piece of the header read as a value."""
    out: list[Failure] = []
    for cell in seen.data.cells:
        header = seen.data.headers.get(cell.column, "")
        if cell.column == seen.data.key or not _run_of(cell.text, header, seen.s.header_piece):
            continue
        where = (cell.column, cell.label, cell.page)
        out.append(flag("header_value", where, cell.text, header=" ".join(header.split())))
    return out


def _run_of(text: str, header: str, least: int) -> bool:
    """Whether a text is a run of whole words of a header of two words at least, `least`
    letters or figures at least (a value `I` under `I anno`, `6` under `Target 202` / `6` cut
    by a narrow column, is no header piece)."""
    words = [w.casefold() for w in WORD.findall(text)]
    heads = [w.casefold() for w in WORD.findall(header)]
    if not words or len(heads) < 2 or len(words) >= len(heads):
        return False
    if len("".join(words)) < least:
        return False
    n = len(words)
    return any(heads[i : i + n] == words for i in range(len(heads) - n + 1))


def open_merges(seen: Seen) -> list[Failure]:
    """Empty cells right under a filled one, in a column filled in most rows, with nothing drawn
    between them to close the filled cell: it may be merged down over them."""
    by_column: dict[str, list[OutCell]] = defaultdict(list)
    for cell in seen.data.cells:
        if cell.column != seen.data.key:
            by_column[cell.column].append(cell)
    out: list[Failure] = []
    for column, cells in by_column.items():
        cells.sort(key=lambda c: c.row)
        if sum(1 for c in cells if c.text.strip()) < seen.s.mostly * len(cells):
            continue
        for above, empty in _open_pairs(cells):
            if _closed(seen, above, empty):
                continue
            where = (column, empty.label, empty.page)
            own = [sp.box for sp in empty.spots if sp.own]
            box = own[0] if own else None
            out.append(flag("merged_open", where, above.text, box, above=above.label))
    return out


def _open_pairs(cells: Sequence[OutCell]) -> Iterator[tuple[OutCell, OutCell]]:
    """(the filled cell above, an empty cell) for each empty cell in a run under a filled one."""
    above: OutCell | None = None
    for cell in cells:
        if cell.text.strip():
            above = cell
        elif above is not None:
            yield above, cell


def _closed(seen: Seen, above: OutCell, below: OutCell) -> bool:
    """Whether something drawn closes the filled cell before the empty one: an edge across the
    column between the two rows' own words (on the empty cell's page: at its top, where a
    merged cell going on over a page break shows none)."""
    spot = below.spots[0] if below.spots else None
    words = seen.pages.get(spot.page) if spot is not None else None
    if spot is None or words is None:
        return True
    top = min((w.top for w in seen.row_words(below.row, spot.page)), default=None)
    if top is None:
        return True
    low = max((w.bottom for w in seen.row_words(above.row, spot.page)), default=spot.box[1] - 1.0)
    x0, x1 = spot.box[0], spot.box[2]
    return any(
        _across(e, x0, x1, seen.s) and low - 1.0 <= e.y <= top + 1.0 for e in words.evidence.edges
    )


def _across(e: Edge, x0: float, x1: float, s: AuditSettings) -> bool:
    """Whether an edge runs across enough of a column (x0 to x1) to close a cell in it."""
    return min(e.x1, x1) - max(e.x0, x0) >= s.closing_cover * (x1 - x0)


def rows_left_out(seen: Seen) -> list[Failure]:
    """Lines left out under the table that hold, in the key column, a whole number that no row
    of the output has: rows the table's end was drawn above?"""
    key = seen.data.key
    if key is None:
        return []
    known = {c.text.strip() for c in seen.data.cells if c.column == key}
    spans: dict[int, list[BBox]] = defaultdict(list)
    for c in seen.data.cells:
        for sp in c.spots:
            if c.column == key and sp.own:
                spans[sp.page].append(sp.box)
    out: list[Failure] = []
    for left in seen.data.left:
        boxes = spans.get(left.page, [])
        if left.reason != "after" or not boxes:
            continue
        a, b = min(x[0] for x in boxes), max(x[2] for x in boxes)
        keys = [
            w.text.rstrip(".")
            for w in seen.words(left.page, left.box)
            if a <= (w.x0 + w.x1) / 2 <= b and w.text.rstrip(".").isdigit()
        ]
        keys = [k for k in keys if k not in known]
        if keys:
            out.append(flag("row_left_out", (key, keys[0], left.page), left.text[:80], left.box))
    return out


def running_labels(seen: Seen) -> list[Failure]:
    """Group rows whose words all come back at the same place on another page read, in no
    cell there: a running head or foot taken for a group row (its text labels rows)."""
    out: list[Failure] = []
    for left in seen.data.left:
        if left.reason != "group-row":
            continue
        words = [w for w in seen.words(left.page, left.box) if holds(left, w)]
        if words and all((left.page, w) in seen.furniture for w in words):
            text = " ".join(w.text for w in words)
            out.append(flag("running_label", ("", "", left.page), text, left.box))
    return out
