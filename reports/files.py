"""Atomic file writes: a reader never sees half a file, a failed run leaves none behind, and a
failed rerun leaves the earlier outputs as they were."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

Writer = Callable[[Path], None]


def write_text_to(text: str, path: Path) -> None:
    """Write a text as UTF-8 (`partial(write_text_to, text)` is a Writer)."""
    path.write_text(text, encoding="utf-8")


_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _deferred_signals() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for a few instructions (a temporary file created and not
    yet recorded would be left behind); they arrive right after."""
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    except (AttributeError, ValueError, OSError):  # not the main thread, or no such call
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def write_atomically(files: Sequence[tuple[Path, Writer]]) -> None:
    """Write every file through a temporary file beside it, then rename them all into place.

    Nothing is renamed until every writer has succeeded. The files already there are kept (as
    files beside them) until every rename has succeeded, and put back if one fails: a
    failed write or rename leaves the folder as it was, earlier outputs intact, no temporary
    file. The files get the usual permissions (0666 less the umask), not the 0600 of a
    temporary file. SIGINT and SIGTERM (which the CLI turns into exceptions) clean up too.
    """
    temps: list[tuple[Path, Path]] = []
    earlier: dict[Path, Path] = {}  # output -> its earlier version, kept aside
    placed: list[Path] = []  # outputs a new file was renamed into
    mode = 0o666 & ~_umask()
    done = False
    try:
        for path, write in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            with _deferred_signals():
                fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                os.close(fd)
                temps.append((Path(name), path))
            write(Path(name))
            os.chmod(name, mode)
        for tmp, path in temps:
            # each step and its record together: a signal lands between steps, never inside
            with _deferred_signals():
                if path.is_file() and not path.is_symlink():
                    fd, name = tempfile.mkstemp(
                        prefix=f".{path.name}.", suffix=".old.tmp", dir=path.parent
                    )
                    os.close(fd)
                    os.replace(path, name)
                    earlier[path] = Path(name)
            with _deferred_signals():
                os.replace(tmp, path)
                placed.append(path)
        done = True
    finally:
        if not done:  # put every earlier file back; remove the new ones that had none
            for path in reversed(placed):
                with contextlib.suppress(OSError):
                    if path not in earlier:
                        path.unlink()
            for path, old in earlier.items():
                with contextlib.suppress(OSError):
                    os.replace(old, path)
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        for old in earlier.values():
            with contextlib.suppress(OSError):
                old.unlink(missing_ok=True)
