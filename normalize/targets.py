"""Typed values of a target or a measurement, read from the source's words.

`parse_target("Almeno 10 (di cui almeno 1 per subambito)")` is `Target(">=", 10.0, "n", 1)`;
`parse_target` reads a bare number as `=` (a measurement), `read_target` as a target (`>=`).
The source text is never changed: these are values derived beside it. Numbers are read the
Italian way (`1.500` is fifteen hundred, `12,5` twelve and a half). A text that states no
value (`n.d.`, `-`, `in corso`, `da definire`) or that the forms below do not cover gives None:
the caller leaves the derived cells empty and says so.

Forms: a bare number (`4`, `1.500`, `12,5`); a percentage (`50%`, `50 %`, `12,5%`); either
after a comparison word or sign (`Almeno`, `almeno il`, `Più di`, `Oltre`, `Meno di`, `Non più
di`, `Fino a`, `Massimo`, `≥`, `>=`, `>`, `≤`, `<=`, `<`, `=`) and before free words (`dei
Comuni`, `degli interventi valutati positivamente ...`); a per-subambito minimum in brackets
(`(di cui almeno 1 per subambito)`, `(minimo 1 per subambito)`); yes or no (`SI`, `Sì`, `NO`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

OPERATORS = ("=", ">=", "<=", ">", "<")
UNITS = ("n", "%", "si/no")

# Comparison words and signs and what each means; a longer form before any form it starts
# with (`al massimo` before `massimo` would not matter: `al` is not a form).
_COMPARE = [
    (r"non\s+meno\s+di", ">="),
    (r"non\s+pi[uù]\s+di", "<="),
    (r"non\s+oltre", "<="),
    (r"almeno", ">="),
    (r"minimo", ">="),
    (r"pari\s+o\s+superiore\s+a", ">="),
    (r"pari\s+o\s+inferiore\s+a", "<="),
    (r"superiore\s+a", ">"),
    (r"inferiore\s+a", "<"),
    (r"pi[uù]\s+d(?:i|el|ella|ei|egli)", ">"),
    (r"oltre", ">"),
    (r"meno\s+d(?:i|el|ella|ei|egli)", "<"),
    (r"fino\s+a", "<="),
    (r"massimo", "<="),
    (r"al\s+massimo", "<="),
    (r"≥|>=|=>", ">="),
    (r"≤|<=|=<", "<="),
    (r">", ">"),
    (r"<", "<"),
    (r"=", "="),
]
_OPERATOR = re.compile(
    r"(?P<op>" + "|".join(f"(?:{p})" for p, _ in _COMPARE) + r")\s*(?:(?:il|l['’]|la|i|le)\s*)?",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?P<num>[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d+\.\d+|\d+(?:,\d+)?)\s*(?P<pct>%)?"
)
_SUB = re.compile(
    r"[(,;]?\s*(?:di\s+cui\s+)?(?:almeno|minimo|min\.?)\s+(?P<k>\d+)\s+(?:per|in\s+ogni)\s+"
    r"sub-?ambito\s*\)?",
    re.IGNORECASE,
)
_MORE = re.compile(
    r"\d|\b(?:su|per|ogni|in\s+(?:meno|pi[uù])|rispetto|entro|tra|fra|oppure|o|e|nel|nei)\b|"
    r"sub-?ambit",
    re.IGNORECASE,
)
"""Words after the number that change what it means (`2 su 3`, `1 per subambito`, `50% in
meno`, `5 nel 2023 e 10 nel 2024`): the text is then not read, rather than read wrong."""
_NO_VALUE = re.compile(
    r"n\.?\s*d\.?|n/d|n\.?\s*r\.?|[-–—/]+|in\s+corso|da\s+definire|non\s+(?:disponibile|rilevat[oa]|"
    r"previst[oa]|applicabile)",
    re.IGNORECASE,
)
_YES = {"si", "sì", "sí", "si'", "si’", "yes"}
_NO = {"no"}


@dataclass(frozen=True)
class Target:
    """A target's (or a measurement's) comparison, value, unit and per-subambito minimum."""

    op: str
    valore: float
    unita: str
    min_subambito: int | None = None


def italian_number(text: str) -> float:
    """A number written the Italian way: `1.500` (thousands), `12,5` (decimals), `1.500,25`.
    A dot not followed by exactly three digits is a decimal point (`1.5`)."""
    text = text.strip()
    if re.fullmatch(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?", text):
        return float(text.replace(".", "").replace(",", "."))
    return float(text.replace(",", "."))


def states_no_value(text: str) -> bool:
    """Whether a text says that there is no value (empty, `n.d.`, `-`, `in corso`, `da
    definire`, `non rilevato`): nothing to read, and nothing wrong with the text."""
    clean = " ".join(text.split())
    return not clean or _NO_VALUE.fullmatch(clean) is not None


def read_target(text: str) -> Target | None:
    """A target as the table's typed columns and the esito both read it: a bare number (or one
    written `= 10`) is a number to reach, at least (`>=`); `SI`/`NO` stay `=`. One reading
    serves both, so an analyst who filters on `_op` and `_valore` judges a row as the esito
    does (a measured 6 against a target of 5 is reached)."""
    found = parse_target(text)
    if found is not None and found.op == "=" and found.unita != "si/no":
        return Target(">=", found.valore, found.unita, found.min_subambito)
    return found


def parse_target(text: str) -> Target | None:
    """The typed value of a target text, or None where the text states no value this module
    reads."""
    clean = unicodedata.normalize("NFC", " ".join(text.split()))
    if not clean:
        return None
    word = clean.rstrip(".").lower()
    if word in _YES:
        return Target("=", 1.0, "si/no")
    if word in _NO:
        return Target("=", 0.0, "si/no")
    minimum: int | None = None
    found = _SUB.search(clean)
    if found and found.start() > 0:  # after a total: `Almeno 10 (di cui almeno 1 per ...)`
        minimum = int(found["k"])
        clean = (clean[: found.start()] + clean[found.end() :]).strip()
    op = "="
    head = _OPERATOR.match(clean)
    if head and head.end() > 0:
        op = next(o for p, o in _COMPARE if re.fullmatch(p, head["op"], re.IGNORECASE))
        clean = clean[head.end() :]
    number = _NUMBER.match(clean)
    if number is None:
        return None
    rest = clean[number.end() :].strip()
    if rest and not rest[0].isalpha():
        return None  # `10/12`, `5-10`: a form this module does not read
    if _MORE.search(rest):
        return None
    unit = "%" if number["pct"] else "n"
    return Target(op, italian_number(number["num"]), unit, minimum)
