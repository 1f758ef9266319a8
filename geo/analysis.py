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
    to_m = Transformer.from_crs("EPSG:4326", _aeqd(*centre), always_xy=True)
    to_deg = Transformer.from_crs(_aeqd(*centre), "EPSG:4326", always_xy=True)
    lines = shapely.transform(borders.geometry.values, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))
    x, y = to_m.transform(lon, lat)
    pts = shapely.points(x, y)
    tree = shapely.STRtree(lines)
    idx = tree.nearest(pts)  # index of the nearest line for each point
    nearest = shapely.shortest_line(pts, lines[idx])
    ends = shapely.get_coordinates(shapely.get_point(nearest, 1))
    elon, elat = to_deg.transform(ends[:, 0], ends[:, 1])
    _, _, metres = GEOD.inv(lon, lat, elon, elat)
    return np.asarray(metres) / 1000.0, borders["name"].to_numpy()[idx]
