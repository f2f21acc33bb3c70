"""Scanned plans: how well the scans in samples/scans read, how long a page takes, and a
40-page scanned plan end to end.

    python benchmarks/scans.py [--skip-plan] [--jobs 2]

Prints, for every scan in samples/scans (each read by the pipeline, `jobs` at a time): its
rows, its cells exact against its golden, the cells not exact and how many of them carry a
finding, and the exit it gives. Then the time OCR takes for one page at 300 dpi (the reading of
`grid_300`'s pages: render, level, rules, tesseract, words read again), and the time
`pdztables extract --format csv` takes on a 40-page scan made here (37 pages of the full sample
plan's prose and other tables, then the three pages of the ruled Cremasco table, printed at
300 dpi in grey as `samples/scans.py` prints them), with the rows it finds.

Needs tesseract with its Italian model (`apt install tesseract-ocr tesseract-ocr-ita`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_scans import read_against_golden  # noqa: E402

PLAN_PAGES = 40
"""Pages of the scanned plan: 37 of prose and other tables, then the table's three."""


def scan_figures(jobs: int) -> None:
    scans = sorted((ROOT / "samples" / "scans").glob("*.pdf"))
    started = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(read_against_golden, scans))
    wall = time.perf_counter() - started
    print(f"{'scan':<14} {'rows':>7} {'exact':>7} {'wrong':>6} {'marked':>7}  exit")
    wrong_all = marked_all = 0
    for path, got in zip(scans, results, strict=True):
        wrong = got["wrong"]
        assert isinstance(wrong, list)
        wrong_all += len(wrong)
        marked = int(got["marked"])  # type: ignore[call-overload]
        marked_all += marked
        rows = f"{got['rows']}/{got['golden_rows']}"
        exit_code = 0 if got["ok"] else 1
        print(
            f"{path.stem:<14} {rows:>7} {float(got['exact']):>7.3f} {len(wrong):>6} "  # type: ignore[arg-type]
            f"{marked:>7}  {exit_code}"
        )
    share = marked_all / wrong_all if wrong_all else 1.0
    print(f"cells not exact: {wrong_all}, with a finding: {marked_all} ({share:.0%})")
    print(f"{len(scans)} scans read in {wall:.1f} s, {jobs} at a time")


def page_time() -> None:
    """Seconds for one page of a 300 dpi scan, read from its picture (the mean of three)."""
    from pdztables.extract.scanned import read_scan

    path = ROOT / "samples" / "scans" / "grid_300.pdf"
    times = []
    for number in (1, 2, 3):
        started = time.perf_counter()
        read_scan(path, number, 300.0, 3.0)
        times.append(time.perf_counter() - started)
    each = ", ".join(f"{t:.2f}" for t in times)
    print(f"one page at 300 dpi: {sum(times) / len(times):.2f} s (pages {each})")


def scanned_plan(folder: Path) -> Path:
    """A 40-page scanned plan: prose and other tables, then the ruled Cremasco table."""
    import pypdfium2 as pdfium
    from PIL import Image

    pictures = []
    sources = [(ROOT / "samples" / "plan_cremasco_full.pdf", range(0, PLAN_PAGES - 3))]
    sources.append((ROOT / "samples" / "cremasco_grid.pdf", range(0, 3)))
    for source, pages in sources:
        pdf = pdfium.PdfDocument(source)
        for i in pages:
            page = pdf[i]
            image = page.render(scale=300 / 72, grayscale=True).to_pil().convert("L")
            pictures.append(image)
            page.close()
        pdf.close()
    out = folder / "piano_scansionato.pdf"
    first, *rest = pictures
    first.save(out, "PDF", save_all=True, append_images=rest, resolution=300.0, quality=40)
    Image.Image.close(first)
    return out


def plan_time(jobs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plan = scanned_plan(Path(tmp))
        started = time.perf_counter()
        done = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "pdztables"),
                "extract",
                str(plan),
                "--format",
                "csv",
                "--jobs",
                str(jobs),
                "-o",
                tmp,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
    summary = done.stdout.splitlines()[0] if done.stdout else done.stderr.strip()
    print(f"{PLAN_PAGES}-page scanned plan: {seconds:.1f} s, exit {done.returncode}: {summary}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-plan", action="store_true", help="leave out the 40-page plan")
    args = parser.parse_args()
    from pdztables.extract.ocr import INSTALL, languages

    if languages() is None:
        print(
            f"error: tesseract with its Italian model is not installed: {INSTALL}", file=sys.stderr
        )
        return 2
    scan_figures(args.jobs)
    page_time()
    if not args.skip_plan:
        plan_time(args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
