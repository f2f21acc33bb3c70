"""Small, deterministic test PDFs built with reportlab: tables, scans, encrypted, prose, damaged."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.flowables import Flowable

PAGE = landscape(A4)
MARGIN = 12 * mm

# The ten headers of the Cremasco indicator table, as the source spells them.
DEFAULT_HEADER: tuple[str, ...] = (
    "nr.",
    "Indicatore",
    "policy",
    "tipologia",
    "risultati attesi I anno",
    "risultati attesi II anno",
    "responsabile rilevazione",
    "frequenza rilevazione",
    "Dato rilevato al 31/12/2022",
    "Dato rilevato al 30/09/2023",
)

# Points; 778 in all, within the 808 points between the margins of A4 landscape.
COL_WIDTHS: tuple[float, ...] = (30, 170, 45, 55, 60, 60, 130, 98, 65, 65)

# Rows 1-3 of /work/shared/seed/pdz-cremasco-expected.csv (the two measurement columns empty).
VALID_ROWS: list[list[str]] = [
    [
        "1",
        "n. incontri del Tavolo Povertà",
        "05a",
        "processo",
        "4",
        "4",
        "Coordinatore pubblico del Tavolo Povertà",
        "annuale",
    ],
    [
        "2",
        "n. incontri di coordinamento d’Ambito sulle misure e sui Fondi povertà.",
        "05a",
        "processo",
        "2",
        "4",
        "Referente tecnico UdP (Comune di Crema)",
        "annuale",
    ],
    [
        "3",
        "n. strategia d’azione territoriale contrasto povertà",
        "05a",
        "output",
        "0",
        "1",
        "Coordinatore pubblico del Tavolo Povertà",
        "annuale",
    ],
]

# The canonical column names the default profile gives DEFAULT_HEADER, in output order.
CANONICAL_COLUMNS: list[str] = [
    "nr",
    "indicatore",
    "policy",
    "tipologia",
    "risultato_atteso_1",
    "risultato_atteso_2",
    "responsabile",
    "frequenza",
    "rilevato_2022-12-31",
    "rilevato_2023-09-30",
    "pagina",
]

CELL_STYLE = ParagraphStyle("cell", fontName="Helvetica", fontSize=7, leading=8.5)
HEAD_STYLE = ParagraphStyle("head", parent=CELL_STYLE, fontName="Helvetica-Bold")
PROSE_STYLE = ParagraphStyle("prose", fontName="Helvetica", fontSize=11, leading=15)

PROSE = (
    "Il Piano di Zona è lo strumento con cui i Comuni dell'Ambito programmano insieme i servizi "
    "sociali del territorio, in collaborazione con l'ASST, l'ATS e il Terzo Settore.",
    "Nel triennio 2021-2023 la programmazione si è concentrata sul contrasto alla povertà, "
    "sulle politiche abitative e sul sostegno alle famiglie con persone fragili.",
    "La verifica dei risultati avviene ogni anno, con il confronto tra gli obiettivi attesi e "
    "quanto è stato effettivamente realizzato dai servizi coinvolti.",
)


def _doc(path: Path, **kwargs: Any) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        str(path),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        invariant=1,
        title="Piano di Zona (test)",
        **kwargs,
    )


def _table_story(rows: Sequence[Sequence[str]], header: Sequence[str]) -> list[Flowable]:
    """One fully ruled table: the header, then `rows` padded to the header's width."""
    width = len(header)
    data: list[list[Paragraph]] = [[Paragraph(escape(h), HEAD_STYLE) for h in header]]
    for row in rows:
        if len(row) > width:
            raise ValueError(f"row has {len(row)} cells, the header only {width}")
        cells = [*row, *[""] * (width - len(row))]
        data.append([Paragraph(escape(c), CELL_STYLE) for c in cells])
    widths = list(COL_WIDTHS) if width == len(COL_WIDTHS) else None
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
            ]
        )
    )
    return [table]


def table_pdf(
    path: Path,
    rows: Sequence[Sequence[str]],
    header: Sequence[str] = DEFAULT_HEADER,
    **doc_kwargs: Any,
) -> Path:
    """A one-page A4-landscape PDF holding one fully ruled indicator table."""
    _doc(path, **doc_kwargs).build(_table_story(rows, header))
    return path


def encrypted_pdf(path: Path, password: str = "secret") -> Path:
    """A valid table PDF that opens only with a user password."""
    return table_pdf(path, VALID_ROWS, encrypt=password)


def prose_pdf(path: Path) -> Path:
    """A PDF with a few paragraphs of Italian prose, no table and no ruling lines."""
    _doc(path).build([Paragraph(escape(p), PROSE_STYLE) for p in PROSE])
    return path


def _scan_image() -> Image.Image:
    """A small grey image with dark bars where the lines of text of a scanned page would be."""
    img = Image.new("L", (200, 140), 235)
    draw = ImageDraw.Draw(img)
    for i, y in enumerate(range(12, 130, 10)):
        draw.rectangle((12, y, 188 - (i * 13) % 60, y + 4), fill=40)
    return img


def scan_pdf(path: Path) -> Path:
    """A page that is only a picture, like a scan: an image and no text layer at all."""
    width, height = PAGE
    canvas = Canvas(str(path), pagesize=PAGE, invariant=1)
    canvas.drawImage(
        ImageReader(_scan_image()), MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN
    )
    canvas.showPage()
    canvas.save()
    return path


def damaged_pdf(path: Path) -> Path:
    """A file that starts like a PDF but holds no readable object: pdfminer cannot open it."""
    garbage = bytes((i * 37 + 11) % 256 for i in range(4096)).replace(b"%", b"#")
    path.write_bytes(b"%PDF-1.4\n" + garbage)
    return path


def truncated_pdf(path: Path, source: Path) -> Path:
    """The first half of a valid PDF's bytes: the cross-reference table and trailer are gone."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path
