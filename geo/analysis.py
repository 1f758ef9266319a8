"""Borderland analysis: which country and region a point lies in, and how far the nearest
international border is.

Distances are geodesic (WGS84 ellipsoid, ``pyproj.Geod``). The region straddles the UTM
30N/31N boundary at 0 degrees, so no single UTM zone is right for all of it; instead the
nearest border point is found in an azimuthal equidistant projection centred on the
tri-point (scale error under 0.1 % within 500 km of it), and the distance to that point is
then measured on the ellipsoid.
"""

from __future__ import annotations

import functools
import itertools
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import mapping

GEOD = Geod(ellps="WGS84")


def _aeqd(lon0: float, lat0: float) -> CRS:
    return CRS.from_proj4(f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs")


def locate(points: gpd.GeoSeries, polygons: gpd.GeoDataFrame, column: str) -> pd.Series:
    """Value of ``polygons[column]`` for the polygon containing each point ("" when none does)."""
    joined = gpd.sjoin(
        gpd.GeoDataFrame(geometry=points.values, index=points.index, crs=points.crs),
        polygons[[column, "geometry"]],
        how="left",
        predicate="within",
    )
    # A point on a shared edge falls in two polygons; keep the first so the result stays aligned.
    joined = joined[~joined.index.duplicated(keep="first")]
    return joined[column].fillna("").astype(str)


# How far (degrees, about 22 km) a point may lie from its country's units in a region layer and still take the
# nearest one: the layers' international borders and Natural Earth's differ by a few km in places.
REGION_SNAP_DEG = 0.2


def locate_in_country(points: gpd.GeoSeries, polygons: gpd.GeoDataFrame, country: np.ndarray) -> np.ndarray:
    """``polygons["name"]`` of the unit of each point's own ``country`` (ISO3, by Natural Earth) that holds it.

    The region layers draw international borders a few km off Natural Earth's, which decides ``country`` and
    the border distances: a point Natural Earth puts in Niger may fall in a Burkina Faso province of the layer,
    or in none. Such a point takes the nearest unit of its own country (within ``REGION_SNAP_DEG``), so an
    event's region always belongs to its country; a point of a country the layer does not hold gets "", and a
    point with no country (beyond Natural Earth's window) keeps the unit that holds it."""
    frame = gpd.GeoDataFrame(geometry=points.values, index=points.index, crs=points.crs)
    joined = gpd.sjoin(frame, polygons[["name", "iso3", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    name = joined["name"].fillna("").astype(str).to_numpy(dtype=object)
    iso3 = joined["iso3"].fillna("").astype(str).to_numpy(dtype=object)
    country = np.asarray(country, dtype=object)
    covered = np.isin(country, polygons["iso3"].unique())
    # Another country's point in a unit of the layer has none; a point beyond Natural Earth's window (no
    # country: north of 22 N, west of 8 W, east of 11 E) keeps the layer's unit.
    name = np.where(covered | (iso3 == "") | (country == ""), name, "")
    wrong = covered & (iso3 != country)
    for iso in np.unique(country[wrong]):
        rows = np.flatnonzero(wrong & (country == iso))
        own = polygons[polygons["iso3"] == iso]
        with warnings.catch_warnings():  # nearest in degrees: enough to pick a unit a few km away
            warnings.simplefilter("ignore", UserWarning)
            near = gpd.sjoin_nearest(
                frame.iloc[rows], own[["name", "geometry"]], how="left", max_distance=REGION_SNAP_DEG
            )
        near = near[~near.index.duplicated(keep="first")]
        name[rows] = near["name"].fillna("").astype(str).to_numpy(dtype=object)
    return name


def edge_km(lon: np.ndarray, lat: np.ndarray, window: tuple[float, float, float, float]) -> np.ndarray:
    """Geodesic distance in km from each point to the edge of ``window`` (0 outside it).

    To the north and south edges the distance is along the meridian (exact); to the west and east
    edges it is to the point of the same latitude, which is within a fraction of a per cent of the
    shortest distance at these latitudes."""
    w, s, e, n = window
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    k = len(lon)

    def dist(lon2, lat2):
        return np.asarray(GEOD.inv(lon, lat, np.broadcast_to(lon2, k), np.broadcast_to(lat2, k))[2]) / 1000.0

    d = np.minimum.reduce([dist(w, lat), dist(e, lat), dist(lon, s), dist(lon, n)]) if k else np.zeros(0)
    inside = (lon > w) & (lon < e) & (lat > s) & (lat < n)
    return np.where(inside, d, 0.0)


def _unique_points(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (lon, lat) pairs and, for each point, the index of its pair: events repeat
    coordinates (a village, a district capital), so each distinct point is measured once."""
    pairs, inverse = np.unique(np.column_stack([lon, lat]), axis=0, return_inverse=True)
    return pairs, inverse.reshape(-1)


def points(lon: np.ndarray, lat: np.ndarray) -> gpd.array.GeometryArray:
    """The points (x=lon, y=lat) as :func:`geopandas.points_from_xy` makes them, one geometry per distinct
    pair of coordinates (equal to the bit) shared by every row at it: events repeat places, and a point
    costs some 200 bytes, its reference 8 (geometries are immutable, so sharing one changes nothing)."""
    lon = np.ascontiguousarray(lon, dtype=float)
    lat = np.ascontiguousarray(lat, dtype=float)
    key = np.zeros(len(lon), dtype=np.int64)
    for bits in (lon.view(np.int64), lat.view(np.int64)):
        codes, uniques = pd.factorize(bits)
        key, _ = pd.factorize(key * max(len(uniques), 1) + codes)
    first = np.unique(key, return_index=True)[1]
    return gpd.points_from_xy(lon[first], lat[first]).take(key)


def _empty_columns(*names: str) -> dict[str, np.ndarray]:
    text = {"country", "admin1", "admin2", "nearest_border", "border_pair"}
    return {n: np.array([], dtype=object) if n in text else np.zeros(0) for n in names}


BORDERLAND = ("border_km", "nearest_border", "border_pair", "tri_border_km")


def borderland(
    lon: np.ndarray,
    lat: np.ndarray,
    borders: gpd.GeoDataFrame,
    tripoint: tuple[float, float],
    coverage: tuple[float, float, float, float] | None = None,
) -> dict[str, np.ndarray]:
    """The borderland columns of each point (issue 12), geodesic, in km.

    ``border_km``: to the nearest international border line; ``nearest_border``: that border's
    name (``Mali–Niger``); ``border_pair``: its two countries, ISO3 sorted and joined by a hyphen
    (``MLI-NER``); ``tri_border_km``: to the Mali–Niger–Burkina Faso tri-point ``(lon, lat)``.
    ``borders`` has ``name`` and ``pair`` columns (``data/boundaries/borders.geojson``).

    ``coverage`` is the window outside which borders are missing (:attr:`Boundaries.coverage`): a
    point nearer the window's edge (with 2% and 1 km to spare) than to any border it holds may lie
    nearer a border beyond it, so its border columns are unknown (NaN and ""), never a wrong answer.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    if len(lon) == 0:
        return _empty_columns(*BORDERLAND)
    pairs, inverse = _unique_points(lon, lat)
    cols = _borderland_of_distinct(pairs[:, 0], pairs[:, 1], borders, tripoint, coverage)
    return {k: v[inverse] for k, v in cols.items()}


def point_columns(lon: np.ndarray, lat: np.ndarray, boundaries) -> dict[str, np.ndarray]:
    """``country`` (ISO3), ``admin1`` and ``admin2`` by point-in-polygon, and the :func:`borderland` columns,
    of each point on :class:`~geo.boundaries.Boundaries`; each distinct point is located once.

    ``admin1`` is the region of the whole-country ``regions`` layer (Ménaka included; Natural Earth's
    ``admin1`` without it), ``admin2`` the unit of ``districts`` ("" without that layer), each of the point's
    own country (:func:`locate_in_country`)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    if len(lon) == 0:
        return _empty_columns("country", "admin1", "admin2", *BORDERLAND)
    pairs, inverse = _unique_points(lon, lat)
    # Columns are lat/lon; points are built x=lon, y=lat here and only here.
    points = gpd.GeoSeries(gpd.points_from_xy(pairs[:, 0], pairs[:, 1]), crs="EPSG:4326")
    country = locate(points, boundaries.countries, "iso3").to_numpy(dtype=object)
    cols = {
        "country": country,
        "admin1": (
            locate_in_country(points, boundaries.regions, country)
            if boundaries.regions is not None
            else locate(points, boundaries.admin1, "name").to_numpy(dtype=object)
        ),
        "admin2": (
            locate_in_country(points, boundaries.districts, country)
            if boundaries.districts is not None
            else np.full(len(pairs), "", dtype=object)
        ),
        **_borderland_of_distinct(
            pairs[:, 0], pairs[:, 1], boundaries.borders, boundaries.tripoint_lonlat, boundaries.coverage
        ),
    }
    return {k: v[inverse] for k, v in cols.items()}


def _borderland_of_distinct(
    lon: np.ndarray, lat: np.ndarray, borders: gpd.GeoDataFrame, tripoint: tuple[float, float], coverage
) -> dict[str, np.ndarray]:
    km, idx = _nearest_border(lon, lat, borders, tripoint)
    n = len(lon)
    _, _, tri_m = GEOD.inv(lon, lat, np.full(n, tripoint[0]), np.full(n, tripoint[1]))
    names = borders["name"].to_numpy(dtype=object)[idx]
    pairs_iso = borders["pair"].to_numpy(dtype=object)[idx]
    if coverage is not None:
        unknown = km > edge_km(lon, lat, coverage) * 0.98 - 1.0
        km = np.where(unknown, np.nan, km)
        names = np.where(unknown, "", names)
        pairs_iso = np.where(unknown, "", pairs_iso)
    return {
        "border_km": km,
        "nearest_border": names,
        "border_pair": pairs_iso,
        "tri_border_km": np.asarray(tri_m) / 1000.0,
    }


def _segments(lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every line cut into its two-point segments, with the index of the line each came from.

    A tree of short segments answers "nearest" fast; a tree of a few long borders does not (each
    query would measure the whole border)."""
    segs, owner = [], []
    for i, line in enumerate(lines):
        for part in shapely.get_parts(line):
            xy = shapely.get_coordinates(part)
            if len(xy) < 2:
                continue
            segs.append(shapely.linestrings(np.stack([xy[:-1], xy[1:]], axis=1)))
            owner.append(np.full(len(xy) - 1, i))
    return np.concatenate(segs), np.concatenate(owner)


def _nearest_border(
    lon: np.ndarray, lat: np.ndarray, borders: gpd.GeoDataFrame, centre: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    to_m = Transformer.from_crs("EPSG:4326", _aeqd(*centre), always_xy=True)
    to_deg = Transformer.from_crs(_aeqd(*centre), "EPSG:4326", always_xy=True)
    lines = shapely.transform(borders.geometry.values, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))
    segments, owner = _segments(np.asarray(lines))
    x, y = to_m.transform(lon, lat)
    pts = shapely.points(x, y)
    tree = shapely.STRtree(segments)
    nearest_seg = tree.nearest(pts)  # index of the nearest segment for each point
    nearest = shapely.shortest_line(pts, segments[nearest_seg])
    ends = shapely.get_coordinates(shapely.get_point(nearest, 1))
    elon, elat = to_deg.transform(ends[:, 0], ends[:, 1])
    _, _, metres = GEOD.inv(lon, lat, elon, elat)
    return np.asarray(metres) / 1000.0, owner[nearest_seg]


def brute_force_border_km(lon: float, lat: float, lines, step_km: float = 0.25) -> float:
    """Distance in km from one point to the nearest of ``lines``, the slow way: every segment is cut
    along its geodesic every ``step_km`` and each cut is measured with ``pyproj.Geod``.

    A reference for the tests and ``scripts/benchmark_borderland.py``, independent of the
    projection :func:`borderland` searches in. With 250 m steps a cut lies within 125 m of any
    border point, and the error in the distance is far smaller (a few metres at 1 km and more)."""
    best = np.inf
    for line in lines:
        for part in shapely.get_parts(line):
            xy = shapely.get_coordinates(part)
            for (x0, y0), (x1, y1) in itertools.pairwise(xy):
                n = int(GEOD.inv(x0, y0, x1, y1)[2] / 1000 / step_km)
                pts = np.array([(x0, y0), *GEOD.npts(x0, y0, x1, y1, n), (x1, y1)])
                d = GEOD.inv(np.full(len(pts), lon), np.full(len(pts), lat), pts[:, 0], pts[:, 1])[2]
                best = min(best, float(np.min(d)) / 1000)
    return best


@functools.lru_cache(maxsize=4)
def _band_shapes_cached(
    borders_wkb: tuple[bytes, ...], window: tuple[float, ...], tripoint: tuple[float, float], bands: tuple[float, ...]
) -> tuple[dict, ...]:
    """Buffers along every border (0-10, 10-50, 50-100 km, ...) in lon/lat, clipped to ``window``.

    Buffered in metres in the tri-point's azimuthal equidistant projection (as the distances are
    measured), then simplified to 0.005 degrees (about 500 m) and rounded for the page."""
    crs = f"+proj=aeqd +lat_0={tripoint[1]} +lon_0={tripoint[0]} +datum=WGS84 +units=m +no_defs"
    to_m = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    to_deg = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    clip = shapely.box(*window)
    # Borders farther than the widest band from the window cannot reach it.
    lines = shapely.intersection(shapely.from_wkb(list(borders_wkb)), clip.buffer(bands[-1] / 100.0 + 0.5))
    lines = shapely.union_all(shapely.transform(lines, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1]))))
    out, inner = [], None
    for km in bands:
        outer = shapely.buffer(lines, km * 1000.0, quad_segs=8)
        ring = outer if inner is None else shapely.difference(outer, inner)
        inner = outer
        ring = shapely.transform(ring, lambda xy: np.column_stack(to_deg.transform(xy[:, 0], xy[:, 1])))
        ring = shapely.set_precision(shapely.simplify(shapely.intersection(ring, clip), 0.005), 10.0**-4)
        out.append(mapping(ring))
    return tuple(out)


def band_shapes(boundaries, bands) -> tuple[dict, ...]:
    """GeoJSON geometries of the distance bands along every border of ``boundaries`` (0-10, 10-50, 50-100 km
    for ``bands`` (10, 50, 100)), clipped to the admin-1 layer's extent; cached per boundary set."""
    return _band_shapes_cached(
        tuple(shapely.to_wkb(boundaries.borders.geometry.values)),
        tuple(boundaries.admin1.total_bounds),
        boundaries.tripoint_lonlat,
        tuple(bands),
    )
