"""Geometry in its bounds: what a page draws outside its own box never reaches the engine.

A PDF can place text and lines anywhere: a content stream changed by damage or by hand may
scale a page's drawing by 1e20, move it off the page, or give a coordinate that is not a
number at all. No viewer shows what lies outside the page's box, and the layout engine's
steps assume positions a page apart, not 1e20 apart. So, right after the PDF libraries read a
page and before anything else sees it:

- a character is kept when its coordinates are finite and its middle lies on the page (a
  letter cut by the page's edge stays, as a viewer shows its part);
- a drawn line, rectangle or curve with a coordinate that is not finite is dropped; one that
  lies wholly off the page is dropped; one that reaches past the page's edge (a background
  bleeding off the page) is cut to the page;
- a page's box larger than PDF's own limit (`LARGEST_PAGE` points a side, ISO 32000-1 annex C)
  is read only that far;
- a character or a drawn object drawn again exactly over itself (the same text, font, size,
  colour and box, to a thousandth of a point; for a drawing, the same points) is read once, and
  noted where a page draws its text or drawing at least twice over (two cells sharing a border
  draw it twice: not noted);
- a letter drawn again within a point of itself (the same text, font and size: a letter made
  bold by printing it twice, slightly apart, which would read `北北京京` for `北京`) is read
  once, as pdfplumber's `dedupe_chars` reads it (its tolerance; the first letter kept), and
  noted.

What was dropped is logged once per page, and the report lists it under "What the PDF reader
noted".
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from typing import Any

from pdztables.errors import plural

from .models import BBox

LARGEST_PAGE = 14_400.0
"""The largest side of a page PDF allows (200 inches), in points."""

BOXED = ("x0", "x1", "top", "bottom")
DRAWN = ("line", "rect", "curve")

log = logging.getLogger("pdztables.reader")


def page_box(bbox: tuple[float, float, float, float]) -> BBox:
    """The part of a page's box the reader reads: all of it, up to PDF's largest page."""
    x0, top, x1, bottom = (float(v) for v in bbox)
    if not all(math.isfinite(v) for v in (x0, top, x1, bottom)):
        return (0.0, 0.0, LARGEST_PAGE, LARGEST_PAGE)
    x0, x1 = min(x0, x1), max(x0, x1)
    top, bottom = min(top, bottom), max(top, bottom)
    return (x0, top, min(x1, x0 + LARGEST_PAGE), min(bottom, top + LARGEST_PAGE))


def within_page(
    objects: dict[str, list[dict[str, Any]]], box: BBox, number: int
) -> dict[str, list[dict[str, Any]]]:
    """The page's objects kept, cut or dropped to the page's box (see the module); what was
    dropped is logged."""
    dropped: Counter[str] = Counter()
    out: dict[str, list[dict[str, Any]]] = {}
    again: Counter[str] = Counter()
    for kind, objs in objects.items():
        if kind == "char":
            kept = [c for c in objs if _on_page(c, box)]
        elif kind in DRAWN:
            kept = [o for o in (_cut(o, box) for o in objs) if o is not None]
        else:
            kept = [o for o in objs if _finite(o)]
        dropped[kind] += len(objs) - len(kept)
        if kind == "char" or kind in DRAWN:
            once = _once(kept, CHAR_LOOK if kind == "char" else DRAWN_LOOK)
            if len(kept) >= 2 * len(once):  # the page drawn over itself, not a shared border
                again[kind] += len(kept) - len(once)
            kept = once
        if kind == "char":
            kept, twice = _printed_once(kept)
            if twice:
                log.warning(
                    "page %d draws %s again a point or less apart (bold made by printing a "
                    "letter twice); each was read once",
                    number,
                    plural(twice, "character"),
                )
        out[kind] = kept
    if +again:
        what = _counted(again)
        log.warning(
            "page %d draws %s again exactly over themselves; each was read once", number, what
        )
    if +dropped:
        what = _counted(dropped)
        log.warning(
            "page %d draws %s outside the page or at positions that are not numbers; "
            "they were left out",
            number,
            what,
        )
    return out


_NAMES = {"char": "character", "line": "line", "rect": "rectangle", "curve": "curve"}


def _counted(counts: Counter[str]) -> str:
    return ", ".join(plural(n, _NAMES.get(k, k)) for k, n in sorted(counts.items()) if n)


CHAR_LOOK = ("text", "fontname", "size", "non_stroking_color", "stroking_color")
DRAWN_LOOK = ("object_type", "stroke", "fill", "linewidth", "non_stroking_color", "stroking_color")


def _once(objs: list[dict[str, Any]], look: tuple[str, ...]) -> list[dict[str, Any]]:
    """The objects less those drawn again exactly over an earlier one that looks the same.
    The objects are bucketed by their corner first: only those sharing one are compared
    whole (most share none)."""
    spots: dict[tuple[float, float], list[Any]] = {}
    out = []
    for o in objs:
        spot = (round(o["x0"], 3), round(o["top"], 3))
        alike = spots.get(spot)
        if alike is None:
            spots[spot] = [o]
            out.append(o)
            continue
        key = _look_key(o, look)
        if any(_look_key(k, look) == key for k in alike):
            continue
        alike.append(o)
        out.append(o)
    return out


def _look_key(o: dict[str, Any], look: tuple[str, ...]) -> tuple[Any, ...]:
    """What makes an object the same drawing as another: its looks, points and box."""
    return (
        *map(o.get, look),
        tuple(o.get("pts") or ()),
        round(o["x0"], 3),
        round(o["top"], 3),
        round(o["x1"], 3),
        round(o["bottom"], 3),
    )


OVERPRINT = 1.0
"""Letters of the same text, font and size at most this far apart (points, across and down)
are one letter printed twice: pdfplumber's `dedupe_chars` default."""


def _printed_once(chars: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The characters less those printed again over an earlier one of the same text, font and
    size: within `OVERPRINT` across and down, and moved less than half the letter's own
    advance along its line (`ll` in a narrow font, or a rotated line's letters, are two
    letters). The order is kept; returns how many were dropped too. Each letter is compared
    with the earlier letters of its look in the cells of a grid twice `OVERPRINT` wide that
    its reach touches (two a side at most), not chained as pdfplumber's `dedupe_chars`
    clusters them (which drops the second `l` of `dell'` on a rotated page when another line
    has an `l` between the two)."""
    kept: dict[tuple[Any, ...], dict[tuple[int, int], list[dict[str, Any]]]] = {}
    out: list[dict[str, Any]] = []
    for c in chars:
        look = (c.get("upright"), c.get("text"), c.get("fontname"), c.get("size"))
        grid = kept.get(look)
        if grid is None:
            grid = kept[look] = {}
        x, y = c["x0"], c["top"]
        if not grid or not _near(c, grid, _reach(y), _reach(x)):
            out.append(c)
        own = (math.floor(y / _CELL), math.floor(x / _CELL))
        cell = grid.get(own)
        if cell is None:
            grid[own] = [c]
        else:
            cell.append(c)  # a print dropped still stands for its letter
    return out, len(chars) - len(out)


_CELL = 2 * OVERPRINT
"""The side of a cell of `_printed_once`'s grid: a letter's reach, `OVERPRINT` each way."""


def _reach(v: float) -> tuple[int, ...]:
    """The grid cells (along one axis) that a letter at `v` reaches, `OVERPRINT` each way."""
    a, b = math.floor((v - OVERPRINT) / _CELL), math.floor((v + OVERPRINT) / _CELL)
    return (a,) if a == b else (a, b)


def _near(
    c: dict[str, Any],
    grid: dict[tuple[int, int], list[dict[str, Any]]],
    rows: tuple[int, ...],
    cols: tuple[int, ...],
) -> bool:
    """Whether a letter is one in the grid's cells it reaches printed again."""
    for gy in rows:
        for gx in cols:
            cell = grid.get((gy, gx))
            if cell is not None:
                for k in cell:
                    if _over(c, k):
                        return True
    return False


def _over(c: dict[str, Any], k: dict[str, Any]) -> bool:
    """Whether letter `c` is letter `k` printed again (see `_printed_once`)."""
    across = abs(float(c["x0"]) - float(k["x0"]))
    down = abs(float(c["top"]) - float(k["top"]))
    if across > OVERPRINT or down > OVERPRINT:
        return False
    upright = c.get("upright", True)
    advance = float(k["x1"] - k["x0"]) if upright else float(k["bottom"] - k["top"])
    return (across if upright else down) < advance / 2


def _finite(obj: dict[str, Any]) -> bool:
    return all(
        isinstance(obj.get(k), (int, float)) and math.isfinite(obj[k]) for k in BOXED if k in obj
    )


def _on_page(c: dict[str, Any], box: BBox) -> bool:
    """Whether a character's middle lies on the page (never where a coordinate is not a
    number: every comparison with NaN is false, and infinities lie off any box)."""
    try:
        x = (float(c["x0"]) + float(c["x1"])) / 2
        y = (float(c["top"]) + float(c["bottom"])) / 2
    except (KeyError, TypeError, ValueError):
        return False
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _cut(obj: dict[str, Any], box: BBox) -> dict[str, Any] | None:
    """A drawn object cut to the box, or None when it has no finite place on the page."""
    if not _finite(obj):
        return None
    pts = obj.get("pts") or []
    if not all(math.isfinite(v) for pt in pts for v in pt):
        return None
    x0, top, x1, bottom = (float(obj[k]) for k in ("x0", "top", "x1", "bottom"))
    if x1 < box[0] or x0 > box[2] or bottom < box[1] or top > box[3]:
        return None
    inside = box[0] <= x0 and x1 <= box[2] and box[1] <= top and bottom <= box[3]
    if inside:
        return obj
    cut = dict(obj)
    cut["x0"], cut["x1"] = _clamp(x0, box[0], box[2]), _clamp(x1, box[0], box[2])
    cut["top"], cut["bottom"] = _clamp(top, box[1], box[3]), _clamp(bottom, box[1], box[3])
    moved_top, moved_bottom = cut["top"] - top, bottom - cut["bottom"]
    if isinstance(obj.get("y1"), (int, float)):
        cut["y1"] = obj["y1"] - moved_top
    if isinstance(obj.get("y0"), (int, float)):
        cut["y0"] = obj["y0"] + moved_bottom
    if isinstance(obj.get("doctop"), (int, float)):
        cut["doctop"] = obj["doctop"] + moved_top
    cut["width"], cut["height"] = cut["x1"] - cut["x0"], cut["bottom"] - cut["top"]
    if pts:
        cut["pts"] = [(_clamp(x, box[0], box[2]), _clamp(y, box[1], box[3])) for x, y in pts]
    return cut


def _clamp(v: float, lo: float, hi: float) -> float:
    return min(max(v, lo), hi)
