"""Profiles end to end: a missing required column, and a custom profile that maps it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_factory import DEFAULT_HEADER, VALID_ROWS, table_pdf

from pdztables.cli import main
from pdztables.reports import read_csv

HEADER = ("nr.", "Descrizione attività", *DEFAULT_HEADER[2:])

PROFILE = """
[profile]
name = "ambito-x"

[[columns]]
name = "nr"
headers = ["nr."]
type = "integer"
required = true

[[columns]]
name = "indicatore"
headers = ["Descrizione attività"]
required = true
not_empty = "error"

[[columns]]
name = "tipologia"
headers = ["tipologia"]
values = ["processo", "output", "outcome"]

[[columns]]
name = "risultato_atteso"
kind = "target"
patterns = ['^risultat[io]attes[io](?P<ordinal>i{1,3})anno$']
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return table_pdf(tmp_path / "plan.pdf", VALID_ROWS, header=HEADER)


def test_missing_required_column_is_an_error_naming_it(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["extract", str(plan), "-o", str(out), "--sep", ",", "--lang", "en"]) == 1
    assert "1 error" in capsys.readouterr().out
    html = (out / "plan.html").read_text(encoding="utf-8")
    assert "required column indicatore is missing" in html
    assert "&#39;Descrizione attività&#39;" in html
    assert "descrizione_attivita" in read_csv(out / "plan.csv").columns


def test_custom_profile_changes_the_mapping(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "ambito-x.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["extract", str(plan), "-o", str(out), "--sep", ",", "--profile", str(profile)])
    assert code == 0, capsys.readouterr()
    frame = read_csv(out / "plan.csv")
    assert frame["indicatore"].tolist() == [r[1] for r in VALID_ROWS]
    # columns this profile does not know are kept under their own headers
    assert "policy" in frame.columns and "responsabile_rilevazione" in frame.columns
    assert list(frame.columns)[:5] == [
        "nr",
        "indicatore",
        "tipologia",
        "risultato_atteso_1",
        "risultato_atteso_2",
    ]
    assert list(frame.columns)[-1] == "pagina"


@pytest.mark.parametrize("sample", ["cremasco_hrules", "cremasco_narrow_nr"])
def test_a_profile_naming_the_key_and_group_columns_otherwise_gives_the_same_rows(
    sample: str, tmp_path: Path
) -> None:
    """The key (`nr`) and group (`area`) columns come from the profile's roles, the page column
    from `page_column`: renamed, the same rows come out under the new names."""
    from importlib import resources

    from pdztables.pipeline import run
    from pdztables.reports.tables import as_text
    from pdztables.schemas import load_profile

    text = (resources.files("pdztables.schemas.profiles") / "default.toml").read_text("utf-8")
    text = text.replace('name = "nr"', 'name = "codice"').replace(
        'name = "area"', 'name = "ambito"'
    )
    text = text.replace("[profile]\n", '[profile]\npage_column = "page"\n', 1)
    custom = tmp_path / "renamed.toml"
    custom.write_text(text, encoding="utf-8")
    pdf = Path(__file__).resolve().parent.parent / "samples" / f"{sample}.pdf"
    golden = read_csv(pdf.with_suffix(".csv"))
    result = run(pdf, profile=load_profile(custom))
    got = result.table.frame.rename(columns={"codice": "nr", "ambito": "area", "page": "pagina"})
    assert list(got.columns) == list(golden.columns)
    assert as_text(got, ",").values.tolist() == golden.values.tolist()
    assert result.validation.ok, [f.message for f in result.validation.errors]
    assert result.table.key == "codice"


def test_layout_settings_come_from_the_profile(tmp_path: Path) -> None:
    """A profile's `[layout]` table reaches the engine: a header needing more known cells than
    the table has is no header at all."""
    from pdztables.errors import NoTableError
    from pdztables.pipeline import run
    from pdztables.schemas import load_profile

    pdf = Path(__file__).resolve().parent.parent / "samples" / "cremasco_grid.pdf"
    strict = tmp_path / "strict.toml"
    strict.write_text(PROFILE + "\n[layout]\nheader_matches = 5\n", encoding="utf-8")
    assert load_profile(strict).layout.header_matches == 5
    with pytest.raises(NoTableError):
        run(pdf, profile=load_profile(strict))
