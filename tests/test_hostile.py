"""Damaged and hostile PDFs (`tests/hostile/`, one per defect class `make fuzz` found): each
run ends within its limits with exit 0, 1 or 2, at most one `error:` line on stderr (none on
success), never a traceback or an internal error, and no file left behind on exit 2."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

HOSTILE = sorted((Path(__file__).resolve().parent / "hostile").glob("*.pdf"))
TIMEOUT = 5


def test_there_are_hostile_cases() -> None:
    assert len(HOSTILE) >= 8


@pytest.mark.parametrize("pdf", HOSTILE, ids=lambda p: p.stem)
@pytest.mark.parametrize("command", ["extract", "inspect"])
def test_a_hostile_pdf_ends_cleanly_within_its_limits(
    pdf: Path, command: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "pdztables", command, str(pdf)]
    argv += ["--timeout", str(TIMEOUT), "--max-memory", "1G"]
    if command == "extract":
        argv += ["-o", str(out)]
    started = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    seconds = time.monotonic() - started
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode in (0, 1, 2), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    if done.returncode == 2:
        assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
        assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]
    elif command == "extract":
        assert lines == [], done.stderr
    assert seconds < TIMEOUT + 15, seconds
