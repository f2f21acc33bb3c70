"""ICDAR 2013 (EU half) benchmark of `pdztables tables`, the competition's structure measure.

Runs the shared scorer (`../shared/tools/icdar_score.py`) on the CLI in both modes (A: the
region given, `--area`; B: the whole page, tables found by pdztables), prints its aggregate
table, then reads every region of mode A again through `pdztables.read_tables` in this one
process, scores it with the scorer's own functions and prints the time, against camelot
stream's 2.4 s measured on a quiet machine. Finally it times one CLI call on one region, start-up
included.

    python benchmarks/icdar.py [--data DIR] [--scorer FILE] [--out DIR] [--skip-cli]
"""

from __future__ import annotations

import argparse
import importlib.util
import shlex
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CAMELOT_STREAM_SECONDS = 2.4


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("icdar_score", path)
    if spec is None or spec.loader is None:
        sys.exit(f"error: cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["icdar_score"] = module
    spec.loader.exec_module(module)
    return module


# `tables` exits 1 when it wrote the tables but is unsure of one (a doubt, a warning line):
# a normal run, which the scorer would take for a failure (any exit but 0) and score empty
NORMAL_EXIT = 'rc=$?; [ "$rc" -eq 1 ] && exit 0; exit "$rc"'


def run_cli(scorer: Path, data: Path, out: Path) -> None:
    exe = shlex.quote(str(Path(sys.executable).parent / "pdztables"))
    area = f'{exe} tables "$1" --pages "$2" --area "$3,$4,$5,$6" --format csv -o -'
    page = f'{exe} tables "$1" --pages "$2" --format jsonl -o -'
    cmd = [
        sys.executable,
        str(scorer),
        "run",
        "--data",
        str(data),
        "--subset",
        "eu",
        "--modes",
        "A,B",
        "--tools",
        "cmd",
        "--cmd-name",
        "pdztables",
        "--cmd",
        f"sh -c {shlex.quote(f'{area}; {NORMAL_EXIT}')} sh {{pdf}} {{page}} "
        "{x0} {top} {x1} {bottom}",
        "--cmd-page",
        f"sh -c {shlex.quote(f'{page}; {NORMAL_EXIT}')} sh {{pdf}} {{page}}",
        "--cmd-format-page",
        "jsonl",
        "--out",
        str(out),
    ]
    subprocess.run(cmd, check=True)


def in_process(S: ModuleType, data: Path) -> None:
    """Every region of mode A read by `read_tables` in this process: the time spent in
    `read_tables` alone (each region once: eu-009's two ground truths share one region), and
    the F1 scored with the scorer's own functions (both ground truths of eu-009)."""
    import pdztables

    entries = S.load_dataset(data, "eu", None)
    norm = S.make_norm("ws")
    # libraries imported before the clock starts, as the scorer imports camelot before its own
    pdztables.read_tables(ROOT / "samples" / "tables" / "bilancio_griglia.pdf")
    total = [0, 0, 0]
    seconds = 0.0
    done: dict[tuple[str, int, tuple[float, ...]], list[list[str]]] = {}
    for e in entries:
        for reg in e["regions"]:
            w, h, fn = S.page_geom(e["pdf"], reg["page"])
            box = S.pdf_to_top(S.pad_bbox(fn(reg["bbox"]), 2, w, h), h)
            key = (e["pdf"], reg["page"], tuple(round(v, 2) for v in box))
            if key not in done:
                started = time.perf_counter()
                try:
                    tables = pdztables.read_tables(e["pdf"], pages=[reg["page"]], area=box)
                except pdztables.PdzError:
                    tables = []
                seconds += time.perf_counter() - started
                done[key] = [list(r) for t in tables for r in t.rows]
            got = S.score_region(reg["cells"], done[key], norm)
            total[0] += got["correct"]
            total[1] += got["pred"]
            total[2] += got["gt"]
    p, r, f = S.prf(*total)
    print(
        f"\nin-process read_tables, mode A, {len(done)} regions: {seconds:.2f} s "
        f"(camelot stream: {CAMELOT_STREAM_SECONDS} s); micro P {p:.3f} R {r:.3f} F1 {f:.3f}"
    )


def one_call(data: Path) -> None:
    exe = Path(sys.executable).parent / "pdztables"
    pdf = data / "competition-dataset-eu" / "eu-018.pdf"
    times = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(
            [str(exe), "tables", str(pdf), "--pages", "1", "--area", "86,128,508,236", "-o", "-"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - started)
    times.sort()
    median, least = times[2], times[0]
    print(f"one CLI call on one region, start-up included: median {median:.2f} s (min {least:.2f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED / "icdar2013")
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools" / "icdar_score.py")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "icdar")
    ap.add_argument("--skip-cli", action="store_true", help="only the in-process run")
    args = ap.parse_args()
    for need in (args.data, args.scorer):
        if not need.exists():
            sys.exit(f"error: {need} is missing; the benchmark needs the shared ICDAR data")
    S = load_scorer(args.scorer)
    if not args.skip_cli:
        args.out.mkdir(parents=True, exist_ok=True)
        for old in args.out.glob("preds-pdztables-*.jsonl"):
            old.unlink()
        run_cli(args.scorer, args.data, args.out)
    in_process(S, args.data)
    one_call(args.data)


if __name__ == "__main__":
    main()
