"""Validation: errors and warnings told apart, every failure collected and located."""

from __future__ import annotations

from importlib import resources

import pandas as pd

from pdztables.schemas import load_profile
from pdztables.schemas.findings import doubt as make_doubt
from pdztables.schemas.profile import parse_profile
from pdztables.schemas.validate import validate

PROFILE = load_profile()
PROFILE_TEXT = (
    resources.files("pdztables.schemas").joinpath("profiles/default.toml").read_text("utf-8")
)
COLUMNS = ["nr", "indicatore", "policy", "tipologia", "responsabile", "frequenza", "pagina"]


def frame(*rows: tuple[str, ...]) -> pd.DataFrame:
    data = [[*r, 1 + i // 2] for i, r in enumerate(rows)]
    return pd.DataFrame(data, columns=COLUMNS, dtype="object")


def good(nr: str, policy: str = "05a") -> tuple[str, ...]:
    return (nr, "n. incontri", policy, "processo", "Community Maker", "annuale")


def checks(df: pd.DataFrame) -> list[tuple[str, str, str]]:
    return [(f.severity, f.check, f.row) for f in validate(df, PROFILE).failures]


def test_a_clean_table_passes() -> None:
    assert checks(frame(good("1"), good("2", "05d_e_j"), good("3", "05ZERO"))) == []


def test_duplicate_and_gap_in_numbers_are_errors() -> None:
    failures = checks(frame(good("1"), good("2"), good("2"), good("4")))
    assert ("error", "unique", "2") in failures
    assert ("error", "sequence", "2") in failures
    assert ("error", "sequence", "4") in failures


def test_each_missing_number_is_named_with_its_neighbours_pages() -> None:
    df = frame(good("15"), good("16"), good("18"), good("19"), good("23"))
    messages = [f.message for f in validate(df, PROFILE).errors]
    assert "nr 17 missing: 16 on page 1 is followed by 18 on page 2" in messages
    assert "nr 20-22 missing: 19 on page 2 is followed by 23 on page 3" in messages


def test_a_table_starting_after_1_is_a_warning() -> None:
    result = validate(frame(good("3"), good("4")), PROFILE)
    assert result.ok
    assert [f.message for f in result.warnings] == [
        "nr 1-2 missing: the table starts at 3 on page 1"
    ]


def test_doubts_of_the_reading_are_reported_with_the_rest() -> None:
    doubt = make_doubt("rows_unread", 2, "24 ...", "doubt.next_page_unread", column="nr", after=3)
    result = validate(frame(good("1")), PROFILE, doubts=[doubt])
    assert not result.ok
    assert result.errors == (doubt,)


def test_the_key_column_comes_from_the_profile() -> None:
    df = frame(good("1"), good("3")).rename(columns={"nr": "numero"})
    text = (PROFILE_TEXT).replace('name = "nr"', 'name = "numero"')
    renamed = parse_profile(text, "renamed.toml")
    messages = [f.message for f in validate(df, renamed).errors]
    assert messages == ["numero 2 missing: 1 on page 1 is followed by 3 on page 1"]


def test_number_that_is_not_a_number_is_an_error() -> None:
    assert ("error", "is_integer", "1a") in checks(frame(good("1a")))


def test_empty_required_text_is_an_error() -> None:
    row = ("1", "", "05a", "processo", "x", "annuale")
    assert checks(frame(row)) == [("error", "not_empty", "1")]


def test_doubtful_values_are_warnings_and_kept() -> None:
    rows = [
        ("1", "a", "", "", "x", "annuale"),
        ("2", "b", "5a", "outptu", "x", "ogni tanto"),
    ]
    df = frame(*rows)
    result = validate(df, PROFILE)
    assert result.ok
    assert {(f.column, f.check, f.row) for f in result.warnings} == {
        ("policy", "not_empty", "1"),
        ("tipologia", "not_empty", "1"),
        ("policy", "pattern", "2"),
        ("tipologia", "allowed_value", "2"),
        ("frequenza", "allowed_value", "2"),
    }
    assert df.at[1, "tipologia"] == "outptu"


def test_failures_point_at_row_and_page() -> None:
    df = frame(good("1"), good("2"), ("3", "c", "", "output", "x", "annuale"))
    (failure,) = validate(df, PROFILE).failures
    assert (failure.row, failure.page, failure.column) == ("3", 2, "policy")
    assert failure.message == "policy is empty"


def test_missing_required_column_names_it_and_lists_the_headers_found() -> None:
    df = frame(good("1")).drop(columns=["indicatore"])
    result = validate(df, PROFILE, found_headers=["nr.", "Obiettivo"])
    (error,) = result.errors
    assert error.check == "column_present"
    assert "indicatore" in error.message
    assert "'nr.', 'Obiettivo'" in error.message


def test_a_value_starting_with_at_is_the_documents_words_not_a_message_key() -> None:
    from pdztables.i18n import text

    # a damaged file's cell read as `@...`: shown as it is (it raised KeyError in the report)
    assert "'@\\x1d!'" in text("doubt.overdrawn", "en", page=1, value="@\x1d!")
    # a reference to a message of the catalogue is still that message
    said = text("typed.not_read", "en", column="c", value="x", what="@what.target")
    assert said == "c 'x' is not a target this version reads: its typed columns are left empty"


def test_the_two_catalogues_have_the_same_keys_and_parameters() -> None:
    import re

    from pdztables.i18n import catalog

    italian, english = catalog("it"), catalog("en")
    assert set(italian) == set(english)

    def params(value: object) -> set[str]:
        return set(re.findall(r"\{(\w+)", str(value)))

    differ = [k for k in italian if params(italian[k]) != params(english[k])]
    assert not differ, differ


def test_the_italian_catalogue_agrees_and_has_its_plurals() -> None:
    import re

    from pdztables.i18n import catalog, number, text

    italian = catalog("it")
    for key, value in italian.items():
        message = str(value)
        assert "{column} è vuot" not in message and "{column} vuot" not in message, key
        assert not re.search(r"\w/(e|i|a|o|he)\b", message), key  # riga/e, riparazione/i
        assert "tipizzat" not in message, key  # jargon
        assert "non confrontati" not in message, key
    assert not [k for k in italian if k.endswith(("_one", "_many", "_word"))]  # one mechanism
    for key, value in catalog("en").items():
        assert not re.search(r"[a-z]\(s\)", str(value)), key  # line(s), not "Time (s)"
    assert text("check.not_empty", "it", column="tipologia") == "tipologia: cella vuota"
    assert text("tables.n_repairs", "it", n=1) == "1 riparazione"
    assert text("tables.n_repairs", "it", n=4) == "4 riparazioni"
    assert text("tables.n_repairs", "en", n=1) == "1 repair"
    one = text("doubt.rows_unread", "it", page=2, count=1, lines="'x'")
    assert "una riga di testo" in one and "non è stata letta" in one
    many = text("doubt.rows_unread", "it", page=2, count=3, lines="'x'")
    assert "3 righe di testo" in many and "non sono state lette" in many
    units = text(
        "typed.units",
        "it",
        column="rilevato_2022-12-31",
        value="SI",
        unit="@unit.si/no",
        target_text="1",
        target="risultato_atteso_1",
        target_unit="@unit.n",
    )
    assert units == (
        "rilevato_2022-12-31: il valore 'SI' è un sì o no, mentre il risultato atteso '1' "
        "(risultato_atteso_1) è un numero; con unità diverse i due non si possono confrontare"
    )
    assert number(1234.5, "it", 1) == "1.234,5" and number(1234.5, "en", 1) == "1,234.5"


def test_the_reports_group_thousands_and_show_code_as_code() -> None:
    from pdztables.i18n import grouped
    from pdztables.reports.html import _ticks

    assert grouped(12345, "it") == "12.345" and grouped(12345, "en") == "12,345"
    assert grouped("", "it") == "" and grouped(7, "it") == "7"
    assert str(_ticks("run OCR first (for example `ocrmypdf in.pdf out.pdf`) <x>")) == (
        "run OCR first (for example <code>ocrmypdf in.pdf out.pdf</code>) &lt;x&gt;"
    )
