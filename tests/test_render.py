"""The page as built: its one data block, its markup, its policy. What a person sees is in test_browser*.py."""

import json
import re

import pytest

import geo
from conftest import csv_rows, edit_csv, page_data, record_rows
from geo.render.page import DATA_ID
from geo.render.payload import script_json
from geo.vocab import KIND_LABELS, fatality_radius

EVIL = '<script>alert(1)</script> <img src=x onerror="window.__pwned=1"> ${window.__pwned=2} </script>'


@pytest.fixture(scope="module")
def data(html):
    return page_data(html)


def test_every_layer_is_in_the_data(data):
    assert [layer["label"] for layer in data["layers"]] == [
        "Countries and borders",
        "Regions (admin-1)",
        "Niger River",
        "Tri-border point, 50/100/150 km",
        "Towns and villages",
        *(KIND_LABELS[k] for k in ("attack", "airstrike", "deployment", "base", "security")),
        "Distance to the nearest border",
        "Events per admin-1 region",
    ]
    assert [layer["key"] for layer in data["layers"] if not layer["show"]] == ["bands", "choropleth"]


def test_page_loads_nothing_from_the_network(html):
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?https?:", html)
    assert "cdn." not in html and "sourceMappingURL" not in html
    assert 't.version="1.9.4"' in html or 'version = "1.9.4"' in html


def test_content_security_policy_allows_no_network_and_only_the_pages_scripts(html):
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "data:"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "connect-src" not in directives
    # Every inline script is allowed by its hash, and no other.
    assert len(directives["script-src"].split()) == len(set(re.findall(r"<script>(.*?)</script>", html, re.S)))
    # The policy comes before any script in the page.
    assert html.index("Content-Security-Policy") < html.index("<script")


def test_tiles_widen_the_policy_to_their_hosts_only(dataset):
    page = geo.render_html(dataset, tiles=("osm", "satellite"))
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    img = [d for d in policy.split("; ") if d.startswith("img-src")][0]
    assert img == "img-src data: https://server.arcgisonline.com https://tile.openstreetmap.org"


def test_one_symbol_per_placement_and_one_toll_per_record(data, dataset):
    rows = record_rows(data)
    assert len(rows) == len(dataset.placements)
    tillia = [r for r in rows if r["id"] == "attack-tillia-2021-03-21"]
    assert len(tillia) == 3
    tillia = tillia[0]
    assert tillia["fatalities"] == 137 and tillia["n_places"] == 3
    assert tillia["fatalities_text"] == "at least 137 (government toll of 22 March 2021; later revised to 141)"


def test_placements_are_where_the_gazetteer_puts_them(data):
    # Independent of the renderer: read places.csv directly.
    places = {p["id"]: p for p in csv_rows("places.csv")}
    by_name = {p["name"]: p for p in places.values()}
    for pl in record_rows(data):
        row = by_name[pl["name"]]
        assert (pl["lat"], pl["lon"]) == pytest.approx((float(row["lat"]), float(row["lon"])), abs=1e-5), pl["name"]
        if pl["precision"] != "point" and not pl["around"]:
            assert pl["radius_km"] == float(row["radius_km"])


def test_near_records_are_approximate_with_their_radius(data):
    menaka = [p for p in record_rows(data) if p["id"] == "airstrike-menaka-2022-03-13"]
    # The communiqué names three targets with published points: one record, drawn at each, none exact.
    assert len(menaka) == 3 and all(p["around"] and p["precision"] == "near" for p in menaka)
    assert [p["radius_km"] for p in menaka] == [50, 50, 50]


def test_symbol_area_grows_in_proportion_to_fatalities():
    assert fatality_radius(None) == fatality_radius(0) < fatality_radius(10) < fatality_radius(137)
    # Area, not radius, is proportional above the smallest symbol: 4x the deaths is 4x the added area.
    base = fatality_radius(0) ** 2
    assert fatality_radius(400) ** 2 - base == pytest.approx(4 * (fatality_radius(100) ** 2 - base))


def test_legend_data_caveats_and_credits(data):
    meta = data["meta"]
    assert "with Ménaka" in meta["caveats"]
    assert "redrew that sector in 2013" in meta["caveats"]
    assert "GeoNames (CC BY 4.0)" in meta["credits"]
    context = [r["summary"] for r in data["context"]]
    assert any("G5 Sahel" in s for s in context)


def test_build_is_byte_identical(dataset, html):
    assert geo.render_html(dataset) == html


@pytest.mark.parametrize("column", ["note", "summary", "actors", "place_text", "date_text", "fatalities_text"])
def test_data_text_is_data(data_copy, column):
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", **{column: EVIL})
    page = geo.render_html(geo.load(data_copy))
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    rec = [r for r in record_rows(page_data(page)) if r["id"] == "base-tahoua-drones-2022-05"][0]
    assert rec[column] == EVIL  # verbatim in the data; the browser tests show it as text


def test_data_block_cannot_close_its_script_element():
    text = script_json({"a": "</script><script>alert(1)</script><!-- \u2028\u2029 &amp;"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script><!-- \u2028\u2029 &amp;"}


def test_javascript_url_in_source_is_not_a_link(data_copy):
    edit_csv(data_copy / "sources.csv", "marsad-2022-05-24", url="javascript:alert(1)")
    data = page_data(geo.render_html(geo.load(data_copy)))
    assert [s["url"] for s in data["sources"] if s["id"] == "marsad-2022-05-24"] == [""]


def test_no_data_text_outside_the_data_block(data_copy):
    marker = "Zq9Marker"
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", note=marker, summary=marker)
    page = geo.render_html(geo.load(data_copy))
    block = re.search(rf'<script type="application/json" id="{DATA_ID}">.*?</script>', page, re.S).group(0)
    assert marker in block and marker not in page.replace(block, "")
