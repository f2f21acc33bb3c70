"""A page as the libraries give it, loaded on demand, and as the layout engine reads it: its
characters and drawing (`PageData`, its ruled grids found on first use), its text lines and
rules, and the page less its running heads and feet (`page_content`).
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, overload

from pdfplumber.pdf import PDF
from pdfplumber.table import (
    TableFinder,
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
)

from .bounds import page_box, within_page
from .budget import LOAD_SECONDS, PAGE_CONTENT, OverBudget, allowance
from .fills import read_fills
from .graphics import Graphics, hidden_fills, is_white, objects_to_graphics
from .header import Header, line_height
from .lean import close_playa, content_bytes, objects_with_origin
from .models import BBox, Scan, box_within
from .pdf import guarded
from .primitives import Line, PageContent, chars_to_phrases, phrases_to_lines
from .running import in_margins, running_lines
from .scanned import is_scan, picture_dpi, read_scan
from .settings import LayoutSettings
from .turn import turn_box, turn_object, turn_of, turned_text
from .vertical import read_vertical

GRID_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass(frozen=True)
class PageData:
    """What the libraries give of one page, as plain data."""

    number: int
    width: float
    height: float
    chars: tuple[dict[str, Any], ...]
    objects: dict[str, list[dict[str, Any]]]
    grids: Sequence[tuple[BBox, ...]]
    """The cells of each table pdfplumber's finder sees in the page's lines (found on first
    use)."""
    turn: int = 0
    """Degrees clockwise the page was turned to read its text the right way up (`turn`)."""
    scan: Scan | None = None
    """How the page was read from its picture, where it has no text layer (`scanned`)."""

    @property
    def items(self) -> int:
        """How many characters and drawn objects the page holds."""
        return len(self.chars) + sum(len(v) for v in self.objects.values())

    @property
    def has_text(self) -> bool:
        """Whether the page has any text."""
        return any(c["text"].strip() for c in self.chars)


Raw = tuple[Any, dict[str, list[dict[str, Any]]], tuple[float, float]]
"""A page as parsed: pdfplumber's page, its objects by kind, their frame's origin."""


def parse_page(path: Path, pdf: PDF, number: int) -> Raw:
    """A page's objects as the PDF libraries parse them (the library boundary); OverBudget
    where its drawing instructions pass `PAGE_CONTENT`."""

    def read() -> Raw:
        page = pdf.pages[number - 1]
        if content_bytes(page) > PAGE_CONTENT * 2**20:
            raise OverBudget(number, "size", PAGE_CONTENT)
        found, origin = objects_with_origin(page)
        return page, found, origin

    return guarded(path, read)


MARGIN_SLACK = 24.0
"""Points past a page's margins whose letters are read with them (`margin_lines`): more than
a line's height, so that every line within the margins is read whole."""


def margin_lines(path: Path, raw: Raw, settings: LayoutSettings) -> list[Line] | None:
    """The lines in a parsed page's margins, as `Pages.margins` reads them from the whole
    page, read from the letters in and near the margins alone (a page read only for its
    running heads and feet); None for a page whose text runs up or down it. What the reader
    would note of the page (letters printed twice, drawn off the page) is noted when the page
    is read whole, not of these few letters."""
    page, found, (dx, dy) = raw
    if turn_of(found.get("char", [])):
        return None

    def read() -> list[Line]:
        with _quiet(READER_LOG):
            return _margin_lines(page, found, (dx, dy), settings)

    return guarded(path, read)


READER_LOG = "pdztables.reader"
"""The logger of what the reader notes of a page (`bounds`, `vertical`, `fills`)."""


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    logger = logging.getLogger(name)
    was, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = was


def _margin_lines(
    page: Any,
    found: dict[str, list[dict[str, Any]]],
    origin: tuple[float, float],
    settings: LayoutSettings,
) -> list[Line]:
    """`margin_lines`, on a page's objects as parsed."""
    dx, dy = origin
    x0, top, x1, bottom = page_box(page.bbox)
    height = bottom - top
    high = settings.margin * height + MARGIN_SLACK
    low = (1 - settings.margin) * height - MARGIN_SLACK
    near = [c for c in found.get("char", []) if c["bottom"] < high or c["top"] > low]
    box = (x0 - dx, top - dy, x1 - dx, bottom - dy)
    parsed = _upright(within_page({**found, "char": near}, box, page.page_number), page.page_number)
    graphics = objects_to_graphics(parsed, settings)
    lines = phrases_to_lines(chars_to_phrases(parsed["char"], settings, graphics.vrules), settings)
    return in_margins(lines, height, settings)


def _upright(
    parsed: dict[str, list[dict[str, Any]]], number: int
) -> dict[str, list[dict[str, Any]]]:
    """An upright page's objects with its letters set vertically read and its leaders and
    typed rules read as lines (before the grids are found among the lines)."""
    upright = read_vertical(parsed.get("char", []), number)
    parsed["char"], typed = read_fills(upright, number)
    parsed["line"] = [*parsed.get("line", []), *typed]
    return parsed


def load_page(
    path: Path,
    pdf: PDF,
    number: int,
    settings: LayoutSettings | None = None,
    raw: Raw | None = None,
    ocr: bool = False,
) -> PageData:
    """Read a page's characters and drawing objects (the library boundary; `raw`, the page
    as parsed already); its ruled grids are found when first asked for. With `ocr`, a page
    with no text and a picture over it is read from its picture (`scanned`)."""
    thin = (settings or LayoutSettings()).thin_fill

    def read() -> PageData:
        page, found, (dx, dy) = raw or parse_page(path, pdf, number)
        x0, top, x1, bottom = page_box(page.bbox)
        parsed = within_page(found, (x0 - dx, top - dy, x1 - dx, bottom - dy), number)
        if (
            ocr
            and not any(str(c["text"]).strip() for c in parsed.get("char", []))
            and is_scan(page)
        ):
            return _scanned(path, page, number, settings or LayoutSettings())
        turn = turn_of(parsed.get("char", []))
        if not turn:
            parsed = _upright(parsed, number)
        page._objects = parsed
        chars = tuple(page.chars)
        objects = {k: list(parsed.get(k, [])) for k in ("line", "rect", "curve")}
        drawn = any(objects[k] for k in ("line", "rect", "curve"))
        width, height = x1 - x0, bottom - top
        page.flush_cache()

        def grids() -> tuple[tuple[BBox, ...], ...]:
            # a white fill unstroked draws nothing on the page: no cell's edge (a sheet's
            # white background behind two tables would join them into one grid)
            # and a fill inside one of its colour draws none either (`hidden_fills`)
            hidden = hidden_fills(parsed, settings or LayoutSettings())
            rects = [
                r
                for k, r in enumerate(parsed.get("rect", []))
                if seen(r, thin) and ("rect", k) not in hidden
            ]
            curves = [
                c for k, c in enumerate(parsed.get("curve", [])) if ("curve", k) not in hidden
            ]
            return _find_grids(page, {**parsed, "rect": rects, "curve": curves})

        boxes = tuple(
            (float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"]))
            for k in ("line", "rect", "curve")
            for o in objects[k]
        )
        if turn:  # text running up or down the page: the page turned the right way up
            turned, typed = read_fills(turned_text(chars, turn, width, height, number), number)
            chars = tuple(turned)
            objects = {
                k: [turn_object(o, turn, width, height) for o in v] for k, v in objects.items()
            }
            objects["line"].extend(typed)
            boxes = tuple(turn_box(b, turn, width, height) for b in boxes)
            grids = partial(_turned_grids, grids, turn, width, height)
            width, height = height, width
        lazy = Lazy(lambda: guarded(path, grids), boxes) if drawn else Lazy(tuple)
        return PageData(number, width, height, chars, objects, lazy, turn)

    return guarded(path, read)


def _scanned(
    path: Path, page: Any, number: int, settings: LayoutSettings, psm: int | None = None
) -> PageData:
    """A page with no text layer read from its picture (`scanned`): its letters from OCR, its
    rules and bands from the pixels, its grids found among those rules as on any page."""
    from .ocr import OCR_SECONDS, OcrTimeout, languages, missing

    if languages() is None:
        raise missing(f"{path}: page {number}")
    dpi = picture_dpi(page)
    page.flush_cache()
    try:
        chars, objects, scan = read_scan(path, number, dpi, settings.phrase_gap, psm)
    except OcrTimeout:
        raise OverBudget(number, "ocr", OCR_SECONDS) from None
    width, height = float(page.width), float(page.height)
    drawn = bool(objects["rect"])

    def grids() -> tuple[tuple[BBox, ...], ...]:
        return _find_grids(page, {"char": chars, **objects})

    boxes = tuple((o["x0"], o["top"], o["x1"], o["bottom"]) for o in objects["rect"])
    lazy = Lazy(lambda: guarded(path, grids), boxes) if drawn else Lazy(tuple)
    return PageData(number, width, height, tuple(chars), objects, lazy, scan=scan)


def _find_grids(
    page: Any, objects: dict[str, list[dict[str, Any]]]
) -> tuple[tuple[BBox, ...], ...]:
    """The cells of each table pdfplumber's finder sees in the lines of `objects`, read as
    the page's objects (the page's caches dropped after): its edges, their crossings and its
    tables from its cells, the cells found between the crossings by `grid_cells`."""
    page._objects = objects
    finder = TableFinder.__new__(TableFinder)
    finder.page, finder.settings = page, TableSettings.resolve(GRID_SETTINGS)
    crossings = edges_to_intersections(
        finder.get_edges(),
        finder.settings.intersection_x_tolerance,
        finder.settings.intersection_y_tolerance,
    )
    found = tuple(
        tuple(tuple(float(v) for v in c) for c in group)
        for group in cells_to_tables(grid_cells(crossings))
    )
    page.flush_cache()
    return found  # type: ignore[return-value]


def grid_cells(crossings: dict[tuple[float, float], dict[str, list[Any]]]) -> list[BBox]:
    """The cells pdfplumber's `intersections_to_cells` finds between the crossings of a
    page's edges, the same ones in its order: from each crossing, the first crossing below it
    and the first to its right it is joined to by an edge, the nearest below first, whose
    corner across is a crossing joined to both. Each crossing's edges are made sets once,
    and the crossings below and to the right of one are looked up, not searched for: a page
    of a few hundred cells takes milliseconds, not a tenth of a second."""
    joins = {
        p: (
            {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in found["v"]},
            {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in found["h"]},
        )
        for p, found in crossings.items()
    }

    def joined(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return bool(
            (a[0] == b[0] and not joins[a][0].isdisjoint(joins[b][0]))
            or (a[1] == b[1] and not joins[a][1].isdisjoint(joins[b][1]))
        )

    points = sorted(crossings)
    down: dict[float, list[tuple[float, float]]] = {}
    across: dict[float, list[tuple[float, float]]] = {}
    for p in points:
        down.setdefault(p[0], []).append(p)
        across.setdefault(p[1], []).append(p)
    at_down = {p: i for column in down.values() for i, p in enumerate(column)}
    at_across = {p: i for row in across.values() for i, p in enumerate(row)}
    cells: list[BBox] = []
    for p in points:
        below = down[p[0]][at_down[p] + 1 :]
        right = across[p[1]][at_across[p] + 1 :]
        cell = _smallest_cell(p, below, right, crossings, joined)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(
    p: tuple[float, float],
    below: list[tuple[float, float]],
    right: list[tuple[float, float]],
    crossings: dict[tuple[float, float], Any],
    joined: Callable[[tuple[float, float], tuple[float, float]], bool],
) -> BBox | None:
    """The cell from crossing `p` (see `grid_cells`), or None."""
    for b in below:
        if not joined(p, b):
            continue
        for r in right:
            if not joined(p, r):
                continue
            corner = (r[0], b[1])
            if corner in crossings and joined(corner, r) and joined(corner, b):
                return (p[0], p[1], corner[0], corner[1])
    return None


def seen(rect: dict[str, Any], thin: float) -> bool:
    """Whether a rectangle may draw a table's edge: stroked, filled in a colour, or thinner
    than `thin` (a rule, whatever its colour says: in a spot colour's tint, 1 is full ink). A
    white fill wider and taller than that is a background: it draws nothing on a white page."""
    narrow = min(float(rect["x1"]) - float(rect["x0"]), float(rect["bottom"]) - float(rect["top"]))
    return bool(rect.get("stroke")) or not is_white(rect) or narrow < thin


def _turned_grids(
    find: Callable[[], tuple[tuple[BBox, ...], ...]], turn: int, width: float, height: float
) -> tuple[tuple[BBox, ...], ...]:
    """The ruled grids pdfplumber finds on a page as drawn, on the page turned (`turn`)."""
    return tuple(tuple(turn_box(c, turn, width, height) for c in t) for t in find())


class Lazy(Sequence[tuple[BBox, ...]]):
    """A page's ruled grids, found on first use (pdfplumber's table finder takes a tenth of a
    page's reading and a region without vertical rules has no use for it)."""

    def __init__(
        self, find: Callable[[], tuple[tuple[BBox, ...], ...]], drawn: tuple[BBox, ...] = ()
    ) -> None:
        self._find: Callable[[], tuple[tuple[BBox, ...], ...]] | None = find
        self._found: tuple[tuple[BBox, ...], ...] = ()
        self.drawn = drawn
        """The box of every line, rectangle and curve drawn on the page (what grids are made of)."""

    def found_within(self, boxes: Sequence[BBox]) -> bool:
        """Whether every grid would lie within the boxes (all that is drawn lies within them),
        so that they need not be found."""
        return bool(boxes) and all(any(box_within(d, b) for b in boxes) for d in self.drawn)

    def _get(self) -> tuple[tuple[BBox, ...], ...]:
        if self._find is not None:
            self._found, self._find = self._find(), None
        return self._found

    @overload
    def __getitem__(self, i: int) -> tuple[BBox, ...]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[tuple[BBox, ...]]: ...
    def __getitem__(self, i: int | slice) -> tuple[BBox, ...] | Sequence[tuple[BBox, ...]]:
        return self._get()[i]

    def __len__(self) -> int:
        return len(self._get())


class Pages:
    """Pages loaded on demand and their lines, the few around the current one kept."""

    def __init__(self, path: Path, pdf: PDF, settings: LayoutSettings, ocr: bool = False) -> None:
        self.path, self.pdf, self.settings = path, pdf, settings
        self.ocr = ocr
        """Whether a picture with no text is read by OCR: where the document has no text
        layer, or the pages were chosen (a born-digital plan's scanned annex, which a table
        runs on to, is read as before: no text)."""
        self.loaded: dict[int, tuple[PageData, list[Line], Graphics]] = {}
        self.raw: dict[int, Raw] = {}
        """Pages parsed for their margins alone, kept until read whole or passed."""
        self.over: dict[int, OverBudget] = {}
        """Pages whose reading ran past its allowance, never tried again."""

    def get(self, number: int) -> tuple[PageData, list[Line], Graphics]:
        """A page, its text lines and its rules and bands; OverBudget when reading its text and
        drawing takes more than `LOAD_SECONDS`."""
        if number not in self.loaded:
            with self.loading(number):
                data, graphics = self.parsed(number)
                self.loaded[number] = data, self._lines(data, graphics), graphics
        return self.loaded[number]

    def _lines(self, data: PageData, graphics: Graphics) -> list[Line]:
        """A page's text lines."""
        phrases = chars_to_phrases(data.chars, self.settings, graphics.vrules)
        return phrases_to_lines(phrases, self.settings)

    @contextmanager
    def loading(self, number: int) -> Iterator[None]:
        """Run the block that reads a page's text and drawing within `LOAD_SECONDS`: a page
        past it (or past it before) raises OverBudget, and is never tried again."""
        if number in self.over:
            raise self.over[number]
        try:
            with allowance(number, "load", LOAD_SECONDS):
                yield
        except OverBudget as exc:
            self.give_up(number, exc)
            raise

    def reread(self, number: int, psm: int) -> tuple[PageData, list[Line], Graphics]:
        """A scanned page read again with tesseract's page segmentation `psm` (the reading
        kept stays until `keep` is told otherwise)."""
        page = self.pdf.pages[number - 1]
        data = guarded(self.path, lambda: _scanned(self.path, page, number, self.settings, psm))
        graphics = objects_to_graphics(data.objects, self.settings)
        return data, self._lines(data, graphics), graphics

    def keep(self, number: int, loaded: tuple[PageData, list[Line], Graphics]) -> None:
        """Keep another reading of a page (`reread`) in place of the one kept."""
        self.loaded[number] = loaded

    def parsed(self, number: int) -> tuple[PageData, Graphics]:
        """A page as the libraries give it, and its rules and bands (no text lines yet)."""
        raw = self.raw.pop(number, None)
        data = load_page(self.path, self.pdf, number, self.settings, raw, self.ocr)
        return data, objects_to_graphics(data.objects, self.settings)

    def give_up(self, number: int, exc: OverBudget) -> None:
        """Remember a page whose reading ran past its allowance (never tried again), and drop
        what the libraries keep of it."""
        self.over[number] = exc
        self.reset(number)

    def reset(self, number: int) -> None:
        """Drop what the libraries keep of a page whose reading was interrupted (their state
        may be half-built): the page's caches, and the playa document (opened again when next
        needed)."""
        self.raw.pop(number, None)
        with suppress(Exception):
            self.pdf.pages[number - 1].flush_cache()
        with suppress(Exception):
            close_playa(self.pdf)

    def margins(self, number: int) -> list[Line] | None:
        """The lines in a page's margins (the page loaded now if need be; none on a page given
        up); None for a page turned to be read, whose margins are not its neighbours' (the
        running heads printed across its text were left out)."""
        if not self.holds(number):  # read from the margins alone, parsed once
            try:
                with self.loading(number):
                    if number not in self.raw:
                        self.raw[number] = parse_page(self.path, self.pdf, number)
                    return margin_lines(self.path, self.raw[number], self.settings)
            except OverBudget:
                return []
        try:
            data, lines, _ = self.get(number)
        except OverBudget:
            return []
        if data.turn:
            return None
        return in_margins(lines, data.height, self.settings)

    def holds(self, number: int) -> bool:
        """Whether a page is read whole already (its margins then cost nothing more)."""
        return number in self.loaded or number in self.over

    def forget_before(self, number: int) -> None:
        """Drop the pages before `number`."""
        for n in [n for n in self.loaded if n < number]:
            del self.loaded[n]
        for n in [n for n in self.raw if n < number]:
            del self.raw[n]


def page_content(
    data: PageData,
    lines: Sequence[Line],
    graphics: Graphics,
    neighbours: Sequence[Sequence[Line]],
    settings: LayoutSettings,
    headers: Sequence[Header] = (),
    apart_only: bool = False,
) -> PageContent:
    """A page as the layout engine reads it: running heads and feet left out (never a line of
    a table's header, which comes back on every page too)."""
    keep = {
        k
        for k, ln in enumerate(lines)
        if any(h.top - 0.5 <= ln.top and ln.bottom <= h.bottom + 0.5 for h in headers)
    }
    running = (
        running_lines(lines, data.height, neighbours, settings, apart_only, graphics.bands) - keep
    )
    kept = tuple(ln for k, ln in enumerate(lines) if k not in running)
    boxes = [
        (ln.x0 - 1, ln.top, ln.x1 + 1, ln.bottom) for k, ln in enumerate(lines) if k in running
    ]
    chars = tuple(c for c in data.chars if not any(_inside(c, b) for b in boxes))
    height = statistics.median(ln.height for ln in kept) if kept else 10.0
    return PageContent(
        number=data.number,
        width=data.width,
        height=data.height,
        chars=chars,
        lines=kept,
        graphics=graphics,
        line_height=height,
        running=tuple(ln for k, ln in enumerate(lines) if k in running),
    )


def still_headers(lines: Sequence[Line], kept: Sequence[Line], settings: LayoutSettings) -> bool:
    """Whether the headers found among a page's lines are those among the lines kept of them:
    only lines above and below all the rest were left out (running heads and feet, never a
    header's lines), each set apart from the rest by more white than lines of one header may
    have between them, and the usual line height is the same. No run of lines read as a
    header can then reach from a line left out to one kept."""
    if len(kept) == len(lines):
        return True
    if not kept:
        return False
    ids = {id(ln) for ln in kept}
    first = next(k for k, ln in enumerate(lines) if id(ln) in ids)
    last = first + len(kept) - 1
    run = lines[first : last + 1]
    if len(run) != len(kept) or any(a is not b for a, b in zip(run, kept, strict=True)):
        return False
    height = line_height(lines)
    if height != line_height(kept):
        return False
    apart = settings.header_gap * height
    above = first == 0 or kept[0].top - lines[first - 1].bottom > apart
    below = last == len(lines) - 1 or lines[last + 1].top - kept[-1].bottom > apart
    return above and below


def _inside(c: dict[str, Any], box: BBox) -> bool:
    """Whether a character is one of a line's in `box`: centred across it and drawn within its
    height (a line of the table drawn a little over it is not)."""
    cx = (c["x0"] + c["x1"]) / 2
    within = box[1] - 0.5 <= c["top"] and c["bottom"] <= box[3] + 0.5
    return bool(box[0] <= cx <= box[2] and within)
