"""Turn cell boxes into cells with text: the step shared by every layout.

`grid_to_table` places boxes on a grid (rows and columns where boxes start, spans where a box
covers several), puts each character in the box its centre falls in, and reads each cell's
lines; `cell_lines` also tells, per line, whether it runs to the cell's right edge (a word cut
by a too-narrow column goes on at the next line).
"""

from __future__ import annotations

import statistics
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter

from pdfplumber.utils.clustering import cluster_objects

from .models import OCR_FONT, BBox, Cell, LineFit, PageTable, collapse
from .primitives import Char, clusters, words_of
from .settings import LayoutSettings


@dataclass(frozen=True)
class CellLine:
    """One line of a cell: its text as pdfplumber writes it, its ends, the widths of its first
    letter and of its first and last words."""

    text: str
    x0: float
    x1: float
    first_width: float
    head: float = 0.0
    tail: float = 0.0


def boxes_to_grid(
    boxes: Sequence[BBox], tol: float = 1.0
) -> tuple[list[float], list[float], list[tuple[int, int, int, int]]]:
    """Place cell boxes on a grid: column x0s, row tops and (row, col, rowspan, colspan) per box."""
    xs = collapse(sorted(b[0] for b in boxes), tol)
    tops = collapse(sorted(b[1] for b in boxes), tol)
    spans = []
    for x0, top, x1, bottom in boxes:
        col = _index(xs, x0, tol)
        row = _index(tops, top, tol)
        colspan = max(1, sum(1 for x in xs[col:] if x < x1 - tol))
        rowspan = max(1, sum(1 for t in tops[row:] if t < bottom - tol))
        spans.append((row, col, rowspan, colspan))
    return xs, tops, spans


def grid_to_table(
    page: int,
    boxes: Sequence[BBox],
    chars: Iterable[Char],
    ruling: str,
    settings: LayoutSettings,
    content: Sequence[tuple[float, float]] | None = None,
    kind_of: Callable[[float], str] | None = None,
    whole_words: bool = False,
    places: dict[int, tuple[float, float]] | None = None,
) -> PageTable:
    """Build a PageTable from cell boxes, filling each cell with the characters centred in it.

    `content` gives, per grid column, how far text can reach in it, left and right (for telling
    a word cut by the column's edge); `kinds` names each grid row (header, fragment, body).
    With `whole_words`, a word drawn over the rule between two cells of a row is its cell's
    whole (`keep_words_whole`). `places` gives, by a letter's id, the point that places it
    where its middle would not (a header cell's letters). The letters centred in no cell are
    kept as `unplaced`.
    """
    xs, tops, spans = boxes_to_grid(boxes)
    placed = {(r, c): i for i, (r, c, _, _) in enumerate(spans)}
    cover: dict[tuple[int, int], int] = {}
    for i, (r, c, rs, cs) in enumerate(spans):
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                cover.setdefault((rr, cc), i)
    buckets: list[list[Char]] = [[] for _ in boxes]
    chars = list(chars)
    unplaced: list[str] = []
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if places is not None and id(ch) in places:
            cx, cy = places[id(ch)]
        r = bisect_right(tops, cy) - 1
        c = bisect_right(xs, cx) - 1
        i = cover.get((r, c), -1)
        x0, top, x1, bottom = boxes[i] if i >= 0 else (0.0, 0.0, -1.0, -1.0)
        if x0 <= cx <= x1 and top <= cy <= bottom:
            buckets[i].append(ch)
        elif str(ch["text"]).strip():
            unplaced.append(str(ch["text"]))
    parted = ""
    if whole_words:
        buckets = keep_words_whole(buckets, settings.text_tolerance, chars)
        parted = parted_word(buckets, chars, boxes, [c for _, c, _, _ in spans], settings)
    inks = [_ink(b) for b in buckets]
    cells = []
    for (r, c), i in sorted(placed.items()):
        _, _, rs, cs = spans[i]
        lines = cell_lines(buckets[i], settings)
        reach = (content[c][0], content[min(c + cs - 1, len(content) - 1)][1]) if content else None
        cells.append(
            Cell(
                text="\n".join(ln.text for ln in lines),
                bbox=round_box(boxes[i]),
                page=page,
                row=r,
                col=c,
                rowspan=rs,
                colspan=cs,
                fit=lines_fit(lines, *reach, settings.lined_up) if reach is not None else None,
                ink=inks[i],
            )
        )
    x1s = max(b[2] for b in boxes)
    bottom = max(b[3] for b in boxes)
    columns = tuple((round(x, 2), round(nx, 2)) for x, nx in zip(xs, [*xs[1:], x1s], strict=True))
    row_kinds = tuple(kind_of(t) if kind_of is not None else "body" for t in tops)
    return PageTable(
        page=page,
        bbox=round_box((xs[0], tops[0], x1s, bottom)),
        columns=columns,
        row_tops=tuple(round(t, 2) for t in tops),
        cells=tuple(cells),
        ruling=ruling,
        row_kinds=row_kinds,
        unplaced="".join(unplaced),
        straddling=parted,
    )


def parted_word(
    buckets: Sequence[list[Char]],
    drawn_order: Sequence[Char],
    boxes: Sequence[BBox],
    columns: Sequence[int],
    settings: LayoutSettings,
) -> str:
    """The first word whose letters stand in two cells of a grid, else empty: letters of one
    line closer than `space_gap` of their size, no space between them, that a rule parts.
    Text runs over a rule only where the grid is no table's (a bar chart's bars, whose
    labels straddle the other bars' ends: `20` | `.4`) or a cell's text ran on past it and
    was not given back whole (see `keep_words_whole`: `Apt 31` | `4Saint Paul`). Where the
    first letter past the rule starts inside its cell, lined up (within `lined_up`) with a
    line of another cell of its column that starts with no parted letter, it is that cell's
    own text, and the text before was
    clipped at the rule by its producer (`Matthew C. & Elizab` | `2165 Princeton Ave`): the
    reading stands. Letters read by OCR are left out (the rules were painted over for it,
    and it reads a cell's text on into the next: the grid parts them rightly). `boxes`,
    `columns`: each cell's box and column."""
    owner = {id(ch): i for i, chars in enumerate(buckets) for ch in chars}
    placed = [ch for ch in drawn_order if id(ch) in owner and ch.get("fontname") != OCR_FONT]
    parted: list[tuple[list[Char], Char]] = []  # a run of letters, its first past a rule
    for word in words_of(placed, 3.0, settings.text_tolerance, settings.space_gap):
        run: list[Char] = []
        for ch in [*word, None]:
            if ch is not None and str(ch["text"]).strip():
                run.append(ch)
                continue
            parted += [(run, b) for a, b in pairwise(run) if owner[id(a)] != owner[id(b)]]
            run = []
    # a line starting with letters a rule parts vouches for no other (two misreadings of a
    # column lined up with each other)
    suspect = {id(b) for _, b in parted}
    starts: dict[int, list[float]] = {}
    for run, b in parted:
        cell = owner[id(b)]
        own = b["x0"] >= boxes[cell][0] and any(
            abs(b["x0"] - x) <= settings.lined_up
            for j, col in enumerate(columns)
            if col == columns[cell] and j != cell
            for x in _line_starts(buckets[j], starts, j, suspect, settings.text_tolerance)
        )
        if not own:
            return "".join(str(c["text"]) for c in run)
    return ""


def _line_starts(
    chars: Sequence[Char],
    known: dict[int, list[float]],
    cell: int,
    suspect: set[int],
    tolerance: float,
) -> list[float]:
    """Where a cell's lines start: the left end of each line's first letter, but for lines
    starting with a `suspect` letter (remembered in `known`, by cell)."""
    if cell not in known:
        inked = [c for c in chars if str(c["text"]).strip()]
        firsts = [
            min((inked[i] for i in group), key=lambda c: c["x0"])
            for group in clusters([c["top"] for c in inked], tolerance)
        ]
        known[cell] = [c["x0"] for c in firsts if id(c) not in suspect]
    return known[cell]


WORD_GAP = 0.4
"""Letters at most this share of their size apart along a line are of one text (a word space
is about a quarter of it; a cell's padding either side of a rule usually more)."""


def keep_words_whole(
    buckets: Sequence[list[Char]], tolerance: float, drawn_order: Sequence[Char]
) -> list[list[Char]]:
    """The cells' characters with each text drawn over the rule between two cells given whole
    to the cell holding most of its letters: a text too long for its cell runs on under the
    next one, where a spreadsheet's print clips it (`Flights returned to departure airpo` +
    `rt`, clipped by the cell of `9`). Letters and words side by side on one line (at most
    `WORD_GAP` of their size apart) are one text. Its letters in the other cell move only
    where they stand apart from that cell's own text (`_apart`); each cell keeps its letters
    in the order they were drawn (`drawn_order`)."""
    owner = {id(ch): i for i, chars in enumerate(buckets) for ch in chars}
    inked = [ch for chars in buckets for ch in chars if str(ch["text"]).strip()]
    runs: list[list[Char]] = []
    for line in cluster_objects(inked, itemgetter("top"), tolerance):
        last: Char | None = None
        for ch in sorted(line, key=itemgetter("x0")):
            gap = WORD_GAP * max(float(ch.get("size") or 0.0), 1.0)
            if last is not None and -gap <= float(ch["x0"]) - float(last["x1"]) <= gap:
                runs[-1].append(ch)
            else:
                runs.append([ch])
            last = ch

    moved: dict[int, int] = {}
    for run in runs:
        held = [owner[id(ch)] for ch in run]
        if len(set(held)) < 2:
            continue
        most = max(dict.fromkeys(held), key=held.count)
        rest = [ch for ch, i in zip(run, held, strict=True) if i != most]
        if all(_apart(part, buckets[i]) for i, part in _by_cell(rest, owner).items()):
            moved.update({id(ch): most for ch in rest})
    if not moved:
        return list(buckets)
    out: list[list[Char]] = [[] for _ in buckets]
    for i, chars in enumerate(buckets):
        for ch in chars:
            out[moved.get(id(ch), i)].append(ch)
    drawn = {id(ch): k for k, ch in enumerate(drawn_order)}
    return [sorted(chars, key=lambda ch: drawn[id(ch)]) for chars in out]


def _by_cell(chars: Sequence[Char], owner: dict[int, int]) -> dict[int, list[Char]]:
    out: dict[int, list[Char]] = {}
    for ch in chars:
        out.setdefault(owner[id(ch)], []).append(ch)
    return out


def _apart(part: Sequence[Char], cell: Sequence[Char]) -> bool:
    """Whether a word's letters stand apart from their cell's own text on their line: there is
    some, and none within the letters' size (an em; a word space is about a quarter of one).
    Text clipped at the rule that ends a cell (`Preside`) and the next cell's own text drawn
    right after it (`SPPS/SPFT`) are two words that touch, each its cell's; a word alone on
    its line in its cell is its cell's too (nothing tells it from the cell's text)."""
    size = max(float(ch.get("size") or 0.0) for ch in part) or 10.0
    x0 = min(float(ch["x0"]) for ch in part)
    x1 = max(float(ch["x1"]) for ch in part)
    top = statistics.mean(float(ch["top"]) for ch in part)
    ids = {id(ch) for ch in part}
    other = False
    for ch in cell:
        if id(ch) in ids or not str(ch["text"]).strip() or abs(float(ch["top"]) - top) > size / 2:
            continue
        if float(ch["x0"]) - x1 < size and x0 - float(ch["x1"]) < size:
            return False
        other = True
    return other


def _ink(chars: Sequence[Char]) -> BBox | None:
    """The box of some characters' letters (spaces aside), rounded; None for none."""
    inked = [c for c in chars if str(c["text"]).strip()]
    if not inked:
        return None
    return round_box(
        (
            float(min(c["x0"] for c in inked)),
            float(min(c["top"] for c in inked)),
            float(max(c["x1"] for c in inked)),
            float(max(c["bottom"] for c in inked)),
        )
    )


def cell_lines(chars: Sequence[Char], settings: LayoutSettings) -> list[CellLine]:
    """A cell's lines, top to bottom, as pdfplumber's `extract_text` writes them.

    Spaces, non-breaking spaces and ligatures are kept as drawn: normalize repairs and logs them.
    """
    if not chars:
        return []
    words = words_of(chars, 3.0, settings.text_tolerance, settings.space_gap)
    tops = [min(ch["top"] for ch in w) for w in words]
    out = []
    for group in clusters(tops, settings.text_tolerance):
        line = [words[i] for i in group]
        inked = [ch for w in line for ch in w if ch["text"].strip()]
        text = logical(" ".join("".join(ch["text"] or "" for ch in w) for w in line))
        if not inked:
            out.append(CellLine(text, 0.0, 0.0, 0.0))
            continue
        first = min(inked, key=lambda ch: ch["x0"])
        spans = _word_spans([ch for w in line for ch in w])
        out.append(
            CellLine(
                text,
                float(first["x0"]),
                float(max(ch["x1"] for ch in inked)),
                float(first["x1"] - first["x0"]),
                spans[0][1] - spans[0][0],
                spans[-1][1] - spans[-1][0],
            )
        )
    return out


def logical(text: str) -> str:
    """A line's text in reading order: a PDF draws right-to-left script (Hebrew, Arabic) as
    it is seen, left to right; a line mostly of it reads right to left (its numbers and Latin
    words left to right), a word of it in a line of left-to-right script is turned alone, by
    the Unicode bidirectional algorithm (python-bidi)."""
    kinds = [unicodedata.bidirectional(ch) for ch in text]
    rtl = sum(1 for k in kinds if k in ("R", "AL"))
    if not rtl:
        return text
    from bidi import get_display

    # the line's direction is its script's, most of its letters (a Hebrew word in an
    # Italian line is turned, the line not)
    return str(get_display(text, base_dir="R" if 2 * rtl > rtl + kinds.count("L") else "L"))


def _word_spans(chars: Sequence[Char]) -> list[tuple[float, float]]:
    """The extents of a line's words: runs of inked characters with no space between them."""
    spans: list[tuple[float, float]] = []
    gap = True
    for ch in sorted(chars, key=lambda c: c["x0"]):
        if not ch["text"].strip():
            gap = True
            continue
        if spans and not gap and ch["x0"] - spans[-1][1] < 1.0:
            spans[-1] = (spans[-1][0], float(ch["x1"]))
        else:
            spans.append((float(ch["x0"]), float(ch["x1"])))
        gap = False
    return spans or [(0.0, 0.0)]


def lines_fit(
    lines: Sequence[CellLine], left: float, right: float, lined: float
) -> tuple[LineFit, ...]:
    """Per line with text, how it sits in a cell whose text can reach from `left` to `right`.

    A line's room is the white it left at its end, and at its start too where the cell sets
    its lines in the middle or at the right (`set_off`; a left-aligned cell's indent is no
    room). A line whose room is less than the next line's first letter fills its cell; when
    it ends inside a word that the next line goes on with, the word was cut by the column's
    edge (normalize joins it back without a space).
    """
    inked = [ln for ln in lines if ln.text.strip()]
    off = set_off(inked, lined)
    return tuple(
        LineFit(
            round((max(ln.x0 - left, 0.0) if off else 0.0) + right - ln.x1, 2),
            round(ln.first_width, 2),
            round(ln.x1 - ln.x0, 2),
            round(ln.head, 2),
            round(ln.tail, 2),
        )
        for ln in inked
    )


def set_off(lines: Sequence[CellLine], lined: float) -> bool:
    """Whether a cell sets its lines in the middle or at the right: their middles, or their
    right ends, lined up within `lined`, their left ends not."""
    if len(lines) < 2 or max(ln.x0 for ln in lines) - min(ln.x0 for ln in lines) <= lined:
        return False
    middles = [(ln.x0 + ln.x1) / 2 for ln in lines]
    ends = [ln.x1 for ln in lines]
    return max(middles) - min(middles) <= lined or max(ends) - min(ends) <= lined


def _index(anchors: Sequence[float], value: float, tol: float) -> int:
    """The index of the anchor that value snaps to."""
    i = bisect_right(anchors, value + tol) - 1
    return max(i, 0)


def round_box(b: BBox) -> BBox:
    """A box rounded to hundredths of a point, as every table and cell box is kept."""
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))
