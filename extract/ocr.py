"""Tesseract, run as a program on a page's picture: its words with their boxes and confidence.

The program is called directly with its TSV output (`tesseract stdin stdout ... tsv`), the
picture handed on its standard input as PNG: the few lines a wrapper such as pytesseract
would add are these, and the call keeps its own time limit. Debian's packages
`tesseract-ocr` and `tesseract-ocr-ita` provide the program and the Italian model.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
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
    line: tuple[int, int, int]
    """Its block, paragraph and line numbers."""


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
        f"{where} has no text layer (a scan) and tesseract with its Italian model is not "
        f"installed: install it (`{INSTALL}`) and try again"
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
    command += ["--psm", str(psm), "tsv"]
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
        raise InputError(f"tesseract took more than {OCR_SECONDS} s on a page") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"tesseract failed: {detail[-1] if detail else done.returncode}")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> list[Word]:
    """The words of tesseract's TSV output (level 5 rows with some text)."""
    words = []
    for row in tsv.splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        block, par, line = (int(v) for v in parts[2:5])
        left, top, width, height = (int(v) for v in parts[6:10])
        words.append(
            Word(
                parts[11].strip(),
                left,
                top,
                left + width,
                top + height,
                float(parts[10]),
                (block, par, line),
            )
        )
    return words
