"""What a page shows, as the audit reads it: its words and its horizontal edges, nothing decided.

The layout engine reads phrases, rules and bands with its own tolerances; the audit
(`pdztables.schemas.audit`) checks the engine's result against this plainer reading of the same
characters and drawing: words as pdfplumber's word extractor makes them (characters closer than
`WORD_GAP`, no spaces), and every horizontal edge drawn (a rule, a rectangle's top and bottom).
Nothing here knows about tables, and the engine never reads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from pdfplumber.utils.text import extract_words

from .models import Edge, Evidence, Word

WORD_GAP = 0.75
"""Characters closer than this (points) on a line make one word: a space is wider, kerning is
narrower, and two cells' texts set a point apart (a tight spreadsheet) stay two words."""
LINE_GAP = 2.0
"""Characters whose tops differ by at most this (points) stand on one line."""
FLAT = 1.0
"""A drawn segment or side at most this tall is a horizontal edge."""


def page_evidence(
    number: int,
    chars: Sequence[Mapping[str, Any]],
    objects: Mapping[str, Sequence[Mapping[str, Any]]],
) -> Evidence:
    """A page's words and horizontal edges."""
    found = extract_words(
        [dict(c) for c in chars],
        x_tolerance=WORD_GAP,
        y_tolerance=LINE_GAP,
        keep_blank_chars=False,
        use_text_flow=False,
        expand_ligatures=True,
    )
    words = tuple(
        Word(
            str(w["text"]),
            float(w["x0"]),
            float(w["top"]),
            float(w["x1"]),
            float(w["bottom"]),
        )
        for w in found
        if str(w["text"]).strip()
    )
    return Evidence(number, words, tuple(_edges(objects)))


def _edges(objects: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[Edge]:
    """Horizontal edges: flat lines and rectangles, and the top and bottom of every other
    rectangle (a band's edge, a cell's border); curves' flat segments."""
    out: list[Edge] = []
    for obj in objects.get("line", []):
        x0, top, x1, bottom = (float(obj[k]) for k in ("x0", "top", "x1", "bottom"))
        if bottom - top <= FLAT and x1 > x0:
            out.append(Edge((top + bottom) / 2, x0, x1))
    for obj in objects.get("rect", []):
        x0, top, x1, bottom = (float(obj[k]) for k in ("x0", "top", "x1", "bottom"))
        if x1 <= x0:
            continue
        if bottom - top <= FLAT:
            out.append(Edge((top + bottom) / 2, x0, x1))
        else:
            out.extend((Edge(top, x0, x1), Edge(bottom, x0, x1)))
    for obj in objects.get("curve", []):
        points = [(float(x), float(y)) for x, y in obj.get("pts", [])]
        for (ax, ay), (bx, by) in pairwise(points):
            if abs(ay - by) <= FLAT and ax != bx:
                out.append(Edge((ay + by) / 2, min(ax, bx), max(ax, bx)))
    return out
