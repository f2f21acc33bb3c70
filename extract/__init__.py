"""Extract stage: PDF in, the indicator table's parts page by page out, every cell with its
page and box, and the table's header decided once."""

from .headcells import HeaderCell
from .header import Header
from .models import BBox, Cell, Extraction, LineFit, PageTable, Scan, ScanWord, Screened, enclosing
from .pdf import check_file, open_pdf
from .reader import Progress, extract_tables, parse_pages
from .settings import LayoutSettings

__all__ = [
    "BBox",
    "Cell",
    "Extraction",
    "Header",
    "HeaderCell",
    "LayoutSettings",
    "LineFit",
    "PageTable",
    "Progress",
    "Scan",
    "ScanWord",
    "Screened",
    "check_file",
    "enclosing",
    "extract_tables",
    "open_pdf",
    "parse_pages",
]
