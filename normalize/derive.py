"""Typed columns beside the source text: targets, policy codes, frequencies, monitoring results.

The text columns are never changed. For each column whose profile entry says `derive`, typed
columns are added after the text columns (before the page column):

- `derive = "target"`: `<col>_op`, `<col>_valore`, `<col>_unita`, `<col>_min_subambito` for
  each yearly target (`risultato_atteso_1_op` ...), read by `targets.parse_target`;
- `derive = "policy"`: `<col>_sezione` (`05`), `<col>_aree` (`D;E;J`, or `ZERO`) and
  `<col>_aree_nomi` (the names the profile's `[macroaree]` gives the letters);
- `derive = "frequency"`: `<col>_tipo` (`annuale`, `unica_prima_annualita` ...).

Where the table's measurement columns (`rilevato_YYYY-MM-DD`) hold values, each gets
`esito_YYYY-MM-DD`: the measurement compared with its target (see `esito`), and the long form
(one row per indicator and date) is built for `<stem>-rilevazioni.csv`.

A text that does not read leaves its typed cells empty and gives a warning naming page, row and
text; a text that says there is no value (`n.d.`, `-`, `da definire`) leaves them empty quietly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pdztables.schemas.findings import WARNING, Failure, finding
from pdztables.schemas.profile import Profile

from .codes import FREQUENCY_KINDS, frequency_kind, parse_policy
from .columns import ColumnMap
from .targets import OPERATORS, UNITS, Target, parse_target, states_no_value

if TYPE_CHECKING:
    import pandas as pd

RAGGIUNTO = "raggiunto"
NON_RAGGIUNTO = "non raggiunto"
PARZIALE = "parziale"
NON_RILEVATO = "non rilevato"
NON_CONFRONTABILE = "non confrontabile"
ESITI = (RAGGIUNTO, PARZIALE, NON_RAGGIUNTO, NON_RILEVATO, NON_CONFRONTABILE)
"""The monitoring results, from best to unknown."""

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


def esito(target: Target | None, measured: Target | None, measured_text: str) -> str:
    """A measurement against its target.

    `non rilevato`: no value (empty, `n.d.`). `non confrontabile`: either text does not read, the
    units differ, or the measurement states a bound that does not settle it (`almeno 10`
    against `≤ 15`). A bare number is a level to reach (`4` is reached by 5); `SI` / `NO` must
    match. `parziale`: the total is met but the smallest subambito is under the target's
    per-subambito minimum.
    """
    if states_no_value(measured_text):
        return NON_RILEVATO
    if target is None or measured is None or target.unita != measured.unita:
        return NON_CONFRONTABILE
    met = _meets(measured, target)
    if met is None:
        return NON_CONFRONTABILE
    if not met:
        return NON_RAGGIUNTO
    if (
        target.min_subambito is not None
        and measured.min_subambito is not None
        and measured.min_subambito < target.min_subambito
    ):
        return PARZIALE
    return RAGGIUNTO


def _meets(measured: Target, target: Target) -> bool | None:
    """Whether a measurement meets its target; None where a measured bound does not settle it
    (`almeno 10` meets `≥ 8`, fails `< 5`, and cannot say against `≤ 15`)."""
    want = target.valore
    if target.unita == "si/no":
        return measured.valore == want if measured.op == "=" else None
    op = ">=" if target.op == "=" else target.op

    def holds(value: float) -> bool:
        return {
            ">=": value >= want,
            ">": value > want,
            "<=": value <= want,
            "<": value < want,
        }[op]

    value = measured.valore
    if measured.op == "=":
        return holds(value)
    # a bound: every value it allows must agree
    upward = measured.op in (">=", ">")
    if (upward and op in (">=", ">")) or (not upward and op in ("<=", "<")):
        return True if holds(value) else None
    return False if not holds(value) else None


def derive(
    frame: pd.DataFrame,
    columns: Sequence[ColumnMap],
    profile: Profile,
    key: str | None,
) -> Derived:
    """The table with its typed columns, and the warnings and long form that come with them."""
    import pandas as pd

    page_col = profile.page_column
    pages = [int(p) for p in frame[page_col]] if page_col in frame.columns else [None] * len(frame)
    labels = (
        [_cell(frame, key, i) for i in range(len(frame))] if key and key in frame.columns else None
    )

    def row_of(i: int) -> str:
        return labels[i] if labels else str(i + 1)

    findings: list[Failure] = []
    added: dict[str, pd.Series] = {}
    kinds: dict[str, str] = {}
    parsed: dict[str, list[Target | None]] = {}
    text_columns = [c for c in frame.columns if c != page_col]
    for name in text_columns:
        spec = profile.spec_for(name)
        if spec is None or not spec.derive:
            continue
        texts = [str(v) for v in frame[name].fillna("")]
        if spec.derive == "target":
            values = [parse_target(t) for t in texts]
            parsed[name] = values
            for i, (text, value) in enumerate(zip(texts, values, strict=True)):
                if value is None and not states_no_value(text):
                    findings.append(_unread(name, row_of(i), pages[i], text, "target"))
            added[f"{name}_op"] = pd.Series([v.op if v else None for v in values], dtype=object)
            added[f"{name}_valore"] = pd.Series(
                [v.valore if v else math.nan for v in values], dtype="float64"
            )
            added[f"{name}_unita"] = pd.Series(
                [v.unita if v else None for v in values], dtype=object
            )
            added[f"{name}_min_subambito"] = pd.Series(
                [v.min_subambito if v else None for v in values], dtype="Int64"
            )
            kinds.update({f"{name}_{part}": part for part in TARGET_PARTS})
        elif spec.derive == "policy":
            sections: list[str | None] = []
            letters: list[str | None] = []
            names: list[str | None] = []
            for i, text in enumerate(texts):
                code = parse_policy(text) if text.strip() else None
                if code is None:
                    if text.strip():
                        findings.append(_unread(name, row_of(i), pages[i], text, "policy"))
                    sections.append(None)
                    letters.append(None)
                    names.append(None)
                    continue
                areas = code.aree or ("ZERO",)
                unknown = [a for a in areas if profile.area_name(a) is None]
                if unknown and profile.macroaree:
                    findings.append(
                        finding(
                            WARNING,
                            "macroarea",
                            "typed.macroarea",
                            column=name,
                            row=row_of(i),
                            page=pages[i],
                            value=text,
                            letters=", ".join(unknown),
                        )
                    )
                sections.append(code.sezione)
                letters.append(";".join(areas))
                names.append("; ".join(profile.area_name(a) or "?" for a in areas))
            for part, cells in zip(POLICY_PARTS, (sections, letters, names), strict=True):
                added[f"{name}_{part}"] = pd.Series(cells, dtype=object)
                kinds[f"{name}_{part}"] = part
        elif spec.derive == "frequency":
            tipi = []
            for i, text in enumerate(texts):
                tipo = frequency_kind(text) if text.strip() else None
                if tipo is None and text.strip():
                    findings.append(_unread(name, row_of(i), pages[i], text, "frequency"))
                tipi.append(tipo)
            added[f"{name}_tipo"] = pd.Series(tipi, dtype=object)
            kinds[f"{name}_tipo"] = "tipo"
    pairs = _pairs(text_columns, columns, profile)
    measured = [m for m, _ in pairs if frame[m].fillna("").astype(str).str.strip().ne("").any()]
    long_form = None
    if measured:
        policy = next((n for n, k in kinds.items() if k == "aree"), None)
        area_codes = [v or "" for v in added[policy]] if policy else [""] * len(frame)
        rows: list[tuple[int, str, dict[str, object]]] = []
        for m, t in pairs:
            date = m[-10:]
            targets = parsed.get(t, [None] * len(frame))
            t_texts = [str(v) for v in frame[t].fillna("")]
            results = []
            for i, text in enumerate(str(v) for v in frame[m].fillna("")):
                value, tgt = parse_target(text), targets[i]
                result = esito(tgt, value, text)
                findings += _esito_findings(
                    m, t, row_of(i), pages[i], text, t_texts[i], value, tgt, result
                )
                results.append(result)
                record = {
                    "nr": row_of(i),
                    "indicatore": _cell(frame, "indicatore", i),
                    "area": _cell(frame, profile.group_column, i),
                    "policy_aree": area_codes[i],
                    "tipologia": _cell(frame, "tipologia", i),
                    "data": date,
                    "valore_testo": text,
                    "valore": value.valore if value else math.nan,
                    "unita": value.unita if value else "",
                    "target_testo": t_texts[i],
                    "target": tgt.valore if tgt else math.nan,
                    "target_unita": tgt.unita if tgt else "",
                    "esito": result,
                    page_col: pages[i],
                }
                rows.append((i, date, record))
            added[f"esito_{date}"] = pd.Series(results, dtype=object)
            kinds[f"esito_{date}"] = "esito"
        rows.sort(key=lambda r: (r[0], r[1]))
        long_form = pd.DataFrame([r for _, _, r in rows], columns=[*LONG_COLUMNS, page_col])
    out = frame[text_columns].copy()
    for name, series in added.items():
        series.index = frame.index
        out[name] = series
    if page_col in frame.columns:
        out[page_col] = frame[page_col]
    return Derived(out, kinds, tuple(findings), long_form, tuple(pairs))


def _cell(frame: pd.DataFrame, column: str, i: int) -> str:
    if column not in frame.columns:
        return ""
    value = frame[column].iat[i]
    missing = value is None or (isinstance(value, float) and math.isnan(value))
    return "" if missing else str(value)


def _unread(column: str, row: str, page: int | None, text: str, what: str) -> Failure:
    """A text the typed columns of `what` (`target`, `policy`, `frequency`, or `measured`)
    could not be read from."""
    where: dict[str, Any] = {"column": column, "row": row, "page": page, "value": text}
    if what == "measured":
        return finding(WARNING, "not_read", "typed.not_compared", **where)
    return finding(WARNING, "not_read", "typed.not_read", what=f"@what.{what}", **where)


def _esito_findings(
    measure: str,
    target: str,
    row: str,
    page: int | None,
    text: str,
    target_text: str,
    value: Target | None,
    tgt: Target | None,
    outcome: str,
) -> list[Failure]:
    """Why a measurement (whose esito is `outcome`) could not be judged, or was judged on its
    total only."""
    if outcome == NON_RILEVATO:
        return []
    if value is None:
        return [_unread(measure, row, page, text, "measured")]
    where: dict[str, Any] = {"column": measure, "row": row, "page": page, "value": text}
    found = None
    if tgt is None:
        found = finding(WARNING, "esito_target", "typed.no_target", target=target, **where)
    elif value.unita != tgt.unita:
        found = finding(
            WARNING,
            "esito_units",
            "typed.units",
            unit=f"@unit.{value.unita}",
            target_text=target_text,
            target=target,
            target_unit=f"@unit.{tgt.unita}",
            **where,
        )
    elif outcome == NON_CONFRONTABILE:  # a bound that does not settle it
        found = finding(
            WARNING, "esito_bound", "typed.bound", target_text=target_text, target=target, **where
        )
    elif outcome == RAGGIUNTO and tgt.min_subambito is not None and value.min_subambito is None:
        found = finding(
            WARNING, "esito_subambito", "typed.subambito", minimum=tgt.min_subambito, **where
        )
    # pointed at the esito column it explains; its message still names the measurement
    return [replace(found, column=f"esito_{measure[-10:]}")] if found else []


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
