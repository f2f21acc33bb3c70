"""The layout generator: one table drawn in a combination of styles by a real producer.

`build(layout, pdf)` draws the layout's dataset with its producer and returns the golden rows
(clean values from the dataset, `pagina` from where the producer put each row). The producers:
reportlab (`rl`), python-docx through LibreOffice Writer (`writer`), openpyxl through
LibreOffice Calc (`calc`), HTML printed by headless Chromium (`web`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .data import Dataset, datasets
from .style import DIMENSIONS, Layout, draw_layout

__all__ = ["DIMENSIONS", "Dataset", "Layout", "build", "datasets", "draw_layout"]


def build(layout: Layout, pdf: Path) -> list[dict[str, str]]:
    """Draw a layout into `pdf`; the golden rows."""
    ds = datasets()[layout.data]
    if layout.producer == "reportlab":
        from . import rl

        pages = rl.draw(ds, layout, pdf)
    else:
        with tempfile.TemporaryDirectory(prefix="pdz-layouts-") as tmp:
            if layout.producer == "writer":
                from . import writer

                writer.draw(ds, layout, pdf, Path(tmp))
            elif layout.producer == "calc":
                from . import calc

                calc.draw(ds, layout, pdf, Path(tmp))
            elif layout.producer == "chromium":
                from . import web

                web.draw(ds, layout, pdf, Path(tmp))
            else:
                raise ValueError(f"unknown producer {layout.producer!r}")
        from .keys import key_pages

        pages = key_pages(pdf, [row["nr"] for row in ds.rows])
    missing = [i for i in range(len(ds.rows)) if i not in pages]
    assert not missing, f"{pdf.name}: no page for rows {missing[:5]}"
    return ds.golden(pages, with_area=layout.group_rows)
