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

import multiprocessing as mp
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from pdztables.errors import InputError
from pdztables.isolate import cores, end_with_parent
from pdztables.schemas.profile import Profile, header_key

from .models import Screened
from .pdf import check_file, guarded

MIN_COLUMNS = 3
# Header words farther apart than this, in letters and digits of the page's text, are taken
# for words of a text rather than cells of one header row.
WINDOW = 400
MIN_KEY = 5
# Pages screened per task, and the page count from which worker processes pay off.
CHUNK = 25
SCREEN_PARALLEL_FROM = 100


@dataclass(frozen=True)
class Finder:
    """Finds the profile's headers in the letters and digits of a page's text."""

    pattern: re.Pattern[str]
    names: dict[str, str]
    """Named group -> canonical column."""
    anchors: tuple[tuple[str, ...], ...]
    """Per column, literal pieces one of which any of its headers contains."""

    def could_hold_header(self, key: str) -> bool:
        """A quick test (plain substring search) that rules most pages out."""
        found = sum(1 for pieces in self.anchors if any(p in key for p in pieces))
        return found >= MIN_COLUMNS


def header_finder(profile: Profile) -> Finder:
    """One regular expression that finds every column's headers in page text, in one pass."""
    parts, names, anchors = [], {}, []
    for i, col in enumerate(profile.columns):
        keys = sorted(k for k in {header_key(h) for h in col.headers} if len(k) >= MIN_KEY)
        patterns = [_unanchored(p.pattern) for p in col.patterns]
        if not keys and not patterns:
            continue
        group = f"c{i}"
        names[group] = col.name
        parts.append(f"(?P<{group}>" + "|".join([*map(re.escape, keys), *patterns]) + ")")
        anchors.append(tuple(keys) + tuple(_literal_prefix(p) for p in patterns))
    return Finder(re.compile("|".join(parts)), names, tuple(anchors))


def _literal_prefix(pattern: str) -> str:
    """The letters a pattern starts with, before its first special character."""
    match = re.match(r"[a-z0-9]*", pattern)
    return match.group() if match else ""


def _unanchored(pattern: str) -> str:
    """A full-match pattern made fit for searching inside a longer text."""
    bare = pattern.removeprefix("^").removesuffix("$")
    return re.sub(r"\(\?P<\w+>", "(?:", bare)


def columns_seen(text: str, finder: Finder) -> tuple[str, ...]:
    """The canonical columns whose headers stand close together somewhere in a page's text."""
    key = header_key(text)
    if not finder.could_hold_header(key):
        return ()
    hits = [(m.start(), finder.names[m.lastgroup or ""]) for m in finder.pattern.finditer(key)]
    best: tuple[str, ...] = ()
    lo = 0
    for hi in range(len(hits)):
        while hits[hi][0] - hits[lo][0] > WINDOW:
            lo += 1
        seen = tuple(dict.fromkeys(name for _, name in hits[lo : hi + 1]))
        if len(seen) > len(best):
            best = seen
    return best


def page_count(path: Path) -> int:
    """How many pages a PDF has, read with pypdfium2."""
    pdf = guarded(path, lambda: pdfium.PdfDocument(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def page_texts(path: Path, first: int = 1, last: int | None = None) -> Iterator[tuple[int, str]]:
    """The number and text of every page from `first` to `last` (1-based), with pypdfium2; a
    page too large to lay out (`oversized`) gives `OVERSIZED` without being loaded."""
    pdf = guarded(path, lambda: pdfium.PdfDocument(path))
    try:
        end = len(pdf) if last is None else last
        skip = oversized(path, first, end, len(pdf))
        for i in range(first - 1, end):
            yield i + 1, OVERSIZED if i + 1 in skip else guarded(path, partial(_text, pdf, i))
    finally:
        pdf.close()


def oversized(path: Path, first: int, last: int, count: int) -> set[int]:
    """The pages from `first` to `last` whose drawing instructions, as stored (compressed, a
    stream listed again counted again), pass the reader's `PAGE_CONTENT`: PDFium would take
    gigabytes and seconds only to load such a page (the largest real page here stores 0.12
    MB). Read with playa, which sees the stream lengths without decoding them; none where
    playa cannot read the file or counts its pages otherwise (a damaged page tree)."""
    from .budget import PAGE_CONTENT

    try:
        stat = path.stat()
    except OSError:
        return set()
    stored = _stored(str(path), stat.st_size, stat.st_mtime_ns, count)
    limit = PAGE_CONTENT * 2**20
    return {n for n in range(first, min(last, len(stored)) + 1) if stored[n - 1] > limit}


@lru_cache(maxsize=4)
def _stored(path: str, size: int, mtime: int, count: int) -> tuple[int, ...]:
    """Every page's drawing instructions as stored, in bytes; () where playa cannot read the
    file or counts its pages otherwise. Read once for a file in a process (screening reads a
    document in chunks, and walking the page tree costs as much as the lengths of all pages);
    `size` and `mtime` tell a file changed since."""
    import playa
    from playa.pdftypes import resolve1

    try:
        with playa.open(path) as doc:
            pages = doc.pages
            if len(pages) != count:
                return ()
            out = []
            for page in pages:
                contents = resolve1(page.attrs.get("Contents"))
                streams = contents if isinstance(contents, list) else [contents]
                out.append(sum(_length(resolve1(s)) for s in streams if s is not None))
            return tuple(out)
    except Exception:  # a file playa cannot read: PDFium's reading decides, as before
        return ()


def _length(stream: Any) -> int:
    """A stream's stored length (its /Length), 0 where it has none that reads."""
    from playa.pdftypes import resolve1

    try:
        length = resolve1(stream.attrs.get("Length", 0)) if hasattr(stream, "attrs") else 0
        return int(length) if isinstance(length, int | float) else 0
    except (TypeError, ValueError, OverflowError):  # a length that does not read, or infinite
        return 0


MAX_OBJECTS = 200_000
"""The drawn objects a page may hold for its text to be screened: a real page holds a few
thousand (the samples', ICDAR's and the peers' pages at most 3,701), a page whose contents are
listed thousands of times over near a million, whose text would take PDFium a gigabyte and
seconds to lay out. Such a page is left unscreened (taken as holding text); the reader gives
it up by its size if it is read."""


def _text(pdf: pdfium.PdfDocument, i: int) -> str:
    page = pdf[i]
    try:
        if pdfium.raw.FPDFPage_CountObjects(page.raw) > MAX_OBJECTS:
            return OVERSIZED
        textpage = page.get_textpage()
        try:
            return str(textpage.get_text_range())
        finally:
            textpage.close()
    finally:
        page.close()


OVERSIZED = "\x00"
"""The text given for a page with more than MAX_OBJECTS objects: no header, but text."""


def has_text_layer(path: Path) -> bool:
    """Whether any page of a PDF has text (read with pypdfium2, about 1.5 ms a page)."""
    return any(text.strip() for _, text in page_texts(path))


def reader_numbers(path: Path, count: int) -> dict[int, int] | None:
    """Where a damaged page tree lists a page again, the screening library's page numbers
    (which count every listing) mapped to the reader's (which skips a page already seen),
    told apart by the pages' texts: the pages in order with a text seen before left out. None
    when that does not give the reader's count (two pages of the same text, a blank page
    twice): the pages cannot be told apart."""
    first: dict[str, int] = {}
    mapping: dict[int, int] = {}
    for number, text in page_texts(path):
        if text not in first:
            first[text] = len(first) + 1
        mapping[number] = first[text]
    return mapping if len(first) == count else None


def screen_range(path: Path, finder: Finder, first: int, last: int) -> tuple[list[Screened], bool]:
    """Screen pages `first` to `last`: those holding the header; and whether any has text."""
    found = []
    any_text = False
    for number, text in page_texts(path, first, last):
        any_text = any_text or bool(text.strip())
        columns = columns_seen(text, finder)
        if len(columns) >= MIN_COLUMNS:
            found.append(Screened(number, "header", columns))
    return found, any_text


MAX_WORKERS: int | None = None
"""Worker processes screening may use: set by the command line's worker policy (one in a
batch, whose plans run side by side); every core when unset."""


@dataclass
class _Workers:
    """Pages being screened in worker processes: the chunks, in order, and their jobs."""

    pool: ProcessPoolExecutor
    chunks: list[tuple[int, int]]
    jobs: list[Future[tuple[list[Screened], bool]]]


_ahead: tuple[Path, Profile, _Workers] | None = None
"""A screening started ahead (`start`), for `screen` to take."""


def screen(
    path: Path, profile: Profile, progress: Callable[[int, int], None] | None = None
) -> tuple[list[Screened], bool, int]:
    """The pages whose text holds the indicator table's header; whether any page has text; and
    how many pages pypdfium2 counts (a damaged page tree may count others than the reader).

    A long document is screened in chunks by worker processes, one per core (PDFium allows
    no threads), where the platform can fork them cheaply; the workers may have been started
    ahead, on the same file and profile (`start`).
    """
    finder = header_finder(profile)
    total = page_count(path)
    chunks = _chunks(total)
    workers = _take_ahead(path, profile, chunks) or _in_workers(path, finder, chunks)
    if workers is None:
        results = (screen_range(path, finder, a, b) for a, b in chunks)
        found, any_text = _gather(results, chunks, total, progress)
        return found, any_text, total
    with workers.pool:
        try:
            found, any_text = _gather(
                (job.result() for job in workers.jobs), chunks, total, progress
            )
        except BrokenProcessPool:  # a worker killed by a C library (memory past the cap)
            raise InputError(
                f"{path}: the PDF reader crashed while screening the pages and was "
                "stopped; the PDF is damaged or built to exhaust memory"
            ) from None
    return found, any_text, total


def _chunks(total: int) -> list[tuple[int, int]]:
    return [(a, min(a + CHUNK - 1, total)) for a in range(1, total + 1, CHUNK)]


def _in_workers(path: Path, finder: Finder, chunks: list[tuple[int, int]]) -> _Workers | None:
    """The chunks submitted to worker processes; None where workers do not pay off."""
    if not _pays(chunks):
        return None
    pool = _pool(min(MAX_WORKERS or cores(), len(chunks)))
    return _Workers(pool, chunks, [pool.submit(screen_range, path, finder, *c) for c in chunks])


def _pays(chunks: list[tuple[int, int]]) -> bool:
    """Whether worker processes pay off for these chunks (and the platform forks them)."""
    total = chunks[-1][1] if chunks else 0
    workers = min(MAX_WORKERS or cores(), len(chunks))
    return workers > 1 and total >= SCREEN_PARALLEL_FROM and "fork" in mp.get_all_start_methods()


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        workers,
        mp_context=mp.get_context("fork"),
        initializer=end_with_parent,
        initargs=(os.getpid(),),
    )


def start(path: Path, profile: Profile) -> None:
    """Start screening a PDF's pages in worker processes now, for `screen` on the same file
    and profile to take, so that the pages are screened while the caller loads its libraries.
    Nothing is started where `screen` would not use workers, or where pypdfium2 cannot count
    the pages (`screen` then meets the failure in its turn, as usual). The pages are counted
    here, as `screen` counts them, so that no more workers are started than there are chunks."""
    global _ahead
    stop()
    if (MAX_WORKERS or cores()) <= 1 or "fork" not in mp.get_all_start_methods():
        return
    try:
        check_file(path)
    except InputError:
        return
    try:
        chunks = _chunks(page_count(path))
    except Exception:  # the failure is screen's to meet
        return
    if not _pays(chunks):
        return
    import playa  # noqa: F401  (the workers look at stream lengths with it: loaded once here)

    workers = _in_workers(path, header_finder(profile), chunks)
    if workers is not None:
        _ahead = (path, profile, workers)


def _take_ahead(path: Path, profile: Profile, chunks: list[tuple[int, int]]) -> _Workers | None:
    """The screening started ahead, if it was started on this file and profile and counted
    the pages as they are counted now."""
    global _ahead
    if _ahead is None:
        return None
    started, _ahead = _ahead, None
    same = started[0] == path and started[1] is profile and started[2].chunks == chunks
    if not same:
        _kill(started[2])
        return None
    return started[2]


def stop() -> None:
    """Stop a screening started ahead and not taken (the reading failed before it)."""
    global _ahead
    if _ahead is not None:
        started, _ahead = _ahead, None
        _kill(started[2])


def _kill(workers: _Workers) -> None:
    """End the workers now (a hostile page may keep one busy for long) and their pool."""
    processes: dict[int, Any] = getattr(workers.pool, "_processes", None) or {}
    for process in list(processes.values()):
        with suppress(Exception):
            process.kill()
    workers.pool.shutdown(wait=True, cancel_futures=True)


def _gather(
    results: Iterator[tuple[list[Screened], bool]],
    chunks: list[tuple[int, int]],
    total: int,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[Screened], bool]:
    found: list[Screened] = []
    any_text = False
    for (_, last), (screened, text) in zip(chunks, results, strict=True):
        found.extend(screened)
        any_text = any_text or text
        if progress is not None:
            progress(last, total)
    return found, any_text
