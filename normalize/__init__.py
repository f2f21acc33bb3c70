"""Normalize stage: page tables in, one clean row per indicator out, with a log of every repair."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pdztables.errors import NoTableError
from pdztables.extract import Extraction
from pdztables.schemas.profile import Profile

from .columns import AREA_COLUMN, PAGE_COLUMN, ColumnMap, map_headers, output_order
from .records import clean_records, rows_to_records
from .repairs import KINDS, Repair
from .stitch import LeftOut, tables_to_header, tables_to_rows

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KINDS", "ColumnMap", "LeftOut", "Normalized", "Repair", "normalize"]


@dataclass(frozen=True)
class Normalized:
    """The clean table, where its columns came from, and every repair made on the way."""

    frame: pd.DataFrame
    columns: tuple[ColumnMap, ...]
    repairs: tuple[Repair, ...]
    header_page: int
    pages: tuple[int, ...]
    left_out: tuple[LeftOut, ...] = ()


def normalize(extraction: Extraction, profile: Profile) -> Normalized:
    """Stitch the page tables into one table of indicators in canonical columns."""
    import pandas as pd  # loaded here, not at import: see pdztables.pipeline

    header = tables_to_header(extraction.tables, profile)
    if header is None:
        raise NoTableError(_no_table(extraction))
    repairs: list[Repair] = []
    columns = map_headers(header.texts, profile)
    names = [c.name for c in columns]
    left_out: list[LeftOut] = []
    rows = tables_to_rows(extraction.tables, header, profile, repairs, left_out)
    records = rows_to_records(rows, header, names, profile, repairs)
    if not records:
        raise NoTableError(
            f"{extraction.source}: the indicator table's header is on page {header.page} "
            "but no rows follow it; check the file, or choose pages with --pages"
        )
    values = clean_records(records, names, repairs)
    frame = pd.DataFrame(values, columns=names, dtype="object")
    if any(r.area for r in records) and AREA_COLUMN not in names:
        frame[AREA_COLUMN] = [r.area for r in records]
        columns.append(ColumnMap(AREA_COLUMN, "(group rows)", True, "label of the group row"))
    frame[PAGE_COLUMN] = [r.page for r in records]
    frame = frame[output_order(list(frame.columns[:-1]), profile)]
    pages = tuple(sorted({r.page for r in rows}))
    return Normalized(frame, tuple(columns), tuple(repairs), header.page, pages, tuple(left_out))


def _no_table(extraction: Extraction) -> str:
    pages = extraction.pages_read
    hint = "check the file, or point --pages at the table"
    if not pages:
        return (
            f"{extraction.source}: no indicator table: no page holds a header such as "
            f"`nr.`, `Indicatore`, `tipologia` ({extraction.page_count} pages screened); {hint}"
        )
    where = f"pages {pages[0]}-{pages[-1]}" if len(pages) > 1 else f"page {pages[0]}"
    found = len(extraction.tables)
    seen = f"{found} other table(s) found, none with" if found else "no table with"
    return (
        f"{extraction.source}: no indicator table on {where} ({seen} a known header such as "
        f"`nr.`, `Indicatore`, `tipologia`); {hint}"
    )
