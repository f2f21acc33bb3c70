"""The Python API: `pdztables.read_pdf("plan.pdf")` and what it returns.

```python
import pdztables
result = pdztables.read_pdf("plan.pdf")          # str or Path; profile=, pages= as on the CLI
result.table          # pandas DataFrame: nr and pagina as integers, text columns as strings
result.findings       # DataFrame: severity, page, nr, column, message
result.repairs        # DataFrame: kind, page, row, column, before, after
result.to_csv("out/plan.csv")       # same conventions as the CLI (sep, BOM)
result.to_html("out/plan.html")
```

The command line is a thin layer over this module: `pdztables extract` is `read_pdf` and
`Result.outputs`. Failures are exceptions with the CLI's messages: `pdztables.InputError` (not a
readable PDF, a bad page range), `pdztables.NoTableError` (no indicator table),
`pdztables.ProfileError` (a bad profile); all are `pdztables.PdzError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property, partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from pdztables.errors import PdzError, plural
from pdztables.i18n import DEFAULT_LANG, LANGS
from pdztables.reports.files import Writer, write_atomically
from pdztables.schemas.profile import Profile, load_profile

if TYPE_CHECKING:
    import pandas as pd

    from pdztables.extract import Progress
    from pdztables.pipeline import Result as Run

FORMATS = ("csv", "html", "xlsx", "json")
DEFAULT_FORMATS = ("csv", "html", "xlsx")


def read_pdf(
    path: str | Path,
    profile: str | Path | Profile | None = None,
    pages: str | int | Sequence[int] | None = None,
    progress: Progress | None = None,
    lang: str = DEFAULT_LANG,
    formula_guard: bool = True,
) -> Result:
    """Extract, repair and validate the indicator table of a PDF.

    `profile`: a profile TOML file (or a loaded `Profile`); the shipped profile by default.
    `pages`: a range such as ``"3-5"`` or ``"2,4-6"``, a page number or a list of them (from
    1); the pages screened for the table by default. `lang`: the language of the findings'
    messages and of the report and workbook (`it`, the default, or `en`). `formula_guard`:
    CSV cells a spreadsheet would run as formulas (`=HYPERLINK(...)`) get a leading
    apostrophe, each logged as a repair; False writes them untouched (for tools that are not
    spreadsheets).
    """
    from pdztables.pipeline import run

    if lang not in LANGS:
        raise ValueError(f"lang {lang!r} is not one of {', '.join(LANGS)}")
    if not isinstance(profile, Profile):
        profile = load_profile(Path(profile) if profile is not None else None)
    if isinstance(pages, int):
        pages = [pages]
    spec = pages if pages is None or isinstance(pages, str) else ",".join(str(p) for p in pages)
    run_ = run(Path(path), spec, profile, progress, formula_guard)
    return Result(run_, lang, formula_guard)


class Result:
    """The indicator table of one plan: the clean table, what validation found, the repairs,
    and writers for every output."""

    def __init__(self, run: Run, lang: str = DEFAULT_LANG, formula_guard: bool = True) -> None:
        self.run = run
        """Everything the pipeline kept (extraction, records, boxes), for the curious."""
        self.lang = lang
        """The language of the findings, the report and the workbook."""
        self.formula_guard = formula_guard
        """Whether CSV cells that would run as formulas get a leading apostrophe."""

    # -- the data -----------------------------------------------------------------------------

    @property
    def source(self) -> Path:
        """The PDF read."""
        return self.run.source

    @property
    def pages(self) -> tuple[int, ...]:
        """The pages the table's rows come from."""
        return self.run.table.pages

    @property
    def ok(self) -> bool:
        """Whether validation found no error (warnings allowed)."""
        return self.run.validation.ok

    @cached_property
    def table(self) -> pd.DataFrame:
        """One row per indicator: the text columns as strings (the source's words), the key
        and the page as integers (nullable), the typed columns typed."""
        frame = self.run.table.frame.copy()
        typed = self.run.table.typed
        whole = {self.run.profile.page_column}
        if self.run.table.key is not None:
            whole.add(self.run.table.key)
        for name in frame.columns:
            if name in whole:
                frame[name] = _integers(frame[name])
            elif typed.get(name) not in ("valore", "min_subambito"):
                frame[name] = frame[name].astype("string")
        return frame

    @cached_property
    def findings(self) -> pd.DataFrame:
        """Every validation finding: severity (`error`, `warning`), page, nr, column, check,
        message (in the result's language; `findings_in("en")` for another)."""
        return self.findings_in(self.lang)

    def findings_in(self, lang: str) -> pd.DataFrame:
        """The findings with their messages in a language (`it`, `en`)."""
        import pandas as pd

        rows = [
            (f.severity, f.page, f.row, f.column, f.check, f.text(lang))
            for f in self.run.validation.failures
        ]
        frame = pd.DataFrame(rows, columns=["severity", "page", "nr", "column", "check", "message"])
        frame["page"] = frame["page"].astype("Int64")
        frame["nr"] = _integers(frame["nr"])  # joins with table.nr
        return frame

    @cached_property
    def repairs(self) -> pd.DataFrame:
        """The repair log: kind, page, row (the indicator's nr), column, before, after."""
        import pandas as pd

        rows = [
            (r.kind, r.page, r.row, r.column, r.before, r.after) for r in self.run.table.repairs
        ]
        frame = pd.DataFrame(rows, columns=["kind", "page", "row", "column", "before", "after"])
        frame["page"] = frame["page"].astype("Int64")
        return frame

    @cached_property
    def measurements(self) -> pd.DataFrame:
        """The monitoring results, one row per indicator and measurement date, typed as the
        table is, so the two merge on `nr`: `nr` holds the table's key (typed as the table's
        key column, whose name a profile may choose), `data` a date (`NaT` for a date no
        calendar has), the page a nullable integer, `valore` and `target` floats, text as
        strings."""
        import pandas as pd

        frame = self.run.long_form.copy()
        page = self.run.profile.page_column
        key = self.run.table.key
        for name in frame.columns:
            if name == "nr":
                numbered = key is not None and str(self.table[key].dtype) == "Int64"
                frame[name] = _integers(frame[name]) if numbered else frame[name].astype("string")
            elif name == page:
                frame[name] = _integers(frame[name])
            elif name == "data":
                # a date no calendar has (a header's 31/09) is NaT, and a validation warning
                frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d", errors="coerce")
                frame[name] = frame[name].astype("datetime64[s]")
            elif name in ("valore", "target"):
                frame[name] = frame[name].astype("float64")
            else:
                frame[name] = frame[name].astype("string")
        return frame

    # -- the outputs --------------------------------------------------------------------------

    def to_csv(self, path: str | Path, sep: str = ";") -> None:
        """The table as CSV: `;` with a byte-order mark for Italian Excel, or `,` plain UTF-8."""
        self._write([(Path(path), self._csv_writer(sep))])

    def to_html(self, path: str | Path, lang: str | None = None, pictures: bool = True) -> None:
        """The report: one HTML file with the page pictures embedded (`pictures=False` leaves
        them out), in the result's language or `lang`."""
        from pdztables.reports.html import write_html_to

        report = partial(write_html_to, self.run, lang=lang or self.lang, pictures=pictures)
        self._write([(Path(path), report)])

    def to_excel(self, path: str | Path, lang: str | None = None) -> None:
        """The workbook: Indicatori, Rilevazioni, Validazione, Riparazioni (its messages in the
        result's language or `lang`)."""
        from pdztables.reports.workbook import write_workbook_to

        self._write([(Path(path), partial(write_workbook_to, self.run, lang=lang or self.lang))])

    def outputs(
        self,
        folder: str | Path,
        stem: str | None = None,
        formats: Sequence[str] = DEFAULT_FORMATS,
        sep: str = ";",
        lang: str | None = None,
        pictures: bool = True,
    ) -> list[tuple[Path, Writer]]:
        """The files `save` writes, each with its writer: `<stem>.csv` and
        `<stem>-rilevazioni.csv` (csv), `<stem>.html` (html), `<stem>.xlsx` (xlsx),
        `<stem>.schema.json` (json)."""
        from pdztables.reports.html import write_html_to
        from pdztables.reports.schema import write_schema_to
        from pdztables.reports.tables import write_csv_to
        from pdztables.reports.workbook import write_workbook_to

        out, stem = Path(folder), stem or self.source.stem
        lang = lang or self.lang
        if isinstance(formats, str):
            formats = formats.split(",")
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            raise ValueError(f"format {unknown[0]!r} is not one of {', '.join(FORMATS)}")
        files: list[tuple[Path, Writer]] = []
        if "csv" in formats:
            files.append((out / f"{stem}.csv", self._csv_writer(sep)))
            files.append(
                (
                    out / f"{stem}-rilevazioni.csv",
                    partial(write_csv_to, self.run.long_form, sep=sep, guarded=self.formula_guard),
                )
            )
        if "html" in formats:
            report = partial(write_html_to, self.run, lang=lang, pictures=pictures)
            files.append((out / f"{stem}.html", report))
        if "xlsx" in formats:
            files.append((out / f"{stem}.xlsx", partial(write_workbook_to, self.run, lang=lang)))
        if "json" in formats:
            files.append((out / f"{stem}.schema.json", partial(write_schema_to, self.run, sep)))
        return files

    def save(self, folder: str | Path, **options: object) -> list[Path]:
        """Write the outputs into a folder (options as for `outputs`), all or none."""
        files = self.outputs(folder, **options)  # type: ignore[arg-type]
        self._write(files)
        return [path for path, _ in files]

    def _csv_writer(self, sep: str) -> Writer:
        from pdztables.reports.tables import write_csv_to

        return partial(write_csv_to, self.run.table.frame, sep=sep, guarded=self.formula_guard)

    @staticmethod
    def _write(files: list[tuple[Path, Writer]]) -> None:
        """Write atomically; a folder that cannot be written is a PdzError with the CLI's
        message."""
        try:
            write_atomically(files)
        except OSError as exc:
            folder = files[0][0].parent if files else Path()
            raise PdzError(
                f"cannot write to {folder}: {exc.strerror or exc}; choose another folder"
            ) from None

    # -- in a notebook ------------------------------------------------------------------------

    def summary(self) -> str:
        """One line: indicators, pages, repairs, errors, warnings."""
        from pdztables.reports.html import page_ranges

        v = self.run.validation
        pages = self.pages
        where = f"page {pages[0]}" if len(pages) == 1 else f"pages {page_ranges(pages)}"
        return (
            f"{self.source.name}: {plural(len(self.run.table.frame), 'indicator')} on {where}, "
            f"{plural(len(self.run.table.repairs), 'repair')}, {plural(len(v.errors), 'error')}, "
            f"{plural(len(v.warnings), 'warning')}"
        )

    def __repr__(self) -> str:
        return f"<pdztables.Result {self.summary()}>"

    def _repr_html_(self) -> str:
        """The summary, the findings and the table, for Jupyter."""
        parts = [f"<p><strong>{escape(self.summary())}</strong></p>"]
        if len(self.findings):
            parts.append(self.findings.to_html(index=False, max_rows=20))
        parts.append(self.table.to_html(index=False, max_rows=60, na_rep=""))
        return "\n".join(parts)


def _integers(column: pd.Series) -> pd.Series:
    """A column of whole numbers as nullable integers, or as strings where some cell is not
    one (validation says which)."""
    import pandas as pd

    text = column.astype("string").str.strip()
    if not text.fillna("").str.fullmatch(r"\d*").all():
        return text
    return pd.Series(
        [int(v) if isinstance(v, str) and v else None for v in text.tolist()],
        index=column.index,
        dtype="Int64",
    )
