"""A page with no text layer read from its picture: the same page data the layout engine reads
of a born-digital page (characters, rules, bands), made from OCR's words and the picture's
pixels.

1. The page is rendered in grey by PDFium at its picture's own resolution (kept within
   `MIN_DPI` and `MAX_DPI`), turned level (`pixels.deskew`).
2. Its rules and bands are found in the pixels (`pixels.read_drawing`); the rules are painted
   over and dark bands turned light before OCR, so no rule is read as `|`.
3. Tesseract reads the words with their boxes and confidence (`ocr.read_words`).
4. Words on one OCR line closer than `JOIN` of their height, with no rule between them, are
   one phrase: their letters are laid over their boxes and the white between two words of a
   phrase is drawn as one space. A phrase ends where the white is wider: the engine's own
   rules then part two cells' texts as they part a born-digital page's.

The words and their confidence are kept (`Scan`) for the audit: a cell holding a word read
with low confidence is marked.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import BBox, Scan, ScanWord

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
JOIN = 1.25
"""Words on an OCR line apart by less than this share of their height are one phrase (a word
space is about a third of a letter's height; two cells' texts stand further apart)."""
PSM = 6
"""Tesseract's page segmentation: one block of text (its lines run across the table's
columns, each word with its own box)."""


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


def picture_dpi(page: Any) -> float:
    """The resolution of a page's largest picture, kept within MIN_DPI and MAX_DPI."""
    best = 0.0
    for image in page.images:
        width_pt = float(image["x1"]) - float(image["x0"])
        size = image.get("srcsize") or (0, 0)
        if width_pt > 0 and size[0]:
            best = max(best, float(size[0]) / (width_pt / 72.0))
    return min(MAX_DPI, max(MIN_DPI, best)) if best else DEFAULT_DPI


def render(path: Path, number: int, dpi: float) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """Page `number` rendered in grey at `dpi` by PDFium."""
    import numpy as np
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[number - 1]
        try:
            bitmap = page.render(scale=dpi / 72.0, grayscale=True)
            return np.asarray(bitmap.to_pil().convert("L")).copy()
        finally:
            page.close()
    finally:
        pdf.close()


def read_scan(
    path: Path, number: int, dpi: float, phrase_gap: float
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]], Scan]:
    """A scanned page's characters and drawing objects (rules and bands as rectangles), in
    points of the level page, and how it was read."""
    from .ocr import read_words
    from .pixels import clean, deskew, paper_level, read_drawing

    grey = render(path, number, dpi)
    paper = paper_level(grey)
    level, angle = deskew(grey, paper)
    drawing = read_drawing(level, dpi, paper)
    words = read_words(clean(level, drawing, paper, dpi), dpi, PSM)
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
    )
    return chars, {"line": [], "rect": rects, "curve": []}, scan


def join_words(words: Sequence[Word], vrules: Sequence[Segment], least: float) -> list[list[Word]]:
    """The words of each OCR line joined into phrases: a word joins the one before where the
    white between them is under `JOIN` of their height (and under `least` pixels, the engine's
    own phrase gap, at most twice that) and no vertical rule stands in it."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    phrases: list[list[Word]] = []
    for line in lines.values():
        line.sort(key=lambda w: w.x0)
        height = statistics.median(w.bottom - w.top for w in line)
        gap = max(least, JOIN * height)
        for w in line:
            last = phrases[-1][-1] if phrases and phrases[-1][-1].line == w.line else None
            if last is not None and w.x0 - last.x1 <= gap and not _ruled(last, w, vrules):
                phrases[-1].append(w)
            else:
                phrases.append([w])
    return phrases


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
        "fontname": "OCR",
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
