"""The tables of a page, found with no profile: ruled grids of two columns and two rows at least,
and runs of lines whose phrases stand in columns (with the header lines just above), each widened
to the rules that frame it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

from .classify import is_note
from .graphics import Graphics, Rule
from .models import BBox, box_within, collapse, enclosing
from .place import runs_over, usual_height
from .primitives import Line, Phrase
from .readpage import overlap
from .settings import LayoutSettings


def area_lines(lines: Sequence[Line], box: BBox) -> list[Line]:
    """The lines of `box`: each line's phrases whose middle lies inside it."""
    _, top, _, bottom = box
    out = []
    for ln in lines:
        if ln.bottom < top or ln.top > bottom:
            continue
        ps = tuple(p for p in ln.phrases if _holds(box, p))
        if ps:
            out.append(Line(min(p.top for p in ps), max(p.bottom for p in ps), ps))
    return out


def find_areas(
    lines: Sequence[Line],
    graphics: Graphics,
    grids: Sequence[Sequence[BBox]],
    width: float,
    height: float,
    settings: LayoutSettings,
) -> list[BBox]:
    """The boxes of the tables on a page, top to bottom: ruled grids of two columns and two
    rows at least, and runs of lines whose phrases stand in columns (with the header lines
    just above them), each widened to the rules that frame it."""
    boxes: list[BBox] = []
    framed = [
        (cells, box)
        for cells in grids
        if (box := enclosing(cells)) is not None
        and len({round(c[0]) for c in cells}) >= 2
        and len({round(c[1]) for c in cells}) >= 2
        and area_lines(lines, box)
    ]
    drawn = [box for _, box in framed]
    for cells, box in framed:
        # the text of the other tables is theirs; a grid drawn around this one (a frame,
        # a page's background cut by bands) takes none of it
        others = [b for b in drawn if b is not box and not box_within(box, b)]
        free = [
            Line(ln.top, ln.bottom, ps)
            for ln in lines
            if (ps := tuple(p for p in ln.phrases if not any(_holds(b, p) for b in others)))
        ]
        box = _ruled_sides(box, graphics.hrules, free, settings)
        boxes.append(_grow(box, free, settings, _top_cuts(cells)))
    free = [ln for ln in lines if not any(_within(ln, b) for b in boxes)]
    for run in _tabular_runs(free, height, settings.tabular_gap, settings):
        box = (
            min(ln.x0 for ln in run),
            run[0].top,
            max(ln.x1 for ln in run),
            run[-1].bottom,
        )
        box = _framed(box, graphics, free, settings)
        if not any(overlap(box, b) for b in boxes):
            boxes.append(box)
    return sorted(boxes, key=lambda b: (b[1], b[0]))


CENTRED, CENTRED_SHARE = 3.0, 0.03
"""A line is centred over a box when its middle is this close to the box's (points, or this
share of the box's width)."""


def _top_cuts(cells: Sequence[BBox]) -> tuple[float, ...]:
    """The rules between the cells of a ruled grid's top row."""
    top = min(c[1] for c in cells)
    left = min(c[0] for c in cells)
    return tuple(sorted({c[0] for c in cells if abs(c[1] - top) <= 1 and c[0] > left + 1}))


def _grow(
    box: BBox, lines: Sequence[Line], settings: LayoutSettings, cuts: Sequence[float] = ()
) -> BBox:
    """A ruled grid's box widened to text just beside it on half its lines at least (columns
    drawn with no rules: `area_reach`, or `area_gaps` times the usual gap between its
    phrases), and raised over header lines of several phrases just above it (`grid_head`).
    A line centred over the grid with a phrase running over a rule between the cells of its
    top row (`cuts`) is its caption, no header line (a group's label over two of its columns
    stands centred over those, not over the grid)."""
    x0, top, x1, bottom = box
    reach = settings.area_reach
    inside = [ln for ln in lines if top - 1 <= (ln.top + ln.bottom) / 2 <= bottom + 1]
    gaps = sorted(
        q.x0 - p.x1
        for ln in inside
        for p, q in pairwise(ln.phrases)
        if x0 <= p.mid <= x1 and x0 <= q.mid <= x1
    )
    reach = max(reach, settings.area_gaps * gaps[len(gaps) // 2]) if gaps else reach
    while True:
        inside = [ln for ln in inside if any(x0 <= p.mid <= x1 for p in ln.phrases)]
        if not inside:
            break
        left = [ln for ln in inside if any(0 < x0 - p.x1 <= reach for p in ln.phrases)]
        right = [ln for ln in inside if any(0 < p.x0 - x1 <= reach for p in ln.phrases)]
        if len(left) * 2 >= len(inside):
            x0 = min(p.x0 for ln in left for p in ln.phrases if 0 < x0 - p.x1 <= reach)
        elif len(right) * 2 >= len(inside):
            x1 = max(p.x1 for ln in right for p in ln.phrases if 0 < p.x0 - x1 <= reach)
        else:
            break
    above = [ln for ln in lines if ln.bottom <= top + 1]
    for ln in reversed(above[-3:]):
        near = top - ln.bottom <= settings.grid_head * ln.height
        within = ln.x0 >= x0 - 2 and ln.x1 <= x1 + 2
        over = any(runs_over(p, x) for p in ln.phrases for x in cuts)
        centred = abs(ln.x0 + ln.x1 - x0 - x1) / 2 <= max(CENTRED, CENTRED_SHARE * (x1 - x0))
        if not (near and within and len(ln.phrases) >= 2) or (over and centred):
            break
        top = ln.top
    return (x0, top, x1, bottom)


def _framed(box: BBox, graphics: Graphics, lines: Sequence[Line], settings: LayoutSettings) -> BBox:
    """A run's box widened to the rules that frame its rows: where rules across the run part
    it row from row (two at least between its first line and its last, and a rule for every
    `frame_lines` of its lines at least) and a vertical rule parts its columns down all of
    them, the rules going on above and below it, each at most `frame_step` times their usual
    spacing from the last, with text between and that vertical rule running on to them,
    frame rows of the table too (its header, a group's label, which a run of lines in
    columns leaves out); the box then runs from the first such rule to the last, across
    their width. A caption between two tables, which no rule of the table runs down, is no
    row of it. Rules `rule_snap` or less apart are one (a rule drawn twice). A box whose rows
    no rules part is as it was."""
    x0, top, x1, bottom = box
    snap = settings.rule_snap
    across = [
        r
        for r in graphics.hrules
        if min(r.end, x1) - max(r.start, x0) >= settings.frame_cover * (x1 - x0)
    ]
    ys = collapse(sorted(r.pos for r in across), snap)
    held = [ln for ln in lines if top - snap <= ln.top and ln.bottom <= bottom + snap]
    if not held:
        return box
    inner = [y for y in ys if held[0].bottom <= y <= held[-1].top]
    if len(inner) < 2 or settings.frame_lines * (len(inner) + 1) < len(held):
        return box  # no rules, or rules parting groups of rows, not row from row
    down_all = [
        v
        for v in graphics.vrules
        if x0 < v.pos < x1 and v.start <= inner[0] + snap and v.end >= inner[-1] - snap
    ]
    if not down_all:
        return box
    steps = sorted(b - a for a, b in pairwise(inner))
    reach = settings.frame_step * steps[len(steps) // 2]
    texts = [(ln.top + ln.bottom) / 2 for ln in lines if ln.x1 > x0 and ln.x0 < x1]

    def frames(a: float, b: float) -> bool:  # the rules at a and b frame a row of the table
        return (
            b - a <= reach
            and any(a < y < b for y in texts)
            and any(v.start <= a + snap and v.end >= b - snap for v in down_all)
        )

    up = _last_framing(inner[0], reversed([y for y in ys if y < inner[0]]), frames)
    down = _last_framing(inner[-1], [y for y in ys if y > inner[-1]], frames)
    if up >= top and down <= bottom:
        return box
    framing = [r for r in across if up - snap <= r.pos <= down + snap]
    return (
        min(x0, *(r.start for r in framing)),
        min(top, up),
        max(x1, *(r.end for r in framing)),
        max(bottom, down),
    )


def _ruled_sides(
    box: BBox, hrules: Sequence[Rule], lines: Sequence[Line], settings: LayoutSettings
) -> BBox:
    """A ruled grid's box widened to where its rules reach past its sides: a column whose
    cells are closed by no rule on their outer side (a year standing for the three rows its
    rules group, the table's left edge open) is no cell of the grid pdfplumber finds, but
    the grid's rules that run on past its side, three at least, frame it, where text stands
    there on half the rows they frame at least (a note beside one row is no column)."""
    x0, top, x1, bottom = box
    snap = settings.rule_snap
    crossing = [r for r in hrules if top - snap <= r.pos <= bottom + snap]
    left = [r for r in crossing if r.start < x0 - snap and r.end > x0]
    right = [r for r in crossing if r.end > x1 + snap and r.start < x1]
    if len(left) >= 2:
        reach = sorted(r.start for r in left)[len(left) // 2]
        if _framed_text(lines, reach, x0, collapse(sorted(r.pos for r in left), snap)):
            x0 = reach
    if len(right) >= 2:
        reach = sorted(r.end for r in right)[(len(right) - 1) // 2]
        if _framed_text(lines, x1, reach, collapse(sorted(r.pos for r in right), snap)):
            x1 = reach
    return (x0, top, x1, bottom)


def _framed_text(lines: Sequence[Line], a: float, b: float, ys: Sequence[float]) -> bool:
    """Whether text stands between `a` and `b` across in half the rows the rules at `ys`
    frame at least (a phrase's middle in each), of two rows at least (a table's frame alone
    running on past it, with a note beside, frames no column)."""
    rows = list(pairwise(ys))
    filled = sum(1 for top, bottom in rows if _text_in(lines, (a, top, b, bottom)))
    return len(rows) >= 2 and 2 * filled >= len(rows)


def _text_in(lines: Sequence[Line], box: BBox) -> bool:
    """Whether a phrase of the lines stands in a box (its middle)."""
    return any(_holds(box, p) for ln in lines for p in ln.phrases)


def _last_framing(
    start: float, further: Iterable[float], frames: Callable[[float, float], bool]
) -> float:
    """The last rule of a ladder from `start` through `further`, each step framing a row."""
    at = start
    for y in further:
        if not frames(min(at, y), max(at, y)):
            break
        at = y
    return at


def _holds(box: BBox, p: Phrase) -> bool:
    """Whether a phrase's middle lies in a box."""
    return box[0] <= p.mid <= box[2] and box[1] <= (p.top + p.bottom) / 2 <= box[3]


def _within(line: Line, box: BBox) -> bool:
    mid = (line.top + line.bottom) / 2
    return box[1] - 1 <= mid <= box[3] + 1 and line.x1 > box[0] and line.x0 < box[2]


def _tabular(line: Line, wide: float) -> bool:
    """Whether a line's phrases stand apart as cells do: two parted by more white than a
    justified line's word spaces (`tabular_gap` line heights), or three at least parted by a line
    height each."""
    gaps = [b.x0 - a.x1 for a, b in pairwise(line.phrases)]
    if any(g >= wide * line.height for g in gaps):
        return True
    return sum(1 for g in gaps if g >= line.height) >= 2


def _tabular_runs(
    lines: Sequence[Line], height: float, wide: float, settings: LayoutSettings
) -> list[list[Line]]:
    """Runs of lines that stand in columns: tabular lines, the lines close under them whose
    phrases stand within the run (a cell's wrapped text), and the header lines just above; a
    paragraph line (one phrase across most of the text's width), a wide gap, or a loose line
    standing apart ends a run."""
    if not lines:
        return []
    out = []
    for run in _split_runs(lines, wide, settings):
        run = _trimmed(run, (1 - settings.foot_share) * height, wide)
        if sum(1 for ln in run if _tabular(ln, wide)) >= 2:
            out.append(run)
    return out


def _split_runs(lines: Sequence[Line], wide: float, settings: LayoutSettings) -> list[list[Line]]:
    """The lines parted into runs at paragraph lines, wide gaps and loose lines."""
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    text_width = max(1.0, right - left)
    runs: list[list[Line]] = []
    current: list[Line] = []
    for ln in lines:
        prose = len(ln.phrases) == 1 and ln.x1 - ln.x0 > settings.prose_width * text_width
        gap = ln.top - current[-1].bottom if current else 0.0
        far = bool(current) and gap > settings.run_gap * ln.height
        loose = bool(current) and not _tabular(ln, wide) and not _belongs(ln, current, gap)
        if current and (prose or far or loose):
            runs.append(current)
            current = []
        if not prose:
            current.append(ln)
    if current:
        runs.append(current)
    return runs


def _trimmed(run: list[Line], foot: float, wide: float) -> list[Line]:
    """A run without the loose lines at its ends (those under it that are neither a cell's
    wrapped text nor a group label left at the page's foot, below `foot`, and a note however
    close, `Fonte: ...`; those over it that are no header)."""
    while (
        run
        and not _tabular(run[-1], wide)
        and (is_note(run[-1]) or not (_wraps(run) or _orphan(run, foot)))
    ):
        run = run[:-1]
    while run and not _tabular(run[0], wide) and len(run) > 1:
        if _header_above(run[0], run[1:]):
            break
        run = run[1:]
    return run


def _belongs(line: Line, run: Sequence[Line], gap: float, strict: bool = False) -> bool:
    """Whether a line of loose phrases goes on with a run of table lines: each phrase starting
    where a phrase of the run starts, close under the line above (a cell's wrapped line) or,
    unless `strict`, a row's distance under it (a group's label); or, unless `strict`, two
    phrases at least within the run's sides close under the line above (a header's second
    line)."""
    if gap > (line.height if strict else 2 * line.height):
        return False
    starts = [p.x0 for ln in run for p in ln.phrases]
    if all(any(abs(p.x0 - x) <= 2 for x in starts) for p in line.phrases):
        return True
    if strict or gap > line.height:
        return False
    left = min(ln.x0 for ln in run)
    right = max(ln.x1 for ln in run)
    return len(line.phrases) >= 2 and left - 2 <= line.x0 and line.x1 <= right + 2


def _orphan(run: Sequence[Line], foot: float) -> bool:
    """Whether a run's last line is a group's label left at the foot of the page (its rows
    go on on the next): one phrase at the run's left edge, in capitals first, as tall as the
    run's lines, a row's distance under them, below `foot` (see `foot_share`)."""
    if len(run) < 2 or len(run[-1].phrases) != 1:
        return False
    last, before = run[-1], run[:-1]
    usual = usual_height(before)
    return (
        last.phrases[0].text[:1].isupper()
        and abs(last.x0 - min(ln.x0 for ln in before)) <= 2
        and abs(last.height - usual) <= 0.5
        and last.top - before[-1].bottom <= 2 * last.height
        and last.bottom > foot
    )


def _wraps(run: Sequence[Line]) -> bool:
    """Whether a run's last line is a wrapped line of the row above it: close under it, its
    phrases starting where the run's phrases start."""
    if len(run) < 2:
        return False
    last, before = run[-1], run[:-1]
    return _belongs(last, before, last.top - before[-1].bottom, True) and len(last.phrases) < max(
        len(ln.phrases) for ln in before
    )


def _header_above(line: Line, below: Sequence[Line]) -> bool:
    """Whether a line of loose phrases above a table's rows is a header line: it stands over
    the rows' columns rather than at their left edge (a caption starts there)."""
    left = min(ln.x0 for ln in below)
    return line.x0 > left + 5
