"""Errors that end a run with a one-line message for the user."""

from __future__ import annotations


class PdzError(Exception):
    """A failure the user can act on; the message says what is wrong and what to do."""

    exit_code = 2


class InputError(PdzError):
    """The input file cannot be read as a PDF with a text layer."""


class NoTableError(PdzError):
    """The PDF was read but holds no indicator table."""


class ProfileError(PdzError):
    """A profile file is missing, malformed or inconsistent."""


def plural(n: int, word: str) -> str:
    """`1 page`, `2 pages`: a count with its noun."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
