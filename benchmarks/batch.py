"""Many plans at once against one at a time: `make bench-batch`.

    python benchmarks/batch.py [--copies 9] [--jobs N]

Takes the sample plans and several copies of the 300-page benchmark plan (built once by
`make bench`'s script), then, in one run:
- extracts them one by one (one `pdztables extract` per plan, as a user would loop over them);
- extracts them as one batch (`pdztables extract FOLDER --jobs N`);
and prints both wall times, the ratio (target: the batch at least 1.7x faster on 2 cores), and
the batch's peak total memory (the resident memory of the parent and every child together,
sampled every 20 ms; target under 1 GB).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from pdztables.isolate import descendants, tree_rss  # noqa: E402


def tree_pss(pid: int) -> int:
    """The proportional memory of a process and its descendants (bytes): each page shared by
    forked processes counted once over them, not once in each as a sum of RSS counts it."""
    total = 0
    for p in descendants(pid):
        with contextlib.suppress(OSError, ValueError), open(f"/proc/{p}/smaps_rollup") as fh:
            total += next(int(ln.split()[1]) for ln in fh if ln.startswith("Pss:")) * 1024
    return total


def timed(argv: list[str], every: float = 0.02) -> tuple[float, int, int, int]:
    """Wall time, peak total RSS of the process tree, exit code, peak total PSS, sampled
    `every` so many seconds (reading a process's PSS costs the kernel a walk of its memory:
    sampled too often, it slows what it measures)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = peak_pss = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak, peak_pss
        while True:
            peak = max(peak, tree_rss(proc.pid))
            peak_pss = max(peak_pss, tree_pss(proc.pid))
            if done.wait(every):
                break

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    done.set()
    watcher.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"error: {' '.join(argv)} failed: {err.decode()[-300:]}")
    return time.perf_counter() - started, peak, proc.returncode, peak_pss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--copies", type=int, default=9, help="copies of the 300-page plan")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)
    long_plan = ROOT / "build" / "bench" / "plan300.pdf"
    if not long_plan.exists():
        from plan import build_long_plan

        long_plan.parent.mkdir(parents=True, exist_ok=True)
        build_long_plan(long_plan, 300)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "piani"
        folder.mkdir()
        for sample in sorted((ROOT / "samples").glob("*.pdf")):
            shutil.copy(sample, folder / sample.name)
        for k in range(args.copies):
            shutil.copy(long_plan, folder / f"piano300-{k + 1:02d}.pdf")
        plans = sorted(folder.glob("*.pdf"))
        cli = [sys.executable, "-m", "pdztables", "extract"]
        started = time.perf_counter()
        single_peak = 0
        for pdf in plans:
            _, peak, _, _ = timed([*cli, str(pdf), "-o", str(Path(work) / "one")])
            single_peak = max(single_peak, peak)
        one_by_one = time.perf_counter() - started
        batch, batch_peak, code, _ = timed(
            [*cli, str(folder), "-o", str(Path(work) / "batch"), "--jobs", str(args.jobs)]
        )
    print(f"{len(plans)} plans ({args.copies} copies of the 300-page plan), {args.jobs} jobs")
    print(f"one by one: {one_by_one:6.1f} s   peak total RSS {single_peak / 1024**2:5.0f} MB")
    print(
        f"one batch:  {batch:6.1f} s   peak total RSS {batch_peak / 1024**2:5.0f} MB (exit {code})"
    )
    print(
        f"the batch is {one_by_one / batch:.2f}x faster (target >= 1.7x on 2 cores); "
        "peak total memory target < 1024 MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
