"""Read the pages of a long table in worker processes, then stitch them in order.

A page is read from its own content, its neighbours' running heads and feet, and what the page
before hands it (the table going on: its header and columns, a `Carry`). Spans of pages go to
worker processes, each with a guess of what its first page is handed: the last hand-over known
in this process when the span is sent (a long table hands on the same header and columns page
after page). Stitching the spans in order checks each guess: a span whose first page was handed
what the pages before really hand it, or reads the same whatever it is handed (its header
repeated at its top, nothing above), is taken as read; otherwise this process reads its pages
again from the true hand-over until a page hands on what the worker's did, and takes the rest.
The tables are then those of one pass through the pages, page for page.

The work goes to processes only where it pays off: from `PARALLEL_FROM` pages chosen, or once a
table has gone on over that many pages, and never beyond the worker policy (`screen.MAX_WORKERS`,
set by the command line: one in a batch, whose plans run side by side). A worker that fails
leaves its span to this process, which then meets the same failure and reports it as usual.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass

from pdztables.isolate import cores, end_with_parent, raise_if_interrupted

from . import screen
from .pdf import library_notes, open_pdf
from .reader import PageRead, Progress, Reading, after
from .readpage import Carry

PARALLEL_FROM = 12
"""Pages to read (chosen, or gone on over) from which worker processes pay off."""
MIN_SPAN, MAX_SPAN = 8, 64
"""Pages a worker reads at a time: enough that reading a span's neighbours (for their running
heads and feet) costs little more."""

_reading: Reading | None = None
"""In a worker: its own reading of the PDF (its own file handle), opened on first use."""
_job: Reading | None = None
"""What the workers read, set in this process before they fork."""
_files = ExitStack()
"""In a worker: the PDF it holds open for its life."""


MAX_READERS = 4
"""Worker processes a table's pages are read by at most: past four, the start-up and the end
of the reading outweigh the gain, and each worker's memory (about 120 MB resident, much of it
shared with the others) counts against `--max-memory`."""


def workers() -> int:
    """How many worker processes the policy allows (1: read here)."""
    if "fork" not in mp.get_all_start_methods():
        return 1
    return max(1, min(MAX_READERS, screen.MAX_WORKERS or cores()))


def read_pages(
    reading: Reading, first: int, progress: Progress | None = None, known: int = 0
) -> list[PageRead]:
    """Every page read from `first` on, in order, as one pass would read them; `known` pages
    are chosen (for progress)."""
    out: list[PageRead] = []
    gone_on = 0
    carry: Carry | None = None
    number = first
    n_workers = workers()
    while number <= reading.page_count:
        ahead = sum(1 for n in reading.chosen if n >= number)
        if n_workers > 1 and max(ahead, gone_on) >= PARALLEL_FROM:
            _in_parallel(reading, number, carry, n_workers, progress, known, out)
            break
        if reading.reads(number, carry):
            got = reading.page(number, carry)
            out.append(got)
            _report(progress, got, out, reading, known)
            gone_on = gone_on + 1 if number not in reading.chosen else 0
            carry = got.carry
        else:
            carry = None
            gone_on = 0
        number += 1
    return out


def _report(
    progress: Progress | None, got: PageRead, done: list[PageRead], reading: Reading, known: int
) -> None:
    if progress is not None:
        extra = sum(1 for r in done if r.number not in reading.chosen)
        progress.extracted(got.number, len(done), known + extra)


@dataclass
class _Span:
    first: int
    last: int
    guess: Carry | None
    job: Future[tuple[list[PageRead], list[str]]]


def _in_parallel(
    reading: Reading,
    first: int,
    carry: Carry | None,
    n_workers: int,
    progress: Progress | None,
    known: int,
    done: list[PageRead],
) -> None:
    """The pages from `first` on, read in spans by worker processes and stitched here onto
    `done`."""
    global _job
    _job = reading
    pool = ProcessPoolExecutor(
        n_workers,
        mp_context=mp.get_context("fork"),
        initializer=end_with_parent,
        initargs=(os.getpid(),),
    )
    queue = _Queue(reading, pool, n_workers, carry, first)
    try:
        while True:
            raise_if_interrupted()
            try:
                queue.fill()
                if not queue.spans:  # no table going on: on to the next page chosen, if any
                    if not queue.skip():
                        break
                    continue
                reads, notes = queue.spans[0].job.result()
            except Exception:  # a worker failed: read here, where the failure shows as usual
                for got in queue.read_here():
                    done.append(got)
                    _report(progress, got, done, reading, known)
                return
            span = queue.spans.popleft()
            for note in notes:  # what the libraries noted in the worker, noted here
                logging.getLogger("pdfminer").warning(note)
            for got in _stitch(reading, span, reads, queue.carry):
                done.append(got)
                _report(progress, got, done, reading, known)
            queue.carry = after(done, span.last)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _job = None


class _Queue:
    """The spans of pages given to the workers, in order, and where the next one starts."""

    def __init__(
        self,
        reading: Reading,
        pool: ProcessPoolExecutor,
        n_workers: int,
        carry: Carry | None,
        start: int,
    ) -> None:
        self.reading, self.pool, self.n_workers = reading, pool, n_workers
        self.carry, self.start, self.size = carry, start, MIN_SPAN
        self.spans: deque[_Span] = deque()

    def fill(self) -> None:
        """Spans submitted while a worker is free and the pages are worth reading."""
        reading = self.reading
        while len(self.spans) <= self.n_workers and self.start <= reading.page_count:
            self.size = _size(reading, self.start, self.n_workers, self.size)
            if not _worth(reading, self.start, self.size, self.carry):
                break
            last = min(self.start + self.size - 1, reading.page_count)
            job = self.pool.submit(_read_span, self.start, last, self.carry)
            self.spans.append(_Span(self.start, last, self.carry, job))
            self.start = last + 1

    def skip(self) -> bool:
        """On to the next page chosen with nothing carried; False when there is none."""
        last = self.reading.page_count
        nxt = min((n for n in self.reading.chosen if self.start <= n <= last), default=None)
        if nxt is None:
            return False
        self.carry, self.start = None, nxt
        return True

    def read_here(self) -> Iterator[PageRead]:
        """The pages from the first waiting span on, read in this process."""
        for waiting in self.spans:
            waiting.job.cancel()
        first = self.spans[0].first if self.spans else self.start
        yield from self.reading.span(first, self.reading.page_count, self.carry)


def _size(reading: Reading, start: int, n_workers: int, before: int) -> int:
    """How many pages the next span takes: a share of the pages chosen from `start` on that
    shrinks as they run out (the workers end together); while a table goes on over pages not
    chosen, twice the span before."""
    ahead = sum(1 for n in reading.chosen if n >= start)
    share = -(-ahead // (2 * n_workers)) if ahead else 2 * before
    return max(MIN_SPAN, min(MAX_SPAN, share))


def _worth(reading: Reading, start: int, size: int, guess: Carry | None) -> bool:
    """Whether a span from `start` may hold pages to read: a page chosen, or the table going on."""
    if any(start <= n < start + size for n in reading.chosen):
        return True
    return reading.follow and guess is not None


def _stitch(
    reading: Reading, span: _Span, reads: list[PageRead], carry: Carry | None
) -> Iterator[PageRead]:
    """A worker's pages, checked against what the pages before really hand on: taken as read
    where its guess holds, else read here again until they agree."""
    first_read = reads[0] if reads and reads[0].number == span.first else None
    same_choice = reading.reads(span.first, carry) == reading.reads(span.first, span.guess)
    if span.guess == carry or (same_choice and (first_read is None or first_read.carry_free)):
        yield from reads
        return
    theirs = {r.number: r for r in reads}
    for number in range(span.first, span.last + 1):
        if reading.reads(number, carry):
            got = reading.page(number, carry)
            carry = got.carry
            yield got
        else:
            carry = None
        mine = theirs.get(number)
        if (mine.carry if mine is not None else None) == carry:
            yield from (r for r in reads if r.number > number)
            return


def _read_span(first: int, last: int, carry: Carry | None) -> tuple[list[PageRead], list[str]]:
    """In a worker: the pages read from `first` to `last`, and what the PDF libraries noted."""
    global _reading
    job = _job
    assert job is not None, "a worker forked with nothing to read"
    with library_notes() as notes:
        if _reading is None:
            pdf = _files.enter_context(open_pdf(job.path))
            _reading = Reading(job.path, pdf, job.page_count, job.chosen, job.follow, job.profile)
        reads = list(_reading.span(first, last, carry))
    return reads, notes
