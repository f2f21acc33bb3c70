"""A page with no text layer read from its picture: the same page data the layout engine reads
of a born-digital page (characters, rules, bands), made from OCR's words and the picture's
pixels.

1. The page is rendered in grey by PDFium at its picture's own resolution (kept within
   `MIN_DPI` and `MAX_DPI`), turned level (`pixels.deskew`).
2. Its rules and bands are found in the pixels (`pixels.read_drawing`); the rules are painted
   over and bands of light letters turned before OCR, so no rule is read as `|`.
3. Tesseract reads the words with their boxes and confidence (`ocr.read_words`).
4. Words on one OCR line are one phrase unless a rule or a column's white parts them
   (`join_words`): their letters are laid over their boxes and the white between two words
   of a phrase is drawn as one space. Beyond a phrase, the engine's own rules part two
   cells' texts as they part a born-digital page's.

The words and their confidence are kept (`Scan`) for the audit: a cell holding a word read
with low confidence is marked.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import OCR_FONT, PSM, BBox, Scan, ScanWord

if TYPE_CHECKING:  # NumPy, Pillow and the OCR are loaded only when a scan is read
    import numpy as np

    from .ocr import Word
    from .pixels import Segment

MIN_DPI = 200.0
MAX_DPI = 400.0
"""A scan is read at its picture's resolution within these: below 200 dpi tesseract misses
letters; above 400 it costs time for nothing."""
DEFAULT_DPI = 300.0
PICTURE_SHARE = 0.5
"""A page is a scan when it has no text and pictures cover at least this share of it."""
WORD_GAP = 0.85
"""Words on an OCR line apart by less than this share of their height are one phrase (a word
space is about half a letter's height, as OCR boxes the words)."""
COLUMN_GAP = 1.5
"""Words apart by more than this share of their height are two cells' texts."""
ALIGNED = 3
"""Between the two, the white parts two cells where the word after it starts where phrases of
at least this many other lines start (a column's left edge), or where it runs on down the page
(`CROSSED`); else it is a wide word space."""
CROSSED = 0.15
"""White between two words runs on down the page (a gutter between columns) where fewer than
this share of the other lines with text there have a word over its middle."""
GUTTER_LINES = 2
"""Lines with text where two words stand needed to tell a gutter between them."""


def is_scan(page: Any) -> bool:
    """Whether a pdfplumber page is a picture with no text: pictures cover at least
    `PICTURE_SHARE` of it and it holds no letter."""
    if any(str(c.get("text", "")).strip() for c in page.chars):
        return False
    area = float(page.width) * float(page.height)
    covered = sum(
        max(0.0, float(i["x1"]) - float(i["x0"])) * max(0.0, float(i["bottom"]) - float(i["top"]))
        for i in page.images
    )
    return area > 0 and covered >= PICTURE_SHARE * area


MAX_PIXELS = 40e6
"""A scanned page is rendered in at most this many pixels (an A3 page at 300 dpi holds 17
million): a page drawn larger is read at a lower resolution, never a picture of gigabytes."""


def picture_dpi(page: Any) -> float:
    """The resolution of a page's largest picture, kept within MIN_DPI and MAX_DPI, and low
    enough that the page holds at most `MAX_PIXELS`."""
    best = 0.0
    for image in page.images:
        width_pt = float(image["x1"]) - float(image["x0"])
        size = image.get("srcsize") or (0, 0)
        if width_pt > 0 and size[0]:
            best = max(best, float(size[0]) / (width_pt / 72.0))
    dpi = min(MAX_DPI, max(MIN_DPI, best)) if best else DEFAULT_DPI
    return bounded_dpi(dpi, float(page.width), float(page.height))


def bounded_dpi(dpi: float, width: float, height: float) -> float:
    """`dpi`, lowered where a page of `width` by `height` points would pass `MAX_PIXELS`."""
    area = max(width, 1.0) * max(height, 1.0) / 72.0**2  # square inches
    return min(dpi, math.sqrt(MAX_PIXELS / area))


def render(
    path: Path, number: int, dpi: float, screen: bool = False
) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """Page `number` rendered in grey at `dpi` by PDFium (`screen`: at most that, the page
    kept within `MAX_PIXELS`)."""
    import numpy as np
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[number - 1]
        try:
            if screen:
                dpi = bounded_dpi(dpi, *page.get_size())
            bitmap = page.render(scale=dpi / 72.0, grayscale=True)
            return np.asarray(bitmap.to_pil().convert("L")).copy()
        finally:
            page.close()
    finally:
        pdf.close()


def read_scan(
    path: Path, number: int, dpi: float, phrase_gap: float, psm: int | None = None
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]], Scan]:
    """A scanned page's characters and drawing objects (rules and bands as rectangles), in
    points of the level page, and how it was read."""
    from .ocr import read_words, reread
    from .pixels import clean, deskew, ink, paper_level, read_drawing

    grey = render(path, number, dpi)
    paper = paper_level(grey)
    level, angle = deskew(grey, paper)
    drawing = read_drawing(level, dpi, paper)
    page = clean(level, drawing, paper, dpi)
    inked = ink(page)
    psm = psm or PSM
    words = split_words(page, reread(page, read_words(page, dpi, psm), dpi), inked, dpi)
    words = [_fitted(w, inked) for w in words if _inked(w, inked)]
    scale = 72.0 / dpi
    height = level.shape[0] * scale
    phrases = join_words(words, drawing.vrules, phrase_gap / scale)
    chars = [c for phrase in phrases for c in phrase_chars(phrase, scale, height, number)]
    rects = [_rect(s, scale, height, number, 0.0) for s in (*drawing.hrules, *drawing.vrules)]
    rects += [_rect(b, scale, height, number, b.grey / 255) for b in drawing.bands]
    scan = Scan(
        number,
        dpi,
        angle,
        tuple(ScanWord(w.text, _points(w, scale), w.conf) for w in words),
        len(drawing.hrules) + len(drawing.vrules),
        len(drawing.bands),
        psm,
    )
    return chars, {"line": [], "rect": rects, "curve": []}, scan


SPACE = 0.32
"""White down a word at least this share of its line's usual word height is a space OCR
missed (`n.azione` for `n. azione`): letters of one word stand at most 0.23 apart, words at
least 0.41, on the samples' scans."""


def split_words(grey: Any, words: Sequence[Word], ink: Any, dpi: float) -> list[Word]:
    """The words, each cut where white as wide as a space runs down it (tesseract joins two
    words set a space apart now and then): the pieces between such whites are read again
    on their own (`read_patches`), and the word is cut where their texts, end to end, give
    its text; else it stays whole."""
    from .ocr import read_patches

    heights: dict[int, list[int]] = {}
    for w in words:
        heights.setdefault(w.line, []).append(w.bottom - w.top)
    usual = {line: statistics.median(h) for line, h in heights.items()}
    pieces = {i: _pieces(w, ink, SPACE * usual[w.line]) for i, w in enumerate(words)}
    pieces = {i: p for i, p in pieces.items() if len(p) > 1}
    boxes = [(x0, words[i].top, x1, words[i].bottom) for i, p in pieces.items() for x0, x1 in p]
    read = iter(read_patches(grey, boxes, dpi))
    out: list[Word] = []
    for i, w in enumerate(words):
        if i not in pieces:
            out.append(w)
            continue
        texts = ["".join(x.text for x in next(read)) for _ in pieces[i]]
        if "".join(texts) != w.text or not all(texts):
            out.append(w)
            continue
        out.extend(
            replace(w, text=text, x0=x0, x1=x1)
            for (x0, x1), text in zip(pieces[i], texts, strict=True)
        )
    return out


def _pieces(word: Word, ink: Any, least: float) -> list[tuple[int, int]]:
    """The spans of a word between whites at least `least` wide running down it."""
    inked = ink[word.top : word.bottom, word.x0 : word.x1].any(axis=0).tolist()
    out, x0, start = [], word.x0, None
    for i, dark in enumerate([*inked, True]):
        if not dark and start is None:
            start = i
        elif dark and start is not None:
            if start > 0 and i < len(inked) and i - start >= least:
                out.append((x0, word.x0 + start))
                x0 = word.x0 + i
            start = None
    out.append((x0, word.x1))
    return out


INKED = 0.02
"""A word OCR reads where less than this share of its box is ink is none: a mark read where a
rule was painted over (`—` at a cell's edge), which tesseract's language model makes of a
faint trace."""


def _inked(word: Word, ink: Any) -> bool:
    """Whether a word's box, widened by a sixth of its height either side (OCR boxes a narrow
    letter beside its stroke), holds ink enough to be a word (`INKED`)."""
    pad = (word.bottom - word.top) // 6
    box = ink[word.top : word.bottom, max(0, word.x0 - pad) : word.x1 + pad]
    return box.size > 0 and float(box.mean()) >= INKED


def _fitted(word: Word, ink: Any) -> Word:
    """A word's box fitted to its ink along the line: OCR's boxes of a narrow letter stray a
    few pixels (`I` boxed one pixel wide beside its stroke), which the gaps between words
    must not count. The box grows over ink touching its sides, by at most half its height,
    and shrinks off white at its sides."""
    columns = ink[word.top : word.bottom].any(axis=0)
    width = columns.shape[0]
    reach = max(1, (word.bottom - word.top) // 2)
    x0, x1 = word.x0, word.x1
    for _ in range(reach):
        if x0 <= 0 or not columns[x0 - 1]:
            break
        x0 -= 1
    for _ in range(reach):
        if x1 >= width or not columns[x1]:
            break
        x1 += 1
    while x0 < x1 - 1 and not columns[x0]:
        x0 += 1
    while x1 > x0 + 1 and not columns[x1 - 1]:
        x1 -= 1
    return word if (x0, x1) == (word.x0, word.x1) else replace(word, x0=x0, x1=x1)


def join_words(words: Sequence[Word], vrules: Sequence[Segment], least: float) -> list[list[Word]]:
    """The words of each OCR line joined into phrases: a word joins the one before unless a
    vertical rule stands between them or the white between them is a column's: wider than
    `COLUMN_GAP` of their height, or wider than `WORD_GAP` (and than `least` pixels, the
    engine's own phrase gap) where the word after it starts on a column's left edge
    (`ALIGNED`) or the white runs on down the page (`CROSSED`)."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    heights = {}
    for number, line in lines.items():
        line.sort(key=lambda w: w.x0)
        heights[number] = statistics.median(w.bottom - w.top for w in line)
    starts = sorted(
        (w.x0, number)
        for number, line in lines.items()
        for i, w in enumerate(line)
        if i == 0 or w.x0 - line[i - 1].x1 > WORD_GAP * heights[number]
    )
    phrases: list[list[Word]] = []
    for number, line in lines.items():
        height = heights[number]
        for i, w in enumerate(line):
            gap = w.x0 - line[i - 1].x1 if i else 0.0
            if (
                i
                and not _ruled(line[i - 1], w, vrules)
                and (
                    gap <= max(least, WORD_GAP * height)
                    or (
                        gap <= COLUMN_GAP * height
                        and not _aligned(w, number, starts, height)
                        and not _gutter(line[i - 1], w, number, lines)
                    )
                )
            ):
                phrases[-1].append(w)
            else:
                phrases.append([w])
    return phrases


def _gutter(a: Word, b: Word, number: int, lines: dict[int, list[Word]]) -> bool:
    """Whether the white between two words on a line runs on down the page: of the other
    lines with text where the two words stand, fewer than `CROSSED` have a word over the
    white's middle third (none, where fewer than `GUTTER_LINES` lines have text there)."""
    third = (b.x0 - a.x1) / 3
    lo, hi = a.x1 + third, b.x0 - third
    there = [
        line
        for n, line in lines.items()
        if n != number and any(w.x0 < b.x1 and w.x1 > a.x0 for w in line)
    ]
    if len(there) < GUTTER_LINES:
        return False
    crossed = sum(1 for line in there if any(w.x0 < hi and w.x1 > lo for w in line))
    return crossed < CROSSED * len(there)


def _aligned(word: Word, line: int, starts: Sequence[tuple[int, int]], height: float) -> bool:
    """Whether phrases of at least `ALIGNED` other lines start where `word` starts."""
    reach = 0.35 * height
    lo = bisect_left(starts, (word.x0 - reach, -1))
    hi = bisect_right(starts, (word.x0 + reach, 1 << 30))
    return len({n for _, n in starts[lo:hi] if n != line}) >= ALIGNED


def _ruled(a: Word, b: Word, vrules: Sequence[Segment]) -> bool:
    """Whether a vertical rule stands between two words on a line."""
    middle = (max(a.top, b.top) + min(a.bottom, b.bottom)) / 2
    return any(
        a.x1 - 2 <= (r.x0 + r.x1) / 2 <= b.x0 + 2 and r.top <= middle <= r.bottom for r in vrules
    )


def phrase_chars(
    phrase: Sequence[Word], scale: float, height: float, number: int
) -> list[dict[str, Any]]:
    """A phrase's letters as characters over its words' boxes, each word's letters of one
    width, one space over the white between two words; all on the phrase's line (its words'
    tops and bottoms)."""
    top = min(w.top for w in phrase) * scale
    bottom = max(w.bottom for w in phrase) * scale
    out = []
    for i, w in enumerate(phrase):
        if i:
            before = phrase[i - 1]
            out.append(_char(" ", before.x1 * scale, w.x0 * scale, top, bottom, height, number))
        step = (w.x1 - w.x0) / len(w.text)
        for k, letter in enumerate(w.text):
            x0 = (w.x0 + k * step) * scale
            out.append(_char(letter, x0, x0 + step * scale, top, bottom, height, number))
    return out


def _char(
    text: str, x0: float, x1: float, top: float, bottom: float, height: float, number: int
) -> dict[str, Any]:
    size = bottom - top
    return {
        "text": text,
        "x0": x0,
        "x1": max(x1, x0),
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "y0": height - bottom,
        "y1": height - top,
        "width": max(x1 - x0, 0.0),
        "height": size,
        "size": size,
        "fontname": OCR_FONT,
        "upright": True,
        "matrix": (size, 0.0, 0.0, size, x0, height - bottom),
        "non_stroking_color": (0.0,),
        "stroking_color": None,
        "object_type": "char",
        "page_number": number,
    }


def _rect(seg: Segment, scale: float, height: float, number: int, grey: float) -> dict[str, Any]:
    x0, top, x1, bottom = seg.x0 * scale, seg.top * scale, seg.x1 * scale, seg.bottom * scale
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "y0": height - bottom,
        "y1": height - top,
        "width": x1 - x0,
        "height": bottom - top,
        "fill": True,
        "stroke": False,
        "linewidth": 0.0,
        "non_stroking_color": (grey,),
        "stroking_color": None,
        "object_type": "rect",
        "page_number": number,
        "pts": [(x0, top), (x1, top), (x1, bottom), (x0, bottom)],
    }


def _points(w: Word, scale: float) -> BBox:
    return (w.x0 * scale, w.top * scale, w.x1 * scale, w.bottom * scale)


SCREEN_DPI = 150.0
"""Scanned pages are screened for the table's header at this resolution (about a quarter of
the pixels of a reading at 300 dpi): the header's words read well enough to be found."""


def screen_scans(
    path: Path,
    pages: Sequence[int],
    found: Callable[[str], tuple[str, ...]],
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> dict[int, tuple[str, ...]]:
    """The columns whose headers OCR finds on each scanned page (`found` reads them in the
    text), the pages read at `SCREEN_DPI`, `workers` at a time: PDFium renders them one by one
    here (it allows no threads), tesseract reads them side by side in its own processes."""
    from concurrent.futures import Future, ThreadPoolExecutor

    from .ocr import OcrTimeout, read_words

    out: dict[int, tuple[str, ...]] = {}
    total = max(pages, default=0)

    def read(grey: Any) -> str:
        try:
            return " ".join(w.text for w in read_words(grey, SCREEN_DPI, PSM))
        except OcrTimeout:  # no header found there; the page is not read
            return ""

    running: dict[int, Future[str]] = {}

    def take(number: int) -> None:
        out[number] = found(running.pop(number).result())
        if progress is not None:
            progress(number, total)

    with ThreadPoolExecutor(max(1, workers)) as pool:
        for number in pages:
            while len(running) >= 2 * max(1, workers):  # a few pictures in memory at a time
                take(min(running))
            running[number] = pool.submit(read, render(path, number, SCREEN_DPI, screen=True))
        for number in sorted(running):
            take(number)
    return out
