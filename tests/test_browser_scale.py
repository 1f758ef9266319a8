"""Many events in one offline page (issue 11), in real headless Chromium: the canvas layer, aggregation,
every event reachable (lists at a point, the table), the date filter, the URL hash, the CSV download
and the `window.liptako` API. Expected counts are computed here from the file, not from the page."""

import csv
import datetime as dt
import random

import pytest
from click.testing import CliRunner

from cli import main
from conftest import ROOT, open_map

KINDS = [
    ("Battles", "Armed clash", "battle"),
    ("Violence against civilians", "Attack", "attack"),
    ("Explosions/Remote violence", "Air/drone strike", "airstrike"),
]
COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
N = 4000


def synthetic(path, n=N, seed=11):
    """n ACLED rows at 40 points (many share a point), each dated to the day, with known kinds and dates."""
    rng = random.Random(seed)
    points = [(round(rng.uniform(14.0, 16.5), 4), round(rng.uniform(0.0, 4.0), 4)) for _ in range(40)]
    rows = []
    day0 = dt.date(2021, 1, 1)
    for i in range(n):
        et, st, kind = KINDS[i % 3]
        lat, lon = points[rng.randrange(40)]
        day = day0 + dt.timedelta(days=rng.randrange(730))
        note = '=HYPERLINK("x") <b>bold</b>' if i == 7 else f"synthetic event {i}"
        rows.append(
            {
                "event_id_cnty": f"SYN{i}",
                "event_date": day.isoformat(),
                "year": day.year,
                "time_precision": 1,
                "disorder_type": "Political violence",
                "event_type": et,
                "sub_event_type": st,
                "actor1": "JNIM" if i % 2 else "Islamic State (Sahel)",
                "iso": 466,
                "region": "Western Africa",
                "country": "Mali",
                "admin1": "Gao",
                "location": f"Point {i % 40}",
                "latitude": lat,
                "longitude": lon,
                "geo_precision": 1,
                "source": "Synthetic",
                "source_scale": "National",
                "notes": note,
                "fatalities": i % 4,
                "timestamp": 1700000000,
                "_kind": kind,
                "_day": day,
            }
        )
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return rows


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    rows = synthetic(folder / "syn.csv")
    out = folder / "map.html"
    result = CliRunner().invoke(
        main,
        ["build", "--out", str(out), "--events", str(folder / "syn.csv"), "--with-records", "--accessed", "2026-12-01"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return out, rows


@pytest.fixture(scope="module")
def built_map(tmp_path_factory, html):
    path = tmp_path_factory.mktemp("overview") / "liptako-gourma.html"
    path.write_text(html, encoding="utf-8")
    return path


def records_between(dataset, first, last, kinds=None):
    """Curated records drawn on the overview map whose span overlaps [first, last]."""
    placed = set(dataset.placements["record_id"])
    return [
        r
        for r in dataset.records
        if r.id in placed and r.date.end >= first and r.date.start <= last and (kinds is None or r.kind in kinds)
    ]


def test_many_events_aggregate_at_low_zoom_and_split_when_zoomed_in(browser, big):
    out, rows = big
    page, seen = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    assert page.evaluate("LG.drawnMode") == "aggregate"
    cells = page.evaluate("LG.eventLayer.drawn.cells.map(c => c.n)")
    assert sum(cells) == page.evaluate("LG.eventLayer.drawn.i.length") == N  # every event counted once
    assert len(cells) < 40
    page.evaluate("void LG.map.setView([15.2, 2.0], 10, {animate: false})")
    assert page.evaluate("LG.drawnMode") == "points"
    assert seen["errors"] == [] and seen["requests"] == []


def test_the_count_above_which_the_map_draws_numbered_circles_is_the_builds(browser, big, tmp_path):
    """--aggregate-above: the same events, each drawn at low zoom when the limit is above their number, counted in
    numbered circles at once with 0; the legend says from how many."""
    csv_path = big[0].parent / "syn.csv"
    seen_modes, legends = [], []
    for limit in (N, 0):
        out = tmp_path / f"m{limit}.html"
        args = ["build", "--out", str(out), "--events", str(csv_path), "--accessed", "2026-12-01"]
        result = CliRunner().invoke(main, [*args, "--aggregate-above", str(limit)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        page, seen = open_map(browser, out)
        page.evaluate("window.liptako.ready")
        seen_modes.append(page.evaluate("LG.drawnMode"))
        legends.append(
            page.evaluate(
                "document.querySelector('.lg-legend') ? document.querySelector('.lg-legend').textContent : ''"
            )
        )
        assert seen["errors"] == [] and seen["requests"] == []
        page.close()
    assert seen_modes == ["points", "aggregate"]
    assert "numbered circle" not in legends[0] and "with more than 0 events in view, a numbered circle" in legends[1]
    bad = CliRunner().invoke(main, ["build", "--events", str(csv_path), "--aggregate-above", "-5"])
    assert bad.exit_code == 2 and "-5" in bad.output


def test_the_date_filter_and_kinds_count_what_the_file_holds(browser, big, dataset):
    out, rows = big
    page, _ = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    first, last = dt.date(2022, 3, 1), dt.date(2022, 3, 31)
    expected = sum(first <= r["_day"] <= last for r in rows) + len(records_between(dataset, first, last))
    assert page.evaluate("window.liptako.setDateRange('2022-03-01', '2022-03-31')") == expected
    assert page.evaluate("window.liptako.visibleCount()") == expected
    assert f"{expected} of " in page.locator(".lg-count").inner_text()
    only = sum(first <= r["_day"] <= last and r["_kind"] == "attack" for r in rows) + len(
        records_between(dataset, first, last, {"attack"})
    )
    assert page.evaluate("window.liptako.setKinds(['attack'])") == only
    assert not page.get_by_label("Battles and armed clashes").is_checked()
    assert page.get_by_label("Attacks").is_checked()
    # The legend's counts follow the filter.
    assert f"Attacks ({only})" in page.locator(".lg-legend").inner_text()
    page.get_by_label("Battles and armed clashes").check()
    battles = sum(first <= r["_day"] <= last and r["_kind"] == "battle" for r in rows)
    assert page.evaluate("window.liptako.visibleCount()") == only + battles


def test_a_link_reproduces_the_view_and_the_filter(browser, big):
    out, _ = big
    page, _ = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    page.evaluate("window.liptako.setDateRange('2021-06-01', '2021-06-30')")
    page.evaluate("window.liptako.setKinds(['battle', 'airstrike'])")
    page.evaluate("void LG.map.setView([15.5, 1.5], 8, {animate: false})")
    count = page.evaluate("window.liptako.visibleCount()")
    url = page.url
    assert "from=2021-06-01" in url and "to=2021-06-30" in url
    lat, lon, zoom = (float(x) for x in url.split("view=", 1)[1].split("&")[0].split(","))
    # Leaflet keeps whole-pixel origins: the centre it reports is the asked one to a fraction of a pixel.
    assert (lat, lon, zoom) == (pytest.approx(15.5, abs=0.003), pytest.approx(1.5, abs=0.003), 8)
    again, seen = open_map(browser, out, hash=url.split("#", 1)[1])
    again.evaluate("window.liptako.ready")
    assert again.evaluate("window.liptako.visibleCount()") == count
    assert again.evaluate("[LG.map.getZoom(), LG.map.getCenter().lat.toFixed(2)]") == [8, "15.50"]
    assert not again.get_by_label("Attacks").is_checked()
    assert seen["errors"] == []


def test_every_event_at_one_point_is_reachable(browser, big):
    out, rows = big
    page, _ = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    lat, lon = rows[0]["latitude"], rows[0]["longitude"]
    at_point = [r for r in rows if (r["latitude"], r["longitude"]) == (lat, lon)]
    page.evaluate(f"void LG.map.setView([{lat}, {lon}], 11, {{animate: false}})")
    box = page.locator(".folium-map").first.bounding_box()
    p = page.evaluate(f"LG.map.latLngToContainerPoint([{lat}, {lon}])")
    assert page.evaluate(f"LG.pickAt(L.point({p['x']}, {p['y']})).length") == len(at_point)
    page.mouse.click(box["x"] + p["x"], box["y"] + p["y"])
    popup = page.locator(".leaflet-popup-content").last
    popup.wait_for()
    page.wait_for_timeout(400)  # the popup pans into view
    assert f"{len(at_point)} records and events here" in popup.inner_text(), popup.inner_text()[:200]
    picks = [t for t in popup.locator(".lg-pick").all_inner_texts() if not t.startswith("Place: ")]
    assert len(picks) == min(len(at_point), 200)
    popup.locator(".lg-pick", has_text="Point").nth(3).click()
    assert "synthetic event" in page.locator(".leaflet-popup-content").last.inner_text()
    page.locator(".lg-back").click()
    assert popup.locator(".lg-pick", has_text="Point").count() == min(len(at_point), 200)


def test_stacked_records_at_menaka_each_open(browser, built_map, dataset):
    page, _ = open_map(browser, built_map)
    menaka = page.evaluate("""() => {
        const s = LG.symbols.filter(s => s.id === 'airstrike-menaka-2022-03-13')[0];
        return LG.map.latLngToContainerPoint(s.marker.getLatLng());
    }""")
    box = page.locator(".folium-map").first.bounding_box()
    page.mouse.click(box["x"] + menaka["x"], box["y"] + menaka["y"])
    popup = page.locator(".leaflet-popup-content").last
    popup.wait_for()
    picks = popup.locator(".lg-pick")
    assert picks.count() >= 2  # several records are drawn at Ménaka
    labels = picks.all_inner_texts()
    hit = [i for i, t in enumerate(labels) if "13 March 2022" in t]
    assert hit, labels
    picks.nth(hit[0]).click()
    assert "Ménaka" in page.locator(".leaflet-popup-content").last.inner_text()
    summary = next(r.summary for r in dataset.records if r.id == "airstrike-menaka-2022-03-13")
    assert summary in page.locator(".leaflet-popup-content").last.inner_text()


def test_the_table_searches_and_jumps_to_an_event(browser, big):
    out, rows = big
    page, _ = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    page.locator(".lg-table-toggle").click()
    page.locator(".lg-search").fill("Point 17")
    n = sum(r["location"] == "Point 17" for r in rows)
    assert f"{n} matches" in page.locator(".lg-table .lg-quiet").inner_text()
    page.locator(".lg-row").first.click()
    text = page.locator(".leaflet-popup-content").last.inner_text()
    assert "Point 17" in text and "synthetic event" in text


def test_the_filtered_rows_download_as_csv(browser, big, tmp_path):
    out, rows = big
    page, _ = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    page.evaluate("window.liptako.setDateRange('2021-01-01', '2021-01-31')")
    count = page.evaluate("window.liptako.visibleCount()")
    with page.expect_download() as info:
        page.locator(".lg-csv").click()
    path = tmp_path / "events.csv"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    lines = list(csv.reader(text.splitlines()))
    body = [r for r in lines[1:] if r and not r[0].startswith("#")]
    assert len(body) == count
    assert lines[0][:3] == ["source_id", "source_format", "kind"]  # export's names, in export's order
    assert {r[0] for r in body if r[1] == "acled"} == {
        r["event_id_cnty"] for r in rows if dt.date(2021, 1, 1) <= r["_day"] <= dt.date(2021, 1, 31)
    }
    assert "Armed Conflict Location & Event Data (ACLED)" in lines[-1][0]
    # A note that a spreadsheet would run as a formula is written as text.
    page.evaluate("window.liptako.setDateRange(null, null)")
    assert "'=HYPERLINK" in page.evaluate("LG.csvText()")


def test_the_api_fits_everything_and_print_mode_hides_the_panels(browser, big):
    out, _ = big
    page, _ = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    page.evaluate("void LG.map.setView([10, -5], 9, {animate: false})")
    assert page.evaluate("window.liptako.fitAll()") > N
    assert page.evaluate("LG.map.getBounds().contains([15.2, 2.0])")
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        page.evaluate("window.liptako.setDateRange('March', '2022')")
    page.evaluate("LG.print()")
    assert page.locator("#lg-time").is_hidden() and page.locator("#lg-table").is_hidden()


def day_number(d):
    return (d - dt.date(1970, 1, 1)).days


def test_the_sliders_filter_like_the_api_and_redraw_the_symbols(browser, big, dataset):
    out, rows = big
    page, seen = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    page.evaluate("void LG.map.setView([15.2, 2.0], 9, {animate: false})")  # points, not aggregates
    first, last = dt.date(2022, 7, 1), dt.date(2022, 7, 10)
    page.locator("#lg-to").fill(str(day_number(last)))
    page.locator("#lg-from").fill(str(day_number(first)))
    in_range = [r for r in rows if first <= r["_day"] <= last]
    expected = len(in_range) + len(records_between(dataset, first, last))
    assert page.evaluate("window.liptako.visibleCount()") == expected
    assert "2022-07-01 – 2022-07-10" in page.locator(".lg-range-label").inner_text()
    # The canvas draws exactly the events in range that are in view (or within 44 px of its edge, so a
    # symbol cut by the edge is still drawn).
    bounds = page.evaluate(
        "(() => { const s = LG.map.getSize(), m = LG.map;"
        " const nw = m.containerPointToLatLng([-44, -44]), se = m.containerPointToLatLng([s.x + 44, s.y + 44]);"
        " return [se.lat, nw.lng, nw.lat, se.lng]; })()"
    )
    in_view = [
        r for r in in_range if bounds[0] <= r["latitude"] <= bounds[2] and bounds[1] <= r["longitude"] <= bounds[3]
    ]
    assert page.evaluate("LG.eventLayer.drawn.i.length") == len(in_view) > 0
    assert page.evaluate("window.liptako.setDateRange('2022-07-01', '2022-07-10')") == expected
    assert seen["errors"] == []


def test_events_with_a_span_show_while_it_overlaps_the_range(browser, tmp_path):
    out = tmp_path / "map.html"
    fixture = ROOT / "tests" / "fixtures" / "acled_2024.csv"
    assert CliRunner().invoke(main, ["build", "--out", str(out), "--events", str(fixture)]).exit_code == 0
    page, seen = open_map(browser, out)
    page.evaluate("window.liptako.ready")

    def shown(first, last):
        page.evaluate(f"window.liptako.setDateRange('{first}', '{last}')")
        lines = csv.reader(page.evaluate("LG.csvText()").splitlines())  # the rows the filter keeps
        return {r[0] for r in lines if len(r) > 1 and r[1] == "acled"}

    # NER-FIX-0003 is dated to March 2021 (time_precision 3): it shows on the 31st, not on 1 April.
    assert "NER-FIX-0003" in shown("2021-03-31", "2021-04-05")
    assert "NER-FIX-0003" not in shown("2021-04-01", "2021-04-05")
    # MLI-FIX-0002 is the week around 10 April 2022 (time_precision 2, ±3 days): 7 to 13 April.
    assert "MLI-FIX-0002" in shown("2022-04-13", "2022-04-20")
    assert "MLI-FIX-0002" not in shown("2022-04-14", "2022-04-20")
    assert seen["errors"] == []


# -- from review: what the canvas must not break ------------------------------------------------------


def test_the_canvas_lets_clicks_and_hovers_through_to_towns_and_tooltips(browser, big):
    out, _ = big
    page, seen = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    hit = page.evaluate("""() => {
        const t = LG.towns.filter(t => t.places.some(p => p.name === 'Filingué'))[0];
        // A quiet place (no event at it) is on the map from the zoom where places no longer crowd.
        LG.map.setView(t.marker.getLatLng(), LG.d.vocab.quiet_town_zoom, {animate: false});
        const p = LG.map.latLngToContainerPoint(t.marker.getLatLng());
        const box = LG.map.getContainer().getBoundingClientRect();
        const e = document.elementFromPoint(box.left + p.x, box.top + p.y);
        return e.tagName + ' ' + (e.getAttribute('class') || '');
    }""")
    assert "lg-place" in hit and "canvas" not in hit.lower()
    assert page.evaluate("LG.openPlace('Filingué')")
    assert "Filingué" in page.locator(".leaflet-popup-content").last.inner_text()
    assert seen["errors"] == []


def test_a_kind_off_at_start_is_neither_drawn_nor_counted(browser, tmp_path):
    rows = synthetic(tmp_path / "syn.csv", n=300)
    spec = tmp_path / "no-battles.toml"
    spec.write_text(
        'title = "No battles at start"\nlayers = ["countries", "towns", "attack", "airstrike"]\nevents = ["syn.csv"]\n',
        encoding="utf-8",
    )
    assert CliRunner().invoke(main, ["build", str(spec)]).exit_code == 0
    page, seen = open_map(browser, spec.with_suffix(".html"))
    page.evaluate("window.liptako.ready")
    shown = sum(r["_kind"] != "battle" for r in rows)
    records = page.evaluate("new Set(LG.symbols.filter(s => LG.map.hasLayer(s.marker)).map(s => s.id)).size")
    assert page.evaluate("window.liptako.visibleCount()") == shown + records
    page.get_by_label("Battles and armed clashes").check()
    assert page.evaluate("window.liptako.visibleCount()") == len(rows) + records
    assert seen["errors"] == []


@pytest.mark.parametrize(
    "hash",
    [
        "actor=%E0",
        "off=__proto__,countries,hasOwnProperty",
        "view=0,1e308,7",
        "view=,,",
        "view=15,2,40",
        "from=2022-02-30&to=2021-01-05",
        "from=2030-01-01",
    ],
)
def test_a_hostile_link_never_breaks_the_map(browser, big, hash):
    out, _ = big
    page, seen = open_map(browser, out, hash=hash)
    page.evaluate("window.liptako.ready")
    assert page.evaluate("LG.map.hasLayer(LG.layers.countries)")
    zoom = page.evaluate("LG.map.getZoom()")
    assert 5 <= zoom <= 11
    assert page.evaluate("(() => { const c = LG.map.getCenter(); return isFinite(c.lat) && isFinite(c.lng); })()")
    assert page.evaluate("Object.prototype._leaflet_id === undefined")
    page.evaluate("void LG.map.setZoom(LG.map.getZoom() + 1, {animate: false})")
    assert page.evaluate("window.liptako.visibleCount()") >= 0
    assert seen["errors"] == []


def test_csv_numbers_keep_their_sign_and_the_citation_is_one_cell(browser, tmp_path):
    rows = synthetic(tmp_path / "west.csv", n=20)
    with open(tmp_path / "west.csv", encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    for r in table:
        r["longitude"] = "-1.5"  # west of Greenwich, near Djibo
        r["latitude"] = "14.1"
    with open(tmp_path / "west.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(table)
    out = tmp_path / "west.html"
    assert CliRunner().invoke(main, ["build", "--out", str(out), "--events", str(tmp_path / "west.csv")]).exit_code == 0
    page, _ = open_map(browser, out)
    lines = list(csv.reader(page.evaluate("LG.csvText()").splitlines()))
    lon = lines[0].index("lon")
    events = [r for r in lines if len(r) > 1 and r[1] == "acled"]
    assert len(events) == len(rows) and all(r[lon] == "-1.5" for r in events)  # a number, not "'-1.5"
    assert len(lines[-1]) == 1 and lines[-1][0].startswith("# Armed Conflict Location & Event Data (ACLED)")


def test_a_record_inside_an_aggregate_opens_its_popup(browser, big, dataset):
    out, _ = big
    page, _ = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    page.evaluate("void LG.map.setView([14.9, 0.6], 7, {animate: false})")
    assert page.evaluate("LG.drawnMode") == "aggregate"
    p = page.evaluate("""() => LG.map.latLngToContainerPoint(
        LG.symbols.filter(s => s.id === 'deployment-minusma-2022-03')[0].marker.getLatLng())""")
    box = page.locator(".folium-map").first.bounding_box()
    page.mouse.click(box["x"] + p["x"], box["y"] + p["y"])
    assert page.evaluate("LG.map.getZoom()") == 7
    popup = page.locator(".leaflet-popup-content").last
    popup.wait_for()
    if popup.locator(".lg-pick").count():
        popup.locator(".lg-pick", has_text="deploy").first.click()
    summary = next(r.summary for r in dataset.records if r.id == "deployment-minusma-2022-03")
    assert summary in page.locator(".leaflet-popup-content").last.inner_text()


def test_play_from_the_whole_span_moves_a_window_through_the_data(browser, big):
    out, _ = big
    page, _ = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    total = page.evaluate("window.liptako.visibleCount()")
    page.locator(".lg-play").click()
    page.wait_for_timeout(900)
    label = page.locator(".lg-range-label").inner_text()
    assert label != "2021-01-01 – 2022-12-31" and page.evaluate("window.liptako.visibleCount()") < total
    page.locator(".lg-play").click()  # pause


def test_hostile_text_in_every_imported_field_stays_text(browser, tmp_path):
    """Each payload of the hostile corpus in an export's place, actors, source and notes: shown verbatim in
    the popup, the pick list, the table and the CSV, and nothing runs."""
    from hostile import PAYLOADS

    plain = [p for p in PAYLOADS if p.isprintable() and "CANARY" not in p and len(p) < 1000]
    rows = []
    for i, payload in enumerate(plain):
        rows.append(
            {
                "event_id_cnty": f"H{i}",
                "event_date": "2022-03-01",
                "year": 2022,
                "time_precision": 1,
                "disorder_type": "Political violence",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "actor1": payload,
                "iso": 466,
                "region": "Western Africa",
                "country": "Mali",
                "admin1": "Gao",
                "location": payload,
                "latitude": 15.0 + i * 0.01,
                "longitude": 1.0,
                "geo_precision": 1,
                "source": payload,
                "source_scale": "National",
                "notes": payload,
                "fatalities": 1,
                "timestamp": 1700000000,
            }
        )
    path = tmp_path / "hostile.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    out = tmp_path / "hostile.html"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--events", str(path)])
    assert result.exit_code == 0, result.output
    page, seen = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    ids = page.evaluate("LG.ev.b.source_id")
    curated = set(page.evaluate("LG.symbols.map(s => s.i)"))
    for k, sid in enumerate(ids):
        if k in curated:
            continue  # a curated record's row
        payload = plain[int(sid[1:])]
        page.evaluate(f"LG.openEvent({k})")
        text = page.locator(".leaflet-popup-content").last.text_content()
        assert text.count(payload) >= 3, payload  # where, who, note (and reported by)
    page.locator(".lg-table-toggle").click()
    rows = len(plain) + page.evaluate("LG.symbols.length")  # and the records
    assert page.locator(".lg-table-info").inner_text() == f"{rows} matches"
    injected = "script, img, svg, iframe, object, embed, details, body, style, a[href^='javascript']"
    # Only the rows in sight are drawn: scroll through the table, every row drawn once, none holding an element.
    walked = page.evaluate(
        """(injected) => {
          const sc = document.querySelector('.lg-table-scroll'), seen = new Set();
          let text = '', bad = 0;
          for (let top = 0; ; top += sc.clientHeight / 2) {
            sc.scrollTop = top; LG.table.draw();
            bad += document.querySelectorAll('.lg-table tbody :is(' + injected + ')').length;
            document.querySelectorAll('.lg-table tr.lg-row').forEach(tr => {
              if (!seen.has(tr.dataset.i)) { seen.add(tr.dataset.i); text += tr.textContent + '\\n'; }
            });
            if (sc.scrollTop + sc.clientHeight >= sc.scrollHeight - 1) { break; }
          }
          return {rows: seen.size, text: text, bad: bad};
        }""",
        injected,
    )
    assert walked["rows"] == rows and walked["bad"] == 0
    assert all(p[:300] in walked["text"] for p in plain)
    assert page.locator(f".leaflet-popup-pane :is({injected}), .lg-table :is({injected})").count() == 0
    csv_text = page.evaluate("LG.csvText()")
    assert all(p in csv_text or ("'" + p) in csv_text for p in plain if '"' not in p)
    assert page.evaluate("window.__pwned") is None
    assert seen["dialogs"] == [] and seen["errors"] == [] and seen["requests"] == []
