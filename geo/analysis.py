"""Borderland analysis: which country and region a point lies in, and how far the nearest
international border is.

Distances are geodesic (WGS84 ellipsoid, ``pyproj.Geod``). The region straddles the UTM
30N/31N boundary at 0 degrees, so no single UTM zone is right for all of it; instead the
nearest border point is found in an azimuthal equidistant projection centred on the
tri-point (scale error under 0.1 % within 500 km of it), and the distance to that point is
then measured on the ellipsoid.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod, Transformer

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


def border_distance(
    lon: np.ndarray, lat: np.ndarray, borders: gpd.GeoDataFrame, *, centre: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Geodesic distance in km from each point to the nearest border line, and that border's name.

    Parameters
    ----------
    lon, lat
        Point coordinates in degrees (arrays of equal length).
    borders
        Lines with a ``name`` column (``data/boundaries/borders.geojson``).
    centre
        ``(lon, lat)`` of the projection centre used to find the nearest border point.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    if len(lon) == 0:
        return np.zeros(0), np.array([], dtype=object)
    # Events repeat coordinates (a village, a district capital): measure each point once.
    pairs, inverse = np.unique(np.column_stack([lon, lat]), axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    km, idx = _nearest_border(pairs[:, 0], pairs[:, 1], borders, centre)
    return km[inverse], borders["name"].to_numpy()[idx][inverse]


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


def _nearest_border(lon: np.ndarray, lat: np.ndarray, borders: gpd.GeoDataFrame, centre: tuple[float, float]
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
