"""Characters, rules and filled rectangles made by hand, as pdfplumber gives them, for unit
tests of the layout engine's geometric steps."""

from __future__ import annotations

from typing import Any

from pdztables.extract.graphics import Graphics
from pdztables.extract.primitives import Line, PageContent, chars_to_phrases, phrases_to_lines
from pdztables.extract.settings import LayoutSettings

ADVANCE = 4.0  # every letter 4 points wide
SIZE = 7.0


def chars(text: str, x: float, top: float, advance: float = ADVANCE) -> list[dict[str, Any]]:
    """The characters of a text drawn from (x, top), each `advance` points wide."""
    out = []
    for k, ch in enumerate(text):
        x0 = x + k * advance
        out.append(
            {
                "text": ch,
                "x0": x0,
                "x1": x0 + advance,
                "top": top,
                "bottom": top + SIZE,
                "doctop": top,
                "upright": True,
                "size": SIZE,
                "fontname": "Test",
                "width": advance,
                "height": SIZE,
                "object_type": "char",
                "page_number": 1,
            }
        )
    return out


def cells(*texts: tuple[str, float], top: float) -> list[dict[str, Any]]:
    """The characters of several texts on one line, each at its x."""
    return [c for text, x in texts for c in chars(text, x, top)]


def line_obj(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    """A stroked line from (x0, top) to (x1, bottom)."""
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "stroke": True, "fill": False}


def rect_obj(
    x0: float, top: float, x1: float, bottom: float, fill: bool = True, grey: float = 0.8
) -> dict[str, Any]:
    """A filled (or stroked) rectangle."""
    return {
        "x0": x0,
        "top": top,
        "x1": x1,
        "bottom": bottom,
        "fill": fill,
        "stroke": not fill,
        "non_stroking_color": (grey, grey, grey),
    }


def lines_of(chars_: list[dict[str, Any]], settings: LayoutSettings | None = None) -> list[Line]:
    """The text lines the engine reads from some characters."""
    st = settings or LayoutSettings()
    return phrases_to_lines(chars_to_phrases(chars_, st), st)


def content(
    chars_: list[dict[str, Any]],
    graphics: Graphics | None = None,
    settings: LayoutSettings | None = None,
    height: float = 595.0,
) -> PageContent:
    """A page as the engine reads it."""
    lines = tuple(lines_of(chars_, settings))
    return PageContent(
        number=1,
        width=842.0,
        height=height,
        chars=tuple(chars_),
        lines=lines,
        graphics=graphics or Graphics((), (), ()),
        line_height=SIZE,
    )
