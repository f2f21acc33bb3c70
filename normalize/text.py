"""Repairs inside one cell: wrapped lines, words cut by the cell's edge, white space, ligatures."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .words import is_word

LIGATURES = re.compile("[\ufb00-\ufb06]")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
NBSP = re.compile("[\u00a0\u2007\u202f]")
DIGITS = re.compile(r"\d+")

Room = tuple[float, float]
"""Per line: the room left at its right end in its cell, and its first letter's width."""


def fills_cell(room: Room, nxt: Room) -> bool:
    """Whether a line left less room in its cell than the next line's first letter needs."""
    return room[0] < nxt[1]


FUNCTION_WORDS = frozenset(
    "a ad ai al da dai dal di e ed il in la le lo ma se si su sui sul un una uno".split()
)
"""Short words that begin a line after a word ending in a vowel: the line broke at a space."""

PUNCT = " \t.,;:!?()[]{}«»“”\"'‘’"


def words_of(text: str, lower: bool = True) -> list[str]:
    """The words of a text (lower case unless asked), without the punctuation around them."""
    words = (t.strip(PUNCT) for t in text.split())
    return [w.lower() if lower else w for w in words if w]


class Lexicon:
    """The words a table uses whole: those standing between spaces inside a line.

    A line that fills its cell may end inside a word cut by the cell's edge, or at a space
    before a word that did not fit: the two look alike. Words tell them apart: the table's own,
    and Italian ones (see `words.py`).
    """

    def __init__(self) -> None:
        self.words: set[str] = set()

    def add_cell(self, lines: Sequence[str], rooms: Sequence[Room] | None) -> None:
        """Learn the words of a cell's lines, but for the pieces that may be parts of a cut
        word: the last word of a line that fills its cell, the first of the line after it
        (with no room measured, the last and first words of every line but the cell's ends)."""
        lines = [ln for ln in lines if ln.strip()]
        if rooms is not None and len(rooms) != len(lines):
            rooms = None
        for i, line in enumerate(lines):
            words = words_of(line)
            last = i + 1 < len(lines) and (
                rooms is None or fills_cell(rooms[i], rooms[i + 1])
            )
            first = i > 0 and (rooms is None or fills_cell(rooms[i - 1], rooms[i]))
            self.words.update(words[1 if first else 0 : len(words) - 1 if last else len(words)])

    def add_text(self, text: str) -> None:
        """Learn every word of a text known to be whole (a header, a one-line cell)."""
        self.words.update(words_of(text))

    def known(self, word: str) -> bool:
        """Whether a word is one of the table's or an Italian word (after an elision:
        `dell'Assegno` is known when `assegno` is)."""
        word = re.split("['’]", word)[-1].lower()
        return word in self.words or (word.isalpha() and is_word(word))

    def says_space(self, head: str, tail: str) -> bool:
        """Whether the end of `head` and the start of `tail` are two words (True) or the two
        pieces of one word (False).

        One word when joined they make a known word; two when the first piece is a known word
        on its own (a cut leaves a piece that is seldom a word: `accompagnam`; numbers and
        codes such as `100` + `%`, `05ZER` + `O` say nothing), or ends in a vowel as Italian
        words do and the second is a known word (`Adempimenti` + `gestiti`, the first missing
        from the word list); else one: the line filled its cell, as a cut word does.
        """
        a, b = words_of(head, lower=False), words_of(tail, lower=False)
        if not a or not b:
            return False
        head, tail = a[-1], b[0]
        if not re.search("['’]", tail) and self.known(head + tail):
            return False
        head = re.split("['’]", head)[-1]
        if not head.isalpha():
            return False
        if head[-1].islower() and tail[:1].isupper():
            return True  # `Coordinatrice` + `TM`: a word does not turn to capitals inside
        if tail[:1].isdigit():
            return True  # `macroazione` + `2`: a word of letters does not go on in digits
        if re.match(r"[^\W\d_]{1,5}['’]", tail):
            return True  # `raggiungono` + `un’occupazione`: an elision starts a word
        if self.known(head):
            return True
        vowel = head[-1].lower() in "aeiouàèéìòù"
        if vowel and tail.lower() in FUNCTION_WORDS:
            return True  # `sensibilizzazione` + `su`
        return vowel and len(tail) >= 3 and tail.isalpha() and self.known(tail)


def join_lines(
    lines: Sequence[str],
    rooms: Sequence[Room] | None = None,
    key: bool = False,
    lexicon: Lexicon | None = None,
) -> tuple[str, list[str]]:
    """Join a cell's wrapped lines into one text; also return the kinds of join made.

    A line that fills its cell and ends inside a word that the next line goes on with was cut
    by the cell's edge: it joins with nothing (`05ZER` + `O`; in the key column `1` + `3`).
    A line drawn with a space at its end was broken at that space, never cut.
    Without the lines' room (`rooms` None), only single digits in the key column join so.
    """
    parts = [line.strip() for line in lines if line.strip()]
    if not parts:
        return "", []
    spaced = [line != line.rstrip() for line in lines if line.strip()]
    if rooms is not None and len(rooms) != len(parts):
        rooms = None
    kinds: list[str] = []
    text = parts[0]
    for i, part in enumerate(parts[1:]):
        prev = parts[i]
        if not spaced[i] and _cut(prev, part, rooms, i, key, lexicon):
            text += part
            kinds.append("digits-join" if key and prev.isdigit() and part.isdigit() else "cut-word")
        elif text.endswith("-") and len(text) > 1 and text[-2].isalnum() and part[0].isalnum():
            text += part
            kinds.append("hyphen-join")
        elif text.endswith("/") and len(text) > 1 and text[-2].isalnum() and part[0].isalnum():
            text += part
            kinds.append("slash-join")
        else:
            text += " " + part
            kinds.append("wrapped-cell")
    return text, kinds


def _cut(
    prev: str,
    part: str,
    rooms: Sequence[Room] | None,
    i: int,
    key: bool,
    lexicon: Lexicon | None,
) -> bool:
    """Whether line i (`prev`) was cut inside a word that line i + 1 (`part`) goes on with:
    a word too long for its cell is the only one on its line, and fills it; where the
    table's own words tell a break at a space, they win (not in the key column)."""
    if " " in prev or not (prev[-1].isalnum() or prev[-1] == "_"):
        return False
    if rooms is None:
        return key and len(prev) == 1 and prev.isdigit() and part.isdigit()
    if not fills_cell(rooms[i], rooms[i + 1]):
        return False
    if key or lexicon is None:
        return True
    if prev[-1] in ",;:.)]»”" or part[0] in "([«“‘":
        return False  # punctuation that never stands inside a word
    if part[0] in ")]},.;:!?%»”":
        return True  # punctuation that follows a word without a space: `qualitativa` + `)`
    return not lexicon.says_space(prev, part)


def fold_spaces(text: str) -> str:
    """Non-breaking and other spaces made plain spaces, runs folded to one, ends trimmed."""
    return SPACES.sub(" ", text).strip()


def resolve_ligatures(text: str) -> str:
    """Ligature characters (U+FB00-FB06) written as their letters; nothing else touched."""
    return LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def clean_cell(
    raw: str,
    rooms: Sequence[Room] | None = None,
    key: bool = False,
    lexicon: Lexicon | None = None,
) -> tuple[str, list[str]]:
    """A raw cell's text made clean, with the kinds of repair it needed (in order, unique)."""
    kinds: list[str] = []
    text = raw
    fixed = resolve_ligatures(text)
    if fixed != text:
        kinds.append("ligature")
        text = fixed
    lines = text.split("\n")
    untidy = bool(NBSP.search(text)) or text != text.strip()
    text, joins = join_lines(lines, rooms, key, lexicon)
    kinds.extend(dict.fromkeys(joins))
    folded = fold_spaces(text)
    if folded != text or untidy:
        kinds.append("whitespace")
    return folded, kinds
