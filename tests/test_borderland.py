"""Borderland columns (issue 12): distances to the nearest border and to the tri-point, by hand.

Expected values are computed here with ``pyproj.Geod`` from a segment's endpoints, independently
of geo.analysis (which finds the nearest point in a projection and then measures on the ellipsoid).
"""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString

from geo.analysis import borderland, brute_force_border_km
from geo.events import analyse, conform

G = Geod(ellps="WGS84")
TRIPOINT = (0.21847, 14.91098)


def one_border(a, b):
    return gpd.GeoDataFrame(
        {"name": ["Aland–Bland"], "pair": ["AAA-BBB"]}, geometry=[LineString([a, b])], crs="EPSG:4326"
    )


def off_segment(a, b, km):
    """The point ``km`` from the middle of the geodesic a-b, at right angles to it."""
    az, _, dist = G.inv(*a, *b)
    mlon, mlat, back = G.fwd(*a, az, dist / 2)  # back: the forward azimuth at the middle, plus 180
    lon, lat, _ = G.fwd(mlon, mlat, back - 90, km * 1000)
    return lon, lat


@pytest.mark.parametrize("a, b", [((1.0, 14.0), (1.0, 16.0)), ((2.0, 14.5), (3.0, 15.3))])
@pytest.mark.parametrize("km", [0.0, 10.0, 60.0])
def test_distance_from_a_known_segment(a, b, km):
    lon, lat = off_segment(a, b, km)
    cols = borderland(np.array([lon]), np.array([lat]), one_border(a, b), TRIPOINT)
    assert cols["border_km"][0] == pytest.approx(km, abs=0.05)
    assert cols["border_pair"][0] == "AAA-BBB" and cols["nearest_border"][0] == "Aland–Bland"
    assert cols["tri_border_km"][0] == pytest.approx(G.inv(lon, lat, *TRIPOINT)[2] / 1000, abs=1e-6)


def test_the_nearer_of_two_borders_is_named():
    borders = gpd.GeoDataFrame(
        {"name": ["west", "east"], "pair": ["AAA-BBB", "BBB-CCC"]},
        geometry=[LineString([(1, 14), (1, 16)]), LineString([(2, 14), (2, 16)])],
        crs="EPSG:4326",
    )
    lon, lat = off_segment((2, 14), (2, 16), 20)  # 20 km east of "east"... or west: check which is nearer
    cols = borderland(np.array([lon, 1.3]), np.array([lat, 15.0]), borders, TRIPOINT)
    d_east = G.inv(lon, lat, 2.0, lat)[2] / 1000
    d_west = G.inv(lon, lat, 1.0, lat)[2] / 1000
    assert list(cols["border_pair"]) == ["BBB-CCC" if d_east < d_west else "AAA-BBB", "AAA-BBB"]
    assert cols["border_km"][0] == pytest.approx(min(d_east, d_west), abs=0.05)


def test_repeated_points_are_measured_once_and_aligned():
    lon = np.array([1.5, 1.2, 1.5, 1.2])
    lat = np.array([15.0, 15.0, 15.0, 15.0])
    cols = borderland(lon, lat, one_border((1, 14), (1, 16)), TRIPOINT)
    assert cols["border_km"][0] == cols["border_km"][2] != cols["border_km"][1] == cols["border_km"][3]
    assert cols["border_km"][1] == pytest.approx(G.inv(1.2, 15.0, 1.0, 15.0)[2] / 1000, abs=0.05)


def test_no_points():
    cols = borderland(np.array([]), np.array([]), one_border((1, 14), (1, 16)), TRIPOINT)
    assert all(len(v) == 0 for v in cols.values())


# -- the real boundaries -------------------------------------------------------------------------------


def analysed(dataset, points):
    """An event table of (lon, lat, radius_km) rows, analysed on the project's boundaries."""
    df = pd.DataFrame(
        {
            "lon": [p[0] for p in points],
            "lat": [p[1] for p in points],
            "radius_km": [p[2] if len(p) > 2 else 0.0 for p in points],
            "source_id": [f"e{i}" for i in range(len(points))],
            "row": range(2, len(points) + 2),
            "source_format": "test",
            "kind": "attack",
            "start": pd.Timestamp("2022-03-01"),
            "end": pd.Timestamp("2022-03-01"),
        }
    )
    return analyse(conform(df), dataset.boundaries)


def test_the_tripoint_itself(dataset):
    lon, lat = dataset.boundaries.tripoint_lonlat
    row = analysed(dataset, [(lon, lat)]).iloc[0]
    assert row["tri_border_km"] == pytest.approx(0, abs=0.01)
    assert row["border_km"] == pytest.approx(0, abs=0.01)
    assert row["border_pair"] in {"MLI-NER", "BFA-MLI", "BFA-NER"}


def test_the_tripoint_is_where_the_three_borders_meet(dataset):
    b = dataset.boundaries
    pt = shapely.Point(b.tripoint_lonlat)
    for pair in ("MLI-NER", "BFA-MLI", "BFA-NER"):
        line = b.borders.set_index("pair").loc[pair, "geometry"]
        assert line.distance(pt) < 1e-4, pair


def test_a_point_nearer_the_algeria_border_than_any_other(dataset):
    # Tessalit, northern Mali: the Algeria–Mali border is about 100 km north and east of it.
    row = analysed(dataset, [(1.0114, 20.1986)]).iloc[0]
    assert row["border_pair"] == "DZA-MLI" and row["nearest_border"] == "Algeria–Mali"
    assert row["country"] == "MLI"
    line = dataset.boundaries.borders.set_index("pair").loc["DZA-MLI", "geometry"]
    assert row["border_km"] == pytest.approx(brute_force_border_km(1.0114, 20.1986, [line]), abs=0.5)


def test_a_point_outside_every_country(dataset):
    row = analysed(dataset, [(-20.0, 12.0)]).iloc[0]  # the Atlantic, west of Guinea-Bissau
    assert row["country"] == "" and row["admin1"] == ""
    assert np.isnan(row["border_km"]) and row["border_pair"] == ""  # beyond the data: unknown, not a guess
    assert row["tri_border_km"] == pytest.approx(G.inv(-20, 12, *TRIPOINT)[2] / 1000, abs=0.01)


def test_border_distances_agree_with_a_brute_force_geodesic_search(dataset):
    rng = np.random.default_rng(12)
    lon = rng.uniform(-2.0, 4.5, 25)
    lat = rng.uniform(13.0, 17.0, 25)
    borders = dataset.boundaries.borders
    near = borders[borders["pair"].isin(["MLI-NER", "BFA-MLI", "BFA-NER", "BEN-NER", "BEN-BFA", "NER-NGA"])]
    cols = borderland(lon, lat, borders, dataset.boundaries.tripoint_lonlat)
    for i in range(len(lon)):
        assert cols["border_km"][i] == pytest.approx(brute_force_border_km(lon[i], lat[i], near.geometry), abs=0.5), i


def test_beyond_the_edge_of_the_boundary_data_the_distance_is_unknown(dataset):
    # The boundaries hold every border inside 8 W-11 E, 8-22 N, and none beyond (Senegal, Chad, Libya).
    assert dataset.boundaries.coverage == (-8.0, 8.0, 11.0, 22.0)
    kayes, diffa, gao = (-11.43, 14.45), (12.61, 13.31), (-0.04, 16.27)
    t = analysed(dataset, [kayes, diffa, gao])
    assert t["border_km"].isna().tolist() == [True, True, False]
    assert t["border_pair"].tolist()[:2] == ["", ""] and t["border_pair"].iloc[2] == "BFA-MLI"
    assert t["tri_border_km"].notna().all()
    from geo.stats import OUTSIDE, borderland_stats

    bands = {r["key"]: r["events"] for r in borderland_stats(t)["by"]["band"]}
    assert bands[OUTSIDE] == 2 and sum(bands.values()) == 3


def test_a_point_just_inside_the_edge_is_unknown_unless_a_border_is_nearer(dataset):
    # 21 km inside the west edge, 56 km from the Mali–Mauritania border: Senegal might be nearer,
    # so unknown. 55 km inside it and 5 km from the Ivory Coast–Mali border: known.
    t = analysed(dataset, [(-7.8, 16.0), (-7.5, 10.5)])
    assert np.isnan(t["border_km"].iloc[0])
    assert t["border_km"].iloc[1] == pytest.approx(4.58, abs=0.05) and t["border_pair"].iloc[1] == "CIV-MLI"
