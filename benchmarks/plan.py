"""A long plan for benchmarks: ``build_long_plan(path, pages)`` writes it with reportlab alone.

About ``pages`` pages, in seconds: portrait pages of Italian administrative prose (running header
and footer ``Piano di Zona 2021-2023 - pag. N``), a few ruled budget tables spread through it,
near the end the 49-row Cremasco indicator table as a full grid on landscape pages with the header
repeated on each, then a few more pages of prose. The drawing code, fonts, prose and data come from
``samples/builders`` (imported by path: they are not an installed package).

Usage: ``python benchmarks/plan.py OUT.pdf [PAGES]``.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))

from builders.common import (
    CANONICAL,
    Sheet,
    Style,
    cells_height,
    fit_widths,
    grid_row,
    grid_table,
    join_lines,
    load_table,
    nr_of,
    register_fonts,
    row_cells,
)
from builders.prose import CHAPTERS_AFTER, CHAPTERS_BEFORE, Prose, budget_rows

SEED = 300
RUNNING_HEADER = "Ambito Distrettuale Cremasco — Piano di Zona 2021-2023"
FONT, BOLD, SIZE, LEADING = "Serif", "Serif-Bold", 10.5, 13.5
LEFT, RIGHT, TOP, BOTTOM = 70.0, 70.0, 80.0, 70.0
BUDGET_WIDTHS = [175.0, 70.0, 70.0, 70.0, 70.0]  # Voce di spesa | 2021 | 2022 | 2023 | Totale
GRID_PAGES = 3  # the indicator table at the grid style below


def footer(page: int) -> str:
    return f"Piano di Zona 2021-2023 - pag. {page}"


class Lines:
    """Prose wrapped to the text width, as ("heading" | "text" | "gap", text) items, endless."""

    def __init__(self, seed: int) -> None:
        self.prose = Prose(seed)
        self.rng = random.Random(seed)
        self.width = A4[0] - LEFT - RIGHT
        self.space = pdfmetrics.stringWidth(" ", FONT, SIZE)
        self.widths: dict[str, float] = {}
        sections = [name for _, names in CHAPTERS_BEFORE + CHAPTERS_AFTER for name in names]
        self.titles = [name.split(" ", 1)[1] for name in sections]
        self.items = self.generate()
        self.unread: list[tuple[str, str]] = []

    def next(self) -> tuple[str, str]:
        return self.unread.pop() if self.unread else next(self.items)

    def wrap(self, text: str) -> Iterator[str]:
        """Greedy lines of text (word widths cached: the plan has few distinct words)."""
        line: list[str] = []
        used = 0.0
        for word in text.split():
            w = self.widths.get(word)
            if w is None:
                w = self.widths[word] = pdfmetrics.stringWidth(word, FONT, SIZE)
            if line and used + self.space + w > self.width:
                yield " ".join(line)
                line, used = [], 0.0
            used += (self.space if line else 0.0) + w
            line.append(word)
        if line:
            yield " ".join(line)

    def generate(self) -> Iterator[tuple[str, str]]:
        chapter = 0
        while True:
            chapter += 1
            yield "heading", f"{chapter}. {self.rng.choice(self.titles)}"
            for _ in range(self.rng.randint(25, 60)):
                yield from (("text", line) for line in self.wrap(self.prose.paragraph()))
                yield "gap", ""


def page_frame(canvas: Canvas, page: int) -> None:
    """The running header and footer of a portrait page."""
    width, height = A4
    canvas.setFont("Serif-Italic", 8.5)
    canvas.drawString(LEFT, height - 45, RUNNING_HEADER)
    canvas.setLineWidth(0.5)
    canvas.line(LEFT, height - 50, width - RIGHT, height - 50)
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(width / 2, 35, footer(page))


def fill(canvas: Canvas, lines: Lines, y: float) -> None:
    """The next lines of prose from y down to the bottom margin."""
    text = canvas.beginText()
    text.setFont(FONT, SIZE)
    while True:
        kind, line = lines.next()
        step = {"heading": 2.2 * LEADING, "text": LEADING, "gap": LEADING / 2}[kind]
        if y - step < BOTTOM:
            lines.unread.append((kind, line))
            break
        if kind == "heading":
            canvas.setFont("Sans-Bold", 14)
            canvas.drawString(LEFT, y - 16, line)
        elif kind == "text":
            text.setTextOrigin(LEFT, y - SIZE)
            text.textOut(line)
        y -= step
    canvas.drawText(text)


def budget_table(canvas: Canvas, rng: random.Random, number: int, y: float) -> float:
    """A ruled budget table with its caption from y down; the y of its last rule."""
    canvas.setFont("Sans-Bold", 10)
    canvas.drawString(LEFT, y - 10, f"Tabella {number} – Quadro delle risorse 2021-2023")
    y -= 16
    xs = [LEFT]
    for w in BUDGET_WIDTHS:
        xs.append(xs[-1] + w)
    rows = [("Voce di spesa", "2021", "2022", "2023", "Totale"), *budget_rows(rng)]
    canvas.setLineWidth(0.5)
    for index, row in enumerate(rows):
        canvas.line(xs[0], y, xs[-1], y)
        canvas.setFont("Sans-Bold" if index in (0, len(rows) - 1) else "Sans", 8)
        canvas.drawString(xs[0] + 3, y - 10, row[0])
        for x, value in zip(xs[2:], row[1:], strict=True):
            canvas.drawRightString(x - 3, y - 10, value)
        for x in xs:
            canvas.line(x, y, x, y - 14)
        y -= 14
    canvas.line(xs[0], y, xs[-1], y)
    return y


def indicator_pages(canvas: Canvas) -> int:
    """The indicator table as a full grid on landscape pages; the number of pages drawn."""
    table = load_table()
    style = Style(font="Sans", bold="Sans-Bold", size=7, leading=8.4, pad=2.5)
    sheet = Sheet(Path(), style, margins=(28, 28, 56, 48), footer=footer, canvas=canvas)
    first = sheet.page
    xs = sheet.columns(fit_widths(table, style))
    canvas.setFont("Sans-Bold", 12)
    canvas.drawString(xs[0], sheet.size[1] - 40, "5. Macroazioni e sistema di monitoraggio")
    grid_table(sheet, xs, table.header, ((nr_of(row), row_cells(row)) for row in table.rows))
    sheet.finish_page()
    canvas.showPage()
    canvas.setPageSize(A4)
    return sheet.page - first + 1


def build_long_plan(path: Path, pages: int = 300) -> int:
    """Write a plan of about ``pages`` pages to path; return its page count.

    The indicator table takes the GRID_PAGES pages before the last max(3, pages // 30); four
    budget tables stand on their own pages, spread through the prose before it.
    """
    register_fonts()
    canvas = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle("Piano di Zona 2021-2023")
    canvas.setAuthor("Ambito Distrettuale Cremasco")
    tail = max(3, pages // 30)
    table_at = max(2, pages - tail - GRID_PAGES + 1)
    budgets = sorted({table_at * k // 5 for k in range(1, 5)} - {0, 1})
    rng = random.Random(SEED)
    lines = Lines(SEED)
    page = 1

    def prose_pages(count: int) -> None:
        nonlocal page
        for _ in range(count):
            page_frame(canvas, page)
            y = A4[1] - TOP
            if page in budgets:
                y = budget_table(canvas, rng, budgets.index(page) + 1, y) - LEADING
            fill(canvas, lines, y)
            canvas.showPage()
            page += 1

    prose_pages(table_at - 1)
    page += indicator_pages(canvas)
    prose_pages(tail)
    canvas.save()
    return page - 1


TRUTH_COLUMNS = ["nr", *CANONICAL[1:], "pagina"]
"""The columns of a long table's rows as drawn (`build_long_table`)."""


def long_table_rows(rows: int) -> list[tuple[int, list[list[str]]]]:
    """``rows`` rows of the indicator table, the reference rows over and over, numbered 1 to
    ``rows``: (nr, cells as drawn lines)."""
    table = load_table()
    out = []
    for i in range(rows):
        cells = row_cells(table.rows[i % len(table.rows)])
        out.append((i + 1, [[str(i + 1)], *cells[1:]]))
    return out


def build_long_table(
    path: Path, rows: int, repeat_header: bool = True
) -> tuple[int, list[list[str]]]:
    """Write a document of one indicator table of ``rows`` rows, a full grid on landscape pages
    (its header drawn again on each, unless not ``repeat_header``); its page count and its rows
    as the clean CSV holds them (nr, the text columns, pagina)."""
    register_fonts()
    table = load_table()
    style = Style(font="Sans", bold="Sans-Bold", size=6.5, leading=7.6, pad=2)
    sheet = Sheet(path, style, margins=(28, 28, 36, 36), footer=footer)
    numbered = long_table_rows(rows)
    xs = sheet.columns(fit_widths(table, style))
    sheet.canvas.setFont("Sans-Bold", 12)
    sheet.canvas.drawString(xs[0], sheet.size[1] - 30, "Indicatori di monitoraggio")
    if repeat_header:
        pages = grid_table(sheet, xs, table.header, iter(numbered))
    else:
        grid_row(sheet, xs, table.header, cells_height(style, table.header), bold=True)
        pages = {}
        for nr, cells in numbered:
            height = cells_height(style, cells)
            if sheet.room() < height:
                sheet.new_page()
            pages[nr] = sheet.page
            grid_row(sheet, xs, cells, height)
    sheet.save()
    truth = [
        [str(nr), *(join_lines(c) for c in cells[1:]), str(pages[nr])] for nr, cells in numbered
    ]
    return sheet.page, truth


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python benchmarks/plan.py OUT.pdf [PAGES]")
    started = time.perf_counter()
    out = Path(sys.argv[1])
    count = build_long_plan(out, int(sys.argv[2]) if len(sys.argv) == 3 else 300)
    print(f"{out}: {count} pages in {time.perf_counter() - started:.1f}s")
