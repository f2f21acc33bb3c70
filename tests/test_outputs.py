"""The analyst's outputs besides the CSV: the workbook (checked by openpyxl and, where it is
installed, by LibreOffice reading it back), the monitoring long form, the Table Schema."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from cli_checks import run_command
from pdf_factory import table_pdf

from pdztables.normalize.derive import ESITI, LONG_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
MONITORING = ROOT / "samples" / "cremasco_monitoring.pdf"

# Text a spreadsheet would take for a formula, a number, a date or a percentage.
TRICKY = [
    ["1", "Tavoli attivati", "05a", "processo", "= 10", "1.500", "Ufficio di Piano", "annuale"],
    ["2", "Comuni aderenti", "05b", "output", "50%", "12,5%", "UdP", "annuale", "01/02", "3-4"],
    ["3", "Sportelli", "05c", "output", "4", "Almeno 10 (di cui almeno 1 per subambito)"],
]


def extract(*args: str) -> None:
    """Run `pdztables extract` in-process; it must succeed."""
    from pdztables.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["extract", *args]) == 0


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("outputs")
    pdf = table_pdf(folder / "tricky.pdf", TRICKY)
    extract(str(pdf), "-o", str(folder), "--format", "csv,xlsx,json")
    for sep in (",", ";"):
        extract(
            str(MONITORING),
            "-o",
            str(folder / f"m-{sep}"),
            "--format",
            "csv,xlsx,json",
            "--sep",
            sep,
        )
    return folder


def test_the_workbook_keeps_text_as_text_and_types_the_typed_columns(outputs: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(outputs / "tricky.xlsx")
    assert book.sheetnames == [
        "Indicatori",
        "Rilevazioni",
        "Validazione",
        "Riparazioni",
        "Colonne",
    ]
    sheet = book["Indicatori"]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}4"
    names = dict(book["Colonne"].iter_rows(min_row=2, max_col=2, values_only=True))
    head = [names[c.value] for c in sheet[1]]
    rows = [dict(zip(head, r, strict=True)) for r in sheet.iter_rows(min_row=2)]
    first, second = rows[0], rows[1]
    for cell in (
        first["risultato_atteso_1"],
        first["risultato_atteso_2"],
        second["rilevato_2022-12-31"],
    ):
        assert cell.data_type == "s" and cell.number_format == "@"
    assert first["risultato_atteso_1"].value == "= 10"
    assert first["risultato_atteso_2"].value == "1.500"
    assert second["risultato_atteso_1"].value == "50%"
    assert first["nr"].value == 1 and first["pagina"].value == 1
    assert first["risultato_atteso_2_valore"].value == 1500
    assert second["risultato_atteso_1_valore"].value == 0.5
    assert second["risultato_atteso_1_valore"].number_format == "0%"
    assert second["risultato_atteso_2_valore"].value == 0.125
    assert rows[2]["risultato_atteso_2_min_subambito"].value == 1
    assert all(c.alignment.wrap_text for c in sheet[2])
    for ws in book.worksheets:
        assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
        assert all(ws.column_dimensions[c.column_letter].width for c in ws[1])


def test_the_workbook_lists_findings_and_repairs_with_page_and_row(outputs: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(outputs / "m-;" / "cremasco_monitoring.xlsx")
    findings = [[c.value for c in r] for r in book["Validazione"].iter_rows()]
    assert findings[0] == [
        "Gravità",
        "Pagina",
        "Riga",
        "Colonna",
        "Controllo",
        "Valore",
        "Messaggio",
    ]
    assert ["avviso", 3, 45] in [r[:3] for r in findings[1:]]  # Italian by default
    repairs = [[c.value for c in r] for r in book["Riparazioni"].iter_rows()]
    assert len(repairs) > 50 and repairs[0][:3] == ["Tipo", "Descrizione", "Pagina"]
    long = [[c.value for c in r] for r in book["Rilevazioni"].iter_rows()]
    assert len(long) == 1 + 2 * 49
    first = {name: cell for name, cell in zip(long[0], book["Rilevazioni"][2], strict=True)}
    assert first["N."].value == 1 and first["Pagina"].value == 1
    assert first["Data"].is_date and first["Data"].value.date() == date(2022, 12, 31)
    assert first["Data"].number_format == "dd/mm/yyyy"


def test_the_long_form_has_one_row_per_indicator_and_date(outputs: Path) -> None:
    path = outputs / "m-," / "cremasco_monitoring-rilevazioni.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    assert list(rows[0]) == [*LONG_COLUMNS, "pagina"]
    assert [(r["nr"], r["data"]) for r in rows[:3]] == [
        ("1", "2022-12-31"),
        ("1", "2023-09-30"),
        ("2", "2022-12-31"),
    ]
    assert {r["esito"] for r in rows} == set(ESITI)
    five = [r for r in rows if r["nr"] == "5"]
    assert [(r["valore"], r["target"], r["esito"]) for r in five] == [
        ("12", "10", "raggiunto"),
        ("17", "16", "parziale"),
    ]


def test_a_table_without_measured_values_has_an_empty_long_form(tmp_path: Path) -> None:
    extract(str(ROOT / "samples" / "cremasco_grid.pdf"), "-o", str(tmp_path), "--format", "csv")
    text = (tmp_path / "cremasco_grid-rilevazioni.csv").read_text("utf-8-sig")
    assert text.strip() == ";".join([*LONG_COLUMNS, "pagina"])
    header = (tmp_path / "cremasco_grid.csv").read_text("utf-8-sig").splitlines()[0]
    assert "esito_" not in header


@pytest.mark.parametrize("sep", [",", ";"])
def test_the_table_schema_describes_the_csv_and_its_values_fit_it(outputs: Path, sep: str) -> None:
    folder = outputs / f"m-{sep}"
    schema = json.loads((folder / "cremasco_monitoring.schema.json").read_text("utf-8"))
    encoding = "utf-8-sig" if sep == ";" else "utf-8"
    text = (folder / "cremasco_monitoring.csv").read_text(encoding)
    rows = list(csv.DictReader(io.StringIO(text), delimiter=sep))
    fields = schema["fields"]
    assert [f["name"] for f in fields] == list(rows[0])
    assert schema["primaryKey"] == ["nr"] and schema["missingValues"] == [""]
    for field in fields:
        values = [r[field["name"]] for r in rows if r[field["name"]] != ""]
        constraints = field.get("constraints", {})
        if constraints.get("required"):
            assert len(values) == len(rows), field["name"]
        if field["type"] == "integer":
            assert all(v.isdigit() for v in values), field["name"]
        elif field["type"] == "number":
            assert field["decimalChar"] == ("," if sep == ";" else ".")
            assert all(float(v.replace(field["decimalChar"], ".")) >= 0 for v in values)
        if "enum" in constraints:
            assert set(values) <= set(constraints["enum"]), field["name"]
    by_name = {f["name"]: f for f in fields}
    assert by_name["risultato_atteso_1"]["title"] == "risultati attesi I anno"
    assert "risultato_atteso_2" in by_name["esito_2023-09-30"]["description"]


# ---------------------------------------------------------------------------------------------
# LibreOffice reads the workbook back

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def libreoffice_types(xlsx: Path, folder: Path) -> dict[str, list[list[tuple[str, str]]]]:
    """Each sheet as LibreOffice reads it: rows of (value type, text) per cell."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "fods", "--outdir", str(folder), str(xlsx)],
        capture_output=True,
        check=True,
        timeout=180,
    )
    root = ET.parse(folder / (xlsx.stem + ".fods")).getroot()
    sheets = {}
    for table in root.iter(f"{TABLE}table"):
        rows = []
        for row in table.iter(f"{TABLE}table-row"):
            cells: list[tuple[str, str]] = []
            for cell in row:
                if cell.tag not in (f"{TABLE}table-cell", f"{TABLE}covered-table-cell"):
                    continue
                repeat = int(cell.get(f"{TABLE}number-columns-repeated", "1"))
                text = "\n".join("".join(p.itertext()) for p in cell)
                kind = cell.get(f"{OFFICE}value-type", "")
                cells += [(kind, text)] * min(repeat, 64)
            rows.append(cells)
        sheets[table.get(f"{TABLE}name", "")] = rows
    return sheets


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_reads_text_as_text_and_numbers_as_numbers(
    outputs: Path, tmp_path: Path
) -> None:
    sheets = libreoffice_types(outputs / "tricky.xlsx", tmp_path)
    assert list(sheets) == ["Indicatori", "Rilevazioni", "Validazione", "Riparazioni", "Colonne"]
    rows = sheets["Indicatori"]
    names = {r[0][1]: r[1][1] for r in sheets["Colonne"][1:] if len(r) > 1 and r[0][1]}
    head = [names.get(t, t) for _, t in rows[0]]
    table = [dict(zip(head, r, strict=False)) for r in rows[1:4]]
    assert table[0]["risultato_atteso_1"] == ("string", "= 10")
    assert table[0]["risultato_atteso_2"] == ("string", "1.500")
    assert table[1]["risultato_atteso_1"] == ("string", "50%")
    assert table[1]["rilevato_2022-12-31"] == ("string", "01/02")
    assert table[1]["rilevato_2023-09-30"] == ("string", "3-4")
    assert table[0]["nr"][0] == "float"
    assert table[0]["risultato_atteso_2_valore"] == ("float", "1500")
    assert table[1]["risultato_atteso_1_valore"] == ("percentage", "50%")
    assert table[1]["risultato_atteso_2_valore"][0] == "percentage"
    assert table[0]["risultato_atteso_1_op"] == ("string", ">=")


def test_format_picks_the_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_command(
        "extract", [str(MONITORING), "-o", str(tmp_path), "--format", "json"], capsys
    )
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cremasco_monitoring.schema.json"]
    assert f"wrote {tmp_path / 'cremasco_monitoring.schema.json'}" in out.splitlines()


def test_the_workbook_heads_columns_for_people_and_keeps_the_machine_names(outputs: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(outputs / "m-;" / "cremasco_monitoring.xlsx")
    head = [c.value for c in book["Indicatori"][1]]
    assert head[:5] == ["N.", "Indicatore", "Policy", "Tipologia", "Risultato atteso, anno 1"]
    assert "Dato rilevato al 31/12/2022" in head
    assert "Risultato atteso, anno 1: valore" in head and "Esito al 30/09/2023" in head
    assert len(set(head)) == len(head)
    legend = list(book["Colonne"].iter_rows(values_only=True))
    assert legend[0] == ("Etichetta", "Nome nel CSV", "Intestazione nel PDF", "Significato")
    by_name = {r[1]: r for r in legend[1:]}
    assert set(by_name) == set(pd_columns(outputs / "m-;" / "cremasco_monitoring.csv"))
    assert by_name["risultato_atteso_1"][:3] == (
        "Risultato atteso, anno 1",
        "risultato_atteso_1",
        "risultati attesi I anno",
    )
    assert "Risultato atteso, anno 1" in by_name["risultato_atteso_1_valore"][3]


def pd_columns(csv_path: Path) -> list[str]:
    return next(csv.reader(io.StringIO(csv_path.read_text("utf-8-sig")), delimiter=";"))


def test_the_workbook_prints_landscape_fitted_to_the_width_with_its_header_repeated(
    outputs: Path,
) -> None:
    from openpyxl import load_workbook

    book = load_workbook(outputs / "m-;" / "cremasco_monitoring.xlsx")
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and str(setup.paperSize) == sheet.PAPERSIZE_A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1"
        heights = [sheet.row_dimensions[r].height for r in range(1, sheet.max_row + 1)]
        assert all(h and h >= 15 for h in heights), sheet.title
    indicators = book["Indicatori"]
    # the row of indicator 6 (five lines of text in its widest cell) is taller than that of 1
    assert indicators.row_dimensions[7].height > indicators.row_dimensions[2].height
    # the source's columns and the page print; the typed ones stay on screen
    printed = [c.value for c in indicators[1]][: len(indicators["A1:K1"][0])]
    assert printed[-1] == "Pagina"
    assert str(indicators.print_area).endswith("$A$1:$K$50")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_prints_the_workbook_on_few_landscape_pages(
    outputs: Path, tmp_path: Path
) -> None:
    import pypdfium2

    xlsx = outputs / "m-;" / "cremasco_monitoring.xlsx"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
        capture_output=True,
        check=True,
        timeout=180,
    )
    pdf = pypdfium2.PdfDocument(tmp_path / "cremasco_monitoring.pdf")
    pages = [pdf[i] for i in range(len(pdf))]
    texts = [p.get_textpage().get_text_range() for p in pages]
    assert all(p.get_width() > p.get_height() for p in pages)  # landscape
    sheets = [t.split(":", 1)[0].strip() for t in texts]  # the page head names the sheet
    counts = {s: sheets.count(s) for s in dict.fromkeys(sheets)}
    assert counts["Indicatori"] == 2, counts  # 49 rows, every source column on each page
    assert len(pages) <= 20, counts  # was 53 portrait pages, one or two columns to a page
    for text, sheet in zip(texts, sheets, strict=True):
        if sheet == "Indicatori":  # the title row on every page
            assert "Risultato atteso, anno 1" in text and "Dato rilevato al" in text


def test_a_target_is_labelled_by_the_year_its_header_names_else_by_the_plans_year() -> None:
    import pdztables
    from pdztables.reports.labels import column_labels

    years = column_labels(pdztables.read_pdf(ROOT / "samples" / "plan_targets3.pdf").run, "it")
    assert years["risultato_atteso_1"] == "Risultato atteso 2025"  # header: Target 2025
    assert years["risultato_atteso_3_valore"] == "Risultato atteso 2027: valore"
    ordinal = column_labels(pdztables.read_pdf(MONITORING).run, "en")
    assert ordinal["risultato_atteso_2"] == "Target, year 2"  # risultati attesi II anno
    assert ordinal["rilevato_2023-09-30"] == "Measured at 2023-09-30"
