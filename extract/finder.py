"""Every table on the chosen pages of a PDF, or the table in one region of one page, read with
no profile (`pdztables tables`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pdztables.errors import InputError

from .generic import find_areas, read_area
from .models import BBox, PageTable
from .pdf import open_pdf
from .reader import Pages, page_content, parse_pages
from .settings import LayoutSettings


@dataclass(frozen=True)
class Found:
    """What was read: the page tables in reading order, and the pages' sizes."""

    source: str
    page_count: int
    pages_read: tuple[int, ...]
    tables: tuple[PageTable, ...]
    heights: dict[int, float]
    """Each page read's height (points): where a table stands on its page."""


def find_tables(
    path: Path,
    pages: str | None = None,
    area: BBox | None = None,
    settings: LayoutSettings | None = None,
) -> Found:
    """The tables on `pages` (all by default), or the one in `area` of a single page."""
    settings = settings or LayoutSettings()
    with open_pdf(path) as pdf:
        page_count = len(pdf.pages)
        chosen = parse_pages(pages, page_count) if pages else tuple(range(1, page_count + 1))
        if area is not None and len(chosen) != 1:
            raise InputError(
                f"an area is read on one page, and {len(chosen)} pages were chosen; "
                "choose the area's page"
            )
        loader = Pages(path, pdf, settings)
        tables: list[PageTable] = []
        heights: dict[int, float] = {}
        for number in chosen:
            data, lines, graphics = loader.get(number)
            heights[number] = data.height
            if area is not None:
                _check_area(area, data.width, data.height, number)
                boxes = [area]
                chars, kept = data.chars, lines
            else:
                around = [n for n in (number - 1, number + 1) if n in chosen]
                for n in around:
                    loader.get(n)
                neighbours = [loader.margins(n) for n in around]
                content = page_content(data, lines, graphics, neighbours, settings)
                chars, kept = content.chars, list(content.lines)
                boxes = find_areas(kept, graphics, data.grids, data.width)
            for box in boxes:
                table = read_area(number, box, kept, chars, graphics, data.grids, settings)
                if table is not None:
                    tables.append(table)
            loader.forget_before(number)
        return Found(str(path), page_count, chosen, tuple(tables), heights)


def _check_area(area: BBox, width: float, height: float, page: int) -> None:
    x0, top, x1, bottom = area
    if not (x0 < x1 and top < bottom):
        raise InputError(f"area {_fmt(area)}: give x0,top,x1,bottom with x0 < x1 and top < bottom")
    if x1 <= 0 or bottom <= 0 or x0 >= width or top >= height:
        raise InputError(
            f"area {_fmt(area)} lies outside page {page} ({width:g} x {height:g} points, "
            "top-left origin)"
        )


def _fmt(area: BBox) -> str:
    return ",".join(f"{v:g}" for v in area)
