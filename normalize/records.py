"""From source rows to one record per indicator: each repair a named step with its own log.

Steps, in order (each takes rows and returns rows, with the repairs it made):
- `drop_header_rows`: the header drawn again on later pages, and the header fragments that
  extract found standing where a row would (`repeated-header`, `header-fragment`);
- `drop_clipped_rests`: the rest of a header cell a word processor cut short when drawing the
  header again, standing at the top of the first row under it (`header-rest`);
- `drop_fragments`: any other row whose only text is pieces of the header (`header-fragment`);
- `take_group_rows`: full-width group rows out, their label to the rows below (`group-row`);
  a label under the last row labels nothing: it is text after the table (`trailing-text`);
- `assemble`: rows with an empty key joined into the indicator above (`continuation`,
  `row-split`), merged cells filled into every row they span (`merged-cell`), also when they
  run over a page break (`merged-across-page`);
- `clean_records`: each cell's lines joined and its spaces folded (`wrapped-cell` and the
  other text repairs).

Limitations: a row belongs to a new indicator only when its key cell holds text; a table
without a key column keeps every grid row as its own record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pdztables.extract import Cell, Header, enclosing
from pdztables.schemas.findings import Failure, doubt
from pdztables.schemas.profile import header_key

from .repairs import Repair
from .stitch import Piece, Room, SourceRow
from .text import Lexicon, clean_cell, join_lines

Fill = tuple[str, tuple[Room, ...] | None, tuple[Cell, ...]]
"""The text of a merged cell, its lines' rooms, and the cells the text was read from."""


@dataclass(frozen=True)
class Grouped:
    """A source row with the label of the group it stands in."""

    row: SourceRow
    area: str


@dataclass
class Record:
    """One indicator being assembled from source rows."""

    page: int
    label: str
    area: str
    last_page: int
    parts: list[list[tuple[str, tuple[Room, ...] | None]]]
    origins: list[dict[Cell, bool]] = field(default_factory=list)
    """Per column, the source cells that gave text, and whether each ran to its page's foot."""
    borrowed: list[list[Cell]] = field(default_factory=list)
    """Per column, the cells drawn in another row whose text the column holds too (a merged
    cell's text going on over a page break)."""

    def borrow(self, col: int, cell: Cell) -> None:
        """Note that a column holds the text of a cell drawn in another row."""
        while len(self.borrowed) <= col:
            self.borrowed.append([])
        if cell not in self.origins[col] and cell not in self.borrowed[col]:
            self.borrowed[col].append(cell)

    def add(self, col: int, text: str, piece: Piece, rooms: tuple[Room, ...] | None = None) -> None:
        """Append a piece of text to a column unless the same merged cell gave it already;
        `rooms` are its lines' rooms (the piece's own when not given)."""
        if piece.origin is not None:
            if piece.origin in self.origins[col]:
                return
            self.origins[col][piece.origin] = piece.at_foot
        if text:
            self.parts[col].append((text, rooms if rooms is not None else piece.rooms))


def _one_line(text: str) -> str:
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
        # the rest stands alone on the line, or before the row's own words on it
        for n in range(len(words), 0, -1):
            cut = header_key(" ".join(words[:n]))
            if len(cut) >= 3 and missing.startswith(cut):
                rest = "\n".join([" ".join(words[n:]), *lines[1:]] if n < len(words) else lines[1:])
                pieces[c] = Piece(rest, piece.origin, piece.start, piece.at_foot)
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
    rows: Sequence[SourceRow], key: int | None, group_column: str
) -> tuple[list[Grouped], list[Repair]]:
    """Full-width group rows out of the data, their label on every row below them.

    Group rows after the table's last indicator (a note or a source line under the table)
    label nothing: they are dropped and logged too.
    """
    out: list[Grouped] = []
    repairs: list[Repair] = []
    trailing: list[int] = []  # repairs of group rows with no data row after them yet
    area = ""
    for row in rows:
        if not any(row.texts()):
            continue
        if is_group(row, key):
            area = _one_line(row.flat)
            trailing.append(len(repairs))
            repairs.append(Repair("group-row", row.page, "", group_column, row.flat, area, row.box))
            continue
        trailing = []
        out.append(Grouped(row, area))
    for i in trailing:
        old = repairs[i]
        repairs[i] = Repair("trailing-text", old.page, "", "", old.before, "", old.box)
    return out, repairs


def _key_text(row: SourceRow, key: int | None) -> str:
    return row.text(key) if key is not None else "?"


def assemble(
    rows: Sequence[Grouped],
    key: int | None,
    names: Sequence[str],
    merged_columns: set[int],
    doubts: list[Failure] | None = None,
) -> tuple[list[Record], list[Repair]]:
    """One record per indicator: a row with a key starts one; a row without a key goes on with
    the one above; merged cells fill every row they span, also over a page break. What is
    guessed goes to `doubts`."""
    records: list[Record] = []
    repairs: list[Repair] = []
    guesses: list[tuple[Cell, int, int]] = []  # (cell filled by a guess, column, page)
    flowed: list[tuple[Cell, int, Piece]] = []  # a merged cell's text gone on over a page
    fills: dict[Cell, Fill] = {}  # a merged cell -> the text (and rooms) that fills it
    feet: dict[int, Cell] = {}  # per column, the last cell with text that ran to a page foot
    n = len(names)
    for item in rows:
        row = item.row
        prev = records[-1] if records else None
        key_at_foot = key is not None and key in feet
        if row.top:
            flowed.clear()
            rest_of_row = not _key_text(row, key)
            _carry_feet(row, feet, fills, merged_columns, rest_of_row, guesses, flowed)
            for foot, c, piece in flowed:  # the rows above the break get the whole text too
                for rec in records:
                    if rest_of_row and rec is prev:
                        continue  # the rest of its row brings the text to it
                    if foot in rec.origins[c]:
                        rec.parts[c].append((piece.text, piece.rooms))
                        if piece.origin is not None:
                            rec.borrow(c, piece.origin)
                        repairs.append(
                            Repair("merged-across-page", row.page, rec.label, names[c], "", "")
                        )
        starts = bool(_key_text(row, key)) or prev is None
        if starts and row.top and key_at_foot and _key_goes_on(records, _key_text(row, key)):
            starts = False  # `3` at a page foot, `7` on top of the next: 37, drawn one digit a line
        if not starts and prev is not None:
            rest = _key_text(row, key) if key is not None else ""
            if rest:
                prev.label += rest
            repairs.append(join_continuation(prev, row))
        else:
            label = row.text(key) if key is not None else str(len(records) + 1)
            rec = Record(
                page=row.page,
                label=join_lines(label.split("\n"), key=True)[0],
                area=item.area,
                last_page=row.page,
                parts=[[] for _ in range(n)],
                origins=[{} for _ in range(n)],
            )
            repairs += _fill_row(rec, row, fills, names)
            records.append(rec)
        for c, piece in enumerate(row.pieces):
            if piece.origin is not None and piece.at_foot and piece.origin.text.strip():
                feet[c] = piece.origin
    if doubts is not None:
        for cell, c, page in guesses:
            owner = next((r for r in records if cell in r.origins[c]), None)
            text, _, _ = fills[cell]
            doubts.append(
                doubt(
                    "merged_guess",
                    page,
                    _one_line(text),
                    "doubt.merged_guess",
                    column=names[c],
                    row=owner.label if owner is not None else "",
                )
            )
    return records, repairs


def _key_goes_on(records: Sequence[Record], text: str) -> bool:
    """Whether a key on top of a page finishes the key of the record at the foot of the page
    before: together they follow the key before it, alone it does not follow."""
    if len(records) < 2 or not text.isdigit():
        return False
    head, before = records[-1].label, records[-2].label
    if not (head.isdigit() and before.isdigit()):
        return False
    follows = int(head + text) == int(before) + 1
    return follows and (int(text) != int(head) + 1 or int(head) != int(before) + 1)


def _carry_feet(
    row: SourceRow,
    feet: dict[int, Cell],
    fills: dict[Cell, Fill],
    merged_columns: set[int],
    rest: bool,
    guesses: list[tuple[Cell, int, int]],
    flowed: list[tuple[Cell, int, Piece]],
) -> None:
    """At the top of a page, a cell under a merged cell that ran to the foot of the page
    before goes on with it. An empty one takes its text when either side spans several rows
    or the column has merged cells elsewhere in the table (a word processor goes on with a
    merged cell on the next page, empty); in the rest of a row broken by the page (`rest`),
    one holding the rest of a broken text, and merged down, gives the rows it covers the
    whole text."""
    for c, piece in enumerate(row.pieces):
        foot = feet.get(c)
        if foot is None or piece.origin is None or piece.covered:
            continue
        if not piece.text.strip():
            if foot.rowspan > 1 or piece.origin.rowspan > 1:
                fills[piece.origin] = (foot.text, foot.fit, (foot, piece.origin))
            elif c in merged_columns:  # neither side is merged: a guess, said so
                fills[piece.origin] = (foot.text, foot.fit, (foot, piece.origin))
                guesses.append((piece.origin, c, row.page))
        elif (rest and piece.origin.rowspan > 1) or _goes_on(foot, piece, c, merged_columns):
            rooms = None
            if foot.fit is not None and piece.origin.fit is not None:
                rooms = foot.fit + piece.origin.fit
            fills[piece.origin] = (f"{foot.text}\n{piece.text}", rooms, (foot, piece.origin))
            flowed.append((foot, c, piece))
    feet.clear()


def _goes_on(foot: Cell, piece: Piece, col: int, merged_columns: set[int]) -> bool:
    """Whether a merged cell's text at the top of a page goes on with the text at the foot of
    the page before (a word processor lets a merged cell's text flow over the page break):
    the column has merged cells, the text starts in lower case, the text above stops short of
    a sentence's end."""
    if piece.origin is None or not (col in merged_columns or piece.origin.rowspan > 1):
        return False
    top, above = piece.text.strip(), foot.text.strip()
    return bool(top) and top[0].islower() and bool(above) and above[-1] not in ".;:!?)"


def _fill_row(
    rec: Record, row: SourceRow, fills: dict[Cell, Fill], names: Sequence[str]
) -> list[Repair]:
    """Put a row's pieces into a new record, merged cells filled with their text."""
    repairs = []
    for c, piece in enumerate(row.pieces):
        text = piece.text
        rooms = piece.rooms
        if piece.origin is not None and piece.origin in fills:
            text, rooms, sources = fills[piece.origin]
            for source in sources:
                if source is not piece.origin:
                    rec.borrow(c, source)
            kind = "merged-cell" if piece.covered else "merged-across-page"
            repairs.append(Repair(kind, row.page, rec.label, names[c], "", _one_line(text)))
        elif piece.covered and piece.origin is not None:
            text, rooms = piece.origin.text, piece.origin.fit
            if text:
                repairs.append(
                    Repair("merged-cell", row.page, rec.label, names[c], "", _one_line(text))
                )
        rec.add(c, text, piece, rooms)
    return repairs


def join_continuation(prev: Record, row: SourceRow) -> Repair:
    """Join a row with an empty key (or the rest of a key broken by the page) into the record
    above: the rest of a row broken across a page (`row-split`), or a row the table drew as
    two (`continuation`)."""
    what = "row-split" if row.page != prev.last_page else "continuation"
    for c, piece in enumerate(row.pieces):
        prev.add(c, "" if piece.covered else piece.text, piece)
    prev.last_page = row.page
    return Repair(what, row.page, prev.label, "", row.flat, "")


def merged_columns(rows: Sequence[SourceRow]) -> set[int]:
    """The columns where some body cell spans several rows."""
    out = set()
    for row in rows:
        for c, piece in enumerate(row.pieces):
            if row.kind == "body" and piece.origin is not None and piece.origin.rowspan > 1:
                out.add(c)
    return out


def table_lexicon(records: Sequence[Record], headers: Sequence[str]) -> Lexicon:
    """The words the table uses whole, from its cells and its header."""
    lexicon = Lexicon()
    for text in headers:
        lexicon.add_text(text)
    for rec in records:
        for parts in rec.parts:
            lines = "\n".join(text for text, _ in parts).split("\n")
            lexicon.add_cell(lines, _rooms(parts))
    return lexicon


def clean_records(
    records: Sequence[Record],
    names: Sequence[str],
    key: int | None,
    lexicon: Lexicon,
    doubts: list[Failure] | None = None,
) -> tuple[list[list[str]], list[Repair]]:
    """Each record's cells as clean text, logging every line joined and space folded; pieces
    joined on a guess go to `doubts`."""
    out = []
    repairs: list[Repair] = []
    for rec in records:
        values = []
        for c, name in enumerate(names):
            raw = "\n".join(text for text, _ in rec.parts[c])
            rooms = _rooms(rec.parts[c])
            lexicon.unsure.clear()
            text, kinds = clean_cell(raw, rooms, key=(c == key), lexicon=lexicon)
            for kind in kinds:
                repairs.append(Repair(kind, rec.page, rec.label, name, raw, text))
            if doubts is not None and lexicon.unsure:  # recorded only where pieces joined
                head, tail = lexicon.unsure[0]
                doubts.append(
                    doubt(
                        "cut_unsure",
                        rec.page,
                        text,
                        "doubt.cut_unsure",
                        column=name,
                        row=rec.label,
                        head=head,
                        tail=tail,
                    )
                )
            values.append(text)
        out.append(values)
    return out, repairs


def _rooms(parts: Sequence[tuple[str, tuple[Room, ...] | None]]) -> tuple[Room, ...] | None:
    """The rooms of every line of a cell's parts, when every part has them."""
    rooms: list[Room] = []
    for text, part_rooms in parts:
        lines = [ln for ln in text.split("\n") if ln.strip()]
        if part_rooms is None or len(part_rooms) != len(lines):
            return None
        rooms.extend(part_rooms)
    return tuple(rooms)
