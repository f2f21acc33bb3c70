"""The library boundary: opening a PDF and calling pdfplumber, pdfminer and pypdfium2 on it.

Only failures raised inside those libraries become InputError ("the PDF is damaged", or
"password-protected"); everything else propagates, so that a bug of ours is never reported as
a damaged file.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from pdztables.errors import InputError, PdzError

from .lean import close_playa

T = TypeVar("T")
PASSWORD = (PDFPasswordIncorrect, PDFEncryptionError)


def check_file(path: Path) -> None:
    """Fail early, with the fix in the message, on a path that cannot be a readable PDF."""
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path and try again")
    if not path.is_file():
        raise InputError(f"{path}: not a file; give the path of a PDF file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty (0 bytes); download or export it again")
    with path.open("rb") as fh:
        head = fh.read(4096)
    if b"%PDF-" not in head:
        kind = _office_kind(head, path)
        if kind:
            raise InputError(
                f"{path}: {kind}, not a PDF; open it in the program that made it, export it as "
                "PDF (File > Export as PDF, or Save as > PDF) and give that file"
            )
        if _is_web_page(head):
            raise InputError(
                f"{path}: a web page (HTML), not a PDF: a failed download (an error or login "
                "page saved in its place)? download the plan again, from its PDF link"
            )
        raise InputError(f"{path}: not a PDF file; give the plan as a PDF")


def _is_web_page(head: bytes) -> bool:
    """Whether a file's first bytes are an HTML page (a byte-order mark, white and comments
    allowed before its first tag)."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    while start.startswith(b"<!--") and b"-->" in start:
        start = start.split(b"-->", 1)[1].lstrip()
    return start[:14].lower().startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def _office_kind(head: bytes, path: Path) -> str:
    """What office document a file is, from its first bytes (and name), or empty."""
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):  # a zip: OOXML or OpenDocument
        if b"word/" in head or suffix in (".docx", ".docm"):
            return "a Word document (.docx)"
        if b"opendocument.text" in head or suffix == ".odt":
            return "an OpenDocument text (.odt)"
        if b"xl/" in head or suffix in (".xlsx", ".ods"):
            return "a spreadsheet"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE: .doc, .xls
        return "a Word document (.doc)" if suffix != ".xls" else "a spreadsheet (.xls)"
    if head.lstrip().startswith(b"{\\rtf"):
        return "an RTF document"
    return ""


def damaged(path: Path, exc: BaseException) -> InputError:
    """The error for a failure of the PDF libraries on a file: password or damage."""
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    inner: BaseException | None = exc
    while inner is not None and not isinstance(inner, PASSWORD):
        inner = inner.__cause__ or inner.__context__
    if inner is not None or _says_password(exc):
        return InputError(
            f"{path}: the PDF is password-protected; save an unprotected copy and try again"
        )
    return InputError(
        f"{path}: the PDF is damaged and cannot be read ({type(exc).__name__}); "
        "download or export it again"
    )


def guarded(path: Path, call: Callable[[], T]) -> T:
    """Run a call into the PDF libraries; their failures become InputError (pdztables' own
    errors, which say already what is wrong and what to do, pass unchanged: tesseract missing
    for a scanned page)."""
    try:
        return call()
    except PdzError:
        raise
    except Exception as exc:  # the libraries raise many kinds on broken files
        raise damaged(path, exc) from None


@contextmanager
def open_pdf(path: Path) -> Iterator[PDF]:
    """Open a PDF, turning the libraries' failures into InputError with a clear message."""
    check_file(path)
    pdf = guarded(path, lambda: pdfplumber.open(path))
    try:
        guarded(path, lambda: len(pdf.pages))
        yield pdf
    finally:
        with suppress(Exception):
            close_playa(pdf)
        with suppress(Exception):
            pdf.close()


def _says_password(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's password errors; the wrapped one may be in its arguments."""
    return any(isinstance(a, PASSWORD) for a in getattr(exc, "args", ()))


LIBRARY_LOGGERS = (
    "pdfminer",
    "playa",
    "pdfplumber",
    "pypdfium2",
    "PIL",
    "fontTools",
    "pdztables.reader",
)
"""The libraries that log what they think of a PDF (`Not adding object 7 to xref`), and our
reader's own word on what a page draws off the page (`bounds`)."""


class _Notes(logging.Handler):
    def __init__(self, notes: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.notes = notes

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a record whose arguments do not format
            text = str(record.msg)
        self.notes.append(" ".join(text.split())[:300])


@contextmanager
def library_notes() -> Iterator[list[str]]:
    """Collect what the PDF libraries log or warn about the file, instead of letting it reach
    stderr (which carries progress and the one `error:` line): the report shows it."""
    notes: list[str] = []
    handler = _Notes(notes)
    saved = []
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate, logger.level))
        logger.addHandler(handler)
        logger.propagate = False
        if logger.level == logging.NOTSET or logger.level > logging.WARNING:
            logger.setLevel(logging.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield notes
        finally:
            notes.extend(" ".join(str(w.message).split())[:300] for w in caught)
            for logger, propagate, level in saved:
                logger.removeHandler(handler)
                logger.propagate = propagate
                logger.setLevel(level)
