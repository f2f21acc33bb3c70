"""Every geometric tolerance of the layout engine, in one frozen, self-checking object.

Like pdfplumber's `TableSettings`: the defaults suit word-processor, spreadsheet and browser
exports; a profile may override any of them in its `[layout]` table; a wrong name or value is
refused with what is allowed. Lengths are PDF points unless the name says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from pdztables.errors import ProfileError

SHARES = (
    "row_share",
    "separator_cover",
    "cell_cover",
    "grid_share",
    "column_rule",
    "label_width",
    "keyed_rows",
    "ruled_rows",
    "foot_share",
    "prose_width",
    "carry_share",
    "stack_overlap",
    "header_rule_cover",
    "margin",
    "fit_share",
    "column_overlap",
    "page_foot",
    "page_head",
)
"""The settings that are shares of a whole, from 0 to 1."""


@dataclass(frozen=True)
class LayoutSettings:
    """The tolerances of the layout engine; see each field's comment for what it decides."""

    phrase_gap: float = 3.0
    """Characters on a line closer than this belong to one phrase (the text of one cell)."""
    space_white: float = 0.4
    """White of at least this much after a drawn space parts two cells' texts, however close
    (a cell's text ending in a space, the next cell's a point further on: a tight
    spreadsheet)."""
    line_overlap: float = 2.5
    """Phrases whose tops differ by at most this are on one text line."""
    row_share: float = 0.4
    """Characters whose tops differ by more than this share of a letter's height are on two
    lines (lines set in the middle of cells stand a few points apart, beside each other)."""
    text_tolerance: float = 3.0
    """pdfplumber's y tolerance when a cell's characters become lines of text."""
    space_gap: float = 0.15
    """Letters on a line further apart than this share of their size are two words where the
    PDF draws no space between them (`AANONSEN, DEBORAH` set tight, not `AANONSEN,DEBORAH`)."""
    min_rule: float = 10.0
    """Drawn segments shorter than this (underlines, bullets, ticks) are not rules."""
    rule_snap: float = 1.5
    """Rules and band edges closer than this (across their length) are one separator; a
    phrase starting or ending this close to a rule stands against it, not past it."""
    thin_fill: float = 2.0
    """A filled rectangle thinner than this is a rule (browsers draw borders so)."""
    min_band: float = 4.0
    """A filled rectangle at least this tall is a background band (header, stripe, group)."""
    separator_cover: float = 0.4
    """A rule or band edge across at least this share of the table's width separates rows."""
    cell_cover: float = 0.6
    """A rule across at least this share of a column's (or a row's) span closes that cell."""
    grid_share: float = 0.6
    """With no profile, a ruled grid holding all of a region's text and covering at least this
    share of the region is its table, read cell by cell."""
    column_rule: float = 0.5
    """In a region with no ruled grid (`pdztables tables`), a vertical rule running down at
    least this share of its text's height (its pieces summed: a rule drawn a row at a time)
    parts two columns."""
    white_tie: float = 0.5
    """Whites between a run of lines differing by at most this (points) are equally wide (a
    glyph box of another font shifts a line by a fraction of a point): where no white parts
    two keyed rows more clearly, they part at the second key."""
    row_white: float = 1.0
    """Lines above a table's first key that stand further than a cell's lines (plus this) from
    it are a row of their own (the rest of a row the page broke); closer ones are its row's
    (glyph boxes of other fonts shift a line by a point or less)."""
    header_matches: int = 3
    """A header holds at least this many cells that the profile knows."""
    max_header_lines: int = 8
    """A header has at most this many text lines in any one column (over all its rows)."""
    header_gap: float = 3.0
    """Lines of one header are at most this many line heights apart."""
    head_reach: float = 1.5
    """A rule or band edge at most this many line heights over a header's text is the top of
    the header's row (the table's top)."""
    stack_overlap: float = 0.3
    """Header texts over one another overlapping by at least this share of the narrower are one
    column's header cell (a wide text just touching the next column's is not)."""
    span_wrap: float = 0.8
    """A line at most this many line heights under a header cell spanning columns, aligned with
    it and alone under it, is that cell's text wrapped (further down, a header row of its own)."""
    span_align: float = 1.5
    """... and aligned with it: their centres, or their left ends, at most this far apart."""
    header_rule_cover: float = 0.8
    """A rule across this share of the header's width ends it (one across less, under a
    cell spanning columns, parts two header rows)."""
    side_reach: float = 20.0
    """A line reaching further than this beyond a table's sides is none of its lines (a line
    of prose, a caption across the page); a value running a little past the last column is."""
    side_rule: float = 12.0
    """A vertical rule at most this far outside the ends of a table's text is its side."""
    side_above: float = 30.0
    """Rules and bands from this far above a table's header count for its sides (a title's
    band over the header)."""
    first_lead: float = 15.0
    """Text starting at most this far left of the first header cell's text is the first
    column's (keys set left of a centred `nr.`), and sets the table's left side."""
    last_lead: float = 5.0
    """Text starting at most this far left of the last header cell's text is the last
    column's, and sets the table's right side (text starting further left is the column
    before's, running on)."""
    end_gap: float = 3.0
    """White space of more than this many line heights below the table ends it."""
    cell_gaps: float = 0.3
    """A table's line gaps fall in two groups, a cell's lines and its rows, where two gaps
    differ by at least this many line heights (and a point): the white between them tells a
    cell's wrapped lines from its rows."""
    space_width: float = 0.25
    """A space is this many line heights wide: a line whose first word would have fitted after
    the first column's last line above (with a space) starts a row; one that would not is that
    cell's text wrapped, even after a full stop."""
    label_width: float = 0.6
    """With no rules or bands, a lone phrase over the table's cuts narrower than this share of
    its width is a group's label (a line of the table); a wider one is prose, which ends it."""
    keyed_rows: float = 0.6
    """In a table with a key column: where at least this share of the bands drawn on both sides
    that hold a key hold one, the rules or bands run between the rows: each such band is one
    row (with no key column, see `ruled_rows`)."""
    ruled_rows: float = 0.5
    """In a table with no key column: where rules or band edges run between at least this
    share of its lines (two at least), the lines between two of them are one row."""
    foot_share: float = 0.16
    """A table ending (with nothing under it) within this share of its page's height from the
    foot runs to the foot: its last row may go on over the page."""
    margin: float = 0.1
    """The top and bottom share of a page where running headers and footers stand."""
    carry_tolerance: float = 6.0
    """A table on the next page continues this one when its sides are at most this far off."""
    carry_share: float = 0.3
    """With no profile, a column cut on the next page within this share of the narrower of its
    columns (or twice `carry_tolerance`) of the cut above goes on with it (a column's widest
    text, and the cut with it, differ from page to page)."""
    fit_share: float = 0.6
    """Share of a page's lines that must fit the columns for the page to continue a table."""
    cut_reach: float = 12.0
    """A column cut that crosses a word of a later page moves to the widest white within this
    far (a value longer than any on the header's page running to the next column's text)."""
    cell_padding: float = 8.0
    """A ruled cell's padding, read off where its column's text starts after the rule, is at
    most this (text starting further in is set in the middle, not padded): text reaches as
    near the rule on its right."""
    edge_pad: float = 1.0
    """A cut beside a column whose text lines up at its header's edge (left-aligned cells, or
    right-aligned ones) stands this far from that edge, not in the middle of the white before
    it: the other column's text may run up to its border on a later page (a spreadsheet's
    wrapped line)."""
    lined_up: float = 0.6
    """Texts whose left ends (or right ends) lie at most this far apart are lined up: cells
    aligned at their column's edge, which a cut beside them keeps `edge_pad` from."""
    column_overlap: float = 0.5
    """A page column matches a header column overlapping at least this share of the narrower."""
    min_gutter: float = 1.0
    """With no header to place them, white running down a region at least this wide parts two
    columns (phrases closer than `phrase_gap` are one phrase already)."""
    word_space: float = 0.6
    """White down a region narrower than this many line heights, between words only, is a
    justified line's wide word space, not a gutter."""
    tabular_gap: float = 2.5
    """With no header, a line with white this many line heights wide between two phrases
    stands in columns (wider than a justified line's word spaces)."""
    run_gap: float = 2.5
    """With no header, white more than this many line heights tall parts two runs of lines
    standing in columns (two tables)."""
    prose_width: float = 0.6
    """With no header, a lone phrase wider than this share of the page's text is a line of
    prose: it parts two runs of lines standing in columns."""
    area_reach: float = 40.0
    """With no header, text on a ruled grid's lines within this far beside it is its table's
    (columns drawn with no rules around the ruled part); further where the grid's own columns
    stand further apart (`area_gaps`)."""
    area_gaps: float = 1.5
    """With no header, text beside a ruled grid within this many times the usual gap between
    the phrases on its lines is its table's too, where that is further than `area_reach`."""
    wrap_aligned: float = 1.0
    """With no key column, a line that fills only columns the row above fills goes on with
    it (a cell's wrapped text) when each of its phrases stands lined up with the one above it,
    at the left end, the right end or the middle, within this many points (an indented
    sub-heading under a heading is a row of its own)."""
    frame_step: float = 2.5
    """With no header, where rules part a run of lines standing in columns row from row and
    a vertical rule runs down them, a rule across the run at most this many times their usual
    spacing above the run's top rule (or below its bottom one), with text between and the
    vertical rule running on to it, frames rows of the same table (a header and a group's
    label ruled as its rows are, though their phrases stand in no column of the rows)."""
    frame_lines: float = 2.0
    """Rules part a run of lines row from row when there is one for every this many of its
    lines at least (a row's cell wrapped onto a second line); rules further apart part groups
    of rows, and frame no header above them."""
    frame_cover: float = 0.9
    """A rule frames a run of lines when it runs across at least this share of the run's
    width."""
    grid_head: float = 1.2
    """With no header, a line of two phrases or more at most this many line heights over a
    ruled grid, within its sides, is a header line of its table (drawn without rules)."""
    same_size: float = 0.3
    """Texts whose heights differ by at most this are set in one size (a line in a page's
    margin and the line under it: one cell's text, not a running head and a row)."""
    running_apart: float = 1.5
    """A line in a page's margin this many line heights apart from the page's text is a
    running head or foot."""
    page_foot: float = 0.65
    """A table with no header whose bottom lies below this share of its page's height runs to
    the page's foot (a table on the next page may go on with it)."""
    page_head: float = 0.35
    """A table with no header whose top lies above this share of its page's height starts at
    the page's head (it may go on with the table of the page before)."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            kind = int if f.type in ("int", int) else float
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ProfileError(f"layout setting {f.name}: {value!r} is not a number")
            if kind is int and not isinstance(value, int):
                raise ProfileError(f"layout setting {f.name}: {value!r} is not a whole number")
            if value <= 0:
                raise ProfileError(f"layout setting {f.name}: {value!r} must be above 0")
        for name in SHARES:
            if getattr(self, name) > 1:
                raise ProfileError(f"layout setting {name}: a share, from 0 to 1")
        if self.header_matches < 2:
            raise ProfileError("layout setting header_matches: at least 2")
        if self.thin_fill >= self.min_band:
            raise ProfileError("layout setting thin_fill must be below min_band")

    @classmethod
    def resolve(cls, given: LayoutSettings | Mapping[str, Any] | None) -> LayoutSettings:
        """Settings from None (the defaults), a mapping of overrides, or settings as they are."""
        if given is None:
            return cls()
        if isinstance(given, LayoutSettings):
            return given
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(given) - names)
        if unknown:
            raise ProfileError(
                f"layout setting {unknown[0]!r} is unknown; known: {', '.join(sorted(names))}"
            )
        values: dict[str, Any] = {
            k: float(v) if isinstance(v, int) and _is_float(k) else v for k, v in given.items()
        }
        return cls(**values)


def _is_float(name: str) -> bool:
    return next(f for f in fields(LayoutSettings) if f.name == name).type in ("float", float)
