"""Column labels for people: the report and the workbook head their columns with these, the CSV
keeps the machine names (`risultato_atteso_1` is "Risultato atteso, anno 1",
`rilevato_2022-12-31` "Dato rilevato al 31/12/2022", `risultato_atteso_1_valore` "Risultato
atteso, anno 1: valore").

A column the catalogue names (`label.column.<name>`, for the shipped profile's columns) takes
that label; a profile's column may give its own (`label = "..."`); any other column takes the
header it was read from, else its name with spaces for underscores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pdztables.i18n import catalog, day, text

if TYPE_CHECKING:
    from pdztables.pipeline import Result


def column_label(result: Result, name: str, lang: str) -> str:
    """The label of one of the table's output columns."""
    table, profile = result.table, result.profile
    kind = table.typed.get(name)
    if kind == "esito":
        return text("label.form.esito", lang, date=day(name.removeprefix("esito_"), lang))
    if kind is not None:
        base = name.removesuffix("_" + kind)
        part = text(f"label.part.{kind}", lang)
        return text("label.form.derived", lang, label=column_label(result, base, lang), part=part)
    if name == profile.page_column:
        return text("label.column.pagina", lang)
    spec = profile.spec_for(name)
    if spec is not None and spec.name != name:
        suffix = name[len(spec.name) + 1 :]
        own = _own(spec.name, spec.label, lang)
        if spec.kind == "target":
            return _target(result, name, own, suffix, lang)
        return text("label.form.measurement", lang, label=own, date=day(suffix, lang))
    if spec is not None:
        return _own(name, spec.label, lang)
    source = next((c.source for c in table.columns if c.name == name and c.source), "")
    return source or _plain(name)


def _target(result: Result, name: str, own: str, suffix: str, lang: str) -> str:
    """A target's label: the year its header names (`Target 2025`), else the year of the
    plan (`risultati attesi II anno`), else its place among the targets (none when alone)."""
    mapped = next((c for c in result.table.columns if c.name == name), None)
    if mapped is not None and mapped.year:
        return text("label.form.target_year", lang, label=own, year=mapped.year)
    if mapped is not None and mapped.ordinal:
        return text("label.form.target", lang, label=own, n=suffix)
    spec = result.profile.spec_for(name)
    alike = [c for c in result.table.columns if result.profile.spec_for(c.name) is spec]
    if len(alike) == 1:
        return own
    return text("label.form.target_order", lang, label=own, n=suffix)


def column_labels(result: Result, lang: str) -> dict[str, str]:
    """Every output column's label, by its name; labels that would repeat get the name after
    them, so no two columns read alike."""
    labels = {name: column_label(result, name, lang) for name in result.table.frame.columns}
    seen: dict[str, int] = {}
    for label in labels.values():
        seen[label] = seen.get(label, 0) + 1
    return {n: label if seen[label] == 1 else f"{label} ({n})" for n, label in labels.items()}


def long_labels(names: list[str], page_column: str, lang: str) -> list[str]:
    """The labels of the long form's columns (`<stem>-rilevazioni.csv`)."""
    return [
        text("label.column.pagina", lang) if n == page_column else _catalogued("long", n, lang)
        for n in names
    ]


def _own(name: str, label: str, lang: str) -> str:
    """A profile column's label: the profile's own, else the catalogue's, else its name."""
    return label or _catalogued("column", name, lang)


def _catalogued(section: str, name: str, lang: str) -> str:
    key = f"label.{section}.{name}"
    return text(key, lang) if key in catalog(lang) else _plain(name)


def _plain(name: str) -> str:
    """A machine name written for people: `fonte_dati` is "Fonte dati"."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
