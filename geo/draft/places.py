"""Place mentions in a report's text: every span that names a place of the gazetteer layers, resolved by the
geocoder with the sentence as context, and region or province mentions as areas.

A span is one to four capitalised words (French elisions split off: "d'Inatès" is "Inatès") whose folded form
(:func:`~geo.names.normalize`, or the looser :func:`~geo.names.loose_key` for the curated and extract layers) is
a name or an alternate name of a place. Spans are taken longest first, left to right, never across punctuation.
A name that only the whole-region layer knows must not open its sentence, unless a place cue ("village de",
"near") precedes it: capitalised sentence openers are mostly words, and that layer holds 57,000 names.

Each mention is resolved by the geocoder with hints from its sentence: a country named or a people's adjective
("trois villages nigériens", "Malian localities") when the sentence names exactly one, and a region the sentence
names as such. The geocoder's answer is kept as it is: a mention is never more confident than the geocoder.
"la région de Tillabéri", "the Menaka region" and "Soum province" are areas: the unit of the shipped admin layers,
drawn at a point inside it with a radius that covers it. Capitalised words after a place cue that no layer knows
are listed as unresolved, so a reviewer can add them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import shapely

from .. import vocab
from ..geocode import Geocoder, Match
from ..hints import hint_key
from ..names import loose_key, normalize
from .dates import MONTH_WORDS, WEEKDAY_WORDS

# A word: letters, joined by hyphens or apostrophes ("Ti-n-Hamamma", "d'Inatès").
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# French elisions before a capitalised name.
_ELISION = re.compile(r"^(?:[dDlLjJnNsScCmMtT]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu)['’](?=[^\W\d_])")
# Between two words of one name: spaces or a hyphen, nothing else (no comma, no line break).
_JOIN = re.compile(r"[ \t\u00a0]*-?[ \t\u00a0]*")
MAX_WORDS = 4
_NAME = r"[^\W\d_a-zà-ÿ][\w'’-]*(?:[ \u00a0]+[^\W\d_a-zà-ÿ][\w'’-]*){0,3}"
# A country's name in English, by ISO3 code: "Tin-Akof (Burkina Faso)".
_NAME_OF: dict[str, str] = {}
for _name, _iso in vocab.COUNTRY_NAMES.items():
    _NAME_OF.setdefault(_iso, _name)
# Words before a country's name that point across a border rather than at the country a place is in.
_ACROSS = re.compile(
    r"(?i:(?:border|frontier|boundary)\s+with|fronti[èe]re\s+(?:avec|du|de\s+la|de\s+l['’]|d['’])|"
    r"(?:fled|crossed|crossing|returned|withdrew|retreated)\s+(?:in)?to|(?:ont\s+)?fui\s+(?:vers|au|en)|"
    r"vers\s+(?:le|la|l['’])?)\s*(?:the\s+|le\s+|la\s+|l['’])?$"
)
# "(Banibangou, Tillabéri)" right after a name: the units it lies in, as reports and ACLED's notes write them.
_BESIDE = re.compile(r"[ \u00a0]*\(([^()\n]{2,120})\)")
_AREA_PATTERNS = (
    # la région de Tillabéri, la province du Soum, le cercle d'Ansongo, les départements de Tillia. The cue is read in
    # any case, the name only capitalised (so no IGNORECASE over the whole, which would let lower case in).
    re.compile(
        r"(?i:\b(?P<cue>r[ée]gions?|provinces?|cercles?|d[ée]partements?)\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]))"
        rf"(?P<name>{_NAME})",
    ),
    # the region of Tillaberi, the province of Soum
    re.compile(rf"(?i:\b(?P<cue>region|province|cercle|department)\s+of\s+(?:the\s+)?)(?P<name>{_NAME})"),
    # the Menaka region, Soum province, Ansongo cercle
    re.compile(rf"(?P<name>{_NAME})[ \u00a0]+(?P<cue>regions?|provinces?|cercles?|departments?)\b"),
)
_CUES = re.compile(
    r"(?i:\b(?:villages?|localit[ée]s?|hameaux?|hameau|communes?|bourgade|town|locality|hamlet)\s+(?:de\s+|d['’]|du\s+|of\s+))"
    rf"(?P<name>{_NAME})|(?i:\b(?:near|outside|around|in\s+the\s+village\s+of|pr[èe]s\s+de|non\s+loin\s+de|"
    rf"[àa]\s+proximit[ée]\s+de|aux\s+environs\s+de|autour\s+de)\s+(?:d['’])?)(?P<by>{_NAME})",
)
# Capitalised words that are no place however a layer spells its names: function words, months, days, titles.
STOPWORDS = frozenset(
    normalize(w)
    for w in [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "Of",
        "From",
        "To",
        "By",
        "For",
        "With",
        "And",
        "Or",
        "But",
        "As",
        "After",
        "Before",
        "During",
        "Since",
        "Until",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "Our",
        "Their",
        "His",
        "Her",
        "There",
        "Here",
        "When",
        "Where",
        "While",
        "Some",
        "Many",
        "Several",
        "Most",
        "All",
        "Both",
        "Each",
        "Le",
        "La",
        "Les",
        "Un",
        "Une",
        "Des",
        "Du",
        "De",
        "Dans",
        "Sur",
        "Sous",
        "Par",
        "Pour",
        "Avec",
        "Sans",
        "Selon",
        "Et",
        "Ou",
        "Mais",
        "Ce",
        "Cette",
        "Ces",
        "Il",
        "Elle",
        "Ils",
        "Elles",
        "On",
        "Nous",
        "Leur",
        "Leurs",
        "Son",
        "Sa",
        "Ses",
        "Lors",
        "Depuis",
        "Après",
        "Avant",
        "Pendant",
        "Quand",
        "Alors",
        "Ainsi",
        "Selon",
        "Plusieurs",
        "Au",
        "Aux",
        "En",
        "Est",
        "Sont",
        "Ont",
        "Une",
        "Deux",
        "Trois",
        "Quatre",
        "Cinq",
        "Mr",
        "Mrs",
        "Dr",
        "President",
        "Président",
        "Minister",
        "Ministre",
        "General",
        "Général",
        "Colonel",
        "Captain",
        "Capitaine",
        "Army",
        "Armée",
        "Forces",
        "State",
        "États",
        "Etat",
        "Islamic",
        "Islamique",
        "United",
        "Nations",
        "Unies",
        "Security",
        "Council",
        "Conseil",
        "Government",
        "Gouvernement",
        "Police",
        "Gendarmerie",
        "Radio",
        "Agence",
        "Press",
        "Presse",
        "According",
        "Experts",
        "Civilians",
        "Officials",
        "Official",
        "Source",
        "Sources",
        "Reuters",
        "France",
        "Français",
        "French",
        "English",
        "Sahel",
        "Sahara",
        "Africa",
        "Afrique",
        "West",
        "Ouest",
        "East",
        "Est",
        "North",
        "Nord",
        "South",
        "Sud",
        "Central",
        "Centre",
        "Region",
        "Région",
        "Province",
        "Cercle",
        "Department",
        "Département",
        "Commune",
        "Village",
        "Town",
        "City",
        "Ville",
    ]
) | {normalize(w) for w in (*MONTH_WORDS, *WEEKDAY_WORDS)}  # months and days: the date reader's words
_COUNTRY_KEYS = {normalize(k): v for k, v in vocab.COUNTRY_WORDS.items()} | {
    normalize(k): v for k, v in vocab.COUNTRY_NAMES.items()
}
_DEMONYM_STEMS = sorted(((normalize(k), v) for k, v in vocab.COUNTRY_DEMONYMS.items()), key=lambda kv: -len(kv[0]))


@dataclass(frozen=True)
class Mention:
    """One span of the text that names a place, and what it resolves to.

    ``status``: the geocoder's (``exact``, ``alias``, ``fuzzy``, ``approximate``, ``ambiguous``, ``unresolved``),
    or ``area`` for a region, province, cercle or department (``level`` says which), drawn at a point inside it
    with ``radius_km`` covering it."""

    text: str
    start: int
    end: int
    status: str
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    country: str | None = None
    name: str | None = None
    place_id: str | None = None
    layer: str | None = None
    sources: int | None = None
    level: str | None = None
    candidates: tuple[dict, ...] = ()
    suggestions: tuple[str, ...] = ()
    review: tuple[str, ...] = field(default=())
    # How a record names the place so that the pipeline's geocoder finds this same place ("Tessit", "Tin-Akof,
    # Oudalan"); the text as written when no form does (the reviewer must then edit it).
    ref: str = ""

    @property
    def placed(self) -> bool:
        return self.lat is not None

    def to_dict(self) -> dict:
        """The JSON object of a mention (``liptako draft --json``): these keys, in this order."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "status": self.status,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "radius_km": self.radius_km,
            "country": self.country,
            "layer": self.layer,
            "sources": self.sources,
            "candidates": list(self.candidates),
            "suggestions": list(self.suggestions),
            "review": list(self.review),
        }


@dataclass(frozen=True)
class Area:
    level: str
    name: str
    country: str
    lat: float
    lon: float
    radius_km: float


def _areas(boundaries) -> dict[str, list[Area]]:
    """Admin units by folded name: a point inside each and the radius (km) of the circle round it that covers it."""
    out: dict[str, list[Area]] = {}
    for level, layer in (("admin1", boundaries.regions), ("admin2", boundaries.districts)):
        if layer is None:
            continue
        points = layer.geometry.representative_point()
        for name, iso, geom, pt in zip(layer["name"], layer["iso3"], layer.geometry, points, strict=True):
            coords = shapely.get_coordinates(geom.boundary)
            lat0, lon0 = math.radians(pt.y), math.radians(pt.x)
            lat, lon = np.radians(coords[:, 1]), np.radians(coords[:, 0])
            a = np.sin((lat - lat0) / 2) ** 2 + math.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
            radius = float(2 * 6371.0 * np.arcsin(np.sqrt(a.max()))) if len(coords) else 0.0
            area = Area(level, str(name), str(iso), round(pt.y, 5), round(pt.x, 5), round(radius, 1))
            out.setdefault(hint_key(str(name)) or "", []).append(area)
    return out


class PlaceFinder:
    """Finds and resolves the place mentions of texts, over one geocoder and one set of admin layers."""

    def __init__(self, geocoder: Geocoder, boundaries):
        self.geocoder = geocoder
        self._exact, self._loose = geocoder.name_keys()
        self._bulk = geocoder.bulk_keys
        self._areas = _areas(boundaries)
        # Curated areas named by a phrase ("tri-border area", "zone des trois frontières"): matched in any case.
        phrases = {
            n
            for p in geocoder.places
            if p.tier == "curated" and p.kind == vocab.AREA_KIND
            for n in p.names
            if re.search(r"[\s-]", n)
        }
        alternation = "|".join(
            r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", n))) for n in sorted(phrases, key=len, reverse=True)
        )
        self._phrases = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if phrases else None

    def find(
        self, text: str, sentences: Sequence[tuple[int, int]], exclude: Iterable[tuple[int, int]] = ()
    ) -> list[Mention]:
        """Every mention in ``text``, in text order. ``sentences``: (start, end) of each sentence; ``exclude``:
        spans that are something else (an armed group's name), where no place is looked for."""
        taken = [tuple(x) for x in exclude]
        article_countries = _countries(text)
        out: list[Mention] = []
        for s0, s1 in sentences:
            sentence = text[s0:s1]
            countries = _countries(sentence)
            hint = next(iter(countries)) if len(countries) == 1 else None
            said = hint is not None  # named in this sentence, not only elsewhere in the article
            if hint is None and len(article_countries & set(vocab.COUNTRIES)) == 1:
                hint = next(iter(article_countries & set(vocab.COUNTRIES)))
            areas = self._area_mentions(text, s0, s1, hint)
            taken += [(m.start, m.end) for m in areas]
            # A region named in the sentence is no hint for its other places: "Tessit, Talataye, Ansongo and the
            # Menaka region" lists three places of Gao beside Ménaka.
            phrases = [
                (m.start(), m.end())
                for m in (self._phrases.finditer(text, s0, s1) if self._phrases else ())
                if not _overlaps(m.start(), m.end(), taken)
            ]
            taken += phrases
            spans = sorted(phrases + self._spans(text, s0, s1, taken))
            # Areas the sentence names separate its homonyms too ("Boni, in the Tillabéri region").
            area1 = next((x.name for x in areas if x.level == "admin1"), None)
            area2 = next((x.name for x in areas if x.level == "admin2"), None)
            places = []
            for a, b in spans:
                beside = self._units_beside(text, b, s1)
                units = beside if any(beside) else (area1, area2)
                places.append(self._resolve(text, a, b, hint, units, said=said, beside=any(beside)))
            taken += [(m.start, m.end) for m in places]
            cued = self._cued(text, s0, s1, taken)
            taken += [(m.start, m.end) for m in cued]
            out += areas + places + cued
        return sorted(out, key=lambda m: m.start)

    # -- spans ---------------------------------------------------------------------------------

    def _spans(self, text: str, s0: int, s1: int, taken) -> list[tuple[int, int]]:
        words = list(_words(text, s0, s1))
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            hit = None
            if words[i][2][0].isupper():
                for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                    group = words[i : i + n]
                    if not all(w[2][0].isupper() for w in group) or not _joined(text, group):
                        continue
                    a, b = group[0][0], group[-1][1]
                    if _overlaps(a, b, taken) or self._is_word(text, a, b, words, i):
                        continue
                    known = self._known(text[a:b], opens=i == 0 or _opens(text, s0, a))
                    if known == "bulk" and _in_a_name(text, words, i, n):
                        break  # "Nigerien President Mohamed Bazoum": a person's name, not the village Mohamed
                    if known:
                        hit = (a, b, n)
                        break
            if hit is None:
                i += 1
                continue
            found.append(hit[:2])
            i += hit[2]
        return found

    def _is_word(self, text: str, a: int, b: int, words, i: int) -> bool:
        key = normalize(text[a:b])
        return key in STOPWORDS or key in _COUNTRY_KEYS or _demonym(key) is not None

    def _known(self, span: str, *, opens: bool) -> str:
        """Which layers know the span: "gazetteer" (the layers above the whole-region one), "bulk", or ""."""
        key = normalize(span)
        if key in self._exact or loose_key(span) in self._loose:
            return "gazetteer"
        return "bulk" if not opens and self._bulk(key) else ""

    def _resolve(
        self,
        text: str,
        a: int,
        b: int,
        country: str | None,
        units: tuple[str | None, str | None],
        *,
        said: bool = True,
        beside: bool = False,
    ) -> Mention:
        """The mention text[a:b], looked up alone, then with the context's hints where the name alone is not enough:
        ``country`` (a country word of the sentence, ``said``, or else of the whole report) and ``units`` (admin-1
        and admin-2 names written beside it, ``beside``: "Inékar (Banibangou, Tillabéri)"; or areas the sentence
        names)."""
        span = text[a:b]
        m = self.geocoder(span)
        review: list[str] = []
        admin1, admin2 = units
        if beside and not said:
            country = None  # the units beside the name say more than a country named elsewhere in the report
        outside = m.place is not None and not _within(m.place, country, admin1, admin2)
        if beside and outside or (country or admin1 or admin2) and (m.place is None or m.alternatives):
            # The context separates homonyms ("Boni" in a report on Burkina Faso's army), but never overrules a
            # name the gazetteer places alone ("Andéramboukane ... fled to Niger" is still in Mali), except for the
            # units written beside the name itself: "Manga (Djenné, Mopti)" is no village of Burkina Faso.
            hinted = self.geocoder.hinted(country=country, admin1=admin1, admin2=admin2)(span)
            strong = beside or said or admin1 or admin2
            if hinted.place is not None or (hinted.status == "ambiguous" and strong and (m.place is None or outside)):
                m = hinted
                words = [w for w in (country, admin1, admin2) if w]
                review.append(f"hint {', '.join(words)} from the text")
        elif said and country and m.place is not None and m.place.country != country:
            review.append(f"the text names {_NAME_OF.get(country, country)}; this place is in {m.place.country}")
        mention = _mention(span, a, b, m, tuple(review))
        return replace(mention, ref=self._ref(m) or span)

    def _units_beside(self, text: str, b: int, s1: int) -> tuple[str | None, str | None]:
        """Admin-1 and admin-2 names in parentheses right after a name: "Inékar (Banibangou, Tillabéri)"."""
        got = _BESIDE.match(text, b, s1)
        admin1 = admin2 = None
        if got:
            for part in got.group(1).split(","):
                part = part.strip()
                if admin1 is None and self.geocoder.unknown_unit("admin1", part) is None:
                    admin1 = part
                elif admin2 is None and self.geocoder.unknown_unit("admin2", part) is None:
                    admin2 = part
        return admin1, admin2

    def _ref(self, m: Match) -> str:
        """The first of the place's name, ``name, admin2``, ``name, admin1`` and ``name (country)`` that the
        unhinted geocoder resolves to this same place; "" when none does."""
        p = m.place
        if p is None:
            return ""
        forms = [p.name]
        forms += [f"{p.name}, {unit}" for unit in (p.admin2, p.admin1) if unit]
        forms.append(f"{p.name} ({_NAME_OF.get(p.country, p.country)})")
        for form in forms:
            q = self.geocoder(form).place
            if q is not None and q.id == p.id and q.tier == p.tier:
                return form
        return ""

    def _area_mentions(self, text: str, s0: int, s1: int, country: str | None) -> list[Mention]:
        out: list[Mention] = []
        sentence = text[s0:s1]
        for pattern in _AREA_PATTERNS:
            for m in pattern.finditer(sentence):
                name_start = s0 + m.start("name")
                name = _strip_openers(re.split(r"['’]s\s+", m.group("name"))[-1])  # "Niger's Tahoua region"
                name_start += len(m.group("name")) - len(name)
                start = s0 + m.start() if m.start("cue") < m.start("name") else name_start
                end = s0 + m.end()
                if not name or _overlaps(start, end, [(x.start, x.end) for x in out]):
                    continue
                curated = self.geocoder(text[start:end]).place or self.geocoder(name + " " + m.group("cue")).place
                if curated is not None and curated.tier == "curated" and curated.kind == vocab.AREA_KIND:
                    # A reviewed area ("Ménaka region"): the record names it as places.csv does.
                    out.append(
                        Mention(
                            text[start:end], start, end, vocab.AREA_KIND, curated.lat, curated.lon, curated.radius_km,
                            curated.country, curated.name, curated.id, curated.tier, curated.sources,
                            level=curated.precision, review=("an area, not a point",), ref=curated.name,
                        )
                    )  # fmt: skip
                    continue
                level = "admin1" if normalize(m.group("cue")).startswith("region") else "admin2"
                named = self._areas.get(hint_key(name) or "", [])
                units = [u for u in named if country in (None, u.country)] or named  # the hint separates, no more
                if len({(u.level, u.name) for u in units}) > 1:
                    units = [u for u in units if u.level == level] or units
                if len(units) != 1:
                    continue  # no such unit (or several): the name is looked up as a place
                u = units[0]
                out.append(
                    Mention(
                        text[start:end], start, end, vocab.AREA_KIND, u.lat, u.lon, u.radius_km, u.country, u.name,
                        level=u.level, layer="boundaries", ref=text[start:end],
                        review=(
                            f"{u.level} unit: the whole area, not a point",
                            "no reviewed place of this area: add it to places.csv (kind area) before accepting",
                        ),
                    )
                )  # fmt: skip
        return out

    def _cued(self, text: str, s0: int, s1: int, taken) -> list[Mention]:
        """Capitalised words after a place cue that no layer knows: unresolved, with suggestions."""
        out = []
        for m in _CUES.finditer(text[s0:s1]):
            group = "name" if m.group("name") else "by"
            name = _first_name(m.group(group))
            a = s0 + m.start(group)
            b = a + len(name)
            if not name or _overlaps(a, b, taken) or normalize(name) in STOPWORDS:
                continue
            answer = self.geocoder(name)
            out.append(
                Mention(
                    name, a, b, "unresolved", suggestions=answer.suggestions, ref=name,
                    review=("named as a place, but in no gazetteer layer: add it, or correct the spelling",),
                )
            )  # fmt: skip
            taken = [*taken, (a, b)]
        return out


def _within(place, country: str | None, admin1: str | None, admin2: str | None) -> bool:
    """Whether a place lies in the hinted country and units."""
    return (
        (country is None or place.country == country)
        and (admin1 is None or hint_key(place.admin1) == hint_key(admin1))
        and (admin2 is None or hint_key(place.admin2) == hint_key(admin2))
    )


def _mention(span: str, a: int, b: int, m: Match, review: tuple[str, ...]) -> Mention:
    p = m.place
    cands = tuple(m.to_dict()["candidates"])
    if p is None:
        why = {"ambiguous": "several places of this name: pick one", "unresolved": "in no gazetteer layer"}
        return Mention(
            span, a, b, m.status, candidates=cands, suggestions=m.suggestions,
            review=(*review, why.get(m.status, m.status)),
        )  # fmt: skip
    extra: tuple[str, ...] = ()
    if m.status in ("fuzzy", "approximate"):
        extra = (f"{m.status}: {p.name}, within {p.radius_km:g} km" if p.radius_km else f"{m.status}: {p.name}",)
    if p.tier in ("bulk", "osm"):
        extra += (
            f"known only to the whole-region layer ({p.sources or 1} source{'s' if (p.sources or 1) > 1 else ''}): "
            "add it to places.csv with its sources before accepting",
        )
    if m.alternatives:
        extra += ("other places share the name: " + "; ".join(f"{x.name} ({x.country})" for x in m.alternatives[:3]),)
    return Mention(
        span, a, b, m.status, p.lat, p.lon, p.radius_km, p.country, p.name, p.id, p.tier, p.sources,
        candidates=cands, review=(*review, *extra),
    )  # fmt: skip


def _words(text: str, s0: int, s1: int):
    """(start, end, word) of each word in text[s0:s1], French elisions split off."""
    for m in _WORD.finditer(text, s0, s1):
        a, word = m.start(), m.group()
        e = _ELISION.match(word)
        if e:
            a, word = a + e.end(), word[e.end() :]
        if word:
            yield a, m.end(), word


def _in_a_name(text: str, words, i: int, n: int) -> bool:
    """Whether words[i:i+n] sit beside another capitalised word, joined to them: part of a longer name."""
    before = i > 0 and words[i - 1][2][0].isupper() and _joined(text, words[i - 1 : i + 1])
    after = i + n < len(words) and words[i + n][2][0].isupper() and _joined(text, words[i + n - 1 : i + n + 1])
    return bool(before or after)


def _joined(text: str, group) -> bool:
    return all(_JOIN.fullmatch(text[x[1] : y[0]]) for x, y in zip(group, group[1:], strict=False))


def _opens(text: str, s0: int, a: int) -> bool:
    """Whether position ``a`` opens its sentence or a quotation (only punctuation and spaces before it)."""
    before = text[s0:a]
    return not re.search(r"[^\W\d_]", before) or bool(re.search(r"[«“\"—:]\s*$", before))


def _overlaps(a: int, b: int, spans) -> bool:
    return any(a < y and x < b for x, y in spans)


def _strip_openers(name: str) -> str:
    words = name.split()
    while words and normalize(words[0]) in STOPWORDS:
        words = words[1:]
    return " ".join(words)


def _first_name(name: str) -> str:
    """The capitalised words of a cue's match, up to the first stop word."""
    words = []
    for w in name.split():
        if normalize(w) in STOPWORDS:
            break
        words.append(w)
    return " ".join(words)


def _demonym(key: str) -> str | None:
    for stem, iso in _DEMONYM_STEMS:
        if key.startswith(stem) and len(key) - len(stem) <= 3:
            return iso
    return None


def _countries(text: str) -> set[str]:
    """ISO3 codes of the countries a text names, by name ("Niger", "Burkina Faso") or by its people's adjective
    ("nigériens", "Malian"). "Nigeria" and "Nigerian" are Nigeria's."""
    out = set()
    for m in _WORD.finditer(text):
        if _ACROSS.search(text, max(0, m.start() - 40), m.start()):
            continue  # "on the border with Burkina Faso", "fled to Niger": another country than the place's
        key = normalize(re.sub(r"['’]s$", "", m.group()))  # "Niger's"
        iso = _COUNTRY_KEYS.get(key) or _demonym(key)
        if iso:
            out.add(iso)
    return out
