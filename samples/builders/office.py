"""Word documents for the samples: python-docx files converted to PDF by LibreOffice."""

from __future__ import annotations

import hashlib
import re
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

Doc = Any  # a python-docx Document (the package has no type hints)


def new_document(title: str, font: str, size_pt: float, author: str = "Ufficio di Piano") -> Doc:
    """An empty document with fixed core properties and a Normal style without paragraph space."""
    doc = Document()
    props = doc.core_properties
    props.title = title
    props.author = author
    props.created = props.modified = datetime(2023, 10, 2, 9, 0, 0)
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size_pt)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    return doc


def set_page(section: Any, landscape: bool, margin_cm: float) -> None:
    """A4 in the given orientation, the same margin on every side."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21.0)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.left_margin = section.right_margin = Cm(margin_cm)
    section.top_margin = section.bottom_margin = Cm(margin_cm)


def add_grid(
    doc: Doc,
    widths_cm: Sequence[float],
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    font: tuple[str, float] | None = None,
    right_aligned: Sequence[int] = (),
) -> Any:
    """A table with every border drawn, fixed column widths and a bold header row.

    Each cell is one paragraph that the word processor wraps; the header row repeats at the top
    of every page the table runs over (``w:tblHeader``). Cells take the Normal style's font
    unless font (name, size) is given; the columns in right_aligned are aligned right.
    """
    grid = doc.add_table(rows=1, cols=len(widths_cm))
    grid.autofit = False
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            border.set(qn(f"w:{key}"), value)
        borders.append(border)
    grid._tbl.tblPr.append(borders)
    for col, width in zip(grid.columns, widths_cm, strict=True):
        col.width = Cm(width)

    def fill(cells: Sequence[Any], texts: Sequence[str], bold: bool) -> None:
        for index, (cell, width, text) in enumerate(zip(cells, widths_cm, texts, strict=True)):
            cell.width = Cm(width)
            run = cell.paragraphs[0].add_run(text)
            run.bold = bold
            if font is not None:
                run.font.name, run.font.size = font[0], Pt(font[1])
            if index in right_aligned:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    header_row = grid.rows[0]
    fill(header_row.cells, header, bold=True)
    header_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on every page
    for texts in rows:
        fill(grid.add_row().cells, texts, bold=False)
    return grid


def page_footer(section: Any, prefix: str, size_pt: float = 9) -> None:
    """A centred footer: prefix followed by the page number (a PAGE field)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(prefix).font.size = Pt(size_pt)
    _field_mark(paragraph, "begin", size_pt)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run = paragraph.add_run()
    run.font.size = Pt(size_pt)
    run._r.append(instr)
    _field_mark(paragraph, "separate", size_pt)
    paragraph.add_run("1").font.size = Pt(size_pt)  # the value shown until the field is updated
    _field_mark(paragraph, "end", size_pt)


def _field_mark(paragraph: Any, kind: str, size_pt: float) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(size_pt)
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    run._r.append(mark)


def docx_to_pdf(write_docx: Callable[[Path], None], out: Path) -> None:
    """Write a docx with write_docx in a scratch folder and convert it to out, pinned."""
    with tempfile.TemporaryDirectory(prefix="pdz-samples-") as tmp:
        work = Path(tmp)
        docx_path = work / (out.stem + ".docx")
        write_docx(docx_path)
        out.write_bytes(pin_volatile_bytes(convert_with_soffice(docx_path, work).read_bytes()))


def convert_with_soffice(docx_path: Path, out_dir: Path) -> Path:
    profile = out_dir / "lo-profile"
    cmd = [
        "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        str(docx_path),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise SystemExit(f"soffice failed on {docx_path.name}: {done.stderr.strip()[-300:]}")
    pdf = out_dir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"soffice produced no PDF for {docx_path.name}")
    return pdf


def pin_volatile_bytes(pdf: bytes, when: bytes = b"20231002090000") -> bytes:
    """Pin what LibreOffice varies between runs: the export time, /ID and /DocChecksum.

    Each is replaced by a string of the same length, so the xref offsets stay right.
    """
    pdf = re.sub(rb"(/CreationDate\(D:)\d{14}", lambda m: m[1] + when, pdf)
    volatile = rb"(/ID\s*\[\s*<|>\s*<|/DocChecksum /)[0-9A-F]{32}"
    digest = hashlib.md5(re.sub(volatile, b"", pdf)).hexdigest().upper().encode()
    return re.sub(volatile, lambda m: m[1] + digest, pdf)
