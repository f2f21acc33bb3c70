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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pdztables.schemas.profile import header_key

from .primitives import Graphics, Line, Phrase, Rule
from .settings import LayoutSettings

Matcher = Callable[[Sequence[str]], str | None]
"""Maps the texts over a column (top to bottom) to the profile's column name, or None."""


@dataclass(frozen=True)
class HeaderCell:
    """One cell of the header: its text, box, the columns it covers and its header row."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    first: int
    last: int
    level: int


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
        over the whole header may come and go, a wrapped cell may read a line short)."""
        if self.names != other.names:
            return False
        mine, theirs = _leaf_keys(self), _leaf_keys(other)
        return all(a == b for a, b, n in zip(mine, theirs, self.names, strict=True) if n is None)

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


@dataclass(frozen=True)
class Candidate:
    """Header cells read from a run of lines, before the run is chosen."""

    first: int
    last: int
    cells: tuple[HeaderCell, ...]
    parts: tuple[tuple[str, ...], ...]
    names: tuple[str | None, ...]
    spans: tuple[tuple[float, float], ...]
    rows: int
    match: Matcher

    @property
    def known(self) -> int:
        return sum(1 for n in self.names if n is not None)

    def whole(self, parts: Sequence[str]) -> bool:
        """Whether a column's texts are known all together (none dropped)."""
        return self.match(["\n".join(parts)]) is not None


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
    if len(lines[i].phrases) < 2 and not _could_span(lines[i], lines, i):
        return None
    best: Candidate | None = None
    runs: list[Candidate] = []
    for j in range(i, min(i + settings.max_header_lines, len(lines))):
        if j > i:
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
    known from fewer texts, nothing in the key column (a header row of columns the profile
    does not know, `I anno` under `risultati attesi`, is header, not a row)."""
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
        if _score(cand)[:2] < score[:2]:
            break
        out = cand
    return out


def _score(cand: Candidate) -> tuple[int, int, int]:
    """Known columns first; then those known from all their texts (a caption over the header
    is known only when dropped); then how much text they hold, so that a header row that
    keeps its columns known (`2022` under `Risultato atteso`) belongs to the header."""
    full = sum(1 for p, n in zip(cand.parts, cand.names, strict=True) if n and cand.whole(p))
    held = sum(len("".join(p)) for p, n in zip(cand.parts, cand.names, strict=True) if n)
    return cand.known, full, held


def _could_span(line: Line, lines: Sequence[Line], i: int) -> bool:
    """A lone phrase can start a header only over others side by side on the next lines: a
    cell spanning them, or the top of a cell set higher than its neighbours (text set in the
    middle of the header's cells puts each on a line of its own)."""
    below = lines[i + 1 : i + 4]
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


def phrases_to_cells(
    first: int,
    last: int,
    lines: Sequence[Line],
    graphics: Graphics,
    match: Matcher,
    settings: LayoutSettings,
) -> Candidate | None:
    """Read a run of lines as header cells: spanning cells over leaf cells, one leaf a column."""
    phrases = [p for ln in lines for p in ln.phrases]
    top = min(p.top for p in phrases)
    bottom = max(p.bottom for p in phrases)
    extent = (min(p.x0 for p in phrases), max(p.x1 for p in phrases))
    reach = {id(p): _span_extent(p, graphics, extent, phrases) for p in phrases}
    spanners = [p for p in phrases if _spans(p, reach[id(p)], phrases)]
    spanners, grown = _grow_spanners(spanners, phrases, reach, graphics.hrules)
    reach.update({id(g): reach[id(p)] for p, g in grown})
    taken = {id(q) for g in spanners for q in _parts(g, phrases)}
    leaves = [p for p in phrases if id(p) not in taken]
    stacks = _stacks(leaves)
    if len(stacks) < 2:
        return None
    covering: list[list[Phrase]] = [[] for _ in stacks]
    for s in spanners:
        a, b = reach[id(s)]
        for k, (lo, hi, members) in enumerate(stacks):
            below = min(p.top for p in members) >= s.bottom - 1.0
            if below and min(hi, b) - max(lo, a) > 0.5:
                covering[k].append(s)
    _split_run_on(stacks, covering, match)
    _widen_spans(stacks, covering, match)
    parts = []
    names = []
    for (_, _, members), over in zip(stacks, covering, strict=True):
        texts = [s.text for s in sorted(over, key=lambda s: s.top)]
        texts.append("\n".join(p.text for p in members))
        parts.append(tuple(texts))
        names.append(match(texts))
    rows = 1 + max((len(c) for c in covering), default=0)
    cells = _cells(stacks, covering, top, bottom)
    return Candidate(
        first=first,
        last=last,
        cells=cells,
        parts=tuple(parts),
        names=tuple(names),
        spans=tuple((lo, hi) for lo, hi, _ in stacks),
        rows=rows,
        match=match,
    )


def _spans(p: Phrase, reach: tuple[float, float], phrases: Sequence[Phrase]) -> bool:
    """A phrase spans columns when two phrases below it, apart from each other, stand within
    its reach (its own extent, or the box or rule that bounds its cell)."""
    a, b = reach
    below = [
        q
        for q in phrases
        if q is not p and q.top >= p.bottom - 1.0 and min(b, q.x1) - max(a, q.x0) > 0.5
    ]
    below.sort(key=lambda q: q.x0)
    return any(y.x0 - x.x1 > 1.0 for x in below for y in below if y.x0 > x.x0)


def _grow_spanners(
    spanners: Sequence[Phrase],
    phrases: Sequence[Phrase],
    reach: dict[int, tuple[float, float]],
    hrules: Sequence[Rule] = (),
) -> tuple[list[Phrase], list[tuple[Phrase, Phrase]]]:
    """A spanning cell's text wrapped over lines: the lines right under it, aligned with it
    (same centre or same left end), inside its reach, still over two of the cells below, alone
    on their line under it and with no rule under the cell between them, join it."""
    out: list[Phrase] = []
    grown: list[tuple[Phrase, Phrase]] = []
    absorbed: set[int] = set()
    for s in sorted(spanners, key=lambda s: s.top):
        if id(s) in absorbed:
            continue
        a, b = reach[id(s)]
        cell = [s]
        while True:
            last = cell[-1]
            height = last.bottom - last.top
            nxt = [
                q
                for q in phrases
                if id(q) not in absorbed
                and q is not last
                and 0 <= q.top - last.bottom + 1 <= 0.8 * height + 1
                and a - 0.5 <= q.x0
                and q.x1 <= b + 0.5
                and (abs(q.mid - last.mid) <= 1.5 or abs(q.x0 - last.x0) <= 1.0)
                and _spans(q, (a, b), phrases)
                and not any(
                    last.bottom - 0.5 <= r.pos <= q.top + 0.5
                    and min(b, r.end) - max(a, r.start) >= 0.5 * (b - a)
                    for r in hrules
                )
                and not any(  # cells side by side under it: a header row of their own
                    o is not q and abs(o.top - q.top) <= 1.0 and o.x1 > a and o.x0 < b
                    for o in phrases
                )
            ]
            if len(nxt) != 1:
                break
            cell.append(nxt[0])
            absorbed.add(id(nxt[0]))
        joined = _joined(cell) if len(cell) > 1 else s
        if joined is not s:
            grown.append((s, joined))
        out.append(joined)
    return out, grown


def _parts(spanner: Phrase, phrases: Sequence[Phrase]) -> list[Phrase]:
    """The phrases a (possibly joined) spanning phrase is made of."""
    return [
        p
        for p in phrases
        if spanner.top - 0.01 <= p.top
        and p.bottom <= spanner.bottom + 0.01
        and spanner.x0 - 0.01 <= p.x0
        and p.x1 <= spanner.x1 + 0.01
    ]


def _span_extent(
    s: Phrase, graphics: Graphics, extent: tuple[float, float], phrases: Sequence[Phrase]
) -> tuple[float, float]:
    """How far a phrase's cell reaches: the vertical rules around it (when no other cell's
    text stands between them at its height or above: a frame round the table is no cell), or a
    rule right under it that stops short of the header's sides (under a cell spanning
    columns), else the phrase."""
    a, b = s.x0, s.x1
    height = s.bottom - s.top
    width = extent[1] - extent[0]
    under = [
        r
        for r in graphics.hrules
        if s.bottom - 0.5 <= r.pos <= s.bottom + height
        and r.start <= s.mid <= r.end
        and r.length < 0.8 * width
    ]
    if under:
        r = min(under, key=lambda r: r.pos)
        a, b = min(a, r.start), max(b, r.end)
    middle = (s.top + s.bottom) / 2
    shade = [
        band
        for band in graphics.fills
        if band.x0 <= s.mid <= band.x1
        and band.top <= middle <= band.bottom
        and band.x1 - band.x0 < 0.8 * width
    ]
    if shade:  # a cell shaded on its own (word processors shade cell by cell)
        band = min(shade, key=lambda band: band.x1 - band.x0)
        a, b = min(a, band.x0), max(b, band.x1)
    sides = [r.pos for r in graphics.vrules if r.start <= middle <= r.end]
    left = [x for x in sides if x <= s.x0 + 0.5]
    right = [x for x in sides if x >= s.x1 - 0.5]
    if left and right:
        lo, hi = max(left), min(right)
        beside = [
            q
            for q in phrases
            if q is not s
            and q.top < s.bottom
            and lo < q.mid < hi
            and min(q.x1, s.x1) - max(q.x0, s.x0) <= 0
        ]
        # rules with no other rule between them anywhere in the header are its frame: a cell
        # spanning them all would be a title (text set in the middle of its cells puts the
        # header's other cells below a spanning one, where `beside` does not see them)
        top = min(q.top for q in phrases)
        bottom = max(q.bottom for q in phrases)
        framed = (
            lo <= extent[0] + 2
            and hi >= extent[1] - 2
            and not any(
                lo + 1 < r.pos < hi - 1 and r.end > top and r.start < bottom
                for r in graphics.vrules
            )
        )
        if not beside and not framed:
            a, b = min(a, lo), max(b, hi)
    return a, b


def _split_run_on(
    stacks: Sequence[tuple[float, float, list[Phrase]]],
    covering: list[list[Phrase]],
    match: Matcher,
) -> None:
    """Cells' texts run into one another (a tight spreadsheet prints `Dato rilevato al Dato
    rilevato al` over two dates): a "spanning" phrase whose columns the profile knows with
    none of them, but with a like share of its words each (in order), is so many cells."""
    for s in {id(x): x for over in covering for x in over}.values():
        cols = [k for k, over in enumerate(covering) if s in over]
        if len(cols) < 2:
            continue
        leaves = ["\n".join(p.text for p in stacks[k][2]) for k in cols]
        if any(match([s.text, leaf]) is not None for leaf in leaves):
            continue
        words = s.text.split()
        if len(words) % len(cols):
            continue
        size = len(words) // len(cols)
        pieces = [" ".join(words[i * size : (i + 1) * size]) for i in range(len(cols))]
        if not all(match([p, leaf]) is not None for p, leaf in zip(pieces, leaves, strict=True)):
            continue
        for k, piece in zip(cols, pieces, strict=True):
            lo, hi, _ = stacks[k]
            part = Phrase(piece, lo, hi, s.top, s.bottom)
            covering[k] = [part if x is s else x for x in covering[k]]


def _widen_spans(
    stacks: list[tuple[float, float, list[Phrase]]],
    covering: list[list[Phrase]],
    match: Matcher,
) -> None:
    """A spanning cell whose text stands over only some of its columns (centred over columns
    of unequal widths, with no rule to show its reach) also covers the columns beside it when,
    together, the profile knows them (`Target` + `2025`) and the column alone it does not.
    Text read as the top of a column's stack, or as a column of its own, becomes a spanning
    cell so."""
    removed: set[int] = set()
    changed = True
    while changed:
        changed = False
        for k, (_, _, members) in enumerate(stacks):
            if k in removed or covering[k]:
                continue
            leaf = "\n".join(p.text for p in members)
            if match([leaf]) is not None:
                continue
            top = min(p.top for p in members)
            for j in _beside(k, len(stacks), removed):
                over = [s for s in covering[j] if s.bottom <= top + 1.0]
                lifted = False
                if not over:
                    over = [p for p in stacks[j][2] if p.bottom <= top + 1.0]
                    if not over:
                        continue
                    lifted = True
                texts = [s.text for s in sorted(over, key=lambda s: s.top)]
                if match([*texts, leaf]) is None:
                    continue
                if lifted:
                    spanner = _joined(over)
                    rest = [p for p in stacks[j][2] if p.bottom > top + 1.0]
                    if rest:
                        stacks[j] = (min(p.x0 for p in rest), max(p.x1 for p in rest), rest)
                        covering[j] = [spanner]
                    else:
                        removed.add(j)
                    over = [spanner]
                covering[k] = list(over)
                changed = True
                break
    for j in sorted(removed, reverse=True):
        del stacks[j]
        del covering[j]


def _beside(k: int, n: int, removed: set[int]) -> list[int]:
    """The nearest stacks left and right of stack k, skipping removed ones."""
    out = []
    for step in (-1, 1):
        j = k + step
        while 0 <= j < n and j in removed:
            j += step
        if 0 <= j < n:
            out.append(j)
    return out


def _joined(phrases: Sequence[Phrase]) -> Phrase:
    """Stacked phrases (the lines of one cell) as one phrase of several lines."""
    ordered = sorted(phrases, key=lambda p: p.top)
    return Phrase(
        "\n".join(p.text for p in ordered),
        min(p.x0 for p in ordered),
        max(p.x1 for p in ordered),
        ordered[0].top,
        ordered[-1].bottom,
    )


def _stacks(leaves: Sequence[Phrase]) -> list[tuple[float, float, list[Phrase]]]:
    """Leaf phrases stacked over one another (overlapping horizontally): one per column."""
    out: list[tuple[float, float, list[Phrase]]] = []
    for p in sorted(leaves, key=lambda p: p.x0):
        if out and _stacked(p, out[-1][2]):
            lo, hi, members = out[-1]
            out[-1] = (lo, max(hi, p.x1), [*members, p])
        else:
            out.append((p.x0, p.x1, [p]))
    return [(lo, hi, sorted(m, key=lambda p: (p.top, p.x0))) for lo, hi, m in out]


def _stacked(p: Phrase, members: Sequence[Phrase]) -> bool:
    """Whether a phrase stands over or under one of a stack's phrases, overlapping it by a
    third of the narrower (a wide phrase just touching the next column's does not chain)."""
    for q in members:
        overlap = min(p.x1, q.x1) - max(p.x0, q.x0)
        if overlap > 0 and overlap >= 0.3 * min(p.x1 - p.x0, q.x1 - q.x0):
            return True
    return False


def _cells(
    stacks: Sequence[tuple[float, float, list[Phrase]]],
    covering: Sequence[Sequence[Phrase]],
    top: float,
    bottom: float,
) -> tuple[HeaderCell, ...]:
    """Header cells: each spanning phrase once, over the columns it covers; each leaf stack."""
    cells: list[HeaderCell] = []
    seen: dict[int, HeaderCell] = {}
    for k, over in enumerate(covering):
        for level, s in enumerate(sorted(over, key=lambda s: s.top)):
            if id(s) in seen:
                old = seen[id(s)]
                seen[id(s)] = HeaderCell(
                    s.text, old.x0, old.top, old.x1, old.bottom, old.first, k, level
                )
            else:
                seen[id(s)] = HeaderCell(s.text, s.x0, s.top, s.x1, s.bottom, k, k, level)
    cells.extend(seen.values())
    for k, (lo, hi, members) in enumerate(stacks):
        text = "\n".join(p.text for p in members)
        cells.append(
            HeaderCell(text, lo, min(p.top for p in members), hi, bottom, k, k, len(covering[k]))
        )
    del top
    return tuple(cells)
