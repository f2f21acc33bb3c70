"""Text set vertically on an upright page, read in its own direction (`extract/vertical.py`)."""

from __future__ import annotations

import logging
from typing import Any

from pdztables.extract.vertical import read_vertical


def letters(text: str, x0: float, start: float, up: bool = True) -> list[dict[str, Any]]:
    """A text set vertically from `start` (its first letter's foot going up, or its head going
    down), each letter 5 points along the run, as pdfplumber gives turned letters."""
    out = []
    for k, t in enumerate(text):
        if up:
            bottom = start - 5.0 * k
            top = bottom - 5.0
        else:
            top = start + 5.0 * k
            bottom = top + 5.0
        out.append(
            {
                "text": t,
                "x0": x0,
                "x1": x0 + 9.0,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "upright": False,
                "matrix": (0.0, 1.0, -1.0, 0.0, x0, 0.0) if up else (0.0, -1.0, 1.0, 0.0, x0, 0.0),
                "size": 9.0,
            }
        )
    return out


def upright(text: str, x0: float, top: float) -> list[dict[str, Any]]:
    return [
        {"text": t, "x0": x0 + 5.0 * k, "x1": x0 + 5.0 * (k + 1), "top": top, "bottom": top + 9.0}
        for k, t in enumerate(text)
    ]


def test_letters_running_up_the_page_are_one_upright_text(caplog: Any) -> None:
    """A header row of cells turned up, each set from its foot: each run is one upright text
    in its box."""
    chars = upright("Comune", 10.0, 140.0) + letters("Residenti", 200.0, 148.0)
    chars += letters("Utenti", 230.0, 148.0)
    with caplog.at_level(logging.WARNING, "pdztables.reader"):
        out = read_vertical(chars, 3)
    assert [c["text"] for c in out[6:]] == ["Residenti", "Utenti"]
    run = out[6]
    assert (run["x0"], run["x1"], run["top"], run["bottom"]) == (200.0, 209.0, 103.0, 148.0)
    assert run["upright"] is True
    assert "".join(c["text"] for c in out[:6]) == "Comune"
    assert "page 3 sets 2 texts vertically" in caplog.text


def test_letters_running_down_the_page_are_read_top_to_bottom() -> None:
    chars = letters("Minori", 50.0, 100.0, up=False) + letters("Anziani", 70.0, 100.0, up=False)
    assert [c["text"] for c in read_vertical(chars, 1)] == ["Minori", "Anziani"]


def test_white_along_a_vertical_run_is_a_space_and_runs_side_by_side_are_two_texts() -> None:
    first = letters("Over", 50.0, 200.0)
    second = letters("65", 50.0, 200.0 - 5.0 * 4 - 4.0)  # four points of white: a space
    beside = letters("Minori", 80.0, 200.0)
    out = read_vertical(first + second + beside, 1)
    assert [c["text"] for c in out] == ["Over 65", "Minori"]


def test_a_run_alone_a_lone_turned_letter_and_an_upright_page_are_left_as_they_are() -> None:
    """A stamp up the page's margin (no other run beside it starting at its height) is left
    as drawn: made one tall text, it would join whatever row starts at its height."""
    stamp = letters("Documento firmato digitalmente", 25.0, 600.0)
    table = upright("Servizio", 60.0, 400.0)
    assert read_vertical(stamp + table, 1) == stamp + table
    lone = letters("x", 50.0, 100.0)
    assert read_vertical(lone, 1) == lone
    page = upright("Crema", 10.0, 10.0)
    assert read_vertical(page, 1) == page
