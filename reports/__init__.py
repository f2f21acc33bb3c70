"""Reports stage: the CSV writers and the HTML report."""

from .files import atomic_open, write_all
from .html import render_html, write_html
from .tables import SEPARATORS, read_csv, write_csv

__all__ = [
    "SEPARATORS",
    "atomic_open",
    "read_csv",
    "render_html",
    "write_all",
    "write_csv",
    "write_html",
]
