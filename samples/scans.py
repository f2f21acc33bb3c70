"""Scan samples: born-digital samples printed to pictures, as a scanner gives them back.

    python samples/scans.py            # every scan, into samples/scans/
    python samples/scans.py --only grid_300

Each scan is ``LAYOUT_VARIANT.pdf``, a PDF of one greyscale picture per page and no text
layer, with ``LAYOUT_VARIANT.csv`` beside it: the golden CSV of the sample it was made from,
copied (the scan holds the same table; only the way it is drawn changed). The variants:

- ``300`` and ``200``: the page rasterised by pdftoppm (poppler-utils) at that resolution in
  grey, stored as JPEG as scanners do;
- ``copy``: a photocopy scanned at 300 dpi: each page turned by up to 1 degree, blurred
  slightly, with grain, its paper a little grey and its ink a little faded.

Needs ``pdftoppm`` on PATH, Pillow and NumPy (the project's own dependencies bring them). The
turn and the grain come from a fixed seed per page, so the pictures are the same each run.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

HERE = Path(__file__).resolve().parent
OUT = HERE / "scans"

LAYOUTS = {
    "grid": "cremasco_grid",  # every cell ruled (reportlab)
    "writer": "cremasco_docx",  # ruled by LibreOffice Writer, wrapped header, rows broken
    "hrules": "cremasco_hrules",  # rules between rows only, section rows
    "unruled": "cremasco_unruled",  # no rules at all
    # Chromium, no rules, zebra stripes, a narrow 7 pt face
    "zebra": "layouts/layout-17-chromium-cremasco-none-zebra-narrow7-split-run-both",
    # Chromium, a frame, white letters on a dark header band, zebra stripes
    "darkband": "layouts/layout-21-chromium-cremasco-frame-band_dark-zebra-sans9-cut-split",
}
"""Scan layout -> the born-digital sample it is printed from (under samples/)."""


@dataclass(frozen=True)
class Variant:
    dpi: int
    copy: bool = False
    quality: int = 40
    """JPEG quality of the stored picture."""


VARIANTS = {"300": Variant(300), "200": Variant(200), "copy": Variant(300, copy=True)}
SCANS = {
    f"{layout}_{variant}": (source, VARIANTS[variant])
    for layout, source in LAYOUTS.items()
    for variant in (("300", "200", "copy") if layout in ("grid", "hrules") else ("300",))
}
"""Every scan: the grid and the rules between rows in every variant, Writer's grid and the
unruled table at 300 dpi (a scan weighs about 400 KB a page: the set is kept small)."""


def rasterise(pdf: Path, dpi: int, into: Path) -> list[Path]:
    """The pages of `pdf` as greyscale pictures at `dpi`, by pdftoppm."""
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(into / "page")],
        check=True,
    )
    return sorted(into.glob("page-*.pgm"))


def photocopy(picture: Image.Image, seed: int) -> Image.Image:
    """A page as a photocopy gives it back: turned by up to a degree, blurred, grainy, its
    white a little grey and its black a little faded."""
    rng = random.Random(seed)
    angle = rng.uniform(0.3, 1.0) * rng.choice((-1, 1))
    turned = picture.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(turned, dtype=np.float32)
    pixels = 30 + pixels * (232 - 30) / 255  # faded ink on greyish paper
    grain = np.random.default_rng(seed).normal(0.0, 12.0, pixels.shape)
    grainy = Image.fromarray(np.clip(pixels + grain, 0, 255).astype(np.uint8), mode="L")
    return grainy.filter(ImageFilter.GaussianBlur(0.9))  # the copier's optics blur both


def build(name: str) -> Path:
    source, variant = SCANS[name]
    with tempfile.TemporaryDirectory() as tmp:
        pictures = []
        for number, page in enumerate(rasterise(HERE / f"{source}.pdf", variant.dpi, Path(tmp))):
            picture = Image.open(page).convert("L")
            if variant.copy:
                picture = photocopy(picture, seed=hash_seed(name, number))
            pictures.append(picture)
        target = OUT / f"{name}.pdf"
        part = target.with_suffix(".part")
        first, *rest = pictures
        first.save(
            part,
            "PDF",
            save_all=True,
            append_images=rest,
            resolution=float(variant.dpi),
            quality=variant.quality,
            title=f"{Path(source).name} scanned ({name})",
            producer="pdztables samples/scans.py",
        )
        part.replace(target)
    shutil.copyfile(HERE / f"{source}.csv", OUT / f"{name}.csv")
    return target


def hash_seed(name: str, number: int) -> int:
    """A seed fixed by the scan's name and page (Python's `hash` of a string changes per run)."""
    return sum(ord(c) * 31**i for i, c in enumerate(name)) % 2**31 + number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", default=None, help="scan names (default: all)")
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("error: pdftoppm not found: install poppler-utils", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    names = args.only or list(SCANS)
    for name in names:
        if name not in SCANS:
            print(f"error: no scan named {name!r}; known: {', '.join(SCANS)}", file=sys.stderr)
            return 2
        path = build(name)
        with (OUT / f"{name}.csv").open(encoding="utf-8") as fh:
            rows = sum(1 for _ in csv.reader(fh)) - 1
        print(f"{path.relative_to(HERE.parent)}: {path.stat().st_size // 1024} KB, {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
