"""Speed and memory of `pdztables extract` on a long plan, against pdfplumber alone.

Builds (once, cached in build/bench/) a plan of about 300 pages with the indicator table near
the end, then, in one run, times in child processes:
- `pdztables extract` end to end (screening, extraction, repairs, typed values, validation, the
  default outputs: CSV, HTML with its page pictures, and workbook), best of three runs, and the
  same with `--format csv,html --no-pictures` to show what the workbook and pictures cost;
- the naive baseline: pdfplumber's `extract_tables()` on every page;
and prints wall times, peak RSS of each child, and the speed ratio. Targets: at least 15x
faster than the baseline, peak RSS under 300 MB. Run it with `make bench`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

BASELINE = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    n = 0
    for page in pdf.pages:
        n += len(page.extract_tables())
        page.flush_cache()
print(n)
"""


def run_child(argv: list[str]) -> tuple[float, float, str]:
    """Run a command; its wall time (s), peak RSS (MB) and stdout."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"error: {' '.join(argv)} failed ({proc.returncode}): {err.strip()}")
    return wall, usage.ru_maxrss / 1024, out


def main(argv: list[str] | None = None) -> int:
    """Build the plan if needed, measure both, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="pages of the plan (default 300)")
    parser.add_argument("--pdf", type=Path, help="measure this PDF instead of the built plan")
    args = parser.parse_args(argv)
    pdf = args.pdf
    if pdf is None:
        pdf = ROOT / "build" / "bench" / f"plan{args.pages}.pdf"
        if not pdf.exists():
            from plan import build_long_plan  # reportlab, only needed to build the plan

            pdf.parent.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            pages = build_long_plan(pdf, args.pages)
            print(f"built {pdf} ({pages} pages) in {time.perf_counter() - started:.1f} s")
    runs = []
    for formats in (["csv,html,xlsx"] * 3, ["csv,html"] * 3):
        best = None
        for f in formats:
            with tempfile.TemporaryDirectory() as out:
                measured = run_child(
                    [
                        sys.executable,
                        "-m",
                        "pdztables",
                        "extract",
                        str(pdf),
                        "-o",
                        out,
                        "--format",
                        f,
                    ]
                )
                rows = sum(1 for _ in (Path(out) / f"{pdf.stem}.csv").open(encoding="utf-8-sig"))
            if best is None or measured[0] < best[0]:
                best = measured
        assert best is not None
        runs.append(best)
    (ours, ours_rss, stdout), (lean, lean_rss, _) = runs
    rows -= 1
    naive, naive_rss, tables = run_child([sys.executable, "-c", BASELINE, str(pdf)])
    print(f"plan: {pdf} ({stdout.splitlines()[0] if stdout else ''})")
    print(f"pdztables extract, end to end: {ours:7.2f} s  peak RSS {ours_rss:6.0f} MB  {rows} rows")
    print(f"  no workbook, no page pictures: {lean:7.2f} s  peak RSS {lean_rss:6.0f} MB")
    print(
        f"pdfplumber extract_tables, every page: {naive:7.2f} s  peak RSS {naive_rss:6.0f} MB  "
        f"{tables.strip()} tables"
    )
    print(f"speed-up: {naive / ours:.1f}x (target >= 15x); peak RSS target < 300 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
