"""Every table on the chosen pages of a PDF, or the table in one region of one page, read with
no profile (`pdztables tables`)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from pdfplumber.pdf import PDF

from pdztables.errors import InputError

from .area import read_area
from .areas import find_areas
from .budget import GivenUp, OverBudget, allowance, engine_seconds
from .graphics import Graphics
from .models import BBox, PageTable
from .pagedata import PageData, Pages, page_content
from .pdf import open_pdf
from .primitives import Line, chars_to_phrases, phrases_to_lines
from .reader import no_text, parse_pages
from .screen import has_text_layer
from .settings import LayoutSettings
from .turn import turn_box


@dataclass(frozen=True)
class Found:
    """What was read: the page tables in reading order, and the pages' sizes."""

    page_count: int
    pages_read: tuple[int, ...]
    tables: tuple[PageTable, ...]
    heights: dict[int, float]
    """Each page read's height (points): where a table stands on its page."""
    given_up: tuple[GivenUp, ...] = ()
    """Pages given up, their reading past its allowance (`budget`), with why."""
    scanned: tuple[int, ...] = ()
    """Pages read by OCR (no text layer)."""


def find_tables(
    path: Path,
    pages: str | None = None,
    area: BBox | None = None,
    settings: LayoutSettings | None = None,
) -> Found:
    """The tables on `pages` (all by default; read in page order), or the one in `area` of a
    single page (cut to the page). A page whose reading runs past its allowance (`budget`)
    is given up, and the others read."""
    settings = settings or LayoutSettings()
    with open_pdf(path) as pdf:
        page_count = len(pdf.pages)
        every = tuple(range(1, page_count + 1))
        chosen = tuple(sorted(parse_pages(pages, page_count))) if pages is not None else every
        if area is not None and len(chosen) != 1:
            raise InputError(
                f"an area is read on one page, and {len(chosen)} pages were chosen; "
                "choose the area's page"
            )
        # pictures are read by OCR where the pages were chosen or the document has no text
        loader = CachedPages(path, pdf, settings, pages is not None or not has_text_layer(path))
        tables: list[PageTable] = []
        heights: dict[int, float] = {}
        given_up: list[GivenUp] = []
        any_text = False
        carried: tuple[str, ...] = ()
        scanned: list[int] = []
        for number in chosen:
            try:
                with loader.loading(number):
                    data, graphics = loader.parsed(number)
                heights[number] = data.height
                if data.scan is not None:
                    scanned.append(number)
                any_text = any_text or data.has_text
                # the neighbours are loaded first, each with its own allowance
                around = [n for n in (number - 1, number + 1) if n in chosen and area is None]
                neighbours = [m for n in around if (m := loader.margins(n)) is not None]
                with allowance(number, "tables", engine_seconds(data.items)):
                    found = _page_tables(
                        loader, data, graphics, neighbours, area, settings, carried
                    )
                tables += found
                carried = found[-1].header_lines if found and found[-1].at_foot else ()
            except OverBudget as exc:
                carried = ()  # a page given up: nothing to go on from
                loader.give_up(number, exc)
                given_up.append(exc.given_up)
                any_text = True
            loader.forget_before(number)
        if not any_text:
            raise no_text(path, chosen)
        return Found(page_count, chosen, tuple(tables), heights, tuple(given_up), tuple(scanned))


def _page_tables(
    loader: CachedPages,
    data: PageData,
    graphics: Graphics,
    neighbours: list[list[Line]],
    area: BBox | None,
    settings: LayoutSettings,
    carried: Sequence[str] = (),
) -> list[PageTable]:
    """The tables of one page: the one in `area`, or every one found. `carried`: the header
    lines of a table at the foot of the page before, which the first table may repeat."""
    number = data.number
    if area is not None:
        if data.turn:  # the area is given on the page as drawn; the page was turned to be read
            area = turn_box(area, data.turn, data.height, data.width)
        box = _check_area(area, data.width, data.height, number)
        boxes = [box]
        chars = [c for c in data.chars if _near(c, box)]
        kept = phrases_to_lines(chars_to_phrases(chars, settings, graphics.vrules), settings)
    else:
        _, lines, _ = loader.get(number)
        content = page_content(data, lines, graphics, neighbours, settings, apart_only=True)
        chars, kept = list(content.chars), list(content.lines)
        boxes = find_areas(kept, graphics, data.grids, data.width, data.height, settings)
    size = (data.width, data.height)
    tables: list[PageTable] = []
    for k, box in enumerate(boxes):
        repeated = carried if k == 0 else ()
        table = read_area(number, box, kept, chars, graphics, data.grids, settings, size, repeated)
        parts = side_by_side(table, box) if table is not None and area is None else []
        for part in parts:
            got = read_area(number, part, kept, chars, graphics, data.grids, settings, size)
            if got is not None:
                tables.append(got)
        if table is not None and not parts:
            tables.append(table)
    return tables


def side_by_side(table: PageTable, box: BBox) -> list[BBox]:
    """The boxes of tables standing side by side that were read as one: the header row's
    cells repeat, group after group of columns (the list of municipalities in two halves).
    Empty when the table is one."""
    if not table.header_rows:
        return []
    head = ["" for _ in range(table.n_cols)]
    for cell in table.cells:
        if cell.row == 0:
            head[cell.col] = " ".join(cell.text.split())
    n = len(head)
    for k in range(2, n // 2 + 1):
        if n % k or sum(1 for t in head[:k] if t) < 2:
            continue
        if all(head[i] == head[i % k] for i in range(n)):
            cuts = [table.columns[j * k - 1][1] for j in range(1, n // k)]
            edges = [box[0], *cuts, box[2]]
            return [(a, box[1], b, box[3]) for a, b in pairwise(edges)]
    return []


def _check_area(area: BBox, width: float, height: float, page: int) -> BBox:
    """The area cut to the page; an error for one that is no box or lies off the page."""
    x0, top, x1, bottom = area
    if not (x0 < x1 and top < bottom):
        raise InputError(f"area {_fmt(area)}: give x0,top,x1,bottom with x0 < x1 and top < bottom")
    if x1 <= 0 or bottom <= 0 or x0 >= width or top >= height:
        raise InputError(
            f"area {_fmt(area)} lies outside page {page} ({width:g} x {height:g} points, "
            "top-left origin)"
        )
    return (max(0.0, x0), max(0.0, top), min(width, x1), min(height, bottom))


def _fmt(area: BBox) -> str:
    return ",".join(f"{v:g}" for v in area)


CACHED_PAGES = 16
"""How many parsed pages a process keeps (reading several regions of one page parses it once)."""
_cache: OrderedDict[tuple[object, ...], tuple[PageData, Graphics]] = OrderedDict()


def _stamp(path: Path, settings: LayoutSettings) -> tuple[object, ...]:
    """What identifies a file's parse: its path, size and time of change, and the settings."""
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns, settings)


class CachedPages(Pages):
    """Pages parsed through the process's cache of recently parsed pages (reading several
    regions of one page, call after call, parses it once)."""

    def __init__(self, path: Path, pdf: PDF, settings: LayoutSettings, ocr: bool = False) -> None:
        super().__init__(path, pdf, settings, ocr)
        self.stamp = (*_stamp(path, settings), ocr)

    def holds(self, number: int) -> bool:
        """Whether a page is read whole already, here or in the process's cache."""
        return super().holds(number) or (*self.stamp, number) in _cache

    def parsed(self, number: int) -> tuple[PageData, Graphics]:
        """A page's data and drawing, from the cache or parsed now."""
        key = (*self.stamp, number)
        if key not in _cache:
            _cache[key] = super().parsed(number)
            while len(_cache) > CACHED_PAGES:
                _cache.popitem(last=False)
        _cache.move_to_end(key)
        return _cache[key]


def _near(c: dict[str, Any], area: BBox) -> bool:
    """Whether a character lies in the area, or within a few points of it."""
    x = (float(c["x0"]) + float(c["x1"])) / 2
    y = (float(c["top"]) + float(c["bottom"])) / 2
    return area[0] - 3 <= x <= area[2] + 3 and area[1] - 3 <= y <= area[3] + 3
