"""Running headers and footers: lines in a page's margins that belong to the page, not the table.

A line is running when it stands in the top or bottom `margin` of the page and names its page
(`pag. 12`) or is one run of text that comes back at the same place on the neighbouring pages (its
digits aside) and is no cell's first line (text of its size going on right under it) nor its
last (text of its size right over it, unless that comes back too: a header drawn again); or when
it also stands apart from the page's other text by one and a half line heights and ends in a
page number (`3 di 10`, a lone number) or comes back. A table's repeated header comes back too,
but it has several phrases and touches the rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from .classify import is_key
from .graphics import Band
from .primitives import Line, Phrase
from .settings import LayoutSettings

PAGE_WORD = re.compile(r"(?i)\b(?:pag(?:\.|ina)?|page)\s*\d+")
PAGE_NUMBER = re.compile(r"(?i)[^\w%]*\d{1,4}(?:\s*(?:di|/|of)\s*\d{1,4})?[^\w%]*")


def is_page_number(line: Line) -> bool:
    """Whether a line ends in a page number: `12`, `3 di 10`, `3/10` (a date is not one, nor a
    share, `80%`)."""
    return bool(PAGE_NUMBER.fullmatch(line.phrases[-1].text))


def signature(line: Line) -> str:
    """What stays the same of a running line from page to page: its letters, digits aside, and
    no spaces (a table's rules drawn through the line on one page part it into phrases there)."""
    return re.sub(r"\d+", "#", "".join(line.text.split()))


def in_margins(lines: Sequence[Line], height: float, settings: LayoutSettings) -> list[Line]:
    """The lines in the top or bottom margin of a page."""
    return [
        ln
        for ln in lines
        if ln.bottom < settings.margin * height or ln.top > (1 - settings.margin) * height
    ]


def margin_lines(lines: Sequence[Line], height: float, settings: LayoutSettings) -> list[Line]:
    """The lines that stand apart in the top or bottom margin of a page."""
    if not lines:
        return []
    tall = sorted(ln.height for ln in lines)[len(lines) // 2]
    out = []
    for k, ln in enumerate(lines):
        if ln.bottom < settings.margin * height:
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            if nxt is None or nxt.top - ln.bottom >= settings.running_apart * tall:
                out.append(ln)
        elif ln.top > (1 - settings.margin) * height:
            prev = lines[k - 1] if k else None
            if prev is None or ln.top - prev.bottom >= settings.running_apart * tall:
                out.append(ln)
    return out


def running_lines(
    lines: Sequence[Line],
    height: float,
    neighbours: Sequence[Sequence[Line]],
    settings: LayoutSettings,
    apart_only: bool = False,
    bands: Sequence[Band] = (),
) -> set[int]:
    """Indexes of the running lines of a page, given the margin lines of its neighbours.

    A line naming its page (`pag. 12`), or of one run of text and back at the same place on the
    neighbouring pages (each of them: the rest of a broken cell may stand at the top of two
    pages by chance), is running anywhere in the margins; a bare page number, or a line of
    several phrases back on a neighbouring page, only when it stands apart: a table's repeated
    header comes back too, and a row's last cell may hold a number. With `apart_only` (any
    table of a page, whose rows may repeat their texts page after page), only a line standing
    apart or naming its page is running. A line of several phrases drawn on one band (`bands`)
    with the line under or over it does not stand apart from it: a header row's first line,
    set high in a tall shaded row.
    """
    seen = [{(signature(ln), round(ln.top / 3)) for ln in other} for other in neighbours]

    def again(line: Line) -> bool:  # back at the same place on every neighbouring page
        sig = signature(line)
        return bool(seen) and all(
            any((sig, round(line.top / 3) + d) in page for d in (-1, 0, 1)) for page in seen
        )

    apart = {id(ln) for ln in margin_lines(lines, height, settings)}
    apart -= {id(ln) for ln in _on_band_with_neighbour(lines, bands, settings)}
    apart -= {id(ln) for k, ln in enumerate(lines) if _over_columns(ln, lines[k + 1 :], settings)}
    # a page is numbered once: where a line names its page, a lone number is no page number
    named = any(PAGE_WORD.search(ln.text) for ln in lines if id(ln) in apart)
    out = set()
    for k, ln in enumerate(lines):
        in_margin = ln.bottom < settings.margin * height or ln.top > (1 - settings.margin) * height
        if not in_margin:
            continue
        back = again(ln)
        alone = id(ln) in apart and ((is_page_number(ln) and not named) or back)
        one = back and one_run(ln, settings) and (not apart_only or id(ln) in apart)
        one = one and cell_line(ln, lines[k + 1 :], settings) is None
        # the last line of a cell, not of a header drawn again (whose lines all come back)
        above = cell_line(ln, lines[:k][::-1], settings, below=False)
        one = one and (above is None or again(above))
        if PAGE_WORD.search(ln.text) or one or alone:
            out.add(k)
    return out


def _on_band_with_neighbour(
    lines: Sequence[Line], bands: Sequence[Band], settings: LayoutSettings
) -> list[Line]:
    """Lines of several phrases drawn on one band with the line right under or over them."""
    out = []
    for k, ln in enumerate(lines):
        if one_run(ln, settings):
            continue
        near = [lines[j] for j in (k - 1, k + 1) if 0 <= j < len(lines)]
        if any(_on(b, ln) and _on(b, other) for b in bands for other in near):
            out.append(ln)
    return out


def _over_columns(line: Line, below: Sequence[Line], settings: LayoutSettings) -> bool:
    """Whether a line of several phrases stands over the columns of the lines right under it:
    two of its phrases at least lined up (`lined_up`) at their left or right ends with phrases
    of the next `RUNNING_BELOW` lines that hold several (a table's header drawn again, set
    apart from its rows by a tall header row; a running head's pieces line up with no column
    right under it, and a paragraph's margins are no columns)."""
    if len(line.phrases) < 2:
        return False
    columns = [ln for ln in below[:RUNNING_BELOW] if len(ln.phrases) >= 2]
    lefts = {p.x0 for ln in columns for p in ln.phrases}
    rights = {p.x1 for ln in columns for p in ln.phrases}
    reach = settings.lined_up
    last = len(line.phrases) - 1

    def starts(p: Phrase) -> bool:
        return any(abs(p.x0 - x) <= reach for x in lefts)

    def ends(p: Phrase) -> bool:
        return any(abs(p.x1 - x) <= reach for x in rights)

    aligned = [k for k, p in enumerate(line.phrases) if starts(p) or ends(p)]
    # a running head at the margins lines up with a full-width table's outer edges (its first
    # text's start, its last text's end) and, by chance, a row's end: a text within the line
    # must line up, or its last text's start with a column's start
    inner = [k for k in aligned if 0 < k < last or (k == last and starts(line.phrases[last]))]
    return len(aligned) >= 2 and bool(inner)


RUNNING_BELOW = 3
"""How many lines under a line are looked at for the columns it stands over: a header's
other line and the first rows."""


def _on(band: Band, line: Line) -> bool:
    """Whether a line's middle lies on a band, across the band's width."""
    middle = (line.top + line.bottom) / 2
    return band.top <= middle <= band.bottom and band.x0 <= line.x0 and line.x1 <= band.x1


def one_run(line: Line, settings: LayoutSettings) -> bool:
    """Whether a line is one run of text: one phrase, or phrases no further apart than the
    characters of one (a table's vertical rules drawn through a running head part it there;
    a table's cells stand further apart)."""
    return all(b.x0 - a.x1 < settings.phrase_gap for a, b in pairwise(line.phrases))


def cell_line(
    line: Line, near: Sequence[Line], settings: LayoutSettings, below: bool = True
) -> Line | None:
    """The line going on with a line of one phrase as the next line of one cell's text (or,
    not `below`, the line before it in that text); None when the line starts (ends) no cell:
    under it (over it), no more than a line's height away, the nearest line with text across
    it has text of its size starting where it starts, no row's key, and no other text
    there (a wrapped cell's lines: `unica (a` over `conclusione del PdZ)`, `della prima` over
    `annualità)`, which may stand where a running head or foot stands on the pages around; a
    running head at the table's edge has the first row's key or the header's cells under it).
    `near`: the lines under it top down (over it, bottom up)."""
    p = line.phrases[0]
    height = p.bottom - p.top
    for ln in near:
        if (ln.top - p.bottom if below else p.top - ln.bottom) > height:
            break
        across = [q for q in ln.phrases if q.x1 > line.x0 and q.x0 < line.x1]
        if not across:
            continue
        q = across[0]
        same = abs((q.bottom - q.top) - height) <= settings.same_size
        same = same and abs(q.x0 - p.x0) <= settings.lined_up
        apart = q.top >= p.bottom - 0.5 if below else q.bottom <= p.top + 0.5
        return ln if len(across) == 1 and same and apart and not is_key(q.text) else None
    return None
