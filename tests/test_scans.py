"""Scanned pages: the picture's skew, rules and bands; OCR's words into phrases; headers
matched with OCR's slips; cells mended by their column's type and marked where unsure.

The pieces are tested on pictures and words drawn here. The scans in `samples/scans/` are read
whole where tesseract with its Italian model is installed (CI installs it; elsewhere those
tests are skipped, saying so).
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pdztables.extract import Cell, Scan, ScanWord
from pdztables.extract.header import Header
from pdztables.extract.ocr import Word, languages, parse_hocr
from pdztables.extract.pixels import (
    clean,
    deskew,
    find_bands,
    find_rules,
    ink,
    light_letters,
    paper_level,
    read_drawing,
)
from pdztables.extract.scanned import _pieces, join_words
from pdztables.normalize.columns import map_headers
from pdztables.normalize.ocr import _mended, mend, strange_words, unsure_cells
from pdztables.normalize.records import Record
from pdztables.schemas.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
SCANS = sorted((ROOT / "samples" / "scans").glob("*.pdf"))
NO_OCR = (
    "tesseract with its Italian model is not installed "
    "(`apt install tesseract-ocr tesseract-ocr-ita`; .ci/run installs it)"
)
needs_ocr = pytest.mark.skipif(languages() is None, reason=NO_OCR)


def _page(angle: float = 0.0) -> np.ndarray:
    """A 300 dpi picture of a small ruled table: 5 rules across, 4 down, a dark header band
    with light letters, rows of dark 'words', turned by `angle` degrees."""
    img = Image.new("L", (1800, 1200), 250)
    draw = ImageDraw.Draw(img)
    draw.rectangle((200, 200, 1600, 300), fill=40)  # the dark header band
    for x in (300, 700, 1100):
        draw.rectangle((x, 230, x + 200, 270), fill=245)  # light "letters" on it
    for y in (200, 300, 500, 700, 900):
        draw.rectangle((200, y, 1600, y + 3), fill=20)
    for x in (200, 600, 1000, 1600):
        draw.rectangle((x, 200, x + 3, 900), fill=20)
    for y in (380, 580, 780):
        for x in (240, 640, 1040):
            for word in (x, x + 160):  # "words": letters' strokes, 3 px wide, 5 px apart
                for stroke in range(word, word + 120, 8):
                    draw.rectangle((stroke, y, stroke + 2, y + 30), fill=30)
    if angle:
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=250)
    return np.asarray(img)


@pytest.mark.parametrize("angle", [0.0, 0.7, -0.45])
def test_a_turned_page_is_set_level(angle: float) -> None:
    grey = _page(angle)
    paper = paper_level(grey)
    level, turned = deskew(grey, paper)
    assert turned == pytest.approx(-angle, abs=0.06)
    drawing = read_drawing(level, 300, paper)
    body = [r for r in drawing.hrules if r.top > 400]  # under the band (whose edges may be rules)
    assert [round(r.top, -2) for r in body] == [500, 700, 900]
    assert all(r.x1 - r.x0 > 1300 for r in body)
    down = [r for r in drawing.vrules if r.bottom - r.top > 500]
    assert [round(r.x0, -2) for r in down] == [200, 600, 1000, 1600]
    assert len(drawing.bands) == 1


def test_rules_and_bands_are_found_and_cleaned_away() -> None:
    grey = _page()
    paper = paper_level(grey)
    assert paper == 250
    drawing = read_drawing(grey, 300, paper)
    assert [r.top for r in drawing.hrules] == [500, 700, 900]
    assert [r.x0 for r in drawing.vrules] == [200, 600, 1000, 1600]
    bands = find_bands(grey, paper, 300)
    assert drawing.bands == tuple(bands)
    assert len(bands) == 1 and bands[0].grey < 100 and light_letters(grey, bands[0])
    assert bands[0].top <= 205 and bands[0].bottom >= 295
    out = clean(grey, drawing, paper, 300)
    assert (out[400:900, 601] == paper).all()  # a vertical rule painted over
    assert out[250, 400] < 60  # a light letter on the dark band turned dark
    assert out[250, 250] > 200  # the band turned light


def test_words_are_not_rules() -> None:
    """A line of words set close never reads as a rule: each word is shorter than a third of
    an inch, the white between them breaks the run."""
    img = Image.new("L", (1200, 200), 255)
    draw = ImageDraw.Draw(img)
    for x in range(50, 1100, 90):
        draw.rectangle((x, 80, x + 80, 100), fill=0)
    hrules, vrules = find_rules(ink(np.asarray(img)), 300)
    assert hrules == [] and vrules == []


def _word(text: str, x0: int, x1: int, line: int = 0, conf: float = 95.0) -> Word:
    return Word(text, x0, 100, x1, 130, conf, line)


def test_words_join_into_phrases_by_their_gaps_and_rules() -> None:
    words = [
        _word("n.", 100, 120),
        _word("incontri", 132, 230),  # a word space: 12 px on words 30 tall
        _word("del", 242, 280),
        _word("05a", 400, 450),  # a column's white: 120 px
        _word("Tavolo", 470, 560),
        _word("Povertà", 580, 680),  # 20 px, but a rule stands between
    ]
    rule = find_rules(np.zeros((10, 10), dtype=bool), 300)[0]  # no rules
    assert [[w.text for w in p] for p in join_words(words, rule, 12.5)] == [
        ["n.", "incontri", "del"],
        ["05a", "Tavolo", "Povertà"],
    ]
    from pdztables.extract.pixels import Segment

    ruled = join_words(words, [Segment(568, 50, 570, 200)], 12.5)
    assert [[w.text for w in p] for p in ruled][-2:] == [["05a", "Tavolo"], ["Povertà"]]


def test_a_word_is_cut_where_a_space_runs_down_it() -> None:
    mask = np.zeros((40, 200), dtype=bool)
    mask[5:35, 10:30] = True  # "n."
    mask[5:35, 44:120] = True  # "azione": 14 px of white before it
    mask[5:35, 123:150] = True  # 3 px between letters: no cut
    word = Word("n.azione", 10, 0, 150, 40, 90.0, 0)
    assert _pieces(word, mask, 0.32 * 30) == [(10, 30), (44, 150)]


HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<div class='ocr_page' title='bbox 0 0 100 100'>
 <span class='ocr_line' title="bbox 10 10 90 30; baseline 0 -4; x_size 20">
  <span class='ocrx_word' title='bbox 10 12 30 28; x_wconf 91'>
   <span class='ocrx_cinfo' title='x_bboxes 10 12 20 28; x_conf 99'>n</span>
   <span class='ocrx_cinfo' title='x_bboxes 21 24 30 28; x_conf 98'>.</span>
  </span>
  <span class='ocrx_word' title='bbox 40 12 80 28; x_wconf 12'>
   <span class='ocrx_cinfo' title='x_bboxes 40 12 80 28; x_conf 12'>L</span>
  </span>
 </span>
 <span class='ocr_line' title="bbox 10 40 90 60">
  <span class='ocrx_word' title='bbox 10 42 50 58; x_wconf 88'>
   <span class='ocrx_cinfo' title='x_bboxes 10 42 50 58; x_conf 88'>à</span>
  </span>
 </span>
</div></body></html>"""


def test_hocr_gives_words_their_letters_and_lines() -> None:
    words = parse_hocr(HOCR)
    assert [(w.text, w.conf, w.line) for w in words] == [("n.", 91, 0), ("L", 12, 0), ("à", 88, 1)]
    assert (words[1].x0, words[1].top, words[1].x1, words[1].bottom) == (40, 12, 80, 28)


@pytest.mark.parametrize(
    ("header", "column", "ordinal"),
    [
        ("risultati attesi l anno", "risultato_atteso", 1),
        ("risultati attesi Il ammo", "risultato_atteso", 2),
        ("risultati attesi HI anno", "risultato_atteso", None),  # HI: II or III? by place
        ("Indicalore", "indicatore", None),
        ("responsabile rilevazlone", "responsabile", None),
        ("ne.", None, None),  # too short to guess
        ("totale", None, None),
    ],
)
def test_headers_read_by_ocr_match_with_a_few_slips(
    header: str, column: str | None, ordinal: int | None
) -> None:
    profile = load_profile()
    found = profile.for_scans().match(header)
    assert (found.column.name if found else None) == column
    assert (found.ordinal if found else None) == ordinal
    if header not in ("risultati attesi l anno",):
        assert profile.match(header) is None or column is None  # born-digital: exact only


def test_a_date_header_read_by_ocr_gives_its_digits() -> None:
    found = load_profile().for_scans().match("Dato rilevato al 30/O9/2023")
    assert found is not None and found.date == "2023-09-30"


def test_targets_whose_ordinals_ocr_confused_are_numbered_by_place() -> None:
    parts = [("nr.",), ("risultati attesi li anno",), ("risultati attesi Il anno",)]
    names = [c.name for c in map_headers(parts, load_profile().for_scans())]
    assert names == ["nr", "risultato_atteso_1", "risultato_atteso_2"]


def _header(names: tuple[str | None, ...], texts: tuple[str, ...], ocr: bool) -> Header:
    return Header(
        page=1,
        top=0,
        bottom=10,
        cells=(),
        parts=tuple((t,) for t in texts),
        names=names,
        key=0,
        rows=1,
        spans=tuple((i * 10.0, i * 10.0 + 5) for i in range(len(texts))),
        ocr=ocr,
    )


def test_a_header_ocr_garbled_on_one_page_is_the_same_header() -> None:
    names = ("nr", "indicatore", "policy", "tipologia")
    first = _header(names, ("nr.", "Indicatore", "policy", "tipologia"), ocr=True)
    again = _header(
        ("nr", "indicatore", "policy", None), ("nr.", "Indicatore", "policy", "tinalnzia"), True
    )
    assert again.same_as(first)
    born = _header(again.names, again.texts, ocr=False)
    assert not born.same_as(_header(names, first.texts, ocr=False))


@pytest.mark.parametrize(
    ("column", "before", "after"),
    [
        ("nr", "13.", "13"),
        ("nr", "l7", "17"),
        ("nr", "ti", "ti"),  # no number: left as read (the checks say so)
        ("policy", "O5d e", "05d_e"),
        ("policy", "OSZERO", "05ZERO"),
        ("policy", "05g.i", "05g_i"),
        ("policy", "05a", "05a"),
        ("frequenza", "unica (a conclusione del PAZ)", "unica (a conclusione del PdZ)"),
        ("frequenza", "annuale", "annuale"),
        ("risultato_atteso", "—NO", "NO"),
        ("risultato_atteso", "- 5", "- 5"),
        ("risultato_atteso", "-10%", "-10%"),  # a minus, not a rule's edge
        ("indicatore", "n. incontri", "n. incontri"),
    ],
)
def test_slips_are_mended_by_the_type_of_their_column(column: str, before: str, after: str) -> None:
    spec = load_profile().column(column)
    assert _mended(before, spec, Counter()) == after


def test_a_code_is_mended_to_the_tables_own_code_nearest_it() -> None:
    spec = load_profile().column("policy")
    assert _mended("054 e", spec, Counter({"05d_e": 4, "05a": 2})) == "05d_e"
    assert _mended("05x", spec, Counter({"05a": 1, "05b": 1})) == "05x"  # two as near
    assert _mended("056", spec, Counter({"05a": 2, "05b": 3})) == "05b"  # b read 6
    assert _mended("056", spec, Counter({"05a": 2})) == "056"  # not the table's: left


def _record(page: int, label: str, texts: list[str], boxes: list[tuple[float, ...]]) -> Record:
    cells = [
        Cell(t, tuple(b), page, 0, c)  # type: ignore[arg-type]
        for c, (t, b) in enumerate(zip(texts, boxes, strict=True))
    ]
    return Record(
        page,
        label,
        "",
        page,
        [[(t, None)] for t in texts],
        origins=[{cell: False} for cell in cells],
    )


def test_cells_of_scanned_pages_are_mended_and_logged() -> None:
    profile = load_profile()
    names = ["nr", "policy"]
    boxes = [(0.0, 0.0, 10.0, 10.0), (10.0, 0.0, 50.0, 10.0)]
    records = [_record(1, "1", ["1.", "O5a"], boxes), _record(2, "2", ["2.", "O5a"], boxes)]
    values = [["1.", "O5a"], ["2.", "O5a"]]
    scans = [Scan(1, 300, 0.0, (), 0, 0)]  # page 2 is born digital
    repairs = mend(values, records, names, profile, scans)
    assert values == [["1", "05a"], ["2.", "O5a"]]
    assert [(r.kind, r.row, r.column, r.before, r.after) for r in repairs] == [
        ("ocr-slip", "1", "nr", "1.", "1"),
        ("ocr-slip", "1", "policy", "O5a", "05a"),
    ]


def test_cells_holding_unsure_or_strange_words_are_doubts() -> None:
    profile = load_profile()
    names = ["nr", "indicatore"]
    boxes = [(0.0, 0.0, 10.0, 10.0), (10.0, 0.0, 200.0, 10.0)]  # a row 10 points tall
    texts = [
        ["1", "n. incontri del Tavolo"],
        ["2", "n. entiinrete per progetti"],
        ["3", "Almeno6 incontri"],
        ["4", "n incontri dell'Agenzia"],
        ["5", "n. incontri dell’Ambito"],
    ]
    records = [
        _record(1, t[0], t, [(b[0], b[1] + 10 * k, b[2], b[3] + 10 * k) for b in boxes])
        for k, t in enumerate(texts)
    ]
    words = (ScanWord("Tavolo", (120.0, 1.0, 150.0, 9.0), 41.0),)
    scans = [Scan(1, 300, 0.0, words, 0, 0)]
    unsure = unsure_cells(texts, records, names, scans)
    assert [(f.row, f.column, f.check) for f in unsure] == [("1", "indicatore", "ocr_unsure")]
    strange = strange_words(texts, records, names, profile, scans)
    assert [(f.row, dict(f.params)["words"]) for f in strange] == [
        ("2", "'entiinrete'"),
        ("3", "'Almeno6'"),
        ("4", "'n', \"dell'Agenzia\""),  # both apostrophes in the table: each is unsure
        ("5", "'dell’Ambito'"),
    ]


# --- the scans in samples/scans, read whole -------------------------------------------------

EXACT = {"300": 0.95, "200": 0.90, "copy": 0.90}
"""Cells exact at least, by scan variant (the unruled layout: 0.85 at 300 dpi)."""
FLAGGED = 0.85
"""Share of the cells not exact that carry a finding, at least."""


def _base(column: str) -> str:
    """The source column a derived column comes from (`policy_sezione` -> `policy`)."""
    for base in ("risultato_atteso_1", "risultato_atteso_2", "policy", "frequenza"):
        if column.startswith(base):
            return base
    return column


def read_against_golden(path: Path) -> dict[str, object]:
    """A scan read through the pipeline and compared with its golden CSV, cell by cell: its
    rows, the share of cells exact, the cells not exact, how many of those carry a finding
    (on their row and source column, or on their whole row) and whether the run passed."""
    from pdztables.pipeline import run
    from pdztables.reports import read_csv
    from pdztables.reports.tables import as_text

    result = run(path)
    golden = read_csv(path.with_suffix(".csv")).to_dict("records")
    got = as_text(result.table.frame, ",").astype(str).to_dict("records")
    flagged = {(f.row, f.column) for f in result.validation.failures}
    flagged |= {(f.row, "") for f in result.validation.failures}
    wrong, marked = [], 0
    for i, row in enumerate(golden):
        mine = got[i] if i < len(got) else {}
        label = str(mine.get("nr", ""))
        for column, value in row.items():
            if str(mine.get(column, "")) != value:
                wrong.append((row["nr"], column, value, mine.get(column)))
                marked += (label, _base(column)) in flagged or (label, "") in flagged
    cells = len(golden) * len(golden[0])
    return {
        "rows": len(got),
        "golden_rows": len(golden),
        "exact": 1 - len(wrong) / cells,
        "wrong": wrong,
        "marked": marked,
        "ok": result.validation.ok,
    }


@pytest.fixture(scope="module")
def scans_read() -> dict[str, dict[str, object]]:
    """Every scan read, two at a time (each takes 5 to 15 seconds)."""
    with ProcessPoolExecutor(2) as pool:
        return dict(zip((p.stem for p in SCANS), pool.map(read_against_golden, SCANS), strict=True))


def test_there_are_scans_of_every_kind() -> None:
    stems = {p.stem for p in SCANS}
    assert {"grid_300", "grid_200", "grid_copy", "hrules_copy", "unruled_300"} <= stems
    for path in SCANS:
        assert path.with_suffix(".csv").exists()


@needs_ocr
@pytest.mark.parametrize("path", SCANS, ids=lambda p: p.stem)
def test_a_scan_reads_every_row_and_marks_what_it_misread(
    path: Path, scans_read: dict[str, dict[str, object]]
) -> None:
    got = scans_read[path.stem]
    variant = path.stem.rsplit("_", 1)[1]
    least = 0.85 if path.stem.startswith("unruled") else EXACT[variant]
    assert got["rows"] == got["golden_rows"]
    assert got["exact"] >= least, got["wrong"]
    wrong = got["wrong"]
    assert isinstance(wrong, list)
    assert not got["ok"] or not wrong  # never exit 0 with a wrong cell
    assert got["marked"] >= FLAGGED * len(wrong), wrong


@needs_ocr
def test_a_page_whose_key_column_ocr_lost_is_read_again_as_sparse_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where reading the page as one block loses the key column (here made to: the numbers
    left of the indicators dropped), the page is read again as sparse text, and that reading,
    with fewer key cells empty, is kept."""
    from pdztables.extract import ocr, reader
    from pdztables.schemas.profile import load_profile as profile

    real = ocr.read_words

    def losing_numbers(grey: np.ndarray, dpi: float, psm: int) -> list[Word]:
        words = real(grey, dpi, psm)
        if psm != 6 or grey.shape[0] < 1000:  # the page read as a block, not words read again
            return words
        return [w for w in words if not (w.x0 < 220 and w.text.rstrip(".").isdigit())]

    monkeypatch.setattr(ocr, "read_words", losing_numbers)
    path = ROOT / "samples" / "scans" / "grid_300.pdf"
    found = reader.extract_tables(path, profile(), pages="1")
    assert [s.psm for s in found.scans] == [reader.SPARSE_PSM]
    keys = [c.text for t in found.tables for c in t.cells if c.col == 0 and c.row > 0]
    # sparse text finds the numbers of two digits; a lone digit it misses as the block did
    # (the rows then stay keyless, which the checks report)
    assert [k for k in keys if k] == [str(n) for n in range(10, 19)]


def test_a_huge_page_is_rendered_within_a_bounded_number_of_pixels() -> None:
    from pdztables.extract.scanned import MAX_PIXELS, bounded_dpi

    assert bounded_dpi(300, 842, 595) == 300  # A4 at 300 dpi: 8.7 million pixels
    dpi = bounded_dpi(300, 14_400, 14_400)  # PDF's largest page
    assert (14_400 / 72 * dpi) ** 2 == pytest.approx(MAX_PIXELS)


@needs_ocr
def test_a_scan_of_the_largest_page_ends_quickly(tmp_path: Path) -> None:
    """A picture stretched over PDF's largest page (200 inches a side) is read at about 32
    dpi, within the pixel bound, in seconds: no table, and a clear error."""
    import time

    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from pdztables.errors import NoTableError
    from pdztables.pipeline import run

    picture = Image.new("L", (400, 400), 240)
    draw = ImageDraw.Draw(picture)
    for y in range(20, 380, 20):
        draw.rectangle((20, y, 380, y + 6), fill=30)
    path = tmp_path / "largest.pdf"
    canvas = Canvas(str(path), pagesize=(14_400, 14_400))
    canvas.drawImage(ImageReader(picture), 0, 0, 14_400, 14_400)
    canvas.showPage()
    canvas.save()
    started = time.perf_counter()
    with pytest.raises(NoTableError, match="by OCR"):
        run(path)
    assert time.perf_counter() - started < 10


def test_a_grey_band_with_black_letters_is_not_turned() -> None:
    """Whether a band is turned is told by its letters, lighter or darker than the band,
    not by its own grey: black letters on a mid-grey band stay as they are."""
    img = Image.new("L", (1200, 400), 250)
    draw = ImageDraw.Draw(img)
    draw.rectangle((100, 100, 1100, 200), fill=100)
    for x in range(150, 1000, 12):
        draw.rectangle((x, 130, x + 3, 170), fill=10)  # dark strokes on the grey band
    grey = np.asarray(img)
    bands = find_bands(grey, paper_level(grey), 300)
    assert len(bands) == 1 and not light_letters(grey, bands[0])
    assert (clean(grey, read_drawing(grey, 300, 250), 250, 300)[130:170, 150] < 60).all()


def test_a_born_digital_plan_does_not_read_its_pictures_by_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan with a text layer whose table runs on to a page that is a picture (a scanned
    annex) reads it as before, as a page with no text: no OCR, and no need of tesseract."""
    import pikepdf

    from pdztables.pipeline import run

    monkeypatch.setattr("pdztables.extract.ocr.languages", lambda: None)
    path = tmp_path / "mixed.pdf"
    with (
        pikepdf.open(ROOT / "samples" / "cremasco_grid.pdf") as born,
        pikepdf.open(ROOT / "samples" / "scans" / "grid_300.pdf") as scan,
    ):
        out = pikepdf.new()
        out.pages.extend([born.pages[0], born.pages[1], scan.pages[2]])
        out.save(path)
    result = run(path)
    assert result.extraction.scans == () and result.extraction.ocr_screened == 0
    assert [int(v) for v in result.table.frame["nr"]] == list(range(1, 38))  # pages 1 and 2
