"""Reading a long table's pages in worker processes gives what one pass gives, page for page.

Spans of one page each, sent to two workers, make every guess of what a span's first page is
handed stale: the checks and the reading again of wrong guesses are what is tested.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from cli_checks import running

from pdztables.extract import pages, screen
from pdztables.extract.models import Extraction
from pdztables.extract.reader import extract_tables
from pdztables.pipeline import run
from pdztables.schemas.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.pdf"))
LAYOUTS = sorted((ROOT / "samples" / "layouts").glob("*.pdf"))
# layouts whose table goes on over pages with no header repeated, or with text above it
GOING_ON = [p for p in LAYOUTS if "head-first" in p.stem or "head-fragment" in p.stem]
PROFILE = load_profile()

pytestmark = pytest.mark.skipif(
    "fork" not in mp.get_all_start_methods(), reason="worker processes need fork (POSIX)"
)


def one_pass(pdf: Path) -> Extraction:
    old = pages.PARALLEL_FROM
    pages.PARALLEL_FROM = 10**9
    try:
        return extract_tables(pdf, PROFILE)
    finally:
        pages.PARALLEL_FROM = old


@pytest.fixture
def in_workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every reading goes to two workers, a page a span; the first pages of the spans that
    came back from them."""
    monkeypatch.setattr(screen, "MAX_WORKERS", 2)
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pages, "MIN_SPAN", 1)
    monkeypatch.setattr(pages, "MAX_SPAN", 1)
    stitched: list[int] = []
    stitch = pages._stitch

    def counted(reading: pages.Reading, span: pages._Span, *args: object) -> object:
        stitched.append(span.first)
        return stitch(reading, span, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "_stitch", counted)
    return stitched


@pytest.mark.parametrize("pdf", SAMPLES + GOING_ON, ids=lambda p: p.stem)
def test_pages_read_in_workers_as_in_one_pass(pdf: Path, in_workers: list[int]) -> None:
    got = extract_tables(pdf, PROFILE)
    assert got == one_pass(pdf)
    assert set(got.pages_read) <= set(in_workers), "pages read here, not by the workers"


# What the workers run instead of `_read_span` (module level: sent to them by name)
_READ_SPAN = pages._read_span


def _forgetful(first: int, last: int, carry: object) -> object:
    return _READ_SPAN(first, last, None)


def _failing(first: int, last: int, carry: object) -> object:
    raise MemoryError("a worker ran out of memory")


def _noting(first: int, last: int, carry: pages.Carry | None) -> object:
    reads, notes = _READ_SPAN(first, last, carry)
    return reads, [*notes, f"Could not get FontBBox on page {first}"]


def _dies_on_page_two(first: int, last: int, carry: pages.Carry | None) -> object:
    if first == 2:  # a worker killed (memory, a C library's crash): the pool is broken
        os.kill(os.getpid(), signal.SIGKILL)
    return _READ_SPAN(first, last, carry)


def _not_here(first: int, last: int, carry: object) -> object:
    raise AssertionError("a worker was used")


def test_wrong_guesses_are_read_again(
    in_workers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers that ignore what they are handed (as if every guess were wrong) change nothing:
    their spans are read again here."""
    here = os.getpid()
    again: list[int] = []
    page = pages.Reading.page

    def counted(self: pages.Reading, number: int, carry: pages.Carry | None) -> pages.PageRead:
        if os.getpid() == here:
            again.append(number)
        return page(self, number, carry)

    monkeypatch.setattr(pages, "_read_span", _forgetful)
    monkeypatch.setattr(pages.Reading, "page", counted)
    pdf = ROOT / "samples" / "cremasco_unruled.pdf"
    assert extract_tables(pdf, PROFILE) == one_pass(pdf)
    assert in_workers, "no worker's span came back"
    assert again, "no page was read again: the test did not test"


def test_a_failed_worker_leaves_its_pages_to_this_process(
    in_workers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "_read_span", _failing)
    pdf = ROOT / "samples" / "cremasco_grid.pdf"
    assert extract_tables(pdf, PROFILE) == one_pass(pdf)


def test_a_worker_killed_leaves_its_pages_and_those_after_to_this_process(
    in_workers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "_read_span", _dies_on_page_two)
    stitch = pages._stitch

    def slow(*args: object) -> object:  # the pool breaks while this process stitches
        time.sleep(0.5)
        return stitch(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "_stitch", slow)
    pdf = ROOT / "samples" / "cremasco_unruled.pdf"
    assert extract_tables(pdf, PROFILE) == one_pass(pdf)


def test_workers_end_with_the_process_that_forked_them(tmp_path: Path) -> None:
    """A reading process killed (past its limits, crashed) takes its workers with it: none is
    left waiting for work."""
    script = tmp_path / "orphan.py"
    script.write_text(
        "import multiprocessing as mp, os, sys\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from pdztables.extract.screen import end_with_parent\n"
        "pool = ProcessPoolExecutor(2, mp_context=mp.get_context('fork'),\n"
        "    initializer=end_with_parent, initargs=(os.getpid(),))\n"
        "print(*{pool.submit(os.getpid).result() for _ in range(8)}, flush=True)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    workers = [int(p) for p in done.stdout.split()]
    assert workers, done.stderr
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(running(p) for p in workers):
        time.sleep(0.05)
    assert not [p for p in workers if running(p)], "workers left behind"


def test_what_the_libraries_note_in_a_worker_reaches_the_report(
    in_workers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "_read_span", _noting)
    result = run(ROOT / "samples" / "cremasco_grid.pdf")
    assert "Could not get FontBBox on page 2" in result.notes
    assert not logging.getLogger("pdfminer").handlers


def test_the_policy_of_one_worker_reads_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screen, "MAX_WORKERS", 1)
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pages, "_read_span", _not_here)
    pdf = ROOT / "samples" / "cremasco_grid.pdf"
    assert extract_tables(pdf, PROFILE) == one_pass(pdf)


@pytest.mark.parametrize(
    "pdf", [ROOT / "samples" / "plan_cremasco_full.pdf", ROOT / "samples" / "cremasco_rotated.pdf"]
)
def test_a_pages_margins_read_alone_are_those_of_the_whole_page(pdf: Path) -> None:
    """A page read only for its running heads and feet is parsed once and read from the
    letters in and near its margins: the same lines as from the whole page (None for a page
    turned to be read), and the parse serves the page's whole reading later."""
    import pdfplumber

    from pdztables.extract.pagedata import Pages
    from pdztables.extract.running import in_margins
    from pdztables.extract.settings import LayoutSettings

    settings = LayoutSettings()

    def key(lines: list[Any] | None) -> Any:
        return None if lines is None else [(ln.text, ln.top, ln.x0, ln.x1) for ln in lines]

    with pdfplumber.open(pdf) as doc:
        for number in range(1, min(len(doc.pages), 8) + 1):
            alone, whole = Pages(pdf, doc, settings), Pages(pdf, doc, settings)
            data, lines, _ = whole.get(number)
            expected = None if data.turn else in_margins(lines, data.height, settings)
            assert key(alone.margins(number)) == key(expected), number
            if expected is not None:
                assert number in alone.raw  # parsed once, kept for the page's reading
                alone.get(number)
                assert number not in alone.raw
