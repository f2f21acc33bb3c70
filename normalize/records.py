"""From source rows to one record per indicator, every repair logged.

Steps: `classify` names each source row; `rows_to_records` drops repeated headers and header
fragments, turns group rows into an `area`, joins continuation rows and rows broken across
pages into their indicator, and fills merged cells; `clean_records` joins wrapped lines.

Limitations: a row belongs to a new indicator only when its number cell holds text; a
table without a number column keeps every grid row as its own record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pdztables.extract import Cell
from pdztables.schemas.profile import Profile, header_key

from .repairs import Repair
from .stitch import MIN_HEADER_MATCHES, Header, Piece, SourceRow, header_matches
from .text import clean_cell, join_lines

MIN_FRAGMENT_KEY = 3


@dataclass
class Record:
    """One indicator being assembled from source rows."""

    page: int
    label: str
    area: str
    last_page: int
    parts: list[list[str]]
    origins: list[dict[Cell, bool]] = field(default_factory=list)
    """Per column, the source cells that gave text, and whether each ran to its page's foot."""

    def add(self, col: int, text: str, piece: Piece) -> None:
        """Append a piece of text to a column unless the same merged cell gave it already."""
        if piece.origin is not None:
            if piece.origin in self.origins[col]:
                return
            self.origins[col][piece.origin] = piece.at_foot
        if text:
            self.parts[col].append(text)


def classify(row: SourceRow, header: Header, nr_col: int | None, profile: Profile) -> str:
    """What a source row is: header, fragment, group, data, continuation or empty."""
    texts = [row.text(c) for c in range(len(row.pieces))]
    if not any(texts):
        return "empty"
    if header_matches(texts, profile) >= MIN_HEADER_MATCHES:
        return "header"
    if _is_fragment(texts, header):
        return "fragment"
    if _is_group(row, texts, nr_col):
        return "group"
    if nr_col is None or texts[nr_col]:
        return "data"
    return "continuation"


def _is_fragment(texts: Sequence[str], header: Header) -> bool:
    """Every text of the row is whole lines of the header cell above it (e.g. only the dates).

    Whole lines, not any piece: a continuation holding just `anno` under `risultati attesi I
    anno` is data, not a fragment.
    """
    for c, t in enumerate(texts):
        if not t:
            continue
        key = header_key(t)
        if len(key) < MIN_FRAGMENT_KEY or key not in _line_runs(header.texts[c]):
            return False
    return True


def _line_runs(text: str) -> set[str]:
    """The keys of every run of consecutive lines of a header cell."""
    keys = [header_key(line) for line in text.split("\n")]
    return {"".join(keys[i:j]) for i in range(len(keys)) for j in range(i + 1, len(keys) + 1)}


def _is_group(row: SourceRow, texts: Sequence[str], nr_col: int | None) -> bool:
    """A label over the full width, or alone in the first column where a number should be."""
    filled = [c for c, t in enumerate(texts) if t]
    if len(filled) != 1:
        return False
    origin = row.pieces[filled[0]].origin
    if origin is not None and origin.colspan >= max(2, len(texts) // 2):
        return True
    only = filled[0]
    return nr_col is not None and only == nr_col == 0 and not _is_number(texts[only])


def _is_number(text: str) -> bool:
    joined, _ = join_lines(text.split("\n"), digits=True)
    return joined.replace(" ", "").isdigit()


def rows_to_records(
    rows: Sequence[SourceRow],
    header: Header,
    names: Sequence[str],
    profile: Profile,
    repairs: list[Repair],
) -> list[Record]:
    """Assemble one record per indicator, logging every row dropped, joined or filled."""
    nr_col = names.index("nr") if "nr" in names else None
    n = len(names)
    records: list[Record] = []
    area = ""
    fills: dict[Cell, str] = {}
    for row in rows:
        kind = classify(row, header, nr_col, profile)
        if kind == "header":
            if (row.page, row.row) != (header.page, header.row):
                repairs.append(Repair("repeated-header", row.page, "", "", _flat(row), ""))
            continue
        if kind == "fragment":
            repairs.append(Repair("header-fragment", row.page, "", "", _flat(row), ""))
            continue
        if kind == "group":
            area = _one_line(_flat(row))
            repairs.append(Repair("group-row", row.page, "", "area", _flat(row), area))
            continue
        if kind == "empty":
            continue
        prev = records[-1] if records else None
        if kind == "continuation" and prev is not None:
            what = "row-split" if row.page != prev.last_page else "continuation"
            for c, piece in enumerate(row.pieces):
                prev.add(c, "" if piece.covered else piece.text, piece)
            prev.last_page = row.page
            repairs.append(Repair(what, row.page, prev.label, "", _flat(row), ""))
            continue
        label = row.text(nr_col) if nr_col is not None else str(len(records) + 1)
        rec = Record(
            page=row.page,
            label=join_lines(label.split("\n"), digits=True)[0],
            area=area,
            last_page=row.page,
            parts=[[] for _ in range(n)],
            origins=[{} for _ in range(n)],
        )
        new_page = prev is not None and row.page != prev.last_page
        for c, piece in enumerate(row.pieces):
            text = piece.text
            if piece.covered and piece.origin is not None:
                text = fills.get(piece.origin, piece.origin.text)
                if text:
                    repairs.append(
                        Repair("merged-cell", row.page, rec.label, names[c], "", _one_line(text))
                    )
            elif new_page and prev is not None and piece.origin and not text.strip():
                text = _carried(prev, c, piece.origin)
                if text:
                    fills[piece.origin] = text
                    repairs.append(
                        Repair(
                            "merged-across-page", row.page, rec.label, names[c], "", _one_line(text)
                        )
                    )
            rec.add(c, text, piece)
        records.append(rec)
    return records


def _carried(prev: Record, col: int, empty: Cell) -> str:
    """The text of a merged cell that ran down to the foot of the page before, if any.

    Either side must be merged: the cell at the foot of the page before spans several rows,
    or the empty cell at the top of this page does (an empty merged cell is a continuation).
    """
    at_foot = [o for o, foot in prev.origins[col].items() if foot and o.text.strip()]
    if not at_foot or not (at_foot[-1].rowspan > 1 or empty.rowspan > 1):
        return ""
    return at_foot[-1].text


def _flat(row: SourceRow) -> str:
    return " | ".join(t for t in (row.text(c) for c in range(len(row.pieces))) if t)


def _one_line(text: str) -> str:
    return join_lines(text.split("\n"))[0]


def clean_records(
    records: Sequence[Record], names: Sequence[str], repairs: list[Repair]
) -> list[list[str]]:
    """Each record's cells as clean text, logging every line joined and space folded."""
    out = []
    for rec in records:
        values = []
        for c, name in enumerate(names):
            raw = "\n".join(rec.parts[c])
            text, kinds = clean_cell(raw, digits=(name == "nr"))
            for kind in kinds:
                repairs.append(Repair(kind, rec.page, rec.label, name, raw, text))
            values.append(text)
        out.append(values)
    return out
