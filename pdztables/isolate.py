"""Run one plan in a child process with limits on time and memory.

A damaged or hostile PDF can make a reader allocate gigabytes (a ToUnicode map over the whole
code space) or never end (a loop in the page tree). Each plan therefore runs in a forked child:

- its address space is capped (`RLIMIT_AS`) at the memory limit, so an allocation past it fails
  inside the child with MemoryError, which becomes a clear error;
- the parent watches the child's resident memory (its own and its workers') and its time, and
  kills it past either limit, whatever the child is doing;
- what the child returns, or the error it raises (`PdzError` with its message and exit code, or
  an unexpected failure with its traceback), comes back through a pipe.

The parent never runs the PDF libraries itself, so one plan can neither take the machine down nor
stop the others.
"""

from __future__ import annotations

import contextlib
import faulthandler
import math
import multiprocessing as mp
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from pdztables.errors import PdzError

GIB = 1024**3
DEFAULT_TIMEOUT = 300.0
DEFAULT_MEMORY = 2 * GIB
POLL = 0.05
"""Seconds between two looks at a child's memory and time."""


@dataclass(frozen=True)
class Limits:
    """How long one plan may take (seconds) and how much memory it may use (bytes)."""

    seconds: float = DEFAULT_TIMEOUT
    memory: int = DEFAULT_MEMORY


class LimitError(PdzError):
    """A plan ran past its time or memory limit, or crashed the PDF reader."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind
        """`time`, `memory` or `crash`."""

    def __reduce__(self) -> tuple[type[LimitError], tuple[str, str]]:
        return (LimitError, (str(self), self.kind))


class ChildFailure(Exception):
    """An unexpected failure (a bug) in the child; `trace` is its traceback."""

    def __init__(self, kind: str, message: str, trace: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message
        self.trace = trace


_interrupted = False


def interrupt(signum: int, frame: object) -> None:
    """SIGINT: remembered, then raised as KeyboardInterrupt. Python drops an exception raised
    while it runs its own callbacks (the ones around a fork), so the loops that start children
    check the flag too (`raise_if_interrupted`)."""
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def listen_for_interrupts() -> Any:
    """Install `interrupt` for SIGINT with nothing remembered yet; the handler it replaces."""
    global _interrupted
    _interrupted = False
    return signal.signal(signal.SIGINT, interrupt)


def raise_if_interrupted() -> None:
    """Raise KeyboardInterrupt when a SIGINT came and was dropped on its way."""
    if _interrupted:
        raise KeyboardInterrupt


def parse_size(text: str) -> int:
    """A size written like `1G`, `1500M`, `512k` or a number of bytes."""
    units = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": GIB, "t": 1024**4}
    clean = text.strip().lower().removesuffix("b") if text.strip().lower() != "b" else "b"
    number, unit = clean.rstrip("kmgt"), clean[len(clean.rstrip("kmgt")) :]
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"{text!r} is not a size such as 2G or 1500M") from None
    if not math.isfinite(value) or value <= 0 or unit not in units or value * units[unit] > 2**50:
        raise ValueError(f"{text!r} is not a size such as 2G or 1500M")
    return int(value * units[unit])


def descendants(pid: int) -> list[int]:
    """A process and every process below it (Linux `/proc`), the process first."""
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        with contextlib.suppress(OSError, ValueError), open(f"/proc/{p}/task/{p}/children") as fh:
            stack.extend(int(c) for c in fh.read().split())
    return out


def rss(pid: int) -> int:
    """The resident memory of one process (bytes), 0 once gone."""
    with contextlib.suppress(OSError, ValueError, IndexError), open(f"/proc/{pid}/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return 0


def tree_rss(pid: int) -> int:
    """The resident memory of a process and of all its descendants (bytes), 0 once gone."""
    return sum(rss(p) for p in descendants(pid))


def cores() -> int:
    """The cores this process may run on (its CPU affinity, where the platform tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def end_with_parent(parent: int) -> None:
    """In a process forked by `parent`: be killed when that process ends, however it ends
    (killed past its limits, crashed on a hostile file, killed -9), so that nothing is left
    running or waiting for work that will never come (Linux; elsewhere nothing)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it ended before the call
        os._exit(1)


def _child(
    conn: Connection,
    limits: Limits,
    call: Callable[..., Any],
    args: tuple[Any, ...],
    parent: int,
) -> None:
    """In the child: cap the address space, run the call, send back its result or error."""
    import logging
    import resource
    import warnings

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides, and cleans up
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # stderr carries progress and one `error:` line: what libraries log or warn about a file
    # goes to the report (pdztables.extract.pdf.library_notes), never to the terminal
    logging.getLogger().addHandler(logging.NullHandler())
    warnings.simplefilter("ignore")
    faulthandler.disable()  # a crash is reported by the parent, in one line
    end_with_parent(parent)
    # C libraries and the interpreter's fatal errors write to file descriptor 2 directly (a
    # `Fatal Python error` when memory runs out): send those to /dev/null, and keep Python's
    # sys.stderr (the progress line) on the terminal
    with contextlib.suppress(OSError, ValueError):
        terminal = os.dup(2)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
        sys.stderr = os.fdopen(terminal, "w", buffering=1, encoding="utf-8", errors="replace")
    with contextlib.suppress(ValueError, OSError):
        # resident memory never exceeds the address space: past the cap an allocation fails
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    try:
        conn.send(("ok", "", call(*args)))
    except MemoryError:
        conn.send(("memory", "", ""))
    except PdzError as exc:
        conn.send(("pdz", type(exc).__name__, (str(exc), exc.exit_code, exc.remedy, vars(exc))))
    except BaseException as exc:  # a bug: its traceback goes back for --debug
        conn.send(("crash", type(exc).__name__, (str(exc), traceback.format_exc())))
    finally:
        conn.close()


class Supervised:
    """One call running in a forked child under limits, watched with `check`."""

    def __init__(
        self,
        call: Callable[..., Any],
        args: tuple[Any, ...],
        limits: Limits,
        what: str,
        cleanup: Callable[[], None] | None = None,
    ) -> None:
        self.limits, self.what, self.cleanup = limits, what, cleanup
        context = mp.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self.child = context.Process(target=_child, args=(send, limits, call, args, os.getpid()))
        self.child.start()
        send.close()
        self.started = time.monotonic()

    def check(self, wait: float = 0.0) -> tuple[bool, Any]:
        """(done, outcome): the call's result, or the exception it ended with (LimitError,
        PdzError, ChildFailure); (False, None) while it runs."""
        message: tuple[str, str, Any] | None = None
        if self._receive.poll(wait):
            try:
                message = self._receive.recv()
            except EOFError:
                message = None
            return True, self._finish(message, "")
        if not self.child.is_alive():
            if self._receive.poll(0):  # it sent its result and ended between two looks
                return self.check(0)
            return True, self._finish(None, "")
        if time.monotonic() - self.started > self.limits.seconds:
            return True, self._finish(None, "time")
        rss = tree_rss(self.child.pid or 0)
        if rss > self.limits.memory:
            return True, self._finish(None, "memory")
        return False, None

    def stop(self) -> None:
        """Kill the child (and its workers) and clean up after it."""
        _kill(self.child)
        self._receive.close()
        if self.cleanup is not None:
            self.cleanup()

    def _finish(self, message: tuple[str, str, Any] | None, problem: str) -> Any:
        if problem or message is None:
            self.stop()
        else:
            self.child.join()
            self._receive.close()
        what, limits = self.what, self.limits
        if problem == "time":
            return LimitError(
                f"{what}: reading took longer than {limits.seconds:.0f} s and was stopped; the "
                "PDF is damaged or built to make readers hang",
                "time",
            )
        if problem == "memory" or (message is not None and message[0] == "memory"):
            return LimitError(
                f"{what}: reading needed more than {_size(limits.memory)} of memory and was "
                "stopped; the PDF is damaged or built to exhaust memory",
                "memory",
            )
        if message is None:
            code = self.child.exitcode or 0
            if code < 0:  # killed by a signal: a library crashed (an allocation past the cap
                # aborts C code) on what it was reading
                try:
                    name = signal.Signals(-code).name
                except ValueError:
                    name = f"signal {-code}"
                return LimitError(
                    f"{what}: the PDF reader crashed ({name}) and was stopped; the PDF is "
                    "damaged or built to exhaust memory",
                    "crash",
                )
            return ChildFailure("Crash", f"the reading process ended with code {code}", "")
        kind, name, payload = message
        if kind == "ok":
            return payload
        if kind == "pdz":
            return _rebuild(name, payload)
        text, trace = payload
        return ChildFailure(name, text, trace)


def run_limited(
    call: Callable[..., Any],
    args: tuple[Any, ...],
    limits: Limits,
    what: str,
    cleanup: Callable[[], None] | None = None,
) -> Any:
    """Run `call(*args)` in a forked child under the limits; its result.

    Raises LimitError past a limit (`what` names the plan in the message), the child's
    PdzError (same class, message and exit code), or ChildFailure for a bug. `cleanup` runs
    after a child was killed (to remove the temporary files it may have left).
    """
    job = Supervised(call, args, limits, what, cleanup)
    try:
        while True:
            done, outcome = job.check(POLL)
            if done:
                break
    except BaseException:
        job.stop()
        raise
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _rebuild(name: str, payload: tuple[str, int, str, dict[str, Any]]) -> PdzError:
    """The child's PdzError again, of its own class (the CLI's advice depends on it)."""
    from pdztables import errors

    text, exit_code, remedy, attributes = payload
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, PdzError)):
        cls = PdzError
    error = cls.__new__(cls)
    Exception.__init__(error, text)
    error.__dict__.update(attributes)
    error.exit_code, error.remedy = exit_code, remedy
    return error


def _kill(child: Any) -> None:
    """Stop a child and the workers it forked."""
    pid = child.pid
    if pid is None:
        return
    for p in reversed(descendants(pid)):  # the workers first, then the child
        with contextlib.suppress(OSError):
            os.kill(p, signal.SIGKILL)
    child.join(5)


def _size(n: int) -> str:
    return f"{n / GIB:.1f} GB" if n >= GIB else f"{n / 1024**2:.0f} MB"
