"""Page tables built by hand, for unit tests of the normalize steps."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pdf_factory import DEFAULT_HEADER

from pdztables.extract import Cell, Extraction, Header, PageTable
from pdztables.schemas import load_profile

PROFILE = load_profile()

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
    header = make_header(page, rows[0], columns) if rows else None
    kinds = ["body"] * len(rows)
    if header is not None:
        kinds[0] = "header"
    return PageTable(
        page=page,
        bbox=(xs[0], tops[0], xs[-1], tops[-1]),
        columns=columns,
        row_tops=tuple(tops[:-1]),
        cells=tuple(cells),
        ruling="grid",
        row_kinds=tuple(kinds),
        header=header,
    )


def make_header(
    page: int, texts: Sequence[str], columns: Sequence[tuple[float, float]]
) -> Header | None:
    """The header a first row makes, as extract decides it: None unless three of its texts are
    headers the default profile knows."""
    parts = tuple((t,) for t in texts)
    names = tuple(PROFILE.column_of_parts(p) if p[0] else None for p in parts)
    if sum(1 for n in names if n) < 3:
        return None
    return Header(
        page=page,
        top=50.0,
        bottom=50.0 + ROW_HEIGHT,
        cells=(),
        parts=parts,
        names=names,
        key=names.index("nr") if "nr" in names else None,
        rows=1,
        spans=tuple(columns),
    )


def extraction(*tables: PageTable) -> Extraction:
    """An extraction holding the given page tables; its header is the first one's."""
    pages = tuple(sorted({t.page for t in tables}))
    header = next((t.header for t in tables if t.header is not None), None)
    return Extraction("handmade.pdf", max(pages), pages, tables, header=header)
