"""A quicker reading of a page's objects for pdfplumber: the same dictionaries it makes.

pdfplumber parses a page with pdfminer and turns every layout object into a dictionary by
resolving each attribute in turn (`Page.process_object`). `page_objects` reads the page with
playa instead (`playa_objects`: playa's `miner` layout gives pdfminer's objects about three
times quicker, in a top-left device space), and falls back to pdfminer where playa cannot read
the page (`lean_objects`: characters and drawn paths built straight from pdfminer's attributes,
kept and resolved as pdfplumber keeps them; images and annotations through pdfplumber). Setting
the result as the page's objects gives `page.chars`, `page.rects` and the table finder.
"""

from __future__ import annotations

from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect
from pdfminer.pdfinterp import LITERAL_FORM
from pdfminer.pdftypes import resolve1
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
    return _place(attr, height, mb_x0, mb_top, doctop)


def _place(
    attr: dict[str, Any], height: float, mb_x0: float, mb_top: float, doctop: float
) -> dict[str, Any]:
    """An object's dictionary given its place as pdfplumber gives it: top and bottom from the
    page's top, the document's top, x shifted by the MediaBox's origin."""
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
    return _place(attr, page.height, mb_x0, mb_top, doctop)


def page_objects(page: Page) -> dict[str, list[dict[str, Any]]]:
    """The page's objects by kind, as `page.objects` gives them (see `objects_with_origin`)."""
    return objects_with_origin(page)[0]


def objects_with_origin(page: Page) -> tuple[dict[str, list[dict[str, Any]]], tuple[float, float]]:
    """The page's objects by kind: parsed by playa where it reads the page (about three times
    quicker than pdfminer), else by pdfminer; and where their frame's origin lies in
    pdfplumber's (playa measures from the MediaBox's corner, pdfminer's reading as pdfplumber
    does, from the corner its MediaBox offset leaves). A page whose forms draw themselves (a
    form naming itself, or an ancestor, among its XObjects) goes to pdfminer, which refuses the
    circle: playa's layout follows it until the stack overflows."""
    if not forms_in_circle(page.page_obj.resources):
        try:
            return playa_objects(page), (float(page.mediabox[0]), float(page.mediabox[1]))
        except Exception:  # a file playa cannot read: pdfminer's reading decides
            pass
    return lean_objects(page), (0.0, 0.0)


def content_bytes(page: Page) -> int:
    """How many bytes of drawing instructions a page's contents hold, decoded (a stream
    listed again counts again); 0 where they cannot be read (the parse then decides)."""
    try:
        return sum(len(resolve1(s).get_data()) for s in page.page_obj.contents)
    except Exception:  # contents the libraries cannot read
        return 0


MAX_FORM_DEPTH = 32
"""Forms nested deeper than this are taken for a circle (real documents nest two or three)."""


def forms_in_circle(
    resources: Any, within: tuple[int, ...] = (), done: set[int] | None = None
) -> bool:
    """Whether the form XObjects reachable from `resources` draw themselves: a form among its
    own XObjects, or its ancestors', or nested deeper than `MAX_FORM_DEPTH` (`done`: forms
    already found free of circles, each looked into once)."""
    done = set() if done is None else done
    if len(within) > MAX_FORM_DEPTH:
        return True
    try:
        found = resolve1(resources)
        xobjects = resolve1(found.get("XObject")) if isinstance(found, dict) else None
        if not isinstance(xobjects, dict):
            return False
        for ref in xobjects.values():
            form = resolve1(ref)
            attrs = getattr(form, "attrs", None)
            if not isinstance(attrs, dict) or resolve1(attrs.get("Subtype")) != LITERAL_FORM:
                continue
            objid = getattr(ref, "objid", -1)
            if objid in within:
                return True
            if objid in done:
                continue
            inner = attrs.get("Resources")
            if inner is not None and forms_in_circle(inner, (*within, objid), done):
                return True
            if objid != -1:
                done.add(objid)
    except Exception:  # resources the libraries cannot read: the parse decides
        return False
    return False


def close_playa(pdf: Any) -> None:
    """Close the playa document opened for a pdfplumber document, if one was."""
    doc = pdf.__dict__.pop("_pdz_playa", None)
    if doc is not None:
        doc.close()


def playa_objects(page: Page) -> dict[str, list[dict[str, Any]]]:
    """The page's characters and drawn paths as pdfplumber's dictionaries, parsed by playa
    (playa's `miner` layout: pdfminer's objects in a top-left device space), the document
    opened once for its pdfplumber document (closed by `close_playa`)."""
    import playa
    import playa.miner as pm
    from playa.miner import LTChar as Glyph
    from playa.miner import LTContainer as Group
    from playa.miner import LTCurve as Path
    from playa.miner import LTLine as Rule
    from playa.miner import LTRect as Box

    doc = page.pdf.__dict__.get("_pdz_playa")
    if doc is None:
        doc = playa.open(page.pdf.stream.name)
        page.pdf.__dict__["_pdz_playa"] = doc
    layout = pm.extract_page(doc.pages[page.page_number - 1], None)
    height = layout.bbox[3] - layout.bbox[1]
    number, doctop = page.page_number, page.initial_doctop
    objects: dict[str, list[dict[str, Any]]] = {}
    drawn = 0
    stack = list(reversed(list(layout)))
    while stack:
        obj = stack.pop()
        if isinstance(obj, Glyph):
            a, b, c, d, e, f = obj.matrix
            matrix = (a, -b, c, -d, e, height - f)
            attr = _drawn(obj, "char", number, height, doctop)
            attr.update(
                matrix=matrix,
                fontname=obj.fontname,
                adv=obj.adv,
                upright=matrix[0] * matrix[3] > 0 and matrix[1] * matrix[2] <= 0,
                width=obj.width,
                height=obj.height,
                size=obj.size,
                text=obj.get_text(),
            )
            objects.setdefault("char", []).append(attr)
        elif isinstance(obj, Path):
            kind = "rect" if isinstance(obj, Box) else "line" if isinstance(obj, Rule) else "curve"
            attr = _drawn(obj, kind, number, height, doctop)
            drawn += 1
            attr.update(
                seq=drawn,  # its place among the page's paths, rectangles and curves alike
                width=obj.x1 - obj.x0,
                height=obj.y1 - obj.y0,
                pts=list(obj.pts),
                path=list(obj.original_path or []),
                linewidth=obj.linewidth,
                stroke=obj.stroke,
                fill=obj.fill,
                evenodd=obj.evenodd,
            )
            objects.setdefault(kind, []).append(attr)
        elif isinstance(obj, Group):
            stack.extend(reversed(list(obj)))
    return objects


def _drawn(obj: Any, kind: str, number: int, height: float, doctop: float) -> dict[str, Any]:
    """What every object playa draws gives pdfplumber: its kind, page, place (playa's device
    space runs from the page's top) and colours."""
    return {
        "object_type": kind,
        "page_number": number,
        "x0": obj.x0,
        "y0": height - obj.y1,
        "x1": obj.x1,
        "y1": height - obj.y0,
        "top": obj.y0,
        "bottom": obj.y1,
        "doctop": doctop + obj.y0,
        "stroking_color": tuple(obj.stroking_color.values),
        "non_stroking_color": tuple(obj.non_stroking_color.values),
    }
