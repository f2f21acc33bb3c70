"""Text that draws no words: leader dots read as white, rules typed as dashes read as rules,
columns typed in a monospace font parted at two spaces (`extract/fills.py`)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import pytest

from pdztables.extract.fills import FILL_RUN, read_fills, typed_fills
from pdztables.extract.primitives import chars_to_phrases
from pdztables.extract.settings import LayoutSettings


def typed(text: str, x0: float = 50.0, top: float = 100.0, width: float = 5.0) -> list[Any]:
    """A line of text as characters each `width` wide (monospace when all are one width)."""
    return [
        {
            "text": t,
            "x0": x0 + k * width,
            "x1": x0 + (k + 1) * width,
            "top": top,
            "bottom": top + 8.0,
            "doctop": top,
            "upright": True,
        }
        for k, t in enumerate(text)
    ]


def proportional(text: str, x0: float = 50.0, top: float = 100.0) -> list[Any]:
    """A line of text with narrow dots and spaces, wide letters (a proportional font)."""
    out, x = [], x0
    for t in text:
        w = 2.5 if t in ". " else 5.0
        out.append(
            {
                "text": t,
                "x0": x,
                "x1": x + w,
                "top": top,
                "bottom": top + 8.0,
                "doctop": top,
                "upright": True,
            }
        )
        x += w
    return out


def texts(chars: Sequence[Any]) -> str:
    return "".join(c["text"] for c in chars)


def test_a_leader_of_dots_is_white_between_label_and_value(caplog: Any) -> None:
    chars = proportional("Disabilità........ 303.410,00")
    with caplog.at_level(logging.WARNING, "pdztables.reader"):
        kept, rules = read_fills(chars, 4)
    assert texts(kept) == "Disabilità 303.410,00"
    assert rules == []
    assert "page 4 fills white with 1 leader" in caplog.text
    phrases = chars_to_phrases(kept, LayoutSettings())
    assert [p.text for p in phrases] == ["Disabilità", "303.410,00"]


def test_spaced_leader_dots_are_one_leader() -> None:
    kept, _, leaders = typed_fills(proportional("Totale . . . . . 12"), FILL_RUN)
    assert texts(kept).split() == ["Totale", "12"]
    assert leaders == 1


@pytest.mark.parametrize(
    "text",
    ["2.214.512,00", "ecc...", "n.d.", "...", "Fondo Sociale Regionale."],
)
def test_dots_that_are_text_stay(text: str) -> None:
    kept, rules, leaders = typed_fills(proportional(text), FILL_RUN)
    assert texts(kept) == text
    assert (rules, leaders) == ([], 0)


def test_a_leader_as_long_as_a_few_dots_is_still_a_leader() -> None:
    """Eight dots: a short leader between a long label and its value (`FILL_RUN` is 4)."""
    kept, _, leaders = typed_fills(proportional("Minori e famiglia........276.814,00"), FILL_RUN)
    assert texts(kept) == "Minori e famiglia276.814,00"
    assert leaders == 1


def test_not_available_marks_a_gutter_apart_stay() -> None:
    """`..` in each of four cells, drawn one after the other: text, not one leader."""
    chars = [c for k in range(4) for c in proportional("..", x0=100.0 + 40.0 * k)]
    kept, _, leaders = typed_fills(chars, FILL_RUN)
    assert texts(kept) == "........"
    assert leaders == 0


def test_dots_standing_alone_are_a_cells_text() -> None:
    """Istat's `....` (data not available) in a cell of its own, and `..` in two cells of a
    typed table a gutter apart: no text before them on their line, so no leader."""
    kept, _, leaders = typed_fills(proportional("Centro diurno    ....   30"), FILL_RUN)
    assert texts(kept) == "Centro diurno    ....   30"
    kept, _, leaders = typed_fills(typed("Comune A     ..      ..     12"), FILL_RUN)
    assert texts(kept) == "Comune A     ..      ..     12"
    assert leaders == 0


def test_a_line_of_dashes_is_typed_rules_one_per_run(caplog: Any) -> None:
    chars = typed("--------  ------------  -----")
    with caplog.at_level(logging.WARNING, "pdztables.reader"):
        kept, rules = read_fills(chars, 2)
    assert texts(kept).strip() == ""
    assert [(r["x0"], r["x1"], r["top"]) for r in rules] == [
        (50.0, 90.0, 104.0),
        (100.0, 160.0, 104.0),
        (170.0, 195.0, 104.0),
    ]
    assert "page 2 types 3 rules as dashes" in caplog.text


def test_an_underscore_rule_runs_at_the_letters_foot() -> None:
    _, rules, _ = typed_fills(typed("______"), FILL_RUN)
    assert [r["top"] for r in rules] == [108.0]


@pytest.mark.parametrize("text", ["Totale ---------", "--", "- 12 -", "---"])
def test_dashes_beside_text_or_few_are_text(text: str) -> None:
    kept, rules, _ = typed_fills(typed(text), FILL_RUN)
    assert texts(kept) == text
    assert rules == []


def test_typed_padding_dots_are_left_out_in_a_monospace_font_only() -> None:
    """`Tutela minori ...` then two spaces: a typist's padding to the column's end, short as
    it is. In a proportional font the same dots are text."""
    kept, _, _ = typed_fills(typed("Tutela minori ...   530.000,00"), FILL_RUN)
    assert texts(kept) == "Tutela minori    530.000,00"
    kept, _, _ = typed_fills(typed("Tutela minori ..."), FILL_RUN)
    assert texts(kept) == "Tutela minori "
    for text in ("Tutela minori ... e altro", "vedi ecc... "):
        kept, _, _ = typed_fills(typed(text), FILL_RUN)
        assert texts(kept) == text
    kept, _, _ = typed_fills(proportional("Tutela minori ...   530.000,00"), FILL_RUN)
    assert texts(kept) == "Tutela minori ...   530.000,00"


def test_typed_columns_part_at_two_spaces_in_a_monospace_font() -> None:
    settings = LayoutSettings()
    mono = chars_to_phrases(typed("1204  Assistenza domiciliare    655.000,00"), settings)
    assert [p.text for p in mono] == ["1204", "Assistenza domiciliare", "655.000,00"]
    spaced = proportional("Fondo  Sociale")
    assert [p.text for p in chars_to_phrases(spaced, settings)] == ["Fondo  Sociale"]
