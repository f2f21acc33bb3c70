"""Pictures of the pages a table was read from, with what was found drawn over them.

Each page the table's rows come from is rendered with pypdfium2 (only those pages) and embedded
as a WebP image; over it an SVG in the page's own coordinates (PDF points from the top-left
corner, as pdfplumber measures, which is also how pdfium draws a rotated page) marks:

- the table's region and its column bounds, and tables on the page that were left out;
- the header rows;
- each indicator's row, labelled with its number (a link to its row in the table);
- rows left out (repeated headers, header fragments, group rows, text under the table), with why;
- cells that were repaired, and cells (or rows) with a validation finding, in the warning or
  error colour.

Every mark that a finding, a repair or a table row points at has an `id`, so plain anchors lead
to it (and CSS `:target` shows it) with no script.
"""

from __future__ import annotations

import base64
import io
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from pdztables.extract import BBox, Cell, enclosing
from pdztables.i18n import entry, text
from pdztables.normalize.stitch import cells_box

if TYPE_CHECKING:
    from pdztables.extract import PageTable
    from pdztables.normalize.records import Record
    from pdztables.normalize.repairs import Repair
    from pdztables.pipeline import Result
    from pdztables.schemas.findings import Failure

MAX_WIDTH_PX = 1400
"""A page picture's width at most, in pixels (text of 7 pt stays about 11 px tall)."""
MAX_SCALE = 1.75
QUALITY = 60
"""WebP quality: text stays sharp enough to read at this size, a page weighs ~100 kB."""
METHOD = 2
"""WebP effort: 2 encodes twice as fast as the default 4 for 3% more bytes."""


ROUTINE = frozenset(
    {
        "wrapped-cell",
        "continuation",
        "whitespace",
        "hyphen-join",
        "slash-join",
        "ligature",
        "column-aligned",
        "formula-guard",
    }
)
"""Repairs that do not change what a cell says (lines joined, spaces folded): listed in the
repair log, never marked on a page, so the marks that matter stand out."""
MEANING = {
    "cut-word": "cut",
    "digits-join": "cut",
    "row-split": "joined",
    "merged-cell": "filled",
    "merged-across-page": "filled",
    "ocr-slip": "mended",
}
"""Repairs that change what a cell says, by the mark each gets: `cut` (a word or number made
whole from pieces), `joined` (a row joined over a page break), `filled` (a merged cell's text
copied into the rows it covers), `mended` (a scanned page's cell whose OCR slip was mended by
its column's type). Rows left out (headers repeated, fragments, text under the
table, group rows) are marked `out`."""
STRONGEST = ("cut", "filled", "joined", "mended")
"""A cell with repairs of several kinds takes the mark of the first kind here."""


@dataclass(frozen=True)
class Mark:
    """One thing drawn over a page: a box (or, for a column bound, a vertical line)."""

    kind: str
    """region, other, column, header, row, out, cut, joined, filled, mended, warning, error"""
    box: BBox
    id: str = ""
    label: str = ""
    title: str = ""
    href: str = ""
    """Where the mark leads when clicked (its row in the table)."""


@dataclass
class Page:
    """A page picture: the image, the page's size in points, the marks drawn over it."""

    page: int
    width: float
    height: float
    image: str = ""
    """A data URI, empty when pictures are left out."""
    marks: list[Mark] = field(default_factory=list)

    def row_pitch(self) -> float:
        """The least distance between the tops of two rows drawn one under the other (the
        page's height when it has fewer than two rows): a row label is no taller."""
        tops = sorted({round(m.box[1], 2) for m in self.marks if m.kind == "row"})
        return min((b - a for a, b in pairwise(tops)), default=self.height)


@dataclass
class Anchors:
    """Where the report's links lead: the table row of each row label, the mark of each
    finding and repair."""

    rows: dict[str, int] = field(default_factory=dict)
    """row label -> index of the table row."""
    row_page: dict[int, int] = field(default_factory=dict)
    """table row index -> the page its record starts on."""
    findings: dict[int, str] = field(default_factory=dict)
    """finding index -> id of its mark."""
    repairs: dict[int, str] = field(default_factory=dict)
    """repair index -> id of its mark."""


def row_id(i: int) -> str:
    """The anchor of table row i."""
    return f"row-{i}"


MAX_PICTURES = 30
"""Page pictures a report holds at most (each weighs 50-200 kB): a table over more pages shows
those with errors, warnings and repairs first, then the first pages."""
_ANCHOR_PAGE = re.compile(r"p(?:age-)?(\d+)(?:-|$)")


def pictured(
    pages: Sequence[Page], findings: Mapping[int, set[str]] | None = None, most: int | None = None
) -> list[Page]:
    """The pages to picture, in page order: all of them, or the `most` (`MAX_PICTURES`) that
    say the most (`findings`: the severities of the findings on each page, those with no
    mark of their own included)."""
    most = MAX_PICTURES if most is None else most
    if len(pages) <= most:
        return list(pages)

    def weight(p: Page) -> tuple[bool, bool, bool, int]:
        kinds = {m.kind for m in p.marks} | (findings or {}).get(p.page, set())
        return (
            "error" not in kinds,
            "warning" not in kinds,
            not kinds & {*STRONGEST, "out"},
            p.page,
        )

    return sorted(sorted(pages, key=weight)[:most], key=lambda p: p.page)


def anchor_page(anchor: str) -> int | None:
    """The page a mark's anchor (`p12-row-3`, `page-12`) lies on."""
    found = _ANCHOR_PAGE.match(anchor)
    return int(found.group(1)) if found else None


def page_id(page: int) -> str:
    """The anchor of a page picture."""
    return f"page-{page}"


def page_marks(result: Result, lang: str) -> tuple[list[Page], Anchors]:
    """The pages the table was read from, each with its marks (no image yet), and the anchors
    the report's links use."""
    table = result.table
    marking = _Marking(
        {p: Page(p, 0.0, 0.0) for p in table.pages}, [c.name for c in table.columns], lang
    )
    marking.mark_rows(table.records)
    marking.mark_tables(result.extraction.tables)
    marking.mark_repairs(table.repairs)
    marking.mark_findings(result.validation.failures)
    order = {"other": 0, "region": 1, "header": 2, "column": 3, "out": 4, "row": 5}
    for picture in marking.pages.values():
        # rows top to bottom, so that their labels can be set one under the other
        picture.marks.sort(key=lambda m: (order.get(m.kind, 6), m.box[1] if m.kind == "row" else 0))
    return [marking.pages[p] for p in sorted(marking.pages)], marking.anchors


Spot = tuple[int, int, int]
"""Where a cell is drawn: its table row, its column (-1 for the whole row), its page."""


@dataclass
class _Marking:
    """The marks of a table's pages as they are drawn, the anchors they give, and where each
    cell of the table lies."""

    pages: dict[int, Page]
    names: list[str]
    """The table's column names."""
    lang: str
    anchors: Anchors = field(default_factory=Anchors)
    origin_cells: set[int] = field(default_factory=set)
    """The ids of the cells the table's records were read from."""
    cells_of: dict[Spot, list[Cell]] = field(default_factory=lambda: defaultdict(list))
    spots: dict[tuple[int, int], list[Spot]] = field(default_factory=lambda: defaultdict(list))
    """(row, column) -> where its cells are drawn, in the order found."""
    row_spots: dict[int, list[Spot]] = field(default_factory=lambda: defaultdict(list))
    """row -> where its cells are drawn, in the order found."""

    def add(self, page: int, mark: Mark) -> None:
        """Draw a mark over a page."""
        self.pages[page].marks.append(mark)

    def mark_rows(self, records: Sequence[Record]) -> None:
        """Rows: one box per record and page; note where each cell is drawn."""
        for i, rec in enumerate(records):
            self.anchors.rows.setdefault(rec.label, i)
            self.anchors.row_page[i] = rec.page
            by_page: dict[int, list[Cell]] = defaultdict(list)
            for col, origin in enumerate(rec.origins):
                for cell in origin:
                    self.origin_cells.add(id(cell))
                    by_page[cell.page].append(cell)
                    self.cells_of[(i, col, cell.page)].append(cell)
            for number, cells in by_page.items():
                box = cells_box(cells)
                if box is None or number not in self.pages:
                    continue
                mark_id, href = f"p{number}-{row_id(i)}", f"#{row_id(i)}"
                self.add(number, Mark("row", box, mark_id, rec.label, rec.label, href))
        for key in self.cells_of:  # where each cell is drawn, in the order found
            self.spots[key[:2]].append(key)
            self.row_spots[key[0]].append(key)

    def mark_tables(self, tables: Sequence[PageTable]) -> None:
        """The tables on the pages: region, columns, header rows; others left out."""
        for t in tables:
            if t.page not in self.pages:
                continue
            used = any(id(c) in self.origin_cells for c in t.cells)
            if not used:
                self.add(t.page, Mark("other", t.bbox, title=self.text("report.mark_other")))
                continue
            self.add(t.page, Mark("region", t.bbox, title=self.text("report.mark_region")))
            for x0, _ in t.columns[1:]:
                self.add(t.page, Mark("column", (x0, t.bbox[1], x0, t.bbox[3])))
            for r, kind in enumerate(t.row_kinds):
                if kind == "body":
                    continue
                bottom = t.row_tops[r + 1] if r + 1 < len(t.row_tops) else t.bbox[3]
                self.add(
                    t.page,
                    Mark(
                        "header",
                        (t.bbox[0], t.row_tops[r], t.bbox[2], bottom),
                        title=self.text("report.mark_header"),
                    ),
                )

    def mark_repairs(self, repairs: Sequence[Repair]) -> None:
        """Rows left out, and cells whose repairs changed what they say (one mark per cell, in
        the style of its strongest repair, titled with them all); a routine repair is linked
        to its row's mark and marks nothing."""
        repaired: dict[Spot, list[str]] = defaultdict(list)
        styles: dict[Spot, set[str]] = defaultdict(set)
        for k, repair in enumerate(repairs):
            title = str(entry(f"repair.{repair.kind}", self.lang)[0])
            if repair.box is not None and repair.page in self.pages:
                mark_id = f"p{repair.page}-out-{k}"
                self.add(
                    repair.page,
                    Mark("out", repair.box, mark_id, title=f"{title}: {repair.before[:120]}"),
                )
                self.anchors.repairs[k] = mark_id
                continue
            at = self.anchors.rows.get(repair.row)
            if at is None:
                continue
            where = self.names.index(repair.column) if repair.column in self.names else None
            spot = _cell_spot(at, where, repair.page, self.spots)
            style = MEANING.get(repair.kind)
            if spot is None and style is not None and repair.page in self.pages:
                spot = (at, -1, repair.page)  # a row's repair: its part on the page
            if spot is not None and style is not None:
                repaired[spot].append(title)
                styles[spot].add(style)
                self.anchors.repairs[k] = _cell_id(*spot)
            else:
                page = spot[2] if spot is not None else self.anchors.row_page[at]
                self.anchors.repairs[k] = f"p{page}-{row_id(at)}"
        for spot, titles in repaired.items():
            box = self.box_of(spot)
            if box is not None and spot[2] in self.pages:
                style = next(s for s in STRONGEST if s in styles[spot])
                mark_id, title = _cell_id(*spot), "; ".join(dict.fromkeys(titles))
                self.add(spot[2], Mark(style, box, mark_id, title=title))

    def mark_findings(self, failures: Sequence[Failure]) -> None:
        """Findings: one mark per cell (or row) flagged, titled with all its findings; those
        that point at a place on their page are marked there."""
        flagged: dict[Spot, tuple[str, list[str], BBox, int]] = {}
        placed: list[tuple[int, Failure]] = []
        for j, failure in enumerate(failures):
            if failure.box is not None and failure.page in self.pages:
                placed.append((j, failure))  # it points at a place on its page: marked there
                continue
            at = self.anchors.rows.get(failure.row)
            if at is None:
                if failure.page in self.pages:
                    self.anchors.findings[j] = page_id(failure.page)
                continue
            found = self.finding_spot(failure, at)
            if found is None:
                continue
            spot, box = found
            severity, messages, box, _ = flagged.get(spot, (failure.severity, [], box, at))
            if failure.severity == "error":
                severity = "error"
            messages.append(failure.text(self.lang))
            flagged[spot] = (severity, messages, box, at)
            self.anchors.findings[j] = f"{_cell_id(*spot)}-f"
        for spot, (severity, messages, box, at) in flagged.items():
            title, href = " · ".join(messages), f"#{row_id(at)}"
            self.add(spot[2], Mark(severity, box, f"{_cell_id(*spot)}-f", title=title, href=href))
        for j, failure in placed:
            assert failure.page is not None and failure.box is not None
            mark_id = f"p{failure.page}-finding-{j}"
            at = self.anchors.rows.get(failure.row)
            href = f"#{row_id(at)}" if at is not None else ""
            self.add(
                failure.page,
                Mark(
                    failure.severity, failure.box, mark_id, title=failure.text(self.lang), href=href
                ),
            )
            self.anchors.findings[j] = mark_id

    def finding_spot(self, failure: Failure, at: int) -> tuple[Spot, BBox] | None:
        """Where a finding on table row `at` is drawn and its box: its cell's, else the whole
        row's on its page; None when it is drawn nowhere."""
        column = _source_column(failure.column, self.names)
        place = self.names.index(column) if column in self.names else None
        spot = _cell_spot(at, place, failure.page, self.spots)
        if spot is not None:
            box = cells_box(self.cells_of[spot])
            return None if box is None else (spot, box)
        on = failure.page if failure.page in self.pages else self.anchors.row_page[at]
        assert on is not None
        box = self.box_of((at, -1, on))
        if box is None or on not in self.pages:
            return None
        return (at, -1, on), box

    def box_of(self, spot: Spot) -> BBox | None:
        """The box of a cell's drawing, or (column -1) of its row's on the page."""
        i, col, page = spot
        if col >= 0:
            return cells_box(self.cells_of[spot])
        keys = [key for key in self.row_spots[i] if key[2] == page]
        return enclosing([c.bbox for key in keys for c in self.cells_of[key]])

    def text(self, key: str) -> str:
        """A message in the report's language."""
        return text(key, self.lang)


def _cell_id(i: int, col: int, page: int) -> str:
    return f"p{page}-{row_id(i)}-c{col}"


def _cell_spot(
    i: int,
    col: int | None,
    page: int | None,
    spots: dict[tuple[int, int], list[tuple[int, int, int]]],
) -> tuple[int, int, int] | None:
    """The (row, column, page) of a cell's drawing, on the page named if it is drawn there."""
    if col is None:
        return None
    found = spots.get((i, col))
    if not found:
        return None
    return next((s for s in found if s[2] == page), found[0])


def _source_column(column: str, names: Sequence[str]) -> str:
    """The source column a finding's column stands for: `esito_2022-12-31` is drawn in
    `rilevato_2022-12-31`, a typed column in the text column it was read from."""
    if column in names:
        return column
    if column.startswith("esito_"):
        return "rilevato_" + column.removeprefix("esito_")
    return next((n for n in names if column.startswith(n + "_")), column)


def render(
    pdf: Path,
    pages: list[Page],
    turned: dict[int, int] | None = None,
    level: dict[int, float] | None = None,
) -> None:
    """Render each page into its picture (a WebP data URI) and note its size in points; a
    page `turned` to be read (page: degrees clockwise) is pictured turned the same way, and a
    scan set `level` to be read (page: degrees counter-clockwise) is pictured set level."""
    import pypdfium2 as pdfium
    from PIL import Image

    turned = turned or {}
    document = pdfium.PdfDocument(str(pdf))
    try:
        for page in pages:
            pdf_page = document[page.page - 1]
            try:
                width, height = pdf_page.get_size()
                turn = turned.get(page.page, 0)
                if turn % 180:  # a quarter turn: width and height swap
                    width, height = height, width
                scale = min(MAX_SCALE, MAX_WIDTH_PX / width)
                image = pdf_page.render(scale=scale, rotation=turn).to_pil()
                angle = (level or {}).get(page.page, 0.0)
                if angle:  # as the scan was read (`pixels.deskew`): about its middle
                    image = image.convert("RGB").rotate(
                        angle, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255)
                    )
                buffer = io.BytesIO()
                image.convert("RGB").save(buffer, "WEBP", quality=QUALITY, method=METHOD)
            finally:
                pdf_page.close()
            page.width, page.height = width, height
            page.image = "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode()
    finally:
        document.close()
