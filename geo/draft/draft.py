"""A report -> draft records: the places it names, the events its sentences report, each with the sentence it came
from and the reasons a human must look before it enters the data (``liptako draft``; ``liptako accept``).

A sentence reports an event when the lexicon finds an event cue in it (geo/draft/lexicon.py) that is not hedged
("could attack"). Its draft record takes

- the kind of the cue;
- the date of the sentence nearest the cue (geo/draft/dates.py; any others are named in ``review``), else
  the last date of the sentence before it, else the publication date (each said in ``review``);
- the places named in the sentence, else in the sentence before it (said in ``review``), each by the form the
  pipeline's geocoder resolves to the same place ("Tessit", "Tin-Akof, Oudalan"); an ambiguous or unresolved
  place stays in the record by its text, with the reason, and ``accept`` refuses it until it is fixed;
- the fatalities and actors the sentence states;
- the sentence and its character offsets in the article's text.

Nothing here writes the project's data: ``accept`` does, for the records a reviewer keeps.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .article import Article, sentences
from .dates import find_dates
from .lexicon import actors, event_kind, fatalities
from .places import Mention, PlaceFinder

# The columns of a drafts file after records.csv's: what the reviewer needs (``accept`` requires ``review`` to
# be emptied), then the article's source row (``accept`` adds it to sources.csv).
REVIEW_COLUMNS = ["review", "sentence", "start", "end"]
SOURCE_PREFIX = "source_"
DRAFT_SOURCE_COLUMNS = [SOURCE_PREFIX + c for c in ("publisher", "title", "date", "url", "says")]
# Languages the lexicons read; ``auto`` picks by the share of French function words.
LANGS = ("fr", "en")
_FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "et",
        "une",
        "un",
        "dans",
        "sur",
        "par",
        "pour",
        "avec",
        "selon",
        "ont",
        "été",
        "est",
        "sont",
        "qui",
        "que",
    ]
)


@dataclass
class DraftRecord:
    """One event a sentence reports, in records.csv's terms, with the sentence and what to review."""

    id: str
    kind: str
    date: str
    date_text: str
    places: list[str]
    place_text: str
    actors: list[str]
    fatalities: int | None
    fatalities_high: int | None
    fatalities_text: str
    summary: str
    source: str
    sentence: str
    start: int
    end: int
    mentions: list[Mention] = field(default_factory=list)
    review: list[str] = field(default_factory=list)

    def row(self) -> dict[str, str]:
        """The record as a row of a drafts file: records.csv's columns, then :data:`REVIEW_COLUMNS`."""
        return {
            "id": self.id,
            "kind": self.kind,
            "date": self.date,
            "date_text": self.date_text,
            "places": "; ".join(self.places),
            "place_text": self.place_text,
            "actors": "; ".join(self.actors),
            "fatalities": "" if self.fatalities is None else str(self.fatalities),
            "fatalities_text": self.fatalities_text,
            "summary": self.summary,
            "sources": self.source,
            "note": f"Drafted by liptako draft from characters {self.start}-{self.end} of the source's text",
            "near_km": "",
            "review": "; ".join(self.review),
            "sentence": self.sentence,
            "start": str(self.start),
            "end": str(self.end),
        }

    def to_dict(self) -> dict:
        """The JSON object of a record (``liptako draft --json``): these keys, in this order."""
        return {
            "id": self.id,
            "kind": self.kind,
            "date": self.date,
            "places": list(dict.fromkeys(m.text for m in self.mentions)),
            "fatalities": {"min": self.fatalities, "max": self.fatalities_high},
            "fatalities_text": self.fatalities_text,
            "actors": list(self.actors),
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "review": list(self.review),
        }


@dataclass
class Draft:
    """What ``liptako draft`` makes of one article."""

    article: Article
    source: dict[str, str]
    mentions: list[Mention]
    records: list[DraftRecord]
    lang: str

    def to_dict(self) -> dict:
        return {
            "source": dict(self.source),
            "mentions": [m.to_dict() for m in self.mentions],
            "records": [r.to_dict() for r in self.records],
        }


def guess_lang(text: str) -> str:
    """``fr`` when French function words are at least as frequent as English ones, else ``en``."""
    words = re.findall(r"[a-zà-ÿ]+", text[:20_000].lower())
    french = sum(w in _FRENCH for w in words)
    english = sum(
        w in {"the", "of", "and", "in", "to", "was", "were", "has", "have", "said", "with", "by"} for w in words
    )
    return "fr" if french >= english and french else "en"


def source_id(article: Article) -> str:
    """A sources.csv id for the article: publisher or file name, and date."""
    base = article.publisher or article.title or "report"
    return f"{slug(base)[:40]}-{article.date.isoformat()}"


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def draft(article: Article, finder: PlaceFinder, *, lang: str | None = None) -> Draft:
    """The mentions and draft records of one article."""
    lang = lang or guess_lang(article.text)
    text = article.text
    spans = sentences(text)
    groups = []  # actors' names are no places: "Islamic State in the Greater Sahara" names no Sahara village
    for s0, s1 in spans:
        groups += [(s0 + a.start, s0 + a.end) for a in actors(text[s0:s1])]
    mentions = finder.find(text, spans, exclude=groups)
    sid = source_id(article)
    source = {
        "id": sid,
        "publisher": article.publisher,
        "title": article.title,
        "date": article.date.isoformat(),
        "url": article.url,
        "says": f"Drafted with liptako draft from {Path(article.path).name}",
    }
    records: list[DraftRecord] = []
    previous: tuple[list[Mention], list] = ([], [])
    previous_sentence = ""
    seen: dict[str, int] = {}
    last_index = -2  # the index of the sentence the last record came from
    for index, (s0, s1) in enumerate(spans):
        sentence = text[s0:s1]
        here = [m for m in mentions if s0 <= m.start < s1]
        dates = find_dates(sentence, article.date, lang)
        cue = event_kind(sentence, lang)
        headline = s0 == 0 and sentence.strip() == article.title.strip() and len(spans) > 1
        last = records[-1] if records and last_index == index - 1 else None
        toll = fatalities(sentence, lang) if last is not None and not here and not dates else None
        if last is not None and not here and not dates and (toll is not None or (cue and cue.kind == last.kind)):
            # "Le bilan provisoire est de cinq morts.": the event of the sentence before, told on; its figures
            # and actors join that record, which this sentence extends.
            if toll is not None and last.fatalities is None and last.fatalities_high is None:
                last.fatalities, last.fatalities_high, last.fatalities_text = toll.low, toll.high, toll.text
                last.review.append(f"fatalities from the next sentence: “{toll.text}”")
            last.actors += [a.name for a in actors(sentence) if a.name not in last.actors]
            last_index = index
            continue
        if cue is None or cue.hedged or headline:  # a headline restates the report: its places, not an event
            previous = (here or previous[0], dates or previous[1])
            if dates:
                previous_sentence = sentence
            continue
        toll = fatalities(sentence, lang)
        who = actors(sentence)
        last_index = index
        review: list[str] = []
        places = here
        if not places and previous[0]:
            places = previous[0]
            review.append("places taken from the sentence before")
        if not places:
            review.append("no place named: add one")
        date_list = dates
        if not date_list and previous[1]:
            date_list = [_nearest(previous[1], len(previous_sentence))]
            review.append("date taken from the sentence before")
        if date_list:
            when = _nearest(date_list, cue.start)
            date_value, date_text = when.value, when.text
            review += [r for r in when.review if r not in review]
            others = [d.text for d in date_list if d is not when]
            if others:
                review.append("other dates in the sentence: " + "; ".join(others))
        else:
            date_value, date_text = article.date.isoformat(), "(no date in the sentence: the publication date)"
            review.append("no date in the sentence: the publication date is only an upper bound")
        for m in places:
            if m.status in ("ambiguous", "unresolved"):
                review.append(f"place “{m.text}” is {m.status}")
            review += [f"{m.text}: {r}" for r in m.review if not r.startswith("hint ")]
        names = [m.ref or m.text for m in places]
        base = f"draft-{cue.kind}-{slug(names[0]) if names else 'somewhere'}-{date_value[:10]}"
        seen[base] = seen.get(base, 0) + 1
        rid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        records.append(
            DraftRecord(
                rid,
                cue.kind,
                date_value,
                date_text,
                list(dict.fromkeys(names)),
                "; ".join(dict.fromkeys(m.text for m in places)),
                list(dict.fromkeys(a.name for a in who)),
                toll.low if toll else None,
                toll.high if toll else None,
                toll.text if toll else "",
                _summary(sentence),
                sid,
                sentence,
                s0,
                s1,
                places,
                list(dict.fromkeys(review)),
            )
        )
        previous = (here or previous[0], dates or previous[1])
        if dates:
            previous_sentence = sentence
    return Draft(article, source, mentions, records, lang)


def _nearest(dates: list, at: int):
    """The date mention closest to position ``at`` of its sentence: in "pulled out in mid-May of the force
    launched in 2017", the event's date is mid-May."""
    return min(dates, key=lambda d: (max(d.start - at, at - d.end, 0), d.start))


def _summary(sentence: str) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= 240 else text[:237].rstrip() + "..."
