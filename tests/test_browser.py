"""The produced map in real headless Chromium (Debian's /usr/bin/chromium via playwright).

The network is blocked: every request that is not the map file itself fails and is counted.
"""

import shutil
from pathlib import Path

import pytest

import geo
from conftest import ROOT, edit_csv, open_map, page_data
from geo.embed import SANDBOX, embed_snippet
from geo.spec import load_spec

LAYERS = [
    "Countries and borders",
    "Regions (admin-1)",
    "Niger River",
    "Tri-border point, 50/100/150 km",
    "Towns and villages",
    "Attacks",
    "Airstrikes and helicopter strikes",
    "Military deployments",
    "Bases",
    "Deteriorating security (UN)",
    "Distance to the nearest border",
    "Events per admin-1 region",
]
KEY_OF = dict(
    zip(
        LAYERS,
        [
            "countries",
            "regions",
            "river",
            "tripoint",
            "towns",
            "attack",
            "airstrike",
            "deployment",
            "base",
            "security",
            "bands",
            "choropleth",
        ],
        strict=True,
    )
)


@pytest.fixture(scope="module")
def built_map(tmp_path_factory, dataset, html):
    path = tmp_path_factory.mktemp("map") / "liptako-gourma.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_map_opens_offline_with_every_layer_and_symbol(browser, built_map, dataset):
    page, seen = open_map(browser, built_map)
    labels = [t.strip() for t in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
    assert labels == LAYERS
    assert page.locator("path.lg-record").count() == len(dataset.placements)
    assert page.locator("path.lg-attack").count() == 5
    towns = dataset.places[dataset.places["kind"] != "area"]
    # Places where nothing on the map happened (no capital or city) join from the zoom where they do not crowd.
    quiet = sum(t["quiet"] for t in page_data(built_map.read_text(encoding="utf-8"))["towns"])
    assert quiet > 0 and page.locator("path.lg-place").count() == towns.groupby(["lat", "lon"]).ngroups - quiet
    page.evaluate("void LG.map.setZoom(LG.d.vocab.quiet_town_zoom, {animate: false})")
    assert page.locator("path.lg-place").count() == towns.groupby(["lat", "lon"]).ngroups
    assert page.locator(".lg-legend").is_visible() and page.locator(".lg-title").is_visible()
    assert seen["requests"] == [] and seen["errors"] == []


def test_layer_toggle_hides_symbols(browser, built_map):
    page, seen = open_map(browser, built_map)
    page.get_by_label("Attacks").uncheck()
    assert page.locator("path.lg-attack").count() == 0
    page.get_by_label("Attacks").check()
    assert page.locator("path.lg-attack").count() == 5
    assert seen["errors"] == []


def test_popup_shows_what_when_where_and_source(browser, built_map):
    page, _ = open_map(browser, built_map)
    page.locator("path.lg-base").first.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    for part in [
        "Niger is building a base for military and surveillance drones at Tahoua",
        "When",
        "Placement",
        "exact location",
        "to the Niger–Nigeria border",
        "Marsad Libya",
    ]:
        assert part in text, part


def test_hostile_note_shows_as_text(browser, data_copy, tmp_path):
    evil = '<script>alert(1)</script><img src=x onerror="window.__pwned=1"> ${window.__pwned=2}'
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", note=evil)
    path = tmp_path / "evil.html"
    path.write_text(geo.render_html(geo.load(data_copy)), encoding="utf-8")
    page, seen = open_map(browser, path)
    page.locator("path.lg-base").first.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert evil in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    assert page.evaluate("window.__pwned === undefined")
    assert seen["dialogs"] == [] and seen["requests"] == []


SHIPPED = sorted((ROOT / "maps").glob("*.html"))


@pytest.mark.parametrize("html_path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_map_opens_offline_with_its_layers(browser, html_path, tmp_path):
    path = tmp_path / html_path.name
    shutil.copy(html_path, path)
    page, seen = open_map(browser, path)
    labels = [t.strip() for t in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
    assert labels[:5] == LAYERS[:5] and set(labels) <= set(LAYERS)
    spec = load_spec(html_path.with_suffix(".toml"))
    checked = page.locator(".leaflet-control-layers-overlays input:checked").count()
    present = [label for label in labels if KEY_OF[label] in spec.layers]
    assert checked == len(present)
    assert page.locator("path.lg-record").count() > 0
    assert seen["requests"] == [] and seen["errors"] == []


def test_print_mode_hides_controls_and_shows_caption(browser, built_map):
    page, _ = open_map(browser, built_map)
    page.evaluate("LG.print()")
    assert not page.locator(".leaflet-control-layers").is_visible()
    assert not page.locator(".leaflet-control-zoom").is_visible()
    assert page.locator(".leaflet-control-scale").is_visible()
    caption = page.locator(".lg-caption")
    assert caption.is_visible() and "Records dated 21 Mar 2021 – 24 May 2022" in caption.inner_text()
    assert "Africa Defense Forum" in caption.inner_text() and "GeoNames (CC BY 4.0)" in caption.inner_text()


def frame_page(tmp_path, body: str) -> Path:
    page = tmp_path / "briefing.html"
    page.write_text(f"<!DOCTYPE html><html><body><h1>Briefing</h1>{body}</body></html>", encoding="utf-8")
    return page


@pytest.mark.parametrize("inline", [False, True], ids=["iframe", "srcdoc"])
def test_embed_snippet_works_in_a_small_frame(browser, built_map, tmp_path, inline):
    shutil.copy(built_map, tmp_path / "liptako-gourma.html")
    snippet = embed_snippet(tmp_path / "liptako-gourma.html", inline=inline)
    page_path = frame_page(tmp_path, f"<div style='width:420px'>{snippet}</div>")
    page, seen = open_map(browser, page_path, wait=False)
    frame = page.frame_locator("iframe")
    frame.locator("body[data-lg-ready]").wait_for(state="attached")
    assert frame.locator("path.lg-record").count() > 0
    # Sandboxed: the map runs, in an opaque origin of its own that cannot reach the host page.
    assert page.locator("iframe").get_attribute("sandbox") == SANDBOX
    inner = [f for f in page.frames if f != page.main_frame][0]
    assert inner.evaluate("""() => {
        let host; try { host = window.parent.document.title; } catch (e) { host = e.name; }
        let cookie; try { cookie = document.cookie; } catch (e) { cookie = e.name; }
        return [host, window.origin, cookie];
    }""") == ["SecurityError", "null", "SecurityError"]
    # 3:2 at the column's width.
    box = page.locator("iframe").bounding_box()
    assert box["width"] == pytest.approx(420, abs=1) and box["height"] == pytest.approx(280, abs=1)
    # Small frame: legend folded, layer list collapsed to its button.
    assert frame.locator("#lg-legend").evaluate("d => d.open") is False
    assert frame.locator(".leaflet-control-layers-expanded").count() == 0
    assert seen["requests"] == [] and seen["errors"] == []


def test_tile_base_layer_can_be_chosen_and_the_vector_map_stays(browser, dataset, tmp_path):
    path = tmp_path / "tiles.html"
    path.write_text(geo.render_html(dataset, tiles=("osm",)), encoding="utf-8")
    page, seen = open_map(browser, path)
    assert page.get_by_label("Vector basemap (offline)").is_checked()
    assert seen["requests"] == []  # no tile is fetched until tiles are chosen
    page.get_by_label("OpenStreetMap").check()
    page.wait_for_timeout(300)
    assert any("tile.openstreetmap.org" in u for u in seen["requests"])  # tried, and blocked here
    assert page.locator("path.lg-record").count() == len(dataset.placements)
    opacity = page.evaluate("LG.basemaps[0].getLayers()[0].options.fillOpacity")
    assert opacity == pytest.approx(0.15)


def test_hover_tooltip_is_one_line(browser, built_map):
    # A tooltip sits in a pane of no width: with wrapping allowed it shrank to one letter per line.
    page, _ = open_map(browser, built_map)
    page.evaluate("void LG.symbols.filter(s => s.id === 'base-tahoua-drones-2022-05')[0].marker.openTooltip()")
    box = page.locator(".leaflet-tooltip:not(.lg-label)").bounding_box()
    assert box["height"] < 40 and box["width"] > 4 * box["height"]
