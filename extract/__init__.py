"""Extract stage: PDF in, the table drawn on each page out, every cell with its page and box."""

from .models import BBox, Cell, Extraction, PageTable, Screened
from .reader import Progress, check_file, extract_tables, open_pdf, parse_pages

__all__ = [
    "BBox",
    "Cell",
    "Extraction",
    "PageTable",
    "Progress",
    "Screened",
    "check_file",
    "extract_tables",
    "open_pdf",
    "parse_pages",
]
