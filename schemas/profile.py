"""Profiles: which source headers mean which canonical column, and the rules each column obeys."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pdztables.errors import ProfileError

if TYPE_CHECKING:
    from pdztables.extract.settings import LayoutSettings

KINDS = ("plain", "target", "measurement")
ROLES = ("key", "group")
DERIVATIONS = ("target", "policy", "frequency")
"""Typed columns a profile may ask for beside a column's text (see pdztables.normalize.derive):
a target's comparison, value, unit and per-subambito minimum; a policy code's section and
macro-areas; a frequency's kind. A measurement column is compared with its target instead."""
MONITORING = ("auto", "order", "year", "last")
"""Which target a measurement is compared with: `order` (the k-th date with the k-th target),
`year` (the target of the date's year), `last` (the last target: an end-of-plan goal), `auto`
(`year` where the targets name their years, else `order`)."""
SEVERITIES = ("error", "warning")
ROMAN = {"i": 1, "ii": 2, "iii": 3}
PAGE_COLUMN = "pagina"
"""The provenance column (the page where a row starts), unless a profile names it otherwise."""


_NOT_KEY = re.compile(r"[^a-z0-9]+")


OCR_SLIPS = 6
"""A header read by OCR may have one letter wrong in this many (at most three; none in a key
shorter than `OCR_SHORTEST`: `ne` is no slip of `n`)."""
OCR_SHORTEST = 4
OCR_DIGITS = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1", "|": "1", "!": "1"}
    | {"S": "5", "s": "5", "Z": "2", "z": "2", "B": "8", "b": "8", "G": "6", "T": "7"}
)
"""The letters OCR reads for digits (`O` for 0, `l` for 1, `S` for 5), read as the digits."""
_OCR_STROKES = str.maketrans({"l": "i", "1": "i"})


def ocr_slips(key: str) -> int:
    """The letters a header's key may have wrong when read by OCR."""
    return 0 if len(key) < OCR_SHORTEST else max(1, min(3, len(key) // OCR_SLIPS))


def _hit(col: ColumnSpec, groups: dict[str, str | None]) -> HeaderMatch:
    """How a header a column's pattern matched maps to it: the ordinal, year or date the
    pattern captured."""
    date = None
    if all(groups.get(g) for g in ("day", "month", "year")):
        date = f"{groups['year']}-{groups['month']}-{groups['day']}"
    ordinal = ROMAN.get(groups.get("ordinal") or "")
    return HeaderMatch(col, ordinal=ordinal, year=groups.get("year"), date=date)


def _ocr_group(name: str, value: str) -> str | None:
    """A part of a header read by OCR (an ordinal, a date's parts), its letters read as the
    part allows (`o9` is the month `09`, `il` the ordinal `ii`); None where it does not read
    so (`hi`: the column is then numbered by its place)."""
    if name == "ordinal":
        folded = value.translate(_OCR_STROKES)
        return folded if set(folded) == {"i"} else None
    if name in ("day", "month", "year"):
        folded = value.translate(OCR_DIGITS)
        return folded if folded.isdigit() else None
    return value


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
    role: str = ""
    """"key": the indicator's number (a row starts where it has text); "group": the label of
    full-width group rows."""
    derive: str = ""
    """The typed columns derived from this column's text (one of DERIVATIONS), or none."""
    label: str = ""
    """The column's label for people in the report and the workbook (the catalogue's, else the
    header it was read from, when not given)."""

    def __post_init__(self) -> None:
        where = f"column {self.name!r}"
        if self.derive and self.derive not in DERIVATIONS:
            raise ProfileError(
                f"{where}: derive {self.derive!r} is not one of {', '.join(DERIVATIONS)}"
            )
        if self.derive == "target" and self.kind != "target":
            raise ProfileError(f'{where}: derive = "target" needs kind = "target"')
        if self.role and self.role not in ROLES:
            raise ProfileError(f"{where}: role {self.role!r} is not one of {', '.join(ROLES)}")
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
    page_column: str = PAGE_COLUMN
    layout: LayoutSettings = field(default_factory=lambda: _settings().resolve(None))
    macroaree: tuple[tuple[str, str], ...] = ()
    """The policy codes' macro-area letters and their names (`D` -> `domiciliarità`); `ZERO`
    names the cross-cutting code."""
    monitoring: str = "auto"
    """Which target a measurement is compared with (one of MONITORING)."""
    ocr: bool = False
    """Whether headers are matched as OCR reads them (`for_scans`): a header the profile does
    not know exactly is matched with a few letters wrong."""
    _keys: dict[str, ColumnSpec] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.monitoring not in MONITORING:
            raise ProfileError(
                f"profile {self.source}: [monitoring] target {self.monitoring!r} is not one of "
                f"{', '.join(MONITORING)}"
            )
        names = [c.name for c in self.columns]
        if self.page_column in names:
            raise ProfileError(
                f"profile {self.source}: page_column {self.page_column!r} is also a column"
            )
        for role in ROLES:
            with_role = [c.name for c in self.columns if c.role == role]
            if len(with_role) > 1:
                raise ProfileError(
                    f"profile {self.source}: role {role!r} is given to {', '.join(with_role)}; "
                    "give it to one column"
                )
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
                return _hit(col, m.groupdict())
        return self._near(key) if self.ocr else None

    def for_scans(self) -> Profile:
        """This profile matching headers as OCR reads them: where a header is not known as
        written, the column whose header or pattern it matches with the fewest letters wrong
        (`OCR_SLIPS`), when one column is nearest (`risultati attesi Il ammo` for `risultati
        attesi II anno`)."""
        return self if self.ocr else replace(self, ocr=True)

    def _near(self, key: str) -> HeaderMatch | None:
        import regex

        limit = ocr_slips(key)
        if not limit:
            return None
        best: list[tuple[int, HeaderMatch]] = []
        for col in self.columns:
            for pattern in [
                *(regex.escape(header_key(h)) for h in col.headers),
                *(p.pattern.removeprefix("^").removesuffix("$") for p in col.patterns),
            ]:
                m = regex.fullmatch(f"(?:{pattern}){{e<={limit}}}", key, regex.BESTMATCH)
                if m is None:
                    continue
                groups = {k: _ocr_group(k, v) for k, v in m.groupdict().items() if v}
                best.append((sum(m.fuzzy_counts), _hit(col, groups)))
        if not best:
            return None
        least = min(n for n, _ in best)
        nearest = {id(h.column): h for n, h in best if n == least}
        return next(iter(nearest.values())) if len(nearest) == 1 else None

    def match_parts(self, parts: Sequence[str]) -> HeaderMatch | None:
        """The column a header spread over rows stands for: its texts top to bottom together
        (`Risultati attesi` + `I anno`), else without the upper rows, one at a time."""
        for k in range(len(parts)):
            found = self.match("\n".join(parts[k:]))
            if found is not None:
                return found
        return None

    def column_of_parts(self, parts: Sequence[str]) -> str | None:
        """The name of the column a header's texts (top to bottom) stand for, or None."""
        found = self.match_parts(parts)
        return None if found is None else found.column.name

    def is_header(self, text: str) -> bool:
        """Whether a text is one of the headers this profile knows."""
        return self.match(text) is not None

    @property
    def key_column(self) -> ColumnSpec | None:
        """The key column: the one with role "key", else the first required whole number."""
        for col in self.columns:
            if col.role == "key":
                return col
        return next((c for c in self.columns if c.type == "integer" and c.required), None)

    @property
    def group_column(self) -> str:
        """Where the labels of full-width group rows go: the "group" role, else `area`."""
        return next((c.name for c in self.columns if c.role == "group"), "area")

    def area_name(self, letter: str) -> str | None:
        """The name of a macro-area letter (or of `ZERO`), or None for a letter not listed."""
        return next((n for k, n in self.macroaree if k == letter), None)

    def column(self, name: str) -> ColumnSpec | None:
        """A column by its canonical name."""
        return next((c for c in self.columns if c.name == name), None)

    def spec_for(self, name: str) -> ColumnSpec | None:
        """The column an output column comes from: by its name, or, for yearly targets and
        measurements, by the name they are numbered or dated from (`risultato_atteso_2`)."""
        spec = self.column(name)
        if spec is not None and spec.kind == "plain":
            return spec  # a target's or measurement's own name is no output column
        for col in self.columns:
            if col.kind == "plain" or not name.startswith(col.name + "_"):
                continue
            suffix = name[len(col.name) + 1 :]
            if re.fullmatch(r"\d+" if col.kind == "target" else r"\d{4}-\d{2}-\d{2}", suffix):
                return col
        return None

    def missing_required(self, names: Iterable[str]) -> list[str]:
        """The required columns that none of the given output columns comes from."""
        present = {id(self.spec_for(n)) for n in names}
        return [c.name for c in self.columns if c.required and id(c) not in present]


def _settings() -> type[LayoutSettings]:
    # imported here: the extract stage imports this module, and its settings live there
    from pdztables.extract.settings import LayoutSettings

    return LayoutSettings


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
    unknown = sorted(set(data) - {"profile", "columns", "layout", "macroaree", "monitoring"})
    if unknown:
        raise ProfileError(
            f"profile {source}: unknown table [{unknown[0]}]; known: [profile], [[columns]], "
            "[layout], [macroaree], [monitoring]"
        )
    raw_cols = data.get("columns")
    if not isinstance(raw_cols, list) or not raw_cols:
        raise ProfileError(f"profile {source}: no [[columns]] tables; list at least one column")
    columns = tuple(_column(raw, source, i) for i, raw in enumerate(raw_cols, 1))
    try:
        layout = _settings().resolve(data.get("layout"))
    except ProfileError as exc:
        raise ProfileError(f"profile {source}: [layout] {exc}") from None
    extra = sorted(set(head) - {"name", "description", "page_column"})
    if extra:
        raise ProfileError(
            f"profile {source}: [profile] has unknown key {extra[0]!r}; known: name, "
            "description, page_column"
        )
    return Profile(
        name=str(head.get("name", Path(source).stem)),
        description=str(head.get("description", "")),
        columns=columns,
        source=source,
        page_column=str(head.get("page_column", PAGE_COLUMN)),
        layout=layout,
        macroaree=_macroaree(data.get("macroaree", {}), source),
        monitoring=_monitoring(data.get("monitoring", {}), source),
    )


def _macroaree(raw: Any, source: str) -> tuple[tuple[str, str], ...]:
    """`[macroaree]`: one letter (or `ZERO`) = its name."""
    if not isinstance(raw, dict):
        raise ProfileError(f'profile {source}: [macroaree] lists letters: D = "domiciliarità"')
    out = []
    for letter, name in raw.items():
        if not (re.fullmatch(r"[A-Z]", letter) or letter == "ZERO") or not isinstance(name, str):
            raise ProfileError(
                f"profile {source}: [macroaree] {letter!r}: give one capital letter (or ZERO) "
                'and its name as text: D = "domiciliarità"'
            )
        out.append((letter, name))
    return tuple(out)


def _monitoring(raw: Any, source: str) -> str:
    """`[monitoring] target = "order"`: which target a measurement is compared with."""
    if not isinstance(raw, dict) or set(raw) - {"target"}:
        raise ProfileError(f"profile {source}: [monitoring] takes one key, target")
    return str(raw.get("target", "auto"))


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
    "role",
    "derive",
    "label",
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
            role=str(raw.get("role", "")),
            derive=str(raw.get("derive", "")),
            label=str(raw.get("label", "")),
        )
    except re.error as exc:
        raise ProfileError(f"{where} ({raw['name']}): bad regular expression ({exc})") from None
    except ProfileError as exc:
        raise ProfileError(f"profile {source}: {exc}") from None
