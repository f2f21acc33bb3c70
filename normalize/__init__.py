"""Normalize stage: page tables in, one clean row per indicator out, with a log of every repair."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pdztables.errors import NoTableError, plural
from pdztables.extract import Extraction, Header, PageTable
from pdztables.extract.budget import given_up_text
from pdztables.schemas.findings import WARNING, Failure, doubt, finding
from pdztables.schemas.profile import Profile

from . import derive as typed
from . import ocr
from .body import drop_clipped_rests, drop_fragments, drop_header_rows, keep_tops, take_group_rows
from .columns import GROUP_SOURCE, ColumnMap, map_headers, output_order
from .merges import fill_unruled_merges
from .records import Record, assemble, clean_records, merged_columns, table_lexicon
from .repairs import KINDS, Repair
from .stitch import LeftOut, SourceRow, tables_to_rows

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KINDS", "ColumnMap", "LeftOut", "Normalized", "Repair", "normalize"]


@dataclass(frozen=True)
class Normalized:
    """The clean table, where its columns came from, and every repair made on the way."""

    frame: pd.DataFrame
    columns: tuple[ColumnMap, ...]
    repairs: tuple[Repair, ...]
    header: Header
    pages: tuple[int, ...]
    left_out: tuple[LeftOut, ...] = ()
    key: str | None = None
    """The output column holding the indicators' keys, if the table has one."""
    records: tuple[Record, ...] = ()
    """The assembled records (page, key, where each cell came from), row by row."""
    doubts: tuple[Failure, ...] = ()
    """What the reading is unsure of (rows that may be missing, a guessed merged cell)."""
    typed: dict[str, str] = field(default_factory=dict)
    """The typed columns derived from the text (see `derive`), each with its kind."""
    unread: tuple[Failure, ...] = ()
    """Texts the typed columns could not be read from (warnings)."""
    measurements: pd.DataFrame | None = None
    """The long form of the monitoring results, where measurement columns hold values."""
    pairs: tuple[tuple[str, str], ...] = ()
    """(measurement column, target column) for each date compared."""
    parts: tuple[PageTable, ...] = ()
    """The page tables the indicator table was read from, in order."""

    @property
    def text_columns(self) -> list[str]:
        """The columns holding the source's words (and the page column)."""
        return [c for c in self.frame.columns if c not in self.typed]

    @property
    def header_page(self) -> int:
        """The page where the table's header is."""
        return self.header.page


def normalize(extraction: Extraction, profile: Profile) -> Normalized:
    """Stitch the page tables into one table of indicators in canonical columns."""
    header = extraction.header
    if header is None:
        raise NoTableError(_no_table(extraction))
    repairs: list[Repair] = []
    left_out: list[LeftOut] = []
    doubts: list[Failure] = []
    # a header read by OCR is matched with OCR's slips in mind
    columns = map_headers(header.parts, profile.for_scans() if extraction.scans else profile)
    names = [c.name for c in columns]
    key = header.key
    included: list[PageTable] = []
    rows: list[SourceRow] = tables_to_rows(
        extraction.tables,
        header,
        repairs,
        left_out,
        profile.layout.column_overlap,
        included,
        {page for page, _, _ in extraction.given_up},
    )
    pages = tuple(sorted({r.page for r in rows}))
    records = _records(rows, header, names, profile, included, repairs, doubts)
    if not records:
        raise NoTableError(
            f"{extraction.source}: the indicator table's header is on page {header.page} "
            "but no rows follow it"
        )
    lexicon = table_lexicon(records, [t for parts in header.parts for t in parts])
    values, log = clean_records(records, names, key, lexicon, doubts)
    repairs += log
    if extraction.scans:  # cells read by OCR: slips mended, unsure words marked
        repairs += ocr.mend(values, records, names, profile, extraction.scans)
        doubts += ocr.unsure_cells(values, records, names, extraction.scans)
        doubts += ocr.strange_words(values, records, names, profile, extraction.scans)
    frame = _frame(values, records, columns, profile)
    key_name = names[key] if key is not None else None
    doubts += unread_rows(extraction, included, left_out, key_name)
    doubts += damage_doubts(extraction, key_name or "")
    doubts += wordless_headers(columns, header.page)
    doubts += impossible_dates(columns, header.page)
    derived = typed.derive(frame, columns, profile, key_name)
    return Normalized(
        derived.frame,
        tuple(columns),
        tuple(repairs),
        header,
        pages,
        tuple(left_out),
        key_name,
        tuple(records),
        tuple(doubts),
        derived.kinds,
        derived.findings,
        derived.measurements,
        derived.pairs,
        tuple(included),
    )


def _records(
    rows: list[SourceRow],
    header: Header,
    names: list[str],
    profile: Profile,
    included: list[PageTable],
    repairs: list[Repair],
    doubts: list[Failure],
) -> list[Record]:
    """The records of the indicator table's source rows, after the steps of `body` and
    `records.assemble` (and, in unruled tables, merged cells filled); the repairs made go to
    `repairs`, what is guessed to `doubts`."""
    key = header.key
    rows, log = drop_clipped_rests(rows, header)
    repairs += log
    doubts += header_extras(rows, header)
    body, log = drop_header_rows(rows)
    repairs += log
    body, log = drop_fragments(body, header)
    repairs += log
    body = keep_tops(body)
    grouped, log = take_group_rows(body, key, profile.group_column, doubts)
    repairs += log
    wanted = expected_filled(profile, names)
    expected = [c for c, name in enumerate(names) if name in wanted]
    records, log = assemble(grouped, key, names, merged_columns(body), doubts, expected)
    repairs += log
    if included and all(t.ruling in ("text", "bands") for t in included):
        centred = any(t.centred for t in included)
        log, found = fill_unruled_merges(records, names, wanted, centred)
        repairs += log
        doubts += found
    return records


def _frame(
    values: list[list[str]], records: list[Record], columns: list[ColumnMap], profile: Profile
) -> pd.DataFrame:
    """The table of clean values with its page column and, where group rows labelled the
    records, its group column (added to `columns`), in output order."""
    import pandas as pd  # loaded here, not at import: see pdztables.pipeline

    names = [c.name for c in columns]
    frame = pd.DataFrame(values, columns=names, dtype="object")
    group = profile.group_column
    if any(r.area for r in records) and group not in names:
        frame[group] = [r.area for r in records]
        columns.append(ColumnMap(group, GROUP_SOURCE, True))
    frame[profile.page_column] = [r.page for r in records]
    return frame[output_order(list(frame.columns[:-1]), profile)]


def expected_filled(profile: Profile, names: list[str]) -> set[str]:
    """The columns the profile expects to hold text in every row (an empty one is a finding)."""
    out = set()
    for name in names:
        spec = profile.spec_for(name)
        if spec is not None and spec.not_empty:
            out.add(name)
    return out


def wordless_headers(columns: list[ColumnMap], page: int) -> list[Failure]:
    """A column the profile does not know whose header has no word (`202 3`): a piece of a
    neighbour's header cut off by a narrow column, not a column of its own."""
    return [
        doubt("header_unsure", page, c.source, "doubt.header_unsure", column=c.name)
        for c in columns
        if not c.known and not any(ch.isalpha() for ch in c.source)
    ]


def header_extras(rows: list[SourceRow], header: Header) -> list[Failure]:
    """A header drawn again on a later page that holds letters or signs the table's header
    does not (a `≥` of the first row under it, standing up into the header's band): they go
    out with the repeated header, so the reading says so. The row's letters are counted
    against the whole header's (a word may fall into the next column on another page)."""
    from collections import Counter

    own = Counter("".join("".join(t for part in header.parts for t in part).split()))
    out = []
    for row in rows:
        if row.kind != "header" or row.first_table:
            continue
        text = " ".join(" ".join(t.split()) for t in row.texts() if t.strip())
        extra = Counter("".join(text.split())) - own
        if extra:
            out.append(
                doubt(
                    "header_extra",
                    row.page,
                    text[:120],
                    "doubt.header_extra",
                    extra="".join(extra.elements()),
                )
            )
    return out


def impossible_dates(columns: list[ColumnMap], page: int) -> list[Failure]:
    """A measurement column whose header names a date no calendar has (`Dato rilevato al
    31/09/2023`): kept as the source writes it, and said."""
    from datetime import date

    out = []
    for c in columns:
        day = c.name[-10:]
        if (
            c.known
            and len(day) == 10
            and day[4] == day[7] == "-"
            and day.replace("-", "").isdigit()
        ):
            try:
                date.fromisoformat(day)
            except ValueError:
                out.append(
                    finding(
                        WARNING,
                        "header_date",
                        "doubt.header_date",
                        column=c.name,
                        page=page,
                        value=c.source,
                    )
                )
    return out


def unread_rows(
    extraction: Extraction,
    included: list[PageTable],
    left_out: list[LeftOut],
    key: str | None,
) -> list[Failure]:
    """Where rows may have been missed: lines like rows under a table's last row, a table that
    runs to a page foot with the next page not read, a table left out with a header the
    profile knows."""
    out: list[Failure] = []
    column = key or ""
    for table in included:
        if table.straddling:
            out.append(doubt("column_unsure", table.page, table.straddling, "doubt.column_unsure"))
        if table.overdrawn:
            out.append(doubt("overdrawn", table.page, table.overdrawn, "doubt.overdrawn"))
        if table.unread:
            lines = "; ".join(repr(t[:60]) for t in table.unread[:2])
            out.append(
                doubt(
                    "rows_unread",
                    table.page,
                    table.unread[0],
                    "doubt.rows_unread",
                    column=column,
                    count=len(table.unread),
                    lines=lines,
                )
            )
    if included:
        last = max(included, key=lambda t: (t.page, t.bbox[1]))
        after = last.page + 1
        if last.at_foot and after <= extraction.page_count and after not in extraction.pages_read:
            out.append(
                doubt(
                    "rows_unread",
                    last.page,
                    "",
                    "doubt.next_page_unread",
                    column=column,
                    after=after,
                )
            )
    for x in left_out:
        if x.header:
            out.append(
                doubt(
                    "table_left_out", x.page, x.header[:80], "doubt.table_left_out", column=column
                )
            )
    return out


def damage_doubts(extraction: Extraction, column: str) -> list[Failure]:
    """Where the reading of a damaged or hostile file may have lost rows: a damaged page tree,
    pages given up (their reading past its allowance)."""
    out: list[Failure] = []
    if extraction.page_tree is not None:
        screened, read = extraction.page_tree
        out.append(doubt("page_tree", None, "", "doubt.page_tree", screened=screened, read=read))
    for page, step, limit in extraction.given_up:
        out.append(
            doubt(
                "page_given_up",
                page,
                f"{limit:g}",
                f"doubt.page_given_up_{step}",
                column=column,
                limit=f"{limit:g}",
            )
        )
    return out


def _no_table(extraction: Extraction) -> str:
    pages = extraction.pages_read
    ocr = " by OCR, the PDF having no text layer" if extraction.ocr_screened else ""
    read_by = "; read by OCR, the pages having no text layer" if extraction.scans else ""
    if not pages:
        return (
            f"{extraction.source}: no indicator table: no page holds a header such as "
            f"`nr.`, `Indicatore`, `tipologia` ({plural(extraction.page_count, 'page')} "
            f"screened{ocr})"
        )
    where = f"pages {pages[0]}-{pages[-1]}" if len(pages) > 1 else f"page {pages[0]}"
    found = len(extraction.tables)
    seen = f"{found} other table(s) found, none with" if found else "no table with"
    given_up = "".join(f"; {given_up_text(given)}" for given in extraction.given_up)
    return (
        f"{extraction.source}: no indicator table on {where} ({seen} a known header such as "
        f"`nr.`, `Indicatore`, `tipologia`{given_up}{read_by})"
    )
