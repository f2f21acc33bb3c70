"""Shared pieces of the sample builders: data, golden CSVs, fonts, and drawing with reportlab.

The reference table lives in ``samples/data/cremasco.json``: the indicator table of the PdZ
2021-2023 of the Ambito Distrettuale Cremasco (49 rows), each cell a list of lines wrapped as in the
source. A golden CSV holds the clean values (the cell lines joined) plus ``pagina``, the 1-based
page on which the row starts, and ``area`` where a sample has full-width group rows.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

SAMPLES_DIR = Path(__file__).resolve().parent.parent
DATA = SAMPLES_DIR / "data" / "cremasco.json"
# The clean truth lives beside the repository: ../shared/seed/ from the repo root.
EXPECTED = (SAMPLES_DIR.parent / ".." / "shared" / "seed" / "pdz-cremasco-expected.csv").resolve()

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
    "Serif": FONT_DIR / "liberation" / "LiberationSerif-Regular.ttf",
    "Serif-Bold": FONT_DIR / "liberation" / "LiberationSerif-Bold.ttf",
    "Serif-Italic": FONT_DIR / "liberation" / "LiberationSerif-Italic.ttf",
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
    """Layout bookkeeping of a sample: the page where each row starts, its group label if any.

    A sample of another table than the reference one brings its clean values in ``records``
    (column -> value, ``pagina`` included, in golden column order).
    """

    pages: dict[int, int] = field(default_factory=dict)
    areas: dict[int, str] | None = None
    records: list[dict[str, str]] | None = None


def golden_columns(with_area: bool) -> list[str]:
    return ["nr", *(["area"] if with_area else []), *CANONICAL[1:], "pagina"]


def golden_records(table: Table, golden: Golden) -> list[dict[str, str]]:
    """The golden rows of a sample: its own records, or the reference table with its pages."""
    if golden.records is not None:
        return golden.records
    records = []
    for row in table.rows:
        nr = nr_of(row)
        values = {col: join_lines(row[col]) for col in CANONICAL}
        values["pagina"] = str(golden.pages[nr])
        if golden.areas is not None:
            values["area"] = golden.areas[nr]
        records.append({col: values[col] for col in golden_columns(golden.areas is not None)})
    return records


def write_golden(path: Path, table: Table, golden: Golden) -> None:
    records = golden_records(table, golden)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(list(records[0]))
        for record in records:
            writer.writerow(record.values())


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


def turn_page(canvas: Canvas) -> None:
    """Store the page with /Rotate 90 in a MediaBox of the page size turned, portrait here:
    landscape (x, y) is drawn at portrait (595 - y, x), and a viewer turns it back."""
    canvas.setPageRotation(90)
    canvas.translate(A4[0], 0)
    canvas.rotate(90)


class Sheet:
    """A canvas of landscape pages with a cursor: y goes down from the table top as rows go in.

    ``rotated`` stores each page as portrait A4 with ``/Rotate 90`` and draws sideways, so that a
    viewer shows the landscape page upright; coordinates stay those of the landscape page.
    ``canvas`` draws on pages of a canvas that someone else owns (and saves), from its current
    page on.
    """

    def __init__(
        self,
        path: Path,
        style: Style,
        margins: tuple[float, float, float, float],
        footer: Callable[[int], str] | None = None,
        *,
        rotated: bool = False,
        canvas: Canvas | None = None,
        author: str = "Ambito Distrettuale Cremasco",
    ) -> None:
        self.size: tuple[float, float] = landscape(A4)
        self.rotated = rotated
        if canvas is None:
            canvas = Canvas(str(path), pagesize=self.size, invariant=1, pageCompression=1)
            canvas.setTitle("Piano di Zona 2021-2023 - Indicatori")
            canvas.setAuthor(author)
        else:
            canvas.setPageSize(self.size)
        self.canvas = canvas
        self.style = style
        self.left, self.right, self.top, self.bottom = margins
        self.footer = footer
        self.page: int = canvas.getPageNumber()
        self.y: float = self.size[1] - self.top
        self.start_page()

    def start_page(self) -> None:
        if self.rotated:
            turn_page(self.canvas)

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
        self.start_page()

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


def grid_table(
    sheet: Sheet,
    xs: Sequence[float],
    header: Sequence[Cell],
    rows: Iterable[tuple[int, list[Cell]]],
) -> dict[int, int]:
    """Fully ruled rows (nr, cells) under a bold header that is drawn again at the top of every
    page; a row that does not fit goes whole to the next page. The page of each row, by nr."""
    header_height = cells_height(sheet.style, header)
    grid_row(sheet, xs, header, header_height, bold=True)
    pages: dict[int, int] = {}
    for nr, cells in rows:
        height = cells_height(sheet.style, cells)
        if sheet.room() < height:
            sheet.new_page()
            grid_row(sheet, xs, header, header_height, bold=True)
        pages[nr] = sheet.page
        grid_row(sheet, xs, cells, height)
    return pages


def row_cells(row: Row) -> list[Cell]:
    return [row[col] for col in CANONICAL]


def cells_height(style: Style, cells: Sequence[Cell]) -> float:
    return style.height(max(len(c) for c in cells))


def wrap(text: str, font: str, size: float, width: float) -> Cell:
    """The lines of text broken at spaces to fit width, as a word processor breaks them.

    The lines join back to the text with one space each (no line ends in a hyphen or a slash
    that a reader would join without one).
    """
    lines: Cell = []
    for word in text.split():
        assert pdfmetrics.stringWidth(word, font, size) <= width, f"{word!r} wider than {width}"
        if lines and pdfmetrics.stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    assert " ".join(lines) == text and join_lines(lines) == text, (text, lines)
    assert not any(line.endswith(("-", "/")) for line in lines[:-1]), lines
    return lines
