"""The typed columns of the golden CSVs, written from the data, never by the pipeline.

The pipeline writes typed columns after the text columns (README, "Typed values"): for `policy`
its section, letters and macro-area names; for each `risultato_atteso_N` its comparison, value,
unit and per-subambito minimum; for `frequenza` its kind; where measurements hold values, an
`esito_YYYY-MM-DD` per date. Their truth comes from:

- the Cremasco table: `samples/data/cremasco_derived.csv`, written by hand from the seed's texts;
- the monitoring samples: `samples/data/cremasco_monitoring.csv`, measured values and their esito
  written by hand;
- the invented plans (targets3, extra): what the generator drew (`other_plans.TRUTHS`,
  `TIMING_KINDS`), not the text it drew it as.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from . import other_plans

DATA = Path(__file__).resolve().parent.parent / "data"
TARGET = re.compile(r"risultato_atteso_\d+")
MEASURE = re.compile(r"rilevato_(\d{4}-\d{2}-\d{2})")


def _rows(name: str) -> dict[str, dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return {row["nr"]: row for row in csv.DictReader(fh)}


@cache
def cremasco_typed() -> dict[str, dict[str, str]]:
    """nr -> the typed values of the Cremasco table, written by hand."""
    return _rows("cremasco_derived.csv")


@cache
def monitoring() -> dict[str, dict[str, str]]:
    """nr -> the measured values and their esito of the monitoring samples, written by hand."""
    return _rows("cremasco_monitoring.csv")


@cache
def _drawn() -> dict[str, tuple[str, str, str]]:
    other_plans.targets3_rows()  # drawing the plans fills TRUTHS
    other_plans.extra_rows()
    return other_plans.TRUTHS


def typed_columns(columns: Sequence[str], measured: bool) -> list[str]:
    """The typed columns the pipeline writes for a table with these text columns."""
    out: list[str] = []
    for name in columns:
        if name == "policy":
            out += ["policy_sezione", "policy_aree", "policy_aree_nomi"]
        elif TARGET.fullmatch(name):
            out += [f"{name}_{part}" for part in ("op", "valore", "unita", "min_subambito")]
        elif name == "frequenza":
            out.append("frequenza_tipo")
        elif measured and (found := MEASURE.fullmatch(name)):
            out.append(f"esito_{found[1]}")
    return out


def _typed_row(dataset: str, row: dict[str, str], names: Sequence[str]) -> dict[str, str]:
    if dataset == "cremasco":
        values = dict(cremasco_typed()[row["nr"]])
        if any(n.startswith("esito_") for n in names):
            values.update(monitoring()[row["nr"]])
        return {n: values[n] for n in names}
    values = {}
    for name in names:
        base, _, part = name.rpartition("_")
        if name.endswith("_min_subambito"):
            values[name] = ""
        elif TARGET.fullmatch(base) and part in ("op", "valore", "unita"):
            text = row[base]
            values[name] = _drawn()[text][("op", "valore", "unita").index(part)] if text else ""
        elif name == "frequenza_tipo":
            values[name] = other_plans.TIMING_KINDS[row["frequenza"]]
        else:
            raise ValueError(f"{dataset}: no truth for {name}")
    return values


def add_typed(records: list[dict[str, str]], dataset: str) -> list[dict[str, str]]:
    """Golden rows with their typed columns, before `pagina`."""
    if not records:
        return records
    text = [c for c in records[0] if c != "pagina"]
    measured = any(r.get(c) for r in records for c in text if MEASURE.fullmatch(c))
    names = typed_columns(text, measured)
    out = []
    for row in records:
        typed = _typed_row(dataset, row, names)
        out.append({**{c: row[c] for c in text}, **typed, "pagina": row["pagina"]})
    return out


def dataset_of(stem: str) -> str:
    """The table a sample or layout draws, from its name."""
    for name in ("targets3", "extra"):
        if name in stem:
            return name
    return "cremasco"


def refresh(path: Path) -> None:
    """Rewrite a golden CSV's typed columns from the data (its text columns and pages kept)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    typed = set(typed_columns(list(rows[0]), measured=True))
    keep = [c for c in rows[0] if c not in typed]
    rows = add_typed([{c: r[c] for c in keep} for r in rows], dataset_of(path.stem))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(list(rows[0]))
        for row in rows:
            writer.writerow(row.values())
