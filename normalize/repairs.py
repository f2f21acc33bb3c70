"""The repair log: every change the normalizer makes, with where it made it."""

from __future__ import annotations

from dataclasses import dataclass

# kind -> (title, what it means), in the order the report lists them.
KINDS: dict[str, tuple[str, str]] = {
    "repeated-header": (
        "Repeated header dropped",
        "the header row drawn again at the top of a later page",
    ),
    "header-fragment": (
        "Header fragment dropped",
        "a row holding only pieces of the header (such as the dates of the measurement columns)",
    ),
    "trailing-text": (
        "Text under the table left out",
        "a line under the table's last row, in its columns, that labels no indicator "
        "(a note or a source line)",
    ),
    "group-row": (
        "Group row turned into a column",
        "a full-width row labelling the indicators below it; its label goes to column “area”",
    ),
    "row-split": (
        "Row broken across pages joined",
        "the rest of a row, at the top of the next page with an empty number cell",
    ),
    "continuation": (
        "Continuation row joined",
        "a row with an empty number cell, joined to the indicator above it",
    ),
    "merged-cell": (
        "Merged cell filled",
        "a cell spanning several rows, its text copied into every row it spans",
    ),
    "merged-across-page": (
        "Merged cell continued across a page",
        "an empty cell at the top of a page, under a merged cell that ran to the page foot",
    ),
    "wrapped-cell": (
        "Wrapped lines joined",
        "the lines of a cell joined with one space",
    ),
    "hyphen-join": (
        "Hyphenated wrap joined",
        "a line ending in a letter or digit and “-”, before a letter or digit, joined without "
        "a space, hyphen kept",
    ),
    "slash-join": (
        "Wrap after a slash joined",
        "a line ending in “/” right after a letter or digit, joined without a space",
    ),
    "cut-word": (
        "Cut word joined",
        "a line that fills its cell and ends inside a word the next line goes on with, joined "
        "without a space (“05ZER” + “O”)",
    ),
    "digits-join": (
        "Number digits joined",
        "a number drawn one digit per line in a key column too narrow for it (“1” over “3” = 13)",
    ),
    "whitespace": (
        "White space folded",
        "runs of spaces folded to one, non-breaking spaces made spaces, ends trimmed",
    ),
    "ligature": (
        "Ligature resolved",
        "a typographic ligature character (ﬁ, ﬂ, ...) written as its letters",
    ),
    "column-aligned": (
        "Columns aligned",
        "a page whose table has other column bounds, aligned to the header's columns",
    ),
}


@dataclass(frozen=True)
class Repair:
    """One change made to the source table, pointing at page and row like a proofreader's note."""

    kind: str
    page: int
    row: str
    column: str
    before: str
    after: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown repair kind {self.kind!r}")

    @property
    def title(self) -> str:
        """The kind's title, for a report."""
        return KINDS[self.kind][0]

    @property
    def message(self) -> str:
        """One line saying what changed where."""
        where = f"page {self.page}" + (f", row {self.row}" if self.row else "")
        col = f", column {self.column}" if self.column else ""
        return f"{self.title} at {where}{col}"
