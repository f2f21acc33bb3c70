"""The table's contract as pandera schemas built from the profile, and lazy validation.

Two schemas come from one profile: the errors schema (a broken contract: a missing or
duplicate number, a gap in the numbering, an empty required text) and the warnings schema
(a value the profile does not expect: an empty policy, an unknown frequency). Every failure of
both is collected; none stops the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .profile import Profile

ERROR = "error"
WARNING = "warning"

# check name -> message; {column} and {value} are filled in for each failure.
MESSAGES = {
    "not_empty": "{column} is empty",
    "is_integer": "{column} {value!r} is not a whole number",
    "unique": "{column} {value!r} is used by more than one row",
    "no_gap": "{column} {value!r} does not follow the row before it (numbers skipped or repeated)",
    "allowed_value": "{column} {value!r} is not one of the values the profile allows",
    "pattern": "{column} {value!r} does not have the expected shape",
    "column_present": "column {column} is missing",
}


@dataclass(frozen=True)
class Failure:
    """One validation failure, pointing at row and page where it has them."""

    severity: str
    column: str
    check: str
    row: str
    page: int | None
    value: str
    message: str


@dataclass(frozen=True)
class Validation:
    """Everything validation found, errors first."""

    failures: tuple[Failure, ...]

    @property
    def errors(self) -> tuple[Failure, ...]:
        """The failures that break the table's contract."""
        return tuple(f for f in self.failures if f.severity == ERROR)

    @property
    def warnings(self) -> tuple[Failure, ...]:
        """The failures that flag a doubtful value kept as the source has it."""
        return tuple(f for f in self.failures if f.severity == WARNING)

    @property
    def ok(self) -> bool:
        """Whether the table has no errors (warnings allowed)."""
        return not self.errors


def _text(s: pd.Series) -> pd.Series:
    return s.fillna("").astype(str).str.strip()


def _is_integer(s: pd.Series) -> pd.Series:
    t = _text(s)
    return (t == "") | t.str.fullmatch(r"\d+")


def _no_gap(s: pd.Series) -> pd.Series:
    nums = pd.to_numeric(_text(s), errors="coerce")
    prev = nums.shift(1)
    return prev.isna() | nums.isna() | (nums == prev + 1)


def _not_empty(s: pd.Series) -> pd.Series:
    return _text(s) != ""


def _allowed(values: tuple[str, ...]) -> Callable[[pd.Series], pd.Series]:
    allowed = {v.casefold() for v in values}

    def check(s: pd.Series) -> pd.Series:
        t = _text(s)
        return (t == "") | t.str.casefold().isin(allowed)

    return check


def _shaped(pattern: re.Pattern[str]) -> Callable[[pd.Series], pd.Series]:
    def check(s: pd.Series) -> pd.Series:
        t = _text(s)
        return (t == "") | t.map(lambda v: pattern.fullmatch(v) is not None)

    return check


def build_schemas(profile: Profile, columns: list[str]) -> dict[str, pa.DataFrameSchema]:
    """The errors and warnings schemas for the columns a table has."""
    checks: dict[str, dict[str, list[pa.Check]]] = {ERROR: {}, WARNING: {}}
    unique: set[str] = set()
    for name in columns:
        spec = profile.spec_for(name)
        if spec is None:
            continue
        if spec.not_empty:
            checks[spec.not_empty].setdefault(name, []).append(
                pa.Check(_not_empty, name="not_empty")
            )
        if spec.type == "integer":
            checks[ERROR].setdefault(name, []).extend(
                [pa.Check(_is_integer, name="is_integer"), pa.Check(_no_gap, name="no_gap")]
            )
            unique.add(name)
        if spec.values:
            checks[WARNING].setdefault(name, []).append(
                pa.Check(_allowed(spec.values), name="allowed_value")
            )
        if spec.pattern is not None:
            checks[WARNING].setdefault(name, []).append(
                pa.Check(_shaped(spec.pattern), name="pattern")
            )
    return {
        severity: pa.DataFrameSchema(
            {
                name: pa.Column(
                    checks=cols.get(name, []),
                    nullable=True,
                    required=False,
                    unique=severity == ERROR and name in unique,
                )
                for name in columns
                if cols.get(name) or (severity == ERROR and name in unique)
            },
            name=f"{profile.name} ({severity}s)",
        )
        for severity, cols in checks.items()
    }


def validate(
    frame: pd.DataFrame, profile: Profile, found_headers: list[str] | None = None
) -> Validation:
    """Check a clean table against its profile; collect every failure, never raise."""
    failures: list[Failure] = []
    headers = ", ".join(repr(h) for h in (found_headers or []))
    for name in profile.missing_required(frame.columns):
        failures.append(
            Failure(
                ERROR,
                name,
                "column_present",
                "",
                None,
                "",
                f"required column {name} is missing; the headers found are: {headers}",
            )
        )
    label = "nr" if "nr" in frame.columns else None
    schemas = build_schemas(profile, [c for c in frame.columns if c != "pagina"])
    for severity, schema in schemas.items():
        try:
            schema.validate(frame, lazy=True)
        except SchemaErrors as exc:
            failures.extend(_failures(exc.failure_cases, frame, severity, label))
    return Validation(tuple(failures))


def _failures(
    cases: pd.DataFrame, frame: pd.DataFrame, severity: str, label: str | None
) -> list[Failure]:
    out = []
    for case in cases.to_dict("records"):
        check = str(case.get("check") or "")
        if check.startswith("field_uniqueness"):
            check = "unique"
        column = str(case.get("column") or "")
        index = case.get("index")
        value = "" if pd.isna(case.get("failure_case")) else str(case.get("failure_case"))
        row, page = "", None
        if index is not None and not pd.isna(index) and int(index) in frame.index:
            i = int(index)
            row = str(frame.at[i, label]) if label else str(i + 1)
            page = int(str(frame.at[i, "pagina"])) if "pagina" in frame.columns else None
        template = MESSAGES.get(check, "{column}: check " + check + " failed on {value!r}")
        out.append(
            Failure(
                severity,
                column,
                check,
                row,
                page,
                value,
                template.format(column=column, value=value),
            )
        )
    out.sort(key=lambda f: (f.page or 0, _num(f.row), f.column))
    return out


def _num(label: str) -> int:
    return int(label) if label.isdigit() else 0
