"""Header texts to canonical column names, and the order columns come out in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from pdztables.schemas.profile import HeaderMatch, Profile, snake_case

from .text import clean_cell

GROUP_SOURCE = "(group rows)"
"""The `source` of the column that takes the labels of full-width group rows."""


@dataclass(frozen=True)
class ColumnMap:
    """Where a canonical column came from: the source header, and the year or date it names."""

    name: str
    source: str
    known: bool
    detail: str = ""
    raw: str = ""
    """The header as drawn, line breaks kept, for a report."""
    year: str | None = None
    """The year a target's header names (`Target 2025`), if it names one."""
    ordinal: int | None = None
    """The year of the plan a target's header names (`risultati attesi II anno`: 2), if any."""


def map_headers(parts: Sequence[Sequence[str]], profile: Profile) -> list[ColumnMap]:
    """A canonical name for each column's header (its texts top to bottom, one per header
    row); unknown headers keep their words in snake_case."""
    out: list[ColumnMap] = []
    targets = 0
    taken: set[str] = set()
    matches = _ordered([profile.match_parts(texts) for texts in parts], profile.ocr)
    for i, (texts, match) in enumerate(zip(parts, matches, strict=True)):
        raw = "\n".join(texts)
        source = " ".join(clean_cell(t)[0] for t in texts if t.strip())
        if match is None:
            name, known, detail = snake_case(source) if source else f"colonna_{i + 1}", False, ""
        elif match.column.kind == "target":
            targets += 1
            number = match.ordinal or targets
            name, known = f"{match.column.name}_{number}", True
            detail = f"target for {match.year}" if match.year else f"target of year {number}"
        elif match.column.kind == "measurement":
            name, known, detail = (
                f"{match.column.name}_{match.date}",
                True,
                f"measured at {match.date}",
            )
        else:
            name, known, detail = match.column.name, True, ""
        base, k = name, 2
        while name in taken:
            name, k = f"{base}_{k}", k + 1
        taken.add(name)
        target = match is not None and match.column.kind == "target"
        year = match.year if match is not None and target else None
        ordinal = match.ordinal if match is not None and target else None
        out.append(ColumnMap(name, source, known, detail, raw.strip(), year, ordinal))
    return out


def _ordered(matches: list[HeaderMatch | None], ocr: bool) -> list[HeaderMatch | None]:
    """The matches, where OCR read the headers and the targets' ordinals are missing or do not
    rise (`I anno` read `li anno`, so two columns say `II`), without their ordinals: the
    targets are then numbered by their places. Ordinals OCR read rising (`II`, `III`) stand."""
    ordinals = [m.ordinal for m in matches if m is not None and m.column.kind == "target"]
    rising = all(a is not None and b is not None and a < b for a, b in pairwise(ordinals))
    if not ocr or (rising and None not in ordinals):
        return matches
    return [
        replace(m, ordinal=None) if m is not None and m.column.kind == "target" else m
        for m in matches
    ]


def output_order(names: Sequence[str], profile: Profile) -> list[str]:
    """Columns in the profile's order (targets by number, dates by date), unknown ones after,
    the page column last."""

    def rank(item: tuple[int, str]) -> tuple[int, str, int]:
        pos, name = item
        spec = profile.spec_for(name)
        if spec is None:
            return (len(profile.columns), "", pos)
        suffix = name[len(spec.name) + 1 :].zfill(12) if name != spec.name else ""
        return (profile.columns.index(spec), suffix, pos)

    ordered = [n for _, n in sorted(enumerate(names), key=rank)]
    return [*ordered, profile.page_column]
