"""Tables with no rules at all: columns from the header and the text's alignment, rows from
where the first column starts.

Steps: `phrases_to_lines` groups the page's phrases into text lines and drops running headers
and footers; `lines_to_header` finds the header band; `lines_to_rows` starts a row at every
line with text in the first column (a label crossing the columns is a row of its own); the
rows' boxes then go through the same cell step as ruled tables.

Limitations: a row must begin with text in the first column (a number, in an indicator
table); a table that ends without a clear gap runs on into the text below it; a page without
a header can only continue the columns of the page before it.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .cells import Char, grid_to_table
from .layout import Columns, Phrase, columns_from_header, crosses, phrases_of
from .models import BBox, PageTable

# Lines this close to the top or bottom of the page, holding a page number, run on every page.
MARGIN = 0.08
RUNNING = re.compile(r"(?i)\bpag(?:\.|ina)?\s*\d+|^\W*\d+\W*$|\b\d+\s*(?:di|/)\s*\d+\W*$")
MAX_HEADER_LINES = 5
# A gap wider than this many line heights ends the table.
END_GAP = 3.0
NUMBER = re.compile(r"\d+[.)]?")


@dataclass(frozen=True)
class Line:
    """Phrases that share a baseline, left to right."""

    top: float
    bottom: float
    phrases: tuple[Phrase, ...]

    @property
    def text(self) -> str:
        """The line's text, phrases joined by a space."""
        return " ".join(p["text"] for p in self.phrases)


def phrases_to_lines(phrases: Sequence[Phrase], page_height: float) -> list[Line]:
    """Text lines top to bottom, without running headers and footers."""
    lines: list[list[Phrase]] = []
    for p in sorted(phrases, key=lambda p: (p["top"], p["x0"])):
        if lines and p["top"] - lines[-1][0]["top"] <= 2.5:
            lines[-1].append(p)
        else:
            lines.append([p])
    out = [
        Line(
            min(p["top"] for p in ps),
            max(p["bottom"] for p in ps),
            tuple(sorted(ps, key=lambda p: p["x0"])),
        )
        for ps in lines
    ]
    return [ln for ln in out if not _running(ln, page_height)]


def _running(line: Line, page_height: float) -> bool:
    in_margin = line.bottom < MARGIN * page_height or line.top > (1 - MARGIN) * page_height
    return in_margin and bool(RUNNING.search(line.text))


def _line_height(lines: Sequence[Line]) -> float:
    return statistics.median(ln.bottom - ln.top for ln in lines) if lines else 10.0


def lines_to_header(
    lines: Sequence[Line], is_header: Callable[[str], bool]
) -> tuple[int, int, Columns] | None:
    """The header band (first and last line) and the column bounds it gives, if any."""
    height = _line_height(lines)
    for i, first in enumerate(lines):
        if len(first.phrases) < 2:
            continue
        j = i
        while (
            j + 1 < len(lines)
            and j + 1 - i < MAX_HEADER_LINES
            and lines[j + 1].top - lines[j].bottom <= 0.6 * height
            and not _starts_with_number(lines[j + 1], first)
        ):
            j += 1
        header = [p for ln in lines[i : j + 1] for p in ln.phrases]
        body = _body(lines, j + 1, height)
        phrases = [p for ln in body for p in ln.phrases]
        extent = (
            min(p["x0"] for p in header + phrases) - 1,
            max(p["x1"] for p in header + phrases) + 1,
        )
        columns = columns_from_header(header, phrases, extent, is_header)
        if columns is not None:
            return i, j, columns
    return None


def _starts_with_number(line: Line, header_line: Line) -> bool:
    first = line.phrases[0]
    return (
        bool(NUMBER.fullmatch(first["text"].strip())) and first["x0"] < header_line.phrases[0]["x1"]
    )


def _body(lines: Sequence[Line], start: int, height: float) -> list[Line]:
    """The lines from `start` down to the first wide gap."""
    out: list[Line] = []
    for ln in lines[start:]:
        if out and ln.top - out[-1].bottom > END_GAP * height:
            break
        out.append(ln)
    return out


def lines_to_rows(lines: Sequence[Line], columns: Columns) -> list[list[Line]]:
    """Group body lines into rows: a row starts where the first column has text."""
    first_col_end = columns[0][1]
    rows: list[list[Line]] = []
    for ln in lines:
        label = len(ln.phrases) == 1 and crosses(ln.phrases[0], columns)
        starts = label or any(p["x0"] < first_col_end for p in ln.phrases)
        if starts or not rows or _is_label_row(rows[-1], columns):
            rows.append([ln])
        else:
            rows[-1].append(ln)
    return rows


def _is_label_row(row: Sequence[Line], columns: Columns) -> bool:
    return len(row) == 1 and len(row[0].phrases) == 1 and crosses(row[0].phrases[0], columns)


def text_to_table(
    page_number: int,
    chars: Sequence[Char],
    page_height: float,
    is_header: Callable[[str], bool],
    carried: Columns | None,
) -> PageTable | None:
    """Find a table drawn with white space only on a page and cut it into cells."""
    lines = phrases_to_lines(phrases_of(chars), page_height)
    if not lines:
        return None
    height = _line_height(lines)
    found = lines_to_header(lines, is_header)
    boxes: list[BBox] = []
    if found is not None:
        i, j, columns = found
        band = lines[i : j + 1]
        boxes += [(a, band[0].top - 1, b, band[-1].bottom + 1) for a, b in columns]
        body = _body(lines, j + 1, height)
    elif carried is not None:
        columns = carried
        body = _body(lines, 0, height)
        fitting = sum(1 for ln in body if not any(crosses(p, columns) for p in ln.phrases))
        if not body or fitting < 0.6 * len(body):
            return None
    else:
        return None
    rows = lines_to_rows(body, columns)
    for k, row in enumerate(rows):
        top = row[0].top - 1
        bottom = rows[k + 1][0].top - 1 if k + 1 < len(rows) else row[-1].bottom + 1
        if _is_label_row(row, columns):
            boxes.append((columns[0][0], top, columns[-1][1], bottom))
        else:
            boxes += [(a, top, b, bottom) for a, b in columns]
    if not boxes:
        return None
    top = min(b[1] for b in boxes)
    bottom = max(b[3] for b in boxes)
    inside = [
        c
        for c in chars
        if columns[0][0] <= (c["x0"] + c["x1"]) / 2 <= columns[-1][1]
        and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]
    return grid_to_table(page_number, boxes, inside, ruling="text")
