"""The audit's word checks: every word of the table's region accounted for (`word_lost`), and
each output cell's text the words standing in its boxes (`text_elsewhere`)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from pdztables.extract.models import BBox, Word

from .audit_input import OutCell
from .audit_seen import Seen, flag, lines_of, squash, word_box
from .findings import Failure


def lost_words(seen: Seen) -> list[Failure]:
    """Words of the table's region (each part on its page, and the lines close above and below
    it) in no output cell and in nothing left out with a reason: one finding per line."""
    out: list[Failure] = []
    for page, part in seen.data.parts:
        words = seen.pages.get(page)
        if words is None:
            continue
        reach = seen.s.near_lines * words.height
        region = (part[0], part[1] - reach, part[2], part[3] + reach)
        in_spots = {id(w) for b in seen.spots[page] for w in words.within(b)}
        lost = [
            w
            for w in words.within(region)
            if id(w) not in in_spots
            and not seen.accounted(page, w)
            and (page, w) not in seen.furniture
        ]
        for line in lines_of(lost):
            box = word_box(line)
            text = " ".join(w.text for w in line)
            row = _row_near(seen, page, box)
            out.append(flag("word_lost", ("", row, page), text, box))
    return out


def _row_near(seen: Seen, page: int, box: BBox | None) -> str:
    """The label of the output row drawn nearest above a box on a page ('' if none)."""
    if box is None:
        return ""
    best: tuple[float, str] | None = None
    for cell in seen.data.cells:
        for spot in cell.spots:
            gap = box[1] - spot.box[1]
            if spot.page == page and spot.own and gap >= -1 and (best is None or gap < best[0]):
                best = (gap, cell.label)
    return best[1] if best is not None else ""


def cell_texts(seen: Seen) -> list[Failure]:
    """Each output cell's text against the words standing in its boxes, in reading order."""
    out: list[Failure] = []
    for cell in seen.data.cells:
        words = _cell_words(seen, cell)
        if squash(" ".join(w.text for w in words)) == squash(cell.text):
            continue
        lost, extra = _difference(words, cell.text)
        where = (cell.column, cell.label, cell.page)
        if lost:
            value = " ".join(w.text for w in lost)
            out.append(flag("word_lost", where, value, word_box(lost), key="word_lost_cell"))
        if extra or not lost:
            out.append(flag("text_elsewhere", where, " ".join(extra) or cell.text))
    return out


def _cell_words(seen: Seen, cell: OutCell) -> list[Word]:
    """The words standing in an output cell's boxes, box by box, in reading order (a box given
    twice counts once), less the rest of a clipped header a logged repair took out."""
    out: list[Word] = []
    done: set[tuple[int, BBox]] = set()
    for spot in cell.spots:
        if (spot.page, spot.box) in done:
            continue
        done.add((spot.page, spot.box))
        words = seen.own_words(spot)
        for page, box, text in seen.data.removed:
            if (page, box) == (spot.page, spot.box):
                words = _without_start(words, squash(text))
        out += words
    return out


def _without_start(words: list[Word], text: str) -> list[Word]:
    """The words less those at their start that spell `text` (all of them kept if they do not)."""
    spelt = ""
    for k, w in enumerate(words):
        spelt += squash(w.text)
        if spelt == text:
            return words[k + 1 :]
        if not text.startswith(spelt):
            break
    return words


def _difference(words: Sequence[Word], text: str) -> tuple[list[Word], list[str]]:
    """The words missing from a text, and the pieces of the text no word gives."""
    have = [squash(w.text) for w in words]
    a, b = "".join(have), squash(text)
    covered = [False] * len(a)
    extra: list[str] = []
    for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            covered[a0:a1] = [True] * (a1 - a0)
        elif tag in ("replace", "insert"):
            extra.append(b[b0:b1])
    lost: list[Word] = []
    at = 0
    for w, h in zip(words, have, strict=True):
        if h and not all(covered[at : at + len(h)]):
            lost.append(w)
        at += len(h)
    return lost, extra
