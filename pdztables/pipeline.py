"""The pipeline: extract, normalize, validate, in that order, on one PDF."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pdztables.extract import Extraction, Progress, extract_tables
from pdztables.extract.budget import few_collections
from pdztables.extract.pdf import library_notes
from pdztables.schemas import Profile, load_profile

if TYPE_CHECKING:
    import pandas as pd

    from pdztables.normalize import Normalized
    from pdztables.schemas.validate import Validation


@dataclass(frozen=True)
class Result:
    """What one run found, repaired and checked."""

    source: Path
    profile: Profile
    extraction: Extraction
    table: Normalized
    validation: Validation
    seconds: float
    notes: tuple[str, ...] = ()
    """What the PDF libraries logged about the file (damage they worked around)."""

    @property
    def long_form(self) -> pd.DataFrame:
        """The monitoring results, one row per indicator and measurement date (no rows where
        the table has no measured value)."""
        if self.table.measurements is not None:
            return self.table.measurements
        import pandas as pd

        from pdztables.normalize.derive import LONG_COLUMNS

        return pd.DataFrame(columns=[*LONG_COLUMNS, self.profile.page_column])


def run(
    pdf: str | Path,
    pages: str | None = None,
    profile: Profile | None = None,
    progress: Progress | None = None,
    formula_guard: bool = True,
) -> Result:
    """Extract the indicator table of a PDF, repair it and validate it. With `formula_guard`,
    the repair log lists the cells the CSV writer will guard against running as formulas."""
    started = time.perf_counter()
    pdf = Path(pdf)
    profile = profile or load_profile()
    with library_notes() as notes, few_collections():
        extraction = extract_tables(pdf, profile, pages, progress)
        # pandas and pandera load only now, so that a bad input fails fast without them.
        from pdztables.normalize import normalize
        from pdztables.normalize.provenance import audit_input
        from pdztables.schemas.audit import audit
        from pdztables.schemas.validate import validate

        table = normalize(extraction, profile)
        if formula_guard:
            table = guard_formulas(table, profile.page_column)
        headers = [c.source for c in table.columns]
        checked = tuple(audit(audit_input(extraction, table)))
        validation = validate(
            table.frame,
            profile,
            headers,
            table.doubts + table.unread + checked,
            table.key,
            table.typed,
        )
    return Result(
        source=pdf,
        profile=profile,
        extraction=extraction,
        table=table,
        validation=validation,
        seconds=time.perf_counter() - started,
        notes=tuple(dict.fromkeys(notes)),
    )


def guard_formulas(table: Normalized, page_column: str) -> Normalized:
    """The table with a `formula-guard` repair logged for each text cell the CSV will write
    with a leading apostrophe (`=HYPERLINK(...)` would run in a spreadsheet)."""
    from dataclasses import replace

    from pdztables.normalize import Repair
    from pdztables.reports.tables import guard, needs_guard

    frame = table.frame
    key = table.key
    found = []
    for column in table.text_columns:
        if column == page_column:
            continue
        for i, value in enumerate(frame[column].tolist()):
            text = "" if value is None else str(value)
            if needs_guard(text):
                row = str(frame[key].iat[i]) if key is not None else str(i + 1)
                page = int(str(frame[page_column].iat[i])) if page_column in frame else 0
                found.append(Repair("formula-guard", page, row, column, text, guard(text)))
    return replace(table, repairs=table.repairs + tuple(found)) if found else table
