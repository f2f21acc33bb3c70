"""Many plans in one run, and the limits every plan runs under."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_checks import assert_one_error_line, run_command
from pdf_factory import VALID_ROWS, table_pdf

from pdztables.batch import collect_plans
from pdztables.isolate import ChildFailure, LimitError, Limits, parse_size, run_limited
from pdztables.normalize.derive import LONG_COLUMNS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A folder of plans: two `piano.pdf` in two subfolders (one in upper case), one with a
    validation error, one that is not a PDF."""
    root = tmp_path / "piani"
    (root / "nord").mkdir(parents=True)
    (root / "sud").mkdir()
    table_pdf(root / "nord" / "piano.pdf", VALID_ROWS)
    shutil.copy(ROOT / "samples" / "plan_targets3.pdf", root / "sud" / "PIANO.PDF")
    gap = [VALID_ROWS[0], ["3", *VALID_ROWS[2][1:]]]  # nr 2 missing: a validation error
    table_pdf(root / "sud" / "lacuna.pdf", gap)
    (root / "sud" / "rotto.pdf").write_bytes(b"not a pdf at all")
    (root / "note.txt").write_text("not a plan")
    return root


def test_a_batch_gathers_every_plans_monitoring_results_in_one_long_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "piani"
    folder.mkdir()
    for name in ("cremasco_monitoring.pdf", "plan_targets3.pdf"):
        shutil.copy(ROOT / "samples" / name, folder / name)
    out = tmp_path / "out"
    code, _, err = run_command("extract", [str(folder), "-o", str(out), "--format", "csv"], capsys)
    assert code in (0, 1), err
    with (out / "rilevazioni.csv").open(encoding="utf-8-sig", newline="") as fh:
        long = list(csv.DictReader(fh, delimiter=";"))
    assert list(long[0]) == ["file", *LONG_COLUMNS, "pagina"]
    plan_long = (out / "cremasco_monitoring-rilevazioni.csv").read_text("utf-8-sig")
    assert len(long) == len(plan_long.splitlines()) - 1 == 2 * 49  # the other plan measures none
    assert {r["file"] for r in long} == {"cremasco_monitoring.pdf"}
    assert [(r["nr"], r["data"], r["esito"]) for r in long[:2]] == [
        ("1", "2022-12-31", "raggiunto"),
        ("1", "2023-09-30", "non raggiunto"),
    ]


def test_folders_are_searched_and_outputs_keep_their_relative_paths(
    plans: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, err = run_command("extract", [str(plans), "-o", str(out), "--jobs", "2"], capsys)
    assert code == 2, err  # one plan failed
    assert err == ""
    lines = stdout.splitlines()
    assert lines[-1] == "4 plans: 2 without errors, 1 with validation errors, 1 failed"
    assert "sud/rotto.pdf: error: not a PDF file; give the plan as a PDF" in lines  # named once
    for stem in ("nord/piano", "sud/PIANO", "sud/lacuna"):
        for suffix in (".csv", ".html", ".xlsx", "-rilevazioni.csv"):
            assert (out / f"{stem}{suffix}").is_file(), f"{stem}{suffix}"
    assert not (out / "sud" / "rotto.csv").exists()
    with (out / "indicatori.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    files = [r["file"] for r in rows]
    assert files.count("nord/piano.pdf") == 3 and files.count("sud/PIANO.PDF") == 26
    assert files.count("sud/lacuna.pdf") == 2
    header = list(rows[0])
    assert header[0] == "file" and header[-1] == "pagina"
    assert "obiettivo" in header and "risultato_atteso_3" in header  # united across plans
    assert next(r for r in rows if r["file"] == "nord/piano.pdf")["obiettivo"] == ""
    # the year each target refers to, where the plan's header says it: "Target 2025" gives
    # 2025; "risultati attesi I anno" only an order, so no year is guessed
    assert header.index("risultato_atteso_1_anno") == header.index("risultato_atteso_1") + 1
    years = {(r["file"], r["risultato_atteso_1_anno"], r["risultato_atteso_3_anno"]) for r in rows}
    assert years == {
        ("nord/piano.pdf", "", ""),
        ("sud/PIANO.PDF", "2025", "2027"),
        ("sud/lacuna.pdf", "", ""),
    }
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="it">' in index and "Piani: 4; senza errori: 2" in index
    assert 'href="nord/piano.html"' in index and "rotto.pdf" in index
    # a failed plan: why, in the index's language, and the message naming it by its path here
    assert "non letto: il file non si legge come PDF con testo" in index
    assert "sud/rotto.pdf: not a PDF file" in index and str(plans) not in index


def test_a_batch_without_failures_exits_with_its_worst_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    table_pdf(a, VALID_ROWS)
    table_pdf(b, [VALID_ROWS[0], ["3", *VALID_ROWS[2][1:]]])
    code, stdout, _ = run_command("extract", [str(a), str(a), "-o", str(tmp_path / "o")], capsys)
    assert code == 0  # a plan given twice is read once: a single plan
    code, stdout, _ = run_command("extract", [str(a), str(b), "-o", str(tmp_path / "p")], capsys)
    assert code == 1
    assert (
        stdout.splitlines()[-1] == "2 plans: 1 without errors, 1 with validation errors, 0 failed"
    )


def test_two_files_of_the_same_name_do_not_collide(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    one, two = tmp_path / "piano.pdf", tmp_path / "x" / "piano.pdf"
    one.write_bytes(b"%PDF-")
    two.write_bytes(b"%PDF-")
    names = [str(p.relative) for p in collect_plans([one, two])]
    assert names == ["piano.pdf", "x/piano.pdf"]


def test_plans_named_like_the_batch_files_keep_their_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`indicatori.pdf` and `index.pdf` at the top of a batch would overwrite the batch's
    `indicatori.csv` and `index.html`: their outputs go into their folder's name."""
    root = tmp_path / "piani"
    root.mkdir()
    for name in ("indicatori.pdf", "index.pdf", "rilevazioni.pdf", "altro.pdf"):
        table_pdf(root / name, VALID_ROWS)
    out = tmp_path / "out"
    code, _, err = run_command("extract", [str(root), "-o", str(out)], capsys)
    assert code == 0, err
    assert (out / "piani" / "indicatori.csv").is_file() and (out / "piani" / "index.html").is_file()
    assert (out / "altro.csv").is_file()
    with (out / "indicatori.csv").open(encoding="utf-8-sig", newline="") as fh:
        files = {r["file"] for r in csv.DictReader(fh, delimiter=";")}
    assert files == {
        "piani/indicatori.pdf",
        "piani/index.pdf",
        "piani/rilevazioni.pdf",
        "altro.pdf",
    }
    assert (out / "piani" / "rilevazioni.csv").is_file() and (out / "rilevazioni.csv").is_file()
    assert "<html" in (out / "index.html").read_text("utf-8")


def test_an_interrupted_batch_says_what_it_kept(tmp_path: Path) -> None:
    root = tmp_path / "piani"
    root.mkdir()
    for k in range(12):
        shutil.copy(ROOT / "samples" / "plan_cremasco_full.pdf", root / f"p{k:02d}.pdf")
    out = tmp_path / "o"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pdztables", "extract", str(root), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # interrupted once a plan is read (not after a fixed time, which a quick machine may
    # need for the whole batch), with most of the batch still to read
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not list(out.glob("p*.csv")):
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert_one_error_line(err, "the plans read before keep their outputs")
    assert list(out.glob("p*.csv"))
    assert not (out / "index.html").exists()
    assert not [p for p in out.rglob("*.tmp")]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--timeout", "0"], "--timeout 0"),
        (["--max-memory", "lots"], "--max-memory"),
        (["--max-memory", "100M"], "at least 512M"),
        (["--jobs", "0"], "--jobs 0"),
    ],
)
def test_bad_limits_are_one_error_line(
    args: list[str], fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = table_pdf(tmp_path / "plan.pdf", VALID_ROWS)
    code, _, err = run_command("extract", [str(pdf), "-o", str(tmp_path / "o"), *args], capsys)
    assert code == 2
    assert_one_error_line(err, fragment)


@pytest.mark.parametrize(
    ("text", "size"), [("2G", 2 * 1024**3), ("1500M", 1500 * 1024**2), ("512k", 512 * 1024)]
)
def test_sizes_are_written_like_2g(text: str, size: int) -> None:
    assert parse_size(text) == size


def _allocate() -> int:
    hog = [bytearray(64 * 1024**2) for _ in range(64)]  # 4 GB, touched
    return len(hog)


def _sleep() -> None:
    time.sleep(30)


def _abort() -> None:
    os.abort()


def _fail() -> None:
    raise RuntimeError("boom")


def test_a_plan_past_its_memory_is_stopped_with_a_clear_message() -> None:
    with pytest.raises(LimitError, match="damaged or built to exhaust memory"):
        run_limited(_allocate, (), Limits(30, 600 * 1024**2), "hog.pdf")


def test_a_plan_past_its_time_is_stopped_within_the_limit() -> None:
    started = time.monotonic()
    with pytest.raises(LimitError, match="longer than 1 s"):
        run_limited(_sleep, (), Limits(1, 1024**3), "slow.pdf")
    assert time.monotonic() - started < 5


def test_a_crash_of_the_reader_is_reported_and_a_bug_keeps_its_traceback() -> None:
    with pytest.raises(LimitError, match="SIGABRT"):
        run_limited(_abort, (), Limits(), "crash.pdf")
    with pytest.raises(ChildFailure) as bug:
        run_limited(_fail, (), Limits(), "bug.pdf")
    assert "RuntimeError: boom" in bug.value.trace


def test_the_batch_progress_line_names_plans_done_running_and_failed() -> None:
    from pdztables.batch import BatchProgress

    stream = io.StringIO()
    BatchProgress(stream)(3, 20, ["a.pdf", "b.pdf"], 1)
    assert "3/20 plans done, 1 failed; reading a.pdf, b.pdf" in stream.getvalue()


def test_after_a_kill_temporary_files_go_and_an_output_moved_aside_comes_back(
    tmp_path: Path,
) -> None:
    from pdztables.batch import Plan, cleanup_for

    (tmp_path / ".plan.csv.x1.old.tmp").write_text("earlier csv")
    (tmp_path / ".plan.html.x2.tmp").write_text("half a report")
    (tmp_path / ".plan2.csv.x3.tmp").write_text("another plan's, still being written")
    cleanup_for(tmp_path, Plan(tmp_path / "plan.pdf", Path("plan.pdf")))()
    assert (tmp_path / "plan.csv").read_text() == "earlier csv"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".plan2.csv.x3.tmp", "plan.csv"]


def test_every_text_cell_of_every_csv_is_guarded_whatever_its_dtype() -> None:
    import pandas as pd

    from pdztables.reports.tables import as_text

    for dtype in (object, "string", "str"):
        try:
            frame = pd.DataFrame({"a": ["=1+1", "-5", "@SUM(A1)"]}, dtype=dtype)
        except TypeError:
            continue
        assert as_text(frame, ",", guarded=True)["a"].tolist() == ["'=1+1", "-5", "'@SUM(A1)"]


def test_an_interrupt_dropped_on_its_way_is_raised_at_the_next_check() -> None:
    """Python drops an exception raised while it runs its callbacks around a fork: the SIGINT
    is remembered, and the loops that start children raise it at their next turn."""
    from pdztables.isolate import interrupt, listen_for_interrupts, raise_if_interrupted

    previous = listen_for_interrupts()
    try:
        raise_if_interrupted()  # nothing yet
        with contextlib.suppress(KeyboardInterrupt):  # as a fork callback would drop it
            interrupt(signal.SIGINT, None)
        with pytest.raises(KeyboardInterrupt):
            raise_if_interrupted()
    finally:
        listen_for_interrupts()
        signal.signal(signal.SIGINT, previous)
