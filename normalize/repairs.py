"""The repair log: every change the normalizer makes, with where it made it."""

from __future__ import annotations

from dataclasses import dataclass

from pdztables.i18n import entry, repair_kinds

KINDS: dict[str, tuple[str, str]] = repair_kinds("en")
"""kind -> (title, what it means) in English, in the order the report lists them; the
catalogues (`pdztables/catalog/`) hold them in every language."""


@dataclass(frozen=True)
class Repair:
    """One change made to the source table, pointing at page and row like a proofreader's note."""

    kind: str
    page: int
    row: str
    column: str
    before: str
    after: str
    box: tuple[float, float, float, float] | None = None
    """Where a row left out (a repeated header, a fragment, a group row) was drawn on its page;
    repairs of an indicator's cells find theirs through the indicator's record."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown repair kind {self.kind!r}")

    @property
    def title(self) -> str:
        """The kind's title, for a report (in English; `entry` gives it in a language)."""
        return KINDS[self.kind][0]

    def title_in(self, lang: str) -> str:
        """The kind's title in a language."""
        return str(entry(f"repair.{self.kind}", lang)[0])

    @property
    def message(self) -> str:
        """One line saying what changed where."""
        where = f"page {self.page}" + (f", row {self.row}" if self.row else "")
        col = f", column {self.column}" if self.column else ""
        return f"{self.title} at {where}{col}"
