"""Build the sample PDFs of pdztables, with a golden CSV beside each one.

The builders live in ``samples/builders/`` (plain modules, not an installed package): ``common``
(data, golden CSVs, fonts, drawing with reportlab), ``office`` (python-docx and LibreOffice),
``locate`` (finding a table's rows in a PDF), and one module per family of samples, whose
docstrings say what each sample reproduces. A golden CSV holds the clean values of every row plus
``pagina``, the 1-based page on which the row starts.

Usage: ``python samples/build.py [--only NAME ...]`` (NAME with or without ``.pdf``). Needs
reportlab and python-docx, and ``soffice`` (LibreOffice) on PATH for the docx samples.
``python samples/build.py --typed-only`` rewrites the typed columns of every golden CSV (samples
and fixed layouts) from the data in ``builders/derived.py``, without drawing anything.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the builders folder beside this script

from builders import (  # noqa: E402
    cremasco,
    cremasco_pages,
    derived,
    foreign,
    full_plan,
    monitoring,
    other_plans,
)
from builders.common import (  # noqa: E402
    CANONICAL,
    EXPECTED,
    MEASURES,
    Golden,
    Table,
    golden_columns,
    join_lines,
    load_table,
    register_fonts,
    write_golden,
)


@dataclass(frozen=True)
class Sample:
    """How a sample is built, and what its golden CSV must hold.

    ``columns`` is None for a sample of the reference table (its golden must equal the seed on
    the seed's columns); otherwise the golden columns of the sample's own table.
    """

    build: Callable[[Table, Path], Golden]
    soffice: bool = False
    columns: tuple[str, ...] | None = None


SAMPLES: dict[str, Sample] = {
    "cremasco_grid": Sample(cremasco.build_grid),
    "cremasco_docx": Sample(cremasco.build_docx, soffice=True),
    "cremasco_hrules": Sample(cremasco.build_hrules),
    "cremasco_narrow_nr": Sample(cremasco.build_narrow_nr),
    "cremasco_unruled": Sample(cremasco_pages.build_unruled),
    "cremasco_rotated": Sample(cremasco_pages.build_rotated),
    "plan_cremasco_full": Sample(full_plan.build_plan_full, soffice=True),
    "cremasco_monitoring": Sample(monitoring.build_grid),
    "cremasco_monitoring_docx": Sample(monitoring.build_docx, soffice=True),
    "plan_targets3": Sample(
        other_plans.build_targets3, soffice=True, columns=other_plans.TARGETS3_COLUMNS
    ),
    "plan_extra_column": Sample(other_plans.build_extra_column, columns=other_plans.EXTRA_COLUMNS),
    **{f"foreign_{name}": Sample(foreign.build(name)) for name in foreign.NAMES},
}


def check_data(table: Table) -> None:
    """Each cell's lines join to the expected CSV value of that cell."""
    if not EXPECTED.exists():
        print(f"check_data: {EXPECTED} not found, skipped")
        return
    with EXPECTED.open(encoding="utf-8", newline="") as fh:
        expected = list(csv.DictReader(fh))
    assert len(expected) == len(table.rows) == 49
    for want, row in zip(expected, table.rows, strict=True):
        for col in CANONICAL:
            got = join_lines(row[col])
            assert got == want.get(col, ""), (want["nr"], col, got, want.get(col))


def check_goldens(names: Sequence[str] = tuple(SAMPLES)) -> None:
    """Each golden CSV of the reference table equals the expected CSV on the expected CSV's
    columns (its measurement columns empty); every other golden has its declared columns, rows
    numbered 1, 2, 3... and pages that never go back."""
    expected: list[dict[str, str]] | None = None
    if EXPECTED.exists():
        with EXPECTED.open(encoding="utf-8", newline="") as fh:
            expected = list(csv.DictReader(fh))
    else:
        print(f"check_goldens: {EXPECTED} not found, reference goldens not compared")
    for name in names:
        path = HERE / f"{name}.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        typed = set(derived.typed_columns(list(rows[0]), measured=True))
        text = [c for c in rows[0] if c not in typed]
        columns = SAMPLES[name].columns
        if columns is None:
            if expected is None:
                continue
            check_reference_golden(name, rows, text, expected)
        else:
            assert tuple(text) == columns, (name, text)
            assert [r["nr"] for r in rows] == [str(i) for i in range(1, len(rows) + 1)], name
            assert all(r["indicatore"] for r in rows), name
        pages = [int(r["pagina"]) for r in rows]
        assert pages[0] >= 1 and pages == sorted(pages), (name, pages)
        print(f"check_goldens: {path.name} ok ({len(rows)} rows)")


def check_reference_golden(
    name: str,
    rows: Sequence[dict[str, str]],
    text: Sequence[str],
    expected: Sequence[dict[str, str]],
) -> None:
    assert len(rows) == len(expected), (name, len(rows))
    assert list(text) == golden_columns("area" in rows[0]), (name, text)
    for want, got in zip(expected, rows, strict=True):
        for col, value in want.items():
            assert got[col] == value, (name, want["nr"], col, got[col], value)
        measured = derived.monitoring()[want["nr"]] if "monitoring" in name else {}
        assert all(got[m] == measured.get(m, "") for m in MEASURES), (name, want["nr"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--only",
        nargs="+",
        action="extend",
        metavar="NAME",
        help=f"build only these samples: {', '.join(SAMPLES)}",
    )
    parser.add_argument(
        "--typed-only",
        action="store_true",
        help="rewrite the typed columns of every golden CSV from the data; draw nothing",
    )
    args = parser.parse_args(argv)
    if args.typed_only:
        for path in sorted([*HERE.glob("*.csv"), *(HERE / "layouts").glob("*.csv")]):
            derived.refresh(path)
            print(f"typed columns of {path.relative_to(HERE)} rewritten")
        check_goldens()
        return 0
    names = [n.removesuffix(".pdf") for n in args.only] if args.only else list(SAMPLES)
    unknown = [n for n in names if n not in SAMPLES]
    if unknown:
        parser.error(f"unknown sample(s) {unknown}; known: {list(SAMPLES)}")
    if any(SAMPLES[n].soffice for n in names) and shutil.which("soffice") is None:
        print(
            "build.py: soffice (LibreOffice) not found on PATH; it converts the docx samples",
            file=sys.stderr,
        )
        return 1
    table = load_table()
    check_data(table)
    register_fonts()
    for name in names:
        pdf = HERE / f"{name}.pdf"
        golden = SAMPLES[name].build(table, pdf)
        write_golden(HERE / f"{name}.csv", table, golden)
        derived.refresh(HERE / f"{name}.csv")
        pages = sorted(set(golden.pages.values()))
        starts = {p: [n for n, q in golden.pages.items() if q == p] for p in pages}
        summary = ", ".join(f"p{p}: {v[0]}-{v[-1]}" for p, v in starts.items())
        print(f"{pdf.name}: rows start on {len(pages)} pages ({summary})")
    check_goldens(names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
