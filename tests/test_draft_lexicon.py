"""The draft lexicon (issue 24): event kind with hedging, fatalities and actors, in French and English.

Sentences are written for these tests. Every reader is checked on its public API (``event_kind``, ``fatalities``,
``actors``), which ``liptako draft`` builds on: the kinds it returns, the figures and the offsets, which must
slice back to the text reported.
"""

import re
import time

import pytest
from hostile import PAYLOADS

from geo.draft import lexicon
from geo.draft.lexicon import KIND_PRIORITY, Actor, KindCue, Toll, actors, event_kind, fatalities
from geo.vocab import RECORD_KINDS

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - the test extra installs it
    given = None


def kind_of(sentence: str, lang: str) -> tuple[str, bool] | None:
    cue = event_kind(sentence, lang)
    if cue is None:
        return None
    assert sentence[cue.start : cue.end] == cue.text
    return cue.kind, cue.hedged


def toll_of(sentence: str, lang: str) -> tuple[int | None, int | None] | None:
    toll = fatalities(sentence, lang)
    if toll is None:
        return None
    assert sentence[toll.start : toll.end] == toll.text
    assert toll.word and toll.word in sentence
    return toll.low, toll.high


def names_in(sentence: str) -> list[str]:
    found = actors(sentence)
    for actor in found:
        assert sentence[actor.start : actor.end] == actor.text
    return [a.name for a in found]


# -- the one vocabulary ----------------------------------------------------------------------------


def test_every_kind_the_lexicon_can_return_is_a_record_kind():
    # records.csv rows are validated against RECORD_KINDS (geo/records.py); a draft of another kind could
    # never be accepted.
    assert set(KIND_PRIORITY) == set(RECORD_KINDS)
    assert len(KIND_PRIORITY) == len(RECORD_KINDS)
    for lang, table in lexicon._CUES.items():
        assert set(table) <= set(RECORD_KINDS), lang
        for kind, patterns in table.items():
            assert patterns, (lang, kind)


@pytest.mark.parametrize(
    ("sentence", "lang", "kind"),
    [
        ("Des hommes armés ont attaqué le village de Tillia.", "fr", "attack"),
        ("Gunmen attacked the village of Tillia.", "en", "attack"),
        ("Une embuscade a visé une patrouille.", "fr", "attack"),
        ("Une frappe aérienne a visé Inates.", "fr", "airstrike"),
        ("An airstrike killed 12 people near Inates.", "en", "airstrike"),
        ("Des renforts ont été déployés à Ansongo.", "fr", "deployment"),
        ("Troops were deployed to Ménaka.", "en", "deployment"),
        ("Le camp militaire de Tillabéri", "fr", "base"),
        ("The army built a new outpost.", "en", "base"),
        ("Un couvre-feu a été décrété à Téra.", "fr", "security"),
        ("A curfew was imposed in Téra.", "en", "security"),
        ("La junte a annoncé un retrait de la CEDEAO.", "fr", "political"),
        ("The junta pulled out of ECOWAS.", "en", "political"),
    ],
)
def test_each_kind_in_both_languages(sentence, lang, kind):
    assert kind_of(sentence, lang) == (kind, False)
    assert event_kind(sentence, "").kind == kind  # any other lang reads both


def test_a_sentence_that_reports_nothing_has_no_kind():
    assert event_kind("Il a plu toute la journée.", "fr") is None
    assert event_kind("It rained all day.", "en") is None
    assert event_kind("La base de données a été mise à jour.", "fr") is None  # a database is not a base


def test_priority_airstrike_over_its_killed_and_attack_over_base():
    assert kind_of("An airstrike killed 12 people.", "en") == ("airstrike", False)
    assert kind_of("Jihadists attacked the military base.", "en") == ("attack", False)
    assert kind_of("Des renforts ont été dépêchés vers la base de Ménaka.", "fr") == ("deployment", False)


@pytest.mark.parametrize(
    ("sentence", "lang", "cue"),
    [
        ("L'attaque a fait 12 morts.", "fr", "attaque"),
        ("L'embuscade a coûté la vie à 5 soldats.", "fr", "embuscade"),
        ("L'assaut contre le camp a duré deux heures.", "fr", "assaut"),
        ("L’état d’urgence a été prolongé.", "fr", "état d’urgence"),
    ],
)
def test_french_elision_before_a_cue(sentence, lang, cue):
    # "l'attaque", "d'attaquer": the cue after an elided article or preposition is a word of its own.
    found = event_kind(sentence, lang)
    assert found is not None and found.text == cue and not found.hedged


# -- hedging ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Jihadists may attack the town.", "en"),
        ("Jihadists could attack Niamey.", "en"),
        ("Jihadists warned they would attack.", "en"),
        ("The army did not attack.", "en"),
        ("The army foiled an attack on Ayorou.", "en"),
        ("The attack was foiled.", "en"),
        ("The attack has been foiled.", "en"),
        ("No attack was reported.", "en"),
        ("Les jihadistes menacent d'attaquer Ménaka.", "fr"),
        ("Les jihadistes pourraient attaquer Niamey.", "fr"),
        ("Aucune attaque n'a été signalée.", "fr"),
        ("L'attaque a été déjouée.", "fr"),
        ("Une attaque a été déjouée par l'armée.", "fr"),
    ],
)
def test_hedged_cues(sentence, lang):
    assert kind_of(sentence, lang) == ("attack", True)


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("In May, gunmen attacked the town.", "en"),
        ("They attacked the base in May.", "en"),
        ("Gunmen attacked the village, killing 12.", "en"),
        ("Des hommes armés ont attaqué le village en mai.", "fr"),
        ("L'armée a repoussé l'attaque.", "fr"),
    ],
)
def test_asserted_cues_are_not_hedged(sentence, lang):
    assert kind_of(sentence, lang) == ("attack", False)


def test_an_asserted_cue_of_a_lower_kind_wins_over_a_hedged_one():
    cue = event_kind("MINUSMA deployed units to Ménaka, where jihadists threaten to attack.", "en")
    assert cue == KindCue("deployment", "deployed", 8, 16, False)
    cue = event_kind("In May, gunmen may attack the camp.", "en")
    assert cue is not None and cue.hedged  # the month, then the modal


# -- fatalities ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        ("12 soldats ont été tués.", "fr", (12, 12)),
        ("Douze soldats ont été tués.", "fr", (12, 12)),
        ("douze soldats tués", "fr", (12, 12)),
        ("Twenty-three soldiers were killed.", "en", (23, 23)),
        ("twenty three soldiers were killed", "en", (23, 23)),
        ("cent trente-sept civils tués", "fr", (137, 137)),
        ("quatre-vingt-dix morts", "fr", (90, 90)),
        ("quatre-vingts morts", "fr", (80, 80)),
        ("soixante-et-onze morts", "fr", (71, 71)),
        ("vingt et un morts", "fr", (21, 21)),
        ("deux cents morts", "fr", (200, 200)),
        ("one hundred and twenty people were killed", "en", (120, 120)),
        ("1,200 people were killed", "en", (1200, 1200)),
        ("1 200 morts", "fr", (1200, 1200)),
        ("un mort", "fr", (1, 1)),
        ("une vingtaine de civils ont été tués", "fr", (18, 22)),
        ("une cinquantaine de morts", "fr", (45, 55)),
        ("une douzaine de morts", "fr", (12, 12)),
        ("a dozen people were killed", "en", (12, 12)),
        ("dozens of people were killed", "en", (24, 99)),
        ("Dozens were killed", "en", (24, 99)),
        ("des dizaines de morts", "fr", (20, 99)),
        ("hundreds were killed", "en", (200, 999)),
        ("des centaines de morts", "fr", (200, 999)),
        ("at least 12 people were killed", "en", (12, None)),
        ("Jihadists killed at least 137 people.", "en", (137, None)),
        ("at least twelve killed", "en", (12, None)),
        ("au moins 12 morts", "fr", (12, None)),
        ("plus de 30 morts", "fr", (31, None)),
        ("more than 30 were killed", "en", (31, None)),
        ("plus d'une vingtaine de morts", "fr", (21, None)),
        ("up to 30 killed", "en", (None, 30)),
        ("jusqu'à 30 morts", "fr", (None, 30)),
        ("fewer than 10 killed", "en", (None, 9)),
        ("moins de 10 morts", "fr", (None, 9)),
        ("about 40 killed", "en", (36, 44)),
        ("environ 40 morts", "fr", (36, 44)),
        ("nearly 50 killed", "en", (45, 50)),
        ("près de 50 morts", "fr", (45, 50)),
        ("10 à 15 morts", "fr", (10, 15)),
        ("de 10 à 15 morts", "fr", (10, 15)),
        ("entre 10 et 15 morts", "fr", (10, 15)),
        ("between 10 and 15 were killed", "en", (10, 15)),
        ("10 to 15 people were killed", "en", (10, 15)),
        ("10-15 killed", "en", (10, 15)),
        ("10–15 killed", "en", (10, 15)),
        ("no one was killed", "en", (0, 0)),
        ("aucun mort", "fr", (0, 0)),
        ("pas de victime", "fr", (0, 0)),
    ],
)
def test_figures(sentence, lang, expected):
    assert toll_of(sentence, lang) == expected


def test_the_figure_and_its_offsets():
    sentence = "Le 3 avril, au moins douze soldats ont été tués près de Tillia."
    toll = fatalities(sentence, "fr")
    assert toll == Toll(12, None, "au moins douze", 12, 26, "tués")


def test_wounded_are_not_dead():
    assert fatalities("12 soldiers were wounded.", "en") is None
    assert fatalities("12 blessés", "fr") is None
    assert toll_of("12 soldats blessés et 3 tués", "fr") == (3, 3)
    assert toll_of("15 wounded and 3 killed", "en") == (3, 3)


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # dates and years
        ("On March 13 soldiers were killed.", "en", None),
        ("Le 13 mars, des soldats ont été tués.", "fr", None),
        ("In 2021 soldiers were killed.", "en", None),
        ("On 12 March 2021, 2 vehicles were destroyed and 5 soldiers killed.", "en", (5, 5)),
        ("In 2022, 30 civilians were killed.", "en", (30, 30)),
        ("The 2022 attack killed 30.", "en", (30, 30)),
        ("The attack on 12 March killed 4.", "en", (4, 4)),
        # a count after a date that ends its clause
        ("Le 3 avril, 5 soldats ont été tués.", "fr", (5, 5)),
        ("On 3 April, 5 soldiers were killed.", "en", (5, 5)),
        ("Dans la nuit du 20 au 21 mars, 5 soldats ont été tués.", "fr", (5, 5)),
        # things and measures
        ("2 vehicles were destroyed, soldiers killed.", "en", None),
        ("Two vehicles were destroyed; 4 soldiers killed.", "en", (4, 4)),
        ("Soldiers were killed 15 km from Gao.", "en", None),
        ("A 12-year-old was killed.", "en", None),
        ("Un enfant de 12 ans a été tué.", "fr", None),
        # identifiers
        ("Resolution 2100 killed nobody.", "en", (0, 0)),
        ("Resolution 2391 cited those killed.", "en", None),
        ("La résolution 2391 condamne les morts.", "fr", None),
        ("Under Resolution 2391, 4 peacekeepers were killed.", "en", (4, 4)),
        ("Au PK 30, des soldats ont été tués.", "fr", None),
        # no figure at all
        ("Il y a eu des morts.", "fr", None),
        ("Soldiers were killed.", "en", None),
    ],
)
def test_numbers_that_are_not_deaths(sentence, lang, expected):
    assert toll_of(sentence, lang) == expected


# -- actors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Le JNIM a revendiqué l'attaque.", ["JNIM"]),
        ("Le GSIM a revendiqué l'attaque.", ["JNIM"]),
        ("Jama'at Nusrat al-Islam wal-Muslimin claimed it.", ["JNIM"]),
        ("l’EIGS et l'ISGS", ["IS Sahel", "IS Sahel"]),
        ("ISSP fighters", ["IS Sahel"]),
        ("IS Sahel fighters", ["IS Sahel"]),
        ("l'État islamique au Grand Sahara", ["IS Sahel"]),
        ("ETAT ISLAMIQUE AU GRAND SAHARA", ["IS Sahel"]),
        ("les FAMa", ["FAMa"]),
        ("l'armée malienne", ["FAMa"]),
        ("Malian troops", ["FAMa"]),
        ("les FAN", ["FAN"]),
        ("Forces armees nigeriennes", ["FAN"]),
        ("les FDS et les VDP", ["FDS", "VDP"]),
        ("les FDS/VDP", ["FDS", "VDP"]),
        ("Opération Barkhane et force Takuba", ["Barkhane", "Takuba"]),
        ("la Minusma", ["MINUSMA"]),
        ("the Wagner Group", ["Wagner"]),
        ("l'Africa Corps russe", ["Africa Corps"]),
        ("pro-JNIM militants", ["JNIM"]),
        ("the JNIM's fighters", ["JNIM"]),
    ],
)
def test_actor_names(sentence, expected):
    assert names_in(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "un enfant de la fanfare",  # FAN inside words
        "FANfare",
        "FDSX and VDPX",
        "wagnerian opera",
        "jnim fama fan fds vdp",  # short acronyms only as written
        "Barkhanes",
        "takubas",
        "",
    ],
)
def test_no_actor_inside_another_word(sentence):
    assert actors(sentence) == []


def test_actor_offsets_and_sides():
    sentence = "Les Forces armées maliennes (FAMa) et le JNIM se sont affrontés près de Boni."
    found = actors(sentence)
    assert found == [
        Actor("FAMa", "Forces armées maliennes (FAMa)", 4, 34, "state"),
        Actor("JNIM", "JNIM", 41, 45, "jihadist"),
    ]
    assert [a.side for a in actors("JNIM, EIGS, Barkhane, VDP")] == ["jihadist", "jihadist", "international", "militia"]


def test_the_longest_name_wins():
    found = actors("l'État islamique au Grand Sahara (EIGS) et l'État islamique")
    assert [(a.name, a.text) for a in found] == [
        ("IS Sahel", "État islamique au Grand Sahara (EIGS)"),
        ("Islamic State", "État islamique"),
    ]


# -- hostile input ---------------------------------------------------------------------------------

HOSTILE = [
    "",
    " ",
    "\x00\x01\x1b[31m\x7f",
    "\u202eattack\u202c killed 12\ufeff",
    "tués\r\n12\u2028morts\u2029",
    "<script>alert('12 killed by JNIM')</script>",
    "'" * 1000,
    "-" * 1000,
    "é" * 10_000,
    "\U0001f4a3 12 \U0001f480 killed",
    "\ud800 lone surrogate 12 killed",
    *PAYLOADS,
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("lang", ["fr", "en", "", "de", None])
def test_hostile_text_never_raises_and_offsets_hold(text, lang):
    check_offsets(text, lang)


@pytest.mark.parametrize("value", [None, 12, 3.5, b"killed 12", ["attack"]])
def test_non_strings_never_raise(value):
    assert event_kind(value, "en") is None or isinstance(event_kind(value, "en"), KindCue)
    assert fatalities(value, "fr") is None or isinstance(fatalities(value, "fr"), Toll)
    assert isinstance(actors(value), list)
    assert event_kind(None) is None and fatalities(None) is None and actors(None) == []


def check_offsets(text, lang):
    cue = event_kind(text, lang)
    if cue is not None:
        assert text[cue.start : cue.end] == cue.text and cue.kind in RECORD_KINDS
    toll = fatalities(text, lang)
    if toll is not None:
        assert text[toll.start : toll.end] == toll.text
        assert toll.low is None or toll.high is None or toll.low <= toll.high
    for actor in actors(text):
        assert text[actor.start : actor.end] == actor.text


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed 12 soldiers near Ménaka, said the FAMa. " * 20_000,
        "1 " * 200_000 + "killed",
        "killed " + "1 " * 200_000,
        "twenty " * 100_000 + "killed",
        "1" * 500_000,
        "may not attack " * 50_000,
        "FAMa " * 100_000,
    ],
    ids=["report", "numbers-then-death", "death-then-numbers", "number-words", "digits", "hedges", "acronyms"],
)
def test_long_text_is_read_in_linear_time(text):
    started = time.perf_counter()
    check_offsets(text, "")
    assert time.perf_counter() - started < 20


if given is not None:
    ALPHABET = st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:'’-–()/%\n\t\x00")
        + ["é", "É", "è", "à", "ç", "ï", "\u202e", "\ufeff", "ß", "İ", "ﬁ", "\U0001f480"]
    )
    WORDS = st.sampled_from(
        [
            "killed",
            "tués",
            "morts",
            "at least",
            "au moins",
            "plus d'",
            "une vingtaine",
            "dozens",
            "douze",
            "twenty-three",
            "quatre-vingt",
            "et",
            "and",
            "10",
            "1,200",
            "2021",
            "mars",
            "May",
            "may",
            "attack",
            "l'attaque",
            "d'attaquer",
            "déjouée",
            "foiled",
            "JNIM",
            "FAMa",
            "FAN",
            "EIGS",
            "IS",
            "Sahel",
            "Forces armées maliennes",
            "(",
            ")",
            "Wagner",
            "Africa Corps",
            "à",
            "to",
            "-",
            "'",
        ]
    )
    TEXTS = st.one_of(
        st.text(ALPHABET, max_size=200),
        st.lists(st.one_of(WORDS, st.text(ALPHABET, max_size=3)), max_size=40).map(" ".join),
        st.lists(st.one_of(WORDS, st.text(ALPHABET, max_size=3)), max_size=40).map("".join),
        st.text(max_size=100),
    )

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(TEXTS, st.sampled_from(["fr", "en", ""]))
    def test_any_text_offsets_slice_back_to_their_text(text, lang):
        check_offsets(text, lang)


def test_folding_keeps_one_character_for_one():
    # The readers' offsets index the sentence as given because folding never changes the length.
    sample = "".join(chr(cp) for cp in range(0x3000) if not 0xD800 <= cp < 0xE000) + "İﬁß\U0001f480"
    assert len(lexicon.fold(sample)) == len(sample)
    assert lexicon.fold("L’État-Major À Ménaka") == "l'etat-major a menaka"
    assert re.fullmatch(r"[ -~]*", lexicon.fold("Forces armées nigériennes"))


@pytest.mark.parametrize(
    "sentence, lang, hedged",
    [
        ("Students held a sit-in to denounce the abduction of two of their colleagues.", "en", True),
        ("Des habitants ont manifesté pour dénoncer l'enlèvement de leur chef.", "fr", True),
        ("Une nouvelle base militaire pourrait être installée à Gorom-Gorom.", "fr", True),
        ("A new base could be built at Tahoua.", "en", True),
        ("Gunmen attacked Tillia and will be pursued.", "en", False),
        ("The government condemned the attack on Tessit.", "en", False),
        ("Gunmen attacked a protest in Gao, killing 3.", "en", False),
    ],
)
def test_protests_and_modals_after_a_noun_hedge_the_cue(sentence, lang, hedged):
    cue = event_kind(sentence, lang)
    assert cue is not None and cue.hedged is hedged, cue
