"""The `pdztables extract` command: outputs, exit codes and one-line errors, end to end."""

from __future__ import annotations

import csv
import errno
import html
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from cli_checks import assert_no_output, assert_one_error_line, run_command, running
from pdf_factory import (
    CANONICAL_COLUMNS,
    VALID_ROWS,
    damaged_pdf,
    encrypted_pdf,
    prose_pdf,
    scan_pdf,
    table_pdf,
    truncated_pdf,
)

from pdztables.cli import main
from pdztables.isolate import descendants

BOM = b"\xef\xbb\xbf"

# A fourth row whose indicator holds both separators, to check quoting on the way back.
QUOTED_ROW = [
    "4",
    "n. atti approvati; delibere, verbali e accordi",
    "05b",
    "output",
    "1",
    "1",
    "Referente tecnico UdP (Comune di Crema)",
    "annuale",
]


def run_cli(args: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `pdztables extract ARGS` in-process: exit code, stdout, stderr."""
    return run_command("extract", args, capsys)


def expected_cells(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """The CSV body a one-page table of `rows` gives: padded to 10 cells, then `pagina` 1."""
    width = len(CANONICAL_COLUMNS) - 1
    return [[*row, *[""] * (width - len(row)), "1"] for row in rows]


def text_cells(cells: list[list[str]]) -> list[list[str]]:
    """A CSV's cells in the canonical text columns only (the typed columns left out)."""
    index = [cells[0].index(c) for c in CANONICAL_COLUMNS]
    return [[row[i] for i in index] for row in cells]


def read_cells(path: Path, sep: str) -> list[list[str]]:
    """A CSV's cells, header first; `;` files must start with a BOM, `,` files must not."""
    data = path.read_bytes()
    if sep == ";":
        assert data.startswith(BOM)
        text = data[len(BOM) :].decode("utf-8")
    else:
        assert not data.startswith(BOM)
        text = data.decode("utf-8")
    assert BOM.decode("utf-8") not in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A valid one-page plan with three indicators."""
    return table_pdf(tmp_path / "plan.pdf", VALID_ROWS)


# ---------------------------------------------------------------------------------------------
# Success: exit 0 and exit 1


def test_valid_table_exits_0_and_writes_csv_and_html(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A clean table: exit 0, `;` CSV with a BOM, an HTML report, and stdout says so."""
    out_dir = tmp_path / "out"
    code, out, err = run_cli([str(plan), "-o", str(out_dir)], capsys)
    assert code == 0, err
    assert err == ""
    csv_path, html_path = out_dir / "plan.csv", out_dir / "plan.html"
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "plan-rilevazioni.csv",
        "plan.csv",
        "plan.html",
        "plan.xlsx",
    ]

    cells = read_cells(csv_path, ";")
    assert text_cells(cells) == [CANONICAL_COLUMNS, *expected_cells(VALID_ROWS)]
    assert cells[0][: len(CANONICAL_COLUMNS) - 1] == CANONICAL_COLUMNS[:-1]
    assert cells[0][-1] == "pagina"

    report = html.unescape(html_path.read_text(encoding="utf-8"))
    assert "plan.pdf" in report
    assert "Righe: 3." in report  # Italian by default
    assert "nessun errore" in report

    lines = out.splitlines()
    assert "plan.pdf: 3 indicators" in lines[0]
    assert "0 errors" in lines[0]
    assert f"wrote {csv_path}" in lines
    assert f"wrote {html_path}" in lines


def test_sep_comma_writes_plain_utf8_with_the_same_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--sep ,` gives UTF-8 without BOM and commas; both separators read back alike."""
    rows = [*VALID_ROWS, QUOTED_ROW]
    pdf = table_pdf(tmp_path / "plan.pdf", rows)
    semi, comma = tmp_path / "semi", tmp_path / "comma"
    assert run_cli([str(pdf), "-o", str(semi)], capsys)[0] == 0
    code, out, _ = run_cli([str(pdf), "-o", str(comma), "--sep", ","], capsys)
    assert code == 0
    assert f"wrote {comma / 'plan.csv'}" in out.splitlines()

    by_comma = read_cells(comma / "plan.csv", ",")
    by_semi = read_cells(semi / "plan.csv", ";")
    assert by_comma == by_semi
    assert text_cells(by_comma) == [CANONICAL_COLUMNS, *expected_cells(rows)]
    assert (comma / "plan.html").is_file()


def test_python_dash_m_runs_the_cli(plan: Path, tmp_path: Path) -> None:
    """`python -m pdztables` extracts like the entry point, and fails with one line."""
    out_dir = tmp_path / "out"
    ok = subprocess.run(
        [sys.executable, "-m", "pdztables", "extract", str(plan), "-o", str(out_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert f"wrote {out_dir / 'plan.csv'}" in ok.stdout
    assert (out_dir / "plan.html").is_file()

    bad_out = tmp_path / "bad"
    damaged = damaged_pdf(tmp_path / "d.pdf")
    bad = subprocess.run(
        [sys.executable, "-m", "pdztables", "extract", str(damaged), "-o", str(bad_out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert_one_error_line(bad.stderr, "damaged")
    assert_no_output(bad_out)


def _renumbered(*numbers: str) -> list[list[str]]:
    """VALID_ROWS with their `nr` cells replaced by `numbers`."""
    return [[n, *row[1:]] for n, row in zip(numbers, VALID_ROWS, strict=True)]


@pytest.mark.parametrize(
    ("numbers", "row", "problem"),
    [
        pytest.param(("1", "2", "2"), "2", "nr '2' is used by more than one row", id="duplicate"),
        pytest.param(
            ("1", "2", "4"), "4", "nr 3 missing: 2 on page 1 is followed by 4 on page 1", id="gap"
        ),
    ],
)
def test_validation_errors_exit_1_and_still_write(
    numbers: tuple[str, ...],
    row: str,
    problem: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A table with broken numbering: exit 1, both outputs written, the report names the row."""
    pdf = table_pdf(tmp_path / "plan.pdf", _renumbered(*numbers))
    out_dir = tmp_path / "out"
    code, out, err = run_cli([str(pdf), "-o", str(out_dir)], capsys)
    assert code == 1
    assert err == ""
    assert "0 errors" not in out
    assert f"wrote {out_dir / 'plan.csv'}" in out.splitlines()
    assert any(line.startswith("  error: page 1: ") for line in out.splitlines())

    cells = read_cells(out_dir / "plan.csv", ";")
    assert [r[0] for r in cells[1:]] == list(numbers)

    code = main(["extract", str(pdf), "-o", str(out_dir), "--lang", "en", "--no-pictures"])
    assert code == 1
    report = (out_dir / "plan.html").read_text(encoding="utf-8")
    validation = report[
        report.index('<section id="validation">') : report.index(
            "</section>", report.index('<section id="validation">')
        )
    ]
    assert f"<td>{row}</td>" in validation
    assert problem in html.unescape(validation)
    assert 'class="status error"' in validation


# ---------------------------------------------------------------------------------------------
# Exit 2: nothing extracted, one `error:` line, no output


def _write(path: Path, data: bytes) -> Path:
    """Write `data` to `path` and return the path."""
    path.write_bytes(data)
    return path


def _folder(path: Path) -> Path:
    """Make a folder at `path` and return it."""
    path.mkdir()
    return path


def _valid(d: Path) -> str:
    """Build the valid plan in `d` and return its path as an argument."""
    return str(table_pdf(d / "plan.pdf", VALID_ROWS))


BAD_PROFILE = b'[profile]\nname = "broken"\n[[columns]\nname = "nr"\n'
NO_COLUMNS = b'[profile]\nname = "empty"\n'

Case = Callable[[Path], list[str]]

ERROR_CASES = [
    pytest.param(lambda d: [str(d / "missing.pdf")], "no such file", id="missing-file"),
    pytest.param(
        lambda d: [str(_folder(d / "folder.pdf"))], "no PDF file in this folder", id="directory"
    ),
    pytest.param(lambda d: [str(_write(d / "empty.pdf", b""))], "empty (0 bytes)", id="empty"),
    pytest.param(
        lambda d: [str(_write(d / "notes.pdf", "Verbale del Tavolo Povertà\n".encode() * 20))],
        "not a PDF file",
        id="text-renamed-pdf",
    ),
    pytest.param(
        lambda d: [str(_write(d / "plan.pdf", b"\xef\xbb\xbf\n<!DOCTYPE html>\n<html><title>404"))],
        "a web page (HTML), not a PDF: a failed download",
        id="html-page-saved-as-pdf",
    ),
    pytest.param(lambda d: [str(damaged_pdf(d / "damaged.pdf"))], "damaged", id="damaged"),
    pytest.param(
        lambda d: [str(_write(d / "plan.docx", b"PK\x03\x04" + b"\0" * 26 + b"word/document.xml"))],
        "export it as PDF",
        id="docx-given",
    ),
    pytest.param(
        lambda d: [str(truncated_pdf(d / "half.pdf", Path(_valid(d))))],
        "damaged",
        id="truncated",
    ),
    pytest.param(lambda d: [str(encrypted_pdf(d / "locked.pdf"))], "password", id="encrypted"),
    pytest.param(lambda d: [str(scan_pdf(d / "scan.pdf"))], "OCR", id="scan-no-text"),
    pytest.param(lambda d: [str(prose_pdf(d / "prose.pdf"))], "no indicator table", id="no-table"),
    pytest.param(lambda d: [_valid(d), "--pages", "2"], "has only 1 page", id="pages-beyond"),
    pytest.param(lambda d: [_valid(d), "--pages", "0"], "count from 1", id="pages-zero"),
    pytest.param(lambda d: [_valid(d), "--pages", "abc"], "not a page range", id="pages-malformed"),
    pytest.param(
        lambda d: [_valid(d), "--pages", "1-x"], "not a page range", id="pages-half-range"
    ),
    pytest.param(
        lambda d: [_valid(d), "--profile", str(d / "nope.toml")],
        "no such file",
        id="profile-missing",
    ),
    pytest.param(
        lambda d: [_valid(d), "--profile", str(_write(d / "bad.toml", BAD_PROFILE))],
        "not valid TOML",
        id="profile-bad-toml",
    ),
    pytest.param(
        lambda d: [_valid(d), "--profile", str(_write(d / "empty.toml", NO_COLUMNS))],
        "no [[columns]]",
        id="profile-no-columns",
    ),
    pytest.param(
        lambda d: [_valid(d), "--sep", "|"],
        "--sep",
        id="sep-invalid",
    ),
    pytest.param(
        lambda d: [_valid(d), "--format", "csv,pdf"],
        "choose one or more of csv, html, xlsx, json",
        id="format-unknown",
    ),
    pytest.param(lambda d: [_valid(d), "--format", ","], "--format", id="format-empty"),
    pytest.param(
        lambda d: [
            _valid(d),
            "--profile",
            str(
                _write(
                    d / "derive.toml", b'[[columns]]\nname = "x"\nheaders = ["x"]\nderive = "y"\n'
                )
            ),
        ],
        "derive 'y' is not one of",
        id="profile-bad-derive",
    ),
]


@pytest.mark.parametrize(("make_args", "fragment"), ERROR_CASES)
def test_failure_exits_2_with_one_error_line_and_no_output(
    make_args: Case, fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad input or option: exit 2, one `error:` line saying what is wrong, nothing written."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    args = make_args(inputs)
    out_dir = tmp_path / "out"
    code, out, err = run_cli([*args, "-o", str(out_dir)], capsys)
    assert code == 2
    assert_one_error_line(err, fragment)
    assert "wrote" not in out
    assert_no_output(out_dir)
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("pages", [None, "1"], ids=["screened", "pages"])
def test_a_scan_without_tesseract_says_what_to_install(
    pages: str | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A scan where tesseract (or its Italian model) is missing: exit 2, one line naming the
    packages to install, nothing written (the plan's child process is forked: it keeps the
    patch)."""
    monkeypatch.setattr("pdztables.extract.ocr.languages", lambda: None)
    pdf = scan_pdf(tmp_path / "scan.pdf")
    out_dir = tmp_path / "out"
    args = [str(pdf), "-o", str(out_dir), *(["--pages", pages] if pages else [])]
    code, _, err = run_cli(args, capsys)
    assert code == 2
    assert_one_error_line(err, "apt install tesseract-ocr tesseract-ocr-ita")
    assert "no text layer" in err and str(pdf) in err
    assert_no_output(out_dir)


def test_encrypted_message_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The password message names the file and says what to do."""
    pdf = encrypted_pdf(tmp_path / "locked.pdf")
    code, _, err = run_cli([str(pdf), "-o", str(tmp_path / "out")], capsys)
    assert code == 2
    assert_one_error_line(err, str(pdf))
    assert "password-protected" in err
    assert "unprotected copy" in err


@pytest.mark.parametrize(
    "where",
    [
        pytest.param(lambda f: f, id="out-is-a-file"),
        pytest.param(lambda f: f / "sub", id="out-under-a-file"),
    ],
)
def test_unwritable_output_exits_2(
    where: Callable[[Path], Path],
    plan: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`-o` naming an existing regular file: exit 2, one `error:` line, the file untouched."""
    blocker = _write(tmp_path / "out", b"not a folder\n")
    code, out, err = run_cli([str(plan), "-o", str(where(blocker))], capsys)
    assert code == 2
    assert_one_error_line(err, "cannot write to")
    assert "-o" in err
    assert "wrote" not in out
    assert blocker.read_bytes() == b"not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "plan.pdf"]


def test_an_unwritable_output_folder_is_found_before_any_plan_is_read(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`extract folder/ -o /proc/self` read every plan before it found it could write none:
    the folder is checked first, no plan is read, and the probe leaves nothing behind."""
    blocker = _write(tmp_path / "out", b"not a folder\n")

    def never(*_: object, **__: object) -> None:
        raise AssertionError("a plan was read")

    monkeypatch.setattr("pdztables.batch.run_plans", never)
    code, _, err = run_cli([str(plan), str(plan.parent), "-o", str(blocker / "sub")], capsys)
    assert code == 2
    assert_one_error_line(err, "cannot write to")
    writable = tmp_path / "fresh" / "deeper"
    monkeypatch.undo()
    assert run_cli([str(plan), "-o", str(writable), "--format", "csv"], capsys)[0] in (0, 1)
    assert not list(tmp_path.rglob("*.probe"))


def _fail_render(monkeypatch: pytest.MonkeyPatch) -> None:
    """The HTML report fails before its file is opened (after the CSV is written)."""

    def boom(*_: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pdztables.reports.html.render_html", boom)


def _fail_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    """The HTML report's temp file is written in full but cannot be renamed into place."""
    real = os.replace

    def replace(src: str, dst: str | Path) -> None:
        if str(dst).endswith(".html"):
            assert Path(src).exists()  # the temp file is there, and must be cleaned up
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst)

    monkeypatch.setattr("pdztables.reports.files.os.replace", replace)


@pytest.mark.parametrize(
    "break_it",
    [pytest.param(_fail_render, id="render-fails"), pytest.param(_fail_rename, id="rename-fails")],
)
def test_failing_write_leaves_no_partial_output(
    break_it: Callable[[pytest.MonkeyPatch], None],
    plan: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The HTML write fails after the CSV was written: the CSV and every temp file are gone."""
    break_it(monkeypatch)
    out_dir = tmp_path / "out"
    code, out, err = run_cli([str(plan), "-o", str(out_dir)], capsys)
    assert code == 2
    assert_one_error_line(err, "No space left on device")
    assert "cannot write to" in err
    assert "wrote" not in out
    assert_no_output(out_dir)


def test_unexpected_failure_is_one_line_unless_debug(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug inside the pipeline: one `error:` line pointing at --debug; --debug re-raises."""

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("pdztables.pipeline.run", broken)
    out_dir = tmp_path / "out"
    code, _, err = run_cli([str(plan), "-o", str(out_dir)], capsys)
    assert code == 2
    assert_one_error_line(err, "internal error (RuntimeError: boom)")
    assert "run again with --debug and report it" in err
    code = main(["extract", str(plan), "-o", str(out_dir), "--debug"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" in err and "RuntimeError: boom" in err  # the reading child's traceback
    assert_no_output(out_dir)


def test_outputs_follow_the_umask(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CSV and HTML get the mode a plain `open` would give them (0644 under umask 022)."""
    old = os.umask(0o022)
    try:
        assert run_cli([str(plan), "-o", str(tmp_path / "out")], capsys)[0] == 0
    finally:
        os.umask(old)
    for name in ("plan.csv", "plan.html"):
        assert (tmp_path / "out" / name).stat().st_mode & 0o777 == 0o644


# ---------------------------------------------------------------------------------------------
# Help


def test_extract_help_lists_every_option_and_the_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`pdztables extract --help` documents each option and each exit code."""
    with pytest.raises(SystemExit) as exc:
        main(["extract", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for option in ("PDF", "-o", "--out", "--sep", "--pages", "--profile", "--debug"):
        assert option in text, option
    assert "exit codes:" in text
    for code in ("0", "1", "2"):
        assert any(line.strip().startswith(f"{code} ") for line in text.splitlines()), code


def test_failed_rerun_keeps_the_previous_outputs(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun that fails at the HTML step leaves the earlier CSV and HTML as they were."""
    out_dir = tmp_path / "out"
    assert run_cli([str(plan), "-o", str(out_dir)], capsys)[0] == 0
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    _fail_render(monkeypatch)
    assert run_cli([str(plan), "-o", str(out_dir)], capsys)[0] == 2
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before


def test_a_bug_while_the_pdf_is_open_is_an_internal_error_not_a_damaged_file(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the PDF libraries' failures mean a damaged file; ours, raised while the file is
    open and being read, is a bug and says so."""
    from pdztables.extract import reader

    def broken(*_: object, **__: object) -> None:
        raise ValueError("bug in the layout engine")

    monkeypatch.setattr(reader, "page_content", broken)
    out_dir = tmp_path / "out"
    code, _, err = run_cli([str(plan), "-o", str(out_dir)], capsys)
    assert code == 2
    assert_one_error_line(err, "internal error (ValueError: bug in the layout engine)")
    assert "damaged" not in err
    assert_no_output(out_dir)


def test_a_damaged_file_is_not_called_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = damaged_pdf(tmp_path / "bad.pdf")
    code, _, err = run_cli([str(pdf), "-o", str(tmp_path / "out")], capsys)
    assert code == 2
    assert_one_error_line(err, "the PDF is damaged")
    assert "internal error" not in err


def test_a_failed_rerun_keeps_the_earlier_outputs(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rerun that cannot write one output (the report's name is now a folder) exits 2 and
    leaves the earlier CSV exactly as it was, with no temporary file."""
    out_dir = tmp_path / "out"
    assert run_cli([str(plan), "-o", str(out_dir), "--format", "csv"], capsys)[0] == 0
    before = (out_dir / "plan.csv").read_bytes()
    (out_dir / "plan.html").mkdir()
    code, _, err = run_cli([str(plan), "-o", str(out_dir), "--sep", ","], capsys)
    assert code == 2
    assert_one_error_line(err, "cannot write to")
    assert (out_dir / "plan.csv").read_bytes() == before
    assert not list(out_dir.glob(".*.tmp"))


def test_write_atomically_puts_earlier_files_back_when_a_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pdztables.reports.files import write_atomically

    first, second = tmp_path / "a.csv", tmp_path / "b.html"
    first.write_text("old a")
    second.write_text("old b")
    real = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == second and Path(src).name.endswith(".tmp") and ".old." not in str(src):
            raise OSError(errno.EIO, "I/O error")
        real(src, dst)

    monkeypatch.setattr("pdztables.reports.files.os.replace", replace)
    with pytest.raises(OSError):
        write_atomically(
            [(first, lambda p: p.write_text("new a")), (second, lambda p: p.write_text("new b"))]
        )
    assert first.read_text() == "old a" and second.read_text() == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.html"]


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_run_with_one_line_and_no_file_left(
    sig: int, code: int, tmp_path: Path
) -> None:
    """SIGTERM or SIGINT in the middle of a run (a table over some forty pages, read by worker
    processes): one `error:` line, no output, no temporary file, no process left behind."""
    rows = [[str(k), *VALID_ROWS[0][1:]] for k in range(1, 801)]
    pdf = table_pdf(tmp_path / "long.pdf", rows)
    out_dir = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pdztables", "extract", str(pdf), "-o", str(out_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = time.monotonic()
    seen: set[int] = set()
    while time.monotonic() - started < 20:  # until the reading child has its workers
        seen |= set(descendants(proc.pid)) - {proc.pid}
        if len(seen) >= 3:
            break
        time.sleep(0.05)
    assert len(seen) >= 3, "the run ended or never forked its workers"
    time.sleep(0.3)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert_one_error_line(err, "no output was written")
    assert not out_dir.exists() or not [p for p in out_dir.rglob("*") if p.is_file()]
    time.sleep(0.5)
    alive = [pid for pid in seen if running(pid)]
    assert not alive, f"processes left behind: {alive}"


def test_cells_that_would_run_as_formulas_are_guarded_in_the_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OWASP's advice against CSV injection: a leading apostrophe, logged as a repair; a plain
    number stays as it is; `--no-formula-guard` writes the cells untouched."""
    rows = [
        [
            "1",
            '=HYPERLINK("http://x","clic")',
            "05a",
            "processo",
            "-5",
            "+10%",
            "@SUM(A1)",
            "annuale",
        ],
        ["2", "+cmd|' /C calc'!A0", "05a", "processo", "4", "4", "UdP", "annuale"],
    ]
    pdf = table_pdf(tmp_path / "plan.pdf", rows)
    guarded, raw = tmp_path / "g", tmp_path / "r"
    assert run_cli([str(pdf), "-o", str(guarded), "--sep", ",", "--lang", "en"], capsys)[0] == 0
    cells = read_cells(guarded / "plan.csv", ",")
    assert cells[1][1] == '\'=HYPERLINK("http://x","clic")'
    assert cells[1][4:7] == ["-5", "+10%", "'@SUM(A1)"]
    assert cells[2][1] == "'+cmd|' /C calc'!A0"
    report = html.unescape((guarded / "plan.html").read_text("utf-8"))
    assert "Cell guarded against running as a formula (3)" in report
    args = [str(pdf), "-o", str(raw), "--sep", ",", "--no-formula-guard", "--format", "csv"]
    assert run_cli(args, capsys)[0] == 0
    cells = read_cells(raw / "plan.csv", ",")
    assert cells[1][1] == '=HYPERLINK("http://x","clic")' and cells[1][6] == "@SUM(A1)"


def test_the_terminal_lists_the_first_warnings_as_it_lists_the_first_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = Path(__file__).resolve().parent.parent / "samples" / "cremasco_monitoring.pdf"
    code, out, err = run_cli([str(pdf), "-o", str(tmp_path), "--format", "csv"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].endswith("0 errors, 6 warnings")
    shown = [line for line in lines if line.startswith("  warning: ")]
    assert len(shown) == 3 and shown[0].startswith("  warning: page 1: rilevato_2022-12-31")
    assert "  ... 3 more warnings in the report" in lines
