"""A scanned page's picture read for what it draws: its skew, its rules and its shaded bands,
with NumPy on the grey pixels (Pillow turns the page).

Every loop here runs over a count fixed by the picture's size or by a constant (angles tried,
rows, runs found), never over a float walk.

- `deskew`: the angle that makes the page's text rows and rules level, from the rows' ink
  profiles in vertical strips, each strip shifted as the angle says; the picture is turned by it.
- `find_rules`: runs of ink at least `RULE_INCHES` long, row by row (and column by column),
  joined into rules where they touch; a run thicker than `RULE_THICK` is a band's edge, not a
  rule.
- `find_bands`: blocks of the page darker than its paper, joined into rectangles at least
  `BAND_INCHES` wide: a shaded header, a zebra stripe.
- `clean`: the picture OCR reads: rules painted over with paper, bands with light letters
  turned (white letters on a dark band read as dark letters on a light one).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image

Grey = NDArray[np.uint8]
Mask = NDArray[np.bool_]

MAX_SKEW = 2.0
"""Degrees of skew looked for either way: a page fed askew, not a page turned on its side."""
SKEW_STEPS = 81
"""Angles tried over +-MAX_SKEW in the first pass (0.05 degree apart), then as many again over
one step either side of the best."""
STRIPS = 32
"""Vertical strips whose row profiles are shifted against each other to try an angle."""
RULE_INCHES = 1 / 3
"""A run of ink at least this long is a rule (a text line's letters never run this far without
white; underlines of a word are shorter)."""
RULE_THICK = 1 / 60
"""Inches: a rule is at most this thick (1.2 points), and two pixels more for a scanner's
blur; thicker is a band's edge or a bar."""
BAND_INCHES = 0.3
"""A shaded rectangle at least this wide is a band behind text (a header, a stripe)."""
BAND_TALL = 1 / 8
"""Inches: a band is at least this tall (a table row; a bold word's strokes never shade
blocks this far down)."""
BAND_SHADED = 0.7
"""Share of a band's blocks that are shaded (letters on a band leave some blocks light)."""
BLOCK = 1 / 40
"""Inches: the side of the blocks a band is found in."""
PAPER_MARGIN = 14
"""Grey levels below the paper's at which a block is shaded."""
RULE_EDGE = 1 / 100
"""Inches either side of a rule painted over with it (a scanner blurs a rule's edges)."""


@dataclass(frozen=True)
class Segment:
    """A rule or band found in the picture, in pixels of the deskewed picture."""

    x0: int
    top: int
    x1: int
    bottom: int
    grey: int = 0
    """The band's median grey (0 for a rule)."""
    light: bool = False
    """Whether the band's letters are lighter than it (`light_letters`): it is turned before
    the picture is read."""


@dataclass(frozen=True)
class Drawing:
    """What a page's picture draws besides its letters."""

    hrules: tuple[Segment, ...]
    vrules: tuple[Segment, ...]
    bands: tuple[Segment, ...]


def paper_level(grey: Grey) -> int:
    """The paper's grey: the level most pixels of the lighter half have."""
    hist = np.bincount(grey.ravel(), minlength=256)
    return int(np.argmax(hist[128:]) + 128) if hist[128:].any() else 255


def ink(grey: Grey) -> Mask:
    """The pixels darker than Otsu's threshold of the picture."""
    hist = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight - mean * total) ** 2 / (weight * (total - weight))
    threshold = int(np.nanargmax(np.nan_to_num(between, nan=-1.0)))
    return grey <= threshold


def skew_angle(dark: Mask) -> float:
    """Degrees to turn the page counter-clockwise to set its content level (0 when level):
    the angle whose shifted row profiles stack into the sharpest peaks (text rows and rules
    level)."""
    height, width = dark.shape
    strips = min(STRIPS, max(1, width // 16))
    edges = np.linspace(0, width, strips + 1).astype(int)
    profiles = np.stack(
        [dark[:, a:b].sum(axis=1, dtype=np.int64) for a, b in itertools.pairwise(edges)]
    )
    centres = (edges[:-1] + edges[1:]) / 2 - width / 2

    def score(angle: float) -> float:
        shifts = np.rint(centres * np.tan(np.radians(angle))).astype(int)
        total = np.zeros(
            height + 2 * abs(int(shifts.max(initial=0))) + 2 * abs(int(shifts.min(initial=0))) + 1
        )
        pad = (len(total) - height) // 2
        for profile, shift in zip(profiles, shifts, strict=True):
            total[pad - shift : pad - shift + height] += profile
        return float(np.square(total).sum())

    coarse = np.linspace(-MAX_SKEW, MAX_SKEW, SKEW_STEPS)
    best = max(coarse, key=score)
    step = 2 * MAX_SKEW / (SKEW_STEPS - 1)
    fine = np.linspace(best - step, best + step, 11)
    return float(max(fine, key=score))


def deskew(grey: Grey, paper: int) -> tuple[Grey, float]:
    """The picture turned level, and the angle it was turned by (degrees counter-clockwise;
    0 when it stood level within a twentieth of a degree)."""
    angle = skew_angle(ink(grey))
    if abs(angle) < 0.05:
        return grey, 0.0
    turned = Image.fromarray(grey).rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=paper)
    return np.asarray(turned), angle


def _runs(dark: Mask, least: int) -> NDArray[np.int64]:
    """Runs of ink along each row at least `least` long, as (row, start, end) rows."""
    padded = np.zeros((dark.shape[0], dark.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    step = np.diff(padded, axis=1)
    rows, starts = np.nonzero(step == 1)
    _, ends = np.nonzero(step == -1)
    keep = ends - starts >= least
    return np.stack([rows[keep], starts[keep], ends[keep]], axis=1)


def _closed(dark: Mask) -> Mask:
    """Ink with gaps of one pixel along the rows filled (a rule broken by grain)."""
    wide = dark.copy()
    wide[:, 1:] |= dark[:, :-1]
    wide[:, :-1] |= dark[:, 1:]
    out = wide.copy()
    out[:, 1:] &= wide[:, :-1]
    out[:, :-1] &= wide[:, 1:]
    return out | dark


def _segments(runs: NDArray[np.int64]) -> list[list[int]]:
    """Runs on rows next to each other, the shorter mostly over the longer, joined into
    segments [x0, top, x1, bottom] (a rule's rows broken by grain, a band's by its letters)."""
    open_: list[list[int]] = []
    done: list[list[int]] = []
    row_at = -2
    for row, start, end in runs.tolist():
        if row != row_at:
            still = [s for s in open_ if s[3] >= row - 1]
            done.extend(s for s in open_ if s[3] < row - 1)
            open_, row_at = still, row
        for seg in open_:
            if seg[3] >= row - 1 and _mostly_over(start, end, seg[0], seg[2]):
                seg[0], seg[2], seg[3] = min(seg[0], start), max(seg[2], end), row + 1
                break
        else:
            open_.append([start, row, end, row + 1])
    return _merged(done + open_)


def _mostly_over(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Whether the shorter of two spans lies more than half over the longer."""
    return min(a1, b1) - max(a0, b0) > 0.5 * min(a1 - a0, b1 - b0)


def _merged(segs: list[list[int]]) -> list[list[int]]:
    """Segments that touch across rows, the shorter mostly over the longer, made one (a rule
    whose rows grain broke differently, begun as two segments)."""
    out: list[list[int]] = []
    for seg in sorted(segs, key=lambda s: (s[1], s[0])):
        for kept in out:
            if seg[1] <= kept[3] and _mostly_over(seg[0], seg[2], kept[0], kept[2]):
                kept[0], kept[2] = min(kept[0], seg[0]), max(kept[2], seg[2])
                kept[3] = max(kept[3], seg[3])
                break
        else:
            out.append(seg)
    return out


def find_rules(dark: Mask, dpi: float) -> tuple[list[Segment], list[Segment]]:
    """The horizontal and vertical rules of a page's ink."""
    least = max(8, int(RULE_INCHES * dpi))
    thick = max(2, round(RULE_THICK * dpi) + 2)
    found = []
    for mask in (dark, dark.T):
        segs = _segments(_runs(_closed(mask), least))
        found.append([s for s in segs if s[3] - s[1] <= thick])
    hrules = [Segment(x0, top, x1, bottom) for x0, top, x1, bottom in found[0]]
    vrules = [Segment(top, x0, bottom, x1) for x0, top, x1, bottom in found[1]]
    return hrules, vrules


def find_bands(grey: Grey, paper: int, dpi: float) -> list[Segment]:
    """Shaded rectangles: blocks whose median grey is below the paper's, joined along rows and
    down the page into rectangles at least `BAND_INCHES` wide and two blocks tall."""
    side = max(4, round(BLOCK * dpi))
    rows, cols = grey.shape[0] // side, grey.shape[1] // side
    if not rows or not cols:
        return []
    blocks = grey[: rows * side, : cols * side].reshape(rows, side, cols, side)
    medians = np.median(blocks.transpose(0, 2, 1, 3).reshape(rows, cols, side * side), axis=2)
    shaded = medians < paper - PAPER_MARGIN
    least = max(3, int(BAND_INCHES * dpi / side))
    runs = _runs(shaded, least)
    bands = []
    tall = max(2, int(BAND_TALL * dpi / side))
    for x0, top, x1, bottom in _segments(runs):
        if bottom - top < tall or shaded[top:bottom, x0:x1].mean() < BAND_SHADED:
            continue
        box = (x0 * side, top * side, x1 * side, bottom * side)
        level = int(np.median(grey[box[1] : box[3], box[0] : box[2]]))
        light = light_letters(grey, Segment(*box, grey=level))
        if light:  # to be turned: to its own edges, its letters told again there
            box = _tight(grey, box, paper, side)
            light = light_letters(grey, Segment(*box, grey=level))
        bands.append(Segment(*box, grey=level, light=light))
    return bands


def _tight(
    grey: Grey, box: tuple[int, int, int, int], paper: int, side: int
) -> tuple[int, int, int, int]:
    """A band's box, found in blocks, shrunk to the band (by at most a block a side): pixel
    rows and columns at its sides that are not shaded are left out, so that turning a dark
    band light turns no paper beside it dark."""
    height, width = grey.shape
    x0, top, x1, bottom = box
    x1, bottom = min(x1, width), min(bottom, height)

    def shaded(area: Grey) -> bool:
        return area.size > 0 and float(np.median(area)) < paper - PAPER_MARGIN

    for _ in range(side):
        if x0 < x1 - 1 and not shaded(grey[top:bottom, x0]):
            x0 += 1
        if x1 > x0 + 1 and not shaded(grey[top:bottom, x1 - 1]):
            x1 -= 1
        if top < bottom - 1 and not shaded(grey[top, x0:x1]):
            top += 1
        if bottom > top + 1 and not shaded(grey[bottom - 1, x0:x1]):
            bottom -= 1
    return x0, top, x1, bottom


def read_drawing(grey: Grey, dpi: float, paper: int) -> Drawing:
    """The rules and bands a (level) page picture draws: the bands first, then the rules in
    the picture with its bands of light letters turned (a dark band's every column would be a
    run of ink; the white lines parting its cells, turned dark, are rules)."""
    bands = find_bands(grey, paper, dpi)
    hrules, vrules = find_rules(ink(lighten(grey, bands)), dpi)
    return Drawing(tuple(hrules), tuple(vrules), tuple(bands))


def lighten(grey: Grey, bands: Sequence[Segment]) -> Grey:
    """The picture with each band that carries light letters turned light (its letters
    turned dark): a band is turned where more of its pixels stand well above its grey than
    well below it (`light_letters`, told once by `find_bands`), whatever its own grey."""
    turned = [b for b in bands if b.light]
    if not turned:
        return grey
    out = grey.copy()
    for band in turned:
        area = out[band.top : band.bottom, band.x0 : band.x1]
        out[band.top : band.bottom, band.x0 : band.x1] = 255 - area
    return out


LETTER_CONTRAST = 60
"""Grey levels from a band's own at which a pixel is a letter's (light or dark) on it."""


def light_letters(grey: Grey, band: Segment) -> bool:
    """Whether a band's letters are lighter than the band (white on a dark header) rather
    than darker (black on a grey stripe)."""
    area = grey[band.top : band.bottom, band.x0 : band.x1].astype(np.int16)
    lighter = int((area > band.grey + LETTER_CONTRAST).sum())
    darker = int((area < band.grey - LETTER_CONTRAST).sum())
    return lighter > darker


def clean(grey: Grey, drawing: Drawing, paper: int, dpi: float) -> Grey:
    """The picture OCR reads: each band with light letters turned (`lighten`), and the rules
    painted over with paper, their blurred edges with them (no `|` or `—` read for a rule)."""
    out = lighten(grey, drawing.bands)
    if out is grey:
        out = grey.copy()
    edge = max(2, round(RULE_EDGE * dpi))
    for rule in (*drawing.hrules, *drawing.vrules):
        top, x0 = max(0, rule.top - edge), max(0, rule.x0 - edge)
        out[top : rule.bottom + edge, x0 : rule.x1 + edge] = paper
    return out
