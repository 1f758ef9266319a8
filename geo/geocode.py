"""Place names -> places, never guessing silently.

The gazetteer is layered: the project's curated places (``data/places.csv``) first, then the
regional GeoNames extract (``data/geonames_region.csv``). A query is tried, in order, against

1. the names themselves after :func:`~geo.names.normalize` (case, accents, hyphens, spaces,
   apostrophes, the ``In-``/``I-n-`` prefix): status ``exact`` for a place's own name, ``alias``
   for one of its alternate names;
2. the looser :func:`~geo.names.loose_key` (``ou``/``w``, ``dj``/``j``, doubled letters ...):
   status ``alias``;
3. fuzzy similarity of loose keys (rapidfuzz ``ratio``) at or above a threshold tuned on the
   labelled set in ``tests/geocode_labelled.csv``: status ``fuzzy`` with the score.

A place whose coordinates are only approximate (a village placed at its department) answers
``approximate`` instead of ``exact``/``alias``. When several places answer and none is
clearly meant, the status is ``ambiguous`` with the candidates; when none does, ``unresolved``
with the closest names as suggestions.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from .errors import DataError, LiptakoError, Problem
from .gazetteer import Place, geonames_extract, load_geonames, load_places
from .names import loose_key, normalize

REGION = ("MLI", "NER", "BFA")
# Countries with places in the gazetteer layers (the three, and neighbours near their borders).
COUNTRY_CODES = frozenset({"MLI", "NER", "BFA", "DZA", "NGA", "BEN", "TGO", "GHA", "CIV", "MRT"})
STATUSES = ("exact", "alias", "fuzzy", "approximate", "ambiguous", "unresolved")
# Tuned on tests/geocode_labelled.csv with scripts/tune_geocoder.py (see README, "Geocoding accuracy").
FUZZY_THRESHOLD = 85.0
# Fuzzy answers within this many points of the best one are equally plausible.
FUZZY_MARGIN = 3.0
# Shorter loose keys are never fuzzy-matched: "Gai" is as close to "Gao" as to nothing at all.
FUZZY_MIN_LENGTH = 5
# Kinds of place that are settlements; camps and areas give way to them when names collide.
POPULATED = frozenset({"capital", "city", "town", "village"})
# Among GeoNames homonyms, the largest wins only when it is this much bigger than the next one.
DOMINANCE = 10


@dataclass(frozen=True)
class Match:
    """The answer to one query. ``how`` is the way the name matched (exact, alias or fuzzy)."""

    query: str
    status: str
    place: Place | None = None
    how: str = ""
    matched_name: str = ""
    score: float | None = None
    candidates: tuple[Place, ...] = ()
    suggestions: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.place is not None

    def to_dict(self) -> dict:
        """The JSON object of ``liptako geocode --json``: exactly these keys, in this order."""
        p = self.place
        return {
            "status": self.status,
            "name": p.name if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "country": p.country if p else None,
            "admin1": p.admin1 if p else None,
            "precision": p.precision if p else None,
            "radius_km": p.radius_km if p else None,
            "score": self.score,
            "source": p.source if p else None,
            "candidates": [
                {"name": c.name, "lat": c.lat, "lon": c.lon, "country": c.country, "admin1": c.admin1}
                for c in self.candidates
            ],
            "suggestions": list(self.suggestions),
        }


class Geocoder:
    """Look names up in the layered gazetteer. Build once, query many times (answers are cached).

    Parameters
    ----------
    curated
        The project's own places; they take precedence over ``geonames``.
    geonames
        The regional GeoNames extract; entries whose GeoNames id a curated place carries are dropped.
    country
        ISO 3166-1 alpha-3 code: only places in that country answer. Default: Mali, Niger and
        Burkina Faso (the neighbours in the extract answer only when named here).
    admin1
        Only places in this admin-1 region answer (compared after normalisation).
    threshold
        Fuzzy score (0-100) a name needs to match.
    """

    def __init__(self, curated: list[Place], geonames: list[Place] = (), *, country: str | None = None,
                 admin1: str | None = None, threshold: float = FUZZY_THRESHOLD):
        self._layers = (list(curated), list(geonames))
        countries = (country,) if country else REGION
        taken = {p.geonames_id for p in curated if p.geonames_id}
        pool = list(curated) + [g for g in geonames if g.geonames_id not in taken]
        want_admin1 = normalize(admin1) if admin1 else None
        self.places = [
            p for p in pool
            if p.country in countries and (want_admin1 is None or normalize(p.admin1) == want_admin1)
        ]
        self.threshold = threshold
        self._exact: dict[str, list[tuple[Place, str]]] = defaultdict(list)
        self._loose: dict[str, list[tuple[Place, str]]] = defaultdict(list)
        for place in self.places:
            for label in place.names:
                self._exact[normalize(label)].append((place, label))
                self._loose[loose_key(label)].append((place, label))
        self._choices = [k for k in self._loose if k]
        self._cache: dict[str, Match] = {}

    def __call__(self, name: str) -> Match:
        hit = self._cache.get(name)
        if hit is None:
            hit = self._cache[name] = self._lookup(name)
        return hit

    def restricted(self, country: str) -> "Geocoder":
        """The same gazetteer, answering only with places in ``country`` (ISO3)."""
        return Geocoder(*self._layers, country=country, threshold=self.threshold)

    def many(self, names) -> list[Match]:
        """Answers for many names, in order; each distinct name is looked up once."""
        return [self(n) for n in names]

    # -- internals ---------------------------------------------------------------------------

    def _lookup(self, query: str) -> Match:
        key = normalize(query)
        if not key:
            return Match(query, "unresolved")
        hits = self._exact.get(key)
        if hits:
            return self._decide(query, hits, lambda p, label: "exact" if normalize(p.name) == key else "alias", 100.0)
        loose = loose_key(query)
        hits = self._loose.get(loose)
        if hits:
            return self._decide(query, hits, lambda p, label: "alias", 100.0)
        if len(loose) >= FUZZY_MIN_LENGTH and self._choices:
            found = process.extract(loose, self._choices, scorer=fuzz.ratio, limit=10, score_cutoff=self.threshold)
            if found:
                best = found[0][1]
                near = [k for k, score, _ in found if score >= best - FUZZY_MARGIN]
                hits = [h for k in near for h in self._loose[k]]
                places = _distinct(hits)
                if len(places) == 1:
                    place, label = places[0]
                    return Match(query, "fuzzy", place, "fuzzy", label, round(best, 1))
                return Match(query, "ambiguous", None, "fuzzy", "", round(best, 1),
                             candidates=tuple(p for p, _ in places))
        return Match(query, "unresolved", suggestions=self._suggest(loose))

    def _decide(self, query: str, hits, how, score: float) -> Match:
        places = _distinct(hits)
        settled = [h for h in places if h[0].kind in POPULATED]
        if len(places) > 1 and settled:
            places = settled  # a village over a camp, well or area of the same name
        if len(places) > 1:
            curated = [(p, label) for p, label in places if p.tier == "curated"]
            if len(curated) == 1:
                places = curated  # the project's vetted place for this name
            elif not curated:
                places = _dominant(places)
            else:
                places = curated
        if len(places) > 1:
            return Match(query, "ambiguous", None, "", "", score, candidates=tuple(p for p, _ in places))
        place, label = places[0]
        kind = how(place, label)
        status = "approximate" if place.precision != "point" else kind
        return Match(query, status, place, kind, label, score)

    def _suggest(self, loose: str) -> tuple[str, ...]:
        if not loose or not self._choices:
            return ()
        found = process.extract(loose, self._choices, scorer=fuzz.ratio, limit=8, score_cutoff=55)
        out: list[str] = []
        for k, _, _ in found:
            label = self._loose[k][0][1]
            if label not in out:
                out.append(label)
        return tuple(out[:3])


def _distinct(hits) -> list[tuple[Place, str]]:
    seen: dict[str, tuple[Place, str]] = {}
    for place, label in hits:
        seen.setdefault(place.id, (place, label))
    return sorted(seen.values(), key=lambda h: (h[0].tier != "curated", -h[0].population, h[0].id))


def _dominant(places: list[tuple[Place, str]]) -> list[tuple[Place, str]]:
    """Keep the largest GeoNames homonym when it clearly dominates; otherwise keep them all."""
    ranked = sorted(places, key=lambda h: -h[0].population)
    top, second = ranked[0][0].population, ranked[1][0].population
    if top >= 5000 and top >= DOMINANCE * max(second, 1):
        return ranked[:1]
    return ranked


def make_geocoder(data_dir: Path, **options) -> Geocoder:
    """A geocoder over ``data_dir/places.csv`` and the GeoNames extract (the project's, if
    ``data_dir`` has none)."""
    return Geocoder(load_places(Path(data_dir) / "places.csv"), load_geonames(geonames_extract(data_dir)), **options)


def read_column(path: Path, column: str) -> list[str]:
    """The values of one column of a CSV file, in row order."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if column not in (reader.fieldnames or []):
                raise DataError([Problem(str(path), 1, column, column,
                                         f"no such column; the columns are {', '.join(reader.fieldnames or [])}")])
            return [row[column] or "" for row in reader]
    except UnicodeDecodeError:
        raise LiptakoError(f"{path}: not UTF-8 text; save it as UTF-8 CSV") from None
    except csv.Error as exc:
        raise LiptakoError(f"{path}: not valid CSV ({exc})") from None


def format_table(matches: list[Match]) -> str:
    """A readable, aligned table of answers (the default output of ``liptako geocode``)."""
    head = ("query", "status", "name", "country", "admin1", "lat", "lon", "precision", "radius_km", "score")
    rows = [head]
    for m in matches:
        p = m.place
        if p is not None:
            rows.append((m.query, m.status, p.name, p.country, p.admin1, f"{p.lat:.4f}", f"{p.lon:.4f}", p.precision,
                         f"{p.radius_km:g}", f"{m.score:g}" if m.score is not None else ""))
        elif m.status == "ambiguous":
            names = "; ".join(f"{c.name} ({c.country}, {c.admin1 or '?'})" for c in m.candidates)
            rows.append((m.query, m.status, f"candidates: {names}", "", "", "", "", "", "", ""))
        else:
            hint = f"did you mean: {', '.join(m.suggestions)}" if m.suggestions else "no similar name"
            rows.append((m.query, m.status, hint, "", "", "", "", "", "", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)
