"""The table's contract as pandera schemas built from the profile, and lazy validation.

Two schemas come from one profile: the errors schema (a broken contract: a missing or
duplicate number, a gap in the numbering, an empty required text) and the warnings schema
(a value the profile does not expect: an empty policy, an unknown frequency). Every failure of
both is collected; none stops the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .findings import ERROR, WARNING, Failure, finding
from .profile import Profile

__all__ = ["ERROR", "WARNING", "Failure", "Validation", "build_schemas", "validate"]

CHECKS = ("not_empty", "is_integer", "unique", "allowed_value", "pattern", "typed")
"""The checks whose messages the catalogues hold (`check.<name>`); others say `check.other`."""


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
            checks[ERROR].setdefault(name, []).extend([pa.Check(_is_integer, name="is_integer")])
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


def typed_schema(typed: Mapping[str, str]) -> pa.DataFrameSchema:
    """The contract of the typed columns (see pdztables.normalize.derive): their types and
    value sets. A failure is an error of the pipeline itself, never of the source."""
    from pdztables.normalize.derive import RULES

    def check(rule: Mapping[str, object]) -> list[pa.Check]:
        if "enum" in rule:
            allowed = set(rule["enum"])  # type: ignore[call-overload]
            return [pa.Check(lambda s: s.isna() | s.isin(allowed), name="typed")]
        if "pattern" in rule:
            shape = str(rule["pattern"])
            return [
                pa.Check(
                    lambda s: s.isna() | s.astype(str).str.fullmatch(shape).fillna(False),
                    name="typed",
                )
            ]
        if "minimum" in rule:
            low = float(rule["minimum"])  # type: ignore[arg-type]
            return [pa.Check(lambda s: s.isna() | (s >= low), name="typed")]
        return []

    dtypes = {"valore": "float64", "min_subambito": "Int64"}
    columns = {}
    for name, kind in typed.items():
        rule = RULES[kind]
        columns[name] = pa.Column(
            dtypes.get(kind),
            checks=check(rule),
            nullable=not rule.get("required", False),
            required=True,
            coerce=False,
        )
    return pa.DataFrameSchema(columns, name="typed columns")


def validate(
    frame: pd.DataFrame,
    profile: Profile,
    found_headers: list[str] | None = None,
    doubts: Sequence[Failure] = (),
    key: str | None = None,
    typed: Mapping[str, str] | None = None,
) -> Validation:
    """Check a clean table against its profile; collect every failure, never raise.

    `doubts` are what the reading found unsure (rows that may be missing, a merged cell that
    may go on over a page); `key` names the key column (default: the profile's).
    """
    failures: list[Failure] = []
    headers = ", ".join(repr(h) for h in (found_headers or []))
    for name in profile.missing_required(frame.columns):
        failures.append(
            finding(ERROR, "column_present", "check.column_present", name=name, headers=headers)
        )
    if key is None:
        spec = profile.key_column
        key = spec.name if spec is not None else None
    label = key if key in frame.columns else None
    pages = profile.page_column
    text_columns = [c for c in frame.columns if c != pages and c not in (typed or {})]
    schemas = build_schemas(profile, text_columns)
    checks = list(schemas.items())
    if typed:
        checks.append((ERROR, typed_schema(typed)))
    for severity, schema in checks:
        try:
            schema.validate(frame, lazy=True)
        except SchemaErrors as exc:
            failures.extend(_failures(exc.failure_cases, frame, severity, label, pages))
    if label is not None:
        failures.extend(key_sequence(frame, label, pages))
    failures.extend(doubts)
    failures.sort(key=lambda f: (f.severity != ERROR, f.page or 0, _num(f.row), f.column))
    return Validation(tuple(failures))


def _page(frame: pd.DataFrame, i: int, pages: str) -> int | None:
    return int(str(frame[pages].iat[i])) if pages in frame.columns else None


def key_sequence(frame: pd.DataFrame, key: str, pages: str) -> list[Failure]:
    """Keys that do not follow the key before them, each missing number named with where its
    neighbours are (`nr 17 missing: 16 on page 1 is followed by 18 on page 2`)."""
    out: list[Failure] = []
    values = [str(v).strip() for v in frame[key]]
    prev: tuple[int, int] | None = None  # (number, row index)
    for i, text in enumerate(values):
        if not text.isdigit():
            continue
        n = int(text)
        page = _page(frame, i, pages)
        if prev is None:
            if n > 1:
                span = "1" if n == 2 else f"1-{n - 1}"
                out.append(
                    finding(
                        WARNING,
                        "sequence",
                        "sequence.start",
                        column=key,
                        row=text,
                        page=page,
                        value=text,
                        key=key,
                        span=span,
                        n=n,
                    )
                )
        else:
            p, j = prev
            where = {"before": p, "before_page": _page(frame, j, pages), "n": n, "key": key}
            if n > p + 1:
                span = str(p + 1) if n == p + 2 else f"{p + 1}-{n - 1}"
                out.append(
                    finding(
                        ERROR,
                        "sequence",
                        "sequence.missing",
                        column=key,
                        row=text,
                        page=page,
                        value=text,
                        span=span,
                        **where,
                    )
                )
            elif n <= p:
                out.append(
                    finding(
                        ERROR,
                        "sequence",
                        "sequence.order",
                        column=key,
                        row=text,
                        page=page,
                        value=text,
                        **where,
                    )
                )
        prev = (n, i)
    return out


def _failures(
    cases: pd.DataFrame, frame: pd.DataFrame, severity: str, label: str | None, pages: str
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
            page = int(str(frame.at[i, pages])) if pages in frame.columns else None
        known = check in CHECKS
        out.append(
            finding(
                severity,
                check,
                f"check.{check}" if known else "check.other",
                column=column,
                row=row,
                page=page,
                value=value,
                failed=check,
            )
        )
    out.sort(key=lambda f: (f.page or 0, _num(f.row), f.column))
    return out


def _num(label: str) -> int:
    return int(label) if label.isdigit() else 0
