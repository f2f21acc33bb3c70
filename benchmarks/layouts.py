"""How many freshly drawn layouts come out exact: the layout generator against the pipeline.

    python benchmarks/layouts.py [--count 300] [--seed N] [--jobs 2]

Draws `count` combinations of styles (a new seed each run unless given; the seed is printed)
with every producer (reportlab, LibreOffice Writer and Calc, headless Chromium), runs the
pipeline on each, compares the CSV with the golden cell by cell, and prints the share that
comes out exact, overall and per value of each style dimension (worst first), and how each
non-exact one failed: loudly (a validation error, or exit 2) or silently.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def check(pdf: Path) -> tuple[str, str]:
    """(outcome, detail): outcome is exact, loud or silent."""
    from pdztables.errors import PdzError
    from pdztables.pipeline import run
    from pdztables.reports import read_csv
    from pdztables.reports.tables import as_text

    golden = read_csv(pdf.with_suffix(".csv"))
    try:
        result = run(pdf)
    except PdzError as exc:
        return "loud", f"exit 2: {exc}"
    frame = as_text(result.table.frame, ",")
    loud = not result.validation.ok
    if list(frame.columns) != list(golden.columns):
        return ("loud" if loud else "silent"), f"columns {list(frame.columns)}"
    if len(frame) != len(golden):
        return ("loud" if loud else "silent"), f"{len(frame)} rows, golden {len(golden)}"
    diffs = [
        f"row {i + 1} {c}: {frame.iat[i, k]!r} != {golden.iat[i, k]!r}"
        for k, c in enumerate(golden.columns)
        for i in range(len(golden))
        if frame.iat[i, k] != golden.iat[i, k]
    ]
    if not diffs:
        return "exact", "flagged" if loud else ""
    return ("loud" if loud else "silent"), f"{len(diffs)} cells: {diffs[0]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int(time.time()) % 1_000_000
    out = ROOT / "build" / f"layouts-{seed}"
    print(f"seed {seed}: drawing {args.count} layouts into {out.relative_to(ROOT)}", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "samples" / "layouts.py"),
            "random",
            "--seed",
            str(seed),
            "--count",
            str(args.count),
            "--out",
            str(out),
            "--jobs",
            str(args.jobs),
        ],
        check=True,
    )
    drawn = time.perf_counter() - started
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    pdfs = [out / f"{stem}.pdf" for stem in index]
    started = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        outcomes = dict(zip(pdfs, pool.map(check, pdfs), strict=True))
    checked = time.perf_counter() - started
    exact = sum(1 for o, _ in outcomes.values() if o == "exact")
    loud = sum(1 for o, _ in outcomes.values() if o == "loud")
    silent = sum(1 for o, _ in outcomes.values() if o == "silent")
    n = len(outcomes)
    print(f"\ndrawn in {drawn:.0f} s, read in {checked:.0f} s ({checked / max(n, 1):.2f} s each)")
    share = 100 * exact / max(n, 1)
    flagged = sum(1 for o, d in outcomes.values() if o == "exact" and d == "flagged")
    print(f"exact: {exact}/{n} ({share:.1f}%); not exact: {loud} loud, {silent} silent")
    print(f"exact but exit 1 (a finding or doubt where the reading was right): {flagged}")
    per: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for pdf, (outcome, _) in outcomes.items():
        for dim, value in index[pdf.stem].items():
            if dim != "seed":
                per[(dim, str(value))].append(outcome == "exact")
    print("\nexact share per style value (worst first):")
    rows = sorted(per.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0]))
    for (dim, value), oks in rows:
        print(f"  {dim:<12} {value:<11} {100 * sum(oks) / len(oks):5.1f}%  ({sum(oks)}/{len(oks)})")
    if loud + silent:
        print("\nnot exact:")
        for pdf, (outcome, detail) in sorted(outcomes.items()):
            if outcome != "exact":
                print(f"  {outcome:<6} {pdf.name}: {detail[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
