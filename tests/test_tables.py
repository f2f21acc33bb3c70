"""`pdztables tables` and `pdztables.read_tables`: every table of a plan, with no profile.

The fixed drawings in samples/tables/ are read cell by cell against their truth (written by
the generator from its data); the repairs and the layout rules have unit tests; every error
path of the command has a test.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from cli_checks import assert_no_output, assert_one_error_line, run_command
from glyphs import cells, lines_of
from pdf_factory import VALID_ROWS, damaged_pdf, encrypted_pdf, prose_pdf, scan_pdf, table_pdf

import pdztables
from pdztables.extract.area import (
    _long_vrules,
    _reach,
    _ruled_grid,
    _ruled_rows_only,
    _without_slivers,
    read_area,
)
from pdztables.extract.areas import _grow, _split_runs, _tabular, _tabular_runs, find_areas
from pdztables.extract.cells import grid_to_table
from pdztables.extract.classify import cell_spacing, header_end, is_number
from pdztables.extract.graphics import Graphics, Rule
from pdztables.extract.grouping import Continues, header_rows_of, text_header
from pdztables.extract.gutters import gutters, merge_disjoint
from pdztables.extract.headcells import _grow_spanners, _stacks
from pdztables.extract.models import Cell, LineFit, PageTable
from pdztables.extract.pagedata import load_page
from pdztables.extract.place import Separator
from pdztables.extract.primitives import Line, Phrase
from pdztables.extract.rows import rows_of
from pdztables.extract.running import margin_lines
from pdztables.extract.settings import LayoutSettings
from pdztables.normalize.generic import build_tables, document_lexicon, page_rows

ROOT = Path(__file__).resolve().parent.parent
FIXED = sorted((ROOT / "samples" / "tables").glob("*.pdf"))


# ---------------------------------------------------------------------------------------------
# The fixed drawings, cell by cell


@pytest.mark.parametrize("pdf", FIXED, ids=[p.stem for p in FIXED])
def test_fixed_drawing_is_read_exactly(pdf: Path) -> None:
    truth = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))["tables"]
    got = pdztables.read_tables(pdf)
    assert len(got) == len(truth), [t.rows[:1] for t in got]
    for table, want in zip(got, truth, strict=True):
        rows = [list(r) for r in table.rows]
        assert len(rows) == len(want["rows"])
        for r, (mine, theirs) in enumerate(zip(rows, want["rows"], strict=True)):
            assert mine == theirs, f"row {r + 1}"
        assert table.header_rows == want["header_rows"]
        assert list(table.pages) == want["pages"]


def test_every_phenomenon_has_a_fixed_drawing() -> None:
    specs = [json.loads(p.with_suffix(".json").read_text())["spec"] for p in FIXED]
    for key in ("grouped", "indent", "footnote", "side", "narrow", "labels"):
        assert any(s.get(key) for s in specs), key
    assert {s["borders"] for s in specs} == {"grid", "hrules", "booktabs", "none", "zebra"}
    assert any(s["rows"] > 40 for s in specs)  # a table over several pages
    # as some real documents draw text: bold by overprinting, no spaces drawn, right to left
    documents = {s.get("document") for s in specs}
    assert {"bilancio_grassetto_doppio", "personale_parole_separate"} <= documents
    assert {"indicatori_ebraico", "bilancio_ruotato"} <= documents
    # dot leaders set by a word processor, a table typed in a monospace font
    assert {"spesa_puntini_writer", "impegni_testo"} <= documents
    assert "popolazione_intestazioni_verticali" in documents  # header text set vertically
    # cells wrapped onto several lines in a ruled grid under a caption centred over it
    assert "contratti_celle_a_capo" in documents
    # a spreadsheet's sheet: two tables on one white fill, a three-level header over records
    # stacked between rules, a label clipped by its cell
    assert "utenti_foglio_di_calcolo" in documents


def test_long_table_is_stitched_and_its_repeated_header_dropped() -> None:
    [table] = pdztables.read_tables(ROOT / "samples" / "tables" / "comuni_lungo_zebra.pdf")
    assert table.pages == (1, 2)
    assert len(table.boxes) == 2
    assert [r.page for r in table.repairs if r.kind == "repeated-header"] == [2]


def _two_page_budget(pdf: Path) -> None:
    """A budget over two pages, a rule under each row (none under the header), its header
    drawn again on the second page right over a group's label, the only one there."""
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(pdf), pagesize=(595.0, 842.0), invariant=1)

    def header(y: float) -> float:
        c.setFont("Helvetica-Bold", 9)
        c.drawString(60, y, "Fonte di finanziamento")
        c.drawString(260, y, "2021")
        c.drawString(360, y, "2022")
        return y - 18

    def row(y: float, texts: Sequence[str], bold: bool = False) -> float:
        c.setFont("Helvetica-Bold" if bold else "Helvetica", 9)
        for x, text in zip((60, 260, 360), texts, strict=False):
            c.drawString(x, y, text)
        c.line(55, y - 6, 440, y - 6)
        return y - 18

    y = header(780)
    y = row(y, ["Risorse nazionali"], bold=True)
    k = 0
    while y > 60:
        if k == 20:
            y = row(y, ["Risorse regionali"], bold=True)
        y = row(y, [f"Fondo {k + 1}", f"{1000 + k}.000,00", f"{2000 + k}.500,00"])
        k += 1
    c.showPage()
    y = header(780)
    y = row(y, ["Risorse locali"], bold=True)
    row(
        row(y, ["Fondo comunale", "12.000,00", "13.500,00"]), ["Fondo ambito", "1.000,00", "900,00"]
    )
    c.save()


def test_a_header_drawn_again_over_a_groups_label_keeps_the_label_in_the_body(
    tmp_path: Path,
) -> None:
    """On the second page the header's line comes back, then a group's label, the only one on
    that page, with no rule between them: the lines that repeat the header of the table at
    the first page's foot are the header, all of it, and the label is a row of the body, as on
    the first page (read alone, the page would take the label for a second header line and
    start a table of its own)."""
    pdf = tmp_path / "budget.pdf"
    _two_page_budget(pdf)
    [table] = pdztables.read_tables(pdf)
    assert table.pages == (1, 2)
    assert table.header_rows == 1
    assert list(table.rows[0]) == ["Fonte di finanziamento", "2021", "2022"]
    assert ["Risorse locali", "", ""] in [list(r) for r in table.body]
    assert [list(r) for r in table.body[-2:]] == [
        ["Fondo comunale", "12.000,00", "13.500,00"],
        ["Fondo ambito", "1.000,00", "900,00"],
    ]


def test_read_tables_takes_a_str_pages_and_an_area() -> None:
    pdf = ROOT / "samples" / "tables" / "comuni_affiancati.pdf"
    both = pdztables.read_tables(str(pdf), pages=[1])
    assert len(both) == 2
    left = both[0]
    [one] = pdztables.read_tables(pdf, pages="1", area=left.bbox)
    assert one.rows == left.rows
    frame = one.frame
    assert list(frame.columns) == ["Comune", "Subambito", "Residenti", "Over 65"]
    assert len(frame) == len(one.rows) - one.header_rows


def test_read_tables_errors_are_exceptions(tmp_path: Path) -> None:
    with pytest.raises(pdztables.InputError, match="no such file"):
        pdztables.read_tables(tmp_path / "missing.pdf")
    with pytest.raises(pdztables.InputError, match="four numbers"):
        pdztables.read_tables(FIXED[0], pages="1", area=(1, 2, 3))


# ---------------------------------------------------------------------------------------------
# Layout rules


def _phrase(text: str, x0: float, top: float, width: float | None = None) -> Phrase:
    w = width if width is not None else 5.0 * len(text)
    glyphs = tuple(
        (x0 + i * w / len(text), x0 + (i + 1) * w / len(text), ch) for i, ch in enumerate(text)
    )
    return Phrase(text, x0, x0 + w, top, top + 10, glyphs)


ST_TABLES = LayoutSettings()


def _line(top: float, *parts: tuple[str, float]) -> Line:
    return Line(top, top + 10, tuple(_phrase(t, x, top) for t, x in parts))


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234.567,00", True),
        ("12,5%", True),
        ("-", True),
        ("n.d.", True),
        ("(3)", True),
        ("63 (18.5%)", True),
        ("101(20.4%)", True),
        ("2021", True),
        ("2021 (%)", False),
        ("2019 (1)", False),  # a year and its note's mark: a header
        ("Crema", False),
        ("di cui quota minori", False),
    ],
)
def test_numbers_and_their_stand_ins(text: str, number: bool) -> None:
    assert is_number(text) is number


def test_a_gutter_runs_where_white_runs_down_every_line() -> None:
    lines = [
        _line(0, ("Comune", 10), ("Residenti", 100)),
        _line(14, ("Crema", 10), ("34.120", 110)),
        _line(28, ("Offanengo", 10), ("6.040", 115)),
    ]
    cuts = gutters(lines, 9, 160, [], LayoutSettings())
    assert len(cuts) == 1 and 55 < cuts[0] < 100


def test_a_rule_its_columns_text_reaches_a_hair_past_is_still_the_cut() -> None:
    """Right-aligned figures whose glyph boxes end 0.1 points past their column's rule, the
    next column's text a few points after it: the rule is the cut, not the middle of the white
    after it, and it is no second drawing of the rule before it (the figures stand between
    the two, against the second)."""

    def line(top: float, *parts: tuple[str, float, float]) -> Line:
        return Line(top, top + 10, tuple(_phrase(t, a, top, b - a) for t, a, b in parts))

    lines = [
        line(0, ("Mill.", 45, 58), ("Part.", 84, 100.1), ("Mill.", 115, 130)),
        line(14, ("663", 48, 58), ("2.5%", 86, 100.1), ("474", 120, 130)),
        line(28, ("26,610", 40, 58), ("34,453", 106, 130)),
    ]
    cuts = gutters(lines, 9, 150, [60.0, 100.0], LayoutSettings())
    assert cuts == [60.0, 100.0]


def test_the_cut_stands_in_white_every_body_line_leaves_under_a_wider_header() -> None:
    """A description whose long lines run on into the white before the amounts (lines of
    one phrase), under a header `AMOUNT ($)` centred wider than the amounts: the cut stands
    in the white every line of the body leaves, after the longest description, not in the
    middle of the white the header leaves (which the long lines cross)."""

    def line(top: float, *parts: tuple[str, float, float]) -> Line:
        return Line(top, top + 5, tuple(_phrase(t, a, top, b - a) for t, a, b in parts))

    lines = [
        line(0, ("DESCRIPTION", 20, 60), ("AMOUNT ($)", 166, 201)),
        line(10, ("STAFF TRANSPORTATION", 10, 80), ("903.90", 187, 203)),
        line(16, ("AIRFARE FOR K FORD TO SAINT LOUIS TO", 10, 174)),
        line(22, ("WASHINGTON DC", 10, 55)),
        line(28, ("SENATOR'S TRANSPORTATION", 10, 90), ("798.90", 187, 203)),
        line(34, ("AIRFARE FOR SEN HAWLEY", 10, 100)),
        line(40, ("STAFF ASSISTANT", 10, 60), ("25,499.96", 180, 203)),
    ]
    [cut] = gutters(lines, 9, 204, [], LayoutSettings())
    assert 174 < cut < 180


def test_a_header_cell_over_two_columns_does_not_close_their_gutter() -> None:
    lines = [
        _line(0, ("2007", 112)),  # centred over `n` and `%`
        _line(14, ("Paese", 10), ("n", 100), ("%", 140)),
        _line(28, ("Italia", 10), ("109", 95), ("0.9", 140)),
        _line(42, ("Spagna", 10), ("36", 100), ("0", 140)),
        _line(56, ("Totale", 10), ("145", 95), ("0.5", 140)),
    ]
    cuts = gutters(lines, 9, 160, [], LayoutSettings())
    assert any(110 <= c <= 140 for c in cuts)  # `n` and `%` stay two columns
    assert len([c for c in cuts if 40 < c < 95]) == 1
    assert all(40 < c < 95 or 110 <= c <= 140 for c in cuts)


def test_wide_word_spaces_are_not_gutters() -> None:
    words = [("no.", 10), ("of", 27.5), ("correct", 40.5), ("answers", 76)]
    spaced = Line(0, 10, tuple(_phrase(t, x, 0, width=len(t) * 4.5) for t, x in words))
    lines = [spaced, _line(14, ("0", 10), ("138", 200)), _line(28, ("1", 10), ("178", 200))]
    cuts = gutters(lines, 9, 230, [], LayoutSettings())
    assert len(cuts) == 1 and cuts[0] > 120


def test_a_header_word_over_numbers_aligned_right_joins_their_column() -> None:
    lines = [
        _line(0, ("Servizio", 10), ("Esterni", 100)),
        _line(14, ("Tutela", 10), ("2", 170)),
        _line(28, ("Consultorio", 10), ("1", 170)),
    ]
    cuts = gutters(lines, 9, 180, [], LayoutSettings())
    assert len(cuts) == 2  # one after the labels, one between `Esterni` and the digits
    merged = merge_disjoint(cuts, lines, 9, 180, [])
    assert len(merged) == 1


def test_a_group_label_over_its_columns_makes_a_second_header_row() -> None:
    columns = ((0.0, 90.0), (90.0, 150.0), (150.0, 210.0), (210.0, 270.0))
    lines = [
        _line(0, ("Fonte", 5), ("Risorse", 95), ("Totale", 215)),
        _line(14, ("2021", 95), ("2022", 155)),
    ]
    rows = header_rows_of(lines, columns)
    assert len(rows) == 2
    assert rows[0].spans == [(1, 2)]
    assert rows[0].down == {0, 3}


def test_labels_centred_over_their_columns_span_them_from_the_first() -> None:
    """Years set in the middle of their `N` and `% Pos` (eu-018): the first stands in its `N`,
    the second inside its `% Pos`. Read as centred they span both columns of their group, from
    `N`; read left-aligned the first would reach over the second's `N` and the second span
    nothing. `% Pos` stays under its year in a row of its own."""
    columns = ((0.0, 90.0), (90.0, 110.0), (110.0, 150.0), (150.0, 170.0), (170.0, 210.0))
    years = (_phrase("Country", 5, 0), _phrase("2005", 108, 0, 24), _phrase("2004", 170, 0, 20))
    lines = [
        Line(0, 10, years),  # the years' middles 120 and 180, their groups' too
        _line(14, ("N", 95), ("% Pos", 115), ("N", 155), ("% Pos", 175)),
    ]
    rows = header_rows_of(lines, columns)
    assert len(rows) == 2
    assert rows[0].spans == [(1, 2), (3, 4)]
    header = text_header(1, rows, columns, 0.0)
    assert [(c.text, c.first, c.last) for c in header.cells if c.level == 0] == [
        ("Country", 0, 0),
        ("2005", 1, 2),
        ("2004", 3, 4),
    ]


@pytest.mark.parametrize(
    ("labels", "spans"),
    [
        # left-aligned, wide enough that a span over the free column left of the second could
        # have its middle near the label's
        ((("2004", 92.0, 30.0), ("2003", 192.0, 30.0)), [(1, 2), (3, 4)]),
        ((("2004", 92.0, 20.0), ("2003", 192.0, 20.0)), [(1, 2), (3, 4)]),
    ],
)
def test_left_aligned_labels_are_not_read_as_centred(
    labels: tuple[tuple[str, float, float], ...], spans: list[tuple[int, int]]
) -> None:
    columns = ((0.0, 90.0), (90.0, 130.0), (130.0, 190.0), (190.0, 230.0), (230.0, 290.0))
    first = Line(0, 10, (_phrase("Country", 5, 0), *(_phrase(t, x, 0, w) for t, x, w in labels)))
    under = _line(14, ("N", 100), ("% Pos", 140), ("N", 200), ("% Pos", 240))
    assert header_rows_of([first, under], columns)[0].spans == spans


def test_labels_set_off_their_pairs_span_the_pairs_the_lines_own_spans_tell() -> None:
    """Years over pairs of `Mill.` and `Part.` (tabula's `puertos1.pdf`): the later years run
    over the rule inside their pair and span it; the first two, set right of their pairs'
    middles, stand inside a `Part.` alone, too far off any pair's middle to be read as
    centred, and read as left-aligned the first would span its `Part.` and the next `Mill.`.
    The line's own spans group its columns in pairs from the first `Mill.`: each year spans
    its pair. Where the spans are themselves the middles of wider groups (a free column
    beside them), they tell nothing."""
    columns = ((0.0, 40.0), *((40.0 + 30 * k, 70.0 + 30 * k) for k in range(8)))
    years = [("2001", 76.0), ("2002", 136.0), ("2003", 182.0), ("2004", 242.0)]
    first = Line(0, 10, tuple(_phrase(t, x, 0, 16) for t, x in years))
    under = _line(14, *((t, 42.0 + 30 * k) for k, t in enumerate(("Mill.", "Part.") * 4)))
    body = _line(28, ("Pesca", 2), *((str(k), 45.0 + 30 * k) for k in range(8)))
    assert header_rows_of([first, under, body], columns)[0].spans == [
        (1, 2),
        (3, 4),
        (5, 6),
        (7, 8),
    ]
    # `Finland`, `EU-15` centred over four columns each, running over the middle two only
    columns = ((0.0, 40.0), *((40.0 + 30 * k, 70.0 + 30 * k) for k in range(8)))
    first = Line(0, 10, (_phrase("Finland", 85, 0, 30), _phrase("EU-15", 205, 0, 30)))
    under = _line(14, *((t, 42.0 + 30 * k) for k, t in enumerate(("F", "M", "T", "Y") * 2)))
    body = _line(28, ("1995", 2), *((str(k), 45.0 + 30 * k) for k in range(8)))
    header = text_header(1, header_rows_of([first, under, body], columns), columns, 0.0)
    assert [(c.text, c.first, c.last) for c in header.cells if c.text and c.level == 0] == [
        ("Finland", 1, 4),
        ("EU-15", 5, 8),
    ]


def test_a_header_reaching_back_over_a_cut_is_its_own_columns_cell() -> None:
    """`AMOUNT ($)` set wider than the amounts under it, its start over the cut into the
    description's column, its middle in its own: beside `DESCRIPTION` on its line it is its
    own column's cell, spanning nothing; its letters stay whole in that cell. A title's
    phrase whose middle stands left of its last column still spans."""
    from pdztables.extract.classify import line_cells
    from pdztables.extract.headcells import HeaderCell
    from pdztables.extract.table import _header_places

    columns = ((0.0, 100.0), (100.0, 140.0))
    head = Line(0, 8, (_phrase("DESCRIPTION", 20, 0, 40), _phrase("AMOUNT ($)", 90, 0, 40)))
    assert line_cells(head, columns) == ({0: ["DESCRIPTION"], 1: ["AMOUNT ($)"]}, [])
    title = Line(0, 8, (_phrase("Acta 2", 5, 0, 30), _phrase("Fecha: 28/11/2012", 60, 0, 55)))
    assert line_cells(title, columns)[1] == [(0, 1)]
    header = text_header(1, header_rows_of([head], columns), columns, 0.0)
    assert [(c.text, c.first, c.last) for c in header.cells] == [
        ("DESCRIPTION", 0, 0),
        ("AMOUNT ($)", 1, 1),
    ]
    # over a second header line (`Item`, `Total USD`): the label reaching back is read in its
    # own column as a label is (it was looked for in the column it reaches into, and found
    # in none)
    under = _line(10, ("Item", 20), ("Total USD", 104))
    rows = header_rows_of([head, under], columns)
    header = text_header(1, rows, columns, 0.0)
    assert [c.text for c in header.cells if c.first == 1] == ["AMOUNT ($)\nTotal USD"]
    letters = cells(("AMOUNT", 90.0), top=1.0)  # `AM` stands left of the cut at 100
    boxes = [(0.0, 0.0, 100.0, 8.0), (100.0, 0.0, 140.0, 8.0)]
    cell = HeaderCell("AMOUNT", 90.0, 1.0, 114.0, 8.0, 1, 1, 0)
    places = _header_places(
        dataclasses.replace(header, cells=(header.cells[0], cell)), boxes, letters
    )
    table = grid_to_table(1, boxes, letters, "text", LayoutSettings(), places=places)
    assert [c.text for c in table.cells] == ["", "AMOUNT"]
    assert [c.text for c in grid_to_table(1, boxes, letters, "text", LayoutSettings()).cells] == [
        "AM",
        "OUNT",
    ]


def test_left_aligned_groups_over_a_free_stub_keep_their_columns() -> None:
    """`Exports` and `Imports` left-aligned over their three years, the stub's header on the
    line under them: no centred reading fits both (the first's best centred span would take
    the stub, the second's would reach back over the first's years)."""
    columns = ((0.0, 90.0), *((90.0 + 40 * k, 130.0 + 40 * k) for k in range(6)))
    first = Line(0, 10, (_phrase("Exports", 92, 0, 35), _phrase("Imports", 212, 0, 35)))
    years = [(y, 95.0 + 40 * k) for k, y in enumerate(("2003", "2004", "2005") * 2)]
    under = _line(14, ("Country", 5), *years)
    assert header_rows_of([first, under], columns)[0].spans == [(1, 3), (4, 6)]


def test_a_title_over_a_groups_label_over_its_cells_is_three_header_rows() -> None:
    columns = ((0.0, 90.0), (90.0, 150.0), (150.0, 210.0), (210.0, 270.0))
    lines = [
        _line(0, ("Passenger Traffic Data", 5)),  # over columns 0 to 1
        _line(20, ("Intl Pax Traffic", 110)),  # over columns 1 and 2
        _line(34, ("Pax", 95), ("RPK", 155), ("L/F", 215)),
    ]
    rows = header_rows_of(lines, columns)
    assert [[ln.text for ln in r.lines] for r in rows] == [
        ["Passenger Traffic Data"],
        ["Intl Pax Traffic"],
        ["Pax RPK L/F"],
    ]
    # the title covers the label's columns too; beside the label, the cells under it are its
    # row's: none is lifted into a row above
    assert rows[0].down == {3} and rows[1].down == {0}
    # a line of cells of their own is no group's label: the lines under the title are a row
    cells_ = [_line(20, ("11/12", 95), ("12/13 Jun", 175)), _line(34, ("(a)", 95), ("(b)", 185))]
    assert len(header_rows_of([lines[0], *cells_], columns)) == 2
    # a group's label beside cells of their own (`12/13` over `May` and `Jun`, beside `11/12`)
    mixed = [_line(20, ("11/12", 95), ("12/13", 195)), _line(34, ("May", 155), ("Jun", 215))]
    rows = header_rows_of([lines[0], *mixed], columns)
    assert [[ln.text for ln in r.lines] for r in rows][1:] == [["11/12 12/13"], ["May Jun"]]


def test_a_label_over_two_groups_covers_both_and_lifts_none_of_their_cells() -> None:
    """`International` centred over `Cargo` and `Mail`, each over its `Ton` and `y.o.y`: the
    label covers both groups, so no column under it runs down from its row; `Same month`,
    going on with `Previous year` beside a group, does not hide the cells of the group's
    line (`Routes`) beside it."""
    columns = tuple((50.0 * k, 50.0 * (k + 1)) for k in range(5))
    lines = [
        _line(0, ("International", 70)),  # over columns 1 and 2 only
        _line(14, ("Cargo", 45), ("Mail", 140)),  # over 0-1 and 2-3
        _line(28, ("Ton", 5), ("yoy", 55), ("Ton", 105), ("yoy", 155)),
    ]
    rows = header_rows_of(lines, columns)
    assert rows[0].spans == [(0, 3)] and rows[0].down == {4}
    columns = tuple((50.0 * k, 50.0 * (k + 1)) for k in range(4))
    lines = [
        _line(0, ("Previous year", 155)),
        _line(6, ("Dec-2015", 55)),  # over columns 1 and 2
        _line(12, ("Same month", 155)),
        _line(26, ("Routes", 5), ("Pax", 55), ("RPK", 105), ("L/F", 155)),
    ]
    rows = header_rows_of(lines, columns)
    assert rows[0].down == {3}  # `Routes` is the lower row's, `Previous year` runs down


def test_a_rule_and_the_white_beside_it_are_one_cut_under_a_label_over_both() -> None:
    """Numbers set right end at a rule, the next column starts after some white; `Cargo`,
    centred over both columns, ends in that white: the rule is the cut, no sliver beside it."""
    lines = [
        _line(0, ("Cargo", 40)),  # 40 to 65, over the rule at 60
        _line(14, ("Ton", 10), ("yoy", 70)),
        _line(28, ("269,360", 25), ("108.6", 70)),
        _line(42, ("300,226", 25), ("121.4", 70)),
    ]
    assert gutters(lines, 9, 100, [60.0], LayoutSettings()) == [60.0]


def test_a_cell_beside_a_group_on_the_line_under_its_label_is_of_the_lower_row() -> None:
    """`Preparation` beside `Production` / `Presentation` under `Involvement of pupils in`
    (a label over the two, no rule): it stands on the line of the cells under the label,
    nothing over it, so it is a cell of the lower header row, not one running down from the
    upper (which would print it in the label's row). `Area`, on the label's line, runs down."""
    columns = ((0.0, 90.0), (90.0, 150.0), (150.0, 210.0), (210.0, 270.0))
    lines = [
        _line(0, ("Area", 5), ("Involvement of", 160)),
        _line(14, ("Preparation", 95), ("Production", 155), ("Presentation", 215)),
    ]
    rows = header_rows_of(lines, columns)
    assert len(rows) == 2
    assert rows[0].spans == [(2, 3)]
    assert rows[0].down == {0}
    assert rows[1].filled[1] == ["Preparation"]


def test_a_body_row_among_the_top_lines_keeps_its_columns_apart_under_a_spanning_cell() -> None:
    """A short table: a spanning header cell (`Risorse assegnate`) runs across the white
    between its two year columns, and the first body row, still among the top lines a
    spanning cell may cross, reaches far into that white (`12.356.709`). The white the other
    rows leave clear of it parts the columns all the same: a body row is no header line."""
    lines = [
        _line(0, ("Fonte", 5), ("Risorse assegnate", 95), ("Totale", 320)),
        _line(14, ("2021", 95), ("2022", 170), ("2023", 245)),
        _line(28, ("Fondo", 5), ("2.356.709,00", 95), ("1.984.439,00", 170), ("5.38", 320)),
        _line(42, ("Fondo", 5), ("392.784", 95), ("330.739", 170), ("261", 245), ("9", 320)),
        _line(56, ("Fondo", 5), ("244.486", 95), ("12.931", 170), ("141", 245), ("3", 320)),
    ]
    cuts = gutters(lines, 4.0, 350.0, [], LayoutSettings())
    assert any(155.0 <= c <= 170.0 for c in cuts), cuts
    assert len(cuts) == 4


def test_a_groups_label_wider_than_the_first_column_ruled_apart_is_a_body_row() -> None:
    """`Risorse locali e altre`, a group's label right under the header, runs on past a
    narrow first column; rules over and under it make it a row of its own, not a header
    line (as a label standing inside the first column is)."""
    columns = ((0.0, 90.0), (90.0, 150.0), (150.0, 210.0))
    lines = [
        _line(0, ("Fonte", 5), ("2021", 95), ("2022", 155)),
        _line(14, ("Risorse locali e altre", 5)),
        _line(28, ("Fondo", 5), ("1.000", 95), ("2.000", 155)),
    ]
    assert header_end(lines, columns, [12.0, 26.0], None) == 1
    assert header_end(lines, columns, [26.0], None) == 2  # no rule over it: a header line


def test_a_label_in_a_merged_cell_does_not_say_how_far_its_columns_text_reaches() -> None:
    """A ruled grid: `Risorse nazionali`, a group's label in a cell across the row, runs
    further right than any cell of the first column lets its text run; how far the column's
    text reaches (to tell a word cut by the column's edge) comes from its own cells."""
    columns = ((60.0, 150.0), (150.0, 240.0))
    lines = [_line(0, ("Risorse naz", 68)), _line(14, ("Fondo", 68), ("1.000", 160))]
    cells = [(60.0, -2.0, 240.0, 12.0), (60.0, 12.0, 150.0, 26.0), (150.0, 12.0, 240.0, 26.0)]
    assert _reach(lines, columns)[0] == (68.0, 123.0)
    assert _reach(lines, columns, cells, 1.5)[0] == (68.0, 93.0)


def test_a_wrapped_header_cell_is_one_header_row() -> None:
    columns = ((0.0, 90.0), (90.0, 150.0), (150.0, 210.0))
    lines = [
        _line(0, ("Fonte di", 5), ("Importo", 95), ("Note", 155)),
        _line(14, ("finanziamento", 5), ("2021", 95)),
    ]
    assert len(header_rows_of(lines, columns)) == 1


def test_a_note_right_under_the_last_row_is_no_line_of_the_table() -> None:
    """`Fonte: ...` at a row's distance under the last row, starting where the labels start
    (as a Writer list of amounts with dot leaders ends): a note, not the first line's text
    wrapped; a label's wrapped line there stays."""
    rows = [
        _line(0, ("Fonte di finanziamento", 10), ("2022", 200), ("2023", 260)),
        _line(14, ("Fondo Sociale Regionale", 10), ("1.330", 200), ("83", 260)),
        _line(28, ("Totale", 10), ("5.847", 200), ("2.859", 260)),
    ]
    st = LayoutSettings()
    note = _line(42, ("Fonte: determinazioni regionali", 10))
    [run] = _tabular_runs([*rows, note], 842.0, st.tabular_gap, st)
    assert run == rows
    wrapped = _line(42, ("di riparto", 10))
    [run] = _tabular_runs([*rows, wrapped], 842.0, st.tabular_gap, st)
    assert run[-1] is wrapped


def test_a_header_and_a_label_ruled_as_the_rows_are_are_rows_of_the_table() -> None:
    """A table ruled between all its rows and open at its sides, a vertical rule down it
    (ICDAR `eu-014`): its header stands centred over its columns and a group's label alone
    under it, so neither goes on with the run of lines in columns, which starts at the first
    row. The rules framing the rows go on above it, a row's spacing apart with text between
    and the vertical rule running on to them: the table starts at its top rule (the caption
    and the `(%)` above it stay out); a rule further up, one with no text under it, one the
    vertical rule does not reach, or rules with no vertical rule at all, frame nothing."""
    rows = [
        _line(0, ("Indicators", 60), ("Weight", 260)),
        _line(16, ("Effectiveness", 10)),
        _line(32, ("Employment", 20), ("40", 280)),
        _line(48, ("Further studies", 20), ("15", 280)),
        _line(64, ("Processes", 10)),
        _line(80, ("Dropping out", 20), ("15", 280)),
    ]
    above = [_line(-40, ("Table 10: performance-based funding", 10)), _line(-16, ("(%)", 280))]
    st = LayoutSettings()
    rules = [Rule(y, 5.0, 300.0) for y in (-3, 13, 29, 45, 61, 77, 93)]
    down = (Rule(250.0, -3.0, 93.0),)

    def top_of(lines: list[Line], hrules: list[Rule], vrules: tuple[Rule, ...] = down) -> float:
        [box] = find_areas(lines, Graphics(tuple(hrules), vrules, ()), (), 595.0, 842.0, st)
        return box[1]

    got = find_areas([*above, *rows], Graphics(tuple(rules), down, ()), (), 595.0, 842.0, st)
    assert got == [(5.0, -3, 300.0, 93)]
    # without the rules, the run starts at the first row, the header and the label left out
    assert top_of([*above, *rows], [], ()) == 32
    # the same rules with no vertical rule down them, or one starting under the label
    assert top_of([*above, *rows], rules, ()) == 32
    assert top_of([*above, *rows], rules, (Rule(250.0, 29.0, 93.0),)) == 29
    # a rule two rows' spacing above the top one, or with no text under it, frames nothing
    far = [Rule(-40.0, 5.0, 300.0), *(Rule(y, 5.0, 300.0) for y in (13, 29, 45, 61, 77, 93))]
    assert top_of([*above[1:], *rows], far, (Rule(250.0, -40.0, 93.0),)) == 13
    # a rule drawn twice, a point apart, is one
    twice = [Rule(-4.0, 5.0, 300.0), *rules, Rule(29.5, 5.0, 300.0)]
    assert top_of([*above, *rows], twice, (Rule(250.0, -4.0, 93.0),)) == -4
    assert top_of(rows, [Rule(-12.0, 5.0, 300.0), *rules], (Rule(250.0, -12.0, 93.0),)) == -3


def test_a_caption_between_two_ruled_tables_is_no_row_of_either() -> None:
    """Two tables ruled row by row, each with its own vertical rule, a caption between them
    within a few rows' spacing: the second table's rules frame no row above its header (the
    caption stands where none of its vertical rules runs), and the tables stay two."""
    first = [_line(4 + 16 * k, (f"A{k}", 20), (f"{k},1", 280)) for k in range(4)]
    caption = _line(80, ("Table 2: caption of the second table", 10))
    second = [_line(108 + 16 * k, (f"B{k}", 20), (f"{k},2", 280)) for k in range(4)]
    hrules = [Rule(16.0 * k, 5.0, 300.0) for k in range(5)]
    hrules += [Rule(104.0 + 16 * k, 5.0, 300.0) for k in range(5)]
    vrules = (Rule(250.0, 0.0, 64.0), Rule(250.0, 104.0, 168.0))
    st = LayoutSettings()
    got = find_areas(
        [*first, caption, *second], Graphics(tuple(hrules), vrules, ()), (), 595.0, 842.0, st
    )
    assert len(got) == 2 and got[1][1] >= 104 and got[0][3] <= 64


def test_a_grid_drawn_around_the_page_takes_no_text_from_the_tables_on_it() -> None:
    """A page's background cut by a band (a grid of one column pdfplumber's finder sees
    around everything) is no table, and leaves the text beside a table's grid to it: the
    labels standing left of the grid on every line widen its box."""
    frame = [(0.0, 0.0, 595.0, 50.0), (0.0, 50.0, 595.0, 842.0)]
    grid = [(x, y, x + 50, y + 20) for x in (100.0, 150.0) for y in (100.0, 120.0, 140.0)]
    lines = [
        _line(y + 5, (f"Row{k}", 40), ("1", 110), ("2", 160)) for k, y in enumerate((100, 120, 140))
    ]
    st = LayoutSettings()
    [box] = find_areas(lines, Graphics((), (), ()), [frame, grid], 595.0, 842.0, st)
    assert box[0] == 40
    # a frame of two columns and two rows drawn around the table's grid: a table of its own,
    # which takes none of the inner grid's text either
    frame = [(x, y, x + 300, y + 400) for x in (0.0, 300.0) for y in (0.0, 400.0)]
    boxes = find_areas(lines, Graphics((), (), ()), [frame, grid], 595.0, 842.0, st)
    assert (40, 100.0) in [(b[0], b[1]) for b in boxes]


def test_rules_parting_groups_of_rows_frame_nothing_above_the_run() -> None:
    """Rules between groups of rows, four lines apart: no rule for every two lines, so the
    rules above the run (another table's, over its caption) frame nothing of it."""
    rows = [_line(100 + 12 * k, (f"Row {k}", 10), (f"{k},5", 200)) for k in range(12)]
    above = [_line(20, ("Other table", 10), ("1,0", 200)), _line(62, ("Table 2: caption", 10))]
    rules = [Rule(y, 5.0, 300.0) for y in (15.0, 35.0, 60.0, 97.0, 147.0, 195.0, 245.0)]
    st = LayoutSettings()
    boxes = find_areas([*above, *rows], Graphics(tuple(rules), (), ()), (), 595.0, 842.0, st)
    assert boxes[-1][1] == 100


def test_a_column_open_at_the_grids_side_is_framed_by_the_rules_reaching_it() -> None:
    """A year standing for the three rows its rules group, in a column open at the table's
    left edge: pdfplumber's grid leaves the column out (its cells are closed by no rule on
    the left), but the grid's rules that run on past its side frame it. The table's box
    reaches their ends where text stands between them there; a rule or two reaching out
    with nothing between, or a single one, widens nothing."""
    cells = [
        (100.0, top, x0, top + 16)
        for top in (0.0, 16.0, 32.0, 48.0, 64.0, 80.0, 96.0)
        for x0 in (150.0,)
    ] + [(150.0, top, 250.0, top + 16) for top in (0.0, 16.0, 32.0, 48.0, 64.0, 80.0, 96.0)]
    lines = [
        _line(3, ("Sector", 160)),
        _line(19, ("Men", 105), ("11.0", 160)),
        _line(35, ("1991", 60), ("Women", 105), ("6.6", 160)),
        _line(51, ("Total", 105), ("8.9", 160)),
        _line(67, ("Men", 105), ("9.5", 160)),
        _line(83, ("1996", 60), ("Women", 105), ("5.3", 160)),
        _line(99, ("Total", 105), ("7.5", 160)),
    ]
    st = LayoutSettings()
    inner = [Rule(y, 100.0, 250.0) for y in (0.0, 32.0, 48.0, 80.0)]
    groups = [Rule(y, 55.0, 250.0) for y in (16.0, 64.0, 112.0)]
    graphics = Graphics((*inner, *groups), (), ())
    [box] = find_areas(lines, graphics, [cells], 595.0, 842.0, st)
    assert box[0] == 55.0
    # the same rules with no text beside the grid, or one rule reaching out, widen nothing
    bare = [ln for ln in lines if ln.phrases[0].x0 >= 100]
    bare = [*bare, _line(35, ("Women", 105), ("6.6", 160)), _line(83, ("Women", 105), ("5.3", 160))]
    bare.sort(key=lambda ln: ln.top)
    [box] = find_areas(bare, graphics, [cells], 595.0, 842.0, st)
    assert box[0] == 100.0
    one = Graphics((*inner, groups[0], *(Rule(r.pos, 100.0, 250.0) for r in groups[1:])), (), ())
    [box] = find_areas(lines, one, [cells], 595.0, 842.0, st)
    assert box[0] == 100.0
    # the table's top and bottom rules alone running on past its right side, a note beside
    # one row there: no column
    legend = Line(35, 45, (*lines[2].phrases, _phrase("Legend: euro", 300, 35)))
    noted = [*lines[:2], legend, *lines[3:]]
    frame = (Rule(0.0, 55.0, 420.0), *inner[1:], *groups[:2], Rule(112.0, 55.0, 420.0))
    [box] = find_areas(noted, Graphics(frame, (), ()), [cells], 595.0, 842.0, st)
    assert box[2] == 250.0


def test_paragraph_lines_are_not_table_lines() -> None:
    prose = _line(0, ("La tabella seguente riporta i dati di sintesi", 10))
    assert not _tabular(prose, LayoutSettings().tabular_gap)
    assert _tabular(_line(0, ("Crema", 10), ("34.120", 200)), LayoutSettings().tabular_gap)
    three = _line(0, ("a", 10), ("1.954.582,00", 30), ("1.074.420,00", 110))
    assert _tabular(three, LayoutSettings().tabular_gap)


Texts = Sequence[tuple[float, Sequence[tuple[str, float]]]]


def _area_table(
    texts: Texts,
    hrules: Sequence[Rule] = (),
    vrules: Sequence[Rule] = (),
    box: tuple[float, float, float, float] = (0.0, 0.0, 400.0, 400.0),
) -> PageTable:
    """The table `tables` reads in `box` of an A4 page from lines of texts (top, (text, x)...)
    and rules."""
    chars_ = [c for top, parts in texts for c in cells(*parts, top=top)]
    graphics = Graphics(tuple(hrules), tuple(vrules), ())
    st = LayoutSettings()
    table = read_area(1, box, lines_of(chars_), chars_, graphics, [], st, (595.0, 842.0))
    assert table is not None
    return table


def _read(
    texts: Texts, hrules: Sequence[Rule] = (), vrules: Sequence[Rule] = ()
) -> list[list[str]]:
    """The rows `tables` reads from lines of texts and rules, the whole drawing taken as the
    table's region."""
    table = _area_table(texts, hrules, vrules)
    rows = [["" for _ in table.columns] for _ in table.row_tops]
    for cell in table.cells:
        rows[cell.row][cell.col] = cell.text
    return rows


def _ruled(tops: Sequence[float], x0: float, x1: float) -> list[Rule]:
    return [Rule(y, x0, x1) for y in tops]


def test_a_vertical_rule_drawn_a_row_at_a_time_is_one_rule() -> None:
    pieces = [Rule(100.0, top, top + 15.5) for top in (0.0, 16.0, 32.0, 48.0)]
    graphics = Graphics((), tuple(pieces), ())
    assert _long_vrules(graphics, 0.0, 300.0, 0.0, 64.0, LayoutSettings()) == [100.0]
    short = Graphics((), tuple(pieces[:1]), ())  # a quarter of the height
    assert _long_vrules(short, 0.0, 300.0, 0.0, 64.0, LayoutSettings()) == []


def test_a_table_ending_within_foot_share_of_its_page_runs_to_the_foot() -> None:
    def at_foot(top: float) -> bool:
        texts = [(top + 12.0 * k, [(f"Voce {k}", 40.0), (str(k * 100), 200.0)]) for k in range(3)]
        return _area_table(texts, box=(0.0, top - 5.0, 400.0, top + 40.0)).at_foot

    assert at_foot(700.0)  # ends 107 points (an eighth of the page) over the foot
    assert not at_foot(500.0)  # ends 307 points (over a third) over it


def test_a_gap_of_run_gap_line_heights_parts_two_runs() -> None:
    def runs(gap: float) -> int:
        tops = [0.0, 12.0, 12.0 + 7.0 + gap * 7.0]
        lines = [lines_of(cells(("Crema", 10.0), ("34.120", 200.0), top=t))[0] for t in tops]
        return len(_split_runs(lines, LayoutSettings().tabular_gap, LayoutSettings()))

    assert runs(1.5) == 1
    assert runs(3.5) == 2


def test_a_lone_phrase_wider_than_prose_width_of_the_text_is_prose() -> None:
    def kept(width: int) -> int:
        lines = [lines_of(cells(("Crema", 10.0), ("34.120", 200.0), top=t))[0] for t in (0, 12)]
        lines.append(lines_of(cells(("x" * width, 10.0), top=24.0))[0])
        st = LayoutSettings()
        return sum(len(r) for r in _split_runs(lines, st.tabular_gap, st))

    assert kept(16) == 3  # 64 of 214 points: a third, a line of the run
    assert kept(45) == 2  # 180 of 214: prose, left out


def test_a_label_ruled_apart_from_the_header_and_the_numbers_is_a_row_of_its_own() -> None:
    """`Risorse nazionali` alone in the first column between the header and the first line of
    numbers, rules over and under it: a group's row of the body. With nothing drawn to part
    it, it reads as the header's (a wrapped header cell's line looks the same)."""
    texts = [
        (0.0, [("Fonte", 10.0), ("2021", 150.0), ("2022", 220.0)]),
        (14.0, [("Risorse nazionali", 10.0)]),
        (28.0, [("Fondo A", 10.0), ("12", 150.0), ("13", 220.0)]),
        (42.0, [("Fondo B", 10.0), ("14", 150.0), ("15", 220.0)]),
    ]
    rules = _ruled([-3.0, 11.0, 25.0, 39.0, 53.0], 0.0, 300.0)
    assert [r[0] for r in _read(texts, rules)] == [
        "Fonte",
        "Risorse nazionali",
        "Fondo A",
        "Fondo B",
    ]
    assert _read(texts)[0][0] == "Fonte\nRisorse nazionali"


def test_a_ruled_grids_slivers_beside_its_rules_are_no_columns() -> None:
    """Each cell's fill drawn five points inside its rules (eu-001): pdfplumber's grid has an
    empty sliver beside every rule; each goes into the column of text beside it, and the
    grid has the two columns the rules draw."""
    bounds = [0.0, 5.0, 100.0, 105.0, 110.0, 200.0, 205.0]
    cells = [(a, top, b, top + 20.0) for top in (0.0, 20.0) for a, b in pairwise(bounds)]
    texts = [_phrase("Carbon", 10.0, 5.0), _phrase("100", 150.0, 5.0)]
    texts += [_phrase("Methane", 10.0, 25.0), _phrase("50", 150.0, 25.0)]
    assert sorted({(c[0], c[2]) for c in _without_slivers(cells, texts)}) == [
        (0.0, 105.0),
        (105.0, 205.0),
    ]


def test_a_sliver_goes_to_the_side_whose_rule_runs_down_the_grid() -> None:
    """A header whose fill is drawn inside the rules (eu-010), over a body that is not: the
    rule every row ends at stays, the header fill's edge goes (`Algeria` stays in its
    column)."""
    cells = [(0.0, 0.0, 100.0, 20.0), (100.0, 0.0, 105.0, 20.0)]
    cells += [(105.0, 0.0, 195.0, 20.0), (195.0, 0.0, 200.0, 20.0)]
    cells += [(0.0, top, 100.0, top + 20.0) for top in (20.0, 40.0)]
    cells += [(100.0, top, 200.0, top + 20.0) for top in (20.0, 40.0)]
    texts = [_phrase("Country", 10.0, 5.0), _phrase("Signed", 120.0, 5.0)]
    texts += [_phrase("Algeria", 10.0, 25.0), _phrase("6.19", 150.0, 25.0)]
    assert sorted({(c[0], c[2]) for c in _without_slivers(cells, texts)}) == [
        (0.0, 100.0),
        (100.0, 200.0),
    ]


def test_a_ruled_grids_rows_are_where_rules_part_them_not_a_lines_fill() -> None:
    """`Chlorine and inorganic compounds` over `(as HCl)`, each line on a fill of its own
    (eu-001): pdfplumber's grid parts the cell between them, no rule does, and the two are one
    row beside its value; a grid with no rules between its rows at all is kept as drawn."""
    cells = [(0.0, 0.0, 100.0, 20.0), (100.0, 0.0, 200.0, 20.0)]
    cells += [(0.0, 20.0, 100.0, 30.0), (0.0, 30.0, 100.0, 40.0), (100.0, 20.0, 200.0, 40.0)]
    cells += [(0.0, 40.0, 100.0, 50.0), (100.0, 40.0, 200.0, 50.0)]
    ruled = Graphics(tuple(_ruled([0.0, 20.0, 40.0, 50.0], 0.0, 200.0)), (), ())
    rows = sorted({(c[1], c[3]) for c in _ruled_rows_only(cells, ruled, LayoutSettings())})
    assert rows == [(0.0, 20.0), (20.0, 40.0), (40.0, 50.0)]
    bare = Graphics((), (), ())
    assert sorted(_ruled_rows_only(cells, bare, LayoutSettings())) == sorted(cells)


def test_a_ruled_grid_over_grid_share_of_a_region_is_its_table() -> None:
    grid = [(0.0, 0.0, 50.0, 20.0), (50.0, 0.0, 100.0, 20.0)]
    grid += [(0.0, 20.0, 50.0, 40.0), (50.0, 20.0, 100.0, 40.0)]
    lines = lines_of(cells(("Voce", 5.0), ("Fonte", 55.0), top=5.0))
    lines += lines_of(cells(("Altro", 5.0), ("ISTAT", 55.0), top=25.0))
    st = LayoutSettings()
    assert _ruled_grid([grid], lines, (0.0, 0.0, 100.0, 57.0), st) is not None  # 70%
    assert _ruled_grid([grid], lines, (0.0, 0.0, 100.0, 100.0), st) is None  # 40%
    # a row of the grid outside the area (its title row, left out) is not the region's
    titled = [(0.0, -20.0, 100.0, 0.0), *grid]
    assert _ruled_grid([titled], lines, (0.0, 0.0, 100.0, 57.0), st) == grid


def test_two_texts_apart_over_a_cut_no_rule_parts_are_two_cells() -> None:
    # rules between the rows and at two of the three cuts; the third cut is white only
    texts = [
        (4.0, [("2000", 120.0), ("2002", 200.0), ("2004", 280.0)]),
        (20.0, [("General", 10.0), ("15 455", 120.0), ("13 951", 200.0), ("12 068", 280.0)]),
        (36.0, [("Polytechnics", 10.0), ("20 527", 120.0), ("20 922", 200.0), ("22 083", 280.0)]),
    ]
    hrules = _ruled((0.0, 16.0, 32.0, 48.0), 5.0, 320.0)
    vrules = [Rule(110.0, 0.0, 48.0), Rule(190.0, 0.0, 48.0)]
    rows = _read(texts, hrules, vrules)
    assert rows[1][1:] == ["15 455", "13 951", "12 068"]
    assert rows[2][1:] == ["20 527", "20 922", "22 083"]


def test_a_merged_cells_text_cut_at_a_space_on_a_cut_stays_one_cell() -> None:
    # rules at every cut but the second one in row 2, whose cell spans two columns: its text
    # has a space right on that cut, where the engine cuts it; the page set nothing apart
    texts = [
        (4.0, [("N.", 10.0), ("Tipologia", 110.0), ("Fonte", 210.0)]),
        (20.0, [("1", 10.0), ("annuale", 110.0), ("ISTAT", 210.0)]),
        (36.0, [("2", 10.0), ("non previsto per anno", 150.0)]),
        (52.0, [("3", 10.0), ("mensile", 110.0), ("Comune", 210.0)]),
    ]
    hrules = _ruled((0.0, 16.0, 32.0, 48.0, 64.0), 5.0, 300.0)
    vrules = [Rule(x, 0.0, 64.0) for x in (5.0, 100.0, 300.0)]
    vrules += [Rule(200.0, 0.0, 32.0), Rule(200.0, 48.0, 64.0)]
    rows = _read(texts, hrules, vrules)
    assert [t for t in rows[2][1:] if t] == ["non previsto per anno"]
    assert [t for t in rows[1][1:] if t] == ["annuale", "ISTAT"]


def test_a_wrapped_word_repeating_its_columns_header_stays_in_its_row() -> None:
    texts = [
        (0.0, [("Ambito", 10.0), ("Residenti", 200.0)]),
        (9.0, [("territoriale", 10.0)]),
        (26.0, [("Cremasco", 10.0), ("160.000", 200.0)]),
        (40.0, [("Distretto", 10.0), ("80.000", 200.0)]),
        (49.0, [("territoriale", 10.0)]),
        (63.0, [("Lodigiano", 10.0), ("220.000", 200.0)]),
    ]
    table = _area_table(texts)
    assert table.header_rows == 1
    texts_ = [[c.text.replace("\n", " ") for c in table.cells if c.row == r] for r in range(4)]
    assert texts_[2] == ["Distretto territoriale", "80.000"]


def _ruled_rows(n: int, ruled_after: Sequence[int], wrapped: Sequence[int] = ()) -> int:
    """How many rows `n` lines of a table with no key column make, with rules under the lines
    `ruled_after` (counted from 0); the lines `wrapped` have no number (a label's wrapped
    line)."""
    lines = [
        lines_of(
            cells(
                (f"Voce {k}", 10.0),
                *(() if k in wrapped else ((str(10 * k), 200.0),)),
                top=14.0 * k,
            )
        )[0]
        for k in range(n)
    ]
    columns = ((9.0, 150.0), (150.0, 230.0))
    seps = [Separator(-2.0, "edge", ((9.0, 230.0),))]
    seps += [Separator(14.0 * k + 10.5, "rule", ((9.0, 230.0),)) for k in ruled_after]
    seps.append(Separator(14.0 * n, "edge", ((9.0, 230.0),)))
    return len(rows_of(seps, lines, columns, None, LayoutSettings()))


def test_with_no_key_column_the_lines_between_two_rules_are_a_row_where_ruled_rows_are() -> None:
    assert _ruled_rows(4, [0, 2], wrapped=[2]) == 3  # rules under two of three pairs: bands
    assert _ruled_rows(9, [0, 4]) == 9  # two of eight: each line a row of its own
    # a label and its number on each line of a band: two records stacked, two rows
    assert _ruled_rows(4, [0, 2]) == 4


def _ruled_bands(bands: Sequence[Sequence[Sequence[str]]]) -> list[int]:
    """How many lines each row holds, for bands of lines between rules in a table of three
    columns with no key column (each line its three texts, '' for an empty cell)."""
    seps = [Separator(-2.0, "edge", ((9.0, 300.0),))]
    lines, y = [], 0.0
    for k, band in enumerate(bands):
        if k:
            seps.append(Separator(y - 3.0, "rule", ((9.0, 300.0),)))
        for texts in band:
            drawn = [(t, x) for t, x in zip(texts, (10.0, 110.0, 210.0), strict=True) if t]
            lines += lines_of(cells(*drawn, top=y))
            y += 12.0
        y += 6.0
    seps.append(Separator(y, "edge", ((9.0, 300.0),)))
    columns = ((9.0, 100.0), (100.0, 200.0), (200.0, 300.0))
    return [len(r.lines) for r in rows_of(seps, lines, columns, None, LayoutSettings())]


def test_with_no_key_column_a_band_between_rules_with_one_full_line_is_a_row() -> None:
    wrapped = [("Procurement of", "ICB", "902,418.00"), ("Pickups", "", "")]
    late = [("Laptop", "NCB", "34,594"), ("Computers", "", ""), ("(15No.)", "", "")]
    one = [("Buses", "ICB", "214,885")]
    # a cell's wrapped lines stay in its row, where the rules run between the rows (the
    # first and last bands, drawn on one side, do not tell)
    assert _ruled_bands([one, wrapped, late, one, wrapped, one]) == [1, 2, 3, 1, 2, 1]
    # records stacked between two rules (a line each, full) stay rows of their own
    stacked = [("FY2013", "7,723", "102.6"), ("FY2014", "7,793", "100.9")]
    assert _ruled_bands([one, wrapped, stacked, late, wrapped, one]) == [1, 2, 1, 1, 3, 2, 1]
    # a row whose first and last cells both wrap, and a one-column band, are one record each
    both = [("Procurement of", "ICB", "902,418.00"), ("pickups and vans", "", "(revised)")]
    assert _ruled_bands([one, both, late, one, both, one]) == [1, 2, 3, 1, 2, 1]
    alone = [("Servizio di assistenza", "", ""), ("domiciliare integrata", "", "")]
    assert _ruled_bands([one, alone, late, one, wrapped, one]) == [1, 2, 3, 1, 2, 1]


def test_with_no_key_column_a_wrapped_first_cell_stays_in_its_row() -> None:
    texts = [
        (0.0, [("Animal", 10.0), ("Action", 150.0), ("Result", 220.0)]),
        (14.0, [("Cat", 10.0), ("Says", 150.0), ("Meow", 220.0)]),
        (28.0, [("Parastratio-", 10.0), ("Says", 150.0), ("bzzz", 220.0)]),
        (38.0, [("sphecomyioides", 10.0)]),
        (52.0, [("Fox", 10.0), ("Says", 150.0), ("Ring", 220.0)]),
    ]
    rows = _read(texts)
    assert [r[0].replace("\n", " ") for r in rows] == [
        "Animal",
        "Cat",
        "Parastratio- sphecomyioides",
        "Fox",
    ]


def test_a_line_of_phrases_close_over_a_ruled_grid_is_its_header() -> None:
    def top(gap: float) -> float:
        head = _line(100.0 - gap - 10.0, ("Voce", 110.0), ("Valore", 220.0))
        body = _line(120.0, ("Crema", 110.0), ("12", 220.0))
        return _grow((100.0, 100.0, 300.0, 200.0), [head, body], LayoutSettings())[1]

    assert top(6.0) == 84.0  # 0.6 line heights over the grid: its header line
    assert top(20.0) == 100.0  # two line heights: a line of its own


def test_a_caption_over_a_ruled_grids_rules_is_no_header_line() -> None:
    grid = (100.0, 100.0, 300.0, 200.0)
    body = _line(120.0, ("Crema", 110.0), ("12", 220.0))
    caption = _line(86.0, ("Tab. 7.5", 130.0), ("Posti per ambito", 180.0))  # over 200
    assert _grow(grid, [caption, body], LayoutSettings(), (200.0,))[1] == 100.0
    head = _line(86.0, ("Voce", 110.0), ("Valore", 220.0))
    assert _grow(grid, [head, body], LayoutSettings(), (200.0,))[1] == 86.0
    # a group's label centred over the rule between two of its columns, not over the grid
    group = _line(86.0, ("Territorio", 110.0), ("Anno 2022", 180.0))
    assert _grow(grid, [group, body], LayoutSettings(), (200.0,))[1] == 86.0


def test_text_beside_a_ruled_grid_within_area_gaps_of_its_usual_gap_is_its_table() -> None:
    def right(beside: float) -> float:
        lines = [
            _line(top, ("aaa", 110.0), ("bbb", 185.0), ("ccc", 300.0 + beside))
            for top in (120.0, 140.0)
        ]
        return _grow((100.0, 100.0, 300.0, 200.0), lines, LayoutSettings())[2]

    assert right(70.0) == 385.0  # further than area_reach, within 1.5 times the usual 60
    assert right(120.0) == 300.0  # twice the usual gap: not its table


def test_a_line_whose_first_word_fits_after_the_first_cell_above_starts_a_row() -> None:
    def goes_on(left: float) -> bool:
        columns = [(0.0, 130.0), (130.0, 300.0)]
        above = _line(0.0, ("Servizi sociali", 5.0), ("12", 200.0))  # first cell ends at 80
        asks = Continues(columns, 5.0, left, ST_TABLES.space_width, ST_TABLES.wrap_aligned)
        return asks([above], _line(12.0, ("Famiglia", 10.0)))  # a word 40 points wide

    assert goes_on(121.0)  # 80 + a space of 2.5 + 40 runs past the column's text: wrapped
    assert not goes_on(124.0)  # it would have fitted on the line above: a row of its own


def test_an_indented_sub_heading_under_a_heading_is_a_row_of_its_own() -> None:
    """Hebrew labels in the last column, set at the right (tabula's `indictb1h_14.pdf`): the
    heading `צריכה`, then its sub-heading indented 11 points from the right. The sub-heading
    stands lined up with the heading at neither end nor its middle: a row of its own. A
    label's wrapped line, set at the right as the label is (or at its left, or centred), goes
    on with it."""
    columns = [(0.0, 100.0), (100.0, 300.0)]

    def goes_on(x0: float, x1: float) -> bool:
        above = Line(0.0, 7.0, (_phrase("heading", 262.0, 0.0, 18.0),))
        under = Line(9.8, 16.8, (_phrase("sub-heading", x0, 9.8, x1 - x0),))
        asks = Continues(columns, 5.0, 130.0, ST_TABLES.space_width, ST_TABLES.wrap_aligned)
        return asks([above], under)

    assert not goes_on(200.0, 269.0)  # indented 11 points from the heading's right end
    assert goes_on(200.0, 280.0)  # set at the right as the heading is
    assert goes_on(262.0, 290.0)  # at its left
    assert goes_on(251.0, 291.0)  # centred under it


def test_a_line_after_a_first_cell_ending_in_a_preposition_goes_on_with_it() -> None:
    """`Assistente sociale per il Reddito di` then `Inclusione e la povertà`, alone in the first
    column, where the table's spacing tells nothing (`tight` None): no label ends with `di`,
    so the line goes on with the row. `Fondo Nazionale` and `ROSSI, MARIA, A` (an initial)
    end in no such word: the line is a row of its own."""
    columns = [(0.0, 130.0), (130.0, 300.0)]

    def goes_on(first: str) -> bool:
        above = _line(0.0, (first, 5.0), ("72", 200.0))
        asks = Continues(columns, None, 130.0, ST_TABLES.space_width, ST_TABLES.wrap_aligned)
        return asks([above], _line(12.0, ("Inclusione e la", 5.0)))

    assert goes_on("Reddito di")
    assert goes_on("Servizi socio-")
    assert not goes_on("Fondo Nazionale")
    assert not goes_on("ROSSI, MARIA, A")
    assert not goes_on("Servizi (L. 328/2000, art. 22 lett. a")  # a legal reference ends so


def test_a_group_label_wider_than_its_column_does_not_move_where_the_column_wraps() -> None:
    """`di cui misura` over `B2`: `B2` would fit after it only in a column as wide as the
    group's label, which is drawn past the column's text; the rows' own lines say where the
    column wraps, and `B2` is that cell's text wrapped."""
    texts = [
        (0.0, [("Fonte", 10.0), ("2021", 150.0), ("2022", 220.0)]),
        (14.0, [("Fondo Nazionale", 10.0), ("12", 150.0), ("13", 220.0)]),
        (28.0, [("Risorse nazionali di ambito", 10.0)]),
        (42.0, [("di cui misura", 10.0), ("5", 150.0), ("6", 220.0)]),
        (52.0, [("B2", 10.0)]),
        (66.0, [("Altro fondo", 10.0), ("7", 150.0), ("8", 220.0)]),
    ]
    assert [r[0].replace("\n", " ") for r in _read(texts)] == [
        "Fonte",
        "Fondo Nazionale",
        "Risorse nazionali di ambito",
        "di cui misura B2",
        "Altro fondo",
    ]


def test_a_word_cut_where_the_column_wraps_is_joined_though_a_label_runs_further() -> None:
    """`Compartecipazio` over `ne utenti`: the line ends where the rows' lines of its column
    end (a group's label drawn further does not count), so it filled its cell, and the word
    the narrow column cut is joined back (`com` + `partecipazione`)."""
    texts = [
        (0.0, [("Fonte", 10.0), ("2021", 150.0), ("2022", 220.0)]),
        (14.0, [("Fondo regionale", 10.0), ("12", 150.0), ("13", 220.0)]),
        (28.0, [("Risorse locali e altre entrate", 10.0)]),
        (42.0, [("Compartecipazio", 10.0), ("5", 150.0), ("6", 220.0)]),
        (52.0, [("ne utenti", 10.0)]),
        (66.0, [("Altro fondo", 10.0), ("7", 150.0), ("8", 220.0)]),
    ]
    rows, _, _ = page_rows(_area_table(texts))
    assert [r[0] for r in rows][3] == "Compartecipazione utenti"


def _wrapped_into_spanner(shift: float, gap: float) -> bool:
    """Whether `al 31/12`, `gap` under the spanning header cell `Dato rilevato` and `shift`
    off its centre, is read as that cell's text wrapped."""
    spanner = _phrase("Dato rilevato", 120.0, 0.0)
    wrapped = _phrase("al 31/12", 132.5 + shift, 10.0 + gap)
    leaves = [_phrase("2022", 90.0, 60.0), _phrase("2023", 200.0, 60.0)]
    phrases = [spanner, wrapped, *leaves]
    reach = {id(p): (80.0, 260.0) for p in phrases}
    st = LayoutSettings()
    _, grown = _grow_spanners([spanner], phrases, reach, (), st.span_wrap, st.span_align)
    return bool(grown)


def test_a_line_close_under_a_spanning_header_cell_is_its_text_wrapped() -> None:
    assert _wrapped_into_spanner(0.0, 5.0)  # half a line height under it: its second line
    assert not _wrapped_into_spanner(0.0, 12.0)  # more than a line height: a row of its own


def test_a_line_under_a_spanning_header_cell_is_its_text_where_the_two_align() -> None:
    assert _wrapped_into_spanner(1.0, 5.0)  # a point off centre: its text
    assert not _wrapped_into_spanner(3.0, 5.0)  # three points off: a text of its own


def test_header_texts_over_one_another_overlapping_by_stack_overlap_are_one_column() -> None:
    def columns(x0: float) -> int:
        leaves = [_phrase("x" * 20, 0.0, 0.0), _phrase("y" * 8, x0, 12.0)]
        return len(_stacks(leaves, LayoutSettings().stack_overlap))

    assert columns(80.0) == 1  # half the narrower: one column's cell
    assert columns(92.0) == 2  # a fifth: a wide text touching the next column's


# ---------------------------------------------------------------------------------------------
# Repairs


def _cell(text: str, row: int, col: int, rowspan: int = 1, page: int = 1) -> Cell:
    return Cell(
        text, (col * 50.0, row * 20.0, col * 50.0 + 50, row * 20.0 + 20), page, row, col, rowspan
    )


def _table(
    rows: Sequence[Sequence[str]], head: int = 1, page: int = 1, top: float = 700.0
) -> PageTable:
    cells = tuple(
        _cell(t, r, c, page=page) for r, row in enumerate(rows) for c, t in enumerate(row)
    )
    n = len(rows[0])
    return PageTable(
        page=page,
        bbox=(0.0, top, 50.0 * n, top + 20.0 * len(rows)),
        columns=tuple((c * 50.0, c * 50.0 + 50) for c in range(n)),
        row_tops=tuple(top + 20.0 * r for r in range(len(rows))),
        cells=cells,
        ruling="hrules",
        row_kinds=tuple("header" if r < head else "body" for r in range(len(rows))),
    )


def test_wrapped_and_hyphenated_cells_are_joined_and_logged() -> None:
    table = _table(
        [["Fonte", "Totale"], ["Fondo Politiche\nSociali", "1.000"], ["socio-\nsanitario", "2"]]
    )
    rows, repairs, header = page_rows(table)
    assert rows[1][0] == "Fondo Politiche Sociali"
    assert rows[2][0] == "socio-sanitario"
    assert {r.kind for r in repairs} >= {"wrapped-cell", "hyphen-join"}
    assert header == ["Fonte", "Totale"]


def test_a_cut_word_is_joined_without_a_space() -> None:
    fit = (LineFit(0.0, 7.0, 64.0, 31.0, 30.0), LineFit(1.5, 5.0, 62.0, 62.0, 62.0))
    cell = Cell("Casale Crema\nsco-Vidolasco", (0, 20, 70, 40), 1, 1, 0, fit=fit)
    table = PageTable(
        page=1,
        bbox=(0, 0, 70, 40),
        columns=((0.0, 70.0),),
        row_tops=(0.0, 20.0),
        cells=(_cell("Comune", 0, 0), cell),
        ruling="text",
        row_kinds=("header", "body"),
    )
    rows, repairs, _ = page_rows(table)
    assert rows[1][0] == "Casale Cremasco-Vidolasco"
    assert any(r.kind == "cut-word" for r in repairs)


def test_a_word_broken_at_a_space_on_one_page_is_known_whole_on_another() -> None:
    """`riabilitazione` / `psichiatrica`, two words the Italian list lacks: on one page the
    line left room enough to show a break at a space, on the next page the column is read
    narrower and the line looks full, as a cut would. The words the document's tables use
    whole are known on every page, as the indicator path knows its table's."""
    text = "Tecnico della\nriabilitazione\npsichiatrica"
    roomy = (
        LineFit(6.65, 6.11, 58.92, 35.01, 21.13),
        LineFit(9.98, 3.33, 55.59, 55.59, 55.59),
        LineFit(15.55, 5.56, 50.02, 50.02, 50.02),
    )
    tight = (
        LineFit(0.0, 6.11, 58.92, 35.01, 21.13),
        LineFit(3.33, 3.33, 55.59, 55.59, 55.59),
        LineFit(8.9, 5.56, 50.02, 50.02, 50.02),
    )

    def page(number: int, fit: tuple[LineFit, ...]) -> PageTable:
        cell = Cell(text, (0, 20, 70, 60), 1, 1, 0, fit=fit)
        return PageTable(
            page=number,
            bbox=(0, 0, 70, 60),
            columns=((0.0, 70.0),),
            row_tops=(0.0, 20.0),
            cells=(_cell("Profilo", 0, 0), cell),
            ruling="hrules",
            row_kinds=("header", "body"),
        )

    first, second = page(1, roomy), page(2, tight)
    assert page_rows(second)[0][1][0] == "Tecnico della riabilitazionepsichiatrica"
    lexicon = document_lexicon([first, second])
    assert page_rows(second, lexicon)[0][1][0] == "Tecnico della riabilitazione psichiatrica"


def test_a_cell_merged_down_is_filled_into_every_row_it_spans() -> None:
    cells = (
        _cell("Area", 0, 0),
        _cell("Servizio", 0, 1),
        _cell("Minori", 1, 0, rowspan=2),
        _cell("Tutela", 1, 1),
        _cell("Affidi", 2, 1),
    )
    table = PageTable(
        1,
        (0, 0, 100, 60),
        ((0, 50), (50, 100)),
        (0, 20, 40),
        cells,
        "grid",
        ("header", "body", "body"),
    )
    rows, repairs, _ = page_rows(table)
    assert rows[2] == ["Minori", "Affidi"]
    assert [r.kind for r in repairs] == ["merged-cell"]


def test_continued_table_is_stitched_its_header_and_fragments_dropped() -> None:
    first = _table([["Comune", "Residenti"], ["Crema", "34.120"]], top=700)
    second = _table(
        [["Comune", "Residenti"], ["", "Residenti"], ["Offanengo", "6.040"]], head=2, page=2, top=60
    )
    [table] = build_tables([first, second], {1: 842.0, 2: 842.0})
    assert table.rows == (("Comune", "Residenti"), ("Crema", "34.120"), ("Offanengo", "6.040"))
    assert [r.kind for r in table.repairs] == ["repeated-header", "header-fragment"]
    assert table.pages == (1, 2)
    assert table.row_pages == (1, 1, 2)


def test_a_row_broken_by_the_page_is_joined() -> None:
    first = _table([["Fonte", "Totale"], ["Fondo Politiche", "1.000"]], top=700)
    second = _table([["", "Sociali"], ["FNA", "2.000"]], head=0, page=2, top=60)
    [table] = build_tables([first, second], {1: 842.0, 2: 842.0})
    assert table.rows[1] == ("Fondo Politiche", "1.000 Sociali")
    assert any(r.kind == "row-split" for r in table.repairs)


def test_a_cut_on_the_next_page_goes_on_within_carry_share_of_its_column() -> None:
    """Columns 50 points wide: the cut 13 points off goes on (a third of 50 is 15, twice
    `carry_tolerance` 12), 20 points off does not."""

    def stitched(shift: float) -> bool:
        first = _table([["Comune", "Residenti"], ["Crema", "34.120"]], top=700)
        second = _table([["Offanengo", "6.040"]], head=0, page=2, top=60)
        moved = ((0.0, 50.0 + shift), (50.0 + shift, 100.0))
        second = PageTable(
            second.page, second.bbox, moved, second.row_tops, second.cells, "hrules", ("body",)
        )
        return len(build_tables([first, second], {1: 842.0, 2: 842.0})) == 1

    assert stitched(13.0)
    assert not stitched(20.0)


def test_cell_spacing_parts_a_cells_lines_from_its_rows_at_cell_gaps() -> None:
    def spacing(gaps: Sequence[float]) -> float | None:
        tops = [0.0]
        for g in gaps:
            tops.append(tops[-1] + 7.0 + g)
        lines = [lines_of(cells(("testo", 10.0), top=t))[0] for t in tops]
        return cell_spacing(lines, LayoutSettings().cell_gaps)

    assert spacing([1.0, 1.0, 4.0, 1.0, 4.0]) == 2.5  # 3 points more: 0.43 line heights
    assert spacing([1.0, 1.0, 2.6, 1.0, 2.6]) is None  # 1.6 more: 0.23 line heights


def test_tables_far_from_the_page_break_are_not_stitched() -> None:
    first = _table([["Comune", "Residenti"], ["Crema", "34.120"]], top=100)
    second = _table([["Comune", "Residenti"], ["Offanengo", "6.040"]], page=2, top=60)
    assert len(build_tables([first, second], {1: 842.0, 2: 842.0})) == 2


def test_tables_are_stitched_only_from_a_page_foot_to_the_next_page_head() -> None:
    def parts(first_top: float, second_top: float) -> int:
        first = _table([["Comune", "Residenti"], ["Crema", "34.120"]], top=first_top)
        second = _table([["Comune", "Residenti"], ["Offanengo", "6.040"]], page=2, top=second_top)
        return len(build_tables([first, second], {1: 842.0, 2: 842.0}))

    assert parts(700, 200) == 1  # the second starts in the page's first quarter
    assert parts(700, 400) == 2  # ... halfway down: a table of its own
    assert parts(300, 60) == 2  # the first ends at two fifths of its page


def test_a_line_in_the_margin_a_line_apart_from_the_text_is_running() -> None:
    head = cells(("Piano di Zona 2025-2027", 300.0), top=30)

    def body(top: float) -> list[dict[str, Any]]:
        return [c for k in range(4) for c in cells(("1", 42.0), ("primo", 90.0), top=top + 12 * k)]

    apart = lines_of(head + body(60))  # 2 lines of white under the head
    close = lines_of(head + body(44))  # 1 line
    settings = LayoutSettings()
    assert [ln.text for ln in margin_lines(apart, 842.0, settings)] == ["Piano di Zona 2025-2027"]
    assert margin_lines(close, 842.0, settings) == []


# ---------------------------------------------------------------------------------------------
# The command


def run_tables(args: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `pdztables tables ARGS` in-process: exit code, stdout, stderr."""
    return run_command("tables", args, capsys)


def test_tables_writes_a_csv_per_table_jsonl_and_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = ROOT / "samples" / "tables" / "comuni_affiancati.pdf"
    code, out, err = run_tables([str(pdf), "-o", str(tmp_path)], capsys)
    assert code == 0, err
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "comuni_affiancati-tabella-1.csv",
        "comuni_affiancati-tabella-2.csv",
        "comuni_affiancati-tabelle.html",
        "comuni_affiancati-tabelle.jsonl",
    ]
    data = (tmp_path / "comuni_affiancati-tabella-1.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # `;` and a BOM, as `extract` writes
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Comune", "Subambito", "Residenti", "Over 65"]
    records = [
        json.loads(line)
        for line in (tmp_path / "comuni_affiancati-tabelle.jsonl").read_text().splitlines()
    ]
    assert [set(r) for r in records] == [{"page", "pages", "bbox", "header_rows", "rows"}] * 2
    html = (tmp_path / "comuni_affiancati-tabelle.html").read_text()
    assert 'id="tabella-2"' in html and "Comune" in html
    assert '<html lang="it">' in html and "Tabelle di comuni_affiancati.pdf" in html
    assert "Tables of" not in html
    assert "2 tables on page 1" in out
    english = tmp_path / "en"
    code, _, err = run_tables([str(pdf), "-o", str(english), "--lang", "en"], capsys)
    assert code == 0, err
    html = (english / "comuni_affiancati-tabelle.html").read_text()
    assert '<html lang="en">' in html and "Tables of comuni_affiancati.pdf" in html


def test_stdout_csv_parts_tables_with_a_form_feed_line(capsys: pytest.CaptureFixture[str]) -> None:
    pdf = ROOT / "samples" / "tables" / "comuni_affiancati.pdf"
    code, out, _ = run_tables([str(pdf), "--format", "csv", "-o", "-"], capsys)
    assert code == 0
    blocks = out.split("\f\n")
    assert len(blocks) == 2
    first = list(csv.reader(io.StringIO(blocks[0])))
    assert first[0] == ["Comune", "Subambito", "Residenti", "Over 65"]


def test_stdout_jsonl_gives_rows_and_boxes(capsys: pytest.CaptureFixture[str]) -> None:
    pdf = ROOT / "samples" / "tables" / "bilancio_griglia.pdf"
    code, out, _ = run_tables([str(pdf), "--pages", "1", "--format", "jsonl", "-o", "-"], capsys)
    assert code == 0
    [record] = [json.loads(line) for line in out.splitlines()]
    assert record["header_rows"] == 1 and record["pages"] == [1]
    x0, top, x1, bottom = record["bbox"]
    assert x0 < x1 and top < bottom


def test_area_reads_one_region(capsys: pytest.CaptureFixture[str]) -> None:
    pdf = ROOT / "samples" / "tables" / "comuni_affiancati.pdf"
    [left, _] = pdztables.read_tables(pdf)
    area = ",".join(f"{v:.1f}" for v in left.bbox)
    code, out, _ = run_tables([str(pdf), "--pages", "1", "--area", area, "-o", "-"], capsys)
    assert code == 0
    assert "\f" not in out
    assert out.splitlines()[1].startswith("Agnadello")


def _sample() -> str:
    return str(ROOT / "samples" / "tables" / "bilancio_griglia.pdf")


Case = Callable[[Path], list[str]]
ERRORS = [
    pytest.param(lambda d: [str(d / "missing.pdf")], "no such file", id="missing"),
    pytest.param(lambda d: [str(damaged_pdf(d / "damaged.pdf"))], "damaged", id="damaged"),
    pytest.param(lambda d: [str(encrypted_pdf(d / "locked.pdf"))], "password", id="encrypted"),
    pytest.param(lambda d: [str(scan_pdf(d / "scan.pdf"))], "OCR", id="scan"),
    pytest.param(lambda d: [str(prose_pdf(d / "prose.pdf"))], "no table found", id="no-table"),
    pytest.param(lambda d: [_sample(), "--pages", "3"], "has only 1 page", id="pages-beyond"),
    pytest.param(
        lambda d: [_sample(), "--format", "xls"], "one or more of csv", id="format-unknown"
    ),
    pytest.param(
        lambda d: [_sample(), "--pages", "1", "--area", "1,2,3"], "four numbers", id="area-three"
    ),
    pytest.param(lambda d: [_sample(), "--pages", ""], "not a page range", id="pages-empty"),
    pytest.param(
        lambda d: [_sample(), "--area", "10,10,500,500"], "add --pages", id="area-no-page"
    ),
    pytest.param(
        lambda d: [
            str(table_pdf(d / "two.pdf", VALID_ROWS * 12)),
            "--pages",
            "1-2",
            "--area",
            "0,0,100,100",
        ],
        "one page",
        id="area-two-pages",
    ),
    pytest.param(
        lambda d: [_sample(), "--pages", "1", "--area", "300,10,100,500"],
        "x0 < x1",
        id="area-reversed",
    ),
    pytest.param(
        lambda d: [_sample(), "--pages", "1", "--area", "900,10,990,50"],
        "outside page 1",
        id="area-outside",
    ),
]


def test_letters_in_no_cell_of_a_grid_are_told() -> None:
    """A letter standing where the grid has no cell (a hole between merged cells read
    wrong) is left out of the rows: the table says which, for the warning."""
    boxes = [(0.0, 0.0, 50.0, 10.0), (50.0, 0.0, 100.0, 10.0), (0.0, 10.0, 50.0, 20.0)]
    letters = cells(("Anno", 5.0), ("2022", 55.0), top=1.0) + cells(
        ("A", 5.0), ("l", 60.0), top=11.0
    )
    table = grid_to_table(1, boxes, letters, "grid", LayoutSettings())
    assert [c.text for c in table.cells] == ["Anno", "2022", "A"]
    assert table.unplaced == "l"


@pytest.mark.parametrize(
    ("doubt", "english", "italian", "warned"),
    [
        pytest.param(
            {"unplaced": "l"},
            "1 letter of table 1 stands in none of its cells",
            "1 carattere della tabella 1",
            "left out of its rows",
            id="letters-in-no-cell",
        ),
        pytest.param(
            {"straddling": "SAINT"},
            "the word 'SAINT' of table 1 runs over the cut",
            "la parola &#39;SAINT&#39; della tabella 1",
            "runs over the cut",
            id="word-over-a-cut",
        ),
    ],
)
def test_a_tables_doubt_is_a_warning_and_exit_1(
    doubt: dict[str, str],
    english: str,
    italian: str,
    warned: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pdztables.tables as api

    build = api.build_tables

    def with_doubt(*args: Any) -> list[Any]:
        return [
            dataclasses.replace(t, **{k: ((t.page, v),) for k, v in doubt.items()})
            for t in build(*args)
        ]

    monkeypatch.setattr(api, "build_tables", with_doubt)  # the child is forked after
    pdf = FIXED[0]
    code, out, err = run_tables([str(pdf), "-o", str(tmp_path)], capsys)
    assert code == 1 and "wrote" in out
    assert english in err
    assert err.startswith("warning: ")
    html = (tmp_path / f"{pdf.stem}-tabelle.html").read_text(encoding="utf-8")
    assert "Da verificare" in html and italian in html
    with pytest.warns(RuntimeWarning, match=warned):
        pdztables.read_tables(pdf)


def test_a_word_running_over_an_unruled_cut_is_told_and_goes_on_with_the_table() -> None:
    """A description's long line running on into the amounts' column, `SAINT` over the cut
    between them with no rule there (tabula's `senate-expenditures.pdf` read whole): the
    word is the table's doubt on its page, and a table going on at the next page keeps the
    doubts of both pages."""
    from pdztables.extract.doubts import straddling_word

    columns = ((0.0, 40.0), (40.0, 100.0), (100.0, 160.0))
    lines = [
        _line(0, ("D01", 5), ("STAFF", 45), ("903.90", 125)),
        _line(12, ("DC TO SAINT", 60)),  # `SAINT` from 90 to 115
    ]
    lined_up = LayoutSettings().lined_up
    assert straddling_word(lines, columns, [[], []], lined_up) == "SAINT"
    # a rule on the cut standing beside other lines only: the line runs across (a label)
    assert straddling_word(lines, columns, [[], [Rule(100.0, 0.0, 10.0)]], lined_up) == ""
    # a rule drawn across the word's line parts it: no table's rule (a chart's bar), or
    # a text that ran on past its cell
    ruled = [[], [Rule(100.0, 0.0, 30.0)]]
    assert straddling_word(lines, columns, ruled, lined_up) == "SAINT"
    # ... but where the letters past the rule start where the column's texts start, the
    # text before it was clipped there by its producer: two texts, not a word
    clipped = [*lines, _line(24, ("D02", 5), ("POSTAGE", 45), ("12.00", 100))]
    assert straddling_word(clipped, columns, ruled, lined_up) == ""
    first = dataclasses.replace(
        _table([["Voce", "Importo"], ["Staff", "903.90"]], top=700), straddling="SAINT"
    )
    second = dataclasses.replace(
        _table([["Senator", "798.90"]], head=0, page=2, top=60), straddling="LOUIS"
    )
    [table] = build_tables([first, second], {1: 842.0, 2: 842.0})
    assert table.straddling == ((1, "SAINT"), (2, "LOUIS"))


def test_the_report_names_the_pages_given_up() -> None:
    from pdztables.reports.html import render_tables_html

    tables = pdztables.read_tables(FIXED[0])
    html = render_tables_html(tables, FIXED[0], 2, [1, 2], "", "it", [(2, "tables", 5.0)])
    assert "Da verificare" in html
    assert "pagina 2 non letta" in html and "page 2 was given up" in html
    assert "Da verificare" not in render_tables_html(tables, FIXED[0], 2, [1, 2], "", "it")


@pytest.mark.parametrize(("make_args", "fragment"), ERRORS)
def test_tables_failure_is_one_error_line_exit_2_no_output(
    make_args: Case, fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    out_dir = tmp_path / "out"
    code, out, err = run_tables([*make_args(inputs), "-o", str(out_dir)], capsys)
    assert code == 2
    assert "wrote" not in out
    assert_one_error_line(err, fragment)
    assert_no_output(out_dir)


@pytest.mark.parametrize("spec", ["html", "csv,jsonl"])
def test_stdout_takes_csv_or_jsonl_alone(spec: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_tables([_sample(), "--format", spec, "-o", "-"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "standard output" in err


def test_unwritable_output_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run_tables([_sample(), "-o", str(blocker / "sub")], capsys)
    assert code == 2
    assert err.startswith("error: cannot write to")


# ---------------------------------------------------------------------------------------------
# The quicker page parsing


@pytest.mark.parametrize(
    "pdf",
    [
        ROOT / "samples" / "cremasco_grid.pdf",
        ROOT / "samples" / "cremasco_rotated.pdf",
        ROOT / "samples" / "cremasco_docx.pdf",
        ROOT / "samples" / "tables" / "comuni_lungo_zebra.pdf",
        ROOT / "samples" / "tables" / "comuni_writer.pdf",
    ],
    ids=lambda p: p.stem,
)
def test_lean_objects_are_pdfplumbers_own(pdf: Path) -> None:
    import pdfplumber

    from pdztables.extract.lean import lean_objects

    with pdfplumber.open(pdf) as first, pdfplumber.open(pdf) as second:
        for a, b in zip(first.pages[:2], second.pages[:2], strict=True):
            mine, theirs = lean_objects(a), b.parse_objects()
            for kind in ("char", "rect", "line", "curve"):
                assert mine.get(kind, []) == theirs.get(kind, []), kind


# ---------------------------------------------------------------------------------------------
# Tables drawn here


def _drawn(
    path: Path,
    pages: Sequence[Sequence[Sequence[str]]],
    rules: Sequence[float] = (),
    top: float = 100,
    pitch: float = 20,
) -> Path:
    """One table per page, rows `pitch` points apart from `top`, columns at x 70, 200, 300;
    the vertical rules at `rules` down each table."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    height = A4[1]
    for rows in pages:
        canvas.setFont("Helvetica", 10)
        for r, row in enumerate(rows):
            y = height - top - pitch * r
            for x, text in zip((70, 200, 300), row, strict=False):
                canvas.drawString(x, y, text)
        bottom = height - top - pitch * len(rows) + 10
        for x in rules:
            canvas.line(x, height - top + 14, x, bottom)
        canvas.showPage()
    canvas.save()
    return path


BUDGET = [["Fonte", "2021", "2022"], ["FNPS", "1.000", "2.000"], ["FNA", "3.000", "4.000"]]


def test_a_double_vertical_rule_is_one_cut(tmp_path: Path) -> None:
    pdf = _drawn(tmp_path / "double.pdf", [BUDGET], rules=(150, 152.5, 250))
    [table] = pdztables.read_tables(pdf)
    assert [list(r) for r in table.rows] == BUDGET


def test_a_table_with_a_header_of_its_own_on_the_next_page_is_not_stitched(tmp_path: Path) -> None:
    first = [*BUDGET, *[[f"Fondo {i}", "1.000", "1.500"] for i in range(30)]]
    second = [["Area", "2021", "2022"], ["Area 1", "1.100", "1.200"], ["Area 2", "1.300", "1.400"]]
    pdf = _drawn(tmp_path / "two.pdf", [first, second], top=80)
    tables = pdztables.read_tables(pdf)
    assert [t.pages for t in tables] == [(1,), (2,)]
    assert tables[1].rows[0] == ("Area", "2021", "2022")


def test_rows_of_text_alone_stay_apart(tmp_path: Path) -> None:
    rows = [
        ["Servizio", "Ente gestore", "Gestione"],
        ["Assistenza domiciliare (SAD)", "Comune capofila", "Diretta"],
        ["Trasporto sociale", "Consorzio", "Convenzione"],
        ["Nidi", "Comuni", "Diretta"],
    ]
    [table] = pdztables.read_tables(_drawn(tmp_path / "services.pdf", [rows]))
    assert [list(r) for r in table.rows] == rows


def test_summary_stale_files_and_report_without_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = _drawn(tmp_path / "p13.pdf", [BUDGET, [["Note", "", ""]], BUDGET])
    out = tmp_path / "out"
    out.mkdir()
    (out / "p13-tabella-3.csv").write_text("old")
    code, printed, _ = run_tables([str(pdf), "-o", str(out)], capsys)
    assert code == 0
    assert "2 tables on pages 1, 3" in printed
    assert not (out / "p13-tabella-3.csv").exists()
    code, _, _ = run_tables([str(pdf), "--format", "html", "-o", str(tmp_path / "h")], capsys)
    assert code == 0
    assert "tabella-1.csv" not in (tmp_path / "h" / "p13-tabelle.html").read_text()


@pytest.mark.parametrize(
    "pdf",
    [
        ROOT / "samples" / "cremasco_grid.pdf",
        ROOT / "samples" / "cremasco_rotated.pdf",
        ROOT / "samples" / "cremasco_docx.pdf",
        ROOT / "samples" / "tables" / "comuni_writer.pdf",
    ],
    ids=lambda p: p.stem,
)
def test_playa_reads_the_characters_and_paths_pdfminer_reads(pdf: Path) -> None:
    """The same characters and paths at the same places; a font's characters may stand
    higher or lower by one amount (the two parsers place a glyph's box by the font's descent
    differently), never some more than others."""
    import pdfplumber

    from pdztables.extract.lean import close_playa, playa_objects

    with pdfplumber.open(pdf) as first, pdfplumber.open(pdf) as second:
        try:
            for a, b in zip(first.pages[:2], second.pages[:2], strict=True):
                mine, theirs = playa_objects(a), b.parse_objects()
                for kind in ("char", "rect", "line", "curve"):
                    assert len(mine.get(kind, [])) == len(theirs.get(kind, [])), kind
                shift: dict[str, float] = {}
                for m, t in zip(mine.get("char", []), theirs.get("char", []), strict=True):
                    assert (m["text"], m["upright"]) == (t["text"], t["upright"])
                    for k in ("x0", "x1"):
                        assert abs(m[k] - t[k]) < 0.01, (k, m[k], t[k])
                    assert abs((m["bottom"] - m["top"]) - (t["bottom"] - t["top"])) < 0.01
                    offset = shift.setdefault(t["fontname"], m["top"] - t["top"])
                    assert abs(m["top"] - t["top"] - offset) < 0.01
                for kind in ("rect", "line"):
                    for m, t in zip(mine.get(kind, []), theirs.get(kind, []), strict=True):
                        for k in ("x0", "x1", "top", "bottom"):
                            assert abs(m[k] - t[k]) < 0.01, (kind, k, m[k], t[k])
        finally:
            close_playa(first)


def test_a_page_playa_cannot_read_is_read_by_pdfminer(monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber

    from pdztables.extract import lean

    def refuse(page: object) -> dict[str, list[dict[str, object]]]:
        raise ValueError("not for playa")

    monkeypatch.setattr(lean, "playa_objects", refuse)
    pdf = ROOT / "samples" / "cremasco_grid.pdf"
    with pdfplumber.open(pdf) as first, pdfplumber.open(pdf) as second:
        mine, theirs = lean.page_objects(first.pages[0]), second.pages[0].parse_objects()
    assert mine["char"] == theirs["char"]


def test_a_group_label_left_at_the_page_foot_stays_in_the_table(tmp_path: Path) -> None:
    rows = [BUDGET[0], *[[f"Fondo {i}", "1.000", "1.500"] for i in range(26)]]
    first = [*rows, ["Risorse regionali", "", ""]]
    second = [BUDGET[0], ["FSR", "2.000", "2.500"], ["Dopo di Noi", "3.000", "3.500"]]
    pdf = _drawn(tmp_path / "foot.pdf", [first, second], top=100, pitch=24)
    [table] = pdztables.read_tables(pdf)
    assert table.pages == (1, 2)
    assert ("Risorse regionali", "", "") in table.rows
    assert table.rows[-2:] == (("FSR", "2.000", "2.500"), ("Dopo di Noi", "3.000", "3.500"))


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_standard_output_is_one_error_line() -> None:
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "pdztables", "tables", _sample(), "-o", "-"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot write to standard output")


def test_a_cut_under_a_label_across_the_table_stands_in_the_middle_of_the_white() -> None:
    lines = [_line(k * 14, ("Crema", 10), ("34", 60.5)) for k in range(4)]
    # a note across the table leaves less white than a gutter beside the numbers
    lines.append(Line(56, 66, (_phrase("Totale generale", 10, 56, width=49.5),)))
    cuts = gutters(lines, 9, 80, [], LayoutSettings())
    assert len(cuts) == 1 and 40 < cuts[0] < 56


def test_white_between_two_columns_of_words_is_a_gutter() -> None:
    lines = [
        _line(0, ("Bagnolo", 10), ("Cremasco", 55)),  # `Bagnolo` ends at 45
        _line(14, ("Crema", 10), ("Cremasco", 55)),
        _line(28, ("Offanengo", 10), ("Crema", 60)),  # ... `Offanengo` at 55: one point less
    ]
    lines[2] = Line(28, 38, (_phrase("Offanengo", 10, 28, width=35), _phrase("Crema", 55, 28)))
    cuts = gutters(lines, 9, 110, [], LayoutSettings())
    assert len(cuts) == 1 and 45 <= cuts[0] <= 55


def test_a_line_stands_in_columns_by_the_white_between_its_phrases() -> None:
    wide = LayoutSettings().tabular_gap
    assert _tabular(_line(0, ("Crema", 10), ("34.120", 70)), wide)  # 35 points: columns
    assert not _tabular(_line(0, ("La tabella", 10), ("seguente", 70)), wide)  # 10: a space


def test_a_ruled_grid_takes_in_a_column_drawn_beside_it_not_text_further_off() -> None:
    grid = (100.0, 0.0, 200.0, 40.0)
    rows = [_line(k * 12, ("aaaa", 110), ("bbbb", 140)) for k in range(3)]
    near = [Line(ln.top, ln.bottom, (_phrase("Crema", 50, ln.top), *ln.phrases)) for ln in rows]
    assert _grow(grid, near, LayoutSettings())[0] == 50  # `Crema` ends 25 points left of the rules
    far = [Line(ln.top, ln.bottom, (_phrase("Crema", 15, ln.top), *ln.phrases)) for ln in rows]
    assert _grow(grid, far, LayoutSettings())[0] == 100  # 60 points off: another text


def _shaded_grid(path: Path) -> Path:
    """A small ruled grid as a spreadsheet prints it: each header cell shaded, then each line
    of its text shaded again in the cell's colour a few points inside its rules (the right
    cell's lines as paths, not rectangles), over a body of counts and their shares."""
    from reportlab.pdfgen.canvas import FILL_NON_ZERO, Canvas

    height = 300.0
    canvas = Canvas(str(path), pagesize=(400.0, height))
    xs, ys = (50.0, 150.0, 250.0, 350.0), (50.0, 80.0, 95.0, 110.0)

    def fill(x: float, y: float, width: float, tall: float) -> None:
        # filled with the non-zero rule, as spreadsheets fill (reportlab's own is even-odd)
        shape = canvas.beginPath()
        shape.rect(x, y, width, tall)
        canvas.drawPath(shape, stroke=0, fill=1, fillMode=FILL_NON_ZERO)

    canvas.setFillColorRGB(1.0, 0.8, 0.6)
    for k, (a, b) in enumerate(pairwise(xs)):
        fill(a, height - 80.0, b - a, 30.0)
        for top in (50.0, 65.0):  # each line of the cell again, inside its rules
            if k == 2:
                shape = canvas.beginPath()
                shape.moveTo(a + 4, height - top)
                shape.lineTo(b - 4, height - top + 0.01)  # a hair off: pdfminer keeps a curve
                shape.lineTo(b - 4, height - top - 15)
                shape.lineTo(a + 4, height - top - 15)
                shape.close()
                canvas.drawPath(shape, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
            else:
                fill(a + 4, height - top - 15, b - a - 8, 15.0)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setLineWidth(0.5)
    for x in xs:
        canvas.line(x, height - ys[0], x, height - ys[-1])
    for y in ys:
        canvas.line(xs[0], height - y, xs[-1], height - y)
    canvas.setFont("Helvetica", 9)
    texts = {
        (1, 60.0): "to air",
        (1, 75.0): "kg/year",
        (2, 60.0): "to water",
        (2, 75.0): "kg/year",
        (0, 91.0): "Ammonia",
        (1, 91.0): "63 (18.5%)",
        (2, 91.0): "597 (16.4%)",
        (0, 106.0): "Methane",
        (1, 106.0): "10 000",
        (2, 106.0): "-",
    }
    for (col, y), text in texts.items():
        canvas.drawString(xs[col] + 8, height - y, text)
    canvas.save()
    return path


def test_a_cell_shaded_line_by_line_in_its_colour_is_one_cell(tmp_path: Path) -> None:
    """The lines' fills inside a cell of their colour are seen by no one: they part no rows
    and add no columns (eu-001, eu-020, eu-022), and `63 (18.5%)`, a count and its share, is a
    number, so the body starts there."""
    [table] = pdztables.read_tables(_shaded_grid(tmp_path / "shaded.pdf"))
    assert table.rows == (
        ("", "to air kg/year", "to water kg/year"),
        ("Ammonia", "63 (18.5%)", "597 (16.4%)"),
        ("Methane", "10 000", "-"),
    )
    assert table.header_rows == 1


def test_the_table_finder_sees_no_edge_of_a_fill_no_one_sees(tmp_path: Path) -> None:
    """pdfplumber's grid is found among the rules and fills anyone can see: the lines' fills
    inside the header's cells (rectangles and paths) add no edge to it."""
    from pdztables.extract.pdf import open_pdf

    path = _shaded_grid(tmp_path / "shaded.pdf")
    with open_pdf(path) as pdf:
        data = load_page(path, pdf, 1)
        [grid] = data.grids
    assert len(data.objects["curve"]) == 2  # the right cell's lines, drawn as paths
    assert sorted({round(c[0]) for c in grid} | {round(c[2]) for c in grid}) == [50, 150, 250, 350]
    assert sorted({round(c[1]) for c in grid} | {round(c[3]) for c in grid}) == [50, 80, 95, 110]
