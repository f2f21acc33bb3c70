"""From source rows to one record per indicator: each repair a named step with its own log.

Steps, in order (each takes rows and returns rows, with the repairs it made; the first four
are in `body`):
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

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from pdztables.extract import Cell
from pdztables.schemas.findings import Failure, doubt

from .body import Grouped, one_line
from .repairs import Repair
from .stitch import Piece, Room, SourceRow
from .text import Lexicon, clean_cell, join_lines

Fill = tuple[str, tuple[Room, ...] | None, tuple[Cell, ...]]
"""The text of a merged cell, its lines' rooms, and the cells the text was read from."""


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


def _key_text(row: SourceRow, key: int | None) -> str:
    """A row's key text ('?' where the table has no key column)."""
    return row.text(key) if key is not None else "?"


def assemble(
    rows: Sequence[Grouped],
    key: int | None,
    names: Sequence[str],
    merged_columns: set[int],
    doubts: list[Failure] | None = None,
    expected: Collection[int] = (),
) -> tuple[list[Record], list[Repair]]:
    """One record per indicator: a row with a key starts one; a row without a key goes on with
    the one above; merged cells fill every row they span, also over a page break. What is
    guessed goes to `doubts`; no guess fills a row with gaps (another of the `expected`
    columns empty too)."""
    records: list[Record] = []
    repairs: list[Repair] = []
    guesses: list[tuple[Cell, int, int]] = []  # (cell filled by a guess, column, page)
    flowed: list[tuple[Cell, int, Piece]] = []  # a merged cell's text gone on over a page
    fills: dict[Cell, Fill] = {}  # a merged cell -> the text (and rooms) that fills it
    feet: dict[int, Cell] = {}  # per column, the last cell with text that ran to a page foot
    for item in rows:
        row = item.row
        prev = records[-1] if records else None
        key_at_foot = key is not None and key in feet
        if row.top:
            flowed.clear()
            # the rest of a row the page broke: no key, or the rest of its key (`2` / `0`)
            rest_of_row = prev is not None and not _starts(records, row, key, key_at_foot)
            _carry_feet(row, feet, fills, merged_columns, expected, rest_of_row, guesses, flowed)
            # the rows above the break get the whole text too
            skip = prev if rest_of_row else None  # the rest of its row brings the text to it
            repairs += _flow_back(records, skip, flowed, row.page, names)
        if prev is not None and not _starts(records, row, key, key_at_foot):
            rest = _key_text(row, key) if key is not None else ""
            if rest:
                prev.label += rest
            repairs.append(join_continuation(prev, row))
        else:
            rec = _new_record(item, key, len(names), len(records))
            repairs += _fill_row(rec, row, fills, names)
            records.append(rec)
        for c, piece in enumerate(row.pieces):
            if piece.origin is not None and piece.at_foot and piece.origin.text.strip():
                feet[c] = piece.origin
    if doubts is not None:
        doubts.extend(_guessed(guesses, records, fills, names))
    return records, repairs


def _starts(records: Sequence[Record], row: SourceRow, key: int | None, key_at_foot: bool) -> bool:
    """Whether a row starts a record: it has a key, unless the key on top of a page finishes
    the key at the foot of the page before (`3` at a page foot, `7` on top of the next: 37,
    drawn one digit a line); the first row always does."""
    text = _key_text(row, key)
    if not records:
        return True
    if not text:
        return False
    return not (row.top and key_at_foot and _key_goes_on(records, text))


def _new_record(item: Grouped, key: int | None, n: int, count: int) -> Record:
    """A record started by a row, with no text yet, labelled by its key (by its number, after
    `count` records, where the table has no key column)."""
    row = item.row
    label = row.text(key) if key is not None else str(count + 1)
    return Record(
        page=row.page,
        label=join_lines(label.split("\n"), key=True)[0],
        area=item.area,
        last_page=row.page,
        parts=[[] for _ in range(n)],
        origins=[{} for _ in range(n)],
    )


def _flow_back(
    records: Sequence[Record],
    skip: Record | None,
    flowed: Sequence[tuple[Cell, int, Piece]],
    page: int,
    names: Sequence[str],
) -> list[Repair]:
    """Give the text of merged cells gone on over a page break to the records above the break
    that hold the cell's start (all but `skip`); return the repairs."""
    repairs: list[Repair] = []
    for foot, c, piece in flowed:
        for rec in records:
            if rec is skip:
                continue
            if foot in rec.origins[c]:
                rec.parts[c].append((piece.text, piece.rooms))
                if piece.origin is not None:
                    rec.borrow(c, piece.origin)
                repairs.append(Repair("merged-across-page", page, rec.label, names[c], "", ""))
    return repairs


def _guessed(
    guesses: Sequence[tuple[Cell, int, int]],
    records: Sequence[Record],
    fills: dict[Cell, Fill],
    names: Sequence[str],
) -> list[Failure]:
    """A doubt for each cell filled on a guess (cell, column, page), naming its record."""
    out: list[Failure] = []
    for cell, c, page in guesses:
        owner = next((r for r in records if cell in r.origins[c]), None)
        text, _, _ = fills[cell]
        out.append(
            doubt(
                "merged_guess",
                page,
                one_line(text),
                "doubt.merged_guess",
                column=names[c],
                row=owner.label if owner is not None else "",
            )
        )
    return out


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
    expected: Collection[int],
    rest: bool,
    guesses: list[tuple[Cell, int, int]],
    flowed: list[tuple[Cell, int, Piece]],
) -> None:
    """At the top of a page, a cell under a merged cell that ran to the foot of the page
    before goes on with it. An empty one takes its text when either side spans several rows
    or the column has merged cells elsewhere in the table (a word processor goes on with a
    merged cell on the next page, empty); in the rest of a row broken by the page (`rest`),
    one holding the rest of a broken text, and merged down, gives the rows it covers the
    whole text. No guess fills a row with gaps (another of the `expected` columns empty)."""
    for c, piece in enumerate(row.pieces):
        foot = feet.get(c)
        if foot is None or piece.origin is None or piece.covered:
            continue
        if not piece.text.strip():
            if foot.rowspan > 1 or piece.origin.rowspan > 1:
                fills[piece.origin] = (foot.text, foot.fit, (foot, piece.origin))
            elif (
                c in merged_columns
                and not _ends_on_its_page(foot)
                and all(row.text(o) for o in expected if o != c)
            ):
                # neither side is merged: a guess, said so
                fills[piece.origin] = (foot.text, foot.fit, (foot, piece.origin))
                guesses.append((piece.origin, c, row.page))
        elif (rest and piece.origin.rowspan > 1) or _goes_on(foot, piece, c, merged_columns):
            rooms = None
            if foot.fit is not None and piece.origin.fit is not None:
                rooms = foot.fit + piece.origin.fit
            fills[piece.origin] = (f"{foot.text}\n{piece.text}", rooms, (foot, piece.origin))
            flowed.append((foot, c, piece))
    feet.clear()


def _ends_on_its_page(foot: Cell) -> bool:
    """Whether a cell at a page's foot ends there: its text stands in the middle of its box,
    with a line's white at least around it. A merged cell the page breaks sets its text at the
    top of its first row (Writer's and Chromium's alike), so one centred on this page is whole."""
    if foot.ink is None:
        return False
    above = foot.ink[1] - foot.bbox[1]
    below = foot.bbox[3] - foot.ink[3]
    line = (foot.ink[3] - foot.ink[1]) / max(1, foot.text.count("\n") + 1)
    return above + below >= line and above >= 0.5 * below


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
            repairs.append(Repair(kind, row.page, rec.label, names[c], "", one_line(text)))
        elif piece.covered and piece.origin is not None:
            text, rooms = piece.origin.text, piece.origin.fit
            if text:
                repairs.append(
                    Repair("merged-cell", row.page, rec.label, names[c], "", one_line(text))
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
