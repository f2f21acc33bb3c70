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
