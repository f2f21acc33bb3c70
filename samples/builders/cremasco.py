"""The four Cremasco samples that reproduce the source table in different layouts.

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
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from .common import (
    CANONICAL,
    Cell,
    Golden,
    Row,
    Sheet,
    Style,
    Table,
    cells_height,
    fit_widths,
    glue,
    grid_row,
    join_lines,
    nr_of,
    row_cells,
)
from .locate import locate_rows
from .office import add_grid, docx_to_pdf, new_document, set_page

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
    doc = new_document("Piano di Zona 2021-2023 - Indicatori", DOCX_FONT, DOCX_SIZE_PT)
    set_page(doc.sections[0], landscape=True, margin_cm=1.5)
    doc.add_paragraph("Tabella 7 - Indicatori di monitoraggio del Piano di Zona 2021-2023")
    # one paragraph per cell, the word processor wraps it (double spaces kept as typed)
    add_grid(
        doc,
        DOCX_WIDTHS_CM,
        [" ".join(lines) for lines in table.header],
        [[glue(row[col]) for col in CANONICAL] for row in table.rows],
    )
    doc.save(str(path))


def build_docx(table: Table, out: Path) -> Golden:
    docx_to_pdf(lambda path: build_docx_file(table, path), out)
    found = locate_rows(out, table)
    for note in found.notes:
        print(f"  {out.name}: {note}")
    if len(found.split_rows) < 2:
        print(f"  {out.name}: WARNING only {len(found.split_rows)} row(s) break across pages")
    return found.golden
