"""The layout engine's geometric steps on hand-made characters, rules and bands.

Each tolerance of `LayoutSettings` is pinned by a case on each side of it: a test here fails
when any of them is changed by a large factor (three times up or down).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from glyphs import SIZE, cells, chars, content, line_obj, lines_of, rect_obj
from pdfplumber.utils.clustering import cluster_objects

from pdztables.extract.cells import cell_lines, grid_to_table, lines_fit
from pdztables.extract.classify import is_label, top_fragment
from pdztables.extract.columns import (
    best_cut,
    refine_cuts,
    snap_columns,
    table_sides,
    without_spanners,
)
from pdztables.extract.doubts import overflowing_text
from pdztables.extract.ends import continues_table, fits, table_end
from pdztables.extract.graphics import Band, Graphics, Rule, objects_to_graphics
from pdztables.extract.header import lines_to_headers
from pdztables.extract.pagedata import PageData, load_page, page_content, seen
from pdztables.extract.place import RowBand, Separator
from pdztables.extract.primitives import Line, char_rows, chars_to_phrases, phrases_to_lines
from pdztables.extract.readpage import read_page
from pdztables.extract.rows import rows_of, separators
from pdztables.extract.running import running_lines
from pdztables.extract.settings import LayoutSettings
from pdztables.extract.spans import cell_boxes, content_edges
from pdztables.extract.textrows import centred_rows, join_leads
from pdztables.normalize.stitch import align_columns
from pdztables.schemas import load_profile

ST = LayoutSettings()
PROFILE = load_profile()
COLUMNS = ((40.0, 80.0), (80.0, 300.0), (300.0, 360.0), (360.0, 420.0))


def graphics(objects: dict[str, list[dict[str, object]]]) -> Graphics:
    return objects_to_graphics(objects, ST)  # type: ignore[arg-type]


# -- text ---------------------------------------------------------------------------------


def test_phrases_split_at_gaps_wider_than_phrase_gap() -> None:
    near = cells(("ab", 100.0), ("cd", 110.0), top=50)  # 2 points apart
    far = cells(("ab", 100.0), ("cd", 113.0), top=50)  # 5 points apart
    assert [p.text for p in chars_to_phrases(near, ST)] == ["abcd"]
    assert [p.text for p in chars_to_phrases(far, ST)] == ["ab", "cd"]


def test_phrases_split_at_a_vertical_rule_between_two_letters() -> None:
    touching = cells(("ab", 100.0), ("cd", 108.0), top=50)
    rule = Rule(108.0, 40.0, 70.0)
    assert [p.text for p in chars_to_phrases(touching, ST, [rule])] == ["ab", "cd"]


def test_lines_group_phrases_within_line_overlap() -> None:
    close = cells(("nr", 40.0), top=50) + cells(("Indicatore", 90.0), top=51.5)
    apart = cells(("nr", 40.0), top=50) + cells(("Indicatore", 90.0), top=54.0)
    assert len(lines_of(close)) == 1
    assert len(lines_of(apart)) == 2


def test_phrases_drawn_over_one_another_are_two_lines() -> None:
    """A spreadsheet draws the header's band over the running head: `Ambito Distrettuale`
    and the header's `nr.` cross, 2.5 points apart in height. Two layers, two lines; the
    header's `II anno`, beside the head, stays on the header's line."""
    head = cells(("Ambito Distrettuale", 40.0), top=38.0)
    header = cells(("nr.", 40.7), ("Indicatore", 80.0), ("II anno", 150.0), top=40.5)
    texts = [[p.text for p in ln.phrases] for ln in lines_of(head + header)]
    assert texts == [["Ambito Distrettuale"], ["nr.", "Indicatore", "II anno"]]
    # the same two points apart, side by side: one line (text set in the middle of cells)
    beside = cells(("Ambito", 40.0), top=38.0) + cells(("II anno", 150.0), top=40.5)
    assert len(lines_of(beside)) == 1
    # a bold made by hand, each letter drawn again half a point lower: one line
    bold = head + cells(("Ambito Distrettuale", 40.3), top=38.5)
    assert len(lines_of(bold)) == 1


def test_cell_lines_cluster_within_text_tolerance() -> None:
    one = chars("ab", 100, 50) + chars("cd", 120, 52)
    two = chars("ab", 100, 50) + chars("cd", 120, 56)
    assert [ln.text for ln in cell_lines(one, ST)] == ["ab cd"]
    assert [ln.text for ln in cell_lines(two, ST)] == ["ab", "cd"]


def test_white_of_space_white_after_a_drawn_space_parts_two_cells() -> None:
    """A tight spreadsheet: `Crema ` ends in a drawn space and the next cell's `34` starts a
    point on (two cells); a space followed at once by text (a fifth of a point: the space's
    own box rounded) is a space inside one cell."""

    def texts(white: float) -> list[str]:
        drawn = chars("Crema ", 100, 50) + chars("34", 124 + white, 50)
        return [p.text for p in chars_to_phrases(drawn, ST)]

    assert texts(1.0) == ["Crema", "34"]
    assert texts(0.2) == ["Crema 34"]


def test_letters_further_apart_than_space_gap_of_their_size_are_two_words() -> None:
    """A PDF that draws no space between words (`AANONSEN, DEBORAH` set tight): the white
    between two words, a quarter of the letters' size, parts them; the white between letters
    (a twelfth of it here: kerning, a tight font) does not."""
    word = chars("AA", 100, 50) + chars("NO", 108 + SIZE / 12, 50)  # a twelfth apart
    apart = word + chars("DE", 116 + SIZE / 12 + SIZE / 4, 50)  # a quarter further on
    assert [ln.text for ln in cell_lines(apart, ST)] == ["AANO DE"]


def test_a_right_to_left_line_reads_right_to_left_its_numbers_left_to_right() -> None:
    """Hebrew as a PDF draws it, as seen (left to right: `2024 םולש`): the cell's text in
    reading order, the number's digits in theirs; a line with no such script as drawn."""
    hebrew = chars("2024", 100, 50) + chars("םולש", 120, 50)
    assert [ln.text for ln in cell_lines(hebrew, ST)] == ["שלום 2024"]
    assert [ln.text for ln in cell_lines(chars("Crema 2024", 100, 50), ST)] == ["Crema 2024"]


def test_a_margin_line_goes_on_in_the_line_under_it_only_in_the_same_size() -> None:
    """`unica (a` in a page's margin over `conclusione del PdZ)`: one cell's text when both are
    set in one size (heights a fifth of a point apart); a line in another size under it (half
    a point taller) is not its text."""
    from pdztables.extract.primitives import Phrase
    from pdztables.extract.running import cell_line

    def line(text: str, top: float, height: float) -> Line:
        right = 40.0 + 4 * len(text)
        return Line(top, top + height, (Phrase(text, 40.0, right, top, top + height, ()),))

    head = line("unica (a", 20.0, 7.0)
    assert cell_line(head, [line("conclusione del PdZ)", 28.0, 7.2)], ST) is not None
    assert cell_line(head, [line("conclusione del PdZ)", 28.0, 7.5)], ST) is None


# -- rules and bands ------------------------------------------------------------------------


def test_segments_shorter_than_min_rule_are_not_rules() -> None:
    g = graphics({"line": [line_obj(100, 50, 108, 50), line_obj(200, 60, 214, 60)]})
    assert [(r.pos, r.length) for r in g.hrules] == [(60.0, 14.0)]


def test_a_short_segment_between_two_rules_is_a_cell_border() -> None:
    """Under `1` in a narrow `N.` column the border runs 9.9 points from one vertical rule to
    the next: a rule all the same. The same segment with one end free is not."""
    sides = [line_obj(29.1, 40, 29.1, 200), line_obj(39.0, 40, 39.0, 200)]
    closed = graphics({"line": [*sides, line_obj(29.1, 118.8, 39.0, 118.8)]})
    assert [r.pos for r in closed.hrules] == [118.8]
    free = graphics({"line": [*sides, line_obj(29.1, 118.8, 36.0, 118.8)]})
    assert free.hrules == ()
    # no vertical rules, but the row's border goes on past a merged cell on the same line
    along = graphics(
        {"line": [line_obj(32.2, 122.6, 41.2, 122.6), line_obj(197, 122.6, 500, 122.6)]}
    )
    assert [(r.start, r.end) for r in along.hrules] == [(32.2, 41.2), (197.0, 500.0)]


def test_segments_closer_than_rule_snap_are_one_rule() -> None:
    joined = graphics({"line": [line_obj(100, 50, 200, 50), line_obj(200, 51, 300, 51)]})
    apart = graphics({"line": [line_obj(100, 50, 200, 50), line_obj(200, 54, 300, 54)]})
    assert len(joined.hrules) == 1
    assert len(apart.hrules) == 2


def test_pieces_of_one_rule_a_hair_apart_in_height_join_whatever_their_order() -> None:
    """A rule drawn in pieces, one a little higher: the pieces left of it are not lost when
    the higher piece sorts first."""
    pieces = [
        line_obj(31.3, 290.25, 157.7, 290.25),
        line_obj(247.3, 290.25, 778.7, 290.25),
        line_obj(157.7, 289.5, 247.3, 289.5),
    ]
    rules = graphics({"line": pieces}).hrules  # type: ignore[dict-item]
    assert [(r.start, r.end) for r in rules] == [(31.3, 778.7)]


def test_a_thin_filled_rectangle_is_a_rule_a_tall_one_a_band() -> None:
    g = graphics({"rect": [rect_obj(100, 50, 300, 51), rect_obj(100, 80, 300, 85)]})
    assert [r.pos for r in g.hrules] == [50.5]
    assert [(b.top, b.bottom) for b in g.bands] == [(80, 85)]


def test_a_filled_rectangle_between_thin_fill_and_min_band_is_neither() -> None:
    g = graphics({"rect": [rect_obj(100, 50, 300, 53)]})
    assert g.hrules == () and g.bands == ()


def test_white_fills_are_not_bands() -> None:
    g = graphics({"rect": [rect_obj(100, 50, 300, 70, grey=1.0)]})
    assert g.bands == ()


def test_a_fill_inside_one_of_its_colour_draws_no_edge() -> None:
    """Spreadsheets shade a cell, then each line of its text again in the cell's colour: the
    lines' fills cannot be seen, and the cell's two lines stay one row."""
    cell = rect_obj(80, 100, 300, 130)
    lines = [rect_obj(85, 100, 295, 115), rect_obj(85, 115, 295, 130)]
    g = graphics({"rect": [cell, *lines]})
    assert [(b.top, b.bottom) for b in g.bands] == [(100, 130)]
    seps = separators(g, COLUMNS, 60.0, 200.0, ST)
    assert not any(110 < s.y < 120 for s in seps)


def test_a_page_of_fills_too_many_to_compare_is_read_as_drawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past `MAX_LOOKS` fills looked at (thousands piled on one another), none is hidden."""
    from pdztables.extract import graphics as drawing

    cell = rect_obj(80, 100, 300, 130)
    lines = [rect_obj(85, 100, 295, 115), rect_obj(85, 115, 295, 130)]
    monkeypatch.setattr(drawing, "MAX_LOOKS", 4)
    g = graphics({"rect": [cell, *lines]})
    assert [(b.top, b.bottom) for b in g.fills] == [(100, 130), (100, 115), (115, 130)]


def test_a_fill_shows_where_another_colour_was_painted_between() -> None:
    """A white box painted over a shaded panel, then a cell shaded in the panel's colour: the
    cell is seen, its edges with it."""
    panel, white = rect_obj(40, 60, 420, 200), rect_obj(60, 80, 400, 180, grey=1.0)
    g = graphics({"rect": [panel, white, rect_obj(80, 100, 300, 130)]})
    assert (100, 130) in [(b.top, b.bottom) for b in g.fills]
    g = graphics({"rect": [panel, rect_obj(80, 100, 300, 130, grey=0.5)]})
    assert (100, 130) in [(b.top, b.bottom) for b in g.fills]  # another colour is seen


def test_a_stroked_fill_or_a_frames_hole_is_seen() -> None:
    """A cell filled and stroked shows its border; pdfminer gives a frame filled even-odd as
    two rectangles, the inner one its hole: neither is hidden, and the frame hides nothing."""
    panel = rect_obj(40, 60, 420, 200)
    stroked = {**rect_obj(80, 100, 300, 130), "stroke": True}
    g = graphics({"rect": [panel, stroked]})
    assert (100, 130) in [(b.top, b.bottom) for b in g.fills]
    frame = [{**r, "evenodd": True} for r in (panel, rect_obj(80, 100, 300, 130))]
    g = graphics({"rect": frame})
    assert (100, 130) in [(b.top, b.bottom) for b in g.fills]


def test_drawing_order_runs_across_rectangles_and_paths() -> None:
    """A white path painted over a shaded panel before a cell of the panel's colour shows the
    cell (the reader numbers paths and rectangles in one order: `seq`); a cover painted after
    a fill hides it whatever was painted between."""
    panel, cell = {**rect_obj(40, 60, 420, 200), "seq": 1}, {**rect_obj(80, 100, 300, 130)}
    pts = [(60.0, 80.0), (400.0, 80.0), (400.0, 180.0), (60.0, 180.0)]
    white = {"x0": 60, "top": 80, "x1": 400, "bottom": 180, "pts": pts, "fill": True}
    white |= {"stroke": False, "non_stroking_color": (1.0, 1.0, 1.0), "seq": 2}
    g = graphics({"rect": [panel, {**cell, "seq": 3}], "curve": [white]})
    assert (100, 130) in [(b.top, b.bottom) for b in g.fills]
    g = graphics({"rect": [{**cell, "seq": 1}, {**panel, "seq": 3}], "curve": [white]})
    assert (100, 130) not in [(b.top, b.bottom) for b in g.fills]


def test_a_rectangle_filled_as_a_path_is_a_band_not_rules() -> None:
    """A cell's shading drawn point by point (a path, not a rectangle operator) ends where its
    colour ends: a band, with no rules along its sides; stroked, its sides are rules."""
    pts = [(80.0, 100.0), (300.0, 100.0), (300.0, 115.0), (80.0, 115.0)]
    path = {"x0": 80, "top": 100, "x1": 300, "bottom": 115, "pts": pts, "fill": True}
    path["non_stroking_color"] = (0.8, 0.8, 0.8)
    g = graphics({"curve": [{**path, "stroke": False}]})
    assert g.hrules == () and g.vrules == ()
    assert [(b.x0, b.top, b.x1, b.bottom) for b in g.bands] == [(80, 100, 300, 115)]
    g = graphics({"curve": [{**path, "stroke": True}]})
    assert [r.pos for r in g.hrules] == [100, 115]


def test_separators_need_separator_cover_of_the_width() -> None:
    half = Rule(100.0, 40.0, 250.0)  # 210 of 380 points: 55%
    third = Rule(120.0, 40.0, 160.0)  # 120 of 380: 32%
    seps = separators(Graphics((half, third), (), ()), COLUMNS, 60.0, 200.0, ST)
    assert [s.y for s in seps] == [60.0, 100.0, 200.0]


def test_band_edges_separate_rows() -> None:
    band = rect_obj(40, 100, 420, 120)
    g = graphics({"rect": [band]})
    seps = separators(g, COLUMNS, 60.0, 200.0, ST)
    assert [(s.y, s.source) for s in seps] == [
        (60.0, "edge"),
        (100, "band"),
        (120, "band"),
        (200.0, "edge"),
    ]


def test_where_rules_part_cells_a_fill_edge_beside_them_closes_none() -> None:
    """A merged cell's fill (column 2, 80-300) stops at 101, beside the rule under the row at
    100 that skips that column: the cell goes on down, the rule alone says so."""
    rules = [line_obj(40, 100, 80, 100), line_obj(300, 100, 420, 100)]
    g = graphics({"line": rules, "rect": [rect_obj(80, 60, 300, 101)]})
    (sep,) = [s for s in separators(g, COLUMNS, 50.0, 200.0, ST) if 99 < s.y < 102]
    assert sep.source == "rule"
    assert not sep.covers(80.0, 300.0, ST.cell_cover)
    bands_only = graphics({"rect": [rect_obj(40, 60, 420, 101)]})  # no rule: the edge parts
    (edge,) = [s for s in separators(bands_only, COLUMNS, 50.0, 200.0, ST) if 99 < s.y < 102]
    assert edge.covers(80.0, 300.0, ST.cell_cover)


# -- cells ----------------------------------------------------------------------------------


def _two_rows(rule_cover: tuple[float, float]) -> list[tuple[float, float, float, float]]:
    """Two rows under a rule that covers column 2 (80-300) over the given span."""
    a, b = rule_cover
    seps = [
        Separator(60.0, "edge", ((40.0, 420.0),)),
        Separator(80.0, "rule", ((40.0, 80.0), (a, b), (300.0, 420.0))),
        Separator(100.0, "edge", ((40.0, 420.0),)),
    ]
    lines = lines_of(cells(("1", 42.0), ("x", 90.0), top=65) + cells(("2", 42.0), top=85))
    rows = rows_of(seps, lines, COLUMNS, 0, ST)
    return cell_boxes(rows, COLUMNS, [[] for _ in COLUMNS[:-1]], ST)


def test_a_rule_short_of_cell_cover_leaves_the_cell_merged_down() -> None:
    merged = _two_rows((80.0, 140.0))  # 60 of 220 points: 27%
    assert (80.0, 60.0, 300.0, 100.0) in merged
    closed = _two_rows((80.0, 270.0))  # 190 of 220: 86%
    assert (80.0, 60.0, 300.0, 80.0) in closed


def test_text_run_out_under_a_ruled_tables_last_rule_is_its_cells() -> None:
    """A browser paints the text of a cell the page broke past its box: `dal nucleo`, under
    the grid's last rule (80), where no vertical rule runs, right under the cell's text in
    column 1, is that cell's; a note under the table starting at its left is not."""
    across = ((40.0, 420.0),)
    rows = [
        RowBand(
            40.0,
            60.0,
            Separator(40.0, "rule", across),
            tuple(lines_of(cells(("1", 42.0), ("testo", 90.0), ("x", 305.0), top=45))),
            False,
        ),
        RowBand(
            60.0,
            80.0,
            Separator(60.0, "rule", across),
            tuple(
                lines_of(
                    cells(("2", 42.0), ("Promuovere", 90.0), ("x", 305.0), top=63)
                    + cells(("il benessere", 90.0), top=71)
                )
            ),
            False,
        ),
    ]
    cut_rules = [[Rule(x, 40.0, 80.0)] for x in (80.0, 300.0, 360.0)]
    spill = RowBand(
        80.0,
        88.0,
        Separator(80.0, "rule", across),
        tuple(lines_of(cells(("dal nucleo", 90.0), top=80.5))),
        True,
    )
    boxes = cell_boxes([*rows, spill], COLUMNS, cut_rules, ST, 3.0)
    assert (80.0, 60.0, 300.0, 88.0) in boxes
    assert len(boxes) == 8
    note = replace(spill, lines=tuple(lines_of(cells(("Fonte: ATS", 42.0), top=80.5))))
    boxes = cell_boxes([*rows, note], COLUMNS, cut_rules, ST, 3.0)
    assert (80.0, 60.0, 300.0, 80.0) in boxes
    assert (40.0, 80.0, 420.0, 88.0) in boxes


def test_set_in_the_middle_a_cell_past_a_stripe_holds_one_text() -> None:
    """Zebra stripes stop short of a merged column (column 1). In a table that sets its text
    in the middle, a cell goes on past them while the rows have no text of their own there;
    a row with a text of its own that does not go on with the cell's (`tre` under `uno`)
    starts a new cell, however far the first cell's text would reach if centred."""
    stripe = ((40.0, 80.0), (300.0, 420.0))  # across all but column 1
    seps = [Separator(40.0, "edge", ((40.0, 420.0),))]
    seps += [Separator(y, "band", stripe) for y in (60.0, 80.0, 100.0, 120.0)]
    seps += [Separator(140.0, "edge", ((40.0, 420.0),))]
    lines = lines_of(
        cells(("1", 42.0), ("x", 305.0), top=44)
        + cells(("2", 42.0), ("uno", 90.0), ("x", 305.0), top=84)
        + cells(("3", 42.0), ("x", 305.0), top=104)
        + cells(("4", 42.0), ("tre", 90.0), ("x", 305.0), top=124)
    )
    rows = rows_of(seps, lines, COLUMNS, 0, ST)
    boxes = cell_boxes(rows, COLUMNS, [[] for _ in COLUMNS[:-1]], ST, 3.0, centred=True)
    (tre,) = [b for b in boxes if b[0] == 80.0 and b[1] <= 124.0 < b[3]]
    assert tre[1] == 120.0


def test_lines_above_the_first_rows_key_do_not_make_a_table_centred() -> None:
    """`indicat`, the rest of a clipped header cell, over the first key of a page, in the
    first row's band: no sign of text set in the middle; the same over a later row's key is."""
    stripes = [Separator(y, "band", ((40.0, 420.0),)) for y in (70.0, 90.0)]
    seps = [Separator(40.0, "edge", ((40.0, 420.0),)), *stripes]
    seps += [Separator(110.0, "edge", ((40.0, 420.0),))]
    rest = cells(("indicat", 305.0), top=52)  # a line of its own, higher than half a line
    rows_ = cells(("16", 42.0), ("primo", 90.0), ("output", 305.0), top=56)
    rows_ += cells(("17", 42.0), ("b", 90.0), top=76)
    last = cells(("18", 42.0), ("c", 90.0), top=96)
    rows = rows_of(seps, lines_of(rest + rows_ + last), COLUMNS, 0, ST)
    assert [len(r.lines) for r in rows] == [2, 1, 1]
    assert not centred_rows(rows, COLUMNS, 0)
    # over a later row's key, a cell of two lines around it is a sign
    later = cells(("indicat", 305.0), top=91) + cells(("18", 42.0), ("c", 90.0), top=96)
    later += cells(("ore", 305.0), top=101)
    rows = rows_of(seps, lines_of(rows_ + later), COLUMNS, 0, ST)
    assert [len(r.lines) for r in rows] == [1, 1, 3]
    assert centred_rows(rows, COLUMNS, 0)


def test_lines_above_a_key_under_a_groups_band_make_a_table_centred() -> None:
    """A group's band right under the header, then a row whose cell of three lines is set in
    the middle, its first line above the key: read apart, that line is a row of no key under
    the group's label, and it goes on beside the key; a sign of text set in the middle, so it
    is the row's (it was joined to the label's row, `nr` empty)."""
    seps = [Separator(40.0, "edge", ((40.0, 420.0),)), Separator(58.0, "band", ((40.0, 420.0),))]
    seps += [Separator(130.0, "edge", ((40.0, 420.0),))]
    label = cells(("AREA GOVERNANCE", 42.0), top=45)
    first = cells(("Numero di incontri", 90.0), top=64)
    first += cells(("1", 42.0), ("processo", 305.0), top=69) + cells(("comunali", 90.0), top=74)
    rest = cells(("2", 42.0), ("Numero", 90.0), ("output", 305.0), top=95)
    rest += cells(("3", 42.0), ("Percentuale", 90.0), ("outcome", 305.0), top=112)
    rows = rows_of(seps, lines_of(label + first + rest), COLUMNS, 0, ST)
    assert [[ln.text for ln in r.lines] for r in rows] == [
        ["AREA GOVERNANCE"],
        ["Numero di incontri", "1 processo", "comunali"],
        ["2 Numero output"],
        ["3 Percentuale outcome"],
    ]
    assert centred_rows(rows, COLUMNS, 0)


def test_a_merged_cells_last_line_over_a_rows_key_does_not_make_a_table_centred() -> None:
    """A cell merged down from the rows above, its text at the top and set at its own pitch,
    ends a line above a later row's first line: its line stands over the row's key but does
    not go on beside it, as text set in the middle would."""
    stripes = [Separator(y, "band", ((40.0, 420.0),)) for y in (70.0, 90.0)]
    seps = [Separator(40.0, "edge", ((40.0, 420.0),)), *stripes]
    seps += [Separator(110.0, "edge", ((40.0, 420.0),))]
    merged = cells(("16", 42.0), ("Rafforzare il", 90.0), ("x", 305.0), top=56)
    merged += cells(("sistema di", 90.0), top=65) + cells(("17", 42.0), ("x", 305.0), top=76)
    merged += cells(("accesso", 90.0), top=85) + cells(("unitario", 90.0), top=91)
    merged += cells(("18", 42.0), ("x", 305.0), top=96)
    rows = rows_of(seps, lines_of(merged), COLUMNS, 0, ST)
    assert [len(r.lines) for r in rows] == [2, 2, 2]
    assert not centred_rows(rows, COLUMNS, 0)


def test_a_band_drawn_on_one_side_only_does_not_make_rows_drawn() -> None:
    """Under a header fragment drawn in a box (rules at 54 and 74), a page's one band ends at
    the table's undrawn end: it tells nothing of rules between rows, so the rest of a row the
    page broke (`resto`, well apart from the key's row) is a row of its own, not the key's."""
    seps = [
        Separator(54.0, "rule", ((40.0, 420.0),)),
        Separator(74.0, "rule", ((40.0, 420.0),)),
        Separator(104.0, "edge", ((40.0, 420.0),)),
    ]
    lines = lines_of(
        cells(("2022", 305.0), top=60)
        + cells(("resto", 90.0), top=77)
        + cells(("outco", 305.0), top=88)
        + cells(("24", 42.0), ("testo", 90.0), top=92)
        + cells(("me", 305.0), top=95.5)
    )
    rows = rows_of(seps, lines, COLUMNS, 0, ST, centred=True)
    texts = [[ln.text for ln in r.lines] for r in rows]
    assert texts[-2:] == [["resto"], ["outco", "24 testo", "me"]]


def test_a_lone_phrase_over_the_cuts_is_a_label_up_to_label_width_of_the_table() -> None:
    """COLUMNS run 380 points: a lone phrase over the cuts 188 points wide (half) is a group's
    label, one 300 points wide (four fifths) is prose."""
    half = lines_of(cells(("a" * 47, 45.0), top=80))[0]
    most = lines_of(cells(("a" * 75, 45.0), top=80))[0]
    assert fits(half, COLUMNS, False, ST.side_reach, ST.label_width)
    assert not fits(most, COLUMNS, False, ST.side_reach, ST.label_width)


def _keyed_bands(one_key: int) -> list[int]:
    """Lines per row of five bands ruled on both sides, the first `one_key` holding one key
    over a line with more text in the key column, the rest two keys."""
    seps = [Separator(60.0 + 30.0 * k, "rule", ((40.0, 420.0),)) for k in range(6)]
    chars_: list[dict[str, Any]] = []
    for k in range(5):
        top = 62.0 + 30.0 * k
        if k < one_key:
            chars_ += cells((str(k + 1), 42.0), ("testo", 90.0), top=top)
            chars_ += cells(("bis", 42.0), ("segue", 90.0), top=top + 12)
        else:
            chars_ += cells((str(10 + 2 * k), 42.0), ("testo", 90.0), top=top)
            chars_ += cells((str(11 + 2 * k), 42.0), ("testo", 90.0), top=top + 12)
    rows = rows_of(seps, lines_of(chars_), COLUMNS, 0, ST)
    return [len(r.lines) for r in rows]


def test_bands_are_rows_where_keyed_rows_of_them_hold_one_key() -> None:
    """Three bands of five with one key: rules run between the rows, a band is a row (`bis`
    stays in it); one of five: a line with text in the key column starts a row."""
    assert _keyed_bands(3)[:3] == [2, 2, 2]
    assert _keyed_bands(1)[0] == 1


def test_a_line_fits_a_table_within_side_reach_of_its_sides() -> None:
    """A value running 14 points past the last column is the table's; inside the table's rules
    too, a line running 25 points and more past its sides (a caption across the page) is not."""
    value = lines_of(cells(("12", 42.0), ("testo", 90.0), ("molto lungo", 390.0), top=80))
    assert fits(
        value[0], COLUMNS, False, ST.side_reach, ST.label_width
    )  # 390 + 11 x 4 = 434: 14 past 420
    wide = lines_of(cells(("a" * 110, 5.0), top=90))  # 5 to 445: 35 and 25 past the sides
    assert not fits(wide[0], COLUMNS, True, ST.side_reach, ST.label_width)


def test_key_lines_in_one_band_are_two_rows_but_stacked_digits_one() -> None:
    band = [Separator(60.0, "edge", ((40.0, 420.0),)), Separator(120.0, "edge", ((40.0, 420.0),))]
    two = lines_of(
        cells(("48", 42.0), ("a", 90.0), top=65) + cells(("49", 42.0), ("b", 90.0), top=75)
    )
    assert len(rows_of(band, two, COLUMNS, 0, ST)) == 2
    narrow = ((40.0, 47.0), *COLUMNS[1:])
    digits = lines_of(
        cells(("1", 41.5), ("a", 90.0), top=65) + cells(("3", 41.5), top=65 + SIZE + 0.5)
    )
    assert len(rows_of(band, digits, narrow, 0, ST)) == 1


def test_stacked_keys_part_where_their_digits_stand_a_little_further_apart() -> None:
    """`2` over `1` is 21, `2` over `2` a point lower is 22: the digits of one key stand at one
    pitch; a line of another cell set in the middle of its row, read with a key's digit, does
    not move that digit."""
    band = [Separator(60.0, "edge", ((40.0, 420.0),)), Separator(200.0, "edge", ((40.0, 420.0),))]
    narrow = ((40.0, 47.0), *COLUMNS[1:])
    pitch = SIZE + 2.5
    tops = [65.0, 65.0 + pitch, 65.0 + 2 * pitch + 1.0, 65.0 + 3 * pitch + 1.0]
    glyphs = [c for t, d in zip(tops, "2122", strict=True) for c in cells((d, 41.5), top=t)]
    # a centred cell's line 2 points over the third digit: one text line with it
    glyphs += cells(("Favorire", 90.0), top=tops[2] - 2.0)
    rows = rows_of(band, lines_of(glyphs), narrow, 0, ST)
    assert len(rows) == 2


def test_the_rest_of_a_row_under_a_header_fragment_is_not_the_next_rows() -> None:
    """A fragment of the header is no drawn rule: under it, the rest of a row broken by the
    page (no key) and the next row (a key) are two rows, as in a table with no rules."""
    seps = [
        Separator(40.0, "edge", ((40.0, 420.0),)),
        Separator(55.0, "fragment", ()),
        Separator(120.0, "edge", ((40.0, 420.0),)),
    ]
    lines = lines_of(
        cells(("2025", 200.0), top=45)
        + cells(("processi amministrativi", 90.0), top=60)
        + cells(("26", 42.0), ("Innovare la governance", 90.0), top=80)
    )
    rows = rows_of(seps, lines, COLUMNS, 0, ST)
    assert [len(r.lines) for r in rows] == [1, 1, 1]


def test_a_row_set_in_the_middle_keeps_the_lines_above_its_key() -> None:
    """Text set in the middle of its row: row 2's indicator starts above its key, which stands
    between the indicator's lines; the widest white between rows 1 and 2 parts them."""
    seps = [Separator(40.0, "edge", ((40.0, 420.0),)), Separator(140.0, "edge", ((40.0, 420.0),))]
    lines = lines_of(
        cells(("1", 42.0), ("uno", 90.0), top=50)
        + cells(("due prima", 90.0), top=64)  # row 2 starts above its key
        + cells(("2", 42.0), top=68.5)
        + cells(("due seconda", 90.0), top=73)
    )
    rows = rows_of(seps, lines, COLUMNS, 0, ST)
    assert [[ln.text for ln in r.lines] for r in rows] == [
        ["1 uno"],
        ["due prima", "2", "due seconda"],
    ]


def test_a_description_as_close_as_the_rows_stays_with_its_key() -> None:
    """A description of three lines, its lines and the rows a few tenths of a point apart
    (tabula's `senate-expenditures.pdf`, glyph boxes of 5 points): the white after the key's
    line is 0.3 points wider than the one before the next key, which tells no cut; the
    description stays with its key. A white wider by more than `white_tie` still parts there
    (text set in the middle above the next key)."""
    seps = [Separator(40.0, "edge", ((40.0, 420.0),)), Separator(140.0, "edge", ((40.0, 420.0),))]

    def rows_at(second: float, third: float, key: float) -> list[list[str]]:
        lines = lines_of(
            cells(("4", 42.0), ("STAFF", 90.0), ("903.90", 305.0), top=50)
            + cells(("AIRFARE FOR K FORD", 90.0), top=second)
            + cells(("WASHINGTON DC", 90.0), top=third)
            + cells(("5", 42.0), ("SENATOR", 90.0), ("798.90", 305.0), top=key)
        )
        rows = rows_of(seps, lines, COLUMNS, 0, ST)
        return [[ln.text for ln in r.lines] for r in rows]

    assert rows_at(58.0, 65.8, 73.5) == [
        ["4 STAFF 903.90", "AIRFARE FOR K FORD", "WASHINGTON DC"],
        ["5 SENATOR 798.90"],
    ]
    assert rows_at(60.0, 67.8, 75.5)[1][0] == "AIRFARE FOR K FORD"  # 3 points: a cut


def test_rows_part_where_most_columns_part_not_at_the_widest_white_across() -> None:
    """Set in the middle with little white: row 11's value wraps (`21.0` over `00`) and row
    12's indicator starts a little above that `00`'s foot. No white runs across the table
    between them; the white across is widest inside row 11. Most columns part above
    `Percentuale`: the key's, the indicator's and both values' (each further apart than a
    cell's lines)."""
    seps = [Separator(40.0, "edge", ((40.0, 420.0),)), Separator(140.0, "edge", ((40.0, 420.0),))]
    lines = lines_of(
        cells(("11", 42.0), ("Ore di", 90.0), ("21.0", 305.0), ("26.2", 365.0), top=50)
        + cells(("00", 305.0), ("00", 365.0), top=59)
        + cells(("Percentuale di", 90.0), top=65.5)
        + cells(("12", 42.0), ("75%", 305.0), ("95%", 365.0), top=70)
        + cells(("soddisfatti", 90.0), top=74.5)
    )
    rows = rows_of(seps, lines, COLUMNS, 0, ST)
    assert [[ln.text for ln in r.lines] for r in rows] == [
        ["11 Ore di 21.0 26.2", "00 00"],
        ["Percentuale di", "12 75% 95%", "soddisfatti"],
    ]


def test_a_column_every_row_fills_weighs_more_than_a_merged_cells() -> None:
    """Set in the middle, tight: row 24's indicator ends with `piattaforma online`, level
    with the first line of a cell merged over the rows below (`Innovare la`), whose second
    line stands level with row 25's first. Each cut leaves one column going on; the
    indicator's, which every row fills, says more than the merged cell's."""
    seps = [Separator(90.0, "edge", ((40.0, 420.0),)), Separator(200.0, "edge", ((40.0, 420.0),))]
    columns = ((40.0, 80.0), (80.0, 190.0), (190.0, 300.0), (300.0, 420.0))
    drawn = cells(("Favorire", 90.0), ("Percentuale di", 200.0), top=100)
    drawn += cells(("24", 42.0), ("contributo", 200.0), ("40%", 305.0), top=108.5)
    drawn += cells(("piattaforma online", 200.0), top=117) + cells(("Innovare la", 90.0), top=118.5)
    drawn += cells(("digitalizzare", 90.0), top=127) + cells(("Numero di sedute", 200.0), top=127.7)
    drawn += cells(("25", 42.0), ("dei Sindaci", 200.0), ("2", 305.0), top=136.2)
    drawn += cells(("del Piano", 200.0), top=144.7)
    for k, top in enumerate((160.0, 175.0)):
        drawn += cells((str(26 + k), 42.0), ("altro", 200.0), ("SI", 305.0), top=top)
    rows = rows_of(seps, lines_of(drawn), columns, 0, ST)
    texts = [[ln.text for ln in r.lines] for r in rows]
    assert ["digitalizzare Numero di sedute", "25 dei Sindaci 2", "del Piano"] in texts


def test_a_merged_cells_last_line_stays_out_of_the_next_row() -> None:
    """A cell merged down over rows 1 and 2 (column 1) goes on at its own pitch, its lines
    level with the rows' lines; its last line, alone, stands a little above row 3, which has
    nothing in that column: it is no line of row 3."""
    seps = [Separator(40.0, "edge", ((40.0, 420.0),)), Separator(140.0, "edge", ((40.0, 420.0),))]
    columns = ((40.0, 80.0), (80.0, 190.0), (190.0, 300.0), (300.0, 420.0))
    drawn = []
    for k in range(5):
        drawn += cells((f"obiettivo {k}", 90.0), top=50 + 9 * k)
    for key, top in (("1", 50.0), ("2", 68.0)):
        drawn += cells((key, 42.0), (f"riga {key}", 200.0), ("x", 305.0), top=top)
        drawn += cells((f"riga {key} segue", 200.0), top=top + 9)
    drawn += cells(("3", 42.0), ("riga 3", 200.0), ("x", 305.0), top=90.0)
    rows = rows_of(seps, lines_of(drawn), columns, 0, ST)
    assert [[ln.text for ln in r.lines] for r in rows][-1] == ["3 riga 3 x"]


def test_lines_above_the_first_key_stand_apart_by_more_than_row_white() -> None:
    """Before the band's first key: the rest of a broken row stands apart (its own row); in a
    table set in the middle of its rows, lines close above the key are its row's."""
    seps = [Separator(40.0, "edge", ((40.0, 420.0),)), Separator(160.0, "edge", ((40.0, 420.0),))]
    middle: list[dict[str, object]] = []
    for k, top in enumerate((90.0, 112.0, 134.0)):  # rows of two lines, key in the middle
        middle += cells((f"riga {k} prima", 90.0), top=top) + cells(
            (str(3 + k), 42.0), top=top + 4.5
        )
        middle += cells((f"riga {k} seconda", 90.0), top=top + 9)
    apart = cells(("resto", 90.0), top=45) + cells(("2", 42.0), ("due", 90.0), top=60)
    close = cells(("due prima", 90.0), top=51.5) + cells(("2", 42.0), ("due", 90.0), top=60)

    def sizes(drawn: list[dict[str, object]], settings: LayoutSettings = ST) -> list[int]:
        return [len(r.lines) for r in rows_of(seps, lines_of(drawn), COLUMNS, 0, settings)]

    assert sizes(apart + middle) == [1, 1, 3, 3, 3]
    assert sizes(close + middle) == [2, 3, 3, 3]
    # more white than the rest stands apart by: it is the first key's row's
    assert sizes(apart + middle, LayoutSettings(row_white=7.0)) == [2, 3, 3, 3]


def test_a_line_of_header_pieces_between_rows_is_a_row_of_its_own() -> None:
    """The header's dates alone between two rows of a table with no rules between rows: a
    fragment standing where a row would, not more of the row above."""
    profile = load_profile()
    head = lines_of(
        cells(("nr.", 42.0), ("Indicatore", 90.0), ("tipologia", 200.0), top=20)
        + cells(("Dato rilevato al", 300.0), top=20)
        + cells(("31/12/2022", 300.0), top=28)
    )
    header = lines_to_headers(1, head, Graphics((), (), ()), profile.column_of_parts, "nr", ST)[0]
    columns = ((40.0, 80.0), (80.0, 190.0), (190.0, 290.0), (290.0, 420.0))
    seps = [Separator(40.0, "edge", ((40.0, 420.0),)), Separator(140.0, "edge", ((40.0, 420.0),))]
    lines = lines_of(
        cells(("37", 42.0), ("n. modelli", 90.0), ("output", 200.0), top=50)
        + cells(("31/12/2022", 300.0), top=70)
        + cells(("38", 42.0), ("n. protocollo", 90.0), ("output", 200.0), top=90)
    )
    rows = rows_of(seps, lines, columns, 0, ST, header)
    assert [(len(r.lines), r.piece) for r in rows] == [(1, False), (1, True), (1, False)]


# -- columns --------------------------------------------------------------------------------


def test_cut_between_header_columns_goes_where_no_word_crosses() -> None:
    body = lines_of(cells(("12", 40.0), ("testo lungo", 100.0), top=80))
    phrases = [p for ln in body for p in ln.phrases]
    cut = best_cut(60.0, 100.0, phrases, [], [], ST)
    assert 48.0 < cut < 100.0


def test_a_cut_weighs_a_count_of_positions_whatever_the_coordinates() -> None:
    """Between header columns at absurd coordinates (1e20: a step of 5,000 points adds
    nothing there), the positions weighed are counted, not walked to: the cut is found."""
    lo, hi = 1e20, 1e20 + 1e6
    cut = best_cut(lo, hi, [], [], [], ST)
    assert lo <= cut <= hi


def test_cut_goes_before_text_lined_up_at_the_next_headers_left() -> None:
    """Centred text wraps nearly to its border: of two narrow whites, the one the next
    column's left-aligned text closes is the cut, though the other is a little wider."""
    body = lines_of(
        cells(("almeno 2  per", 100.0), ("Coordinatore", 158.5), top=80)
        + cells(("almeno", 112.0), ("Tavolo", 158.5), top=90)
    )
    phrases = [p for ln in body for p in ln.phrases]
    # whites between 120 and 158.5: 124-128 and 132-140 inside `almeno 2  per`, 152-158.5
    # before the column whose text starts at 158.5
    cut = best_cut(120.0, 158.5, phrases, [], [], ST)
    assert 152.0 < cut < 158.5
    lone = lines_of(cells(("almeno 2  per", 100.0), ("Coordinatore", 158.5), top=80))
    cut = best_cut(120.0, 158.5, [p for ln in lone for p in ln.phrases], [], [], ST)
    assert cut == 136.0  # one line is no column edge: the widest white


def test_text_lined_up_at_the_next_header_counts_by_words_not_phrases() -> None:
    """A spreadsheet cell's last line runs up to the next cell's text, as one phrase
    (`abcdefgh e output`): its `output` still lines up with the column's other text at the
    header's left (84), so the cut stands in the white before it, not in the equal white
    before `e`."""
    body = lines_of(
        cells(("abcdefgh e output", 40.0), top=80) + cells(("ab", 40.0), ("outcome", 84.0), top=90)
    )
    cut = best_cut(60.0, 84.0, [p for ln in body for p in ln.phrases], [], [], ST)
    assert 80.0 < cut < 84.0


def test_a_line_set_in_the_middle_of_its_cell_had_room_on_both_sides() -> None:
    """`05d_e_` / `j` centred in a narrow column whose text reaches from 100 to 124: `j` left
    20 points of room, as it would set at the left; a word 15 wide would have fitted beside
    it, so a line under it starting with one is no run-on for want of room."""
    (centred,) = lines_of(cells(("j", 110.0), top=90))
    (left,) = lines_of(cells(("j", 100.0), top=90))
    [full, j] = cell_lines(chars("05d_e_", 100.0, 80) + chars("j", 110.0, 90), ST)
    fit = lines_fit([full, j], 100.0, 124.0, ST.lined_up)
    assert [f.room for f in fit] == [0.0, 20.0]
    assert (
        lines_fit(cell_lines(chars("j", 100.0, 90), ST), 100.0, 124.0, ST.lined_up)[0].room == 20.0
    )
    # the columns' text reaches: the ends of their lines, or the rules less the padding
    columns = ((95.0, 130.0), (130.0, 200.0))
    assert content_edges([centred, left], columns, [[], []], False, ST.cell_padding) == [
        (100.0, 114.0),
        (130.0, 200.0),
    ]
    ruled = content_edges(
        [centred], columns, [[Rule(130.0, 0.0, 200.0)], []], True, ST.cell_padding
    )
    assert ruled == [(103.0, 122.0), (130.0, 200.0)]  # padding 8 at most


def test_text_within_lined_up_of_the_next_headers_left_is_lined_up_with_it() -> None:
    """Two whites of 4 points, 72-76 and 80-84, before a header whose text starts at 84: the
    column's texts starting half a point right of it are lined up there (the cut stands by
    them); starting a point and a half right, they are not (the first widest white)."""

    def cut(start: float) -> float:
        body = lines_of(
            cells(("abcdefgh e", 40.0), ("xx", start), top=80)
            + cells(("ab", 40.0), ("yy", start), top=90)
        )
        return best_cut(60.0, 84.0, [p for ln in body for p in ln.phrases], [], [], ST)

    assert 80.0 < cut(84.5) < 84.0
    assert cut(85.5) == 74.0


def test_a_cut_beside_aligned_text_stands_close_to_it_for_the_pages_after() -> None:
    """Spreadsheet cells: the right column's text lines up at its header's left (70), and on
    the header's page the left column's text ends far before it. On a later page a wrapped
    line runs up to its border (`abcd e`, the `e` ending at 67.5) and one right-column text
    starts half a point early (69.5, still lined up): the cut stands `edge_pad` before the
    aligned text, not in the middle of the white, so no word of that page crosses it and
    the `e` stays in its column."""
    first = lines_of(
        cells(("ab", 40.0), ("Numero", 70.0), top=80) + cells(("ab", 40.0), ("alla", 70.0), top=90)
    )
    cut = best_cut(55.0, 70.0, [p for ln in first for p in ln.phrases], [], [], ST)
    later = lines_of(
        cells(("abcd e", 43.5), ("Numero", 70.0), top=80) + cells(("ab", 40.0), ("x", 69.5), top=90)
    )
    (_, (final, _)) = refine_cuts(((30.0, cut), (cut, 120.0)), later, [], ST)
    assert 67.5 <= final <= 69.5


def sides(
    graphics: Graphics | None = None,
    body: list[dict[str, object]] | None = None,
    settings: LayoutSettings = ST,
) -> tuple[float, float]:
    """The sides of a table whose header's text runs from 40 (`nr.`) to 389 (`policy`)."""
    (header,) = headers(cells(*HEADER, top=50))
    phrases = [p for ln in lines_of(body or []) for p in ln.phrases]
    return table_sides(header, phrases, graphics or Graphics((), (), ()), 200.0, settings)


def test_a_vertical_rule_within_side_rule_of_the_text_is_the_tables_side() -> None:
    near, far = Rule(30.0, 40.0, 200.0), Rule(10.0, 40.0, 200.0)
    assert sides(Graphics((), (near,), ()))[0] == 30.0  # 9 points outside the text's 39
    assert sides(Graphics((), (far,), ()))[0] == 39.0  # 29 points: another table's rule


def test_rules_and_bands_from_side_above_the_header_set_the_sides() -> None:
    """A title's band 20 points over the header, wider than the table: its ends are the
    table's sides; a band 50 points over it is the page's, not the table's."""
    band = Band(20.0, 25.0, 400.0, 35.0)  # header at 50
    assert sides(Graphics((), (), (band,))) == (20.0, 400.0)
    high = Band(20.0, -10.0, 400.0, 0.0)
    assert sides(Graphics((), (), (high,)))[0] == 39.0


def test_text_within_first_lead_left_of_the_first_header_sets_the_left_side() -> None:
    near = cells(("12", 30.0), top=80)  # 10 points left of `nr.`
    far = cells(("12", 20.0), top=80)  # 20 points left: no text of the table
    assert sides(body=near)[0] == 29.0
    assert sides(body=far)[0] == 39.0


def test_text_within_last_lead_left_of_the_last_header_sets_the_right_side() -> None:
    last = HEADER[-1][1]  # `policy` starts at 365, ends at 389
    near = cells(("05a_lungo_codice", last - 3.0), top=80)  # ends at 426
    far = cells(("altro testo lungo", last - 12.0), top=80)  # the column before's, running on
    assert sides(body=near)[1] == 427.0
    assert sides(body=far)[1] == 390.0


def test_a_cut_crossed_by_a_word_moves_to_white_within_cut_reach() -> None:
    """A long value runs over the cut at 100 (to 110), the next column's text right after
    it: the cut moves to the white beside the word (110-112), not to a wider white further
    into the next column (120-135)."""
    lines = lines_of(
        cells(("aaaaaaaaaaaa", 62.0), ("bb", 112.0), ("cc", 135.0), top=80)
        + cells(("d", 42.0), ("e", 102.0), ("f", 210.0), top=90)
    )
    columns = ((40.0, 100.0), (100.0, 200.0), (200.0, 300.0))
    ((_, cut), _, _) = refine_cuts(columns, lines, [], ST)
    assert 110.0 <= cut <= 112.0


def test_a_cut_moves_past_the_last_word_of_a_line_left_in_the_white() -> None:
    """`pomeriggi a`: the wrapped line of a cell reaches over the cut at a space, and nothing
    else stands over `a`: the cut goes past it."""
    columns = ((40.0, 100.0), (100.0, 150.0), (150.0, 220.0))
    line = cells(("1", 42.0), ("pomeriggi a", 111.0), ("output", 170.0), top=100)
    other = cells(("2", 42.0), ("testo", 111.0), ("outcome", 166.0), top=110)
    lines = lines_of(line + other)
    (_, (_, cut), _) = refine_cuts(columns, lines, [], ST, whole=lines)
    assert 155.0 < cut < 166.0
    # text of the next column under `a`: it is that column's, the cut stays
    under = cells(("3", 42.0), ("x", 111.0), ("valore", 151.0), top=120)
    lines = lines_of(line + other + under)
    (_, (_, cut), _) = refine_cuts(columns, lines, [], ST, whole=lines)
    assert cut == 150.0


def test_a_spanning_header_cell_over_a_cut_does_not_move_it() -> None:
    """`risultati attesi` is centred over `1 anno` and `2 anno`, over the cut between them:
    the cut stays in the white between the two columns, not inside `2 anno`."""
    top = cells(("nr.", 40.0), ("Indicatore", 90.0), ("tipologia", 200.0), top=50)
    top += cells(("risultati attesi", 305.5), top=50)  # to 369.5, half a point short of `II`
    leaves = cells(("1 anno", 300.0), ("2 anno", 370.0), top=60)
    body = cells(("1", 40.0), ("testo", 90.0), ("output", 200.0), top=75)
    body += cells(("almeno 1 per", 300.0), ("almeno 2", 385.0), top=75)
    lines = lines_of(top + leaves + body)
    (header,) = lines_to_headers(1, lines, Graphics((), (), ()), PROFILE.column_of_parts, "nr", ST)
    columns = ((38.0, 80.0), (80.0, 190.0), (190.0, 290.0), (290.0, 366.0), (366.0, 420.0))
    kept = without_spanners(lines, header, columns)
    assert "risultati attesi" not in [p.text for ln in kept for p in ln.phrases]
    assert len(kept) == len(lines)
    moved = refine_cuts(columns, kept, [], ST, whole=kept)
    assert 348.0 < moved[3][1] < 370.0  # between `per` and `2 anno`
    # moved off `attesi`, the cut would go to the widest white near: the space in `2 anno`
    assert refine_cuts(columns, lines, [], ST, whole=lines)[3][1] > 370.0


def test_a_row_rest_under_a_header_drawn_again_is_no_header_row() -> None:
    """A header drawn again over a page's first line, `subambito)`, the rest of the row broken
    over the page, set in the middle of the columns under `I anno` and `II anno`: it is
    beside the leaves of `risultati attesi`, not a row of cells under it. The header keeps
    its columns; `I anno` and `II anno` themselves are a header row under a cell with none."""
    top = cells(("nr.", 40.0), ("Indicatore", 90.0), ("tipologia", 200.0), top=50)
    top += cells(("risultati attesi", 320.0), top=50)
    leaves = cells(("I anno", 300.0), ("II anno", 370.0), top=60)
    rest = cells(("subambito)", 325.0), ("subambito)", 395.0), top=70)
    body = cells(("34", 40.0), ("testo", 90.0), ("output", 200.0), top=85)
    body += cells(("1", 330.0), ("3", 400.0), top=85)

    def leaf_texts(drawn: list[dict[str, object]]) -> list[str]:
        lines = lines_of(drawn)
        (header,) = lines_to_headers(
            1, lines, Graphics((), (), ()), PROFILE.column_of_parts, "nr", ST
        )
        return [p[-1] for p in header.parts]

    assert leaf_texts(top + leaves + rest + body) == [
        "nr.",
        "Indicatore",
        "tipologia",
        "I anno",
        "II anno",
    ]
    assert leaf_texts(top + leaves + body)[3:] == ["I anno", "II anno"]


def test_a_cells_line_beside_the_first_rows_key_is_no_header_line() -> None:
    """A header drawn again; under it, the first row's text set in the middle of its cell
    (`Comprende i` / `PNRR` under `Note`) starts half a line above the row's key line and
    reaches down beside it: the row's, not a line of the header."""
    head = cells(*HEADER[:3], ("Note", 365.0), top=50)
    note = cells(("Comprende i", 365.0), top=60) + cells(("PNRR", 365.0), top=69)
    row = cells(("22", 40.0), ("Approvazione", 90.0), ("output", 305.0), top=64)
    (header,) = headers(head + note + row)
    assert [p[-1] for p in header.parts] == ["nr.", "Indicatore", "tipologia", "Note"]


def test_a_word_over_one_cut_mid_table_is_no_group_label() -> None:
    (mid,) = lines_of(cells(("subambito)", 350.0), top=90))  # over the cut at 360 only
    (left,) = lines_of(cells(("AREA ANZIANI", 42.0), top=90))  # from the first column
    (wide,) = lines_of(cells(("Coordinatore pubblico del Tavolo", 250.0), top=90))  # two cuts
    assert not is_label(mid, COLUMNS)
    assert is_label(left, COLUMNS)
    assert is_label(wide, COLUMNS)


def test_text_flowing_into_the_next_column_left_of_its_texts_is_unsure() -> None:
    """A spreadsheet lets `unica della prima` flow over the cut at 340 into the empty cell
    beside it, whose texts start at 360: unsure. `processo 05a` set close in a tight table
    runs on into `05a` where the column's texts start: no doubt."""
    columns = ((40.0, 80.0), (80.0, 300.0), (300.0, 340.0), (340.0, 420.0))
    other = cells(("2", 42.0), ("x", 90.0), ("05a", 360.0), top=110)
    flowing = lines_of(cells(("1", 42.0), ("unica della prima", 305.0), top=100) + other)
    assert overflowing_text(flowing, 95.0, 200.0, columns, [[], [], []], None) == (
        "unica della prima"
    )
    tight = lines_of(cells(("1", 42.0), ("processo 05a", 324.0), top=100) + other)
    assert overflowing_text(tight, 95.0, 200.0, columns, [[], [], []], None) == ""


def test_a_page_goes_on_with_the_table_when_fit_share_of_its_lines_fit() -> None:
    """With no rule or band of the table's sides, a page's top goes on with the table when
    most of its lines (six in ten) keep to its columns: four of five do, two of five do not."""
    row = cells(("1", 42.0), ("testo", 90.0), ("output", 305.0), top=0)
    prose = cells(("un testo che attraversa tutte le colonne", 60.0), top=0)

    def page(kinds: str) -> list[object]:
        out: list[dict[str, object]] = []
        for k, kind in enumerate(kinds):
            out += [dict(c, top=50.0 + 10 * k, bottom=57.0 + 10 * k) for c in row if kind == "r"]
            out += [dict(c, top=50.0 + 10 * k, bottom=57.0 + 10 * k) for c in prose if kind == "p"]
        return lines_of(out)

    nothing = Graphics((), (), ())
    assert continues_table(page("rrrrp"), COLUMNS, nothing, 40.0, 200.0, ST)
    assert not continues_table(page("rrppp"), COLUMNS, nothing, 40.0, 200.0, ST)


def test_carried_columns_snap_to_rules_within_carry_tolerance() -> None:
    near = snap_columns(COLUMNS, Graphics((), (Rule(84.0, 0.0, 500.0),), ()), 0.0, ST)
    far = snap_columns(COLUMNS, Graphics((), (Rule(95.0, 0.0, 500.0),), ()), 0.0, ST)
    assert near[0][1] == 84.0
    assert far[0][1] == 80.0


def test_page_columns_match_header_columns_by_column_overlap() -> None:
    header = [(0.0, 100.0), (100.0, 200.0)]
    share = ST.column_overlap
    assert align_columns([(20.0, 120.0)], header, share) == [0]  # 80 of 100
    assert align_columns([(70.0, 170.0)], header, share) == [1]  # 70 of 100
    assert align_columns([(0.0, 300.0)], header, share) == [0]
    assert align_columns([(70.0, 101.0)], [(0.0, 50.0), (100.0, 200.0)], share) == [None]
    assert align_columns([(70.0, 170.0)], [(0.0, 50.0), (140.0, 240.0)], share) == [None]  # 30%
    # by share of the narrower, not by points: half of a wide column, all of a narrow one
    assert align_columns([(383.4, 455.6)], [(238.6, 419.6), (419.6, 455.6)], share) == [1]


# -- header ---------------------------------------------------------------------------------

HEADER = (("nr.", 40.0), ("Indicatore", 90.0), ("tipologia", 305.0), ("policy", 365.0))


def headers(chars_: list[dict[str, object]], settings: LayoutSettings = ST) -> list[object]:
    return lines_to_headers(
        1, lines_of(chars_), Graphics((), (), ()), PROFILE.column_of_parts, "nr", settings
    )


def test_a_header_needs_header_matches_known_cells() -> None:
    assert len(headers(cells(*HEADER[:3], top=50))) == 1
    assert headers(cells(*HEADER[:2], ("Altro", 305.0), top=50)) == []


def test_a_header_may_run_over_several_lines() -> None:
    six = cells(*HEADER, top=50)
    for k in range(5):  # the indicator header wrapped over five more lines
        six += cells(("x" * 3, 90.0 + k), top=50 + (k + 1) * (SIZE + 1))
    six += cells(("respon-", 425.0), top=50) + cells(("sabile", 425.0), top=58)
    (header,) = headers(six)
    assert header.parts[-1] == ("respon-\nsabile",)  # type: ignore[attr-defined]


def test_a_header_has_at_most_max_header_lines_lines() -> None:
    """`responsabile rilevazione` cut into ten lines is more than a header holds (eight): the
    header keeps what makes a name it knows within them, `responsabile`, and no more."""
    pieces = ["res", "pon", "sa", "bi", "le", "ri", "le", "va", "zio", "ne"]
    tall = cells(*HEADER, top=50)
    for k, piece in enumerate(pieces):
        tall += cells((piece, 425.0), top=50 + k * (SIZE + 1))
    (header,) = headers(tall)
    assert header.parts[-1] == ("res\npon\nsa\nbi\nle",)  # type: ignore[attr-defined]


def test_a_tall_header_cell_set_in_the_middle_counts_its_own_lines() -> None:
    """Text set in the middle of header cells of unequal height: `Risultato atteso 2022` cut
    into seven lines in a narrow column, its neighbours' lines between them, makes eleven
    lines on the page but seven in its column, within `max_header_lines`; its top line, alone
    on the page, starts the header."""
    pitch = 9.0
    tall = [("Ris", "ulta", "to", "atte", "so", "202", "2")[k] for k in range(7)]
    drawn: list[dict[str, object]] = []
    for k, piece in enumerate(tall):
        drawn += cells((piece, 425.0), top=50 + k * pitch)
    for k, piece in enumerate(("Risultat", "o", "atteso", "2023")):
        drawn += cells((piece, 470.0), top=50 + 1.5 * pitch + k * pitch)
    drawn += cells(*HEADER, top=50 + 3.5 * pitch)
    assert len(lines_of(drawn)) == 11
    (header,) = headers(drawn)
    assert header.parts[-2] == ("\n".join(tall),)  # type: ignore[attr-defined]
    assert header.names[-2:] == ("risultato_atteso", "risultato_atteso")  # type: ignore[attr-defined]


def test_a_header_drawn_again_with_a_cell_cut_short_is_the_same_header() -> None:
    """Writer draws the header again on the next page with `Tipologia indicatore` cut to
    `Tipologia indicator`, which the profile no longer knows: the same header all the same. A
    column whose text is no start of the other's (`Fonte dati`) makes another header."""
    full = headers(cells(*HEADER[:2], ("Tipologia indicatore", 305.0), ("policy", 420.0), top=50))
    cut = headers(cells(*HEADER[:2], ("Tipologia indicator", 305.0), ("policy", 420.0), top=50))
    other = headers(cells(*HEADER[:2], ("Fonte dati", 305.0), ("policy", 420.0), top=50))
    assert cut[0].names[2] is None  # type: ignore[attr-defined]
    assert full[0].same_as(cut[0]) and cut[0].same_as(full[0])  # type: ignore[attr-defined]
    assert not full[0].same_as(other[0])  # type: ignore[attr-defined]


def _spanned(gap: float) -> list[object]:
    top = cells(("nr.", 40.0), ("Indicatore", 90.0), ("tipologia", 200.0), top=50)
    group = cells(("Risultato atteso", 300.0), top=50)
    leaves = cells(("2022", 300.0), ("2023", 340.0), top=50 + SIZE + gap)
    return headers(top + group + leaves)


def test_header_rows_within_header_gap_make_one_header() -> None:
    (close,) = _spanned(10.0)  # 1.4 line heights
    assert close.parts[3] == ("Risultato atteso", "2022")  # type: ignore[attr-defined]
    (far,) = _spanned(28.0)  # 4 line heights
    assert far.parts[3] == ("Risultato atteso",)  # type: ignore[attr-defined]


def test_a_rule_across_header_rule_cover_ends_the_header() -> None:
    top = cells(("nr.", 40.0), ("Indicatore", 90.0), ("tipologia", 200.0), top=50)
    group = cells(("Risultato atteso", 300.0), top=50)
    leaves = cells(("2022", 300.0), ("2023", 340.0), top=67)
    lines = lines_of(top + group + leaves)
    partial = Graphics((Rule(62.0, 290.0, 380.0),), (), ())  # under the group only: 25%
    full = Graphics((Rule(62.0, 38.0, 380.0),), (), ())  # across: 100%
    (a,) = lines_to_headers(1, lines, partial, PROFILE.column_of_parts, "nr", ST)
    (b,) = lines_to_headers(1, lines, full, PROFILE.column_of_parts, "nr", ST)
    assert a.parts[3] == ("Risultato atteso", "2022")
    assert b.parts[3] == ("Risultato atteso",)
    between = Graphics((Rule(62.0, 38.0, 260.0),), (), ())  # 65%: still inside the header
    (c,) = lines_to_headers(1, lines, between, PROFILE.column_of_parts, "nr", ST)
    assert c.parts[3] == ("Risultato atteso", "2022")
    most = Graphics((Rule(62.0, 72.0, 380.0),), (), ())  # 90% of 40-364: ends it
    (d,) = lines_to_headers(1, lines, most, PROFILE.column_of_parts, "nr", ST)
    assert d.parts[3] == ("Risultato atteso",)
    nearly = Graphics((Rule(62.0, 50.0, 380.0),), (), ())  # 97%, short of `nr.`: ends it
    (e,) = lines_to_headers(1, lines, nearly, PROFILE.column_of_parts, "nr", ST)
    assert e.parts[3] == ("Risultato atteso",)


def test_a_spanning_cell_does_not_grow_over_the_rule_under_it() -> None:
    """`Risultato atteso` over a rule under it, then the two years cut in their narrow
    columns (`202` / `2`, `202` / `3`): the first `202` is no line of the spanning cell."""
    top = cells(("nr.", 40.0), ("Indicatore", 90.0), ("tipologia", 200.0), top=50)
    group = cells(("Risultato", 300.0), top=50) + cells(("atteso", 300.0), top=58)
    years = cells(("202", 300.0), ("202", 330.0), top=70) + cells(
        ("2", 300.0), ("3", 330.0), top=78
    )
    lines = lines_of(top + group + years)
    rule = Graphics((Rule(67.5, 298.0, 350.0),), (), ())
    (header,) = lines_to_headers(1, lines, rule, PROFILE.column_of_parts, "nr", ST)
    assert header.parts[3:] == (("Risultato\natteso", "202\n2"), ("Risultato\natteso", "202\n3"))


def test_a_three_row_header_gives_composite_texts() -> None:
    """A spanning cell over two spanning cells over the leaves; the middle ones stand side by
    side, so neither is a wrapped line of the one above."""
    top = cells(("nr.", 40.0), ("Indicatore", 90.0), ("tipologia", 200.0), top=50)
    top += cells(("Programmazione e monitoraggio del piano", 300.0), top=50)
    middle = cells(("Risultati attesi", 300.0), ("Dato rilevato al", 370.0), top=60)
    leaves = cells(("I anno", 300.0), ("II anno", 332.0), top=70)
    leaves += cells(("31/12/2022", 370.0), ("30/09/2023", 415.0), top=70)
    (header,) = headers(top + middle + leaves)
    assert header.rows == 3  # type: ignore[attr-defined]
    assert header.parts[3] == (  # type: ignore[attr-defined]
        "Programmazione e monitoraggio del piano",
        "Risultati attesi",
        "I anno",
    )
    assert header.names[3:] == (  # type: ignore[attr-defined]
        "risultato_atteso",
        "risultato_atteso",
        "rilevato",
        "rilevato",
    )


# -- where a table ends, running lines -------------------------------------------------------


def test_white_wider_than_end_gap_ends_the_table() -> None:
    rows = cells(("1", 42.0), ("primo", 90.0), top=100)
    close = rows + cells(("segue", 90.0), top=100 + SIZE + 14)  # two line heights
    far = rows + cells(("segue", 90.0), top=100 + SIZE + 35)  # five line heights
    bottom_close, _, below_close = table_end(content(close), COLUMNS, 95.0, 595.0, ST)
    bottom_far, _, below_far = table_end(content(far), COLUMNS, 95.0, 595.0, ST)
    assert below_close == [] and bottom_close > 120
    assert len(below_far) == 1 and bottom_far < 110


def test_a_group_label_after_white_with_a_row_under_it_goes_on_with_the_table() -> None:
    rows = cells(("1", 42.0), ("primo", 90.0), ("output", 305.0), top=100)
    label = cells(("AREA DISABILITÀ", 42.0), top=100 + SIZE + 35)  # five line heights down
    after = cells(("2", 42.0), ("secondo", 90.0), ("output", 305.0), top=100 + 2 * SIZE + 37)
    bottom, inside, below = table_end(
        content(rows + label + after), COLUMNS, 95.0, 595.0, ST, key=0
    )
    assert below == [] and len(inside) == 3 and bottom > 150
    alone = cells(("Fonte: elaborazione", 42.0), top=100 + SIZE + 35)  # no row under it
    bottom, _, below = table_end(content(rows + alone), COLUMNS, 95.0, 595.0, ST, key=0)
    assert len(below) == 1 and bottom < 110
    # rows parted by as much white as the label: the label at the page's foot is the table's
    tall = rows + cells(("2", 42.0), ("secondo", 90.0), top=100 + SIZE + 35)
    foot = cells(("AREA DISABILITÀ", 42.0), top=100 + 2 * SIZE + 70)
    bottom, inside, below = table_end(content(tall + foot), COLUMNS, 95.0, 595.0, ST, key=0)
    assert below == [] and len(inside) == 3


def test_a_tall_row_set_in_the_middle_goes_on_with_the_table_after_wide_white() -> None:
    """Rows far taller than their text, set in the middle: after the white under row 1, row
    2's first line has no key (its key stands in the middle, a line lower); the lines from it
    on read as a row, and the table goes on."""
    one = cells(("1", 42.0), ("primo", 90.0), top=100)
    two = cells(("Contrastare la", 90.0), top=150) + cells(("2", 42.0), ("a", 305.0), top=158)
    two += cells(("povertà", 90.0), top=166)
    _, inside, below = table_end(content(one + two), COLUMNS, 95.0, 595.0, ST, key=0)
    assert below == [] and len(inside) == 4
    alone = cells(("Contrastare la", 90.0), top=150)  # no row under it: the table ended
    _, inside, below = table_end(content(one + alone), COLUMNS, 95.0, 595.0, ST, key=0)
    assert len(inside) == 1 and len(below) == 1


def test_a_rule_closing_a_row_far_taller_than_its_text_goes_on_with_the_table() -> None:
    """Rules part the rows; row 2 is drawn five line heights taller than its text: the rule
    under it still closes it, and row 3 follows."""
    rule = lambda y: line_obj(40, y, 420, y)  # noqa: E731
    text = cells(("1", 42.0), ("primo", 90.0), top=100) + cells(
        ("2", 42.0), ("secondo", 90.0), top=112
    )
    text += cells(("3", 42.0), ("terzo", 90.0), top=164)
    g = graphics({"line": [rule(98), rule(110), rule(161), rule(173)]})
    bottom, inside, below = table_end(content(text, g), COLUMNS, 95.0, 595.0, ST, key=0)
    assert below == [] and len(inside) == 3 and bottom >= 173.0
    # a rule far under a closed row closes nothing: the table ends at the rule under row 2
    two = text[: len("1primo2secondo")]
    stray = graphics({"line": [rule(98), rule(110), rule(121), rule(200)]})
    bottom, inside, _ = table_end(content(two, stray), COLUMNS, 95.0, 595.0, ST, key=0)
    assert len(inside) == 2 and bottom == 121.0
    # the first row drawn tall, the table's top on the rule under its header: that rule has
    # parted the header from the rows, and the rule far under row 1 closes it
    tall = cells(("1", 42.0), ("primo", 90.0), top=100) + cells(("2", 42.0), ("b", 90.0), top=142)
    g = graphics({"line": [rule(98), rule(140), rule(152)]})
    bottom, inside, _ = table_end(content(tall, g), COLUMNS, 98.0, 595.0, ST, key=0)
    assert len(inside) == 2 and bottom == 152.0


def _tall_rows(text_x: float, note_x: float, third: str = "") -> list[dict[str, object]]:
    """A header `Tempistica` (at 200) / `Note` (at `note_x`) over row 1 far taller than its
    text, then rows 2 and 3 whose `unica (a conclusione del` starts at `text_x` (row 3's, or
    `third` there instead)."""
    head = cells(
        ("nr.", 40.0), ("Indicatore", 80.0), ("Tempistica", 200.0), ("Note", note_x), top=50
    )
    one = cells(("1", 40.0), ("primo", 80.0), ("annuale", 200.0), ("nota", note_x), top=70)
    one += cells(("riga", 80.0), top=79)
    long = "unica (a conclusione del"
    two = cells(("2", 40.0), ("secondo", 80.0), (long, text_x), ("nota", note_x), top=140)
    three = cells(("3", 40.0), ("terzo", 80.0), (third or long, text_x), top=160)
    return head + one + two + three


def test_columns_come_from_the_whole_body_past_tall_rows() -> None:
    """Row 1 is far taller than its text; the longer text of rows 2 and 3 (`unica (a
    conclusione del`) shows where the white between the last two columns is: the cut goes
    there, not between `conclusione` and `del`."""
    (table,), _ = read_page(content(_tall_rows(190.0, 300.0)), [], PROFILE, None, ST)
    # from row 1 alone, the cut would fall in the middle of the white, 270: in the space
    # before `del` (270-274)
    assert 286.0 < table.columns[2][1] < 300.0  # after `del` (ends at 286), before `Note`
    assert "unica (a conclusione del" in [c.text for c in table.cells if c.col == 2]


def test_a_cut_the_first_rows_leave_inside_a_later_rows_word_does_not_end_the_table() -> None:
    """As above, but the cut row 1 gives (the middle of the white, 271) falls inside a word of
    row 2 (`conclusione`, 236-280): moved off the page's words before the table's end is
    looked for, it does not end the table at row 2, whose text then places the cut."""
    (table,), _ = read_page(content(_tall_rows(200.0, 302.0)), [], PROFILE, None, ST)
    assert 296.0 < table.columns[2][1] < 302.0  # after `del` (ends at 296), before `Note`
    assert "unica (a conclusione del" in [c.text for c in table.cells if c.col == 2]


def test_a_rule_within_head_reach_over_the_header_is_the_tables_top() -> None:
    """A rule 8 points (about a line) over the header's text (at 50) is the top of the
    header's row; one 20 points over it (three lines) is a rule of the page's."""

    def top(pos: float) -> float:
        g = Graphics((Rule(pos, 30.0, 400.0),), (), ())
        (table,), _ = read_page(content(_tall_rows(190.0, 300.0), g), [], PROFILE, None, ST)
        return table.bbox[1]

    assert top(42.0) == 42.0
    assert top(30.0) == 49.0


def test_rows_under_a_cut_their_words_cross_are_rows_all_the_same() -> None:
    """As above, with row 3's long word covering the white near the cut (no room to move it):
    rows 2 and 3 still start with keys of their own, so they are rows, and their text places
    the cut (after `del`, before `Note`)."""
    page = content(_tall_rows(200.0, 302.0, "a" * 23))
    (table,), _ = read_page(page, [], PROFILE, None, ST)
    assert 296.0 < table.columns[2][1] < 302.0
    assert len({c.row for c in table.cells if c.col == 0 and c.text.isdigit()}) == 3


def test_running_lines_stand_in_the_margin() -> None:
    page = cells(("1", 42.0), ("primo", 90.0), top=300)
    foot = cells(("Piano di Zona - pag. 3", 300.0), top=570)  # 96% down the page
    low = cells(("Piano di Zona - pag. 3", 300.0), top=505)  # 85% down
    lines_foot = lines_of(page + foot)
    lines_low = lines_of(page + low)
    assert running_lines(lines_foot, 595.0, [], ST) == {1}
    assert running_lines(lines_low, 595.0, [], ST) == set()


def test_a_share_ending_a_tables_last_line_in_the_top_margin_is_no_page_number() -> None:
    """A page holding the table's one last row in its top margin: the row's last line
    (`me 80%`) stands apart from the footer under it, but `80%` is no page number; `- 2 -`
    is."""
    row = cells(("24", 42.0), ("outco", 305.0), top=42) + cells(
        ("me", 305.0), ("80%", 365.0), top=50
    )
    foot = cells(("Piano di Zona", 200.0), top=560)
    assert running_lines(lines_of(row + foot), 595.0, [], ST) == set()
    numbered = cells(("24", 42.0), ("outco", 305.0), top=42) + cells(("- 2 -", 365.0), top=50)
    assert running_lines(lines_of(numbered + foot), 595.0, [], ST) == {1}


def test_a_lone_number_on_a_page_numbered_elsewhere_is_no_page_number() -> None:
    """A page holding only the rest of a key the page broke (`2` / `6`): its `6` stands alone
    at the top, but the footer names the page (`pag. 2`), so the `6` is no page number. On a
    page numbered nowhere else, it would be."""
    rest = cells(("6", 33.0), top=33)
    named = cells(("Piano di Zona - pag. 2", 300.0), top=550)
    plain = cells(("Piano di Zona", 300.0), top=550)
    assert running_lines(lines_of(rest + named), 595.0, [], ST) == {1}
    assert running_lines(lines_of(rest + plain), 595.0, [], ST) == {0}
    # only a line standing apart numbers the page, not a row's text citing a page
    rows = cells(("1", 33.0), top=531) + cells(("2", 33.0), ("vedi pag. 12", 60.0), top=540)
    foot = cells(("3", 300.0), top=575)
    assert 2 in running_lines(lines_of(rows + foot), 595.0, [], ST)


def test_a_running_line_takes_out_its_own_letters_only() -> None:
    """The rest of a clipped header cell (`indic`) stands where the first page's header has it,
    in the top margin: a running line. A row's `outpu`, drawn a little over it, stays."""
    rest = cells(("indic", 384.0), top=48.0)
    row = cells(("26", 42.0), ("outpu", 384.0), top=52.0)
    lines = lines_of(rest + row)
    assert [ln.text for ln in lines] == ["indic", "26 outpu"]
    data = PageData(2, 842.0, 595.0, tuple(rest + row), {}, ())
    page = page_content(data, lines, Graphics((), (), ()), [lines_of(rest)], ST)
    assert [ln.text for ln in page.lines] == ["26 outpu"]
    assert "".join(c["text"] for c in page.chars) == "26outpu"


def test_a_cells_first_line_where_a_running_head_would_stand_is_no_running_line() -> None:
    """`unica (a` at the top of a page, where the page before has the same words: the first
    line of a cell (its next line starts right under it), not a running head; a running head
    over the table's first row (its key under it) or over the header's cells stays running."""
    cell = cells(("unica (a", 600.0), top=42.0) + cells(("conclusione del PdZ)", 600.0), top=50.0)
    row = cells(("35", 42.0), ("n. soggetti", 90.0), top=46.0)
    lines = lines_of(cell + row)
    neighbour = [lines_of(cells(("unica (a", 600.0), top=42.0))]
    assert running_lines(lines, 595.0, neighbour, ST) == set()
    head = cells(("Ambito Distrettuale n. 12", 42.0), top=35.0)
    under_key = lines_of(head + cells(("20", 42.0), ("Favorire", 90.0), top=43.0))
    under_header = lines_of(head + cells(("N.", 42.0), ("Descrizione", 70.0), top=43.0))
    again = [lines_of(head)]
    assert running_lines(under_key, 595.0, again, ST) == {0}
    assert running_lines(under_header, 595.0, again, ST) == {0}
    # the last line of a cell (`della prima` over `annualità)`), back at the same place on
    # the pages around, is no running line either
    last = cells(("della prima", 600.0), top=42.0) + cells(("annualità)", 600.0), top=50.0)
    lines = lines_of(cells(("38", 42.0), ("n. protocollo", 90.0), top=42.0) + last)
    lines += lines_of(cells(("(progetti di vita)", 90.0), top=56.0))
    neighbour = [lines_of(cells(("annualità)", 600.0), top=50.0))]
    assert running_lines(lines, 595.0, neighbour, ST) == set()
    # under a header drawn again (`gia` of `Tipolo` / `gia`, back on every page), the rest of
    # a clipped header cell (`indicat`) stays a running line
    head = cells(("N.", 42.0), ("gia", 600.0), top=40.0) + cells(("indicat", 600.0), top=48.0)
    row = cells(("26", 42.0), ("Pubblicazione", 90.0), top=56.0)
    lines = lines_of(head + row)
    assert running_lines(lines, 595.0, [lines_of(head)], ST) == {1}


def test_a_running_head_parted_by_the_tables_rules_is_still_one_run_of_text() -> None:
    """The table's vertical rules drawn through a running head part it into phrases that touch
    (closer than `phrase_gap`): it is one run of text, back at the same place as on the page
    before, and running; a table's header line back on every page has cells further apart."""
    words = (("Ambit", 36.0), ("o Distrettuale n. 12", 56.0), ("Piano di Zona", 138.5))
    rules = [Rule(x, 30.0, 60.0) for x in (56.0, 138.5)]
    drawn = cells(*words, top=35.0) + cells(("22", 42.0), ("Approvazione", 62.0), top=39.0)
    phrases = chars_to_phrases(drawn, ST, rules)
    lines = phrases_to_lines(phrases, ST)
    assert [len(ln.phrases) for ln in lines] == [3, 2]
    before = [lines_of(cells(("Ambito Distrettuale n. 12 Piano di Zona", 36.0), top=35.0))]
    assert running_lines(lines, 595.0, before, ST) == {0}
    header = cells(("N.", 36.0), ("Descrizione", 62.0), ("Tipologia", 150.0), top=35.0)
    again = [lines_of(header)]
    row = cells(("22", 42.0), ("Approvazione", 62.0), top=45.0)
    assert running_lines(lines_of(header + row), 595.0, again, ST) == set()


def test_a_header_line_set_high_in_a_shaded_row_is_no_running_line() -> None:
    """The last page of a long table: its header drawn again in a tall shaded row, the first
    line (`Profilo` ... `Ore`) a line and a half above the second (`Dipendenti`), back at the
    same place on the page before. Drawn on one band with the line under it, it does not stand
    apart, so it stays a header line; with no band it would stand apart and be running."""
    top = cells(("Profilo", 42.0), ("Servizio", 130.0), ("Personale", 230.0), top=35.0)
    # set in the middle of their cells: no piece lines up with a text under it
    second = cells(("Dipendenti", 236.0), ("Esterni", 320.0), top=53.0)
    row = cells(("Psicologo", 46.0), ("Consultorio", 126.0), ("1", 250.0), top=68.0)
    lines = lines_of(top + second + row)
    again = [lines_of(top)]
    assert running_lines(lines, 595.0, again, ST, apart_only=True) == {0}
    band = Band(36.0, 30.0, 400.0, 64.0)
    assert running_lines(lines, 595.0, again, ST, apart_only=True, bands=[band]) == set()


def test_a_header_line_over_the_columns_under_it_is_no_running_line() -> None:
    """A table's two-line header drawn again at the top of a page, its first line set apart
    from the second by a tall header row, back at the same place on the page before: its
    pieces stand over the columns of the lines right under it (`Risorse` over `2021`, `Totale`
    over the totals), so it is a header line. A running head whose pieces happen to line up
    with a table's columns only further down, under a title and a paragraph, stays running."""
    top = cells(("Fonte", 42.0), ("Risorse", 130.0), ("Totale", 300.0), top=35.0)
    second = cells(("2021", 130.0), ("2022", 190.0), top=53.0)
    row = cells(("Fondo", 42.0), ("1.000", 130.0), ("900", 190.0), ("1.900", 300.0), top=68.0)
    again = [lines_of(top)]
    lines = lines_of(top + second + row + cells(("Fondo", 42.0), ("5", 130.0), top=80.0))
    assert running_lines(lines, 595.0, again, ST, apart_only=True) == set()
    head = cells(("Ambito", 42.0), ("Piano", 300.0), top=35.0)
    title = cells(("Tabella 4", 42.0), top=53.0)
    prose = cells(("La tabella riporta le risorse del Piano", 42.0), top=64.0)
    further = cells(("Fonte", 42.0), ("2021", 130.0), ("Piano", 300.0), top=86.0)
    lines = lines_of(head + title + prose + cells(("di Zona", 42.0), top=75.0) + further)
    assert running_lines(lines, 595.0, [lines_of(head)], ST, apart_only=True) == {0}
    # a running head at the margins, over a full-width table: its outer ends line up with the
    # table's outer edges (and its first text's end, by chance, with a row's): still running
    margins = cells(("Comune di Crema", 42.0), ("Piano 2021", 384.0), top=35.0)
    table = cells(("Servizio", 42.0), ("2022", 200.0), ("Utenti", 400.0), top=55.0)
    table += cells(("Servizio n. 1 ab", 42.0), ("1.200", 200.0), ("5", 440.0), top=68.0)
    lines = lines_of(margins + table)
    assert running_lines(lines, 595.0, [lines_of(margins)], ST, apart_only=True) == {0}


def test_header_pieces_a_cells_next_line_goes_on_with_are_no_fragment() -> None:
    """At the top of a page going on with the table, `Responsabile` alone reads as a piece of
    the header `responsabile rilevazione`; with `amministrazione CSC` right under it in its
    column, it is the first line of a cell."""
    profile = load_profile()
    head = lines_of(
        cells(("nr.", 42.0), ("Indicatore", 90.0), ("tipologia", 200.0), top=20)
        + cells(("responsabile", 300.0), top=20)
        + cells(("rilevazione", 300.0), top=28)
    )
    header = lines_to_headers(1, head, Graphics((), (), ()), profile.column_of_parts, "nr", ST)[0]
    columns = ((40.0, 80.0), (80.0, 190.0), (190.0, 290.0), (290.0, 420.0))
    first = cells(("Responsabile", 300.0), top=50)
    close = lines_of(first + cells(("23", 42.0), ("amministrazione CSC", 300.0), top=59))
    apart = lines_of(first + cells(("23", 42.0), ("amministrazione CSC", 300.0), top=70))
    assert top_fragment(close, columns, header, False, 3.0) == 0
    assert top_fragment(apart, columns, header, False, 3.0) == 1


# -- settings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("phrase_gap", 0, "must be above 0"),
        ("separator_cover", 1.5, "a share, from 0 to 1"),
        ("header_matches", 1, "at least 2"),
        ("header_matches", 2.5, "not a whole number"),
        ("thin_fill", 5.0, "must be below min_band"),
        ("end_gap", "far", "not a number"),
    ],
)
def test_settings_check_themselves(name: str, value: object, problem: str) -> None:
    from pdztables.errors import ProfileError

    with pytest.raises(ProfileError, match=problem):
        replace(ST, **{name: value})


def test_settings_resolve_from_none_a_mapping_or_settings() -> None:
    from pdztables.errors import ProfileError

    assert LayoutSettings.resolve(None) == ST
    assert LayoutSettings.resolve({"end_gap": 4}).end_gap == 4.0
    assert LayoutSettings.resolve(ST) is ST
    with pytest.raises(ProfileError, match="'end_gaps' is unknown"):
        LayoutSettings.resolve({"end_gaps": 4})


def _overdrawn_by_every_pair(chars: list[dict[str, Any]], share: float) -> str:
    """`overdrawn_text` as first written: each letter against every letter to its right."""
    inked = sorted((c for c in chars if str(c["text"]).strip()), key=lambda c: c["x0"])
    for k, a in enumerate(inked):
        height = a["bottom"] - a["top"]
        for b in inked[k + 1 :]:
            if b["x0"] >= a["x1"]:
                break
            if b["text"] == a["text"] or abs(b["top"] - a["top"]) > share * height:
                continue
            overlap = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            if overlap > 0.5 * min(a["x1"] - a["x0"], b["x1"] - b["x0"]):
                near = [
                    c
                    for c in inked
                    if abs(c["top"] - a["top"]) <= height and abs(c["x0"] - a["x0"]) < 30
                ]
                return "".join(str(c["text"]) for c in sorted(near, key=lambda c: c["x0"]))
    return ""


def test_overdrawn_letters_are_found_as_by_comparing_every_pair() -> None:
    """Letters grouped by height, then by position: the same finding as every pair compared,
    on random letters at a few heights, some drawn over each other."""
    import random

    from pdztables.extract.doubts import overdrawn_text

    rng = random.Random(7)
    found = 0
    for _ in range(3000):
        letters = []
        for _ in range(rng.randint(0, 30)):
            x0 = rng.choice([rng.uniform(0, 100), float(round(rng.uniform(0, 100)))])
            top = rng.choice([10.0, 10.5, 13.0, 20.0, rng.uniform(5, 25)])
            letters.append(
                {
                    "x0": x0,
                    "x1": x0 + rng.choice([3.0, 5.0, 0.5, 0.0]),
                    "top": top,
                    "bottom": top + rng.choice([7.0, 7.0, 3.0, 0.0, -1.0]),
                    "text": rng.choice("ab c"),
                }
            )
        share = LayoutSettings().row_share
        want = _overdrawn_by_every_pair(letters, share)
        found += bool(want)
        assert overdrawn_text(letters, share) == want, letters
    assert 500 < found < 2500  # both outcomes well tried


def test_a_grid_inside_another_left_out_grid_is_left_out_with_it() -> None:
    """Ruled grids that are no indicator table are kept as tables left out, one per place: a
    grid drawn inside another one kept is not kept again."""

    def grid(x0: float, top: float, w: float, h: float) -> list[tuple[float, ...]]:
        return [
            (x0 + c * w, top + r * h, x0 + (c + 1) * w, top + (r + 1) * h)
            for r in range(3)
            for c in range(3)
        ]

    outer, inner = grid(100, 100, 100, 60), grid(110, 110, 20, 10)
    found, _ = read_page(content([]), [outer, inner], PROFILE, None, ST)
    assert [t.bbox for t in found] == [(100.0, 100.0, 400.0, 280.0)]
    found, _ = read_page(content([]), [inner, outer], PROFILE, None, ST)
    assert [t.bbox for t in found] == [(110.0, 110.0, 170.0, 140.0)]


def test_letters_a_few_tenths_of_their_height_apart_are_on_two_lines() -> None:
    """Lines set in the middle of their cells stand a point or three apart, side by side:
    letters 2.9 points apart (of 7) are two lines, 1.5 points apart one (a taller glyph)."""
    apart = cells(("primo", 90.0), top=100.0) + cells(("secondo", 200.0), top=102.9)
    assert len(char_rows(apart, ST)) == 2
    close = cells(("primo", 90.0), top=100.0) + cells(("secondo", 200.0), top=101.5)
    assert len(char_rows(close, ST)) == 1


def test_a_line_over_a_tables_first_key_is_its_row_unless_more_white_parts_them() -> None:
    """In a table that centres its text, a cell's line above the first key is that key's row's;
    further than a cell's lines stand apart (a point here, plus `row_white`), it is the rest of
    a row the page broke."""
    apart = 1.0 + ST.row_white

    def rows(white: float) -> list[list[Line]]:
        lead = lines_of(cells(("processi amministrativi", 90.0), top=100.0))
        key = lines_of(cells(("26", 42.0), ("Innovare la governance", 90.0), top=107.0 + white))
        return join_leads([lead, key], COLUMNS, 0, apart)

    assert len(rows(2.5)) == 2
    assert len(rows(1.5)) == 1


def test_a_word_over_the_rule_between_two_cells_is_its_cells_whole() -> None:
    """A text too long for its cell runs on under the next one, where a spreadsheet clips it
    (`airpo` + `rt`): the word is its cell's. A cell's own text drawn touching the clipped
    end of the text before it (`Preside` + `SPPS`) stays its cell's: it is no stray piece
    standing apart from the rest of its line, nor is one alone on its line."""
    boxes = [(0.0, 0.0, 60.0, 12.0), (60.0, 0.0, 120.0, 12.0)]

    def read(*texts: tuple[str, float]) -> list[str]:
        table = grid_to_table(1, boxes, cells(*texts, top=2.0), "grid", ST, whole_words=True)
        return [c.text for c in table.cells]

    assert read(("to airport", 24.0), ("9", 110.0)) == ["to airport", "9"]  # `rt` past 60
    assert read(("Preside", 32.0), ("SPPS", 60.0)) == ["Preside", "SPPS"]


def test_a_word_a_rule_parts_between_two_cells_is_a_doubt_but_for_clipped_text() -> None:
    """A bar chart's label straddling another bar's end (`20` | `.4`) is told; a text
    clipped at the rule by a spreadsheet, the next cell's own text touching it and lined up
    with its column's other texts (`Elizab` | `2165 ...`, under `1664 ...`), is not."""
    boxes = [
        (0.0, 0.0, 60.0, 12.0),
        (60.0, 0.0, 120.0, 12.0),
        (0.0, 12.0, 60.0, 24.0),
        (60.0, 12.0, 120.0, 24.0),
    ]

    def told(row0: list[tuple[str, float]], row1: list[tuple[str, float]]) -> str:
        drawn = cells(*row0, top=2.0) + cells(*row1, top=14.0)
        return grid_to_table(1, boxes, drawn, "grid", ST, whole_words=True).straddling

    assert told([("20.4", 52.0)], [("21.7", 30.0)]) == "20.4"
    assert told([("Elizab", 36.0), ("2165 Princeton", 60.0)], [("1664 Van", 60.0)]) == ""
    assert told([("30.5", 20.0)], [("21.7", 30.0)]) == ""  # no word parted
    # a clipped text's last letter read into the next cell, over the rule, though that
    # cell's own text lines up with its column's: `Apt 31` | `4Saint Paul`
    assert told([("Apt 314", 35.0), ("Saint", 64.0)], [("Saint", 64.0)]) == "314Saint"
    # letters past the rule lined up only with another cell's end, not its start
    assert told([("20.4", 52.0)], [("4", 64.0)]) == "20.4"
    # two labels parted alike vouch for neither
    assert told([("20.4", 52.0)], [("21.4", 52.0)]) == "20.4"


def test_a_white_fill_unstroked_makes_no_grid() -> None:
    thin = ST.thin_fill
    assert not seen(rect_obj(0, 0, 100, 50, grey=1.0), thin)  # a sheet's white background
    assert seen(rect_obj(0, 0, 100, 50), thin)  # a grey band
    assert seen(rect_obj(0, 0, 100, 50, fill=False, grey=1.0), thin)  # a frame, stroked
    assert seen(rect_obj(0, 0, 100, 0.5, grey=1.0), thin)  # a rule (a spot colour's full tint)
    # two tables on one white fill (a spreadsheet's sheet) are two grids, not one
    pdf = (
        Path(__file__).resolve().parent.parent
        / "samples"
        / "tables"
        / "utenti_foglio_di_calcolo.pdf"
    )
    with pdfplumber.open(pdf) as doc:
        assert len(load_page(pdf, doc, 1).grids) == 2


def test_a_phrase_is_placed_in_its_columns_as_a_search_of_every_column_places_it() -> None:
    """`column_of` and `spanned` search columns in order by bisection, and one by one where
    the columns' ends are out of order: either way as a look at every column finds them."""
    import random

    from pdztables.extract.place import column_of, spanned
    from pdztables.extract.primitives import Phrase

    def naive_column(x: float, columns: tuple[tuple[float, float], ...]) -> int:
        return next((c for c, (_, b) in enumerate(columns) if x < b), len(columns) - 1)

    def naive_spanned(p: Phrase, columns: tuple[tuple[float, float], ...]) -> tuple[int, int]:
        cols = [
            c
            for c, (a, b) in enumerate(columns)
            if min(p.x1, b) - max(p.x0, a) > 2 or a <= p.mid <= b
        ]
        c = naive_column(p.mid, columns)
        return (cols[0], cols[-1]) if cols else (c, c)

    rnd = random.Random(3)
    for _ in range(300):
        cuts = sorted(rnd.uniform(0, 500) for _ in range(rnd.randint(2, 12)))
        columns = tuple(pairwise(cuts))
        if rnd.random() < 0.3:  # gaps, overlaps, or ends out of order
            columns = tuple(
                (a + rnd.uniform(-20, 20), b + rnd.uniform(-20, 20)) for a, b in columns
            )
        for _ in range(20):
            x0 = rnd.uniform(-20, 520)
            p = Phrase("t", x0, x0 + rnd.uniform(0, 120), 0.0, 10.0)
            assert column_of(p.x0, columns) == naive_column(p.x0, columns)
            assert spanned(p, columns) == naive_spanned(p, columns)


@pytest.mark.parametrize(("ratio", "tolerance"), [(None, 2.0), (None, 0.0), (0.25, 1.0)])
def test_words_are_grouped_as_pdfplumber_groups_them(ratio: float | None, tolerance: float) -> None:
    """On a half-point lattice, so that gaps and tops fall exactly on the tolerances."""
    import random

    from pdfplumber.utils.text import extract_words

    from pdztables.extract.primitives import clusters, words_of

    rng = random.Random(7)
    for _ in range(600):
        found: list[dict[str, Any]] = []
        x = 0.0
        for _ in range(rng.randrange(0, 30)):
            x = rng.choice([x + rng.randrange(0, 9) / 2, rng.randrange(0, 80) / 2])
            top = rng.choice([10.0, 10.5, 11.0, 12.0, 14.0, rng.randrange(0, 80) / 2])
            size = rng.choice([4.0, 8.0])  # a quarter of them: 1 and 2, on the lattice
            found.append(
                {
                    "text": rng.choice(["a", "b", " ", "", "7", "\u00a0"]),
                    "x0": x,
                    "x1": x + rng.randrange(1, 9) / 2,
                    "top": top,
                    "bottom": top + size,
                    "doctop": top,
                    "size": size,
                    "upright": rng.random() > 0.1,
                }
            )
            x = found[-1]["x1"]
        expected = extract_words(
            found,
            return_chars=True,
            keep_blank_chars=True,
            x_tolerance=tolerance,
            y_tolerance=tolerance,
            x_tolerance_ratio=ratio,
        )
        assert words_of(found, tolerance, tolerance, ratio) == [w["chars"] for w in expected]
        tops = [w["top"] for w in expected]
        lines = [[w["chars"] for w in ln] for ln in cluster_objects(expected, "top", tolerance)]
        assert [
            [expected[i]["chars"] for i in group] for group in clusters(tops, tolerance)
        ] == lines


def test_grid_cells_are_pdfplumbers_cells_in_its_order() -> None:
    """Random rules on a lattice, several along one line, some cut short or stopping short of
    a crossing: the cells found between their crossings are pdfplumber's."""
    import random

    from pdfplumber.table import edges_to_intersections, intersections_to_cells

    from pdztables.extract.pagedata import grid_cells

    rng = random.Random(11)
    made = 0
    for _ in range(400):
        xs = sorted(rng.sample(range(0, 60, 5), rng.randrange(2, 7)))
        ys = sorted(rng.sample(range(0, 60, 5), rng.randrange(2, 7)))
        edges: list[dict[str, Any]] = []
        for _ in range(rng.randrange(2, 16)):
            if rng.random() < 0.5:
                a, b = sorted(rng.sample(ys, 2))
                x = rng.choice(xs)
                edges.append({"x0": x, "top": a, "x1": x, "bottom": b, "orientation": "v"})
            else:
                a, b = sorted(rng.sample(xs, 2))
                y = rng.choice(ys)
                edges.append({"x0": a, "top": y, "x1": b, "bottom": y, "orientation": "h"})
        crossings = edges_to_intersections(edges, 0, 0)
        assert grid_cells(crossings) == intersections_to_cells(crossings)
        made += bool(grid_cells(crossings))
    assert made > 100  # most drawings have cells


@pytest.mark.parametrize(
    "name", ["cremasco_grid.pdf", "cremasco_docx.pdf", "tables/utenti_foglio_di_calcolo.pdf"]
)
def test_a_pages_grids_are_the_cells_of_pdfplumbers_tables(name: str) -> None:
    from pdztables.extract.pagedata import GRID_SETTINGS, _find_grids

    cells = 0
    with pdfplumber.open(Path(__file__).resolve().parent.parent / "samples" / name) as pdf:
        for page in pdf.pages[:4]:
            expected = tuple(
                tuple(tuple(float(v) for v in c) for c in t.cells)
                for t in page.find_tables(GRID_SETTINGS)
            )
            assert _find_grids(page, page.objects) == expected
            cells += sum(map(len, expected))
    assert cells > 40
