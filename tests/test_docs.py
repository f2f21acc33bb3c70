"""The README documents every command and option the CLI has, and every repair kind."""

from __future__ import annotations

import argparse
import contextlib
import io
from dataclasses import fields
from pathlib import Path

import pytest

from pdztables.cli import build_parser
from pdztables.extract import LayoutSettings
from pdztables.normalize import KINDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


COMMANDS = _subparsers(build_parser())
OPTIONS = sorted(
    {
        opt
        for sub in COMMANDS.values()
        for action in sub._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt != "--help"
    }
)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_documented(command: str) -> None:
    assert f"pdztables {command}" in README


@pytest.mark.parametrize("option", OPTIONS)
def test_every_option_is_documented(option: str) -> None:
    assert f"`{option}" in README or f"{option} " in README


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_commands_usage_in_the_readme_lists_its_options(command: str) -> None:
    """The README's usage block of a command names each of its options, as `--help` does."""
    blocks = README.split("```")[1::2]
    usage = next((b for b in blocks if f"\npdztables {command} " in "\n" + b), None)
    assert usage is not None, f"no usage block for pdztables {command}"
    options = {
        opt
        for action in COMMANDS[command]._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt not in ("--help", "--out")
    }
    assert not {o for o in options if o not in usage}, sorted(o for o in options if o not in usage)


@pytest.mark.parametrize("code", ["| 0 |", "| 1 |", "| 2 |"])
def test_exit_codes_are_documented(code: str) -> None:
    assert code in README


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_repair_kind_is_documented(kind: str) -> None:
    assert f"| `{kind}` |" in README


def test_the_readme_profile_example_is_a_valid_profile() -> None:
    from pdztables.schemas.profile import parse_profile

    block = README.split("```toml\n", 1)[1].split("```", 1)[0]
    profile = parse_profile(block, "README.md")
    assert [c.name for c in profile.columns] == [
        "nr",
        "tipologia",
        "policy",
        "risultato_atteso",
        "rilevato",
    ]
    assert profile.match("Target 2026") is not None
    assert profile.match("N.") is not None


def test_the_readme_layout_example_is_a_valid_profile_table() -> None:
    from pdztables.schemas.profile import parse_profile

    columns = README.split("```toml\n", 1)[1].split("```", 1)[0]
    layout = README.split("```toml\n[layout]", 1)[1].split("```", 1)[0]
    profile = parse_profile(columns + "\n[layout]" + layout, "README.md")
    assert profile.layout.header_gap == 4.0


@pytest.mark.parametrize("name", [f.name for f in fields(LayoutSettings)])
def test_every_layout_setting_is_documented_with_its_default(name: str) -> None:
    default = getattr(LayoutSettings(), name)
    assert f"| `{name}` | {default} |" in README


@pytest.mark.parametrize(
    "check",
    [
        "rows_unread",
        "merged_guess",
        "column_unsure",
        "overdrawn",
        "table_left_out",
        "header_unsure",
        "header_extra",
        "header_date",
    ],
)
def test_every_doubt_of_the_reading_is_documented(check: str) -> None:
    assert f"`{check}`" in README


def test_the_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The "Use from Python" example, run as written, in a folder holding the samples."""
    block = README.split("### Use from Python\n\n```python\n", 1)[1].split("```", 1)[0]
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    (tmp_path / "README.md").write_text("not a PDF", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, "README.md", "exec"), {})
    out = printed.getvalue()
    assert "cremasco_grid.pdf: 49 indicators on pages 1-3" in out
    assert "README.md: not a PDF file" in out
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        "cremasco_grid-rilevazioni.csv",
        "cremasco_grid.csv",
        "cremasco_grid.html",
        "cremasco_grid.schema.json",
        "cremasco_grid.xlsx",
    ]


def test_the_api_gives_typed_frames_and_the_clis_errors() -> None:
    import pdztables

    result = pdztables.read_pdf(str(ROOT / "samples" / "cremasco_monitoring.pdf"), pages="1-3")
    table = result.table
    assert str(table["nr"].dtype) == "Int64" and str(table["pagina"].dtype) == "Int64"
    assert str(table["indicatore"].dtype) == "string"
    assert table["risultato_atteso_1_valore"].dtype == "float64"
    assert list(result.findings.columns) == ["severity", "page", "nr", "column", "check", "message"]
    assert list(result.repairs.columns) == ["kind", "page", "row", "column", "before", "after"]
    assert "il risultato atteso chiede" in result.findings["message"].iat[0]  # Italian
    assert "the target asks" in result.findings_in("en")["message"].iat[0]
    assert str(result.findings["nr"].dtype) == "Int64"
    long = result.measurements
    assert str(long["nr"].dtype) == "Int64" and str(long["pagina"].dtype) == "Int64"
    assert str(long["data"].dtype).startswith("datetime64")
    assert long["valore"].dtype == "float64" and str(long["esito"].dtype) == "string"
    joined = long.merge(table, on="nr", suffixes=("", "_tabella"))
    assert len(joined) == len(long) == 2 * 49
    assert result.summary().startswith("cremasco_monitoring.pdf: 49 indicators on pages 1-3")
    html = result._repr_html_()
    assert "49 indicators" in html and "<table" in html
    with pytest.raises(pdztables.NoTableError):
        pdztables.read_pdf(ROOT / "samples" / "plan_cremasco_full.pdf", pages=[1, 2])
    with pytest.raises(pdztables.InputError, match="no such file"):
        pdztables.read_pdf("missing.pdf")


def test_a_header_date_no_calendar_has_is_kept_and_said(tmp_path: Path) -> None:
    """`Dato rilevato al 31/09/2023`: the column keeps the name made from it, a warning says
    so, and the Python API's long form has no date for it (NaT) rather than failing."""
    from pdf_factory import DEFAULT_HEADER, VALID_ROWS, table_pdf

    import pdztables

    header = [*DEFAULT_HEADER[:-1], "Dato rilevato al 31/09/2023"]
    rows = [[*row[:8], "3", "4"] for row in VALID_ROWS]
    result = pdztables.read_pdf(table_pdf(tmp_path / "plan.pdf", rows, header=header))
    assert "rilevato_2023-09-31" in result.table.columns
    found = result.findings[result.findings["check"] == "header_date"]
    assert list(found["severity"]) == ["warning"]
    assert "31/09/2023" in found["message"].iat[0]
    long = result.measurements
    dates = set(long["data"].dropna().dt.strftime("%Y-%m-%d"))
    assert dates == {"2022-12-31"} and long["data"].isna().sum() == len(rows)
