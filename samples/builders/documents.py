"""Tables drawn the way some real documents draw their text: each letter of a bold text printed
twice a fraction of a point apart, words placed one by one with no space character between
them, right-to-left script drawn as it is seen, a wide table printed turned a quarter on a
portrait page (its page number upright), header cells set vertically in a tall header row, a
ruled grid whose cells wrap onto several lines under a caption centred over it, a
spreadsheet's sheet (two tables on one white fill, a header of three levels over records
stacked between the rules of their quarter, a label clipped by its cell), a table set with
tab stops and dot leaders in a word processor, and a table typed in a monospace font, its
rules typed as dashes.

Most are a ruled grid or a table with rules between rows, drawn with reportlab's canvas; the
leaders are a docx made with python-docx and exported by LibreOffice Writer (tab stops with
dot leaders, as Word sets a list of amounts); the typed table is a monospace printout, as a
legacy accounting system prints one. Each one's truth is the data it was drawn from. The
phenomena come from the peers' test PDFs (`../shared/peers/`: `issue-71-duplicate-chars.pdf`,
`frx_2012_disclosure.pdf`, `indictb1h_14.pdf`, `Publication_of_award_of_Bids_for_Transport_Sector__
August_2016.pdf`, `issue-336-example.pdf`, and camelot's text tables), drawn small here, on the
plans' own kind of data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from bidi import get_display
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .common import FONT_DIR, register_fonts
from .office import docx_to_pdf, new_document
from .tables import Truth

OVERPRINT = 0.35
"""How far apart the two prints of a bold letter stand (points)."""

HEBREW_FONT = "Hebrew"

BUDGET = [
    ["Fonte di finanziamento", "2022", "2023"],
    ["Fondo Nazionale Politiche Sociali", "2.214.512,00", "2.353.515,00"],
    ["Fondo Non Autosufficienze", "1.820.465,00", "42.558,00"],
    ["Fondo Sociale Regionale", "1.330.134,00", "83.213,00"],
    ["Compartecipazione utenti", "481.901,00", "379.881,00"],
    ["Totale", "5.847.012,00", "2.859.167,00"],
]

STAFF = [
    ["COGNOME, NOME", "COMUNE", "SERVIZIO", "ORE"],
    ["ROSSI, MARIA, A", "CREMA, CR", "TUTELA MINORI", "36"],
    ["BIANCHI, LUCA", "PANDINO, CR", "SERVIZIO INCLUSIONE", "18"],
    ["VERDI, ANNA, M", "SONCINO, CR", "ASSISTENZA DOMICILIARE", "24"],
    ["NERI, PAOLO", "OFFANENGO, CR", "SEGRETARIATO SOCIALE", "12"],
]

TURNED = [
    ["Area", "2021", "2022", "2023", "Totale"],
    ["Contrasto alla povertà", "579.958,00", "1.954.549,00", "2.039.426,00", "4.573.933,00"],
    ["Anziani e non autosufficienza", "1.820.465,00", "42.558,00", "1.768.420,00", "3.631.443,00"],
    ["Disabilità", "303.410,00", "14.186,00", "589.473,00", "907.069,00"],
    ["Minori e famiglia", "276.814,00", "784.505,00", "362.895,00", "1.424.214,00"],
    ["Politiche giovanili", "98.120,00", "120.400,00", "87.300,00", "305.820,00"],
]

HEBREW = [
    ["2023", "2022", "סעיף"],
    ["3.2", "2.6", "תוצר מקומי גולמי"],
    ["1.3", "0.7", "סך הכל - לנפש"],
    ["3.4", "2.5", "הסקטור העסקי"],
    ["-1.7", "1.3", "בינוי"],
]


LEADERS = [
    ["Area di intervento", "Spesa 2022", "Spesa 2023"],
    ["Contrasto alla povertà e all'esclusione", "579.958,00", "1.954.549,00"],
    ["Anziani e non autosufficienza", "1.820.465,00", "42.558,00"],
    ["Disabilità", "303.410,00", "14.186,00"],
    ["Minori e famiglia", "276.814,00", "784.505,00"],
    ["Politiche giovanili", "98.120,00", "120.400,00"],
    ["Totale", "3.078.767,00", "2.916.198,00"],
]

TYPED = [
    ["CAPITOLO", "DESCRIZIONE", "STANZIATO", "IMPEGNATO"],
    ["1201", "Servizio sociale professionale", "412.300,00", "398.114,50"],
    ["1204", "Assistenza domiciliare", "655.000,00", "640.872,10"],
    ["1207", "Centri diurni disabili", "1.120.450,00", "1.098.200,00"],
    ["1210", "Tutela minori", "530.000,00", "547.905,35"],
    ["1215", "Inserimenti lavorativi", "88.000,00", "61.240,00"],
    ["", "TOTALE MISSIONE 12", "2.805.750,00", "2.746.331,95"],
]


CONTRACTS = [
    ["N.", "Oggetto del contratto", "Affidatario", "Importo", "Valuta"],
    [
        "1",
        "Servizio di assistenza domiciliare per anziani e persone con disabilità",
        "Cooperativa Sociale Il Sorriso",
        "902.418,00",
        "EUR",
    ],
    [
        "2",
        "Trasporto sociale verso i centri diurni del distretto",
        "Consorzio Trasporti Cremaschi",
        "62.785,10 11.200,00",
        "EUR CHF",
    ],
    ["3", "Centro estivo", "Associazione Oratori Cremaschi", "214.885,63", "EUR"],
    [
        "4",
        "Sportello per l'inserimento lavorativo di persone fragili",
        "Fondazione Lavoro Insieme",
        "198.770,00",
        "EUR",
    ],
    ["5", "Pasti a domicilio", "Ristorazione Lombarda Srl", "52.350,00", "EUR"],
    ["6", "Custodia sociale nei quartieri", "Cooperativa Arcobaleno", "96.150,00", "EUR"],
]
"""A ruled grid whose cells wrap onto several lines (a row's two amounts, in two currencies,
one a line), with its caption centred just over it: the peers' `Publication_of_award` and
`issue-336-example.pdf`, on a plan's contracts."""


SHEET_HEADER = ["Periodo", "Servizi domiciliari", "Anziani", "Minori", "Utenti", "var. %"]
SHEET_BANDS = [
    [["2022", "1.204", "3,1", "312", "-2,0"], ["2023", "1.262", "4,8", "298", "-4,5"]],
    [
        ["gen-2024", "1.270", "5,2", "301", "-1,0"],
        ["feb-2024", "1.281", "4,9", "305", "0,7"],
        ["mar-2024", "1.290", "4,1", "309", "1,3"],
    ],
    [["I trim. 2024", "1.280", "4,7", "305", "0,3"]],
    [
        ["apr-2024", "1.302", "3,8", "311", "2,0"],
        ["mag-2024", "1.311", "3,5", "314", "3,0"],
    ],
    [["II trim. 2024", "1.307", "3,6", "313", "2,6"]],
]
"""A spreadsheet's sheet printed: records stacked between the rules of their quarter (the
peers' `issue-53-example.pdf`), under a header of three levels."""

SHEET_TOWNS = [
    ["Comune", "Residenti", "Over 65"],
    ["Crema", "34.120", "8.412"],
    ["Casaletto Ceredano e Casaletto Vaprio", "3.870", "791"],
    ["Offanengo", "6.040", "1.310"],
    ["Pandino", "8.950", "2.004"],
]
"""The sheet's second table: a label longer than its cell, clipped by the next cell (the text
runs on under the white left of its number, hidden), as a spreadsheet prints."""


UPRIGHT_FIRST = [
    ["Comune", "Residenti", "Over 65", "Minori in carico", "Famiglie seguite"],
    ["Crema", "34.120", "8.412", "312", "1.204"],
    ["Offanengo", "6.040", "1.310", "41", "188"],
    ["Pandino", "8.950", "2.004", "77", "301"],
    ["Soncino", "7.580", "1.866", "59", "247"],
]


def _vertical_header(c: Canvas, rows: Sequence[Sequence[str]]) -> None:
    """A ruled grid whose header cells but the first set their text vertically, reading up
    the page from the foot of a tall header row (as a spreadsheet turns narrow headers)."""
    xs = [60.0, 200.0, 250.0, 300.0, 350.0, 400.0]
    top, head, row = 760.0, 80.0, 18.0
    bottom = top - head - row * (len(rows) - 1)
    c.setLineWidth(0.5)
    for x in xs:
        c.line(x, top, x, bottom)
    for y in [top, *(top - head - row * k for k in range(len(rows)))]:
        c.line(xs[0], y, xs[-1], y)
    c.setFont("Sans-Bold", 9)
    c.drawString(xs[0] + 4, top - head + 6, rows[0][0])
    for k, text in enumerate(rows[0][1:], start=1):
        c.saveState()
        c.translate(xs[k] + 28, top - head + 5)
        c.rotate(90)
        for n, part in enumerate(_split_in_two(text, 70.0)):
            c.drawString(0, n * -11.0, part)
        c.restoreState()
    c.setFont("Sans", 9)
    for r, cells in enumerate(rows[1:], start=1):
        y = top - head - row * r + 5
        for k, text in enumerate(cells):
            c.drawString(xs[k] + 4, y, text)


def _split_in_two(text: str, width: float) -> list[str]:
    """A header text on one line, or on two where it is wider than `width` (its last word on
    the second)."""
    if pdfmetrics.stringWidth(text, "Sans-Bold", 9) <= width or " " not in text:
        return [text]
    head, _, last = text.rpartition(" ")
    return [head, last]


def _leaders(docx: Path) -> None:
    """Each row a paragraph: the label, then a right tab stop with a dot leader for each
    amount (the header's with no leader), as a list of amounts is set in Word; a note right
    under it, as close as a row."""
    doc = new_document("Spesa per area di intervento", "Liberation Sans", 10)
    doc.add_paragraph("Spesa sociale dell'Ambito per area di intervento (euro).")
    doc.add_paragraph()
    for i, row in enumerate(LEADERS):
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(3)
        leader = WD_TAB_LEADER.DOTS if i else WD_TAB_LEADER.SPACES
        for cm in (12.5, 16.0):
            p.paragraph_format.tab_stops.add_tab_stop(Cm(cm), WD_TAB_ALIGNMENT.RIGHT, leader)
        run = p.add_run("\t".join(row))
        run.bold = i in (0, len(LEADERS) - 1)
    doc.add_paragraph("Fonte: rendiconti dei Comuni dell'Ambito.")  # right under the total
    doc.save(docx)


def _typed(pdf: Path) -> None:
    """A monospace printout: columns lined up with spaces, descriptions padded with dots,
    rules typed as dashes (one per column under the header, one across over the total)."""
    c = Canvas(str(pdf), pagesize=A4, invariant=1)
    c.setTitle("Stampa impegni per capitolo")
    widths = (10, 36, 16, 16)
    lines = [
        "COMUNE DI CREMA - SERVIZI SOCIALI                     STAMPA DEL 15/01/2024",
        "SITUAZIONE IMPEGNI MISSIONE 12 - ESERCIZIO 2023",
        "",
        _typed_row(TYPED[0], widths, " "),
        "  ".join("-" * (w - 2) for w in widths),
    ]
    lines += [_typed_row(row, widths, ".") for row in TYPED[1:-1]]
    lines += ["-" * (sum(widths) - 2), _typed_row(TYPED[-1], widths, " ")]
    y = 780.0
    c.setFont("Courier", 8)
    for text in lines:
        c.drawString(50, y, text)
        y -= 10.0
    c.save()


def _typed_row(row: Sequence[str], widths: Sequence[int], fill: str) -> str:
    """A row typed in columns: text left, amounts right, a description padded with `fill`
    to its column's end (two spaces before the next column)."""
    key, text, *amounts = row
    cells = [key.ljust(widths[0] - 2), (text + " ").ljust(widths[1] - 2, fill)]
    cells += [a.rjust(w - 2) for a, w in zip(amounts, widths[2:], strict=True)]
    return "  ".join(cells).rstrip()


def _canvas(pdf: Path, title: str) -> Canvas:
    register_fonts()
    if HEBREW_FONT not in pdfmetrics.getRegisteredFontNames():
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(HEBREW_FONT, str(FONT_DIR / "dejavu" / "DejaVuSans.ttf")))
    c = Canvas(str(pdf), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setFont("Sans-Bold", 12)
    c.drawString(60, 790, title)
    return c


Writer = Callable[[Canvas, float, float, str, str, float, bool], None]


def _plain(c: Canvas, x: float, y: float, text: str, font: str, size: float, head: bool) -> None:
    c.setFont(font, size)
    c.drawString(x, y, text)


def _overprinted(
    c: Canvas, x: float, y: float, text: str, font: str, size: float, head: bool
) -> None:
    """Header text made bold by printing it twice, a fraction of a point apart."""
    c.setFont(font, size)
    c.drawString(x, y, text)
    if head:
        c.drawString(x + OVERPRINT, y, text)


def _word_by_word(
    c: Canvas, x: float, y: float, text: str, font: str, size: float, head: bool
) -> None:
    """Each word placed on its own, a space's width after the last, no space drawn."""
    c.setFont(font, size)
    space = pdfmetrics.stringWidth(" ", font, size)
    for word in text.split(" "):
        c.drawString(x, y, word)
        x += pdfmetrics.stringWidth(word, font, size) + space


def _seen(c: Canvas, x: float, y: float, text: str, font: str, size: float, head: bool) -> None:
    """Right-to-left script drawn as it is seen: its letters left to right, right-aligned."""
    c.setFont(font, size)
    c.drawString(x, y, str(get_display(text)))


def _grid(
    c: Canvas,
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    write: Writer,
    font: str,
    size: float,
    verticals: bool = True,
    origin: tuple[float, float] = (60.0, 760.0),
) -> None:
    """The rows in a grid from `origin` down: rules between all rows (and columns)."""
    (x0, top), height = origin, size * 2.2
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    c.setLineWidth(0.5)
    for r, row in enumerate(rows):
        y = top - r * height
        c.line(xs[0], y, xs[-1], y)
        for k, text in enumerate(row):
            write(c, xs[k] + 4, y - height + size * 0.75, text, font, size, r == 0)
    bottom = top - len(rows) * height
    c.line(xs[0], bottom, xs[-1], bottom)
    for x in xs if verticals else (xs[0], xs[-1]):
        c.line(x, top, x, bottom)


def _wrapped_grid(c: Canvas, rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
    """A ruled grid whose cells wrap their text to their width (amounts and currencies one a
    line), each row as tall as its longest cell, under a caption centred over it: `Tabella 4`
    and its title set apart by a wide space, as a caption is numbered."""
    font, size, lead = "Sans", 8.0, 10.0
    x0, top = 60.0, 740.0
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    c.setFont("Sans-Bold", 9)
    number, title, gap = "Tabella 4", "Contratti affidati per il Piano di Zona", 18.0
    wide = [pdfmetrics.stringWidth(t, "Sans-Bold", 9) for t in (number, title)]
    left = (xs[0] + xs[-1] - wide[0] - gap - wide[1]) / 2  # the caption centred
    c.drawString(left, top + 6, number)
    c.drawString(left + wide[0] + gap, top + 6, title)
    c.setLineWidth(0.5)
    y = top
    for r, row in enumerate(rows):
        cells = [
            text.split(" ") if k >= 3 and r else simpleSplit(text, font, size, w - 8)
            for k, (text, w) in enumerate(zip(row, widths, strict=True))
        ]
        height = max(len(lines) for lines in cells) * lead + 6
        c.line(xs[0], y, xs[-1], y)
        for k, lines in enumerate(cells):
            c.setFont("Sans-Bold" if r == 0 else font, size)
            for i, line in enumerate(lines):
                c.drawString(xs[k] + 4, y - 4 - size - i * lead, line)
        y -= height
    c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, top, x, y)


def _sheet(c: Canvas) -> tuple[list[list[str]], list[list[str]]]:
    """A sheet printed as a spreadsheet prints it: its white background drawn as one filled
    rectangle behind both tables, the first a header of three levels (a title over two
    groups over their own columns) over records stacked between the rules of their quarter,
    the second a label clipped by its cell. The two tables' truths."""
    size, lead = 8.0, 12.0
    c.setFillGray(1.0)
    c.rect(40, 380, 420, 400, stroke=0, fill=1)  # the sheet's white, behind both tables
    c.setFillGray(0.0)
    c.setLineWidth(0.6)
    xs = [50.0, 150.0, 210.0, 260.0, 320.0, 370.0]
    head = [760.0, 746.0, 732.0, 716.0]  # the header's three rows, top to bottom
    periodo, title, elderly, minors, users, change = SHEET_HEADER

    def text(x: float, y: float, words: str, right: float | None = None) -> None:
        c.setFont("Sans", size)
        width = pdfmetrics.stringWidth(words, "Sans", size)
        c.drawString(right - 3 - width if right is not None else x, y, words)

    def centred(a: float, b: float, y: float, words: str) -> None:
        width = pdfmetrics.stringWidth(words, "Sans", size)
        text((a + b - width) / 2, y, words)

    text(xs[0] + 3, head[1] + 3, periodo)
    centred(xs[1], xs[5], head[1] + 3, title)
    centred(xs[1], xs[3], head[2] + 3, elderly)
    centred(xs[3], xs[5], head[2] + 3, minors)
    for k in range(4):
        centred(xs[1 + k], xs[2 + k], head[3] + 3, (users, change)[k % 2])
    c.line(xs[1], head[1], xs[5], head[1])
    c.line(xs[1], head[2], xs[5], head[2])
    y = head[3]
    bounds = [y]
    rows: list[list[str]] = []
    for band in SHEET_BANDS:
        for row in band:
            y -= lead
            text(xs[0] + 3, y + 3, row[0])
            for k, value in enumerate(row[1:]):
                text(0, y + 3, value, right=xs[2 + k])
            rows.append(list(row))
        bounds.append(y)
    for b in bounds:
        c.line(xs[0], b, xs[5], b)
    c.line(xs[0], head[0], xs[5], head[0])
    for x in (xs[0], xs[1], xs[5]):
        c.line(x, head[0], x, y)
    c.line(xs[3], head[2], xs[3], y)
    for x in (xs[2], xs[4]):
        c.line(x, head[3], x, y)
    first = [
        [periodo, title, "", "", ""],
        ["", elderly, "", minors, ""],
        ["", users, change, users, change],
        *rows,
    ]
    # the second table, under a gap of the sheet's white
    xs2, top = [50.0, 160.0, 250.0, 300.0], 560.0
    towns = SHEET_TOWNS
    c.line(xs2[0], top, xs2[-1], top)
    for r, row in enumerate(towns):
        y = top - (r + 1) * 16
        c.saveState()
        clip = c.beginPath()
        clip.rect(xs2[0], y, xs2[1] - xs2[0], 16)
        c.clipPath(clip, stroke=0, fill=0)  # the label hidden past its cell's rule
        text(xs2[0] + 3, y + 5, row[0])
        c.restoreState()
        for k, value in enumerate(row[1:]):
            text(0, y + 5, value, right=xs2[2 + k])
        c.line(xs2[0], y, xs2[-1], y)
    for x in xs2:
        c.line(x, top, x, top - len(towns) * 16)
    return first, [list(r) for r in towns]


def build_documents(folder: Path) -> dict[str, tuple[Path, list[Truth]]]:
    """Draw the drawings into `folder`; each one's path and truth by name."""
    out: dict[str, tuple[Path, list[Truth]]] = {}

    pdf = folder / "bilancio_grassetto_doppio.pdf"
    c = _canvas(pdf, "Risorse del Piano di Zona")
    _grid(c, BUDGET, (200, 90, 90), _overprinted, "Sans", 9)
    c.save()
    out[pdf.stem] = (pdf, [Truth([list(r) for r in BUDGET], 1, [1])])

    pdf = folder / "personale_parole_separate.pdf"
    c = _canvas(pdf, "Personale dei servizi sociali")
    _grid(c, STAFF, (110, 90, 130, 40), _word_by_word, "Sans", 6, verticals=False)
    c.save()
    out[pdf.stem] = (pdf, [Truth([list(r) for r in STAFF], 1, [1])])

    pdf = folder / "bilancio_ruotato.pdf"
    c = _canvas(pdf, "Risorse per area (tabella ruotata)")
    c.setFont("Sans", 8)
    c.drawString(280, 30, "Pagina 12")  # upright, across the turned table's text
    c.saveState()
    c.translate(420, 120)
    c.rotate(90)  # the table reads bottom to top
    _grid(c, TURNED, (230, 90, 90, 90, 90), _plain, "Sans", 9, origin=(0.0, 0.0))
    c.restoreState()
    c.save()
    out[pdf.stem] = (pdf, [Truth([list(r) for r in TURNED], 1, [1])])

    pdf = folder / "indicatori_ebraico.pdf"
    c = _canvas(pdf, "Indicatori (testo da destra a sinistra)")
    _grid(c, HEBREW, (70, 70, 160), _seen, HEBREW_FONT, 9)
    c.save()
    out[pdf.stem] = (pdf, [Truth([list(r) for r in HEBREW], 1, [1])])

    pdf = folder / "popolazione_intestazioni_verticali.pdf"
    c = _canvas(pdf, "Popolazione e utenti per Comune")
    _vertical_header(c, UPRIGHT_FIRST)
    c.save()
    out[pdf.stem] = (pdf, [Truth([list(r) for r in UPRIGHT_FIRST], 1, [1])])

    pdf = folder / "contratti_celle_a_capo.pdf"
    c = _canvas(pdf, "Contratti affidati")
    _wrapped_grid(c, CONTRACTS, (24, 150, 120, 70, 40))
    c.save()
    out[pdf.stem] = (pdf, [Truth([list(r) for r in CONTRACTS], 1, [1])])

    pdf = folder / "utenti_foglio_di_calcolo.pdf"
    c = _canvas(pdf, "Utenti dei servizi domiciliari")
    first, second = _sheet(c)
    c.save()
    out[pdf.stem] = (pdf, [Truth(first, 3, [1]), Truth(second, 1, [1])])

    pdf = folder / "spesa_puntini_writer.pdf"
    docx_to_pdf(_leaders, pdf)
    out[pdf.stem] = (pdf, [Truth([list(r) for r in LEADERS], 1, [1])])

    pdf = folder / "impegni_testo.pdf"
    _typed(pdf)
    out[pdf.stem] = (pdf, [Truth([list(r) for r in TYPED], 1, [1])])
    return out
