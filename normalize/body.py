"""From source rows to the table's body: the steps before assembly, each a named repair with
its own log (see `records` for the order of all the steps).

- `drop_header_rows`: the header drawn again on later pages, and the header fragments that
  extract found standing where a row would (`repeated-header`, `header-fragment`);
- `drop_clipped_rests`: the rest of a header cell a word processor cut short when drawing the
  header again, standing at the top of the first row under it (`header-rest`);
- `drop_fragments`: any other row whose only text is pieces of the header (`header-fragment`);
- `keep_tops`: the first row of each page table that holds text marked as its page's top;
- `take_group_rows`: full-width group rows out, their label to the rows below (`group-row`);
  a label under the last row labels nothing: it is text after the table (`trailing-text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pdztables.extract import Cell, Header, enclosing
from pdztables.schemas.findings import Failure, doubt
from pdztables.schemas.profile import header_key

from .repairs import Repair
from .stitch import Piece, SourceRow
from .text import join_lines


@dataclass(frozen=True)
class Grouped:
    """A source row with the label of the group it stands in."""

    row: SourceRow
    area: str


def one_line(text: str) -> str:
    """A cell's text with its lines joined."""
    return join_lines(text.split("\n"))[0]


def keep_tops(kept: Sequence[SourceRow]) -> list[SourceRow]:
    """The kept rows with the first of each page table that holds text marked as the top of
    its page (a row dropped before it, a header fragment, may have held the mark; an empty
    one, the white under a clipped header, is skipped later)."""
    seen: set[int] = set()
    out: list[SourceRow] = []
    for row in kept:
        filled = any(t.strip() for t in row.texts())
        out.append(replace(row, top=filled and row.table not in seen))
        if filled:
            seen.add(row.table)
    return out


def drop_header_rows(rows: Sequence[SourceRow]) -> tuple[list[SourceRow], list[Repair]]:
    """Rows extract found to be the header or a fragment of it: the first header is the
    table's own, every later one a repetition."""
    out: list[SourceRow] = []
    repairs: list[Repair] = []
    last: tuple[int, str] | None = None
    for row in rows:
        if row.kind == "header" and not row.first_table:
            if last != (row.page, "header"):
                repairs.append(Repair("repeated-header", row.page, "", "", row.flat, "", row.box))
            else:
                old = repairs[-1]
                box = enclosing((old.box, row.box))
                repairs[-1] = replace(old, before=f"{old.before} / {row.flat}", box=box)
        elif row.kind == "fragment":
            repairs.append(Repair("header-fragment", row.page, "", "", row.flat, "", row.box))
        elif row.kind != "header":
            out.append(row)
        last = (row.page, row.kind)
    return out, repairs


def drop_clipped_rests(
    rows: Sequence[SourceRow], header: Header
) -> tuple[list[SourceRow], list[Repair]]:
    """The rest of a header cell that a word processor cut short when drawing the header
    again on a later page (`Tipologia` on the page, `Tipologia indicatore` on the first): its
    lines, still in the file, stand in the first row under it (`indicat`), and are dropped."""
    out: list[SourceRow] = []
    repairs: list[Repair] = []
    drawn: dict[int, list[list[Cell]]] = {}  # table -> per column, the header cells drawn
    for row in rows:
        if row.kind == "header" and not row.first_table:
            got = drawn.setdefault(row.table, [[] for _ in row.pieces])
            for c, piece in enumerate(row.pieces):
                cell = piece.origin
                if cell is not None and not any(cell is old for old in got[c]):
                    got[c].append(cell)
        if row.table in drawn and row.kind == "body" and any(row.texts()):
            seen = [
                "".join(header_key(cell.text) for cell in cells) for cells in drawn.pop(row.table)
            ]
            row, log = _strip_rests(row, seen, header)
            repairs += log
        out.append(row)
    return out, repairs


def _strip_rests(
    row: SourceRow, seen: Sequence[str], header: Header
) -> tuple[SourceRow, list[Repair]]:
    pieces = list(row.pieces)
    repairs: list[Repair] = []
    for c, piece in enumerate(pieces):
        full = header_key("".join(header.parts[c]))
        have = seen[c]
        if not have or not full.startswith(have) or full == have or not piece.text.strip():
            continue
        missing = full[len(have) :]
        lines = piece.text.split("\n")
        words = lines[0].split()
        # the rest stands alone on the line, or before the row's own words on it (three
        # letters at least, or the whole rest: `e` of `indicator` / `e`)
        for n in range(len(words), 0, -1):
            cut = header_key(" ".join(words[:n]))
            if (len(cut) >= 3 or cut == missing) and missing.startswith(cut):
                whole = n == len(words)  # the rest stood alone on its line: the line goes
                rest = "\n".join(lines[1:] if whole else [" ".join(words[n:]), *lines[1:]])
                dropped = piece.dropped + whole
                pieces[c] = Piece(rest, piece.origin, piece.start, piece.at_foot, dropped)
                box = piece.origin.bbox if piece.origin is not None else row.box
                repairs.append(
                    Repair("header-rest", row.page, "", "", " ".join(words[:n]), "", box)
                )
                break
    return replace(row, pieces=tuple(pieces)), repairs


def drop_fragments(
    rows: Sequence[SourceRow], header: Header
) -> tuple[list[SourceRow], list[Repair]]:
    """Rows whose only text is pieces of the header (such as its dates alone), wherever they
    stand: dropped, never joined into a row."""
    out: list[SourceRow] = []
    repairs: list[Repair] = []
    for row in rows:
        if header.is_fragment(row.texts()):
            repairs.append(Repair("header-fragment", row.page, "", "", row.flat, "", row.box))
        else:
            out.append(row)
    return out, repairs


def is_group(row: SourceRow, key: int | None) -> bool:
    """A label over the full width, or alone in the key column where a number should be."""
    texts = row.texts()
    filled = [c for c, t in enumerate(texts) if t]
    if len(filled) != 1:
        return False
    origin = row.pieces[filled[0]].origin
    if origin is not None and origin.colspan >= max(2, len(texts) // 2):
        return True
    only = filled[0]
    return key is not None and only == key == 0 and not _is_number(texts[only])


def _is_number(text: str) -> bool:
    joined, _ = join_lines(text.split("\n"), key=True)
    return joined.replace(" ", "").isdigit()


def take_group_rows(
    rows: Sequence[SourceRow], key: int | None, group_column: str, doubts: list[Failure]
) -> tuple[list[Grouped], list[Repair]]:
    """Full-width group rows out of the data, their label on every row below them.

    Group rows after the table's last indicator (a note or a source line under the table)
    label nothing: they are dropped and logged too. A label starting in lower case is a doubt
    (`doubts`): the rest of a cell's text, run out under the table, read as a label?
    """
    out: list[Grouped] = []
    repairs: list[Repair] = []
    trailing: list[int] = []  # repairs of group rows with no data row after them yet
    area = ""
    for row in rows:
        if not any(row.texts()):
            continue
        if is_group(row, key):
            area = one_line(row.flat)
            trailing.append(len(repairs))
            repairs.append(Repair("group-row", row.page, "", group_column, row.flat, area, row.box))
            if area[:1].islower():
                doubts.append(doubt("label_lower", row.page, area, "doubt.label_lower"))
            continue
        trailing = []
        out.append(Grouped(row, area))
    for i in trailing:
        old = repairs[i]
        repairs[i] = Repair("trailing-text", old.page, "", "", old.before, "", old.box)
    return out, repairs
