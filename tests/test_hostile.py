"""Damaged and hostile PDFs (`tests/hostile/`, one per defect class `make fuzz` found): each
run ends within its limits with exit 0, 1 or 2, at most one `error:` line on stderr (none on
success), never a traceback or an internal error, and no file left behind on exit 2."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pdztables.isolate import tree_rss

HOSTILE = sorted((Path(__file__).resolve().parent / "hostile").glob("*.pdf"))
TIMEOUT = 20
"""The CLI's last resort here; a page's own allowance (5 s to load it) ends the slowest case."""
LIMIT = 2**30


def test_there_are_hostile_cases() -> None:
    assert len(HOSTILE) >= 8


def run_watched(argv: list[str]) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run a command; what it did, and the peak memory of its process tree (bytes)."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.01)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        out, err = proc.communicate(timeout=120)
    finally:
        done.set()
        watcher.join()
    return subprocess.CompletedProcess(argv, proc.returncode, out, err), peak


@pytest.mark.parametrize("pdf", HOSTILE, ids=lambda p: p.stem)
@pytest.mark.parametrize("command", ["extract", "inspect"])
def test_a_hostile_pdf_ends_cleanly_within_its_limits(
    pdf: Path, command: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "pdztables", command, str(pdf)]
    argv += ["--timeout", str(TIMEOUT), "--max-memory", str(LIMIT)]
    if command == "extract":
        argv += ["-o", str(out)]
    started = time.monotonic()
    done, peak = run_watched(argv)
    seconds = time.monotonic() - started
    # the reading child is capped at 1G; the supervising process adds its own ~100 MB
    assert peak < LIMIT + 256 * 2**20, f"peak memory {peak / 2**20:.0f} MB"
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode in (0, 1, 2), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    if done.returncode == 2:
        assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
        assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]
    elif command == "extract":
        assert lines == [], done.stderr
    assert seconds < TIMEOUT + 15, seconds
