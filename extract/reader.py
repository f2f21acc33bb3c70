"""Open a PDF safely and pull the table drawn on each page."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from pdztables.errors import InputError, NoTableError
from pdztables.schemas.profile import Profile

from .cells import grid_to_table
from .layout import Columns
from .models import BBox, Extraction, PageTable, Screened
from .rules import edges_to_rules, rules_to_table
from .screen import screen
from .whitespace import text_to_table

GRID_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
MIN_COLUMNS = 3
# A vertical rule running this far (points) past a table's outer rule marks an open row.
OPEN_END = 3.0


class Progress(Protocol):
    """Receives the page numbers as screening and extraction go."""

    def screened(self, page: int, total: int) -> None:
        """A page's text was screened."""

    def extracted(self, page: int, total: int) -> None:
        """A page's tables were extracted."""


def check_file(path: Path) -> None:
    """Fail early, with the fix in the message, on a path that cannot be a readable PDF."""
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path and try again")
    if not path.is_file():
        raise InputError(f"{path}: not a file; give the path of a PDF file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty (0 bytes); download or export it again")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise InputError(f"{path}: not a PDF file; give the plan as a PDF")


@contextmanager
def open_pdf(path: Path) -> Iterator[PDF]:
    """Open a PDF, turning pdfminer's failures into InputError with a clear message."""
    check_file(path)
    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as exc:
        raise _input_error(path, exc.args[0] if exc.args else exc) from None
    except Exception as exc:
        raise _input_error(path, exc) from None
    try:
        yield pdf
    finally:
        pdf.close()


def _input_error(path: Path, exc: object) -> InputError:
    if isinstance(exc, PDFPasswordIncorrect | PDFEncryptionError):
        return InputError(
            f"{path}: the PDF is password-protected; save an unprotected copy and try again"
        )
    return InputError(
        f"{path}: the PDF is damaged and cannot be read ({type(exc).__name__}); "
        "download or export it again"
    )


def parse_pages(spec: str, page_count: int) -> tuple[int, ...]:
    """Page numbers (1-based) from a spec such as `3-5`, `7`, or `2,4-6`."""
    pages: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        lo_s, sep, hi_s = part.partition("-")
        try:
            lo = int(lo_s)
            hi = int(hi_s) if sep else lo
        except ValueError:
            raise InputError(
                f"--pages {spec!r}: not a page range; write it like 3-5 or 2,4-6"
            ) from None
        if lo < 1 or hi < lo:
            raise InputError(f"--pages {spec!r}: pages count from 1 and ranges go upwards")
        if hi > page_count:
            raise InputError(f"--pages {spec!r}: the document has only {page_count} pages")
        pages.extend(range(lo, hi + 1))
    return tuple(dict.fromkeys(pages))


def extract_tables(
    path: Path,
    profile: Profile,
    pages: str | None = None,
    progress: Progress | None = None,
) -> Extraction:
    """The tables on the pages of a PDF that hold the indicator table, with their cells' boxes.

    Without `pages`, every page's text is screened for the table's header first, and the
    table finder runs only on the pages screened in and on the pages a table continues onto.
    """
    with open_pdf(path) as pdf:
        try:
            return _extract(path, pdf, profile, pages, progress)
        except (InputError, NoTableError):
            raise
        except PdfminerException as exc:
            raise _input_error(path, exc.args[0] if exc.args else exc) from None
        except Exception as exc:  # pdfminer raises many kinds on broken content streams
            raise _input_error(path, exc) from None


def _extract(
    path: Path, pdf: PDF, profile: Profile, pages: str | None, progress: Progress | None
) -> Extraction:
    page_count = len(pdf.pages)
    if pages is not None:
        chosen = parse_pages(pages, page_count)
        queue = {n: Screened(n, f"--pages {pages}") for n in chosen}
        follow = False
    else:
        screened, any_text = screen(
            path, profile, progress.screened if progress is not None else None
        )
        if not any_text:
            raise _no_text(path, tuple(range(1, page_count + 1)))
        queue = {s.page: s for s in screened}
        follow = True
    tables: list[PageTable] = []
    read: list[Screened] = []
    any_text = False
    carried: Columns | None = None
    number = min(queue, default=page_count + 1)
    while number <= page_count:
        page = pdf.pages[number - 1]
        chars = page.chars
        any_text = any_text or any(c["text"].strip() for c in chars)
        found = page_tables(page, number, chars, profile.is_header, carried)
        page.flush_cache()
        read.append(queue[number])
        if progress is not None:
            progress.extracted(number, page_count)
        tables.extend(found)
        carried = found[-1].columns if found and found[-1].ruling != "grid" else None
        after = number + 1
        if follow and found and after not in queue and after <= page_count:
            queue[after] = Screened(after, f"continues the table of page {number}")
        number = min((n for n in queue if n > number), default=page_count + 1)
    if pages is not None and not any_text:
        raise _no_text(path, tuple(queue))
    return Extraction(
        source=str(path),
        page_count=page_count,
        pages_read=tuple(s.page for s in read),
        tables=tuple(tables),
        screened=tuple(read),
    )


def _no_text(path: Path, pages: Sequence[int]) -> InputError:
    return InputError(
        f"{path}: no text layer on {_span(pages)} (a scan?); "
        "run OCR first (for example `ocrmypdf in.pdf out.pdf`) and try again"
    )


def page_tables(
    page: Any,
    number: int,
    chars: Sequence[dict[str, Any]],
    is_header: Callable[[str], bool],
    carried: tuple[tuple[float, float], ...] | None,
) -> list[PageTable]:
    """The tables of one page: ruled grids first, else a table of horizontal rules."""
    found = []
    tables = page.find_tables(GRID_SETTINGS)
    open_ends = _open_row_ends(page.edges, [t.bbox for t in tables])
    if open_ends:
        tables = page.find_tables({**GRID_SETTINGS, "explicit_horizontal_lines": open_ends})
    for table in tables:
        boxes = [c for c in table.cells if c is not None]
        grid = grid_to_table(number, boxes, chars, ruling="grid")
        if grid.n_cols >= MIN_COLUMNS:
            found.append(grid)
    if found:
        return sorted(found, key=lambda t: t.bbox[1])
    ruled = rules_to_table(number, edges_to_rules(page.edges), chars, is_header, carried)
    if ruled is None:
        ruled = text_to_table(number, chars, float(page.height), is_header, carried)
    return [ruled] if ruled is not None and ruled.n_cols >= MIN_COLUMNS else []


def _open_row_ends(edges: Sequence[dict[str, Any]], boxes: Sequence[BBox]) -> list[float]:
    """Where a table's vertical rules run on past its first or last horizontal rule.

    A row broken across a page is sometimes drawn open: its cells' sides run down to the page
    foot (or from the page top) with no rule closing them, and the table finder, which needs
    closed cells, would drop it. A rule at the end of those sides closes the row again.
    """
    ends: set[float] = set()
    for x0, top, x1, bottom in boxes:
        for e in edges:
            if e.get("orientation") != "v" or not x0 - 2 <= e["x0"] <= x1 + 2:
                continue
            if e["top"] <= bottom + 1 and e["bottom"] > bottom + OPEN_END:
                ends.add(round(float(e["bottom"]), 2))
            if e["bottom"] >= top - 1 and e["top"] < top - OPEN_END:
                ends.add(round(float(e["top"]), 2))
    return sorted(ends)


def _span(pages: Sequence[int]) -> str:
    return f"pages {pages[0]}-{pages[-1]}" if len(pages) > 1 else f"page {pages[0]}"
