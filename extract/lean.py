"""A quicker reading of a page's objects for pdfplumber: the same dictionaries it makes, with
characters, rules, rectangles and curves built straight from pdfminer's attributes.

pdfplumber turns every layout object into a dictionary by resolving each attribute in turn
(`Page.process_object`); on a page of text that is most of the time spent after pdfminer's own
parsing. Characters and drawn paths have a fixed set of attributes, so they are built directly
here; other objects (images, annotations) still go through pdfplumber. Setting
the result as the page's objects gives the same `page.chars`, `page.rects` and table finder.
"""

from __future__ import annotations

from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect
from pdfplumber.page import Page
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode

CHAR_ATTRS = (
    "matrix",
    "fontname",
    "adv",
    "upright",
    "x0",
    "y0",
    "x1",
    "y1",
    "width",
    "height",
    "size",
    "mcid",
    "tag",
)
CURVE_ATTRS = (
    "x0",
    "y0",
    "x1",
    "y1",
    "width",
    "height",
    "pts",
    "linewidth",
    "stroke",
    "fill",
    "evenodd",
    "stroking_color",
    "non_stroking_color",
    "mcid",
    "tag",
)
KINDS = {LTRect: "rect", LTLine: "line", LTCurve: "curve"}


def lean_objects(page: Page) -> dict[str, list[dict[str, Any]]]:
    """The page's objects by kind, as `page.objects` would give them."""
    objects: dict[str, list[dict[str, Any]]] = {}
    if page.pdf.laparams is not None or page.pdf.unicode_norm is not None:
        return page.parse_objects()
    mb_x0, mb_top = page.mediabox[:2]
    height = page.height
    doctop = page.initial_doctop
    number = page.page_number
    stack = list(reversed(page.layout._objs))
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTContainer):
            stack.extend(reversed(obj._objs))
            continue
        if type(obj) is LTChar and isinstance(obj.fontname, str):
            objects.setdefault("char", []).append(_char(obj, number, height, mb_x0, mb_top, doctop))
            continue
        if isinstance(obj, LTCurve) and type(obj) in KINDS:
            kind = KINDS[type(obj)]
            objects.setdefault(kind, []).append(_curve(page, obj, kind, mb_x0, mb_top, doctop))
            continue
        attr = page.process_object(obj)
        kind = str(attr["object_type"])
        if kind != "anno":
            objects.setdefault(kind, []).append(attr)
    return objects


def _char(
    obj: LTChar, number: int, height: float, mb_x0: float, mb_top: float, doctop: float
) -> dict[str, Any]:
    d = obj.__dict__
    attr: dict[str, Any] = {k: d[k] for k in CHAR_ATTRS if k in d}
    attr["object_type"] = "char"
    attr["page_number"] = number
    if hasattr(obj, "ncs"):
        attr["ncs"] = resolve_and_decode(obj.ncs.name)
    attr["text"] = obj.get_text()
    gs = obj.graphicstate
    attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
    attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
    attr["top"] = (height - attr["y1"]) + mb_top
    attr["bottom"] = (height - attr["y0"]) + mb_top
    attr["doctop"] = doctop + attr["top"]
    if mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


def _curve(
    page: Page, obj: LTCurve, kind: str, mb_x0: float, mb_top: float, doctop: float
) -> dict[str, Any]:
    d = obj.__dict__
    attr: dict[str, Any] = {k: resolve_all(d[k]) for k in CURVE_ATTRS if k in d}
    attr["object_type"] = kind
    attr["page_number"] = page.page_number
    attr["pts"] = list(map(page.point2coord, attr["pts"]))
    # pdfminer types the path's points as floats; they are (x, y) pairs
    path: list[Any] = list(obj.original_path or [])
    attr["path"] = [(cmd, *map(page.point2coord, pts)) for cmd, *pts in path]
    attr["dash"] = obj.dashing_style
    attr["top"] = (page.height - attr["y1"]) + mb_top
    attr["bottom"] = (page.height - attr["y0"]) + mb_top
    attr["doctop"] = doctop + attr["top"]
    if mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr
