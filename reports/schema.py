"""A Frictionless Table Schema for the CSV (https://specs.frictionlessdata.io/table-schema/).

Field names, types, titles (the source's header) and descriptions, the key as primary key, the
typed columns' value sets as `enum` constraints, numbers with the CSV's decimal mark: open-data
portals and `frictionless validate plan.csv --schema plan.schema.json` can check the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .tables import decimal_mark

if TYPE_CHECKING:
    from pdztables.pipeline import Result

PARTS = {
    "op": "comparison of {src} (=, >=, <=, >, <)",
    "valore": "the value {src} states, as a number (a percentage as its number: 50 for 50%)",
    "unita": "unit of {src}: n (a count), % (a percentage), si/no (1 yes, 0 no)",
    "min_subambito": "the per-subambito minimum {src} states (di cui almeno K per subambito)",
    "sezione": "section of the policy code in {src}",
    "aree": "macro-area letters of the policy code in {src}, parted by ';' (ZERO: cross-cutting)",
    "aree_nomi": "names of the macro-areas of {src}, parted by '; '",
    "tipo": "kind of the measuring frequency in {src}",
    "esito": "{src} compared with its target",
}


def table_schema(result: Result, sep: str) -> dict[str, Any]:
    """The Table Schema of the CSV `extract` writes with this separator."""
    from pdztables.normalize.derive import RULES

    table = result.table
    profile = result.profile
    sources = {c.name: c for c in table.columns}
    fields: list[dict[str, Any]] = []
    for name in table.frame.columns:
        kind = table.typed.get(name)
        field: dict[str, Any] = {"name": name}
        if name == profile.page_column:
            field.update(
                type="integer",
                description="page of the PDF on which the row starts (1-based)",
                constraints={"required": True, "minimum": 1},
            )
        elif kind is not None:
            src = _source_of(name, kind, table.pairs)
            field["description"] = PARTS[kind].format(src=src)
            types = {"valore": "number", "min_subambito": "integer"}
            field["type"] = types.get(kind, "string")
            if kind == "valore":
                field["decimalChar"] = decimal_mark(sep)
            rule = RULES[kind]
            constraints = {k: list(v) if k == "enum" else v for k, v in rule.items()}  # type: ignore[call-overload]
            if constraints:
                field["constraints"] = constraints
        else:
            spec = profile.spec_for(name)
            mapped = sources.get(name)
            if mapped is not None and mapped.source:
                field["title"] = mapped.source
            integer = spec is not None and spec.type == "integer"
            field["type"] = "integer" if integer else "string"
            field["description"] = (
                "the source's text"
                + (f" ({mapped.detail})" if mapped is not None and mapped.detail else "")
                + ("" if mapped is None or mapped.known else "; a column the profile does not know")
            )
            if name == table.key:
                field["constraints"] = {"required": True, "unique": True, "minimum": 1}
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if table.key is not None:
        schema["primaryKey"] = [table.key]
    return schema


def _source_of(name: str, kind: str, pairs: tuple[tuple[str, str], ...]) -> str:
    if kind == "esito":
        date = name.removeprefix("esito_")
        target = next((t for m, t in pairs if m.endswith(date)), "")
        return f"the value measured at {date}" + (f" (against {target})" if target else "")
    return name.removesuffix("_" + kind)


def write_schema_to(result: Result, sep: str, path: Path) -> None:
    """Write the Table Schema as JSON straight to a path."""
    text = json.dumps(table_schema(result, sep), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
