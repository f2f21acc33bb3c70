"""Italian words, to tell a word cut by a too-narrow column from two words broken at a space.

The word list is pyspellchecker's Italian one (about 120,000 words with their frequencies),
loaded on first use (about 0.1 s) and only when a line that fills its cell leaves the question
open.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _frequencies() -> Any:
    from spellchecker import SpellChecker

    return SpellChecker(language="it", distance=1).word_frequency


def total() -> int:
    """How many words the list's frequencies count in all."""
    return int(_frequencies().total_words)


def frequency(word: str) -> int:
    """How often an Italian word (lower case) is used; 0 for a word not in the list."""
    return int(_frequencies()[word])


def is_word(word: str) -> bool:
    """Whether a lower-case string is an Italian word."""
    return frequency(word) > 0
