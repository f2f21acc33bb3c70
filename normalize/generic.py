"""Any table, no profile: page tables in, whole tables out (`pdztables tables`).

The repairs that need no profile: each cell's wrapped lines joined (hyphen, slash and cut-word
rules, as for the indicator table), cells merged down across body rows filled into every row
they span, a table going on at the top of the next page with the same columns stitched to it,
its repeated header and the header's stray fragments dropped, a row broken by the page joined.
Every repair is logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pdztables.extract import BBox, PageTable
from pdztables.extract.classify import is_number
from pdztables.extract.settings import LayoutSettings

from .repairs import Repair
from .text import Lexicon, clean_cell

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Table:
    """One table of a document: its rows (header rows first), where it stands, its repairs."""

    number: int
    pages: tuple[int, ...]
    boxes: tuple[tuple[int, BBox], ...]
    """Per page the table stands on, its box there (points, top-left origin)."""
    header_rows: int
    rows: tuple[tuple[str, ...], ...]
    row_pages: tuple[int, ...]
    """The page each row (header rows included) was read on."""
    ruling: str
    """How its rows were found on its first page: grid, hrules or text."""
    repairs: tuple[Repair, ...] = ()
    header: tuple[str, ...] = field(default=())
    """A name per column: the header rows' texts, a cell spanning columns named in each."""
    unplaced: tuple[tuple[int, str], ...] = ()
    """Per page where some of the table's letters stand in none of its cells (left out of
    its rows: a reading to check), the page and those letters."""
    straddling: tuple[tuple[int, str], ...] = ()
    """Per page where a word of the table runs over a cut between its columns with no rule
    on it, or is parted by a rule drawn across it (its letters may stand in two cells: a
    reading to check), the page and the word."""

    @property
    def page(self) -> int:
        """The first page."""
        return self.pages[0]

    @property
    def bbox(self) -> BBox:
        """The box on the first page."""
        return self.boxes[0][1]

    @property
    def n_cols(self) -> int:
        """How many columns."""
        return len(self.rows[0]) if self.rows else 0

    @property
    def body(self) -> tuple[tuple[str, ...], ...]:
        """The rows under the header."""
        return self.rows[self.header_rows :]

    @property
    def frame(self) -> pd.DataFrame:
        """The body as a pandas DataFrame of text, the columns named by the header."""
        import pandas as pd

        return pd.DataFrame(list(self.body), columns=list(self.column_names()), dtype=str)

    def column_names(self) -> tuple[str, ...]:
        """Unique column names: the header's, else `colonna_1`, ...; empty ones numbered."""
        names: list[str] = []
        for i, name in enumerate(self.header or ("",) * self.n_cols):
            base = name or f"colonna_{i + 1}"
            out, k = base, 2
            while out in names:
                out, k = f"{base} ({k})", k + 1
            names.append(out)
        return tuple(names)


def document_lexicon(tables: Sequence[PageTable]) -> Lexicon:
    """The words the page tables use whole, all of them together (as the indicator path's
    `table_lexicon` learns from every page of its table): a word a narrow column cuts on one
    page is told from two words by its whole use on another (`riabilitazione` /
    `psichiatrica`, words the Italian list lacks, broken at a space on three pages and at a
    line as full as a cut on the fourth)."""
    lexicon = Lexicon()
    for table in tables:
        for cell in table.cells:
            lexicon.add_cell(cell.text.split("\n"), cell.fit)
    return lexicon


def page_rows(
    table: PageTable, lexicon: Lexicon | None = None
) -> tuple[list[list[str]], list[Repair], list[str]]:
    """A page table's rows of clean text (a spanning cell's text at its first position; one
    spanning body rows filled down), the repairs made, and the header's column names. The
    words known whole come from `lexicon`, else from the table's own cells."""
    rows = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
    repairs: list[Repair] = []
    header = ["" for _ in range(table.n_cols)]
    head = table.header_rows
    lexicon = document_lexicon([table]) if lexicon is None else lexicon
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        text, kinds = clean_cell(cell.text, cell.fit, lexicon=lexicon)
        where = str(cell.row + 1)
        column = str(cell.col + 1)
        for kind in kinds:
            repairs.append(Repair(kind, table.page, where, column, cell.text, text))
        rows[cell.row][cell.col] = text
        if cell.row < head:
            for c in range(cell.col, cell.col + cell.colspan):
                header[c] = f"{header[c]} {text}".strip() if text else header[c]
        elif cell.rowspan > 1 and text:
            for r in range(cell.row + 1, cell.row + cell.rowspan):
                rows[r][cell.col] = text
            repairs.append(
                Repair(
                    "merged-cell",
                    table.page,
                    f"{cell.row + 1}-{cell.row + cell.rowspan}",
                    column,
                    text,
                    text,
                )
            )
    return rows, repairs, header


def build_tables(
    tables: Sequence[PageTable],
    heights: dict[int, float],
    settings: LayoutSettings | None = None,
) -> list[Table]:
    """The page tables as whole tables: one going on at the next page's head with the same
    columns, from a table at its page's foot, is stitched to it, unless it opens with a header
    of its own."""
    settings = settings or LayoutSettings()
    out: list[Table] = []
    last: PageTable | None = None
    lexicon = document_lexicon(tables)
    for pt in tables:
        rows, repairs, header = page_rows(pt, lexicon)
        if not rows:
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and last is not None
            and _continues(last, pt, heights, settings)
            and not _new_header(prev, rows, pt)
        ):
            out[-1] = _stitch(prev, pt, rows, repairs)
        else:
            head = pt.header_rows
            out.append(
                Table(
                    number=len(out) + 1,
                    pages=(pt.page,),
                    boxes=((pt.page, pt.bbox),),
                    header_rows=head,
                    rows=tuple(tuple(r) for r in rows),
                    row_pages=(pt.page,) * len(rows),
                    ruling=pt.ruling,
                    repairs=tuple(repairs),
                    header=tuple(header) if head else (),
                    unplaced=((pt.page, pt.unplaced),) if pt.unplaced else (),
                    straddling=((pt.page, pt.straddling),) if pt.straddling else (),
                )
            )
        last = pt
    return out


def _continues(
    a: PageTable, b: PageTable, heights: dict[int, float], settings: LayoutSettings
) -> bool:
    """Whether `b` goes on with `a`: the next page, `a` at its page's foot, `b` at its page's
    head, the same number of columns, each cut between columns within twice
    `carry_tolerance` or `carry_share` of the narrower column (a column's widest text differs
    from page to page, and the cut with it)."""
    if b.page != a.page + 1 or a.n_cols != b.n_cols:
        return False
    if a.bbox[3] < settings.page_foot * heights.get(a.page, 842.0):
        return False
    if b.bbox[1] > settings.page_head * heights.get(b.page, 842.0):
        return False
    tol = settings.carry_tolerance
    return all(
        abs(a1 - b1) <= max(2 * tol, settings.carry_share * min(a1 - a0, b1 - b0))
        for (a0, a1), (b0, b1) in zip(a.columns[:-1], b.columns[:-1], strict=True)
    )


def _new_header(prev: Table, rows: Sequence[Sequence[str]], pt: PageTable) -> bool:
    """Whether a page table opens with a header of its own: header rows that neither repeat
    the table's header nor are pieces of it (a new table starting at the top of the page)."""
    if not pt.header_rows:
        return False
    header, words = _header_words(prev)
    first = list(rows[0])
    return first not in header and not _fragment(first, words)


def _stitch(prev: Table, pt: PageTable, rows: list[list[str]], repairs: list[Repair]) -> Table:
    """`prev` with the page table's rows added: its repeated header and header fragments
    dropped, a first row with an empty first cell joined to the row the page broke."""
    fixes = list(repairs)
    header, words = _header_words(prev)
    k = 0
    while k < len(rows) and k < max(1, pt.header_rows):
        row = rows[k]
        if header and row in header:
            fixes.append(Repair("repeated-header", pt.page, str(k + 1), "", " | ".join(row), ""))
        elif header and pt.kind(k) != "body" and _fragment(row, words):
            fixes.append(Repair("header-fragment", pt.page, str(k + 1), "", " | ".join(row), ""))
        else:
            break
        k += 1
    body = rows[k:]
    new_rows = [list(r) for r in prev.rows]
    broken = bool(body) and not body[0][0] and len(new_rows) > prev.header_rows
    if broken and new_rows[-1][0] and not any(is_number(t) for t in body[0] if t):
        first = body.pop(0)
        joined = [f"{a} {b}".strip() for a, b in zip(new_rows[-1], first, strict=True)]
        fixes.append(Repair("row-split", pt.page, "1", "", " | ".join(first), " | ".join(joined)))
        new_rows[-1] = joined
    new_rows.extend(body)
    pages = prev.pages if pt.page in prev.pages else (*prev.pages, pt.page)
    return Table(
        number=prev.number,
        pages=pages,
        boxes=(*prev.boxes, (pt.page, pt.bbox)),
        header_rows=prev.header_rows,
        rows=tuple(tuple(r) for r in new_rows),
        row_pages=(*prev.row_pages, *(pt.page for _ in body)),
        ruling=prev.ruling,
        repairs=(*prev.repairs, *fixes),
        header=prev.header,
        unplaced=(*prev.unplaced, *(((pt.page, pt.unplaced),) if pt.unplaced else ())),
        straddling=(*prev.straddling, *(((pt.page, pt.straddling),) if pt.straddling else ())),
    )


def _header_words(table: Table) -> tuple[list[list[str]], list[set[str]]]:
    """A table's header rows, and the words each column's header holds."""
    header = [list(r) for r in table.rows[: table.header_rows]]
    words = [{w for r in header for w in r[c].split()} for c in range(table.n_cols)]
    return header, words


def _fragment(row: Sequence[str], words: Sequence[set[str]]) -> bool:
    """Whether every word of a row stands in the header, in the same column."""
    filled = [(c, t) for c, t in enumerate(row) if t]
    return bool(filled) and all(set(t.split()) <= words[c] for c, t in filled)
