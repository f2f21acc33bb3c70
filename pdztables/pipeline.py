"""The pipeline: extract, normalize, validate, in that order, on one PDF."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from pdztables.extract import Extraction, Progress, extract_tables
from pdztables.normalize import Normalized, normalize
from pdztables.schemas import Profile, Validation, load_profile, validate


@dataclass(frozen=True)
class Result:
    """What one run found, repaired and checked."""

    source: Path
    profile: Profile
    extraction: Extraction
    table: Normalized
    validation: Validation
    seconds: float


def run(
    pdf: Path,
    pages: str | None = None,
    profile: Profile | None = None,
    progress: Progress | None = None,
) -> Result:
    """Extract the indicator table of a PDF, repair it and validate it."""
    started = time.perf_counter()
    profile = profile or load_profile()
    extraction = extract_tables(pdf, profile, pages, progress)
    table = normalize(extraction, profile)
    headers = [c.source for c in table.columns]
    validation = validate(table.frame, profile, headers)
    return Result(
        source=pdf,
        profile=profile,
        extraction=extraction,
        table=table,
        validation=validation,
        seconds=time.perf_counter() - started,
    )
