import geopandas as gpd
import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import LineString, box

from geo.analysis import borderland, locate


def test_distance_to_a_north_south_border_is_hand_computed():
    # A border along 0 deg E; a point at 0.1 deg E, 15 deg N is 0.1 deg of longitude away:
    # 111.32 km * cos(15 deg) * 0.1 = 10.75 km (10.755 km on the WGS84 ellipsoid).
    borders = gpd.GeoDataFrame(
        {"name": ["A–B"], "pair": ["AAA-BBB"]}, geometry=[LineString([(0, 14), (0, 16)])], crs="EPSG:4326"
    )
    cols = borderland(np.array([0.1]), np.array([15.0]), borders, (0.2, 14.9))
    km, name = cols["border_km"], cols["nearest_border"]
    assert km[0] == pytest.approx(10.755, abs=0.01)
    assert name[0] == "A–B"


def test_nearest_of_two_borders_wins_far_from_projection_centre():
    borders = gpd.GeoDataFrame(
        {"name": ["west", "east"], "pair": ["AAA-BBB", "BBB-CCC"]},
        geometry=[LineString([(3, 15), (3, 17)]), LineString([(4, 15), (4, 17)])],
        crs="EPSG:4326",
    )
    cols = borderland(np.array([3.8]), np.array([16.0]), borders, (0.2, 14.9))
    km, name = cols["border_km"], cols["nearest_border"]
    expected = Geod(ellps="WGS84").inv(3.8, 16.0, 4.0, 16.0)[2] / 1000
    assert name[0] == "east"
    assert km[0] == pytest.approx(expected, rel=2e-3)


def test_real_data_andéramboukane_is_on_the_mali_niger_border(dataset):
    p = dataset.places.set_index("id").loc["anderamboukane"]
    assert p["nearest_border"] == "Mali–Niger" and p["border_km"] < 5


def test_real_data_tin_akoff_is_near_the_mali_border(dataset):
    p = dataset.places.set_index("id").loc["tin-akoff"]
    assert p["nearest_border"] == "Burkina Faso–Mali" and 3 < p["border_km"] < 15


def test_locate_point_in_polygon_and_outside():
    polys = gpd.GeoDataFrame({"iso3": ["AAA"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:4326")
    pts = gpd.GeoSeries.from_xy([0.5, 2.0], [0.5, 2.0], crs="EPSG:4326")
    assert locate(pts, polys, "iso3").tolist() == ["AAA", ""]


def test_menaka_lies_in_menaka_by_the_whole_country_regions(dataset):
    # Natural Earth draws Ménaka inside Gao; the computed region comes from data/boundaries/regions.geojson.
    p = dataset.places.set_index("id").loc["menaka"]
    assert (p["admin1"], p["ne_admin1"], p["ne_admin2"]) == ("Ménaka", "Ménaka", "Ménaka")
