"""Date mentions in French and English report text, resolved against the publication date (issue 24).

:func:`find_dates` finds the dates a report gives ("le 21 mars 2021", "March 21, 2021", "21/03/2021") and
the ones it implies ("late March", "mi-mai", "dans la nuit du 20 au 21", "dimanche dernier", "last week",
"in recent weeks"), and resolves each to the first and last day it can stand for, with the character
offsets of the mention in the text. A mention that needs a person's eye says why in ``review``: the year
was guessed (the latest such date not after publication), it is relative to the publication date, it is a
vague span, it lies more than two months before publication or after it.

Matching is case- and accent-insensitive ("FÉVRIER", "fevrier"), takes typographic apostrophes and dashes
as their plain forms, and keeps offsets into the text as given. ``lang`` "fr" or "en" reads that language's
words; anything else reads both. Numeric dates (21/03/2021, 2021-03-21) are read in either, day first
unless the second number cannot be a month. A mention that names no day of the calendar ("32 mars",
"29 février 2023") is left out, and so is any shorter reading inside it; no text makes this raise.

Choices a reviewer should know: a month or year alone is read only after a cue word ("in March", "en
2021", "d'avril"), so "a march" or "2021 people" are not dates, and "may" is the month only with a
capital M; a bare weekday is the latest such day on or before publication ("Monday" in a Monday's
report is that day), "last"/"dernier" the one strictly before; "since X"/"depuis X" runs from X to
publication; "in recent days/weeks/months" reach back 7, 28 and 91 days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

# Review reasons: short English phrases a reviewer reads next to the mention.
YEAR_GUESSED = "year guessed"
MONTH_GUESSED = "month guessed"
RELATIVE = "relative date"
VAGUE = "vague span"
OLD = "more than two months before publication"
AFTER = "after publication"
ORDER_GUESSED = "day and month order guessed"
WEEKDAY_MISMATCH = "weekday does not match the date"
TO_PUBLICATION = "span ends at publication"

_EN_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_EN_MONTH_ABBR = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_FR_MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
_FR_MONTH_ABBR = {"janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_EN_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_FR_WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
_MONTHS = {**_EN_MONTHS, **_EN_MONTH_ABBR, **_FR_MONTHS, **_FR_MONTH_ABBR}
_WEEKDAYS = {**_EN_WEEKDAYS, **_FR_WEEKDAYS}
# The words of months and days in both languages (folded), for readers that must not take them for names.
MONTH_WORDS = tuple(_EN_MONTHS) + tuple(_FR_MONTHS)
WEEKDAY_WORDS = tuple(_WEEKDAYS)
_EN_NUMBERS = dict(
    zip(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], range(1, 11), strict=True)
)
_FR_NUMBERS = {
    **dict(
        zip(["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"], range(1, 11), strict=True)
    ),
    "une": 1,
}
_NUMBERS = {**_EN_NUMBERS, **_FR_NUMBERS}
_FEW = {"a few", "several", "quelques", "plusieurs"}

# Parts of a month: first and last day (None: the month's last day).
_PART_DAYS: dict[str, tuple[int, int | None]] = {"early": (1, 10), "mid": (11, 20), "late": (21, None)}
_PART_WORDS = {
    "early": "early",
    "beginning of": "early",
    "start of": "early",
    "debut": "early",
    "mid": "mid",
    "middle of": "mid",
    "mi": "mid",
    "milieu": "mid",
    "late": "late",
    "end of": "late",
    "fin": "late",
}
# Parts of a year: (first month, last month).
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_SINCE_WEEKS = {"days": 7, "jours": 7, "weeks": 28, "semaines": 28, "months": 91, "mois": 91}


@dataclass(frozen=True)
class DateMention:
    """A date mention: ``text[start:end]`` stands for the days ``first``..``last``; ``review`` says why a
    person must look (empty when the text gives the date in full and it is recent)."""

    start: int
    end: int
    text: str
    first: dt.date
    last: dt.date
    review: tuple[str, ...] = ()

    @property
    def value(self) -> str:
        """The date as records.csv writes it: ``YYYY-MM-DD`` for a day, ``FIRST/LAST`` for a span."""
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()}/{self.last.isoformat()}"


# -- folding: one folded character per kept character, each remembering where it came from ---------------

_PLAIN = {
    **dict.fromkeys("\u2019\u2018\u02bc`\u00b4\u2032", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),
}


def _fold_char(ch: str) -> str:
    if ch.isascii():
        return ch.lower()
    if ch in _PLAIN:
        return _PLAIN[ch]
    decomposed = unicodedata.normalize("NFKD", ch.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` lower-cased, without accents, with runs of white space as one space; and for each folded
    character the offset in ``text`` of the character it came from (plus ``len(text)`` at the end)."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            if c.isspace():
                if out and out[-1] == " ":
                    continue
                c = " "
            out.append(c)
            where.append(i)
    where.append(len(text))
    return "".join(out), where


# -- patterns --------------------------------------------------------------------------------------------


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]
    abbr: dict[str, int]
    weekdays: dict[str, int]

    def month(self, name: str, full: bool = False) -> str:
        names = _alt(self.months)
        if not full:
            names += rf"|(?:{_alt(self.abbr)})\.?"
        return rf"\b(?P<{name}>{names})(?!\w)"

    def weekday(self, name: str = "wd") -> str:
        return rf"\b(?P<{name}>{_alt(self.weekdays)})\b"


def _day(name: str, lead: bool = True) -> str:
    look = r"(?<![\w.,/:-])" if lead else r"(?<![0-9])"
    return rf"{look}(?P<{name}>[0-9]{{1,2}})(?:er|re|st|nd|rd|th)?(?!\w)"


def _year(name: str = "y") -> str:
    return rf"(?<![\w.,/-])(?P<{name}>1[89][0-9]{{2}}|2[01][0-9]{{2}})(?!\w)"


_EN = _Words(_EN_MONTHS, _EN_MONTH_ABBR, _EN_WEEKDAYS)
_FR = _Words(_FR_MONTHS, _FR_MONTH_ABBR, _FR_WEEKDAYS)
_SEP = r"(?:\s*-\s*|\s+)"  # "mid-May", "mid May", "mi - mai"


# -- resolving -------------------------------------------------------------------------------------------

Span = tuple[dt.date, dt.date]
Found = tuple[dt.date, dt.date, list[str]]


@dataclass(frozen=True)
class _Ctx:
    pub: dt.date
    lang: str


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _whole_month(year: int, month: int) -> Span:
    return dt.date(year, month, 1), _month_end(year, month)


def _latest(pub: dt.date, make: Callable[[int], Span]) -> Span:
    """The latest span ``make(year)`` that starts on or before ``pub`` (from the year after, for spans
    that start in the year before their ``year``, back to 8 years before, which reaches the last 29
    February); ValueError when none is a span of the calendar."""
    for year in range(pub.year + 1, max(pub.year - 8, 0), -1):
        try:
            first, last = make(year)
        except ValueError:
            continue
        if first <= pub:
            return first, last
    raise ValueError("no such date")


def _month_of(word: str | None) -> int | None:
    return _MONTHS.get(word.rstrip(".")) if word else None


def _dated(year: str | None, pub: dt.date, make: Callable[[int], Span]) -> Found:
    """``make`` at the written year, or at the latest year that puts it on or before publication."""
    if year:
        first, last = make(int(year))
        return first, last, []
    first, last = _latest(pub, make)
    return first, last, [YEAR_GUESSED]


def _r_day_month(g: dict, ctx: _Ctx) -> Found:
    day, month = int(g["d"]), _MONTHS[g["mo"].rstrip(".")]
    first, last, why = _dated(g.get("y"), ctx.pub, lambda y: (dt.date(y, month, day),) * 2)
    if g.get("wd") and _WEEKDAYS[g["wd"]] != first.weekday():
        why.append(WEEKDAY_MISMATCH)
    return first, last, why


def _r_numeric(g: dict, ctx: _Ctx) -> Found:
    a, b, year = int(g["a"]), int(g["b"]), int(g["y"])
    why = []
    if b > 12 >= a:  # 03/21/2021: month first, nothing else fits
        day, month = b, a
    else:
        day, month = a, b
        if ctx.lang == "en" and a <= 12 and b <= 12 and a != b:
            why.append(ORDER_GUESSED)
    d = dt.date(year, month, day)
    return d, d, why


def _r_iso(g: dict, ctx: _Ctx) -> Found:
    d = dt.date(int(g["y"]), int(g["mo"]), int(g["d"]))
    return d, d, []


def _r_month(g: dict, ctx: _Ctx) -> Found:
    month = _MONTHS[g["mo"]]
    return _dated(g.get("y"), ctx.pub, lambda y: _whole_month(y, month))


def _part_key(word: str) -> str:
    return _PART_WORDS[" ".join(word.split())]


def _r_part(g: dict, ctx: _Ctx) -> Found:
    month = _MONTHS[g["mo"]]
    lo, hi = _PART_DAYS[_part_key(g["part"])]

    def make(y: int) -> Span:
        return dt.date(y, month, lo), dt.date(y, month, hi) if hi else _month_end(y, month)

    return _dated(g.get("y"), ctx.pub, make)


def _r_year_part(g: dict, ctx: _Ctx) -> Found:
    year = int(g["y"])
    lo, hi = _YEAR_PARTS[_part_key(g["part"])]
    return dt.date(year, lo, 1), _month_end(year, hi), [VAGUE]


def _r_year(g: dict, ctx: _Ctx) -> Found:
    year = int(g["y"])
    return dt.date(year, 1, 1), dt.date(year, 12, 31), [VAGUE]


def _night_without_month(d1: int, d2: int, pub: dt.date) -> Found:
    """Days with no month: the publication's month, or the one before when that would be after publication."""
    for back in range(3):
        index = pub.year * 12 + pub.month - 1 - back
        year, month = divmod(index, 12)
        try:
            first = dt.date(year, month + 1, d1)
            nyear, nmonth = divmod(index + (1 if d2 < d1 else 0), 12)
            last = dt.date(nyear, nmonth + 1, d2)
        except ValueError:
            continue
        if first <= pub:
            return first, last, [MONTH_GUESSED]
    raise ValueError("no such night")


def _months_of_range(d1: int, d2: int, m1: int | None, m2: int) -> tuple[int, bool]:
    """The first day's month when only the last day's is written: the same, or the month before when the
    days turn over ("du 28 au 2 mars"), which is a guess."""
    if m1 is not None:
        return m1, False
    return (m2, False) if d1 <= d2 else ((m2 - 2) % 12 + 1, True)


def _r_range(g: dict, ctx: _Ctx) -> Found:
    d1, d2 = int(g["d1"]), int(g["d2"])
    m1, m2 = _month_of(g.get("m1")), _month_of(g.get("m2"))
    if m2 is None:
        if m1 is None:
            return _night_without_month(d1, d2, ctx.pub)
        m2 = m1 if d2 >= d1 else m1 % 12 + 1
    a, guessed = _months_of_range(d1, d2, m1, m2)
    b, turn = m2, 1 if a > m2 else 0
    # A written year is the year of the last day ("du 28 décembre au 2 janvier 2022").
    first, last, why = _dated(g.get("y"), ctx.pub, lambda y: (dt.date(y - turn, a, d1), dt.date(y, b, d2)))
    if last < first:
        raise ValueError("the span ends before it starts")
    return first, last, [*why, MONTH_GUESSED] if guessed else why


_BEFORE = {"last", "past", "previous", "dernier", "passe"}
_AHEAD = {"next", "prochain"}


def _r_weekday(g: dict, ctx: _Ctx) -> Found:
    wd, pub = _WEEKDAYS[g["wd"]], ctx.pub
    rel = g.get("rel") or ""
    if rel in _AHEAD:
        day = pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7)
    else:
        back = (pub.weekday() - wd) % 7
        day = pub - dt.timedelta(days=(back or 7) if rel in _BEFORE else back)
    return day, day, [RELATIVE]


def _r_weekday_night(g: dict, ctx: _Ctx) -> Found:
    wd1, wd2, pub = _WEEKDAYS[g["wd1"]], _WEEKDAYS[g["wd2"]], ctx.pub
    last = pub - dt.timedelta(days=(pub.weekday() - wd2) % 7)
    return last - dt.timedelta(days=(wd2 - wd1) % 7 or 7), last, [RELATIVE]


def _days_back(pub: dt.date, first: int, last: int = 0) -> Span:
    return pub - dt.timedelta(days=first), pub - dt.timedelta(days=last)


def _prev_week(pub: dt.date) -> Span:
    monday = pub - dt.timedelta(days=pub.weekday() + 7)
    return monday, monday + dt.timedelta(days=6)


def _this_week(pub: dt.date) -> Span:
    return pub - dt.timedelta(days=pub.weekday()), pub


def _prev_month(pub: dt.date) -> Span:
    end = pub.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def _this_month(pub: dt.date) -> Span:
    return pub.replace(day=1), pub


def _this_year(pub: dt.date) -> Span:
    return dt.date(pub.year, 1, 1), pub


def _prev_year(pub: dt.date) -> Span:
    return dt.date(pub.year - 1, 1, 1), dt.date(pub.year - 1, 12, 31)


# Words for days relative to publication: (phrase, span, reasons). Spaces match any white space or a hyphen.
_EN_RELATIVE: list[tuple[str, Callable[[dt.date], Span], tuple[str, ...]]] = [
    ("the day before yesterday", lambda p: _days_back(p, 2, 2), (RELATIVE,)),
    ("yesterday", lambda p: _days_back(p, 1, 1), (RELATIVE,)),
    ("last night", lambda p: _days_back(p, 1), (RELATIVE,)),
    ("today", lambda p: (p, p), (RELATIVE,)),
    ("this morning", lambda p: (p, p), (RELATIVE,)),
    ("last week", _prev_week, (RELATIVE,)),
    ("the previous week", _prev_week, (RELATIVE,)),
    ("this week", _this_week, (RELATIVE,)),
    ("last month", _prev_month, (RELATIVE,)),
    ("the previous month", _prev_month, (RELATIVE,)),
    ("this month", _this_month, (RELATIVE,)),
    ("this year", _this_year, (VAGUE,)),
    ("last year", _prev_year, (RELATIVE, VAGUE)),
]
_FR_RELATIVE: list[tuple[str, Callable[[dt.date], Span], tuple[str, ...]]] = [
    ("avant hier", lambda p: _days_back(p, 2, 2), (RELATIVE,)),
    ("hier", lambda p: _days_back(p, 1, 1), (RELATIVE,)),
    ("hier soir", lambda p: _days_back(p, 1, 1), (RELATIVE,)),
    ("hier matin", lambda p: _days_back(p, 1, 1), (RELATIVE,)),
    ("la nuit derniere", lambda p: _days_back(p, 1), (RELATIVE,)),
    ("aujourd'hui", lambda p: (p, p), (RELATIVE,)),
    ("aujourdhui", lambda p: (p, p), (RELATIVE,)),
    ("ce matin", lambda p: (p, p), (RELATIVE,)),
    ("la semaine derniere", _prev_week, (RELATIVE,)),
    ("la semaine passee", _prev_week, (RELATIVE,)),
    ("cette semaine", _this_week, (RELATIVE,)),
    ("le mois dernier", _prev_month, (RELATIVE,)),
    ("le mois passe", _prev_month, (RELATIVE,)),
    ("ce mois ci", _this_month, (RELATIVE,)),
    ("cette annee", _this_year, (VAGUE,)),
    ("l'annee derniere", _prev_year, (RELATIVE, VAGUE)),
    ("l'annee passee", _prev_year, (RELATIVE, VAGUE)),
    ("l'an dernier", _prev_year, (RELATIVE, VAGUE)),
    ("l'an passe", _prev_year, (RELATIVE, VAGUE)),
]


def _key(phrase: str) -> str:
    return re.sub(r"[\s'-]+", " ", phrase).strip()


_RELATIVE_BY_KEY = {_key(p): (span, why) for p, span, why in _EN_RELATIVE + _FR_RELATIVE}


def _relative_pattern(phrases) -> str:
    alts = sorted(phrases, key=lambda w: (-len(w), w))
    body = "|".join(re.escape(p).replace(r"\ ", r"[\s-]+").replace("'", r"'\s*") for p in alts)
    return rf"\b(?P<rel>{body})(?!\w)"


def _r_relative(g: dict, ctx: _Ctx) -> Found:
    span, why = _RELATIVE_BY_KEY[_key(g["rel"])]
    first, last = span(ctx.pub)
    return first, last, list(why)


def _r_recent(g: dict, ctx: _Ctx) -> Found:
    first, last = _days_back(ctx.pub, _SINCE_WEEKS[g["unit"]])
    return first, last, [VAGUE]


def _r_days_ago(g: dict, ctx: _Ctx) -> Found:
    n = " ".join(g["n"].split())
    if n in _FEW:
        first, last = _days_back(ctx.pub, 7, 2)
        return first, last, [RELATIVE, VAGUE]
    back = int(n) if n.isdigit() else _NUMBERS[n]
    first, last = _days_back(ctx.pub, back, back)
    return first, last, [RELATIVE]


Resolver = Callable[[dict, _Ctx], Found]


def _english() -> list[tuple[str, Resolver]]:
    w = _EN
    mon, full, y, wd = w.month("mo"), w.month("mo", full=True), _year(), w.weekday()
    part = r"(?P<part>early|beginning\s+of|start\s+of|mid|middle\s+of|late|end\s+of)"
    cue = r"\b(?:in|during|since|until|till|by|of|throughout|before|after|from|through|last|this|next)\s+"
    return [
        (rf"(?:{wd}\s*,?\s+)?(?:the\s+)?{_day('d')}(?:\s+of)?\s+{mon}(?:\s*,?\s+{y})?", _r_day_month),
        (rf"(?:{wd}\s*,?\s+)?{mon}\s+(?:the\s+)?{_day('d', lead=False)}(?:\s*,?\s+{y})?", _r_day_month),
        (rf"{full}\s*,?\s+(?:of\s+)?{y}", _r_month),
        (rf"{cue}(?P<m>{full})", _r_month),
        (rf"\b(?:at\s+)?(?:the\s+)?{part}{_SEP}(?:the\s+month\s+of\s+)?{full}(?:\s*,?\s+{y})?", _r_part),
        (rf"\b(?:the\s+)?{part}{_SEP}{y}", _r_year_part),
        (rf"\b(?:in|during|throughout|since|by|until|from)\s+(?P<m>{y})", _r_year),
        (
            rf"\b(?:the\s+)?night\s+of\s+(?:the\s+)?{_day('d1', False)}(?:\s+(?:of\s+)?{w.month('m1')})?"
            rf"\s*(?:to|into|and|-)\s*(?:the\s+)?{_day('d2', False)}(?:\s+(?:of\s+)?{w.month('m2')}(?:\s*,?\s+{y})?)?",
            _r_range,
        ),
        (
            rf"\b(?:the\s+)?night\s+of\s+{w.month('m2')}\s+{_day('d1', False)}\s*(?:to|into|and|-)\s*"
            rf"{_day('d2', False)}(?:\s*,?\s+{y})?",
            _r_range,
        ),
        (
            rf"(?:\b(?:from|between)\s+(?:the\s+)?)?{_day('d1')}(?:\s+(?:of\s+)?{w.month('m1')})?"
            rf"\s*(?:to|and|until|till|through|-)\s*(?:the\s+)?{_day('d2', False)}(?:\s+of)?\s+{w.month('m2')}"
            rf"(?:\s*,?\s+{y})?",
            _r_range,
        ),
        (
            rf"(?:\b(?:from|between)\s+)?{w.month('m2')}\s+{_day('d1', False)}\s*(?:to|and|through|-)\s*"
            rf"{_day('d2', False)}(?:\s*,?\s+{y})?",
            _r_range,
        ),
        (
            rf"\b(?:the\s+)?night\s+(?:of|from)\s+{w.weekday('wd1')}\s+(?:to|into)\s+{w.weekday('wd2')}",
            _r_weekday_night,
        ),
        (rf"\b(?:(?P<rel>last|past|previous|this|next)\s+)?{wd}", _r_weekday),
        (_relative_pattern(p for p, _, _ in _EN_RELATIVE), _r_relative),
        (
            r"\b(?:(?:in|over|during)\s+(?:the\s+)?(?:recent|past(?:\s+(?:few|several))?|last(?:\s+(?:few|several))?)"
            r"|for\s+(?:(?:several|some|a\s+few|many)\s+)?)\s*(?P<unit>days|weeks|months)\b",
            _r_recent,
        ),
        (rf"\b(?P<n>[0-9]{{1,3}}|a\s+few|several|{_alt(_EN_NUMBERS)})\s+days?\s+ago\b", _r_days_ago),
    ]


def _french() -> list[tuple[str, Resolver]]:
    w = _FR
    mon, full, y, wd = w.month("mo"), w.month("mo", full=True), _year(), w.weekday()
    part = r"(?P<part>debut|fin|milieu|mi)"
    of = r"(?:\s+du\s+mois)?(?:\s+de\s+|\s+d'\s*|\s+)|\s*-\s*"  # "fin mars", "fin du mois de mars", "mi-mai"
    cue = r"\b(?:(?:en|de|depuis|courant|pendant|durant|avant|apres|jusqu'\s*en)\s+|d'\s*)"
    return [
        (rf"(?:{wd}\s+)?{_day('d')}\s+{mon}(?:\s+{y})?", _r_day_month),
        (rf"{full}\s+{y}", _r_month),
        (rf"{cue}(?P<m>{full})", _r_month),
        (rf"\b(?:(?:a\s+la|au|en|des|vers\s+la)\s+)?{part}(?:{of}){full}(?:\s+{y})?", _r_part),
        (rf"\b(?:(?:au|en|a\s+la)\s+)?(?P<part>debut|fin|mi)(?:\s+|\s*-\s*){y}", _r_year_part),
        (rf"\b(?:en|depuis|courant|durant|pendant|jusqu'\s*en)\s+(?:l'\s*annee\s+)?(?P<m>{y})", _r_year),
        (
            rf"\b(?:dans\s+)?la\s+nuit\s+du\s+{_day('d1', False)}(?:\s+{w.month('m1')})?\s+au\s+{_day('d2', False)}"
            rf"(?:\s+{w.month('m2')}(?:\s+{y})?)?",
            _r_range,
        ),
        (
            rf"(?:\b(?:du|entre\s+le|les)\s+)?{_day('d1')}(?:\s+{w.month('m1')})?\s*(?:au|et(?:\s+le)?|-)\s*"
            rf"{_day('d2', False)}\s+{w.month('m2')}(?:\s+{y})?",
            _r_range,
        ),
        (
            rf"\b(?:dans\s+)?la\s+nuit\s+de\s+{w.weekday('wd1')}\s+(?:a|au)\s+{w.weekday('wd2')}",
            _r_weekday_night,
        ),
        (rf"\b(?:ce\s+)?{wd}(?:\s+(?P<rel>dernier|passe|prochain))?", _r_weekday),
        (_relative_pattern(p for p, _, _ in _FR_RELATIVE), _r_relative),
        (
            r"\b(?:(?:au\s+cours\s+des|ces|lors\s+des|pendant\s+les|durant\s+les)\s+(?:dernieres|derniers)\s+"
            r"|depuis\s+(?:plusieurs|quelques|des)\s+)(?P<unit>jours|semaines|mois)\b",
            _r_recent,
        ),
        (
            rf"\bil\s+y\s+a\s+(?P<n>[0-9]{{1,3}}|quelques|plusieurs|{_alt(_FR_NUMBERS)})\s+jours?\b",
            _r_days_ago,
        ),
    ]


_NUMERIC: list[tuple[str, Resolver]] = [
    (
        r"(?<![\w./-])(?P<a>[0-9]{1,2})(?P<sep>[/.-])(?P<b>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})(?![\w/-]|\.[0-9])",
        _r_numeric,
    ),
    (r"(?<![\w./-])(?P<y>[0-9]{4})-(?P<mo>[0-9]{2})-(?P<d>[0-9]{2})(?![\w/]|[.-][0-9])", _r_iso),
]


def _lang_key(lang: object) -> str:
    key = str(lang).strip().lower()[:2]
    return key if key in ("en", "fr") else "both"


@lru_cache(maxsize=4)
def _rules(key: str) -> tuple[tuple[re.Pattern[str], Resolver], ...]:
    rules = list(_NUMERIC)
    if key in ("en", "both"):
        rules += _english()
    if key in ("fr", "both"):
        rules += _french()
    return tuple((re.compile(p), r) for p, r in rules)


_SINCE = re.compile(r"\b(?:since|depuis)\s+(?:(?:the|le|la|les)\s+|l'\s*)?$")


def _two_months_before(pub: dt.date) -> dt.date:
    year, month = divmod(pub.year * 12 + pub.month - 1 - 2, 12)
    try:
        return dt.date(year, month + 1, min(pub.day, calendar.monthrange(year, month + 1)[1]))
    except (ValueError, OverflowError):
        return dt.date.min


Candidate = tuple[int, int, int, Found | None]


def _modal_may(m: re.Match[str], text: str, where: list[int]) -> bool:
    """Whether the match reads the verb "may" as the month: "it may 5 times" is no date; "May 5" is."""
    for name in ("mo", "m1", "m2"):
        if name in m.re.groupindex and m.group(name) == "may" and not text[where[m.start(name)]].isupper():
            return True
    return False


def _candidates(folded: str, text: str, where: list[int], ctx: _Ctx, key: str) -> list[Candidate]:
    """(start, end, rule rank, resolution) in the folded text for every match; the resolution is None when
    the match names no day of the calendar ("32 mars", "29 février 2023"), so that it still hides the
    shorter matches inside it ("février 2023") and is then left out."""
    out: list[Candidate] = []
    for rank, (pattern, resolve) in enumerate(_rules(key)):
        for m in pattern.finditer(folded):
            if _modal_may(m, text, where):
                continue
            found: Found | None
            try:
                found = resolve(m.groupdict(), ctx)
            except (ValueError, OverflowError, KeyError):
                found = None
            s, e = m.span("m") if "m" in m.re.groupindex and m.group("m") is not None else m.span()
            out.append((s, e, rank, found))
    return out


def _choose(cands: list[Candidate]) -> list[Candidate]:
    """Longest mention first among those that overlap (then the earlier, then the earlier rule)."""
    chosen: list[Candidate] = []
    cands.sort(key=lambda c: (c[0], -c[1]))
    i = 0
    while i < len(cands):
        group, reach = [cands[i]], cands[i][1]
        i += 1
        while i < len(cands) and cands[i][0] < reach:
            group.append(cands[i])
            reach = max(reach, cands[i][1])
            i += 1
        kept: list[Candidate] = []
        for c in sorted(group, key=lambda c: (c[0] - c[1], c[0], c[2])):
            if all(c[1] <= k[0] or k[1] <= c[0] for k in kept):
                kept.append(c)
        chosen += sorted(kept, key=lambda c: c[0])
    return chosen


def find_dates(text: str, published: dt.date, lang: str) -> list[DateMention]:
    """The date mentions of ``text`` in reading order, resolved against the publication date ``published``.

    ``lang`` is "fr" or "en" (anything else reads both languages' words). See the module docstring for
    what is read and the review reasons."""
    text = str(text)
    if isinstance(published, dt.datetime):
        published = published.date()
    key = _lang_key(lang)
    ctx = _Ctx(published, key)
    folded, where = fold(text)
    old = _two_months_before(published)
    out: list[DateMention] = []
    previous_end = 0
    for s, e, _, found in _choose(_candidates(folded, text, where, ctx, key)):
        if found is None:
            continue
        first, last, why = found
        reasons = list(why)
        since = _SINCE.search(folded, max(previous_end, s - 40), s)
        if since and first <= published:
            s, last = since.start(), published
            reasons.append(TO_PUBLICATION)
        if first < old:
            reasons.append(OLD)
        if last > published:
            reasons.append(AFTER)
        start, end = where[s], where[e - 1] + 1
        previous_end = e
        out.append(DateMention(start, end, text[start:end], first, last, tuple(dict.fromkeys(reasons))))
    return out
