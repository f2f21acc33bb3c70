"""The spreadsheet producer: an openpyxl workbook printed to PDF by LibreOffice Calc.

The table is a sheet as an office keeps one: every value typed as text, wrapped in its cell,
borders (all, horizontal only, vertical only, outer frame, header only, none), text at the
top or in the middle of its cell, a header shaded light or dark
with white bold text, one or two header rows with merged cells, the header rows printed on
every page (print titles) or once, zebra and group rows filled, group rows merged across,
columns fitted to the page width, landscape or portrait, a page header and a numbered footer.
Calc prints every row whole: a row never breaks across pages.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..office import pin_volatile_bytes
from .data import Dataset
from .measure import geometry
from .measure import wrap as wrap_text
from .rows import logical_rows
from .style import Layout

LIGHT, DARK, ZEBRA, GROUP = "D9DEE6", "263861", "EDEDED", "C7D1DB"
THIN = Side(style="thin", color="000000")
NONE = Side(style=None)


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", start_color=colour, end_color=colour)


def _border(
    layout: Layout, header: bool, first: bool, last: bool, left: bool, right: bool
) -> Border:
    """The border of one cell for the layout's borders."""
    b = layout.borders
    if b == "grid" or (b == "header_box" and header):
        return Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    if b == "hrules":
        return Border(top=THIN, bottom=THIN)
    if b == "vrules":
        return Border(left=THIN, right=THIN)
    if b == "frame":
        return Border(
            left=THIN if left else NONE,
            right=THIN if right else NONE,
            top=THIN if first else NONE,
            bottom=THIN if last else NONE,
        )
    return Border()


def build_xlsx(ds: Dataset, layout: Layout, path: Path) -> None:
    """Write the table in the layout as an .xlsx workbook."""
    geo = geometry(ds, layout)
    rng = random.Random(layout.seed + 4)
    wb = Workbook()
    ws: Worksheet = wb.active
    ws.title = "Indicatori"
    n = len(ds.cols)
    for c, width in enumerate(geo.widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = round(width / 5.6, 2)
    head_fill = {"band_light": _fill(LIGHT), "band_dark": _fill(DARK)}.get(layout.header)
    white = "FFFFFF" if layout.header == "band_dark" else "000000"
    wrap = Alignment(wrap_text=True, vertical="top", horizontal="left")
    centre = Alignment(wrap_text=True, vertical="top", horizontal="center")
    body = "center" if layout.valign == "middle" else "top"
    rows = logical_rows(ds, layout)
    head_rows = layout.header_rows
    last_row = head_rows + len(rows)

    lines_in: dict[int, int] = {}

    def put(
        r: int, c: int, text: str, bold: bool = False, colour: str = "000000", span: int = 1
    ) -> None:
        cell = ws.cell(row=r, column=c, value=text or None)
        cell.data_type = "s"
        cell.font = Font(name=geo.family, size=geo.size, bold=bold, color=colour)
        cell.alignment = wrap
        width = sum(geo.widths[c - 1 : c - 1 + span]) - 1.0  # Calc pads cells by a point or so
        font = geo.bold if bold else geo.font
        lines_in[r] = max(lines_in.get(r, 1), len(wrap_text(text, font, geo.size, width)))

    # header
    if head_rows == 1:
        for c, col in enumerate(ds.cols, 1):
            put(1, c, col.header, True, white)
    else:
        c = 0
        while c < n:
            col = ds.cols[c]
            if not col.group:
                put(1, c + 1, col.header, True, white)
                put(2, c + 1, "", True, white)
                ws.merge_cells(start_row=1, start_column=c + 1, end_row=2, end_column=c + 1)
                c += 1
                continue
            span = 1
            while c + span < n and ds.cols[c + span].group == col.group:
                span += 1
            put(1, c + 1, col.group, True, white, span)
            ws.cell(row=1, column=c + 1).alignment = centre
            ws.merge_cells(start_row=1, start_column=c + 1, end_row=1, end_column=c + span)
            for k in range(span):
                put(2, c + k + 1, ds.cols[c + k].leaf, True, white)
            c += span
    for r in range(1, head_rows + 1):
        for c in range(1, n + 1):
            cell = ws.cell(row=r, column=c)
            if head_fill is not None:
                cell.fill = head_fill
            cell.border = _border(layout, True, r == 1, False, c == 1, c == n)

    # body
    short = {"tipologia", "policy"} | {c.name for c in ds.cols if c.name.startswith("risultato")}
    centre_short = rng.random() < 0.3
    zebra = 0
    for k, lr in enumerate(rows):
        r = head_rows + 1 + k
        if lr.index is None:
            put(r, 1, lr.label, True, span=n)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
            for c in range(1, n + 1):
                cell = ws.cell(row=r, column=c)
                if layout.bands == "groups":
                    cell.fill = _fill(GROUP)
                cell.border = _border(layout, False, False, r == last_row, c == 1, c == n)
            continue
        for c, value in enumerate(lr.values, 1):
            put(r, c, value)
            across = "center" if centre_short and ds.cols[c - 1].name in short else "left"
            ws.cell(row=r, column=c).alignment = Alignment(
                wrap_text=True, vertical=body, horizontal=across
            )
            if layout.bands == "zebra" and zebra % 2 == 1:
                ws.cell(row=r, column=c).fill = _fill(ZEBRA)
            ws.cell(row=r, column=c).border = _border(
                layout, False, False, r == last_row, c == 1, c == n
            )
        zebra += 1

    # an office fits the rows to their text (openpyxl cannot, so the heights are measured here)
    for r, count in lines_in.items():
        ws.row_dimensions[r].height = round(count * geo.size * 1.2 + 3, 1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait" if layout.orientation == "portrait" else "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    inch = 72.0
    ws.page_margins.left = ws.page_margins.right = geo.margins[0] / inch
    ws.page_margins.top = geo.margins[2] / inch
    ws.page_margins.bottom = geo.margins[3] / inch
    if layout.repeat == "every":
        ws.print_title_rows = f"1:{head_rows}"
    if layout.running in ("header", "both"):
        ws.oddHeader.left.text = ds.running
        ws.oddHeader.left.size = 8
    if layout.running in ("footer", "both"):
        ws.oddFooter.center.text = "Piano di Zona - pag. &P"
        ws.oddFooter.center.size = 8
    wb.save(str(path))


def draw(ds: Dataset, layout: Layout, path: Path, work: Path) -> None:
    """The table as a PDF printed by LibreOffice Calc from the workbook (in `work`), its rows
    fitted to their text by Calc itself (see `calc_print.py`)."""
    xlsx = work / (path.stem + ".xlsx")
    build_xlsx(ds, layout, xlsx)
    pdf = work / (path.stem + ".pdf")
    script = Path(__file__).with_name("calc_print.py")
    done = subprocess.run(
        ["/usr/bin/python3", str(script), str(xlsx), str(pdf)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0 or not pdf.exists():
        raise SystemExit(f"calc_print failed on {xlsx.name}: {done.stderr.strip()[-300:]}")
    path.write_bytes(pin_volatile_bytes(pdf.read_bytes()))
