"""The text around an indicator table: Italian administrative prose and the plan's other tables.

Everything is drawn from word lists with a seeded random generator, so that a plan reads like the
prose of a Piano di Zona without meaning much. The prose never uses the words of the indicator
table's header (a screening that looks for them must find them in the table only).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

# Words of the indicator table's header that the prose must not contain.
HEADER_WORDS = re.compile(
    r"indicator|policy|tipologi|rilevazion|rilevat|risultat[io] attes|frequenz|\bnr\.", re.I
)

SUBJECTS = [
    "l'Ufficio di Piano",
    "l'Assemblea dei Sindaci",
    "Comunità Sociale Cremasca",
    "il Tavolo del Terzo Settore",
    "l'ASST di Crema",
    "l'ATS Val Padana",
    "il Comune di Crema, in qualità di ente capofila,",
    "la cabina di regia integrata",
    "il servizio sociale professionale",
    "la rete dei Comuni dell'Ambito",
    "il Consultorio familiare",
    "il Servizio Tutela Minori",
    "il segretariato sociale",
    "l'équipe multidisciplinare",
    "il Tavolo tecnico dei servizi sociali",
    "l'Assemblea distrettuale",
]
VERBS = [
    "promuove",
    "coordina",
    "sostiene",
    "garantisce",
    "rafforza",
    "consolida",
    "sviluppa",
    "accompagna",
    "valorizza",
    "programma",
    "favorisce",
    "qualifica",
    "presidia",
    "orienta",
]
OBJECTS = [
    "la rete dei servizi domiciliari",
    "l'integrazione tra l'area sociale e quella sanitaria",
    "i percorsi di inclusione attiva",
    "la presa in carico delle fragilità",
    "il sostegno alle famiglie con figli minori",
    "l'accesso unitario ai servizi",
    "la co-progettazione con gli enti del Terzo Settore",
    "le misure di contrasto alla povertà",
    "i servizi per la prima infanzia",
    "l'housing sociale e le politiche abitative",
    "l'autonomia delle persone con disabilità",
    "la permanenza al domicilio delle persone anziane",
    "la digitalizzazione dei servizi",
    "le politiche giovanili",
    "l'inserimento lavorativo delle persone fragili",
    "la conciliazione dei tempi di vita e di lavoro",
    "la gestione associata delle funzioni sociali",
    "l'equità nell'accesso alle prestazioni",
    "il lavoro di comunità",
    "l'affido familiare e le reti di famiglie solidali",
    "i progetti di vita delle persone con disabilità",
    "il sostegno ai caregiver familiari",
    "la prevenzione del disagio adolescenziale",
    "l'integrazione dei cittadini stranieri",
]
COMPLEMENTS = [
    "nel triennio di programmazione",
    "in coerenza con le linee di indirizzo regionali",
    "in raccordo con i Comuni dell'Ambito",
    "attraverso strumenti di governance condivisi",
    "secondo una logica di prossimità",
    "valorizzando le risorse della comunità locale",
    "in continuità con la precedente programmazione",
    "con particolare attenzione ai territori più periferici",
    "nel rispetto degli equilibri di bilancio",
    "in una prospettiva di welfare generativo",
    "mediante accordi di collaborazione con gli enti gestori",
    "anche alla luce dell'esperienza maturata durante l'emergenza sanitaria",
    "in stretta collaborazione con il privato sociale",
    "con il coinvolgimento attivo delle famiglie",
    "secondo criteri di appropriatezza e sostenibilità",
    "sulla base delle analisi del bisogno condotte nel territorio",
]
OPENERS = [
    "In questo quadro",
    "Nel corso del triennio",
    "Coerentemente con quanto previsto dalla L.R. 3/2008",
    "A partire dal 2021",
    "Nella nuova programmazione",
    "Come già evidenziato",
    "Sul piano operativo",
    "In prospettiva",
    "Alla luce di quanto descritto",
    "Per quanto riguarda i Comuni più piccoli",
]
NOUNS = [  # (who, doing what, verb agreeing with who)
    ("i nuclei familiari", "seguiti dal servizio sociale", "sono stati"),
    ("le persone anziane", "assistite al domicilio", "sono state"),
    ("i minori", "in carico al Servizio Tutela", "sono stati"),
    ("le persone con disabilità", "inserite in percorsi di autonomia", "sono state"),
    ("le domande", "presentate agli sportelli sociali", "sono state"),
    ("le famiglie", "beneficiarie di contributi per l'affitto", "sono state"),
    ("i giovani", "coinvolti nelle attività dei centri di aggregazione", "sono stati"),
    ("i voucher", "erogati per l'iscrizione ai nidi", "sono stati"),
]
TEMPLATES = [
    "{Subject} {verb} {object} {complement}.",
    "{opener}, {subject} {verb} {object}, {complement}.",
    "Particolare attenzione è rivolta {a_object}, {complement}.",
    "Il Piano assume {object} come priorità condivisa {complement}.",
    "{opener}, si intende rafforzare {object} {complement}.",
    "Si tratta di un ambito nel quale {subject} {verb} {object} {complement}.",
    "Nel {year} {noun} {what} {were} {count}, {trend} rispetto all'anno precedente.",
    "Le risorse destinate {a_object} ammontano a {euro} per l'anno {year}.",
    "{opener}, l'obiettivo è rendere più omogenei {plural_thing} tra i diversi subambiti.",
    "La programmazione prevede inoltre di {action} {object} {complement}.",
]
PLURAL_THINGS = [
    "i criteri di accesso",
    "i regolamenti comunali",
    "i livelli di servizio",
    "gli strumenti di valutazione del bisogno",
    "i tempi di risposta",
]
ACTIONS = ["sostenere", "ampliare", "qualificare", "mettere a sistema", "accompagnare", "ripensare"]
ARTICLE_A = [  # "a" joined with the article at the start of a noun phrase
    ("il ", "al "),
    ("lo ", "allo "),
    ("la ", "alla "),
    ("l'", "all'"),
    ("i ", "ai "),
    ("gli ", "agli "),
    ("le ", "alle "),
]


def euro(amount: float) -> str:
    """An amount as Italian documents write it: ``€ 1.234.567,00``."""
    whole, cents = f"{amount:,.2f}".split(".")
    return "€ " + whole.replace(",", ".") + "," + cents


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def to_a(phrase: str) -> str:
    for article, joined in ARTICLE_A:
        if phrase.startswith(article):
            return joined + phrase[len(article) :]
    return "a " + phrase


class Prose:
    """A seeded source of sentences, paragraphs and lists of plausible administrative Italian."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def sentence(self) -> str:
        rng = self.rng
        subject = rng.choice(SUBJECTS)
        obj = rng.choice(OBJECTS)
        noun, what, were = rng.choice(NOUNS)
        change = rng.randint(2, 18)
        text = rng.choice(TEMPLATES).format(
            Subject=subject[0].upper() + subject[1:],
            subject=subject,
            verb=rng.choice(VERBS),
            object=obj,
            a_object=to_a(obj),
            complement=rng.choice(COMPLEMENTS),
            opener=rng.choice(OPENERS),
            year=rng.choice([2019, 2020, 2021, 2022]),
            noun=noun,
            what=what,
            were=were,
            count=rng.randint(40, 1400),
            trend=rng.choice([f"con un aumento del {change}%", f"in calo del {change}%"]),
            euro=euro(rng.randint(20, 900) * 1000),
            plural_thing=rng.choice(PLURAL_THINGS),
            action=rng.choice(ACTIONS),
        )
        assert not HEADER_WORDS.search(text), text
        return text

    def paragraph(self, low: int = 4, high: int = 8) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def paragraphs(self, count: int) -> Iterator[str]:
        for _ in range(count):
            yield self.paragraph()

    def bullets(self, low: int = 3, high: int = 6) -> list[str]:
        """Items of a bulleted list: short noun phrases ending in a semicolon, the last in a dot."""
        items = self.rng.sample(OBJECTS, self.rng.randint(low, high))
        out = [f"{item[0].upper()}{item[1:]} {self.rng.choice(COMPLEMENTS)};" for item in items]
        out[-1] = out[-1][:-1] + "."
        return out


# ---------------------------------------------------------------------------------------------
# Chapters, municipalities, budget, organisation chart

CHAPTERS_BEFORE = [
    (
        "1. Introduzione",
        [
            "1.1 Il quadro normativo di riferimento",
            "1.2 Il percorso di costruzione del Piano",
            "1.3 I principi della programmazione zonale",
            "1.4 La valutazione della programmazione 2018-2020",
        ],
    ),
    (
        "2. Il contesto territoriale",
        [
            "2.1 I Comuni dell'Ambito",
            "2.2 La popolazione e le dinamiche demografiche",
            "2.3 Le famiglie e i minori",
            "2.4 Le persone anziane",
            "2.5 Le persone con disabilità",
            "2.6 Povertà ed esclusione sociale",
        ],
    ),
    (
        "3. La governance del Piano",
        [
            "3.1 Gli organismi di governo",
            "3.2 L'Ufficio di Piano",
            "3.3 Il ruolo di Comunità Sociale Cremasca",
            "3.4 Il rapporto con il Terzo Settore",
            "3.5 L'integrazione sociosanitaria",
        ],
    ),
    (
        "4. Le risorse del Piano",
        [
            "4.1 Il quadro delle risorse",
            "4.2 I fondi nazionali e regionali",
            "4.3 La compartecipazione dei Comuni",
        ],
    ),
]
CHAPTERS_AFTER = [
    (
        "7. Le azioni trasversali",
        [
            "7.1 La comunicazione con i cittadini",
            "7.2 La formazione degli operatori",
            "7.3 La collaborazione con gli Ambiti limitrofi",
        ],
    ),
    (
        "8. Prospettive e impegni per il triennio",
        ["8.1 Le priorità condivise", "8.2 Gli impegni dei sottoscrittori"],
    ),
]

# The 48 municipalities of the Ambito (population: rounded figures of the early 2020s)
COMUNI = [
    ("Agnadello", 3800, "Nord"),
    ("Bagnolo Cremasco", 4800, "Crema"),
    ("Camisano", 1300, "Nord"),
    ("Campagnola Cremasca", 680, "Crema"),
    ("Capergnanica", 2150, "Sud"),
    ("Capralba", 2400, "Nord"),
    ("Casale Cremasco-Vidolasco", 1850, "Nord"),
    ("Casaletto Ceredano", 1200, "Sud"),
    ("Casaletto di Sopra", 560, "Est"),
    ("Casaletto Vaprio", 1800, "Nord"),
    ("Castel Gabbiano", 460, "Nord"),
    ("Castelleone", 9400, "Est"),
    ("Chieve", 2300, "Sud"),
    ("Credera Rubbiano", 1600, "Sud"),
    ("Crema", 34000, "Crema"),
    ("Cremosano", 1650, "Crema"),
    ("Cumignano sul Naviglio", 440, "Est"),
    ("Dovera", 3800, "Nord"),
    ("Fiesco", 1200, "Est"),
    ("Genivolta", 1100, "Est"),
    ("Gombito", 640, "Est"),
    ("Izano", 2000, "Est"),
    ("Madignano", 2900, "Sud"),
    ("Monte Cremasco", 2300, "Crema"),
    ("Montodine", 2500, "Sud"),
    ("Moscazzano", 760, "Sud"),
    ("Offanengo", 6000, "Est"),
    ("Palazzo Pignano", 3900, "Nord"),
    ("Pandino", 8900, "Nord"),
    ("Pianengo", 2600, "Crema"),
    ("Pieranica", 1150, "Nord"),
    ("Quintano", 930, "Nord"),
    ("Ricengo", 1700, "Est"),
    ("Ripalta Arpina", 1000, "Sud"),
    ("Ripalta Cremasca", 3300, "Sud"),
    ("Ripalta Guerina", 500, "Sud"),
    ("Rivolta d'Adda", 8000, "Nord"),
    ("Romanengo", 3000, "Est"),
    ("Salvirola", 1150, "Est"),
    ("Sergnano", 3600, "Nord"),
    ("Soncino", 7600, "Est"),
    ("Spino d'Adda", 7000, "Nord"),
    ("Ticengo", 420, "Est"),
    ("Torlino Vimercati", 450, "Nord"),
    ("Trescore Cremasco", 2900, "Nord"),
    ("Trigolo", 1700, "Est"),
    ("Vaiano Cremasco", 3900, "Crema"),
    ("Vailate", 4500, "Nord"),
]


def comuni_rows(rng: random.Random) -> list[tuple[str, str, str]]:
    """(Comune, Abitanti, Subambito) of the 48 municipalities, populations not round."""
    assert len(COMUNI) == 48
    return [
        (name, thousands(round(people * rng.uniform(0.97, 1.03))), sub)
        for name, people, sub in COMUNI
    ]


BUDGET_ITEMS = [
    "Servizio di assistenza domiciliare (SAD)",
    "Assistenza domiciliare minori (ADM)",
    "Servizio Tutela Minori",
    "Affido familiare",
    "Comunità per minori",
    "Assistenza educativa scolastica",
    "Centri diurni per persone con disabilità",
    "Servizi di formazione all'autonomia",
    "Trasporto sociale",
    "Servizio di inserimento lavorativo",
    "Voucher per la prima infanzia",
    "Centri di aggregazione giovanile",
    "Sportello casa e fondo affitti",
    "Misure di contrasto alla povertà",
    "Pronto intervento sociale",
    "Segretariato sociale",
    "Sportello stranieri",
    "Misura B2 (Fondo Non Autosufficienza)",
    "Progetti di vita indipendente",
    "Sostegno ai caregiver familiari",
    "Piattaforma digitale dei servizi",
    "Formazione degli operatori",
    "Funzionamento dell'Ufficio di Piano",
]


def budget_rows(rng: random.Random) -> list[list[str]]:
    """[Voce di spesa, 2021, 2022, 2023, Totale] in euro, a total row last."""
    rows = []
    sums = [0.0, 0.0, 0.0]
    for item in BUDGET_ITEMS:
        base = rng.randint(18, 900) * 1000 + rng.choice([0, 250, 500, 750])
        years = [round(base * rng.uniform(0.9, 1.12), -1) for _ in range(3)]
        sums = [s + y for s, y in zip(sums, years, strict=True)]
        rows.append([item, *(euro(y) for y in years), euro(sum(years))])
    rows.append(["Totale", *(euro(s) for s in sums), euro(sum(sums))])
    return rows


ORG_CHART = [
    (0, "Assemblea dei Sindaci dell'Ambito Distrettuale Cremasco"),
    (1, "Presidente dell'Assemblea"),
    (1, "Esecutivo dell'Assemblea (un Sindaco per subambito)"),
    (2, "Ufficio di Piano"),
    (3, "Coordinatore dell'Ufficio di Piano"),
    (3, "Area programmazione e progettazione"),
    (3, "Area amministrativa e contabile"),
    (3, "Referenti dei subambiti Crema, Nord, Est e Sud"),
    (2, "Tavolo tecnico dei servizi sociali comunali"),
    (2, "Comunità Sociale Cremasca a.s.c. (ente gestore)"),
    (3, "Servizio Tutela Minori e Famiglia"),
    (3, "Servizio Disabilità e Fragilità"),
    (3, "Servizio Inclusione e Lavoro"),
    (1, "Cabina di regia integrata con ATS Val Padana e ASST di Crema"),
    (1, "Tavolo del Terzo Settore"),
    (2, "Tavoli tematici: povertà, abitare, domiciliarità, minori e famiglia, disabilità"),
]
