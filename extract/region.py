"""Read one table region of a page: columns, where the table ends, rows and cells.

A region starts at a header found on the page, or at the top of a page that continues the
table of the page before (with that table's columns). Whatever draws the table is evidence,
region by region, not page by page: vertical rules, rules interrupted at a merged cell and white
space give the columns; horizontal rules, the edges of background bands (a header band, zebra
stripes, group bands) and, where neither runs between rows, the text of the key column give
the rows. A one-row box around the header never hides the table under it.

Steps: `header_columns` (cuts between the header's columns), `table_end` (down to where the
table stops: a wide gap, text that does not fit the columns, another header), `separators`
(rules and band edges across the table), `top_fragment` (header pieces standing at the top),
`rows_of` (separator bands, split where a new key starts), `cell_boxes` (spans from interrupted
rules), then the shared cell step.

Limitations: a region's columns are those of its header (a body column the header does not
have is read into its neighbour); a table with no rules whose rows do not start with text in
the key column joins those rows into the row above.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .cells import Char, grid_to_table
from .header import Header
from .models import BBox, PageTable, Skipped
from .primitives import Graphics, Line, Phrase, Rule
from .settings import LayoutSettings

Columns = tuple[tuple[float, float], ...]
KEY = re.compile(r"\d{1,4}[.)]?|[A-Z]?\d{1,3}(?:\.\d{1,3})+[.)]?")


@dataclass(frozen=True)
class PageContent:
    """What the layout engine reads of one page."""

    number: int
    width: float
    height: float
    chars: tuple[Char, ...]
    lines: tuple[Line, ...]
    """Text lines, running headers and footers left out."""
    graphics: Graphics
    line_height: float
    running: tuple[Line, ...] = ()
    """The running heads and feet left out."""


@dataclass(frozen=True)
class Separator:
    """A horizontal boundary between rows: where, what drew it, and which spans it covers."""

    y: float
    source: str  # "rule", "band", "edge" (the region's top or bottom), "text", "fragment"
    cover: tuple[tuple[float, float], ...]

    def covers(self, a: float, b: float, share: float) -> bool:
        """Whether it runs across at least `share` of the span [a, b]."""
        if self.source not in ("rule", "band"):
            return True
        got = sum(max(0.0, min(b, e) - max(a, s)) for s, e in self.cover)
        return got >= share * (b - a)


@dataclass(frozen=True)
class RowBand:
    """One row of the region: its top and bottom, what bounds it above, and its lines."""

    top: float
    bottom: float
    above: Separator
    lines: tuple[Line, ...]
    label: bool


def is_key(text: str) -> bool:
    """Whether a text looks like an indicator's key (`12`, `12.`, `3.1`)."""
    return KEY.fullmatch(text.strip()) is not None


def column_of(x: float, columns: Columns) -> int:
    """The column a horizontal position falls in (the nearest one outside the table)."""
    for c, (_, b) in enumerate(columns):
        if x < b:
            return c
    return len(columns) - 1


def texts_by_column(lines: Sequence[Line], columns: Columns) -> list[str]:
    """The text each column holds in some lines, phrase by phrase, lines joined."""
    out: list[list[str]] = [[] for _ in columns]
    for ln in lines:
        for p in ln.phrases:
            out[column_of(p.mid, columns)].append(p.text)
    return [" ".join(t) for t in out]


def runs_over(p: Phrase, x: float) -> bool:
    """Whether a phrase runs over the cut at `x` by more than a couple of points each side."""
    return p.x0 < x - 2 and p.x1 > x + 2


def crosses(p: Phrase, columns: Columns) -> bool:
    """Whether a phrase runs over a cut between columns (a label across the table)."""
    return any(runs_over(p, b) for _, b in columns[:-1])


def is_label(line: Line, columns: Columns) -> bool:
    """A line of one phrase running over cuts: a group label (`AREA POVERTÀ`), from the
    table's first column or over two cuts at least (a cell's word running a little over one
    cut mid-table, `subambito)` alone on its line, is not a label)."""
    if len(line.phrases) != 1:
        return False
    p = line.phrases[0]
    over = sum(1 for _, b in columns[:-1] if runs_over(p, b))
    return over >= 2 or (over == 1 and p.x0 < columns[0][1])


# ---------------------------------------------------------------------------------------------
# Columns


def header_columns(
    header: Header, body: Sequence[Line], graphics: Graphics, bottom: float
) -> Columns:
    """Column bounds from the header's columns: cut at a vertical rule between two of them,
    else at the end of a rule interrupted there, else where fewest words of the body cross
    (two cells' texts closer than a phrase's gap are still two words apart)."""
    spans = header.spans
    phrases = [p for ln in body for p in ln.phrases if not is_label_like(ln, spans)]
    vrules = [r for r in graphics.vrules if r.end > header.top and r.start < bottom]
    ends = [
        x for r in graphics.hrules if header.top - 2 <= r.pos <= bottom for x in (r.start, r.end)
    ]
    cuts = []
    for (_, left_end), (right_start, _) in pairwise(spans):
        cuts.append(best_cut(left_end, right_start, phrases, vrules, ends))
    x0, x1 = table_sides(header, phrases, graphics, bottom)
    bounds = [x0, *cuts, x1]
    return tuple((round(a, 2), round(b, 2)) for a, b in pairwise(bounds))


def is_label_like(line: Line, spans: Sequence[tuple[float, float]]) -> bool:
    """A line of one phrase reaching over two header columns (kept out of the white-space count)."""
    if len(line.phrases) != 1:
        return False
    p = line.phrases[0]
    return sum(1 for a, b in spans if p.x0 < b and p.x1 > a) >= 2


def best_cut(
    lo: float,
    hi: float,
    phrases: Sequence[Phrase],
    vrules: Sequence[Rule],
    ends: Sequence[float],
) -> float:
    """Where to cut between two header columns spanning [.., lo] and [hi, ..]."""
    inside = [r for r in vrules if lo - 0.5 <= r.pos <= hi + 0.5]
    if inside:
        return max(inside, key=lambda r: r.length).pos
    hits = sorted(x for x in ends if lo < x < hi)
    if hits:
        return hits[len(hits) // 2]
    if hi <= lo:
        return (lo + hi) / 2
    near = [w for p in phrases if p.x1 > lo and p.x0 < hi for w in p.words()]
    step = max((hi - lo) / 200, 0.25)
    best_count, runs = None, []  # runs of positions crossed by the fewest words
    x = lo
    while x <= hi:
        count = sum(1 for a, b in near if a < x < b)
        if best_count is None or count < best_count:
            best_count, runs = count, [[x, x]]
        elif count == best_count:
            if runs and abs(runs[-1][1] + step - x) < step / 2:
                runs[-1][1] = x
            else:
                runs.append([x, x])
        x += step
    # the right column's text lined up at its header's left (left-aligned cells), or the left
    # column's at its header's right: the white that column's edge closes is the cut, even
    # where a wider white lies within the other column (centred text wrapping to its border)
    if sum(1 for p in phrases if abs(p.x0 - hi) <= 0.6) >= 2 and runs[-1][1] >= hi - 2 * step:
        a, b = runs[-1]
    elif sum(1 for p in phrases if abs(p.x1 - lo) <= 0.6) >= 2 and runs[0][0] <= lo + 2 * step:
        a, b = runs[0]
    else:
        a, b = max(runs, key=lambda r: r[1] - r[0])
    return (a + b) / 2


def table_sides(
    header: Header, phrases: Sequence[Phrase], graphics: Graphics, bottom: float
) -> tuple[float, float]:
    """The table's left and right sides: its rules and bands, else its text."""
    lo, hi = header.spans[0][0], header.spans[-1][1]
    first_end = header.spans[0][1]
    last_start = header.spans[-1][0]
    x0 = min([lo, *(p.x0 for p in phrases if p.x0 >= lo - 15 and p.x0 < first_end)]) - 1
    x1 = max([hi, *(p.x1 for p in phrases if p.x0 >= last_start - 5)]) + 1
    width = hi - lo
    wide = [
        (r.start, r.end)
        for r in graphics.hrules
        if header.top - 30 <= r.pos <= bottom and min(hi, r.end) - max(lo, r.start) >= 0.5 * width
    ] + [
        (b.x0, b.x1)
        for b in graphics.bands
        if b.bottom >= header.top - 30
        and b.top <= bottom
        and min(hi, b.x1) - max(lo, b.x0) >= 0.5 * width
    ]
    if wide:
        x0 = min(x0, min(a for a, _ in wide))
        x1 = max(x1, max(b for _, b in wide))
    sides = [r.pos for r in graphics.vrules if r.end > header.top and r.start < bottom]
    left = [x for x in sides if x0 - 12 <= x <= lo + 0.5]
    right = [x for x in sides if hi - 0.5 <= x <= x1 + 12]
    if left:
        x0 = min(left)
    if right:
        x1 = max(right)
    return x0, x1


def refine_cuts(
    columns: Columns,
    lines: Sequence[Line],
    vrules: Sequence[Rule],
    reach: float = 12.0,
    whole: Sequence[Line] = (),
) -> Columns:
    """Cuts moved off the words that cross them on this page, to the widest white within
    `reach` points (a longer value than any of the header's page: `Questionario di
    gradimento` running to the next column's text), or past the words a wrapped line runs
    over it with into the white between the columns (see `_past_strays`, on the `whole`
    lines, before they were cut at the columns). Lines of one phrase (labels, prose) do not
    count; a cut on a vertical rule, or with no white near, stays."""
    words = [w for ln in lines if len(ln.phrases) >= 2 for p in ln.phrases for w in p.words()]
    xs = [columns[0][0], *(b for _, b in columns)]
    for k in range(1, len(xs) - 1):
        x = xs[k]
        if any(abs(r.pos - x) <= 2.0 for r in vrules):
            continue
        if not any(a < x < b for a, b in words):
            continue
        lo, hi = max(x - reach, xs[k - 1] + 1), min(x + reach, xs[k + 1] - 1)
        runs: list[list[float]] = []  # runs of white, a quarter point apart
        for step in range(int(lo * 4), int(hi * 4) + 1):
            y = step / 4
            if any(a < y < b for a, b in words):
                continue
            if runs and y - runs[-1][-1] <= 0.26:
                runs[-1].append(y)
            else:
                runs.append([y])
        if runs:  # the widest white (between two cells, not a space inside one), nearest
            run = max(runs, key=lambda r: (round(r[-1] - r[0], 1), -abs((r[0] + r[-1]) / 2 - x)))
            xs[k] = (run[0] + run[-1]) / 2
    for k in range(1, len(xs) - 1):
        if whole and not any(abs(r.pos - xs[k]) <= 2.0 for r in vrules):
            xs[k] = _past_strays(xs[k], whole, xs[k - 1] + 1, xs[k + 1] - 1)
    return tuple((round(a, 2), round(b, 2)) for a, b in pairwise(xs))


def _past_strays(x: float, lines: Sequence[Line], lo: float, hi: float) -> float:
    """A cut moved past the words of a cell's line that run over it at a space (a wrapped
    line of a cell drawn up to its border: `pomeriggi a`, the `a` over the cut) when no other
    text stands over those words: they are in the white between two columns, and belong with
    the words they are a space away from. The cut goes to the middle of the white beyond."""
    moves: list[float] = []
    for ln in lines:
        if len(ln.phrases) < 2:
            continue  # a label or a line of prose across the table
        for p in ln.phrases:
            if p.x0 < lo - 1.0 or p.x1 > hi + 1.0:
                continue  # over more than this cut
            words = p.words()
            inside = [k for k in range(1, len(words)) if words[k - 1][1] <= x <= words[k][0]]
            if not inside:
                continue
            k = inside[0]
            left, right = (words[0][0], words[k - 1][1]), (words[k][0], words[-1][1])
            others = [w for m in ln.phrases if m is not p for w in m.words()] + [
                w for o in lines if o is not ln for m in o.phrases for w in m.words()
            ]
            for (a, b), side in ((right, 1), (left, -1)):
                if any(c < b and d > a for c, d in others):
                    continue  # text of the column there stands over it: it is that column's
                if side > 0:
                    end = min([hi, *(c for c, _ in others if c >= b - 0.1)])
                    if end - b > a - x + 1.0:
                        moves.append((b + end) / 2)
                else:
                    start = max([lo, *(d for _, d in others if d <= a + 0.1)])
                    if a - start > x - b + 1.0:
                        moves.append((start + a) / 2)
    right_moves = [m for m in moves if m > x]
    left_moves = [m for m in moves if m < x]
    if right_moves and not left_moves:
        return min(right_moves)
    if left_moves and not right_moves:
        return max(left_moves)
    return x


def without_spanners(lines: Sequence[Line], header: Header, columns: Columns) -> list[Line]:
    """The lines with the header's texts over a cut left out: a spanning cell (`Risultati
    attesi`) stands over the cut between `I anno` and `II anno` by design; no cut moves off it."""
    out = []
    for ln in lines:
        if header.holds(ln.top):
            kept = tuple(p for p in ln.phrases if not crosses(p, columns))
            if not kept:
                continue
            ln = Line(ln.top, ln.bottom, kept) if len(kept) < len(ln.phrases) else ln
        out.append(ln)
    return out


def widen_sides(columns: Columns, lines: Sequence[Line]) -> Columns:
    """The first and last columns widened to this page's text in them (a longer note on a
    later page than on the header's)."""
    x0, x1 = columns[0][0], columns[-1][1]
    for ln in lines:
        if is_label(ln, columns):
            continue
        for p in ln.phrases:
            if p.x0 >= columns[-1][0] and p.x1 > x1:
                x1 = p.x1 + 1
            if p.x1 <= columns[0][1] and p.x0 < x0:
                x0 = p.x0 - 1
    out = list(columns)
    out[0] = (round(x0, 2), out[0][1])
    out[-1] = (out[-1][0], round(x1, 2))
    return tuple(out)


def snap_columns(
    columns: Columns, graphics: Graphics, top: float, settings: LayoutSettings
) -> Columns:
    """Carried columns moved onto this page's vertical rules where they are a little off."""
    xs = [columns[0][0], *(b for _, b in columns)]
    rules = [r.pos for r in graphics.vrules if r.end > top]
    moved = []
    for x in xs:
        near = [r for r in rules if abs(r - x) <= settings.carry_tolerance]
        moved.append(min(near, key=lambda r: abs(r - x)) if near else x)
    return tuple((round(a, 2), round(b, 2)) for a, b in pairwise(moved))


# ---------------------------------------------------------------------------------------------
# Where the table ends


def split_at_cuts(line: Line, columns: Columns) -> Line:
    """A line whose phrases run over a cut where white space lies (two cells' texts closer
    than a phrase's gap, in a tight table) with those phrases cut there. A line of one
    phrase starting in the first column is left whole: it may be a label across the table."""
    if len(line.phrases) < 2 and line.phrases[0].x0 < columns[0][1]:
        return line
    out: list[Phrase] = []
    changed = False
    for p in line.phrases:
        queue = [p]
        while queue:
            q = queue.pop(0)
            cut = next((b for _, b in columns[:-1] if runs_over(q, b)), None)
            parts = q.split_at(cut) if cut is not None else None
            if parts is None:
                out.append(q)
            else:
                changed = True
                queue[:0] = list(parts)
    return Line(line.top, line.bottom, tuple(out)) if changed else line


def fits(line: Line, columns: Columns, structured: bool) -> bool:
    """Whether a line can be a line of the table: inside its sides, each phrase in one column
    (or one label across them). Inside rules or bands (`structured`) any line fits."""
    x0, x1 = columns[0][0], columns[-1][1]
    if line.x0 < x0 - 20 or line.x1 > x1 + 20:
        return False
    if structured:
        return True
    if not any(crosses(p, columns) for p in line.phrases):
        return True
    if len(line.phrases) == 1:
        # a group label, not a line of prose that runs across the whole table
        return line.phrases[0].x1 - line.phrases[0].x0 < 0.6 * (x1 - x0)
    return False


def table_end(
    content: PageContent,
    columns: Columns,
    top: float,
    limit: float,
    settings: LayoutSettings,
    header: Header | None = None,
    key: int | None = None,
) -> tuple[float, list[Line], list[Line]]:
    """Where the table ends below `top`: its bottom, its lines, and the lines left below it.

    Rules across the table, bands and vertical rules inside it carry the table down; text
    lines carry it while they fit the columns and follow without a wide gap.
    """
    x0, x1 = columns[0][0], columns[-1][1]
    width = x1 - x0
    g = content.graphics
    structure: list[tuple[float, float]] = []
    for r in g.hrules:
        if (
            top - 1 <= r.pos <= limit
            and min(x1, r.end) - max(x0, r.start) >= settings.separator_cover * width
        ):
            structure.append((r.pos, r.pos))
    for band in g.bands:
        if (
            band.bottom > top
            and band.top < limit
            and min(x1, band.x1) - max(x0, band.x0) >= settings.separator_cover * width
        ):
            structure.append((max(band.top, top), min(band.bottom, limit)))
    for r in g.vrules:
        if x0 - 2 <= r.pos <= x1 + 2 and r.end > top and r.start < limit:
            structure.append((max(r.start, top), min(r.end, limit)))
    lines = [
        split_at_cuts(ln, columns)
        for ln in content.lines
        if _middle(ln) >= top
        and ln.bottom <= limit + 0.5
        and _overlaps(ln, x0, x1)
        and not (header is not None and header.holds(ln.top))
    ]
    gap = settings.end_gap * content.line_height
    events = sorted(
        [(a, b, None) for a, b in structure] + [(ln.top, ln.bottom, ln) for ln in lines],
        key=lambda e: (e[0], e[1]),
    )
    bottom = top
    if top <= 0 and events:  # a page going on with a table: it starts at its first item
        bottom = events[0][0]
    ruled_to = top
    tallest = 0.0  # a row between two stripes may be as tall as the tallest stripe
    # a group label after the white, with a row right under it, goes on with the table too
    labels = {
        id(ln)
        for ln, nxt in pairwise(lines)
        if is_label(ln, columns) and nxt.top - ln.bottom <= gap and _row_like(nxt, columns, key)
    }
    open_row = False  # text read since the last rule or band: a row waiting for its rule
    widest = 0.0  # the widest white between two rows read: rows drawn taller than their text
    for a, b, ln in events:
        # a rule or band under a row's text closes that row however tall it was drawn (a
        # spreadsheet's row far taller than its text), once rules have parted rows above;
        # a label after no more white than parts the rows above is the table's too
        closes = ln is None and open_row and ruled_to > top
        spaced = ln is not None and is_label(ln, columns) and a <= bottom + widest + 1.0
        row_like = _row_like(ln, columns, key)
        if a > bottom + max(gap, tallest if ln is None else gap) and not (
            closes or spaced or row_like or id(ln) in labels
        ):
            break
        if row_like and bottom > top:
            widest = max(widest, a - bottom)
        open_row = ln is not None or (open_row and b <= ruled_to)
        if ln is None:
            bottom = max(bottom, b)
            ruled_to = max(ruled_to, b)
            tallest = max(tallest, b - a)
            continue
        if not fits(ln, columns, structured=ln.bottom <= ruled_to + 1):
            break
        bottom = max(bottom, b)
    inside = [ln for ln in lines if ln.bottom <= bottom + 0.5]
    below = [ln for ln in lines if ln.top > bottom + 0.5]
    return bottom, inside, below


def _row_like(line: Line | None, columns: Columns, key: int | None) -> bool:
    """Whether a line after white space still reads as a row of the table: a key in the key
    column, and texts in other columns, none running over a cut (a tall row ends short of its
    neighbours)."""
    if line is None or key is None or len(line.phrases) < 2:
        return False
    if any(crosses(p, columns) for p in line.phrases):
        return False
    return is_key(key_text(line, columns, key))


def _middle(line: Line) -> float:
    return (line.top + line.bottom) / 2


def _overlaps(line: Line, x0: float, x1: float) -> bool:
    return line.x1 > x0 and line.x0 < x1


# ---------------------------------------------------------------------------------------------
# Rows


def separators(
    graphics: Graphics, columns: Columns, top: float, bottom: float, settings: LayoutSettings
) -> list[Separator]:
    """Boundaries between rows inside [top, bottom]: rules and band edges across the table.

    What runs along one boundary is summed: rules, and the edges of bands (a zebra stripe is
    cut short by a cell merged down across it, as a rule is). Where rules run along it, they
    alone say which cells it closes.
    """
    x0, x1 = columns[0][0], columns[-1][1]
    width = x1 - x0
    snap = settings.rule_snap
    found: list[tuple[float, str, tuple[float, float]]] = []
    for r in graphics.hrules:
        if top - snap <= r.pos <= bottom + snap and r.end > x0 and r.start < x1:
            found.append((r.pos, "rule", (max(r.start, x0), min(r.end, x1))))
    for b in graphics.bands:
        if b.x1 <= x0 or b.x0 >= x1:
            continue
        for y in (b.top, b.bottom):
            if top - snap <= y <= bottom + snap:
                found.append((y, "band", (max(b.x0, x0), min(b.x1, x1))))
    found.sort()
    groups: list[list[tuple[float, str, tuple[float, float]]]] = []
    for item in found:
        if groups and item[0] - groups[-1][-1][0] <= snap:
            groups[-1].append(item)
        else:
            groups.append([item])
    out = [Separator(top, "edge", ((x0, x1),))]
    for grp in groups:
        y = sum(i[0] for i in grp) / len(grp)
        if y - top <= snap or bottom - y <= snap:
            continue
        cover = tuple(_merge([i[2] for i in grp]))
        if sum(b - a for a, b in cover) < settings.separator_cover * width:
            continue
        source = "rule" if any(i[1] == "rule" for i in grp) else "band"
        if source == "rule":  # where rules part the cells, a fill's edge beside them does not
            # (a browser paints a merged cell's fill short of its rule at a page break)
            cover = tuple(_merge([i[2] for i in grp if i[1] == "rule"]))
        out.append(Separator(y, source, cover))
    out.append(Separator(bottom, "edge", ((x0, x1),)))
    return out


def _merge(ivs: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(ivs):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def top_fragment(
    lines: Sequence[Line], columns: Columns, header: Header, clipped: bool = False
) -> int:
    """How many lines at the top are only pieces of the header (such as its dates alone, or
    a date cut by a narrow column over two lines; under a header drawn again, the rest of one
    of its cells that the header row cut short)."""
    n = 0
    while n < len(lines):
        for k in (3, 2, 1):
            if n + k <= len(lines) and header.is_fragment(
                texts_by_column(lines[n : n + k], columns), clipped
            ):
                n += k
                break
        else:
            break
    return n


def narrow_key(lines: Sequence[Line], columns: Columns, key: int, tight: float) -> bool:
    """Whether the key column is too narrow for two digits, so that `13` is drawn `1` over `3`:
    its bounds leave no room for two, or no key on the page is drawn with two digits on a line
    and some are drawn a digit a line, the lines as close as a cell's."""
    a, b = columns[key]
    keyed = [(ln, p) for ln in lines for p in ln.phrases if column_of(p.mid, columns) == key]
    digits = [p for _, p in keyed if p.text.isdigit()]
    if not digits:
        return False
    widest = max((p.x1 - p.x0) / len(p.text) for p in digits)
    pad = max(0.0, min(p.x0 - a for p in digits))
    if (b - a) - 2 * pad < 2 * widest:
        return True
    if any(len(p.text) > 1 for p in digits):
        return False
    stacked = [
        (x, y)
        for x, y in pairwise(keyed)
        if x[1].text.isdigit() and y[1].text.isdigit() and y[0].top - x[0].bottom <= tight + 1.0
    ]
    return bool(stacked)


def key_text(line: Line, columns: Columns, key: int | None) -> str:
    """The text a line holds in the key column (the first column when there is no key)."""
    k = 0 if key is None else key
    return " ".join(
        p.text for p in line.phrases if column_of(p.mid, columns) == k and not crosses(p, columns)
    )


def rows_of(
    seps: Sequence[Separator],
    lines: Sequence[Line],
    columns: Columns,
    key: int | None,
    settings: LayoutSettings,
) -> list[RowBand]:
    """The rows: the bands between separators, each split where a new row starts in it.

    With rules or bands between rows, a row starts inside a band only at a line whose key cell
    holds a second key (`48` over `49` are two rows) or at a label; with nothing drawn between
    rows, at every line with text in the key column, and at labels.
    """
    ruled = any(s.source in ("rule", "band") for s in seps)  # drawn, not a fragment
    gaps = sorted(b.top - a.bottom for a, b in pairwise(lines))
    tight = gaps[len(gaps) // 4] if gaps else 0.0  # the white between the lines of a cell
    narrow = key is not None and narrow_key(lines, columns, key, tight)
    bands = [
        [ln for ln in lines if a.y - 0.5 <= (ln.top + ln.bottom) / 2 <= b.y + 0.5]
        for a, b in pairwise(seps)
    ]
    counts = [_keys_in(band, columns, key, narrow, tight) for band in bands]
    keyed = [c for c in counts if c]
    # separators drawn between the rows (not only between groups): a band is a row
    dense = ruled and bool(keyed) and sum(1 for c in keyed if c == 1) >= 0.6 * len(keyed)
    out: list[RowBand] = []
    for (above, below), inside, keys in zip(pairwise(seps), bands, counts, strict=True):
        if not inside:
            continue
        # where separators run between the rows, a band holding one key (or none) is one row:
        # lines above its key belong to it (a key set lower, a merged cell's overflow); a band
        # holding more (`48` over `49`), or separators only between groups, is read as a table
        # with no rules
        one_row = dense and keys <= 1
        groups: list[list[Line]] = []
        for ln in inside:
            if one_row:  # one row, but a label stands alone
                alone = is_label(ln, columns) and len(inside) > 1
                after_label = (
                    bool(groups) and len(groups[-1]) == 1 and is_label(groups[-1][0], columns)
                )
                if not groups or alone or after_label:
                    groups.append([ln])
                else:
                    groups[-1].append(ln)
            elif not groups or _starts(ln, groups[-1], columns, key, False, narrow, tight):
                groups.append([ln])
            else:
                groups[-1].append(ln)
        bounds = [above.y]
        for prev, nxt in pairwise(groups):
            bounds.append((prev[-1].bottom + nxt[0].top) / 2)
        bounds.append(below.y)
        for k, grp in enumerate(groups):
            sep = above if k == 0 else Separator(bounds[k], "text", ())
            label = len(grp) == 1 and is_label(grp[0], columns)
            out.append(RowBand(bounds[k], bounds[k + 1], sep, tuple(grp), label))
    return out


def _keys_in(
    band: Sequence[Line], columns: Columns, key: int | None, narrow: bool, tight: float
) -> int:
    """How many keys a band holds (a number drawn a digit a line counts once)."""
    count = 0
    for k, ln in enumerate(band):
        if not is_key(key_text(ln, columns, key)):
            continue
        if k and not _starts(ln, [band[k - 1]], columns, key, True, narrow, tight):
            continue
        count += 1
    return count


def _starts(
    line: Line,
    row: Sequence[Line],
    columns: Columns,
    key: int | None,
    ruled: bool,
    narrow: bool,
    tight: float,
) -> bool:
    if is_label(line, columns) or (len(row) == 1 and is_label(row[0], columns)):
        return True
    text = key_text(line, columns, key)
    if not text:
        return False
    if narrow and text.isdigit() and len(text) == 1:
        above = key_text(row[-1], columns, key)
        if above.isdigit() and len(above) == 1 and line.top - row[-1].bottom <= tight + 1.0:
            return False  # the next digit of a number drawn one digit per line
    if ruled:
        return is_key(text)
    return True


# ---------------------------------------------------------------------------------------------
# Cells


def vertical_cuts(
    graphics: Graphics, columns: Columns, top: float, bottom: float, settings: LayoutSettings
) -> list[list[Rule]]:
    """For each inner cut between columns, the vertical rules standing on it in [top, bottom]."""
    out = []
    for _, x in columns[:-1]:
        out.append(
            [
                r
                for r in graphics.vrules
                if abs(r.pos - x) <= 2 * settings.rule_snap and r.end > top and r.start < bottom
            ]
        )
    return out


def is_ruled_across(rows: Sequence[RowBand], cut_rules: Sequence[Sequence[Rule]]) -> bool:
    """Whether vertical rules part the body's columns: at half the cuts or more, rules run
    down half the body or more (a boxed header alone does not rule the body)."""
    if not rows or not cut_rules:
        return False
    top, bottom = rows[0].top, rows[-1].bottom
    height = max(bottom - top, 1.0)
    ruled = 0
    for rules in cut_rules:
        got = sum(max(0.0, min(bottom, r.end) - max(top, r.start)) for r in rules)
        ruled += got >= 0.5 * height
    return ruled >= max(1, len(cut_rules) / 2)


def cell_boxes(
    rows: Sequence[RowBand],
    columns: Columns,
    cut_rules: Sequence[Sequence[Rule]],
    settings: LayoutSettings,
) -> list[BBox]:
    """Cell boxes of the body: a cell goes on down where the rule (or band edge) under it stops
    short of its column, and on across where no vertical rule parts it from the next (or, in a
    table with no vertical rules, where a label runs across the row)."""
    ruled_across = is_ruled_across(rows, cut_rules)
    boxes: list[BBox] = []
    last: dict[int, int] = {}  # column -> index of the single-column box that ends above
    for row in rows:
        spans = _row_spans(row, columns, cut_rules, ruled_across, settings)
        current: dict[int, int] = {}
        for first, end in spans:
            a, b = columns[first][0], columns[end][1]
            prev = last.get(first) if first == end else None
            if (
                prev is not None
                and not row.label
                and row.above.source in ("rule", "band")
                and not row.above.covers(a, b, settings.cell_cover)
            ):
                x0, top, x1, _ = boxes[prev]
                boxes[prev] = (x0, top, x1, row.bottom)
                current[first] = prev
                continue
            boxes.append((a, row.top, b, row.bottom))
            if first == end:
                current[first] = len(boxes) - 1
        last = current
    return boxes


def _row_spans(
    row: RowBand,
    columns: Columns,
    cut_rules: Sequence[Sequence[Rule]],
    ruled_across: bool,
    settings: LayoutSettings,
) -> list[tuple[int, int]]:
    """The cells of one row as (first column, last column)."""
    n = len(columns)
    if row.label and not ruled_across:
        return [(0, n - 1)]
    height = row.bottom - row.top
    spans: list[tuple[int, int]] = []
    start = 0
    for c in range(n - 1):
        closed = True
        if ruled_across:
            got = sum(
                max(0.0, min(row.bottom, r.end) - max(row.top, r.start)) for r in cut_rules[c]
            )
            closed = got >= settings.cell_cover * height
        if closed:
            spans.append((start, c))
            start = c + 1
    spans.append((start, n - 1))
    return spans


def content_edges(
    lines: Sequence[Line], columns: Columns, cut_rules: Sequence[Sequence[Rule]], right_ruled: bool
) -> list[float]:
    """Per column, how far its text can reach: the rule on its right less the cell's padding
    (as on its left), or, without a rule, the end of its longest line."""
    out = []
    for c, (a, b) in enumerate(columns):
        phrases = [
            p
            for ln in lines
            for p in ln.phrases
            if column_of(p.mid, columns) == c and not crosses(p, columns)
        ]
        ruled = bool(cut_rules[c]) if c < len(cut_rules) else right_ruled
        if ruled and phrases:
            pad = min(max(0.5, min(p.x0 - a for p in phrases)), 8.0)
            out.append(b - pad)
            continue
        out.append(max((p.x1 for p in phrases), default=b))
    return out


# ---------------------------------------------------------------------------------------------
# The region as a page table


def header_boxes(header: Header, columns: Columns, top: float, bottom: float) -> list[BBox]:
    """Boxes of the header's cells over the region's columns, one header row per level."""
    levels = header.rows
    bounds = [top]
    for level in range(1, levels):
        above = [c.bottom for c in header.cells if c.level == level - 1 and c.first != c.last]
        below = [c.top for c in header.cells if c.level == level]
        if above and below:
            bounds.append((max(above) + min(below)) / 2)
        else:
            bounds.append(bounds[-1] + (bottom - bounds[-1]) / (levels - level + 1))
    bounds.append(bottom)
    boxes: list[BBox] = []
    for cell in header.cells:
        a, b = columns[cell.first][0], columns[cell.last][1]
        leaf = cell.first == cell.last and not any(
            o.first <= cell.first <= o.last and o.level > cell.level for o in header.cells
        )
        boxes.append((a, bounds[cell.level], b, bottom if leaf else bounds[cell.level + 1]))
    return boxes


def read_region(
    content: PageContent,
    header: Header | None,
    table_header: Header,
    columns: Columns,
    top: float,
    limit: float,
    settings: LayoutSettings,
) -> PageTable | None:
    """The table in a region: `header` is the one drawn at its top (None on a page that goes on
    with the table of the page before), `table_header` the table's own (for its key column and
    for telling header fragments)."""
    g = content.graphics
    near = [ln for ln in content.lines if top - 0.5 <= ln.top and ln.bottom <= limit + 0.5]
    if header is not None:
        near = without_spanners(near, header, columns)
    columns = refine_cuts(
        columns,
        [split_at_cuts(ln, columns) for ln in near],
        g.vrules,
        whole=near,
    )
    body_top = top
    head_top = top
    if header is not None:
        body_top = _below_header(header, g, columns, content.lines)
        head_top = _above_header(header, g, columns, content.line_height)
        # a row's first line may reach up beside a header cell cut short (a word processor
        # clips a repeated header row): it starts the body all the same
        x0, x1 = columns[0][0], columns[-1][1]
        after = [
            ln.top
            for ln in content.lines
            if header.top < ln.top < body_top and not header.holds(ln.top) and _overlaps(ln, x0, x1)
        ]
        body_top = min([body_top, *(t - 0.25 for t in after)])
    bottom, lines, below = table_end(
        content, columns, body_top, limit, settings, header, table_header.key
    )
    body = [ln for ln in lines if _middle(ln) >= body_top]
    if header is None and not continues_table(body, columns, g, body_top, bottom, settings):
        return None
    if header is None and body:  # a page going on with the table: it starts at its first item
        x0, x1 = columns[0][0], columns[-1][1]
        starts = (
            [body[0].top - 1.0]
            + [r.start for r in g.vrules if x0 - 2 <= r.pos <= x1 + 2 and r.end > body[0].top]
            + [r.pos for r in g.hrules if r.pos <= body[0].top and r.end > x0 and r.start < x1]
        )
        body_top = max(body_top, min(starts))
    columns = widen_sides(columns, body)
    n_frag = top_fragment(body, columns, table_header, clipped=header is not None)
    frag_bottom = None
    if n_frag:
        frag_bottom = (
            (body[n_frag - 1].bottom + body[n_frag].top) / 2 if n_frag < len(body) else bottom
        )
    seps = separators(g, columns, body_top, bottom, settings)
    if frag_bottom is not None:
        seps = [s for s in seps if s.y >= frag_bottom - 0.5 or s.source == "edge"]
        seps.insert(1, Separator(frag_bottom, "fragment", ()))
        seps.sort(key=lambda s: s.y)
    rows = rows_of(seps, body, columns, table_header.key, settings)
    if not rows and header is None:
        return None
    cut_rules = vertical_cuts(g, columns, body_top, bottom, settings)
    boxes = cell_boxes(rows, columns, cut_rules, settings)
    kinds_bounds = (body_top, frag_bottom)
    if header is not None:
        boxes = header_boxes(header, columns, head_top, body_top) + boxes
    if not boxes:
        return None
    x0, x1 = columns[0][0], columns[-1][1]
    y0 = min(b[1] for b in boxes)
    y1 = max(b[3] for b in boxes)
    chars = [
        c
        for c in content.chars
        if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1 and y0 <= (c["top"] + c["bottom"]) / 2 <= y1
    ]
    if header is not None:
        chars = [_in_header(c, header, body_top) for c in chars]
    right_ruled = any(
        abs(r.pos - x1) <= 3 for r in g.vrules if r.end > body_top and r.start < bottom
    )
    edges = content_edges(body, columns, cut_rules, right_ruled)
    ruled_across = is_ruled_across(rows, cut_rules)
    inner = [s for s in seps if s.source in ("rule", "band")]
    ruling = "text"
    if inner:
        ruling = (
            "grid"
            if ruled_across
            else ("hrules" if any(s.source == "rule" for s in inner) else "bands")
        )

    def kind_of(row_top: float) -> str:
        body_start, frag_end = kinds_bounds
        if row_top < body_start - 0.5:
            return "header"
        if frag_end is not None and row_top < frag_end - 0.5:
            return "fragment"
        return "body"

    table = grid_to_table(content.number, boxes, chars, ruling, settings, edges, kind_of)
    at_foot = not below and content.height - y1 < 0.16 * content.height
    overdrawn = overdrawn_text(chars)
    straddling = straddling_word(body, columns, cut_rules) or overflowing_text(
        near, body_top, bottom, columns, cut_rules, header
    )
    return PageTable(
        page=table.page,
        bbox=table.bbox,
        columns=columns,
        row_tops=table.row_tops,
        cells=table.cells,
        ruling=table.ruling,
        row_kinds=table.row_kinds,
        header=header,
        unread=tuple(
            ln.text
            for ln in below
            if _row_like(split_at_cuts(ln, columns), columns, table_header.key)
        ),
        skipped=tuple(
            Skipped(content.number, (ln.x0, ln.top, ln.x1, ln.bottom), "after", ln.text)
            for ln in below
        ),
        at_foot=at_foot,
        overdrawn=overdrawn,
        straddling=straddling,
    )


def straddling_word(
    lines: Sequence[Line], columns: Columns, cut_rules: Sequence[Sequence[Rule]]
) -> str:
    """The first word of a row (not of a label) that runs over a cut with no rule on it."""
    for ln in lines:
        if is_label(ln, columns):
            continue
        for p in ln.phrases:
            for a, b in p.words():
                for k, (_, x) in enumerate(columns[:-1]):
                    if not cut_rules[k] and a < x - 0.5 and b > x + 0.5:
                        return _word_at(p, a, b)
    return ""


def overflowing_text(
    lines: Sequence[Line],
    top: float,
    bottom: float,
    columns: Columns,
    cut_rules: Sequence[Sequence[Rule]],
    header: Header | None,
) -> str:
    """The first text of a row running on at a space over a cut with no rule on it into the
    next column left of where any of that column's texts start: a spreadsheet's text flowing
    into the empty cell beside it (`... della prima` | `annualità)`), not the next cell's own
    text set close in a tight table (that starts where the column's texts start)."""
    body = [ln for ln in lines if top - 0.5 <= _middle(ln) <= bottom + 0.5]
    heads = [ln for ln in lines if header is not None and header.holds(ln.top)]
    for k, (_, x) in enumerate(columns[:-1]):
        if cut_rules[k]:
            continue
        a, b = columns[k + 1]
        starts = [
            p.x0
            for ln in body + heads
            for p in ln.phrases
            if a - 0.5 <= p.x0 and p.x1 <= b + 0.5 and not crosses(p, columns)
        ]
        for ln in body:
            if is_label(ln, columns):
                continue
            for p in ln.phrases:
                if not runs_over(p, x):
                    continue
                after = [w for w in p.words() if w[0] >= x]
                if after and (not starts or after[0][0] < min(starts) - 2.0):
                    return p.text
    return ""


def _word_at(p: Phrase, a: float, b: float) -> str:
    return "".join(g[2] for g in p.glyphs if a - 0.01 <= g[0] and g[1] <= b + 0.01) or p.text


def overdrawn_text(chars: Sequence[Char]) -> str:
    """Where two different letters are drawn over each other (a producer clipped a cell's
    text and the rest, hidden, runs over the next cell's): the letters around, else empty.

    Letters are compared with those at about the same height only (grouped by their top), left
    to right, so that a page of text takes a few comparisons a letter."""
    inked = sorted((c for c in chars if c["text"].strip()), key=lambda c: c["x0"])
    by_top: dict[float, list[int]] = {}
    for k, c in enumerate(inked):
        by_top.setdefault(c["top"], []).append(k)
    tops = sorted(by_top)
    for k, a in enumerate(inked):
        height = a["bottom"] - a["top"]
        reach = 0.6 * height
        lo = bisect_left(tops, a["top"] - reach - 1e-6)
        hi = bisect_right(tops, a["top"] + reach + 1e-6)
        for top in tops[lo:hi]:
            group = by_top[top]
            for at in range(bisect_right(group, k), len(group)):
                b = inked[group[at]]
                if b["x0"] >= a["x1"]:
                    break
                if b["text"] == a["text"] or abs(b["top"] - a["top"]) > reach:
                    continue
                overlap = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                if overlap > 0.5 * min(a["x1"] - a["x0"], b["x1"] - b["x0"]):
                    near = [
                        c
                        for c in inked
                        if abs(c["top"] - a["top"]) <= height and abs(c["x0"] - a["x0"]) < 30
                    ]
                    return "".join(c["text"] for c in sorted(near, key=lambda c: c["x0"]))
    return ""


def _in_header(c: Char, header: Header, body_top: float) -> Char:
    """A character of a header line reaching below the body's top, moved up into the header
    (its line belongs to the header as a whole)."""
    middle = (c["top"] + c["bottom"]) / 2
    if middle < body_top or not any(t - 0.5 <= middle <= b + 0.5 for t, b in header.lines):
        return c
    if not any(abs(c["top"] - t) < 3.0 for t, _ in header.lines):
        return c
    shift = middle - body_top + 0.1
    return {**c, "top": c["top"] - shift, "bottom": c["bottom"] - shift}


def _below_header(header: Header, g: Graphics, columns: Columns, lines: Sequence[Line]) -> float:
    """Where the body starts: the rule or band edge under the header that is nearest the first
    line below it (a header row may be much taller than its text), else just below its text."""
    x0, x1 = columns[0][0], columns[-1][1]
    width = x1 - x0
    after = [
        ln.top
        for ln in lines
        if ln.top > header.bottom - 0.5 and not header.holds(ln.top) and _overlaps(ln, x0, x1)
    ]
    limit = min(after, default=header.bottom + 40.0) + 0.5
    candidates = [
        r.pos
        for r in g.hrules
        if header.bottom - 0.5 <= r.pos <= limit
        and min(x1, r.end) - max(x0, r.start) >= 0.4 * width
    ] + [
        b.bottom
        for b in g.bands
        if b.top <= header.bottom and header.bottom - 0.5 <= b.bottom <= limit
    ]
    return max(candidates) if candidates else header.bottom + 1.0


def _above_header(header: Header, g: Graphics, columns: Columns, height: float) -> float:
    """Where the header starts: the rule or band edge over it, else just above its text."""
    x0, x1 = columns[0][0], columns[-1][1]
    width = x1 - x0
    candidates = [
        r.pos
        for r in g.hrules
        if header.top - 1.5 * height <= r.pos <= header.top + 0.5
        and min(x1, r.end) - max(x0, r.start) >= 0.4 * width
    ] + [
        b.top
        for b in g.bands
        if b.bottom >= header.top and header.top - 1.5 * height <= b.top <= header.top + 0.5
    ]
    return max(candidates) if candidates else header.top - 1.0


def continues_table(
    lines: Sequence[Line],
    columns: Columns,
    g: Graphics,
    top: float,
    bottom: float,
    settings: LayoutSettings,
) -> bool:
    """Whether the top of a page without a header goes on with a table of these columns: its
    rules or bands have the table's sides, or most of its lines fit the columns."""
    if not lines:
        return False
    x0, x1 = columns[0][0], columns[-1][1]
    tol = settings.carry_tolerance
    for r in g.hrules:
        if top <= r.pos <= bottom and abs(r.start - x0) <= tol and abs(r.end - x1) <= tol:
            return True
    for b in g.bands:
        if top <= b.top <= bottom and abs(b.x0 - x0) <= tol and abs(b.x1 - x1) <= tol:
            return True
    fitting = sum(1 for ln in lines if not any(crosses(p, columns) for p in ln.phrases))
    return fitting >= settings.fit_share * len(lines)
