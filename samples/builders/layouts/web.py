"""The browser producer: an HTML table printed to PDF by headless Chromium.

The page is what a report generator or a web application prints: a `<table>` with CSS borders
(all, rows only, columns only, outer frame, header only, none), text at the top or in the middle
of its cells (`vertical-align`), a header shaded light or dark with white
text, one or two header rows (`colspan`, `rowspan`), repeated on every page by `<thead>` or
printed once, zebra stripes and shaded group rows, group rows as one cell across, cells merged
down a column (`rowspan`), rows broken across pages or kept whole (`break-inside: avoid`),
words too long for their cell broken (`overflow-wrap: anywhere`), a running header and a
numbered footer in the page margins (CSS margin boxes). Chromium draws borders and
backgrounds as filled rectangles.
"""

from __future__ import annotations

import html
import random
import shutil
import subprocess
from pathlib import Path

from .data import Dataset
from .measure import geometry
from .rows import logical_rows
from .style import Layout

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def chromium() -> str:
    """The browser's command."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("web: no chromium on PATH (apt-get install chromium)")


def page_html(ds: Dataset, layout: Layout) -> str:
    """The HTML page of the table in the layout."""
    geo = geometry(ds, layout)
    rng = random.Random(layout.seed + 5)
    n = len(ds.cols)
    e = html.escape
    size = "A4 portrait" if layout.orientation == "portrait" else "A4 landscape"
    left, right, top, bottom = geo.margins
    b = "0.6pt solid #000"
    borders = {
        "grid": f"td, th {{ border: {b}; }}",
        "hrules": f"td, th {{ border-top: {b}; border-bottom: {b}; }}",
        "vrules": f"td, th {{ border-left: {b}; border-right: {b}; }}",
        "frame": f"table {{ border: {b}; }}",
        "header_box": f"th {{ border: {b}; }}",
        "none": "",
    }[layout.borders]
    head_bg = {"band_light": "#d9dee6", "band_dark": "#263861"}.get(layout.header, "")
    head_fg = "#fff" if layout.header == "band_dark" else "#000"
    margin_boxes = ""
    if layout.running in ("header", "both"):
        margin_boxes += f'@top-left {{ content: "{ds.running}"; font-size: 8pt; }}'
    if layout.running in ("footer", "both"):
        margin_boxes += (
            '@bottom-center { content: "Piano di Zona - pag. " counter(page); font-size: 8pt; }'
        )
    css = f"""
@page {{ size: {size}; margin: {top}pt {right}pt {bottom}pt {left}pt; {margin_boxes} }}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ font-family: "{geo.family}"; font-size: {geo.size}pt; margin: 0; }}
table {{ border-collapse: collapse; table-layout: fixed; width: {sum(geo.widths):.1f}pt; }}
td, th {{ padding: 1pt {geo.pad}pt; vertical-align: top; text-align: left;
          overflow-wrap: anywhere; line-height: {geo.leading:.2f}pt; }}
th {{ font-weight: bold; background: {head_bg or "transparent"}; color: {head_fg}; }}
th.group {{ text-align: center; }}
tr.zebra td {{ background: #ededed; }}
tr.label td {{ font-weight: bold; {"background: #c7d1db;" if layout.bands == "groups" else ""} }}
td.centre {{ text-align: center; }}
td {{ vertical-align: {"middle" if layout.valign == "middle" else "top"}; }}
{"tr { break-inside: avoid; }" if layout.breaks == "whole" else ""}
{borders}
caption {{ text-align: left; font-weight: bold; font-size: {geo.size + 2}pt; padding-bottom: 6pt; }}
"""
    cols = "".join(f'<col style="width:{w:.1f}pt">' for w in geo.widths)
    head_rows: list[str] = []
    if layout.header_rows == 1:
        head_rows.append("".join(f"<th>{e(c.header)}</th>" for c in ds.cols))
    else:
        top_row, low_row = [], []
        c = 0
        while c < n:
            col = ds.cols[c]
            if not col.group:
                top_row.append(f'<th rowspan="2">{e(col.header)}</th>')
                c += 1
                continue
            span = 1
            while c + span < n and ds.cols[c + span].group == col.group:
                span += 1
            top_row.append(f'<th class="group" colspan="{span}">{e(col.group)}</th>')
            low_row += [f"<th>{e(ds.cols[c + k].leaf)}</th>" for k in range(span)]
            c += span
        head_rows += ["".join(top_row), "".join(low_row)]
    head = "".join(f"<tr>{r}</tr>" for r in head_rows)
    short = {"tipologia", "policy"} | {c.name for c in ds.cols if c.name.startswith("risultato")}
    centre_short = rng.random() < 0.3
    body: list[str] = []
    zebra = 0
    for lr in logical_rows(ds, layout):
        if lr.index is None:
            body.append(f'<tr class="label"><td colspan="{n}">{e(lr.label)}</td></tr>')
            continue
        cells = []
        for c, value in enumerate(lr.values):
            if lr.span and lr.span[c] == 0:
                continue
            attrs = f' rowspan="{lr.span[c]}"' if lr.span and lr.span[c] > 1 else ""
            if centre_short and ds.cols[c].name in short:
                attrs += ' class="centre"'
            cells.append(f"<td{attrs}>{e(value)}</td>")
        cls = ' class="zebra"' if layout.bands == "zebra" and zebra % 2 == 1 else ""
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
        zebra += 1
    caption = f"<caption>{e(ds.title)}</caption>" if rng.random() < 0.6 else ""
    if layout.repeat == "every":
        table = f"<table>{caption}<colgroup>{cols}</colgroup><thead>{head}</thead><tbody>"
    else:
        table = f"<table>{caption}<colgroup>{cols}</colgroup><tbody>{head}"
    table += "".join(body) + "</tbody></table>"
    if layout.repeat != "every":
        table = table.replace("<th", "<td style='font-weight:bold'").replace("</th>", "</td>")
        table = table.replace(
            "<td style='font-weight:bold'",
            f"<td style='font-weight:bold;background:{head_bg or 'transparent'};color:{head_fg}'",
        )
        if layout.borders == "header_box":
            table = table.replace("font-weight:bold;", f"font-weight:bold;border:{b};")
    return (
        f'<!doctype html><html lang="it"><head><meta charset="utf-8"><title>{e(ds.title)}'
        f"</title><style>{css}</style></head><body>{table}</body></html>"
    )


def draw(ds: Dataset, layout: Layout, path: Path, work: Path) -> None:
    """The table as a PDF printed by headless Chromium from its HTML page (in `work`)."""
    page = work / (path.stem + ".html")
    page.write_text(page_html(ds, layout), encoding="utf-8")
    pdf = work / (path.stem + ".pdf")
    cmd = [
        chromium(),
        *FLAGS,
        f"--user-data-dir={work / 'profile'}",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if not pdf.exists():
        raise SystemExit(f"chromium printed nothing for {page.name}: {done.stderr.strip()[-300:]}")
    path.write_bytes(pdf.read_bytes())
