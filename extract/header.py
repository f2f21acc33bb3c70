"""Find a table's header on a page, from its text: one or more rows, cells spanning columns.

Steps: `lines_to_headers` tries every run of a few consecutive lines and keeps the runs whose
cells the profile knows best; `phrases_to_cells` reads a run as header cells: a phrase over two
or more phrases that do not overlap each other is a cell spanning columns (`Risultati attesi`
over `I anno` / `II anno`), the other phrases stack into the leaf cells, one per column. Each
column's header is then the texts of every cell over it, top to bottom (`Risultati attesi` +
`I anno`), matched by the profile like a one-row header.

The header is decided here, once; normalize and `inspect` read the decision.

Limitations: a spanning cell's text must reach over two of the cells below it, or stand over
them inside drawn rules; a header cell whose phrases do not overlap (two words far apart on a
line) reads as two columns.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pdztables.schemas.profile import header_key

from .graphics import Graphics
from .headcells import Candidate, HeaderCell, Matcher, phrases_to_cells
from .primitives import Line
from .settings import LayoutSettings


@dataclass(frozen=True)
class Header:
    """A table's header as found on one page: its cells, and per column what it says."""

    page: int
    top: float
    bottom: float
    cells: tuple[HeaderCell, ...]
    parts: tuple[tuple[str, ...], ...]
    """Per column, the texts of the header cells over it, top to bottom."""
    names: tuple[str | None, ...]
    """Per column, the profile column it maps to (None: the profile does not know it)."""
    key: int | None
    """The column holding the table's key (the indicator number), if the profile has one."""
    rows: int
    """How many header rows the cells form (2 when a cell spans columns over others)."""
    spans: tuple[tuple[float, float], ...]
    """Per column, the horizontal extent of its lowest header cell's text."""
    lines: tuple[tuple[float, float], ...] = ()
    """The tops and bottoms of its text lines."""
    ocr: bool = False
    """Whether it was read by OCR (a scanned page): its letters may slip."""

    def holds(self, top: float) -> bool:
        """Whether a text line starting at `top` is one of the header's."""
        return any(abs(top - t) < 0.01 for t, _ in self.lines)

    @property
    def texts(self) -> tuple[str, ...]:
        """Per column, the header as one text: its cells' texts, top to bottom, line by line."""
        return tuple("\n".join(p) for p in self.parts)

    @property
    def known(self) -> int:
        """How many columns the profile knows."""
        return sum(1 for n in self.names if n is not None)

    @property
    def width(self) -> int:
        """How many columns the header has."""
        return len(self.parts)

    def same_as(self, other: Header) -> bool:
        """Whether another header is this one again (on another page): the same columns the
        profile knows, in the same places, and the same texts where it knows none (a title
        over the whole header may come and go, a wrapped cell may read a line short; a word
        processor drawing the header again may cut a cell short, `Tipologia indicator` for
        `Tipologia indicatore`, which the profile then no longer knows)."""
        if len(self.names) != len(other.names):
            return False
        mine, theirs = _leaf_keys(self), _leaf_keys(other)
        agree = sum(1 for n, m in zip(self.names, other.names, strict=True) if n == m and n)
        # read by OCR, a cell of one reading may be garbled (`tinalnzia` for `tipologia`)
        slips = (self.ocr or other.ocr) and agree >= OCR_AGREE * len(self.names)
        for a, b, n, m in zip(mine, theirs, self.names, other.names, strict=True):
            if n == m and (n is not None or a == b):
                continue
            if slips and (n is None or m is None):
                continue
            short, full = (a, b) if n is None else (b, a)
            if (n is None) == (m is None) or len(short) < 4 or not full.startswith(short):
                return False
        return True

    def is_fragment(self, texts: Sequence[str], clipped: bool = False) -> bool:
        """Whether texts, one per column, are only pieces of this header (e.g. its dates alone).

        Each non-empty text must be a run of whole words of its own column's header; a text
        alone in its row must also be a whole line of that header, so that a continuation such
        as `anno` under a one-line `risultati attesi I anno` stays data. With `clipped` (right
        under a header drawn again), a text may also be the start of such a run, four letters
        or more: a word processor cuts a repeated header row short (`indicat`).
        """
        filled = [(c, t) for c, t in enumerate(texts) if t.strip()]
        if not filled or len(texts) != self.width:
            return False
        for c, text in filled:
            key = header_key(text)
            if len(key) < 3:
                return False
            runs = _word_runs(self.parts[c])
            cut = clipped and len(key) >= 4 and any(r.startswith(key) for r in runs)
            if key not in runs and not cut:
                return False
            if len(filled) == 1 and key not in _line_runs(self.parts[c]) and not cut:
                return False
        return True


def _leaf_keys(header: Header) -> tuple[str, ...]:
    return tuple(header_key(p[-1]) for p in header.parts)


def _word_runs(parts: Sequence[str]) -> set[str]:
    words = [header_key(w) for w in " ".join(parts).split()]
    words = [w for w in words if w]
    return {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}


def _line_runs(parts: Sequence[str]) -> set[str]:
    lines = [header_key(line) for p in parts for line in p.split("\n")]
    lines = [line for line in lines if line]
    return {"".join(lines[i:j]) for i in range(len(lines)) for j in range(i + 1, len(lines) + 1)}


OCR_AGREE = 2 / 3
"""Two readings of a header by OCR are one header where at least this share of the columns
are known alike in both, the others known in one reading only (garbled in the other)."""


def line_height(lines: Sequence[Line]) -> float:
    """The usual height of a text line on the page."""
    return statistics.median(ln.height for ln in lines) if lines else 10.0


def lines_to_headers(
    page: int,
    lines: Sequence[Line],
    graphics: Graphics,
    match: Matcher,
    key_name: str | None,
    settings: LayoutSettings,
) -> list[Header]:
    """Every header on the page, top to bottom: runs of lines whose cells the profile knows."""
    height = line_height(lines)
    found: list[Header] = []
    i = 0
    while i < len(lines):
        best = _best_run(i, lines, graphics, match, height, settings, key_name)
        if best is None:
            i += 1
            continue
        for k in range(i + 1, best.last + 1):  # a caption over the header is no part of it
            later = _best_run(k, lines, graphics, match, height, settings, key_name)
            if later is not None and _score(later) > _score(best):
                best = later
        key = next((c for c, n in enumerate(best.names) if n is not None and n == key_name), None)
        found.append(
            Header(
                page=page,
                top=min(c.top for c in best.cells),
                bottom=max(c.bottom for c in best.cells),
                cells=best.cells,
                parts=best.parts,
                names=best.names,
                key=key,
                rows=best.rows,
                spans=best.spans,
                lines=tuple((ln.top, ln.bottom) for ln in lines[best.first : best.last + 1]),
            )
        )
        i = best.last + 1
    return found


def _best_run(
    i: int,
    lines: Sequence[Line],
    graphics: Graphics,
    match: Matcher,
    height: float,
    settings: LayoutSettings,
    key_name: str | None = None,
) -> Candidate | None:
    """The run of lines from line i that reads as the header with the most known columns."""
    if len(lines[i].phrases) < 2 and not _could_span(lines[i], lines, i, settings):
        return None
    best: Candidate | None = None
    runs: list[Candidate] = []
    for j in range(i, min(i + 2 * settings.max_header_lines, len(lines))):
        if j > i:
            if _depth(lines[i : j + 1]) > settings.max_header_lines:
                break
            gap = lines[j].top - lines[j - 1].bottom
            if gap > settings.header_gap * height:
                break
            span = (min(ln.x0 for ln in lines[i : j + 1]), max(ln.x1 for ln in lines[i : j + 1]))
            if _rule_between(lines[j - 1], lines[j], span, graphics, settings):
                break
        cand = phrases_to_cells(i, j, lines[i : j + 1], graphics, match, settings)
        if cand is None or cand.known < settings.header_matches:
            continue
        runs.append(cand)
        if best is None or _score(cand) > _score(best):
            best = cand
    return _extended(best, runs, lines, key_name) if best is not None else None


def _extended(
    best: Candidate, runs: Sequence[Candidate], lines: Sequence[Line], key_name: str | None
) -> Candidate:
    """The header with the lines under it that keep it as it is: as many columns known, none
    known from fewer texts, nothing in the key column, none beside the line after them (a
    header row of columns the profile does not know, `I anno` under `risultati attesi`, is
    header, not a row)."""
    key = next((k for k, n in enumerate(best.names) if n is not None and n == key_name), None)
    score = _score(best)
    out = best
    for cand in runs:
        if cand.last <= out.last:
            continue
        added = lines[out.last + 1 : cand.last + 1]
        if key is not None and any(
            p.x1 > best.spans[key][0] and p.x0 < best.spans[key][1]
            for ln in added
            for p in ln.phrases
        ):
            break
        if _score(cand)[:2] < score[:2] or _more_children(cand, best):
            break
        if _interleaved(added, lines[cand.last + 1 : cand.last + 2]):
            continue  # a longer run may hold the line after too (a header's cell set lower)
        out = cand
    return out


def _interleaved(added: Sequence[Line], after: Sequence[Line]) -> bool:
    """Whether lines under the header reach down beside the line after them, by a third of a
    line at least: a cell's text set in the middle of a row, beside the row's key (a header's
    lines stand above the body's)."""
    return any(
        ln.bottom - nxt.top > min(ln.height, nxt.height) / 3 for ln in added for nxt in after
    )


def _children(parts: Sequence[Sequence[str]]) -> Counter[tuple[str, ...]]:
    """How many leaf cells stand under each spanning cell (by the texts above them)."""
    return Counter(tuple(p[:-1]) for p in parts if len(p) > 1)


def _more_children(cand: Candidate, best: Candidate) -> bool:
    """Whether lines under the header give a spanning cell that has its own row of cells more
    of them: the rest of a body row set beside a leaf (`subambito)` beside `I anno`), not a
    header row, which goes under a cell with none yet (`I anno` under `risultati attesi`)."""
    had = _children(best.parts)
    return any(had[k] > 1 and n > had[k] for k, n in _children(cand.parts).items())


def _score(cand: Candidate) -> tuple[int, int, int]:
    """Known columns first; then those known from all their texts (a caption over the header
    is known only when dropped); then how much text they hold, so that a header row that
    keeps its columns known (`2022` under `Risultato atteso`) belongs to the header."""
    full = sum(1 for p, n in zip(cand.parts, cand.names, strict=True) if n and cand.whole(p))
    held = sum(len("".join(p)) for p, n in zip(cand.parts, cand.names, strict=True) if n)
    return cand.known, full, held


def _depth(run: Sequence[Line]) -> int:
    """How many lines the run's deepest column holds. Text set in the middle of header cells
    of unequal height puts each cell's lines between its neighbours', so the page may have up
    to twice as many lines as any one cell (the bound on the run's page lines)."""
    return max(
        sum(1 for ln in run if any(q.x0 < p.x1 and p.x0 < q.x1 for q in ln.phrases))
        for line in run
        for p in line.phrases
    )


def _could_span(line: Line, lines: Sequence[Line], i: int, settings: LayoutSettings) -> bool:
    """A lone phrase can start a header only over others side by side on the lines a header
    may hold under it: a cell spanning them, or the top of a cell set higher than its
    neighbours (text set in the middle of the header's cells puts each on a line of its own,
    and a tall cell's top lines may stand alone)."""
    below = lines[i + 1 : i + settings.max_header_lines]
    return (
        any(len(ln.phrases) >= 2 for ln in below)
        or len({round(p.x0) for ln in below for p in ln.phrases} | {round(line.x0)}) >= 3
    )


def _rule_between(
    above: Line,
    below: Line,
    extent: tuple[float, float],
    graphics: Graphics,
    settings: LayoutSettings,
) -> bool:
    """Whether a rule, or a band's edge, across most of the header's width runs between two of
    its lines (a rule under a cell spanning columns runs across a part only; the header's band
    ends where the header does, and a cell's line set lower beside it is the body's)."""
    x0, x1 = extent
    span = max(x1 - x0, 1.0)
    lo, hi = above.bottom - 0.5, below.top + 0.5
    pieces = [(r.start, r.end) for r in graphics.hrules if lo <= r.pos <= hi]
    pieces += [(b.x0, b.x1) for b in graphics.bands if lo <= b.bottom <= hi]
    cover, reach = 0.0, x0  # their union across the header (a rule on a band's edge once)
    for a, b in sorted(pieces):
        a, b = max(a, reach), min(b, x1)
        if b > a:
            cover += b - a
            reach = b
    return cover >= settings.header_rule_cover * span and cover > 0
