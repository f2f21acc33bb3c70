"""Cells merged down a column of a table with no rules: no rule shows where such a cell ends.

A word processor draws a cell merged over several rows with its text in the first row and
nothing under it; in a table with no rules between rows, only the text shows it. Where a
column the profile expects filled is empty in runs under filled cells (a policy code written
once for the rows that share it), each empty cell of a run takes the text above it, logged as
a `merged-cell` repair and reported as a doubt naming the rows (a guess: the drawing does not
say). A run at the table's end is left empty: no cell below shows where the merged cell ends
(the audit reports it as an open merge).

Limitations: a column the profile does not expect filled (notes, a column it does not know)
is never filled; one empty cell under a filled one, alone in its column, is left empty.
"""

from __future__ import annotations

from collections.abc import Sequence

from pdztables.schemas.findings import Failure, doubt

from .records import Record
from .repairs import Repair

MIN_RUNS = 2
"""Runs of empty cells under filled ones a column needs to be taken for a column of merged
cells (one empty cell is a gap of the source)."""


def fill_unruled_merges(
    records: Sequence[Record], names: Sequence[str], expected: set[str]
) -> tuple[list[Repair], list[Failure]]:
    """Fill the runs of empty cells under filled ones in the expected columns of a table with
    no rules; the repairs made and a doubt per run filled."""
    repairs: list[Repair] = []
    doubts: list[Failure] = []
    for c, name in enumerate(names):
        if name not in expected:
            continue
        runs = _runs(records, c)
        if sum(1 for _, rows, _ in runs if rows) < MIN_RUNS:
            continue
        for above, rows, closed in runs:
            if not rows or not closed:
                continue
            for rec in rows:
                _fill(rec, above, c)
                repairs.append(
                    Repair("merged-cell", rec.page, rec.label, name, "", _text(above, c))
                )
            labels = f"{rows[0].label}-{rows[-1].label}" if len(rows) > 1 else rows[0].label
            doubts.append(
                doubt(
                    "merged_unruled",
                    rows[0].page,
                    _text(above, c),
                    "doubt.merged_unruled",
                    column=name,
                    row=rows[0].label,
                    rows=labels,
                    above=above.label,
                )
            )
    return repairs, doubts


def _runs(records: Sequence[Record], c: int) -> list[tuple[Record, list[Record], bool]]:
    """Per filled cell of a column: it, the empty cells right under it, and whether a filled
    cell follows them (the run is closed)."""
    out: list[tuple[Record, list[Record], bool]] = []
    for rec in records:
        if _text(rec, c):
            if out:
                above, rows, _ = out[-1]
                out[-1] = (above, rows, True)
            out.append((rec, [], False))
        elif out:
            out[-1][1].append(rec)
    return out


def _text(rec: Record, c: int) -> str:
    return "\n".join(t for t, _ in rec.parts[c]).strip()


def _fill(rec: Record, above: Record, c: int) -> None:
    """An empty cell given the text of the cell above it, whose cells it now reads too."""
    rec.parts[c] = list(above.parts[c])
    for cell in above.origins[c]:
        rec.borrow(c, cell)
