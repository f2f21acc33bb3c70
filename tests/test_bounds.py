"""Geometry in its bounds and a budget for each page: what a page draws off the page, at
positions that are not numbers, or drawn again over itself never reaches the engine; a page
that takes far longer than what it holds justifies is given up, said so, and the rest read."""

from __future__ import annotations

import logging
import math
import signal
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from pdztables.errors import NoTableError
from pdztables.extract import budget, reader
from pdztables.extract.bounds import (
    CHAR_LOOK,
    LARGEST_PAGE,
    _once,
    _over,
    _printed_once,
    page_box,
    within_page,
)
from pdztables.extract.lean import forms_in_circle, page_objects
from pdztables.extract.screen import reader_numbers
from pdztables.extract.turn import LEFT, RIGHT, turn_box, turn_of, turned_text
from pdztables.pipeline import run
from pdztables.tables import given_up_lines, read_tables, read_tables_found

ROOT = Path(__file__).resolve().parent.parent
GRID = ROOT / "samples" / "cremasco_grid.pdf"
HOSTILE = ROOT / "tests" / "hostile"
BOX = (0.0, 0.0, 600.0, 800.0)


def char(x0: float, top: float, text: str = "a", **extra: Any) -> dict[str, Any]:
    return {
        "object_type": "char",
        "text": text,
        "fontname": "F",
        "size": 10.0,
        "x0": x0,
        "x1": x0 + 5,
        "top": top,
        "bottom": top + 10,
        **extra,
    }


def rect(x0: float, top: float, x1: float, bottom: float, **extra: Any) -> dict[str, Any]:
    return {
        "object_type": "rect",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "y0": 800 - bottom,
        "y1": 800 - top,
        "doctop": top,
        "fill": True,
        **extra,
    }


def test_characters_off_the_page_or_not_numbers_are_left_out_and_noted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    chars = [char(10, 10), char(1e20, 10), char(10, -50), char(math.nan, 10), char(597, 10)]
    with caplog.at_level(logging.WARNING, "pdztables.reader"):
        kept = within_page({"char": chars}, BOX, 3)["char"]
    assert [c["x0"] for c in kept] == [10, 597]  # a letter cut by the edge stays
    assert "page 3 draws 3 characters outside the page" in caplog.text


def test_drawing_reaching_past_the_page_is_cut_to_it_and_drawing_off_it_dropped() -> None:
    objects = {
        "rect": [rect(-20, 100, 620, 120), rect(700, 100, 900, 120), rect(10, 10, 20, math.inf)],
        "line": [
            {
                "object_type": "line",
                "x0": 50,
                "x1": 50,
                "top": -1e20,
                "bottom": 1e20,
                "pts": [(50, -1e20), (50, 1e20)],
            }
        ],
    }
    out = within_page(objects, BOX, 1)
    (band,) = out["rect"]
    assert (band["x0"], band["x1"], band["top"], band["bottom"]) == (0, 600, 100, 120)
    assert band["width"] == 600
    (line,) = out["line"]
    assert (line["top"], line["bottom"], line["pts"]) == (0, 800, [(50, 0), (50, 800)])


def test_what_is_drawn_again_exactly_over_itself_is_read_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    chars = [char(10, 10), char(10, 10), char(30, 10)]
    with caplog.at_level(logging.WARNING, "pdztables.reader"):
        kept = within_page({"char": chars, "rect": [rect(1, 1, 5, 5)] * 3}, BOX, 1)
    assert len(kept["char"]) == 2 and len(kept["rect"]) == 1
    # noted where the page draws itself at least twice over, not for a shared border
    assert "draws 2 rectangles again exactly over themselves" in caplog.text
    assert "character" not in caplog.text


def test_a_letter_printed_twice_a_little_apart_is_read_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Bold made by printing each letter twice, a fraction of a point apart (`北北京京` for
    `北京`, pdfplumber's `dedupe_chars` case): each letter once, the first kept. The same letter
    a letter's width on (`ll`), or another letter over it, is another letter."""
    chars = [
        char(10, 10, "北"),
        char(10.4, 10.2, "北"),
        char(20, 10, "京"),
        char(20.3, 10, "京"),
        char(40, 10, "l"),
        char(45, 10, "l"),
        char(40.2, 10, "x"),
        char(60, 10, "a", fontname="Other"),
        char(60.2, 10, "a"),
        char(80, 10, "b"),
        char(82, 10, "b"),  # two points on: over its neighbour, not printed again
        char(90, 10, "c"),
        char(90.6, 10, "c"),
        char(91.2, 10, "c"),  # printed three times, each 0.6 points on
    ]
    with caplog.at_level(logging.WARNING, "pdztables.reader"):
        kept = within_page({"char": chars}, BOX, 2)["char"]
    assert [(c["text"], c["x0"]) for c in kept] == [
        ("北", 10),
        ("京", 20),
        ("l", 40),
        ("l", 45),
        ("x", 40.2),
        ("a", 60),
        ("a", 60.2),
        ("b", 80),
        ("b", 82),
        ("c", 90),
    ]
    assert "page 2 draws 4 characters again a point or less apart" in caplog.text


def test_a_letter_printed_again_is_found_across_the_grid_that_finds_it() -> None:
    """Letters printed again are looked for in a grid: a second print on the far side of a
    cell's edge, up to a point away across and down, is found as one within a cell; one a
    little further is another letter. Beside a naive search over every pair, on letters set
    at random around the grid's edges."""
    import random

    rnd = random.Random(7)
    chars = [
        char(
            rnd.choice([10, 11.9, 12.0, 13.99]) + rnd.uniform(-1.3, 1.3),
            20 + rnd.uniform(-1.3, 1.3),
        )
        for _ in range(300)
    ]
    kept, dropped = _printed_once(chars)
    naive = []
    for k, c in enumerate(chars):
        if not any(_over(c, e) for e in chars[:k]):
            naive.append(c)
    assert [id(c) for c in kept] == [id(c) for c in naive] and dropped == 300 - len(naive)
    assert 1 < len(kept) < 300


def test_objects_at_one_corner_are_one_only_when_they_look_the_same() -> None:
    """Objects sharing a corner are compared whole: a letter of another text, or a box of
    another size, at the same corner is kept; the same one again is not."""
    objs = [char(10, 10, "a"), char(10, 10, "b"), char(10, 10, "a"), rect(10, 10, 20, 20)]
    objs.append(rect(10, 10, 30, 30))
    objs.append(rect(10, 10, 20, 20))
    assert _once(objs, CHAR_LOOK) == objs[:2] + objs[3:5]


def test_a_page_whose_text_runs_up_or_down_it_is_turned_to_be_read(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Nearly all letters running up the page (their matrix turned a quarter to the left): the
    page is turned a quarter clockwise, each box with it, the page's width and height swap,
    and the letters printed across them (a page number) are left out and noted."""

    def running(turn: str, x: float, top: float, text: str = "a") -> dict[str, Any]:
        matrix = (0.0, 9.0, -9.0, 0.0, x, 0.0) if turn == "up" else (0.0, -9.0, 9.0, 0.0, x, 0.0)
        return char(x, top, text, upright=False, matrix=matrix)

    up = [running("up", 100, 700 - 5 * k) for k in range(9)]
    upright = [char(300, 780, "7", matrix=(9.0, 0.0, 0.0, 9.0, 300, 0))]
    assert turn_of(up + upright) == LEFT
    assert turn_of([running("down", 100, 100 + 5 * k) for k in range(9)]) == RIGHT
    assert turn_of(up[:4] + [char(300 + 5 * k, 780) for k in range(9)]) == 0
    with caplog.at_level(logging.WARNING, "pdztables.reader"):
        turned = turned_text(up + upright, LEFT, 600.0, 800.0, 4)
    assert len(turned) == 9 and all(c["upright"] for c in turned)
    first = turned[0]  # x0 100, top 700, x1 105, bottom 710 on the page 600 wide, 800 tall
    assert (first["x0"], first["top"], first["x1"], first["bottom"]) == (90.0, 100.0, 100.0, 105.0)
    assert turn_box((100.0, 700.0, 105.0, 710.0), RIGHT, 600.0, 800.0) == (
        700.0,
        495.0,
        710.0,
        500.0,
    )
    assert "page 4: its text runs up the page and was turned" in caplog.text
    assert "1 letter printed across it" in caplog.text


def test_a_turned_pages_ruled_grids_are_turned_with_it() -> None:
    """The ruled grid of a table printed turned a quarter lies on the turned page where its
    letters do (the grid turned with the page's own size, before width and height swap)."""
    pdf_path = ROOT / "samples" / "tables" / "bilancio_ruotato.pdf"
    with pdfplumber.open(pdf_path) as pdf:
        from pdztables.extract.pagedata import load_page

        data = load_page(pdf_path, pdf, 1)
    assert data.turn == LEFT and data.width > data.height
    cells = [c for grid in data.grids for c in grid]
    inked = [c for c in data.chars if c["text"].strip()]
    assert cells and inked
    assert abs(min(c[0] for c in cells) - min(c["x0"] for c in inked)) < 10
    assert abs(min(c[1] for c in cells) - min(c["top"] for c in inked)) < 10


def test_a_page_box_past_pdfs_largest_page_is_read_that_far() -> None:
    assert page_box((0, 0, 1e30, 500)) == (0, 0, LARGEST_PAGE, 500)
    assert page_box((0, 0, math.inf, 500)) == (0, 0, LARGEST_PAGE, LARGEST_PAGE)
    assert page_box((0, 0, 595, 842)) == (0, 0, 595, 842)


def _shifted(tmp_path: Path, rotate: int) -> Path:
    """cremasco_grid with its MediaBox moved off the origin and its drawing moved with it (the
    same pages to a viewer), and turned by `rotate`."""
    import pikepdf

    out = tmp_path / f"shifted-{rotate}.pdf"
    with pikepdf.open(GRID) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
            page.obj.MediaBox = [x0 - 300, y0 - 200, x1 - 300, y1 - 200]
            page.contents_add(pikepdf.Stream(pdf, b"1 0 0 1 -300 -200 cm\n"), prepend=True)
            if rotate:
                page.obj.Rotate = rotate
        pdf.save(out)
    return out


def test_a_page_whose_box_is_off_the_origin_keeps_all_its_text(tmp_path: Path) -> None:
    shifted = run(_shifted(tmp_path, 0))
    assert len(shifted.table.frame) == 49 and not shifted.notes
    with pdfplumber.open(_shifted(tmp_path, 90)) as pdf:
        from pdztables.extract.pagedata import load_page

        assert len(load_page(tmp_path, pdf, 1).chars) == len(pdf.pages[0].chars)


def test_a_page_tree_listing_a_page_again_is_read_whole_and_said(tmp_path: Path) -> None:
    import pikepdf

    # the page listed 500 times reads once, and the run says the page tree is damaged
    kids = run(HOSTILE / "kids-500.pdf")
    assert list(kids.table.frame["nr"].astype(str)) == ["1", "2", "3"]
    assert [f.check for f in kids.validation.errors] == ["page_tree"]
    # the last page listed first and twice: the libraries number the pages differently
    out = tmp_path / "kids.pdf"
    with pikepdf.open(GRID) as pdf:
        kids_ = pdf.Root.Pages.Kids
        first, second, third = list(kids_)
        pdf.Root.Pages.Kids = pikepdf.Array([third, third, first, second, third])
        pdf.Root.Pages.Count = 5
        pdf.save(out)
    # the screening library's pages renumbered as the reader counts them, by their texts
    assert reader_numbers(out, 3) == {1: 1, 2: 1, 3: 2, 4: 3, 5: 1}
    assert reader_numbers(out, 4) is None  # not one to one: every page is read
    damaged = run(out)
    assert "page_tree" in {f.check for f in damaged.validation.errors}
    assert "1 pages" not in damaged.validation.errors[0].message


def test_a_page_drawn_at_1e20_is_a_page_with_no_text_on_it() -> None:
    with pdfplumber.open(HOSTILE / "coordinates-1e20.pdf") as pdf:
        from pdztables.extract.pagedata import load_page

        assert pdf.pages[0].chars  # the libraries give its letters, at 1e20
        assert load_page(HOSTILE, pdf, 1).chars == ()


def test_a_form_that_draws_itself_is_read_once_not_followed_until_the_stack_overflows() -> None:
    with pdfplumber.open(HOSTILE / "form-recursion.pdf") as pdf:
        page = pdf.pages[0]
        assert forms_in_circle(page.page_obj.resources)
        assert len(page_objects(page)["char"]) > 100
    with pdfplumber.open(GRID) as pdf:
        assert not forms_in_circle(pdf.pages[0].page_obj.resources)


def _spin(seconds: float) -> None:
    """Use CPU time for about `seconds` (the allowance counts CPU time)."""
    started = time.process_time()
    while time.process_time() - started < seconds:
        pass


def test_an_allowance_stops_work_that_runs_past_it_and_puts_an_outer_timer_back() -> None:
    fired: list[int] = []
    previous = signal.signal(budget.SIGNAL, lambda *_: fired.append(1))
    signal.setitimer(budget.TIMER, 0.6)
    try:
        started = time.process_time()
        with pytest.raises(budget.OverBudget) as caught, budget.allowance(4, "tables", 0.05):
            _spin(5)
        assert time.process_time() - started < 0.5
        assert caught.value.given_up == (4, "tables", 0.1)  # rounded to a tenth
        assert "finding its tables took more than" in caught.value.reason
        with budget.allowance(4, "load", 5.0):  # work within its allowance is untouched
            _spin(0.01)
        _spin(0.8)
        assert fired == [1]  # the outer timer still fired, once, its time spent inside counted
    finally:
        signal.setitimer(budget.TIMER, 0)
        signal.signal(budget.SIGNAL, previous)


def test_no_allowance_outside_the_main_thread() -> None:
    seen: list[bool] = []
    thread = threading.Thread(target=lambda: seen.append(budget.can_limit()))
    thread.start()
    thread.join()
    assert seen == [False] and budget.can_limit()


def test_an_allowance_grows_with_what_the_page_holds() -> None:
    assert budget.engine_seconds(0) == budget.PAGE_SECONDS
    assert budget.engine_seconds(4000) == pytest.approx(budget.PAGE_SECONDS + 4.0)


def _tight_on(page: int, monkeypatch: pytest.MonkeyPatch, module: Any) -> None:
    """Page `page`'s table finding runs past its allowance the moment it starts (the timer
    itself is tested above: a real timer set tight may let a quick page through on a
    machine whose clock ticks coarsely)."""
    real = budget.allowance

    @contextmanager
    def tight(number: int, step: str, seconds: float) -> Iterator[None]:
        if number == page and step == "tables":
            raise budget.OverBudget(number, step, seconds)
        with real(number, step, seconds):
            yield

    monkeypatch.setattr(module, "allowance", tight)


def test_a_page_given_up_is_an_error_of_the_reading_and_the_rest_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _tight_on(2, monkeypatch, reader)
    result = run(GRID)
    given = [f for f in result.validation.errors if f.check == "page_given_up"]
    assert [f.page for f in given] == [2]
    assert "page 2 was given up: finding its tables took more than" in given[0].message
    assert set(result.table.frame["pagina"]) == {1, 3}


def test_a_table_lost_to_a_page_given_up_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    _tight_on(1, monkeypatch, reader)
    with pytest.raises(NoTableError, match="page 1 was given up: finding its tables"):
        run(HOSTILE / "kids-500.pdf")


def test_tables_warns_of_a_page_given_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from pdztables.extract import finder

    _tight_on(2, monkeypatch, finder)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tables = read_tables(GRID)
    _, found = read_tables_found(GRID)
    assert tables and all(2 not in t.pages for t in tables)
    assert [str(w.message) for w in caught] == [f"{GRID}: " + given_up_lines(found)[0]]
    assert "page 2 was given up: finding its tables took more than" in str(caught[0].message)


def test_a_page_holding_far_more_drawing_than_any_page_is_not_read() -> None:
    from pdztables.extract.pagedata import load_page

    with (
        pdfplumber.open(HOSTILE / "contents-2000.pdf") as pdf,
        pytest.raises(budget.OverBudget) as caught,
    ):
        load_page(HOSTILE, pdf, 1)
    assert caught.value.given_up == (1, "size", budget.PAGE_CONTENT)
    with pdfplumber.open(GRID) as pdf:
        assert load_page(GRID, pdf, 1).chars
    with pytest.raises(NoTableError, match="its drawing instructions take more than 5 MB"):
        run(HOSTILE / "contents-2000.pdf")


def test_an_allowance_gives_up_a_page_that_takes_too_much_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if budget._rss_mb() is None:
        pytest.skip("the system does not tell a process's memory (no /proc)")
    monkeypatch.setattr(budget, "PAGE_MEMORY", 20.0)
    with pytest.raises(budget.OverBudget) as caught, budget.allowance(7, "load", 30.0):
        hoard = [bytearray(2**20) for _ in range(200)]
        _spin(1.0)
        del hoard
    assert caught.value.given_up == (7, "memory", 20.0)
    assert caught.value.reason == "reading it took more than 20 MB of memory"


def test_the_collector_runs_less_often_while_a_document_is_read_and_is_put_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    import pdztables.tables as api
    from pdztables.extract.budget import READING_THRESHOLDS, few_collections

    seen: list[tuple[tuple[int, int, int], bool]] = []
    find = api.find_tables

    def watched(*args: Any) -> Any:
        seen.append((gc.get_threshold(), gc.get_freeze_count() > 0))
        return find(*args)

    monkeypatch.setattr(api, "find_tables", watched)
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        read_tables(GRID)
        assert seen == [(READING_THRESHOLDS, True)]  # while read_tables reads
        assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == 0
        with few_collections():
            with few_collections():  # nested: the outer block's
                pass
            assert gc.get_threshold() == READING_THRESHOLDS
        assert gc.get_threshold() == (700, 10, 10)
        with pytest.raises(NoTableError), few_collections():
            raise NoTableError("a reading that fails puts the collector back too")
        assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == 0
        for own in [(50_000, 5, 5), (0, 10, 10)]:  # higher, or turned off: the program's
            gc.set_threshold(*own)
            with few_collections():
                assert gc.get_threshold() == own and gc.get_freeze_count() == 0
            assert gc.get_threshold() == own
        gc.set_threshold(700, 10, 10)
        with few_collections():  # a threshold set while a block is open stays
            gc.set_threshold(2000, 10, 10)
        assert gc.get_threshold() == (2000, 10, 10)
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
