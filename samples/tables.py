"""Draw the other tables of a plan (budgets, municipalities, staff) with their truth.

    python samples/tables.py fixed                      # the fixed set, into samples/tables/
                                                        # (three through LibreOffice Writer,
                                                        # six as some real documents draw
                                                        # text: builders/documents.py)
    python samples/tables.py random --seed 7 --count 200 --out build/tables

Each drawing is ``NAME.pdf`` with ``NAME.json`` beside it: the spec it was drawn from and the
truth of each of its tables (rows, header rows, pages), from the data, never from the pipeline.
`make test` reads every fixed drawing with `pdztables.read_tables` and compares it cell by cell;
`make bench-tables` does the same on fresh random drawings and prints the share read exactly.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from builders.documents import build_documents  # noqa: E402
from builders.tables import BORDERS, Spec, build, build_writer  # noqa: E402

FIXED_DIR = HERE / "tables"

DOCUMENT_BORDERS = {
    "personale_parole_separate": "hrules",
    "spesa_puntini_writer": "none",  # dot leaders, no rule drawn
    "impegni_testo": "booktabs",  # rules typed as dashes under the header and over the total
}
"""How each drawing of `builders/documents.py` that is no ruled grid is ruled."""


def fixed_specs() -> dict[str, Spec]:
    """One drawing per phenomenon, each ruling style met at least once."""
    base = Spec(
        kind="budget",
        borders="grid",
        size=9.0,
        grouped=False,
        indent=False,
        right=True,
        narrow=False,
        footnote=False,
        side=False,
        rows=8,
        seed=1,
    )
    return {
        "bilancio_griglia": base,
        "bilancio_gruppi_rientri": replace(
            base, grouped=True, indent=True, borders="hrules", seed=2
        ),
        "bilancio_senza_linee": replace(base, borders="none", indent=True, footnote=True, seed=3),
        "bilancio_booktabs_stretto": replace(
            base, borders="booktabs", narrow=True, grouped=True, seed=4
        ),
        "comuni_lungo_zebra": replace(base, kind="comuni", borders="zebra", rows=70, seed=5),
        "comuni_affiancati": replace(
            base, kind="comuni", borders="hrules", side=True, rows=10, seed=6
        ),
        "comuni_lungo_senza_linee": replace(
            base, kind="comuni", borders="none", rows=60, right=False, seed=7
        ),
        "bilancio_aree": replace(
            base, borders="none", grouped=True, indent=True, labels=True, rows=14, seed=12
        ),
        "bilancio_aree_griglia": replace(base, indent=True, labels=True, rows=14, seed=13),
        "personale_gruppi": replace(
            base, kind="staff", borders="grid", grouped=True, narrow=True, seed=8
        ),
        "personale_booktabs": replace(
            base, kind="staff", borders="booktabs", footnote=True, seed=9
        ),
    }


WRITER = {
    "comuni_writer": replace(fixed_specs()["bilancio_griglia"], kind="comuni", rows=75, seed=10),
    "personale_writer": replace(fixed_specs()["bilancio_griglia"], kind="staff", rows=45, seed=11),
}
"""Drawings made by a word processor (python-docx through LibreOffice Writer)."""


def write(name: str, spec: Spec, folder: Path, writer: bool = False) -> None:
    pdf = folder / f"{name}.pdf"
    truths = build_writer(spec, pdf) if writer else build(spec, pdf)
    record = {"spec": spec.as_dict(), "tables": [asdict(t) for t in truths]}
    pdf.with_suffix(".json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    sub.add_parser("fixed")
    rnd = sub.add_parser("random")
    rnd.add_argument("--seed", type=int, default=1)
    rnd.add_argument("--count", type=int, default=100)
    rnd.add_argument("--out", type=Path, default=Path("build/tables"))
    args = ap.parse_args()
    if args.what == "fixed":
        FIXED_DIR.mkdir(exist_ok=True)
        for name, spec in fixed_specs().items():
            write(name, spec, FIXED_DIR)
        for name, spec in WRITER.items():
            write(name, spec, FIXED_DIR, writer=True)
        drawn = build_documents(FIXED_DIR)
        for name, (pdf, truths) in drawn.items():
            borders = DOCUMENT_BORDERS.get(name, "grid")
            spec = {"document": name, "borders": borders, "rows": len(truths[0].rows) - 1}
            record = {"spec": spec, "tables": [asdict(t) for t in truths]}
            text = json.dumps(record, ensure_ascii=False, indent=1) + "\n"
            pdf.with_suffix(".json").write_text(text, encoding="utf-8")
        count = len(fixed_specs()) + len(WRITER) + len(drawn)
        print(f"drew {count} tables into {FIXED_DIR}")
        return
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    for i in range(args.count):
        write(f"t{args.seed}_{i:03d}", Spec.draw(rng, rng.randrange(1 << 30)), args.out)
    print(f"drew {args.count} tables into {args.out} ({', '.join(BORDERS)})")


if __name__ == "__main__":
    main()
