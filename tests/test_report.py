"""The HTML report: every link leads somewhere, the overlays sit on the words they claim, the
language switch, and (where Chromium and its driver are installed) a real browser's view:
no console errors, pictures loaded, overlays on the pictures, links that bring rows into view,
and no horizontal scrolling at 900 px."""

from __future__ import annotations

import contextlib
import html
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from pdztables.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.pdf"))
LAYOUTS = sorted((ROOT / "samples" / "layouts").glob("*.pdf"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def report(pdf: Path, folder: Path, *options: str) -> str:
    """Write the report of a sample; its text."""
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["extract", str(pdf), "-o", str(folder), "--format", "html", *options])
    assert code in (0, 1)
    return (folder / f"{pdf.stem}.html").read_text("utf-8")


RECT = re.compile(
    r'<rect class="row" id="(?P<id>[^"]+)" data-label="(?P<label>[^"]*)" x="(?P<x>[\d.]+)" '
    r'y="(?P<y>[\d.]+)" width="(?P<w>[\d.]+)" height="(?P<h>[\d.]+)"'
)


@pytest.mark.parametrize("pdf", SAMPLES + LAYOUTS, ids=lambda p: p.stem)
def test_every_link_leads_somewhere_and_row_boxes_sit_on_their_rows(
    pdf: Path, tmp_path: Path
) -> None:
    text = report(pdf, tmp_path)
    ids = set(re.findall(r'id="([^"]+)"', text))
    targets = set(re.findall(r'href="#([^"]+)"', text))
    assert targets, "no links"
    assert not targets - ids, sorted(targets - ids)[:5]
    # one picture per page the table was read from, embedded
    pictures = re.findall(r'<figure class="picture" id="page-(\d+)">', text)
    assert pictures and text.count('src="data:image/webp;base64,') == len(pictures)
    # each row box holds, as its first word, the row's number: the box sits on its row (on
    # the page where the row starts; its rest on the next page has an empty number cell)
    boxes = [m.groupdict() for m in RECT.finditer(text)]
    assert len(boxes) >= 20
    starts: dict[str, dict[str, str]] = {}
    for box in boxes:
        starts.setdefault(box["label"], box)
    with pdfplumber.open(pdf) as doc:
        on_page: dict[int, list[dict[str, Any]]] = {}
        for box in starts.values():
            page = int(box["id"].split("-")[0][1:])
            if page not in on_page:
                on_page[page] = doc.pages[page - 1].extract_words()
            x, y, w, h = (float(box[k]) for k in "xywh")
            words = [
                word
                for word in on_page[page]
                if word["x0"] >= x - 1
                and word["x1"] <= x + w + 1
                and word["top"] >= y - 1
                and word["bottom"] <= y + h + 1
            ]
            first = min(words, key=lambda word: (round(word["x0"]), word["top"]))
            column = [word["text"] for word in words if word["x0"] < first["x1"]]
            number = "".join(column).rstrip(".")  # a narrow column draws `13` as 1 over 3
            assert number == box["label"] or first["text"] == box["label"], (box, column)


def test_the_report_speaks_english_with_lang_en_and_can_leave_pictures_out(
    tmp_path: Path,
) -> None:
    pdf = ROOT / "samples" / "cremasco_monitoring.pdf"
    italian = html.unescape(report(pdf, tmp_path / "it"))
    english = html.unescape(report(pdf, tmp_path / "en", "--lang", "en", "--no-pictures"))
    assert '<html lang="it">' in italian and "Riepilogo" in italian
    assert re.search(r"\d,\d\d s<", italian)  # the time, written the Italian way
    assert "il risultato atteso chiede almeno 1 per subambito" in italian
    assert "Intestazione ripetuta eliminata" in italian or "Frammento" in italian
    assert '<html lang="en">' in english and "Summary" in english and "Riepilogo" not in english
    assert re.search(r"\d\.\d\d s<", english)
    assert "the target asks for at least 1 per subambito" in english
    assert "data:image/webp" not in english and "(--no-pictures)" in english
    assert len(english) < len(italian) / 3


def test_a_three_page_report_is_small_enough_to_e_mail(tmp_path: Path) -> None:
    text = report(ROOT / "samples" / "cremasco_grid.pdf", tmp_path)
    assert text.count('<figure class="picture"') == 3
    assert len(text.encode()) < 3_000_000


def test_a_table_over_many_pages_pictures_those_that_say_most(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pdztables.reports import pictures

    monkeypatch.setattr(pictures, "MAX_PICTURES", 1)
    text = report(ROOT / "samples" / "cremasco_monitoring.pdf", tmp_path)
    figures = text.split('<figure class="picture"')[1:]
    assert len(figures) == 1
    assert 'class="warning"' in figures[0] or 'class="error"' in figures[0]
    assert "Immagini di 1 delle 3 pagine" in html.unescape(text)
    ids = set(re.findall(r'id="([^"]+)"', text))
    targets = set(re.findall(r'href="#([^"]+)"', text))
    assert not targets - ids, sorted(targets - ids)[:5]


def marks_of(pdf: Path) -> list[tuple[int, str, str]]:
    """(page, kind, title) of every mark drawn over a sample's pages."""
    import pdztables
    from pdztables.reports.pictures import page_marks

    pages, _ = page_marks(pdztables.read_pdf(pdf).run, "it")
    return [(p.page, m.kind, m.title) for p in pages for m in p.marks]


def test_every_repair_kind_is_either_routine_or_marked() -> None:
    """A new repair kind must be told routine (no mark) or given a mark's style."""
    from pdztables.normalize import KINDS
    from pdztables.reports.pictures import MEANING, ROUTINE

    dropped = {"repeated-header", "header-fragment", "header-rest", "trailing-text", "group-row"}
    assert not ROUTINE & set(MEANING) and not (ROUTINE | set(MEANING)) & dropped
    assert ROUTINE | set(MEANING) | dropped == set(KINDS)


def test_routine_joins_are_not_marked_and_repairs_that_change_a_cell_are_each_in_their_style() -> (
    None
):
    from pdztables.i18n import entry

    def title(kind: str) -> str:
        return str(entry(f"repair.{kind}", "it")[0])

    routine = {title(k) for k in ("wrapped-cell", "whitespace", "hyphen-join", "ligature")}
    for name, style, kind in (
        ("cremasco_narrow_nr", "cut", "digits-join"),
        ("foreign_narrow_columns_cut_numbers", "cut", "cut-word"),
        ("cremasco_hrules", "filled", "merged-cell"),
        ("cremasco_docx", "joined", "row-split"),
    ):
        marks = marks_of(ROOT / "samples" / f"{name}.pdf")
        styled = [t for _, k, t in marks if k == style]
        assert any(title(kind) in t for t in styled), name
        # no mark stands for routine repairs alone
        for _, k, t in marks:
            if k in ("cut", "joined", "filled"):
                assert set(t.split("; ")) - routine, (name, t)
    # 95 wrapped lines joined in the monitoring sample: none is a mark
    kinds = {k for _, k, _ in marks_of(ROOT / "samples" / "cremasco_monitoring.pdf")}
    assert not kinds & {"cut", "joined", "filled"}


# ---------------------------------------------------------------------------------------------
# In a real browser

needs_browser = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="needs Debian's chromium and chromium-driver (.ci/run installs them)",
)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=900,1000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_window_size(900, 1000)
    yield driver
    driver.quit()


@needs_browser
@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_the_report_in_a_browser(browser, pdf: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report(pdf, tmp_path)
    browser.get((tmp_path / f"{pdf.stem}.html").as_uri())
    browser.get_log("browser")  # (drained: only what follows counts)
    browser.refresh()
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    # no horizontal scrolling at 900 px
    assert browser.execute_script("return window.innerWidth") <= 900
    wide = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wide <= 0, f"the page is {wide} px wider than the window"
    # the pictures load, and each overlay covers its picture exactly
    frames = browser.execute_script(
        """
        return [...document.querySelectorAll('.frame')].map(f => {
          const img = f.querySelector('img'), svg = f.querySelector('svg');
          const a = img.getBoundingClientRect(), b = svg.getBoundingClientRect();
          return {loaded: img.complete && img.naturalWidth > 0,
                  dx: Math.abs(a.left - b.left) + Math.abs(a.right - b.right),
                  dy: Math.abs(a.top - b.top) + Math.abs(a.bottom - b.bottom)};
        });"""
    )
    assert frames and all(f["loaded"] for f in frames), frames
    assert all(f["dx"] < 1 and f["dy"] < 1 for f in frames), frames
    # following a finding's link (or a row's picture link) brings its target into view
    links = browser.find_elements("css selector", "a.to-row")
    link = links[0] if links else browser.find_element("css selector", "#data tbody th a")
    target = link.get_attribute("href").split("#", 1)[1]
    browser.execute_script("arguments[0].click()", link)
    seen = browser.execute_script(
        """
        const el = document.getElementById(arguments[0]);
        const r = el.getBoundingClientRect();
        let box = el.closest('.scroll');
        const within = (b) => r.bottom > b.top && r.top < b.bottom;
        const view = {top: 0, bottom: window.innerHeight};
        return within(view) && (!box || within(box.getBoundingClientRect()))
               && location.hash === '#' + arguments[0];""",
        target,
    )
    assert seen, f"#{target} is not in view after following its link"
    # the table's header row stays in view when its box scrolls
    sticky = browser.execute_script(
        """
        const box = document.getElementById('data-scroll');
        box.scrollTop = box.scrollHeight;
        const head = box.querySelector('thead th').getBoundingClientRect();
        return head.top >= box.getBoundingClientRect().top - 1
               && head.bottom <= box.getBoundingClientRect().bottom;"""
    )
    assert sticky


SHORT_ROWS = (
    ROOT
    / "samples"
    / "layouts"
    / "layout-17-chromium-cremasco-none-zebra-narrow7-split-run-both.pdf"
)
"""Rows shorter than a row label: 23 labels would cover the one above."""


@needs_browser
@pytest.mark.parametrize("width", [900, 1400])
@pytest.mark.parametrize(
    "pdf",
    [ROOT / "samples" / "cremasco_monitoring.pdf", SHORT_ROWS],
    ids=["monitoring", "short-rows"],
)
def test_row_labels_never_cover_each_other_and_routine_joins_carry_no_mark(
    browser, pdf: Path, width: int, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    report(pdf, tmp_path)
    browser.set_window_size(width, 1000)
    try:
        browser.get((tmp_path / f"{pdf.stem}.html").as_uri())
        found = browser.execute_script(
            """
            const out = {overlaps: [], labels: 0, routine: [], legend: []};
            for (const svg of document.querySelectorAll('.frame svg')) {
              const boxes = [...svg.querySelectorAll('text.label')].map(
                t => [t.textContent, t.getBoundingClientRect()]);
              out.labels += boxes.length;
              for (let i = 0; i < boxes.length; i++)
                for (let j = i + 1; j < boxes.length; j++) {
                  const [a, r] = boxes[i], [b, q] = boxes[j];
                  const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
                  const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
                  if (w > 0.5 && h > 0.5) out.overlaps.push(svg.dataset.page + ': ' + a + '/' + b);
                }
              const marked = 'rect.repaired, rect.cut, rect.joined, rect.filled';
              for (const m of svg.querySelectorAll(marked)) out.routine.push(m.textContent);
            }
            out.legend = [...document.querySelectorAll('.legend i')].map(i => i.className);
            return out;"""
        )
        # the page as seen, kept beside the test's files when it fails
        assert browser.save_screenshot(str(tmp_path / f"report-{width}.png"))
    finally:
        browser.set_window_size(900, 1000)
    assert found["labels"] >= 49  # every row (once on each page it is drawn on)
    assert not found["overlaps"], found["overlaps"][:5]
    assert not found["routine"], found["routine"][:5]
    assert {"cut", "joined", "filled", "out", "warning", "error"} <= set(found["legend"])
