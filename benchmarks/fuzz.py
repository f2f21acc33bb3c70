"""Mutation fuzzing of `pdztables extract` and `inspect` on damaged and hostile PDFs.

    python benchmarks/fuzz.py [--n 300] [--seed N] [--jobs 2] [--timeout 60] [--budget 30]
                              [--keep DIR]

Each run takes a sample PDF, damages it with one mutation (structure-aware ones through pikepdf:
numbers of a content stream changed (to 1e20, past a float's range, tiny, zero), a page's
drawing scaled or moved by 1e20, page-tree entries listed again, a page's contents listed
thousands of times, a ToUnicode map over the whole code space, a loop in the page tree, a form
drawing itself, a `/Rotate` that is a string, a `/CropBox` of three numbers, a `/MediaBox` that
is not numbers, a dropped object, a wrong stream length, an unknown filter; or byte-level ones:
flipped bytes, a cut, a repeated or deleted chunk), runs the command on it in a child process
with the CLI's own limits as a last resort, and classifies the run:

- `ok` (exit 0 or 1), `clean` (exit 2 with one `error:` line);
- defects: `traceback`, `internal` (an `internal error` message: a bug, not damage),
  `multiline` (more than one line on stderr, progress aside), `hang` (still running 30 s past
  the CLI's timeout), `slow` (past `--budget` seconds, however it ended), `memory` (the
  reading processes' peak RSS, summed, past 1 GB), `leftover` (files left after exit 2, or
  temporary files).

It prints the counts and, for each defect, the mutation and the file kept under `--keep`. The
seed makes a run repeatable.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pdztables.isolate import descendants, rss

ROOT = Path(__file__).resolve().parent.parent


LIMIT_MB = 2048
"""The CLI's own memory cap (`--max-memory`), a last resort."""
TARGET_MB = 1024
"""A run whose reading processes peak past this is a defect (`memory`)."""
DEFECTS = ("traceback", "internal", "multiline", "hang", "slow", "memory", "leftover")


def _pages(pdf):  # type: ignore[no-untyped-def]
    return list(pdf.pages)


def contents_repeat(pdf, rng):  # type: ignore[no-untyped-def]
    import pikepdf

    page = rng.choice(_pages(pdf))
    contents = page.obj.get("/Contents")
    stream = contents[0] if isinstance(contents, pikepdf.Array) else contents
    page.obj.Contents = pikepdf.Array([stream] * rng.choice((500, 2000, 5000)))


def tounicode_bfrange(pdf, rng):  # type: ignore[no-untyped-def]
    import pikepdf

    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
        b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    stream = pikepdf.Stream(pdf, cmap)
    done = False
    for page in _pages(pdf):
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for name in list(fonts.keys()):
            fonts[name].ToUnicode = stream
            done = True
    if not done:
        raise ValueError("no font")


def kids_loop(pdf, rng):  # type: ignore[no-untyped-def]
    root = pdf.Root.Pages
    kids = root.Kids
    kids.append(root)


def form_recursion(pdf, rng):  # type: ignore[no-untyped-def]
    import pikepdf

    page = rng.choice(_pages(pdf))
    form = pikepdf.Stream(pdf, b"q /Fx Do Q")
    form.Type = pikepdf.Name.XObject
    form.Subtype = pikepdf.Name.Form
    form.BBox = [0, 0, 100, 100]
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fx=form))
    resources = page.obj.setdefault("/Resources", pikepdf.Dictionary())
    resources.XObject = pikepdf.Dictionary(Fx=form)
    page.contents_add(pikepdf.Stream(pdf, b"q /Fx Do Q"), prepend=False)


def rotate_string(pdf, rng):  # type: ignore[no-untyped-def]
    import pikepdf

    rng.choice(_pages(pdf)).obj.Rotate = pikepdf.String(rng.choice(["90", "abc", ""]))


def cropbox_three(pdf, rng):  # type: ignore[no-untyped-def]
    rng.choice(_pages(pdf)).obj.CropBox = [0, 0, 300]


def mediabox_bad(pdf, rng):  # type: ignore[no-untyped-def]
    import pikepdf

    page = rng.choice(_pages(pdf))
    page.obj.MediaBox = rng.choice(
        [
            pikepdf.Array([0, 0, pikepdf.String("x"), 100]),
            pikepdf.Array([0, 0]),
            pikepdf.Dictionary(),
            pikepdf.Array([0, 0, 1e30, 1e30]),
            pikepdf.Array([0, 0, 0, 0]),
            pikepdf.Array([0, 0, -842, -595]),
        ]
    )


def drop_object(pdf, rng):  # type: ignore[no-untyped-def]
    import pikepdf

    page = rng.choice(_pages(pdf))
    key = rng.choice([k for k in ("/Resources", "/Contents", "/MediaBox") if k in page.obj])
    if rng.random() < 0.5:
        del page.obj[key]
    else:
        page.obj[key] = pikepdf.Name("/Bogus")


def bad_filter(pdf, rng):  # type: ignore[no-untyped-def]
    import pikepdf

    page = rng.choice(_pages(pdf))
    contents = page.obj.get("/Contents")
    stream = contents[0] if isinstance(contents, pikepdf.Array) else contents
    stream.Filter = rng.choice([pikepdf.Name("/Unknown"), pikepdf.Name("/FlateDecode")])


def garbage_content(pdf, rng):  # type: ignore[no-untyped-def]
    import pikepdf

    page = rng.choice(_pages(pdf))
    junk = bytes(rng.getrandbits(8) for _ in range(rng.randint(10, 4000)))
    ops = rng.choice(
        [junk, b"BT /F1 12 Tf " + b"(x) Tj " * 20000 + b"ET", b"[" * 50000, b"q " * 100000]
    )
    page.contents_add(pikepdf.Stream(pdf, ops), prepend=rng.random() < 0.5)


NUMBER = re.compile(rb"(?<![A-Za-z0-9/#.])-?(?:\d+\.?\d*|\.\d+)(?![A-Za-z0-9.])")
HUGE = (
    b"100000000000000000000",
    b"-100000000000000000000",
    b"1" + b"0" * 400,  # past a float's range: read as infinity, or refused
    b"0.00000000000000000001",
)


def _content(page):  # type: ignore[no-untyped-def]
    import pikepdf

    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(s.read_bytes() for s in contents)
    if contents is None:
        raise ValueError("no contents")
    return contents.read_bytes()


def operands_changed(pdf, rng):  # type: ignore[no-untyped-def]
    """Numbers of a page's content stream changed: one or a few, to huge, tiny, zero or a
    number a million times larger (a text position, a line's end, a matrix entry)."""
    import pikepdf

    page = rng.choice(_pages(pdf))
    data = bytearray(_content(page))
    found = list(NUMBER.finditer(bytes(data)))
    if not found:
        raise ValueError("no numbers")
    for m in sorted(
        rng.sample(found, min(len(found), rng.choice((1, 3, 20)))), key=lambda m: -m.start()
    ):
        value = rng.choice([*HUGE, b"0", b"99999", m.group() + b"000000"])
        data[m.start() : m.end()] = value
    page.obj.Contents = pikepdf.Stream(pdf, bytes(data))


def kids_duplicated(pdf, rng):  # type: ignore[no-untyped-def]
    """Entries of the page tree listed again (the same page object many times), the page
    count updated or not."""
    kids = pdf.Root.Pages.Kids
    for _ in range(rng.choice((1, 10, 500))):
        kids.append(kids[rng.randrange(len(kids))])
    if rng.random() < 0.5:
        pdf.Root.Pages.Count = len(kids)


def coordinates_huge(pdf, rng):  # type: ignore[no-untyped-def]
    """A page's drawing scaled or moved by 1e20 (or past a float's range) by a matrix set
    before it, or a rectangle and a text position drawn there."""
    import pikepdf

    page = rng.choice(_pages(pdf))
    big = rng.choice(HUGE)
    op = rng.choice(
        [
            big + b" 0 0 " + big + b" 0 0 cm",
            b"1 0 0 1 " + big + b" " + big + b" cm",
            b"1 0 0 1 0 " + big + b" cm",
            b"0 0 0 RG 1 w 10 10 " + big + b" 5 re S",
            b"BT /F1 12 Tf " + big + b" 100 Td (x) Tj ET",
        ]
    )
    page.contents_add(pikepdf.Stream(pdf, op + b"\n"), prepend=rng.random() < 0.7)


STRUCTURE: list[Callable] = [  # type: ignore[type-arg]
    operands_changed,
    kids_duplicated,
    coordinates_huge,
    contents_repeat,
    tounicode_bfrange,
    kids_loop,
    form_recursion,
    rotate_string,
    cropbox_three,
    mediabox_bad,
    drop_object,
    bad_filter,
    garbage_content,
]


def byte_mutation(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """A byte-level mutation: its name and the damaged bytes."""
    kind = rng.choice(("flip", "cut", "repeat", "delete", "insert"))
    buf = bytearray(data)
    n = len(buf)
    if kind == "flip":
        for _ in range(rng.randint(1, 40)):
            buf[rng.randrange(n)] = rng.getrandbits(8)
    elif kind == "cut":
        buf = buf[: rng.randint(n // 10, n - 1)]
    elif kind == "repeat":
        a = rng.randrange(n)
        b = min(n, a + rng.randint(10, 5000))
        buf[a:a] = buf[a:b] * rng.randint(2, 50)
    elif kind == "delete":
        a = rng.randrange(n)
        del buf[a : a + rng.randint(1, 2000)]
    else:
        a = rng.randrange(n)
        buf[a:a] = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 200)))
    return f"bytes-{kind}", bytes(buf)


def mutate(source: Path, rng: random.Random, out: Path) -> str:
    """Write a damaged copy of `source` to `out`; the mutation's name."""
    if rng.random() < 0.6:
        import pikepdf

        mutation = rng.choice(STRUCTURE)
        try:
            with pikepdf.open(source) as pdf:
                mutation(pdf, rng)
                pdf.save(
                    out,
                    compress_streams=rng.random() < 0.5,
                    object_stream_mode=rng.choice(
                        [pikepdf.ObjectStreamMode.preserve, pikepdf.ObjectStreamMode.generate]
                    ),
                )
            return mutation.__name__
        except Exception:  # a mutation pikepdf refuses to write: fall back to bytes
            pass
    name, data = byte_mutation(source.read_bytes(), rng)
    out.write_bytes(data)
    return name


def run_one(job: tuple[int, Path, str, str, float, float]) -> dict[str, object]:
    """Run the command on one damaged file and classify what happened."""
    index, pdf, mutation, command, timeout, budget = job
    folder = Path(tempfile.mkdtemp(prefix="fuzz-out-"))
    argv = [sys.executable, "-m", "pdztables", command, str(pdf)]
    argv += ["--timeout", str(int(timeout)), "--max-memory", f"{LIMIT_MB}M"]
    if command == "extract":
        argv += ["-o", str(folder)]
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    peak = 0
    ended = threading.Event()

    def watch() -> None:
        """The memory of the processes that read the file (the child the CLI forks and its
        workers: what `--max-memory` caps), the CLI's own process aside."""
        nonlocal peak
        while True:
            peak = max(peak, sum(rss(p) for p in descendants(proc.pid)[1:]))
            if ended.wait(0.02):
                break

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        _, err = proc.communicate(timeout=timeout + 30)
        hang = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        _, err = proc.communicate()
        hang = True
    finally:
        ended.set()
        watcher.join()
    peak_mb = peak / 2**20
    seconds = time.perf_counter() - started
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("\r")]
    left = [p.name for p in folder.rglob("*")]
    tmp = [p for p in left if p.endswith(".tmp")]
    code = proc.returncode
    outcome = "ok" if code in (0, 1) else "clean"
    if hang:
        outcome = "hang"
    elif "Traceback" in err:
        outcome = "traceback"
    elif "internal error" in err:
        outcome = "internal"
    elif (code == 2 and len(lines) != 1) or (code in (0, 1) and lines):
        outcome = "multiline"
    elif seconds > budget:
        outcome = "slow"
    elif peak_mb > TARGET_MB:
        outcome = "memory"
    elif (code == 2 and left) or tmp:
        outcome = "leftover"
    elif code not in (0, 1, 2):
        outcome = "traceback"  # killed by a signal: a crash
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "index": index,
        "mutation": mutation,
        "command": command,
        "code": code,
        "outcome": outcome,
        "seconds": seconds,
        "stderr": err.strip().splitlines()[-3:] if err.strip() else [],
        "pdf": str(pdf),
        "peak_mb": peak_mb,
    }


def _hostile_runs(budget: float) -> list[dict[str, object]]:
    """Every file of tests/hostile/ run once through `extract` with the default limits (the
    CLI's 300 s timeout a last resort): each must end within `budget` seconds. Their times are
    printed; the runs count with the mutations' (kept, not deleted, whatever they give)."""
    out = []
    print("tests/hostile/ with the default limits:", flush=True)
    for pdf in sorted((ROOT / "tests" / "hostile").glob("*.pdf")):
        result = run_one((-1, pdf, f"hostile:{pdf.stem}", "extract", 300.0, budget))
        result["keep"] = True
        print(f"  {pdf.stem:<22} {float(result['seconds']):5.1f} s  {result['outcome']}")  # type: ignore[arg-type]
        out.append(result)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="runs (default 300)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=60, help="the CLI's --timeout (s)")
    parser.add_argument(
        "--budget", type=float, default=30, help="seconds a run may take (default 30)"
    )
    parser.add_argument("--inspect-share", type=float, default=0.17, help="runs of inspect")
    parser.add_argument("--keep", type=Path, default=ROOT / "build" / "fuzz")
    parser.add_argument(
        "--hostile-budget",
        type=float,
        default=10,
        help="seconds each file of tests/hostile/ may take with the default limits (10)",
    )
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    rng = random.Random(seed)
    sources = (
        sorted((ROOT / "samples").glob("*.pdf"))
        + sorted((ROOT / "samples" / "layouts").glob("*.pdf"))[:12]
    )
    sources = [s for s in sources if s.stat().st_size < 3_000_000]
    keep = args.keep / str(seed)
    shutil.rmtree(keep, ignore_errors=True)
    keep.mkdir(parents=True)
    jobs = []
    print(f"seed {seed}: mutating {args.n} files into {keep.relative_to(ROOT)}", flush=True)
    for k in range(args.n):
        source = rng.choice(sources)
        pdf = keep / f"{k:04d}-{source.stem[:40]}.pdf"
        mutation = mutate(source, rng, pdf)
        command = "inspect" if rng.random() < args.inspect_share else "extract"
        jobs.append((k, pdf, mutation, command, args.timeout, args.budget))
    hostile = _hostile_runs(args.hostile_budget)
    started = time.perf_counter()
    results = list(hostile)
    with ThreadPoolExecutor(args.jobs) as pool:
        for n, result in enumerate(pool.map(run_one, jobs), 1):
            results.append(result)
            if n % 50 == 0:
                print(f"  {n}/{len(jobs)} runs", flush=True)
    counts = Counter(str(r["outcome"]) for r in results)
    by_command = Counter((str(r["command"]), str(r["outcome"])) for r in results)
    print(f"\n{len(results)} runs in {time.perf_counter() - started:.0f} s (seed {seed})")
    for outcome in ("ok", "clean", *DEFECTS):
        detail = ", ".join(f"{c} {by_command[(c, outcome)]}" for c in ("extract", "inspect"))
        print(f"  {outcome:<10} {counts[outcome]:5d}   ({detail})")
    mutations = Counter(str(r["mutation"]) for r in results)
    print("mutations: " + ", ".join(f"{m} {n}" for m, n in sorted(mutations.items())))
    slowest = max(results, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
    biggest = max(results, key=lambda r: float(r["peak_mb"]))  # type: ignore[arg-type]
    print(f"slowest run: {float(slowest['seconds']):.1f} s ({slowest['mutation']})")  # type: ignore[arg-type]
    print(f"largest peak RSS: {float(biggest['peak_mb']):.0f} MB ({biggest['mutation']})")  # type: ignore[arg-type]
    defects = [r for r in results if r["outcome"] in DEFECTS]
    for r in defects[:40]:
        print(f"  {r['outcome']:<10} {r['command']:<8} {r['mutation']:<20} {r['pdf']}")
        for line in r["stderr"]:  # type: ignore[attr-defined]
            print(f"      {line[:160]}")
    for r in results:  # keep only the files that found something
        if r["outcome"] not in DEFECTS and not r.get("keep"):
            Path(str(r["pdf"])).unlink(missing_ok=True)
    return 1 if defects else 0


if __name__ == "__main__":
    sys.exit(main())
