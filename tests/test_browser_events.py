"""Imported events in real headless Chromium (issue 10): every event drawn, notes left out on request,
the ACLED citation with its access date on the page and in the picture."""

import struct

import pytest
from click.testing import CliRunner

from cli import main
from conftest import ROOT, open_map, page_data

FIX = ROOT / "tests" / "fixtures"


def build(tmp_path, *args):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(main, ["build", "--out", str(out), *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("fixture", ["acled_2024.csv", "acled_2019.csv", "acled_hxl.csv", "ucdp_ged.csv"])
def test_every_imported_event_is_drawn(browser, tmp_path, fixture):
    out = build(tmp_path, "--events", FIX / fixture, "--accessed", "2026-11-30")
    data = page_data(out.read_text(encoding="utf-8"))
    page, seen = open_map(browser, out)
    drawn = page.evaluate("LG.symbols.map(s => s.id)")
    imported = [r["id"] for r in data["records"] if r.get("format")]
    assert imported and set(imported) <= set(drawn)
    assert page.locator("path.lg-record").count() == len(data["placements"])
    # Each event's popup opens and names its format and id.
    first = imported[0]
    assert page.evaluate(f"LG.openRecord({first!r})")
    text = page.locator(".leaflet-popup-content").last.text_content()
    assert first.split(":", 1)[1] in text and ("ACLED" in text or "UCDP" in text)
    if fixture == "acled_2024.csv":  # its notes hold markup: shown as text, nothing injected
        assert page.evaluate("LG.openRecord('acled:NER-FIX-0003')")
        popup = page.locator(".leaflet-popup-content").last
        assert 'FIXTURE: <script>alert(1)</script> gunmen on motorbikes; "quoted" text, a comma' in popup.text_content()
        assert popup.locator("script").count() == 0
    assert seen["errors"] == [] and seen["requests"] == [] and seen["dialogs"] == []


def test_no_notes_and_the_citation_in_page_and_picture(browser, tmp_path):
    png = tmp_path / "map.png"
    out = build(tmp_path, "--events", FIX / "acled_2024.csv", "--no-notes", "--accessed", "2026-11-30", "--png", png,
                "--width", "1600", "--height", "1000", "--scale", "1")
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
