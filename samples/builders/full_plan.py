"""A whole plan around the reference table: ``plan_cremasco_full.pdf``.

python-docx, converted by LibreOffice. Portrait A4 (Liberation Serif 11pt, justified): a cover, an
index with page numbers, chapters 1-4 of prose about the Ambito, its services, governance and
resources, with a table of the 48 municipalities (``Comune | Abitanti | Subambito``), an
organisation chart written as indented lines and a budget table (``Voce di spesa | 2021 | 2022 |
2023 | Totale``, euro). Then a landscape section holding the indicator table in two Word tables
with the same header, repeated on every page: rows 1-22 under "5. Macroazioni 05a-05e", a short
paragraph, rows 23-49 under "6. Macroazioni 05g-06f". Then portrait prose again (chapters 7-8).
Every page has the footer ``Piano di Zona 2021-2023 - pag. N`` (a Word PAGE field).

The index needs the pages of the headings, which only the PDF knows: the document is converted
twice, the second time with the pages found in the first (the index lines do not change length).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt

from .common import CANONICAL, Golden, Table, glue, nr_of
from .locate import cremasco_wanted, locate
from .office import Doc, add_grid, docx_to_pdf, new_document, page_footer, set_page
from .prose import (
    CHAPTERS_AFTER,
    CHAPTERS_BEFORE,
    ORG_CHART,
    Prose,
    budget_rows,
    comuni_rows,
)

SEED = 2021
SERIF, SANS = "Liberation Serif", "Liberation Sans"
FOOTER = "Piano di Zona 2021-2023 - pag. "
TABLE_HEADINGS = ("5. Macroazioni 05a-05e", "6. Macroazioni 05g-06f")
FIRST_OF_SECOND_TABLE = 23
# Landscape table columns (cm, 25.7 cm of text width); Liberation Sans 8pt.
INDICATOR_WIDTHS_CM = [0.9, 5.4, 1.7, 1.8, 2.8, 2.8, 3.4, 3.0, 1.9, 1.9]
PARAGRAPHS_BEFORE = (22, 30)  # per section of chapters 1-4 (about 5 pages)
PARAGRAPHS_AFTER = (12, 16)  # per section of chapters 7-8 (about 2.5 pages)


class Writer:
    """The document being written, with its paragraph formats and its seeded prose."""

    def __init__(self, pages: dict[str, int] | None) -> None:
        self.doc: Doc = new_document("Piano di Zona 2021-2023", SERIF, 11)
        self.prose = Prose(SEED)
        self.rng = random.Random(SEED + 1)
        self.pages = pages or {}
        section = self.doc.sections[0]
        set_page(section, landscape=False, margin_cm=2.5)
        page_footer(section, FOOTER)

    def paragraph(self, text: str = "", **fmt: Any) -> Any:
        p = self.doc.add_paragraph()
        run = p.add_run(text)
        run.bold = fmt.get("bold")
        run.italic = fmt.get("italic")
        if "font" in fmt:
            run.font.name = fmt["font"]
        if "size" in fmt:
            run.font.size = Pt(fmt["size"])
        pf = p.paragraph_format
        pf.alignment = fmt.get("align", WD_ALIGN_PARAGRAPH.JUSTIFY)
        pf.space_after = Pt(fmt.get("after", 6))
        pf.space_before = Pt(fmt.get("before", 0))
        pf.line_spacing = fmt.get("spacing", 1.15)
        pf.keep_with_next = fmt.get("keep", False)
        pf.page_break_before = fmt.get("new_page", False)
        if "indent" in fmt:
            pf.left_indent = Cm(fmt["indent"])
        return p

    def chapter(self, title: str, new_page: bool = True) -> None:
        self.paragraph(title, bold=True, font=SANS, size=16, after=12, keep=True, new_page=new_page)

    def section(self, title: str) -> None:
        self.paragraph(title, bold=True, font=SANS, size=12.5, before=12, after=6, keep=True)

    def prose_paragraphs(self, low: int, high: int) -> None:
        for _ in range(self.rng.randint(low, high)):
            if self.rng.random() < 0.08:
                self.paragraph(self.prose.paragraph(2, 3), keep=True)
                for item in self.prose.bullets():
                    self.paragraph("–\t" + item, indent=1.0, after=2)
            else:
                self.paragraph(self.prose.paragraph())

    def caption(self, text: str) -> None:
        self.paragraph(text, bold=True, size=10, before=6, after=4, keep=True)


def write_plan(table: Table, path: Path, pages: dict[str, int] | None) -> None:
    w = Writer(pages)
    cover(w)
    index(w)
    for title, sections in CHAPTERS_BEFORE:
        w.chapter(title)
        w.paragraph(w.prose.paragraph())
        for name in sections:
            w.section(name)
            w.prose_paragraphs(*PARAGRAPHS_BEFORE)
            extra_content(w, name)
    indicator_section(w, table)
    back = w.doc.add_section(WD_SECTION.NEW_PAGE)
    set_page(back, landscape=False, margin_cm=2.5)
    for number, (title, sections) in enumerate(CHAPTERS_AFTER):
        w.chapter(title, new_page=number > 0)
        w.paragraph(w.prose.paragraph())
        for name in sections:
            w.section(name)
            w.prose_paragraphs(*PARAGRAPHS_AFTER)
    w.doc.save(str(path))


def cover(w: Writer) -> None:
    center = {"align": WD_ALIGN_PARAGRAPH.CENTER, "font": SANS}
    w.paragraph("", after=120)
    w.paragraph("AMBITO DISTRETTUALE CREMASCO", bold=True, size=20, after=6, **center)
    w.paragraph("48 Comuni – Ente capofila Comune di Crema", size=12, after=60, **center)
    w.paragraph("PIANO DI ZONA 2021-2023", bold=True, size=30, after=12, **center)
    w.paragraph(
        "per la programmazione del sistema integrato di interventi e servizi sociali",
        size=13,
        after=6,
        **center,
    )
    w.paragraph("(L. 328/2000 – L.R. 3/2008)", size=11, after=150, **center)
    w.paragraph("Approvato dall'Assemblea dei Sindaci il 13 dicembre 2021", size=11, **center)
    w.paragraph("Ufficio di Piano – Comunità Sociale Cremasca a.s.c.", size=11, **center)


def headings() -> Iterator[tuple[str, bool]]:
    """(heading, is a chapter) in document order."""
    for title, sections in CHAPTERS_BEFORE:
        yield title, True
        yield from ((name, False) for name in sections)
    yield from ((title, True) for title in TABLE_HEADINGS)
    for title, sections in CHAPTERS_AFTER:
        yield title, True
        yield from ((name, False) for name in sections)


def index(w: Writer) -> None:
    w.chapter("Indice")
    for title, is_chapter in headings():
        p = w.paragraph(
            f"{title}\t{w.pages.get(title, 0)}",
            bold=is_chapter,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            before=6 if is_chapter else 0,
            after=2,
            indent=0 if is_chapter else 0.6,
        )
        p.paragraph_format.tab_stops.add_tab_stop(
            Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )


def extra_content(w: Writer, section: str) -> None:
    """The tables and the chart that some sections hold, after their prose."""
    if section.startswith("2.1"):
        w.caption("Tabella 1 – I Comuni dell'Ambito Distrettuale Cremasco")
        header = ["Comune", "Abitanti", "Subambito"]
        add_grid(w.doc, [7.0, 3.0, 4.0], header, comuni_rows(w.rng), (SANS, 9), [1])
        w.paragraph("Fonte: ISTAT, popolazione residente al 1° gennaio 2021.", italic=True, size=9)
    elif section.startswith("3.1"):
        w.caption("Figura 1 – Organigramma della governance del Piano")
        for level, text in ORG_CHART:
            w.paragraph(("└ " if level else "") + text, font=SANS, size=10, indent=1.2 * level)
        w.paragraph(w.prose.paragraph())
    elif section.startswith("4.1"):
        w.caption("Tabella 2 – Quadro delle risorse del Piano 2021-2023")
        header = ["Voce di spesa", "2021", "2022", "2023", "Totale"]
        widths = [4.6, 2.8, 2.8, 2.8, 3.0]  # "€ 24.288.150,00" on one line
        add_grid(w.doc, widths, header, budget_rows(w.rng), (SANS, 8.5), [1, 2, 3, 4])
        w.paragraph("Importi in euro, al lordo della compartecipazione degli utenti.", size=9)


def indicator_section(w: Writer, table: Table) -> None:
    section = w.doc.add_section(WD_SECTION.NEW_PAGE)
    set_page(section, landscape=True, margin_cm=2.0)
    header = [" ".join(lines) for lines in table.header]
    parts = [
        [row for row in table.rows if nr_of(row) < FIRST_OF_SECOND_TABLE],
        [row for row in table.rows if nr_of(row) >= FIRST_OF_SECOND_TABLE],
    ]
    for number, (title, rows) in enumerate(zip(TABLE_HEADINGS, parts, strict=True)):
        if number:
            w.paragraph(
                "Le macroazioni che seguono riguardano i minori e la famiglia, il lavoro, la "
                "disabilità e le azioni di sistema; i valori saranno riportati dall'Ufficio di "
                "Piano alle scadenze indicate.",
                after=10,
                before=10,
            )
        w.chapter(title, new_page=False)
        cells = [[glue(row[col]) for col in CANONICAL] for row in rows]
        add_grid(w.doc, INDICATOR_WIDTHS_CM, header, cells, (SANS, 8))


def heading_pages(pdf_path: Path) -> dict[str, int]:
    """The page of each heading: the first page after the index with a line equal to it."""
    import pypdfium2 as pdfium

    found: dict[str, int] = {}
    wanted = [title for title, _ in headings()]
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for number in range(3, len(pdf) + 1):  # the cover and the index come first
            text = pdf[number - 1].get_textpage().get_text_range()
            lines = {line.strip() for line in text.splitlines()}
            for title in wanted:
                if title not in found and title in lines:
                    found[title] = number
    finally:
        pdf.close()
    missing = [t for t in wanted if t not in found]
    assert not missing, f"headings not found in {pdf_path.name}: {missing}"
    return found


def landscape_pages(pdf_path: Path) -> list[int]:
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        return [n for n, page in enumerate(pdf.pages, start=1) if page.width > page.height]


def build_plan_full(table: Table, out: Path) -> Golden:
    docx_to_pdf(lambda path: write_plan(table, path, None), out)
    pages = heading_pages(out)
    docx_to_pdf(lambda path: write_plan(table, path, pages), out)
    assert heading_pages(out) == pages, "the index moved the headings"
    wide = landscape_pages(out)
    found = locate(out, cremasco_wanted(table), pages=wide)
    for note in found.notes:
        print(f"  {out.name}: {note}")
    chapters = ", ".join(f"{t.split('.')[0]}: p{pages[t]}" for t, chapter in headings() if chapter)
    print(f"  {out.name}: chapters start on {chapters}; landscape pages {wide[0]}-{wide[-1]}")
    size = out.stat().st_size
    assert size < 2_000_000, f"{out.name} is {size} bytes"
    _check_split(found.golden, table)
    return found.golden


def _check_split(golden: Golden, table: Table) -> None:
    """The second table starts on the page where the first ends, or later."""
    first = [golden.pages[nr_of(r)] for r in table.rows if nr_of(r) < FIRST_OF_SECOND_TABLE]
    second = [golden.pages[nr_of(r)] for r in table.rows if nr_of(r) >= FIRST_OF_SECOND_TABLE]
    assert max(first) <= min(second), (first, second)
