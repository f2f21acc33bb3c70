"""Read the indicator table's parts from the pages of a PDF.

Every call into pdfplumber goes through `open_pdf` or `load_page` (see `pdf.py`, the library
boundary), whose failures become "the PDF is damaged"; an exception raised by the project's own
code is not caught here: it is a bug, and the CLI says so.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from pdfplumber.pdf import PDF

from pdztables.errors import InputError, PageRangeError, plural
from pdztables.isolate import cores
from pdztables.schemas.profile import Profile

from .budget import LOAD_SECONDS, GivenUp, OverBudget, allowance, engine_seconds
from .evidence import page_evidence
from .graphics import Graphics
from .models import Evidence, Extraction, PageTable, Scan, Screened, Skipped
from .pagedata import PageData, Pages, page_content, still_headers
from .pdf import open_pdf
from .primitives import Line
from .readpage import Carry, carry_free, find_headers, read_page
from .scanned import is_scan
from .screen import reader_numbers, screen

log = logging.getLogger("pdztables.reader")


class Progress(Protocol):
    """Receives the page numbers as screening and extraction go."""

    def screened(self, page: int, total: int) -> None:
        """A page's text was screened."""

    def extracted(self, page: int, done: int, total: int) -> None:
        """A page's tables were extracted: `done` pages of the `total` being read so far (the
        total grows when a table goes on over a page)."""


def parse_pages(spec: str, page_count: int) -> tuple[int, ...]:
    """Page numbers (1-based) from a spec such as `3-5`, `7`, or `2,4-6`."""
    pages: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        lo_s, sep, hi_s = part.partition("-")
        try:
            lo = int(lo_s)
            hi = int(hi_s) if sep else lo
        except ValueError:
            raise PageRangeError(spec, "not a page range; write it like 3-5 or 2,4-6") from None
        if lo < 1 or hi < lo:
            raise PageRangeError(spec, "pages count from 1 and ranges go upwards")
        if hi > page_count:
            raise PageRangeError(spec, f"the document has only {plural(page_count, 'page')}")
        pages.extend(range(lo, hi + 1))
    return tuple(dict.fromkeys(pages))


def extract_tables(
    path: Path,
    profile: Profile,
    pages: str | None = None,
    progress: Progress | None = None,
) -> Extraction:
    """The indicator table's parts on the pages of a PDF, with their cells' boxes.

    Without `pages`, every page's text is screened for the table's header first, and the
    layout engine reads only the pages screened in and the pages a table continues onto.
    """
    with open_pdf(path) as pdf:
        page_count = len(pdf.pages)
        tree: tuple[int, int] | None = None
        ocr_screened = 0
        if pages is not None:
            chosen = parse_pages(pages, page_count)
            queue = {n: Screened(n, "pages", detail=pages) for n in chosen}
            follow = False
        else:
            screened, any_text, seen = screen(
                path, profile, progress.screened if progress is not None else None
            )
            queue = {s.page: s for s in screened}
            follow = True
            tree = (seen, page_count) if seen != page_count else None
            if tree is not None:
                queue = _renumbered(path, screened, page_count, seen)
            elif not any_text:  # a scan: its pages screened by OCR
                queue, ocr_screened = _screen_scans(path, pdf, profile, progress)
        from .pages import read_pages  # it reads pages with this module's Reading

        reading = Reading(path, pdf, page_count, queue, follow, profile)
        # pictures are read by OCR where the document is a scan or the pages were chosen
        reading.loader.ocr = not follow or bool(ocr_screened)
        first = min(queue, default=page_count + 1)
        reads = read_pages(reading, first, progress, len(queue))
    any_text = any(r.has_text for r in reads)
    if not follow and not any_text:
        raise no_text(path, tuple(queue))
    screened_in = [
        queue.get(r.number) or Screened(r.number, "continues", detail=str(r.number - 1))
        for r in reads
    ]
    tables = [t for r in reads for t in r.tables]
    header = next((t.header for t in tables if t.header is not None), None)
    return Extraction(
        source=str(path),
        page_count=page_count,
        pages_read=tuple(r.number for r in reads),
        tables=tuple(tables),
        screened=tuple(screened_in),
        header=header,
        evidence=tuple(r.evidence for r in reads if r.evidence is not None),
        skipped=tuple(s for r in reads for s in r.skipped),
        page_tree=tree,
        given_up=tuple(r.given_up for r in reads if r.given_up is not None),
        turned=tuple((r.number, r.turn) for r in reads if r.turn),
        scans=tuple(r.scan for r in reads if r.scan is not None),
        ocr_screened=ocr_screened,
    )


@dataclass(frozen=True)
class PageRead:
    """One page read: its tables, what it hands to the next page, and what the reading of the
    pages in parallel checks."""

    number: int
    tables: tuple[PageTable, ...]
    carry: Carry | None
    has_text: bool
    carry_free: bool
    """Whether the page reads the same whatever the page before hands it."""
    evidence: Evidence | None = None
    """The page as the audit reads it."""
    skipped: tuple[Skipped, ...] = ()
    """Its running heads and feet, left out."""
    given_up: GivenUp | None = None
    """Why the page was given up (its reading ran past its allowance), if it was."""
    turn: int = 0
    """Degrees clockwise the page was turned to be read (`turn`): its text ran up or down."""
    scan: Scan | None = None
    """How the page was read from its picture, where it has no text layer."""


class Reading:
    """The reading of a PDF's pages in order, the same in one process or split among several.

    A page is read when it was chosen (screened in, or asked for), or, `follow`ing, when the
    table of the page before goes on onto it. A page is read from its own and its neighbours'
    contents (their running heads and feet) and from what the page before hands it, nothing
    else, so that a span of pages read anywhere reads as it would in one pass.
    """

    def __init__(
        self,
        path: Path,
        pdf: PDF,
        page_count: int,
        chosen: Collection[int],
        follow: bool,
        profile: Profile,
    ) -> None:
        self.path, self.page_count, self.follow = path, page_count, follow
        self.chosen = frozenset(chosen)
        self.profile, self.settings = profile, profile.layout
        self.loader = Pages(path, pdf, profile.layout)

    def reads(self, number: int, carry: Carry | None) -> bool:
        """Whether page `number` is read when the page before hands it `carry`."""
        return number in self.chosen or (self.follow and carry is not None)

    def page(self, number: int, carry: Carry | None) -> PageRead:
        """Read one page, given what the page before hands it; a page whose reading runs past
        its allowance (see `budget`) is given up: no tables, and it hands on what it was handed."""
        try:
            data, lines, graphics = self.loader.get(number)
            # the neighbours are loaded first, each with its own allowance (none if given up)
            around = [
                n
                for n in (number - 1, number + 1)
                if 1 <= n <= self.page_count and (self.follow or n in self.chosen)
            ]
            neighbours = [m for n in around if (m := self.loader.margins(n)) is not None]
            with allowance(number, "tables", engine_seconds(data.items)):
                got = self._page(number, carry, (data, lines, graphics), neighbours)
            if data.scan is not None and keyless(got, carry) > KEYLESS:
                got = self._sparse(number, carry, neighbours, got)
            return got
        except OverBudget as exc:
            self.loader.reset(number)
            self.loader.forget_before(number)
            # the table may go on through the page: the next page is read as going on with
            # what this page was handed
            return PageRead(number, (), carry, True, False, given_up=exc.given_up)

    def _sparse(
        self, number: int, carry: Carry | None, neighbours: list[list[Line]], got: PageRead
    ) -> PageRead:
        """A scanned page whose tables came back with most key cells empty, read again with
        OCR looking for sparse text (`SPARSE_PSM`: a column of lone numbers that reading the
        page as one block of text lost); the reading with fewer empty key cells is kept."""
        try:
            with allowance(number, "load", LOAD_SECONDS):
                again = self.loader.reread(number, SPARSE_PSM)
            with allowance(number, "tables", engine_seconds(again[0].items)):
                other = self._page(number, carry, again, neighbours)
        except OverBudget:  # the first reading stands
            return got
        before, after = keyless(got, carry), keyless(other, carry)
        log.info(
            "page %d: read again as sparse text: key cells empty %.0f%% -> %.0f%%",
            number,
            100 * before,
            100 * after,
        )
        if after >= before:
            return got
        self.loader.keep(number, again)
        return other

    def _page(
        self,
        number: int,
        carry: Carry | None,
        loaded: tuple[PageData, list[Line], Graphics],
        neighbours: list[list[Line]],
    ) -> PageRead:
        settings, profile, loader = self.settings, self.profile, self.loader
        data, lines, graphics = loaded
        if data.scan is not None:  # headers as OCR reads them
            profile = profile.for_scans()
        headers = find_headers(number, lines, graphics, profile, settings)
        content = page_content(data, lines, graphics, neighbours, settings, headers)
        if not still_headers(lines, content.lines, settings):
            headers = find_headers(number, content.lines, graphics, profile, settings)
        if data.scan is not None:
            headers = [replace(h, ocr=True) for h in headers]
        found, out = read_page(content, data.grids, profile, carry, settings, headers)
        loader.forget_before(number)
        free = carry_free(content, headers)
        skipped = tuple(Skipped(number, ln.box, "running", ln.text) for ln in content.running)
        seen = page_evidence(number, data.chars, data.objects)
        return PageRead(
            number,
            tuple(found),
            out,
            data.has_text or data.scan is not None,  # a scan was read, whatever OCR found
            free,
            seen,
            skipped,
            turn=data.turn,
            scan=data.scan,
        )

    def span(self, first: int, last: int, carry: Carry | None) -> Iterator[PageRead]:
        """The pages read from `first` to `last`, given what the page before `first` hands on."""
        for number in range(first, last + 1):
            if not self.reads(number, carry):
                carry = None
                continue
            got = self.page(number, carry)
            carry = got.carry
            yield got


KEYLESS = 0.5
"""A scanned page whose table rows have their key cell empty more often than this is read
again as sparse text (`Reading._sparse`)."""
SPARSE_PSM = 11
"""Tesseract's page segmentation for sparse text: every piece of text found wherever it
stands, a lone number in a cell as much as a line of words."""


def keyless(read: PageRead, carry: Carry | None) -> float:
    """The share of a page's table body rows whose key cell is empty (tables whose header,
    their own or the one handed on, names a key column of theirs)."""
    rows = empty = 0
    for table in read.tables:
        header = table.header or (carry.header if carry is not None else None)
        if header is None or header.key is None or table.n_cols != len(header.parts):
            continue
        for r in range(table.n_rows):
            if table.kind(r) == "body":
                cell = table.grid(r, header.key)
                rows += 1
                empty += cell is None or not cell.text.strip()
    return empty / rows if rows else 0.0


def after(reads: Sequence[PageRead], last: int) -> Carry | None:
    """What the page `last` hands on, given the pages read up to it."""
    return reads[-1].carry if reads and reads[-1].number == last else None


def _renumbered(
    path: Path, screened: Sequence[Screened], page_count: int, seen: int
) -> dict[int, Screened]:
    """The pages to read where a damaged page tree (a page listed again) is numbered one way by
    the screening library and another by the reader: the screened pages in the reader's
    numbers where the pages' texts tell them apart, else every page."""
    mapping = reader_numbers(path, page_count)
    how = "renumbered by their texts" if mapping is not None else "every page was read"
    log.warning(
        "the page tree lists %s to the screening library and %s to the reader (a damaged "
        "page tree): %s",
        plural(seen, "page"),
        plural(page_count, "page"),
        how,
    )
    if mapping is None:
        every = f"1-{page_count}"
        return {n: Screened(n, "pages", detail=every) for n in range(1, page_count + 1)}
    return {mapping[s.page]: replace(s, page=mapping[s.page]) for s in screened}


def _screen_scans(
    path: Path, pdf: PDF, profile: Profile, progress: Progress | None
) -> tuple[dict[int, Screened], int]:
    """The pages of a PDF with no text layer (a scan) whose OCR at low resolution holds the
    table's header, and how many pages were screened so; an error where tesseract is not
    installed or no page is a picture."""
    from . import screen
    from .ocr import languages, missing
    from .scanned import screen_scans

    page_count = len(pdf.pages)
    pictures = [n for n in range(1, page_count + 1) if is_scan(pdf.pages[n - 1])]
    if not pictures:
        raise no_text(path, tuple(range(1, page_count + 1)))
    if languages() is None:
        raise missing(str(path))
    finder = screen.header_finder(profile)
    seen = screen_scans(
        path,
        pictures,
        lambda text: screen.columns_seen(text, finder),
        screen.MAX_WORKERS or cores(),
        progress.screened if progress is not None else None,
    )
    found = {
        n: Screened(n, "header", columns)
        for n, columns in seen.items()
        if len(columns) >= screen.MIN_COLUMNS
    }
    return found, len(pictures)


def no_text(path: Path, pages: Sequence[int]) -> InputError:
    """The error for pages with neither text nor a picture of it to read by OCR."""
    return InputError(
        f"{path}: no text layer and no picture of a page on {_span(pages)}: nothing to read "
        "(text drawn as outlines? export the PDF again with its text, or print it to a "
        "picture to be read by OCR)"
    )


def _span(pages: Sequence[int]) -> str:
    return f"pages {pages[0]}-{pages[-1]}" if len(pages) > 1 else f"page {pages[0]}"
