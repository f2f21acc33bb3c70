"""Sizes shared by every producer: page, margins, column widths, and word wrapping.

Widths are in points and come from the text itself (reportlab's font metrics), so that every
producer gets columns of the same proportions: `fit` gives each column room for its values up
to a cap, `wrap` narrows the long-text columns so that most of their cells wrap, `cut` makes two
columns of short values (the policy code, the type, a target; the key column now and then)
narrower than their longest word, so that a word is broken inside (`05ZER` / `O`), as a word
processor does when a word is wider than its cell; `tight` makes every column of short values
a tenth narrower than its longest word, and the key column too narrow for two digits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics

from .data import Dataset
from .style import FONTS, Layout

LONG_TEXT = {"indicatore", "obiettivo", "responsabile", "fonte", "note", "frequenza"}
CAP = 170.0  # a long-text column is never wider than this in `fit`


@dataclass(frozen=True)
class Geometry:
    """Page, margins and column widths (points) of one drawn table, and its font."""

    page: tuple[float, float]
    margins: tuple[float, float, float, float]  # left, right, top, bottom
    widths: tuple[float, ...]
    font: str
    bold: str
    family: str
    size: float
    leading: float
    pad: float
    cut_columns: tuple[str, ...]

    @property
    def room(self) -> float:
        return self.page[0] - self.margins[0] - self.margins[1]


def text_width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


def geometry(ds: Dataset, layout: Layout) -> Geometry:
    """Page size, margins and column widths for a table in a layout."""
    rng = random.Random(layout.seed)
    font, bold, family = FONTS[layout.font]
    size = layout.size
    pad = round(rng.uniform(2.0, 3.5), 1)
    page = A4 if layout.orientation == "portrait" else landscape(A4)
    side = round(rng.uniform(28, 42))
    margins = (side, side, round(rng.uniform(40, 56)), round(rng.uniform(40, 52)))
    room = page[0] - 2 * side
    widths = []
    for col in ds.cols:
        values = [row[col.name] for row in ds.rows]
        longest = max(text_width(v, font, size) for v in values)
        head_word = max(text_width(w, bold, size) for w in col.header.split())
        natural = max(longest, head_word) + 2 * pad + 1
        cap = CAP * rng.uniform(0.8, 1.1) if col.name in LONG_TEXT else CAP * 0.55
        natural = min(natural, cap)
        widths.append(natural)
    cut: list[str] = []
    if layout.widths == "wrap":
        widths = [
            w * rng.uniform(0.55, 0.8) if c.name in LONG_TEXT else w
            for w, c in zip(widths, ds.cols, strict=True)
        ]
    if layout.widths in ("cut", "tight"):
        # text columns stay wide enough for their words: a word processor's user narrows the
        # columns of short values (codes, types, targets), not the indicator's text; `tight`
        # narrows every one of them, the key column too
        candidates = [
            c.name
            for c in ds.cols
            if (c.name in ("policy", "tipologia") or c.name.startswith("risultato_atteso"))
            and any(row[c.name] for row in ds.rows)
        ]
        cut = rng.sample(candidates, 2) if layout.widths == "cut" else [*candidates, "nr"]
        if layout.widths == "cut" and rng.random() < 0.3:
            cut.append("nr")
    scale = min(1.0, room / sum(widths))
    widths = [w * scale for w in widths]
    floor = [_min_width(ds, c.name, font, bold, size, pad) for c in ds.cols]
    if layout.producer == "calc":  # a spreadsheet never breaks a word
        floor = [
            max(f, _widest_word(ds, c.name, font, bold, size) + 2 * pad + 2)
            for f, c in zip(floor, ds.cols, strict=True)
        ]
    widths = [max(w, f) for w, f in zip(widths, floor, strict=True)]
    for i, col in enumerate(ds.cols):
        if col.name in cut:
            word = max(
                (w for row in ds.rows for w in row[col.name].split()),
                key=lambda w: text_width(w, font, size),
            )
            shrink = 0.9 if layout.widths == "tight" else rng.uniform(0.7, 0.95)
            widths[i] = text_width(word, font, size) * shrink + 2 * pad
            if col.name == "nr":
                widths[i] = text_width("0", font, size) * 1.4 + 2 * pad
    over = sum(widths) - room
    if over > 0 and layout.producer == "calc":
        over = 0.0  # a spreadsheet is printed fitted to the page width: it may be wider
    if over > 0:  # take the excess from the long-text columns, keeping their floors
        flex = [i for i, c in enumerate(ds.cols) if c.name in LONG_TEXT and c.name not in cut]
        total = sum(widths[i] - floor[i] for i in flex)
        assert total > over, f"{ds.name}: {layout.slug()} does not fit the page"
        for i in flex:
            widths[i] -= over * (widths[i] - floor[i]) / total
    return Geometry(
        page=page,
        margins=margins,
        widths=tuple(round(w, 1) for w in widths),
        font=font,
        bold=bold,
        family=family,
        size=size,
        leading=round(size * rng.uniform(1.15, 1.3), 2),
        pad=pad,
        cut_columns=tuple(cut),
    )


def _min_width(ds: Dataset, name: str, font: str, bold: str, size: float, pad: float) -> float:
    """Room for the widest single character string that must not break: a date, a number."""
    short = [row[name] for row in ds.rows if len(row[name]) <= 10 and " " not in row[name]]
    widest = max((text_width(v, font, size) for v in short), default=0.0)
    leaf = [c.leaf for c in ds.cols if c.name == name and c.leaf]
    heads = [text_width(t, bold, size) for t in leaf]
    return max([widest, text_width("0000", font, size), *heads]) + 2 * pad + 1.5


def _widest_word(ds: Dataset, name: str, font: str, bold: str, size: float) -> float:
    """The widest word of a column, its header's words (bold) included."""
    col = next(c for c in ds.cols if c.name == name)
    body = [text_width(w, font, size) for row in ds.rows for w in row[name].split()]
    head = [text_width(w, bold, size) for w in f"{col.header} {col.group} {col.leaf}".split()]
    return max([*body, *head, 0.0])


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of text as a word processor breaks them in a column `width` points wide.

    Breaks at spaces; a word too long for the rest of a line breaks after a hyphen or slash
    inside it if that part fits; a word wider than a whole line is cut where the line is full.
    """
    if not text:
        return []
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font, size) <= width:
            current = candidate
            continue
        head = _break_at_mark(word, current, font, size, width)
        if head:
            lines.append(f"{current} {head}" if current else head)
            word, current = word[len(head) :], ""
        elif current:
            lines.append(current)
            current = ""
        while text_width(word, font, size) > width:
            k = max(1, _fits(word, font, size, width))
            lines.append(word[:k])
            word = word[k:]
        current = word
    if current:
        lines.append(current)
    return lines


def _break_at_mark(word: str, current: str, font: str, size: float, width: float) -> str:
    """The longest head of word ending in `-` or `/` that fits after the current line."""
    best = ""
    for i, ch in enumerate(word[:-1]):
        if ch in "-/" and i > 0 and word[i - 1].isalnum() and word[i + 1].isalnum():
            head = word[: i + 1]
            line = f"{current} {head}" if current else head
            if text_width(line, font, size) <= width:
                best = head
    return best


def _fits(word: str, font: str, size: float, width: float) -> int:
    k = 0
    while k < len(word) and text_width(word[: k + 1], font, size) <= width:
        k += 1
    return k
