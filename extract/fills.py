"""Text that draws no words: leader dots and rules typed as dashes.

A word processor fills the white between a label and its value with leader dots
(`Fondo Sociale Regionale ........ 1.330.134,00`); a table typed in a monospace font draws its
rules as a line of dashes (`------  ------`). Both stand where white or a rule would stand in
a table drawn with graphics. The reader turns them into what they stand for before any
text is read: a run of at least `FILL_RUN` dots (single spaces between them allowed) going on
from a text on its line is left out, so the label and the value are two texts with white
between them (dots standing alone are a cell's text: Istat's `....`, data not available); a
line made only of at least `FILL_RUN` dashes, underscores or equals signs in a row (spaces
between runs allowed) becomes horizontal rules, one per run. A run of fewer is text (`ecc...`,
`--`, a dash for a missing value); dashes beside other text on their line are text too.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from pdztables.errors import plural

from .primitives import monospace

Obj = dict[str, Any]

FILL_RUN = 4
"""Dots in a row at least this many are a leader, dashes a rule typed in text (`ecc...`, a
`--` for a missing value are text)."""

log = logging.getLogger("pdztables.reader")

DOTS = frozenset(".·…")
DASHES = frozenset("-–—_=")


def read_fills(chars: Sequence[Obj], number: int) -> tuple[list[Obj], list[Obj]]:
    """The characters less leader dots and typed rules, and the typed rules as line objects;
    what was found is logged for page `number`."""
    kept, rules, leaders = typed_fills(chars, FILL_RUN)
    if leaders:
        log.warning(
            "page %d fills white with %s (runs of dots); they were read as white",
            number,
            plural(leaders, "leader"),
        )
    if rules:
        log.warning(
            "page %d types %s as dashes; they were read as rules",
            number,
            plural(len(rules), "rule"),
        )
    return kept, rules


def typed_fills(chars: Sequence[Obj], fill_run: int) -> tuple[list[Obj], list[Obj], int]:
    """The characters less the leader dots and the dashes of typed rules; the typed rules as
    line objects; how many leaders there were."""
    if not any(c["text"] in DOTS or c["text"] in DASHES for c in chars):
        return list(chars), [], 0
    drop: set[int] = set()
    rules: list[Obj] = []
    leaders = 0
    for run in _runs(chars, DOTS, spaced=True):
        if (len(run) >= fill_run and _after_text(chars, run[0])) or _padding(chars, run):
            drop.update(run)
            leaders += 1
    dashed = any(len(r) >= fill_run for r in _runs(chars, DASHES, spaced=False))
    for line in _lines(chars) if dashed else ():
        inked = [k for k in line if chars[k]["text"].strip()]
        if not inked or any(chars[k]["text"] not in DASHES for k in inked):
            continue
        runs = _runs([chars[k] for k in line], DASHES, spaced=False)
        if not runs or any(len(r) < fill_run for r in runs):
            continue
        for r in runs:
            members = [line[k] for k in r]
            rules.append(_rule(chars, members))
            drop.update(members)
    kept = [c for k, c in enumerate(chars) if k not in drop]
    return kept, rules, leaders


def _runs(chars: Sequence[Obj], fill: frozenset[str], spaced: bool) -> list[list[int]]:
    """Runs of fill characters in a row as drawn, left to right on one line (spaces inside a
    run allowed where `spaced`), as indexes."""
    out: list[list[int]] = []
    run: list[int] = []
    for k, c in enumerate(chars):
        text = c["text"]
        if text in fill and run and _follows(chars[run[-1]], c):
            run.append(k)
            continue
        single = not run or chars[run[-1]]["text"] != " "  # one space between dots, no gutter
        if spaced and text == " " and run and single and _follows(chars[run[-1]], c):
            run.append(k)
            continue
        if run:
            out.append(run)
        run = [k] if text in fill else []
    if run:
        out.append(run)
    return [[k for k in r if chars[k]["text"] in fill] for r in out]


def _after_text(chars: Sequence[Obj], first: int) -> bool:
    """Whether a run of dots starting at `first` goes on from a text before it on its line
    (touching it, or a space after it): a leader follows a label; dots standing alone are a
    cell's text (Istat's `....`, data not available)."""
    k = first - 1
    if k >= 0 and chars[k]["text"] == " " and _follows(chars[k], chars[first]):
        k -= 1
        if k < 0 or not _follows(chars[k], chars[k + 1]):
            return False
    elif k < 0 or not _follows(chars[k], chars[first]):
        return False
    return bool(chars[k]["text"].strip()) and chars[k]["text"] not in DOTS


def _padding(chars: Sequence[Obj], run: Sequence[int]) -> bool:
    """Whether a short run of dots pads typed text to its column's end (`Tutela minori ...`
    in a monospace font): after a space after a word, then two spaces or the line's end,
    every one of these characters as wide as the others. `ecc...` and a lone `...` are
    text."""
    first, last = run[0], run[-1]
    if first < 2 or last - first + 1 != len(run):
        return False
    word, space = chars[first - 2], chars[first - 1]
    if space["text"] != " " or not word["text"].strip() or word["text"] in DOTS:
        return False
    after = [c for c in chars[last + 1 : last + 3] if _follows(chars[last], c)]
    if after and (len(after) < 2 or any(c["text"] != " " for c in after)):
        return False  # text goes on after the dots, or one space only: not a column's end
    typed = [word, space, *(chars[k] for k in run), *after]
    return monospace([float(c["x1"]) - float(c["x0"]) for c in typed])


def _follows(a: Obj, b: Obj) -> bool:
    """Whether `b` goes on from `a` on its line: to its right, no further off than `a` is wide
    (a run's dots touch; two cells' `..` stand a gutter apart)."""
    height = max(float(a["bottom"]) - float(a["top"]), 0.1)
    x0, x1 = float(a["x0"]), float(a["x1"])
    return (
        x0 <= float(b["x0"]) <= x1 + (x1 - x0) + 0.01
        and abs(float(b["top"]) - float(a["top"])) < height / 2
    )


def _lines(chars: Sequence[Obj]) -> list[list[int]]:
    """The characters in lines (tops within half a letter's height of the line's first), each
    left to right, as indexes."""
    order = sorted(range(len(chars)), key=lambda k: float(chars[k]["top"]))
    lines: list[list[int]] = []
    first = 0.0
    for k in order:
        c = chars[k]
        height = float(c["bottom"]) - float(c["top"])
        if lines and float(c["top"]) - first < height / 2:
            lines[-1].append(k)
        else:
            lines.append([k])
            first = float(c["top"])
    return [sorted(line, key=lambda k: float(chars[k]["x0"])) for line in lines]


def _rule(chars: Sequence[Obj], members: Sequence[int]) -> Obj:
    """A line object where a run of dashes stands: along the middle of its dashes (an
    underscore's foot), from the first's left to the last's right."""
    first, last = chars[members[0]], chars[members[-1]]
    low = all(chars[k]["text"] == "_" for k in members)
    top, bottom = float(first["top"]), float(first["bottom"])
    y = bottom if low else (top + bottom) / 2
    x0, x1 = float(first["x0"]), float(last["x1"])
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": y,
        "bottom": y,
        "doctop": float(first.get("doctop", top)) - top + y,
        "y0": float(first.get("y0", 0.0)),
        "y1": float(first.get("y0", 0.0)),
        "width": x1 - x0,
        "height": 0.0,
        "pts": [(x0, y), (x1, y)],
        "linewidth": 0.5,
        "stroke": True,
        "fill": False,
        "stroking_color": first.get("non_stroking_color"),
        "non_stroking_color": first.get("non_stroking_color"),
        "page_number": first.get("page_number"),
    }
