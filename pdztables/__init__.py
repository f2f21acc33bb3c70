"""pdztables: indicator tables of Piano di Zona PDFs as clean, validated data."""

from pkgutil import extend_path

# The stages live in top-level folders (extract/, normalize/, ...) mapped into this package at
# install time; when Python finds this folder first (run from the source tree), extend_path
# adds the installed package's folder so that `pdztables.extract` and friends still resolve.
__path__ = extend_path(__path__, __name__)

__version__ = "0.1.0"

import logging
from typing import TYPE_CHECKING, Any

from pdztables.errors import InputError, NoTableError, PdzError, ProfileError

# What the reader notes of a PDF goes to the report (`extract.pdf.library_notes`), never to a
# program's stderr by Python's last-resort handler.
logging.getLogger("pdztables").addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from pdztables.api import Result, read_pdf
    from pdztables.tables import Table, read_tables

__all__ = [
    "InputError",
    "NoTableError",
    "PdzError",
    "ProfileError",
    "Result",
    "Table",
    "__version__",
    "read_pdf",
    "read_tables",
]


def __getattr__(name: str) -> Any:
    """`read_pdf`, `read_tables` and their results load on first use, so that `import
    pdztables` stays quick."""
    if name in ("read_tables", "Table"):
        from pdztables import tables

        return getattr(tables, name)
    if name in ("read_pdf", "Result"):
        from pdztables import api

        return getattr(api, name)
    raise AttributeError(f"module 'pdztables' has no attribute {name!r}")
