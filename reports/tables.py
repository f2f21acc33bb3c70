"""CSV writers: `;` and a byte-order mark for Italian Excel, or plain `,` UTF-8 for tools."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from .files import write_atomically

SEPARATORS = (";", ",")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet takes for the start of a formula in a CSV cell (OWASP, CSV injection)."""
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*\s?%?")


def needs_guard(text: str) -> bool:
    """Whether a CSV cell would run as a formula in Excel or LibreOffice: it starts with `=`,
    `+`, `-`, `@`, a tab or a carriage return and is not a plain number (`-5`, `+10%`) or a
    lone sign or dash (`=`, `-`, which run nothing)."""
    if not text or text[0] not in FORMULA_START:
        return False
    return not _PLAIN_NUMBER.fullmatch(text) and text.strip("=-–— ") != ""


def guard(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading apostrophe where `needs_guard` says so."""
    return "'" + text if needs_guard(text) else text


def csv_encoding(sep: str) -> str:
    """UTF-8 with a byte-order mark for Excel's `;`; plain UTF-8 with `,`."""
    return "utf-8-sig" if sep == ";" else "utf-8"


def write_csv(frame: pd.DataFrame, path: Path, sep: str = ";", guarded: bool = True) -> None:
    """Write the table atomically; every value as text, as the source has it."""
    write_atomically([(path, lambda tmp: write_csv_to(frame, tmp, sep, guarded))])


def decimal_mark(sep: str) -> str:
    """The decimal mark that goes with a separator: `,` in Italian `;` files, else `.`."""
    return "," if sep == ";" else "."


def number_text(value: object, decimal: str = ".") -> str:
    """A typed value as CSV text: empty for a missing one, whole numbers without decimals
    (`10`, not `10.0`), others with the given decimal mark (`12,5`)."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
        return text.replace(".", decimal)
    return str(value)


def as_text(frame: pd.DataFrame, sep: str, guarded: bool = False) -> pd.DataFrame:
    """The table with every cell as text: typed columns written as `number_text` says; with
    `guarded`, cells a spreadsheet would run as formulas get a leading apostrophe."""
    import pandas as pd

    decimal = decimal_mark(sep)
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_numeric_dtype(out[name].dtype):
            out[name] = [number_text(v, decimal) for v in out[name].tolist()]
        else:
            out[name] = [
                "" if v is None or v is pd.NA else (guard(str(v)) if guarded else v)
                for v in out[name].tolist()
            ]
    return out


def write_csv_to(frame: pd.DataFrame, path: Path, sep: str = ";", guarded: bool = True) -> None:
    """Write the table straight to a path (use `write_csv` for an atomic write); cells a
    spreadsheet would run as formulas get a leading apostrophe unless `guarded` is False."""
    if sep not in SEPARATORS:
        raise ValueError(f"separator must be one of {SEPARATORS}, not {sep!r}")
    text = as_text(frame, sep, guarded)
    with path.open("w", encoding=csv_encoding(sep), newline="") as fh:
        text.to_csv(fh, sep=sep, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")


def read_csv(path: Path, sep: str = ",") -> pd.DataFrame:
    """Read a CSV written by `write_csv` (or a golden file) back, every cell as text."""
    import pandas as pd

    return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding=csv_encoding(sep))
