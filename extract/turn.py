"""A page whose text runs up or down the page (a wide table printed at 90° on a portrait page)
is turned the right way up before anything reads it.

The characters' own matrices tell which way the text runs: turned a quarter to the left (it
reads bottom to top) or to the right (top to bottom). When nearly all of a page's letters run
one of those ways, every character, rule, rectangle and curve of the page, and the cells of
its ruled grids, are turned a quarter the other way, so that the page reads like any other:
its width and height swap. The turn is kept with the page (`PageData.turn`): the report
renders the page's picture turned the same way, so that its marks land where they are read.

A page with a turned table beside upright text of its own is read as it is (only a page that
is mostly turned text is turned). On a page turned, the few letters that ran across the page's
text (a page number, a running head printed upright) run up or down the turned page: they are
left out of its reading, and noted.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from pdztables.errors import plural

from .models import BBox

log = logging.getLogger("pdztables.reader")

TURNED_SHARE = 0.8
"""A page is turned when at least this share of its letters run the same way up or down it."""

LEFT, RIGHT = 90, 270
"""The turns, in degrees clockwise, that bring text turned a quarter to the left (reading
bottom to top) or to the right (top to bottom) the right way up."""


def direction(c: dict[str, Any]) -> int:
    """The turn that brings a letter the right way up: `LEFT` for one advancing up the page,
    `RIGHT` for one advancing down it, 0 for an upright one (or one turned otherwise)."""
    matrix = c.get("matrix")
    if not matrix or c.get("upright", True):
        return 0
    b, cc = matrix[1], matrix[2]
    if b > 0 > cc:
        return LEFT
    if b < 0 < cc:
        return RIGHT
    return 0


def turn_of(chars: Sequence[dict[str, Any]]) -> int:
    """The turn that brings a page's text the right way up: 0, `LEFT` or `RIGHT`."""
    up = down = inked = 0
    for c in chars:
        if not str(c.get("text", "")).strip():
            continue
        inked += 1
        turn = direction(c)
        up += turn == LEFT
        down += turn == RIGHT
    if inked == 0:
        return 0
    if up >= TURNED_SHARE * inked:
        return LEFT
    if down >= TURNED_SHARE * inked:
        return RIGHT
    return 0


def turned_text(
    chars: Sequence[dict[str, Any]], turn: int, width: float, height: float, number: int
) -> tuple[dict[str, Any], ...]:
    """A turned page's letters, turned: those that ran the page's way (see `turn_of`); the
    others, which ran across them, left out and noted."""
    along = [c for c in chars if not c.get("upright", True) or not str(c["text"]).strip()]
    across = len(chars) - len(along)
    if across:
        log.warning(
            "page %d: its text runs %s the page and was turned to be read; %s printed across "
            "it (a page number, a running head) left out",
            number,
            "up" if turn == LEFT else "down",
            plural(across, "letter"),
        )
    return tuple(turn_object(c, turn, width, height) for c in along)


def turn_box(box: BBox, turn: int, width: float, height: float) -> BBox:
    """A box (x0, top, x1, bottom) of a page `width` by `height` on the page turned: its two
    corners turned (`turn_point`), ordered again."""
    ax, ay = turn_point(box[0], box[1], turn, width, height)
    bx, by = turn_point(box[2], box[3], turn, width, height)
    return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def turn_object(obj: dict[str, Any], turn: int, width: float, height: float) -> dict[str, Any]:
    """A character or drawn object of the page, turned: its box, its points, and a letter's
    size and direction (it reads left to right now)."""
    box = (float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))
    x0, top, x1, bottom = turn_box(box, turn, width, height)
    out = dict(obj)
    out.update(x0=x0, x1=x1, top=top, bottom=bottom, width=x1 - x0, height=bottom - top)
    out["doctop"] = float(obj.get("doctop", obj["top"])) - float(obj["top"]) + top
    out["y0"], out["y1"] = width - bottom, width - top  # the turned page is `width` tall
    if obj.get("pts"):
        out["pts"] = [turn_point(float(x), float(y), turn, width, height) for x, y in obj["pts"]]
    if obj.get("object_type") == "char":
        out["upright"] = True
        out["size"] = bottom - top
        if obj.get("matrix"):
            _, b, c, _, e, f = obj["matrix"]
            out["matrix"] = (abs(b), 0.0, 0.0, abs(c), e, f)
    return out


def turn_point(x: float, top: float, turn: int, width: float, height: float) -> tuple[float, float]:
    """A point (x, top) of a page `width` by `height` on the page turned `turn` clockwise."""
    if turn == LEFT:
        return (height - top, x)
    if turn == RIGHT:
        return (top, width - x)
    return (x, top)
