"""Errors that end a run with a one-line message for the user.

Messages say what is wrong and what to do about the file; they never name a command-line
option. Where an option would help, the error says which remedy applies (`remedy`) and the
CLI adds the option's advice.
"""

from __future__ import annotations


class PdzError(Exception):
    """A failure the user can act on; the message says what is wrong and what to do."""

    exit_code = 2
    remedy = ""
    """A key of the CLI's advice (such as "pages"), or empty."""


class InputError(PdzError):
    """The input file cannot be read as a PDF with a text layer."""


class PageRangeError(InputError):
    """A range of pages that is not one, or lies outside the document."""

    def __init__(self, spec: str, problem: str) -> None:
        super().__init__(f"page range {spec!r}: {problem}")
        self.spec = spec
        self.problem = problem


class NoTableError(PdzError):
    """The PDF was read but holds no indicator table."""

    remedy = "pages"


class ProfileError(PdzError):
    """A profile file is missing, malformed or inconsistent."""


def plural(n: int, word: str) -> str:
    """`1 page`, `2 pages`: a count with its noun."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
