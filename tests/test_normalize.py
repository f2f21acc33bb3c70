"""Each repair of the normalize stage, on small hand-made page tables."""

from __future__ import annotations

import pytest
from handmade import HEADER, LEFT, UP, WIDTHS, extraction, page_table, row
from pdf_factory import CANONICAL_COLUMNS

from pdztables.errors import NoTableError
from pdztables.extract import Cell, LineFit
from pdztables.normalize import Normalized, normalize
from pdztables.normalize.records import Record, _ends_on_its_page, clean_records
from pdztables.normalize.text import Lexicon
from pdztables.schemas import load_profile

PROFILE = load_profile()


def run(*tables: object) -> Normalized:
    return normalize(extraction(*tables), PROFILE)  # type: ignore[arg-type]


def kinds(result: Normalized) -> list[str]:
    return [r.kind for r in result.repairs if r.kind != "wrapped-cell"]


def test_headers_map_to_canonical_columns_and_page_comes_last() -> None:
    result = run(page_table(1, [HEADER, row("1", "a")]))
    assert result.text_columns == CANONICAL_COLUMNS
    assert result.frame.columns[-1] == "pagina"
    assert result.frame["pagina"].tolist() == [1]


def test_repeated_header_is_dropped_and_logged() -> None:
    result = run(
        page_table(1, [HEADER, row("1", "a")]),
        page_table(2, [HEADER, row("2", "b")]),
    )
    assert result.frame["nr"].tolist() == ["1", "2"]
    assert kinds(result) == ["repeated-header"]
    assert result.repairs[0].page == 2


def test_a_repeated_header_holding_what_the_header_does_not_is_a_doubt() -> None:
    """A `≥` of the first row under a header drawn again, standing up into its band, goes out
    with the header: the reading says so; a header drawn again as it is says nothing."""
    again = [*HEADER[:4], f"{HEADER[4]} ≥", *HEADER[5:]]
    result = run(
        page_table(1, [HEADER, row("1", "a")]),
        page_table(2, [again, row("2", "b", r1="400")]),
    )
    assert kinds(result) == ["repeated-header"]
    doubts = [d for d in result.doubts if d.check == "header_extra"]
    assert len(doubts) == 1 and doubts[0].page == 2 and "'≥'" in doubts[0].text("en")
    plain = run(page_table(1, [HEADER, row("1", "a")]), page_table(2, [HEADER, row("2", "b")]))
    assert not [d for d in plain.doubts if d.check == "header_extra"]


def test_header_fragment_is_dropped_not_joined_to_the_row_above() -> None:
    fragment = ["", "", "", "", "", "", "", "", " 31/12/2022", " 30/09/2023"]
    result = run(
        page_table(1, [HEADER, row("37", "a")]),
        page_table(2, [fragment, row("38", "b")]),
    )
    assert result.frame["nr"].tolist() == ["37", "38"]
    assert result.frame["rilevato_2022-12-31"].tolist() == ["", ""]
    assert kinds(result) == ["header-fragment"]


def test_continuation_holding_a_word_of_the_header_is_not_a_fragment() -> None:
    rest = ["", "", "", "", "anno", "", "", "", "", ""]
    result = run(page_table(1, [HEADER, row("1", "a", r1="entro il primo"), rest]))
    assert result.frame["risultato_atteso_1"].tolist() == ["entro il primo anno"]
    assert "header-fragment" not in kinds(result)


def test_row_broken_across_pages_is_joined_into_its_row() -> None:
    head = row("5", "N. interventi di supporto abitativo in", r1="Almeno 10 (di cui")
    rest = ["", "risposta a situazioni problematiche", "", "", "almeno 1)", "", "", "", "", ""]
    result = run(
        page_table(1, [HEADER, row("4", "a"), head]),
        page_table(2, [HEADER, rest, row("6", "c")]),
    )
    frame = result.frame
    assert frame["nr"].tolist() == ["4", "5", "6"]
    assert frame.at[1, "indicatore"] == (
        "N. interventi di supporto abitativo in risposta a situazioni problematiche"
    )
    assert frame.at[1, "risultato_atteso_1"] == "Almeno 10 (di cui almeno 1)"
    assert frame["pagina"].tolist() == [1, 1, 2]
    split = [r for r in result.repairs if r.kind == "row-split"]
    assert [(r.page, r.row) for r in split] == [(2, "5")]


def test_continuation_row_on_the_same_page_is_joined() -> None:
    result = run(page_table(1, [HEADER, row("1", "first line"), row("", "second line", "", "")]))
    assert result.frame["indicatore"].tolist() == ["first line second line"]
    assert "continuation" in kinds(result)


def test_merged_cell_is_filled_into_every_row_it_spans() -> None:
    rows = [
        HEADER,
        row("1", "a", "05b"),
        row("2", "b", UP),
        row("3", "c", UP),
        row("4", "d", "05c"),
    ]
    result = run(page_table(1, rows))
    assert result.frame["policy"].tolist() == ["05b", "05b", "05b", "05c"]
    filled = [(r.row, r.column) for r in result.repairs if r.kind == "merged-cell"]
    assert filled == [("2", "policy"), ("3", "policy")]


def test_truly_empty_cell_stays_empty() -> None:
    rows = [HEADER, row("48", "a", "06f"), row("49", "b", "", "")]
    result = run(page_table(1, rows))
    assert result.frame["policy"].tolist() == ["06f", ""]
    assert result.frame["tipologia"].tolist() == ["processo", ""]
    assert not [r for r in result.repairs if r.kind.startswith("merged")]


def test_merged_cell_running_to_the_page_foot_continues_on_the_next_page() -> None:
    page1 = [HEADER, row("1", "a", "05a"), row("2", "b", "05d_e"), row("3", "c", UP)]
    page2 = [HEADER, row("4", "d", ""), row("5", "e", UP), row("6", "f", "05j")]
    result = run(page_table(1, page1), page_table(2, page2))
    assert result.frame["policy"].tolist() == ["05a", "05d_e", "05d_e", "05d_e", "05d_e", "05j"]
    assert [r.row for r in result.repairs if r.kind == "merged-across-page"] == ["4"]


def test_empty_merged_cell_at_the_page_top_continues_the_cell_above_the_break() -> None:
    page1 = [HEADER, row("1", "a", "05a"), row("2", "b", "05j")]
    page2 = [HEADER, row("3", "c", ""), row("4", "d", UP), row("5", "e", "05ZERO")]
    result = run(page_table(1, page1), page_table(2, page2))
    assert result.frame["policy"].tolist() == ["05a", "05j", "05j", "05j", "05ZERO"]


def test_merged_text_going_on_in_the_rest_of_a_row_whose_key_the_page_broke_counts_once() -> None:
    # row 20 is drawn one digit a line: `2` at page 1's foot, `0` on top of page 2; its merged
    # cell's text goes on there (`dei giovani`) and down over row 21
    page1 = [HEADER, row("19", "a", "05a"), row("2", "b", "la partecipazione")]
    page2 = [HEADER, row("0", "c", "dei giovani"), row("21", "d", UP)]
    result = run(page_table(1, page1), page_table(2, page2))
    assert result.frame["nr"].tolist() == ["19", "20", "21"]
    whole = "la partecipazione dei giovani"
    assert result.frame["policy"].tolist() == ["05a", whole, whole]


def test_a_row_with_gaps_at_a_page_top_takes_no_guessed_merged_text() -> None:
    """In a column with merged cells, an empty cell at a page's top is guessed to go on with
    the cell at the foot of the page before, unless its row has gaps (its type empty too)."""
    page1 = [HEADER, row("1", "a", "05a"), row("2", "b", "05b"), row("3", "c", UP)]
    page1 += [row("48", "d", "06f")]
    gapped = run(page_table(1, page1), page_table(2, [HEADER, row("49", "e", "", "")]))
    assert gapped.frame["policy"].tolist()[-2:] == ["06f", ""]
    whole = run(page_table(1, page1), page_table(2, [HEADER, row("49", "e", "")]))
    assert whole.frame["policy"].tolist()[-2:] == ["06f", "06f"]


def test_empty_cell_after_a_single_row_cell_at_the_page_foot_is_not_filled() -> None:
    result = run(
        page_table(1, [HEADER, row("1", "a", "05a")]),
        page_table(2, [HEADER, row("2", "b", "")]),
    )
    assert result.frame["policy"].tolist() == ["05a", ""]


def test_full_width_group_row_becomes_the_area_column() -> None:
    group = ["AREA POVERTÀ", *[LEFT] * 9]
    rows = [HEADER, group, row("1", "a"), ["AREA\nABITARE", *[LEFT] * 9], row("2", "b")]
    result = run(page_table(1, rows))
    assert result.frame["area"].tolist() == ["AREA POVERTÀ", "AREA ABITARE"]
    assert list(result.frame.columns)[:2] == ["nr", "area"]
    assert kinds(result).count("group-row") == 2


def test_a_group_row_in_lower_case_is_a_doubt() -> None:
    """`dal nucleo familiare`, the end of a merged cell's text run out under the table's last
    rule, reads as a full-width row: taken as a group label, but said to be doubtful."""
    rows = [HEADER, ["AREA MINORI", *[LEFT] * 9], row("15", "a")]
    result = run(page_table(1, [*rows, ["dal nucleo familiare", *[LEFT] * 9], row("16", "b")]))
    assert [d.check for d in result.doubts] == ["label_lower"]
    assert "dal nucleo familiare" in result.doubts[0].message
    assert run(page_table(1, [*rows, row("16", "b")])).doubts == ()


def test_label_alone_in_the_number_column_is_a_group_row() -> None:
    label = ["AREA LAVORO", "", "", "", "", "", "", "", "", ""]
    result = run(page_table(1, [HEADER, label, row("30", "a")]))
    assert result.frame["area"].tolist() == ["AREA LAVORO"]
    assert result.frame["nr"].tolist() == ["30"]


def test_number_drawn_one_digit_per_line_is_joined() -> None:
    result = run(page_table(1, [HEADER, row("1\n2", "a"), row("1\n3", "b")]))
    assert result.frame["nr"].tolist() == ["12", "13"]
    assert kinds(result).count("digits-join") == 2


def test_wrapped_header_cut_mid_word_still_maps() -> None:
    header = list(HEADER)
    header[3] = "tipologi\na"
    header[6] = "responsabile\nrilevazio-\nne"
    result = run(page_table(1, [header, row("1", "a")]))
    assert "tipologia" in result.frame.columns
    assert "responsabile" in result.frame.columns


def test_page_with_shifted_columns_is_aligned_to_the_header() -> None:
    page2 = page_table(2, [row("2", "b")], widths=[w + 0.5 for w in WIDTHS], x0=38.0)
    result = run(page_table(1, [HEADER, row("1", "a")]), page2)
    assert result.frame["indicatore"].tolist() == ["a", "b"]


def test_unknown_column_keeps_its_header_in_snake_case() -> None:
    header = [*HEADER[:8], "Note dell'Ufficio di Piano", HEADER[9]]
    result = run(page_table(1, [header, row("1", "a")]))
    assert "note_dell_ufficio_di_piano" in result.frame.columns
    mapping = {c.name: c for c in result.columns}
    assert not mapping["note_dell_ufficio_di_piano"].known


def test_no_header_means_no_indicator_table() -> None:
    with pytest.raises(NoTableError, match="no indicator table"):
        run(page_table(1, [["Voce", "Importo", "Anno"], ["Personale", "1.000", "2022"]]))


def budget(page: int) -> object:
    rows = [["Voce di spesa", "2021", "2022", "2023"], ["Personale", "1.000", "1.200", "1.300"]]
    return page_table(page, rows, widths=[200, 80, 80, 80])


def test_other_tables_stay_out_and_are_listed() -> None:
    result = run(budget(1), page_table(2, [HEADER, row("1", "a")]), budget(3))
    assert result.frame["nr"].tolist() == ["1"]
    assert [(x.page, x.reason) for x in result.left_out] == [
        (1, "before the indicator table's header"),
        (3, "its columns do not match the header's"),
    ]


def test_tables_with_the_same_header_all_come_out_in_document_order() -> None:
    result = run(
        page_table(2, [HEADER, row("1", "a"), row("2", "b")]),
        budget(3),
        page_table(5, [HEADER, row("3", "c")]),
    )
    assert result.frame["nr"].tolist() == ["1", "2", "3"]
    assert result.frame["pagina"].tolist() == [2, 2, 5]


def test_headerless_table_that_continues_nothing_stays_out() -> None:
    result = run(page_table(1, [HEADER, row("1", "a")]), page_table(3, [row("9", "z")]))
    assert result.frame["nr"].tolist() == ["1"]
    assert result.left_out[0].page == 3


def test_header_fragment_at_a_page_top_where_a_row_goes_on_is_dropped_and_the_row_joined() -> None:
    fragment = ["", "", "", "", "", "", "", "", "31/12/2022", "30/09/2023"]
    rest = ["", "sul territorio", "", "", "", "", "", "", "", ""]
    result = run(
        page_table(1, [HEADER, row("37", "n. progetti attivati")]),
        page_table(2, [fragment, rest, row("38", "b")]),
    )
    assert result.frame["nr"].tolist() == ["37", "38"]
    assert result.frame["indicatore"].tolist() == ["n. progetti attivati sul territorio", "b"]
    assert result.frame["rilevato_2022-12-31"].tolist() == ["", ""]
    assert "header-fragment" in kinds(result)


def test_header_fragment_between_rows_is_dropped() -> None:
    fragment = ["", "", "", "", "", "", "", "", "31/12/2022", "30/09/2023"]
    result = run(page_table(1, [HEADER, row("1", "a"), fragment, row("2", "b")]))
    assert result.frame["nr"].tolist() == ["1", "2"]
    assert result.frame["rilevato_2023-09-30"].tolist() == ["", ""]
    assert kinds(result) == ["header-fragment"]


def test_a_note_under_the_last_row_is_left_out_and_logged() -> None:
    note = ["Fonte: elaborazione dell'Ufficio di Piano", *[LEFT] * 9]
    result = run(page_table(1, [HEADER, row("1", "a"), row("2", "b"), note]))
    assert result.frame["nr"].tolist() == ["1", "2"]
    assert "area" not in result.frame.columns
    assert kinds(result) == ["trailing-text"]


def test_a_guessed_merged_cell_over_a_page_is_a_doubt() -> None:
    page1 = [HEADER, row("1", "a", "05a"), row("2", "b", UP), row("3", "c", "05j")]
    page2 = [HEADER, row("4", "d", ""), row("5", "e", "05ZERO")]
    result = run(page_table(1, page1), page_table(2, page2))
    assert result.frame["policy"].tolist() == ["05a", "05a", "05j", "05j", "05ZERO"]
    assert [(d.check, d.column, d.row, d.page) for d in result.doubts] == [
        ("merged_guess", "policy", "4", 2)
    ]


def test_a_key_drawn_a_digit_a_line_over_a_page_break_is_one_key() -> None:
    page1 = [HEADER, row("35", "a"), row("36", "b"), row("3", "n. interventi")]
    page2 = [row("7", "attivati"), row("38", "d")]
    result = run(page_table(1, page1), page_table(2, page2))
    assert result.frame["nr"].tolist() == ["35", "36", "37", "38"]
    assert result.frame["indicatore"].tolist()[2] == "n. interventi attivati"


def test_keys_that_follow_on_over_a_page_break_stay_apart() -> None:
    page1 = [HEADER, row("1", "a"), row("2", "b"), row("3", "c")]
    page2 = [row("4", "d"), row("5", "e")]
    result = run(page_table(1, page1), page_table(2, page2))
    assert result.frame["nr"].tolist() == ["1", "2", "3", "4", "5"]


def test_the_rest_of_a_clipped_repeated_header_cell_is_dropped_from_the_row_under_it() -> None:
    """A word processor draws the header again on page 2 with `responsabile` clipped: its rest,
    `rilevazione`, is still in the file, in the first row under it."""
    header = list(HEADER)
    header[6] = "responsabile\nrilevazione"
    clipped = list(header)
    clipped[6] = "responsabile"
    page2 = [clipped, row("2", "b", resp="rilevazione\nCommunity Maker")]
    result = run(page_table(1, [header, row("1", "a")]), page_table(2, page2))
    assert result.frame["responsabile"].tolist() == ["Community Maker", "Community Maker"]
    assert "header-rest" in kinds(result)
    # an empty band between the header and the row changes nothing
    page2 = [clipped, [""] * 10, row("2", "b", resp="rilevazione\nCommunity Maker")]
    result = run(page_table(1, [header, row("1", "a")]), page_table(2, page2))
    assert result.frame["responsabile"].tolist() == ["Community Maker", "Community Maker"]


@pytest.mark.parametrize(
    ("drawn", "under"),
    [
        ("tipologia", "indicat outcome"),  # the rest on the line of the row: dropped
        ("tipologia", "outcome"),  # a value that is not the rest of the clipped header: stays
        ("tipologia\nindicator", "e\noutcome"),  # the whole rest, however short: dropped
    ],
)
def test_the_rest_of_a_clipped_header_cell_in_the_row_under_it(drawn: str, under: str) -> None:
    """A word processor draws `Tipologia indicatore` again cut short (`drawn`): its rest in
    the first row under it is no text of that row."""
    header = list(HEADER)
    header[3] = "tipologia\nindicatore"
    clipped = list(header)
    clipped[3] = drawn
    page2 = [clipped, row("2", "b", tipologia=under)]
    result = run(page_table(1, [header, row("1", "a")]), page_table(2, page2))
    assert result.frame["tipologia"].tolist() == ["processo", "outcome"]


def test_an_unknown_column_whose_header_has_no_word_is_a_doubt() -> None:
    header = [*HEADER[:8], "202\n3", HEADER[9]]
    result = run(page_table(1, [header, row("1", "a")]))
    assert [(d.check, d.column) for d in result.doubts] == [("header_unsure", "202_3")]


def test_a_merged_cell_broken_by_a_page_with_its_row_gives_every_row_its_whole_text() -> None:
    """A word processor breaks row 16 over the page; the merged `obiettivo` of rows 15-19 goes
    on under it: rows 15 and 16, above the break, get the whole text too."""
    obiettivo = 1
    head = list(HEADER)
    head[obiettivo] = "obiettivo"
    page1 = [head, row("15", "Promuovere il"), row("16", UP)]
    rest = ["", "benessere dei minori", "", "", "", "", "", "", "", ""]
    page2 = [rest, row("17", UP), row("18", UP)]
    result = run(page_table(1, page1), page_table(2, page2))
    assert result.frame["obiettivo"].tolist() == ["Promuovere il benessere dei minori"] * 4


def test_a_page_with_the_header_of_its_own_maps_column_for_column() -> None:
    """A page drawing the header again maps its columns by the header's cells, wherever its
    cuts fell (a page's text moves the cuts of a table with no rules between columns)."""
    page2 = page_table(2, [HEADER, row("2", "b")], x0=120.0)
    result = run(page_table(1, [HEADER, row("1", "a")]), page2)
    assert result.frame["nr"].tolist() == ["1", "2"]
    assert result.frame["indicatore"].tolist() == ["a", "b"]


def test_merged_text_going_on_over_a_page_after_an_empty_row_fills_every_row() -> None:
    """Row 23 ends page 1 with the first words of a merged `obiettivo`; page 2 opens with an
    empty row (the white under a clipped header), then the rest of the text, merged down rows
    24-26: the empty row does not hide that the text goes on."""
    obiettivo = 1
    head = list(HEADER)
    head[obiettivo] = "obiettivo"
    page1 = [head, row("22", "Favorire la partecipazione"), row("23", "Innovare i processi")]
    empty = [""] * len(HEADER)
    page2 = [head, empty, row("24", "amministrativi"), row("25", UP), row("26", UP)]
    result = run(page_table(1, page1), page_table(2, page2))
    whole = "Innovare i processi amministrativi"
    assert result.frame["obiettivo"].tolist() == ["Favorire la partecipazione"] + [whole] * 4


def test_pieces_joined_on_a_guess_are_a_doubt() -> None:
    def fit(text: str, room: float) -> LineFit:
        words = text.split()
        return LineFit(room, 4.0, len(text) * 4.0, len(words[0]) * 4.0, len(words[-1]) * 4.0)

    lines = ["(revisinoe", "domiciliarità)"]
    rooms = (fit(lines[0], 0.5), fit(lines[1], 10.0))
    rec = Record(page=3, label="19", area="", last_page=3, parts=[[("\n".join(lines), rooms)]])
    doubts: list[object] = []
    values, _ = clean_records([rec], ["indicatore"], None, Lexicon(), doubts)  # type: ignore[arg-type]
    assert values == [["(revisinoedomiciliarità)"]]
    assert [(d.check, d.column, d.row, d.page) for d in doubts] == [  # type: ignore[attr-defined]
        ("cut_unsure", "indicatore", "19", 3)
    ]


def test_a_cell_centred_at_the_page_foot_ends_there() -> None:
    """A merged cell the page breaks sets its text at the top of its first row (Writer and
    Chromium alike): a cell at the foot whose text stands in the middle of its box is whole,
    and the empty cell at the next page's top is not taken for the rest of it."""

    def foot(ink_top: float) -> Cell:
        ink = (102.0, ink_top, 130.0, ink_top + 8)
        return Cell("06f", (100.0, 700.0, 150.0, 730.0), 1, 48, 1, ink=ink)

    assert _ends_on_its_page(foot(711.0))  # 11 points of white above, 11 below
    assert not _ends_on_its_page(foot(702.0))  # at the top: it may go on
    tight = Cell("06f", (100.0, 700.0, 150.0, 711.0), 1, 48, 1, ink=(102.0, 701.5, 130.0, 709.5))
    assert not _ends_on_its_page(tight)  # no room to tell


def test_a_cut_word_under_a_clipped_header_rest_still_joins() -> None:
    """Page 2's first row holds the clipped header's rest (`indicat`) over `process` / `o`:
    with the rest's line dropped, the lines left keep their own room, and the word cut by the
    column's edge joins (`processo`)."""
    from dataclasses import replace

    header = list(HEADER)
    header[3] = "tipologia\nindicatore"
    clipped = list(header)
    clipped[3] = "tipologia"
    page2 = page_table(2, [clipped, row("2", "b", tipologia="indicat\nprocess\no")])
    fit = (LineFit(0.5, 4.0, 28.0, 28.0, 28.0), LineFit(0.0, 4.0, 28.0, 28.0, 28.0))
    fit += (LineFit(24.0, 4.0, 4.0, 4.0, 4.0),)
    cells = tuple(
        replace(cell, fit=fit) if cell.text.startswith("indicat") else cell for cell in page2.cells
    )
    result = run(page_table(1, [header, row("1", "a")]), replace(page2, cells=cells))
    assert result.frame["tipologia"].tolist() == ["processo", "processo"]
