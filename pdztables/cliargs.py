"""The command line's arguments: the parser of every command, its help texts, its exit codes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn, TypeAlias

from pdztables import __version__
from pdztables.i18n import DEFAULT_LANG, LANGS
from pdztables.isolate import DEFAULT_TIMEOUT, cores
from pdztables.reports import SEPARATORS

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_FAILED = 2

EPILOG = """\
exit codes:
  0  the table was extracted and has no validation errors (warnings allowed)
  1  the table was extracted but has validation errors, or the reading has doubts (rows
     that may be missing, a guessed merged cell: see the report); the outputs are still
     written
  2  nothing could be extracted (bad input, no indicator table, past --timeout or
     --max-memory); no output is written for that plan
  a batch exits with its worst plan's code; its last line counts each
"""
INSPECT_EPILOG = """\
exit codes:
  0  an indicator table was found
  2  none was found (the tables are then listed, up to 60 pages), or bad input, or past
     --timeout or --max-memory
"""
TABLES_EPILOG = """\
exit codes:
  0  at least one table was found and written
  1  tables were written, and a page was given up (its reading ran past its allowance;
     one warning line for each)
  2  nothing could be read (bad input), or no table was found; no output is written
"""


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one `error:` line, like every other error."""

    def error(self, message: str) -> NoReturn:
        """Exit 2 with one line that says what is wrong and where to look."""
        self.exit(EXIT_FAILED, f"error: {message}; see '{self.prog} --help'\n")


Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"
"""The subcommands' parsers of a `Parser`."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with every option documented."""
    parser = Parser(
        prog="pdztables",
        description="Turn the indicator table of a Piano di Zona PDF into a clean CSV "
        "and an HTML report.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"pdztables {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    ex = _extract_parser(sub)
    _inspect_parser(sub, ex)
    _tables_parser(sub, ex)
    return parser


def _extract_parser(sub: Subparsers) -> Parser:
    """The parser of `pdztables extract`."""
    ex = sub.add_parser(
        "extract",
        help="write the indicator table of a PDF as CSV, an HTML report and a workbook",
        description="Extract, repair and validate the indicator table of a PDF; write\n"
        "OUTDIR/<stem>.csv (with typed values beside the text), OUTDIR/<stem>-rilevazioni.csv\n"
        "(the monitoring results, one row per indicator and date), OUTDIR/<stem>.html (the\n"
        "report) and OUTDIR/<stem>.xlsx (the workbook); --format picks them.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument(
        "pdf",
        metavar="PLAN_OR_FOLDER",
        type=Path,
        nargs="+",
        help="the plan as a PDF file; or several, or folders searched for *.pdf (a batch)",
    )
    ex.add_argument(
        "-o",
        "--out",
        metavar="OUTDIR",
        type=Path,
        default=Path("out"),
        help="folder for the outputs, created if missing (default: out)",
    )
    _add_run_options(ex)
    _add_output_options(ex)
    ex.add_argument("--debug", action="store_true", help="show a traceback on unexpected failures")
    return ex


def _add_run_options(ex: argparse.ArgumentParser) -> None:
    """How `extract` reads its plans: processes, limits, separator, pages, profile."""
    ex.add_argument(
        "--jobs",
        metavar="N",
        type=int,
        default=cores(),
        help="plans read at once, each in its own process (default: one per core)",
    )
    ex.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="stop a plan that takes longer (default: 300)",
    )
    ex.add_argument(
        "--max-memory",
        metavar="SIZE",
        default="2G",
        help="stop a plan that needs more memory, written like 2G or 1500M (default: 2G)",
    )
    ex.add_argument(
        "--sep",
        choices=SEPARATORS,
        metavar="SEP",
        default=";",
        help="CSV separator: ';' writes UTF-8 with a byte-order mark for Italian Excel "
        "(default); ',' writes plain UTF-8 for other tools",
    )
    ex.add_argument(
        "--pages",
        metavar="RANGE",
        help="read only these pages, counted from 1: 3-5, 7 or 2,4-6 (default: all)",
    )
    ex.add_argument(
        "--profile",
        metavar="FILE",
        type=Path,
        help="a profile TOML file that maps other headers to the canonical columns "
        "(default: the profile shipped with pdztables)",
    )


def _add_output_options(ex: argparse.ArgumentParser) -> None:
    """What `extract` writes: the formats, the report's language and pictures, the guard."""
    ex.add_argument(
        "--format",
        metavar="LIST",
        help="which outputs, comma-separated from csv (<stem>.csv and <stem>-rilevazioni.csv), "
        "html (<stem>.html), xlsx (<stem>.xlsx), json (<stem>.schema.json, a Frictionless "
        "Table Schema for the CSV) (default: csv,html,xlsx)",
    )
    ex.add_argument(
        "--lang",
        choices=LANGS,
        default=DEFAULT_LANG,
        help="the report's language: it (Italian, default) or en (English)",
    )
    ex.add_argument(
        "--no-pictures",
        dest="pictures",
        action="store_false",
        help="leave the page pictures out of the report (a smaller file)",
    )
    ex.add_argument(
        "--no-formula-guard",
        dest="formula_guard",
        action="store_false",
        help="write CSV cells that start with =, +, -, @ untouched (for tools that are not "
        "spreadsheets); by default they get a leading apostrophe, each one logged as a repair",
    )


def _inspect_parser(sub: Subparsers, ex: Parser) -> Parser:
    """The parser of `pdztables inspect`, which shares some of `extract`'s options."""
    ins = sub.add_parser(
        "inspect",
        help="list the tables of a PDF and how their headers map to the profile",
        description="List the pages read, the tables found, and how each header maps (or "
        "does not map) to the profile's canonical columns: what you need to write a profile "
        "for a new plan; with no indicator table, every table of the document.",
        epilog=INSPECT_EPILOG,
    )
    ins.add_argument("pdf", metavar="PDF", type=Path, help="the plan, as a PDF file")
    _share(ex, ins, ("pages", "profile", "timeout", "max_memory", "debug"))
    return ins


def _tables_parser(sub: Subparsers, ex: Parser) -> Parser:
    """The parser of `pdztables tables`, which shares some of `extract`'s options."""
    tb = sub.add_parser(
        "tables",
        help="write every table of a PDF (no profile needed) as CSV, JSON lines and HTML",
        description="Find every table on the chosen pages with no profile (ruled grids, "
        "tables with rules between rows only, tables with no rules), repair it, and write "
        "OUTDIR/<stem>-tabella-<n>.csv per table, OUTDIR/<stem>-tabelle.jsonl and "
        "OUTDIR/<stem>-tabelle.html. With -o - the tables go to standard output as CSV "
        "blocks parted by a form-feed line, or as JSON lines.",
        epilog=TABLES_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tb.add_argument("pdf", metavar="PDF", type=Path, help="the document, as a PDF file")
    tb.add_argument(
        "-o",
        "--out",
        metavar="OUTDIR",
        default="out",
        help="folder for the outputs, created if missing, or - for standard output (default: out)",
    )
    tb.add_argument(
        "--area",
        metavar="X0,TOP,X1,BOTTOM",
        help="read the one table in this region of the single page given with --pages "
        "(points from the page's top-left corner, as pdfplumber measures)",
    )
    tb.add_argument(
        "--format",
        metavar="LIST",
        help="which outputs, comma-separated from csv, jsonl, html (default: csv,jsonl,html; "
        "with -o -, csv); -o - takes one of csv and jsonl",
    )
    _share(ex, tb, ("pages", "sep", "lang", "timeout", "max_memory", "debug"))
    return tb


def _share(
    source: argparse.ArgumentParser, target: argparse.ArgumentParser, dests: tuple[str, ...]
) -> None:
    """Give `target` the options of `source` that set `dests`, in `source`'s order."""
    for action in source._actions:
        if action.dest in dests:
            target._add_action(action)
