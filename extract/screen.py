"""Screen every page fast, from its text alone, for the indicator table's header.

pdfplumber's table finder costs about 90 ms a page; pypdfium2 reads a page's text in about
2 ms. Screening keeps the table finder for the pages whose text holds at least
`MIN_COLUMNS` of the profile's header words close together (a header row), and the
extraction then follows a table onto the pages after it.

Limitations: a header whose words are drawn as images or outlines is not seen; a page of
prose that names several column headers in one sentence is screened in (and then dropped,
as no table is found on it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdfium2 as pdfium

from pdztables.schemas.profile import Profile, header_key

from .models import Screened

MIN_COLUMNS = 3
# Header words farther apart than this, in letters and digits of the page's text, are taken
# for words of a text rather than cells of one header row.
WINDOW = 400
MIN_KEY = 5


def header_finders(profile: Profile) -> list[tuple[str, re.Pattern[str]]]:
    """For each canonical column, one regular expression finding its headers in page text."""
    finders = []
    for col in profile.columns:
        alternatives = [
            re.escape(k) for k in {header_key(h) for h in col.headers} if len(k) >= MIN_KEY
        ]
        alternatives += [_unanchored(p.pattern) for p in col.patterns]
        if alternatives:
            finders.append((col.name, re.compile("|".join(f"(?:{a})" for a in alternatives))))
    return finders


def _unanchored(pattern: str) -> str:
    """A full-match pattern made fit for searching inside a longer text."""
    bare = pattern.removeprefix("^").removesuffix("$")
    return re.sub(r"\(\?P<\w+>", "(?:", bare)


def header_columns(text: str, finders: list[tuple[str, re.Pattern[str]]]) -> tuple[str, ...]:
    """The canonical columns whose headers stand close together somewhere in a page's text."""
    key = header_key(text)
    hits = sorted((m.start(), name) for name, finder in finders for m in finder.finditer(key))
    best: tuple[str, ...] = ()
    lo = 0
    for hi in range(len(hits)):
        while hits[hi][0] - hits[lo][0] > WINDOW:
            lo += 1
        names = tuple(dict.fromkeys(name for _, name in hits[lo : hi + 1]))
        if len(names) > len(best):
            best = names
    return best


def page_texts(path: Path) -> Iterator[tuple[int, str]]:
    """The page count and the text of every page, in order, read with pypdfium2."""
    pdf = pdfium.PdfDocument(path)
    try:
        total = len(pdf)
        for i in range(total):
            page = pdf[i]
            textpage = page.get_textpage()
            try:
                yield total, textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()


def screen(
    path: Path, profile: Profile, progress: Callable[[int, int], None] | None = None
) -> tuple[list[Screened], bool]:
    """The pages whose text holds the indicator table's header; and whether any page has text."""
    finders = header_finders(profile)
    found = []
    any_text = False
    for number, (total, text) in enumerate(page_texts(path), 1):
        any_text = any_text or bool(text.strip())
        columns = header_columns(text, finders)
        if len(columns) >= MIN_COLUMNS:
            found.append(Screened(number, "header", columns))
        if progress is not None:
            progress(number, total)
    return found, any_text
