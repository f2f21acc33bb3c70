"""Repairs inside one cell: wrapped lines, words cut by the cell's edge, white space, ligatures."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from pdztables.extract.models import LineFit

from .words import english, frequency, is_ending, total

LIGATURES = re.compile("[\ufb00-\ufb06]")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
NBSP = re.compile("[\u00a0\u2007\u202f]")
DIGITS = re.compile(r"\d+")

Room = LineFit


ROOM_ERROR = 1.0
"""How far a line's measured room may be off (the cell's padding is estimated from its
left side; a browser's borders and padding are not quite symmetric: 0.7 points seen)."""


def fills_cell(room: Room, nxt: Room) -> bool:
    """Whether a line left less room in its cell than the next line's first letter needs."""
    return room.room < nxt.first + ROOM_ERROR


def no_room_for_word(room: Room, nxt: Room) -> bool:
    """Whether a line left less room in its cell than the next line's first word needs: the
    line broke for want of room, not where its writer ended it."""
    return room.room < nxt.head + ROOM_ERROR


def too_long(rooms: Sequence[Room], i: int) -> bool:
    """Whether the last word of line i and the first of line i + 1, as one word, are wider
    than every line of the cell: only such a word is ever cut (a shorter one goes whole to the
    next line). Widths are kept to a hundredth of a point: a word that much wider counts
    (`valutazion` + `e`, 46.83, beside `Questionari`, 46.75: `valutazione` did not fit)."""
    widest = max(r.width for r in rooms)
    return rooms[i].tail + rooms[i + 1].head > widest + 0.02


FUNCTION_WORDS = frozenset(
    [
        "a",
        "ad",
        "ai",
        "al",
        "da",
        "dai",
        "dal",
        "di",
        "e",
        "ed",
        "i",
        "il",
        "in",
        "la",
        "le",
        "lo",
        "ma",
        "o",
        "se",
        "si",
        "su",
        "sui",
        "sul",
        "un",
        "una",
        "uno",
    ]
)
"""Short words that begin a line after a word ending in a vowel: the line broke at a space."""

TABLE_WORD = 3000.0
"""The frequency given to a word the table uses whole (an Italian word list knows few of
the words of social planning: `sociosanitari`, `domiciliarità`, `subambito`). Between two
mistakes: too low, and a word the table spells whole is split where two common words could
stand for it (`bene` + `stare`, in the list as two words about 1,100 times as often as
`benestare` alone); too high, and a run-together slip the table once made (`perlavoro`) glues
two words that stand apart far more often (`per` + `lavoro`, about 7,000)."""

PREFIXES = (
    "socio", "psico", "neuro", "multi", "pluri", "inter", "intra", "extra", "sovra", "super",
    "micro", "macro", "semi", "tele", "auto", "anti", "post", "pre", "sub", "com", "co", "ri",
)  # fmt: skip
"""Prefixes of the compound words plans use and a word list lacks (`compartecipazione`,
`socioeducativo`, `riattivazione`): the word is as common as the word after the prefix."""

COMPOUND_BASE = 6
"""The word after a prefix has at least this many letters (`co` + `me` is no compound)."""

VERB_ENDINGS = ("ono", "ano", "iamo", "ate", "ete", "ite", "ando", "endo")
"""Endings of verb forms a word list often lacks (`raggiungono`, `frequentano`)."""

CROWDED = 10.0
"""How much likelier a word must be than two words when the line's end has words before it:
the word processors and browsers that plans come from move a word too long for its cell to a
line of its own before they cut it, so a cut word there is rare (reportlab fills the line)."""

UNSURE_PIECE = 5
"""Pieces this long joined on a guess are reported: a word cut so near its middle by a
narrow column is rare, two words of which the lists know neither are not."""

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
        self.unsure: list[tuple[str, str]] = []
        """Pieces joined on a guess: both long, neither they nor their join a known word
        (`revisinoe` (sic) + `domiciliarità`, a typo and a word no list knows)."""

    def add_cell(self, lines: Sequence[str], rooms: Sequence[Room] | None) -> None:
        """Learn the words of a cell's lines, but for the pieces that may be parts of a cut
        word: the last word of a line that fills its cell, the first of the line after it
        (with no room measured, the last and first words of every line but the cell's ends)."""
        lines = [ln for ln in lines if ln.strip()]
        if rooms is not None and len(rooms) != len(lines):
            rooms = None

        def doubtful(k: int) -> bool:  # the break after line k may be inside a word
            return rooms is None or (fills_cell(rooms[k], rooms[k + 1]) and too_long(rooms, k))

        for i, line in enumerate(lines):
            words = words_of(line)
            last = i + 1 < len(lines) and doubtful(i)
            first = i > 0 and doubtful(i - 1)
            self.words.update(words[1 if first else 0 : len(words) - 1 if last else len(words)])

    def add_text(self, text: str) -> None:
        """Learn every word of a text known to be whole (a header, a one-line cell)."""
        self.words.update(words_of(text))

    def frequency(self, word: str) -> float:
        """How often a word is used: in Italian, and at least `TABLE_WORD` when the table
        itself uses it whole."""
        word = word.lower()
        f = float(frequency(word)) if word.isalpha() else 0.0
        return max(f, TABLE_WORD) if word in self.words else f

    def whole(self, word: str, cut: int = 0) -> float:
        """How often a word is used, or a form of it with another final vowel (the list
        knows `adempimento`, not `adempimenti`), or a verb's form whose first person or
        infinitive it knows (`raggiungono`: `raggiungo`), or, for a compound of one of the
        `PREFIXES`, the word after its prefix (`compartecipazione`: `partecipazione`), unless
        the word was `cut` right after the prefix (`socio` / `ordinario` may be two words)."""
        f = self._form(word)
        if f:
            return f
        low = word.lower()
        for prefix in PREFIXES:
            if len(prefix) == cut:
                continue
            if low.startswith(prefix) and len(low) - len(prefix) >= COMPOUND_BASE:
                f = self._form(low[len(prefix) :])
                if f:
                    return f
        return 0.0

    def _form(self, word: str) -> float:
        """How often a word is used, or a form of it (see `whole`), prefixes aside."""
        f = self.frequency(word)
        if f or len(word) < 5 or word[-1].lower() not in "aeio":
            return f
        f = max(self.frequency(word[:-1] + v) for v in "aeio")
        if f:
            return f
        low = word.lower()
        ending = next((e for e in VERB_ENDINGS if low.endswith(e)), None)
        if ending is None or len(low) - len(ending) < 4:
            return 0.0
        stem = low[: -len(ending)]
        return max(self.frequency(stem + e) for e in ("o", "are", "ere", "ire"))

    def says_space(self, head: str, tail: str, alone: bool = True) -> bool:
        """Whether the end of `head` and the start of `tail` are two words (True) or the two
        pieces of one word (False), the line having filled its cell.

        Signs first: an elision starts a word (`un’occupazione`); a word does not turn to
        capitals (`Coordinatrice` + `TM`) or back (`SAAP` + `approvati`), nor letters to
        digits, nor a number to letters;
        codes and numbers (`05ZER` + `O`, `100` + `%`) are cut. Then word frequencies decide
        between one word and two (`positiva` + `mente` is `positivamente`, `per` + `la` two
        words though `perla` is one; a word needs `CROWDED` times more when the piece is not
        `alone` on its line, `cittadini in` + `completa`), in Italian, else in English for the
        words plans borrow (`community` + `maker`, `outpu` + `t`). With neither known, a piece
        ending in a vowel, as Italian words do, before a short function word or a known word is
        a word of its own.
        """
        a, b = words_of(head, lower=False), words_of(tail, lower=False)
        if not a or not b:
            return False
        head, tail = a[-1], b[0]
        if re.match(r"[^\W\d_]{1,5}['’]", tail):
            return True
        bare, tail = _deciding_pieces(head, tail)
        sign = _sign(bare, tail)
        if sign is not None:
            return sign
        return self._by_frequency(bare, tail, alone)

    def _by_frequency(self, bare: str, tail: str, alone: bool) -> bool:
        """Whether two pieces of letters are two words, as their frequencies say: as one word
        or two, in Italian, else in English, else by the signs of unknown pieces."""
        one = self.whole(bare + tail, len(bare)) if tail.isalpha() else 0.0
        f_head, f_tail = self.frequency(bare), self.frequency(tail)
        two = f_head * f_tail / total()
        if one or two:
            return two * (1.0 if alone else CROWDED) > one
        borrowed = _in_english(bare, tail)
        if borrowed is not None:
            return borrowed
        return self._unknown_pieces(bare, tail, f_head, f_tail)

    def _unknown_pieces(self, bare: str, tail: str, f_head: float, f_tail: float) -> bool:
        """Whether two pieces, not known as one word nor as two, are two words: a known word
        then an unknown one is, a piece then a word's ending is not; else a piece ending in a
        vowel before a short function word or a known word is (noted in `unsure` when neither
        is and both pieces are long)."""
        if f_head and len(tail) <= 3 and tail.islower() and not f_tail:
            return False  # `Domiciliari` + `tà`: no word is so short and unknown
        if f_head:
            return True  # a word, then one the list does not know (`prima` + `annualità`)
        if len(tail) >= 3 and tail.islower() and is_ending(tail.lower()):
            return False  # `residenzi` + `ali`: a piece no word is, then a word's ending
        vowel = bare[-1].lower() in "aeiouàèéìòù"
        known_tail = tail.lower() in FUNCTION_WORDS or (len(tail) >= 3 and f_tail > 0)
        if not (vowel and known_tail) and min(len(bare), len(tail)) >= UNSURE_PIECE:
            self.unsure.append((bare, tail))
        return vowel and known_tail


def _deciding_pieces(head: str, tail: str) -> tuple[str, str]:
    """The last word of a line and the first of the next as far as they decide: after an
    elision (`dell’`), the last part of a hyphened word, the first of hyphened names."""
    bare = re.split("['’]", head)[-1]
    if "-" in bare and bare.rsplit("-", 1)[-1].isalpha():
        bare = bare.rsplit("-", 1)[-1]  # `co-progettazione` + `con`: its last part decides
    first, _, rest = tail.partition("-")
    if first.isalpha() and rest[:1].isupper():
        tail = first  # `Crema` + `sco-Vidolasco` (names joined): the first part decides
    return bare, tail


def _sign(bare: str, tail: str) -> bool | None:
    """Whether two pieces are two words as their letters say (a number then letters, a turn
    to capitals or back, letters then digits), False where the head is no word of letters,
    None where the signs do not say."""
    if bare.isdigit() and tail[:1].isalpha():
        return True
    if not bare.isalpha():
        return False
    if bare[-1].islower() and tail[:1].isupper():
        return True
    if len(bare) > 1 and bare.isupper() and tail[:1].islower():
        return True  # `SAAP` + `approvati`: an acronym, then a word
    if tail[:1].isdigit():
        return True
    return None


def _in_english(bare: str, tail: str) -> bool | None:
    """Whether two pieces are two words in English, for the words plans borrow (`community`
    + `maker`); None where English knows neither reading."""
    if bare.isalpha() and tail.isalpha():
        en_one = english((bare + tail).lower())
        en_two = english(bare.lower()) * english(tail.lower())
        if en_one or en_two:
            return en_two > en_one
    return None


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
    """Whether line i (`prev`) was cut inside a word that line i + 1 (`part`) goes on with: the
    line fills its cell (a word too long for the cell is cut where the line is full); where
    words tell a break at a space, they win (not in the key column)."""
    number = len(prev) > 1 and prev[-2].isdigit() and prev[-1] in ".," and part[0].isdigit()
    if not (prev[-1].isalnum() or prev[-1] == "_" or number):
        return False
    if rooms is None:
        return key and len(prev) == 1 and prev.isdigit() and part.isdigit()
    if not fills_cell(rooms[i], rooms[i + 1]) or not too_long(rooms, i):
        return False
    if key or lexicon is None:
        return True
    if number:
        return True  # `26.` + `200`: a number cut after its thousands dot
    if prev[-1] in ",;:.)]»”" or part[0] in "([«“‘":
        return False  # punctuation that never stands inside a word
    if part[0] in ")]},.;:!?%»”":
        return True  # punctuation that follows a word without a space: `qualitativa` + `)`
    alone = rooms[i].head >= rooms[i].width - 0.01  # the line is the piece alone
    return not lexicon.says_space(prev, part, alone)


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
