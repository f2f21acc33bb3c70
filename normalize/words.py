"""Italian words, to tell a word cut by a too-narrow column from two words broken at a space.

The word list is pyspellchecker's Italian one (about 120,000 words with their frequencies),
loaded on first use (about 0.1 s) and only when a line that fills its cell leaves the question
open; its English one (about 0.15 s) only when the Italian knows neither the word nor its two
pieces.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _frequencies() -> Any:
    from spellchecker import SpellChecker

    return SpellChecker(language="it", distance=1).word_frequency


@cache
def _english() -> Any:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency


def english(word: str) -> float:
    """How often an English word (lower case) is used, as a share of all English words; 0 for
    one not in the list. Plans borrow English (`community maker`, `caregiver`, `output`)."""
    words = _english()
    return int(words[word]) / int(words.total_words)


def total() -> int:
    """How many words the list's frequencies count in all."""
    return int(_frequencies().total_words)


def frequency(word: str) -> int:
    """How often an Italian word (lower case) is used; 0 for a word not in the list."""
    return int(_frequencies()[word])


@cache
def is_ending(tail: str) -> bool:
    """Whether a rare word (`ali`, `menti`) is far more often the ending of longer words
    (`sociali`, `documenti`) than a word of its own: twenty times, counted by frequency."""
    own = frequency(tail)
    if own >= ENDING_RARE:
        return False
    words = _frequencies().dictionary
    ending = sum(int(f) for w, f in words.items() if len(w) >= len(tail) + 3 and w.endswith(tail))
    return ending >= ENDING_SHARE * max(own, 1)


ENDING_RARE = 50_000
"""A word used this often (`rete`, `anno`, `ore`) is a word, whatever ends with it."""
ENDING_SHARE = 20
