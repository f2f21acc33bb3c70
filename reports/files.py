"""Atomic file writes: a reader never sees half a file, a failed run leaves none behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

Writer = Callable[[Path], None]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(files: Sequence[tuple[Path, Writer]]) -> None:
    """Write every file through a temporary file beside it, then rename them all into place.

    Nothing is renamed until every writer has succeeded, so a failed write leaves the folder as
    it was (earlier outputs intact, no temporary file); the files get the usual permissions
    (0666 less the umask), not the 0600 of a temporary file.
    """
    temps: list[tuple[Path, Path]] = []
    mode = 0o666 & ~_umask()
    try:
        for path, write in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            tmp = Path(name)
            temps.append((tmp, path))
            write(tmp)
            os.chmod(tmp, mode)
        renamed: list[Path] = []
        try:
            for tmp, path in temps:
                os.replace(tmp, path)
                renamed.append(path)
        except BaseException:
            # A rename failing half-way (on one file system it hardly can) would leave a pair
            # from two runs: remove the new files that did get renamed.
            for path in renamed:
                path.unlink(missing_ok=True)
            raise
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
