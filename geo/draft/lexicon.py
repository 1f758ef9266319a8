"""What a sentence of a news report says: the kind of event, how many died, and who (issue 24).

Three readers, each a lexicon of French and English words and rules, no model:

- :func:`event_kind` names the record kind a sentence reports (one of :data:`geo.vocab.RECORD_KINDS`) and the
  cue it read, with the cue's character offsets. A sentence with cues of several kinds takes the first kind of
  :data:`KIND_PRIORITY` (airstrike, attack, deployment, base, security, political) among its *asserted* cues: a
  cue under a negation, a modal or a plan ("could attack", "menace d'attaquer", "no attack", "attaque déjouée",
  "to establish a base") is *hedged*, and an asserted cue of a lower kind wins over it ("MINUSMA deployed units
  to Ménaka, where jihadists threaten to attack" is a deployment). Only when every cue is hedged is the kind
  returned with ``hedged=True``. Why this order: an airstrike also kills (its "killed" is an attack cue), an
  attack on a base is the attack, troops deployed to a base are the deployment, and a curfew or a decision
  that follows an attack is the attack's context.
- :func:`fatalities` reads the number of dead: numbers (digits, "1,200", "1 200", number words in both
  languages up to the thousands) attached to a death word ("killed", "morts", "ont péri"...), with their
  qualifiers. A number belongs to the nearest outcome word on either side within a few words; numbers nearer a
  wounded, abducted or displaced word, years, dates and measures are not fatalities. Rules, as ``(low, high)``:

  ========================================  ===========================================================
  "137", "cent trente-sept"                 (137, 137)
  "at least N", "au moins N"                (N, None)
  "more than N", "plus de N"                (N + 1, None)
  "up to N", "jusqu'à N", "at most N"       (None, N)
  "fewer than N", "moins de N"              (None, N - 1)
  "about N", "environ N", "une vingtaine"   (N - d, N + d) with d = max(1, N/10 rounded half up)
  "nearly N", "près de N"                   (N - d, N)
  "N to M", "entre N et M", "N-M"           (N, M)
  "a dozen", "une douzaine"                 (12, 12)
  "dozens", "several dozen"                 (24, 99): two dozen and more, fewer than a hundred
  "des dizaines", "tens of"                 (20, 99): two tens and more (a dizaine is ten, not twelve)
  "hundreds", "des centaines"               (200, 999)
  "thousands", "des milliers"               (2000, 9999)
  "several", "plusieurs"                    (2, None)
  "no one", "aucun mort", "pas de victime"  (0, 0)
  ========================================  ===========================================================

  A qualifier in front of an approximate figure works on its nominal value ("plus d'une vingtaine" is (21,
  None)). When several numbers are attached, the one nearest its death word is taken (figures are not
  summed: "12 soldiers and 3 civilians were killed" reads 3). "Casualties" is not a death word (it counts
  the wounded too).
- :func:`actors` finds the region's armed groups and forces by their names and aliases in both languages
  (:data:`ACTORS`): names match whatever their accents, case, hyphens and apostrophes; short acronyms
  ("FAN", "FDS", "EI") match only as written, as whole words ("FAN" is not in "enfant"). The longest name
  wins, and a name next to its own acronym ("Forces armées maliennes (FAMa)") is one mention.

Every reader takes any string (control characters, megabytes) and never raises; offsets index the string as
given (the folding keeps one character for one). ``lang`` is ``"fr"`` or ``"en"``; anything else reads both.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from ..vocab import RECORD_KINDS

ATTACK, AIRSTRIKE, DEPLOYMENT, BASE, SECURITY, POLITICAL = RECORD_KINDS
# The kind a sentence with cues of several kinds reports: the first of these among its asserted cues.
KIND_PRIORITY = (AIRSTRIKE, ATTACK, DEPLOYMENT, BASE, SECURITY, POLITICAL)
LANGS = ("fr", "en")


@dataclass(frozen=True)
class KindCue:
    """The kind a sentence reports and the words that say so (``text`` is ``sentence[start:end]``)."""

    kind: str
    text: str
    start: int
    end: int
    hedged: bool = False


@dataclass(frozen=True)
class Toll:
    """How many died: ``low``..``high`` (None where the text sets no bound), the figure's words and offsets,
    and the death word it was attached to."""

    low: int | None
    high: int | None
    text: str
    start: int
    end: int
    word: str = ""


@dataclass(frozen=True)
class Actor:
    """One mention of an armed group or force: its canonical ``name``, its ``side`` and the words as written."""

    name: str
    text: str
    start: int
    end: int
    side: str = ""


# -- folding ---------------------------------------------------------------------------------------
# Two translations that keep one character for one, so that offsets in the folded text are offsets in the
# sentence: accents dropped, typographic apostrophes and dashes made plain, spaces and control characters
# made a space; the second also lower-cases.
_APOSTROPHES = "’‘ʼ`´′"
_DASHES = "‐‑‒–—―−"


def _fold_tables() -> tuple[dict[int, str], dict[int, str]]:
    cased: dict[int, str] = {}
    lower: dict[int, str] = {}
    for cp in range(0x3000):
        c = chr(cp)
        if c in _APOSTROPHES:
            base = "'"
        elif c in _DASHES:
            base = "-"
        elif c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp"):
            base = " "
        else:
            decomposed = unicodedata.normalize("NFD", c)
            base = decomposed[0] if decomposed and not unicodedata.combining(decomposed[0]) else c
        low = base.lower()
        low = low if len(low) == 1 else base
        if base != c:
            cased[cp] = base
        if low != c:
            lower[cp] = low
    return cased, lower


_CASED, _LOWER = _fold_tables()


def fold(text: str) -> str:
    """``text`` without accents, lower-cased, with plain apostrophes, dashes and spaces; as long as ``text``."""
    return text.translate(_LOWER)


def _text(value) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _langs(lang) -> tuple[str, ...]:
    return (lang,) if lang in LANGS else LANGS


# -- event kinds -----------------------------------------------------------------------------------
# Cue patterns, on folded text (no accents, lower case). Inflections are spelled out in each pattern.
_CUES: dict[str, dict[str, list[str]]] = {
    "en": {
        AIRSTRIKE: [
            r"air[\s-]?strikes?",
            r"air[\s-]?raids?",
            r"aerial (?:bombardments?|bombings?|strikes?|attacks?|raids?)",
            r"drone (?:strikes?|attacks?|raids?)",
            r"strikes? by (?:an? )?(?:drones?|aircraft|jets?|helicopters?|warplanes?)",
            r"helicopter (?:strikes?|attacks?|raids?|gunships?)",
            r"gunships?",
            r"bombard(?:ed|ing|ments?)?",
            r"bombing raids?",
        ],
        ATTACK: [
            r"attack(?:s|ed|ing|ers?)?",
            r"assault(?:s|ed|ing)?",
            r"ambush(?:es|ed|ing)?",
            r"raid(?:s|ed|ing)?",
            r"massacre[sd]?",
            r"kill(?:s|ed|ing|ings)?",
            r"slain",
            r"slaughter(?:s|ed)?",
            r"shot dead",
            r"gunned down",
            r"executed",
            r"murder(?:s|ed)?",
            r"(?:suicide )?bomb(?:ing|ings|ers?)",
            r"improvised explosive devices?",
            r"ieds?",
            r"(?:land)?mines? (?:blast|explosion)s?",
            r"clash(?:es|ed)?",
            r"fighting",
            r"battles?",
            r"offensive",
            r"storm(?:ed|ing)",
            r"abduct(?:ed|ion|ions)",
            r"kidnap(?:ped|ping|pings)",
            r"died",
            r"dead",
        ],
        DEPLOYMENT: [
            r"(?:re)?deploy(?:s|ed|ing|ments?)?",
            r"reinforcements?",
            r"reinforc(?:ed|es|ing)",
            r"dispatch(?:ed|es|ing)",
            r"sent (?:troops|soldiers|units|reinforcements|forces)",
            r"troops? (?:arrived|were sent)",
            r"patrols?",
            r"(?:military|counter-?terrorism|security) operations?",
            r"(?:launched|conducting|conducted|began) an? (?:military )?operation",
            r"stationed",
        ],
        BASE: [
            r"(?:air)?bases?",
            r"(?:military|army) camps?",
            r"outposts?",
            r"garrisons?",
        ],
        SECURITY: [
            r"curfews?",
            r"states? of (?:emergency|alert)",
            r"emergency rule",
            r"security situation",
            r"insecurity",
            r"(?:motorbike|motorcycle)s? ban",
            r"ban(?:ned)? (?:on )?(?:motorbikes|motorcycles)",
            r"security (?:alert|measures)",
            r"deteriorat\w+ (?:of )?security",
            r"security (?:has |had )?deteriorat\w+",
        ],
        POLITICAL: [
            r"coup(?:s| d'etat)?",
            r"putsch",
            r"elections?",
            r"electoral",
            r"referendum",
            r"agreements?",
            r"accords?",
            r"peace (?:deal|talks|process)",
            r"cease-?fire",
            r"negotiat(?:ions?|ed|ing|es?)",
            r"talks",
            r"dialogue",
            r"pull(?:ed|s|ing)? out of",
            r"withdr(?:ew|aws?|awn|awal) from",
            r"withdrawal",
            r"quit(?:s)?",
            r"sanctions?",
            r"expel(?:led|s)",
            r"decree",
            r"sworn in",
            r"appointed",
            r"dissolved",
            r"resigned",
            r"welcomed",
            r"suspended",
        ],
    },
    "fr": {
        AIRSTRIKE: [
            r"frappes? aeriennes?",
            r"frappes? (?:de|par) (?:drones?|l'aviation|helicopteres?|aeronefs?|avions?)",
            r"frappes? d'(?:helicopteres?|aeronefs?|avions?|un drone)",
            r"raids? aeriens?",
            r"bombardements?",
            r"bombarde(?:e|es|s|r|nt)?",
            r"tirs? (?:d'helicopteres?|aeriens?)",
            r"frappes?(?! de mortier)",
            r"vecteurs? aeriens?",
        ],
        ATTACK: [
            r"attaqu(?:e|es|ee|ees|er|ent|ant|ants|ait|aient)",
            r"embuscades?",
            r"assauts?",
            r"assaillants?",
            r"tu(?:e|es|ee|ees|er|ant|ent)",
            r"tueries?",
            r"massacre(?:s|e|es|r)?",
            r"assassin(?:e|es|ee|ees|at|ats)",
            r"execute(?:e|es|s)?",
            r"attentats?",
            r"raids?",
            r"incursions?",
            r"affrontements?",
            r"combats?",
            r"accrochages?",
            r"engins? explosifs?(?: improvises?)?",
            r"eei",
            r"mines? artisanales?",
            r"kamikazes?",
            r"enleve(?:e|es|s)?",
            r"enlevements?",
            r"offensive",
            r"morts",
            r"(?:ont|a) peri",
            r"perdu la vie",
        ],
        DEPLOYMENT: [
            r"(?:re)?deploi(?:e|ent|ement|ements)",
            r"(?:re)?deploye(?:e|es|s|r|nt)?",
            r"renforts?",
            r"renforc(?:e|ee|es|ees|er|ement)",
            r"depeche(?:e|es|s)?",
            r"envoi de (?:troupes|soldats|renforts)",
            r"patrouilles?",
            r"operations? (?:militaires?|de securisation|de ratissage|antiterroristes?)",
            r"ratissages?",
            r"stationne(?:e|es|s)?",
        ],
        BASE: [
            r"(?<!sur la )(?<!a la )bases?(?! de donnees)",
            r"camps? militaires?",
            r"camps? de l'armee",
            r"postes? avances?",
            r"garnisons?",
        ],
        SECURITY: [
            r"couvre[\s-]feux?",
            r"etat d'(?:urgence|alerte)",
            r"situation securitaire",
            r"insecurite",
            r"interdiction (?:de (?:la )?circulation|de circuler|des motos)",
            r"mesures de securite",
            r"degradation de la (?:situation|securite)",
            r"(?:situation|securite) s'est (?:\w+ )?degradee",
        ],
        POLITICAL: [
            r"coups? d'etat",
            r"putschs?",
            r"elections?",
            r"electora(?:l|le|les|ux)",
            r"scrutins?",
            r"referendums?",
            r"(?<!d')accords?",
            r"cessez-le-feu",
            r"negociations?",
            r"dialogue",
            r"pourparlers",
            r"retrait",
            r"se retir\w*",
            r"s'est retire\w*",
            r"quitt(?:e|er|ent|ait)",
            r"sanctions?",
            r"expuls\w+",
            r"decrets?",
            r"nomme(?:e|es|s)?",
            r"dissou(?:s|te)",
            r"demission\w*",
            r"suspen(?:du|due|dus|dre|sion)",
            r"accueill\w+",
        ],
    },
}


def _cue_regex(lang: str) -> re.Pattern:
    groups = []
    for i, kind in enumerate(KIND_PRIORITY):
        groups.append(f"(?P<k{i}>" + "|".join(_CUES[lang][kind]) + ")")
    # A cue may follow an apostrophe: French elisions ("l'attaque", "d'attaquer", "lorsqu'une embuscade").
    return re.compile(r"(?<!\w)(?:" + "|".join(groups) + r")(?!\w)")


_CUE_RE = {lang: _cue_regex(lang) for lang in LANGS}

# Hedges: in the three words before a cue (negation, modality, plans, fears, purpose), or in the three words
# after it ("attack was foiled", "attack has been foiled", "attaque déjouée", "attaque a été déjouée").
_HEDGE_BEFORE = {
    "en": re.compile(
        r"(?<![a-z'])(?:could|might|would|will|shall|can|cannot|ll|threat\w*|plan\w*|intend\w*|aim(?:s|ed|ing)? to"
        r"|seek\w* to|want\w* to|fear\w*|risk\w*|if|unless|whether|not|never|no|without|den(?:y|ies|ied)"
        r"|foil\w*|thwart\w*|avert\w*|prevent\w*|possibl[ey]|potential\w*|likely|warn\w*|expect\w*"
        r"|to (?:establish|set up|build|open|install|create|launch|carry out|conduct|stage)"
        # a protest names the event it is about: "a sit-in to denounce the abduction of two colleagues"
        r"|denounc\w*|protest\w*|demonstrat\w*|sit-in|march(?:ed|ing)? against|rall(?:y|ied) against)(?![a-z])"
        r"|n't|(?<![a-z])may(?![a-z])"
    ),
    "fr": re.compile(
        r"(?<![a-z])(?:pourr\w*|peu(?:t|vent)|puisse\w*|risqu\w*|menac\w*|projet\w*|envisag\w*|prevoi\w*"
        r"|compt(?:e|ent|ait|aient)|veu(?:t|lent)|voul\w*|si|ne|pas|jamais|aucun\w*|sans|craint\w*|crai(?:ndre|gn\w*)"
        r"|eventuel\w*|possibles?|dement\w*|ni(?:e|ent)|dejou\w*|empech\w*|evit\w*"
        r"|(?:pour |d')(?:etablir|installer|construire|ouvrir|creer|lancer|mener|deployer|attaquer)"
        r"|denonc\w*|protest\w*|manifest\w*|sit-in|marche contre)(?![a-z])"
        r"|(?<![a-z])n'"
    ),
}
_HEDGE_AFTER = {
    "en": re.compile(
        r"^\W*(?:(?:\w+\W+){0,2}(?:foiled|thwarted|averted|prevented|planned|feared|threatened|expected)"
        r"|(?:\w+\W+)?(?:could|would|might|may|will be|is to be|are to be))\b"
    ),
    # "une base militaire pourrait être installée", "devrait être construite", "sera ouverte"
    "fr": re.compile(
        r"^\W*(?:(?:\w+\W+){0,2}(?:dejoue\w*|evite\w*|prevue?s?|envisage\w*|crainte?s?|redoute\w*)"
        r"|(?:\w+\W+)?(?:pourr\w*|devr\w*|sera|seront))\b"
    ),
}
_WORD = re.compile(r"\w+")


def _hedged(cased: str, low: str, start: int, end: int, lang: str) -> bool:
    head_start = max(0, start - 60)
    words = [m.start() for m in _WORD.finditer(low, head_start, start)][-3:]
    if words:
        for m in _HEDGE_BEFORE[lang].finditer(low, words[0], start):
            # "may" is a modal in lower case only: "In May" is the month.
            if m.group(0) != "may" or cased[m.start()] == "m":
                return True
    return bool(_HEDGE_AFTER[lang].search(low[end : end + 40]))


def event_kind(sentence: str, lang: str = "") -> KindCue | None:
    """The record kind ``sentence`` reports, and its cue; None when it names no event."""
    original = _text(sentence)
    cased, low = original.translate(_CASED), fold(original)
    found: list[tuple[int, int, str, re.Match]] = []
    for code in _langs(lang):
        for m in _CUE_RE[code].finditer(low):
            found.append((int((m.lastgroup or "k0")[1:]), m.start(), code, m))
    if not found:
        return None
    found.sort(key=lambda f: f[:2])
    for rank, start, code, m in found:  # the first asserted cue in priority order; else the first cue, hedged
        if not _hedged(cased, low, start, m.end(), code):
            return KindCue(KIND_PRIORITY[rank], original[start : m.end()], start, m.end(), False)
    rank, start, _, m = found[0]
    return KindCue(KIND_PRIORITY[rank], original[start : m.end()], start, m.end(), True)


# -- fatalities ------------------------------------------------------------------------------------
_EN_NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "a": 1,
}
_FR_NUMBERS = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "septante": 70,
    "huitante": 80,
    "octante": 80,
    "nonante": 90,
    "cent": 100,
    "cents": 100,
    "mille": 1000,
}
_NUMBER_WORDS = {"en": _EN_NUMBERS, "fr": _FR_NUMBERS}


def _alternation(words) -> str:
    return "(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + ")"


_DIGITS = r"(?<![\d.,])(?:\d{1,3}(?:[,. ]\d{3})+|\d+)(?![\d]|[.,]\d)"


def _sequence(lang: str) -> str:
    words = _alternation(w for w in _NUMBER_WORDS[lang] if w != "a") + "(?![a-z])"
    if lang == "en":
        joint = r"(?:[\s-]+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+)"
        return rf"(?:a\s+(?=hundred|thousand))?{words}(?:{joint}{words})*"
    return rf"{words}(?:(?:[\s-]+et[\s-]+(?=(?:un|une|onze)(?![a-z]))|[\s-]+){words})*"


# Approximate figures: pattern -> (low, high, nominal value for a qualifier in front).
_APPROX = {
    "en": {
        r"(?:a|one) dozen": (12, 12, 12),
        r"(?:dozens|several dozen)(?: of)?": (24, 99, 24),
        r"tens of": (20, 99, 20),
        r"(?:hundreds|several hundred)(?: of)?": (200, 999, 200),
        r"(?:thousands|several thousand)(?: of)?": (2000, 9999, 2000),
        r"several": (2, None, 2),
        r"no one|nobody|none|no": (0, 0, 0),
    },
    "fr": {
        r"une douzaine": (12, 12, 12),
        r"(?:des|plusieurs|quelques) dizaines": (20, 99, 20),
        r"(?:des|plusieurs|quelques) centaines": (200, 999, 200),
        r"(?:des|plusieurs|quelques) milliers": (2000, 9999, 2000),
        r"plusieurs": (2, None, 2),
        r"aucune?|pas de|pas d'|personne": (0, 0, 0),
    },
}
_ABOUT_NOUNS = {
    "dizaine": 10,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
}
_QUALIFIERS = {
    "at_least": r"at least|no (?:fewer|less) than|a minimum of|au moins|pas moins de|au minimum",
    "more": r"more than|over|upwards of|in excess of|plus de|plus d'|au-dela de|au dela de",
    "up_to": r"up to|as many as|at most|no more than|jusqu'a|au plus|tout au plus|au maximum",
    "less": r"less than|fewer than|under|moins de|moins d'",
    "about": r"about|around|approximately|roughly|some|an estimated|environ|quelque|approximativement|autour de",
    "nearly": r"nearly|almost|close to|pres de|pres d'|presque|pas loin de",
}


def _number_regex(langs: tuple[str, ...]) -> re.Pattern:
    sequences = "|".join(_sequence(code) for code in langs)
    atom = rf"(?:{_DIGITS}|{sequences})"
    approx = "|".join(f"(?:{p})" for code in langs for p in _APPROX[code])
    if "fr" in langs:
        approx += r"|(?:(?:une|la|un)\s+)?" + _alternation(_ABOUT_NOUNS) + r"s?"
    quals = "|".join(f"(?P<{name}>{p})" for name, p in _QUALIFIERS.items())
    pattern = (
        rf"(?<![\w'])(?:(?:{quals})(?:\s+|(?<=')))?(?:"
        rf"(?:between|entre)\s+(?P<b1>{atom})\s+(?:and|et)\s+(?P<b2>{atom})"
        rf"|(?:from|de)\s+(?P<f1>{atom})\s+(?:to|a)\s+(?P<f2>{atom})"
        rf"|(?P<d1>{_DIGITS})-(?P<d2>{_DIGITS})"
        rf"|(?P<r1>{atom})\s+(?:to|a|or|ou)\s+(?P<r2>{atom})"
        rf"|(?P<approx>{approx})"
        rf"|(?P<n>{atom})"
        r")(?!\w)"
    )
    return re.compile(pattern)


_NUMBER_RE = {code: _number_regex((code,)) for code in LANGS}
_NUMBER_RE[""] = _number_regex(LANGS)
_APPROX_RE = {
    code: [(re.compile(p + r"$"), v) for p, v in _APPROX[code].items()] for code in LANGS
}  # which approximate figure matched

_DEATH = {
    "en": r"kill(?:ed|ing|s)?|dead|died|deaths?|death toll|toll|victims?|bod(?:y|ies)|fatalit(?:y|ies)|lives|life"
    r"|slain|perished|massacred|executed|murdered|gunned down|neutrali[sz]ed|lost their lives",
    "fr": r"tu(?:e|es|ee|ees|ant|er|ent)|morts?|mortes?|deces|victimes?|corps|cadavres?|(?:ont |a )?peri(?:rent)?"
    r"|perdu la vie|trouve la mort|bilan|assassine(?:e|es|s)?|execute(?:e|es|s)?|neutralise(?:e|es|s)?"
    r"|abattu(?:e|es|s)?|sans vie",
}
_OTHER = {
    "en": r"wounded|wounding|injur(?:ed|ies|y|ing)|hurt|abducted|kidnapped|missing|arrested|captured|fled|flee(?:ing)?"
    r"|displaced|refugees|rescued|freed|released|survivors?|hostages?|detained|evacuated|deployed|sent|dispatched",
    "fr": r"blesse(?:e|es|s)?|blessures?|enleve(?:e|es|s)?|kidnappe\w*|disparu(?:e|es|s)?|arrete(?:e|es|s)?"
    r"|interpelle(?:e|es|s)?|fui|fuient|fuyant|deplace(?:e|es|s)?|refugie(?:e|es|s)?|libere(?:e|es|s)?"
    r"|survivants?|otages?|detenu(?:e|es|s)?|evacue(?:e|es|s)?|deploye(?:e|es|s)?|envoye(?:e|es|s)?|rescape\w*",
}


def _outcome_regex(langs: tuple[str, ...]) -> re.Pattern:
    death = "|".join(_DEATH[c] for c in langs)
    other = "|".join(_OTHER[c] for c in langs)
    return re.compile(rf"(?<![\w'])(?:(?P<death>{death})|(?P<other>{other}))(?!\w)")


_OUTCOME_RE = {code: _outcome_regex((code,)) for code in LANGS}
_OUTCOME_RE[""] = _outcome_regex(LANGS)

_MONTHS = frozenset(
    re.findall(
        r"\S+",
        "january february march april may june july august september october november december "
        "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
    )
)
_UNITS = frozenset(
    re.findall(
        r"\S+",
        "km kms kilometres kilometers kilometre kilometer miles mile m metres meters percent pour % h heures hours "
        "ans years year jours days mois months semaines weeks tonnes fcfa cfa dollars euros",
    )
)
_BREAK = re.compile(r"[;:()\[\]\"«»“”]|\.\s|\s-\s")
_PREV_WORD = re.compile(r"(\w+)\s*$")  # "March 13"; not "Le 3 avril, 5 soldats"
_NEXT_WORD = re.compile(r"^[\s-]*(%|\w+)")  # "13 mars", "15 km", "12-year-old"
# Words that make the number after them a name, not a count: "Resolution 2391", "au PK 30", "n° 12".
_IDENTIFIER = re.compile(
    r"(?<!\w)(?:(?:resolutions?|articles?|decrets?|decrees?|lois?|laws?|routes?|rn|rp|pk|chapters?|chapitres?"
    r"|paragraph\w*|sections?|pages?|flights?|numeros?|numbers?)\s*|n\s*°\s*|no\.\s*)$"
)
# How far a figure may stand from its outcome word, in words: before it ("137 people were killed") and after it
# ("killed at least 137"). A lone "un"/"une" or "no" must be next to it ("un mort", "no one was killed").
_BEFORE, _AFTER, _LONE = 4, 3, 1


def _words_value(text: str, lang: str) -> int | None:
    table = _NUMBER_WORDS.get(lang) or {**_FR_NUMBERS, **_EN_NUMBERS}
    total = current = 0
    previous = ""
    for word in re.split(r"[\s-]+", text):
        if word in ("and", "et") or not word:
            continue
        value = table.get(word)
        if value is None:
            return None
        if value == 100:
            current = max(current, 1) * 100
        elif value == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif value == 20 and previous == "quatre":
            current += 76  # quatre-vingt: 4 x 20
        else:
            current += value
        previous = word
    return total + current


def _atom_value(text: str, lang: str) -> int | None:
    if text[:1].isdigit():
        digits = re.sub(r"\D", "", text)
        return int(digits) if len(digits) <= 12 else None
    for code in _langs(lang):
        value = _words_value(text, code)
        if value is not None:
            return value
    return None


def _spread(n: int) -> int:
    return max(1, int(n / 10 + 0.5))


def _read_number(m: re.Match, lang: str) -> tuple[int | None, int | None, int] | None:
    """(low, high, nominal) of a figure, before its qualifier."""
    g = m.groupdict()
    for a, b in (("b1", "b2"), ("f1", "f2"), ("d1", "d2"), ("r1", "r2")):
        if g[a] is not None:
            x, y = _atom_value(g[a], lang), _atom_value(g[b], lang)
            if x is None or y is None:
                return None
            x, y = min(x, y), max(x, y)
            return x, y, x
    if g["approx"] is not None:
        text = re.sub(r"\s+", " ", g["approx"])
        for code in _langs(lang):
            for pattern, (low, high, nominal) in _APPROX_RE[code]:
                if pattern.match(text):
                    return low, high, nominal
        noun = re.sub(r"^(?:une|la|un)\s+", "", text).rstrip("s")
        n = _ABOUT_NOUNS.get(noun)
        if n is None:
            return None
        return n - _spread(n), n + _spread(n), n
    value = _atom_value(g["n"] or "", lang)
    return None if value is None else (value, value, value)


def _qualify(m: re.Match, low: int | None, high: int | None, n: int) -> tuple[int | None, int | None]:
    g = m.groupdict()
    if g["at_least"]:
        return n, None
    if g["more"]:
        return n + 1, None
    if g["up_to"]:
        return None, n
    if g["less"]:
        return None, max(0, n - 1)
    if g["about"]:
        return max(0, n - _spread(n)), n + _spread(n)
    if g["nearly"]:
        return max(0, n - _spread(n)), n
    return low, high


def _not_a_count(low: str, m: re.Match) -> bool:
    """Years, dates, measures and numbers that name: "2022", "March 13", "13 mars", "15 km", "Resolution 2391"."""
    number = m.group("n")
    head = low[max(0, m.start() - 30) : m.start()]
    if _IDENTIFIER.search(head):
        return True
    before = _PREV_WORD.search(head)
    after = _NEXT_WORD.search(low[m.end() : m.end() + 30])
    if (before and before.group(1) in _MONTHS) or (after and after.group(1) in _MONTHS):
        return True
    if after and after.group(1) in _UNITS:
        return True
    return bool(number and number.isdigit() and len(number) == 4 and 1900 <= int(number) <= 2100)


def _gap_words(low: str, a: int, b: int, limit: int) -> int | None:
    """Words between offsets a and b, or None when a clause break lies between or they are too far apart."""
    if b < a or b - a > 25 * (limit + 1):
        return None
    gap = low[a:b]
    if _BREAK.search(gap):
        return None
    words = len(_WORD.findall(gap)) + gap.count(",")
    return words if words <= limit else None


def _is_lone_one(m: re.Match) -> bool:
    text = m.group(0)
    return text in ("un", "une") or (m.group("approx") or "") in ("no", "aucun", "aucune", "pas de", "pas d'")


def fatalities(sentence: str, lang: str = "") -> Toll | None:
    """How many died, as ``sentence`` says it; None when no figure is attached to a death word."""
    original = _text(sentence)
    low = fold(original)
    code = lang if lang in LANGS else ""
    outcomes = [(m.start(), m.end(), m.lastgroup == "death", m.group(0)) for m in _OUTCOME_RE[code].finditer(low)]
    if not any(o[2] for o in outcomes):
        return None
    starts = [o[0] for o in outcomes]
    best: tuple[float, Toll] | None = None
    for m in _NUMBER_RE[code].finditer(low):
        if _not_a_count(low, m):
            continue
        i = bisect.bisect_left(starts, m.end())
        lone = _is_lone_one(m)
        options: list[tuple[float, tuple[int, int, bool, str]]] = []
        if i < len(outcomes):  # the outcome word after the figure: "137 people were killed"
            gap = _gap_words(low, m.end(), outcomes[i][0], _LONE if lone else _BEFORE)
            if gap is not None:
                options.append((gap, outcomes[i]))
        j = i - 1
        while j >= 0 and outcomes[j][1] > m.start():
            j -= 1
        if j >= 0 and not lone:  # the outcome word before it: "killed at least 137"
            gap = _gap_words(low, outcomes[j][1], m.start(), _AFTER)
            if gap is not None:
                options.append((gap + 0.5, outcomes[j]))
        if not options:
            continue
        distance, outcome = min(options, key=lambda o: o[0])
        if not outcome[2]:
            continue  # nearer a wounded, abducted or displaced word
        read = _read_number(m, lang)
        if read is None:
            continue
        low_n, high_n = _qualify(m, *read)
        toll = Toll(low_n, high_n, original[m.start() : m.end()], m.start(), m.end(), original[outcome[0] : outcome[1]])
        if best is None or distance < best[0]:
            best = (distance, toll)
    return best[1] if best else None


# -- actors ----------------------------------------------------------------------------------------
# (canonical name, side, acronyms matched as written, names matched whatever their accents and case).
ACTORS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "JNIM",
        "jihadist",
        ("JNIM", "Jnim", "GSIM", "Gsim"),
        (
            "Jama'at Nusrat al-Islam wal-Muslimin",
            "Jama'at Nusrat al-Islam wa al-Muslimin",
            "Jama'a Nusrat ul-Islam wa al-Muslimin",
            "Jamaat Nusrat al-Islam wal Muslimin",
            "Nusrat al-Islam",
            "Groupe de soutien à l'islam et aux musulmans",
            "Groupe de soutien à l'islam et aux musulmans (GSIM)",
            "Group for the Support of Islam and Muslims",
            "Support Group for Islam and Muslims",
        ),
    ),
    (
        "IS Sahel",
        "jihadist",
        ("EIGS", "ISGS", "ISSP", "EIS", "IS Sahel", "EI Sahel", "IS-Sahel", "EI-Sahel"),
        (
            "État islamique au Grand Sahara",
            "État islamique dans le Grand Sahara",
            "État islamique du Grand Sahara",
            "Islamic State in the Greater Sahara",
            "Islamic State of the Greater Sahara",
            "Islamic State Sahel Province",
            "Islamic State's Sahel Province",
            "Islamic State in the Sahel",
            "Islamic State Sahel",
            "État islamique au Sahel",
            "État islamique dans le Sahel",
            "État islamique du Sahel",
            "État islamique-Sahel",
            "Province du Sahel de l'État islamique",
            "Province de l'État islamique au Sahel",
        ),
    ),
    (
        "Islamic State",
        "jihadist",
        ("EI", "ISIS", "ISIL"),
        ("Islamic State", "État islamique", "groupe État islamique", "Daech", "Daesh"),
    ),
    (
        "ISWAP",
        "jihadist",
        ("ISWAP",),
        (
            "Islamic State West Africa Province",
            "Islamic State's West Africa Province",
            "État islamique en Afrique de l'Ouest",
            "Province de l'Afrique de l'Ouest de l'État islamique",
        ),
    ),
    (
        "AQIM",
        "jihadist",
        ("AQIM", "AQMI", "Aqmi"),
        ("al-Qaeda in the Islamic Maghreb", "al-Qaida in the Islamic Maghreb", "al-Qaïda au Maghreb islamique"),
    ),
    ("al-Qaeda", "jihadist", (), ("al-Qaeda", "al-Qaida", "al-Qaïda", "Al-Qaïda")),
    ("Ansarul Islam", "jihadist", (), ("Ansarul Islam", "Ansaroul Islam", "Ansar ul Islam", "Ansar ul-Islam")),
    (
        "Katiba Macina",
        "jihadist",
        ("FLM",),
        (
            "Katiba Macina",
            "Katiba Massina",
            "katiba du Macina",
            "Front de libération du Macina",
            "Macina Liberation Front",
        ),
    ),
    ("Ansar Dine", "jihadist", (), ("Ansar Dine", "Ansar Eddine", "Ansar ed-Dine")),
    ("Al-Mourabitoune", "jihadist", (), ("Al-Mourabitoune", "al-Mourabitoun", "al-Murabitun")),
    ("Boko Haram", "jihadist", (), ("Boko Haram",)),
    (
        "FAMa",
        "state",
        ("FAMa", "FAMA", "Fama"),
        (
            "Forces armées maliennes",
            "armée malienne",
            "armée du Mali",
            "forces maliennes",
            "soldats maliens",
            "militaires maliens",
            "troupes maliennes",
            "Malian army",
            "Malian armed forces",
            "Malian military",
            "Malian soldiers",
            "Malian troops",
            "Malian forces",
            "Mali's army",
            "Mali's armed forces",
            "Mali's military",
            "Mali army",
        ),
    ),
    (
        "FAN",
        "state",
        ("FAN",),
        (
            "Forces armées nigériennes",
            "armée nigérienne",
            "armée du Niger",
            "forces nigériennes",
            "soldats nigériens",
            "militaires nigériens",
            "troupes nigériennes",
            "Nigerien army",
            "Nigerien armed forces",
            "Nigerien military",
            "Nigerien soldiers",
            "Nigerien troops",
            "Nigerien forces",
            "Niger's army",
            "Niger's armed forces",
            "Niger's military",
            "Niger army",
            "Niger armed forces",
        ),
    ),
    (
        "Burkinabe armed forces",
        "state",
        (),
        (
            "armée burkinabè",
            "forces armées burkinabè",
            "Forces armées nationales du Burkina",
            "Forces armées nationales du Burkina Faso",
            "forces burkinabè",
            "soldats burkinabè",
            "militaires burkinabè",
            "troupes burkinabè",
            "Burkinabe army",
            "Burkinabe armed forces",
            "Burkinabe military",
            "Burkinabe soldiers",
            "Burkinabe troops",
            "Burkinabe forces",
            "Burkina's army",
            "Burkina Faso's army",
            "Burkina Faso's armed forces",
            "Burkina army",
        ),
    ),
    (
        "FDS",
        "state",
        ("FDS",),
        ("Forces de défense et de sécurité", "defence and security forces", "defense and security forces"),
    ),
    (
        "VDP",
        "militia",
        ("VDP",),
        (
            "Volontaires pour la défense de la patrie",
            "Volunteers for the Defence of the Homeland",
            "Volunteers for the Defense of the Homeland",
            "Volunteers for the Defence of the Fatherland",
            "Volunteers for the Defense of the Fatherland",
        ),
    ),
    ("Koglweogo", "militia", (), ("Koglweogo", "Koglwéogo")),
    ("Dan Na Ambassagou", "militia", (), ("Dan Na Ambassagou", "Dan Na Amassagou")),
    ("Dozo", "militia", (), ("Dozo", "Dozos", "chasseurs dozos", "dozo hunters")),
    (
        "Malian junta",
        "state",
        (),
        ("Malian junta", "Malian military junta", "Mali's junta", "Mali's military junta", "junte malienne"),
    ),
    ("Nigerien junta", "state", ("CNSP",), ("Nigerien junta", "Niger's junta", "junte nigérienne")),
    ("Burkinabe junta", "state", ("MPSR",), ("Burkinabe junta", "Burkina's junta", "junte burkinabè")),
    ("Barkhane", "international", (), ("Barkhane", "opération Barkhane", "force Barkhane")),
    (
        "Takuba",
        "international",
        (),
        (
            "Takuba",
            "Task Force Takuba",
            "force Takuba",
            "European forces",
            "European special forces",
            "forces européennes",
            "forces spéciales européennes",
        ),
    ),
    (
        "French forces",
        "international",
        (),
        (
            "French forces",
            "French troops",
            "French soldiers",
            "French army",
            "forces françaises",
            "armée française",
            "soldats français",
            "militaires français",
            "troupes françaises",
        ),
    ),
    (
        "MINUSMA",
        "international",
        (),
        (
            "MINUSMA",
            "United Nations peacekeeping force",
            "UN peacekeeping force",
            "United Nations peacekeeping mission in Mali",
            "UN peacekeeping mission in Mali",
            "United Nations Multidimensional Integrated Stabilization Mission in Mali",
            "Mission multidimensionnelle intégrée des Nations unies pour la stabilisation au Mali",
            "UN peacekeepers",
            "United Nations peacekeepers",
            "peacekeepers",
            "Casques bleus",
            "Blue Helmets",
        ),
    ),
    ("EUTM Mali", "international", ("EUTM",), ("EUTM Mali", "European Union Training Mission in Mali")),
    (
        "G5 Sahel",
        "international",
        ("G5S", "FC-G5S"),
        ("G5 Sahel", "force conjointe du G5 Sahel", "G5 Sahel joint force", "G5 Sahel Joint Force"),
    ),
    (
        "Wagner",
        "international",
        (),
        (
            "Wagner",
            "groupe Wagner",
            "Wagner Group",
            "mercenaires russes",
            "Russian mercenaries",
            "paramilitaires russes",
            "Russian paramilitaries",
        ),
    ),
    ("Africa Corps", "international", (), ("Africa Corps", "Russian Africa Corps")),
    (
        "CMA",
        "armed movement",
        ("CMA",),
        (
            "Coordination des mouvements de l'Azawad",
            "Coordination of Azawad Movements",
            "Coordination of Movements of Azawad",
        ),
    ),
    (
        "MSA",
        "armed movement",
        ("MSA",),
        (
            "Mouvement pour le salut de l'Azawad",
            "Movement for the Salvation of Azawad",
            "Movement for the Salvation of the Azawad",
        ),
    ),
    (
        "GATIA",
        "armed movement",
        ("GATIA", "Gatia"),
        (
            "Groupe d'autodéfense touareg Imghad et alliés",
            "Groupe autodéfense touareg Imghad et alliés",
            "Imghad Tuareg Self-Defense Group and Allies",
            "Imghad Tuareg and Allies Self-Defense Group",
        ),
    ),
    (
        "MNLA",
        "armed movement",
        ("MNLA",),
        ("Mouvement national de libération de l'Azawad", "National Movement for the Liberation of Azawad"),
    ),
    (
        "HCUA",
        "armed movement",
        ("HCUA",),
        ("Haut conseil pour l'unité de l'Azawad", "High Council for the Unity of Azawad"),
    ),
    (
        "unidentified gunmen",
        "unnamed",
        (),
        (
            "armed men",
            "unidentified armed men",
            "gunmen",
            "unidentified gunmen",
            "hommes armés",
            "hommes armés non identifiés",
            "individus armés",
            "individus armés non identifiés",
        ),
    ),
    (
        "jihadists (unnamed)",
        "unnamed",
        ("GAT",),
        (
            "jihadists",
            "jihadist groups",
            "jihadist fighters",
            "djihadistes",
            "jihadistes",
            "groupes djihadistes",
            "groupes jihadistes",
            "terrorists",
            "terror groups",
            "terrorist groups",
            "terroristes",
            "groupes terroristes",
            "groupes armés terroristes",
            "islamist militants",
            "extremists",
        ),
    ),
)


def _actor_tables() -> tuple[dict[tuple[str, ...], tuple[str, str]], dict[tuple[str, ...], tuple[str, str]]]:
    names: dict[tuple[str, ...], tuple[str, str]] = {}
    acronyms: dict[tuple[str, ...], tuple[str, str]] = {}
    for canonical, side, acros, aliases in ACTORS:
        for alias in acros:
            acronyms[tuple(_WORD.findall(alias.translate(_CASED)))] = (canonical, side)
        for alias in aliases:
            for variant in {alias, alias.replace("'", "")}:
                names[tuple(_WORD.findall(fold(variant)))] = (canonical, side)
    return names, acronyms


def _first_words(table: dict[tuple[str, ...], tuple[str, str]]) -> dict[str, int]:
    """First word of a name -> the most words a name starting with it has."""
    out: dict[str, int] = {}
    for key in table:
        out[key[0]] = max(out.get(key[0], 0), len(key))
    return out


_NAMES, _ACRONYMS = _actor_tables()
_NAME_STARTS, _ACRONYM_STARTS = _first_words(_NAMES), _first_words(_ACRONYMS)
_JOIN = re.compile(r"[\s'-]{1,3}")  # what may stand between two words of one name
_SAME_MENTION = re.compile(r"[\s,(\[:-]{0,4}")  # a name next to its own acronym: "FAMa (Forces armées...)"


def _name_at(cased: str, low: str, tokens: list[tuple[int, int]], i: int) -> tuple[int, tuple[str, str]] | None:
    """The longest name that starts at word ``i``: (its number of words, (canonical, side))."""
    a, b = tokens[i]
    longest = max(_NAME_STARTS.get(low[a:b], 0), _ACRONYM_STARTS.get(cased[a:b], 0))
    n = 1
    while n < min(longest, len(tokens) - i) and _JOIN.fullmatch(low, tokens[i + n - 1][1], tokens[i + n][0]):
        n += 1  # the words that may be one name with word i
    for size in range(n, 0, -1):
        span = tokens[i : i + size]
        hit = _ACRONYMS.get(tuple(cased[a:b] for a, b in span)) or _NAMES.get(tuple(low[a:b] for a, b in span))
        if hit:
            return size, hit
    return None


def actors(sentence: str) -> list[Actor]:
    """Every mention of an armed group or force in ``sentence``, in order, longest name first."""
    original = _text(sentence)
    cased, low = original.translate(_CASED), fold(original)
    tokens = [(m.start(), m.end()) for m in _WORD.finditer(low)]
    found: list[Actor] = []
    i = 0
    while i < len(tokens):
        at = _name_at(cased, low, tokens, i)
        if at is None:
            i += 1
            continue
        n, (name, side) = at
        start, end = tokens[i][0], tokens[i + n - 1][1]
        previous = found[-1] if found else None
        if previous and previous.name == name and _SAME_MENTION.fullmatch(low, previous.end, start):
            if original[end : end + 1] in (")", "]") and "(" in original[previous.start : start] + "[":
                end += 1  # "Forces armées maliennes (FAMa)" ends with its bracket
            found[-1] = Actor(name, original[previous.start : end], previous.start, end, side)
        else:
            found.append(Actor(name, original[start:end], start, end, side))
        i += n
    return found
