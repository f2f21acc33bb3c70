"""Page tables built by hand, for unit tests of the normalize steps."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pdf_factory import DEFAULT_HEADER

from pdztables.extract import Cell, Extraction, PageTable

# The Cremasco headers, the measurement ones wrapped as the source wraps them.
HEADER = [h.replace("al 3", "al\n3") for h in DEFAULT_HEADER]
WIDTHS = [25, 180, 45, 50, 70, 70, 100, 90, 60, 60]
UP = "^"  # covered by the cell above (merged down)
LEFT = "<"  # covered by the cell to the left (merged across)
ROW_HEIGHT = 20.0


def row(
    nr: str,
    text: str,
    policy: str = "05a",
    tipologia: str = "processo",
    r1: str = "1",
    r2: str = "2",
    resp: str = "Community Maker",
    freq: str = "annuale",
) -> list[str]:
    """A body row in the Cremasco columns, with plausible defaults."""
    return [nr, text, policy, tipologia, r1, r2, resp, freq, "", ""]


def page_table(
    page: int, rows: Sequence[Sequence[str]], widths: Sequence[float] = WIDTHS, x0: float = 40.0
) -> PageTable:
    """A ruled table: `^` marks a position merged into the cell above, `<` into the cell left."""
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    tops = [50.0 + i * ROW_HEIGHT for i in range(len(rows) + 1)]
    cells = []
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value in (UP, LEFT):
                continue
            rowspan = 1
            while r + rowspan < len(rows) and rows[r + rowspan][c] == UP:
                rowspan += 1
            colspan = 1
            while c + colspan < len(values) and values[c + colspan] == LEFT:
                colspan += 1
            bbox = (xs[c], tops[r], xs[c + colspan], tops[r + rowspan])
            cells.append(Cell(value, bbox, page, r, c, rowspan, colspan))
    columns = tuple(itertools.pairwise(xs))
    return PageTable(
        page=page,
        bbox=(xs[0], tops[0], xs[-1], tops[-1]),
        columns=columns,
        row_tops=tuple(tops[:-1]),
        cells=tuple(cells),
        ruling="grid",
    )


def extraction(*tables: PageTable) -> Extraction:
    """An extraction holding the given page tables."""
    pages = tuple(sorted({t.page for t in tables}))
    return Extraction("handmade.pdf", max(pages), pages, tables)
