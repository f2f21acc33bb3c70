"""Typed values of the policy code and the measuring frequency, read from the source's words.

`parse_policy("05d_e_j")` is `Policy("05", ("D", "E", "J"))`; plans write the same code as
`05 D-E-J`, `5d/e` or `05ZERO` (cross-cutting: no letter, `trasversale`). The letters' names
(the regional macro-areas) are data a profile gives, not code. `frequency_kind` sorts the
measuring frequency into `annuale`, `semestrale`, `trimestrale`, `unica_prima_annualita` and
`unica_fine_piano` (and `unica_seconda_annualita`, which three-year plans write). Both give
None for a text they do not read: the caller leaves the derived cells empty and says so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_POLICY = re.compile(
    r"(?P<section>\d{1,2})\s*[-_.]?\s*(?P<rest>zero|[a-z](?:\s*[-_/;,+ ]\s*[a-z])*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Policy:
    """A policy code: the plan's section (two digits) and its macro-area letters (none for
    cross-cutting actions)."""

    sezione: str
    aree: tuple[str, ...]


def parse_policy(text: str) -> Policy | None:
    """The section and macro-area letters of a policy code, or None for another text."""
    found = _POLICY.fullmatch(" ".join(text.split()))
    if found is None:
        return None
    section = found["section"].zfill(2)
    rest = found["rest"]
    if rest.lower() == "zero":
        return Policy(section, ())
    letters = tuple(dict.fromkeys(ch.upper() for ch in rest if ch.isalpha()))
    return Policy(section, letters)


def _plain(text: str) -> str:
    """Lower case, accents dropped, spaces folded: `Unica (a conclusione della prima annualità)`
    as `unica (a conclusione della prima annualita)`."""
    bare = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(ch for ch in bare if not unicodedata.combining(ch)).split())


FREQUENCIES = (
    ("unica_prima_annualita", re.compile(r"\bunica\b.*\bprim[ao]\s+(?:annualita|anno)\b")),
    ("unica_seconda_annualita", re.compile(r"\bunica\b.*\bsecond[ao]\s+(?:annualita|anno)\b")),
    ("unica_fine_piano", re.compile(r"\bunica\b.*\b(pdz|piano|triennio|fine)\b")),
    ("semestrale", re.compile(r"\bsemestral[ei]\b|\bogni sei mesi\b")),
    ("trimestrale", re.compile(r"\btrimestral[ei]\b|\bogni tre mesi\b")),
    ("annuale", re.compile(r"\bannual[ei]\b|\bogni anno\b|\bl'anno\b")),
)
"""Frequency kinds and the words that say them, the most telling first (`unica (a conclusione
della prima annualità)` speaks of a year, yet is measured once)."""


FREQUENCY_KINDS = tuple(kind for kind, _ in FREQUENCIES)


def frequency_kind(text: str) -> str | None:
    """The kind of a measuring frequency, or None for a text that says none of them or more
    than one (`semestrale/annuale`)."""
    plain = _plain(text)
    kinds = [kind for kind, words in FREQUENCIES if words.search(plain)]
    return kinds[0] if len(kinds) == 1 else None
