"""Indicator tables of other plans, worded differently from the reference table.

The indicators are invented but plausible; the targets, sources and people in charge are drawn
with a fixed seed from what such plans write (``≥ 40``, ``≤ 15``, ``50%``, ``12``, ``SI``).

- ``plan_targets3.pdf`` (python-docx + LibreOffice, A4 landscape, Liberation Sans 8.5pt): a
  2025-2027 plan with three yearly targets: ``N.`` | ``Obiettivo`` | ``Indicatore`` |
  ``Tipologia indicatore`` | ``Target 2025`` | ``Target 2026`` | ``Target 2027`` | ``Fonte dati`` |
  ``Responsabile``; every border drawn, the header repeated on every page by the word processor,
  long objectives and indicators wrapped over two or three lines.
- ``plan_extra_column.pdf`` (reportlab, A4 landscape, Liberation Sans 8pt, full grid): ``N.`` |
  ``Descrizione indicatore`` | ``Tipologia`` | ``Risultato atteso 2022`` | ``Risultato atteso
  2023`` | ``Strumento di rilevazione`` | ``Tempistica`` | ``Note``: the last a column the
  profile does not know (``note``), some of its cells empty; the header repeated on each page,
  rows never broken.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from .common import Cell, Golden, Sheet, Style, Table, grid_table, wrap
from .locate import Wanted, locate
from .office import add_grid, docx_to_pdf, new_document, page_footer, set_page
from .prose import thousands

# (indicator, tipologia, target kind, base value); kinds: count, atleast, percent, reduce, flag,
# full (see targets)
Indicator = tuple[str, str, str, int]


# The typed value each drawn target stands for: (op, valore, unita), written from what was drawn,
# never read back from the text. The golden CSVs' typed columns come from it (derived.py).
Truth = tuple[str, str, str]
TRUTHS: dict[str, Truth] = {}
"""Drawn target text -> its truth, filled as targets are drawn."""


def targets(rng: random.Random, kind: str, base: int, years: int) -> list[str]:
    """Yearly targets of one indicator, rising (or falling, for reduce) from base."""
    out: list[str] = []
    value = base
    for year in range(years):
        if year:
            step = max(1, round(base * rng.uniform(0.05, 0.25)))
            value = value - step if kind == "reduce" else value + step
        if kind == "count":
            text, truth = str(value), (">=", str(value), "n")  # a number to reach
        elif kind == "atleast":
            text, truth = f"≥ {thousands(value)}", (">=", str(value), "n")
        elif kind == "percent":
            value = min(value, 95)
            text = f"{value}%" if year == 0 else f"≥ {value}%"
            truth = (">=", str(value), "%")
        elif kind == "reduce":
            text, truth = f"≤ {max(value, 1)}", ("<=", str(max(value, 1)), "n")
        elif kind == "flag":
            no = year == 0 and base == 0
            text, truth = ("NO", ("=", "0", "si/no")) if no else ("SI", ("=", "1", "si/no"))
        else:
            text, truth = "100%", (">=", "100", "%")
        assert TRUTHS.setdefault(text, truth) == truth, text
        out.append(text)
    return out


# ---------------------------------------------------------------------------------------------
# Sample: plan_targets3 (three-year targets, objective column; Word table)

OBJECTIVES: list[tuple[str, list[str], list[Indicator]]] = [  # objective, owners, indicators
    (
        "Rafforzare il sistema di accesso unitario ai servizi sociali e sociosanitari del "
        "territorio",
        ["Coordinatore dell'Ufficio di Piano", "Ufficio di Piano"],
        [
            ("Numero di punti di accesso unitario attivi nell'Ambito", "output", "atleast", 4),
            ("Percentuale di richieste evase entro 30 giorni", "outcome", "percent", 60),
            ("Numero di incontri della cabina di regia con ASST e ATS", "processo", "count", 4),
            ("Adozione del regolamento unico d'Ambito per l'accesso", "output", "flag", 0),
        ],
    ),
    (
        "Contrastare la povertà e l'esclusione sociale con percorsi personalizzati di "
        "inclusione attiva",
        ["Referente area inclusione", "Responsabile servizio inserimenti lavorativi"],
        [
            (
                "Numero di nuclei beneficiari dell'Assegno di Inclusione con progetto "
                "personalizzato sottoscritto",
                "output",
                "atleast",
                120,
            ),
            (
                "Percentuale di progetti di inclusione conclusi con esito positivo",
                "outcome",
                "percent",
                40,
            ),
            ("Numero di tirocini di inclusione sociale attivati", "output", "count", 12),
            (
                "Tempo medio di attesa per il primo colloquio al segretariato sociale (giorni)",
                "outcome",
                "reduce",
                15,
            ),
            ("Numero di incontri del Tavolo povertà d'Ambito", "processo", "count", 3),
        ],
    ),
    (
        "Sostenere la domiciliarità delle persone anziane e delle persone con disabilità e "
        "dei loro caregiver",
        ["Referente area fragilità", "Ente gestore SAD"],
        [
            ("Numero di persone anziane assistite a domicilio (SAD)", "output", "atleast", 180),
            ("Ore di assistenza domiciliare erogate nell'anno", "output", "atleast", 21000),
            (
                "Percentuale di utenti del servizio domiciliare soddisfatti (questionario "
                "annuale di gradimento)",
                "outcome",
                "percent",
                75,
            ),
            (
                "Numero di caregiver familiari coinvolti in percorsi di sollievo e formazione",
                "output",
                "count",
                40,
            ),
            (
                "Numero di progetti di vita per persone con disabilità redatti in équipe "
                "multidisciplinare",
                "output",
                "atleast",
                25,
            ),
        ],
    ),
    (
        "Promuovere il benessere dei minori e delle famiglie e prevenire l'allontanamento dal "
        "nucleo familiare",
        ["Referente area minori e famiglia", "Servizio Tutela Minori"],
        [
            (
                "Numero di famiglie affidatarie iscritte alla banca dati d'Ambito",
                "output",
                "count",
                14,
            ),
            (
                "Percentuale di minori in comunità con progetto quadro aggiornato",
                "processo",
                "full",
                100,
            ),
            ("Numero di minori collocati in comunità residenziale", "outcome", "reduce", 26),
            ("Numero di interventi di educativa domiciliare attivati", "output", "atleast", 60),
            ("Apertura del centro per le famiglie d'Ambito", "output", "flag", 0),
        ],
    ),
    (
        "Favorire la partecipazione e l'autonomia dei giovani",
        ["Referente politiche giovanili", "Ufficio di Piano"],
        [
            (
                "Numero di giovani coinvolti in progetti di cittadinanza attiva",
                "output",
                "atleast",
                150,
            ),
            (
                "Numero di spazi di aggregazione giovanile aperti almeno tre pomeriggi a settimana",
                "output",
                "count",
                5,
            ),
            (
                "Percentuale di Comuni che aderiscono al Piano giovani d'Ambito",
                "outcome",
                "percent",
                50,
            ),
        ],
    ),
    (
        "Innovare la governance del Piano e digitalizzare i processi amministrativi",
        ["Coordinatore dell'Ufficio di Piano", "Ente capofila"],
        [
            (
                "Numero di Comuni che usano la cartella sociale informatizzata",
                "output",
                "count",
                18,
            ),
            (
                "Percentuale di domande di contributo presentate tramite la piattaforma online",
                "outcome",
                "percent",
                40,
            ),
            (
                "Numero di sedute dell'Assemblea dei Sindaci dedicate all'andamento del Piano",
                "processo",
                "count",
                2,
            ),
            ("Pubblicazione del bilancio sociale d'Ambito", "output", "flag", 1),
        ],
    ),
]
SOURCES = [
    "Cartella sociale informatizzata",
    "Verbali degli incontri",
    "Banca dati dell'Ufficio di Piano",
    "Piattaforma regionale",
    "Report dell'ente gestore",
    "Questionario di gradimento",
    "Delibere dei Comuni",
]

TARGETS3_HEADER = [
    "N.",
    "Obiettivo",
    "Indicatore",
    "Tipologia indicatore",
    "Target 2025",
    "Target 2026",
    "Target 2027",
    "Fonte dati",
    "Responsabile",
]
TARGETS3_SOURCE = [  # the canonical name of each source column, in source order
    "nr",
    "obiettivo",
    "indicatore",
    "tipologia",
    "risultato_atteso_1",
    "risultato_atteso_2",
    "risultato_atteso_3",
    "fonte",
    "responsabile",
]
TARGETS3_COLUMNS = (
    "nr",
    "obiettivo",
    "indicatore",
    "tipologia",
    "risultato_atteso_1",
    "risultato_atteso_2",
    "risultato_atteso_3",
    "responsabile",
    "fonte",
    "pagina",
)
TARGETS3_WIDTHS_CM = [0.9, 5.4, 5.6, 2.1, 2.0, 2.0, 2.0, 3.0, 3.1]  # 26.1 cm of text width


def targets3_rows(seed: int = 2025) -> list[list[str]]:
    """The rows of plan_targets3, values in source column order."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    for objective, owners, indicators in OBJECTIVES:
        for text, kind_of, kind, base in indicators:
            rows.append(
                [
                    str(len(rows) + 1),
                    objective,
                    text,
                    kind_of,
                    *targets(rng, kind, base, 3),
                    rng.choice(SOURCES),
                    rng.choice(owners),
                ]
            )
    return rows


def build_targets3(table: Table, out: Path) -> Golden:
    rows = targets3_rows()

    def write(path: Path) -> None:
        doc = new_document("Piano di Zona 2025-2027 - Indicatori", "Liberation Sans", 8.5)
        section = doc.sections[0]
        set_page(section, landscape=True, margin_cm=1.8)
        page_footer(section, "Piano di Zona 2025-2027 - pag. ")
        title = doc.add_paragraph().add_run("Ambito Territoriale Sociale n. 7 – Piano di Zona")
        title.bold = True
        doc.add_paragraph("Allegato 3 – Obiettivi, indicatori e target del triennio 2025-2027")
        doc.add_paragraph()
        add_grid(doc, TARGETS3_WIDTHS_CM, TARGETS3_HEADER, rows)
        doc.save(str(path))

    docx_to_pdf(write, out)
    wanted = Wanted(TARGETS3_SOURCE, TARGETS3_HEADER, rows)
    found = locate(out, wanted)
    for note in found.notes:
        print(f"  {out.name}: {note}")
    assert len(set(found.golden.pages.values())) >= 2, "targets3: the table fits on one page"
    return records(TARGETS3_SOURCE, TARGETS3_COLUMNS, rows, found.golden.pages)


def records(
    source: Sequence[str],
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    pages: dict[int, int],
) -> Golden:
    """The golden of a table other than the reference one: its rows in golden column order."""
    out = []
    for values in rows:
        by_name = dict(zip(source, values, strict=True))
        by_name["pagina"] = str(pages[int(values[0])])
        out.append({col: by_name[col] for col in columns})
    return Golden(pages=pages, records=out)


# ---------------------------------------------------------------------------------------------
# Sample: plan_extra_column (a column the profile does not know; reportlab grid)

EXTRA_INDICATORS: list[Indicator] = [
    (
        "Numero di incontri del Tavolo di coordinamento dei servizi sociali comunali",
        "processo",
        "count",
        6,
    ),
    (
        "Numero di operatori formati sull'uso della cartella sociale informatizzata",
        "output",
        "count",
        20,
    ),
    ("Percentuale di Comuni che applicano il regolamento ISEE d'Ambito", "outcome", "percent", 60),
    (
        "Numero di persone prese in carico dal servizio di inserimento lavorativo",
        "output",
        "atleast",
        45,
    ),
    ("Numero di tirocini attivati per persone in condizione di fragilità", "output", "count", 15),
    ("Percentuale di tirocini conclusi con un'assunzione", "outcome", "percent", 25),
    ("Numero di famiglie sostenute dal fondo per la morosità incolpevole", "output", "count", 30),
    ("Tempo medio di risposta alle domande di alloggio sociale (giorni)", "outcome", "reduce", 60),
    ("Numero di anziani che frequentano i centri diurni integrati", "output", "atleast", 70),
    ("Numero di voucher per l'assistenza domiciliare erogati", "output", "count", 90),
    ("Attivazione del servizio di telesoccorso in tutti i Comuni", "output", "flag", 0),
    ("Numero di minori seguiti dall'assistenza educativa domiciliare", "output", "count", 35),
    ("Numero di nuove famiglie affidatarie formate", "output", "count", 6),
    ("Percentuale di progetti di affido con verifica semestrale", "processo", "full", 100),
    ("Numero di giovani coinvolti nei progetti di servizio civile", "output", "count", 12),
    (
        "Numero di alunni con disabilità seguiti dall'assistenza educativa scolastica",
        "output",
        "atleast",
        210,
    ),
    ("Numero di progetti di vita indipendente finanziati", "output", "count", 8),
    ("Numero di caregiver che partecipano ai gruppi di auto mutuo aiuto", "output", "count", 25),
    (
        "Percentuale di richieste di contributo gestite tramite piattaforma digitale",
        "outcome",
        "percent",
        30,
    ),
    ("Numero di accessi allo sportello stranieri", "output", "atleast", 400),
    (
        "Numero di incontri di co-progettazione con gli enti del Terzo Settore",
        "processo",
        "count",
        4,
    ),
    ("Approvazione della carta dei servizi d'Ambito", "output", "flag", 0),
    (
        "Numero di segnalazioni di violenza domestica gestite in rete con il centro "
        "antiviolenza e con le forze dell'ordine del territorio",
        "output",
        "count",
        20,
    ),
    ("Percentuale di utenti soddisfatti dei servizi domiciliari", "outcome", "percent", 70),
]
INSTRUMENTS = [
    "Verbali degli incontri",
    "Cartella sociale informatizzata",
    "Registro delle presenze",
    "Report dell'ente gestore",
    "Banca dati dell'Ufficio di Piano",
    "Questionario di gradimento",
    "Piattaforma regionale Bandi online",
]
TIMINGS = ["annuale", "semestrale", "unica (a conclusione del PdZ)"]
TIMING_KINDS = {  # written by hand: the frequenza_tipo of each timing
    "annuale": "annuale",
    "semestrale": "semestrale",
    "unica (a conclusione del PdZ)": "unica_fine_piano",
}
NOTES = [
    "Valore di partenza 2021: {n}",
    "In collaborazione con ASST",
    "Dato fornito dall'ente gestore",
    "Dato disponibile a marzo dell'anno successivo",
    "Comprende i progetti finanziati con il PNRR",
    "Servizio attivo da settembre 2022",
    "Campione di almeno 100 utenti",
]
EXTRA_HEADER = [
    "N.",
    "Descrizione indicatore",
    "Tipologia",
    "Risultato atteso 2022",
    "Risultato atteso 2023",
    "Strumento di rilevazione",
    "Tempistica",
    "Note",
]
EXTRA_SOURCE = [
    "nr",
    "indicatore",
    "tipologia",
    "risultato_atteso_1",
    "risultato_atteso_2",
    "fonte",
    "frequenza",
    "note",
]
EXTRA_COLUMNS = (
    "nr",
    "indicatore",
    "tipologia",
    "risultato_atteso_1",
    "risultato_atteso_2",
    "frequenza",
    "fonte",
    "note",
    "pagina",
)
EXTRA_WIDTHS = [22, 180, 52, 78, 78, 110, 85, 163]  # pt, 768 of 770


def extra_rows(seed: int = 2022) -> list[list[str]]:
    """The rows of plan_extra_column, values in source column order."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    for text, kind_of, kind, base in EXTRA_INDICATORS:
        note = rng.choice(NOTES).format(n=base) if rng.random() < 0.55 else ""
        rows.append(
            [
                str(len(rows) + 1),
                text,
                kind_of,
                *targets(rng, kind, base, 2),
                rng.choice(INSTRUMENTS),
                rng.choice(TIMINGS),
                note,
            ]
        )
    assert any(not row[-1] for row in rows) and any(row[-1] for row in rows)
    return rows


def build_extra_column(table: Table, out: Path) -> Golden:
    rows = extra_rows()
    style = Style(font="Sans", bold="Sans-Bold", size=8, leading=9.8, pad=3)
    sheet = Sheet(
        out,
        style,
        margins=(36, 36, 62, 44),
        footer=lambda n: f"Piano di Zona 2021-2023 - pag. {n}",
        author="Ambito Distrettuale n. 12",
    )
    xs = sheet.columns(EXTRA_WIDTHS)
    room = [w - 2 * style.pad for w in EXTRA_WIDTHS]

    def wrapped(texts: Sequence[str], font: str) -> list[Cell]:
        return [wrap(text, font, style.size, r) for text, r in zip(texts, room, strict=True)]

    canvas = sheet.canvas
    canvas.setFont("Sans-Bold", 10)
    canvas.drawString(
        xs[0], sheet.size[1] - 34, "Ambito Distrettuale n. 12 – Piano di Zona 2021-2023"
    )
    canvas.setFont("Sans", 9)
    canvas.drawString(
        xs[0], sheet.size[1] - 48, "Allegato B – Indicatori di monitoraggio delle azioni"
    )
    cells = ((int(values[0]), wrapped(values, style.font)) for values in rows)
    pages = grid_table(sheet, xs, wrapped(EXTRA_HEADER, style.bold), cells)
    sheet.save()
    assert len(set(pages.values())) >= 2, "extra_column: the table fits on one page"
    return records(EXTRA_SOURCE, EXTRA_COLUMNS, rows, pages)
