"""A budget for each page: the work spent on a page is bounded by what the page holds.

A page is read in two steps, each with its own allowance of time:
- its text and drawing, parsed by the PDF libraries and set into lines and rules:
  `LOAD_SECONDS` (the slowest page of the real documents in shared/ parses in 0.15 s; a page
  whose contents are listed two thousand times over takes a minute);
- its tables, found by the layout engine: `PAGE_SECONDS` and `ITEM_SECONDS` more for each
  character and drawn object it holds (the samples' and fresh layouts' slowest pages take
  0.75 s for 4,400 of them, at most 0.33 ms each).

A page that runs past its allowance is given up (`OverBudget`): the caller reads the rest of
the document and says which page was given up and why. The allowance counts the process's
CPU time (a machine busy with other work gives up no page a quiet one reads), enforced with
a timer signal (`SIGPROF`) in the main thread of a process, on a system that has one (Linux,
macOS: the reading runs there, in the command line's reading process or its workers);
elsewhere (a program calling the API from another thread, Windows) there is no allowance and
the command line's `--timeout` remains the last resort.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

LOAD_SECONDS = 5.0
"""The time a page's drawing may take the PDF libraries to parse."""
PAGE_SECONDS = 5.0
"""The time the layout engine may take on any page ..."""
ITEM_SECONDS = 0.001
"""... and this much more for each character and drawn object the page holds."""
PAGE_CONTENT = 5.0
"""The drawing instructions (MB, decoded) a page may hold: the largest page of the real
documents in shared/ holds 0.45 MB; a page whose contents are listed thousands of times over
holds from 8 MB up, and would take gigabytes of memory to read."""
PAGE_MEMORY = 400.0
"""The memory (MB) reading a page may add to the process: a page of 50,000 characters and
lines takes about 100 MB; a page whose contents are listed thousands of times over would take
gigabytes."""
TICK = 0.05
"""How often (seconds of CPU time) the allowance looks at the memory."""


TIMER = getattr(signal, "ITIMER_PROF", 0)
"""The process's CPU time, user and system."""
SIGNAL = getattr(signal, "SIGPROF", 0)


class OverBudget(BaseException):
    """A page's reading ran past its allowance. A BaseException, as KeyboardInterrupt is: no
    library's `except Exception` may take it for a damaged file and go on."""

    def __init__(self, page: int, step: str, limit: float) -> None:
        super().__init__(page, step, limit)
        self.page, self.step, self.limit = page, step, round(limit, 1)

    @property
    def given_up(self) -> GivenUp:
        return (self.page, self.step, self.limit)

    @property
    def reason(self) -> str:
        """Why the page was given up, in words."""
        return reason(self.step, self.limit)


GivenUp = tuple[int, str, float]
"""A page given up: its number, the step (`load`, `tables`: seconds; `memory`, `size`: MB) and
the allowance it ran past."""

STEPS = {
    "load": "reading its text and drawing took more than {limit:g} s",
    "tables": "finding its tables took more than {limit:g} s",
    "memory": "reading it took more than {limit:g} MB of memory",
    "size": "its drawing instructions take more than {limit:g} MB",
    "ocr": "reading its picture by OCR took more than {limit:g} s",
}


def reason(step: str, limit: float) -> str:
    """Why a page was given up, in words."""
    return STEPS[step].format(limit=limit)


def given_up_text(given: GivenUp) -> str:
    """A page given up, in words: `page 3 was given up: finding its tables took ...`."""
    page, step, limit = given
    return f"page {page} was given up: {reason(step, limit)}"


def _rss_mb() -> float | None:
    """The process's resident memory (MB), where the system tells it (Linux)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE_BYTES / 2**20
    except (OSError, ValueError, IndexError):
        return None


PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def engine_seconds(items: int) -> float:
    """The layout engine's allowance on a page holding `items` characters and drawn objects."""
    return PAGE_SECONDS + ITEM_SECONDS * items


def can_limit() -> bool:
    """Whether a time limit can be set here (a timer signal, in the main thread)."""
    return (
        hasattr(signal, "setitimer")
        and hasattr(signal, "SIGPROF")
        and threading.current_thread() is threading.main_thread()
    )


@contextmanager
def allowance(page: int, step: str, seconds: float) -> Iterator[None]:
    """Run the block with at most `seconds` of the process's CPU time (so that a busy machine
    does not give up a page a quiet one reads) and `PAGE_MEMORY` more memory; past either,
    raise OverBudget. A timer set around the block (by the caller's caller) is put back as it
    was, its time spent here counted.

    The timer's handler puts everything back itself before it raises: the signal may land
    anywhere, even as the block is being left (before this function's own cleanup runs, which
    then does nothing)."""
    if not can_limit() or seconds <= 0:
        yield
        return
    started = time.process_time()
    memory = _rss_mb()
    outer_delay, outer_interval = signal.getitimer(TIMER)
    state = {"armed": True}

    def put_back() -> None:
        if not state["armed"]:
            return
        state["armed"] = False
        signal.setitimer(TIMER, 0)
        signal.signal(SIGNAL, previous if previous is not None else signal.SIG_DFL)
        if outer_delay:
            left = outer_delay - (time.process_time() - started)
            signal.setitimer(TIMER, max(left, 1e-3), outer_interval)

    def over(signum: int, frame: FrameType | None) -> None:
        if not state["armed"]:
            return
        spent = time.process_time() - started >= seconds
        now = _rss_mb() if memory is not None else None
        grown = now is not None and memory is not None and now - memory > PAGE_MEMORY
        if spent or grown:
            put_back()
            raise (
                OverBudget(page, step, seconds)
                if spent
                else OverBudget(page, "memory", PAGE_MEMORY)
            )

    previous = signal.signal(SIGNAL, over)
    signal.setitimer(TIMER, min(TICK, seconds), TICK)
    try:
        yield
    finally:
        put_back()


YOUNG_OBJECTS = 10_000
"""How many objects (net of those freed) are made between two collections of the youngest
generation while a document is read: Python's default is 700. Reading a page makes and drops
hundreds of thousands of small objects, nearly none of them in cycles."""
READING_THRESHOLDS = (YOUNG_OBJECTS, 20, 20)


@contextmanager
def few_collections() -> Iterator[None]:
    """Fewer garbage collections while a document is read (a plan, or `read_tables`' pages):
    the objects alive now (the libraries, the profile) are set aside from them (`gc.freeze`;
    and in the worker processes forked meanwhile left shared instead of copied), and the
    thresholds are `READING_THRESHOLDS`, put back after. At Python's defaults, the
    collector's full passes took a tenth of the reading (0.22 s of the peers' 2.3 s).

    A program's own choice stands: objects it froze (or a block already open, in this thread
    or another: blocks nest), a collector it turned off (a first threshold of 0), a higher
    first threshold, and thresholds it sets while the block is open."""
    if gc.get_freeze_count() or not 0 < gc.get_threshold()[0] < YOUNG_OBJECTS:
        yield
        return
    before = gc.get_threshold()
    try:
        gc.freeze()
        gc.set_threshold(*READING_THRESHOLDS)
        yield
    finally:
        if gc.get_threshold() == READING_THRESHOLDS:
            gc.set_threshold(*before)
        gc.unfreeze()
