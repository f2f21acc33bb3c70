"""Cells merged down a column of a table with no rules (`normalize.merges`)."""

from __future__ import annotations

from pdztables.normalize.merges import fill_unruled_merges
from pdztables.normalize.records import Record


def record(label: str, policy: str, note: str = "", kind: str = "output") -> Record:
    parts = [
        [(label, None)],
        [(policy, None)] if policy else [],
        [(note, None)] if note else [],
        [(kind, None)] if kind else [],
    ]
    return Record(1, label, "", 1, parts, [{}, {}, {}, {}])


def texts(records: list[Record], c: int) -> list[str]:
    return ["\n".join(t for t, _ in r.parts[c]) for r in records]


NAMES = ["nr", "policy", "note", "tipologia"]
EXPECTED = {"policy", "tipologia"}


def fill_with_notes(rows: list[Record], centred: bool = True) -> None:
    """Merged cells filled in rows whose other cells (a note) are filled."""
    for r in rows:
        r.parts[2] = [("nota", None)]
    fill_unruled_merges(rows, NAMES, EXPECTED, centred=centred)


def test_runs_of_empty_cells_under_filled_ones_take_their_text_but_rows_with_gaps() -> None:
    records = [
        record("1", "05a"),
        record("2", ""),
        record("3", ""),
        record("4", "05b"),
        record("5", ""),
        record("6", "06f"),
        record("7", "", kind=""),  # no tipologia either: a row with gaps, left as it is
    ]
    repairs, doubts = fill_unruled_merges(records, NAMES, EXPECTED)
    assert texts(records, 1) == ["05a", "05a", "05a", "05b", "05b", "06f", ""]
    assert [(r.kind, r.row) for r in repairs] == [
        ("merged-cell", "2"),
        ("merged-cell", "3"),
        ("merged-cell", "5"),
    ]
    assert [(d.check, d.row, dict(d.params)["rows"]) for d in doubts] == [
        ("merged_unruled", "2", "2-3"),
        ("merged_unruled", "5", "5"),
    ]


def test_a_column_not_expected_filled_or_with_one_run_is_left_as_it_is() -> None:
    notes = [
        record("1", "05a", "nota"),
        record("2", "05a"),
        record("3", "05a", "altra"),
        record("4", "05a"),
    ]
    assert fill_unruled_merges(notes, NAMES, {"policy"}) == ([], [])
    assert texts(notes, 2) == ["nota", "", "altra", ""]
    one = [record("1", "05a"), record("2", ""), record("3", "05b"), record("4", "05c")]
    assert fill_unruled_merges(one, NAMES, {"policy"}) == ([], [])
    assert texts(one, 1) == ["05a", "", "05b", "05c"]


def placed(
    label: str,
    policy: str,
    page: int,
    top: float,
    bottom: float,
    ink: tuple[float, float] | None,
    width: float | None = None,
) -> Record:
    """A record whose policy cell stands from `top` to `bottom` on `page`, its text's ink
    from `ink[0]` to `ink[1]` (a line 8 points tall), on a line 40 points wide of words 20
    points wide (or of one word `width` wide) that leaves 2 points of room."""
    from pdztables.extract import Cell
    from pdztables.extract.models import LineFit

    box = (100.0, top, 150.0, bottom)
    line = LineFit(2.0, 4.0, 40.0, 20.0, 20.0) if width is None else LineFit(2.0, 4.0, *[width] * 3)
    fit = (line,) if policy else None
    cell = Cell(
        policy, box, page, 0, 1, fit=fit, ink=(102.0, *ink[:1], 140.0, ink[1]) if ink else None
    )
    rec = record(label, policy)
    rec.page = rec.last_page = page
    rec.origins = [{}, {cell: False}, {}, {}]
    return rec


def broken_on_page_one() -> list[Record]:
    """Page 1's rows 1 and 2: `05h`, at the top of row 1, is a cell the page breaks."""
    return [
        placed("1", "05h", 1, 100, 130, (101, 109)),  # at the top of row 1: broken
        placed("2", "", 1, 130, 150, None),
    ]


def test_centred_merged_cells_take_the_rows_they_centre_and_rows_a_page_broke_go_back() -> None:
    """Text set in the middle of merged cells: `05c` spans rows 1-3 of page 1 and goes on in
    the first row of page 2; `05d` is centred over rows 2-4 of page 2, `05e` alone in row 5."""
    rows = [
        placed("1", "", 1, 100, 120, None),
        placed("2", "05c", 1, 120, 140, (126, 134)),
        placed("3", "", 1, 140, 160, None),
        placed("4", "", 2, 40, 60, None),  # the rest of 05c's cell
        placed("5", "", 2, 60, 90, None),
        placed("6", "05d", 2, 90, 100, (86, 94)),  # off its own row's middle, at 60-120's
        placed("7", "", 2, 100, 120, None),
        placed("8", "05e", 2, 120, 140, (126, 134)),
    ]
    fill_with_notes(rows)
    assert texts(rows, 1) == ["05c", "05c", "05c", "05c", "05d", "05d", "05d", "05e"]


def test_a_merged_cells_text_running_on_into_the_row_under_it_is_joined() -> None:
    """`Innovare la governance del` / `Piano e digitalizzare`: the second line starts with a
    capital, but its first word would not have fitted on the first line: one text."""
    rows = [
        placed("1", "Innovare la governance del", 1, 100, 120, (111, 119)),
        placed("2", "Piano e digitalizzare", 1, 120, 140, (121, 129)),
        placed("3", "", 1, 140, 160, None),
        placed("4", "Sostenere", 1, 160, 180, (166, 174)),
        placed("5", "", 1, 180, 200, None),
    ]
    fill_with_notes(rows)
    assert texts(rows, 1)[0] == "Innovare la governance del\nPiano e digitalizzare"


def test_a_merged_cell_read_into_each_of_its_rows_is_no_run_on_text() -> None:
    rows = [
        placed("1", "05a", 1, 100, 120, (106, 114)),
        placed("2", "", 1, 120, 140, None),
        placed("3", "", 1, 140, 160, None),
        placed("4", "05d", 1, 160, 180, (166, 174)),
        placed("5", "05d", 1, 180, 200, (166, 174)),  # the same merged cell as row 4's
        placed("6", "", 1, 200, 220, None),
        placed("7", "", 1, 220, 240, None),
    ]
    rows[4].origins = [dict(o) for o in rows[3].origins]
    fill_with_notes(rows, centred=False)
    assert texts(rows, 1) == ["05a", "05a", "05a", "05d", "05d", "05d", "05d"]


def test_a_cell_the_page_breaks_starts_at_its_text_and_the_next_page_ends_the_one_before() -> None:
    """A merged cell broken by the page sets its text at the top of its first row (`05h` on
    page 1, `05j` on page 2); the rows before it on a page going on end the cell before."""
    rows = [
        *broken_on_page_one(),
        placed("3", "", 2, 40, 60, None),  # the rest of 05h's cell
        placed("4", "", 2, 60, 80, None),
        placed("5", "05j", 2, 80, 100, (81, 89)),  # at the top of row 5: broken
        placed("6", "", 2, 100, 120, None),
        placed("7", "", 3, 40, 60, None),  # the rest of 05j's cell
        placed("8", "05k", 3, 60, 70, (76, 84)),  # centred over rows 8-9, off its row's middle
        placed("9", "", 3, 70, 100, None),
    ]
    fill_with_notes(rows)
    assert texts(rows, 1) == ["05h", "05h", "05h", "05h", "05j", "05j", "05j", "05k", "05k"]


def test_a_row_with_gaps_is_no_centred_spans_row() -> None:
    """`05j` is centred on row 6 alone, and as well on rows 5-7; row 7 has gaps (its type
    empty too), so it is no merged cell's: `05j` keeps to row 6 and the rows above it end the
    cell the page broke (`05h`)."""
    rows = [
        *broken_on_page_one(),
        placed("3", "", 2, 40, 60, None),  # the rest of 05h's cell
        placed("4", "", 2, 60, 80, None),
        placed("5", "", 2, 80, 100, None),
        placed("6", "05j", 2, 100, 120, (106, 114)),
        placed("7", "", 2, 120, 140, None),
    ]
    for r in rows:
        r.parts[2] = [("nota", None)]
    rows[-1].parts[3] = []
    fill_unruled_merges(rows, NAMES, EXPECTED, centred=True)
    assert texts(rows, 1) == ["05h", "05h", "05h", "05h", "05h", "05j", ""]


def test_a_text_given_to_a_pages_first_row_from_the_page_before_is_none_of_its_texts() -> None:
    """`05h`, broken at page 1's foot, was given to page 2's first row (nothing is drawn
    there): it does not stand in the middle of a span of page 2, its rows end `05h`'s cell;
    `05j` is centred on row 6 alone."""
    rows = [
        *broken_on_page_one(),
        placed("3", "05h", 2, 40, 60, None),  # given, not drawn
        placed("4", "", 2, 60, 80, None),
        placed("5", "", 2, 80, 100, None),
        placed("6", "05j", 2, 100, 120, (106, 114)),
    ]
    fill_with_notes(rows)
    assert texts(rows, 1) == ["05h", "05h", "05h", "05h", "05h", "05j"]


def test_a_pages_last_text_low_in_its_row_is_centred_not_broken() -> None:
    """`05j`, the last text of a page the table goes on from, stands low in its row: not at
    its top, as the text of a cell the page breaks would. It is centred over rows 4 to the
    page's foot (3 points off), and rows 4 and 5 are its too."""
    rows = [
        *broken_on_page_one(),
        placed("3", "05h", 2, 40, 60, None),  # given, not drawn
        placed("4", "", 2, 60, 75, None),
        placed("5", "", 2, 75, 90, None),
        placed("6", "05j", 2, 90, 119, (109, 117)),
        placed("7", "", 2, 119, 140, None),
        placed("8", "", 2, 140, 160, None),
        placed("9", "", 3, 40, 60, None),  # the rest of 05j's cell
        placed("10", "05k", 3, 60, 80, (66, 74)),
    ]
    fill_with_notes(rows)
    assert texts(rows, 1) == ["05h"] * 3 + ["05j"] * 6 + ["05k"]


def test_on_the_last_page_rows_under_the_last_text_are_its_cells() -> None:
    """Chromium's rows of the last page: `05h` broken on page 1 goes on over rows 3-4; `05j`
    is centred on rows 5-7 and as well on 4-8; `05k` on rows 8-11 (its text on two lines).
    Row 11, under `05k`, is its cell's, not no cell's: that settles both."""
    rows = [
        *broken_on_page_one(),
        placed("3", "", 2, 66.7, 90.0, None),
        placed("4", "", 2, 90.0, 113.2, None),
        placed("5", "", 2, 113.2, 136.1, None),
        placed("6", "05j", 2, 136.1, 169.4, (148.1, 167.6)),
        placed("7", "", 2, 169.4, 203.2, None),
        placed("8", "", 2, 203.2, 226.4, None),
        placed("9", "05k", 2, 226.4, 259.8, (250.0, 269.5)),
        placed("10", "", 2, 259.8, 293.5, None),
        placed("11", "", 2, 293.5, 317.1, None),
    ]
    fill_with_notes(rows)
    assert texts(rows, 1) == ["05h"] * 4 + ["05j"] * 3 + ["05k"] * 4


def test_cells_read_as_merged_count_for_a_column_of_merged_cells() -> None:
    """One run of empty cells is no column of merged cells, unless the reading found cells
    drawn merged in the column too: then the run is filled as theirs are."""
    from dataclasses import replace

    rows = [
        placed("1", "05a", 1, 100, 120, (106, 114)),
        placed("2", "05a", 1, 120, 140, (106, 114)),
        placed("3", "05a", 1, 140, 160, (106, 114)),
        placed("4", "05b", 1, 160, 180, (166, 174)),
        placed("5", "", 1, 180, 200, None),
        placed("6", "", 1, 200, 220, None),
    ]
    merged = replace(next(iter(rows[0].origins[1])), rowspan=3)
    for r in rows[:3]:
        r.origins[1] = {merged: False}
    fill_with_notes(rows, centred=False)
    assert texts(rows, 1) == ["05a", "05a", "05a", "05b", "05b", "05b"]


def test_a_page_with_no_text_in_the_column_holds_the_rest_of_the_cell_broken_before() -> None:
    rows = [
        placed("1", "", 1, 100, 110, None),
        placed("2", "05h", 1, 110, 150, (126, 134)),  # centred over rows 1-3
        placed("3", "", 1, 150, 160, None),
        placed("4", "05j", 1, 160, 200, (161, 169)),  # at the top of row 4: broken
        placed("5", "", 1, 200, 220, None),
        placed("6", "", 2, 40, 60, None),
        placed("7", "", 2, 60, 80, None),
    ]
    fill_with_notes(rows)
    assert texts(rows, 1) == ["05h", "05h", "05h", "05j", "05j", "05j", "05j"]


def test_a_merged_cell_centred_over_tight_rows_is_told_by_the_rows_its_text_ran_on_into() -> None:
    """Rows as tall as their text: `Rafforzare ... del` fills row 2 and runs on into row 3
    (`territorio`), each piece in the middle of its own row; the text as a whole stands off
    row 2's middle, centred over rows 1-4, and the cells are read as centred."""
    rows = [
        placed("1", "", 1, 100, 120, None),
        placed("2", "Rafforzare il sistema del", 1, 120, 140, (121, 139)),
        placed("3", "territorio", 1, 140, 160, (141, 159)),
        placed("4", "", 1, 160, 180, None),
        placed("5", "", 1, 180, 200, None),
        placed("6", "Contrastare", 1, 200, 220, (201, 219)),
        placed("7", "", 1, 220, 240, None),
    ]
    fill_with_notes(rows)
    whole = "Rafforzare il sistema del\nterritorio"
    assert texts(rows, 1) == [whole] * 4 + ["Contrastare"] * 3


def test_a_merged_cells_text_the_page_broke_goes_on_at_the_top_of_the_next_page() -> None:
    """Writer breaks a merged cell's text with the page: `Favorire la partecipazione` at the
    foot of page 1, `e l'autonomia dei giovani` at the top of page 2, centred on the cell's
    rows there (Writer centres each part). One text, whose cell holds the rows of both pages
    up to the next text."""
    rows = [
        placed("1", "Sostenere", 1, 100, 120, (116, 124)),  # centred over rows 1-2
        placed("2", "", 1, 120, 140, None),
        placed("3", "Favorire la partecipazione", 1, 140, 160, (141, 149)),  # the page broke it
        placed("4", "e l'autonomia dei giovani", 2, 40, 60, (53, 67)),  # centred on rows 4-5
        placed("5", "", 2, 60, 80, None),
        placed("6", "Innovare", 2, 80, 100, (96, 104)),  # centred over rows 6-7
        placed("7", "", 2, 100, 120, None),
    ]
    fill_with_notes(rows)
    whole = "Favorire la partecipazione\ne l'autonomia dei giovani"
    assert texts(rows, 1) == ["Sostenere"] * 2 + [whole] * 3 + ["Innovare"] * 2


def test_a_cell_read_into_two_rows_is_one_text_among_centred_cells() -> None:
    """`05ZER` / `O` drawn over rows 4 and 5, read as one cell into each: one text, centred
    over rows 3-6, not two texts each wanting rows of its own."""
    rows = [
        placed("1", "05j", 1, 100, 120, (116, 124)),  # centred over rows 1-2
        placed("2", "", 1, 120, 140, None),
        placed("3", "", 1, 140, 160, None),
        placed("4", "05ZER\nO", 1, 160, 200, (176, 184)),
        placed("5", "05ZER\nO", 1, 160, 200, (176, 184)),  # the same cell as row 4's
        placed("6", "", 1, 200, 220, None),
    ]
    rows[4].origins = [dict(o) for o in rows[3].origins]
    fill_with_notes(rows)
    assert texts(rows, 1) == ["05j", "05j"] + ["05ZER\nO"] * 4


def test_centred_merged_cells_whose_texts_fall_in_the_middle_of_a_row_are_centred_too() -> None:
    """A browser centres `05a` over rows 1-3 and `05b` over rows 4-6: each text happens to
    stand in the middle of a row of its own. The table sets its text in the middle: the
    rows above each text are its cell's too."""
    rows = [
        placed("1", "", 1, 100, 120, None),
        placed("2", "05a", 1, 120, 140, (126, 134)),
        placed("3", "", 1, 140, 160, None),
        placed("4", "", 1, 160, 180, None),
        placed("5", "05b", 1, 180, 200, (186, 194)),
        placed("6", "", 1, 200, 220, None),
    ]
    fill_with_notes(rows)
    assert texts(rows, 1) == ["05a"] * 3 + ["05b"] * 3


def test_no_merged_cell_goes_on_past_a_groups_label() -> None:
    """`AREA DISABILITÀ` between rows 2 and 3: the empty policy of row 3 is no part of `05h`
    above the label, set at the top of its cells or in their middle (where row 3, at the top
    of a page, would otherwise end the cell of the page before)."""
    labels = [("1", "05h"), ("2", ""), ("3", ""), ("4", "05j"), ("5", ""), ("6", "05k"), ("7", "")]
    top = [record(label, policy) for label, policy in labels]
    for rec, area in zip(top, "AABBBBB", strict=True):
        rec.area = area
    fill_with_notes(top, centred=False)
    assert texts(top, 1) == ["05h", "05h", "", "05j", "05j", "05k", "05k"]
    middle = [
        placed("1", "05h", 1, 100, 120, (106, 114)),
        placed("2", "", 2, 40, 60, None),  # the rest of 05h's cell; then the group's label
        placed("3", "05j", 2, 60, 80, (71, 79)),  # nearer the middle of rows 2-5 than 3-5
        placed("4", "", 2, 80, 100, None),
        placed("5", "", 2, 100, 120, None),
    ]
    for rec, area in zip(middle, "AABBB", strict=True):
        rec.area = area
    fill_with_notes(middle)
    assert texts(middle, 1) == ["05h"] * 2 + ["05j"] * 3


def test_a_column_with_few_empty_cells_is_no_column_of_merged_cells() -> None:
    """Two empty policies among twelve rows, a sixth (fewer than `MIN_EMPTY`, a quarter):
    cells left empty, not the rest of merged ones."""
    rows = [record(str(k), "" if k in (2, 4) else f"05{k}") for k in range(1, 13)]
    fill_with_notes(rows, centred=False)
    assert [texts(rows, 1)[k] for k in (1, 3)] == ["", ""]


def test_a_row_left_to_the_cell_of_the_page_before_weighs_left_out() -> None:
    """Page 2 goes on from `05c`: its text `05d` stands 5.3 points off the middle of all its
    rows (2-4) and 4.7 off that of rows 3-4. Leaving row 2 to `05c` weighs `LEFT_OUT` (a
    point) more: the page's rows are all `05d`'s."""
    rows = [
        placed("1", "05c", 1, 100, 120, (106, 114)),
        placed("2", "", 2, 40, 60, None),
        placed("3", "05d", 2, 60, 80, (71.3, 79.3)),
        placed("4", "", 2, 80, 100, None),
    ]
    fill_with_notes(rows)
    assert texts(rows, 1) == ["05c", "05d", "05d", "05d"]


def test_a_code_the_column_cut_goes_on_over_the_page() -> None:
    """Writer cuts `05ZERO` by the column's edge and the page: `05ZER` at the foot of page 1,
    `O` centred on the cell's rows on page 2 (no room for it on the full line above). The
    rest of a cut word goes on; a code of its own (`06f` under `05ZERO`) does not."""

    def read(first: str, rest: str) -> list[str]:
        rows = [
            placed("1", "05j", 1, 100, 120, (106, 114)),
            placed("2", first, 1, 120, 130, (121, 129), 40.0),  # the page broke it
            placed("3", "", 2, 40, 60, None),
            placed("4", rest, 2, 60, 80, (66, 74), 8.0 * len(rest)),  # centred on rows 3-5
            placed("5", "", 2, 80, 100, None),
            placed("6", "06g", 2, 100, 120, (106, 114)),
        ]
        fill_with_notes(rows)
        return texts(rows, 1)

    assert read("05ZER", "O") == ["05j"] + ["05ZER\nO"] * 4 + ["06g"]
    assert read("05ZERO", "06f") == ["05j", "05ZERO", "06f", "06f", "06f", "06g"]


def test_a_group_ending_with_its_page_may_have_its_last_cell_broken() -> None:
    """A group's last row at the foot of page 1 holds `05d_e_j` at the top of its box: a cell
    the page breaks (the next page opens with another group), whatever the middle. Its
    cell is its own row; `05d_e`, centred on rows 1-5, keeps row 5."""
    rows = [
        placed("1", "", 1, 321, 357, None),
        placed("2", "", 1, 357, 395, None),
        placed("3", "05d_e", 1, 395, 434, (412, 421)),
        placed("4", "", 1, 434, 484, None),
        placed("5", "", 1, 484, 510, None),
        placed("6", "05d_e_j", 1, 510, 560, (514.4, 523.4)),
        placed("7", "05g_i", 2, 40, 60, (46, 54)),
        placed("8", "", 2, 60, 80, None),
    ]
    for rec, area in zip(rows, "AAAAAABB", strict=True):
        rec.area = area
    fill_with_notes(rows)
    assert texts(rows, 1) == ["05d_e"] * 5 + ["05d_e_j"] + ["05g_i"] * 2
