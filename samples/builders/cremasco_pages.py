"""Two Cremasco samples whose pages, more than their table, are the test.

- ``cremasco_unruled.pdf`` (reportlab, A4 landscape, Liberation Serif 7.5pt): no rule or box at
  all. Columns are left-aligned at fixed x positions with 10pt of white between the widest line of
  one column and the next; each cell keeps the source's lines; rows are 5pt further apart than the
  lines inside them and never break across a page. On every page: a running header line
  (``Ambito Distrettuale Cremasco — Piano di Zona 2021-2023``), the table header in bold wrapped
  over two lines (``risultati attesi`` / ``I anno``, ``Dato rilevato al`` / ``31/12/2022``), and a
  running footer ``Piano di Zona 2021-2023 - pag. N``. Page 1 has a caption above the table.
- ``cremasco_rotated.pdf`` (reportlab, Liberation Sans 7pt): the full grid on pages stored as
  portrait A4 with ``/Rotate 90``, the content drawn sideways so that a viewer shows an upright
  landscape table; the header repeated on every page, rows never broken, and the running footer
  ``Piano di Zona 2021-2023 - pag. N`` in the same rotated frame just below the table.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .common import (
    Cell,
    Golden,
    Sheet,
    Style,
    Table,
    cells_height,
    fit_widths,
    grid_table,
    nr_of,
    row_cells,
)

RUNNING_HEADER = "Ambito Distrettuale Cremasco — Piano di Zona 2021-2023"
CAPTION = "Tabella 7 – Indicatori di monitoraggio del Piano di Zona 2021-2023"


def footer(page: int) -> str:
    return f"Piano di Zona 2021-2023 - pag. {page}"


# ---------------------------------------------------------------------------------------------
# Sample: cremasco_unruled (white space only)

UNRULED_HEADER: list[Cell] = [
    ["nr."],
    ["Indicatore"],
    ["policy"],
    ["tipologia"],
    ["risultati attesi", "I anno"],
    ["risultati attesi", "II anno"],
    ["responsabile", "rilevazione"],
    ["frequenza", "rilevazione"],
    ["Dato rilevato al", "31/12/2022"],
    ["Dato rilevato al", "30/09/2023"],
]
COLUMN_GAP = 10.0  # white between the widest line of a column and the next column (>= 8pt)
ROW_GAP = 5.0  # extra white between rows, over the line spacing
HEADER_GAP = 7.0  # white between the header and the first row


def build_unruled(table: Table, out: Path) -> Golden:
    style = Style(font="Serif", bold="Serif-Bold", size=7.5, leading=9, pad=0)
    sheet = Sheet(out, style, margins=(36, 36, 56, 46), footer=footer)
    widths = [w + COLUMN_GAP for w in fit_widths(replace(table, header=UNRULED_HEADER), style, 0)]
    widths[-1] -= COLUMN_GAP
    xs = sheet.columns(widths)  # centred: the left margin of the text is xs[0]
    height = sheet.size[1]

    def page_top() -> None:
        sheet.canvas.setFont("Serif-Italic", 8)
        sheet.canvas.drawString(xs[0], height - 30, RUNNING_HEADER)
        if sheet.page == 1:
            sheet.canvas.setFont("Serif-Bold", 9.5)
            sheet.canvas.drawString(xs[0], sheet.y - 10, CAPTION)
            sheet.y -= 26
        for x, lines in zip(xs, UNRULED_HEADER, strict=False):
            sheet.text(x, sheet.y, lines, bold=True)
        sheet.y -= cells_height(style, UNRULED_HEADER) + HEADER_GAP

    golden = Golden()
    page_top()
    for row in table.rows:
        nr, cells = nr_of(row), row_cells(row)
        row_height = cells_height(style, cells)
        if sheet.room() < row_height:
            sheet.new_page()
            page_top()
        golden.pages[nr] = sheet.page
        for x, lines in zip(xs, cells, strict=False):
            sheet.text(x, sheet.y, lines)
        sheet.y -= row_height + ROW_GAP
    sheet.save()
    return golden


# ---------------------------------------------------------------------------------------------
# Sample: cremasco_rotated (landscape pages stored as portrait pages with /Rotate 90)


def build_rotated(table: Table, out: Path) -> Golden:
    style = Style(font="Sans", bold="Sans-Bold", size=7, leading=8.6, pad=2.5)
    sheet = Sheet(out, style, margins=(28, 28, 40, 42), footer=footer, rotated=True)
    xs = sheet.columns(fit_widths(table, style))
    sheet.canvas.setFont("Sans-Bold", 9.5)
    sheet.canvas.drawString(xs[0], sheet.y + 10, CAPTION)
    golden = Golden(
        grid_table(sheet, xs, table.header, ((nr_of(r), row_cells(r)) for r in table.rows))
    )
    sheet.save()
    return golden
