"""The bulk layer of the geocoder: every GeoNames feature of the region, checked against OpenStreetMap.

Below the curated places and the GeoNames extract (``geo.geocode``), a name that none of those knows is looked
up in ``data/geonames_full.csv.gz`` (:mod:`geo.geonames_full`), by its own name, ASCII name or one of its
alternate names after :func:`~geo.names.normalize` (no looser key, no fuzzy match on this layer). The layer is
read and indexed only when a name first misses the layers above it, once per process, so commands that never
miss never pay for it.

How an answer is decided (:meth:`BulkLayer.decide`), among the rows of that name in the hinted country (and
admin-1, when hinted):

- the populated places (feature class P) are preferred over wells, localities, hills and sites (L/H/S) only
  when they are one place: all within :data:`ONE_PLACE_KM` of each other;
- when the candidates kept lie more than :data:`ONE_PLACE_KM` apart, nothing separates them and the answer
  is ``ambiguous``, listing them: never a pick;
- the answer counts its independent sources: 2 when an OpenStreetMap node of ``data/osm_places.csv.gz``
  with the same normalised name lies within :data:`~geo.placecheck.AGREE_KM` of it, else 1. A one-source
  answer is ``approximate`` (precision ``near``, radius :data:`ONE_SOURCE_RADIUS_KM`) unless it is a
  populated place with a population (GeoNames has a census figure for it: placed with care);
- the stated radius always covers every candidate the answer stands for (the rows of that name within
  :data:`ONE_PLACE_KM` of it);
- an answer is placed only under an admin-1 hint, and then only when no OSM node of that name in the hinted
  region lies more than :data:`ONE_PLACE_KM` from it (else ``ambiguous`` with both); without a hint the reading
  is offered as a candidate. docs/geocoding.md, "The whole-region layer", gives the measurements behind this.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from . import vocab
from .errors import DataError, Problem
from .gazetteer import Place, data_file
from .geonames_full import LAYER_FILE, load_geonames_full
from .names import admin1_key, normalize
from .placecheck import AGREE_KM, km

OSM_FILE = "osm_places.csv.gz"
# geo.names' separators, for the ASCII fast path of the index (tests/test_bulk.py checks it agrees).
_ASCII_SEPARATORS = re.compile(r"[\s\-_'`.,/()]+")
TIER = "bulk"
OSM_TIER = "osm"  # an OSM node listed as a candidate
# Same-name candidates further apart than this are two places (issue 23's rule).
ONE_PLACE_KM = 25.0
# The radius of an answer that rests on GeoNames alone.
ONE_SOURCE_RADIUS_KM = AGREE_KM
# At most this many candidates are listed with an ambiguous answer.
MAX_LISTED = 12


@dataclass(frozen=True)
class BulkAnswer:
    """What the bulk layer says about one name: ``place`` (with its ``sources``) or ``candidates``."""

    place: Place | None
    how: str
    label: str
    candidates: tuple[Place, ...] = ()
    alternatives: tuple[Place, ...] = ()


class BulkLayer:
    """The whole-region GeoNames layer and the OSM place nodes of one data folder, read on first use."""

    def __init__(self, geonames: Path, osm: Path | None):
        self.geonames_path, self.osm_path = Path(geonames), osm
        self._index: dict[str, list[int]] | None = None
        self._rows: list[tuple] = []
        self._osm: dict[str, list[OsmNode]] = {}

    @classmethod
    def of(cls, data_dir: Path) -> BulkLayer:
        """The layer of ``data_dir`` (the project's own files where the folder has none)."""
        osm = data_file(data_dir, OSM_FILE)
        return cls(data_file(data_dir, LAYER_FILE), osm if osm.exists() else None)

    @property
    def loaded(self) -> bool:
        return self._index is not None

    def _load(self) -> dict[str, list[int]]:
        if self._index is not None:
            return self._index
        frame = load_geonames_full(self.geonames_path)
        keys: dict[str, str] = {}

        def key(text: str) -> str:
            k = keys.get(text)
            if k is None:
                # An ASCII name folds in one pass (what normalize does, without its Unicode steps).
                k = keys[text] = _ASCII_SEPARATORS.sub("", text.lower()) if text.isascii() else normalize(text)
            return k

        index: dict[str, list[int]] = defaultdict(list)
        cols = ["geonameid", "name", "asciiname", "alt_names", "feature_class", "feature_code", "country"]
        cols += ["admin1", "admin2", "population", "lat", "lon"]
        # Columns as plain lists: iterating the frame's string columns cell by cell costs seconds.
        self._rows = list(zip(*(frame[c].tolist() for c in cols), strict=True))
        for i, (_, name, ascii_name, alts, *_rest) in enumerate(self._rows):
            seen = set()
            for text in (name, ascii_name, *(alts.split(";") if alts else ())):
                k = key(text)
                if k and k not in seen:
                    seen.add(k)
                    index[k].append(i)
        if self.osm_path is not None:
            self._osm = _read_osm(self.osm_path, key)
        self._index = dict(index)
        return self._index

    def lookup(self, key: str, countries, admin1: str | None, admin2: str | None = None) -> list[Place]:
        """The rows whose name or an alternate folds to ``key``, in ``countries`` (and ``admin1``, ``admin2``,
        keys of :func:`~geo.hints.hint_key`, when given), as places with their source counts; the file's order."""
        rows = self._load().get(key, ())
        out = []
        for i in rows:
            r = self._rows[i]
            if not _in_scope(r[6], r[7], r[8], countries, admin1, admin2):
                continue
            out.append(self._place(r, key))
        return out

    def _place(self, r: tuple, key: str) -> Place:
        gid, name, ascii_name, alts, fclass, fcode, country, admin1, admin2, pop, lat, lon = r
        # The second source must give the place the name asked for: OSM's "Pani" beside GeoNames' Pani (alias
        # "Poni") confirms Pani's point, not that "Poni" is this place.
        osm = self._namesake(key, lat, lon)
        populated = fclass == vocab.GEONAMES_POPULATED_CLASS
        placed = osm is not None or (populated and pop > 0)
        source = f"GeoNames {gid} ({fclass}.{fcode}, whole-region layer, CC BY 4.0)"
        if osm is not None:
            source += f"; OSM node {osm} within {AGREE_KM:g} km (ODbL)"
        alt_names = tuple(a for a in (ascii_name, *(alts.split(";") if alts else ())) if a and a != name)
        return Place(
            f"gn-{gid}",
            name,
            alt_names,
            vocab.PLAIN_KIND if populated else vocab.AREA_KIND,
            country,
            admin1,
            admin2,
            float(lat),
            float(lon),
            vocab.EXACT if placed else vocab.NEAR,
            0.0 if placed else ONE_SOURCE_RADIUS_KM,
            int(gid),
            source,
            "",
            frozenset(),
            int(pop),
            TIER,
            2 if osm is not None else 1,
        )

    def _namesake(self, key: str, lat: float, lon: float) -> int | None:
        """The id of an OSM node whose name or an alternate folds to ``key``, within AGREE_KM, if any."""
        for node in self._osm.get(key, ()):
            if km(lat, lon, node.lat, node.lon) <= AGREE_KM:
                return node.osm_id
        return None

    def _far_osm(self, place: Place, key: str, countries, admin1: str | None, admin2: str | None) -> list[Place]:
        """OSM nodes of the name, in the hinted countries (and admin-1), more than ONE_PLACE_KM from ``place``
        and beyond its radius."""
        reach = max(ONE_PLACE_KM, place.radius_km)
        return [
            _osm_place(n)
            for n in self._osm.get(key, ())
            if _in_scope(n.country, n.admin1, n.admin2, countries, admin1, admin2)
            and km(place.lat, place.lon, n.lat, n.lon) > reach
        ]

    def namesakes(self, place: Place, keys, countries, admin1: str | None, admin2: str | None) -> list[Place]:
        """Populated places of this layer, and OSM place nodes, named by one of ``keys`` (normalised) in the
        hinted countries (and admin-1) that lie more than ONE_PLACE_KM from ``place`` and beyond its radius:
        other villages of that name, which a village answer from a layer above must not hide."""
        reach = max(ONE_PLACE_KM, place.radius_km)
        out: dict[str, Place] = {}
        for key in keys:
            for p in self.lookup(key, countries, admin1, admin2):
                if p.kind == vocab.PLAIN_KIND and km(place.lat, place.lon, p.lat, p.lon) > reach:
                    out.setdefault(p.id, p)
            for p in self._far_osm(place, key, countries, admin1, admin2):
                if not any(km(p.lat, p.lon, q.lat, q.lon) <= AGREE_KM for q in out.values()):
                    out.setdefault(p.id, p)
        return sorted(out.values(), key=lambda p: (TIERS_LISTED.index(p.tier), -(p.sources or 0), -p.population, p.id))

    def knows(self, key: str) -> bool:
        """Whether a feature of the layer has this name (``key``, normalised) or alternate."""
        return key in self._load()

    def confirms(self, key: str, lat: float, lon: float) -> bool:
        """Whether an OSM place node of the name (``key``, normalised) lies within AGREE_KM of the point."""
        self._load()
        return self._namesake(key, lat, lon) is not None

    def decide(self, key: str, countries, admin1: str | None, admin2: str | None = None) -> BulkAnswer | None:
        """The answer for a name (``key``, normalised) that no layer above knows; None when this one does not.
        Placed only when it rests on two sources and no other place of the name is known in the hinted scope;
        otherwise offered as a candidate."""
        found = self.lookup(key, countries, admin1, admin2)
        if not found:
            return None
        populated = [p for p in found if p.kind == vocab.PLAIN_KIND]
        group = populated if populated and _one_place(populated) else found
        if not _one_place(group):
            listed = sorted(group, key=lambda p: (p.kind != vocab.PLAIN_KIND, -(p.sources or 0), -p.population, p.id))
            return BulkAnswer(None, "", "", candidates=tuple(listed[:MAX_LISTED]))
        best = sorted(group, key=lambda p: (-(p.sources or 0), -p.population, p.id))[0]
        spread = max(km(best.lat, best.lon, p.lat, p.lon) for p in group)
        if spread > best.radius_km:
            # The radius covers every row of the name it stands for.
            best = _widened(best, spread)
        others = tuple(p for p in found if p not in group)
        # OpenStreetMap knows a place of that name elsewhere in the hinted scope: two readings, no pick.
        far = self._far_osm(best, key, countries, admin1, admin2)
        if far:
            return BulkAnswer(None, "", "", candidates=(best, *far)[:MAX_LISTED])
        # A well, hill or locality rather than a village is offered, not claimed; so is a village that only
        # GeoNames knows, unless no other feature of the whole layer (any country, any class) has that name:
        # measured, most wrong answers were one-source villages of common names (docs/geocoding.md).
        # A one-source village is placed by its own name, not by one of its alternates (measured: GeoNames'
        # "Cisse" for Sissé, "Poni" for Pani, 190-246 km from the villages the reports meant).
        how = "exact" if normalize(best.name) == key else "alias"
        # Under an admin hint, the name need only be unique in the hinted unit (the group is all of it there).
        hinted = admin1 is not None or admin2 is not None
        unique = hinted and len(group) == len(found) or len(self._load().get(key, ())) == len(group)
        if best.kind != vocab.PLAIN_KIND or ((best.sources or 0) < 2 and (not unique or how == "alias")):
            return BulkAnswer(None, "", "", candidates=(best, *others)[:MAX_LISTED])
        label = best.name if how == "exact" else next((a for a in best.alt_names if normalize(a) == key), best.name)
        return BulkAnswer(best, how, label, alternatives=others)


TIERS_LISTED = (TIER, OSM_TIER)


def _in_scope(country: str, admin1: str, admin2: str, countries, want1: str | None, want2: str | None) -> bool:
    return (
        country in countries
        and (want1 is None or admin1_key(admin1) == want1)
        and (want2 is None or admin1_key(admin2) == want2)
    )


def _one_place(places: list[Place]) -> bool:
    return all(km(a.lat, a.lon, b.lat, b.lon) <= ONE_PLACE_KM for i, a in enumerate(places) for b in places[i + 1 :])


def _widened(place: Place, spread: float) -> Place:
    return replace(place, precision=vocab.NEAR, radius_km=round(max(spread, ONE_SOURCE_RADIUS_KM), 1))


class OsmNode(NamedTuple):
    osm_id: int
    name: str
    country: str
    admin1: str
    admin2: str
    lat: float
    lon: float


def _osm_place(n: OsmNode) -> Place:
    """An OSM node as a candidate (never an answer on its own): one source, within 5 km."""
    return Place(
        f"osm-{n.osm_id}",
        n.name,
        (),
        vocab.PLAIN_KIND,
        n.country,
        n.admin1,
        n.admin2,
        n.lat,
        n.lon,
        vocab.NEAR,
        ONE_SOURCE_RADIUS_KM,
        None,
        f"OSM node {n.osm_id} (ODbL)",
        tier=OSM_TIER,
        sources=1,
    )


def _read_osm(path: Path, key) -> dict[str, list[OsmNode]]:
    """OSM nodes by normalised name and alternate."""
    try:
        frame = pd.read_csv(
            path,
            usecols=["osm_id", "name", "alt_names", "country", "admin1", "admin2", "lat", "lon"],
            dtype={"osm_id": "int64", "lat": "float64", "lon": "float64"}
            | {c: str for c in ("name", "alt_names", "country", "admin1", "admin2")},
            keep_default_na=False,
            na_filter=False,
            compression="gzip" if str(path).endswith(".gz") else None,
        )
    except (ValueError, UnicodeDecodeError, OSError, EOFError) as exc:
        raise DataError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    None,
                    f"unreadable OSM layer ({exc}); rebuild it with scripts/build_osm_places.py",
                )
            ]
        ) from None
    out: dict[str, list[OsmNode]] = defaultdict(list)
    cols = (frame[c].tolist() for c in ("osm_id", "name", "alt_names", "country", "admin1", "admin2", "lat", "lon"))
    for oid, name, alts, country, admin1, admin2, lat, lon in zip(*cols, strict=True):
        node = OsmNode(oid, name, country, admin1, admin2, lat, lon)
        for k in {key(t) for t in (name, *(alts.split(";") if alts else ()))}:
            if k:
                out[k].append(node)
    return dict(out)
