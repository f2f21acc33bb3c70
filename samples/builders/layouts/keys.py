"""Where a producer put each row: the page of its key, found in the PDF with pdfplumber alone.

Word processors, spreadsheets and browsers choose the page breaks themselves, so the golden
`pagina` of their samples is read back from the PDF: the key column is the leftmost column of
digit-only words (keys are left-aligned), and the keys 1, 2, 3... are dealt out, in reading
order, to the digit words found there; a key drawn one digit a line (`1` over `3`) is read
from its digits. Nothing of the pipeline is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


def key_pages(pdf_path: Path, keys: Sequence[str]) -> dict[int, int]:
    """For each key (by its index in `keys`), the page where it is drawn."""
    import pdfplumber

    tokens: list[tuple[int, float, float, str]] = []  # page, top, bottom, text
    with pdfplumber.open(pdf_path) as pdf:
        words_by_page = [
            (n, page.extract_words(x_tolerance=1.5)) for n, page in enumerate(pdf.pages, 1)
        ]
    digits = [(n, w) for n, ws in words_by_page for w in ws if w["text"].isdigit()]
    left = _key_column(digits)
    for n, w in digits:
        if abs(float(w["x0"]) - left) <= 2.0:
            tokens.append((n, float(w["top"]), float(w["bottom"]), str(w["text"])))
    tokens.sort()
    return _deal(tokens, keys)


def _key_column(digits: Sequence[tuple[int, dict[str, Any]]]) -> float:
    """The left end of the key column: the leftmost x where many digit words start."""
    starts = sorted(round(float(w["x0"]), 0) for _, w in digits)
    counts: dict[float, int] = {}
    for x in starts:
        counts[x] = counts.get(x, 0) + 1
    busy = [x for x, c in counts.items() if c >= 3]
    if not busy:
        raise SystemExit("keys: no column of numbers found")
    return min(busy)


def _deal(tokens: Sequence[tuple[int, float, float, str]], keys: Sequence[str]) -> dict[int, int]:
    pages: dict[int, int] = {}
    k = 0
    i = 0
    while k < len(keys) and i < len(tokens):
        want = keys[k]
        page, _, _, text = tokens[i]
        if text == want:
            pages[k] = page
            k, i = k + 1, i + 1
            continue
        if want.startswith(text):  # drawn a digit (or two) a line
            got, j = text, i + 1
            while j < len(tokens) and len(got) < len(want) and want.startswith(got + tokens[j][3]):
                got += tokens[j][3]
                j += 1
            if got == want:
                pages[k] = page
                k, i = k + 1, j
                continue
        i += 1  # a number that is not the next key (a running footer's page number)
    if k < len(keys):
        raise SystemExit(f"keys: key {keys[k]!r} not found in {len(tokens)} key words")
    return pages
