"""An audit of a table read, against the page it was read from: the reading is exact, or the run
says where it may not be.

The audit shares nothing with the layout engine: it reads the page's words and horizontal
edges (`pdztables.extract.evidence`, a plain reading of the same characters and drawing) and the
output (each output cell's text and the boxes its text came from; what was left out, where and
why), and checks:

- `word_lost`: every word of the table's region (each part, and a few lines above and below it)
  lies in an output cell whose text holds it, or in something left out with a logged reason
  (the header, a repeated header or fragment, a group row, a running line, a line above or
  under the table); a running line is no reason where the same words stand at the same place
  inside a cell on another page;
- `text_elsewhere`: an output cell's text is the words standing in its boxes, in reading order
  (only the documented repairs between them: lines joined, spaces folded, ligatures);
- `word_cut`: a row's word lies inside its cell, not across its edge (a cut through text);
- `rows_overlap`: rows on a page do not overlap and keep the page's order;
- `text_split`: a cell's text on a page is one block, not lines from above and below another
  row's text;
- `two_keys`: a row's band holds no second number in the key column;
- `header_value`: no body cell repeats its own column's header words (a header's dates read as
  a row's values);
- `merged_open`: in a column filled in most rows, an empty cell right under a filled one with
  nothing drawn between them (no rule, no band edge) may be that cell merged down;
- `row_left_out`: a line left out under the table holds, in the key column, a number no row has;
- `running_label`: a group row's label comes back, the same, at the same place on another page
  read (a running head or foot taken for a group row).

Every finding is an error naming page, row and column, with the box to mark on the page.

Limitations: the words are pdfplumber's (characters closer than 0.75 points); a word that two
cells set closer than that reads as one and is checked as one.
"""

from __future__ import annotations

import difflib
import re
import statistics
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import pairwise

from pdztables.extract.models import BBox, Edge, Evidence, Word, enclosing

from .findings import ERROR, Failure, finding


@dataclass(frozen=True)
class AuditSettings:
    """The audit's own tolerances (it shares none with the engine)."""

    stick_out: float = 1.0
    """A word may stick out of its cell by this many points across (its side bearing)."""
    stick_out_share: float = 0.35
    """... and by this share of its height up or down (glyph boxes are taller than the line)."""
    overlap_share: float = 0.3
    """Rows overlap when their words do by more than this share of a line's height."""
    near_lines: float = 3.0
    """Words this many line heights above or below a table part belong to its region."""
    mostly: float = 0.75
    """A column is filled in most rows from this share (three rows in four): a column of notes
    filled here and there is no column of merged cells."""
    closing_cover: float = 0.5
    """An edge across at least this share of a column closes the cell above it."""
    same_place: float = 2.0
    """Words within this many points of each other on two pages stand at the same place."""
    header_piece: int = 4
    """A value repeating its header's words is flagged from this many letters or figures."""


@dataclass(frozen=True)
class Spot:
    """A box an output cell's text was read from."""

    page: int
    box: BBox
    own: bool
    """Whether the box is the row's own (not a cell merged over several rows)."""


@dataclass(frozen=True)
class OutCell:
    """One cell of the output: its row (index and label), column, text and where it came from."""

    row: int
    label: str
    column: str
    text: str
    spots: tuple[Spot, ...]

    @property
    def page(self) -> int | None:
        """The page of its first box."""
        return self.spots[0].page if self.spots else None


@dataclass(frozen=True)
class Left:
    """Something the reading left out, with its logged reason."""

    page: int
    box: BBox
    reason: str
    text: str = ""


@dataclass(frozen=True)
class AuditInput:
    """What the audit reads: the pages, the table's parts, the output cells, what was left out."""

    pages: Mapping[int, Evidence]
    parts: tuple[tuple[int, BBox], ...]
    """Each part of the table on a page (page, box): where its words must be accounted for."""
    cells: tuple[OutCell, ...]
    left: tuple[Left, ...]
    headers: Mapping[str, str] = field(default_factory=dict)
    """Per output column, its header's text."""
    key: str | None = None
    removed: tuple[tuple[int, BBox, str], ...] = ()
    """Texts a logged repair took out of the start of a cell (page, the cell's box, text): the
    rest of a clipped header cell."""


def audit(data: AuditInput, settings: AuditSettings | None = None) -> list[Failure]:
    """Every finding of the audit."""
    seen = Seen(data, settings or AuditSettings())
    found: list[Failure] = []
    for check in (
        lost_words,
        cell_texts,
        cut_words,
        overlapping_rows,
        split_texts,
        two_keys,
        header_values,
        open_merges,
        rows_left_out,
        running_labels,
    ):
        found += check(seen)
    return found


# ---------------------------------------------------------------------------------------------
# Words


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
    return enclosing((w.x0, w.top, w.x1, w.bottom) for w in words)


def line_height(words: Sequence[Word]) -> float:
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
        stands where a row's stood on the page before is no running head)."""
        return any(
            holds(x, w) and not (x.reason == "running" and self.place(w) in self.in_cells)
            for x in self.left[page]
        )

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


# ---------------------------------------------------------------------------------------------
# Every word accounted for


def lost_words(seen: Seen) -> list[Failure]:
    """Words of the table's region (each part on its page, and the lines close above and below
    it) in no output cell and in nothing left out with a reason: one finding per line."""
    out: list[Failure] = []
    for page, part in seen.data.parts:
        words = seen.pages.get(page)
        if words is None:
            continue
        reach = seen.s.near_lines * words.height
        region = (part[0], part[1] - reach, part[2], part[3] + reach)
        lost = [
            w
            for w in words.within(region)
            if not any(inside(w, b) for b in seen.spots[page])
            and not seen.accounted(page, w)
            and (page, w) not in seen.furniture
        ]
        for line in lines_of(lost):
            box = word_box(line)
            text = " ".join(w.text for w in line)
            row = _row_near(seen, page, box)
            out.append(flag("word_lost", ("", row, page), text, box))
    return out


def _row_near(seen: Seen, page: int, box: BBox | None) -> str:
    """The label of the output row drawn nearest above a box on a page ('' if none)."""
    if box is None:
        return ""
    best: tuple[float, str] | None = None
    for cell in seen.data.cells:
        for spot in cell.spots:
            gap = box[1] - spot.box[1]
            if spot.page == page and spot.own and gap >= -1 and (best is None or gap < best[0]):
                best = (gap, cell.label)
    return best[1] if best is not None else ""


def cell_texts(seen: Seen) -> list[Failure]:
    """Each output cell's text against the words standing in its boxes, in reading order."""
    out: list[Failure] = []
    for cell in seen.data.cells:
        words = _cell_words(seen, cell)
        if squash(" ".join(w.text for w in words)) == squash(cell.text):
            continue
        lost, extra = _difference(words, cell.text)
        where = (cell.column, cell.label, cell.page)
        if lost:
            value = " ".join(w.text for w in lost)
            out.append(flag("word_lost", where, value, word_box(lost), key="word_lost_cell"))
        if extra or not lost:
            out.append(flag("text_elsewhere", where, " ".join(extra) or cell.text))
    return out


def _cell_words(seen: Seen, cell: OutCell) -> list[Word]:
    """The words standing in an output cell's boxes, box by box, in reading order (a box given
    twice counts once), less the rest of a clipped header a logged repair took out."""
    out: list[Word] = []
    done: set[tuple[int, BBox]] = set()
    for spot in cell.spots:
        if (spot.page, spot.box) in done:
            continue
        done.add((spot.page, spot.box))
        words = seen.own_words(spot)
        for page, box, text in seen.data.removed:
            if (page, box) == (spot.page, spot.box):
                words = _without_start(words, squash(text))
        out += words
    return out


def _without_start(words: list[Word], text: str) -> list[Word]:
    """The words less those at their start that spell `text` (all of them kept if they do not)."""
    spelt = ""
    for k, w in enumerate(words):
        spelt += squash(w.text)
        if spelt == text:
            return words[k + 1 :]
        if not text.startswith(spelt):
            break
    return words


def _difference(words: Sequence[Word], text: str) -> tuple[list[Word], list[str]]:
    """The words missing from a text, and the pieces of the text no word gives."""
    have = [squash(w.text) for w in words]
    a, b = "".join(have), squash(text)
    covered = [False] * len(a)
    extra: list[str] = []
    for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            covered[a0:a1] = [True] * (a1 - a0)
        elif tag in ("replace", "insert"):
            extra.append(b[b0:b1])
    lost: list[Word] = []
    at = 0
    for w, h in zip(words, have, strict=True):
        if h and not all(covered[at : at + len(h)]):
            lost.append(w)
        at += len(h)
    return lost, extra


# ---------------------------------------------------------------------------------------------
# Geometry


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
    across = max(box[0] - w.x0, w.x1 - box[2])
    down = max(box[1] - w.top, w.bottom - box[3])
    return across > s.stick_out or down > s.stick_out_share * (w.bottom - w.top)


def overlapping_rows(seen: Seen) -> list[Failure]:
    """Rows whose own words overlap the row before on the same page, or stand above it: one
    row's lines mixed with another's."""
    out: list[Failure] = []
    for page, bands in _bands(seen).items():
        for (label_a, a), (label_b, b) in pairwise(bands):
            tol = seen.s.overlap_share * min(a[4], b[4])
            if b[1] < a[3] - tol:
                box = (min(a[0], b[0]), b[1], max(a[2], b[2]), a[3])
                out.append(flag("rows_overlap", ("", label_b, page), label_a, box))
    return out


def _bands(seen: Seen) -> dict[int, list[tuple[str, tuple[float, float, float, float, float]]]]:
    """Per page, each row's band from its own words, in output order: (label, (x0, top, x1,
    bottom, line height))."""
    out: dict[int, list[tuple[str, tuple[float, float, float, float, float]]]] = defaultdict(list)
    for row, cells in sorted(seen.by_row.items()):
        pages = sorted({sp.page for c in cells for sp in c.spots if sp.own})
        for page in pages:
            ws = seen.row_words(row, page)
            box = word_box(ws)
            if box is not None:
                out[page].append((cells[0].label, (*box, line_height(ws))))
    return out


def split_texts(seen: Seen) -> list[Failure]:
    """Cells whose words on a page stand in two blocks with another row's own text between
    them: the text of two rows read as one cell's."""
    out: list[Failure] = []
    bands = {(row, page): band for page, rows in _row_spans(seen).items() for row, band in rows}
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
                    for (row, p), (a, b) in bands.items()
                    if p == page and row != cell.row and a >= top - 0.5 and b <= bottom + 0.5
                ]
                if between:
                    where = (cell.column, cell.label, page)
                    value = " ".join(w.text for w in lower)
                    out.append(flag("text_split", where, value, word_box(lower)))
                    break
    return out


def _row_spans(seen: Seen) -> dict[int, list[tuple[int, tuple[float, float]]]]:
    """Per page, each row's own words' top and bottom."""
    out: dict[int, list[tuple[int, tuple[float, float]]]] = defaultdict(list)
    for row, cells in seen.by_row.items():
        for page in sorted({sp.page for c in cells for sp in c.spots if sp.own}):
            ws = seen.row_words(row, page)
            if ws:
                out[page].append((row, (min(w.top for w in ws), max(w.bottom for w in ws))))
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


# ---------------------------------------------------------------------------------------------
# Values


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
        if c.column == key:
            spans.update({sp.page: [*spans[sp.page], sp.box] for sp in c.spots if sp.own})
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
