"""The audit's reading of the pages: their words, which of them each output cell and each
item left out holds, and the findings' form."""

from __future__ import annotations

import statistics
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cached_property

from pdztables.extract.models import BBox, Evidence, Word, enclosing

from .audit_input import AuditInput, AuditSettings, Left, OutCell, Spot
from .findings import ERROR, Failure, finding


def squash(text: str) -> str:
    """A text with what the documented repairs may change taken out: compatibility forms
    (ligatures, non-breaking spaces) resolved, white space removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def inside(w: Word, box: BBox) -> bool:
    """Whether a word's centre lies in a box."""
    x, y = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


LINES = ("running", "before", "after")
"""Items left out whose box is a text line's (the others are rows' or cells' boxes)."""


def holds(left: Left, w: Word) -> bool:
    """Whether a word is one of a left-out item's: for a text line, across its box and within
    its height (a running head drawn over a row's first line holds none of the row's
    taller-reaching words); for a row or cell, its centre inside."""
    if left.reason not in LINES:
        return inside(w, left.box)
    x = (w.x0 + w.x1) / 2
    box = left.box
    return box[0] <= x <= box[2] and box[1] - 0.5 <= w.top and w.bottom <= box[3] + 0.5


def lines_of(words: Iterable[Word]) -> list[list[Word]]:
    """Words in lines, top to bottom (tops within half a word's height), each left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and w.top - lines[-1][0].top <= 0.5 * (w.bottom - w.top):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def word_box(words: Sequence[Word]) -> BBox | None:
    """The box around words (None for no word)."""
    return enclosing((w.x0, w.top, w.x1, w.bottom) for w in words)


def line_height(words: Sequence[Word]) -> float:
    """The words' median height (10 points for no word)."""
    return statistics.median(w.bottom - w.top for w in words) if words else 10.0


class PageWords:
    """A page's words, found by the box their centre lies in."""

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self.words = sorted(evidence.words, key=lambda w: (w.top + w.bottom) / 2)
        self.middles = [(w.top + w.bottom) / 2 for w in self.words]
        self.height = line_height(self.words)

    def within(self, box: BBox) -> list[Word]:
        """The words whose centre lies in a box."""
        lo = bisect_left(self.middles, box[1])
        hi = bisect_right(self.middles, box[3])
        return [w for w in self.words[lo:hi] if inside(w, box)]


class Seen:
    """The audit's reading: every page's words, and which of them each output cell and each
    item left out holds, worked out once."""

    def __init__(self, data: AuditInput, settings: AuditSettings) -> None:
        self.data, self.s = data, settings
        self.pages = {n: PageWords(e) for n, e in data.pages.items()}
        self.left: dict[int, list[Left]] = defaultdict(list)
        for x in data.left:
            self.left[x.page].append(x)
        self.spots: dict[int, list[BBox]] = defaultdict(list)
        for cell in data.cells:
            for spot in cell.spots:
                self.spots[spot.page].append(spot.box)
        self._own: dict[tuple[int, BBox], list[Word]] = {}

    def words(self, page: int, box: BBox) -> list[Word]:
        """The words of a page whose centre lies in a box."""
        found = self.pages.get(page)
        return found.within(box) if found is not None else []

    def place(self, w: Word) -> tuple[str, int, int]:
        """A word's text and place, in steps of `same_place` points."""
        step = self.s.same_place
        return w.text, round(w.x0 / step), round(w.top / step)

    @cached_property
    def in_cells(self) -> set[tuple[str, int, int]]:
        """The places of the words inside an output cell that nothing left out holds, on any
        page."""
        return {
            self.place(w)
            for page, boxes in self.spots.items()
            for b in boxes
            for w in self.words(page, b)
            if not any(holds(x, w) for x in self.left[page])
        }

    def accounted(self, page: int, w: Word) -> bool:
        """Whether something left out with a reason holds a word: for a running line, only when
        the same word at the same place is no cell's text on another page (a row's text that
        stands where a row's stood on the page before is no running head), nor a line that
        starts right under a cell's text, lined up with it (a cell's last line, in a page's top
        margin: no running head has the table's text over it)."""
        return any(
            holds(x, w)
            and not (
                x.reason == "running" and (self.place(w) in self.in_cells or x in self.cell_lines)
            )
            for x in self.left[page]
        )

    @cached_property
    def cell_lines(self) -> set[Left]:
        """The running lines left out that start right under a word of a cell's box on their
        page, as the next line of that cell's text would: lined up with it (within
        `same_place`), no more than its height below it."""
        out: set[Left] = set()
        for x in (x for items in self.left.values() for x in items if x.reason == "running"):
            words = self.words(x.page, x.box)
            if not words:
                continue
            w = min(words, key=lambda w: w.x0)
            height = w.bottom - w.top
            if any(
                abs(v.x0 - w.x0) <= self.s.same_place
                and v.top < w.top
                and -self.s.overlap_share * height <= w.top - v.bottom <= height
                for v in self.cell_words.get(x.page, [])
            ):
                out.add(x)
        return out

    @cached_property
    def cell_words(self) -> dict[int, list[Word]]:
        """Per page, the words standing in the output cells' own boxes (whatever holds them)."""
        out: dict[int, list[Word]] = defaultdict(list)
        for cell in self.data.cells:
            for sp in cell.spots:
                if sp.own:
                    out[sp.page] += self.words(sp.page, sp.box)
        return out

    def own_words(self, spot: Spot) -> list[Word]:
        """The words in a spot's box that nothing left out holds, in reading order."""
        key = (spot.page, spot.box)
        if key not in self._own:
            words = [w for w in self.words(*key) if not self.accounted(spot.page, w)]
            self._own[key] = [w for line in lines_of(words) for w in line]
        return self._own[key]

    def row_words(self, row: int, page: int) -> list[Word]:
        """A row's words in its own cells on a page."""
        return [
            w
            for c in self.by_row[row]
            for sp in c.spots
            if sp.own and sp.page == page
            for w in self.own_words(sp)
        ]

    @cached_property
    def by_row(self) -> dict[int, list[OutCell]]:
        out: dict[int, list[OutCell]] = defaultdict(list)
        for cell in self.data.cells:
            out[cell.row].append(cell)
        return out

    @cached_property
    def row_boxes(self) -> dict[int, list[tuple[int, str, BBox, float]]]:
        """Per page, each row's box from its own words there and their line height, in row
        order: (row, label, box, line height)."""
        out: dict[int, list[tuple[int, str, BBox, float]]] = defaultdict(list)
        for row, cells in sorted(self.by_row.items()):
            for page in sorted({sp.page for c in cells for sp in c.spots if sp.own}):
                ws = self.row_words(row, page)
                box = word_box(ws)
                if box is not None:
                    out[page].append((row, cells[0].label, box, line_height(ws)))
        return out

    @cached_property
    def furniture(self) -> set[tuple[int, Word]]:
        """The words drawn again, the same, at the same place on another page read, and in no
        cell there: a running head or foot (no row of a table comes back so)."""
        at: dict[tuple[str, int, int], set[int]] = defaultdict(set)
        for page, words in self.pages.items():
            for w in words.words:
                at[self.place(w)].add(page)
        out: set[tuple[int, Word]] = set()
        for page, words in self.pages.items():
            for w in words.words:
                text, x, y = self.place(w)
                near = (
                    at.get((text, x + dx, y + dy), set()) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                )
                if (
                    any(p != page for pages in near for p in pages)
                    and self.place(w) not in self.in_cells
                ):
                    out.add((page, w))
        return out


def flag(
    check: str,
    where: tuple[str, str, int | None],
    value: str,
    box: BBox | None = None,
    key: str = "",
    **params: str,
) -> Failure:
    """An error of the audit at (column, row, page), pointing at a box on its page; its message
    is `audit.<key>` (`audit.<check>` by default)."""
    column, row, page = where
    f = finding(
        ERROR,
        check,
        f"audit.{key or check}",
        column=column,
        row=row,
        page=page,
        value=value,
        **params,
    )
    return replace(f, box=box)
