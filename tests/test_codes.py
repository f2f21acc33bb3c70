"""Policy codes and measuring frequencies: one line per form, each field."""

from __future__ import annotations

import pytest

from pdztables.normalize.codes import Policy, frequency_kind, parse_policy

POLICIES = [
    ("05a", Policy("05", ("A",))),
    ("05b", Policy("05", ("B",))),
    ("05d_e", Policy("05", ("D", "E"))),
    ("05d_e_j", Policy("05", ("D", "E", "J"))),
    ("05g_i", Policy("05", ("G", "I"))),
    ("06f", Policy("06", ("F",))),
    ("05ZERO", Policy("05", ())),
    ("05 zero", Policy("05", ())),
    ("05 D-E-J", Policy("05", ("D", "E", "J"))),
    ("5d/e", Policy("05", ("D", "E"))),
    ("05 D; E", Policy("05", ("D", "E"))),
    ("", None),
    ("area povertà", None),
    ("05", None),
]


@pytest.mark.parametrize(("text", "want"), POLICIES, ids=[p[0] or "empty" for p in POLICIES])
def test_policy_codes_parse_as_stated(text: str, want: Policy | None) -> None:
    assert parse_policy(text) == want


FREQUENCIES = [
    ("Unica (primo semestre)", None),  # once, but not at the end of a year
    ("semestrale/annuale", None),  # two kinds: not guessed
    ("Unica (a conclusione della seconda annualità)", "unica_seconda_annualita"),
    ("annuale", "annuale"),
    ("Annuale", "annuale"),
    ("semestrale", "semestrale"),
    ("trimestrale", "trimestrale"),
    ("unica (a conclusione della prima annualità)", "unica_prima_annualita"),
    ("unica (a conclusione del PdZ)", "unica_fine_piano"),
    ("Unica, a fine triennio", "unica_fine_piano"),
    ("ogni anno", "annuale"),
    ("", None),
    ("su richiesta", None),
]


@pytest.mark.parametrize(("text", "want"), FREQUENCIES, ids=[f[0] or "empty" for f in FREQUENCIES])
def test_frequencies_sort_as_stated(text: str, want: str | None) -> None:
    assert frequency_kind(text) == want
