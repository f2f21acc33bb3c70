"""Command line: `pdztables extract PLAN.pdf` writes the clean CSV and the HTML report."""

from __future__ import annotations

import argparse
import math
import signal
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pdztables.api import DEFAULT_FORMATS as EXTRACT_DEFAULT
from pdztables.api import FORMATS as EXTRACT_FORMATS
from pdztables.cliargs import (
    EPILOG,
    EXIT_FAILED,
    EXIT_INVALID,
    EXIT_OK,
    TABLES_EPILOG,
    Parser,
    build_parser,
)
from pdztables.console import check_writable, describe, one_line, write_outputs
from pdztables.errors import PdzError, plural
from pdztables.inspect import inspect_pdf
from pdztables.isolate import ChildFailure, listen_for_interrupts
from pdztables.reports import write_csv_to
from pdztables.reports.files import Writer, write_text_to
from pdztables.reports.html import page_ranges
from pdztables.schemas import load_profile

if TYPE_CHECKING:
    from pdztables.extract.finder import Found
    from pdztables.tables import Table

__all__ = [
    "EPILOG",
    "EXIT_FAILED",
    "EXIT_INVALID",
    "EXIT_OK",
    "FORMATS",
    "SHOWN_FINDINGS",
    "TABLES_EPILOG",
    "Parser",
    "Terminated",
    "build_parser",
    "extract_command",
    "inspect_command",
    "main",
    "tables_command",
]

SHOWN_FINDINGS = 3
FORMATS = ("csv", "jsonl", "html")


def extract_command(args: argparse.Namespace) -> int:
    """Read one plan (or a batch) in limited child processes and write the outputs."""
    from pdztables.batch import BATCH_FILES, Options, collect_plans, run_plans

    formats = _formats(args.format, EXTRACT_FORMATS, EXTRACT_DEFAULT)
    limits = _limits(args)
    if args.jobs < 1:
        raise PdzError(f"--jobs {args.jobs}: give 1 or more")
    profile = load_profile(args.profile)  # a bad profile is one error before any plan is read
    check_writable(args.out)  # and so is a folder the outputs cannot be written to
    options = Options(
        tuple(formats),
        args.sep,
        args.lang,
        args.pictures,
        args.pages,
        profile,
        args.formula_guard,
    )
    # a batch: folders, or more than one file (a file given twice is read once); a plan named
    # like the batch's own files keeps its folder in its outputs' path
    batch = any(p.is_dir() for p in args.pdf) or len({p.resolve() for p in args.pdf}) > 1
    plans = collect_plans(args.pdf, reserved=BATCH_FILES if batch else ())
    if not batch:
        outcome = run_plans(plans, args.out, options, limits, args.jobs, batch=False)[0]
        if outcome.error is not None:
            raise outcome.error
        assert outcome.summary is not None
        return _report_plan(outcome.summary)
    return _batch(plans, args, options, limits)


def _report_plan(summary: dict[str, Any]) -> int:
    """The lines a single plan's run prints; its exit code."""
    errors, warnings = summary["errors"], summary["warnings"]
    print(
        f"{summary['name']}: {plural(summary['indicators'], 'indicator')} on "
        f"{_pages(summary['pages'])}, {plural(summary['repairs'], 'repair')}, "
        f"{plural(len(errors), 'error')}, {plural(len(warnings), 'warning')}"
    )
    for severity, found in (("error", errors), ("warning", warnings)):
        for page, message in found[:SHOWN_FINDINGS]:
            where = f"page {page}: " if page is not None else ""
            if message.startswith(where):
                where = ""  # the message names its page itself
            print(f"  {severity}: {where}{message}")
        if len(found) > SHOWN_FINDINGS:
            print(f"  ... {plural(len(found) - SHOWN_FINDINGS, 'more ' + severity)} in the report")
    for path in summary["files"]:
        print(f"wrote {path}")
    return EXIT_OK if not errors else EXIT_INVALID


def _batch(plans: Sequence[Any], args: argparse.Namespace, options: Any, limits: Any) -> int:
    """Run a batch: one line per plan, the index files, a last line counting each outcome."""
    from pdztables.batch import BatchProgress, error_text, named_error, run_plans, write_index

    progress = BatchProgress(sys.stderr) if sys.stderr.isatty() else None
    try:
        outcomes = run_plans(plans, args.out, options, limits, args.jobs, progress, batch=True)
    except (KeyboardInterrupt, Terminated) as exc:
        stopped = "interrupted" if isinstance(exc, KeyboardInterrupt) else "terminated"
        print(
            f"error: {stopped}; the plans read before keep their outputs, the plans being read "
            "were stopped, and the batch's index files were not written",
            file=sys.stderr,
        )
        return 130 if isinstance(exc, KeyboardInterrupt) else 143
    finally:
        if progress is not None:
            progress.clear()
    ok = invalid = failed = 0
    for o in outcomes:
        name = str(o.plan.relative)
        if o.summary is None:
            failed += 1
            message = named_error(one_line(error_text(o.error or Exception())), o.plan)
            print(f"{name}: error: {message.removeprefix(f'{name}: ')}")  # named once
            continue
        n_errors = len(o.summary["errors"])
        invalid += bool(n_errors)
        ok += not n_errors
        print(
            f"{name}: {plural(o.summary['indicators'], 'indicator')}, "
            f"{plural(n_errors, 'error')}, {plural(len(o.summary['warnings']), 'warning')}, "
            f"{o.seconds:.1f} s"
        )
    for path in write_index(outcomes, args.out, options):
        print(f"wrote {path}")
    print(
        f"{plural(len(outcomes), 'plan')}: {ok} without errors, {invalid} with validation "
        f"errors, {failed} failed"
    )
    return EXIT_FAILED if failed else EXIT_INVALID if invalid else EXIT_OK


def _limits(args: argparse.Namespace) -> Any:
    from pdztables.isolate import Limits, parse_size

    if not math.isfinite(args.timeout) or args.timeout <= 0:
        raise PdzError(f"--timeout {args.timeout:g}: give a number of seconds above 0")
    try:
        memory = parse_size(args.max_memory)
    except ValueError as exc:
        raise PdzError(f"--max-memory: {exc}") from None
    if memory < 512 * 1024**2:
        raise PdzError(f"--max-memory {args.max_memory}: give at least 512M")
    return Limits(args.timeout, memory)


def inspect_command(args: argparse.Namespace) -> int:
    """Print the tables of a PDF and how their headers map to the profile."""
    from pdztables.isolate import run_limited

    profile = load_profile(args.profile)
    limits = _limits(args)
    text, found = run_limited(inspect_pdf, (args.pdf, profile, args.pages), limits, str(args.pdf))
    sys.stdout.write(text)
    if not found:
        print(
            "error: no indicator table found; see the tables above, then use --pages or "
            "write a profile (--profile) whose headers match",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def tables_command(args: argparse.Namespace) -> int:
    """Find, repair and write every table of a PDF."""
    formats = _tables_formats(args)
    if args.out != "-":
        check_writable(Path(args.out))
    from pdztables.isolate import run_limited
    from pdztables.tables import given_up_lines, read_tables_found, warning_lines

    tables, found = run_limited(
        read_tables_found, (args.pdf, args.pages, args.area), _limits(args), str(args.pdf)
    )
    if not tables:
        where = _pages(found.pages_read) if args.pages is not None else "any page"
        raise PdzError(
            f"{args.pdf}: no table found on {where}"
            + (" (read by OCR: no text layer)" if found.scanned else "")
            + "".join(f"; {line}" for line in given_up_lines(found))
            + "; check the pages, or give the table's region with --pages and --area"
        )
    unsure = warning_lines(found, tables)
    for line in unsure:
        print(f"warning: {args.pdf}: {line}", file=sys.stderr)
    if args.out == "-":
        code = _tables_to_stdout(tables, formats)
        return EXIT_INVALID if unsure and code == EXIT_OK else code
    out = Path(args.out)
    files = _table_files(tables, found, args, formats)
    write_outputs(out, files)
    if "csv" in formats:  # tables of an earlier run of this file that this run did not find
        _remove_stale_tables(out, args.pdf.stem, len(tables))
    repairs = sum(len(t.repairs) for t in tables)
    print(
        f"{args.pdf.name}: {plural(len(tables), 'table')} on "
        f"{_pages(sorted({p for t in tables for p in t.pages}))}, {plural(repairs, 'repair')}"
    )
    for path, _ in files:
        print(f"wrote {path}")
    return EXIT_INVALID if unsure else EXIT_OK


def _tables_formats(args: argparse.Namespace) -> list[str]:
    """The outputs `tables` was asked for, checked against where they go and the area."""
    to_stdout = args.out == "-"
    formats = _formats(args.format, FORMATS, ["csv"] if to_stdout else list(FORMATS))
    if to_stdout and (len(formats) != 1 or formats[0] == "html"):
        raise PdzError(
            f"--format {args.format!r} with -o -: standard output takes csv or jsonl alone"
        )
    if args.area is not None and args.pages is None:
        raise PdzError("--area needs the page it lies on: add --pages N")
    return formats


def _tables_to_stdout(tables: Sequence[Table], formats: list[str]) -> int:
    """Write the tables to standard output, as CSV blocks or JSON lines; the exit code."""
    from pdztables.tables import to_csv_text, to_jsonl_text

    text = to_csv_text(tables) if formats == ["csv"] else to_jsonl_text(tables)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        raise PdzError(
            f"cannot write to standard output: {exc.strerror or exc}; write to a folder with -o"
        ) from None
    return EXIT_OK


def _table_files(
    tables: Sequence[Table], found: Found, args: argparse.Namespace, formats: list[str]
) -> list[tuple[Path, Writer]]:
    """The files `tables` writes into its output folder, each with its writer."""
    from pdztables.tables import csv_name, to_jsonl_text

    out = Path(args.out)
    stem = args.pdf.stem
    files: list[tuple[Path, Writer]] = []
    if "csv" in formats:
        for t in tables:
            files.append(
                (out / csv_name(stem, t.number), partial(write_csv_to, t.frame, sep=args.sep))
            )
    if "jsonl" in formats:
        files.append((out / f"{stem}-tabelle.jsonl", partial(write_text_to, to_jsonl_text(tables))))
    if "html" in formats:
        from pdztables.reports.html import render_tables_html

        html = render_tables_html(
            tables,
            args.pdf,
            found.page_count,
            found.pages_read,
            stem if "csv" in formats else "",
            args.lang,
            found.given_up,
        )
        files.append((out / f"{stem}-tabelle.html", partial(write_text_to, html)))
    return files


def _remove_stale_tables(out: Path, stem: str, count: int) -> None:
    """Remove the CSV files of tables past the `count` this run found (an earlier run's)."""
    from pdztables.tables import csv_name

    for old in out.glob(csv_name(stem, "*")):
        number = old.stem.rsplit("-", 1)[-1]
        if number.isdigit() and int(number) > count:
            old.unlink(missing_ok=True)


def _formats(spec: str | None, known: Sequence[str], default: Sequence[str]) -> list[str]:
    """The outputs asked for with --format, checked against the known ones."""
    if spec is None:
        return list(default)
    chosen = [f.strip().lower() for f in spec.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in known]
    if unknown or not chosen:
        raise PdzError(
            f"--format {spec!r}: choose one or more of {', '.join(known)}, "
            "parted by commas (csv,html)"
        )
    return list(dict.fromkeys(chosen))


def _pages(pages: Sequence[int]) -> str:
    """`page 3`, `pages 3-5`, `pages 1, 3`."""
    return f"page {pages[0]}" if len(set(pages)) == 1 else f"pages {page_ranges(tuple(pages))}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse arguments, run, turn failures into one `error:` line."""
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminate)
    previous_int = listen_for_interrupts()
    try:
        return _run(parser, args)
    except PdzError as exc:
        print(f"error: {one_line(describe(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("error: interrupted; no output was written", file=sys.stderr)
        return 130
    except Terminated:
        print("error: terminated; no output was written", file=sys.stderr)
        return 143
    except ChildFailure as exc:
        if getattr(args, "debug", False):
            sys.stderr.write(exc.trace or f"{exc}\n")
            return EXIT_FAILED
        print(
            f"error: internal error ({one_line(str(exc))}); run again with --debug and report it",
            file=sys.stderr,
        )
        return EXIT_FAILED
    except Exception as exc:
        if getattr(args, "debug", False):
            raise
        print(
            f"error: internal error ({type(exc).__name__}: {one_line(str(exc))}); "
            "run again with --debug and report it",
            file=sys.stderr,
        )
        return EXIT_FAILED
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Run the command asked for; its exit code."""
    if args.command == "extract":
        return extract_command(args)
    if args.command == "inspect":
        return inspect_command(args)
    if args.command == "tables":
        return tables_command(args)
    parser.error(f"unknown command {args.command}")


class Terminated(BaseException):
    """SIGTERM, turned into an exception so that every `finally` cleans up on the way out."""


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated


if __name__ == "__main__":
    sys.exit(main())
