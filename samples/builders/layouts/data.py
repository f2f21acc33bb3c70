"""The tables the layout generator draws: the Cremasco table and two tables worded otherwise.

Each table is plain data: its columns (canonical name, one-row header, and the group and leaf
texts of a two-row header), its rows as clean values (the truth of every golden CSV), the area
label of each row (for full-width group rows), the column whose runs of equal values may be
drawn as one merged cell, and the order the pipeline writes columns in (README: canonical
order, unknown columns after, ``pagina`` last).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..common import CANONICAL, join_lines, load_table, nr_of
from ..cremasco import AREAS
from ..other_plans import (
    EXTRA_COLUMNS,
    EXTRA_HEADER,
    EXTRA_SOURCE,
    OBJECTIVES,
    TARGETS3_COLUMNS,
    TARGETS3_HEADER,
    TARGETS3_SOURCE,
    extra_rows,
    targets3_rows,
)


@dataclass(frozen=True)
class Col:
    """One source column: its canonical name and its header, in one row or as group + leaf."""

    name: str
    header: str
    group: str = ""
    leaf: str = ""

    def two_row(self) -> tuple[str, str]:
        """(upper, lower) texts in a two-row header; a column outside a group spans both rows."""
        return (self.group, self.leaf) if self.group else (self.header, "")


@dataclass(frozen=True)
class Dataset:
    """A table to draw and the clean values the pipeline must give back."""

    name: str
    title: str
    running: str
    cols: tuple[Col, ...]
    rows: tuple[dict[str, str], ...]
    areas: tuple[str, ...]
    merge: str
    golden_columns: tuple[str, ...]
    """Golden CSV columns without `area` (added when group rows are drawn)."""

    def key(self, row: dict[str, str]) -> str:
        return row["nr"]

    def golden(self, pages: dict[int, int], with_area: bool) -> list[dict[str, str]]:
        """The golden rows: clean values, `area` when group rows were drawn, `pagina`."""
        cols = list(self.golden_columns)
        if with_area:
            cols.insert(1, "area")
        out = []
        for i, row in enumerate(self.rows):
            values = {**row, "area": self.areas[i], "pagina": str(pages[i])}
            out.append({c: values.get(c, "") for c in cols})
        return out

    def fragment(self) -> dict[str, str]:
        """The leaves of the last group of the header: what a stray header fragment shows."""
        last = [c.group for c in self.cols if c.group][-1]
        return {c.name: c.leaf for c in self.cols if c.group == last}


def _cremasco() -> Dataset:
    table = load_table()
    names = CANONICAL
    one_row = [" ".join(h) for h in table.header]
    groups = {
        "risultato_atteso_1": ("risultati attesi", "I anno"),
        "risultato_atteso_2": ("risultati attesi", "II anno"),
        "rilevato_2022-12-31": ("Dato rilevato al", "31/12/2022"),
        "rilevato_2023-09-30": ("Dato rilevato al", "30/09/2023"),
    }
    cols = tuple(Col(n, h, *groups.get(n, ("", ""))) for n, h in zip(names, one_row, strict=True))
    rows = tuple({c: join_lines(r[c]) for c in names} for r in table.rows)
    areas = tuple(AREAS[join_lines(r["policy"])] for r in table.rows)
    assert [nr_of(r) for r in table.rows] == list(range(1, 50))
    return Dataset(
        name="cremasco",
        title="Tabella 7 – Indicatori di monitoraggio del Piano di Zona 2021-2023",
        running="Ambito Distrettuale Cremasco – Piano di Zona 2021-2023",
        cols=cols,
        rows=rows,
        areas=areas,
        merge="policy",
        golden_columns=(*names, "pagina"),
    )


# Short labels for the objectives of plan_targets3, used as group rows.
TARGETS3_AREAS = [
    "AREA ACCESSO E GOVERNANCE",
    "AREA INCLUSIONE",
    "AREA DOMICILIARITÀ",
    "AREA MINORI E FAMIGLIE",
    "AREA GIOVANI",
    "AREA SISTEMA",
    "AREA SISTEMA",
    "AREA SISTEMA",
]


def _targets3() -> Dataset:
    raw = targets3_rows()
    groups = {4: ("Target", "2025"), 5: ("Target", "2026"), 6: ("Target", "2027")}
    cols = tuple(
        Col(name, header, *groups.get(i, ("", "")))
        for i, (name, header) in enumerate(zip(TARGETS3_SOURCE, TARGETS3_HEADER, strict=True))
    )
    rows = tuple(dict(zip(TARGETS3_SOURCE, r, strict=True)) for r in raw)
    areas: list[str] = []
    for k, (_, _, indicators) in enumerate(OBJECTIVES):
        areas += [TARGETS3_AREAS[k]] * len(indicators)
    return Dataset(
        name="targets3",
        title="Allegato 3 – Obiettivi, indicatori e target del triennio 2025-2027",
        running="Ambito Territoriale Sociale n. 7 – Piano di Zona 2025-2027",
        cols=cols,
        rows=rows,
        areas=tuple(areas),
        merge="obiettivo",
        golden_columns=TARGETS3_COLUMNS,
    )


EXTRA_AREAS = (
    ["AREA GOVERNANCE"] * 3
    + ["AREA LAVORO"] * 3
    + ["AREA ABITARE"] * 2
    + ["AREA ANZIANI"] * 3
    + ["AREA MINORI"] * 4
    + ["AREA DISABILITÀ"] * 3
    + ["AREA SISTEMA"] * 6
)


def _extra() -> Dataset:
    raw = extra_rows()
    groups = {3: ("Risultato atteso", "2022"), 4: ("Risultato atteso", "2023")}
    cols = tuple(
        Col(name, header, *groups.get(i, ("", "")))
        for i, (name, header) in enumerate(zip(EXTRA_SOURCE, EXTRA_HEADER, strict=True))
    )
    rows = tuple(dict(zip(EXTRA_SOURCE, r, strict=True)) for r in raw)
    assert len(EXTRA_AREAS) == len(rows), len(rows)
    return Dataset(
        name="extra",
        title="Allegato B – Indicatori di monitoraggio delle azioni",
        running="Ambito Distrettuale n. 12 – Piano di Zona 2021-2023",
        cols=cols,
        rows=rows,
        areas=tuple(EXTRA_AREAS),
        merge="",
        golden_columns=EXTRA_COLUMNS,
    )


@cache
def datasets() -> dict[str, Dataset]:
    """Every table the generator can draw, by name."""
    return {d.name: d for d in (_cremasco(), _targets3(), _extra())}
