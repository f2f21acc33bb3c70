"""Build the sample PDFs of pdztables, with a golden CSV beside each one.

Every sample is drawn from ``samples/data/cremasco.json``: the indicator table of the PdZ 2021-2023
of the Ambito Distrettuale Cremasco (49 rows), each cell a list of lines wrapped as in the source.
The golden CSV of a sample holds the clean values (the cell lines joined) plus ``pagina``, the
1-based page on which the row starts, and ``area`` where the sample has full-width group rows.

Samples:

- ``cremasco_grid.pdf`` (reportlab, A4 landscape, Liberation Sans): the source as it is. Every cell
  ruled, the header repeated at the top of page 2, page breaks after rows 18 and 37, and at the
  top of page 3 only a stray header fragment: a ruled row holding just the two dates. Cells keep
  the source's line breaks (``Con-`` / ``tatto``). The TTF font lets "affitto", "finanziate" and
  "profit" carry the "fi" ligature (U+FB01) and a few spaces be non-breaking (U+00A0, rows 1, 14,
  26, 45). A running footer ``Piano di Zona 2021-2023 - pag. N`` below the table.
- ``cremasco_docx.pdf`` (python-docx, converted by LibreOffice; A4 landscape, DejaVu Sans 8pt): a
  Word table with all borders and narrow columns that the word processor wraps (the header cells
  ``nr.`` and ``tipologia`` wrap inside the word: ``nr`` / ``.``, ``tipologi`` / ``a``), the header
  row repeated on every page (``w:tblHeader``) and rows that break across pages.
- ``cremasco_hrules.pdf`` (reportlab, A4 landscape, DejaVu Sans Condensed): horizontal rules only,
  full-width group rows (``AREA POVERTÀ`` ...), the ``policy`` cell merged down each run of equal
  values (written once at the top of the run; the rules between the rows of a run stop at the
  policy column; a run that goes on over a page break shows no policy on the next page, as in
  Word), the header repeated on each page, page breaks between rows where space runs out.
- ``cremasco_narrow_nr.pdf`` (reportlab, A4 landscape, Liberation Sans Narrow): full grid with a
  ``nr.`` column so narrow that ``13`` is drawn as ``1`` over ``3`` (the header reads ``n`` /
  ``r.``); the header only on the first page; row 40 breaks across a page: its first lines fill the
  foot of page 2 (cells open at the bottom), the rest goes on at the top of page 3 in a row with an
  empty ``nr.`` cell.

Usage: ``python samples/build.py [--only NAME ...]`` (NAME with or without ``.pdf``). Needs
reportlab and python-docx, and ``soffice`` (LibreOffice) on PATH for the docx sample.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "cremasco.json"
# The clean truth lives beside the repository: ../shared/seed/ from the repo root.
EXPECTED = (HERE.parent / ".." / "shared" / "seed" / "pdz-cremasco-expected.csv").resolve()

MEASURES = ["rilevato_2022-12-31", "rilevato_2023-09-30"]
CANONICAL = [
    "nr",
    "indicatore",
    "policy",
    "tipologia",
    "risultato_atteso_1",
    "risultato_atteso_2",
    "responsabile",
    "frequenza",
    *MEASURES,
]

FONT_DIR = Path("/usr/share/fonts/truetype")
FONTS = {
    "Sans": FONT_DIR / "liberation" / "LiberationSans-Regular.ttf",
    "Sans-Bold": FONT_DIR / "liberation" / "LiberationSans-Bold.ttf",
    "Narrow": FONT_DIR / "liberation" / "LiberationSansNarrow-Regular.ttf",
    "Narrow-Bold": FONT_DIR / "liberation" / "LiberationSansNarrow-Bold.ttf",
    "Condensed": FONT_DIR / "dejavu" / "DejaVuSansCondensed.ttf",
    "Condensed-Bold": FONT_DIR / "dejavu" / "DejaVuSansCondensed-Bold.ttf",
}

Cell = list[str]
Row = dict[str, Cell]


# ---------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Table:
    """The reference table: header cells, rows, and the page-3 header fragment of the source."""

    header: list[Cell]
    rows: list[Row]
    fragment: dict[str, Cell]
    source_pages: list[tuple[int, int]]


def load_table(path: Path = DATA) -> Table:
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["columns"] == CANONICAL, raw["columns"]
    return Table(
        header=raw["header"],
        rows=raw["rows"],
        fragment=raw["page3_fragment"],
        source_pages=[(a, b) for a, b in raw["source_pages"]],
    )


def glue(lines: Sequence[str]) -> str:
    """Join a cell's lines as typed: one space, nothing after a hyphen before a lowercase letter."""
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower():
            text += line
        elif text:
            text += " " + line
        else:
            text = line
    return text


def join_lines(lines: Sequence[str]) -> str:
    """The clean value of a cell: its lines glued, runs of spaces folded, stripped."""
    return re.sub(r"\s{2,}", " ", glue(lines)).strip()


def nr_of(row: Row) -> int:
    return int(join_lines(row["nr"]))


# ---------------------------------------------------------------------------------------------
# Golden CSV


@dataclass
class Golden:
    """Layout bookkeeping of a sample: the page where each row starts, its group label if any."""

    pages: dict[int, int] = field(default_factory=dict)
    areas: dict[int, str] | None = None


def golden_columns(with_area: bool) -> list[str]:
    return ["nr", *(["area"] if with_area else []), *CANONICAL[1:], "pagina"]


def write_golden(path: Path, table: Table, golden: Golden) -> None:
    columns = golden_columns(golden.areas is not None)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(columns)
        for row in table.rows:
            nr = nr_of(row)
            values = {col: join_lines(row[col]) for col in CANONICAL}
            values["pagina"] = str(golden.pages[nr])
            if golden.areas is not None:
                values["area"] = golden.areas[nr]
            writer.writerow([values[col] for col in columns])


# ---------------------------------------------------------------------------------------------
# Drawing with reportlab


NBSP_STAND_IN = 0xE0A0  # a private-use code point that stands for U+00A0 while reportlab subsets


class NbspTTFont(TTFont):  # type: ignore[misc]
    """A TTF font that keeps U+00A0 in the text layer.

    reportlab writes a non-breaking space as an ordinary space (code 32). This font hands it to
    reportlab as a private-use character with the space glyph, then maps that character back to
    U+00A0 in the subset (and so in the ToUnicode map) when the PDF is written.
    """

    def __init__(self, name: str, path: str) -> None:
        super().__init__(name, path)
        self.face.charToGlyph[NBSP_STAND_IN] = self.face.charToGlyph[0xA0]
        self.face.charWidths[NBSP_STAND_IN] = self.face.charWidths[0xA0]

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> Any:
        return super().splitString(text.replace("\u00a0", chr(NBSP_STAND_IN)), doc, encoding)

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        if state is not None:
            state.subsets = [
                [0xA0 if c == NBSP_STAND_IN else c for c in subset] for subset in state.subsets
            ]
        super().addObjects(doc)


def register_fonts() -> None:
    for name, path in FONTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(NbspTTFont(name, str(path)))


@dataclass(frozen=True)
class Style:
    """Font and spacing of a table's cells (sizes in points)."""

    font: str
    bold: str
    size: float
    leading: float
    pad: float
    line_width: float = 0.5

    def height(self, n_lines: int) -> float:
        return 2 * self.pad + max(n_lines, 1) * self.leading

    def width(self, text: str, bold: bool = False) -> float:
        return float(pdfmetrics.stringWidth(text, self.bold if bold else self.font, self.size))


class Sheet:
    """A canvas with a page cursor: y goes down from the table top as rows are placed."""

    def __init__(
        self,
        path: Path,
        style: Style,
        margins: tuple[float, float, float, float],
        footer: Callable[[int], str] | None = None,
    ) -> None:
        self.size: tuple[float, float] = landscape(A4)
        self.canvas = Canvas(str(path), pagesize=self.size, invariant=1, pageCompression=1)
        self.canvas.setTitle("Piano di Zona 2021-2023 - Indicatori")
        self.canvas.setAuthor("Ambito Distrettuale Cremasco")
        self.style = style
        self.left, self.right, self.top, self.bottom = margins
        self.footer = footer
        self.page = 1
        self.y: float = self.size[1] - self.top

    def columns(self, widths: Sequence[float]) -> list[float]:
        """x of each column rule, the table centred between the side margins."""
        room = self.size[0] - self.left - self.right
        assert sum(widths) <= room, f"table {sum(widths):.0f}pt wide, room for {room:.0f}pt"
        xs = [self.left + (room - sum(widths)) / 2]
        for w in widths:
            xs.append(xs[-1] + w)
        return xs

    def room(self) -> float:
        return self.y - self.bottom

    def new_page(self) -> None:
        self.finish_page()
        self.canvas.showPage()
        self.page += 1
        self.y = self.size[1] - self.top

    def finish_page(self) -> None:
        if self.footer is not None:
            self.canvas.setFont(self.style.font, 8)
            self.canvas.drawCentredString(self.size[0] / 2, 24, self.footer(self.page))

    def save(self) -> None:
        self.finish_page()
        self.canvas.save()

    def hline(self, x1: float, x2: float, y: float) -> None:
        self.canvas.setLineWidth(self.style.line_width)
        self.canvas.line(x1, y, x2, y)

    def vline(self, x: float, y1: float, y2: float) -> None:
        self.canvas.setLineWidth(self.style.line_width)
        self.canvas.line(x, y1, x, y2)

    def text(self, x: float, y_top: float, lines: Sequence[str], bold: bool = False) -> None:
        """Draw lines top-aligned in a cell whose text box starts at (x, y_top)."""
        st = self.style
        self.canvas.setFont(st.bold if bold else st.font, st.size)
        for i, line in enumerate(lines):
            baseline = y_top - st.pad - i * st.leading - 0.9 * st.size
            self.canvas.drawString(x + st.pad, baseline, line)


def fit_widths(table: Table, style: Style, extra: float = 4.0) -> list[float]:
    """Column widths that hold every line of the column (header included) without re-wrapping."""
    widths = []
    for i, col in enumerate(CANONICAL):
        body = [style.width(line) for row in table.rows for line in row[col]]
        head = [style.width(line, bold=True) for line in table.header[i]]
        widths.append(max([*body, *head]) + 2 * style.pad + extra)
    return widths


def grid_row(
    sheet: Sheet,
    xs: Sequence[float],
    cells: Sequence[Cell],
    height: float,
    bold: bool = False,
    bottom_rule: bool = True,
) -> None:
    """A fully ruled row at the cursor; with bottom_rule=False the cells stay open below."""
    top, low = sheet.y, sheet.y - height
    sheet.hline(xs[0], xs[-1], top)
    if bottom_rule:
        sheet.hline(xs[0], xs[-1], low)
    for x in xs:
        sheet.vline(x, top, low)
    for x, lines in zip(xs, cells, strict=False):
        sheet.text(x, top, lines, bold=bold)
    sheet.y = low


def row_cells(row: Row) -> list[Cell]:
    return [row[col] for col in CANONICAL]


def cells_height(style: Style, cells: Sequence[Cell]) -> float:
    return style.height(max(len(c) for c in cells))


# ---------------------------------------------------------------------------------------------
# Sample: cremasco_grid (the source as it is)

LIGATURE_WORDS = ("affitto", "finanziate", "profit")  # real occurrences of "fi" (rows 7, 23, 34)
NBSP = {  # (nr, column): (text, replacement with U+00A0)
    (1, "indicatore"): ("n. incontri", "n.\u00a0incontri"),
    (14, "responsabile"): ("(Comune di Crema)", "(Comune\u00a0di\u00a0Crema)"),
    (26, "indicatore"): ("target giovani", "target\u00a0giovani"),
    (45, "frequenza"): ("unica (a", "unica\u00a0(a"),
}


def typeset(nr: int, col: str, lines: Cell) -> Cell:
    """What a word processor would store: ligatures and a few non-breaking spaces."""
    out = []
    for line in lines:
        for word in LIGATURE_WORDS:
            line = line.replace(word, word.replace("fi", "\ufb01"))
        old, new = NBSP.get((nr, col), ("", ""))
        if old and old in line:
            line = line.replace(old, new)
        out.append(line)
    return out


def typeset_row(row: Row) -> list[Cell]:
    return [typeset(nr_of(row), col, row[col]) for col in CANONICAL]


def build_grid(table: Table, out: Path) -> Golden:
    style = Style(font="Sans", bold="Sans-Bold", size=7, leading=8.4, pad=2.5)
    sheet = Sheet(
        out, style, margins=(28, 28, 40, 48), footer=lambda n: f"Piano di Zona 2021-2023 - pag. {n}"
    )
    widths = fit_widths(table, style)
    # As in the source, the longest indicator line (row 23) runs up to the policy column, so a
    # plain text dump reads "solidarietà05g_i": only the rule between the cells parts them.
    longest = max(style.width(line) for row in table.rows for line in typeset_row(row)[1])
    widths[1] = style.pad + longest + 0.2
    xs = sheet.columns(widths)
    fragment = [table.fragment.get(col, []) for col in CANONICAL]
    golden = Golden()
    for index, (first, last) in enumerate(table.source_pages):
        if index:
            sheet.new_page()
        top_cells = table.header if index < 2 else fragment
        grid_row(sheet, xs, top_cells, cells_height(style, top_cells), bold=True)
        for row in table.rows[first - 1 : last]:
            nr = nr_of(row)
            cells = typeset_row(row)
            height = cells_height(style, cells)
            assert sheet.room() >= height, f"grid: row {nr} does not fit on page {sheet.page}"
            golden.pages[nr] = sheet.page
            grid_row(sheet, xs, cells, height)
    sheet.save()
    return golden


# ---------------------------------------------------------------------------------------------
# Sample: cremasco_hrules (horizontal rules, group rows, merged policy cells)

AREAS = {
    "05a": "AREA POVERTÀ",
    "05b": "AREA ABITARE",
    "05c": "AREA INCLUSIONE",
    "05d_e": "AREA DOMICILIARITÀ E ANZIANI",
    "05d_e_j": "AREA DOMICILIARITÀ E ANZIANI",
    "05g_i": "AREA MINORI E FAMIGLIA",
    "05h": "AREA LAVORO",
    "05j": "AREA DISABILITÀ",
    "05ZERO": "AZIONI DI SISTEMA",
    "06f": "AZIONI DI SISTEMA",
    "": "AZIONI DI SISTEMA",  # row 49 has no policy; it closes the system actions
}


def policy_runs(rows: Sequence[Row]) -> list[list[Row]]:
    """Runs of consecutive rows with the same non-empty policy; an empty policy stands alone."""
    runs: list[list[Row]] = []
    for row in rows:
        policy = join_lines(row["policy"])
        if runs and policy and join_lines(runs[-1][0]["policy"]) == policy:
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


def hrule_groups(rows: Sequence[Row]) -> Iterator[tuple[str, list[list[Row]]]]:
    """(area label, policy runs) in table order."""
    label, runs = "", list[list[Row]]()
    for run in policy_runs(rows):
        area = AREAS[join_lines(run[0]["policy"])]
        if runs and area != label:
            yield label, runs
            runs = []
        label = area
        runs.append(run)
    if runs:
        yield label, runs


def build_hrules(table: Table, out: Path) -> Golden:
    style = Style(
        font="Condensed", bold="Condensed-Bold", size=6.5, leading=8.5, pad=3, line_width=0.6
    )
    sheet = Sheet(out, style, margins=(30, 30, 36, 36))
    xs = sheet.columns(fit_widths(table, style))
    left, right = xs[0], xs[-1]
    pol_l, pol_r = xs[2], xs[3]  # the policy column
    header_h = cells_height(style, table.header)
    group_h = style.height(1) + 2

    def header() -> None:
        sheet.hline(left, right, sheet.y)
        for x, lines in zip(xs, table.header, strict=False):
            sheet.text(x, sheet.y, lines, bold=True)
        sheet.y -= header_h
        sheet.hline(left, right, sheet.y)

    def ensure(height: float) -> None:
        if sheet.room() < height:
            sheet.hline(left, right, sheet.y)
            sheet.new_page()
            header()

    pages: dict[int, int] = {}
    areas: dict[int, str] = {}
    header()
    for label, runs in hrule_groups(table.rows):
        first_h = cells_height(style, row_cells(runs[0][0]))
        ensure(group_h + first_h)  # a group row never stands alone at the foot of a page
        sheet.text(left, sheet.y - 1, [label], bold=True)
        sheet.y -= group_h
        sheet.hline(left, right, sheet.y)
        for run in runs:
            for i, row in enumerate(run):
                nr = nr_of(row)
                cells = row_cells(row)
                height = cells_height(style, cells)
                ensure(height)
                pages[nr], areas[nr] = sheet.page, label
                if i > 0:  # merged policy: the value stands once, at the top of the run
                    cells[2] = []
                for x, lines in zip(xs, cells, strict=False):
                    sheet.text(x, sheet.y, lines)
                sheet.y -= height
                if i < len(run) - 1:  # inside a run the rule stops at the policy column
                    sheet.hline(left, pol_l, sheet.y)
                    sheet.hline(pol_r, right, sheet.y)
                else:
                    sheet.hline(left, right, sheet.y)
    sheet.save()
    assert max(len(run) for run in policy_runs(table.rows)) >= 3
    return Golden(pages, areas)


# ---------------------------------------------------------------------------------------------
# Sample: cremasco_narrow_nr (narrow number column, header once, a row split across pages)

SPLIT_ROW = 40  # the row that breaks across a page (chosen so it falls at a page foot)


def stacked_nr(row: Row) -> Cell:
    """The number as a narrow column shows it: one digit per line."""
    return list(join_lines(row["nr"]))


def build_narrow_nr(table: Table, out: Path) -> Golden:
    style = Style(font="Narrow", bold="Narrow-Bold", size=8, leading=9.4, pad=2.5)
    sheet = Sheet(out, style, margins=(36, 36, 30, 24))
    widths = fit_widths(table, style)
    widths[0] = style.width("0") + 2 * style.pad + 0.8  # too narrow for two digits
    xs = sheet.columns(widths)
    header = [["n", "r."], *table.header[1:]]
    grid_row(sheet, xs, header, cells_height(style, header), bold=True)
    golden = Golden()
    split_done = False
    for row in table.rows:
        nr = nr_of(row)
        cells = [stacked_nr(row), *row_cells(row)[1:]]
        height = cells_height(style, cells)
        if sheet.room() < height and nr == SPLIT_ROW:
            fit = int((sheet.room() - 2 * style.pad) // style.leading)
            assert len(cells[0]) <= fit < max(map(len, cells)), f"row {nr} cannot split here"
            golden.pages[nr] = sheet.page
            grid_row(sheet, xs, [c[:fit] for c in cells], sheet.room(), bottom_rule=False)
            sheet.new_page()
            rest = [[], *(c[fit:] for c in cells[1:])]
            grid_row(sheet, xs, rest, cells_height(style, rest))
            split_done = True
            continue
        if sheet.room() < height:
            sheet.new_page()
        golden.pages[nr] = sheet.page
        grid_row(sheet, xs, cells, height)
    assert split_done, f"narrow_nr: row {SPLIT_ROW} did not fall at a page foot"
    sheet.save()
    return golden


# ---------------------------------------------------------------------------------------------
# Sample: cremasco_docx (Word table converted by LibreOffice)

# Narrow enough that the bold "tipologia" wraps mid-word while "processo" fits; wide enough that
# no body word is cut (the longest words: accompagnamento, 05ZERO, positivamente, amministrazione).
# The date columns are wide enough for "31/12/2022" (no break inside a date), the rest of the
# landscape page goes to them: they are the columns the Ufficio di Piano fills in.
DOCX_WIDTHS_CM = [0.78, 4.0, 1.6, 1.7, 2.6, 2.6, 2.9, 2.4, 4.0, 4.0]
DOCX_FONT = "DejaVu Sans"
DOCX_SIZE_PT = 8


def build_docx_file(table: Table, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    props = doc.core_properties
    props.title = "Piano di Zona 2021-2023 - Indicatori"
    props.author = "Ufficio di Piano"
    props.created = props.modified = datetime(2023, 10, 2, 9, 0, 0)
    normal = doc.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(DOCX_SIZE_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.5)

    doc.add_paragraph("Tabella 7 - Indicatori di monitoraggio del Piano di Zona 2021-2023")
    grid = doc.add_table(rows=1, cols=len(CANONICAL))
    grid.autofit = False
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            border.set(qn(f"w:{key}"), value)
        borders.append(border)
    grid._tbl.tblPr.append(borders)
    for col, width in zip(grid.columns, DOCX_WIDTHS_CM, strict=True):
        col.width = Cm(width)

    def fill(cells: Sequence[Any], texts: Sequence[str], bold: bool) -> None:
        for cell, width, text in zip(cells, DOCX_WIDTHS_CM, texts, strict=True):
            cell.width = Cm(width)
            run = cell.paragraphs[0].add_run(text)
            run.bold = bold

    header_row = grid.rows[0]
    fill(header_row.cells, [" ".join(lines) for lines in table.header], bold=True)
    tr_pr = header_row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))  # repeat on every page
    for row in table.rows:
        # one paragraph per cell, the word processor wraps it (double spaces kept as typed)
        fill(grid.add_row().cells, [glue(row[col]) for col in CANONICAL], bold=False)
    doc.save(str(path))


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


def build_docx(table: Table, out: Path) -> Golden:
    with tempfile.TemporaryDirectory(prefix="pdz-samples-") as tmp:
        work = Path(tmp)
        docx_path = work / (out.stem + ".docx")
        build_docx_file(table, docx_path)
        out.write_bytes(pin_volatile_bytes(convert_with_soffice(docx_path, work).read_bytes()))
    found = locate_rows(out, table)
    for note in found.notes:
        print(f"  {out.name}: {note}")
    if len(found.split_rows) < 2:
        print(f"  {out.name}: WARNING only {len(found.split_rows)} row(s) break across pages")
    return found.golden


# ---------------------------------------------------------------------------------------------
# Finding rows in a PDF made by someone else (LibreOffice), with pdfplumber alone


@dataclass(frozen=True)
class Line:
    """One text line of one table column: page, vertical middle, text."""

    page: int
    y: float
    text: str


@dataclass
class Located:
    golden: Golden
    split_rows: dict[int, list[int]] = field(default_factory=dict)  # nr -> pages
    notes: list[str] = field(default_factory=list)


def column_lines(pdf_path: Path) -> tuple[list[list[Line]], list[list[Line]]]:
    """Header lines and body lines of each table column, in reading order over the pages.

    Columns come from the vertical rules of the table; the header is the band above the second
    horizontal rule of the table on each page (LibreOffice repeats it on every page).
    """
    import pdfplumber

    head: list[list[Line]] = [[] for _ in CANONICAL]
    body: list[list[Line]] = [[] for _ in CANONICAL]
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            verticals = [e for e in page.edges if e["orientation"] == "v"]
            xs = _cluster(sorted(e["x0"] for e in verticals))
            if len(xs) != len(CANONICAL) + 1:
                raise SystemExit(f"{pdf_path.name} p{number}: {len(xs)} column rules, not 11")
            table_top = min(e["top"] for e in verticals)
            rules = _cluster(
                sorted(
                    e["top"]
                    for e in page.edges
                    if e["orientation"] == "h" and e["top"] >= table_top - 1
                )
            )
            for col, y, text in _lines(page, xs, table_top):
                target = head if y < rules[1] else body
                target[col].append(Line(number, y, text))
    return head, body


def _cluster(values: Sequence[float], gap: float = 2.0) -> list[float]:
    """Sorted values with near-duplicates (closer than gap) dropped."""
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > gap:
            out.append(v)
    return out


def _lines(page: Any, xs: Sequence[float], top: float) -> Iterator[tuple[int, float, str]]:
    """(column, y, text) of each text line below top, column by column, top to bottom.

    y is the vertical middle of the line: LibreOffice puts the top of a cell's first line on the
    rule above it.
    """
    per_line: dict[tuple[int, float], list[dict[str, Any]]] = {}
    for w in page.extract_words(keep_blank_chars=True, x_tolerance=1.5):
        x_mid, y_mid = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        col = next((i for i in range(len(xs) - 1) if xs[i] <= x_mid < xs[i + 1]), None)
        if col is not None and y_mid >= top:
            per_line.setdefault((col, round(y_mid)), []).append(w)
    for (col, y), words in sorted(per_line.items()):
        yield col, y, " ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"]))


def locate_rows(pdf_path: Path, table: Table) -> Located:
    """Deal each column's body lines out to the rows, in order, until they spell the value.

    The page of a row's first indicator line is its ``pagina``. Notes report rows whose lines run
    over two pages, header cells wrapped inside a word, and body wraps that would not join back
    to the value (a break after "/" or inside a word).
    """
    head, body = column_lines(pdf_path)
    found = Located(Golden())
    for col_index, col in enumerate(CANONICAL):
        stream = [line for line in body[col_index] if line.text.strip()]
        pos = 0
        for row in table.rows:
            nr, want = nr_of(row), join_lines(row[col])
            taken: list[Line] = []
            while (
                want and pos < len(stream) and len(join_lines([t.text for t in taken])) < len(want)
            ):
                taken.append(stream[pos])
                pos += 1
            got = join_lines([t.text for t in taken])
            if got.replace(" ", "") != want.replace(" ", ""):
                raise SystemExit(f"{pdf_path.name}: row {nr} {col}: found {got!r}, not {want!r}")
            if got != want:
                found.notes.append(f"row {nr} {col}: wrap does not join back: {got!r}")
            if col == "indicatore":
                found.golden.pages[nr] = taken[0].page
            pages = sorted({t.page for t in taken})
            if len(pages) > 1:
                found.split_rows[nr] = sorted(set(found.split_rows.get(nr, []) + pages))
        if pos != len(stream):
            raise SystemExit(f"{pdf_path.name}: {col}: {len(stream) - pos} lines left over")
    for nr, pages in sorted(found.split_rows.items()):
        found.notes.append(f"row {nr} breaks across pages {pages}")
    for col_index, header in enumerate(table.header):
        lines = [line.text.strip() for line in head[col_index] if line.page == 1]
        if join_lines(lines) != join_lines(header):
            found.notes.append(f"header {join_lines(header)!r} wraps inside a word: {lines}")
    return found


# ---------------------------------------------------------------------------------------------
# Checks and command line

SAMPLES: dict[str, Callable[[Table, Path], Golden]] = {
    "cremasco_grid": build_grid,
    "cremasco_docx": build_docx,
    "cremasco_hrules": build_hrules,
    "cremasco_narrow_nr": build_narrow_nr,
}
NEEDS_SOFFICE = {"cremasco_docx"}


def check_data(table: Table) -> None:
    """Each cell's lines join to the expected CSV value of that cell."""
    if not EXPECTED.exists():
        print(f"check_data: {EXPECTED} not found, skipped")
        return
    with EXPECTED.open(encoding="utf-8", newline="") as fh:
        expected = list(csv.DictReader(fh))
    assert len(expected) == len(table.rows) == 49
    for want, row in zip(expected, table.rows, strict=True):
        for col in CANONICAL:
            got = join_lines(row[col])
            assert got == want.get(col, ""), (want["nr"], col, got, want.get(col))


def check_goldens(names: Sequence[str] = tuple(SAMPLES)) -> None:
    """Each golden CSV equals the expected CSV on its canonical columns."""
    if not EXPECTED.exists():
        print(f"check_goldens: {EXPECTED} not found, skipped")
        return
    with EXPECTED.open(encoding="utf-8", newline="") as fh:
        expected = list(csv.DictReader(fh))
    for name in names:
        path = HERE / f"{name}.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == len(expected), (name, len(rows))
        assert list(rows[0]) == golden_columns("area" in rows[0]), (name, list(rows[0]))
        for want, got in zip(expected, rows, strict=True):
            for col, value in want.items():
                assert got[col] == value, (name, want["nr"], col, got[col], value)
            assert all(got[m] == "" for m in MEASURES), (name, want["nr"])
            assert int(got["pagina"]) >= 1, (name, want["nr"])
        print(f"check_goldens: {path.name} ok ({len(rows)} rows)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--only",
        nargs="+",
        action="extend",
        metavar="NAME",
        help=f"build only these samples: {', '.join(SAMPLES)}",
    )
    args = parser.parse_args(argv)
    names = [n.removesuffix(".pdf") for n in args.only] if args.only else list(SAMPLES)
    unknown = [n for n in names if n not in SAMPLES]
    if unknown:
        parser.error(f"unknown sample(s) {unknown}; known: {list(SAMPLES)}")
    if any(n in NEEDS_SOFFICE for n in names) and shutil.which("soffice") is None:
        print(
            "build.py: soffice (LibreOffice) not found on PATH; it converts the docx samples",
            file=sys.stderr,
        )
        return 1
    table = load_table()
    check_data(table)
    register_fonts()
    for name in names:
        pdf = HERE / f"{name}.pdf"
        golden = SAMPLES[name](table, pdf)
        write_golden(HERE / f"{name}.csv", table, golden)
        pages = sorted(set(golden.pages.values()))
        starts = {p: [n for n, q in golden.pages.items() if q == p] for p in pages}
        summary = ", ".join(f"p{p}: {v[0]}-{v[-1]}" for p, v in starts.items())
        print(f"{pdf.name}: rows start on {len(pages)} pages ({summary})")
    check_goldens(names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
