"""Screening page text for the indicator table's header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pdztables.errors import InputError
from pdztables.extract import screen as screening
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


def test_a_screening_started_ahead_reads_as_one_started_then(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(screening, "MAX_WORKERS", 2)
    pdf = SAMPLES / "plan_cremasco_full.pdf"
    screening.start(pdf, PROFILE)
    assert screening._ahead is not None
    taken: list[object] = []
    take = screening._take_ahead

    def spy(*args: Any) -> Any:
        taken.append(take(*args))
        return taken[-1]

    monkeypatch.setattr(screening, "_take_ahead", spy)
    monkeypatch.setattr(screening, "_in_workers", lambda *a: pytest.fail("screened again"))
    ahead = screen(pdf, PROFILE)
    assert screening._ahead is None
    assert taken and taken[0] is not None  # the workers started ahead did the screening
    monkeypatch.undo()
    assert ahead == screen(pdf, PROFILE)


def test_a_screening_started_ahead_and_not_taken_is_stopped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(screening, "MAX_WORKERS", 2)
    screening.start(SAMPLES / "plan_cremasco_full.pdf", PROFILE)
    assert screening._ahead is not None
    processes = list(screening._ahead[2].pool._processes.values())  # type: ignore[union-attr]
    screening.stop()
    assert screening._ahead is None
    assert all(not p.is_alive() for p in processes)


def test_nothing_is_started_ahead_on_a_file_screening_cannot_count(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(screening, "MAX_WORKERS", 2)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"x" * 2000)
    screening.start(bad, PROFILE)
    assert screening._ahead is None
    with pytest.raises(InputError):
        screen(bad, PROFILE)


def test_a_page_of_too_many_objects_is_not_laid_out_to_be_screened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A page whose contents are listed thousands of times over would take PDFium a gigabyte
    to lay out its text: past MAX_OBJECTS it is taken as holding text and no header."""
    pdf = SAMPLES / "cremasco_grid.pdf"
    assert [s.page for s in screen(pdf, PROFILE)[0]] == [1, 2]  # header repeated on page 2
    monkeypatch.setattr(screening, "MAX_OBJECTS", 100)
    found, any_text, total = screen(pdf, PROFILE)
    assert found == [] and any_text and total == 3


def test_a_page_storing_too_many_drawing_instructions_is_not_even_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A page whose contents list a stream thousands of times takes PDFium gigabytes only to
    load: past the reader's PAGE_CONTENT, as stored, it is not loaded to be screened."""
    from pdztables.extract import budget

    pdf = SAMPLES / "cremasco_grid.pdf"
    assert screening.oversized(pdf, 1, 3, 3) == set()
    monkeypatch.setattr(budget, "PAGE_CONTENT", 0.001)  # 1 kB: every page of the sample
    assert screening.oversized(pdf, 1, 3, 3) == {1, 2, 3}
    assert screening.oversized(pdf, 2, 3, 3) == {2, 3}
    assert screening.oversized(pdf, 1, 3, 4) == set()  # the libraries count otherwise
    monkeypatch.setattr(screening, "_text", lambda *a: pytest.fail("page loaded"))
    found, any_text, _ = screen(pdf, PROFILE)
    assert found == [] and any_text


def test_the_stored_lengths_are_read_once_for_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Screening reads a document in chunks; the page tree is walked for the stream lengths
    once, not once a chunk (on a 300-page plan that walk cost as much as a fifth of the
    screening)."""
    import playa

    screening._stored.cache_clear()
    opened: list[object] = []
    real = playa.open
    monkeypatch.setattr(playa, "open", lambda *a, **k: opened.append(a) or real(*a, **k))
    pdf = SAMPLES / "cremasco_grid.pdf"
    for first in (1, 2, 3):
        assert screening.oversized(pdf, first, first, 3) == set()
    assert len(opened) == 1
