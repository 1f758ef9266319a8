"""The boundary layers shipped in ``data/boundaries/`` (built by ``scripts/build_boundaries.py``).

Each layer is checked on load, feature by feature: its columns, a geometry of the expected type,
finite coordinates in degrees, and validity (an invalid polygon is repaired with
``shapely.make_valid`` when that keeps its type; otherwise it is a problem). A layer in another
CRS is reprojected to EPSG:4326. Every problem names the file and the feature.
"""

from __future__ import annotations

import functools
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import shapely.geometry

from .errors import DataError, Problem

LAYERS = ("countries", "admin1", "borders", "rivers", "tripoint")
# Optional: the inset locator map of printed maps (West Africa, coarse; without it, prints have no inset), and
# the whole-country admin-1 and admin-2 units (scripts/build_admin.py; without them, events' regions are
# Natural Earth's and they have no admin-2).
OPTIONAL_LAYERS = ("locator", "regions", "districts")
# Per layer: the columns it must have and the geometry types it may hold.
SCHEMA = {
    "countries": (("iso3", "name"), ("Polygon", "MultiPolygon")),
    "admin1": (("iso3", "name"), ("Polygon", "MultiPolygon")),
    "borders": (("pair", "name"), ("LineString", "MultiLineString")),
    "rivers": (("name",), ("LineString", "MultiLineString")),
    "tripoint": (("name",), ("Point",)),
    "locator": (("iso3", "name"), ("Polygon", "MultiPolygon")),
    "regions": (("iso3", "name"), ("Polygon", "MultiPolygon")),
    "districts": (("iso3", "name", "admin1"), ("Polygon", "MultiPolygon")),
}
REBUILD = "rebuild it with scripts/build_boundaries.py"


@dataclass(frozen=True)
class Boundaries:
    countries: gpd.GeoDataFrame  # iso3, name
    admin1: gpd.GeoDataFrame  # iso3, name
    borders: gpd.GeoDataFrame  # pair ("MLI-NER"), name ("Mali–Niger")
    rivers: gpd.GeoDataFrame  # name
    tripoint: gpd.GeoDataFrame  # name; one point
    locator: gpd.GeoDataFrame | None = None  # iso3, name: West Africa for the inset map, or None
    # The whole three countries' admin-1 regions (Ménaka included) and admin-2 units, or None.
    regions: gpd.GeoDataFrame | None = None  # iso3, name, pcode
    districts: gpd.GeoDataFrame | None = None  # iso3, name, pcode, admin1, admin1_pcode

    @property
    def event_regions(self) -> gpd.GeoDataFrame:
        """The admin-1 layer events, filters and stats name regions by: the whole-country ``regions`` when
        shipped (Mali's regions with Ménaka), else Natural Earth's ``admin1``."""
        return self.regions if self.regions is not None else self.admin1

    @functools.cached_property
    def map_regions(self) -> gpd.GeoDataFrame:
        """:attr:`event_regions` cut to the window of Natural Earth's ``admin1`` (the borderland the maps show):
        what the page draws and labels as regions and colours by events, so its names are the events'."""
        if self.regions is None:
            return self.admin1
        window = tuple(float(x) for x in self.admin1.total_bounds)
        # Simplified again, per country as one coverage (shared edges stay shared), to 0.02 degrees (about 2 km):
        # the page then carries about as many vertices as Natural Earth's regions did. Points are located on the
        # layer itself, not on this.
        simple = np.empty(len(self.regions), dtype=object)
        for idx in self.regions.groupby("iso3").indices.values():
            simple[idx] = shapely.coverage_simplify(self.regions.geometry.values[idx], 0.02, simplify_boundary=True)
        cut = shapely.set_precision(shapely.clip_by_rect(simple, *window), 10.0**-4)
        out = self.regions.set_geometry(gpd.GeoSeries(cut, index=self.regions.index, crs=self.regions.crs))
        return out[~out.geometry.is_empty].reset_index(drop=True)

    @property
    def coverage(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the window the countries and borders were cut to
        (``scripts/build_boundaries.py``, ``CLIP_WIDE``): every border inside it is in ``borders``;
        borders beyond it (Senegal, Chad, Libya) are not, so distances near its edge are unknown."""
        west, south, east, north = (float(x) for x in self.countries.total_bounds)
        return west, south, east, north

    @property
    def tripoint_lonlat(self) -> tuple[float, float]:
        pt = self.tripoint.geometry.iloc[0]
        return pt.x, pt.y


def _label(gdf: gpd.GeoDataFrame, i: int) -> str:
    name = gdf["name"].iloc[i] if "name" in gdf.columns else None
    return f"feature {i + 1}" + (f" ({name!r})" if isinstance(name, str) and name else "")


def _checked_geometry(geom, types) -> tuple[object | None, str | None]:
    """``(repaired geometry or None if it needs no repair, None)``, or ``(None, what is wrong)``."""
    if geom is None or geom.is_empty:
        return None, "no geometry"
    if geom.geom_type not in types:
        return None, f"a {geom.geom_type}, expected {' or '.join(types)}"
    xy = shapely.get_coordinates(geom)
    if not np.isfinite(xy).all():
        return None, "non-finite coordinate (NaN or infinity)"
    if (np.abs(xy[:, 0]) > 180).any() or (np.abs(xy[:, 1]) > 90).any():
        return None, "coordinates outside -180..180, -90..90 degrees; is the layer in degrees?"
    if geom.is_valid:
        return None, None
    repaired = shapely.make_valid(geom)
    if repaired.geom_type == "GeometryCollection":
        repaired = (
            shapely.union_all([g for g in repaired.geoms if g.geom_type in types])
            if any(g.geom_type in types for g in repaired.geoms)
            else repaired
        )
    if repaired.geom_type not in types or repaired.is_empty:
        return None, f"invalid geometry ({shapely.is_valid_reason(geom)}) that cannot be repaired"
    return repaired, None


def check_layer(
    gdf: gpd.GeoDataFrame, layer: str, file: str, *, skip: set[int] | frozenset[int] = frozenset()
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """The layer in EPSG:4326 with repairable geometry repaired, and every problem found.

    ``skip`` are features already reported as unreadable."""
    columns, types = SCHEMA[layer]
    problems: list[Problem] = []

    def bad(msg: str, column: str | None = None, value: object = None) -> None:
        problems.append(Problem(file, None, column, value, msg))

    for col in columns:
        if col not in gdf.columns:
            bad(f"missing column; the layer needs {', '.join(columns)} ({REBUILD})", col, col)
    if len(gdf) == 0:
        bad(f"the layer has no features ({REBUILD})")
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")  # GeoJSON without a CRS is WGS84 degrees (RFC 7946)
    elif not gdf.crs.equals("EPSG:4326"):
        try:
            gdf = gdf.to_crs("EPSG:4326")
        except Exception as exc:  # pyproj raises several types; all mean the same here
            bad(f"cannot reproject from {gdf.crs.to_string()} to EPSG:4326 ({exc.__class__.__name__})")
            return gdf, problems
    geoms = gdf.geometry.array
    fixed = list(geoms)
    for i, geom in enumerate(geoms):
        if i in skip:
            continue
        repaired, problem = _checked_geometry(geom, types)
        if problem:
            bad(f"{_label(gdf, i)}: {problem} ({REBUILD})")
        elif repaired is not None:
            fixed[i] = repaired
    if layer == "tripoint" and len(gdf) != 1:
        bad(f"expected exactly one point, found {len(gdf)} ({REBUILD})")
    gdf = gdf.set_geometry(gpd.GeoSeries(fixed, index=gdf.index, crs="EPSG:4326"))
    return gdf, problems


def read_geojson(path: Path) -> tuple[gpd.GeoDataFrame | None, set[int], list[Problem]]:
    """A GeoJSON FeatureCollection as a GeoDataFrame, feature by feature: a feature whose geometry
    cannot be read is a problem naming it (and is kept as a missing geometry, its index returned in the
    set of unreadable features), never an exception."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return (
            None,
            set(),
            [Problem(file, None, None, None, f"cannot read boundary layer ({exc.strerror or exc}); {REBUILD}")],
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))  # Python's parser accepts NaN: the checks below catch it
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return None, set(), [Problem(file, None, None, None, f"not GeoJSON ({exc.__class__.__name__}); {REBUILD}")]
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        return None, set(), [Problem(file, None, None, None, f"not a GeoJSON FeatureCollection; {REBUILD}")]
    problems: list[Problem] = []
    rows, geoms, unreadable = [], [], set()
    for i, f in enumerate(data["features"]):
        props = f.get("properties") if isinstance(f, dict) else None
        props = props if isinstance(props, dict) else {}
        rows.append(props)
        g = f.get("geometry") if isinstance(f, dict) else None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # NaN coordinates: check_layer reports them
                geoms.append(shapely.geometry.shape(g) if g else None)
        except Exception as exc:  # shapely raises many types for malformed coordinates
            name = props.get("name")
            label = f"feature {i + 1}" + (f" ({name!r})" if isinstance(name, str) and name else "")
            problems.append(
                Problem(file, None, None, None, f"{label}: unreadable geometry ({exc.__class__.__name__}); {REBUILD}")
            )
            geoms.append(None)
            unreadable.add(i)
    crs = "EPSG:4326"
    named = data.get("crs")
    if isinstance(named, dict) and isinstance(named.get("properties"), dict) and named["properties"].get("name"):
        crs = str(named["properties"]["name"])  # a legacy GeoJSON "crs" member: reprojected by check_layer
    try:
        gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs=crs) if rows else gpd.GeoDataFrame(geometry=[], crs=crs)
    except Exception as exc:  # an unknown CRS name
        return (
            None,
            set(),
            problems + [Problem(file, None, None, crs, f"unknown CRS ({exc.__class__.__name__}); {REBUILD}")],
        )
    return gdf, unreadable, problems


def load_boundaries(folder: Path) -> Boundaries:
    """Read and check every boundary layer; raise :class:`DataError` naming each file and feature at fault."""
    problems: list[Problem] = []
    frames: dict[str, gpd.GeoDataFrame] = {}
    for name in LAYERS + OPTIONAL_LAYERS:
        path = Path(folder) / f"{name}.geojson"
        if name in OPTIONAL_LAYERS and not path.exists():
            continue
        gdf, unreadable, p = read_geojson(path)
        problems += p
        if gdf is None:
            continue
        gdf, p = check_layer(gdf, name, str(path), skip=unreadable)
        problems += p
        frames[name] = gdf
    if problems:
        raise DataError(problems)
    return Boundaries(**frames)
