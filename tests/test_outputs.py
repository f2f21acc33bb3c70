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
    assert book.sheetnames == ["Indicatori", "Rilevazioni", "Validazione", "Riparazioni"]
    sheet = book["Indicatori"]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}4"
    head = [c.value for c in sheet[1]]
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
        "gravita",
        "pagina",
        "riga",
        "colonna",
        "controllo",
        "valore",
        "messaggio",
    ]
    assert ["avviso", 3, 45] in [r[:3] for r in findings[1:]]  # Italian by default
    repairs = [[c.value for c in r] for r in book["Riparazioni"].iter_rows()]
    assert len(repairs) > 50 and repairs[0][:3] == ["tipo", "descrizione", "pagina"]
    long = [[c.value for c in r] for r in book["Rilevazioni"].iter_rows()]
    assert len(long) == 1 + 2 * 49
    first = {name: cell for name, cell in zip(long[0], book["Rilevazioni"][2], strict=True)}
    assert first["nr"].value == 1 and first["pagina"].value == 1
    assert first["data"].is_date and first["data"].value.date() == date(2022, 12, 31)
    assert first["data"].number_format == "dd/mm/yyyy"


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
    assert list(sheets)[:4] == ["Indicatori", "Rilevazioni", "Validazione", "Riparazioni"]
    rows = sheets["Indicatori"]
    head = [t for _, t in rows[0]]
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
