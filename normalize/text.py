"""Repairs inside one cell: wrapped lines, white space, ligatures."""

from __future__ import annotations

import re
import unicodedata

LIGATURES = re.compile("[\ufb00-\ufb06]")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
NBSP = re.compile("[\u00a0\u2007\u202f]")
DIGITS = re.compile(r"\d+")


def join_lines(lines: list[str], digits: bool = False) -> tuple[str, list[str]]:
    """Join a cell's wrapped lines into one text; also return the kinds of join made.

    With `digits`, lines that are all digits join with nothing (a number drawn one digit
    per line in a narrow column).
    """
    parts = [line.strip() for line in lines if line.strip()]
    if not parts:
        return "", []
    if digits and len(parts) > 1 and all(DIGITS.fullmatch(p) for p in parts):
        return "".join(parts), ["digits-join"]
    kinds: list[str] = []
    text = parts[0]
    for part in parts[1:]:
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and part[0].islower():
            text += part
            kinds.append("hyphen-join")
        elif text.endswith("/") and len(text) > 1 and text[-2].isalpha() and part[0].isalpha():
            text += part
            kinds.append("slash-join")
        else:
            text += " " + part
            kinds.append("wrapped-cell")
    return text, kinds


def fold_spaces(text: str) -> str:
    """Non-breaking and other spaces made plain spaces, runs folded to one, ends trimmed."""
    return SPACES.sub(" ", text).strip()


def resolve_ligatures(text: str) -> str:
    """Ligature characters (U+FB00-FB06) written as their letters; nothing else touched."""
    return LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def clean_cell(raw: str, digits: bool = False) -> tuple[str, list[str]]:
    """A raw cell's text made clean, with the kinds of repair it needed (in order, unique)."""
    kinds: list[str] = []
    text = raw
    fixed = resolve_ligatures(text)
    if fixed != text:
        kinds.append("ligature")
        text = fixed
    lines = text.split("\n")
    untidy = bool(NBSP.search(text)) or text != text.strip()
    text, joins = join_lines(lines, digits)
    kinds.extend(dict.fromkeys(joins))
    folded = fold_spaces(text)
    if folded != text or untidy:
        kinds.append("whitespace")
    return folded, kinds
