"""Repairs inside a cell: each documented join and fold, and what must stay untouched."""

from __future__ import annotations

import pytest

from pdztables.normalize.text import clean_cell, join_lines


@pytest.mark.parametrize(
    ("raw", "digits", "want", "kinds"),
    [
        (
            "Referente tecnico UdP \n(Comune di Crema)",
            False,
            "Referente tecnico UdP (Comune di Crema)",
            ["wrapped-cell"],
        ),
        ("Coordinatrice Rete Con-\ntatto", False, "Coordinatrice Rete Con-tatto", ["hyphen-join"]),
        ("servizi -\nenti locali", False, "servizi - enti locali", ["wrapped-cell"]),
        ("Centro Anti-\nViolenza", False, "Centro Anti- Violenza", ["wrapped-cell"]),
        (
            "progettualità giovani/\nfamiglia",
            False,
            "progettualità giovani/famiglia",
            ["slash-join"],
        ),
        ("EiSA /\nAgenzia Abitare", False, "EiSA / Agenzia Abitare", ["wrapped-cell"]),
        ("1\n3", True, "13", ["digits-join"]),
        ("1\n3", False, "1 3", ["wrapped-cell"]),
        ("Adempimenti  gestiti", False, "Adempimenti gestiti", ["whitespace"]),
        ("n.\u00a0incontri", False, "n. incontri", ["whitespace"]),
        ("\ufb01nanziate", False, "finanziate", ["ligature"]),
        ("interistituzionali ", False, "interistituzionali", ["whitespace"]),
        ("", False, "", []),
        ("annuale", False, "annuale", []),
    ],
)
def test_clean_cell(raw: str, digits: bool, want: str, kinds: list[str]) -> None:
    text, got = clean_cell(raw, digits=digits)
    assert text == want
    assert got == kinds


@pytest.mark.parametrize(
    "keep",
    [
        "n. strategia d’azione territoriale",
        "soggetti “ospitanti”",
        "revisinoe",
        "≥ 40",
        "% del costo",
        "co-costruiti",
        "Almeno il 70%",
        "05d_e_j",
    ],
)
def test_clean_cell_keeps_every_other_character(keep: str) -> None:
    assert clean_cell(keep) == (keep, [])


def test_join_lines_digits_only_when_every_line_is_digits() -> None:
    assert join_lines(["1", "3"], digits=True) == ("13", ["digits-join"])
    assert join_lines(["1", "bis"], digits=True)[0] == "1 bis"
