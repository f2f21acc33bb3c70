"""The reportlab producer: draws a table in any layout, page by page, and knows every row's page.

Everything a word processor or a report generator may draw is drawn here on purpose: rules of
every kind (vertical ones only too), text set at the top or in the middle of its row, a header
as a filled band (light, or dark with white text), a two-row header with spanning cells, the
header repeated, drawn once, or only as a stray fragment on later pages, zebra stripes and
shaded group bands, full-width group rows, cells merged down a column (also over a page
break, where the merged cell goes on empty, as in Word), rows broken across pages (their cells
closed or left open at the page foot), running headers and footers, portrait and landscape
pages, and landscape pages stored as portrait ones with /Rotate 90.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from ..common import turn_page
from .data import Dataset
from .measure import Geometry, geometry, wrap
from .rows import logical_rows
from .style import Layout

WHITE = (1, 1, 1)
BLACK = (0, 0, 0)
LIGHT_BAND = (0.85, 0.87, 0.9)
DARK_BAND = (0.15, 0.22, 0.38)
ZEBRA = (0.93, 0.93, 0.93)
GROUP_BAND = (0.78, 0.82, 0.86)


@dataclass
class Row:
    """One row to draw: its index in the data (None for a group row), lines per column."""

    index: int | None
    cells: list[list[str]]
    merged_from: list[bool]  # per column: the merged cell of a run goes on here (no text)
    merge_continues: list[bool]  # per column: the run goes on below this row
    label: str = ""

    @property
    def n_lines(self) -> int:
        return max([len(c) for c in self.cells] + [1])


class Drawing:
    """A canvas with a cursor, in landscape or portrait, stored rotated if asked."""

    def __init__(self, path: Path, ds: Dataset, layout: Layout, geo: Geometry) -> None:
        self.layout, self.geo, self.ds = layout, geo, ds
        self.rng = random.Random(layout.seed + 1)
        self.rotated = layout.orientation == "rotated"
        self.canvas = Canvas(str(path), pagesize=geo.page, invariant=1, pageCompression=1)
        self.canvas.setTitle(ds.title)
        self.canvas.setAuthor("Ufficio di Piano")
        self.page = 1
        left = geo.margins[0] + (geo.room - sum(geo.widths)) / 2
        self.xs = [left]
        for w in geo.widths:
            self.xs.append(self.xs[-1] + w)
        self.top_y = geo.page[1] - geo.margins[2]
        self.y = self.top_y
        self.piece_top = self.y  # top of the table's part on this page (for the frame)
        self.start_page()

    # -- pages ----------------------------------------------------------------------------
    def start_page(self) -> None:
        if self.rotated:
            turn_page(self.canvas)
        self.y = self.top_y
        running = self.layout.running
        w, h = self.geo.page
        self.canvas.setFillColorRGB(*BLACK)
        if running in ("header", "both"):
            self.canvas.setFont(self.geo.font, 8)
            self.canvas.drawString(self.xs[0], h - self.geo.margins[2] / 2, self.ds.running)
        if running in ("footer", "both"):
            self.canvas.setFont(self.geo.font, 8)
            text = f"Piano di Zona - pag. {self.page}"
            self.canvas.drawCentredString(w / 2, self.geo.margins[3] / 2, text)

    def new_page(self) -> None:
        self.finish_page()
        self.canvas.showPage()
        self.page += 1
        self.start_page()
        self.piece_top = self.y

    def finish_page(self) -> None:
        if self.layout.borders == "frame" and self.y < self.piece_top:
            self.stroke_rect(self.xs[0], self.piece_top, self.xs[-1], self.y)

    def room(self) -> float:
        return self.y - self.geo.margins[3]

    # -- drawing primitives ---------------------------------------------------------------
    def hline(self, x0: float, x1: float, y: float) -> None:
        self.canvas.setStrokeColorRGB(*BLACK)
        self.canvas.setLineWidth(0.5)
        self.canvas.line(x0, y, x1, y)

    def vline(self, x: float, y0: float, y1: float) -> None:
        self.canvas.setStrokeColorRGB(*BLACK)
        self.canvas.setLineWidth(0.5)
        self.canvas.line(x, y0, x, y1)

    def stroke_rect(self, x0: float, top: float, x1: float, bottom: float) -> None:
        self.canvas.setStrokeColorRGB(*BLACK)
        self.canvas.setLineWidth(0.6)
        self.canvas.rect(x0, bottom, x1 - x0, top - bottom, stroke=1, fill=0)

    def fill_rect(
        self, x0: float, top: float, x1: float, bottom: float, rgb: Sequence[float]
    ) -> None:
        self.canvas.setFillColorRGB(*rgb)
        self.canvas.rect(x0, bottom, x1 - x0, top - bottom, stroke=0, fill=1)
        self.canvas.setFillColorRGB(*BLACK)

    def text(
        self,
        x0: float,
        x1: float,
        top: float,
        lines: Sequence[str],
        bold: bool = False,
        rgb: Sequence[float] = BLACK,
        centre: bool = False,
    ) -> None:
        g = self.geo
        self.canvas.setFillColorRGB(*rgb)
        self.canvas.setFont(g.bold if bold else g.font, g.size)
        for i, line in enumerate(lines):
            base = top - g.pad - i * g.leading - 0.82 * g.size
            if centre:
                self.canvas.drawCentredString((x0 + x1) / 2, base, line)
            else:
                self.canvas.drawString(x0 + g.pad, base, line)
        self.canvas.setFillColorRGB(*BLACK)

    def height(self, n_lines: int) -> float:
        return 2 * self.geo.pad + max(n_lines, 1) * self.geo.leading

    def save(self) -> None:
        self.finish_page()
        self.canvas.save()


class TableDrawer:
    """Draws one dataset in one layout; `pages` maps each data row to the page it starts on."""

    def __init__(self, ds: Dataset, layout: Layout, path: Path) -> None:
        self.ds, self.layout = ds, layout
        self.geo = geometry(ds, layout)
        self.d = Drawing(path, ds, layout, self.geo)
        self.rng = random.Random(layout.seed + 2)
        self.pages: dict[int, int] = {}
        self.header_band_per_cell = self.rng.random() < 0.5
        self.open_split = self.rng.random() < 0.5
        self.centre_short = self.rng.random() < 0.3
        self.zebra_count = 0
        self.table_pages = 0

    # -- cells ------------------------------------------------------------------------------
    def lines(self, text: str, col: int, bold: bool = False) -> list[str]:
        g = self.geo
        font = g.bold if bold else g.font
        return wrap(text, font, g.size, g.widths[col] - 2 * g.pad)

    def rows(self) -> list[Row]:
        out: list[Row] = []
        for lr in logical_rows(self.ds, self.layout):
            cells = [self.lines(v, c) for c, v in enumerate(lr.values)]
            out.append(
                Row(lr.index, cells, list(lr.merged_from), list(lr.merge_continues), lr.label)
            )
        return out

    # -- header -----------------------------------------------------------------------------
    def header_cells(self) -> list[tuple[int, int, int, int, list[str]]]:
        """(row, col, rowspan, colspan, lines) of the header cells."""
        cols = self.ds.cols
        if self.layout.header_rows == 1:
            return [(0, c, 1, 1, self.lines(col.header, c, True)) for c, col in enumerate(cols)]
        out = []
        c = 0
        while c < len(cols):
            col = cols[c]
            if not col.group:
                out.append((0, c, 2, 1, self.lines(col.header, c, True)))
                c += 1
                continue
            span = 1
            while c + span < len(cols) and cols[c + span].group == col.group:
                span += 1
            width = sum(self.geo.widths[c : c + span]) - 2 * self.geo.pad
            g = self.geo
            out.append((0, c, 1, span, wrap(col.group, g.bold, g.size, width)))
            for k in range(span):
                out.append((1, c + k, 1, 1, self.lines(cols[c + k].leaf, c + k, True)))
            c += span
        return out

    def draw_header(self, cells: list[tuple[int, int, int, int, list[str]]]) -> None:
        d, layout, xs = self.d, self.layout, self.d.xs
        n_rows = max(r + rs for r, _, rs, _, _ in cells)
        row_h = []
        for r in range(n_rows):
            own = [len(lines) for rr, _, rs, _, lines in cells if rr == r and rs == 1]
            row_h.append(d.height(max([*own, 1])))
        for _, _, rs, _, lines in cells:  # a cell over both rows may need more room
            if rs == 2 and d.height(len(lines)) > sum(row_h):
                row_h[1] += d.height(len(lines)) - sum(row_h)
        tops = [d.y]
        for h in row_h:
            tops.append(tops[-1] - h)
        band = layout.header in ("band_light", "band_dark")
        fill = DARK_BAND if layout.header == "band_dark" else LIGHT_BAND
        colour = WHITE if layout.header == "band_dark" else BLACK
        if band and not self.header_band_per_cell:
            d.fill_rect(xs[0], tops[0], xs[-1], tops[-1], fill)
        boxed = layout.borders in ("grid", "header_box")
        for r, c, rs, cs, lines in cells:
            x0, x1, top, bottom = xs[c], xs[c + cs], tops[r], tops[r + rs]
            if band and self.header_band_per_cell:
                d.fill_rect(x0, top, x1, bottom, fill)
            if boxed:
                d.stroke_rect(x0, top, x1, bottom)
            if layout.borders == "vrules":
                d.vline(x0, top, bottom)
                d.vline(x1, top, bottom)
            d.text(x0, x1, top, lines, bold=True, rgb=colour, centre=cs > 1)
        if layout.borders == "hrules":
            d.hline(xs[0], xs[-1], tops[0])
            d.hline(xs[0], xs[-1], tops[-1])
            for r, c, rs, cs, _ in cells:
                if cs > 1:
                    d.hline(xs[c], xs[c + cs], tops[r + rs])
        d.y = tops[-1]

    def fragment_cells(self) -> list[tuple[int, int, int, int, list[str]]]:
        frag = self.ds.fragment()
        return [
            (0, c, 1, 1, self.lines(frag[col.name], c, True) if col.name in frag else [])
            for c, col in enumerate(self.ds.cols)
        ]

    def page_header(self) -> None:
        repeat = self.layout.repeat
        if self.d.page == 1 or repeat == "every":
            self.draw_header(self.header_cells())
        elif repeat == "fragment":
            full = self.d.page == 2 and self.table_pages > 2
            self.draw_header(self.header_cells() if full else self.fragment_cells())

    # -- body -------------------------------------------------------------------------------
    def draw_row(self, row: Row, lines: list[list[str]], height: float, closed: bool) -> None:
        d, layout, xs = self.d, self.layout, self.d.xs
        top, bottom = d.y, d.y - height
        n = len(xs) - 1
        if row.index is None:
            if layout.bands == "groups":
                d.fill_rect(xs[0], top, xs[-1], bottom, GROUP_BAND)
            if layout.borders == "grid":
                d.stroke_rect(xs[0], top, xs[-1], bottom)
            if layout.borders == "hrules":
                d.hline(xs[0], xs[-1], top)
                d.hline(xs[0], xs[-1], bottom)
            if layout.borders == "vrules":
                d.vline(xs[0], top, bottom)
                d.vline(xs[-1], top, bottom)
            d.text(xs[0], xs[-1], top, [row.label], bold=True)
            d.y = bottom
            return
        if layout.bands == "zebra" and self.zebra_count % 2 == 1:
            # shading is a cell's: a cell merged over several rows has one colour (white here)
            for c in range(n):
                if not row.merged_from[c] and not row.merge_continues[c]:
                    d.fill_rect(xs[c], top, xs[c + 1], bottom, ZEBRA)
        short = {"tipologia", "policy", "risultato_atteso_1", "risultato_atteso_2"}
        most = max([len(cell) for cell in lines] + [1])
        for c in range(n):
            centre = self.centre_short and self.ds.cols[c].name in short
            # text set in the middle of the row: a cell of fewer lines stands lower
            drop = (most - len(lines[c])) * self.geo.leading / 2 if layout.valign == "middle" else 0
            d.text(xs[c], xs[c + 1], top - drop, lines[c], centre=centre)
        if layout.borders == "vrules":
            for x in xs:
                d.vline(x, top, bottom)
        if layout.borders == "grid":
            for x in xs:
                d.vline(x, top, bottom)
            for c in range(n):
                if row.merged_from[c]:
                    continue
                d.hline(xs[c], xs[c + 1], top)
            if closed:
                for c in range(n):
                    if not row.merge_continues[c]:
                        d.hline(xs[c], xs[c + 1], bottom)
        elif layout.borders == "hrules" and closed:
            for c in range(n):
                if not row.merge_continues[c]:
                    d.hline(xs[c], xs[c + 1], bottom)
        d.y = bottom

    def draw(self) -> dict[int, int]:
        d = self.d
        rows = self.rows()
        self.table_pages = self._count_pages(rows)
        if self.rng.random() < 0.6:
            d.canvas.setFont(self.geo.bold, self.geo.size + 2)
            d.canvas.drawString(d.xs[0], d.y - self.geo.size - 2, self.ds.title)
            d.y -= self.geo.size * 2 + 10
            d.piece_top = d.y
        self.page_header()
        for k, row in enumerate(rows):
            height = d.height(row.n_lines)
            if row.index is None:
                nxt = rows[k + 1] if k + 1 < len(rows) else None
                need = height + (d.height(nxt.n_lines) if nxt else 0)
                if d.room() < need:
                    self.break_page()
                self.draw_row(row, row.cells, height, True)
                continue
            if d.room() < height:
                fit = int((d.room() - 2 * self.geo.pad) // self.geo.leading)
                if self.layout.breaks == "split" and 1 <= fit < row.n_lines:
                    self.split_row(row, fit)
                    continue
                self.break_page()
            self.pages[row.index] = d.page
            self.draw_row(row, row.cells, height, True)
            self.zebra_count += 1
        if self.layout.borders == "hrules" and self.layout.merged:
            d.hline(d.xs[0], d.xs[-1], d.y)
        d.save()
        return self.pages

    def break_page(self) -> None:
        d = self.d
        if self.layout.borders in ("grid", "hrules"):
            d.hline(d.xs[0], d.xs[-1], d.y)  # Word closes every cell at the page foot
        d.new_page()
        self.page_header()

    def split_row(self, row: Row, fit: int) -> None:
        d = self.d
        assert row.index is not None
        self.pages[row.index] = d.page
        head = [c[:fit] for c in row.cells]
        closed = not self.open_split
        self.draw_row(row, head, d.room(), closed)
        if closed:
            d.hline(d.xs[0], d.xs[-1], d.y)
        d.new_page()
        self.page_header()
        rest = Row(row.index, [c[fit:] for c in row.cells], row.merged_from, row.merge_continues)
        self.draw_row(rest, rest.cells, d.height(rest.n_lines), True)
        self.zebra_count += 1

    def _count_pages(self, rows: list[Row]) -> int:
        """A rough page count (for where the fragment goes): rows' heights over the page."""
        total = sum(self.d.height(r.n_lines) for r in rows)
        per_page = self.d.top_y - self.geo.margins[3] - 30
        return int(total // per_page) + 1


def draw(ds: Dataset, layout: Layout, path: Path) -> dict[int, int]:
    """Draw the dataset in the layout into a PDF; the page of each data row (0-based index)."""
    return TableDrawer(ds, layout, path).draw()
