"""What the command line shows and writes, shared by a single plan's run and a batch: error
lines with the option that fixes them, the progress line, and the outputs written at once."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pdztables.errors import PageRangeError, PdzError
from pdztables.reports import write_atomically
from pdztables.reports.files import Writer

# What the CLI adds to an error whose fix is one of its options (library messages name none).
REMEDIES = {"pages": "check the file, or point --pages at the pages of the table"}


def describe(exc: PdzError) -> str:
    """An error's message with the option that fixes it, where one does."""
    if isinstance(exc, PageRangeError):
        return f"--pages {exc.spec!r}: {exc.problem}"
    advice = REMEDIES.get(exc.remedy)
    return f"{exc}; {advice}" if advice else str(exc)


def one_line(text: str) -> str:
    """A message on one line: line breaks and other control characters written visibly."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class TerminalProgress:
    """Pages screened and extracted, on one line of stderr rewritten in place."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def _show(self, text: str) -> None:
        self.stream.write(f"\r{text}\x1b[K")
        self.stream.flush()
        self.shown = True

    def screened(self, page: int, total: int) -> None:
        """Show how far screening has come (it reports every few pages)."""
        self._show(f"screening page {page}/{total}")

    def extracted(self, page: int, done: int, total: int) -> None:
        """Show the page whose tables are being extracted, counting the pages being read."""
        self._show(f"extracting tables: page {page} ({done} of {total} pages read)")

    def done(self) -> None:
        """Clear the progress line."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def progress_for(stream: TextIO) -> TerminalProgress | None:
    """A progress display on a terminal; nothing when the stream is a file or a pipe."""
    return TerminalProgress(stream) if stream.isatty() else None


def check_writable(folder: Path) -> None:
    """A folder the outputs cannot be written to is one error line before any PDF is read:
    a file is written and removed there (or, where the folder is still to be made, in the
    nearest folder above it that exists), and nothing is left behind."""
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    try:
        if not probe.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder")
        fd, name = tempfile.mkstemp(prefix=".pdztables-", suffix=".probe", dir=probe)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise _unwritable(folder, exc) from None


def _unwritable(folder: Path, exc: OSError) -> PdzError:
    """The one error line for a folder the outputs cannot be written to."""
    return PdzError(
        f"cannot write to {folder}: {exc.strerror or exc}; choose another folder with -o"
    )


def write_outputs(folder: Path, files: Sequence[tuple[Path, Writer]]) -> None:
    """Write the outputs atomically; a folder that cannot be written is one error line."""
    try:
        write_atomically(files)
    except OSError as exc:
        raise _unwritable(folder, exc) from None
