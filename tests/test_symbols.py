"""Symbols that carry meaning (issue 22), in real headless Chromium: one size scale for records and events (area
grows with the number killed), events at one point drawn as one symbol with a count badge (on screen at the
highest zoom and in print), uncertainty rings only for what the pointer is on or a popup shows, light halos in
print (capped), a legend that describes what is on the map and prints no screen instructions, and places where
nothing happened kept off the map until it is zoomed in.

Expected values are computed here from the page's data block and geo.vocab, not read from the runtime."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from conftest import block_cell, open_map, page_data, row_ids
from geo import vocab

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"


def build(tmp_path: Path, name: str, *args) -> Path:
    out = tmp_path / f"{name}.html"
    done = CliRunner().invoke(main, ["build", "--out", str(out), *map(str, args)])
    assert done.exit_code == 0, done.output
    return out


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("symbols")
    return {
        "events": build(tmp, "events", "--events", FIX / "acled_2024.csv", "--events", FIX / "ucdp_ged.csv"),
        "both": build(tmp, "both", "--events", FIX / "acled_2024.csv", "--with-records"),
        "ucdp": build(tmp, "ucdp", "--events", FIX / "ucdp_ged.csv"),
        "overview": build(tmp, "overview"),
    }


def expected_stacks(data: dict) -> dict[tuple[int, int], tuple[int, float]]:
    """(lat, lon) in 1e-5 degrees -> (imported rows there, the radius their total toll gives), from the block."""
    ev = data["events"]
    kinds = [k["key"] for k in data["vocab"]["kinds"]]
    ids = row_ids(data)
    at: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in range(ev["n"]):
        if not ids[i].startswith("records:"):
            at[(ev["lat"][i], ev["lon"][i])].append(i)
    out = {}
    for key, rows in at.items():
        killed = sum(max(0, ev["fatalities"][i]) for i in rows if kinds[ev["kind"][i]] in vocab.SIZED_KINDS)
        out[key] = (len(rows), vocab.fatality_radius(killed))
    return out


STACKS = """() => LG.eventLayer.drawn.stacks.map(s => ({
    lat: LG.ev.b.lat[s.members[0]], lon: LG.ev.b.lon[s.members[0]], n: s.members.length, r: s.r,
    same: s.members.every(i => LG.ev.b.lat[i] === LG.ev.b.lat[s.members[0]] && LG.ev.b.lon[i] === LG.ev.b.lon[s.members[0]]),
    inside: s.badge ? s.badge.x >= 0 && s.badge.y >= 0 && s.badge.x + s.badge.w <= LG.map.getSize().x
        && s.badge.y + s.badge.h <= LG.map.getSize().y : null,
    badge: s.badge ? (() => { const c = LG.eventLayer._canvas.getContext('2d'), q = window.devicePixelRatio || 1;
        return Array.from(c.getImageData(Math.round((s.badge.x + 2) * q),
            Math.round((s.badge.y + s.badge.h / 2) * q), 1, 1).data); })() : null}))"""


def test_events_at_one_point_are_one_symbol_sized_by_their_toll_with_a_count(browser, maps):
    data = page_data(maps["events"].read_text(encoding="utf-8"))
    expected = expected_stacks(data)
    assert any(n > 1 for n, _ in expected.values()), "the fixtures have events sharing a point"
    assert len({r for _, r in expected.values()}) > 2, "and tolls of several sizes"
    page, seen = open_map(browser, maps["events"])
    page.evaluate("window.liptako.ready")
    (lat, lon), _ = max(expected.items(), key=lambda kv: kv[1][0])  # the largest stack
    page.evaluate("window.liptako.fitAll()")
    views = [f"[[{lat / 1e5}, {lon / 1e5}], LG.map.getMaxZoom()]", "[LG.map.getCenter(), LG.map.getZoom()]"]
    for view in views:  # at the highest zoom on the largest stack, then with every event in view
        # The canvas layer redraws on the next animation frames: wait for two before reading it (a loaded
        # machine ran the read first, and saw the symbols of the view before).
        page.evaluate(
            f"() => new Promise(done => {{ LG.map.setView(...{view}, {{animate: false}}); "
            "requestAnimationFrame(() => requestAnimationFrame(() => done())); })"
        )
        drawn = page.evaluate(STACKS)
        in_view = {(s["lat"], s["lon"]): s for s in drawn}
        assert (lat, lon) in in_view and all(s["same"] for s in drawn)
        for key, s in in_view.items():
            n, r = expected[key]
            assert s["n"] == n and s["r"] == pytest.approx(r, abs=1e-6), key
            if n > 1:  # a white badge with the count is painted at the symbol
                assert s["badge"] is not None and s["badge"][3] == 255 and min(s["badge"][:3]) > 200, s
            else:
                assert s["badge"] is None
    assert len(in_view) == len(expected)  # fitted: every point in view
    # Larger tolls draw larger symbols: the symbol's area grows with the number killed.
    drawn = sorted(page.evaluate(STACKS), key=lambda s: s["r"])
    assert drawn[0]["r"] == pytest.approx(vocab.SYMBOL_MIN_PX) and drawn[-1]["r"] > 3 * vocab.SYMBOL_MIN_PX
    # In print too: the badges are on the printed canvas.
    page.evaluate("LG.print({width: 1100, height: 780})")
    printed = [s for s in page.evaluate(STACKS) if s["n"] > 1]
    assert printed and all(s["badge"] for s in printed)
    # (A badge of a symbol at the map's edge may be cut by it: the ones inside are painted.)
    assert all(s["badge"][3] == 255 for s in printed if s["inside"]) and any(s["inside"] for s in printed), printed
    page.evaluate("LG.unprint()")
    assert seen["errors"] == []
    page.close()


def test_records_and_events_share_one_scale(browser, maps):
    data = page_data(maps["both"].read_text(encoding="utf-8"))
    ev, kinds = data["events"], [k["key"] for k in data["vocab"]["kinds"]]
    page, seen = open_map(browser, maps["both"])
    page.evaluate("window.liptako.ready")
    radii = page.evaluate("LG.symbols.map(s => [s.i, s.marker.getRadius()])")
    assert len(radii) > 5
    for i, r in radii:
        sized = kinds[ev["kind"][i]] in vocab.SIZED_KINDS
        killed = max(0, ev["fatalities"][i]) if sized else 0
        assert r == pytest.approx(vocab.fatality_radius(killed), abs=1e-6), block_cell(ev, "summary", i)
    # The Tillia attack (137 killed, the largest toll) is the largest record symbol.
    assert max(radii, key=lambda x: x[1])[1] == pytest.approx(vocab.fatality_radius(137))
    assert seen["errors"] == []
    page.close()


RINGS = "document.querySelectorAll('path.lg-uncertainty').length"


def test_uncertainty_rings_show_for_the_pointed_or_opened_row_only(browser, maps):
    page, seen = open_map(browser, maps["both"])
    page.evaluate("window.liptako.ready")
    assert page.evaluate(RINGS) == 0  # none at start: they covered the map
    target = page.evaluate("""() => { const s = LG.symbols.filter(s => s.pl.precision !== LG.d.vocab.exact
            && s.pl.radius_km > 0)[0]; LG.map.setView(s.marker.getLatLng(), 9, {animate: false});
        const p = LG.map.latLngToContainerPoint(s.marker.getLatLng()); return {x: p.x, y: p.y, id: s.id, km: s.pl.radius_km}; }""")
    box = page.locator(".folium-map").first.bounding_box()
    page.mouse.move(box["x"] + target["x"], box["y"] + target["y"])
    page.wait_for_function("() => document.querySelectorAll('path.lg-hot-ring').length === 1")
    assert page.evaluate("LG.map.hasLayer(LG.symbols[0].marker)")
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] / 2)
    page.wait_for_function("() => document.querySelectorAll('path.lg-uncertainty').length === 0")
    # A popup keeps its row's ring while it is open; closing it takes the ring away.
    assert page.evaluate(f"LG.openRecord('{target['id']}')")
    assert page.evaluate(RINGS) == 1
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    assert page.evaluate(RINGS) == 1
    page.evaluate("LG.map.closePopup()")
    assert page.evaluate(RINGS) == 0
    assert seen["errors"] == []
    page.close()


def test_print_draws_light_halos_capped_and_no_screen_instructions(browser, maps):
    page, seen = open_map(browser, maps["both"])
    page.evaluate("window.liptako.ready")
    assert page.locator(".lg-legend .lg-screen-only").count() > 0
    assert page.locator(".lg-legend .lg-screen-only").first.is_visible()
    page.evaluate("LG.print({width: 1100, height: 780})")
    halos = page.evaluate("document.querySelectorAll('path.lg-halo').length")
    assert 0 < halos <= page.evaluate("LG.symbology.HALO_MAX")
    assert page.evaluate(RINGS) == 0  # no dashed ring in print
    visible = page.evaluate("""() => Array.from(document.querySelectorAll('.lg-legend *'))
        .filter(e => e.offsetParent !== null && e.children.length === 0).map(e => e.textContent).join(' ')""")
    assert "click" not in visible.lower() and "point at" not in visible.lower()
    assert "light halo" in visible
    page.evaluate("LG.unprint()")
    assert page.evaluate("document.querySelectorAll('path.lg-halo').length") == 0
    assert seen["errors"] == []
    page.close()


def test_the_legend_lists_only_what_is_on_the_map(browser, maps):
    data = page_data(maps["ucdp"].read_text(encoding="utf-8"))
    kinds = [k for k in data["vocab"]["kinds"]]
    present = {kinds[k]["label"] for k in data["events"]["kind"]}
    ev = data["events"]
    most = max(max(0, ev["fatalities"][i]) for i in range(ev["n"]) if kinds[ev["kind"][i]]["key"] in vocab.SIZED_KINDS)
    page, seen = open_map(browser, maps["ucdp"])
    page.evaluate("window.liptako.ready")
    legend = page.locator("#lg-legend")
    shown = {k["label"] for k in kinds if legend.get_by_text(k["label"], exact=False).count()}
    assert shown == present
    # The size key ends at the largest toll on this map (not a fixed 137 that may not be on it).
    sizes = page.evaluate("Array.from(document.querySelectorAll('#lg-legend .lg-size')).map(e => e.textContent)")
    assert sizes and sizes[-1] == str(most)
    assert "Records" not in legend.locator(".lg-h2").all_inner_texts()  # events only: no records on this map
    page.close()
    # The overview (records only, nothing stacked): no stack key, no "events" heading.
    page, _ = open_map(browser, maps["overview"])
    page.evaluate("window.liptako.ready")
    assert page.locator("#lg-legend .lg-badge-swatch").count() == 0
    assert "Records" in page.locator("#lg-legend .lg-h2").all_inner_texts()
    assert seen["errors"] == []
    page.close()


def test_quiet_places_wait_for_the_zoom_where_they_do_not_crowd(browser, maps):
    data = page_data(maps["overview"].read_text(encoding="utf-8"))
    quiet = sum(1 for t in data["towns"] if t["quiet"])
    assert 0 < quiet < len(data["towns"])
    page, seen = open_map(browser, maps["overview"])
    page.evaluate("window.liptako.ready")
    count = "LG.towns.filter(t => LG.map.hasLayer(t.marker)).length"
    page.evaluate("void LG.map.setZoom(7, {animate: false})")
    assert page.evaluate(count) == len(data["towns"]) - quiet
    page.evaluate(f"void LG.map.setZoom({vocab.QUIET_TOWN_ZOOM}, {{animate: false}})")
    assert page.evaluate(count) == len(data["towns"])
    # Opening a quiet place's popup from afar zooms to it.
    page.evaluate("void LG.map.setZoom(6, {animate: false})")
    name = next(data["places"][t["places"][0]]["name"] for t in data["towns"] if t["quiet"])
    assert page.evaluate(f"LG.openPlace({json.dumps(name)})")
    assert name in page.locator(".leaflet-popup-content").last.inner_text()
    assert seen["errors"] == []
    page.close()
