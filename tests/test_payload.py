"""The page's data block, field by field, against values computed without the renderer."""

import math

import pytest
from pyproj import Geod

import geo
from conftest import DATA, page_data, record_rows
from geo.render.payload import geodesic_ring, safe_url, script_json
from geo.spec import MapSpec, load_spec
from geo.vocab import KIND_COLOURS, KIND_LABELS

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def data(html):
    return page_data(html)


def test_basemap_has_every_boundary_feature_with_its_style(data, dataset):
    b = data["basemap"]
    countries = dataset.boundaries.countries
    assert len(b["countries"]["features"]) == len(countries)
    fills = {f["properties"]["tip"]: f["properties"]["fill"] for f in b["countries"]["features"]}
    assert fills["Mali"] == "#f6efe0" and fills["Niger"] == "#eef3e6" and fills["Burkina Faso"] == "#f3e9ee"
    assert fills["Algeria"] == "#f4f4f4"
    assert [f["geometry"]["type"] for f in b["countries"]["features"]] == [g.geom_type for g in countries.geometry]
    tips = {f["properties"]["tip"] for f in b["borders"]["features"]}
    assert "Mali–Niger border" in tips and len(tips) == len(dataset.boundaries.borders)
    assert len(b["regions"]["features"]) == len(dataset.boundaries.map_regions)  # Ménaka included
    assert "Tillabéri region (NER)" in {f["properties"]["tip"] for f in b["regions"]["features"]}
    rivers = b["rivers"]["features"]
    assert {f["properties"]["tip"] for f in rivers if f["properties"]["main"]} == {"Niger River"}
    assert b["colours"] == {"border": "#2c2c2c", "region": "#8a8a8a", "river": "#4a90c2", "ring": "#444444"}


def test_region_outlines_leave_out_the_clip_window(data, dataset):
    west, south, east, north = dataset.boundaries.admin1.total_bounds
    for f in data["basemap"]["regions"]["features"]:
        coords = f["geometry"]["coordinates"]
        flat = [pt for line in (coords if f["geometry"]["type"] == "MultiLineString" else [coords]) for pt in line]
        # No outline runs along the window's edge.
        along = [
            p
            for p in flat
            if abs(p[0] - west) < 1e-5
            or abs(p[0] - east) < 1e-5
            or abs(p[1] - south) < 1e-5
            or abs(p[1] - north) < 1e-5
        ]
        assert len(along) <= 2, f["properties"]["tip"]


def test_tripoint_rings_are_geodesic_circles(data, dataset):
    lon, lat = dataset.boundaries.tripoint_lonlat
    tri = data["basemap"]["tripoint"]
    assert (tri["lat"], tri["lon"]) == (round(lat, 5), round(lon, 5))
    rings = data["basemap"]["rings"]["features"]
    assert [f["properties"]["tip"] for f in rings] == [
        f"{km} km from the Mali–Niger–Burkina Faso tri-point" for km in (50, 100, 150)
    ]
    for f, km in zip(rings, (50, 100, 150), strict=True):
        pts = f["geometry"]["coordinates"]
        assert pts[0] == pts[-1] and len(pts) == 181
        for x, y in pts[::15]:
            assert GEOD.inv(lon, lat, x, y)[2] == pytest.approx(km * 1000, abs=2)
    for label, km in zip(data["basemap"]["ring_labels"], (50, 100, 150), strict=True):
        assert label["text"] == f"{km} km" and len(label["anchors"]) == 12
        # Anchors on the ring (to the 4 decimals they are stored with), the first to the west-north-west.
        for (a_lat, a_lon), want in zip(
            label["anchors"], (300, 330, 270, 0, 240, 30, 210, 60, 180, 90, 150, 120), strict=True
        ):
            az, _, dist = GEOD.inv(lon, lat, a_lon, a_lat)
            assert dist == pytest.approx(km * 1000, abs=20) and (az - want + 180) % 360 - 180 == pytest.approx(
                0, abs=0.05
            )


def test_geodesic_ring():
    ring = geodesic_ring(2.0, 15.0, 10, n=8)
    assert len(ring) == 9 and ring[0] == ring[-1]
    assert ring[0][0] == 2.0 and ring[0][1] > 15.0  # azimuth 0 is due north
    assert all(GEOD.inv(2.0, 15.0, x, y)[2] == pytest.approx(10_000, abs=1) for x, y in ring)


def test_vocab_reaches_the_page(data):
    kinds = {k["key"]: k for k in data["vocab"]["kinds"]}
    assert kinds["attack"] == {"key": "attack", "label": KIND_LABELS["attack"], "colour": KIND_COLOURS["attack"]}
    assert data["vocab"]["precision"]["admin2"] == "approximate: placed in its commune/department"
    assert data["vocab"]["symbol"] == {"min_px": 4.5, "px_per_sqrt": 1.6} and data["vocab"]["quiet_town_zoom"] == 9
    # Each town says whether it is quiet (nothing on the map there, no capital or city): Ménaka has records.
    quiet = {data["places"][t["places"][0]]["name"]: t["quiet"] for t in data["towns"]}
    assert quiet["Ménaka"] is False and quiet["Niamey"] is False and quiet["Filingué"] is True


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour written #rrggbb."""
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb]
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = [v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in xyz]
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def test_every_two_kinds_on_a_map_can_be_told_apart():
    import itertools
    import math

    drawn = [k for k in KIND_COLOURS if k != "political"]  # political decisions are listed, never drawn
    assert _lab("#ffffff") == pytest.approx((100, 0, 0), abs=0.1) and _lab("#000000") == pytest.approx((0, 0, 0))
    for a, b in itertools.combinations(drawn, 2):
        assert math.dist(_lab(KIND_COLOURS[a]), _lab(KIND_COLOURS[b])) >= 25, (a, b)
    # and each from the grey of the town dots
    assert all(math.dist(_lab(KIND_COLOURS[k]), _lab("#555555")) >= 25 for k in drawn)


def test_meta_and_view(data):
    meta = data["meta"]
    assert meta["title"] == "Liptako-Gourma: the Mali–Niger–Burkina Faso border zone"
    assert meta["span"] == "Records dated 21 Mar 2021 – 24 May 2022"
    assert meta["mapped"] == 7 and meta["citations"] == [] and meta["filters"] == "" and meta["notes_left_out"] is False
    # The view cannot leave the boundary data's extent, unless a spec's bounds say otherwise.
    assert data["view"] == {"bbox": [-1.9, 13.3, 5.5, 16.4], "bounds": [-8.0, 8.0, 11.0, 22.0]}
    assert data["zoom"] == {"min": 5, "max": 11}
    # The ADF article is dated only "2022" (published after 24 May 2022, the newest dated source): said as given.
    assert meta["data_date"] == "Data: newest source dated 2022."


def test_span_says_when_a_map_is_limited(dataset):
    tillia = page_data(geo.render_html(dataset, load_spec(DATA.parent / "maps" / "tillia.toml")))
    assert tillia["meta"]["span"] == "Records dated 21 Mar 2021 – 21 Mar 2021 (map limited to 2021-01-01 – 2021-12-31)"
    centred = page_data(geo.render_html(dataset, MapSpec(bbox=None, centre=(15.0, 1.0), zoom=8)))
    assert centred["view"] == {"centre": [15.0, 1.0], "zoom": 8, "bounds": [-8.0, 8.0, 11.0, 22.0]}
    tight = page_data(geo.render_html(dataset, MapSpec(min_zoom=7, max_zoom=9, bounds=(-3, 12, 6, 18))))
    assert tight["zoom"] == {"min": 7, "max": 9} and tight["view"]["bounds"] == [-3, 12, 6, 18]


def test_places_and_towns(data, dataset):
    towns = [p for p in dataset.places.to_dict("records") if p["kind"] != "area"]
    assert len(data["places"]) == len(towns)
    assert sum(len(t["places"]) for t in data["towns"]) == len(towns)
    tillia = [t for t in data["towns"] if any(data["places"][i]["name"] == "Tillia" for i in t["places"])][0]
    names = [data["places"][i]["name"] for i in tillia["places"]]
    assert names[0] == "Tillia" and set(names) == {"Tillia", "Intazayene", "Bakoarate", "Wistane"}
    assert [data["places"][i]["precision"] for i in tillia["places"]] == ["point", "admin2", "admin2", "admin2"]
    menaka = [p for p in data["places"] if p["name"] == "Ménaka"][0]
    assert (menaka["admin1"], menaka["ne_admin1"], menaka["country"]) == ("Ménaka", "Ménaka", "MLI")
    assert menaka["nearest_border"] == "Mali–Niger" and menaka["border_km"] == pytest.approx(
        dataset.places.set_index("id").loc["menaka", "border_km"], abs=0.05
    )


def test_record_sources_are_indexes_into_the_page_sources(data, dataset):
    rows = record_rows(data)
    assert {r["id"] for r in rows} == {r.id for r in dataset.records if r.id in set(dataset.placements["record_id"])}
    for rec in rows:
        original = [r for r in dataset.records if r.id == rec["id"]][0]
        assert [data["sources"][i]["id"] for i in rec["sources"]] == list(original.sources)
    assert all(s["url"].startswith(("https://", "http://")) for s in data["sources"])


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("https://", False),
        ("//example.org", False),
        ("ftp://example.org", False),
        ("http://[::1", False),
        ("", False),
    ],
)
def test_safe_url(url, safe):
    assert safe_url(url) == (url if safe else "")


def test_no_nan_ever_reaches_the_page():
    with pytest.raises(geo.LiptakoError, match="non-finite number"):
        script_json({"x": math.nan})
    assert script_json({"b": 1, "a": [1.5, None]}) == '{"a":[1.5,null],"b":1}'
