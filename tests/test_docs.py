"""The README documents every command and option the CLI has, and every repair kind."""

from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path

import pytest

from pdztables.cli import build_parser
from pdztables.extract import LayoutSettings
from pdztables.normalize import KINDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


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
    ],
)
def test_every_doubt_of_the_reading_is_documented(check: str) -> None:
    assert f"`{check}`" in README
