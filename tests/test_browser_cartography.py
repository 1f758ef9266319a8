"""Cartography on screen (issue 13): labels that never overlap, panels that leave the map free, the
spec's zoom range and bounds, an embed that fits a column, and Ctrl+P printing the print layout.

Real headless Chromium, network blocked (see conftest.open_map).
"""

import itertools
import shutil

import pytest

import geo
from conftest import ROOT, open_map
from geo.embed import embed_snippet
from geo.spec import load_spec

MAPS = ROOT / "maps"
FIX = ROOT / "tests" / "fixtures"

# Every visible label's box, every visible record symbol's box, and the panels' boxes, from the DOM.
MEASURE = """() => {
  const rect = e => { const r = e.getBoundingClientRect(); return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  const shown = e => getComputedStyle(e).visibility === 'visible' && e.getClientRects().length > 0;
  const labels = Array.from(document.querySelectorAll('.lg-label')).filter(shown)
    .map(e => Object.assign(rect(e), {text: e.textContent, cls: e.className}));
  const symbols = Array.from(document.querySelectorAll('path.lg-record')).map(rect);
  const map = LG.map.getContainer().getBoundingClientRect();
  const panels = ['.lg-title', '.lg-legend', '.leaflet-control-layers', '.leaflet-control-zoom', '#lg-time', '#lg-table']
    .map(s => document.querySelector(s)).filter(e => e && e.offsetParent).map(rect);
  return {labels, symbols, panels, map: {w: map.width, h: map.height}, zoom: LG.map.getZoom()};
}"""


def overlap(a, b, slack=0.5):
    return (
        a["x0"] + slack < b["x1"]
        and b["x0"] + slack < a["x1"]
        and a["y0"] + slack < b["y1"]
        and b["y0"] + slack < a["y1"]
    )


def union_area(rects):
    """Area covered by axis-aligned rectangles (exact: a sweep over the distinct x edges)."""
    xs = sorted({r["x0"] for r in rects} | {r["x1"] for r in rects})
    total = 0.0
    for x0, x1 in itertools.pairwise(xs):
        spans = sorted((r["y0"], r["y1"]) for r in rects if r["x0"] <= x0 and r["x1"] >= x1)
        covered, end = 0.0, None
        for y0, y1 in spans:
            if end is None or y0 > end:
                covered += y1 - y0
                end = y1
            elif y1 > end:
                covered += y1 - end
                end = y1
        total += covered * (x1 - x0)
    return total


@pytest.fixture(scope="module")
def events_map(tmp_path_factory):
    """The overview with an ACLED export on it: the time panel and the table are there too."""
    from click.testing import CliRunner

    import cli

    out = tmp_path_factory.mktemp("events") / "events.html"
    result = CliRunner().invoke(
        cli.main, ["build", "--out", str(out), "--events", str(FIX / "acled_2024.csv"), "--accessed", "2026-11-30"]
    )
    assert result.exit_code == 0, result.output
    return out


def copy_shipped(tmp_path, name="liptako-gourma.html"):
    path = tmp_path / name
    shutil.copy(MAPS / name, path)
    return path


@pytest.mark.parametrize("size", [(760, 500), (1280, 800)], ids=["760x500", "1280x800"])
@pytest.mark.parametrize("which", ["overview", "events"])
def test_no_two_labels_overlap_and_panels_leave_the_map_free(browser, tmp_path, events_map, size, which):
    path = copy_shipped(tmp_path) if which == "overview" else events_map
    page, seen = open_map(browser, path, width=size[0], height=size[1])
    m = page.evaluate(MEASURE)
    labels = m["labels"]
    # Lettered, not emptied: places where nothing happened wait for a closer zoom (issue 22), the rest are named.
    assert len(labels) >= 20, len(labels)
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not overlap(a, b), (a["text"], b["text"])
        # Inside the map, and clear of the record symbols.
        assert a["x0"] >= -0.5 and a["y0"] >= -0.5 and a["x1"] <= size[0] + 0.5 and a["y1"] <= size[1] + 0.5, a
        assert not any(overlap(a, s, slack=1.5) for s in m["symbols"]), a["text"]
    texts = [x["text"] for x in labels]
    assert {"Mali", "Niger", "Burkina Faso"} <= set(texts)  # the country names
    assert any("lg-region-label" in x["cls"] for x in labels)  # and admin-1 names
    assert "Ménaka" in texts and "Tahoua" in texts  # towns with records come first
    assert union_area(m["panels"]) <= m["map"]["w"] * m["map"]["h"] / 3, m["panels"]
    assert seen["errors"] == []


def test_labels_are_placed_again_after_a_zoom_and_follow_their_layers(browser, tmp_path):
    page, seen = open_map(browser, copy_shipped(tmp_path), width=1280, height=800)
    before = len(page.evaluate(MEASURE)["labels"])
    page.evaluate("void LG.map.setView([15.9, 2.4], 9, {animate: false})")
    after = page.evaluate(MEASURE)
    for i, a in enumerate(after["labels"]):
        for b in after["labels"][i + 1 :]:
            assert not overlap(a, b), (a["text"], b["text"])
    assert "Ménaka" in [x["text"] for x in after["labels"]]
    page.get_by_label("Towns and villages").uncheck()
    left = page.evaluate(MEASURE)["labels"]
    assert not any("lg-place-label" in x["cls"] for x in left) and any("lg-country-label" in x["cls"] for x in left)
    assert before >= 20 and len(after["labels"]) > before and seen["errors"] == []


def test_a_hidden_label_is_still_in_its_dots_tooltip(browser, tmp_path):
    page, _ = open_map(browser, copy_shipped(tmp_path), width=760, height=500)
    hidden = page.evaluate("""() => LG.labels.filter(l => l.layer === 'towns' && l.node.classList.contains('lg-off'))
        .map(l => l.text)""")
    assert hidden, "at 760 px some town labels must give way"
    tips = page.evaluate("LG.towns.map(t => t.marker.getTooltip().getContent().textContent)")
    first = hidden[0].split("\n")[0].lstrip("~")
    assert any(first in t for t in tips)


def test_spec_zoom_range_and_bounds_are_enforced(browser, tmp_path, dataset):
    spec_path = tmp_path / "tight.toml"
    spec_path.write_text(
        'title = "Tight"\nmin_zoom = 7\nmax_zoom = 9\nbounds = [-1.0, 13.0, 4.0, 17.0]\n'
        "[focus]\nbbox = [0.0, 14.0, 3.0, 16.0]\n",
        encoding="utf-8",
    )
    spec = load_spec(spec_path)
    path = tmp_path / "tight.html"
    path.write_text(geo.render_html(dataset, spec), encoding="utf-8")
    page, seen = open_map(browser, path, width=1280, height=800)
    assert page.evaluate("[LG.map.getMinZoom(), LG.map.getMaxZoom()]") == [7, 9]
    assert 7 <= page.evaluate("LG.map.getZoom()") <= 9
    page.evaluate("void LG.map.setZoom(5, {animate: false})")
    assert page.evaluate("LG.map.getZoom()") == 7
    page.evaluate("void LG.map.setZoom(11, {animate: false})")
    assert page.evaluate("LG.map.getZoom()") == 9
    page.evaluate("void LG.map.setView([25, -10], 8, {animate: false})")  # far outside the bounds
    c = page.evaluate("(() => { const c = LG.map.getCenter(); return [c.lat, c.lng]; })()")
    assert 13.0 <= c[0] <= 17.0 and -1.0 <= c[1] <= 4.0
    # A link asking for a zoom outside the range is ignored.
    page2, _ = open_map(browser, path, width=1280, height=800, hash="view=15,1.5,11")
    assert page2.evaluate("LG.map.getZoom()") <= 9
    assert seen["errors"] == []


@pytest.mark.parametrize("width", [320, 500, 760])
def test_embed_in_a_column_folds_the_panels_and_fits_the_focus(browser, tmp_path, events_map, width):
    shutil.copy(events_map, tmp_path / "events.html")
    snippet = embed_snippet(tmp_path / "events.html")
    page_path = tmp_path / "article.html"
    page_path.write_text(
        f"<!DOCTYPE html><html><body style='margin:0'><article style='width:{width}px'>"
        f"<p>Text of the briefing.</p>{snippet}<p>More text.</p></article></body></html>",
        encoding="utf-8",
    )
    page, seen = open_map(browser, page_path, wait=False, width=1280, height=900)
    frame = page.frame_locator("iframe")
    frame.locator("body[data-lg-ready]").wait_for(state="attached")
    box = page.locator("iframe").bounding_box()
    assert box["width"] == pytest.approx(width, abs=1) and box["height"] == pytest.approx(width * 2 / 3, abs=1)
    m = page.frames[1].evaluate(MEASURE)
    state = page.frames[1].evaluate("""() => ({legend: document.getElementById('lg-legend').open,
        time: document.getElementById('lg-time').open, title: document.querySelector('.lg-title').open,
        layers: document.querySelector('.leaflet-control-layers-expanded') !== null})""")
    assert state == {"legend": False, "time": False, "title": False, "layers": False}
    assert union_area(m["panels"]) <= m["map"]["w"] * m["map"]["h"] / 3, m["panels"]
    # The map fits the spec's focus: all of it in view, not zoomed out to half of West Africa.
    west, south, east, north = load_spec(MAPS / "liptako-gourma.toml").bbox
    b = page.frames[1].evaluate(
        "(() => { const b = LG.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; })()"
    )
    assert b[0] <= west + 0.3 and b[2] >= east - 0.3 and b[1] <= south + 0.3 and b[3] >= north - 0.3
    assert b[2] - b[0] < 2 * (east - west)
    assert seen["requests"] == [] and seen["errors"] == []


def test_ctrl_p_prints_the_print_layout_and_restores_the_screen(browser, tmp_path):
    page, seen = open_map(browser, copy_shipped(tmp_path), width=1280, height=800)
    legend_parent = page.evaluate("LG.panels.legend.parentNode.className")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what the browser fires on Ctrl+P
    page.emulate_media(media="print")
    assert page.locator(".lg-sheet .lg-caption").is_visible()
    caption = page.locator(".lg-caption").inner_text()
    assert "Sources:" in caption and "Africa Defense Forum" in caption
    assert not page.locator(".leaflet-control-layers").is_visible()
    assert not page.locator(".leaflet-control-zoom").is_visible()
    assert page.locator(".lg-north").is_visible() and page.locator(".lg-inset").is_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    w, h = doc[0].get_size()
    assert len(doc) == 1 and w > h  # one landscape page
    text = doc[0].get_textpage().get_text_range()
    assert "Africa Defense Forum" in text and "Liptako-Gourma" in text
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("LG.panels.legend.parentNode.className") == legend_parent
    assert page.locator(".lg-sheet").count() == 0 and page.locator(".leaflet-control-layers").is_visible()
    assert seen["errors"] == []
