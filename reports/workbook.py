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
MAX_WIDTH = 30
"""Widest column, in characters; longer texts wrap (the row grows to hold them)."""
HEAD_WIDTH = 12
"""A column is at least this wide for its header (or as wide as the header, if shorter)."""
BOLD = 1.1
"""How much wider the header's bold letters are than plain ones."""
LETTER = 0.85
"""A letter's average width in a column's width units (which count the widest digits)."""
MAX_HEIGHT = 409.0
"""The tallest row a spreadsheet keeps, in points (Excel's limit); a taller text scrolls."""
LINE = 15.0
"""The height of one line of 11-point text, in points: a row is this times its lines."""


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
    """Write the workbook straight to a path; labels, findings and repairs in a language."""
    from openpyxl import Workbook

    from .labels import column_labels, long_labels

    table = result.table
    frame = table.frame
    key = table.key
    pages = result.profile.page_column
    labels = column_labels(result, lang)
    book = Workbook()
    indicators = book.active
    assert indicators is not None
    indicators.title = "Indicatori"
    columns = _frame_columns(frame, table.typed, key, pages)
    # the source's columns and the page first, the typed columns after them
    columns.sort(key=lambda c: c.name in table.typed)
    _fill(indicators, frame, columns, labels)
    long_form = result.long_form
    long_columns = [Column(c, "whole" if c in ("nr", pages) else "text") for c in long_form.columns]
    for i, c in enumerate(long_columns):
        if c.name == "valore":
            long_columns[i] = Column(c.name, "number", "unita")
        elif c.name == "target":
            long_columns[i] = Column(c.name, "number", "target_unita")
        elif c.name == "data":
            long_columns[i] = Column(c.name, "date")
    names = list(long_form.columns)
    long_heads = dict(zip(names, long_labels(names, pages, lang), strict=True))
    if key is not None and key in labels:
        long_heads["nr"] = labels[key]  # the long form's nr is the table's key
    _fill(book.create_sheet("Rilevazioni"), long_form, long_columns, long_heads)
    finding_keys = ["severity", "page", "row", "column", "check", "value", "message"]
    _fill_rows(
        book.create_sheet("Validazione"),
        [text(f"label.finding.{k}", lang) for k in finding_keys],
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
        whole={1, 2},
    )
    repair_keys = ["kind", "title", "page", "row", "column", "before", "after"]
    _fill_rows(
        book.create_sheet("Riparazioni"),
        [text(f"label.repair.{k}", lang) for k in repair_keys],
        [
            [r.kind, r.title_in(lang), r.page, r.row, r.column, r.before, r.after]
            for r in table.repairs
        ],
        whole={2, 3},
    )
    _fill_rows(
        book.create_sheet("Colonne"),
        [text(f"label.columns_sheet.{k}", lang) for k in ("label", "name", "source", "meaning")],
        _column_rows(result, labels, lang),
        whole=set(),
    )
    for sheet in book.worksheets:
        _print_setup(sheet, result.source.name)
    printed = sum(1 for c in columns if c.name not in table.typed)
    if printed:
        # the source's columns and the page print; the typed ones stay on screen for filters
        # and pivots (their values print in Rilevazioni), else a page's width holds letters
        # too small to read
        from openpyxl.utils import get_column_letter

        indicators.print_area = f"A1:{get_column_letter(printed)}{len(frame) + 1}"
    book.save(path)


def _column_rows(result: Result, labels: dict[str, str], lang: str) -> list[list[Any]]:
    """The `Colonne` sheet: each column of `Indicatori` with its label, its name in the CSV,
    the header it was read from and what it holds."""
    table = result.table
    sources = {c.name: c for c in table.columns}
    rows: list[list[Any]] = []
    for name in table.frame.columns:
        kind = table.typed.get(name)
        mapped = sources.get(name)
        if name == result.profile.page_column:
            meaning = text("label.columns_sheet.page", lang)
        elif kind == "esito":
            measured = next(
                (m for m, _ in table.pairs if m.endswith(name.removeprefix("esito_"))), name
            )
            meaning = text("label.columns_sheet.esito", lang, column=labels.get(measured, measured))
        elif kind is not None:
            base = name.removesuffix("_" + kind)
            meaning = text("label.columns_sheet.typed", lang, column=labels.get(base, base))
        elif mapped is not None and not mapped.known:
            meaning = text("label.columns_sheet.unknown", lang)
        else:
            meaning = text("label.columns_sheet.source_text", lang)
        source = mapped.source if mapped is not None and kind is None else ""
        rows.append([labels[name], name, source, meaning])
    return rows


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


def _fill(
    sheet: Worksheet, frame: pd.DataFrame, columns: Sequence[Column], labels: dict[str, str]
) -> None:
    names = [c.name for c in columns]
    rows = frame[names].astype(object).values.tolist()
    heads = [labels.get(n, n) for n in names]
    _header(sheet, heads)
    index = {n: k for k, n in enumerate(names)}
    for r, values in enumerate(rows, start=2):
        for k, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
            unit = values[index[col.unit_of]] if col.unit_of in index else None
            _put(sheet, r, k, value, col.kind, unit)
    _finish(sheet, [["" if _missing(v) else str(v) for v in row] for row in rows], heads)


def _fill_rows(sheet: Worksheet, names: list[str], rows: list[list[Any]], whole: set[int]) -> None:
    """A sheet of plain rows under a header; the columns at the indexes `whole` hold whole
    numbers."""
    _header(sheet, names)
    for r, values in enumerate(rows, start=2):
        for k, value in enumerate(values, start=1):
            _put(sheet, r, k, value, "whole" if k - 1 in whole else "text", None)
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
    """Freeze the header and first column, filter, fit the widths to the text (a header wraps
    between its words, never inside one) and set each row's height to its wrapped lines."""
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "B2"
    if names:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(len(rows) + 1, 2)}"
    widths = []
    for k, name in enumerate(names):
        word = max((len(w) for w in name.split()), default=0) * BOLD
        longest = max([word] + [len(line) for row in rows for line in row[k].splitlines()])
        width = min(max(longest, 4, min(len(name), HEAD_WIDTH)) + 2, MAX_WIDTH)
        widths.append(max(width, math.ceil(word) + 2))
        sheet.column_dimensions[get_column_letter(k + 1)].width = widths[-1]
    head = max((wrapped_lines(n, w, BOLD) for n, w in zip(names, widths, strict=True)), default=1)
    sheet.row_dimensions[1].height = min(LINE * head, MAX_HEIGHT)
    for r, row in enumerate(rows, start=2):
        lines = max((wrapped_lines(v, w) for v, w in zip(row, widths, strict=True)), default=1)
        sheet.row_dimensions[r].height = min(LINE * lines, MAX_HEIGHT)


def wrapped_lines(value: str, width: float, scale: float = 1.0) -> int:
    """How many lines a text takes in a column `width` characters wide, wrapped between
    words (a word longer than the line is broken); `scale` widens every letter (bold)."""
    room = max((width - 1.5) / (scale * LETTER), 1.0)
    total = 0
    for paragraph in value.splitlines() or [""]:
        lines, used = 1, 0.0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size <= room:
                used += 1 + size
                continue
            if used:
                lines += 1
            pieces = math.ceil(size / room)  # a word longer than the line is broken
            lines += pieces - 1
            used = size - room * (pieces - 1)
        total += lines
    return max(total, 1)


def _print_setup(sheet: Worksheet, source: str) -> None:
    """Print each sheet on landscape A4 pages, fitted to the page's width, its header row
    repeated on every page, the sheet and plan in the page head and the page number in the
    foot, with the grid printed."""
    from openpyxl.worksheet.page import PageMargins

    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    fit, head, foot = sheet.sheet_properties.pageSetUpPr, sheet.oddHeader, sheet.oddFooter
    assert fit is not None and head is not None and foot is not None
    fit.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    head.center.text = f"&A: {source.replace('&', '&&')}"
    foot.center.text = "&P / &N"
