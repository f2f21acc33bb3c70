"""Extract stage: PDF in, the table drawn on each page out, every cell with its page and box."""

from .models import BBox, Cell, Extraction, PageTable
from .reader import check_file, extract_tables, open_pdf, parse_pages

__all__ = [
    "BBox",
    "Cell",
    "Extraction",
    "PageTable",
    "check_file",
    "extract_tables",
    "open_pdf",
    "parse_pages",
]
