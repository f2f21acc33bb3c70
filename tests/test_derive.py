"""Typed columns: each derivation, the monitoring result of every case, which target a
measurement is compared with, the warnings, the profile's say, and the typed contract."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pdztables.errors import ProfileError
from pdztables.normalize.columns import ColumnMap
from pdztables.normalize.derive import (
    NON_CONFRONTABILE,
    NON_RAGGIUNTO,
    NON_RILEVATO,
    PARZIALE,
    RAGGIUNTO,
    derive,
    esito,
)
from pdztables.normalize.targets import parse_target, read_target
from pdztables.schemas import load_profile
from pdztables.schemas.profile import parse_profile
from pdztables.schemas.validate import validate

PROFILE = load_profile()

# (target text, measured text, esito): one line per rule of `esito`
ESITI = [
    ("4", "4", RAGGIUNTO),
    ("4", "5", RAGGIUNTO),  # a bare number is a level to reach
    ("4", "3", NON_RAGGIUNTO),
    ("Almeno 10", "10", RAGGIUNTO),
    ("≥ 40", "39", NON_RAGGIUNTO),
    ("≤ 15", "15", RAGGIUNTO),
    ("≤ 15", "16", NON_RAGGIUNTO),
    ("< 3", "3", NON_RAGGIUNTO),
    ("Più di 10 Comuni", "11", RAGGIUNTO),
    ("almeno 50%", "50 %", RAGGIUNTO),
    ("almeno 50%", "49,5%", NON_RAGGIUNTO),
    ("almeno 1.500", "1.620", RAGGIUNTO),
    ("SI", "SI", RAGGIUNTO),
    ("SI", "NO", NON_RAGGIUNTO),
    ("NO", "NO", RAGGIUNTO),
    ("Almeno 10 (di cui almeno 1 per subambito)", "12 (di cui almeno 1 per subambito)", RAGGIUNTO),
    ("Almeno 10 (di cui almeno 2 per subambito)", "12 (minimo 1 per subambito)", PARZIALE),
    ("Almeno 10 (di cui almeno 2 per subambito)", "9 (minimo 1 per subambito)", NON_RAGGIUNTO),
    ("Almeno 10 (di cui almeno 1 per subambito)", "12", RAGGIUNTO),  # judged on the total
    ("4", "", NON_RILEVATO),
    ("4", "n.d.", NON_RILEVATO),
    ("4", "in corso", NON_RILEVATO),
    ("4", "-", NON_RILEVATO),
    ("almeno 50%", "12", NON_CONFRONTABILE),  # units differ
    ("1", "SI", NON_CONFRONTABILE),
    ("4", "da verificare", NON_CONFRONTABILE),  # no value this version reads
    ("da definire", "4", NON_CONFRONTABILE),  # no target to compare with
]


@pytest.mark.parametrize(("target", "measured", "want"), ESITI)
def test_every_monitoring_case_gives_its_esito(target: str, measured: str, want: str) -> None:
    assert esito(read_target(target), parse_target(measured), measured) == want


def frame_of(rows: list[dict[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, dtype=object)
    frame["pagina"] = [1 + i // 2 for i in range(len(frame))]
    return frame


def maps(frame: pd.DataFrame, years: dict[str, str] | None = None) -> list[ColumnMap]:
    years = years or {}
    return [ColumnMap(c, c, True, year=years.get(c)) for c in frame.columns if c != "pagina"]


def test_typed_columns_come_after_the_text_in_source_order_with_the_page_last() -> None:
    frame = frame_of(
        [
            {
                "nr": "1",
                "indicatore": "a",
                "policy": "05d_e_j",
                "risultato_atteso_1": "Almeno 10 (di cui almeno 1 per subambito)",
                "frequenza": "unica (a conclusione della prima annualità)",
            }
        ]
    )
    out = derive(frame, maps(frame), PROFILE, "nr")
    assert list(out.frame.columns) == [
        "nr",
        "indicatore",
        "policy",
        "risultato_atteso_1",
        "frequenza",
        "policy_sezione",
        "policy_aree",
        "policy_aree_nomi",
        "risultato_atteso_1_op",
        "risultato_atteso_1_valore",
        "risultato_atteso_1_unita",
        "risultato_atteso_1_min_subambito",
        "frequenza_tipo",
        "pagina",
    ]
    row = out.frame.iloc[0]
    assert (row["policy_sezione"], row["policy_aree"]) == ("05", "D;E;J")
    assert row["policy_aree_nomi"] == (
        "domiciliarità; anziani; interventi a favore di persone con disabilità"
    )
    assert (row["risultato_atteso_1_op"], row["risultato_atteso_1_valore"]) == (">=", 10.0)
    assert (row["risultato_atteso_1_unita"], row["risultato_atteso_1_min_subambito"]) == ("n", 1)
    assert row["frequenza_tipo"] == "unica_prima_annualita"
    assert out.frame["risultato_atteso_1"].tolist() == frame["risultato_atteso_1"].tolist()
    assert not out.findings
    assert out.measurements is None  # no measurement column


def test_text_that_does_not_read_leaves_the_cells_empty_and_warns_with_page_row_text() -> None:
    frame = frame_of(
        [
            {"nr": "1", "policy": "05a", "risultato_atteso_1": "10/12", "frequenza": "annuale"},
            {"nr": "2", "policy": "05a", "risultato_atteso_1": "n.d.", "frequenza": "annuale"},
            {"nr": "3", "policy": "0q5", "risultato_atteso_1": "4", "frequenza": "a richiesta"},
        ]
    )
    out = derive(frame, maps(frame), PROFILE, "nr")
    assert math.isnan(out.frame["risultato_atteso_1_valore"].iat[0])
    assert out.frame["risultato_atteso_1_op"].iat[0] is None
    found = [(f.severity, f.column, f.row, f.page, f.value) for f in out.findings]
    assert found == [
        ("warning", "policy", "3", 2, "0q5"),
        ("warning", "risultato_atteso_1", "1", 1, "10/12"),
        ("warning", "frequenza", "3", 2, "a richiesta"),
    ]
    assert "'10/12'" in next(f.message for f in out.findings if f.value == "10/12")


def test_a_macro_area_letter_the_profile_does_not_list_is_a_warning() -> None:
    frame = frame_of([{"nr": "1", "policy": "05d_k"}])
    out = derive(frame, maps(frame), PROFILE, "nr")
    assert out.frame["policy_aree"].iat[0] == "D;K"
    assert out.frame["policy_aree_nomi"].iat[0] == "domiciliarità; ?"  # names stay in line
    assert [f.check for f in out.findings] == ["macroarea"]
    assert "K" in out.findings[0].message


def test_cross_cutting_code_is_zero_and_named_by_the_profile() -> None:
    frame = frame_of([{"nr": "1", "policy": "05ZERO"}])
    out = derive(frame, maps(frame), PROFILE, "nr")
    assert out.frame["policy_aree"].iat[0] == "ZERO"
    assert out.frame["policy_aree_nomi"].iat[0] == "trasversale"


def monitored(years: dict[str, str] | None = None, mode: str = "auto") -> list[tuple[str, str]]:
    frame = frame_of(
        [
            {
                "nr": "1",
                "risultato_atteso_1": "4",
                "risultato_atteso_2": "8",
                "rilevato_2022-12-31": "5",
                "rilevato_2023-12-31": "6",
            }
        ]
    )
    profile = PROFILE if mode == "auto" else _with_monitoring(mode)
    return list(derive(frame, maps(frame, years), profile, "nr").pairs)


def _with_monitoring(mode: str) -> object:
    from importlib import resources

    text = (resources.files("pdztables.schemas.profiles") / "default.toml").read_text("utf-8")
    return parse_profile(text.replace('target = "auto"', f'target = "{mode}"'), "test")


def test_measurement_k_is_compared_with_target_k_by_default() -> None:
    assert monitored() == [
        ("rilevato_2022-12-31", "risultato_atteso_1"),
        ("rilevato_2023-12-31", "risultato_atteso_2"),
    ]


def test_the_dates_year_decides_where_targets_name_their_years() -> None:
    years = {"risultato_atteso_1": "2023", "risultato_atteso_2": "2024"}
    assert monitored(years) == [
        ("rilevato_2022-12-31", "risultato_atteso_1"),  # before every target year: the first
        ("rilevato_2023-12-31", "risultato_atteso_1"),
    ]


def test_the_profile_can_compare_every_measurement_with_the_last_target() -> None:
    assert monitored(mode="last") == [
        ("rilevato_2022-12-31", "risultato_atteso_2"),
        ("rilevato_2023-12-31", "risultato_atteso_2"),
    ]


def test_esito_columns_and_the_long_form_only_where_measurements_hold_values() -> None:
    rows = [
        {"nr": "1", "indicatore": "a", "tipologia": "output", "policy": "05b"},
        {"nr": "2", "indicatore": "b", "tipologia": "processo", "policy": "05c"},
    ]
    for r in rows:
        r.update({"risultato_atteso_1": "4", "rilevato_2022-12-31": ""})
    empty = frame_of(rows)
    out = derive(empty, maps(empty), PROFILE, "nr")
    assert out.measurements is None
    assert not [c for c in out.frame.columns if c.startswith("esito_")]
    rows[1]["rilevato_2022-12-31"] = "3"
    filled = frame_of(rows)
    out = derive(filled, maps(filled), PROFILE, "nr")
    assert out.frame["esito_2022-12-31"].tolist() == [NON_RILEVATO, NON_RAGGIUNTO]
    assert out.measurements is not None
    long = out.measurements
    assert long["nr"].tolist() == ["1", "2"]
    assert long["policy_aree"].tolist() == ["B", "C"]
    assert long["valore"].iat[1] == 3.0 and long["target"].iat[1] == 4.0
    assert long["esito"].tolist() == [NON_RILEVATO, NON_RAGGIUNTO]


def test_a_profile_without_derive_gives_no_typed_columns() -> None:
    text = """
[profile]
name = "plain"
[[columns]]
name = "nr"
headers = ["nr."]
type = "integer"
required = true
[[columns]]
name = "risultato_atteso"
kind = "target"
patterns = ['^target(?P<year>\\d{4})$']
"""
    profile = parse_profile(text, "plain.toml")
    frame = frame_of([{"nr": "1", "risultato_atteso_1": "4"}])
    out = derive(frame, maps(frame), profile, "nr")
    assert list(out.frame.columns) == ["nr", "risultato_atteso_1", "pagina"]


@pytest.mark.parametrize(
    ("snippet", "problem"),
    [
        ('derive = "colour"', "derive 'colour' is not one of"),
        ('kind = "plain"\nderive = "target"', 'needs kind = "target"'),
        ('[macroaree]\nk = "x"', "give one capital letter"),
        ('[monitoring]\ntarget = "first"', "is not one of auto, order, year, last"),
        ("[monitoring]\npairs = 1", "takes one key, target"),
    ],
)
def test_a_bad_derive_macroaree_or_monitoring_is_a_clear_error(snippet: str, problem: str) -> None:
    text = f'[[columns]]\nname = "x"\nheaders = ["x"]\n{snippet}\n'
    with pytest.raises(ProfileError, match=problem):
        parse_profile(text, "bad.toml")


def test_the_typed_contract_catches_a_value_outside_its_set() -> None:
    frame = frame_of(
        [{"nr": "1", "indicatore": "a", "risultato_atteso_1": "4", "frequenza": "annuale"}]
    )
    out = derive(frame, maps(frame), PROFILE, "nr")
    assert validate(out.frame, PROFILE, key="nr", typed=out.kinds).ok
    broken = out.frame.copy()
    broken["risultato_atteso_1_op"] = ["≈"]
    broken["risultato_atteso_1_valore"] = [-1.0]
    result = validate(broken, PROFILE, key="nr", typed=out.kinds)
    assert sorted(f.column for f in result.errors) == [
        "risultato_atteso_1_op",
        "risultato_atteso_1_valore",
    ]
    assert all(f.check == "typed" for f in result.errors)
