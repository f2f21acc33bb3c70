"""`pdztables inspect`, and the progress display of long runs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pdf_factory import VALID_ROWS, prose_pdf, table_pdf

from pdztables.cli import main
from pdztables.console import TerminalProgress, progress_for

CUSTOM = """
[profile]
name = "custom"
[[columns]]
name = "nr"
headers = ["nr."]
required = true
[[columns]]
name = "indicatore"
headers = ["Indicatore"]
required = true
[[columns]]
name = "chi"
headers = ["responsabile rilevazione"]
"""


def inspect(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["inspect", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_inspect_lists_tables_pages_and_the_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = table_pdf(tmp_path / "plan.pdf", VALID_ROWS)
    code, out, err = inspect([str(pdf)], capsys)
    assert code == 0, err
    assert "pages read:\n     1  header: " in out
    assert "header (10 known): nr. | Indicatore | policy" in out
    assert "indicator table: header on page 1, 3 rows on pages 1" in out
    assert "risultati attesi I anno      -> risultato_atteso_1" in out
    assert "Dato rilevato al 31/12/2022  -> rilevato_2022-12-31" in out
    assert "required columns missing: none" in out
    assert not (tmp_path / "out").exists()


def test_inspect_with_a_custom_profile_shows_unknown_headers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = table_pdf(tmp_path / "plan.pdf", VALID_ROWS)
    profile = tmp_path / "custom.toml"
    profile.write_text(CUSTOM, encoding="utf-8")
    code, out, _ = inspect([str(pdf), "--profile", str(profile), "--pages", "1"], capsys)
    assert code == 0
    assert "profile custom" in out
    assert "responsabile rilevazione     -> chi" in out
    assert "policy                       -> policy  (not in the profile" in out
    assert "indicator table: header on page 1, 3 rows" in out  # `I anno` stays header


def test_inspect_without_an_indicator_table_lists_what_it_saw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = prose_pdf(tmp_path / "prose.pdf")
    code, out, err = inspect([str(pdf), "--pages", "1"], capsys)
    assert code == 2
    assert "indicator table: none" in out
    assert err.startswith("error: no indicator table found") and err.count("\n") == 1


def test_inspect_on_a_plan_it_does_not_know_lists_every_table_with_its_headers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Headers the profile does not know: no page is screened in, and every table is still
    listed with its header texts and the profile column each stands for."""
    header = ["Codice", "Descrizione dell'azione", "Indicatore", "Obiettivo 2025", "Ente"]
    rows = [[str(i), f"azione {i}", f"n. incontri {i}", str(i * 2), "Comune"] for i in (1, 2, 3)]
    pdf = table_pdf(tmp_path / "unknown.pdf", rows, header=header)
    code, out, err = inspect([str(pdf)], capsys)
    assert code == 2 and err.startswith("error: no indicator table found")
    assert "every table (read with no profile" in out
    assert "table 1: page 1, grid, 3 rows x 5 columns" in out
    lines = [line.split() for line in out.splitlines()]
    assert ["Indicatore", "->", "indicatore"] in lines
    assert ["Ente", "->", "not", "in", "the", "profile"] in lines
    assert "1 of 5 header cells known to the profile (an indicator table needs 3)" in out


def test_inspect_on_a_long_unknown_plan_asks_for_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pdztables import inspect as module

    monkeypatch.setattr(module, "EVERY_TABLE_PAGES", 0)
    pdf = prose_pdf(tmp_path / "prose.pdf")
    code, out, _ = inspect([str(pdf)], capsys)
    assert code == 2
    assert "every table: not listed (1 page, more than 0); give --pages" in out


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal() -> None:
    assert progress_for(io.StringIO()) is None
    terminal = FakeTerminal()
    progress = progress_for(terminal)
    assert isinstance(progress, TerminalProgress)
    for page in (10, 20):
        progress.screened(page, 20)
    progress.extracted(17, 2, 4)
    progress.done()
    shown = terminal.getvalue()
    assert "screening page 10/20" in shown and "screening page 20/20" in shown
    assert "extracting tables: page 17 (2 of 4 pages read)" in shown
    assert shown.endswith("\r\x1b[K")
