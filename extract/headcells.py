"""Header cells from a run of header lines: a phrase over two or more phrases that do not overlap
each other is a cell spanning columns (`Risultati attesi` over `I anno` / `II anno`), the other
phrases stack into the leaf cells, one per column; what the profile knows of the texts over a
column settles cells whose texts ran into one another and spanning cells set off-centre.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .graphics import Graphics, Rule
from .primitives import Line, Phrase
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
    cover = settings.header_rule_cover
    reach = {id(p): _span_extent(p, graphics, extent, phrases, cover) for p in phrases}
    spanners = [p for p in phrases if _spans(p, reach[id(p)], phrases)]
    spanners, grown = _grow_spanners(
        spanners, phrases, reach, graphics.hrules, settings.span_wrap, settings.span_align
    )
    reach.update({id(g): reach[id(p)] for p, g in grown})
    taken = {id(q) for g in spanners for q in _parts(g, phrases)}
    leaves = [p for p in phrases if id(p) not in taken]
    stacks = _stacks(leaves, settings.stack_overlap)
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
    hrules: Sequence[Rule],
    wrap: float,
    align: float,
) -> tuple[list[Phrase], list[tuple[Phrase, Phrase]]]:
    """A spanning cell's text wrapped over lines: the lines right under it (at most `wrap`
    line heights apart), aligned with it (centres or left ends within `align`), inside its reach,
    still over two of the cells below, alone on their line under it and with no rule under the
    cell between them, join it."""
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
                and 0 <= q.top - last.bottom + 1 <= wrap * height + 1
                and a - 0.5 <= q.x0
                and q.x1 <= b + 0.5
                and (abs(q.mid - last.mid) <= align or abs(q.x0 - last.x0) <= align)
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
        joined = joined_phrases(cell) if len(cell) > 1 else s
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
    s: Phrase,
    graphics: Graphics,
    extent: tuple[float, float],
    phrases: Sequence[Phrase],
    cover: float,
) -> tuple[float, float]:
    """How far a phrase's cell reaches: the vertical rules around it (when no other cell's
    text stands between them at its height or above: a frame round the table is no cell), or a
    rule right under it across less than `cover` of the header (under a cell spanning
    columns; one across more ends the header), or its own shading, else the phrase."""
    a, b = s.x0, s.x1
    height = s.bottom - s.top
    width = extent[1] - extent[0]
    under = [
        r
        for r in graphics.hrules
        if s.bottom - 0.5 <= r.pos <= s.bottom + height
        and r.start <= s.mid <= r.end
        and r.length < cover * width
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
        and band.x1 - band.x0 < cover * width
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
    while changed:  # each stack in turn, again while one changed
        changed = any([_widen_one(k, stacks, covering, match, removed) for k in range(len(stacks))])
    for j in sorted(removed, reverse=True):
        del stacks[j]
        del covering[j]


def _widen_one(
    k: int,
    stacks: list[tuple[float, float, list[Phrase]]],
    covering: list[list[Phrase]],
    match: Matcher,
    removed: set[int],
) -> bool:
    """Whether stack k, with no spanning cell over it and a text the profile does not know
    alone, took the spanning cell of a stack beside it (the one the profile knows with it)."""
    members = stacks[k][2]
    if k in removed or covering[k]:
        return False
    leaf = "\n".join(p.text for p in members)
    if match([leaf]) is not None:
        return False
    top = min(p.top for p in members)
    for j in _beside(k, len(stacks), removed):
        over = [s for s in covering[j] if s.bottom <= top + 1.0]
        lifted = not over
        if lifted:
            over = [p for p in stacks[j][2] if p.bottom <= top + 1.0]
        if not over:
            continue
        texts = [s.text for s in sorted(over, key=lambda s: s.top)]
        if match([*texts, leaf]) is None:
            continue
        if lifted:
            over = [_lift(j, over, top, stacks, covering, removed)]
        covering[k] = list(over)
        return True
    return False


def _lift(
    j: int,
    over: list[Phrase],
    top: float,
    stacks: list[tuple[float, float, list[Phrase]]],
    covering: list[list[Phrase]],
    removed: set[int],
) -> Phrase:
    """The top of stack j made a spanning cell over it: the stack keeps the rest (or goes)."""
    spanner = joined_phrases(over)
    rest = [p for p in stacks[j][2] if p.bottom > top + 1.0]
    if rest:
        stacks[j] = (min(p.x0 for p in rest), max(p.x1 for p in rest), rest)
        covering[j] = [spanner]
    else:
        removed.add(j)
    return spanner


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


def joined_phrases(phrases: Sequence[Phrase]) -> Phrase:
    """Stacked phrases (the lines of one cell) as one phrase of several lines."""
    ordered = sorted(phrases, key=lambda p: p.top)
    return Phrase(
        "\n".join(p.text for p in ordered),
        min(p.x0 for p in ordered),
        max(p.x1 for p in ordered),
        ordered[0].top,
        ordered[-1].bottom,
    )


def _stacks(leaves: Sequence[Phrase], share: float) -> list[tuple[float, float, list[Phrase]]]:
    """Leaf phrases stacked over one another (overlapping horizontally): one per column."""
    out: list[tuple[float, float, list[Phrase]]] = []
    for p in sorted(leaves, key=lambda p: p.x0):
        if out and _stacked(p, out[-1][2], share):
            lo, hi, members = out[-1]
            out[-1] = (lo, max(hi, p.x1), [*members, p])
        else:
            out.append((p.x0, p.x1, [p]))
    return [(lo, hi, sorted(m, key=lambda p: (p.top, p.x0))) for lo, hi, m in out]


def _stacked(p: Phrase, members: Sequence[Phrase], share: float) -> bool:
    """Whether a phrase stands over or under one of a stack's phrases, overlapping it by
    `share` of the narrower (a wide phrase just touching the next column's does not chain)."""
    for q in members:
        overlap = min(p.x1, q.x1) - max(p.x0, q.x0)
        if overlap > 0 and overlap >= share * min(p.x1 - p.x0, q.x1 - q.x0):
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
