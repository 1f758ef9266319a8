"""Imported events in real headless Chromium (issue 10): every event drawn, notes left out on request,
the ACLED citation with its access date on the page and in the picture."""

import struct

import pytest
from click.testing import CliRunner

from cli import main
from conftest import ROOT, open_map, page_data, row_ids

FIX = ROOT / "tests" / "fixtures"


def build(tmp_path, *args):
    out = tmp_path / "map.html"
    # The curated records too: these tests check that records and events share the page.
    result = CliRunner().invoke(
        main, ["build", "--out", str(out), "--with-records", *map(str, args)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return out


DRAWN = """() => {
    const d = LG.eventLayer.drawn, ctx = LG.eventLayer._canvas.getContext("2d"), r = window.devicePixelRatio || 1;
    return d.i.map((i, k) => {
        const p = LG.map.latLngToContainerPoint([LG.ev.lat[i], LG.ev.lon[i]]);
        const alpha = ctx.getImageData(Math.round(d.x[k] * r), Math.round(d.y[k] * r), 1, 1).data[3];
        return {i: i, x: d.x[k], y: d.y[k], px: p.x, py: p.y, alpha: alpha};
    });
}"""


def source_coordinates(fixture):
    """(lat, lon) of each mapped row, read from the fixture file itself, by id."""
    import csv

    with open(FIX / fixture, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if not r.get("event_id_cnty", r.get("id", "")).startswith("#")]
    key = "event_id_cnty" if "event_id_cnty" in rows[0] else "id"
    return {r[key]: (float(r["latitude"]), float(r["longitude"])) for r in rows if r["latitude"] and r["longitude"]}


@pytest.mark.parametrize("fixture", ["acled_2024.csv", "acled_2019.csv", "acled_hxl.csv", "ucdp_ged.csv"])
def test_every_imported_event_is_drawn(browser, tmp_path, fixture):
    out = build(tmp_path, "--events", FIX / fixture, "--accessed", "2026-11-30")
    data = page_data(out.read_text(encoding="utf-8"))
    ids = row_ids(data)
    imported = [i for i, r in enumerate(ids) if not r.startswith("records:")]
    records = {r.split(":", 1)[1] for r in ids if r.startswith("records:")}
    page, seen = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    assert imported and page.evaluate("LG.ev.imported") == len(imported) and page.evaluate("LG.ev.n") == len(ids)
    assert records and set(page.evaluate("LG.symbols.map(s => s.id)")) == records
    assert page.evaluate("window.liptako.visibleCount()") == len(imported) + len(records)
    # Every event is painted where its own coordinates put it (read from the file, not from the page); the
    # curated records' rows are their own symbols, not painted on the events' canvas.
    drawn = page.evaluate(DRAWN)
    assert sorted(d["i"] for d in drawn) == imported
    where = source_coordinates(fixture)
    for d in drawn:
        sid = ids[d["i"]].split(":", 1)[1]
        if sid in where:
            lat, lon = where[sid]
            assert page.evaluate(f"LG.ev.lat[{d['i']}]") == pytest.approx(lat, abs=1e-5)
            assert page.evaluate(f"LG.ev.lon[{d['i']}]") == pytest.approx(lon, abs=1e-5)
        assert abs(d["x"] - d["px"]) < 0.5 and abs(d["y"] - d["py"]) < 0.5
        assert d["alpha"] > 0, ids[d["i"]]  # something is painted there
    # A click on an event opens its popup (or the list of what is there), naming its format and id.
    first = drawn[0]
    box = page.locator(".folium-map").first.bounding_box()
    page.mouse.click(box["x"] + first["x"], box["y"] + first["y"])
    popup = page.locator(".leaflet-popup-content").last
    popup.wait_for()
    if popup.locator(".lg-pick").count():
        popup.locator(".lg-pick", has_text=":").first.click()
    assert page.evaluate(f"LG.openEvent({first['i']})")
    text = page.locator(".leaflet-popup-content").last.text_content()
    assert ids[first["i"]].split(":", 1)[1] in text and ("ACLED" in text or "UCDP" in text)
    if fixture == "acled_2024.csv":  # its notes hold markup: shown as text, nothing injected
        assert page.evaluate(f"LG.openEvent({ids.index('acled:NER-FIX-0003')})")
        popup = page.locator(".leaflet-popup-content").last
        assert 'FIXTURE: <script>alert(1)</script> gunmen on motorbikes; "quoted" text, a comma' in popup.text_content()
        assert popup.locator("script").count() == 0
    assert seen["errors"] == [] and seen["requests"] == [] and seen["dialogs"] == []


def test_no_notes_and_the_citation_in_page_and_picture(browser, tmp_path):
    png = tmp_path / "map.png"
    out = build(
        tmp_path,
        "--events",
        FIX / "acled_2024.csv",
        "--no-notes",
        "--accessed",
        "2026-11-30",
        "--png",
        png,
        "--width",
        "1600",
        "--height",
        "1000",
        "--scale",
        "1",
    )
    html = out.read_text(encoding="utf-8")
    assert "FIXTURE" not in html
    assert struct.unpack(">II", png.read_bytes()[16:24]) == (1600, 1000)
    page, _ = open_map(browser, out, width=1600, height=1000)
    cite = "Armed Conflict Location & Event Data (ACLED), www.acleddata.com, data accessed 2026-11-30."
    assert cite in page.locator(".lg-legend").text_content()
    # The picture is this page in print mode: the caption carries the citation, inside the picture.
    page.evaluate("LG.print()")
    caption = page.locator(".lg-caption")
    box = caption.bounding_box()
    assert cite in caption.text_content() and caption.is_visible()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 1000
