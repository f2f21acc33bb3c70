"""What a page draws, as rules and bands: `objects_to_graphics` turns pdfplumber's lines,
rectangles and curves into horizontal and vertical rules (a filled rectangle thinner than
`thin_fill` is a rule: browsers draw borders so) and keeps the filled rectangles that are
backgrounds (header bands, zebra stripes, group bands), merged where they touch. A fill no one
can see (inside another of its colour) is no band, and a rectangle filled as a path is a
filled rectangle, not four rules.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from .settings import LayoutSettings


@dataclass(frozen=True)
class Rule:
    """A drawn straight rule: at `pos` (y of a horizontal one, x of a vertical one), from
    `start` to `end` along its length."""

    pos: float
    start: float
    end: float

    @property
    def length(self) -> float:
        """How long the rule is."""
        return self.end - self.start


@dataclass(frozen=True)
class Band:
    """A filled rectangle behind text: a header band, a zebra stripe, a group band."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Graphics:
    """The rules and bands of a page."""

    hrules: tuple[Rule, ...]
    vrules: tuple[Rule, ...]
    bands: tuple[Band, ...]
    """Backgrounds, those side by side at one height merged (a row shaded cell by cell)."""
    fills: tuple[Band, ...] = ()
    """Backgrounds as drawn, one per filled rectangle (a cell's own shading)."""


def objects_to_graphics(
    objects: dict[str, list[dict[str, Any]]], settings: LayoutSettings
) -> Graphics:
    """The rules and background bands among a page's lines, rectangles and curves."""
    h: list[Rule] = []
    v: list[Rule] = []
    painted: list[_Paint] = []
    for obj in objects.get("line", []):
        _add_segment(
            h,
            v,
            float(obj["x0"]),
            float(obj["top"]),
            float(obj["x1"]),
            float(obj["bottom"]),
            settings.thin_fill,
        )
    _shapes(objects, settings, h, v, painted)
    hidden = _hidden(painted, settings.rule_snap)
    bands = [
        p.box
        for k, p in enumerate(painted)
        if p.band and k not in hidden and p.box.bottom - p.box.top >= settings.min_band
    ]
    hrules, vrules = _join(h, settings), _join(v, settings)
    return Graphics(
        hrules=tuple(_long_or_closed(hrules, vrules, settings)),
        vrules=tuple(_long_or_closed(vrules, hrules, settings)),
        bands=tuple(_merge_bands(bands, settings)),
        fills=tuple(bands),
    )


def _add_rect(
    h: list[Rule],
    v: list[Rule],
    painted: list[_Paint],
    obj: dict[str, Any],
    box: tuple[float, float, float, float],
    settings: LayoutSettings,
    place: tuple[str, int, float],
) -> None:
    """A rectangle: a rule where it is thin, its four sides where it is stroked, and a fill
    (kept with its place in the drawing, for the bands) where it is filled."""
    x0, top, x1, bottom = box
    thin = min(x1 - x0, bottom - top) < settings.thin_fill
    if obj.get("fill") and not thin:
        painted.append(_paint(obj, box, place, rectangle=True))
    if thin and (obj.get("fill") or obj.get("stroke")):
        _add_segment(h, v, x0, top, x1, bottom, settings.thin_fill)
        return
    if obj.get("stroke"):
        for seg in (
            (x0, top, x1, top),
            (x0, bottom, x1, bottom),
            (x0, top, x0, bottom),
            (x1, top, x1, bottom),
        ):
            _add_segment(h, v, *seg, settings.thin_fill)


def _shapes(
    objects: dict[str, list[dict[str, Any]]],
    settings: LayoutSettings,
    h: list[Rule],
    v: list[Rule],
    painted: list[_Paint],
) -> None:
    """The rules (`h`, `v`) and fills (`painted`) of a page's rectangles and curves. A fill's
    place in the drawing is its `seq` where the reader gave one (playa's objects, in the
    order drawn), else the rectangles before the curves, each kind in its own order."""
    rects, curves = objects.get("rect", []), objects.get("curve", [])
    for i, obj in enumerate(rects):
        x0, top, x1, bottom = (float(obj[k]) for k in ("x0", "top", "x1", "bottom"))
        place = ("rect", i, float(obj.get("seq", i)))
        _add_rect(h, v, painted, obj, (x0, top, x1, bottom), settings, place)
    for i, obj in enumerate(curves):
        place = ("curve", i, float(obj.get("seq", len(rects) + i)))
        drawn = _rectangle(obj, settings.rule_snap)
        if drawn is not None:  # a rectangle drawn as a path, filled alone: a filled rectangle
            _add_rect(h, v, painted, obj, drawn, settings, place)
            continue
        if obj.get("fill") and obj.get("pts"):  # another shape: it may cover a fill, no more
            xs, ys = [float(q[0]) for q in obj["pts"]], [float(q[1]) for q in obj["pts"]]
            box = (min(xs), min(ys), max(xs), max(ys))
            painted.append(_paint(obj, box, place, rectangle=False))
        for (ax, ay), (bx, by) in itertools.pairwise(obj.get("pts", [])):
            _add_segment(
                h, v, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), settings.thin_fill
            )


def hidden_fills(
    objects: dict[str, list[dict[str, Any]]], settings: LayoutSettings
) -> set[tuple[str, int]]:
    """The filled rectangles (and rectangles filled as paths) no one can see, as (kind, place
    in its list): they draw no edge, for the table finder either."""
    painted: list[_Paint] = []
    _shapes(objects, settings, [], [], painted)
    return {painted[k].source for k in _hidden(painted, settings.rule_snap)}


def _rectangle(obj: dict[str, Any], snap: float) -> tuple[float, float, float, float] | None:
    """The box of a path that is filled and not stroked and whose points all stand on the
    corners of its box (within `snap`): a rectangle drawn point by point, whose edges are where
    its colour ends, not rules. None for any other path."""
    if not obj.get("fill") or obj.get("stroke"):
        return None
    pts = obj.get("pts") or []
    if len(pts) < 4:
        return None
    xs, ys = [float(p[0]) for p in pts], [float(p[1]) for p in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)

    def corner(x: float, y: float) -> bool:
        return min(abs(x - x0), abs(x - x1)) <= snap and min(abs(y - top), abs(y - bottom)) <= snap

    return (x0, top, x1, bottom) if all(corner(x, y) for x, y in zip(xs, ys, strict=True)) else None


@dataclass(frozen=True)
class _Paint:
    """A fill as painted: its box, its colour (None where it does not read), whether it is a
    band (not white), where it stands in the page's lists and in the drawing, and what it may
    do: a rectangle filled alone may be hidden, a rectangle with no hole may hide one, any
    fill of another colour painted over one between may show it."""

    box: Band
    colour: tuple[float, ...] | None
    band: bool
    source: tuple[str, int]
    """The object's kind (`rect`, `curve`) and place in its list."""
    order: float
    """Its place in the drawing."""
    may_hide: bool
    may_be_hidden: bool


def _paint(
    obj: dict[str, Any],
    box: tuple[float, float, float, float],
    place: tuple[str, int, float],
    rectangle: bool,
) -> _Paint:
    """A fill as painted. A stroked fill shows its border: it is not hidden. A rectangle filled
    even-odd may be one of a frame's two (pdfminer gives `re re f*`, a frame round a hole, as
    two rectangles and does not say they are one path): it is neither hidden nor hides."""
    colour = _numbers(obj)
    frame = bool(obj.get("evenodd"))
    return _Paint(
        Band(*box),
        tuple(round(c, 3) for c in colour) if colour else None,
        not is_white(obj),
        (place[0], place[1]),
        place[2],
        may_hide=rectangle and not frame,
        may_be_hidden=rectangle and not frame and not obj.get("stroke"),
    )


def _components(obj: dict[str, Any]) -> tuple[Any, ...] | list[Any] | None:
    """A fill's colour as the libraries give it, one number made a list of one; None where
    there is none."""
    colour = obj.get("non_stroking_color")
    if isinstance(colour, int | float):
        colour = (colour,)
    return colour if isinstance(colour, tuple | list) and colour else None


def _numbers(obj: dict[str, Any]) -> list[float] | None:
    """A fill's colour as numbers; None where it is not a list of numbers alone (a pattern, a
    colour space the libraries do not resolve)."""
    colour = _components(obj)
    if colour is None or not all(isinstance(c, int | float) for c in colour):
        return None
    return [float(c) for c in colour]


MAX_FILLS = 2000
"""Fills on a page past which none is taken for hidden (the page read as drawn): a table's
page shades a few hundred cells at most, and a page of thousands would make the search long."""
MAX_LOOKS = 200_000
"""Fills looked at, in all, in the search for hidden ones on a page, past which none is taken
for hidden (a few hundred on the real pages here; fills piled on one another by the thousand
would make the search quadratic)."""
BUCKET = 50.0
"""Points per side of the squares fills are filed in, to find the fills over one quickly."""


def _hidden(painted: list[_Paint], snap: float) -> set[int]:
    """The fills no one can see: a rectangle filled alone, inside a rectangle of the same
    colour (within `snap`) painted after it, or before it with nothing of another colour
    painted over it between the two. Spreadsheets shade a cell and then each line of its text
    again in the cell's colour; the lines' edges are drawn, not seen, and part no rows."""
    if len(painted) > MAX_FILLS:  # (and MAX_LOOKS below: the page is then read as drawn)
        return set()
    buckets: dict[tuple[int, int], list[int]] = {}
    looks = 0
    for k, p in enumerate(painted):
        looks += _squares(p.box)
        if looks > MAX_LOOKS:
            return set()
        for key in _keys(p.box):
            buckets.setdefault(key, []).append(k)
    out: set[int] = set()
    for k, p in enumerate(painted):
        if not (p.may_be_hidden and p.band and p.colour is not None):
            continue
        keys = _keys(p.box)
        looks += sum(len(buckets.get(key, ())) for key in keys)
        if looks > MAX_LOOKS:
            return set()
        near = {j for key in keys for j in buckets.get(key, ()) if j != k}
        # the last fill of another colour painted over it before it: a cover must come after
        shown = max(
            (
                painted[j].order
                for j in near
                if painted[j].order < p.order
                and painted[j].colour != p.colour
                and _overlap(painted[j].box, p.box)
            ),
            default=float("-inf"),
        )
        if any(
            painted[j].may_hide
            and painted[j].colour == p.colour
            and painted[j].order > shown
            and _inside(p.box, painted[j].box, snap)
            for j in near
        ):
            out.add(k)
    return out


def _squares(box: Band) -> int:
    """How many squares a box stands on."""
    across = int(box.x1 // BUCKET) - int(box.x0 // BUCKET) + 1
    down = int(box.bottom // BUCKET) - int(box.top // BUCKET) + 1
    return max(1, across) * max(1, down)


def _keys(box: Band) -> list[tuple[int, int]]:
    """The squares a box stands on."""
    xs = range(int(box.x0 // BUCKET), int(box.x1 // BUCKET) + 1)
    ys = range(int(box.top // BUCKET), int(box.bottom // BUCKET) + 1)
    return [(x, y) for x in xs for y in ys]


def _overlap(a: Band, b: Band) -> bool:
    return a.x0 < b.x1 and a.x1 > b.x0 and a.top < b.bottom and a.bottom > b.top


def _inside(b: Band, a: Band, snap: float) -> bool:
    """Whether box `b` lies inside box `a`, within `snap`."""
    return (
        a.x0 <= b.x0 + snap
        and a.x1 >= b.x1 - snap
        and a.top <= b.top + snap
        and a.bottom >= b.bottom - snap
    )


def _add_segment(
    h: list[Rule], v: list[Rule], x0: float, top: float, x1: float, bottom: float, thin: float
) -> None:
    """A segment (or a rectangle thinner than `thin`) as a horizontal or vertical rule; others
    are dropped."""
    width, height = x1 - x0, bottom - top
    if height < thin and width > height:
        h.append(Rule((top + bottom) / 2, x0, x1))
    elif width < thin and height > width:
        v.append(Rule((x0 + x1) / 2, top, bottom))


def is_white(obj: dict[str, Any]) -> bool:
    """A fill in white (or no colour given as white): a page-coloured background, not a band."""
    colour = _components(obj)
    if colour is None:
        return False
    values = [float(c) for c in colour if isinstance(c, int | float)]
    if len(values) == 4:  # CMYK: white has no ink
        return all(c <= 0.02 for c in values)
    return bool(values) and all(c >= 0.98 for c in values)


def _join(rules: list[Rule], settings: LayoutSettings) -> list[Rule]:
    """Segments on one line that touch or overlap joined: the rules within `rule_snap` of the
    line's first, left to right (segments drawn a hair apart in height, in any order)."""
    lines: list[list[Rule]] = []
    for r in sorted(rules, key=lambda r: r.pos):
        if lines and r.pos - lines[-1][0].pos <= settings.rule_snap:
            lines[-1].append(r)
        else:
            lines.append([r])
    out: list[Rule] = []
    for line in lines:
        joined: list[Rule] = []
        for r in sorted(line, key=lambda r: r.start):
            last = joined[-1] if joined else None
            if last is not None and r.start <= last.end + 1.0:
                joined[-1] = Rule(last.pos, last.start, max(last.end, r.end))
            else:
                joined.append(r)
        out += joined
    return out


def _long_or_closed(rules: list[Rule], across: list[Rule], settings: LayoutSettings) -> list[Rule]:
    """The rules at least `min_rule` long, and the shorter ones whose both ends meet a rule
    across them of that length, or on the line of such a rule: the border of a narrow cell
    (the `N.` column's, under `1`, the rest of the row's border cut by a merged cell), not a
    mark or an underline."""
    long_across = [q for q in across if q.length >= settings.min_rule]
    tol = settings.rule_snap

    def meets(x: float, y: float) -> bool:
        return any(abs(q.pos - x) <= tol and q.start - tol <= y <= q.end + tol for q in long_across)

    long_along = [q.pos for q in rules if q.length >= settings.min_rule]
    return [
        r
        for r in rules
        if r.length >= settings.min_rule
        or (meets(r.start, r.pos) and meets(r.end, r.pos))
        or any(abs(y - r.pos) <= tol for y in long_along)
    ]


def _merge_bands(bands: list[Band], settings: LayoutSettings) -> list[Band]:
    """Filled rectangles side by side at one height (one shaded cell each) as one band."""
    out: list[Band] = []
    for b in sorted(bands, key=lambda b: (round(b.top), round(b.bottom), b.x0)):
        last = out[-1] if out else None
        if (
            last is not None
            and abs(b.top - last.top) <= settings.rule_snap
            and abs(b.bottom - last.bottom) <= settings.rule_snap
            and b.x0 <= last.x1 + 2.0
        ):
            out[-1] = Band(last.x0, last.top, max(last.x1, b.x1), last.bottom)
        else:
            out.append(b)
    return out
