"""The Excel workbook: the table with text as text and typed values typed, for analysts.

Sheets: `Indicatori` (the table), `Rilevazioni` (the monitoring long form), `Validazione`
(every finding), `Riparazioni` (the repair log). Text is stored as text with the text format
(`@`), so a spreadsheet never turns `1.500` into a number or `50%` into 0,5; the typed columns
are numbers (a percentage as a fraction formatted `0%`, so `50%` shows as 50%); the key and the
page are whole numbers. No cell is ever a formula: a text starting with `=` stays text. Each
sheet has its header row (and its first column) frozen, an autofilter, fitted column widths and
wrapped text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from pdztables.i18n import DEFAULT_LANG, text

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl.worksheet.worksheet import Worksheet

    from pdztables.pipeline import Result

TEXT = "@"
WHOLE = "0"
DATE = "dd/mm/yyyy"
MAX_WIDTH = 50
"""Widest column, in characters; longer texts wrap."""


@dataclass(frozen=True)
class Column:
    """How a sheet's column is stored: `text`, `whole` (an integer where the text is digits),
    `number` (a float; where the column `unit_of` says `%`, a fraction formatted `0%`) or
    `date` (an ISO date stored as a date, shown day/month/year)."""

    name: str
    kind: str = "text"
    unit_of: str | None = None
    """For a number: the column holding its unit (`%` stores the value as a fraction)."""


def write_workbook_to(result: Result, path: Path, lang: str = DEFAULT_LANG) -> None:
    """Write the workbook straight to a path; findings and repairs in a language."""
    from openpyxl import Workbook

    table = result.table
    frame = table.frame
    key = table.key
    pages = result.profile.page_column
    book = Workbook()
    indicators = book.active
    assert indicators is not None
    indicators.title = "Indicatori"
    _fill(indicators, frame, _frame_columns(frame, table.typed, key, pages))
    long_form = result.long_form
    long_columns = [Column(c, "whole" if c in ("nr", pages) else "text") for c in long_form.columns]
    for i, c in enumerate(long_columns):
        if c.name == "valore":
            long_columns[i] = Column(c.name, "number", "unita")
        elif c.name == "target":
            long_columns[i] = Column(c.name, "number", "target_unita")
        elif c.name == "data":
            long_columns[i] = Column(c.name, "date")
    _fill(book.create_sheet("Rilevazioni"), long_form, long_columns)
    _fill_rows(
        book.create_sheet("Validazione"),
        ["gravita", "pagina", "riga", "colonna", "controllo", "valore", "messaggio"],
        [
            [
                text(f"report.{f.severity}", lang),
                f.page,
                f.row,
                f.column,
                f.check,
                f.value,
                f.text(lang),
            ]
            for f in result.validation.failures
        ],
        whole={"pagina", "riga"},
    )
    _fill_rows(
        book.create_sheet("Riparazioni"),
        ["tipo", "descrizione", "pagina", "riga", "colonna", "prima", "dopo"],
        [
            [r.kind, r.title_in(lang), r.page, r.row, r.column, r.before, r.after]
            for r in table.repairs
        ],
        whole={"pagina", "riga"},
    )
    book.save(path)


def _frame_columns(
    frame: pd.DataFrame, typed: dict[str, str], key: str | None, pages: str
) -> list[Column]:
    out = []
    for name in frame.columns:
        kind = typed.get(name)
        if name in (key, pages):
            out.append(Column(name, "whole"))
        elif kind == "valore":
            out.append(Column(name, "number", name.removesuffix("_valore") + "_unita"))
        elif kind == "min_subambito":
            out.append(Column(name, "whole"))
        else:
            out.append(Column(name))
    return out


def _fill(sheet: Worksheet, frame: pd.DataFrame, columns: Sequence[Column]) -> None:
    names = [c.name for c in columns]
    rows = frame[names].astype(object).values.tolist()
    _header(sheet, names)
    index = {n: k for k, n in enumerate(names)}
    for r, values in enumerate(rows, start=2):
        for k, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
            unit = values[index[col.unit_of]] if col.unit_of in index else None
            _put(sheet, r, k, value, col.kind, unit)
    _finish(sheet, [["" if _missing(v) else str(v) for v in row] for row in rows], names)


def _fill_rows(sheet: Worksheet, names: list[str], rows: list[list[Any]], whole: set[str]) -> None:
    _header(sheet, names)
    for r, values in enumerate(rows, start=2):
        for k, (name, value) in enumerate(zip(names, values, strict=True), start=1):
            _put(sheet, r, k, value, "whole" if name in whole else "text", None)
    _finish(sheet, [["" if v is None else str(v) for v in row] for row in rows], names)


def _header(sheet: Worksheet, names: Sequence[str]) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    for k, name in enumerate(names, start=1):
        cell = sheet.cell(row=1, column=k)
        _text(cell, name)
        cell.font = bold
        cell.alignment = _wrapped()


def _missing(value: Any) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    import pandas as pd

    return value is pd.NA


@cache
def _wrapped() -> Any:
    """One shared style object: openpyxl keeps one copy per distinct style anyway."""
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")


def _put(sheet: Worksheet, row: int, column: int, value: Any, kind: str, unit: Any) -> None:
    cell = sheet.cell(row=row, column=column)
    if _missing(value) or value == "":
        _style(cell, None)
        return
    if kind == "whole":
        text = str(value).strip()
        if text.isdigit():
            cell.value = int(text)
            _style(cell, WHOLE)
        else:
            _text(cell, text)
    elif kind == "date":
        try:
            cell.value = date.fromisoformat(str(value))
            _style(cell, DATE)
        except ValueError:
            _text(cell, str(value))
    elif kind == "number":
        number = float(value)
        if unit == "%":
            cell.value = number / 100
            _style(cell, "0%" if number.is_integer() else "0.0#%")
        else:
            cell.value = int(number) if number.is_integer() else number
            _style(cell, WHOLE if number.is_integer() else "0.0#")
    else:
        _text(cell, str(value))


def _text(cell: Any, text: str) -> None:
    """Text stored as text: the text format, never a formula (a value starting with `=`)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    cell.data_type = "s"
    _style(cell, TEXT)


_styles: WeakKeyDictionary[Any, dict[str | None, Any]] = WeakKeyDictionary()
"""Per workbook, the style of a cell wrapped at the top, by number format (None: general)."""


def _style(cell: Any, number_format: str | None) -> None:
    """Wrap a cell's text at its top, in a number format: the style made once per workbook and
    copied (openpyxl would otherwise look each part of it up, cell after cell)."""
    made = _styles.setdefault(cell.parent.parent, {})
    style = made.get(number_format)
    if style is None:
        cell.alignment = _wrapped()
        if number_format is not None:
            cell.number_format = number_format
        made[number_format] = copy(cell._style)
    else:
        cell._style = copy(style)


def _finish(sheet: Worksheet, rows: list[list[str]], names: Sequence[str]) -> None:
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "B2"
    if names:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(len(rows) + 1, 2)}"
    for k, name in enumerate(names):
        longest = max(
            [min(len(name), 18)] + [len(line) for row in rows for line in row[k].splitlines()],
            default=4,
        )
        sheet.column_dimensions[get_column_letter(k + 1)].width = min(
            max(longest, 4) + 2, MAX_WIDTH
        )
