"""The rows a producer draws, whatever it draws with: group rows, data rows, merged runs.

A merged run is a run of consecutive rows (inside one group) with the same non-empty value in
the dataset's merge column: the value is drawn once, in a cell spanning the run.
"""

from __future__ import annotations

from dataclasses import dataclass

from .data import Dataset
from .style import Layout


@dataclass(frozen=True)
class LogicalRow:
    """A row of the drawn table: a group label (index None) or a data row."""

    index: int | None
    values: tuple[str, ...]
    label: str = ""
    merged_from: tuple[bool, ...] = ()
    """Per column: the cell is covered by a merged cell from a row above (no text here)."""
    merge_continues: tuple[bool, ...] = ()
    """Per column: the merged cell goes on in the row below."""
    span: tuple[int, ...] = ()
    """Per column: how many rows the cell starting here spans (1 for a plain cell)."""


def logical_rows(ds: Dataset, layout: Layout) -> list[LogicalRow]:
    """Group rows (when the layout has them) and data rows, merged runs marked."""
    names = [c.name for c in ds.cols]
    n = len(names)
    merge = names.index(ds.merge) if layout.merged and ds.merge else None

    def same_run(i: int, j: int) -> bool:
        if merge is None or not 0 <= j < len(ds.rows):
            return False
        value = ds.rows[i][names[merge]]
        if not value or ds.rows[j][names[merge]] != value:
            return False
        return not layout.group_rows or ds.areas[i] == ds.areas[j]

    out: list[LogicalRow] = []
    area = None
    for i, row in enumerate(ds.rows):
        if layout.group_rows and ds.areas[i] != area:
            area = ds.areas[i]
            out.append(LogicalRow(None, ("",) * n, area, (False,) * n, (False,) * n, (1,) * n))
        values = [row[c] for c in names]
        merged_from = [False] * n
        continues = [False] * n
        span = [1] * n
        if merge is not None:
            if same_run(i, i - 1):
                values[merge] = ""
                merged_from[merge] = True
                span[merge] = 0
            else:
                length = 1
                while same_run(i, i + length):
                    length += 1
                span[merge] = length
            continues[merge] = same_run(i, i + 1)
        out.append(
            LogicalRow(i, tuple(values), "", tuple(merged_from), tuple(continues), tuple(span))
        )
    return out
