"""Read the indicator table's parts from the pages of a PDF.

Every call into pdfplumber goes through `open_pdf` or `load_page` (see `pdf.py`, the library
boundary), whose failures become "the PDF is damaged"; an exception raised by the project's own
code is not caught here: it is a bug, and the CLI says so.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, overload

from pdfplumber.pdf import PDF

from pdztables.errors import InputError, PageRangeError, plural
from pdztables.schemas.profile import Profile

from .cells import grid_to_table, round_box
from .columns import header_columns, snap_columns
from .ends import table_end
from .evidence import page_evidence
from .header import Header, line_height, lines_to_headers
from .lean import page_objects
from .models import BBox, Evidence, Extraction, PageTable, Screened, Skipped, enclosing
from .pdf import guarded, open_pdf
from .place import Columns
from .primitives import (
    Graphics,
    Line,
    PageContent,
    chars_to_phrases,
    objects_to_graphics,
    phrases_to_lines,
)
from .running import in_margins, running_lines
from .screen import screen
from .settings import LayoutSettings
from .table import read_region

GRID_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
MIN_COLUMNS = 3


class Progress(Protocol):
    """Receives the page numbers as screening and extraction go."""

    def screened(self, page: int, total: int) -> None:
        """A page's text was screened."""

    def extracted(self, page: int, done: int, total: int) -> None:
        """A page's tables were extracted: `done` pages of the `total` being read so far (the
        total grows when a table goes on over a page)."""


def parse_pages(spec: str, page_count: int) -> tuple[int, ...]:
    """Page numbers (1-based) from a spec such as `3-5`, `7`, or `2,4-6`."""
    pages: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        lo_s, sep, hi_s = part.partition("-")
        try:
            lo = int(lo_s)
            hi = int(hi_s) if sep else lo
        except ValueError:
            raise PageRangeError(spec, "not a page range; write it like 3-5 or 2,4-6") from None
        if lo < 1 or hi < lo:
            raise PageRangeError(spec, "pages count from 1 and ranges go upwards")
        if hi > page_count:
            raise PageRangeError(spec, f"the document has only {plural(page_count, 'page')}")
        pages.extend(range(lo, hi + 1))
    return tuple(dict.fromkeys(pages))


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

    @property
    def has_text(self) -> bool:
        """Whether the page has any text."""
        return any(c["text"].strip() for c in self.chars)


def load_page(path: Path, pdf: PDF, number: int) -> PageData:
    """Read a page's characters and drawing objects (the library boundary); its ruled grids
    are found when first asked for."""

    def read() -> PageData:
        page = pdf.pages[number - 1]
        parsed = page_objects(page)
        page._objects = parsed
        chars = tuple(page.chars)
        objects = {k: list(parsed.get(k, [])) for k in ("line", "rect", "curve")}
        drawn = any(objects[k] for k in ("line", "rect", "curve"))
        width, height = float(page.width), float(page.height)
        page.flush_cache()

        def grids() -> tuple[tuple[BBox, ...], ...]:
            page._objects = parsed
            found = tuple(
                tuple(tuple(float(v) for v in c) for c in t.cells if c is not None)
                for t in page.find_tables(GRID_SETTINGS)
            )
            page.flush_cache()
            return found  # type: ignore[return-value]

        boxes = tuple(
            (float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"]))
            for k in ("line", "rect", "curve")
            for o in objects[k]
        )
        lazy = Lazy(lambda: guarded(path, grids), boxes) if drawn else Lazy(tuple)
        return PageData(number, width, height, chars, objects, lazy)

    return guarded(path, read)


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
        return bool(boxes) and all(any(_within(d, b) for b in boxes) for d in self.drawn)

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


@dataclass(frozen=True)
class Carry:
    """What a table hands to the next page: its header, its columns, and whether it sets its
    text in the middle of its rows."""

    header: Header
    columns: Columns
    centred: bool = False


class Pages:
    """Pages loaded on demand and their lines, the few around the current one kept."""

    def __init__(self, path: Path, pdf: PDF, settings: LayoutSettings) -> None:
        self.path, self.pdf, self.settings = path, pdf, settings
        self.loaded: dict[int, tuple[PageData, list[Line], Graphics]] = {}

    def get(self, number: int) -> tuple[PageData, list[Line], Graphics]:
        """A page, its text lines and its rules and bands."""
        if number not in self.loaded:
            data, graphics = self.parsed(number)
            phrases = chars_to_phrases(data.chars, self.settings, graphics.vrules)
            self.loaded[number] = data, phrases_to_lines(phrases, self.settings), graphics
        return self.loaded[number]

    def parsed(self, number: int) -> tuple[PageData, Graphics]:
        """A page as the libraries give it, and its rules and bands (no text lines yet)."""
        data = load_page(self.path, self.pdf, number)
        return data, objects_to_graphics(data.objects, self.settings)

    def margins(self, number: int) -> list[Line]:
        """The lines in a page's margins (the page loaded now if need be)."""
        data, lines, _ = self.get(number)
        return in_margins(lines, data.height, self.settings)

    def forget_before(self, number: int) -> None:
        """Drop the pages before `number`."""
        for n in [n for n in self.loaded if n < number]:
            del self.loaded[n]


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
    running = running_lines(lines, data.height, neighbours, settings, apart_only) - keep
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


def find_headers(
    number: int,
    lines: Sequence[Line],
    graphics: Graphics,
    profile: Profile,
    settings: LayoutSettings,
) -> list[Header]:
    """The headers of the profile's table on a page."""
    key = profile.key_column
    return lines_to_headers(
        number,
        lines,
        graphics,
        profile.column_of_parts,
        key.name if key is not None else None,
        settings,
    )


def read_page(
    content: PageContent,
    grids: Sequence[Sequence[BBox]],
    profile: Profile,
    carry: Carry | None,
    settings: LayoutSettings,
    headers: Sequence[Header] | None = None,
) -> tuple[list[PageTable], Carry | None]:
    """The tables of one page, and what the last indicator table hands to the next page.

    The indicator table's parts come region by region: the top of the page going on with the
    table of the page before, then each header found and the rows under it (`headers`: those
    of the content's lines, when known). Ruled grids of other tables are kept too (the report
    lists them as left out).
    """
    if headers is None:
        headers = find_headers(content.number, content.lines, content.graphics, profile, settings)
    found: list[PageTable] = []
    out_carry: Carry | None = None
    if carry is not None and not carry_free(content, headers):
        limit = headers[0].top - 0.5 if headers else content.height
        columns = snap_columns(carry.columns, content.graphics, 0.0, settings)
        table = read_region(
            content, None, carry.header, columns, 0.0, limit, settings, carry.centred
        )
        if table is not None:
            found.append(table)
            out_carry = Carry(carry.header, table.columns, table.centred)
    for k, h in enumerate(headers):
        limit = headers[k + 1].top - 0.5 if k + 1 < len(headers) else content.height
        body = _near_lines(content, h.bottom, limit, settings)
        columns = header_columns(h, body, content.graphics, limit)
        # rows taller than their text leave wide white between them: the table's end, found
        # with these columns (bands, rules, rows like rows carry it), gives the whole body
        end, _, _ = table_end(content, columns, h.bottom + 0.5, limit, settings, h, h.key)
        whole = _near_lines(content, h.bottom, end + 0.5, settings, gaps=False)
        if len(whole) > len(body):
            columns = header_columns(h, whole, content.graphics, limit)
        # the table's header drawn again: the table sets its text as on the page before
        again = carry is not None and carry.centred and h.same_as(carry.header)
        table = read_region(content, h, h, columns, h.top, limit, settings, again)
        if table is not None:
            found.append(table)
            out_carry = Carry(h, table.columns, table.centred)
    # pdfplumber's table finder (a tenth of a page's reading) runs only where something is
    # drawn outside the tables read: any grid it found there would be theirs
    if not (isinstance(grids, Lazy) and grids.found_within([t.bbox for t in found])):
        for cells in grids:  # a grid over a table kept (read, or a grid before) is left out
            box = enclosing(cells)  # rounded, the box grid_to_table would give it
            if box is None or any(overlap(round_box(box), t.bbox) for t in found):
                continue
            table = grid_to_table(
                content.number, cells, content.chars, "grid", settings, kind_of=lambda _: "other"
            )
            if table.n_cols >= MIN_COLUMNS:
                found.append(table)
    found.sort(key=lambda t: t.bbox[1])
    return with_titles(found, content.lines, content.number), out_carry


def with_titles(tables: list[PageTable], lines: Sequence[Line], page: int) -> list[PageTable]:
    """The tables read with the lines starting above each (below the table before, over its
    columns, not the header's) left out as `before` (a title, a caption, a page's running head
    that the table's top overlaps)."""
    out: list[PageTable] = []
    floor = 0.0
    for t in tables:
        if t.header is not None:
            x0, top, x1, _ = t.bbox
            head = t.header
            above = [
                Skipped(page, (ln.x0, ln.top, ln.x1, ln.bottom), "before", ln.text)
                for ln in lines
                if floor - 0.5 <= ln.top < top - 0.5
                and not head.holds(ln.top)
                and ln.x1 > x0
                and ln.x0 < x1
            ]
            t = replace(t, skipped=(*above, *t.skipped))
        out.append(t)
        floor = t.bbox[3]
    return out


def carry_free(content: PageContent, headers: Sequence[Header]) -> bool:
    """Whether a page reads the same whatever table the page before hands it: it has no text
    above its first header (where a table going on from the page before would stand)."""
    limit = headers[0].top - 0.5 if headers else content.height
    return not any(ln.bottom <= limit + 0.5 for ln in content.lines)


def _within(inner: BBox, outer: BBox, tol: float = 1.0) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def _near_lines(
    content: PageContent, top: float, limit: float, settings: LayoutSettings, gaps: bool = True
) -> list[Line]:
    """The lines under a header down to the first wide gap (or, without `gaps`, to `limit`):
    the body, roughly, for columns."""
    out: list[Line] = []
    gap = settings.end_gap * content.line_height
    for ln in content.lines:
        if ln.top < top - 0.5 or ln.bottom > limit:
            continue
        if gaps and out and ln.top - out[-1].bottom > gap:
            break
        out.append(ln)
    return out


def overlap(a: BBox, b: BBox) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


def extract_tables(
    path: Path,
    profile: Profile,
    pages: str | None = None,
    progress: Progress | None = None,
) -> Extraction:
    """The indicator table's parts on the pages of a PDF, with their cells' boxes.

    Without `pages`, every page's text is screened for the table's header first, and the
    layout engine reads only the pages screened in and the pages a table continues onto.
    """
    with open_pdf(path) as pdf:
        page_count = len(pdf.pages)
        if pages is not None:
            chosen = parse_pages(pages, page_count)
            queue = {n: Screened(n, "pages", detail=pages) for n in chosen}
            follow = False
        else:
            screened, any_text = screen(
                path, profile, progress.screened if progress is not None else None
            )
            if not any_text:
                raise no_text(path, tuple(range(1, page_count + 1)))
            queue = {s.page: s for s in screened}
            follow = True
        from .pages import read_pages  # it reads pages with this module's Reading

        reading = Reading(path, pdf, page_count, queue, follow, profile)
        first = min(queue, default=page_count + 1)
        reads = read_pages(reading, first, progress, len(queue))
    any_text = any(r.has_text for r in reads)
    if not follow and not any_text:
        raise no_text(path, tuple(queue))
    screened_in = [
        queue.get(r.number) or Screened(r.number, "continues", detail=str(r.number - 1))
        for r in reads
    ]
    tables = [t for r in reads for t in r.tables]
    header = next((t.header for t in tables if t.header is not None), None)
    return Extraction(
        source=str(path),
        page_count=page_count,
        pages_read=tuple(r.number for r in reads),
        tables=tuple(tables),
        screened=tuple(screened_in),
        header=header,
        evidence=tuple(r.evidence for r in reads if r.evidence is not None),
        skipped=tuple(s for r in reads for s in r.skipped),
    )


@dataclass(frozen=True)
class PageRead:
    """One page read: its tables, what it hands to the next page, and what the reading of the
    pages in parallel checks."""

    number: int
    tables: tuple[PageTable, ...]
    carry: Carry | None
    has_text: bool
    carry_free: bool
    """Whether the page reads the same whatever the page before hands it."""
    evidence: Evidence | None = None
    """The page as the audit reads it."""
    skipped: tuple[Skipped, ...] = ()
    """Its running heads and feet, left out."""


class Reading:
    """The reading of a PDF's pages in order, the same in one process or split among several.

    A page is read when it was chosen (screened in, or asked for), or, `follow`ing, when the
    table of the page before goes on onto it. A page is read from its own and its neighbours'
    contents (their running heads and feet) and from what the page before hands it, nothing
    else, so that a span of pages read anywhere reads as it would in one pass.
    """

    def __init__(
        self,
        path: Path,
        pdf: PDF,
        page_count: int,
        chosen: Collection[int],
        follow: bool,
        profile: Profile,
    ) -> None:
        self.path, self.page_count, self.follow = path, page_count, follow
        self.chosen = frozenset(chosen)
        self.profile, self.settings = profile, profile.layout
        self.loader = Pages(path, pdf, profile.layout)

    def reads(self, number: int, carry: Carry | None) -> bool:
        """Whether page `number` is read when the page before hands it `carry`."""
        return number in self.chosen or (self.follow and carry is not None)

    def page(self, number: int, carry: Carry | None) -> PageRead:
        """Read one page, given what the page before hands it."""
        settings, profile, loader = self.settings, self.profile, self.loader
        data, lines, graphics = loader.get(number)
        around = [
            n
            for n in (number - 1, number + 1)
            if 1 <= n <= self.page_count and (self.follow or n in self.chosen)
        ]
        neighbours = [loader.margins(n) for n in around]
        headers = find_headers(number, lines, graphics, profile, settings)
        content = page_content(data, lines, graphics, neighbours, settings, headers)
        if not still_headers(lines, content.lines, settings):
            headers = find_headers(number, content.lines, graphics, profile, settings)
        found, out = read_page(content, data.grids, profile, carry, settings, headers)
        loader.forget_before(number)
        free = carry_free(content, headers)
        skipped = tuple(
            Skipped(number, (ln.x0, ln.top, ln.x1, ln.bottom), "running", ln.text)
            for ln in content.running
        )
        seen = page_evidence(number, data.chars, data.objects)
        return PageRead(number, tuple(found), out, data.has_text, free, seen, skipped)

    def span(self, first: int, last: int, carry: Carry | None) -> Iterator[PageRead]:
        """The pages read from `first` to `last`, given what the page before `first` hands on."""
        for number in range(first, last + 1):
            if not self.reads(number, carry):
                carry = None
                continue
            got = self.page(number, carry)
            carry = got.carry
            yield got


def after(reads: Sequence[PageRead], last: int) -> Carry | None:
    """What the page `last` hands on, given the pages read up to it."""
    return reads[-1].carry if reads and reads[-1].number == last else None


def no_text(path: Path, pages: Sequence[int]) -> InputError:
    return InputError(
        f"{path}: no text layer on {_span(pages)} (a scan?); "
        "run OCR first (for example `ocrmypdf in.pdf out.pdf`) and try again"
    )


def _span(pages: Sequence[int]) -> str:
    return f"pages {pages[0]}-{pages[-1]}" if len(pages) > 1 else f"page {pages[0]}"
