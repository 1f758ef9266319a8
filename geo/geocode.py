"""Place names -> places, never guessing silently.

Every answer says how it was reached: ``exact`` (the place's own name, after
normalisation), ``alias`` (one of its alternate spellings), ``ambiguous`` (several places
answer to the name: the candidates are returned, none is picked) or ``unresolved`` (no
place: the closest names are offered as "did you mean").
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass

from .gazetteer import Place
from .names import normalize


@dataclass(frozen=True)
class Match:
    query: str
    status: str  # exact | alias | ambiguous | unresolved
    place: Place | None
    candidates: tuple[Place, ...] = ()
    suggestions: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.place is not None


class Geocoder:
    """Look names up in a list of places; build once, query many times."""

    def __init__(self, places: list[Place], *, country: str | None = None):
        self.places = [p for p in places if country is None or p.country == country]
        self._by_key: dict[str, list[Place]] = defaultdict(list)
        self._display: dict[str, str] = {}
        for place in self.places:
            for key in place.keys:
                if place not in self._by_key[key]:
                    self._by_key[key].append(place)
            for label in (place.name, *place.alt_names):
                self._display.setdefault(normalize(label), label)
        self._cache: dict[str, Match] = {}

    def __call__(self, name: str) -> Match:
        hit = self._cache.get(name)
        if hit is None:
            hit = self._cache[name] = self._lookup(name)
        return hit

    def _lookup(self, name: str) -> Match:
        key = normalize(name)
        found = self._by_key.get(key, [])
        if len(found) == 1:
            place = found[0]
            status = "exact" if normalize(place.name) == key else "alias"
            return Match(name, status, place)
        if len(found) > 1:
            return Match(name, "ambiguous", None, candidates=tuple(found))
        close = difflib.get_close_matches(key, list(self._display), n=3, cutoff=0.6)
        return Match(name, "unresolved", None, suggestions=tuple(self._display[k] for k in close))
