"""Tesseract, run as a program on a page's picture: its words with their boxes, lines and
confidence.

The program is called directly with its hOCR output (`tesseract stdin stdout ... hocr`), the
picture handed on its standard input as PNG: the few lines a wrapper such as pytesseract would
add are these, and the call keeps its own time limit (`OCR_SECONDS` a call).
Debian's packages `tesseract-ocr` and `tesseract-ocr-ita` provide the program and the Italian
model.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from pdztables.errors import InputError

from .models import PSM

LANGUAGES = ("ita",)
"""The models used, the first one required. Italian alone: with English beside it, tesseract
read `Poverta` for `Povertà` on half the accented words of the samples' scans."""
OCR_SECONDS = 120
"""A page's OCR is stopped past this (a 300 dpi page takes 3 to 8 seconds here)."""
INSTALL = "apt install tesseract-ocr tesseract-ocr-ita"


class OcrTimeout(Exception):
    """tesseract ran past `OCR_SECONDS` on a picture (and was stopped)."""


@dataclass(frozen=True)
class Word:
    """A word tesseract read, in pixels of the picture it read."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    conf: float
    """Tesseract's confidence, 0 to 100."""
    line: int
    """The number of its OCR line on the page."""


@cache
def languages() -> str | None:
    """The `-l` argument for the installed models; None when tesseract or its Italian model
    is missing."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    have = set(done.stdout.split())
    if LANGUAGES[0] not in have:
        return None
    return "+".join(lang for lang in LANGUAGES if lang in have)


def missing(where: str) -> InputError:
    """The error for a scan read where tesseract (or its Italian model) is not installed."""
    return InputError(
        f"{where} has no text layer (a scan), and tesseract with its Italian model, which "
        f"reads it by OCR, is not installed: install it (`{INSTALL}`) and try again"
    )


def read_words(grey: NDArray[np.uint8], dpi: float, psm: int) -> list[Word]:
    """The words tesseract reads in a grey picture at `dpi`, with page segmentation `psm`
    (6: one block of text, its lines across the page; 11: sparse text, found anywhere)."""
    langs = languages()
    if langs is None:
        raise missing("the page")
    buffer = io.BytesIO()
    Image.fromarray(grey).save(buffer, "PNG", compress_level=1)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # pages run side by side, one core each
    command = ["tesseract", "stdin", "stdout", "--dpi", str(int(dpi)), "-l", langs]
    command += ["--psm", str(psm), "hocr"]
    try:
        done = subprocess.run(
            command,
            input=buffer.getvalue(),
            capture_output=True,
            timeout=OCR_SECONDS,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OcrTimeout() from None
    except OSError as exc:  # found by `languages`, then gone or not runnable
        raise InputError(f"tesseract could not be run ({exc}); reinstall it: {INSTALL}") from None
    detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if done.returncode != 0:
        raise InputError(f"tesseract failed on a page: {detail[-1] if detail else done.returncode}")
    try:
        return parse_hocr(done.stdout.decode("utf-8", "replace"))
    except SyntaxError:  # ElementTree's ParseError: output that is no hOCR
        raise InputError("tesseract gave output that does not read as hOCR") from None


REREAD_BELOW = 60.0
"""Words read with less confidence than this are read again, each on its own."""
REREAD_PAD = 1 / 30
"""Inches of the page kept around a word read again."""
REREAD_GAP = 1 / 8
"""Inches of white between two words read again (each its own line for tesseract)."""


def reread(grey: NDArray[np.uint8], words: list[Word], dpi: float) -> list[Word]:
    """The words, those read with low confidence read again apart from their neighbours
    (`read_patches`); a word read again with more confidence takes its new text. A letter
    alone in a cell (`1` read as `L` beside a column of words) reads right once nothing stands
    beside it."""
    low = [i for i, w in enumerate(words) if w.conf < REREAD_BELOW]
    if not low:
        return words
    boxes = [(words[i].x0, words[i].top, words[i].x1, words[i].bottom) for i in low]
    out = list(words)
    for i, found in zip(low, read_patches(grey, boxes, dpi), strict=True):
        if len(found) != 1 or found[0].conf <= words[i].conf:
            continue
        text = found[0].text
        # two readings that disagree keep the doubt of the first: the cell is still marked
        conf = found[0].conf if text == words[i].text else words[i].conf
        out[i] = replace(words[i], text=text, conf=conf)
    return out


def read_patches(
    grey: NDArray[np.uint8], boxes: list[tuple[int, int, int, int]], dpi: float
) -> list[list[Word]]:
    """The words tesseract reads in each box of the picture read on its own: each box's patch
    (with `REREAD_PAD` around it) set on a line of its own in strips of white under
    `STRIP_PIXELS`, which tesseract reads a call each."""
    pad, gap = max(2, round(REREAD_PAD * dpi)), max(8, round(REREAD_GAP * dpi))
    patches = []
    for x0, top, x1, bottom in boxes:
        patches.append(grey[max(0, top - pad) : bottom + pad, max(0, x0 - pad) : x1 + pad])
    out: list[list[Word]] = []
    start = 0
    while start < len(patches):  # strips tesseract takes (at most STRIP_PIXELS tall)
        end, height = start, gap
        while end < len(patches) and (
            end == start or height + patches[end].shape[0] + gap <= STRIP_PIXELS
        ):
            height += patches[end].shape[0] + gap
            end += 1
        out.extend(_read_strip(patches[start:end], gap, dpi))
        start = end
    return out


STRIP_PIXELS = 30_000
"""The tallest strip of words read again (tesseract takes pictures up to 32,767 pixels a side)."""


def _read_strip(patches: list[NDArray[np.uint8]], gap: int, dpi: float) -> list[list[Word]]:
    """The words read in each patch, the patches set one under another in a strip of white;
    none where tesseract fails on the strip (the first readings then stand)."""
    width = min(STRIP_PIXELS, max(p.shape[1] for p in patches) + 2 * gap)
    height = sum(p.shape[0] + gap for p in patches) + gap
    strip = np.full((height, width), 255, dtype=np.uint8)
    spans, y = [], gap
    for patch in patches:
        part = patch[:, : width - gap]
        strip[y : y + part.shape[0], gap : gap + part.shape[1]] = part
        spans.append((y, y + part.shape[0]))
        y += part.shape[0] + gap
    try:
        again = read_words(strip, dpi, PSM)
    except InputError:
        return [[] for _ in patches]
    return [
        sorted((w for w in again if a <= (w.top + w.bottom) / 2 <= b), key=lambda w: w.x0)
        for a, b in spans
    ]


_XHTML = "{http://www.w3.org/1999/xhtml}"
_BOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_CONF = re.compile(r"x_wconf (-?[\d.]+)")


def parse_hocr(hocr: str) -> list[Word]:
    """The words of tesseract's hOCR output, each with its line."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(hocr)
    words = []
    kinds = ("ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat")
    lines = (e for e in root.iter(f"{_XHTML}span") if e.get("class") in kinds)
    for number, line in enumerate(lines):
        for span in line:
            if span.get("class") != "ocrx_word":
                continue
            title = span.get("title", "")
            box, conf = _BOX.search(title), _CONF.search(title)
            text = "".join(part.strip() for part in span.itertext())  # a word has no space
            if box is None or not text:
                continue
            x0, top, x1, bottom = (int(v) for v in box.groups())
            score = float(conf.group(1)) if conf else 0.0
            words.append(Word(text, x0, top, x1, bottom, score, number))
    return words
