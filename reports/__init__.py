"""Reports stage: the CSV writers and the HTML report."""

from .files import write_atomically
from .html import render_html, write_html, write_html_to
from .tables import SEPARATORS, read_csv, write_csv, write_csv_to

__all__ = [
    "SEPARATORS",
    "read_csv",
    "render_html",
    "write_atomically",
    "write_csv",
    "write_csv_to",
    "write_html",
    "write_html_to",
]
