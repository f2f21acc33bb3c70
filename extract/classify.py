"""The row classifier of every table read: what a line or a row of a table is.

A key (`12`, `3.1`) or a number (`1.500`, `12,5%`, `-`, `n.d.`); a group's label, across the
table (`AREA POVERTÀ`) or alone in its first column; a line of numbers (the body's, not a header's
years); where a table's header ends; a line that goes on with the row above (a cell's wrapped text);
pieces of the header standing where a row would (a fragment). The indicator path and every table
of `pdztables tables` ask these same questions here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from .header import Header
from .models import PageTable
from .place import (
    Columns,
    column_of,
    phrase_spans,
    runs_over,
    spanned,
    texts_by_column,
    usual_height,
)
from .primitives import Line

NUMBER = re.compile(
    r"[-+−–(]?\s?[€$£]?\s?(?:\d[\d.,' ]*|[.,]\d+)\s?(?:%|‰|[€$£])?\)?\*{0,3}[a-z]?"
    r"(?:\s?\(\s?[-+−–]?\d[\d.,]*\s?%\))?"  # a count and its share: `63 (18.5%)`
    r"|[-–—:.x*]|n/?a|n\.?d\.?|\.\.|:",
    re.IGNORECASE,
)


YEAR = re.compile(r"(?:19|20)\d\d")

NOTE = re.compile(
    r"(?:fonte|fonti|nota|note|n\.b\.|source|sources|notes?)\s*:|\*|\(\d{1,2}\)\s|\d{1,2}\)\s",
    re.IGNORECASE,
)
"""How a note under a table starts: `Fonte:`, `Nota:`, `Source:`, an asterisk, `(1)`."""


def is_note(line: Line) -> bool:
    """Whether a line opens a note under a table (`Fonte: rendiconti dei Comuni`): one
    phrase starting as notes start (`NOTE`)."""
    return len(line.phrases) == 1 and NOTE.match(line.phrases[0].text) is not None


def is_number(text: str) -> bool:
    """Whether a cell's text is a number or a number's stand-in (`-`, `n.a.`, `..`)."""
    return NUMBER.fullmatch(text.strip()) is not None


def line_cells(line: Line, columns: Columns) -> tuple[dict[int, list[str]], list[tuple[int, int]]]:
    """The texts a line puts in each column, and the spans of its phrases over several
    (`phrase_spans`)."""
    filled: dict[int, list[str]] = {}
    spans = []
    for p, (a, b) in zip(line.phrases, phrase_spans(line, columns), strict=True):
        filled.setdefault(a, []).append(p.text)
        if b > a:
            spans.append((a, b))
    return filled, spans


def header_end(
    lines: Sequence[Line], columns: Columns, seps: Sequence[float], tight: float | None
) -> int:
    """How many lines at the top are the header.

    Where a line of numbers comes (a line whose cells beyond the first are mostly numbers),
    the header is the lines above it, or above the lowest rule across the table over it, less
    a group's label (`group_label`) just above the numbers when the body
    has such labels over its numbers too, it stands a row's distance below the header
    (`tight`: the widest white between a cell's lines) or rules or band edges part it from
    the header and from the numbers (a row of its own); with no numbers, the lines above the
    first rule across the table, else the first line.
    """
    for i, ln in enumerate(lines):
        if numbers_line(ln, columns):
            above = [n for n in (lines_above(lines, y) for y in seps) if 0 < n <= i]
            head = max(above) if above else i
            groups = any(
                group_label(a, columns) and numbers_line(b, columns)
                for a, b in pairwise(lines[head:])
            )
            while head > 1 and group_label(lines[head - 1], columns):
                label, over, under = lines[head - 1], lines[head - 2], lines[head]
                apart = tight is not None and label.top - over.bottom > tight
                # a row of its own: rules or band edges over it and under it
                ruled = _between(seps, over.bottom, label.top) and _between(
                    seps, label.bottom, under.top
                )
                if not (groups or apart or ruled):
                    break
                head -= 1  # a group's label right under the header, a row's distance below it
            return head
    above = sorted(n for n in (lines_above(lines, y) for y in seps) if 0 < n < len(lines))
    return above[0] if above else min(1, len(lines))


def _between(seps: Sequence[float], top: float, bottom: float) -> bool:
    """Whether a separator runs in the white from `top` to `bottom`."""
    return any(top - 1.0 <= y <= bottom + 1.0 for y in seps)


def first_column_label(line: Line, columns: Columns) -> bool:
    """Whether a line is one phrase in the first column alone starting with a capital (a
    group's label; a cell's wrapped line goes on in lower case or after a bracket)."""
    if len(line.phrases) != 1 or spanned(line.phrases[0], columns) != (0, 0):
        return False
    return line.phrases[0].text[:1].isupper()


def group_label(line: Line, columns: Columns) -> bool:
    """Whether a line is a group's label: one phrase starting with a capital in the first
    column, there alone or running on over the cuts (`Risorse locali e altre` wider than a
    narrow first column)."""
    if first_column_label(line, columns):
        return True
    p = line.phrases[0]
    return is_label(line, columns) and p.x0 < columns[0][1] and p.text[:1].isupper()


def numbers_line(line: Line, columns: Columns) -> bool:
    """Whether a line's cells beyond the first are mostly numbers: a line of the body (a line
    of years is a header's)."""
    filled, _ = line_cells(line, columns)
    values = [t for c, ts in filled.items() if c > 0 for t in ts]
    numbers = [t for t in values if is_number(t)]
    if not values or len(numbers) * 2 < len(values):
        return False
    return not all(YEAR.fullmatch(t.strip()) for t in numbers)


def lines_above(lines: Sequence[Line], y: float) -> int:
    return sum(1 for ln in lines if ln.bottom <= y + 1)


def cell_spacing(lines: Sequence[Line], jump: float) -> float | None:
    """The widest white between two lines of one cell: the table's line gaps fall in two
    groups (a cell's lines close together, at most half a line height apart, rows further
    apart, at least `jump` line heights more) and this lies between them; None when they do
    not (every line a row, or rows as close as a cell's lines)."""
    gaps = sorted(b.top - a.bottom for a, b in pairwise(lines) if b.top > a.bottom - 1)
    height = usual_height(lines)
    best: tuple[float, float] | None = None
    for low, high in pairwise(gaps):
        if low > 0.5 * height:
            break  # wider than a cell's lines ever stand apart
        if high - low >= max(1.0, jump * height) and (
            best is None or high - low > best[1] - best[0]
        ):
            best = (low, high)
    return (best[0] + best[1]) / 2 if best is not None else None


def grid_header_kinds(table: PageTable) -> PageTable:
    """A grid table with its header rows marked: the rows above its first row of numbers (less
    a group's label just above it, when the body has labels over its numbers too), or its
    first row where no row holds numbers."""
    texts = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
    for cell in table.cells:
        texts[cell.row][cell.col] = cell.text.strip()

    def numbers(r: int) -> bool:
        values = [t for t in texts[r][1:] if t]
        found = [t for t in values if is_number(t)]
        years = all(YEAR.fullmatch(t) for t in found)
        return bool(values) and len(found) * 2 >= len(values) and not years

    def label(r: int) -> bool:
        return texts[r][0][:1].isupper() and not any(texts[r][1:])

    head = next((r for r in range(table.n_rows) if numbers(r)), min(1, table.n_rows - 1))
    if any(label(r) and numbers(r + 1) for r in range(head, table.n_rows - 1)):
        while head > 1 and label(head - 1):
            head -= 1
    kinds = tuple("header" if r < head else "body" for r in range(table.n_rows))
    return replace(table, row_kinds=kinds)


def top_fragment(
    lines: Sequence[Line],
    columns: Columns,
    header: Header,
    clipped: bool = False,
    apart: float | None = None,
) -> int:
    """How many lines at the top are only pieces of the header (such as its dates alone, or
    a date cut by a narrow column over two lines; under a header drawn again, the rest of one
    of its cells that the header row cut short). Unless `clipped`, pieces that the next line
    goes on with in their column, no further below than `apart` (a cell's lines), are the
    first line of a cell (`Responsabile` over `amministrazione CSC`), no fragment."""
    n = 0
    while n < len(lines):
        for k in (3, 2, 1):
            if n + k > len(lines):
                continue
            piece = lines[n : n + k]
            if not header.is_fragment(texts_by_column(piece, columns), clipped):
                continue
            if (
                not clipped
                and apart is not None
                and continued_below(piece, lines[n + k :], columns, apart)
            ):
                continue
            n += k
            break
        else:
            break
    return n


def continued_below(
    piece: Sequence[Line], rest: Sequence[Line], columns: Columns, apart: float
) -> bool:
    """Whether the text under some lines, in one of their columns (the next in that column,
    whatever lines of other columns stand between), comes no further below than `apart`."""
    ends: dict[int, float] = {}
    for ln in piece:
        for p in ln.phrases:
            ends[column_of(p.mid, columns)] = p.bottom
    for ln in rest:
        for p in ln.phrases:
            c = column_of(p.mid, columns)
            if c in ends:
                if p.top - ends[c] <= apart:
                    return True
                del ends[c]
        if not ends:
            break
    return False


def is_piece(line: Line, columns: Columns, header: Header) -> bool:
    """Whether a line holds only pieces of the header (its dates alone, where a row would)."""
    return header.is_fragment(texts_by_column([line], columns))


def is_piece_row(group: Sequence[Line], columns: Columns, header: Header | None) -> bool:
    return header is not None and len(group) == 1 and is_piece(group[0], columns, header)


KEY = re.compile(r"\d{1,4}[.)]?|[A-Z]?\d{1,3}(?:\.\d{1,3})+[.)]?")


def is_key(text: str) -> bool:
    """Whether a text looks like an indicator's key (`12`, `12.`, `3.1`)."""
    return KEY.fullmatch(text.strip()) is not None


def is_label(line: Line, columns: Columns) -> bool:
    """A line of one phrase running over cuts: a group label (`AREA POVERTÀ`), from the
    table's first column or over two cuts at least (a cell's word running a little over one
    cut mid-table, `subambito)` alone on its line, is not a label)."""
    if len(line.phrases) != 1:
        return False
    p = line.phrases[0]
    over = sum(1 for _, b in columns[:-1] if runs_over(p, b))
    return over >= 2 or (over == 1 and p.x0 < columns[0][1])
