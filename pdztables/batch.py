"""`pdztables extract` on one plan or many: each plan in its own limited child process.

One plan (`extract plan.pdf`) writes its outputs into OUTDIR as before, but is read in a child
with the same time and memory limits as a batch worker. Many plans (several files, or folders
searched for `*.pdf` in any case) run `--jobs` at a time; each writes its outputs under OUTDIR at
its path relative to the inputs' common folder (two `piano.pdf` in two folders do not collide),
and the batch adds `OUTDIR/indicatori.csv` (every plan's indicators, a `file` column first,
columns united across plans) and `OUTDIR/index.html` (one line per plan, in Italian or English).
A plan that fails, hangs or runs out of memory gets its error line and never stops the others.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from pdztables.errors import InputError, PdzError
from pdztables.isolate import ChildFailure, Limits, Supervised, raise_if_interrupted
from pdztables.schemas.profile import Profile


@dataclass(frozen=True)
class Options:
    """What every plan of a run is asked for."""

    formats: tuple[str, ...]
    sep: str
    lang: str
    pictures: bool
    pages: str | None
    profile: Profile
    formula_guard: bool = True


@dataclass(frozen=True)
class Plan:
    """One PDF and where its outputs go."""

    pdf: Path
    relative: Path
    """Its path relative to the inputs' common folder (its name for a single plan)."""


@dataclass
class Outcome:
    """What became of one plan."""

    plan: Plan
    summary: dict[str, Any] | None = None
    error: BaseException | None = None
    seconds: float = 0.0
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether no table came out (an error, a limit, a crash)."""
        return self.summary is None


INDEX_CSV, INDEX_HTML = "indicatori.csv", "index.html"
INDEX_LONG = "rilevazioni.csv"
"""The files a batch writes at the top of its output folder."""
BATCH_FILES = (Path(INDEX_CSV).stem, Path(INDEX_HTML).stem, Path(INDEX_LONG).stem)
"""Their stems: the names no plan's outputs may take there."""


def collect_plans(inputs: Sequence[Path], reserved: Sequence[str] = ()) -> list[Plan]:
    """The PDFs of the inputs (files as given, folders searched recursively for `*.pdf` in any
    case), each once, in a stable order, each with the path its outputs keep: relative to the
    folder given (with the folder's name when several inputs are given), a file's name. A path
    taken (by another plan, or `reserved` for other files) gets the folders the PDF lies in."""
    found: list[tuple[Path, Path]] = []
    for item in inputs:
        if item.is_dir():
            pdfs = sorted(p for p in item.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
            if not pdfs:
                raise InputError(
                    f"{item}: no PDF file in this folder; give plans or folders of plans"
                )
            top = Path() if len(inputs) == 1 else Path(item.resolve().name)
            found += [(p, top / p.relative_to(item)) for p in pdfs]
        else:
            found.append((item, Path(item.name)))  # checked by its own run: missing, not a PDF
    plans: list[Plan] = []
    seen: set[Path] = set()
    taken: set[str] = {r.lower() for r in reserved}
    for pdf, relative in found:
        key = pdf.resolve()
        if key in seen:
            continue
        seen.add(key)
        parts = list(key.parts[:-1])
        while relative.with_suffix("").as_posix().lower() in taken and parts:
            relative = Path(parts.pop()) / relative  # two `piano.pdf`: keep their folders apart
        taken.add(relative.with_suffix("").as_posix().lower())
        plans.append(Plan(pdf, relative))
    return plans


def output_stem(out: Path, plan: Plan) -> tuple[Path, str]:
    """The folder and file stem of a plan's outputs."""
    return out / plan.relative.parent, plan.relative.stem


def extract_plan(plan: Plan, out: Path, options: Options, rows: bool) -> dict[str, Any]:
    """In a child: read one plan, write its outputs, return its summary (and its table as text
    rows for `indicatori.csv` when `rows`). A plan read alone (not `rows`) has its pages
    screened by worker processes while this process loads the libraries (`run_plans` left
    them to it)."""
    from pdztables.extract import screen

    if not rows and options.pages is None:
        screen.start(plan.pdf, options.profile)
    try:
        if not rows:
            preload(options)
        return _extract_plan(plan, out, options, rows)
    finally:
        screen.stop()


def _extract_plan(plan: Plan, out: Path, options: Options, rows: bool) -> dict[str, Any]:
    from pdztables.api import read_pdf
    from pdztables.console import progress_for, write_outputs
    from pdztables.reports.tables import as_text

    folder, stem = output_stem(out, plan)
    progress = progress_for(sys.stderr) if not rows else None
    started = time.perf_counter()
    try:
        result = read_pdf(
            plan.pdf,
            profile=options.profile,
            pages=options.pages,
            progress=progress,
            formula_guard=options.formula_guard,
        )
    finally:
        if progress is not None:
            progress.done()
    files = result.outputs(
        folder,
        stem,
        formats=options.formats,
        sep=options.sep,
        lang=options.lang,
        pictures=options.pictures,
    )
    write_outputs(folder, files)
    v = result.run.validation
    return {
        "name": plan.pdf.name,
        "page_count": result.run.extraction.page_count,
        "pages": list(result.pages),
        "indicators": len(result.run.table.frame),
        "repairs": len(result.run.table.repairs),
        "errors": [(f.page, f.message) for f in v.errors],
        "warnings": [(f.page, f.message) for f in v.warnings],
        "files": [str(path) for path, _ in files],
        "seconds": time.perf_counter() - started,
        "rows": (
            as_text(result.run.table.frame, options.sep, options.formula_guard).to_dict("records")
            if rows
            else []
        ),
        "columns": list(result.run.table.frame.columns) if rows else [],
        "typed": list(result.run.table.typed),
        "years": target_years(result.run) if rows else {},
        "long_rows": (
            as_text(result.run.long_form, options.sep, options.formula_guard).to_dict("records")
            if rows
            else []
        ),
    }


def target_years(run: Any) -> dict[str, str]:
    """Each target column of a plan with the year its header names (`Target 2025`: 2025), or
    empty where the header gives only its order (`risultati attesi I anno`): which calendar
    year a plan's first year is, plans do not agree (Cremasco 2021-2023 compares its I anno
    with 2022's measurement), so it is not guessed."""
    profile = run.profile
    return {
        c.name: c.year or ""
        for c in run.table.columns
        if (spec := profile.spec_for(c.name)) is not None
        and spec.kind == "target"
        and spec.name != c.name
    }


OUTPUT_NAMES = ("{}.csv", "{}-rilevazioni.csv", "{}.html", "{}.xlsx", "{}.schema.json")


def cleanup_for(out: Path, plan: Plan) -> Callable[[], None]:
    """After a child was killed: remove the temporary files it may have left beside its
    outputs, and put back an earlier output it had moved aside and not yet replaced."""
    folder, stem = output_stem(out, plan)

    def clean() -> None:
        for pattern in OUTPUT_NAMES:
            name = pattern.format(stem)
            for tmp in folder.glob(f".{glob.escape(name)}.*.tmp"):
                target = folder / name
                if tmp.name.endswith(".old.tmp") and not target.exists():
                    with contextlib.suppress(OSError):
                        os.replace(tmp, target)
                        continue
                tmp.unlink(missing_ok=True)

    return clean


def preload(options: Options | None = None) -> None:
    """Import what every plan needs, and what writing `options`' outputs needs (the workbook's
    and the page pictures' libraries), before forking, so that the children share it; or, in a
    plan's own child, while its pages are screened."""
    import pandas  # noqa: F401
    import pandera.pandas  # noqa: F401
    import playa.miner  # noqa: F401

    import pdztables.api
    import pdztables.normalize
    import pdztables.pipeline
    import pdztables.reports.html
    import pdztables.schemas.validate

    if options is not None and "xlsx" in options.formats:
        import openpyxl  # noqa: F401

        import pdztables.reports.workbook
    if options is not None and "html" in options.formats and options.pictures:
        from PIL import Image

        import pdztables.reports.pictures  # noqa: F401

        Image.init()  # the image formats, as saving a picture loads them


def run_plans(
    plans: Sequence[Plan],
    out: Path,
    options: Options,
    limits: Limits,
    jobs: int,
    show: Callable[[int, int, list[str], int], None] | None = None,
    batch: bool | None = None,
) -> list[Outcome]:
    """Run every plan, `jobs` at a time, each in its own limited child; their outcomes in
    order. `show(done, total, running, failed)` is told how far the run has come."""
    if batch is None:
        batch = len(plans) > 1
    if batch:  # its plans' children share what is loaded here (one plan loads it itself)
        preload(options)
    from pdztables.extract import screen

    # the worker policy is the run's: a batch's plans screen their pages on one core each
    screen.MAX_WORKERS = 1 if batch else max(1, jobs)
    waiting = list(enumerate(plans))
    running: dict[int, tuple[Supervised, float]] = {}
    outcomes: dict[int, Outcome] = {}
    failed = 0
    try:
        while waiting or running:
            raise_if_interrupted()
            while waiting and len(running) < max(1, jobs):
                k, plan = waiting.pop(0)
                running[k] = (_start(plan, out, options, limits, batch), time.perf_counter())
                if show is not None:
                    show(len(outcomes), len(plans), _names(running, plans), failed)
            finished = _finished(running, plans)
            outcomes.update(finished)
            failed += sum(1 for o in finished.values() if o.error is not None)
            if finished and show is not None:
                show(len(outcomes), len(plans), _names(running, plans), failed)
            if not finished:
                time.sleep(0.02 if len(running) > 1 else 0)
    except BaseException:
        for job, _ in running.values():
            job.stop()
        raise
    return [outcomes[k] for k in range(len(plans))]


def _start(plan: Plan, out: Path, options: Options, limits: Limits, batch: bool) -> Supervised:
    """A limited child that reads one plan and writes its outputs."""
    return Supervised(
        extract_plan, (plan, out, options, batch), limits, str(plan.pdf), cleanup_for(out, plan)
    )


def _finished(
    running: dict[int, tuple[Supervised, float]], plans: Sequence[Plan]
) -> dict[int, Outcome]:
    """The outcomes of the children that are done, by plan index; they leave `running`."""
    finished: dict[int, Outcome] = {}
    for k, (job, started) in running.items():
        done, result = job.check(0.02 if len(running) == 1 else 0.0)
        if not done:
            continue
        outcome = Outcome(plans[k], seconds=time.perf_counter() - started)
        if isinstance(result, BaseException):
            outcome.error = result
        else:
            outcome.summary = result
            outcome.rows = result.pop("rows")
        finished[k] = outcome
    for k in finished:
        del running[k]
    return finished


def _names(running: dict[int, tuple[Supervised, float]], plans: Sequence[Plan]) -> list[str]:
    return [str(plans[k].relative) for k in sorted(running)]


def named_error(message: str, plan: Plan) -> str:
    """A plan's error message (`path: what is wrong`) naming the plan by its path in the
    batch, not where it lies."""
    for where in sorted({str(plan.pdf), str(plan.pdf.resolve())}, key=len, reverse=True):
        if message.startswith(f"{where}: "):
            return f"{plan.relative}: {message[len(where) + 2 :]}"
    return message


def error_text(error: BaseException) -> str:
    """A failed plan's message, one line."""
    from pdztables.console import describe

    if isinstance(error, PdzError):
        return describe(error)
    if isinstance(error, ChildFailure):
        return f"internal error ({error}); run it alone with --debug and report it"
    return f"internal error ({type(error).__name__}: {error})"


class BatchProgress:
    """Plans done of total, the plans being read, failures so far: one line on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __call__(self, done: int, total: int, running: list[str], failed: int) -> None:
        now = ", ".join(running[:3]) + (" ..." if len(running) > 3 else "")
        line = f"{done}/{total} plans done, {failed} failed; reading {now}" if running else ""
        self.stream.write(f"\r{line[:150]}\x1b[K")
        self.stream.flush()

    def clear(self) -> None:
        """Clear the line."""
        self.stream.write("\r\x1b[K")
        self.stream.flush()


def union_columns(outcomes: Sequence[Outcome], profile: Profile) -> list[str]:
    """Every plan's columns once: the text columns in the profile's order, then the typed ones
    in the order of the columns they are read from, the page column last."""
    from pdztables.normalize.columns import output_order

    text: list[str] = []
    typed: list[str] = []
    for o in outcomes:
        summary = o.summary or {}
        kinds = set(summary.get("typed", []))
        for c in summary.get("columns", []):
            bucket = typed if c in kinds else text
            if c not in bucket and c != profile.page_column:
                bucket.append(c)
    ordered = output_order(text, profile)[:-1]  # without the page column it appends

    def source(name: str) -> tuple[int, int]:
        stem = name.removeprefix("esito_")
        place = next(
            (i for i, c in enumerate(ordered) if name.startswith(c + "_") or c.endswith(stem)),
            len(ordered),
        )
        return place, typed.index(name)

    return [*ordered, *sorted(typed, key=source), profile.page_column]


def write_index(outcomes: Sequence[Outcome], out: Path, options: Options) -> list[Path]:
    """`indicatori.csv` (every plan's indicators, `file` first, each target followed by the
    year its header names), `rilevazioni.csv` (every plan's monitoring results in long form,
    `file` first) and `index.html` (one line per plan), written atomically; their paths."""
    import pandas as pd

    from pdztables.console import write_outputs
    from pdztables.normalize.derive import LONG_COLUMNS
    from pdztables.reports.files import write_text_to
    from pdztables.reports.html import render_batch_html
    from pdztables.reports.tables import write_csv_to

    read = [o for o in outcomes if not o.failed]
    years = sorted({t for o in read for t in (o.summary or {}).get("years", {})})
    columns = []
    for name in ["file", *union_columns(outcomes, options.profile)]:
        columns += [name, f"{name}_anno"] if name in years else [name]
    records = [{"file": _file(o, options), **row, **_years(o)} for o in read for row in o.rows]
    frame = pd.DataFrame(records, columns=columns, dtype=object).fillna("")
    long_columns = ["file", *LONG_COLUMNS, options.profile.page_column]
    long_records = [
        {"file": _file(o, options), **row}
        for o in read
        for row in (o.summary or {}).get("long_rows", [])
    ]
    long_frame = pd.DataFrame(long_records, columns=long_columns, dtype=object).fillna("")
    html = render_batch_html(outcomes, out, options.lang)
    csv_path, long_path, html_path = out / INDEX_CSV, out / INDEX_LONG, out / INDEX_HTML
    write_outputs(
        out,
        [
            (csv_path, lambda tmp: write_csv_to(frame, tmp, sep=options.sep, guarded=False)),
            (
                long_path,
                lambda tmp: write_csv_to(long_frame, tmp, sep=options.sep, guarded=False),
            ),
            (html_path, partial(write_text_to, html)),
        ],
    )
    return [csv_path, long_path, html_path]


def _file(outcome: Outcome, options: Options) -> str:
    """A plan's path in the batch, as the combined tables' `file` column writes it."""
    from pdztables.reports.tables import guard

    name = str(outcome.plan.relative)
    return guard(name) if options.formula_guard else name


def _years(outcome: Outcome) -> dict[str, str]:
    """A plan's `<target>_anno` cells: the year each target's header names."""
    return {f"{t}_anno": y for t, y in (outcome.summary or {}).get("years", {}).items()}
