"""What validation reports: a failure of the table's contract or a doubt, pointing at page and
row the way a proofreader points at a line."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Failure:
    """One finding, pointing at row and page where it has them."""

    severity: str
    column: str
    check: str
    row: str
    page: int | None
    value: str
    message: str


def doubt(
    check: str, page: int | None, value: str, message: str, column: str = "", row: str = ""
) -> Failure:
    """A doubt of the reading (rows that may be missing, a guessed merged cell): an error
    naming what to check."""
    return Failure(ERROR, column, check, row, page, value, message)
