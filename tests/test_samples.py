"""Every sample PDF against its golden CSV, cell by cell; Cremasco goldens against the seed.

The samples are the hand-built ones in `samples/` and the fixed set of the layout generator in
`samples/layouts/` (see `samples/layouts.py`): every one comes out exact, with no validation
error but where the drawing is truly ambiguous (the audit's `merged_open`: an empty cell under a
filled one that nothing drawn closes; `merged_unruled`: cells filled from the one above in a
table with no rules).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pdztables.pipeline import run
from pdztables.reports import read_csv, write_csv
from pdztables.schemas.findings import Failure

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.pdf"))
LAYOUTS = sorted((ROOT / "samples" / "layouts").glob("*.pdf"))
SEED = ROOT.parent / "shared" / "seed" / "pdz-cremasco-expected.csv"


def test_there_are_samples() -> None:
    assert len(SAMPLES) >= 4
    assert len(LAYOUTS) >= 40


def test_the_fixed_layouts_cover_every_producer_and_the_reported_layouts() -> None:
    index = json.loads((ROOT / "samples" / "layouts" / "index.json").read_text("utf-8"))
    assert sorted(index) == sorted(p.stem for p in LAYOUTS)
    producers = {layout["producer"] for layout in index.values()}
    assert producers == {"reportlab", "writer", "calc", "chromium"}
    assert {s for s in index if s.startswith("reported-")} == {
        "reported-band-over-hrules",
        "reported-two-row-header",
        "reported-zebra-dark-header",
        "reported-date-fragment",
    }


@pytest.mark.parametrize("pdf", SAMPLES + LAYOUTS, ids=lambda p: p.stem)
def test_sample_matches_its_golden_csv(pdf: Path, tmp_path: Path) -> None:
    golden = read_csv(pdf.with_suffix(".csv"))
    result = run(pdf)
    out = tmp_path / "out.csv"
    write_csv(result.table.frame, out, sep=",")
    got = read_csv(out)
    assert list(got.columns) == list(golden.columns)
    assert len(got) == len(golden), f"{len(got)} rows, golden has {len(golden)}"
    diffs = [
        f"row {i + 1} ({golden.at[i, golden.columns[0]]}) {col}: {got.at[i, col]!r} != {want!r}"
        for col in golden.columns
        for i, want in enumerate(golden[col])
        if got.at[i, col] != want
    ]
    assert not diffs, f"{len(diffs)} cells differ:\n" + "\n".join(diffs[:20])
    unexplained = [f.message for f in result.validation.errors if not truly_unsure(f, golden)]
    assert not unexplained, unexplained


def truly_unsure(finding: Failure, golden: pd.DataFrame) -> bool:
    """Whether an error of an exact reading points where the drawing is truly ambiguous: an
    empty cell under a filled one that nothing drawn closes (`merged_open`: a cell merged
    down, or empty?), or one filled from the cell above in a table with no rules
    (`merged_unruled`: merged down, as read?)."""
    if finding.check not in ("merged_open", "merged_unruled"):
        return False
    key = golden.columns[0]
    rows = golden.index[golden[key] == finding.row].tolist()
    if len(rows) != 1 or rows[0] == 0:
        return False
    i, column = rows[0], finding.column
    above = golden.at[i - 1, column]
    if finding.check == "merged_open":
        return golden.at[i, column] == "" and above != ""
    return golden.at[i, column] == above == finding.value


@pytest.mark.parametrize(
    "pdf",
    [p for p in SAMPLES + LAYOUTS if "cremasco" in p.stem or p.stem.startswith("reported-")],
    ids=lambda p: p.stem,
)
def test_cremasco_golden_equals_the_seed(pdf: Path) -> None:
    if not SEED.exists():
        pytest.skip(f"{SEED} not found")
    seed = read_csv(SEED)
    golden = read_csv(pdf.with_suffix(".csv"))
    pd.testing.assert_frame_equal(golden[list(seed.columns)], seed)
