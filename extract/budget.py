"""A budget for each page: the work spent on a page is bounded by what the page holds.

A page is read in two steps, each with its own allowance of time:
- its drawing, parsed by the PDF libraries: `LOAD_SECONDS` (the slowest page of the real
  documents in shared/ parses in 0.15 s; a page whose contents are listed two thousand times
  over takes a minute);
- its tables, found by the layout engine: `PAGE_SECONDS` and `ITEM_SECONDS` more for each
  character and drawn object it holds (the samples' and fresh layouts' slowest pages take
  0.75 s for 4,400 of them, at most 0.33 ms each).

A page that runs past its allowance is given up (`OverBudget`): the caller reads the rest of
the document and says which page was given up and why. The allowance is enforced with a
timer signal, in the main thread of a process on a system that has one (Linux, macOS: the
reading runs there, in the command line's reading process or its workers); elsewhere (a
program calling the API from another thread, Windows) there is no allowance and the command
line's `--timeout` remains the last resort.
"""

from __future__ import annotations

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


class OverBudget(BaseException):
    """A page's reading ran past its allowance. A BaseException, as KeyboardInterrupt is: no
    library's `except Exception` may take it for a damaged file and go on."""

    def __init__(self, page: int, step: str, seconds: float) -> None:
        super().__init__(page, step, seconds)
        self.page, self.step, self.seconds = page, step, round(seconds, 1)

    @property
    def given_up(self) -> GivenUp:
        return (self.page, self.step, self.seconds)

    @property
    def reason(self) -> str:
        """Why the page was given up, in words."""
        return f"{STEPS[self.step]} took more than {self.seconds:g} s"


GivenUp = tuple[int, str, float]
"""A page given up: its number, the step (`load` or `tables`) and the allowance it ran past."""

STEPS = {"load": "reading its text and drawing", "tables": "finding its tables"}


def engine_seconds(items: int) -> float:
    """The layout engine's allowance on a page holding `items` characters and drawn objects."""
    return PAGE_SECONDS + ITEM_SECONDS * items


def can_limit() -> bool:
    """Whether a time limit can be set here (a timer signal, in the main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def allowance(page: int, step: str, seconds: float) -> Iterator[None]:
    """Run the block with at most `seconds` of wall time; past it, raise OverBudget. A timer
    set around the block (by the caller's caller) is put back as it was."""
    if not can_limit() or seconds <= 0:
        yield
        return

    def over(signum: int, frame: FrameType | None) -> None:
        raise OverBudget(page, step, seconds)

    started = time.monotonic()
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:
            left = outer_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer_interval)
