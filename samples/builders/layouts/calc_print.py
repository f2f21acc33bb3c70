"""Print a workbook to PDF with LibreOffice Calc, its rows first fitted to their text.

Run by Debian's python3 (the one with LibreOffice's `uno` module), not the project's:
``python3 calc_print.py book.xlsx out.pdf``. It starts a private headless soffice, opens the
workbook, gives every used row its optimal height (as an office user does with a double-click
on the row border: openpyxl cannot measure text) and a little more, at least the height the
workbook gives from the print fonts' widths (Calc measures some fonts a line short, and a user
would not leave a cell's last line clipped), and exports to PDF.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(xlsx: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="pdz-calc-") as tmp:
        pipe = f"pdzcalc{abs(hash(tmp)) % 10**8}"
        office = subprocess.Popen(
            [
                "soffice",
                f"-env:UserInstallation={Path(tmp).as_uri()}",
                "--headless",
                "--invisible",
                "--nologo",
                "--norestore",
                f"--accept=pipe,name={pipe};urp;",
            ]
        )
        try:
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext(
                "com.sun.star.bridge.UnoUrlResolver", local
            )
            for _ in range(200):
                try:
                    ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                    break
                except Exception:
                    time.sleep(0.1)
            else:
                raise SystemExit("calc_print: soffice did not start")
            desktop = ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", ctx
            )
            doc = desktop.loadComponentFromURL(
                xlsx.resolve().as_uri(), "_blank", 0, (_prop("Hidden", True),)
            )
            sheet = doc.Sheets.getByIndex(0)
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            last = cursor.RangeAddress.EndRow
            for r in range(last + 1):
                row = sheet.getRows().getByIndex(r)
                measured = row.Height  # the workbook's own, from the print fonts' widths
                row.OptimalHeight = True
                # Calc measures some fonts a line short (it wraps on screen metrics, prints on
                # the font's) and clips the cell's last line: a user would see it and give the
                # row a little more room, as much as the text needs printed
                row.Height = max(int(row.Height * 1.15) + 40, measured)
            doc.storeToURL(pdf.resolve().as_uri(), (_prop("FilterName", "calc_pdf_Export"),))
            doc.close(True)
        finally:
            with contextlib.suppress(Exception):
                desktop.terminate()
            office.wait(timeout=30)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
