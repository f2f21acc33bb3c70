"""Draw the other tables of a plan (budgets, municipalities, staff) in random styles, with the
truth of every table, for `pdztables tables`.

A `Spec` is what is drawn: which table data (`budget`, `comuni`, `staff`), how it is ruled
(`grid`, `hrules`, `booktabs`, `none`, `zebra`), whether a two-row header groups columns under
a spanning cell, whether sub-rows are indented, whether numbers are aligned right, whether the
first column is narrow enough to wrap its labels, whether a footnote stands under the table,
whether two tables stand side by side, and whether the table is long enough to go on over the
next pages (its header rows repeated there). Everything is drawn with reportlab's platypus.

The truth of a table is its rows as `pdztables tables` must give them: header rows first, a
cell spanning columns at its first column, wrapped text joined with a space; its number of
header rows; and its pages. It comes from the data, never from the pipeline.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .common import register_fonts

BORDERS = ("grid", "hrules", "booktabs", "none", "zebra")
KINDS = ("budget", "comuni", "staff")
SIZES = (7.0, 8.0, 9.0, 10.0)

COMUNI = [
    ("Agnadello", "3.760"),
    ("Bagnolo Cremasco", "4.830"),
    ("Camisano", "1.260"),
    ("Campagnola Cremasca", "680"),
    ("Capergnanica", "2.140"),
    ("Capralba", "2.410"),
    ("Casale Cremasco-Vidolasco", "1.830"),
    ("Casaletto Ceredano", "1.150"),
    ("Casaletto di Sopra", "540"),
    ("Casaletto Vaprio", "1.780"),
    ("Castel Gabbiano", "450"),
    ("Castelleone", "9.480"),
    ("Chieve", "2.280"),
    ("Credera Rubbiano", "1.620"),
    ("Crema", "34.120"),
    ("Cremosano", "1.860"),
    ("Cumignano sul Naviglio", "430"),
    ("Dovera", "3.860"),
    ("Fiesco", "1.190"),
    ("Gombito", "620"),
    ("Izano", "2.030"),
    ("Madignano", "2.920"),
    ("Monte Cremasco", "2.300"),
    ("Montodine", "2.520"),
    ("Moscazzano", "780"),
    ("Offanengo", "6.040"),
    ("Palazzo Pignano", "3.880"),
    ("Pandino", "8.950"),
    ("Pianengo", "2.570"),
    ("Pieranica", "1.170"),
    ("Quintano", "940"),
    ("Ricengo", "1.740"),
    ("Ripalta Arpina", "1.030"),
    ("Ripalta Cremasca", "3.330"),
    ("Ripalta Guerina", "520"),
    ("Rivolta d'Adda", "8.050"),
    ("Romanengo", "3.110"),
    ("Salvirola", "1.180"),
    ("Sergnano", "3.560"),
    ("Soncino", "7.650"),
    ("Spino d'Adda", "7.080"),
    ("Ticengo", "440"),
    ("Torlino Vimercati", "480"),
    ("Trescore Cremasco", "2.990"),
    ("Trigolo", "1.700"),
    ("Vaiano Cremasco", "3.920"),
    ("Vailate", "4.530"),
    ("Casaletto di Sotto", "610"),
]
SUBAMBITI = ("Crema", "Nord", "Sud", "Est", "Ovest")
GROUPS = ("Risorse nazionali", "Risorse regionali", "Risorse locali e altre")
FUNDS = [
    ("Fondo Nazionale Politiche Sociali (FNPS)", ["di cui quota minori"]),
    ("Fondo Non Autosufficienze (FNA)", ["di cui misura B2"]),
    ("Fondo Povertà - quota servizi", []),
    ("Fondo Sociale Regionale (FSR)", ["di cui nidi e micronidi", "di cui centri diurni"]),
    ("Fondi comunali per la gestione associata", []),
    ("Dopo di Noi (L. 112/2016)", []),
    ("Fondo intese conciliazione vita-lavoro", []),
    ("Compartecipazione utenti ai servizi", []),
]
PROFILES = [
    ("Assistente sociale", "Ufficio di Piano"),
    ("Assistente sociale area minori e famiglia", "Servizio Tutela"),
    ("Educatore professionale", "Servizio Tutela"),
    ("Psicologo", "Consultorio"),
    ("Amministrativo", "Ufficio di Piano"),
    ("Coordinatore dell'Ufficio di Piano", "Ufficio di Piano"),
    ("Operatore socio-sanitario", "Servizio Assistenza Domiciliare"),
    ("Mediatore culturale", "Sportello Stranieri"),
    ("Assistente sociale per il Reddito di Inclusione e la povertà", "Servizio Inclusione"),
    ("Tecnico della riabilitazione psichiatrica", "Servizio Disabili"),
]


@dataclass(frozen=True)
class Spec:
    """One drawing: what data, in which style."""

    kind: str
    borders: str
    size: float
    grouped: bool
    """A two-row header: a cell spanning columns over the cells under it."""
    indent: bool
    """Sub-rows (`di cui ...`) indented in the first column (budget tables)."""
    right: bool
    """Numbers aligned right."""
    narrow: bool
    """A first column so narrow that long labels wrap."""
    footnote: bool
    side: bool
    """Two tables side by side."""
    rows: int
    """Body rows of the (first) table; many rows go on over the next pages."""
    seed: int
    labels: bool = False
    """Group rows: a label alone in the first column over its funds (budget tables)."""

    @classmethod
    def draw(cls, rng: random.Random, seed: int) -> Spec:
        kind = rng.choice(KINDS)
        side = kind == "comuni" and rng.random() < 0.3
        return cls(
            kind=kind,
            borders=rng.choice(BORDERS),
            size=rng.choice(SIZES),
            grouped=kind != "comuni" and rng.random() < 0.5,
            indent=kind == "budget" and rng.random() < 0.6,
            right=rng.random() < 0.6,
            narrow=rng.random() < 0.4,
            footnote=rng.random() < 0.5,
            side=side,
            rows=rng.choice((4, 8, 12)) if side else rng.choice((5, 10, 16, 45, 70)),
            seed=seed,
            labels=kind == "budget" and rng.random() < 0.4,
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Truth:
    """A table as `pdztables tables` must give it."""

    rows: list[list[str]]
    header_rows: int
    pages: list[int]


def euro(value: int) -> str:
    """An amount the Italian way: 1.234.567,00."""
    return f"{value:,}".replace(",", ".") + ",00"


def _budget(spec: Spec, rng: random.Random) -> tuple[list[list[str]], list[list[str]], set[int]]:
    years = ["2021", "2022", "2023"]
    if spec.grouped:
        header = [
            ["Fonte di finanziamento", "Risorse assegnate", "", "", "Totale triennio"],
            ["", *years, ""],
        ]
    else:
        header = [["Fonte di finanziamento", *years, "Totale triennio"]]
    body: list[list[str]] = []
    subs: set[int] = set()
    k = 0
    while len(body) < spec.rows:
        name, parts = FUNDS[k % len(FUNDS)]
        if spec.labels and k % 3 == 0:
            body.append([GROUPS[(k // 3) % len(GROUPS)], *([""] * len(years)), ""])
        k += 1
        values = [rng.randrange(20_000, 2_500_000) for _ in years]
        body.append([name, *(euro(v) for v in values), euro(sum(values))])
        for part in parts if spec.indent else []:
            if len(body) >= spec.rows:
                break
            share = [v // rng.randrange(3, 9) for v in values]
            subs.add(len(body))
            body.append([part, *(euro(v) for v in share), euro(sum(share))])
    body = body[: spec.rows]
    while body and not any(body[-1][1:]):  # a group's label always has rows under it
        body.pop()
    return header, body, subs


def _comuni(spec: Spec, rng: random.Random, start: int = 0) -> list[list[str]]:
    names = COMUNI[start:] + COMUNI[:start]
    out = []
    for i in range(spec.rows):
        name, people = names[i % len(names)]
        over = rng.randrange(18, 27)
        out.append([name, rng.choice(SUBAMBITI), people, f"{over},{rng.randrange(0, 10)}%"])
    return out


def _staff(spec: Spec, rng: random.Random) -> tuple[list[list[str]], list[list[str]]]:
    if spec.grouped:
        header = [
            ["Profilo professionale", "Servizio", "Personale", "", "Ore settimanali"],
            ["", "", "Dipendenti", "Esterni", ""],
        ]
    else:
        header = [["Profilo professionale", "Servizio", "Dipendenti", "Esterni", "Ore settimanali"]]
    body = []
    for i in range(spec.rows):
        profile, service = (
            PROFILES[i % len(PROFILES)] if i < len(PROFILES) else rng.choice(PROFILES)
        )
        inside, outside = rng.randrange(0, 6), rng.randrange(0, 4)
        body.append([profile, service, str(inside), str(outside), str((inside + outside) * 36)])
    return header, body


def tables_of(spec: Spec) -> list[tuple[list[list[str]], list[list[str]], set[int]]]:
    """The tables a spec draws: (header rows, body rows, indented body rows) each."""
    rng = random.Random(spec.seed)
    if spec.kind == "budget":
        return [_budget(spec, rng)]
    if spec.kind == "staff":
        header, body = _staff(spec, rng)
        return [(header, body, set())]
    header = [["Comune", "Subambito", "Residenti", "Over 65"]]
    first = (header, _comuni(spec, rng), set())
    if not spec.side:
        return [first]
    return [first, (header, _comuni(spec, rng, start=spec.rows), set())]


def build(spec: Spec, pdf: Path) -> list[Truth]:
    """Draw the spec into `pdf`; the truth of each table, pages found from the drawing."""
    register_fonts()
    tables = tables_of(spec)
    pages: list[list[int]] = [[] for _ in tables]
    story: list[Flowable] = [
        Paragraph(_title(spec), _para(spec, bold=True, size=spec.size + 3)),
        Spacer(1, 8),
        Paragraph(
            "La tabella seguente riporta i dati di sintesi utilizzati per la "
            "programmazione del triennio, come approvati dall'Assemblea dei Sindaci.",
            _para(spec),
        ),
        Spacer(1, 10),
    ]
    drawn = [
        _table(spec, header, body, subs, pages[i]) for i, (header, body, subs) in enumerate(tables)
    ]
    if spec.side:
        outer = Table([drawn], colWidths=[235, 235], hAlign="LEFT")
        outer.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        )
        story.append(outer)
    else:
        story.extend(drawn)
    if spec.footnote:
        story.append(Spacer(1, 4))
        story.append(
            Paragraph(
                "Fonte: elaborazione dell'Ufficio di Piano su dati dei Comuni dell'Ambito, "
                "aggiornati al 31 dicembre dell'anno precedente.",
                _para(spec, size=spec.size - 1),
            )
        )
    story.append(Spacer(1, 12))
    story.append(
        Paragraph(
            "I valori sono espressi in euro e arrotondati all'unità. Per le modalità di "
            "riparto si rimanda all'accordo di programma sottoscritto dai Comuni.",
            _para(spec),
        )
    )
    doc = SimpleDocTemplate(
        str(pdf),
        pagesize=A4,
        leftMargin=56,
        rightMargin=56,
        topMargin=60,
        bottomMargin=60,
        invariant=1,
        title="Piano di Zona (sample)",
    )
    doc.build(story, onFirstPage=_foot, onLaterPages=_foot)
    out = []
    for (header, body, _), seen in zip(tables, pages, strict=True):
        out.append(
            Truth(
                rows=[*[list(r) for r in header], *[list(r) for r in body]],
                header_rows=len(header),
                pages=sorted(set(seen)),
            )
        )
    return out


def _title(spec: Spec) -> str:
    return {
        "budget": "Tabella 4 - Risorse del Piano di Zona per fonte di finanziamento",
        "comuni": "Tabella 1 - Comuni dell'Ambito e popolazione residente",
        "staff": "Tabella 7 - Personale dell'Ufficio di Piano e dei servizi associati",
    }[spec.kind]


def _para(
    spec: Spec, bold: bool = False, size: float | None = None, right: bool = False
) -> ParagraphStyle:
    size = size or spec.size
    return ParagraphStyle(
        "p",
        fontName="Sans-Bold" if bold else "Sans",
        fontSize=size,
        leading=size * 1.2,
        alignment=TA_RIGHT if right else TA_LEFT,
    )


def _foot(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont("Sans", 8)
    canvas.drawString(56, 30, f"Piano di Zona 2021-2023 - pagina {doc.page}")
    canvas.restoreState()


class _Mark(Flowable):
    """Records the page a table row is drawn on (zero size)."""

    def __init__(self, seen: list[int]) -> None:
        super().__init__()
        self.seen = seen
        self.width = self.height = 0

    def draw(self) -> None:
        self.seen.append(self.canv.getPageNumber())


def _table(
    spec: Spec, header: list[list[str]], body: list[list[str]], subs: set[int], seen: list[int]
) -> Flowable:
    """A platypus table in the spec's style; each body row's first cell records its page."""
    n_cols = len(header[0])
    numeric = [c for c in range(1, n_cols) if all(_is_numberish(r[c]) for r in body)]
    first = 90.0 if spec.narrow else (170.0 if n_cols > 4 else 150.0)
    if spec.side:
        first = 80.0
    total = (222.0 if spec.side else 470.0) - first
    widths = [first] + [total / (n_cols - 1)] * (n_cols - 1)
    cells: list[list[Any]] = []
    head_style = _para(spec, bold=True)
    if spec.borders == "zebra":
        head_style = ParagraphStyle("white", parent=head_style, textColor=colors.white)
    for row in header:
        cells.append([Paragraph(t, head_style) if t else "" for t in row])
    labels = [i for i, row in enumerate(body) if row[0] and not any(row[1:])]
    for i, row in enumerate(body):
        out: list[Any] = []
        if i in labels:
            mark = [_Mark(seen), Paragraph(row[0], _para(spec, bold=True))]
            cells.append([mark, *([""] * (n_cols - 1))])
            continue
        for c, text in enumerate(row):
            style = _para(spec, right=spec.right and c in numeric)
            if c == 0 and i in subs:
                style = ParagraphStyle("sub", parent=style, leftIndent=10)
            cell: Any = Paragraph(text, style)
            if c == 0:
                cell = [_Mark(seen), cell]
            out.append(cell)
        cells.append(out)
    table = Table(cells, colWidths=widths, repeatRows=len(header), hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    h = len(header)
    for i in labels:
        commands.append(("SPAN", (0, h + i), (-1, h + i)))
    if h == 2:
        for c, text in enumerate(header[0]):
            if text and c + 1 < n_cols and not header[0][c + 1] and header[1][c + 1]:
                end = c + 1
                while end + 1 < n_cols and not header[0][end + 1] and header[1][end + 1]:
                    end += 1
                commands.append(("SPAN", (c, 0), (end, 0)))
            elif text and not header[1][c]:
                commands.append(("SPAN", (c, 0), (c, 1)))
    if spec.borders == "grid":
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif spec.borders == "hrules":
        commands += [
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black),
            ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black),
        ]
    elif spec.borders == "booktabs":
        commands += [
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.black),
            ("LINEBELOW", (0, h - 1), (-1, h - 1), 0.6, colors.black),
            ("LINEBELOW", (0, -1), (-1, -1), 1.2, colors.black),
        ]
    elif spec.borders == "zebra":
        commands += [
            ("BACKGROUND", (0, 0), (-1, h - 1), colors.HexColor("#1f4e79")),
            ("TEXTCOLOR", (0, 0), (-1, h - 1), colors.white),
            ("ROWBACKGROUNDS", (0, h), (-1, -1), [colors.white, colors.HexColor("#dde8f3")]),
        ]
    table.setStyle(TableStyle(commands))
    return table if spec.rows > 20 or spec.side else KeepTogether([table])


def _is_numberish(text: str) -> bool:
    return bool(text) and all(ch.isdigit() or ch in ".,%" for ch in text)


def build_writer(spec: Spec, pdf: Path) -> list[Truth]:
    """The spec's first table as a word processor draws it: python-docx through LibreOffice
    Writer, every border drawn, the header row repeated on each page, cells wrapped by the
    word processor; a caption above and a source line under it. Each row's page comes from
    where LibreOffice drew its first cell (pypdfium2's text of each page)."""
    from .office import add_grid, docx_to_pdf, new_document, page_footer, set_page

    header, body, _ = tables_of(spec)[0]
    numeric = [c for c in range(1, len(header[0])) if all(_is_numberish(r[c]) for r in body)]

    def write(path: Path) -> None:
        doc = new_document(_title(spec), "Liberation Sans", spec.size)
        section = doc.sections[0]
        set_page(section, landscape=False, margin_cm=2.0)
        page_footer(section, "Piano di Zona 2021-2023 - pagina ")
        doc.add_paragraph(_title(spec))
        widths = [6.0] + [11.0 / (len(header[0]) - 1)] * (len(header[0]) - 1)
        add_grid(doc, widths, header[-1], body, ("Liberation Sans", spec.size), numeric)
        doc.add_paragraph("Fonte: elaborazione dell'Ufficio di Piano su dati dei Comuni.")
        doc.save(str(path))

    docx_to_pdf(write, pdf)
    return [Truth(rows=[header[-1], *body], header_rows=1, pages=_pages_of(pdf, body))]


def _pages_of(pdf: Path, body: list[list[str]]) -> list[int]:
    """The pages on which the rows' first cells were drawn, found in each page's text."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        texts = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            texts.append(" ".join(textpage.get_text_range().split()))
            textpage.close()
            page.close()
    finally:
        doc.close()
    pages: set[int] = set()
    at, offset = 0, 0
    for row in body:
        words = " ".join(row[0].split())
        while at < len(texts) and texts[at].find(words, offset) < 0:
            at, offset = at + 1, 0
        if at == len(texts):
            raise SystemExit(f"{pdf.name}: row {words!r} not found in the drawing")
        offset = texts[at].find(words, offset) + len(words)
        pages.add(at + 1)
    return sorted(pages)
