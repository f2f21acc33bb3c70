"""Build the hostile and damaged PDFs of `tests/hostile/`: one minimal file per defect class the
fuzzer (`make fuzz`) found. Run from the project's root: `python tests/hostile/make.py`.

Each starts from a one-page plan of three indicators (tests/pdf_factory.py) and breaks it the
way the fuzzer did: a page's contents listed 2,000 times, a ToUnicode map over the whole code
space, a loop in the page tree, a page's drawing scaled by 1e20, a cell's text moved to 1e20,
a page listed 500 times in the page tree, a form that draws itself, a `/Rotate` that is a string, a
`/CropBox` of three numbers, a `/MediaBox` that is not numbers, a dropped object (the xref
rebuilt with warnings), a stream whose number is not a number (a library's TypeError).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pikepdf

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pdf_factory import VALID_ROWS, table_pdf  # noqa: E402


def contents(pdf):  # type: ignore[no-untyped-def]
    page = pdf.pages[0]
    stream = page.obj.Contents
    stream = stream[0] if isinstance(stream, pikepdf.Array) else stream
    page.obj.Contents = pikepdf.Array([stream] * 2000)


def contents_stored(pdf):  # type: ignore[no-untyped-def]
    """The page's drawing stored uncompressed and listed 25,000 times: PDFium took 1 GB and
    8 s only to load it to be screened (`make fuzz`, contents_repeat on a plain stream)."""
    page = pdf.pages[0]
    stream = page.obj.Contents
    stream = stream[0] if isinstance(stream, pikepdf.Array) else stream
    page.obj.Contents = pikepdf.Array([pikepdf.Stream(pdf, stream.read_bytes())] * 25000)


def bfrange(pdf):  # type: ignore[no-untyped-def]
    cmap = pikepdf.Stream(
        pdf,
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
        b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n",
    )
    for font in pdf.pages[0].obj.Resources.Font.values():
        font.ToUnicode = cmap


def kids_loop(pdf):  # type: ignore[no-untyped-def]
    pdf.Root.Pages.Kids.append(pdf.Root.Pages)


def form_recursion(pdf):  # type: ignore[no-untyped-def]
    form = pikepdf.Stream(pdf, b"q /Fx Do Q")
    form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    form.BBox = [0, 0, 100, 100]
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fx=form))
    page = pdf.pages[0]
    page.obj.Resources.XObject = pikepdf.Dictionary(Fx=form)
    page.contents_add(pikepdf.Stream(pdf, b"q /Fx Do Q"), prepend=False)


def scaled(pdf):  # type: ignore[no-untyped-def]
    big = b"100000000000000000000"
    matrix = pikepdf.Stream(pdf, big + b" 0 0 " + big + b" 0 0 cm\n")
    pdf.pages[0].contents_add(matrix, prepend=True)


def moved_cell(pdf):  # type: ignore[no-untyped-def]
    # a number of the content stream changed, as the fuzzer changed one: the place of a
    # cell of the last row moved to 1e20
    page = pdf.pages[0]
    data = page.obj.Contents.read_bytes()
    found = list(re.finditer(rb"1 0 0 1 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) cm", data))
    m = found[-3]
    data = data[: m.start(2)] + b"100000000000000000000" + data[m.end(2) :]
    page.obj.Contents = pikepdf.Stream(pdf, data)


def kids_again(pdf):  # type: ignore[no-untyped-def]
    kids = pdf.Root.Pages.Kids
    for _ in range(500):
        kids.append(kids[0])
    pdf.Root.Pages.Count = len(kids)


VARIANTS = [
    ("contents-2000", contents),
    ("contents-stored", contents_stored),
    ("coordinates-1e20", scaled),
    ("operand-1e20", moved_cell),
    ("kids-500", kids_again),
    ("tounicode-bfrange", bfrange),
    ("kids-loop", kids_loop),
    ("form-recursion", form_recursion),
    ("rotate-string", lambda pdf: setattr(pdf.pages[0].obj, "Rotate", pikepdf.String("x"))),
    ("cropbox-three", lambda pdf: setattr(pdf.pages[0].obj, "CropBox", [0, 0, 300])),
    (
        "mediabox-bad",
        lambda pdf: setattr(pdf.pages[0].obj, "MediaBox", [0, 0, pikepdf.String("x"), 100]),
    ),
]


def main() -> None:
    base = HERE / ".base.pdf"
    table_pdf(base, VALID_ROWS)

    def variant(name: str, change) -> None:  # type: ignore[no-untyped-def]
        with pikepdf.open(base) as pdf:
            change(pdf)
            pdf.save(HERE / f"{name}.pdf", compress_streams=False, static_id=True)

    for name, change in VARIANTS:
        variant(name, change)
    # byte-level: an object's number made garbage (the xref is rebuilt; libraries log warnings
    # and one of them raised TypeError on it)
    data = bytearray(base.read_bytes())
    at = data.find(b" 0 obj", len(data) // 3)
    data[at - 2 : at] = b"\x9c\x9c"
    (HERE / "object-garbage.pdf").write_bytes(bytes(data))
    at = data.find(b"stream", len(data) // 2)
    (HERE / "stream-cut.pdf").write_bytes(bytes(data[: at + 40]))
    base.unlink()


if __name__ == "__main__":
    main()
