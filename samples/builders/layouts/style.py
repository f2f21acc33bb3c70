"""The style dimensions the layout generator combines, and how a combination is drawn at random.

A `Layout` is one value per dimension. `draw_layout(rng)` picks each value at random, then
`fit()` settles the combinations a producer cannot draw (a spreadsheet never breaks a row across
pages nor a word, only reportlab places a stray header fragment at a chosen page top, reportlab
draws merged cells only with rules), so that every drawn layout is one a real producer makes.

Besides the styles of the project's first generator, drawings by other hands showed: text set
in the middle of its row (`valign`), vertical rules only (`vrules`), cells merged down a column
with no rules (a word processor's or a browser's), and columns a tenth narrower than their
longest word, the key column too, so that numbers break over lines (`tight`).
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

DIMENSIONS: dict[str, tuple[Any, ...]] = {
    "producer": ("reportlab", "writer", "calc", "chromium"),
    "data": ("cremasco", "targets3", "extra"),
    "borders": ("grid", "hrules", "vrules", "header_box", "frame", "none"),
    "header": ("plain", "band_light", "band_dark"),
    "header_rows": (1, 2),
    "repeat": ("every", "first", "fragment"),
    "bands": ("none", "zebra", "groups"),
    "group_rows": (False, True),
    "merged": (False, True),
    "font": ("sans", "serif", "narrow", "condensed"),
    "size": (6.5, 7.0, 7.5, 8.0, 9.0),
    "widths": ("fit", "wrap", "cut", "tight"),
    "valign": ("top", "middle"),
    "orientation": ("landscape", "portrait", "rotated"),
    "breaks": ("whole", "split"),
    "running": ("none", "header", "footer", "both"),
}

# Font families as each producer names them (reportlab names are registered by common.py).
FONTS = {
    "sans": ("Sans", "Sans-Bold", "Liberation Sans"),
    "serif": ("Serif", "Serif-Bold", "Liberation Serif"),
    "narrow": ("Narrow", "Narrow-Bold", "Liberation Sans Narrow"),
    "condensed": ("Condensed", "Condensed-Bold", "DejaVu Sans Condensed"),
}


@dataclass(frozen=True)
class Layout:
    """One combination of styles, and the seed that drew the details (widths, cut columns)."""

    producer: str = "reportlab"
    data: str = "cremasco"
    borders: str = "grid"
    header: str = "plain"
    header_rows: int = 1
    repeat: str = "every"
    bands: str = "none"
    group_rows: bool = False
    merged: bool = False
    font: str = "sans"
    size: float = 7.0
    widths: str = "fit"
    valign: str = "top"
    orientation: str = "landscape"
    breaks: str = "whole"
    running: str = "none"
    seed: int = 0

    def fit(self) -> Layout:
        """The nearest layout the producer can draw."""
        out = self
        if out.bands == "groups" and not out.group_rows:
            out = replace(out, group_rows=True)
        if out.merged and out.borders not in ("grid", "hrules") and out.producer == "reportlab":
            # a merged cell shows only through the rules that stop at it (a word processor or a
            # browser draws one without rules all the same: its text alone, in its first row)
            out = replace(out, merged=False)
        if out.producer != "reportlab" and out.repeat == "fragment":
            out = replace(out, repeat="every")
        if out.producer != "reportlab" and out.orientation == "rotated":
            out = replace(out, orientation="landscape")
        if out.producer == "calc":
            # a spreadsheet prints every row whole, clips merged cells over page breaks and
            # never breaks a word: a word wider than its cell is clipped (unreadable), so its
            # columns are as wide as their longest words
            out = replace(out, breaks="whole", merged=False)
            if out.widths in ("cut", "tight"):
                out = replace(out, widths="wrap")
        if out.repeat == "fragment" and out.header_rows == 1 and out.data != "cremasco":
            # a one-row header `Target 2025` has no line `2025` of its own to stray
            out = replace(out, repeat="every")
        return out

    def slug(self) -> str:
        """A short readable name: the values that differ from a plain full grid."""
        parts = [self.producer, self.data, self.borders]
        if self.header != "plain":
            parts.append(self.header)
        if self.header_rows > 1:
            parts.append("2rows")
        if self.repeat != "every":
            parts.append(f"head-{self.repeat}")
        if self.bands != "none":
            parts.append(self.bands)
        elif self.group_rows:
            parts.append("grouprows")
        if self.merged:
            parts.append("merged")
        parts.append(f"{self.font}{self.size:g}")
        if self.widths != "fit":
            parts.append(self.widths)
        if self.valign != "top":
            parts.append(self.valign)
        if self.orientation != "landscape":
            parts.append(self.orientation)
        if self.breaks == "split":
            parts.append("split")
        if self.running != "none":
            parts.append(f"run-{self.running}")
        return "-".join(parts).replace(".", "_")

    def describe(self) -> dict[str, Any]:
        """The layout as plain values, for an index file."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Layout:
        names = {f.name for f in fields(cls)}
        unknown = set(values) - names
        if unknown:
            raise ValueError(f"unknown layout keys {sorted(unknown)}")
        return cls(**values)


def draw_layout(rng: random.Random) -> Layout:
    """A random layout: every dimension drawn uniformly, then fitted to its producer."""
    values = {name: rng.choice(options) for name, options in DIMENSIONS.items()}
    return Layout(**values, seed=rng.randrange(1 << 30)).fit()
