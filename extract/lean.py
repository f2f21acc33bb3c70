"""A quicker reading of a page's objects for pdfplumber: the same dictionaries it makes, with
characters, rules, rectangles and curves built straight from pdfminer's attributes.

pdfplumber turns every layout object into a dictionary by resolving each attribute in turn
(`Page.process_object`); on a page of text that is most of the time spent after pdfminer's own
parsing. Characters and drawn paths are built directly here, their attributes kept and
resolved as pdfplumber keeps them (`ALL_ATTRS`); other objects (images, annotations) and any
character or path pdfplumber would treat otherwise still go through pdfplumber. Setting
the result as the page's objects gives the same `page.chars`, `page.rects` and table finder.
"""

from __future__ import annotations

from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode

PLAIN = (int, float, str, bool, type(None))


def _attrs(obj: Any) -> dict[str, Any]:
    """The attributes pdfplumber keeps of an object, resolved as it resolves them."""
    return {
        k: v if isinstance(v, PLAIN) else resolve_all(v)
        for k, v in obj.__dict__.items()
        if k in ALL_ATTRS
    }


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
        if type(obj) is LTChar and isinstance(obj.fontname, str) and hasattr(obj, "graphicstate"):
            objects.setdefault("char", []).append(_char(obj, number, height, mb_x0, mb_top, doctop))
            continue
        if type(obj) in KINDS and isinstance(obj, LTCurve) and obj.original_path is not None:
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
    attr = _attrs(obj)
    attr["object_type"] = "char"
    attr["page_number"] = number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            attr[cs] = resolve_and_decode(getattr(obj, cs).name)
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
    attr = _attrs(obj)
    attr["object_type"] = kind
    attr["page_number"] = page.page_number
    attr["pts"] = list(map(page.point2coord, attr["pts"]))
    # pdfminer types the path's points as floats; they are (x, y) pairs
    path: list[Any] = list(obj.original_path or [])  # never None: see lean_objects
    attr["path"] = [(cmd, *map(page.point2coord, pts)) for cmd, *pts in path]
    attr["dash"] = obj.dashing_style
    attr["top"] = (page.height - attr["y1"]) + mb_top
    attr["bottom"] = (page.height - attr["y0"]) + mb_top
    attr["doctop"] = doctop + attr["top"]
    if mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr
