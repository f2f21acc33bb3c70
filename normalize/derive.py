"""Typed columns beside the source text: targets, policy codes, frequencies, monitoring results.

The text columns are never changed. For each column whose profile entry says `derive`, typed
columns are added after the text columns (before the page column):

- `derive = "target"`: `<col>_op`, `<col>_valore`, `<col>_unita`, `<col>_min_subambito` for
  each yearly target (`risultato_atteso_1_op` ...), read by `targets.read_target` (a bare
  number is a number to reach: `>=`);
- `derive = "policy"`: `<col>_sezione` (`05`), `<col>_aree` (`D;E;J`, or `ZERO`) and
  `<col>_aree_nomi` (the names the profile's `[macroaree]` gives the letters);
- `derive = "frequency"`: `<col>_tipo` (`annuale`, `unica_prima_annualita` ...).

Where the table's measurement columns (`rilevato_YYYY-MM-DD`) hold values, each gets
`esito_YYYY-MM-DD`: the measurement compared with its target (see `esiti.esito`), and the long form
(one row per indicator and date) is built for `<stem>-rilevazioni.csv`.

A text that does not read leaves its typed cells empty and gives a warning naming page, row and
text; a text that says there is no value (`n.d.`, `-`, `da definire`) leaves them empty quietly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pdztables.schemas.findings import WARNING, Failure, finding
from pdztables.schemas.profile import Profile

from .codes import FREQUENCY_KINDS, frequency_kind, parse_policy
from .columns import ColumnMap
from .esiti import (
    ESITI,
    NON_CONFRONTABILE,
    NON_RAGGIUNTO,
    NON_RILEVATO,
    PARZIALE,
    RAGGIUNTO,
    esito,
    esito_findings,
    unread,
)
from .targets import OPERATORS, UNITS, Target, parse_target, read_target, states_no_value

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ESITI",
    "LONG_COLUMNS",
    "NON_CONFRONTABILE",
    "NON_RAGGIUNTO",
    "NON_RILEVATO",
    "PARZIALE",
    "POLICY_PARTS",
    "RAGGIUNTO",
    "RULES",
    "TARGET_PARTS",
    "Derived",
    "derive",
    "esito",
]

TARGET_PARTS = ("op", "valore", "unita", "min_subambito")
RULES: dict[str, dict[str, object]] = {
    "op": {"enum": OPERATORS},
    "valore": {"minimum": 0},
    "unita": {"enum": UNITS},
    "min_subambito": {"minimum": 0},
    "sezione": {"pattern": r"\d{2}"},
    "aree": {"pattern": r"(?:ZERO|[A-Z])(?:;(?:ZERO|[A-Z]))*"},
    "aree_nomi": {},
    "tipo": {"enum": FREQUENCY_KINDS},
    "esito": {"enum": ESITI, "required": True},
}
"""The contract of each kind of typed column, for the pandera check and the Table Schema:
a value set (`enum`), a shape (`pattern`, matched whole), a `minimum`, `required`."""
POLICY_PARTS = ("sezione", "aree", "aree_nomi")
LONG_COLUMNS = (
    "nr",
    "indicatore",
    "area",
    "policy_aree",
    "tipologia",
    "data",
    "valore_testo",
    "valore",
    "unita",
    "target_testo",
    "target",
    "target_unita",
    "esito",
)
"""The long form's columns (`<stem>-rilevazioni.csv`), the page column after them."""


@dataclass(frozen=True)
class Derived:
    """The typed columns of a table, what each is, and what could not be read."""

    frame: pd.DataFrame
    """The table: its text columns, the typed columns, the page column last."""
    kinds: dict[str, str] = field(default_factory=dict)
    """Each typed column's kind: a part of TARGET_PARTS or POLICY_PARTS, `tipo` or `esito`."""
    findings: tuple[Failure, ...] = ()
    measurements: pd.DataFrame | None = None
    """The long form (LONG_COLUMNS and the page column), or None where no measurement column
    holds a value."""
    pairs: tuple[tuple[str, str], ...] = ()
    """(measurement column, target column) for each date compared."""


@dataclass
class _Typed:
    """The typed columns made so far: each one's cells and kind, the targets read per target
    column, and the warnings."""

    added: dict[str, pd.Series] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    parsed: dict[str, list[Target | None]] = field(default_factory=dict)
    findings: list[Failure] = field(default_factory=list)


@dataclass(frozen=True)
class _Rows:
    """The table's rows as the findings name them: by key (or number) and page."""

    labels: list[str] | None
    pages: list[int | None]

    def label(self, i: int) -> str:
        """Row i's key, or its number where the table has no key column."""
        return self.labels[i] if self.labels else str(i + 1)


def derive(
    frame: pd.DataFrame,
    columns: Sequence[ColumnMap],
    profile: Profile,
    key: str | None,
) -> Derived:
    """The table with its typed columns, and the warnings and long form that come with them."""
    page_col = profile.page_column
    pages: list[int | None] = (
        [int(p) for p in frame[page_col]] if page_col in frame.columns else [None] * len(frame)
    )
    labels = (
        [_cell(frame, key, i) for i in range(len(frame))] if key and key in frame.columns else None
    )
    rows = _Rows(labels, pages)
    typed = _Typed()
    text_columns = [c for c in frame.columns if c != page_col]
    for name in text_columns:
        spec = profile.spec_for(name)
        if spec is None or not spec.derive:
            continue
        texts = [str(v) for v in frame[name].fillna("")]
        if spec.derive == "target":
            _add_targets(typed, name, texts, rows)
        elif spec.derive == "policy":
            _add_policies(typed, name, texts, rows, profile)
        elif spec.derive == "frequency":
            _add_frequencies(typed, name, texts, rows)
    pairs = _pairs(text_columns, columns, profile)
    measured = [m for m, _ in pairs if frame[m].fillna("").astype(str).str.strip().ne("").any()]
    long_form = _add_esiti(typed, frame, pairs, rows, profile) if measured else None
    out = frame[text_columns].copy()
    for name, series in typed.added.items():
        series.index = frame.index
        out[name] = series
    if page_col in frame.columns:
        out[page_col] = frame[page_col]
    return Derived(out, typed.kinds, tuple(typed.findings), long_form, tuple(pairs))


def _add_targets(typed: _Typed, name: str, texts: Sequence[str], rows: _Rows) -> None:
    """Add a target column's typed columns (TARGET_PARTS) and the targets read."""
    import pandas as pd

    values = [read_target(t) for t in texts]
    typed.parsed[name] = values
    for i, (text, value) in enumerate(zip(texts, values, strict=True)):
        if value is None and not states_no_value(text):
            typed.findings.append(unread(name, rows.label(i), rows.pages[i], text, "target"))
    added = typed.added
    added[f"{name}_op"] = pd.Series([v.op if v else None for v in values], dtype=object)
    added[f"{name}_valore"] = pd.Series(
        [v.valore if v else math.nan for v in values], dtype="float64"
    )
    added[f"{name}_unita"] = pd.Series([v.unita if v else None for v in values], dtype=object)
    added[f"{name}_min_subambito"] = pd.Series(
        [v.min_subambito if v else None for v in values], dtype="Int64"
    )
    typed.kinds.update({f"{name}_{part}": part for part in TARGET_PARTS})


def _add_policies(
    typed: _Typed, name: str, texts: Sequence[str], rows: _Rows, profile: Profile
) -> None:
    """Add a policy code column's typed columns (POLICY_PARTS)."""
    import pandas as pd

    sections: list[str | None] = []
    letters: list[str | None] = []
    names: list[str | None] = []
    for i, text in enumerate(texts):
        code = parse_policy(text) if text.strip() else None
        if code is None:
            if text.strip():
                typed.findings.append(unread(name, rows.label(i), rows.pages[i], text, "policy"))
            sections.append(None)
            letters.append(None)
            names.append(None)
            continue
        areas = code.aree or ("ZERO",)
        unknown = [a for a in areas if profile.area_name(a) is None]
        if unknown and profile.macroaree:
            typed.findings.append(
                finding(
                    WARNING,
                    "macroarea",
                    "typed.macroarea",
                    column=name,
                    row=rows.label(i),
                    page=rows.pages[i],
                    value=text,
                    letters=", ".join(unknown),
                )
            )
        sections.append(code.sezione)
        letters.append(";".join(areas))
        names.append("; ".join(profile.area_name(a) or "?" for a in areas))
    for part, cells in zip(POLICY_PARTS, (sections, letters, names), strict=True):
        typed.added[f"{name}_{part}"] = pd.Series(cells, dtype=object)
        typed.kinds[f"{name}_{part}"] = part


def _add_frequencies(typed: _Typed, name: str, texts: Sequence[str], rows: _Rows) -> None:
    """Add a frequency column's typed column (`tipo`)."""
    import pandas as pd

    tipi = []
    for i, text in enumerate(texts):
        tipo = frequency_kind(text) if text.strip() else None
        if tipo is None and text.strip():
            typed.findings.append(unread(name, rows.label(i), rows.pages[i], text, "frequency"))
        tipi.append(tipo)
    typed.added[f"{name}_tipo"] = pd.Series(tipi, dtype=object)
    typed.kinds[f"{name}_tipo"] = "tipo"


def _add_esiti(
    typed: _Typed,
    frame: pd.DataFrame,
    pairs: Sequence[tuple[str, str]],
    rows: _Rows,
    profile: Profile,
) -> pd.DataFrame:
    """Add each measurement column's `esito` column; return the long form (one row per
    indicator and date)."""
    import pandas as pd

    page_col = profile.page_column
    policy = next((n for n, k in typed.kinds.items() if k == "aree"), None)
    area_codes = [v or "" for v in typed.added[policy]] if policy else [""] * len(frame)
    indicators = [
        {
            "nr": rows.label(i),
            "indicatore": _cell(frame, "indicatore", i),
            "area": _cell(frame, profile.group_column, i),
            "policy_aree": area_codes[i],
            "tipologia": _cell(frame, "tipologia", i),
        }
        for i in range(len(frame))
    ]
    long: list[tuple[int, str, dict[str, object]]] = []
    for pair in pairs:
        long += _compare(typed, frame, pair, rows, indicators, page_col)
    long.sort(key=lambda r: (r[0], r[1]))
    return pd.DataFrame([r for _, _, r in long], columns=[*LONG_COLUMNS, page_col])


def _compare(
    typed: _Typed,
    frame: pd.DataFrame,
    pair: tuple[str, str],
    rows: _Rows,
    indicators: Sequence[dict[str, object]],
    page_col: str,
) -> list[tuple[int, str, dict[str, object]]]:
    """Add a measurement column's `esito` column (each measurement against its target);
    return its rows of the long form as (row, date, record)."""
    import pandas as pd

    m, t = pair
    date = m[-10:]
    targets = typed.parsed.get(t, [None] * len(frame))
    t_texts = [str(v) for v in frame[t].fillna("")]
    results = []
    out: list[tuple[int, str, dict[str, object]]] = []
    for i, text in enumerate(str(v) for v in frame[m].fillna("")):
        value, tgt = parse_target(text), targets[i]
        result = esito(tgt, value, text)
        typed.findings += esito_findings(
            m, t, rows.label(i), rows.pages[i], text, t_texts[i], value, tgt, result
        )
        results.append(result)
        record = {
            **indicators[i],
            "data": date,
            "valore_testo": text,
            "valore": value.valore if value else math.nan,
            "unita": value.unita if value else "",
            "target_testo": t_texts[i],
            "target": tgt.valore if tgt else math.nan,
            "target_unita": tgt.unita if tgt else "",
            "esito": result,
            page_col: rows.pages[i],
        }
        out.append((i, date, record))
    typed.added[f"esito_{date}"] = pd.Series(results, dtype=object)
    typed.kinds[f"esito_{date}"] = "esito"
    return out


def _cell(frame: pd.DataFrame, column: str, i: int) -> str:
    if column not in frame.columns:
        return ""
    value = frame[column].iat[i]
    missing = value is None or (isinstance(value, float) and math.isnan(value))
    return "" if missing else str(value)


def _pairs(
    names: Sequence[str], columns: Sequence[ColumnMap], profile: Profile
) -> list[tuple[str, str]]:
    """Each measurement column with the target column it is compared with."""
    measures, targets = [], []
    for name in names:
        spec = profile.spec_for(name)
        if spec is None:
            continue
        if spec.kind == "measurement":
            measures.append(name)
        elif spec.kind == "target" and spec.derive == "target":
            targets.append(name)
    if not measures or not targets:
        return []
    measures.sort(key=lambda n: n[-10:])
    targets.sort(key=lambda n: int(n.rsplit("_", 1)[1]))  # spec_for: a target name ends in _N
    years = {c.name: c.year for c in columns if c.name in targets and c.year}
    mode = profile.monitoring
    if mode in ("auto", "year"):  # by year only where every target names its year
        mode = "year" if len(years) == len(targets) else "order"
    out = []
    for k, m in enumerate(measures):
        if mode == "last":
            t = targets[-1]
        elif mode == "year":
            year = m[-10:-6]
            same = [n for n in targets if years.get(n) == year]
            before = [n for n in targets if (years.get(n) or "") <= year]
            t = same[0] if same else before[-1] if before else targets[0]
        else:
            t = targets[min(k, len(targets) - 1)]
        out.append((m, t))
    return out
