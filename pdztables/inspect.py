"""`pdztables inspect`: the tables a PDF holds and how their headers map to the profile."""

from __future__ import annotations

from pathlib import Path

from pdztables.errors import NoTableError, plural
from pdztables.extract import Extraction, PageTable, extract_tables
from pdztables.extract.budget import given_up_text
from pdztables.normalize import Normalized, normalize
from pdztables.normalize.text import clean_cell
from pdztables.reports.html import page_ranges
from pdztables.schemas import Profile


def inspect_pdf(pdf: Path, profile: Profile, pages: str | None = None) -> tuple[str, bool]:
    """A plain-text account of the tables found; and whether an indicator table is among them."""
    extraction = extract_tables(pdf, profile, pages)
    try:
        table: Normalized | None = normalize(extraction, profile)
    except NoTableError:
        table = None
    out = [
        f"{pdf}: {plural(extraction.page_count, 'page')}; profile {profile.name}"
        + (f" ({profile.source})" if profile.source != "default" else ""),
        "",
        "pages read:",
    ]
    out += [f"  {s.page:>4}  {s.why}" for s in extraction.screened] or ["  none"]
    out += [f"  {given_up_text(given)}" for given in extraction.given_up]
    out += ["", "tables found on the pages read:"]
    out += [_describe(t) for t in extraction.tables] or ["  none"]
    if table is None:
        out += [
            "",
            f"indicator table: none (no header has {profile.layout.header_matches} cells "
            "the profile knows)",
        ]
        out += _every_table(pdf, profile, pages, extraction.page_count)
        return "\n".join(out) + "\n", False
    out += _indicator_table(extraction, table, profile)
    return "\n".join(out) + "\n", True


def _describe(table: PageTable) -> str:
    """One line per table: where, how drawn, its size, and its header (or its first row)."""
    size = f"{table.n_rows:>3} rows x {table.n_cols:>2} columns"
    where = f"  page {table.page:>4}  {table.ruling:<6} {size}"
    if table.header is not None:
        h = table.header
        texts = [" ".join(clean_cell(t)[0] for t in parts) for parts in h.parts]
        rows = f"{h.rows}-row header" if h.rows > 1 else "header"
        return f"{where}; {rows} ({h.known} known): " + " | ".join(t or "·" for t in texts)
    if table.header_rows:
        return f"{where}; goes on from the page before, under a fragment of the header"
    if table.kind(0) == "body":
        return f"{where}; goes on from the page before"
    first = [clean_cell(c.text)[0] for c in table.cells if c.row == 0]
    return f"{where}; first row: " + " | ".join(t or "·" for t in first)


def _indicator_table(extraction: Extraction, table: Normalized, profile: Profile) -> list[str]:
    h = table.header
    rows = f", {h.rows} header rows" if h.rows > 1 else ""
    out = [
        "",
        f"indicator table: header on page {h.page}{rows}, "
        f"{plural(len(table.frame), 'row')} on pages {page_ranges(table.pages)}",
    ]
    if table.left_out:
        out.append("tables left out:")
        out += [f"  page {x.page:>4}  {x.shape}: {x.reason}" for x in table.left_out]
    out += ["", "columns (source header -> canonical column):"]
    width = max((len(c.source) for c in table.columns), default=10)
    for c in table.columns:
        note = c.detail if c.known else "not in the profile: kept under its own header"
        out.append(f"  {c.source:<{width}}  -> {c.name}" + (f"  ({note})" if note else ""))
    missing = profile.missing_required(table.frame.columns)
    out.append("required columns missing: " + (", ".join(missing) if missing else "none"))
    return out


EVERY_TABLE_PAGES = 60
"""With no indicator table and no page range, documents up to this many pages have every
table listed (read as `pdztables tables` reads them); a longer one asks for --pages."""


def _every_table(pdf: Path, profile: Profile, pages: str | None, page_count: int) -> list[str]:
    """Every table of the pages, read with no profile: its header's texts and the profile
    column each stands for, so that a profile for the plan is easy to write."""
    from pdztables.tables import read_tables_found, warning_lines

    if pages is None and page_count > EVERY_TABLE_PAGES:
        return [
            "",
            f"every table: not listed ({plural(page_count, 'page')}, more than "
            f"{EVERY_TABLE_PAGES}); "
            "give --pages (the pages of the indicator table) to list the tables there",
        ]
    tables, found = read_tables_found(pdf, pages)
    out = ["", "every table (read with no profile, as `pdztables tables` reads them):"]
    out += [f"  {line}" for line in warning_lines(found, tables)]
    if not tables:
        return [*out, "  none"]
    need = profile.layout.header_matches
    for t in tables:
        where = f"page {t.page}" if len(t.pages) == 1 else f"pages {page_ranges(t.pages)}"
        size = f"{plural(len(t.body), 'row')} x {plural(t.n_cols, 'column')}"
        out.append(f"  table {t.number}: {where}, {t.ruling}, {size}")
        if not t.header_rows:
            first = " | ".join(text or "·" for text in (t.rows[0] if t.rows else ()))
            out.append(f"    no header; first row: {first}")
            continue
        names = [" ".join(h.split()) for h in t.header]
        width = min(max((len(n) for n in names), default=10), 50)
        known = 0
        for name in names:
            hit = profile.match(name) if name else None
            known += hit is not None
            column = hit.column.name if hit is not None else "not in the profile"
            out.append(f"    {(name or '·')[:50]:<{width}}  -> {column}")
        out.append(
            f"    {known} of {plural(len(names), 'header cell')} known to the profile "
            f"(an indicator table needs {need})"
        )
    return out
