"""Is every tolerance pinned by a test? Each setting, made 3 times larger and 3 times
smaller, must make some test fail.

    python benchmarks/pinned.py [--factor 3] [--only header_gap,end_gap,CROWDED]

The tolerances are the fields of `LayoutSettings` and the repairs' constants in `CONSTANTS`
(named `module:NAME`; `--only` takes the bare name).

For each field of `LayoutSettings` and each of its two changed values (clamped to what the
settings accept: a share at most 1, `thin_fill` below `min_band`, `header_matches` at least 2),
runs the unit tests of the layout engine (`QUICK`: seconds) with that default changed, and
only when none of them fails the whole suite (without the README checks, which name the
defaults, and the tests that interrupt a run after a time, which fail on a busy machine),
stopping at the first failure; it prints which test caught it, or `NOT PINNED`. Exit 1 when
some change goes unseen. Two changes run side by side (`--jobs`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent

QUICK = (
    "tests/test_geometry.py",
    "tests/test_tables.py",
    "tests/test_screen.py",
    "tests/test_merges.py",
    "tests/test_pages.py",
    "tests/test_text.py",
    "tests/test_fills.py",
)
"""The engine's and the repairs' unit tests, run first: most changes are caught there in
seconds."""

CONSTANTS = (
    "pdztables.normalize.text:ROOM_ERROR",
    "pdztables.normalize.text:TABLE_WORD",
    "pdztables.normalize.text:CROWDED",
    "pdztables.normalize.text:UNSURE_PIECE",
    "pdztables.normalize.words:ENDING_SHARE",
    "pdztables.normalize.merges:MIN_RUNS",
    "pdztables.normalize.merges:MIN_EMPTY",
    "pdztables.normalize.merges:LEFT_OUT",
    "pdztables.extract.bounds:OVERPRINT",
    "pdztables.extract.turn:TURNED_SHARE",
    "pdztables.extract.fills:FILL_RUN",
    "pdztables.extract.running:RUNNING_BELOW",
)
"""The repairs' tolerances, module constants: how a cut word is told from two words, and
a column of merged cells from a column with gaps."""

PLUGIN = """
import importlib
import os
from dataclasses import fields

from pdztables.extract.settings import LayoutSettings

name, value = os.environ["PDZ_PINNED"].split("=")
if ":" in name:
    module, constant = name.split(":")
    found = importlib.import_module(module)
    setattr(found, constant, type(getattr(found, constant))(float(value)))
else:
    names = [f.name for f in fields(LayoutSettings)]
    defaults = list(LayoutSettings.__init__.__defaults__)
    kind = type(defaults[names.index(name)])
    defaults[names.index(name)] = kind(float(value))
    LayoutSettings.__init__.__defaults__ = tuple(defaults)
"""


def changed(name: str, default: float, factor: float) -> float:
    """The default times `factor`, kept within what the settings accept."""
    from pdztables.extract import LayoutSettings
    from pdztables.extract.settings import SHARES

    base = LayoutSettings()
    value: float = default * factor
    if isinstance(default, int):
        value = max(1, round(value))
    if name in SHARES or name.endswith(":MIN_EMPTY"):
        value = min(value, 1.0)
    if name == "header_matches":
        value = max(value, 2)
    if name == "thin_fill":
        value = min(value, base.min_band - 0.1)
    if name == "min_band":
        value = max(value, base.thin_fill + 0.1)
    return value


def run_suite(name: str, value: float, plugin_dir: Path) -> tuple[bool, str]:
    """(caught, by what): the quick tests, then the suite, with one default changed."""
    caught, by = _pytest(name, value, plugin_dir, list(QUICK))
    return (caught, by) if caught else _pytest(name, value, plugin_dir, [])


def _pytest(name: str, value: float, plugin_dir: Path, paths: list[str]) -> tuple[bool, str]:
    """(caught, by what): pytest on `paths` (all tests when empty) with one default changed,
    up to its first failure."""
    env = dict(os.environ, PDZ_PINNED=f"{name}={value}")
    env["PYTHONPATH"] = os.pathsep.join([str(plugin_dir), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-x",
            "-rfE",
            "-q",
            "-p",
            "pdz_pinned",
            "-p",
            "no:cacheprovider",
            "--ignore",
            "tests/test_docs.py",
            "--ignore",
            "tests/test_batch.py",  # interrupts a batch after a time: it fails on a busy machine
            "-k",
            "not signal",  # as does stopping a run by a signal
            *paths,
        ],
        cwd=ROOT.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode == 0:
        return False, ""
    failed = [ln for ln in done.stdout.splitlines() if ln.startswith(("FAILED", "ERROR"))]
    return True, failed[0].split(" - ")[0] if failed else done.stdout.strip()[-200:]


def _constant(name: str) -> float:
    """The value of a module constant named `module:NAME`."""
    module, constant = name.split(":")
    value: float = getattr(importlib.import_module(module), constant)
    return value


def main() -> int:
    from pdztables.extract import LayoutSettings

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--factor", type=float, default=3.0)
    parser.add_argument("--only", default="", help="comma-separated settings to check")
    parser.add_argument("--jobs", type=int, default=2, help="changes checked side by side")
    args = parser.parse_args()
    plugin_dir = ROOT.parent / "build" / "pinned"
    plugin_dir.mkdir(parents=True, exist_ok=True)
    (plugin_dir / "pdz_pinned.py").write_text(PLUGIN, encoding="utf-8")
    only = {s for s in args.only.split(",") if s}
    base = LayoutSettings()
    tolerances = [(f.name, getattr(base, f.name)) for f in fields(LayoutSettings)]
    tolerances += [(name, _constant(name)) for name in CONSTANTS]
    unknown = sorted(only - {name.split(":")[-1] for name, _ in tolerances})
    if unknown:
        sys.exit(
            f"error: no tolerance named {', '.join(unknown)}; see LayoutSettings and CONSTANTS"
        )
    changes = []
    for name, default in tolerances:
        if only and name.split(":")[-1] not in only:
            continue
        for factor in (args.factor, 1 / args.factor):
            value = changed(name, default, factor)
            if value == default:
                print(f"{name:18} {default!s:>5} -> {value!s:<7} (cannot change)", flush=True)
            else:
                changes.append((name, default, value))

    def check(change: tuple[str, float, float]) -> tuple[bool, str, float]:
        start = time.perf_counter()
        caught, by = run_suite(change[0], change[2], plugin_dir)
        return caught, by, time.perf_counter() - start

    unseen = []
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        for (name, default, value), (caught, by, took) in zip(
            changes, pool.map(check, changes), strict=True
        ):
            verdict = by if caught else "NOT PINNED"
            print(f"{name:18} {default!s:>5} -> {value!s:<7} {took:5.0f} s  {verdict}", flush=True)
            if not caught:
                unseen.append(f"{name}={value}")
    print("every change caught" if not unseen else f"not pinned: {', '.join(unseen)}")
    return 1 if unseen else 0


if __name__ == "__main__":
    sys.exit(main())
