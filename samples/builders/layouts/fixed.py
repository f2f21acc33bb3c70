"""The fixed set of layouts that `make test` checks: the four layouts the layouts issue reported,
then layouts drawn with fixed seeds, topped up until every value of every dimension occurs at
least twice and every producer at least eight times."""

from __future__ import annotations

import random
from collections import Counter

from .style import DIMENSIONS, Layout, draw_layout

REPORTED: dict[str, Layout] = {
    # a word processor's plain table: shaded header row over a body with rules between rows
    # only, merged policy cells and full-width group rows
    "reported-band-over-hrules": Layout(
        producer="writer",
        borders="hrules",
        header="band_light",
        group_rows=True,
        merged=True,
        font="sans",
        size=7.0,
        seed=701,
    ),
    # a two-row header (`risultati attesi` over `I anno` / `II anno`), repeated on every page
    "reported-two-row-header": Layout(
        producer="reportlab", borders="grid", header_rows=2, font="serif", size=7.0, seed=702
    ),
    # no rules, a dark header band with white text, every other row on a grey stripe
    "reported-zebra-dark-header": Layout(
        producer="chromium",
        borders="none",
        header="band_dark",
        bands="zebra",
        breaks="split",
        font="sans",
        size=7.0,
        seed=703,
    ),
    # no vertical rules; the third page opens with the header's dates alone
    "reported-date-fragment": Layout(
        producer="reportlab",
        borders="hrules",
        repeat="fragment",
        breaks="split",
        font="condensed",
        size=7.0,
        seed=704,
    ),
}

BASE_SEED = 20261126
COUNT = 40


def fixed_layouts() -> dict[str, Layout]:
    """The fixed set, by file stem."""
    out = {name: layout.fit() for name, layout in REPORTED.items()}
    rng = random.Random(BASE_SEED)
    k = 0
    while len(out) < len(REPORTED) + COUNT or not _covered(list(out.values())):
        layout = draw_layout(rng)
        if len(out) >= len(REPORTED) + COUNT:
            missing = _missing(list(out.values()))
            if not any(getattr(layout, d) == v for d, v in missing):
                continue
        k += 1
        out[f"layout-{k:02d}-{layout.slug()}"] = layout
    return out


def _missing(layouts: list[Layout]) -> list[tuple[str, object]]:
    counts = Counter((d, getattr(x, d)) for x in layouts for d in DIMENSIONS)
    need = []
    for d, values in DIMENSIONS.items():
        for v in values:
            want = 8 if d == "producer" else 2
            if counts[(d, v)] < want and _possible(d, v):
                need.append((d, v))
    return need


def _possible(dimension: str, value: object) -> bool:
    """Whether some producer can draw a dimension's value (its fitted layout keeps it)."""
    for producer in DIMENSIONS["producer"]:
        extra = {"producer": producer} if dimension != "producer" else {}
        layout = Layout(**{dimension: value, **extra}).fit()  # type: ignore[arg-type]
        if getattr(layout, dimension) == value:
            return True
    return False


def _covered(layouts: list[Layout]) -> bool:
    return not _missing(layouts)
