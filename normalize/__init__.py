"""Normalize stage: page tables in, one clean row per indicator out, with a log of every repair."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pdztables.errors import NoTableError
from pdztables.extract import Extraction, Header
from pdztables.schemas.profile import Profile

from .columns import ColumnMap, map_headers, output_order
from .records import (
    Record,
    assemble,
    clean_records,
    drop_fragments,
    drop_header_rows,
    merged_columns,
    table_lexicon,
    take_group_rows,
)
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

    @property
    def header_page(self) -> int:
        """The page where the table's header is."""
        return self.header.page


def normalize(extraction: Extraction, profile: Profile) -> Normalized:
    """Stitch the page tables into one table of indicators in canonical columns."""
    import pandas as pd  # loaded here, not at import: see pdztables.pipeline

    header = extraction.header
    if header is None:
        raise NoTableError(_no_table(extraction))
    repairs: list[Repair] = []
    left_out: list[LeftOut] = []
    columns = map_headers(header.parts, profile)
    names = [c.name for c in columns]
    key = header.key
    rows: list[SourceRow] = tables_to_rows(
        extraction.tables, header, repairs, left_out, profile.layout.column_overlap
    )
    pages = tuple(sorted({r.page for r in rows}))
    body, log = drop_header_rows(rows)
    repairs += log
    body, log = drop_fragments(body, header)
    repairs += log
    grouped, log = take_group_rows(body, key, profile.group_column)
    repairs += log
    records, log = assemble(grouped, key, names, merged_columns(body))
    repairs += log
    if not records:
        raise NoTableError(
            f"{extraction.source}: the indicator table's header is on page {header.page} "
            "but no rows follow it"
        )
    lexicon = table_lexicon(records, [t for parts in header.parts for t in parts])
    values, log = clean_records(records, names, key, lexicon)
    repairs += log
    frame = pd.DataFrame(values, columns=names, dtype="object")
    group = profile.group_column
    if any(r.area for r in records) and group not in names:
        frame[group] = [r.area for r in records]
        columns.append(ColumnMap(group, "(group rows)", True, "label of the group row"))
    frame[profile.page_column] = [r.page for r in records]
    frame = frame[output_order(list(frame.columns[:-1]), profile)]
    return Normalized(
        frame,
        tuple(columns),
        tuple(repairs),
        header,
        pages,
        tuple(left_out),
        names[key] if key is not None else None,
        tuple(records),
    )


def _no_table(extraction: Extraction) -> str:
    pages = extraction.pages_read
    if not pages:
        return (
            f"{extraction.source}: no indicator table: no page holds a header such as "
            f"`nr.`, `Indicatore`, `tipologia` ({extraction.page_count} pages screened)"
        )
    where = f"pages {pages[0]}-{pages[-1]}" if len(pages) > 1 else f"page {pages[0]}"
    found = len(extraction.tables)
    seen = f"{found} other table(s) found, none with" if found else "no table with"
    return (
        f"{extraction.source}: no indicator table on {where} ({seen} a known header such as "
        "`nr.`, `Indicatore`, `tipologia`)"
    )
