"""Cells merged down a column of a table with no rules (bands at most): nothing drawn shows
where such a cell ends.

A word processor draws a cell merged over several rows with its text in the first row and
nothing under it; in a table with no rules between rows, only the text shows it. Where a
column the profile expects filled is empty in runs under filled cells, in a quarter of its
rows at least (a policy code or an objective written once for the rows that share it), each
empty cell of a run takes the text above it, logged as a `merged-cell` repair and reported as
a doubt naming the rows (a guess: the drawing does not say). A row with another empty cell
where the profile expects text is a row with gaps, not one under a merged cell: it is left as
it is (the audit reports its empty cell as an open merge).

Limitations: a column the profile does not expect filled (notes, a column it does not know)
is never filled; a few empty cells under filled ones are gaps of the source, left empty.
"""

from __future__ import annotations

from collections.abc import Sequence

from pdztables.schemas.findings import Failure, doubt

from .records import Record
from .repairs import Repair

MIN_RUNS = 2
"""Runs of empty cells under filled ones a column needs to be taken for a column of merged
cells."""
MIN_EMPTY = 0.25
"""... and the share of its rows that are empty."""


def fill_unruled_merges(
    records: Sequence[Record], names: Sequence[str], expected: set[str]
) -> tuple[list[Repair], list[Failure]]:
    """Fill the runs of empty cells under filled ones in the expected columns of a table with
    no rules; the repairs made and a doubt per run filled."""
    repairs: list[Repair] = []
    doubts: list[Failure] = []
    wanted = [c for c, name in enumerate(names) if name in expected]
    for c in wanted:
        runs = _runs(records, c)
        empty = sum(len(rows) for _, rows in runs)
        if sum(1 for _, rows in runs if rows) < MIN_RUNS or empty < MIN_EMPTY * len(records):
            continue
        for above, rows in runs:
            whole = [r for r in rows if all(_text(r, o) for o in wanted if o != c)]
            if not whole:
                continue
            for rec in whole:
                _fill(rec, above, c)
                repairs.append(
                    Repair("merged-cell", rec.page, rec.label, names[c], "", _text(above, c))
                )
            doubts.append(_doubt(whole, above, names[c], _text(above, c)))
    return repairs, doubts


def _doubt(rows: Sequence[Record], above: Record, column: str, text: str) -> Failure:
    labels = f"{rows[0].label}-{rows[-1].label}" if len(rows) > 1 else rows[0].label
    return doubt(
        "merged_unruled",
        rows[0].page,
        text,
        "doubt.merged_unruled",
        column=column,
        row=rows[0].label,
        rows=labels,
        above=above.label,
    )


def _runs(records: Sequence[Record], c: int) -> list[tuple[Record, list[Record]]]:
    """Per filled cell of a column: it, and the empty cells right under it."""
    out: list[tuple[Record, list[Record]]] = []
    for rec in records:
        if _text(rec, c):
            out.append((rec, []))
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
