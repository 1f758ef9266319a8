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
import hashlib
import itertools
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import mapping, shape

from .codes import first_rows, joint_codes
from .paths import DEFAULT_DATA

GEOD = Geod(ellps="WGS84")


def _aeqd(lon0: float, lat0: float) -> CRS:
    return CRS.from_proj4(f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs")


# The grid of :func:`_holders`' shortcut: a point of a cell that lies inside one polygon and meets no other is
# that polygon's without a point-in-polygon test. Used when the points fill few cells (many points to a cell).
GRID_DEG = 0.1
GRID_MIN_POINTS_PER_CELL = 8


def _holders(points: gpd.GeoSeries, polygons: gpd.GeoDataFrame) -> np.ndarray:
    """The position in ``polygons`` of the polygon each point lies within, -1 where none does; a point within two
    (overlapping polygons) takes the first, as :func:`geopandas.sjoin` does. A point on an edge lies within
    neither of the polygons the edge parts."""
    geoms = np.asarray(points.values)
    out = np.full(len(geoms), -1, dtype=np.int64)
    todo = np.arange(len(geoms))
    tree = shapely.STRtree(np.asarray(polygons.geometry.values))
    if len(geoms):
        x, y = shapely.get_x(geoms), shapely.get_y(geoms)
        ok = np.isfinite(x) & np.isfinite(y)
        cx = np.floor(np.where(ok, x, 0.0) / GRID_DEG).astype(np.int64)
        cy = np.floor(np.where(ok, y, 0.0) / GRID_DEG).astype(np.int64)
        codes = joint_codes((cx, cy), len(geoms))
        first = first_rows(codes)
        n_cells = len(first)
        if n_cells * GRID_MIN_POINTS_PER_CELL <= len(geoms):
            # A hair wider than the cell, so that "within" leaves out a polygon whose edge runs along the cell's.
            eps = GRID_DEG * 1e-6
            x0, y0 = cx[first] * GRID_DEG, cy[first] * GRID_DEG
            boxes = shapely.box(x0 - eps, y0 - eps, x0 + GRID_DEG + eps, y0 + GRID_DEG + eps)
            met = np.bincount(tree.query(boxes, predicate="intersects")[0], minlength=n_cells)
            inside_cell, inside_poly = tree.query(boxes, predicate="within")
            holder = np.full(n_cells, -1, dtype=np.int64)
            alone = met[inside_cell] == 1
            holder[inside_cell[alone]] = inside_poly[alone]
            direct = ok & (holder[codes] >= 0)
            out[direct] = holder[codes[direct]]
            todo = np.flatnonzero(~direct)
    if len(todo):
        # Each point's polygons by the tree; the lowest position among several, which is the spatial join's first
        # (it sorts its pairs by point, then polygon).
        out[todo] = _lowest(len(todo), *tree.query(geoms[todo], predicate="within"))
    return out


def _lowest(n: int, which: np.ndarray, position: np.ndarray) -> np.ndarray:
    """For each of ``n`` inputs, the lowest ``position`` paired with it in ``which``; -1 for an input without."""
    none = np.iinfo(np.int64).max
    best = np.full(n, none, dtype=np.int64)
    np.minimum.at(best, which, position)
    return np.where(best == none, -1, best)


def _pick(values: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """``values[pos]`` as text, "" where ``pos`` is -1."""
    values = np.asarray([("" if v is None or v != v else str(v)) for v in values] + [""], dtype=object)
    return values[pos]


def locate(points: gpd.GeoSeries, polygons: gpd.GeoDataFrame, column: str) -> pd.Series:
    """Value of ``polygons[column]`` for the polygon containing each point ("" when none does)."""
    return pd.Series(_pick(polygons[column].to_numpy(dtype=object), _holders(points, polygons)), index=points.index)


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
    geoms = np.asarray(points.values)
    held = _holders(points, polygons)
    name = _pick(polygons["name"].to_numpy(dtype=object), held)
    iso3 = _pick(polygons["iso3"].to_numpy(dtype=object), held)
    country = np.asarray(country, dtype=object)
    covered = np.isin(country, polygons["iso3"].unique())
    # Another country's point in a unit of the layer has none; a point beyond Natural Earth's window (no
    # country: north of 22 N, west of 8 W, east of 11 E) keeps the layer's unit.
    name = np.where(covered | (iso3 == "") | (country == ""), name, "")
    wrong = covered & (iso3 != country)
    for iso in np.unique(country[wrong]):
        rows = np.flatnonzero(wrong & (country == iso))
        own = np.flatnonzero(polygons["iso3"].to_numpy(dtype=object) == iso)
        # Nearest in degrees, enough to pick a unit a few km away; of equally near units, the lowest position.
        tree = shapely.STRtree(np.asarray(polygons.geometry.values)[own])
        which, unit = tree.query_nearest(geoms[rows], max_distance=REGION_SNAP_DEG, all_matches=True)
        near = _lowest(len(rows), which, unit)
        name[rows] = _pick(polygons["name"].to_numpy(dtype=object)[own], near)
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


def _ecef_km(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Earth-centred coordinates (km) of points on the WGS84 ellipsoid (height 0)."""
    a, f = 6378.137, 1 / 298.257223563
    e2 = f * (2 - f)
    phi, lam = np.radians(lat), np.radians(lon)
    n = a / np.sqrt(1 - e2 * np.sin(phi) ** 2)
    return n * np.cos(phi) * np.cos(lam), n * np.cos(phi) * np.sin(lam), n * (1 - e2) * np.sin(phi)


def _edge_chord_km(lon: np.ndarray, lat: np.ndarray, window: tuple[float, float, float, float]) -> np.ndarray:
    """A lower bound of :func:`edge_km`: the straight-line (chord) distance to the same four edge points, which
    no geodesic between them can undercut; within 0.01 % of it at 500 km. 0 outside ``window``."""
    w, s, e, n = window
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    here = _ecef_km(lon, lat)
    d = np.full(len(lon), np.inf)
    for to in (
        (np.full_like(lon, w), lat),
        (np.full_like(lon, e), lat),
        (lon, np.full_like(lat, s)),
        (lon, np.full_like(lat, n)),
    ):
        there = _ecef_km(*to)
        d = np.minimum(d, np.sqrt(sum((p - q) ** 2 for p, q in zip(here, there, strict=True))))
    inside = (lon > w) & (lon < e) & (lat > s) & (lat < n)
    return np.where(inside, d, 0.0)


def _unique_points(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (lon, lat) pairs and, for each point, the index of its pair: events repeat
    coordinates (a village, a district capital), so each distinct point is measured once. Pairs are equal to
    the bit and numbered in the order they first appear (hashing, not sorting: 0.05 s for a million points)."""
    lon = np.ascontiguousarray(lon, dtype=float)
    lat = np.ascontiguousarray(lat, dtype=float)
    key = joint_codes((lon.view(np.int64), lat.view(np.int64)), len(lon))
    first = first_rows(key)
    return np.column_stack([lon[first], lat[first]]), key


def points(lon: np.ndarray, lat: np.ndarray) -> gpd.array.GeometryArray:
    """The points (x=lon, y=lat) as :func:`geopandas.points_from_xy` makes them, one geometry per distinct
    pair of coordinates (equal to the bit) shared by every row at it: events repeat places, and a point
    costs some 200 bytes, its reference 8 (geometries are immutable, so sharing one changes nothing)."""
    pairs, key = _unique_points(lon, lat)
    return gpd.points_from_xy(pairs[:, 0], pairs[:, 1]).take(key)


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
        # The chord is never longer than the geodesic: only the points that the chord leaves in doubt are
        # measured on the ellipsoid (the few near the window's edge and far from any border).
        unknown = km > _edge_chord_km(lon, lat, coverage) * 0.98 - 1.0
        unknown[unknown] = km[unknown] > edge_km(lon[unknown], lat[unknown], coverage) * 0.98 - 1.0
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


# How the nearest border segment is found: points are grouped in square cells of the projection (CELL_M), and
# each cell gets the short list of segments that can be nearest to some point of it; each point is then measured
# against its cell's list only, in numpy. Exact: the nearest segment of any point of a cell lies within the
# cell centre's nearest distance plus the cell's diagonal of the centre (triangle inequality twice).
CELL_M = 10_000.0
# Point-segment pairs measured at once (bounds the memory of the search: some 100 bytes a pair).
PAIRS_PER_STEP = 2_000_000


def _segment_search(x: np.ndarray, y: np.ndarray, segments: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The index in ``segments`` (two-point lines, projected metres) of the nearest segment to each point
    (``x``, ``y``, same projection), among segments at exactly the same distance the lowest index; and the nearest
    point of that segment (x, y)."""
    ends = shapely.get_coordinates(segments).reshape(-1, 2, 2)
    ax, ay = ends[:, 0, 0], ends[:, 0, 1]
    dx, dy = ends[:, 1, 0] - ax, ends[:, 1, 1] - ay
    length2 = dx * dx + dy * dy
    length2 = np.where(length2 > 0, length2, 1.0)  # a segment of one point: t is 0 whatever the divisor
    cx, cy = np.floor(x / CELL_M).astype(np.int64), np.floor(y / CELL_M).astype(np.int64)
    codes = joint_codes((cx, cy), len(x))
    first = first_rows(codes)
    n_cells = len(first)
    centres = shapely.points((cx[first] + 0.5) * CELL_M, (cy[first] + 0.5) * CELL_M)
    tree = shapely.STRtree(segments)
    _, reach = tree.query_nearest(centres, return_distance=True, all_matches=False)
    # + 1 m: the search must not lose a segment to rounding at the edge of the reach.
    cand_cell, cand_seg = tree.query(centres, predicate="dwithin", distance=reach + CELL_M * np.sqrt(2) + 1.0)
    by_cell = np.lexsort((cand_seg, cand_cell))
    cand_cell, cand_seg = cand_cell[by_cell], cand_seg[by_cell]
    per_cell = np.bincount(cand_cell, minlength=n_cells)
    start_of_cell = np.concatenate([[0], np.cumsum(per_cell)[:-1]])
    order = np.argsort(codes, kind="stable")
    per_point = per_cell[codes[order]]
    nearest = np.empty(len(x), dtype=np.int64)
    i = 0
    while i < len(order):
        j = i + max(1, int(np.searchsorted(np.cumsum(per_point[i : i + PAIRS_PER_STEP]), PAIRS_PER_STEP, "right")))
        pts, count = order[i:j], per_point[i:j]
        offset = np.cumsum(count) - count
        pair_pt = np.repeat(pts, count)
        seg = cand_seg[np.arange(count.sum()) - np.repeat(offset - start_of_cell[codes[pts]], count)]
        px, py = x[pair_pt] - ax[seg], y[pair_pt] - ay[seg]
        t = np.clip((px * dx[seg] + py * dy[seg]) / length2[seg], 0.0, 1.0)
        ex, ey = px - t * dx[seg], py - t * dy[seg]
        d2 = ex * ex + ey * ey
        best = np.minimum.reduceat(d2, offset)
        # The first pair at the minimum of each point: candidates are in segment order, so the lowest index.
        at_min = np.flatnonzero(d2 == np.repeat(best, count))
        owner_of_pair = np.repeat(np.arange(len(pts)), count)[at_min]
        keep = np.concatenate([[True], owner_of_pair[1:] != owner_of_pair[:-1]])
        nearest[pts[owner_of_pair[keep]]] = seg[at_min[keep]]
        i = j
    ax, ay, dx, dy = ax[nearest], ay[nearest], dx[nearest], dy[nearest]
    t = np.clip(((x - ax) * dx + (y - ay) * dy) / length2[nearest], 0.0, 1.0)
    return nearest, ax + t * dx, ay + t * dy


def _nearest_border(
    lon: np.ndarray, lat: np.ndarray, borders: gpd.GeoDataFrame, centre: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    to_m = Transformer.from_crs("EPSG:4326", _aeqd(*centre), always_xy=True)
    to_deg = Transformer.from_crs(_aeqd(*centre), "EPSG:4326", always_xy=True)
    lines = shapely.transform(borders.geometry.values, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))
    segments, owner = _segments(np.asarray(lines))
    x, y = (np.asarray(v, dtype=float) for v in to_m.transform(lon, lat))
    seg, qx, qy = _segment_search(x, y, segments)
    elon, elat = to_deg.transform(qx, qy)
    _, _, metres = GEOD.inv(lon, lat, elon, elat)
    return np.asarray(metres) / 1000.0, owner[seg]


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


# The distance bands of the shipped boundaries, computed once by scripts/build_bands.py: buffering the borders
# costs a fifth of a second, in every build. The file is used only when its key is the key of the borders, window,
# tri-point and bands asked for (and of this version of the computation); any other boundaries are buffered anew.
BANDS_FILE = DEFAULT_DATA / "boundaries" / "bands.json"
BANDS_VERSION = 1
BANDS_MAX_BYTES = 8_000_000
BAND_TYPES = {"Polygon", "MultiPolygon", "GeometryCollection"}


def bands_key(
    borders_wkb: tuple[bytes, ...], window: tuple[float, ...], tripoint: tuple[float, float], bands: tuple[float, ...]
) -> str:
    """The key of one computation of :func:`band_shapes`: a hash of everything it reads."""
    h = hashlib.sha256(f"bands {BANDS_VERSION} {window!r} {tripoint!r} {bands!r}".encode())
    for wkb in borders_wkb:
        h.update(len(wkb).to_bytes(8, "little"))
        h.update(wkb)
    return h.hexdigest()


def read_bands_file(path: Path, key: str, count: int) -> tuple[dict, ...] | None:
    """The ``count`` band geometries of a file scripts/build_bands.py wrote, if its key is ``key``; None when the
    file is missing, too big, not such a file, of another key or holds anything but polygons (then the bands
    are computed, as for any boundaries)."""
    try:
        if path.stat().st_size > BANDS_MAX_BYTES:
            return None
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    shapes = data.get("bands")
    if not isinstance(shapes, list) or len(shapes) != count:
        return None
    for s in shapes:
        try:
            if not isinstance(s, dict) or s.get("type") not in BAND_TYPES or not shape(s).is_valid:
                return None
        except Exception:  # any malformed geometry: not ours
            return None
    return tuple(shapes)


def band_inputs(boundaries, bands) -> tuple:
    """What :func:`band_shapes` computes from, in the order :func:`bands_key` and the computation take it."""
    return (
        tuple(shapely.to_wkb(boundaries.borders.geometry.values)),
        tuple(float(x) for x in boundaries.admin1.total_bounds),
        tuple(float(x) for x in boundaries.tripoint_lonlat),
        tuple(float(b) for b in bands),
    )


def band_shapes(boundaries, bands) -> tuple[dict, ...]:
    """GeoJSON geometries of the distance bands along every border of ``boundaries`` (0-10, 10-50, 50-100 km
    for ``bands`` (10, 50, 100)), clipped to the admin-1 layer's extent: read from :data:`BANDS_FILE` when it
    holds them, else computed (and cached per boundary set)."""
    inputs = band_inputs(boundaries, bands)
    shipped = read_bands_file(BANDS_FILE, bands_key(*inputs), len(inputs[3]))
    return shipped if shipped is not None else _band_shapes_cached(*inputs)
