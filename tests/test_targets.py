"""The target parser: one line per form the issue lists (and the Cremasco table's), each field."""

from __future__ import annotations

import re

import pytest

from pdztables.normalize.targets import Target, italian_number, parse_target

FORMS = [
    ("4", Target("=", 4.0, "n")),
    ("Almeno 10 (di cui almeno 1 per subambito)", Target(">=", 10.0, "n", 1)),
    ("10 (di cui almeno 1 per subambito)", Target("=", 10.0, "n", 1)),
    ("20 (di cui almeno 2 per subambito)", Target("=", 20.0, "n", 2)),
    (
        "Almeno il 70% degli interventi valutati positivamente dagli operatori",
        Target(">=", 70.0, "%"),
    ),
    ("almeno 50%", Target(">=", 50.0, "%")),
    ("almeno il 60%", Target(">=", 60.0, "%")),
    ("Almeno il 50% dei Comuni", Target(">=", 50.0, "%")),
    ("NO", Target("=", 0.0, "si/no")),
    ("SI", Target("=", 1.0, "si/no")),
    ("Sì", Target("=", 1.0, "si/no")),
    ("≥ 40", Target(">=", 40.0, "n")),
    (">= 40", Target(">=", 40.0, "n")),
    ("≤ 15", Target("<=", 15.0, "n")),
    ("< 3", Target("<", 3.0, "n")),
    ("50%", Target("=", 50.0, "%")),
    ("50 %", Target("=", 50.0, "%")),
    ("Almeno 50", Target(">=", 50.0, "n")),
    ("almeno 1.500", Target(">=", 1500.0, "n")),
    ("12,5%", Target("=", 12.5, "%")),
    ("Più di 10 Comuni", Target(">", 10.0, "n")),
    ("Non più di 5", Target("<=", 5.0, "n")),
    ("Almeno l'80%", Target(">=", 80.0, "%")),
    ("0", Target("=", 0.0, "n")),
    ("n.d.", None),
    ("-", None),
    ("in corso", None),
    ("da definire", None),
    ("", None),
    ("10/12", None),
    ("Almeno 10 di cui almeno 1 per subambito", Target(">=", 10.0, "n", 1)),
    ("più del 50%", Target(">", 50.0, "%")),
    ("Almeno l’80%", Target(">=", 80.0, "%")),  # a curly apostrophe, as PDFs have it
    ("Si'", Target("=", 1.0, "si/no")),
    ("0.500", Target("=", 0.5, "n")),  # no thousands group starts with 0
    # words after the number that change its meaning: not read (a warning), never read wrong
    ("Almeno 1 per subambito", None),
    ("2 su 3", None),
    ("5 su 6 subambiti", None),
    ("50% in meno", None),
    ("Almeno 5 nel 2023 e 10 nel 2024", None),
    ("50 % dei comuni / 30% utenti", None),
    ("n/d", None),
]


@pytest.mark.parametrize(("text", "want"), FORMS, ids=[f[0] or "empty" for f in FORMS])
def test_every_form_parses_as_stated(text: str, want: Target | None) -> None:
    got = parse_target(text)
    if want is None:
        assert got is None
        return
    assert got is not None
    assert got.op == want.op
    assert got.valore == want.valore
    assert got.unita == want.unita
    assert got.min_subambito == want.min_subambito


@pytest.mark.parametrize(
    ("text", "value"), [("1.500", 1500.0), ("12,5", 12.5), ("1.500,25", 1500.25), ("1.5", 1.5)]
)
def test_numbers_are_read_the_italian_way(text: str, value: float) -> None:
    assert italian_number(text) == value


def test_every_target_text_of_the_samples_parses() -> None:
    import csv
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "samples"
    texts = {
        value
        for path in [*root.glob("*.csv"), *root.glob("layouts/*.csv")]
        for row in csv.DictReader(path.open(encoding="utf-8"))
        for column, value in row.items()
        if re.fullmatch(r"risultato_atteso_\d+", column) and value.strip()
    }
    assert texts
    assert sorted(t for t in texts if parse_target(t) is None) == []


def test_a_target_is_read_one_way_for_its_typed_columns_and_its_esito() -> None:
    """A bare number (or `= 10`) in a target is a number to reach: `>=` in the typed columns,
    as the esito reads it (a measured 6 against a target of 5 is reached); a measured bare
    number stays exact, and `SI`/`NO` stay `=`."""
    from pdztables.normalize.esiti import RAGGIUNTO, esito
    from pdztables.normalize.targets import read_target

    assert read_target("5") == Target(">=", 5.0, "n")
    assert read_target("= 10") == Target(">=", 10.0, "n")
    assert read_target("70%") == Target(">=", 70.0, "%")
    assert read_target("≤ 15") == Target("<=", 15.0, "n")
    assert read_target("SI") == Target("=", 1.0, "si/no")
    assert read_target("n.d.") is None
    assert parse_target("6") == Target("=", 6.0, "n")
    assert esito(read_target("5"), parse_target("6"), "6") == RAGGIUNTO
