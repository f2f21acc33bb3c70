"""Cells read by OCR (scanned pages): slips mended by the type of their column, and cells OCR
was unsure of marked.

Repairs (`ocr-slip`, each logged with the text before and after), only in rows on scanned
pages:

- a number (the key, an integer column): a trailing `.` or `,` dropped, and letters OCR takes
  for digits read as digits (`O`->`0`, `l`/`I`->`1`, `S`->`5`...), where that leaves a number;
- a code with a pattern (the policy code): digits read so in its numeric head, and `_` for the
  space, dot or dash OCR reads for it (`O5d e` -> `05d_e`); letters read for the digits OCR
  makes of them after the head (`056` -> `05b`) where the table has the code so read (else it
  is left, and its pattern check says so); else the code of the same column elsewhere in the
  table one or two letters away, where only one is that near;
- a value from a list the profile allows (`frequenza`): the allowed value one or two letters
  away (`PAZ` for `PdZ`), where only one is that near;
- any cell: a long dash glued to the start of a word (`—NO`), which OCR makes of a rule's
  edge (never a minus before a number: `-10%` stays).

Doubts: `ocr_unsure`, a cell holding a word OCR read with less than `UNSURE` confidence (a
word read again with another text keeps the first reading's); `ocr_strange`, a cell holding
words run together, letters and digits run together, a letter alone, or an apostrophe whose
form OCR cannot tell (`strange_words`). A typed cell that still fails its type after the
repairs is reported by the checks, as any cell is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from pdztables.extract import Scan
from pdztables.extract.models import Word
from pdztables.schemas.audit_seen import inside
from pdztables.schemas.findings import Failure, doubt
from pdztables.schemas.profile import OCR_DIGITS, ColumnSpec, Profile

from .records import Record
from .repairs import Repair

UNSURE = 70.0
"""A word OCR read with less confidence than this makes its cell a doubt."""
NEAR = 2
"""Letters a slip may change (at most a quarter of the value's)."""

_GLUED_DASH = re.compile(r"^[—–](?=[^\W\d_])")
"""A long dash glued to the start of a word (`—NO`), never a minus before a number (`-10%`)."""
_SEPARATORS = re.compile(r"[ .,\-]")
_LETTERS = str.maketrans({"6": "b", "8": "b", "4": "d", "0": "c", "1": "i", "9": "g"})
"""The letters OCR reads as digits in a code's letters (`b` read `6`)."""


def mend(
    values: list[list[str]],
    records: Sequence[Record],
    names: Sequence[str],
    profile: Profile,
    scans: Sequence[Scan],
) -> list[Repair]:
    """Mend OCR's slips in the cells of rows on scanned pages, in place; the repairs made."""
    specs = [profile.spec_for(n) for n in names]
    known = _vocabulary(values, specs)
    repairs: list[Repair] = []
    key = next((c for c, spec in enumerate(specs) if spec is not None and spec.role == "key"), None)
    order = ([key] if key is not None else []) + [c for c in range(len(names)) if c != key]
    for rec, row in _scanned_rows(values, records, scans):
        for c in order:
            before = row[c]
            after = _mended(before, specs[c], known.get(c, Counter()))
            if after != before:
                row[c] = after
                if c == key:  # the row is known by its number as mended from now on
                    rec.label = after
                repairs.append(Repair("ocr-slip", rec.page, rec.label, names[c], before, after))
    return repairs


Row = TypeVar("Row", bound=Sequence[str])


def _scanned_rows(
    values: Sequence[Row], records: Sequence[Record], scans: Sequence[Scan]
) -> list[tuple[Record, Row]]:
    """The rows read on scanned pages, each with its record (the rows themselves: mending
    one mends the table)."""
    pages = {s.page for s in scans}
    return [(rec, row) for rec, row in zip(records, values, strict=True) if rec.page in pages]


def _vocabulary(
    values: list[list[str]], specs: Sequence[ColumnSpec | None]
) -> dict[int, Counter[str]]:
    """Per column with a pattern, the values in the table that match it (read right)."""
    out: dict[int, Counter[str]] = {}
    for c, spec in enumerate(specs):
        if spec is None or spec.pattern is None:
            continue
        out[c] = Counter(
            row[c] for row in values if row[c] and spec.pattern.fullmatch(row[c]) is not None
        )
    return out


def _mended(text: str, spec: ColumnSpec | None, known: Counter[str]) -> str:
    """A cell's text with OCR's slips mended as its column's type says."""
    if not text:
        return text
    text = _GLUED_DASH.sub("", text)
    if spec is None:
        return text
    if spec.type == "integer" or spec.role == "key":
        number = text.rstrip(".,").translate(OCR_DIGITS)
        return number if number.isdigit() else text
    if spec.pattern is not None and spec.pattern.fullmatch(text) is None:
        return _code(text, spec.pattern, known)
    if spec.values and text.casefold() not in {v.casefold() for v in spec.values}:
        return _nearest(text, spec.values) or text
    return text


def _code(text: str, pattern: re.Pattern[str], known: Counter[str]) -> str:
    """A code that fails its pattern, mended: digits in its numeric head, `_` for its
    separators; else the nearest code of the same column."""
    head = re.match(r"\S{2}", text)
    guess = text
    if head is not None:
        guess = head.group().translate(OCR_DIGITS) + _SEPARATORS.sub("_", text[2:])
        if pattern.fullmatch(guess) is not None:
            return guess
        # digits OCR reads for the letters after the head (`056` for `05b`): taken where the
        # table itself has the code so read, else left as read (its pattern check says so)
        lettered = guess[:2] + guess[2:].translate(_LETTERS)
        if pattern.fullmatch(lettered) is not None:
            return lettered if lettered in known else text
    return _nearest(guess, known) or text


def _nearest(text: str, choices: Sequence[str] | Counter[str]) -> str | None:
    """The one choice within `NEAR` letters of `text` (and a quarter of its letters) nearer
    than any other (the letters counted by the `regex` module's fuzzy matching, as headers
    are in `Profile.for_scans`); None where none is, or two are as near."""
    import regex

    limit = min(NEAR, max(1, len(text) // 4))
    scored = []
    for choice in choices:
        found = regex.fullmatch(f"(?:{regex.escape(choice)}){{e<={limit}}}", text, regex.BESTMATCH)
        if found is not None:
            scored.append((sum(found.fuzzy_counts), choice))
    scored.sort()
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _middle_in(
    box: tuple[float, float, float, float], cell: tuple[float, float, float, float]
) -> bool:
    """Whether a word's middle lies in a cell's box (the audit's own test, `inside`)."""
    return inside(Word("", *box), cell)


def unsure_cells(
    values: Sequence[Sequence[str]],
    records: Sequence[Record],
    names: Sequence[str],
    scans: Sequence[Scan],
) -> list[Failure]:
    """A doubt for each cell holding a word OCR read with less than `UNSURE` confidence."""
    words = {s.page: [w for w in s.words if w.conf < UNSURE] for s in scans}
    out: list[Failure] = []
    for rec, row in zip(records, values, strict=True):
        for c, name in enumerate(names):
            cells = [*rec.origins[c], *(rec.borrowed[c] if c < len(rec.borrowed) else ())]
            low = [
                w
                for cell in cells
                for w in words.get(cell.page, ())
                if _middle_in(w.box, cell.bbox)
            ]
            if low:
                out.append(
                    doubt(
                        "ocr_unsure",
                        rec.page,
                        row[c],
                        "doubt.ocr_unsure",
                        column=name,
                        row=rec.label,
                        words=", ".join(repr(w.text) for w in low[:3]),
                        conf=round(min(w.conf for w in low)),
                    )
                )
    return out


_TOKEN = re.compile(r"[^\s.]+\.?")
"""A word with the dot after it (a dot inside a token ends a word: `n.entiinrete`)."""
_EDGES = '()[]{}.,;:!?"«»“”'
ONE_LETTER = frozenset("aeioèùàòì")
"""Italian words of one letter; any other letter alone (`n` for `n.`) is a slip."""
APOSTROPHES = ("'", "’")


def strange_words(
    values: Sequence[Sequence[str]],
    records: Sequence[Record],
    names: Sequence[str],
    profile: Profile,
    scans: Sequence[Scan],
) -> list[Failure]:
    """A doubt for each cell of a scanned page holding known words run together that neither
    the word list nor the table knows whole (`entiinrete`: spaces OCR missed), letters and
    digits run together outside a code (`Almeno6`), a letter alone that is no Italian word
    and no abbreviation (`n` for `n.`), or an apostrophe where the table's cells have both
    forms (' and ’: OCR does not tell them apart reliably)."""
    from .words import english, frequency

    specs = [profile.spec_for(n) for n in names]
    rows = _scanned_rows(values, records, scans)
    seen = Counter(
        _bare(t).casefold() for _, row in rows for text in row for t in _TOKEN.findall(text)
    )
    both = all(any(a in text for _, row in rows for text in row) for a in APOSTROPHES)
    out: list[Failure] = []
    for rec, row in rows:
        for c, (name, spec) in enumerate(zip(names, specs, strict=True)):
            if spec is not None and spec.pattern is not None:
                continue  # a code: its pattern checks it
            odd = [t for t in _TOKEN.findall(row[c]) if _strange(t, seen, both, frequency, english)]
            if odd:
                out.append(
                    doubt(
                        "ocr_strange",
                        rec.page,
                        row[c],
                        "doubt.ocr_strange",
                        column=name,
                        row=rec.label,
                        words=", ".join(repr(t) for t in odd[:3]),
                    )
                )
    return out


def _bare(token: str) -> str:
    return token.strip(_EDGES)


def _strange(
    token: str,
    seen: Counter[str],
    both: bool,
    frequency: Callable[[str], int],
    english: Callable[[str], float],
) -> bool:
    """Whether a word read by OCR looks like a slip (see `strange_words`)."""
    word = _bare(token)
    if not word or word.isdigit():
        return False
    if both and any(a in word for a in APOSTROPHES):
        return True
    letters, digits = any(ch.isalpha() for ch in word), any(ch.isdigit() for ch in word)
    if letters and digits:
        return not re.fullmatch(r"\d+(?:[.,]\d+)?%?|\d+[°ª]|[a-zA-Z]\d+", word)
    if not letters:
        return False
    key = word.casefold()
    if len(key) == 1:  # `n.` is an abbreviation, `n` alone a dot lost
        return key not in ONE_LETTER and not token.rstrip(")").endswith(".")
    if not key.isalpha():
        return False

    def known(part: str) -> bool:
        if seen[part] >= 2 or english(part) > 0:
            return True
        return any(frequency(part[:-1] + end) >= KNOWN for end in ("", "a", "e", "i", "o"))

    return not known(key) and _pieces_known(key, lambda part: _common(part, frequency))


KNOWN = 100
"""An Italian word used at least this often in the word list is known (rarer entries of the
list are names and slips)."""
COMMON = 500
"""A piece of a word run together must be a common word whole (`studio` + `di`), not any
entry (`raggiun` + `gono` are none)."""
SHORT = frozenset(
    ["di", "da", "in", "su", "il", "lo", "la", "le", "un", "al", "ai", "del", "per", "con"]
)
"""The words of two or three letters a piece may be (`studio` + `di`); other short pieces
are more often a word's ending (`raggiungo` + `no`)."""


def _common(part: str, frequency: Callable[[str], int]) -> bool:
    """Whether a piece of a word run together is a common word whole."""
    return (len(part) > 3 or part in SHORT) and frequency(part) >= COMMON


def _pieces_known(word: str, known: Callable[[str], bool], parts: int = 3) -> bool:
    """Whether a word is two or three known words run together (`entiinrete`: OCR missed
    the spaces), each of two letters or more."""
    for cut in range(2, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        if known(head) and (known(tail) or (parts > 2 and _pieces_known(tail, known, parts - 1))):
            return True
    return False
