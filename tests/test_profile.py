"""Profiles: header matching and clear errors for a bad profile file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pdztables.errors import ProfileError
from pdztables.schemas import load_profile
from pdztables.schemas.profile import header_key, parse_profile, snake_case

PROFILE = load_profile()


@pytest.mark.parametrize(
    ("header", "name", "detail"),
    [
        ("nr.", "nr", None),
        ("N.", "nr", None),
        ("Indicatore", "indicatore", None),
        ("Descrizione indicatore", "indicatore", None),
        ("tipologi\na", "tipologia", None),
        ("Tipologia indicatore", "tipologia", None),
        ("risultati attesi I anno", "risultato_atteso", 1),
        ("risultati attesi\nII anno", "risultato_atteso", 2),
        ("Target 2025", "risultato_atteso", "2025"),
        ("Risultato atteso 2022", "risultato_atteso", "2022"),
        ("Valore atteso", "risultato_atteso", None),
        ("responsabile rilevazione", "responsabile", None),
        ("RESPONSABILE", "responsabile", None),
        ("frequenza rileva-\nzione", "frequenza", None),
        ("Tempistica", "frequenza", None),
        ("Fonte dati", "fonte", None),
        ("Strumento di rilevazione", "fonte", None),
        ("Obiettivo specifico", "obiettivo", None),
        ("Dato rilevato al 31/12/2022", "rilevato", "2022-12-31"),
    ],
)
def test_header_variants_match(header: str, name: str, detail: object) -> None:
    match = PROFILE.match(header)
    assert match is not None
    assert match.column.name == name
    if isinstance(detail, int):
        assert match.ordinal == detail
    elif detail and "-" in str(detail):
        assert match.date == detail
    elif detail:
        assert match.year == detail


@pytest.mark.parametrize("header", ["", "Importo", "Comune", "Totale 2022", "31/12/2022"])
def test_other_headers_do_not_match(header: str) -> None:
    assert PROFILE.match(header) is None


def test_keys_and_snake_case() -> None:
    assert header_key("Periodicità\nrileva-zione") == "periodicitarilevazione"
    assert snake_case("Note dell'Ufficio di Piano") == "note_dell_ufficio_di_piano"
    assert snake_case("Attività già svolte") == "attivita_gia_svolte"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not = [toml", "not valid TOML"),
        ("[profile]\nname='x'", "no [[columns]]"),
        ("[[columns]]\nheaders=['a']", "needs a `name`"),
        ("[[columns]]\nname='a'\nheaderz=['a']", "unknown key 'headerz'"),
        ("[[columns]]\nname='a'", "give `headers` or `patterns`"),
        ("[[columns]]\nname='a'\nheaders=['a']\nkind='x'", "kind 'x'"),
        ("[[columns]]\nname='a'\npatterns=['(']", "bad regular expression"),
        ("[[columns]]\nname='a'\nheaders=['x']\n[[columns]]\nname='b'\nheaders=['X']", "both"),
        ("[[columns]]\nname='a'\nheaders=['x']\nnot_empty='fatal'", "not_empty"),
    ],
)
def test_bad_profiles_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse_profile(text, "test.toml")


def test_missing_profile_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="no such file"):
        load_profile(tmp_path / "nope.toml")
