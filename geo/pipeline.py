"""From the files in ``data/`` to a validated, geocoded, analysed data set, and to a map.

``load`` reads and checks everything and collects every problem before raising one
:class:`~geo.errors.DataError`; ``build_map`` renders and writes atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .analysis import border_distance, locate
from .boundaries import Boundaries, load_boundaries
from .errors import DataError, Problem
from .gazetteer import Place, read_places
from .geocode import Geocoder, Match
from .records import Record, Source, read_records, read_sources

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class Dataset:
    """Everything the map shows, checked and joined.

    ``placements`` has one row per (record, place): a record naming three villages has three
    rows, which share the record's figures; count records with ``record_id.nunique()``.
    ``places`` has one row per gazetteer place with its computed country, region and
    distance to the nearest international border.
    """

    places: gpd.GeoDataFrame
    placements: gpd.GeoDataFrame
    records: list[Record]
    sources: dict[str, Source]
    boundaries: Boundaries
    matches: dict[str, Match]
    unplaced: list[Record] = field(default_factory=list)  # records with no place (context only)


def load(data_dir: Path = DEFAULT_DATA) -> Dataset:
    """Load, validate, geocode and analyse the data in ``data_dir``.

    Raises
    ------
    DataError
        Listing every problem in every file: bad cells, unknown source ids, place names
        that do not resolve or are ambiguous.
    """
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    places, p = read_places(data_dir / "places.csv")
    problems += p
    sources, p = read_sources(data_dir / "sources.csv")
    problems += p
    records, p = read_records(data_dir / "records.csv", sources)
    problems += p
    try:
        boundaries = load_boundaries(data_dir / "boundaries")
    except DataError as exc:
        problems += exc.problems
        boundaries = None

    geocoder = Geocoder(places)
    matches: dict[str, Match] = {}
    rows = []
    records_file = str(data_dir / "records.csv")
    for rec in records:
        for name in rec.places:
            m = matches.setdefault(name, geocoder(name))
            if m.status == "ambiguous":
                cands = "; ".join(f"{c.name} ({c.country}, {c.admin1}, id {c.id})" for c in m.candidates)
                problems.append(Problem(records_file, rec.row, "places", name,
                                        f"record {rec.id!r}: ambiguous place name, candidates: {cands}; use the place id or a more specific name"))
            elif m.status == "unresolved":
                hint = f"did you mean {', '.join(map(repr, m.suggestions))}?" if m.suggestions else "no similar name"
                problems.append(Problem(records_file, rec.row, "places", name,
                                        f"record {rec.id!r}: place not in the gazetteer ({hint}); add it to places.csv with its source"))
            else:
                rows.append({"record_id": rec.id, "place_query": name, "match": m.status, "place_id": m.place.id,
                             "near_km": rec.near_km})
    if problems:
        raise DataError(problems)

    pgdf = places_frame(places, boundaries)
    placements = pd.DataFrame(rows, columns=["record_id", "place_query", "match", "place_id", "near_km"])
    placements = placements.merge(pgdf.drop(columns="geometry"), left_on="place_id", right_on="id", how="left")
    # A record that says "around X" is never more precise than "near X", however exact X is.
    near = placements["near_km"].notna() & (placements["precision"] == "point")
    placements.loc[near, "precision"] = "near"
    placements["radius_km"] = placements[["radius_km", "near_km"]].max(axis=1)
    placements = gpd.GeoDataFrame(
        placements, geometry=gpd.points_from_xy(placements["lon"], placements["lat"]), crs="EPSG:4326"
    )
    return Dataset(
        places=pgdf,
        placements=placements,
        records=records,
        sources={s.id: s for s in sources},
        boundaries=boundaries,
        matches=matches,
        unplaced=[r for r in records if not r.places],
    )


def places_frame(places: list[Place], boundaries: Boundaries) -> gpd.GeoDataFrame:
    """Gazetteer as a GeoDataFrame with computed country, Natural Earth region and border distance."""
    df = pd.DataFrame(
        [{
            "id": p.id, "name": p.name, "alt_names": "; ".join(p.alt_names), "kind": p.kind, "country": p.country,
            "admin1": p.admin1, "admin2": p.admin2, "lat": p.lat, "lon": p.lon, "precision": p.precision,
            "radius_km": p.radius_km, "geonames_id": p.geonames_id, "source": p.source, "note": p.note,
        } for p in places]
    )
    # Columns are lat/lon; points are built x=lon, y=lat here and only here.
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
    gdf["ne_country"] = locate(gdf.geometry, boundaries.countries, "iso3")
    gdf["ne_admin1"] = locate(gdf.geometry, boundaries.admin1, "name")
    km, border = border_distance(gdf["lon"], gdf["lat"], boundaries.borders, centre=boundaries.tripoint_lonlat)
    gdf["border_km"] = km
    gdf["nearest_border"] = border
    return gdf
