"""Samples of a later edition of the Cremasco plan: the measurement columns filled in.

The measured values and the esito of each (``samples/data/cremasco_monitoring.csv``) are written
by hand: plausible figures that give every esito (raggiunto, non raggiunto, parziale: the total
met with a subambito under its minimum, non rilevato: empty, ``n.d.`` or ``in corso``, non
confrontabile: ``SI`` against a number, a count against a percentage, a text with no value).

- ``cremasco_monitoring.pdf`` (reportlab, full grid): the source's layout, page breaks, repeated
  headers and date fragment, with values in the two ``Dato rilevato al`` columns;
- ``cremasco_monitoring_docx.pdf`` (python-docx + LibreOffice): the same table as a word
  processor lays it out, rows breaking across pages.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import cremasco
from .common import MEASURES, Golden, Table, golden_records, nr_of
from .derived import monitoring


def _lines(text: str, width: int = 12) -> list[str]:
    """A measured value as the lines of a narrow cell, broken at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def with_measurements(table: Table) -> Table:
    """The reference table with its measurement cells filled from the hand-written values."""
    values = monitoring()
    rows = [
        {**row, **{m: _lines(values[str(nr_of(row))][m]) for m in MEASURES}} for row in table.rows
    ]
    return replace(table, rows=rows)


def _measured(golden: Golden, table: Table) -> Golden:
    """The golden rows with the measured values (they are not in the reference table)."""
    golden.records = golden_records(table, golden)
    return golden


def build_grid(table: Table, out: Path) -> Golden:
    filled = with_measurements(table)
    return _measured(cremasco.build_grid(filled, out), filled)


def build_docx(table: Table, out: Path) -> Golden:
    filled = with_measurements(table)
    return _measured(cremasco.build_docx(filled, out), filled)
