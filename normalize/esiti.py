"""Monitoring results: a measurement against its target (`esito`), and why one could not be
judged (`esito_findings`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pdztables.schemas.findings import WARNING, Failure, finding

from .targets import Target, states_no_value

RAGGIUNTO = "raggiunto"
NON_RAGGIUNTO = "non raggiunto"
PARZIALE = "parziale"
NON_RILEVATO = "non rilevato"
NON_CONFRONTABILE = "non confrontabile"
ESITI = (RAGGIUNTO, PARZIALE, NON_RAGGIUNTO, NON_RILEVATO, NON_CONFRONTABILE)
"""The monitoring results, from best to unknown."""


def esito(target: Target | None, measured: Target | None, measured_text: str) -> str:
    """A measurement against its target (as `targets.read_target` reads it: a bare number is
    `>=`).

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
    op = target.op

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


def unread(column: str, row: str, page: int | None, text: str, what: str) -> Failure:
    """A text the typed columns of `what` (`target`, `policy`, `frequency`, or `measured`)
    could not be read from."""
    where: dict[str, Any] = {"column": column, "row": row, "page": page, "value": text}
    if what == "measured":
        return finding(WARNING, "not_read", "typed.not_compared", **where)
    return finding(WARNING, "not_read", "typed.not_read", what=f"@what.{what}", **where)


def esito_findings(
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
        return [unread(measure, row, page, text, "measured")]
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
