"""The other tables of a plan, drawn fresh in random styles: the share `read_tables` reads
exactly, overall and by style value.

    python benchmarks/tables.py [--seed N] [--count 100] [--keep DIR]

Each drawing comes from `samples/builders/tables.py` with its truth (rows, header rows,
pages, from the data). A drawing is exact when `read_tables` finds as many tables as were
drawn and each has the truth's rows cell by cell, its number of header rows and its pages.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))

from builders.tables import Spec, Truth, build  # noqa: E402

import pdztables  # noqa: E402


def differences(pdf: Path, truths: list[Truth]) -> list[str]:
    """What `read_tables` gets wrong against the truth (empty when exact)."""
    got = pdztables.read_tables(pdf)
    if len(got) != len(truths):
        return [f"{len(got)} tables found, {len(truths)} drawn"]
    out = []
    for n, (table, truth) in enumerate(zip(got, truths, strict=True), start=1):
        rows = [list(r) for r in table.rows]
        if rows != truth.rows:
            bad = next(
                (i for i, (a, b) in enumerate(zip(rows, truth.rows, strict=False)) if a != b),
                min(len(rows), len(truth.rows)),
            )
            mine = rows[bad] if bad < len(rows) else "(none)"
            want = truth.rows[bad] if bad < len(truth.rows) else "(none)"
            counts = f"{len(rows)} rows for {len(truth.rows)}"
            out.append(f"table {n}: {counts}; row {bad + 1} {mine} for {want}")
        if table.header_rows != truth.header_rows:
            out.append(f"table {n}: {table.header_rows} header rows for {truth.header_rows}")
        if list(table.pages) != truth.pages:
            out.append(f"table {n}: pages {list(table.pages)} for {truth.pages}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=int(time.time()) % 1_000_000)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--keep", type=Path, help="keep the drawings that were not exact here")
    ap.add_argument("--show", type=int, default=8, help="how many failures to list")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    by_value: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    exact = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.count):
            spec = Spec.draw(rng, rng.randrange(1 << 30))
            pdf = Path(tmp) / f"t{i:03d}.pdf"
            truths = build(spec, pdf)
            wrong = differences(pdf, truths)
            exact += not wrong
            for key, value in asdict(spec).items():
                if key in ("seed", "rows"):
                    continue
                by_value[f"{key}={value}"][0] += not wrong
                by_value[f"{key}={value}"][1] += 1
            if wrong:
                failures.append((spec, wrong))
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    pdf.replace(args.keep / f"{args.seed}_{i:03d}.pdf")
    seconds = time.perf_counter() - started
    share = f"{exact}/{args.count} drawings read exactly ({exact / args.count:.1%})"
    print(f"seed {args.seed}: {share}, {seconds:.0f} s")
    worst = sorted(by_value.items(), key=lambda kv: kv[1][0] / kv[1][1])
    print("by style value (worst first):")
    for key, (good, total) in worst[:12]:
        print(f"  {key:<22} {good}/{total} ({good / total:.0%})")
    for spec, wrong in failures[: args.show]:
        print(f"- {spec}")
        for w in wrong[:3]:
            print(f"    {w}")


if __name__ == "__main__":
    main()
