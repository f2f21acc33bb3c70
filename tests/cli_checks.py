"""Running a CLI command in-process and checking its failures, for the CLI tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from pdztables.cli import main


def run_command(
    command: str, args: Sequence[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """Run `pdztables COMMAND ARGS` in-process: exit code, stdout, stderr."""
    try:
        code = main([command, *args])
    except SystemExit as exc:  # argparse exits instead of returning
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error_line(err: str, fragment: str) -> None:
    """stderr is exactly one `error: ` line, with `fragment` in it and no traceback."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    assert fragment in lines[0], err


def assert_no_output(out_dir: Path) -> None:
    """The output folder is absent or empty: no CSV, no HTML, no hidden temp file."""
    if out_dir.exists():
        assert sorted(p.name for p in out_dir.iterdir()) == []


def running(pid: int) -> bool:
    """Whether a process exists and is not a zombie (Linux `/proc`)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
