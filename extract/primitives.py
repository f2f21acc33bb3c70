"""What a page draws, as plain data: text lines of phrases, rules, and background bands.

`objects_to_rules` turns pdfplumber's lines, rectangles and curves into horizontal and vertical
rules (a filled rectangle thinner than `thin_fill` is a rule: browsers draw borders so);
`objects_to_bands` keeps the filled rectangles that are backgrounds (header bands, zebra stripes,
group bands), merged where they touch; `chars_to_lines` groups characters into phrases (the
text of one cell on one line) and phrases into lines. Nothing here knows about tables.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypeVar

from pdfplumber.utils.text import extract_words

from .graphics import Graphics, Rule
from .settings import LayoutSettings

if TYPE_CHECKING:
    from .models import BBox

Char = dict[str, Any]


def centred_in(chars: Iterable[Char], box: BBox) -> list[Char]:
    """The characters whose middle lies in a box (x0, top, x1, bottom)."""
    x0, top, x1, bottom = box
    return [
        c
        for c in chars
        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]


T = TypeVar("T")
Interval = tuple[float, float]


@dataclass(frozen=True)
class Phrase:
    """Characters on one line with no gap wider than a space: the text of a cell on a line."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    glyphs: tuple[tuple[float, float, str], ...] = field(default=(), compare=False, repr=False)
    """Its characters' left and right ends and texts (spaces included)."""
    cut: bool = field(default=False, compare=False, repr=False)
    """A piece of a phrase the engine cut at a column cut (`split_at`), not one the page set
    apart."""

    @property
    def mid(self) -> float:
        """The horizontal middle."""
        return (self.x0 + self.x1) / 2

    def split_after_spaces(self, gap: float) -> list[Phrase]:
        """The phrase cut where white of `gap` or more follows a space character (a cell's
        text ends in a drawn space, the next cell's begins a point further: a tight
        spreadsheet), and, in a monospace font, after two spaces or more (a table typed in
        text, its columns lined up with spaces)."""
        g = self.glyphs
        typed = monospace([b - a for a, b, _ in g])
        cuts = [
            k
            for k in range(1, len(g))
            if g[k - 1][2] == " "
            and g[k][2].strip()
            and (g[k][0] - g[k - 1][1] >= gap or (typed and k >= 2 and g[k - 2][2] == " "))
        ]
        if not cuts:
            return [self]
        out = []
        for a, b in zip([0, *cuts], [*cuts, len(g)], strict=True):
            piece = _phrase(g[a:b], self)
            if piece is not None:
                out.append(piece)
        return out

    def words(self) -> list[tuple[float, float]]:
        """The extents of its words: runs of inked characters with no white between them."""
        out: list[tuple[float, float]] = []
        last: tuple[float, float, str] | None = None
        for g in self.glyphs:
            if not g[2].strip():
                last = None
                continue
            if out and last is not None and g[0] - last[1] < 1.0:
                out[-1] = (out[-1][0], g[1])
            else:
                out.append((g[0], g[1]))
            last = g
        return out or [(self.x0, self.x1)]

    def split_at(self, x: float) -> tuple[Phrase, Phrase] | None:
        """The phrase cut in two at `x`, where white space (a space or a gap of a point or
        more) lies there; None where `x` falls inside a word."""
        g = self.glyphs
        for k in range(1, len(g)):
            a, b = g[k - 1], g[k]
            white = a[2].isspace() or b[2].isspace() or b[0] - a[1] >= 1.0
            inside = a[1] - 0.5 <= x <= b[0] + 0.5 or (a[2].isspace() and a[0] <= x <= b[0] + 0.5)
            if white and inside:
                left, right = _phrase(g[:k], self), _phrase(g[k:], self)
                if left is not None and right is not None:
                    return replace(left, cut=True), replace(right, cut=True)
        return None


def monospace(widths: Sequence[float]) -> bool:
    """Whether characters of these widths, spaces too, are as wide as one another (to a
    hundredth of a point): a monospace font, where a typist lines columns up with spaces."""
    return len(widths) > 1 and max(widths) - min(widths) < 0.01 and widths[0] > 0


def _phrase(glyphs: Sequence[tuple[float, float, str]], like: Phrase) -> Phrase | None:
    inked = [c for c in glyphs if c[2].strip()]
    if not inked:
        return None
    text = "".join(c[2] for c in glyphs).strip()
    return Phrase(text, inked[0][0], inked[-1][1], like.top, like.bottom, tuple(glyphs))


@dataclass(frozen=True)
class Line:
    """Phrases that share a line, left to right."""

    top: float
    bottom: float
    phrases: tuple[Phrase, ...]

    @property
    def text(self) -> str:
        """The line's text, phrases joined by a space."""
        return " ".join(p.text for p in self.phrases)

    @property
    def x0(self) -> float:
        """The left end of the line."""
        return self.phrases[0].x0

    @property
    def x1(self) -> float:
        """The right end of the line."""
        return max(p.x1 for p in self.phrases)

    @property
    def height(self) -> float:
        """The line's height."""
        return self.bottom - self.top

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The line's box: x0, top, x1, bottom."""
        return (self.x0, self.top, self.x1, self.bottom)


def chars_to_phrases(
    chars: Sequence[Char], settings: LayoutSettings, vrules: Sequence[Rule] = ()
) -> list[Phrase]:
    """Runs of characters on one line with no gap wider than `phrase_gap`, no vertical rule
    between them, and no white after a drawn space (the texts of two cells close together stay
    two phrases)."""
    words = [
        w
        for row in char_rows(chars, settings)
        for w in words_of(row, settings.phrase_gap, settings.text_tolerance)
    ]
    out = []
    rules = sorted(vrules, key=lambda r: r.pos)
    at = [r.pos for r in rules]
    for w in words:
        for run in (r for part in _split_at_rules(w, rules, at) for r in _split_at_gaps(part)):
            text = "".join(c["text"] for c in run).strip()
            inked = [c for c in run if c["text"].strip()]
            if text and inked:
                phrase = Phrase(
                    text,
                    float(min(c["x0"] for c in inked)),
                    float(max(c["x1"] for c in inked)),
                    float(min(c["top"] for c in inked)),
                    float(max(c["bottom"] for c in inked)),
                    tuple((float(c["x0"]), float(c["x1"]), str(c["text"])) for c in run),
                )
                out.extend(phrase.split_after_spaces(settings.space_white))
    return out


def clusters(values: Sequence[float], tolerance: float) -> list[list[int]]:
    """The indexes of `values` in clusters of values chained within `tolerance`, lowest first,
    each in the order given: pdfplumber's `cluster_objects`, without its dictionaries."""
    index: dict[float, int] = {}
    cluster, last = -1, 0.0
    for v in sorted(set(values)):
        if cluster < 0 or v > last + tolerance:
            cluster += 1
        index[v] = cluster
        last = v
    groups: dict[int, list[int]] = {}
    for i, v in enumerate(values):
        groups.setdefault(index[v], []).append(i)
    return [groups[k] for k in sorted(groups)]


def words_of(
    chars: Sequence[Char],
    x_tolerance: float,
    y_tolerance: float,
    x_ratio: float | None = None,
) -> list[list[Char]]:
    """The characters of each word, as pdfplumber's `extract_words` (blank characters kept)
    groups them and in its order: runs of characters of one uprightness, in lines of tops
    chained within `y_tolerance`, cut where a letter starts before the one before it or more
    than `x_tolerance` (or `x_ratio` of the letter before's size) after its end. Turned text
    goes to pdfplumber itself; upright text, nearly all of it, is grouped here, several times
    quicker (no word dictionaries are made)."""
    out: list[list[Char]] = []
    start = 0
    while start < len(chars):
        upright = chars[start]["upright"]
        end = start + 1
        while end < len(chars) and chars[end]["upright"] == upright:
            end += 1
        run = chars[start:end]
        start = end
        if not upright:
            found = extract_words(
                list(run),
                return_chars=True,
                keep_blank_chars=True,
                x_tolerance=x_tolerance,
                y_tolerance=y_tolerance,
                x_tolerance_ratio=x_ratio,
            )
            out.extend(w["chars"] for w in found)
            continue
        for group in clusters([c["top"] for c in run], y_tolerance):
            line = sorted((run[i] for i in group), key=_x0)
            out.extend(_line_words(line, x_tolerance, y_tolerance, x_ratio))
    return out


def _line_words(
    line: Sequence[Char], x_tolerance: float, y_tolerance: float, x_ratio: float | None
) -> list[list[Char]]:
    """The words of one line of upright characters, left to right (see `words_of`)."""
    out: list[list[Char]] = []
    word: list[Char] = []
    for c in line:
        if c["text"] == "":  # pdfplumber's punctuation test takes an empty text: a word alone
            if word:
                out.append(word)
            out.append([c])
            word = []
            continue
        if word:
            p = word[-1]
            reach = x_tolerance if x_ratio is None else x_ratio * p["size"]
            if (
                c["x0"] < p["x0"]
                or c["x0"] > p["x1"] + reach
                or abs(c["top"] - p["top"]) > y_tolerance
            ):
                out.append(word)
                word = []
        word.append(c)
    if word:
        out.append(word)
    return out


def _x0(c: Char) -> float:
    return float(c["x0"])


def char_rows(chars: Sequence[Char], settings: LayoutSettings) -> list[list[Char]]:
    """Characters in rows of about the same top: within `text_tolerance`, and within
    `row_share` of a letter's height (lines set in the middle of their cells stand a few points
    apart, each beside another column's line: chained, their letters would interleave). Letters
    drawn over one another are two rows (see `_layers`)."""
    rows: list[list[Char]] = []
    first = 0.0
    for c in sorted(chars, key=lambda c: c["top"]):
        height = float(c["bottom"]) - float(c["top"])
        reach = min(settings.text_tolerance, settings.row_share * height)
        if rows and float(c["top"]) - first <= reach:
            rows[-1].append(c)
        else:
            rows.append([c])
            first = float(c["top"])
    return [layer for row in rows for layer in _layers(row, _char_box)]


def _split_at_gaps(chars: Sequence[Char]) -> list[list[Char]]:
    """A word's characters cut at white that no space character fills, when its spaces are
    drawn as characters: two cells' texts a point or two apart, in a table with no rules."""
    if not any(c["text"] == " " for c in chars):
        return [list(chars)]
    runs: list[list[Char]] = [[]]
    for a, b in pairwise(chars):
        runs[-1].append(a)
        if a["text"].strip() and b["text"].strip() and b["x0"] - a["x1"] >= 1.0:
            runs.append([])
    if chars:
        runs[-1].append(chars[-1])
    return runs


def _split_at_rules(
    chars: Sequence[Char], rules: Sequence[Rule], at: Sequence[float]
) -> list[list[Char]]:
    """A word's characters cut where a vertical rule runs between two of them (`rules` sorted
    by position, `at` their positions)."""
    if len(chars) < 2 or not rules:
        return [list(chars)]
    centres = [(c["x0"] + c["x1"]) / 2 for c in chars]
    if bisect_left(at, min(centres)) == bisect_right(at, max(centres)):
        return [list(chars)]  # no rule runs within the word's reach
    runs: list[list[Char]] = [[]]
    for a, b in pairwise(chars):
        runs[-1].append(a)
        middle = (a["top"] + a["bottom"]) / 2
        ca, cb = (a["x0"] + a["x1"]) / 2, (b["x0"] + b["x1"]) / 2
        between = rules[bisect_left(at, ca) : bisect_right(at, cb)]
        if any(ca <= r.pos <= cb and r.start <= middle <= r.end for r in between):
            runs.append([])
    if chars:
        runs[-1].append(chars[-1])
    return runs


def phrases_to_lines(phrases: Iterable[Phrase], settings: LayoutSettings) -> list[Line]:
    """Phrases grouped into lines, top to bottom, each line's phrases left to right. Phrases
    drawn over one another (across by half a letter's height) are two layers, never one line
    (a running head under a table's header): such a line is parted where its phrases' tops
    are furthest apart, until none crosses another."""
    groups: list[list[Phrase]] = []
    for p in sorted(phrases, key=lambda p: (p.top, p.x0)):
        if groups and p.top - groups[-1][0].top <= settings.line_overlap:
            groups[-1].append(p)
        else:
            groups.append([p])
    return [
        Line(
            min(p.top for p in g),
            max(p.bottom for p in g),
            tuple(sorted(g, key=lambda p: p.x0)),
        )
        for group in groups
        for g in _layers(group, _phrase_box)
    ]


def _layers(group: list[T], box: Callable[[T], BBox]) -> list[list[T]]:
    """Things on one line (phrases, or characters), parted into lines where some are drawn
    over others: at the widest white between their tops, until none crosses another, where
    that white is a third of a letter's height at least."""
    boxes = [box(g) for g in group]
    if not _crossing(boxes):
        return [group]
    tops = sorted({b[1] for b in boxes})
    if len(tops) < 2:
        return [group]
    gap, cut = max((b - a, a) for a, b in pairwise(tops))
    if gap <= min(b[3] - b[1] for b in boxes) / 3:
        return [group]  # a letter drawn twice, a little lower (a bold made by hand): one line
    upper = [g for g, b in zip(group, boxes, strict=True) if b[1] <= cut]
    lower = [g for g, b in zip(group, boxes, strict=True) if b[1] > cut]
    return _layers(upper, box) + _layers(lower, box)


def _crossing(boxes: Sequence[BBox]) -> bool:
    """Whether any two boxes overlap side by side by half the smaller one's height at least."""
    reach: BBox | None = None  # the box reaching furthest right so far, left to right
    for b in sorted(boxes):
        if reach is not None:
            letter = 0.5 * min(b[3] - b[1], reach[3] - reach[1])
            if min(b[2], reach[2]) - b[0] > letter:
                return True
        if reach is None or b[2] > reach[2]:
            reach = b
    return False


def _phrase_box(p: Phrase) -> BBox:
    return (p.x0, p.top, p.x1, p.bottom)


def _char_box(c: Char) -> BBox:
    if not str(c["text"]).strip():
        return (float(c["x0"]), float(c["top"]), float(c["x0"]), float(c["bottom"]))  # no ink
    return (float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]))


@dataclass(frozen=True)
class PageContent:
    """What the layout engine reads of one page."""

    number: int
    width: float
    height: float
    chars: tuple[Char, ...]
    lines: tuple[Line, ...]
    """Text lines, running headers and footers left out."""
    graphics: Graphics
    line_height: float
    running: tuple[Line, ...] = ()
    """The running heads and feet left out."""
