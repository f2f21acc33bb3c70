"""pdztables against camelot stream on the peers' test PDFs: scores and times, in one run.

    python benchmarks/peers.py [--peers ../shared/peers] [--camelot build/camelot/bin/python]
                               [--repeat 3]

Every case of `../shared/peers/cases.jsonl` (the test PDFs of tabula-java and pdfplumber) is
read by `pdztables.read_tables` and by camelot's `read_pdf(flavor="stream")`, each on its
defaults, with the page (and the case's area, where it has one: camelot's `table_areas`) as the
only input, each a page once for all the cases on it, each in one process. The scores are
the peers' scorer's (`score.py`, its `score` and its totals); the time is the reading alone,
after each tool is imported (the best of `--repeat` runs, the machine being shared), with the
import beside it. Also the CLI's start-up (`pdztables --version`, the median of five).

camelot runs in its own environment (`make bench-peers` makes `build/camelot` with pip on
first use: camelot-py 2.0.0 and what it needs, never in the project's); without one, only
pdztables is measured and the line says why.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

CAMELOT = r"""
import json, sys, time
t = time.perf_counter()
import camelot
imported = time.perf_counter() - t
groups = json.load(sys.stdin)
best, out = None, None
for _ in range(max(1, int(sys.argv[1]))):
    t = time.perf_counter()
    found = []
    for pdf, page, area in groups:
        kw = {"table_areas": [",".join(str(v) for v in area)]} if area else {}
        try:
            tables = camelot.read_pdf(pdf, pages=str(page), flavor="stream", **kw)
            found.append([t.df.values.tolist() for t in tables])
        except Exception as exc:
            found.append({"error": repr(exc)[:200]})
    secs = time.perf_counter() - t
    if best is None or secs < best:
        best, out = secs, found
print(json.dumps({"import": imported, "secs": best, "tables": out}))
"""


def load_scorer(peers: Path) -> ModuleType:
    """The peers' `score.py`, imported from its folder."""
    spec = importlib.util.spec_from_file_location("peers_score", peers / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"error: no score.py in {peers}; give the peers' folder with --peers")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def camelot_area(area: list[float], height: float) -> list[float]:
    """A case's area (x0, top, x1, bottom from the page's top) as camelot takes it: x1, y1,
    x2, y2 from the page's foot, top-left corner first."""
    x0, top, x1, bottom = area
    return [x0, height - top, x1, height - bottom]


def reading(case: dict[str, Any], peers: Path) -> tuple[str, int, Any]:
    """What a case reads: its PDF, page and area."""
    return (str(peers / case["pdf"]), case["page"], case["area"])


def groups_of(cases: list[dict[str, Any]], peers: Path) -> list[tuple[str, int, Any]]:
    """The distinct (PDF, page, area) readings the cases need, in order."""
    out: list[tuple[str, int, Any]] = []
    for case in cases:
        key = reading(case, peers)
        if key not in out:
            out.append(key)
    return out


def read_ours(groups: list[tuple[str, int, Any]], repeat: int) -> tuple[float, float, list[Any]]:
    """pdztables on every reading: import time, the best time of `repeat`, the tables."""
    t = time.perf_counter()
    import pdztables

    imported = time.perf_counter() - t
    best, out = float("inf"), []
    for _ in range(max(1, repeat)):
        found: list[Any] = []
        t = time.perf_counter()
        for pdf, page, area in groups:
            try:
                tables = pdztables.read_tables(pdf, pages=[page], area=area)
                found.append([[list(r) for r in tb.rows] for tb in tables])
            except pdztables.InputError:
                found.append([])
        secs = time.perf_counter() - t
        if secs < best:
            best, out = secs, found
    return imported, best, out


def read_camelot(
    python: Path, groups: list[tuple[str, int, Any]], repeat: int
) -> tuple[float, float, list[Any]] | str:
    """camelot stream on every reading, in its own environment; or why it was not run."""
    if not python.exists():
        return f"not run: no {python} (make bench-peers makes it with pip)"
    import pdfplumber

    heights: dict[tuple[str, int], float] = {}
    asked = []
    for pdf, page, area in groups:
        if area and (pdf, page) not in heights:
            with pdfplumber.open(pdf) as doc:
                heights[(pdf, page)] = float(doc.pages[page - 1].height)
        asked.append([pdf, page, camelot_area(area, heights[(pdf, page)]) if area else None])
    done = subprocess.run(
        [str(python), "-c", CAMELOT, str(repeat)],
        input=json.dumps(asked),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1:]}"
    got = json.loads(done.stdout.strip().splitlines()[-1])
    tables = [t if isinstance(t, list) else [] for t in got["tables"]]
    return got["import"], got["secs"], tables


def startup(runs: int = 5) -> float:
    """The median time of `pdztables --version`, in seconds."""
    cli = Path(sys.executable).parent / "pdztables"
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([str(cli), "--version"], capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def scores(
    scorer: ModuleType,
    cases: list[dict[str, Any]],
    peers: Path,
    groups: list[Any],
    tables: list[Any],
) -> dict[str, float]:
    """The mean exact score per suite over the cases asserting cells (no table scores 0)."""
    per: dict[str, list[float]] = {}
    for case in cases:
        got = tables[groups.index(reading(case, peers))]
        if case["expect"]["kind"] == "rows":
            continue
        s = scorer.score(case, got)
        per.setdefault(case["suite"], []).append(s["exact"] or 0.0)
        per.setdefault("all", []).append(s["exact"] or 0.0)
    return {k: sum(v) / len(v) for k, v in per.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers")
    ap.add_argument("--camelot", type=Path, default=ROOT / "build" / "camelot" / "bin" / "python")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    cases_file = args.peers / "cases.jsonl"
    if not cases_file.is_file():
        raise SystemExit(f"error: no {cases_file}; give the peers' folder with --peers")
    scorer = load_scorer(args.peers)
    cases = [json.loads(line) for line in cases_file.read_text().splitlines() if line.strip()]
    groups = groups_of(cases, args.peers)
    print(f"{len(cases)} cases, {len(groups)} page readings; best of {args.repeat} runs each")
    rows = [("pdztables read_tables", read_ours(groups, args.repeat))]
    rows.append(("camelot stream", read_camelot(args.camelot, groups, args.repeat)))
    print(f"{'tool':<22} {'tabula':>7} {'pdfplumber':>10} {'all':>6} {'read s':>7} {'import s':>8}")
    for name, got in rows:
        if isinstance(got, str):
            print(f"{name:<22} {got}")
            continue
        imported, secs, tables = got
        s = scores(scorer, cases, args.peers, groups, tables)
        print(
            f"{name:<22} {s.get('tabula', 0):>7.3f} {s.get('pdfplumber', 0):>10.3f} "
            f"{s.get('all', 0):>6.3f} {secs:>7.2f} {imported:>8.2f}"
        )
    print(f"CLI start-up (pdztables --version, median of 5): {startup():.2f} s")


if __name__ == "__main__":
    main()
