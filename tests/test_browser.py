"""The produced map in real headless Chromium (Debian's /usr/bin/chromium via playwright).

The network is blocked: every request that is not the map file itself fails and is counted.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

import geo
from conftest import edit_csv

CHROMIUM = os.environ.get("LIPTAKO_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
LAYERS = ["Countries and borders", "Regions (admin-1)", "Niger River", "Tri-border point, 50/100/150 km",
          "Towns and villages", "Attacks", "Airstrikes and helicopter strikes", "Military deployments", "Bases",
          "Deteriorating security (UN)"]


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: install it with  apt-get install chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_map(browser, path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    seen = {"requests": [], "errors": [], "dialogs": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))

    def guard(route):
        if route.request.url == path.as_uri():
            route.continue_()
        else:
            seen["requests"].append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-control-layers")
    return page, seen


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
    for part in ["Niger is building a base for military and surveillance drones at Tahoua", "When", "Placement",
                 "exact location", "to the Niger–Nigeria border", "Marsad Libya"]:
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
