"""Screening page text for the indicator table's header."""

from __future__ import annotations

from pathlib import Path

from pdztables.extract.screen import columns_seen, header_finder, screen
from pdztables.schemas import load_profile

PROFILE = load_profile()
FINDER = header_finder(PROFILE)
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_a_wrapped_header_row_is_found() -> None:
    text = (
        "nr\r\n.\r\nIndicatore policy tipologi\r\na\r\nrisultati \r\nattesi I anno\r\n"
        "responsabile \r\nrilevazione\r\nfrequenza \r\nrilevazione\r\nDato rilevato al \r\n"
        "31/12/2022"
    )
    found = columns_seen(text, FINDER)
    assert {"indicatore", "policy", "tipologia", "risultato_atteso", "rilevato"} <= set(found)


def test_prose_naming_headers_far_apart_is_not_a_header() -> None:
    filler = "Il piano prevede servizi per anziani, minori e famiglie del territorio. " * 8
    text = f"Ogni indicatore ha un responsabile. {filler} La frequenza è annuale. {filler}"
    assert len(columns_seen(text, FINDER)) < 3


def test_budget_table_is_not_a_header() -> None:
    text = "Voce di spesa 2021 2022 2023 Totale Personale 1.000 1.200 1.300 3.500"
    assert columns_seen(text, FINDER) == ()


def test_long_plan_is_screened_to_its_table_pages() -> None:
    found, any_text, _ = screen(SAMPLES / "plan_cremasco_full.pdf", PROFILE)
    assert any_text
    assert [s.page for s in found] == [97, 98, 99, 100]
