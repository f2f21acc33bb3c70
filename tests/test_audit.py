"""The audit catches what it is for: a good reading broken on purpose, one way at a time, gives
exit 1 with the finding that names what was broken, where."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from cli_checks import run_command

import pdztables.normalize as normalize_stage
from pdztables.extract.models import Edge, Evidence, Word
from pdztables.normalize import Normalized
from pdztables.normalize.provenance import audit_input
from pdztables.pipeline import Result, run
from pdztables.schemas.audit import AuditInput, Left, OutCell, Spot, audit

ROOT = Path(__file__).resolve().parent.parent
GRID = ROOT / "samples" / "cremasco_grid.pdf"
MERGED = (
    ROOT / "samples" / "layouts" / "layout-19-reportlab-targets3-grid-merged-condensed7-rotated.pdf"
)

Breaker = Callable[[pd.DataFrame], None]


@pytest.fixture(scope="module")
def grid() -> Result:
    return run(GRID)


def findings(result: Result, change: Breaker) -> list[tuple[str, str, str]]:
    """The audit's findings (check, row, column) on a reading whose output was changed."""
    frame = result.table.frame.copy()
    change(frame)
    table = replace(result.table, frame=frame)
    return [(f.check, f.row, f.column) for f in audit(audit_input(result.extraction, table))]


def row_of(frame: pd.DataFrame, label: str) -> int:
    return int(frame.index[frame["nr"].astype(str) == label][0])


def test_a_good_reading_has_no_finding(grid: Result) -> None:
    assert audit(audit_input(grid.extraction, grid.table)) == []


def test_a_word_dropped_from_a_cell_is_lost_there(grid: Result) -> None:
    def drop(frame: pd.DataFrame) -> None:
        i = row_of(frame, "35")
        frame.at[i, "frequenza"] = frame.at[i, "frequenza"].replace("unica (a ", "")

    assert findings(grid, drop) == [("word_lost", "35", "frequenza")]


def test_a_word_moved_to_the_next_row_is_lost_above_and_foreign_below(grid: Result) -> None:
    def move(frame: pd.DataFrame) -> None:
        i, j = row_of(frame, "1"), row_of(frame, "2")
        words = frame.at[i, "indicatore"].split()
        frame.at[i, "indicatore"] = " ".join(words[:-1])
        frame.at[j, "indicatore"] = f"{words[-1]} {frame.at[j, 'indicatore']}"

    assert findings(grid, move) == [
        ("word_lost", "1", "indicatore"),
        ("text_elsewhere", "2", "indicatore"),
    ]


def test_a_header_date_put_into_a_cell_is_a_header_value(grid: Result) -> None:
    def date(frame: pd.DataFrame) -> None:
        frame.at[row_of(frame, "37"), "rilevato_2022-12-31"] = "31/12/2022"

    found = findings(grid, date)
    assert ("header_value", "37", "rilevato_2022-12-31") in found
    assert ("text_elsewhere", "37", "rilevato_2022-12-31") in found


def test_an_emptied_merged_cell_is_an_open_merge() -> None:
    result = run(MERGED)
    merged = [r for r in result.table.repairs if r.kind == "merged-cell"]
    assert merged, "the sample has merged cells"
    target = merged[0]

    def empty(frame: pd.DataFrame) -> None:
        frame.at[row_of(frame, target.row), target.column] = ""

    found = findings(result, empty)
    assert ("merged_open", target.row, target.column) in found


def test_rows_whose_lines_mix_overlap() -> None:
    page = Evidence(
        1,
        (
            Word("1", 10, 100, 15, 108),
            Word("alpha", 30, 100, 60, 108),
            Word("beta", 30, 110, 55, 118),
            Word("2", 10, 112, 15, 120),
            Word("gamma", 30, 122, 65, 130),
        ),
        (),
    )
    # row 1 took `beta`, whose line stands beside row 2's key: the rows' lines overlap
    cells = (
        OutCell(0, "1", "nr", "1", (Spot(1, (5, 98, 20, 111), True),)),
        OutCell(0, "1", "x", "alpha beta", (Spot(1, (20, 98, 80, 119), True),)),
        OutCell(1, "2", "nr", "2", (Spot(1, (5, 111, 20, 132), True),)),
        OutCell(1, "2", "x", "gamma", (Spot(1, (20, 119.5, 80, 132), True),)),
    )
    data = AuditInput({1: page}, ((1, (5, 98, 80, 132)),), cells, (), key="nr")
    assert [(f.check, f.row) for f in audit(data)] == [("rows_overlap", "2")]


def test_the_rest_of_a_row_read_over_the_next_rows_key_is_text_above_it() -> None:
    """`resto` (the rest of row 23, broken by the page) read into row 24, above its key with
    white across the row between: text above the key. The first line of a cell set in the
    middle of its row, right over the key's line, is not."""
    page = Evidence(
        2,
        (
            Word("resto", 30, 77, 55, 84),
            Word("outco", 90, 88, 110, 95),
            Word("24", 10, 92, 15, 99),
            Word("testo", 30, 92, 55, 99),
            Word("me", 90, 96, 100, 103),
        ),
        (),
    )
    cells = (
        OutCell(0, "24", "nr", "24", (Spot(2, (5, 74, 20, 104), True),)),
        OutCell(0, "24", "x", "resto testo", (Spot(2, (20, 74, 80, 104), True),)),
        OutCell(0, "24", "t", "outcome", (Spot(2, (80, 74, 120, 104), True),)),
    )
    data = AuditInput({2: page}, ((2, (5, 74, 120, 104)),), cells, (), key="nr")
    checks = [(f.check, f.row, f.value) for f in audit(data) if f.check == "text_above_key"]
    assert checks == [("text_above_key", "24", "resto")]
    # a cell of two lines, its first over the key's line, the lines a cell's leading apart
    centred = Evidence(
        2,
        (
            Word("uno", 30, 85, 50, 92),
            Word("24", 10, 94, 15, 101),
            Word("due", 30, 94, 50, 101),
        ),
        (),
    )
    right = replace(
        data,
        pages={2: centred},
        cells=(cells[0], replace(cells[1], text="uno due"), replace(cells[2], text="")),
    )
    assert audit(right) == []


def test_a_running_line_is_no_reason_where_its_words_are_a_cell_elsewhere() -> None:
    """`unica (a` at the top of page 2 stands where a cell's first line stood on page 1: taken
    for a running head, it is a row's words lost."""
    line = (Word("unica", 100, 40, 120, 48), Word("(a", 122, 40, 130, 48))
    first = Evidence(1, (Word("7", 10, 40, 15, 48), *line), ())
    second = Evidence(2, (*line, Word("8", 10, 52, 15, 60), Word("PdZ)", 100, 52, 120, 60)), ())
    cells = (
        OutCell(0, "7", "nr", "7", (Spot(1, (5, 38, 50, 50), True),)),
        OutCell(0, "7", "f", "unica (a", (Spot(1, (90, 38, 140, 50), True),)),
        OutCell(1, "8", "nr", "8", (Spot(2, (5, 49, 50, 62), True),)),
        OutCell(1, "8", "f", "PdZ)", (Spot(2, (90, 49, 140, 62), True),)),
    )
    running = Left(2, (100, 40, 130, 48), "running", "unica (a")
    data = AuditInput(
        {1: first, 2: second},
        ((1, (5, 38, 140, 50)), (2, (5, 49, 140, 62))),
        cells,
        (running,),
        key="nr",
    )
    assert [(f.check, f.page, f.value) for f in audit(data)] == [("word_lost", 2, "unica (a")]
    # the same line held by a running head that comes back in no cell is accounted for
    alone = replace(data, cells=data.cells[2:], parts=data.parts[1:])
    assert audit(alone) == []


def test_a_running_line_right_under_a_cells_text_is_no_reason() -> None:
    """`me 80%`, the last line of a row in a page's top margin, left out as a running line:
    right under the cell's `outco`, its words are lost all the same. A running head over the
    table, with no cell's text over it, is a reason."""
    words = (Word("24", 10, 44, 15, 51), Word("outco", 100, 42, 120, 49))
    cells = (
        OutCell(0, "24", "nr", "24", (Spot(2, (5, 30, 50, 58), True),)),
        OutCell(0, "24", "t", "outco", (Spot(2, (90, 30, 140, 58), True),)),
    )
    under = Evidence(2, (*words, Word("me", 100, 50, 110, 57)), ())
    running = Left(2, (99, 50, 111, 57), "running", "me")
    data = AuditInput({2: under}, ((2, (5, 30, 140, 58)),), cells, (running,), key="nr")
    assert [(f.check, f.value) for f in audit(data)] == [("word_lost", "me")]
    over = Evidence(
        2, (Word("Piano", 100, 32, 120, 39), *words[:1], Word("outco", 100, 44, 120, 51)), ()
    )
    head = Left(2, (99, 32, 121, 39), "running", "Piano")
    assert audit(replace(data, pages={2: over}, left=(head,))) == []


def test_an_edge_between_the_rows_closes_the_cell_above() -> None:
    page = Evidence(
        1,
        tuple(
            Word(t, x, y, x + 10, y + 8)
            for y, texts in (
                (100, ("1", "a", "p")),
                (112, ("2", "b", "q")),
                (124, ("3", "c", "r")),
                (136, ("4", "d", "")),
            )
            for x, t in zip((10, 30, 60), texts, strict=True)
            if t
        ),
        (),
    )

    def cells_for(rows: list[tuple[str, str, str]]) -> tuple[OutCell, ...]:
        out = []
        for r, (key, x, p) in enumerate(rows):
            top = 98 + 12 * r
            for column, text, x0 in (("nr", key, 5), ("x", x, 25), ("p", p, 55)):
                out.append(
                    OutCell(r, key, column, text, (Spot(1, (x0, top, x0 + 25, top + 12), True),))
                )
        return tuple(out)

    cells = cells_for([("1", "a", "p"), ("2", "b", "q"), ("3", "c", "r"), ("4", "d", "")])
    data = AuditInput({1: page}, ((1, (5, 98, 80, 146)),), cells, (), key="nr")
    assert [(f.check, f.row, f.column) for f in audit(data)] == [("merged_open", "4", "p")]
    ruled = replace(data, pages={1: replace(page, edges=(Edge(134, 5, 80),))})
    assert audit(ruled) == []


@pytest.mark.parametrize(
    "break_it",
    [
        lambda f: f.__setitem__("frequenza", f["frequenza"].str.replace("unica (a ", "")),
        lambda f: f.__setitem__("rilevato_2022-12-31", "31/12/2022"),
    ],
    ids=["word-dropped", "header-date"],
)
def test_a_broken_reading_exits_1_naming_the_finding(
    break_it: Breaker,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    real = normalize_stage.normalize

    def broken(*args: object, **kwargs: object) -> Normalized:
        table = real(*args, **kwargs)  # type: ignore[arg-type]
        frame = table.frame.copy()
        break_it(frame)
        return replace(table, frame=frame)

    monkeypatch.setattr(normalize_stage, "normalize", broken)
    code, out, err = run_command(
        "extract", [str(GRID), "-o", str(tmp_path), "--format", "csv"], capsys
    )
    assert code == 1, (out, err)
    assert "audit" not in err
    assert "stands in this cell" in out + err or "header" in out + err


def test_a_group_row_that_comes_back_on_every_page_is_a_running_head() -> None:
    head = (Word("Ambito", 40, 30, 70, 38), Word("Cremasco", 72, 30, 110, 38))
    pages = {n: Evidence(n, (*head, Word(str(n), 42, 50, 47, 58)), ()) for n in (1, 2)}
    cells = tuple(
        OutCell(n - 1, str(n), "nr", str(n), (Spot(n, (40, 48, 60, 60), True),)) for n in (1, 2)
    )
    label = tuple(Left(n, (40, 28, 300, 40), "group-row", "Ambito Cremasco") for n in (1, 2))
    parts = tuple((n, (40.0, 28.0, 300.0, 60.0)) for n in (1, 2))
    data = AuditInput(pages, parts, cells, label, key="nr")
    assert [(f.check, f.page) for f in audit(data)] == [("running_label", 1), ("running_label", 2)]
    # as a running head left out, the same words are accounted for
    running = tuple(replace(x, reason="running") for x in label)
    assert audit(replace(data, left=running)) == []


def test_a_line_left_out_under_the_table_with_a_new_key_is_a_row_left_out() -> None:
    """A line under the table's end whose key-column word is a number no row has: a row the
    table's end was drawn above; the message names that number."""
    words = (
        Word("1", 42, 50, 47, 58),
        Word("primo", 70, 50, 100, 58),
        Word("16", 42, 200, 52, 208),
        Word("Promuovere", 70, 200, 120, 208),
    )
    pages = {3: Evidence(3, words, ())}
    cells = (
        OutCell(0, "1", "nr", "1", (Spot(3, (40, 48, 60, 60), True),)),
        OutCell(0, "1", "indicatore", "primo", (Spot(3, (60, 48, 300, 60), True),)),
    )
    left = (Left(3, (40, 198, 130, 210), "after", "16 Promuovere"),)
    data = AuditInput(pages, ((3, (40.0, 40.0, 300.0, 60.0)),), cells, left, key="nr")
    (found,) = audit(data)
    assert (found.check, found.page, found.row, found.column) == ("row_left_out", 3, "16", "nr")
    assert "'16'" in found.message
