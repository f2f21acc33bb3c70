"""Text set vertically on an upright page: a header cell whose words run up (or down) a tall,
narrow column.

pdfplumber reads such letters one by one, each a line of its own (`R`, `e`, `s`, ...), and a
header of them falls apart into letters scattered over many lines. The reader takes each run
of them as the text it is, read in its own direction (up the page where the letters' matrix
turns them a quarter to the left, down where it turns them to the right), and gives the engine
one upright piece of text standing in the run's box: `Residenti` where the letters stand. A
run is the letters drawn one after another, on one line across (their left ends within a
letter of one another), each following the last along the run's direction without white of
more than a letter between them; white wider than half the last letter's advance is a space.
Only runs standing in a row of such texts are read so (another run starting beside them at the
same height, as the cells of a header row turned up): a run alone, a stamp up the page's margin,
is left as drawn. A page whose text mostly runs up or down is turned whole instead (`turn.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from pdztables.errors import plural

from .turn import LEFT, direction

Obj = dict[str, Any]

log = logging.getLogger("pdztables.reader")


def read_vertical(chars: Sequence[Obj], number: int) -> list[Obj]:
    """The characters with each vertical run replaced by one upright piece of its text; how
    many runs there were is logged for page `number`."""
    if all(c.get("upright", True) for c in chars):
        return list(chars)
    runs = _in_rows(chars, _runs(chars))
    if not runs:
        return list(chars)
    first = {run[0]: _upright(chars, run) for run in runs}
    inside = {k for run in runs for k in run[1:]}
    out = [first.get(k, c) for k, c in enumerate(chars) if k not in inside]
    log.warning(
        "page %d sets %s vertically; each was read in its own direction",
        number,
        plural(len(runs), "text"),
    )
    return out


def _runs(chars: Sequence[Obj]) -> list[list[int]]:
    """Runs of letters set vertically, as indexes in drawing order (two letters at least)."""
    out: list[list[int]] = []
    run: list[int] = []
    for k, c in enumerate(chars):
        if not c.get("upright", True) and run and _follows(chars[run[-1]], c):
            run.append(k)
            continue
        if len(run) >= 2:
            out.append(run)
        run = [k] if not c.get("upright", True) else []
    if len(run) >= 2:
        out.append(run)
    return out


def _in_rows(chars: Sequence[Obj], runs: list[list[int]]) -> list[list[int]]:
    """The runs that stand in a row of vertical texts: another run starts beside it, at the
    same height within half a letter (a header row of cells turned up, set from their foot).
    A run alone (a stamp up the page's margin, a date turned in a corner) is left as drawn."""

    def start(run: list[int]) -> float:
        first = chars[run[0]]
        return float(first["bottom"]) if _up(first) else float(first["top"])

    out = []
    for run in runs:
        half = (float(chars[run[0]]["bottom"]) - float(chars[run[0]]["top"])) / 2
        if any(o is not run and abs(start(o) - start(run)) <= half for o in runs):
            out.append(run)
    return out


def _up(c: Obj) -> bool:
    """Whether a letter reads up the page (turned a quarter to the left)."""
    return direction(c) == LEFT


def _follows(a: Obj, b: Obj) -> bool:
    """Whether letter `b` goes on from `a` in a vertical run: the same direction, on one line
    across, next along the run, no further off than a letter's advance."""
    if _up(a) != _up(b):
        return False
    width = float(a["x1"]) - float(a["x0"])
    if abs(float(b["x0"]) - float(a["x0"])) > width:
        return False
    advance = float(a["bottom"]) - float(a["top"])
    return -advance / 2 <= _gap(a, b) <= advance


def _gap(a: Obj, b: Obj) -> float:
    """The white from letter `a` to the next, `b`, along the run's direction."""
    if _up(a):
        return float(a["top"]) - float(b["bottom"])
    return float(b["top"]) - float(a["bottom"])


def _upright(chars: Sequence[Obj], run: Sequence[int]) -> Obj:
    """One upright piece of a run's text, in the run's box."""
    letters = [chars[k] for k in run]
    text = letters[0]["text"]
    for a, b in pairwise(letters):
        advance = float(a["bottom"]) - float(a["top"])
        if _gap(a, b) > advance / 2 and not text.endswith(" ") and b["text"] != " ":
            text += " "
        text += b["text"]
    first = letters[0]
    x0 = min(float(c["x0"]) for c in letters)
    x1 = max(float(c["x1"]) for c in letters)
    top = min(float(c["top"]) for c in letters)
    bottom = max(float(c["bottom"]) for c in letters)
    return {
        **first,
        "text": text.strip(),
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": float(first.get("doctop") or first["top"]) - float(first["top"]) + top,
        "width": x1 - x0,
        "height": bottom - top,
        "upright": True,
    }
