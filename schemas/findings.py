"""What validation reports: a failure of the table's contract or a doubt, pointing at page and
row the way a proofreader points at a line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdztables.i18n import text

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Failure:
    """One finding, pointing at row and page where it has them; its message is a key of the
    catalogues (`pdztables/catalog/`) with its parameters, written in a language when shown."""

    severity: str
    column: str
    check: str
    row: str
    page: int | None
    value: str
    key: str
    params: tuple[tuple[str, Any], ...] = ()
    box: tuple[float, float, float, float] | None = None
    """Where on its page the finding points (points, top-left origin), when it points at a
    place rather than at a row's cell: a word lost, rows that overlap."""

    def text(self, lang: str) -> str:
        """The message in a language (`it`, `en`)."""
        return text(self.key, lang, **dict(self.params))

    @property
    def message(self) -> str:
        """The message in English (the terminal's language)."""
        return self.text("en")


def finding(
    severity: str,
    check: str,
    key: str,
    /,
    *,
    column: str = "",
    row: str = "",
    page: int | None = None,
    value: str = "",
    **params: Any,
) -> Failure:
    """A finding whose message is `key` with `params`; `column`, `row`, `value` and `page`
    are parameters of the message too."""
    params = {"column": column, "row": row, "value": value, "page": page, **params}
    return Failure(severity, column, check, row, page, value, key, tuple(params.items()))


def doubt(
    check: str,
    page: int | None,
    value: str,
    key: str,
    /,
    column: str = "",
    row: str = "",
    **params: Any,
) -> Failure:
    """A doubt of the reading (rows that may be missing, a guessed merged cell): an error
    naming what to check."""
    return finding(ERROR, check, key, column=column, row=row, page=page, value=value, **params)
