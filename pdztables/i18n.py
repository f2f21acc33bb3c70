"""Messages in Italian (the default) and English: one catalogue per language.

The catalogues are TOML files in `pdztables/catalog/` (`it.toml`, `en.toml`) with the same keys.
`text("check.not_empty", "it", column="policy")` is `policy è vuoto`. Findings and repairs keep a
key and their parameters, and are written in a language only when shown; numbers and dates are
written the way each language writes them (`0,63 s` and `26/11/2026 14:25` in Italian).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

LANGS = ("it", "en")
DEFAULT_LANG = "it"


@cache
def catalog(lang: str) -> dict[str, Any]:
    """A language's catalogue as one flat table: `check.not_empty` -> its template."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGS)}")
    raw = resources.files("pdztables").joinpath(f"catalog/{lang}.toml").read_text("utf-8")
    flat: dict[str, Any] = {}

    def walk(prefix: str, table: Mapping[str, Any]) -> None:
        for key, value in table.items():
            if isinstance(value, dict):
                walk(f"{prefix}{key}.", value)
            else:
                flat[prefix + key] = value

    walk("", tomllib.loads(raw))
    return flat


def text(key: str, lang: str = "en", /, **params: Any) -> str:
    """A message in a language, its parameters filled in; a parameter written "@key", where
    key is a message of the catalogue, is that message (`unit="@unit.%"`); any other text,
    a document's words starting with `@` among them, is itself. A message with a singular
    and a plural (a table `{ one = "...", many = "..." }` in the catalogue) takes the one its
    count (parameter `n`, else `count`) asks for: `1 riparazione`, `3 riparazioni`."""
    messages = catalog(lang)
    if key not in messages and f"{key}.one" in messages:
        counted = params.get("n", params.get("count"))
        key = f"{key}.one" if counted == 1 else f"{key}.many"
    for name in ("n", "count"):  # a count is written grouped as the language does: 1.234
        if name in params:
            params[name] = grouped(params[name], lang)
    template = messages[key]
    filled = {
        k: text(v[1:], lang) if isinstance(v, str) and v[:1] == "@" and v[1:] in messages else v
        for k, v in params.items()
    }
    return str(template).format(**filled)


def entry(key: str, lang: str) -> Any:
    """A catalogue entry as it is (a list for a repair's title and meaning)."""
    return catalog(lang)[key]


def repair_kinds(lang: str) -> dict[str, tuple[str, str]]:
    """Every repair kind with its title and meaning in a language, in the catalogue's order."""
    return {
        key.removeprefix("repair."): (str(v[0]), str(v[1]))
        for key, v in catalog(lang).items()
        if key.startswith("repair.")
    }


def number(value: float, lang: str, digits: int = 2) -> str:
    """A number with the language's decimal mark and thousands grouped: `1.234,50` in
    Italian, `1,234.50` in English (`digits` 0: a whole number, `1.234`)."""
    out = f"{value:,.{digits}f}"
    if lang == "it":
        return out.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return out


def count(value: int, lang: str) -> str:
    """A count with its thousands grouped as the language does: `12.345` in Italian."""
    return number(value, lang, 0)


def grouped(value: Any, lang: str) -> Any:
    """A whole number (not a truth value) as `count` writes it; anything else as it is."""
    return count(value, lang) if isinstance(value, int) and not isinstance(value, bool) else value


def day(iso: str, lang: str) -> str:
    """A date `2022-12-31` written as `31/12/2022` in Italian, kept in English."""
    if lang == "it" and len(iso) == 10 and iso[4] == iso[7] == "-":
        return f"{iso[8:]}/{iso[5:7]}/{iso[:4]}"
    return iso


def when(moment: datetime, lang: str) -> str:
    """A date and time: `26/11/2026 14:25` in Italian, `2026-11-26 14:25` in English."""
    return moment.strftime("%d/%m/%Y %H:%M" if lang == "it" else "%Y-%m-%d %H:%M")
