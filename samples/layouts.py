"""Draw tables in combinations of styles with the layout generator, each with its golden CSV.

    python samples/layouts.py fixed              # the fixed set, into samples/layouts/
    python samples/layouts.py random --seed 7 --count 300 --out build/layouts

`fixed` (re)draws the fixed set that `make test` checks (``samples/layouts/*.pdf``, the golden
CSVs beside them and ``index.json``, the layout of each); `random` draws fresh combinations
from a seed. Producers: reportlab; python-docx through LibreOffice Writer; openpyxl through
LibreOffice Calc; HTML through headless Chromium. Goldens come from the generator's data, and
the page of each row from where the producer put its key, never from the pipeline.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from builders.common import register_fonts  # noqa: E402
from builders.derived import add_typed, dataset_of  # noqa: E402
from builders.layouts import Layout, build, draw_layout  # noqa: E402
from builders.layouts.fixed import fixed_layouts  # noqa: E402

FIXED_DIR = HERE / "layouts"


def write_golden(path: Path, rows: Sequence[dict[str, str]]) -> None:
    """A golden CSV: comma-separated UTF-8, one line per row."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(list(rows[0]))
        for row in rows:
            writer.writerow(row.values())


def draw_one(job: tuple[str, dict[str, object], str]) -> tuple[str, str]:
    """Draw one layout into `folder/stem.pdf` with its golden; ("", "") or (stem, error)."""
    stem, values, folder = job
    register_fonts()
    layout = Layout.from_dict(values)
    pdf = Path(folder) / f"{stem}.pdf"
    try:
        rows = build(layout, pdf)
    except (Exception, SystemExit) as exc:  # a producer's failure is reported, not fatal
        pdf.unlink(missing_ok=True)
        return stem, f"{type(exc).__name__}: {exc}"
    write_golden(pdf.with_suffix(".csv"), add_typed(rows, dataset_of(stem)))
    return "", ""


def draw_all(layouts: dict[str, Layout], folder: Path, jobs: int) -> dict[str, str]:
    """Draw every layout into the folder; the failures, by stem."""
    folder.mkdir(parents=True, exist_ok=True)
    work = [(stem, layout.describe(), str(folder)) for stem, layout in layouts.items()]
    with ProcessPoolExecutor(jobs) as pool:
        done = list(pool.map(draw_one, work))
    return {stem: error for stem, error in done if stem}


def random_layouts(seed: int, count: int) -> dict[str, Layout]:
    """`count` fresh layouts drawn from `seed`, by file stem."""
    rng = random.Random(seed)
    out: dict[str, Layout] = {}
    for k in range(count):
        layout = draw_layout(rng)
        out[f"{seed}-{k:03d}-{layout.slug()}"] = layout
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("fixed", help="draw the fixed set into samples/layouts/")
    rnd = sub.add_parser("random", help="draw fresh random layouts")
    rnd.add_argument("--seed", type=int, required=True)
    rnd.add_argument("--count", type=int, default=300)
    rnd.add_argument("--out", type=Path, required=True)
    for p in sub.choices.values():
        p.add_argument("--jobs", type=int, default=2, help="drawings at once (default 2)")
    args = parser.parse_args(argv)
    if args.what == "fixed":
        layouts = fixed_layouts()
        for old in FIXED_DIR.glob("*.pdf"):
            old.unlink()
        for old in FIXED_DIR.glob("*.csv"):
            old.unlink()
        failed = draw_all(layouts, FIXED_DIR, args.jobs)
        index = {stem: layout.describe() for stem, layout in layouts.items() if stem not in failed}
        (FIXED_DIR / "index.json").write_text(
            json.dumps(index, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    else:
        layouts = random_layouts(args.seed, args.count)
        failed = draw_all(layouts, args.out, args.jobs)
        (args.out / "index.json").write_text(
            json.dumps({s: x.describe() for s, x in layouts.items() if s not in failed}, indent=1)
            + "\n",
            encoding="utf-8",
        )
    for stem, error in sorted(failed.items()):
        print(f"layouts: {stem}: not drawn ({error})", file=sys.stderr)
    print(f"layouts: {len(layouts) - len(failed)} of {len(layouts)} drawn")
    return 1 if failed and args.what == "fixed" else 0


if __name__ == "__main__":
    sys.exit(main())
