"""Tesseract, run as a program on a page's picture: its words with their boxes, their letters'
boxes and their confidence.

The program is called directly with its hOCR output and letter boxes (`tesseract stdin stdout
... -c hocr_char_boxes=1 hocr`), the picture handed on its standard input as PNG: the few lines
a wrapper such as pytesseract would add are these, and the call keeps its own time limit.
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
    letters: tuple[tuple[float, float], ...] = ()
    """Where OCR put each letter along the line (approximate: the boxes may overlap)."""


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
    command += ["--psm", str(psm), "-c", "hocr_char_boxes=1", "hocr"]
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
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"tesseract failed: {detail[-1] if detail else done.returncode}")
    return parse_hocr(done.stdout.decode("utf-8", "replace"))


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
        if len(found) != 1:
            continue
        text, conf = found[0].text, found[0].conf
        if conf > words[i].conf:
            out[i] = replace(words[i], text=text, conf=conf, letters=())
    return out


def read_patches(
    grey: NDArray[np.uint8], boxes: list[tuple[int, int, int, int]], dpi: float
) -> list[list[Word]]:
    """The words tesseract reads in each box of the picture read on its own: each box's patch
    (with `REREAD_PAD` around it) set on a line of its own in one strip of white, which
    tesseract reads in one call."""
    if not boxes:
        return []
    pad, gap = max(2, round(REREAD_PAD * dpi)), max(8, round(REREAD_GAP * dpi))
    patches = []
    for x0, top, x1, bottom in boxes:
        patches.append(grey[max(0, top - pad) : bottom + pad, max(0, x0 - pad) : x1 + pad])
    width = max(p.shape[1] for p in patches) + 2 * gap
    height = sum(p.shape[0] + gap for p in patches) + gap
    strip = np.full((height, width), 255, dtype=np.uint8)
    spans, y = [], gap
    for patch in patches:
        strip[y : y + patch.shape[0], gap : gap + patch.shape[1]] = patch
        spans.append((y, y + patch.shape[0]))
        y += patch.shape[0] + gap
    again = read_words(strip, dpi, 6)
    return [
        sorted((w for w in again if a <= (w.top + w.bottom) / 2 <= b), key=lambda w: w.x0)
        for a, b in spans
    ]


_XHTML = "{http://www.w3.org/1999/xhtml}"
_BOX = re.compile(r"(?:bbox|x_bboxes) (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_CONF = re.compile(r"x_wconf (-?[\d.]+)")


def parse_hocr(hocr: str) -> list[Word]:
    """The words of tesseract's hOCR output, with their letters' places."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(hocr)
    words = []
    for number, line in enumerate(
        e
        for e in root.iter(f"{_XHTML}span")
        if e.get("class") in ("ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat")
    ):
        for span in line:
            if span.get("class") != "ocrx_word":
                continue
            title = span.get("title", "")
            box, conf = _BOX.search(title), _CONF.search(title)
            letters = [c for c in span if c.get("class") == "ocrx_cinfo" and c.text]
            text = "".join(c.text or "" for c in letters) or "".join(span.itertext())
            if box is None or not text.strip():
                continue
            x0, top, x1, bottom = (int(v) for v in box.groups())
            places = []
            for c in letters:
                found = _BOX.search(c.get("title", ""))
                if found is not None:
                    a, _, b, _ = (int(v) for v in found.groups())
                    places.extend([(float(a), float(b))] * len(c.text or ""))
            words.append(
                Word(
                    text.strip(),
                    x0,
                    top,
                    x1,
                    bottom,
                    float(conf.group(1)) if conf else 0.0,
                    number,
                    tuple(places) if len(places) == len(text.strip()) else (),
                )
            )
    return words
