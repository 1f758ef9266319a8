"""From the files in ``data/`` to a validated, geocoded, analysed data set, and to a map.

``load`` reads and checks everything and collects every problem before raising one
:class:`~geo.errors.DataError`; ``build_map`` renders and writes atomically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .analysis import border_distance, locate
from .boundaries import Boundaries, load_boundaries
from .checks import THREE_COUNTRIES, Region
from .errors import DataError, Problem
from .gazetteer import DEFAULT_DATA, Place, geonames_extract, load_geonames, read_places
from .geocode import Geocoder, Match

from .records import Record, Source, read_sources_and_records

@dataclass(frozen=True)
class Unplaced:
    """A record's place name that did not resolve to one place: it is listed, never guessed."""

    record: Record
    name: str
    match: Match

    def problem(self, records_file: str) -> Problem:
        m = self.match
        if m.status == "ambiguous":
            cands = "; ".join(f"{c.name} ({c.country}, {c.admin1 or 'region unknown'}, id {c.id})" for c in m.candidates)
            msg = f"ambiguous place name, candidates: {cands}; use a more specific name or add an alternate name"
        else:
            hint = f"did you mean {', '.join(map(repr, m.suggestions))}?" if m.suggestions else "no similar name"
            msg = f"place not in the gazetteer ({hint}); add it to places.csv with its source"
        return Problem(records_file, self.record.row, "places", self.name, f"record {self.record.id!r}: {msg}")


@dataclass(frozen=True)
class Dataset:
    """Everything the map shows, checked and joined.

    ``placements`` has one row per (record, place): a record naming three villages has three
    rows, which share the record's figures; count records with ``record_id.nunique()``.
    ``places`` has one row per curated place with its computed country, region and distance to
    the nearest international border. ``unresolved`` lists record place names that matched no
    place or several: those records are not drawn at that name, and ``validate`` fails on them.
    """

    places: gpd.GeoDataFrame
    placements: gpd.GeoDataFrame
    records: list[Record]
    sources: dict[str, Source]
    boundaries: Boundaries
    matches: dict[str, Match]
    unplaced: list[Record] = field(default_factory=list)  # records with no place (context only)
    unresolved: list[Unplaced] = field(default_factory=list)
    records_file: str = ""

    def unresolved_problems(self) -> list[Problem]:
        return [u.problem(self.records_file) for u in self.unresolved]

    def between(self, start: dt.date | None, end: dt.date | None) -> "Dataset":
        """The records whose date span overlaps [start, end] (either end open), with their placements."""
        if start is None and end is None:
            return self

        def keep(rec: Record) -> bool:
            return (start is None or rec.date.end >= start) and (end is None or rec.date.start <= end)

        records = [r for r in self.records if keep(r)]
        ids = {r.id for r in records}
        return replace(
            self,
            records=records,
            placements=self.placements[self.placements["record_id"].isin(ids)].reset_index(drop=True),
            unplaced=[r for r in self.unplaced if r.id in ids],
            unresolved=[u for u in self.unresolved if u.record.id in ids],
        )


def load(data_dir: Path = DEFAULT_DATA, *, region: Region = THREE_COUNTRIES) -> Dataset:
    """Load, validate, geocode and analyse the data in ``data_dir``.

    ``data_dir/geonames_region.csv`` is optional; without it the project's own extract is used.
    Every place must lie in ``region`` (default: the box around Mali, Niger and Burkina Faso).

    Raises
    ------
    DataError
        Listing every problem in every file: bad cells, unknown source ids, unreadable layers.
        Place names that do not resolve are not raised here but listed in ``Dataset.unresolved``.
    """
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    places, p = read_places(data_dir / "places.csv", region=region)
    problems += p
    sources, records, p = read_sources_and_records(data_dir / "sources.csv", data_dir / "records.csv")
    problems += p
    boundaries = None
    try:
        boundaries = load_boundaries(data_dir / "boundaries")
    except DataError as exc:
        problems += exc.problems
    try:
        geonames = load_geonames(geonames_extract(data_dir))
    except DataError as exc:
        problems += exc.problems
        geonames = []
    if problems:
        raise DataError(problems)

    geocoder = Geocoder(places, geonames)
    matches: dict[str, Match] = {}
    rows, unresolved = [], []
    for rec in records:
        for name in rec.places:
            m = matches.setdefault(name, geocoder(name))
            if not m.resolved:
                unresolved.append(Unplaced(rec, name, m))
                continue
            rows.append({**_place_row(m.place), "record_id": rec.id, "place_query": name, "match": m.status,
                         "how": m.how, "matched_name": m.matched_name, "score": m.score, "near_km": rec.near_km})

    placements = _analyse(pd.DataFrame(rows, columns=[*PLACE_FIELDS, "record_id", "place_query", "match", "how",
                                                      "matched_name", "score", "near_km"]), boundaries)
    # A record that says "around X" is never more precise than "near X", however exact X is.
    near = placements["near_km"].notna() & (placements["precision"] == "point")
    placements.loc[near, "precision"] = "near"
    placements["radius_km"] = placements[["radius_km", "near_km"]].max(axis=1)
    return Dataset(
        places=_analyse(pd.DataFrame([_place_row(p) for p in places], columns=PLACE_FIELDS), boundaries),
        placements=placements,
        records=records,
        sources={s.id: s for s in sources},
        boundaries=boundaries,
        matches=matches,
        unplaced=[r for r in records if not r.places],
        unresolved=unresolved,
        records_file=str(data_dir / "records.csv"),
    )


PLACE_FIELDS = ["id", "name", "alt_names", "kind", "country", "admin1", "admin2", "lat", "lon", "precision",
                "radius_km", "geonames_id", "source", "note", "tier"]


def _place_row(p: Place) -> dict:
    return {
        "id": p.id, "name": p.name, "alt_names": "; ".join(p.alt_names), "kind": p.kind, "country": p.country,
        "admin1": p.admin1, "admin2": p.admin2, "lat": p.lat, "lon": p.lon, "precision": p.precision,
        "radius_km": p.radius_km, "geonames_id": p.geonames_id, "source": p.source, "note": p.note, "tier": p.tier,
    }


def _analyse(df: pd.DataFrame, boundaries: Boundaries) -> gpd.GeoDataFrame:
    """Add the computed country, Natural Earth region and nearest-border distance to point rows."""
    # Columns are lat/lon; points are built x=lon, y=lat here and only here.
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
    gdf["ne_country"] = locate(gdf.geometry, boundaries.countries, "iso3")
    gdf["ne_admin1"] = locate(gdf.geometry, boundaries.admin1, "name")
    km, border = border_distance(gdf["lon"].to_numpy(float), gdf["lat"].to_numpy(float), boundaries.borders,
                                 centre=boundaries.tripoint_lonlat)
    gdf["border_km"] = km
    gdf["nearest_border"] = border
    return gdf
