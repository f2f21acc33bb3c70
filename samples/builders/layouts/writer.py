"""The word-processor producer: a python-docx document converted to PDF by LibreOffice Writer.

The table is a Word table as an office would make it: borders from the table style (all,
horizontal only, vertical only, outer frame, none) or on the header cells alone, text at the top
or in the middle of its cell, header cells shaded (light,
or dark with white bold text), a two-row header with merged cells, the header rows repeated on
every page (`w:tblHeader`) or not, zebra and group rows shaded cell by cell, group rows as
one cell across the table, cells merged down a column (`w:vMerge`), rows allowed to break
across pages or kept whole (`w:cantSplit`), a running header and a page-numbered footer.
Writer breaks the lines, the pages and words too long for their cell.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ..office import convert_with_soffice, new_document, page_footer, pin_volatile_bytes, set_page
from .data import Dataset
from .measure import Geometry, geometry
from .rows import logical_rows
from .style import Layout

LIGHT, DARK, ZEBRA, GROUP = "D9DEE6", "263861", "EDEDED", "C7D1DB"
CM = 28.3465


def _borders(element: Any, tag: str, sides: Sequence[str]) -> None:
    """Single black borders on the given sides (others none) of a table or a cell."""
    box = OxmlElement(tag)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        on = side in sides
        values = (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000"))
        for key, value in values if on else (("val", "nil"),):
            border.set(qn(f"w:{key}"), value)
        box.append(border)
    element.append(box)


def _shade(cell: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _write(
    cell: Any, text: str, bold: bool, white: bool, align: Any, geo: Geometry, middle: bool = False
) -> None:
    cell.vertical_alignment = (
        WD_CELL_VERTICAL_ALIGNMENT.CENTER if middle else WD_CELL_VERTICAL_ALIGNMENT.TOP
    )
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(geo.size)
    run.font.name = geo.family
    if white:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _row_flag(row: Any, tag: str) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement(tag))


def build_docx(ds: Dataset, layout: Layout, path: Path) -> None:
    """Write the table in the layout as a .docx file."""
    geo = geometry(ds, layout)
    rng = random.Random(layout.seed + 3)
    doc = new_document(ds.title, geo.family, geo.size)
    section = doc.sections[0]
    set_page(section, landscape=layout.orientation != "portrait", margin_cm=geo.margins[0] / CM)
    if layout.running in ("header", "both"):
        p = section.header.paragraphs[0]
        p.add_run(ds.running).font.size = Pt(8)
    if layout.running in ("footer", "both"):
        page_footer(section, "Piano di Zona - pag. ", size_pt=8)
    if rng.random() < 0.6:
        title = doc.add_paragraph().add_run(ds.title)
        title.bold = True
    n = len(ds.cols)
    rows = logical_rows(ds, layout)
    head_rows = layout.header_rows
    table = doc.add_table(rows=head_rows + len(rows), cols=n)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    sides = {
        "grid": ("top", "left", "bottom", "right", "insideH", "insideV"),
        "hrules": ("top", "bottom", "insideH"),
        "frame": ("top", "left", "bottom", "right"),
        "vrules": ("left", "right", "insideV"),
    }.get(layout.borders, ())
    _borders(tbl_pr, "w:tblBorders", sides)
    margins = OxmlElement("w:tblCellMar")  # the cell padding the widths were measured with
    for side, points in (("top", 1.0), ("left", geo.pad), ("bottom", 1.0), ("right", geo.pad)):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(round(points * 20)))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tbl_pr.append(margins)
    for col, width in zip(table.columns, geo.widths, strict=True):
        col.width = Pt(width)
    for r in table.rows:
        for cell, width in zip(r.cells, geo.widths, strict=True):
            cell.width = Pt(width)
    band = {"band_light": LIGHT, "band_dark": DARK}.get(layout.header)
    white = layout.header == "band_dark"
    centre_short = rng.random() < 0.3

    # header
    header = table.rows[:head_rows]
    if head_rows == 1:
        for c, col in enumerate(ds.cols):
            _write(header[0].cells[c], col.header, True, white, WD_ALIGN_PARAGRAPH.LEFT, geo)
    else:
        c = 0
        while c < n:
            col = ds.cols[c]
            if not col.group:
                top = header[0].cells[c]
                top.merge(header[1].cells[c])
                _write(top, col.header, True, white, WD_ALIGN_PARAGRAPH.LEFT, geo)
                c += 1
                continue
            span = 1
            while c + span < n and ds.cols[c + span].group == col.group:
                span += 1
            group = header[0].cells[c].merge(header[0].cells[c + span - 1])
            _write(group, col.group, True, white, WD_ALIGN_PARAGRAPH.CENTER, geo)
            for k in range(span):
                leaf = ds.cols[c + k].leaf
                _write(header[1].cells[c + k], leaf, True, white, WD_ALIGN_PARAGRAPH.LEFT, geo)
            c += span
    for r in header:
        for cell in r.cells:
            if band:
                _shade(cell, band)
            if layout.borders == "header_box":
                _borders(
                    cell._tc.get_or_add_tcPr(), "w:tcBorders", ("top", "left", "bottom", "right")
                )
        if layout.repeat == "every":
            _row_flag(r, "w:tblHeader")

    # body
    short = {"tipologia", "policy"} | {c.name for c in ds.cols if c.name.startswith("risultato")}
    zebra = 0
    merges: list[tuple[int, int, int]] = []
    for k, lr in enumerate(rows):
        r = table.rows[head_rows + k]
        if layout.breaks == "whole":
            _row_flag(r, "w:cantSplit")
        if lr.index is None:
            cell = r.cells[0].merge(r.cells[n - 1])
            _write(cell, lr.label, True, False, WD_ALIGN_PARAGRAPH.LEFT, geo)
            if layout.bands == "groups":
                _shade(cell, GROUP)
            continue
        for c, value in enumerate(lr.values):
            if lr.merged_from and lr.merged_from[c]:
                continue
            align = (
                WD_ALIGN_PARAGRAPH.CENTER
                if centre_short and ds.cols[c].name in short
                else WD_ALIGN_PARAGRAPH.LEFT
            )
            _write(r.cells[c], value, False, False, align, geo, layout.valign == "middle")
            if layout.bands == "zebra" and zebra % 2 == 1 and not (lr.span and lr.span[c] > 1):
                _shade(r.cells[c], ZEBRA)
            if lr.span and lr.span[c] > 1:
                merges.append((head_rows + k, c, lr.span[c]))
        zebra += 1
    for r0, c, span in merges:
        table.cell(r0, c).merge(table.cell(r0 + span - 1, c))
    doc.save(str(path))


def draw(ds: Dataset, layout: Layout, path: Path, work: Path) -> None:
    """The table as a PDF made by LibreOffice Writer from the .docx (in the `work` folder)."""
    docx_path = work / (path.stem + ".docx")
    build_docx(ds, layout, docx_path)
    pdf = convert_with_soffice(docx_path, work)
    path.write_bytes(pin_volatile_bytes(pdf.read_bytes()))
