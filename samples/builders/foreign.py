"""Layouts of the Cremasco table drawn by hands other than ours (`../shared/layouts/`), with
goldens from the seed.

Those PDFs come from a generator the project did not write (reportlab, LibreOffice Writer and
Chromium, in styles plans use) and are copied as they are. Their golden CSVs hold the seed's
values, the two measurement columns empty, typed columns from the hand-written data; and, found
in the PDF with pdfplumber alone (never with the pipeline):

- `pagina`: the page on which the row's indicator text begins (its first words, whole, on one
  line of the page's text);
- `area`, where the drawing has group rows: the last line of words in capitals (`AREA POVERTÀ`)
  before the row's first words.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .common import Golden, Table, join_lines

SHARED = (Path(__file__).resolve().parents[3] / "shared" / "layouts").resolve()
LABEL = re.compile(r"[A-ZÀÈÉÌÒÙ]+(?: [A-ZÀÈÉÌÒÙ',]+)+")
"""A group row's label: words in capitals (`AREA POVERTÀ`, `AZIONI DI SISTEMA`)."""


def page_lines(pdf: Path) -> list[tuple[int, str]]:
    """Every text line of the PDF, page by page, as pdfplumber writes them."""
    import pdfplumber

    out: list[tuple[int, str]] = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            text = page.extract_text(x_tolerance=1.5) or ""
            out.extend((number, " ".join(line.split())) for line in text.splitlines())
    return out


def locate(pdf: Path, table: Table) -> Golden:
    """Each row's page and group label, found in the PDF's text in reading order."""
    lines = page_lines(pdf)
    pages: dict[int, int] = {}
    areas: dict[int, str] = {}
    at, label = 0, ""
    for row in table.rows:
        nr = int(join_lines(row["nr"]))
        start = " ".join(join_lines(row["indicatore"]).split()[:3])
        while at < len(lines) and start not in lines[at][1]:
            found = LABEL.fullmatch(lines[at][1])
            label = found.group() if found else label
            at += 1
        if at == len(lines):
            raise SystemExit(f"{pdf.name}: row {nr}'s indicator ({start!r}) not found")
        pages[nr] = lines[at][0]
        areas[nr] = label
        at += 1  # the next row starts on a later line
    return Golden(pages=pages, areas=areas if any(areas.values()) else None)


def build(name: str) -> tuple[Path, ...]:
    """A builder that copies the named foreign PDF and locates its rows."""

    def make(table: Table, target: Path) -> Golden:
        source = SHARED / f"{name}.pdf"
        if not source.exists():
            raise SystemExit(f"{source} not found: the foreign layouts come from ../shared/layouts")
        shutil.copyfile(source, target)
        return locate(target, table)

    return make  # type: ignore[return-value]


NAMES = (
    "narrow_frequenza_lost_words",
    "dates_fragment_into_row",
    "narrow_columns_cut_numbers",
    "unruled_dark_two_row_header",
    "writer_merged_policy",
    "chromium_unruled_middle",
    "chromium_rows_mixed",
)
