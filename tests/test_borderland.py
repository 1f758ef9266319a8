"""Borderland columns (issue 12): distances to the nearest border and to the tri-point, by hand.

Expected values are computed here with ``pyproj.Geod`` from a segment's endpoints, independently
of geo.analysis (which finds the nearest point in a projection and then measures on the ellipsoid).
"""

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString

from conftest import ROOT
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


# --- the fast paths of issue 25 against the plain searches they replace ---------------------------------------


def _dense_points(dataset, seed):
    """Points that try the fast paths: random ones in and around the border zone, many to a grid cell, plus
    vertices of the borders and of every polygon layer (on edges), points on the lines of the grids, and far
    points (Atlantic, Sahara)."""
    rng = np.random.default_rng(seed)
    lon, lat = [rng.uniform(-9.0, 12.0, 4000)], [rng.uniform(7.0, 23.0, 4000)]
    b = dataset.boundaries
    for layer in (b.borders, b.countries, b.regions, b.districts):
        xy = shapely.get_coordinates(layer.geometry.values)
        pick = xy[rng.integers(0, len(xy), 600)]
        lon.append(pick[:, 0])
        lat.append(pick[:, 1])
    lon.append(np.round(rng.uniform(-2.0, 4.5, 600) / 0.1) * 0.1)
    lat.append(np.round(rng.uniform(13.0, 17.0, 600) / 0.1) * 0.1)
    lon.append(np.array([-20.0, 5.0, 30.0]))
    lat.append(np.array([12.0, 30.0, 10.0]))
    return np.concatenate(lon), np.concatenate(lat)


def test_the_nearest_segment_search_matches_the_tree_search_of_every_point(dataset, monkeypatch):
    from geo import analysis

    lon, lat = _dense_points(dataset, 31)
    b = dataset.boundaries
    to_m = analysis.Transformer.from_crs("EPSG:4326", analysis._aeqd(*b.tripoint_lonlat), always_xy=True)
    lines = shapely.transform(b.borders.geometry.values, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))
    segments, _ = analysis._segments(np.asarray(lines))
    x, y = (np.asarray(v) for v in to_m.transform(lon, lat))
    pts = shapely.points(x, y)
    want = shapely.distance(pts, segments[shapely.STRtree(segments).nearest(pts)])
    # In one step and in steps of a few pairs (a point's pairs never straddle two steps)
    for step in (analysis.PAIRS_PER_STEP, 50):
        monkeypatch.setattr(analysis, "PAIRS_PER_STEP", step)
        got, qx, qy = analysis._segment_search(x, y, segments)
        # The nearest point it gives lies on that segment, at that distance
        assert np.allclose(shapely.distance(shapely.points(qx, qy), segments[got]), 0, atol=1e-6)
        assert np.allclose(np.hypot(x - qx, y - qy), want, rtol=0, atol=1e-6)
        assert np.allclose(shapely.distance(pts, segments[got]), want, rtol=0, atol=1e-6)
        # Among equals, the lowest index: no other segment is strictly nearer, none lower is as near.
        nearer = shapely.distance(pts, segments[got]) - 1e-9
        for i in np.random.default_rng(1).integers(0, len(x), 40):
            d = shapely.distance(pts[i], segments)
            assert d.min() >= nearer[i] and got[i] == int(np.flatnonzero(d <= d.min() + 1e-9)[0])


def test_the_chord_bound_never_exceeds_the_edge_distance_and_stays_close(dataset):
    from geo.analysis import _edge_chord_km, edge_km

    lon, lat = _dense_points(dataset, 32)
    window = dataset.boundaries.coverage
    exact, chord = edge_km(lon, lat, window), _edge_chord_km(lon, lat, window)
    assert np.all(chord <= exact + 1e-9)
    assert np.all(exact - chord <= np.maximum(exact * 1e-3, 1e-9))
    assert np.any(exact > 100) and np.any(exact == 0)  # both ends of the range were tried


@pytest.mark.parametrize("layer", ["countries", "regions", "districts"])
def test_the_grid_shortcut_holds_each_point_as_the_spatial_join_does(dataset, monkeypatch, layer):
    from geo import analysis

    lon, lat = _dense_points(dataset, 33)
    # Each point four times over: the grid is used when the points crowd its cells
    lon, lat = np.tile(lon, 4), np.tile(lat, 4)
    pts = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    polygons = getattr(dataset.boundaries, layer)
    monkeypatch.setattr(analysis, "GRID_MIN_POINTS_PER_CELL", 2)
    got = analysis._holders(pts, polygons)
    monkeypatch.setattr(analysis, "GRID_MIN_POINTS_PER_CELL", 10**9)
    plain = analysis._holders(pts, polygons)
    joined = gpd.sjoin(gpd.GeoDataFrame(geometry=pts.values), polygons, how="left", predicate="within")
    first = joined[~joined.index.duplicated(keep="first")]
    want = first["index_right"].map(lambda v: -1 if pd.isna(v) else polygons.index.get_loc(v)).to_numpy()
    assert (got == want).all() and (plain == want).all()
    assert (got >= 0).sum() > len(got) // 5 and (got == -1).any()  # held and unheld points were both tried


def test_the_shipped_bands_file_is_the_one_the_shipped_boundaries_give():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_bands", Path(ROOT) / "scripts" / "build_bands.py")
    build_bands = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_bands)
    assert build_bands.problems() == []


def test_a_build_reads_the_bands_file_instead_of_buffering(dataset, monkeypatch):
    from geo import analysis, vocab

    def refuse(*a):
        raise AssertionError("the bands were computed although the shipped file holds them")

    monkeypatch.setattr(analysis, "_band_shapes_cached", refuse)
    shapes = analysis.band_shapes(dataset.boundaries, vocab.BAND_KM)
    assert [s["type"] for s in shapes] and len(shapes) == len(vocab.BAND_KM)


@pytest.mark.parametrize(
    "content",
    [
        None,  # missing
        b"not json",
        b'{"key": "0000", "bands": []}',  # another key
        "KEY_LIST_OF_TWO",  # the right key, too few bands
        "KEY_A_POINT",  # the right key, not polygons
        "KEY_SELF_CROSSING",  # the right key, an invalid polygon
        b"[" * 100_000,  # too deep
    ],
)
def test_a_bands_file_that_is_not_ours_is_ignored_and_the_bands_are_computed(dataset, tmp_path, monkeypatch, content):
    import json as js

    from geo import analysis, vocab

    inputs = analysis.band_inputs(dataset.boundaries, vocab.BAND_KM)
    key = analysis.bands_key(*inputs)
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    bands = {
        "KEY_LIST_OF_TWO": [square, square],
        "KEY_A_POINT": [square, {"type": "Point", "coordinates": [0, 0]}, square],
        "KEY_SELF_CROSSING": [square, bowtie, square],
    }
    path = tmp_path / "bands.json"
    if content is not None:
        path.write_bytes(js.dumps({"key": key, "bands": bands[content]}).encode() if content in bands else content)
    assert analysis.read_bands_file(path, key, len(vocab.BAND_KM)) is None
    monkeypatch.setattr(analysis, "BANDS_FILE", path)
    assert analysis.band_shapes(dataset.boundaries, vocab.BAND_KM) == analysis._band_shapes_cached(*inputs)


def test_a_bands_file_too_big_is_not_read(dataset, tmp_path, monkeypatch):
    from geo import analysis, vocab

    path = tmp_path / "bands.json"
    path.write_bytes(b" " * 2000)
    monkeypatch.setattr(analysis, "BANDS_MAX_BYTES", 1000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("a file over the limit was read"))
    assert analysis.read_bands_file(path, "k", len(vocab.BAND_KM)) is None


def test_a_point_on_the_edge_of_two_units_of_its_country_takes_the_first_of_them(dataset):
    from geo.analysis import locate, locate_in_country

    regions = dataset.boundaries.regions
    bfa = regions[regions["iso3"] == "BFA"]
    # A vertex that two Burkina Faso regions share: in neither ("within" leaves out the edge), at 0 from both.
    a, b = bfa.geometry.values[0], np.asarray(bfa.geometry.values[1:])
    shared = next(
        (x, y) for x, y in shapely.get_coordinates(a.boundary) if (shapely.distance(b, shapely.Point(x, y)) == 0).any()
    )
    pts = gpd.GeoSeries(gpd.points_from_xy([shared[0]], [shared[1]]), crs="EPSG:4326")
    country = locate(pts, dataset.boundaries.countries, "iso3").to_numpy(dtype=object)
    assert country[0] == "BFA"
    at_zero = [n for n, g in zip(regions["name"], regions.geometry, strict=True) if g.distance(pts.iloc[0]) == 0]
    assert len(at_zero) >= 2
    got = locate_in_country(pts, regions, country)
    assert got[0] == at_zero[0]  # of equally near units, the first in the layer: the same answer every time
