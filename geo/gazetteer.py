"""The project's curated gazetteer (``data/places.csv``).

Every place carries its coordinates, how precisely they are known, and where they come
from. Villages with no published coordinates are placed at the smallest enclosing unit the
sources support, with ``precision`` saying which and ``radius_km`` how far off the point may be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import vocab
from .checks import THREE_COUNTRIES, Region, decimal
from .errors import DataError, Problem, checked
from .names import normalize
from .paths import DEFAULT_DATA
from .placecheck import AGREE_KM, km, origin_counts, read_sources
from .tables import Table, number_in, one_of, split_list

COUNTRIES = vocab.COUNTRIES
PRECISIONS = vocab.PRECISIONS[:4]  # a place is known at least to its region
KINDS = vocab.PLACE_KINDS
PLACE_COLUMNS = [
    "id",
    "name",
    "alt_names",
    "kind",
    "country",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "precision",
    "radius_km",
    "geonames_id",
    "source",
    "note",
]


@dataclass(frozen=True)
class Place:
    """A named place with sourced coordinates. ``lat``/``lon`` are WGS84 degrees."""

    id: str
    name: str
    alt_names: tuple[str, ...]
    kind: str
    country: str
    admin1: str
    admin2: str
    lat: float
    lon: float
    precision: str
    radius_km: float
    geonames_id: int | None
    source: str
    note: str = ""
    keys: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    population: int = 0
    tier: str = "curated"  # "curated" (data/places.csv), "user" (--gazetteer) or "geonames" (data/geonames_region.csv)
    # Independent origins that publish this point (place_sources.csv); None where nobody counted.
    sources: int | None = None

    @property
    def approximate(self) -> bool:
        return self.precision != vocab.EXACT

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.alt_names)


AUTO = Path("place_sources.csv")


def load_places(path: Path, *, region: Region = THREE_COUNTRIES, sources: Path | None = AUTO) -> list[Place]:
    """Load and validate the gazetteer; raise :class:`DataError` listing every problem."""
    return checked(read_places(path, region=region, sources=sources))


def read_places(
    path: Path, *, region: Region = THREE_COUNTRIES, sources: Path | None = AUTO
) -> tuple[list[Place], list[Problem]]:
    """Load the gazetteer; return the valid places and every problem found.

    Every point must lie in ``region`` (default: the box around Mali, Niger and Burkina Faso); a
    point outside it is reported with the likely cause (swapped axes, a lost minus sign).
    ``sources`` is the file of published coordinates per place (default: ``place_sources.csv``
    beside ``path``, if there is one); each place's ``sources`` counts its independent origins.
    """
    counts = _source_counts(Path(path).with_name(AUTO.name) if sources is AUTO else sources)
    table = Table(path, PLACE_COLUMNS, names=["id", "name", "alt_names", "kind", "country", "admin1", "admin2"])
    places: list[Place] = []
    for row, v in table:
        pid = table.unique_id(row, v)
        name = table.cell(row, v, "name", str, "give the place's usual name")
        kind = table.cell(row, v, "kind", one_of(KINDS), f"use one of {', '.join(KINDS)}")
        country = table.cell(
            row, v, "country", one_of(COUNTRIES), f"use an ISO 3166-1 alpha-3 code: {', '.join(COUNTRIES)}"
        )
        admin1 = table.cell(row, v, "admin1", str, "give the admin-1 region")
        lat = table.cell(row, v, "lat", number_in(-90, 90), "latitude in decimal degrees, -90..90")
        lon = table.cell(row, v, "lon", number_in(-180, 180), "longitude in decimal degrees, -180..180")
        precision = table.cell(row, v, "precision", one_of(PRECISIONS), f"use one of {', '.join(PRECISIONS)}")
        radius = table.cell(row, v, "radius_km", number_in(0, 1000), "uncertainty radius in km, 0..1000")
        gid = table.cell(row, v, "geonames_id", int, "a GeoNames id is a whole number", required=False)
        source = table.cell(
            row, v, "source", str, "say where the coordinates come from (GeoNames id, gazetteer, article)"
        )
        if lat is not None and lon is not None and (why := region.why_outside(lat, lon)):
            table.problem(row, "lat", (lat, lon), why)
            lat = None
        if precision not in (None, vocab.EXACT) and v.get("note", "") == "":
            table.problem(row, "note", "", f"precision is {precision!r}: say why the place cannot be placed exactly")
        if precision not in (None, vocab.EXACT) and radius == 0:
            table.problem(row, "radius_km", v["radius_km"], "an approximate place needs a radius above 0")
        if (
            pid is None
            or name is None
            or kind is None
            or country is None
            or admin1 is None
            or lat is None
            or lon is None
            or precision is None
            or radius is None
            or source is None
        ):
            continue
        alts = split_list(v.get("alt_names", ""))
        keys = frozenset(normalize(n) for n in (name, *alts))
        places.append(
            Place(
                pid,
                name,
                alts,
                kind,
                country,
                admin1,
                v.get("admin2", ""),
                lat,
                lon,
                precision,
                radius,
                gid,
                source,
                v.get("note", ""),
                keys,
                sources=counts.get(pid, 0) if counts is not None else None,
            )
        )
    return places, table.problems


def _source_counts(path: Path | None) -> dict[str, int] | None:
    if path is None or not Path(path).exists():
        return None
    return origin_counts(checked(read_sources(path)))


def data_file(data_dir: Path, name: str) -> Path:
    """``data_dir/name`` if the folder has it, else the project's own file: a data folder may leave out the
    GeoNames extract and the homonyms and use the project's."""
    own = Path(data_dir) / name
    return own if own.exists() else DEFAULT_DATA / name


GEONAMES_COLUMNS = ["geonameid", "name", "alt_names", "country", "admin1", "lat", "lon", "population"]


def load_geonames(path: Path) -> list[Place]:
    """Load the regional GeoNames extract (built by ``scripts/build_geonames_extract.py``).

    It is derived data, checked by its build script, so rows are read without the per-cell
    checks of :func:`read_places`; a malformed file still raises :class:`DataError`.
    """
    table = Table(path, GEONAMES_COLUMNS)
    places = []
    try:
        for row, v in table:  # noqa: B007 -- row is named by the except clause below
            gid = int(v["geonameid"])
            alts = split_list(v["alt_names"])
            lat, lon = decimal(v["lat"]), decimal(v["lon"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"coordinates {lat}, {lon} out of range")
            places.append(
                Place(
                    f"gn-{gid}",
                    v["name"],
                    alts,
                    vocab.GEONAMES_KIND,
                    v["country"],
                    v["admin1"],
                    "",
                    lat,
                    lon,
                    vocab.EXACT,
                    0.0,
                    gid,
                    f"GeoNames {gid} (cities500, CC BY 4.0)",
                    "",
                    frozenset(normalize(n) for n in (v["name"], *alts)),
                    int(v["population"] or 0),
                    "geonames",
                    1,
                )
            )
    except (KeyError, ValueError) as exc:
        table.problem(
            row, None, None, f"malformed GeoNames extract ({exc}); rebuild it with scripts/build_geonames_extract.py"
        )
    if table.problems:
        raise DataError(table.problems)
    return places


HOMONYM_COLUMNS = ["geonameid", "name", "country", "lat", "lon", "feature", "ref"]


def load_homonyms(path: Path) -> list[Place]:
    """Places known to share a name with another (``data/homonyms.csv``: GeoNames rows from the full
    country dumps, cited row by row). The geocoder offers them as candidates and never answers with
    one: they are there so that a bare "Kouka" or "Bamba" is ambiguous, not the one place we hold."""
    table = Table(path, HOMONYM_COLUMNS, names=["name", "country"])
    out = []
    for row, v in table:
        lat = table.cell(row, v, "lat", number_in(-90, 90), "latitude in decimal degrees")
        lon = table.cell(row, v, "lon", number_in(-180, 180), "longitude in decimal degrees")
        gid = table.cell(row, v, "geonameid", int, "a GeoNames id is a whole number")
        if lat is None or lon is None or gid is None:
            continue
        out.append(
            Place(
                f"gn-{gid}",
                v["name"],
                (),
                vocab.PLAIN_KIND,
                v["country"],
                "",
                "",
                lat,
                lon,
                vocab.EXACT,
                0.0,
                gid,
                v["ref"],
                "",
                frozenset({normalize(v["name"])}),
                0,
                "homonym",
                1,
            )
        )
    return checked((out, table.problems))


# A user's gazetteer (``--gazetteer FILE``): a CSV of name, lat, lon (and optional country, admin1,
# alt_names, source), or an ACLED or UCDP export, of which only the precisely located rows count.
USER_COLUMNS = ["name", "lat", "lon", "country", "admin1", "alt_names", "source"]


def load_user_gazetteer(path: Path, *, region: Region = THREE_COUNTRIES) -> list[Place]:
    """Places from an analyst's own file, as the geocoder's ``user`` layer.

    Rows of one name (and country) within 5 km of each other are one place, cited by its first row;
    farther apart they are homonyms, and the geocoder answers "ambiguous" between them, as the file
    itself is. Raises :class:`DataError` naming file, row, column and value for a bad row.
    """
    path = Path(path)
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        header = fh.readline(1_000_000)  # only to tell the layout; Table reads the file within its limits
    cols = {c.strip().strip('"') for c in header.split(",")}
    if vocab.SOURCE_FORMATS["acled"].detect(cols):
        kind, name_col, lat_col, lon_col, prec_col = "acled", "location", "latitude", "longitude", "geo_precision"
        table = Table(path, [name_col, lat_col, lon_col, prec_col, "country"], optional=cols, names=[name_col])
    elif vocab.SOURCE_FORMATS["ucdp"].detect(cols):
        kind, name_col, lat_col, lon_col, prec_col = "ucdp", "where_coordinates", "latitude", "longitude", "where_prec"
        table = Table(path, [name_col, lat_col, lon_col, prec_col, "country"], optional=cols, names=[name_col])
    else:
        kind, name_col, lat_col, lon_col, prec_col = "csv", "name", "lat", "lon", None
        table = Table(
            path, ["name", "lat", "lon"], optional=USER_COLUMNS, names=["name", "country", "admin1", "alt_names"]
        )
    groups: dict[tuple[str, str], list[Place]] = {}
    for row, v in table:
        if prec_col and v.get(prec_col, "").strip() != "1":
            continue  # only rows the file locates at the named place itself
        name = table.cell(row, v, name_col, str, "give the place's name")
        lat = table.cell(row, v, lat_col, number_in(-90, 90), "latitude in decimal degrees, -90..90")
        lon = table.cell(row, v, lon_col, number_in(-180, 180), "longitude in decimal degrees, -180..180")
        if name is None or lat is None or lon is None:
            continue
        if why := region.why_outside(lat, lon):
            table.problem(row, lat_col, (lat, lon), why)
            continue
        country = v.get("country", "")
        country = vocab.COUNTRY_NAMES.get(country, country.upper() if len(country) == 3 else "")
        if kind == "ucdp":  # "Ménaka town" -> "Ménaka"
            name = name.rsplit(" town", 1)[0].rsplit(" village", 1)[0].strip()
        alts = split_list(v.get("alt_names", ""))
        label = vocab.SOURCE_FORMATS[kind].label if kind in vocab.SOURCE_FORMATS else "CSV"
        cite = f"{path.name} row {row}" + (f" ({v['source']})" if v.get("source") else f" ({label})")
        same = groups.setdefault((normalize(name), country), [])
        if any(km(p.lat, p.lon, lat, lon) <= AGREE_KM for p in same):
            continue
        same.append(
            Place(
                f"user-{row}",
                name,
                alts,
                vocab.PLAIN_KIND,
                country,
                v.get("admin1", ""),
                "",
                lat,
                lon,
                vocab.EXACT,
                0.0,
                None,
                cite,
                "",
                frozenset(normalize(n) for n in (name, *alts)),
                0,
                "user",
                1,
            )
        )
    return checked(([p for ps in groups.values() for p in ps], table.problems))


@dataclass(frozen=True)
class Layers:
    """The gazetteer layers of one data folder, in the order they are trusted: the curated places, the
    user's own files, the GeoNames extract, and the homonyms (offered as candidates, never as answers)."""

    curated: list[Place]
    user: list[Place]
    geonames: list[Place]
    homonyms: list[Place]


def read_layers(data_dir: Path, *, region: Region = THREE_COUNTRIES, gazetteers=()) -> tuple[Layers, list[Problem]]:
    """Every gazetteer layer of ``data_dir`` (``places.csv``; ``geonames_region.csv`` and ``homonyms.csv``, the
    project's own where the folder has none) and of each user file in ``gazetteers``, with every problem
    found in any of them. The one place where the layers are put together: maps and ``geocode`` alike."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    curated, p = read_places(data_dir / "places.csv", region=region)
    problems += p
    loaded: dict[str, list[Place]] = {}
    for name, file, load in (
        ("geonames", "geonames_region.csv", load_geonames),
        ("homonyms", "homonyms.csv", load_homonyms),
    ):
        try:
            loaded[name] = load(data_file(data_dir, file))
        except DataError as exc:
            problems += exc.problems
            loaded[name] = []
    user: list[Place] = []
    for g in gazetteers:
        try:
            user += load_user_gazetteer(g, region=region)
        except DataError as exc:
            problems += exc.problems
    return Layers(curated, user, loaded["geonames"], loaded["homonyms"]), problems


def load_layers(data_dir: Path, *, region: Region = THREE_COUNTRIES, gazetteers=()) -> Layers:
    """:func:`read_layers`, raising :class:`DataError` listing every problem."""
    return checked(read_layers(data_dir, region=region, gazetteers=gazetteers))
