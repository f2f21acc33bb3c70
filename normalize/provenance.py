"""What the audit reads of a table read: each output cell with the boxes its text came from,
and everything left out near the table with its logged reason (see `pdztables.schemas.audit`)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from pdztables.extract import Cell, Extraction
from pdztables.schemas.audit import AuditInput, Left, OutCell, Spot

if TYPE_CHECKING:
    from . import Normalized

LEFT_KINDS = ("repeated-header", "header-fragment", "group-row", "trailing-text")
"""Repairs that leave a row out; their box accounts for its words."""


def audit_input(extraction: Extraction, table: Normalized) -> AuditInput:
    """The audit's reading of a table: its parts, output cells, what was left out and why."""
    names = [c.name for c in table.columns if c.name in table.frame.columns]
    header_names = [c.name for c in table.columns]
    uses = Counter(
        cell for rec in table.records for cells in [*rec.origins, *rec.borrowed] for cell in cells
    )
    cells: list[OutCell] = []
    for i, rec in enumerate(table.records):
        for c, name in enumerate(header_names):
            if name not in names or c >= len(rec.origins):
                continue
            borrowed = rec.borrowed[c] if c < len(rec.borrowed) else []
            sources = sorted([*rec.origins[c], *borrowed], key=lambda x: (x.page, x.bbox[1]))
            spots = tuple(_spot(cell, uses) for cell in sources)
            text = table.frame[name].iat[i]
            cells.append(OutCell(i, rec.label, name, "" if text is None else str(text), spots))
    left = [
        Left(cell.page, cell.bbox, "header", cell.text)
        for part in table.parts
        for cell in part.cells
        if part.kind(cell.row) != "body"
    ]
    left += [
        Left(r.page, r.box, r.kind, r.before)
        for r in table.repairs
        if r.kind in LEFT_KINDS and r.box is not None
    ]
    left += [Left(s.page, s.bbox, s.reason, s.text) for s in extraction.skipped]
    left += [Left(s.page, s.bbox, s.reason, s.text) for part in table.parts for s in part.skipped]
    headers = {
        name: " ".join(table.header.parts[c])
        for c, name in enumerate(header_names)
        if c < len(table.header.parts)
    }
    removed = tuple(
        (r.page, r.box, r.before)
        for r in table.repairs
        if r.kind == "header-rest" and r.box is not None
    )
    return AuditInput(
        pages={e.page: e for e in extraction.evidence},
        parts=tuple((p.page, p.bbox) for p in table.parts),
        cells=tuple(cells),
        left=tuple(left),
        headers=headers,
        key=table.key,
        removed=removed,
    )


def _spot(cell: Cell, uses: Counter[Cell]) -> Spot:
    return Spot(cell.page, cell.bbox, cell.rowspan == 1 and uses[cell] == 1)
