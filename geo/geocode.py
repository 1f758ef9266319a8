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
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from . import vocab
from .bulk import MAX_LISTED, BulkLayer
from .checks import THREE_COUNTRIES, Region
from .errors import DataError, LiptakoError, Problem
from .gazetteer import Layers, Place, data_file, load_layers
from .hints import AdminLocator, hint_key
from .importers.common import MAX_HEADER, lines
from .names import loose_key, normalize, suggestions
from .placecheck import AGREE_KM, km
from .tables import MAX_CELL, MAX_FILE, _field_limit
from .terminal import printable, shown

COUNTRY_CODES = vocab.GAZETTEER_COUNTRIES
STATUSES = ("exact", "alias", "fuzzy", "approximate", "ambiguous", "unresolved")
# Tuned on tests/geocode_labelled.csv with scripts/tune_geocoder.py (see docs/geocoding.md, "Geocoding accuracy").
FUZZY_THRESHOLD = 85.0
# Fuzzy answers within this many points of the best one are equally plausible.
FUZZY_MARGIN = 3.0
# Shorter loose keys are never fuzzy-matched: "Gai" is as close to "Gao" as to nothing at all.
FUZZY_MIN_LENGTH = 5
POPULATED = vocab.POPULATED
# Among homonyms of one rank, the largest wins only when it is this much bigger than the next one.
DOMINANCE = 10
_PAREN = re.compile(r"\s*(.+?)\s*\(\s*([^()]+?)\s*\)\s*")
_COMMA = re.compile(r"\s*(.+?)\s*,\s*([^,]+?)\s*")
_COUNTRY_NAMES = {normalize(k): v for k, v in vocab.COUNTRY_WORDS.items()}
# Layers in the order they are trusted when two rows are one place.
TIERS = ("curated", "user", "geonames", "bulk", "homonym", "osm")


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
    # Other places of the same name, when one outranks them (Gao: Mali's regional capital, with
    # the Burkina Faso village listed here).
    alternatives: tuple[Place, ...] = ()

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
            "sources": p.sources if p else None,
            "layer": p.tier if p else None,
            "candidates": _listed(self.candidates),
            "alternatives": _listed(self.alternatives, p),
            "suggestions": list(self.suggestions),
        }


def _listed(places, answer: Place | None = None) -> list[dict]:
    """Candidates or alternatives as JSON, each with its distance in km from the answer (or from
    the first candidate), so a reader sees how far apart the readings are."""
    ref = answer or (places[0] if places else None)
    if ref is None:  # no places: nothing to list
        return []
    return [
        {
            "name": c.name,
            "lat": c.lat,
            "lon": c.lon,
            "country": c.country,
            "admin1": c.admin1,
            "layer": c.tier,
            "sources": c.sources,
            "km": round(km(ref.lat, ref.lon, c.lat, c.lon), 1),
        }
        for c in places
    ]


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

    def __init__(
        self,
        curated: list[Place],
        geonames: Sequence[Place] = (),
        *,
        country: str | None = None,
        admin1: str | None = None,
        admin2: str | None = None,
        threshold: float = FUZZY_THRESHOLD,
        homonyms: Sequence[Place] = (),
        user: Sequence[Place] = (),
        bulk: BulkLayer | None = None,
        locator: AdminLocator | None = None,
    ):
        self._layers = (list(curated), list(geonames))
        self._bulk, self._locator = bulk, locator
        self._homonyms, self._user = list(homonyms), list(user)
        # A user's row with no country answers wherever the geocoder does.
        countries = (country,) if country else (*vocab.COUNTRIES, "")
        taken: set[int | None] = {p.geonames_id for p in curated if p.geonames_id}
        self._reviewed = frozenset(taken)
        mine = [replace(u, country=u.country or (country or "")) for u in user]
        pool = list(curated) + mine + [g for g in geonames if g.geonames_id not in taken]
        taken |= {g.geonames_id for g in geonames}
        pool += [h for h in homonyms if h.geonames_id not in taken]
        self._countries = frozenset(countries)
        self._country, self._admin1_hint, self._admin2_hint = country, admin1, admin2
        self._want_admin1, self._want_admin2 = hint_key(admin1), hint_key(admin2)
        self.places = [p for p in pool if p.country in countries]
        if self.admin_hinted:
            units = locator.units(self.places) if locator is not None else {}
            self.places = [p for p in self.places if self._fits(p, *units.get(p.id, ("", "")))]
        self.threshold = threshold
        self._ids = {p.id: p for p in self.places if p.tier == "curated"}
        self._hinted_coders: dict[tuple, Geocoder] = {}
        self._unit_keys_of: dict[str, set[str | None]] = {}
        self._exact: dict[str, list[tuple[Place, str]]] = defaultdict(list)
        self._loose: dict[str, list[tuple[Place, str]]] = defaultdict(list)
        for place in self.places:
            for label in place.names:
                self._exact[normalize(label)].append((place, label))
                self._loose[loose_key(label)].append((place, label))
        self._choices = [k for k in self._loose if k]
        self._cache: dict[str, Match] = {}

    @property
    def admin_hinted(self) -> bool:
        """Whether an admin-1 or admin-2 hint narrows the answers."""
        return self._want_admin1 is not None or self._want_admin2 is not None

    def _fits(self, place: Place, admin1: str, admin2: str) -> bool:
        """Whether a place is in the hinted units: by its declared unit or by its point's (``admin1``, ``admin2``)."""
        return (self._want_admin1 is None or self._want_admin1 in {hint_key(place.admin1), hint_key(admin1)}) and (
            self._want_admin2 is None or self._want_admin2 in {hint_key(place.admin2), hint_key(admin2)}
        )

    def __call__(self, name: str) -> Match:
        hit = self._cache.get(name)
        if hit is None:
            hit = self._lookup(name)
            if hit.status == "unresolved" and self.admin_hinted:
                hit = self._outside_hint(hit)
            self._cache[name] = hit
        return hit

    def _outside_hint(self, miss: Match) -> Match:
        """A hint that leaves no candidate: the places of the name outside it, offered (never placed), so a wrong
        or outdated hint is seen rather than silently answered with nothing."""
        wider = self._narrowed(self._country, None, None)(miss.query)
        found = (wider.place, *wider.alternatives) if wider.place is not None else wider.candidates
        if not found:
            return miss
        return Match(miss.query, "ambiguous", None, "", "", wider.score, candidates=tuple(found)[:MAX_LISTED])

    def restricted(self, country: str) -> Geocoder:
        """The same gazetteer, answering only with places in ``country`` (ISO3)."""
        return self._narrowed(country, None, None)

    def hinted(self, country: str | None = None, admin1: str | None = None, admin2: str | None = None) -> Geocoder:
        """The same gazetteer under other hints: each one given replaces this geocoder's (one row of a file with
        its own admin columns); built once per set of hints."""
        return self._narrowed(country or self._country, admin1 or self._admin1_hint, admin2 or self._admin2_hint)

    def _narrowed(self, country: str | None, admin1: str | None, admin2: str | None) -> Geocoder:
        key = (country, admin1, admin2)
        coder = self._hinted_coders.get(key)
        if coder is None:
            coder = self._hinted_coders[key] = Geocoder(
                *self._layers,
                country=country,
                admin1=admin1,
                admin2=admin2,
                threshold=self.threshold,
                homonyms=self._homonyms,
                user=self._user,
                bulk=self._bulk,
                locator=self._locator,
            )
        return coder

    def many(self, names) -> list[Match]:
        """Answers for many names, in order; each distinct name is looked up once."""
        return [self(n) for n in names]

    # -- internals ---------------------------------------------------------------------------

    def _lookup(self, query: str) -> Match:
        by_id = self._ids.get(query.strip())
        if by_id is not None:  # a record may name a place by its id (boni-mli)
            return Match(query, "approximate" if by_id.approximate else "exact", by_id, "id", by_id.id, 100.0)
        hinted = self._hinted_form(query)
        if hinted is not None:
            return hinted
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
        if self._bulk is not None:  # read on the first name the layers above miss
            answer = self._bulk.decide(key, self._countries, self._want_admin1, self._want_admin2)
            if answer is not None:
                return self._bulk_match(query, answer)
        if len(loose) >= FUZZY_MIN_LENGTH and self._choices:
            found = process.extract(loose, self._choices, scorer=fuzz.ratio, limit=10, score_cutoff=self.threshold)
            if found:
                best = found[0][1]
                near = [k for k, score, _ in found if score >= best - FUZZY_MARGIN]
                hits = [h for k in near for h in self._loose[k]]
                places = _same_places_merged(_distinct(hits))
                if len(places) == 1 and places[0][0].tier != "homonym" and self._confirmed(places[0][0], key):
                    place, label = places[0]
                    return Match(query, "fuzzy", place, "fuzzy", label, round(best, 1))
                # Without an admin-2 hint or a second source of the spelling, even a unique close name may be
                # another real village (Kayan is not Kaya): the candidates are offered, none is claimed.
                return Match(
                    query, "ambiguous", None, "fuzzy", "", round(best, 1), candidates=tuple(p for p, _ in places)
                )
        return Match(query, "unresolved", suggestions=self._suggest(loose))

    def _confirmed(self, place: Place, key: str) -> bool:
        """Whether a fuzzy match may be placed: it lies in the hinted admin-2 unit, or OpenStreetMap has a place
        of the queried spelling within 5 km of it. A country or an admin-1 hint does not tell Seytenga (Sahel)
        from Zitenga (Plateau-Central), nor Tchin-Tabarade from Tchintabaraden."""
        if self._want_admin2 is not None:
            return True
        return self._bulk is not None and self._bulk.confirms(key, place.lat, place.lon)

    def _bulk_match(self, query: str, found) -> Match:
        """A :class:`~geo.bulk.BulkAnswer` as a Match: ambiguous with its candidates, or placed (approximate
        when it rests on one source without a population figure, see geo/bulk.py)."""
        if found.place is None:
            return Match(query, "ambiguous", None, "", "", 100.0, candidates=found.candidates)
        place = found.place
        status = "approximate" if place.precision != vocab.EXACT else found.how
        return Match(query, status, place, found.how, found.label, 100.0, alternatives=found.alternatives)

    def _hinted_form(self, query: str) -> Match | None:
        """``Name (country)``, ``Name, country``, ``Name, admin1`` or ``Name, admin2``: the name, looked up with
        that hint. Anything else in parentheses or after a comma is part of the name (``Tabankort (Bourem)``)."""
        m = _PAREN.fullmatch(query) or _COMMA.fullmatch(query)
        if not m or normalize(query) in self._exact:  # a place's own name: "Tabankort (Bourem)"
            return None
        name, hint = m.group(1), m.group(2)
        iso = _COUNTRY_NAMES.get(normalize(hint))
        scope: tuple[str | None, str | None, str | None]
        if iso is not None:
            scope = (iso, None, None)
        elif hint_key(hint) in self._unit_keys("admin1"):
            scope = (self._country, hint, None)
        elif hint_key(hint) in self._unit_keys("admin2"):
            scope = (self._country, None, hint)
        else:
            return None
        return replace(self._narrowed(*scope)(name), query=query)

    def name_keys(self) -> tuple[set[str], set[str]]:
        """The folded names (normalize, loose_key) of every place the layers above the whole-region one hold."""
        return set(self._exact), set(self._loose)

    def bulk_keys(self, key: str) -> bool:
        """Whether the whole-region layer has a feature of this folded name (False without that layer)."""
        return self._bulk is not None and self._bulk.knows(key)

    def unknown_unit(self, level: str, name: str) -> list[str] | None:
        """None when ``name`` is a ``level`` ("admin1" or "admin2") unit the places or the boundary layers
        know; else the closest names (for "did you mean")."""
        if hint_key(name) in self._unit_keys(level):
            return None
        pool = self._hinted_coders.get((self._country, None, None)) or self
        names = {getattr(p, level) for p in pool.places} | (self._locator.names(level) if self._locator else set())
        return suggestions(name, names)

    def _unit_keys(self, level: str) -> set[str | None]:
        """The keys of every unit name of a level: the places' declared ones and the shipped layers'."""
        keys = self._unit_keys_of.get(level)
        if keys is None:
            names = {getattr(p, level) for p in self.places} | (self._locator.names(level) if self._locator else set())
            keys = self._unit_keys_of[level] = {hint_key(n) for n in names if n}
        return keys

    def _decide(self, query: str, hits, how, score: float) -> Match:
        places = _same_places_merged(_distinct(hits))
        settled = [h for h in places if h[0].kind in POPULATED]
        if len(places) > 1 and settled:
            places = settled  # a village over a camp, well or area of the same name
        others: tuple[Place, ...] = ()
        if len(places) > 1:
            ranked = sorted(places, key=lambda h: (-_rank(h[0]), -h[0].population, TIERS.index(h[0].tier), h[0].id))
            top, second = ranked[0][0], ranked[1][0]
            # Only GeoNames rows carry a population; against a curated or homonym-list row of unknown
            # size, only a seat of rank 3 (a city) outranks.
            pops = (
                second.tier == "geonames"
                and top.population >= 5000
                and top.population >= DOMINANCE * max(second.population, 1)
            )
            if top.tier != "homonym" and _rank(top) >= 3 and _rank(top) > _rank(second) or pops:
                places, others = ranked[:1], tuple(p for p, _ in ranked[1:])
            else:
                return Match(query, "ambiguous", None, "", "", score, candidates=tuple(p for p, _ in ranked))
        place, label = places[0]
        if place.tier == "homonym":  # known only to share the name: offered, never claimed
            return Match(query, "ambiguous", None, "", "", score, candidates=(place,))
        if self._bulk is not None and _rank(place) < 2:
            # A village: another village of that name in the hinted scope, which the whole-region layer or
            # OpenStreetMap knows, makes the answer two readings (the user's own places are theirs to decide).
            keys = dict.fromkeys((normalize(query), normalize(label)))
            far = [
                p
                for p in self._bulk.namesakes(place, keys, self._countries, self._want_admin1, self._want_admin2)
                if p.geonames_id not in self._reviewed  # a curated row is the reviewed reading of that feature
            ]
            if far:
                return Match(query, "ambiguous", None, "", "", score, candidates=(place, *others, *far)[:MAX_LISTED])
        kind = how(place, label)
        status = "approximate" if place.precision != vocab.EXACT else kind
        return Match(query, status, place, kind, label, score, alternatives=others)

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
    return sorted(seen.values(), key=lambda h: (TIERS.index(h[0].tier), -h[0].population, h[0].id))


def _rank(place: Place) -> int:
    """Administrative weight of a place: a capital or regional seat outranks a town, a town a village.
    GeoNames rows carry no kind; their population stands in (100,000 a city, 5,000 a town)."""
    if place.tier == "geonames":
        return 3 if place.population >= 100_000 else 2 if place.population >= 5_000 else 1
    return vocab.SEAT_WEIGHT.get(place.kind, 1)


def _same_places_merged(places: list[tuple[Place, str]]) -> list[tuple[Place, str]]:
    """Drop a hit within :data:`~geo.placecheck.AGREE_KM` of one already kept: the same place in another layer
    (the list comes curated first, so the curated row is the one kept)."""
    kept: list[tuple[Place, str]] = []
    for h in places:
        if not any(km(h[0].lat, h[0].lon, k[0].lat, k[0].lon) <= AGREE_KM for k in kept):
            kept.append(h)
    return kept


def from_layers(layers: Layers, **options) -> Geocoder:
    """A geocoder over the gazetteer layers of one data folder (:func:`~geo.gazetteer.read_layers`)."""
    return Geocoder(layers.curated, layers.geonames, homonyms=layers.homonyms, user=layers.user, **options)


def make_geocoder(
    data_dir: Path, *, gazetteers=(), region: Region = THREE_COUNTRIES, bulk: bool = True, **options
) -> Geocoder:
    """A geocoder over the layers of ``data_dir`` (curated places, GeoNames extract, homonyms: the project's
    where the folder has none) with each user ``gazetteers`` file as a layer after the curated places;
    :class:`DataError` listing every problem of every layer. With ``bulk`` (``liptako geocode``), a name
    those layers miss is looked up in the whole-region layer (:mod:`geo.bulk`), read on the first miss."""
    layer = BulkLayer.of(data_dir) if bulk else None
    locator = AdminLocator(data_file(data_dir, "boundaries"))
    layers = load_layers(data_dir, region=region, gazetteers=gazetteers)
    return from_layers(layers, bulk=layer, locator=locator, **options)


def read_column(path: Path, column: str) -> list[str]:
    """The values of one column of a CSV file, in row order (:func:`read_columns`)."""
    return [row[0] for row in read_columns(path, [column])]


def read_columns(path: Path, columns: Sequence[str]) -> list[tuple[str, ...]]:
    """The values of some columns of a CSV file, as one tuple per row in row order ("" for a short row).

    Bounded like every input (geo.importers.common): at most tables.MAX_FILE bytes, a header of at
    most 1 MB, lines of at most 10 MB, cells of at most 1 MB; read as a stream, keeping one column.
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE:
            raise DataError(
                [
                    Problem(
                        str(path),
                        None,
                        None,
                        None,
                        f"larger than {MAX_FILE // 1_000_000} MB; "
                        "is it the right file? Split it, or keep only the column of names",
                    )
                ]
            )
        with open(path, "rb") as fh:
            if len(fh.readline(MAX_HEADER + 1)) > MAX_HEADER:
                raise DataError(
                    [
                        Problem(
                            str(path),
                            1,
                            None,
                            None,
                            f"the first row is longer than "
                            f"{MAX_HEADER // 1_000_000} MB, so it is no header; is it the right file?",
                        )
                    ]
                )
        with _field_limit(MAX_CELL), open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(lines(fh, path))
            names = [c.strip() for c in next(reader, [])]
            listed = f"{', '.join(shown(n) for n in names[:50])}{' …' if len(names) > 50 else ''}"
            missing = [Problem(str(path), 1, c, c, f"no such column; the columns are {listed}") for c in columns]
            missing = [p for p in missing if p.column not in names]
            if missing:
                raise DataError(missing)
            at = [names.index(c) for c in columns]
            return [tuple(row[i] if i < len(row) else "" for i in at) for row in reader]
    except UnicodeDecodeError:
        raise LiptakoError(f"{path}: not UTF-8 text; save it as UTF-8 CSV") from None
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise LiptakoError(
                f"{path}: a cell is longer than {MAX_CELL // 1_000_000} MB; is this the right file, "
                "or is a quote missing?"
            ) from None
        raise LiptakoError(f"{path}: not valid CSV ({exc})") from None
    except OSError as exc:
        raise LiptakoError(f"{path}: cannot read the file ({exc.strerror or exc})") from None


def format_table(matches: list[Match]) -> str:
    """A readable, aligned table of answers (the default output of ``liptako geocode``)."""
    head = (
        "query",
        "status",
        "name",
        "country",
        "admin1",
        "lat",
        "lon",
        "precision",
        "radius_km",
        "score",
        "layer",
        "sources",
    )
    rows: list[tuple[str, ...]] = [head]
    for m in matches:
        p = m.place
        if p is not None:
            name = p.name
            if m.alternatives:  # a homonym that outranks others: say so in the table too
                also = "; ".join(f"{a.name} ({a.country}, {a.admin1 or '?'})" for a in m.alternatives[:2])
                name += f" (also: {also}{'; ...' if len(m.alternatives) > 2 else ''})"
            rows.append(
                (
                    m.query,
                    m.status,
                    name,
                    p.country,
                    p.admin1,
                    f"{p.lat:.4f}",
                    f"{p.lon:.4f}",
                    p.precision,
                    f"{p.radius_km:g}",
                    f"{m.score:g}" if m.score is not None else "",
                    p.tier,
                    "" if p.sources is None else str(p.sources),
                )
            )
        elif m.status == "ambiguous":
            names = "; ".join(
                f"{c.name} ({', '.join(u for u in (c.country, c.admin1 or '?', c.admin2) if u)})" for c in m.candidates
            )
            rows.append((m.query, m.status, f"candidates: {names}", *[""] * (len(head) - 3)))
        else:
            hint = f"did you mean: {', '.join(m.suggestions)}" if m.suggestions else "no similar name"
            rows.append((m.query, m.status, hint, *[""] * (len(head) - 3)))
    # Queries and names come from files: their control characters are shown escaped, and the widths are those
    # of what is shown.
    rows = [tuple(printable(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)
