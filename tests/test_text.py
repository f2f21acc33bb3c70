"""Repairs inside a cell: each documented join and fold, and what must stay untouched."""

from __future__ import annotations

import pytest

from pdztables.extract import LineFit
from pdztables.normalize.text import Lexicon, clean_cell, join_lines


@pytest.mark.parametrize(
    ("raw", "key", "want", "kinds"),
    [
        (
            "Referente tecnico UdP \n(Comune di Crema)",
            False,
            "Referente tecnico UdP (Comune di Crema)",
            ["wrapped-cell"],
        ),
        ("Coordinatrice Rete Con-\ntatto", False, "Coordinatrice Rete Con-tatto", ["hyphen-join"]),
        ("servizi -\nenti locali", False, "servizi - enti locali", ["wrapped-cell"]),
        ("Centro Anti-\nViolenza", False, "Centro Anti-Violenza", ["hyphen-join"]),
        ("Piano di Zona 2021-\n2023", False, "Piano di Zona 2021-2023", ["hyphen-join"]),
        (
            "progettualità giovani/\nfamiglia",
            False,
            "progettualità giovani/famiglia",
            ["slash-join"],
        ),
        ("EiSA /\nAgenzia Abitare", False, "EiSA / Agenzia Abitare", ["wrapped-cell"]),
        ("- prima voce\n- seconda voce", False, "- prima voce - seconda voce", ["wrapped-cell"]),
        ("1\n3", True, "13", ["digits-join"]),
        ("1\n3", False, "1 3", ["wrapped-cell"]),
        ("48\n49", True, "48 49", ["wrapped-cell"]),
        ("Adempimenti  gestiti", False, "Adempimenti gestiti", ["whitespace"]),
        ("n.\u00a0incontri", False, "n. incontri", ["whitespace"]),
        ("\ufb01nanziate", False, "finanziate", ["ligature"]),
        ("interistituzionali ", False, "interistituzionali", ["whitespace"]),
        ("", False, "", []),
        ("annuale", False, "annuale", []),
    ],
)
def test_clean_cell(raw: str, key: bool, want: str, kinds: list[str]) -> None:
    text, got = clean_cell(raw, key=key)
    assert text == want
    assert got == kinds


@pytest.mark.parametrize(
    "keep",
    [
        "n. strategia d’azione territoriale",
        "soggetti “ospitanti”",
        "revisinoe",
        "≥ 40",
        "% del costo",
        "co-costruiti",
        "Almeno il 70%",
        "05d_e_j",
    ],
)
def test_clean_cell_keeps_every_other_character(keep: str) -> None:
    assert clean_cell(keep) == (keep, [])


def fit(text: str, room: float, char: float = 4.0) -> LineFit:
    """How a line of `text` sits in its cell: `room` points left at its end, letters `char`
    points wide."""
    words = text.split()
    width = len(text) * char
    return LineFit(room, char, width, len(words[0]) * char, len(words[-1]) * char)


def joined(lines: list[str], rooms: list[float], key: bool = False) -> tuple[str, list[str]]:
    fits = [fit(line, room) for line, room in zip(lines, rooms, strict=True)]
    return join_lines(lines, fits, key=key, lexicon=Lexicon())


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        (["05ZER", "O"], "05ZERO"),  # a code cut by a narrow column
        (["Domicilia", "rità"], "Domiciliarità"),  # neither piece is a word
        (["accompagnam", "ento"], "accompagnamento"),  # joined, a word
        (["positiva", "mente"], "positivamente"),  # both words, but one far likelier
        (["21.0", "00"], "21.000"),  # a number cut after its thousands dot
        (["100", "%"], "100%"),
        (["qualitativa", ")"], "qualitativa)"),  # a bracket follows its word
        (["Adempi", "menti"], "Adempimenti"),  # the list knows `adempimento`
        (["residenzi", "ali"], "residenziali"),  # `ali` is far likelier a word's ending
        (["co-proget", "tazione"], "co-progettazione"),
        (["care", "giver"], "caregiver"),  # borrowed English: the whole word is English
        (["raggiungo", "no"], "raggiungono"),  # a verb form the list lacks: `raggiungo` known
        (["Compartecipazio", "ne"], "Compartecipazione"),  # `com` + `partecipazione`, known
        (["socioeduca", "tivo"], "socioeducativo"),  # `socio` + `educativo`, known
    ],
)
def test_a_word_cut_by_the_cell_edge_joins_without_a_space(lines: list[str], want: str) -> None:
    text, kinds = joined(lines, [0.5, 10.0])
    assert text == want
    assert kinds == ["cut-word"]


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        (["Percentuale", "di richieste"], "Percentuale di richieste"),  # two known words
        (["un socio", "lavoratore"], "un socio lavoratore"),  # cut at a prefix: two words
        (["per", "la valutazione"], "per la valutazione"),  # `perla` is a word, less likely
        (["Coordinatrice", "TM (CSC)"], "Coordinatrice TM (CSC)"),  # capitals start a word
        (["SAAP", "approvati"], "SAAP approvati"),  # an acronym, then a word
        (["macroazione", "2"], "macroazione 2"),  # letters do not go on in digits
        (["almeno 1", "per subambito"], "almeno 1 per subambito"),  # nor a number in letters
        (["raggiungono", "un’occupazione"], "raggiungono un’occupazione"),  # an elision
        (["sensibilizzazione", "su tutti"], "sensibilizzazione su tutti"),  # a function word
        (["≥", "40"], "≥ 40"),  # a sign is no piece of a word
        (["di co-progettazione", "con gli enti"], "di co-progettazione con gli enti"),
        (["sociosanitari", "rete"], "sociosanitari rete"),  # `rete` is a word, whatever ends so
        (["(community", "maker)"], "(community maker)"),  # two English words
    ],
)
def test_a_full_line_before_another_word_keeps_its_space(lines: list[str], want: str) -> None:
    text, kinds = joined(lines, [0.5, 10.0])
    assert text == want
    assert kinds == ["wrapped-cell"]


def test_a_line_with_room_for_the_next_letter_was_broken_at_a_space() -> None:
    assert joined(["05ZER", "O"], [6.0, 10.0]) == ("05ZER O", ["wrapped-cell"])


def test_a_line_drawn_with_a_space_at_its_end_was_broken_there() -> None:
    fits = [fit("Domicilia", 0.5), fit("rità", 10.0)]
    text, _ = join_lines(["Domicilia ", "rità"], fits, lexicon=Lexicon())
    assert text == "Domicilia rità"


def test_only_a_word_wider_than_every_line_of_its_cell_is_ever_cut() -> None:
    fits = [fit("in", 0.5), fit("carico e gestione del", 10.0)]
    # the line "carico e gestione del" is wider than "incarico": no word was cut there
    text, _ = join_lines(["in", "carico e gestione del"], fits, lexicon=Lexicon())
    assert text == "in carico e gestione del"


def test_digits_of_a_narrow_key_column_join_by_their_room() -> None:
    assert joined(["1", "3"], [0.2, 1.0], key=True) == ("13", ["digits-join"])
    assert joined(["48", "49"], [12.0, 12.0], key=True) == ("48 49", ["wrapped-cell"])


def test_the_table_teaches_its_own_words() -> None:
    lexicon = Lexicon()
    lexicon.add_cell(["Community Maker"], None)
    lexicon.add_cell(["n. incarichi di community", "maker"], None)
    fits = [fit("community", 0.5), fit("maker", 10.0)]
    text, _ = join_lines(["(community", "maker)"], fits, lexicon=lexicon)
    assert text == "(community maker)"


def test_a_measured_room_a_little_over_the_next_letter_still_fills_the_line() -> None:
    """The room is measured against a padding estimated from the cell's left side: a point
    over the next letter's width is still a full line."""
    assert joined(["05ZER", "O"], [4.8, 10.0]) == ("05ZERO", ["cut-word"])
    assert joined(["05ZER", "O"], [5.1, 10.0]) == ("05ZER O", ["wrapped-cell"])


def test_a_word_a_little_wider_than_the_widest_line_was_cut() -> None:
    fits = [
        LineFit(0.0, 3.2, 37.92, 37.92, 37.92),
        LineFit(4.55, 4.45, 33.36, 33.36, 33.36),
        LineFit(33.0, 4.95, 4.95, 4.95, 4.95),
    ]
    text, _ = join_lines(["strategia", "contrast", "o"], fits, lexicon=Lexicon())
    assert text == "strategia contrasto"


def test_a_word_a_tenth_of_a_point_wider_than_the_widest_line_was_cut() -> None:
    """A browser broke `valutazione` (46.83 points) in a cell whose widest line,
    `Questionari`, is 46.75: it did not fit, so it was cut."""
    fits = [
        LineFit(0.0, 6.48, 46.75, 46.75, 46.75),
        LineFit(31.84, 4.98, 14.92, 4.98, 7.47),
        LineFit(4.9, 4.79, 41.85, 41.85, 41.85),
        LineFit(2.43, 4.98, 44.33, 4.98, 36.77),
    ]
    lines = ["Questionari", "o di", "valutazion", "e dell’esito"]
    text, _ = join_lines(lines, fits, lexicon=Lexicon())
    assert text == "Questionario di valutazione dell’esito"


def test_a_piece_after_other_words_on_its_line_needs_a_far_likelier_word() -> None:
    """`incompleta` is a word, likelier than `in` + `completa`; but `in` ends a line of two
    words, where a word processor never cuts a word (it moves it to a line of its own)."""
    text, _ = joined(["cittadini in", "completa"], [0.5, 10.0])
    assert text == "cittadini in completa"
    text, _ = joined(["in", "completa"], [0.5, 10.0])
    assert text == "incompleta"


def test_a_piece_after_other_words_is_a_cut_only_from_a_word_crowded_times_likelier() -> None:
    """A narrow cell (`un per` over `corso`: the two pieces are wider together than any of its
    lines). After other words on its line, a piece is part of a cut word only where the word
    is `CROWDED` (ten) times likelier than the two words: `percorso` is eighteen times
    likelier than `per` + `corso`; `perfino` only five times likelier than `per` + `fino`."""
    assert joined(["un per", "corso"], [0.5, 10.0])[0] == "un percorso"
    assert joined(["un per", "fino"], [0.5, 10.0])[0] == "un per fino"


def test_a_word_the_table_uses_whole_beats_two_common_words() -> None:
    """`benestare`, written whole in the table's header, and a cell line filled at `bene`
    before `stare`: one word, though `bene` and `stare` are each common (the two together
    expected about 1,100 times in the list's count, `TABLE_WORD` 3,000)."""
    lexicon = Lexicon()
    lexicon.add_text("Benestare tecnico")
    assert not lexicon.says_space("bene", "stare")
    assert Lexicon().says_space("bene", "stare")  # without the table's word: two words


def test_a_slip_the_table_once_made_does_not_glue_two_common_words() -> None:
    """`perlavoro` run together once in the table (a slip) and a line filled at `per` before
    `lavoro`: two words, as `per` + `lavoro` stand apart far more often (about 7,000 in the
    list's count) than the table's own word counts (`TABLE_WORD`)."""
    lexicon = Lexicon()
    lexicon.add_text("inserimenti perlavoro")
    assert lexicon.says_space("per", "lavoro")


def test_short_pieces_joined_on_a_guess_are_not_recorded() -> None:
    """`Sergna` + `no` (Sergnano, a town of the Cremasco): neither piece is a word the lists
    know, but `no` is shorter than `UNSURE_PIECE`: a cut, surely, and no doubt reported."""
    lexicon = Lexicon()
    assert not lexicon.says_space("Sergna", "no")
    assert lexicon.unsure == []


def test_pieces_joined_on_a_guess_are_recorded() -> None:
    lexicon = Lexicon()
    lines = ["(revisinoe", "domiciliarità)"]
    text, _ = join_lines(
        lines, [fit(ln, r) for ln, r in zip(lines, [0.5, 10.0], strict=True)], lexicon=lexicon
    )
    assert text == "(revisinoedomiciliarità)"
    assert lexicon.unsure == [("revisinoe", "domiciliarità")]
    lexicon.unsure.clear()
    lines = ["Domicilia", "rità"]  # a short piece: a cut, surely
    join_lines(
        lines, [fit(ln, r) for ln, r in zip(lines, [0.5, 10.0], strict=True)], lexicon=lexicon
    )
    assert lexicon.unsure == []
