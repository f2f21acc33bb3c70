"""Profiles: which source headers mean which canonical column, and the rules each column obeys."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pdztables.errors import ProfileError

KINDS = ("plain", "target", "measurement")
SEVERITIES = ("error", "warning")
ROMAN = {"i": 1, "ii": 2, "iii": 3}


_NOT_KEY = re.compile(r"[^a-z0-9]+")


def header_key(text: str) -> str:
    """A header reduced to lower-case letters and digits, without accents or breaks."""
    return _NOT_KEY.sub("", unicodedata.normalize("NFKD", text).lower())


def snake_case(text: str) -> str:
    """A source header as a column name: ascii lower case, words joined by underscores."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if ch.isascii())
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "_".join(words) or "colonna"


@dataclass(frozen=True)
class ColumnSpec:
    """One canonical column of a profile."""

    name: str
    kind: str = "plain"
    headers: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    type: str = "string"
    required: bool = False
    not_empty: str | None = None
    values: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        where = f"column {self.name!r}"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.name):
            raise ProfileError(f"{where}: a name is lower-case letters, digits and underscores")
        if self.kind not in KINDS:
            raise ProfileError(f"{where}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.type not in ("string", "integer"):
            raise ProfileError(f"{where}: type {self.type!r} is not one of string, integer")
        if self.not_empty is not None and self.not_empty not in SEVERITIES:
            raise ProfileError(f"{where}: not_empty must be one of {', '.join(SEVERITIES)}")
        if not self.headers and not self.patterns:
            raise ProfileError(f"{where}: give `headers` or `patterns` to recognise it")


@dataclass(frozen=True)
class HeaderMatch:
    """How a source header maps to a canonical column."""

    column: ColumnSpec
    ordinal: int | None = None
    year: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Profile:
    """A set of canonical columns, in output order, with how to recognise and check them."""

    name: str
    description: str
    columns: tuple[ColumnSpec, ...]
    source: str = "default"
    _keys: dict[str, ColumnSpec] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ProfileError(f"profile {self.source}: column {dup[0]!r} is listed twice")
        for col in self.columns:
            for h in col.headers:
                key = header_key(h)
                other = self._keys.get(key)
                if other is not None and other.name != col.name:
                    raise ProfileError(
                        f"profile {self.source}: header {h!r} is given for both "
                        f"{other.name!r} and {col.name!r}"
                    )
                self._keys[key] = col

    def match(self, header: str) -> HeaderMatch | None:
        """The canonical column a source header stands for, or None."""
        key = header_key(header)
        if not key:
            return None
        col = self._keys.get(key)
        if col is not None:
            return HeaderMatch(col)
        for col in self.columns:
            for pat in col.patterns:
                m = pat.fullmatch(key)
                if m is None:
                    continue
                groups = m.groupdict()
                date = None
                if all(groups.get(g) for g in ("day", "month", "year")):
                    date = f"{groups['year']}-{groups['month']}-{groups['day']}"
                ordinal = ROMAN.get(groups.get("ordinal") or "")
                return HeaderMatch(col, ordinal=ordinal, year=groups.get("year"), date=date)
        return None

    def is_header(self, text: str) -> bool:
        """Whether a text is one of the headers this profile knows."""
        return self.match(text) is not None

    def column(self, name: str) -> ColumnSpec | None:
        """A column by its canonical name."""
        return next((c for c in self.columns if c.name == name), None)

    def spec_for(self, name: str) -> ColumnSpec | None:
        """The column an output column comes from: by its name, or, for yearly targets and
        measurements, by the name they are numbered or dated from (`risultato_atteso_2`)."""
        spec = self.column(name)
        if spec is not None:
            return spec
        for col in self.columns:
            if col.kind != "plain" and name.startswith(col.name + "_"):
                return col
        return None

    def missing_required(self, names: Iterable[str]) -> list[str]:
        """The required columns that none of the given output columns comes from."""
        present = {id(self.spec_for(n)) for n in names}
        return [c.name for c in self.columns if c.required and id(c) not in present]


def load_profile(path: Path | None = None) -> Profile:
    """Read a profile from a TOML file, or the default profile shipped with the package."""
    if path is None:
        text = (
            resources.files("pdztables.schemas")
            .joinpath("profiles/default.toml")
            .read_text(encoding="utf-8")
        )
        return parse_profile(text, "default")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(f"profile {path}: no such file; check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"profile {path}: cannot be read ({exc})") from None
    return parse_profile(text, str(path))


def parse_profile(text: str, source: str) -> Profile:
    """Build a profile from TOML text, saying what is wrong where the text is not a profile."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"profile {source}: not valid TOML ({exc})") from None
    head = data.get("profile", {})
    raw_cols = data.get("columns")
    if not isinstance(raw_cols, list) or not raw_cols:
        raise ProfileError(f"profile {source}: no [[columns]] tables; list at least one column")
    columns = tuple(_column(raw, source, i) for i, raw in enumerate(raw_cols, 1))
    return Profile(
        name=str(head.get("name", Path(source).stem)),
        description=str(head.get("description", "")),
        columns=columns,
        source=source,
    )


_FIELDS = {
    "name",
    "kind",
    "headers",
    "patterns",
    "type",
    "required",
    "not_empty",
    "values",
    "pattern",
}


def _column(raw: Any, source: str, index: int) -> ColumnSpec:
    where = f"profile {source}: column #{index}"
    if not isinstance(raw, dict) or "name" not in raw:
        raise ProfileError(f"{where}: every [[columns]] entry needs a `name`")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise ProfileError(
            f"{where} ({raw['name']}): unknown key {unknown[0]!r}; known keys: "
            + ", ".join(sorted(_FIELDS))
        )
    try:
        return ColumnSpec(
            name=str(raw["name"]),
            kind=str(raw.get("kind", "plain")),
            headers=tuple(str(h) for h in raw.get("headers", ())),
            patterns=tuple(re.compile(p) for p in raw.get("patterns", ())),
            type=str(raw.get("type", "string")),
            required=bool(raw.get("required", False)),
            not_empty=raw.get("not_empty"),
            values=tuple(str(v) for v in raw.get("values", ())),
            pattern=re.compile(raw["pattern"]) if "pattern" in raw else None,
        )
    except re.error as exc:
        raise ProfileError(f"{where} ({raw['name']}): bad regular expression ({exc})") from None
    except ProfileError as exc:
        raise ProfileError(f"profile {source}: {exc}") from None
