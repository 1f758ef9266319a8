"""The events table (issue 22), in real headless Chromium: every row of a map of thousands of events is reachable
by scrolling (rows are drawn only in sight), the count is the real count, sorting, searching, the filter and a
row's click still work, and cells wrap between words. The events are a synthetic ACLED-shaped file written
into a temporary folder here (never shipped); expected rows are computed from that file, not from the page."""

from __future__ import annotations

import csv
import datetime as dt
import random
import unicodedata

import pytest
from click.testing import CliRunner

from cli import main
from conftest import open_map, page_data, row_ids

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type"]
COLUMNS += ["actor1", "actor2", "inter1", "inter2", "iso", "region", "country", "admin1", "admin2", "location"]
COLUMNS += ["latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "timestamp"]
N = 6000
# Place names with long words (the place column used to break these mid-word), and one word longer than any
# column is wide (it must break, and must not widen the table).
PLACES = ["Andéramboukane", "Intahaka Goldmine", "Tin-Hama", "Ouatagouna", "Tillabéri", "Inékar", "Ménaka"]
LONG = "Unbreakablesyntheticplacenamewithoutanyspaceatallxxxxxxxxxxxxxxxxxx"
ACTORS = ["Islamic State (Sahel)", "JNIM: Group for Support of Islam and Muslims", "Military Forces of Niger (2021-)"]


def synthetic(path, n=N, seed=22):
    """n ACLED rows, dated 2020-2021, the last (SYN-LAST) alone on the last day."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        last = i == n - 1
        day = dt.date(2021, 12, 31) if last else dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(730))
        place = LONG if i == 5 else f"{PLACES[i % len(PLACES)]} {i % 50}"
        rows.append(
            {
                "event_id_cnty": "SYN-LAST" if last else f"SYN{i}",
                "event_date": day.isoformat(),
                "year": day.year,
                "time_precision": 1,
                "disorder_type": "Political violence",
                "event_type": "Battles" if i % 2 else "Violence against civilians",
                "sub_event_type": "Armed clash" if i % 2 else "Attack",
                "actor1": ACTORS[i % 3],
                "actor2": "Civilians (Niger)" if i % 2 == 0 else ACTORS[(i + 1) % 3],
                "iso": 562,
                "region": "Western Africa",
                "country": "Niger",
                "admin1": "Tillaberi",
                "location": place,
                "latitude": round(rng.uniform(14.0, 15.5), 4),
                "longitude": round(rng.uniform(0.5, 3.0), 4),
                "geo_precision": 1,
                "source": "Synthetic",
                "source_scale": "National",
                "notes": f"synthetic event {i}",
                "fatalities": i % 5,
                "timestamp": 1700000000,
            }
        )
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return rows


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    folder = tmp_path_factory.mktemp("table")
    rows = synthetic(folder / "syn.csv")
    out = folder / "map.html"
    args = ["build", "--out", str(out), "--events", str(folder / "syn.csv"), "--accessed", "2026-12-01"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out, rows, row_ids(page_data(out.read_text(encoding="utf-8")))


def opened(browser, out, **size):
    page, seen = open_map(browser, out, **size)
    page.evaluate("window.liptako.ready")
    page.locator(".lg-table summary").click()
    # A <details> element's toggle event, which fills the table, comes after the click, not with it.
    page.wait_for_function("() => document.querySelector('.lg-table-info').textContent !== ''")
    return page, seen


# Scroll the table from top to bottom one view at a time; collect the rows drawn in sight at each step.
WALK = """() => {
  const sc = document.querySelector('.lg-table-scroll'), ROW = LG.eventTable.ROW_PX;
  const seen = new Set(), heights = new Set();
  let steps = 0, drawnMax = 0;
  for (let top = 0; ; top += sc.clientHeight - 40) {
    sc.scrollTop = top; LG.table.draw(); steps += 1;
    const rows = sc.querySelectorAll('tr.lg-row');
    drawnMax = Math.max(drawnMax, rows.length);
    const view = sc.getBoundingClientRect();
    rows.forEach(tr => {
      const r = tr.getBoundingClientRect();
      heights.add(Math.round(r.height));
      if (r.bottom > view.top && r.top < view.bottom) { seen.add(+tr.dataset.i); }
    });
    if (sc.scrollTop + sc.clientHeight >= sc.scrollHeight - 1) { break; }
  }
  return {seen: Array.from(seen), heights: Array.from(heights), steps: steps, drawnMax: drawnMax,
          info: document.querySelector('.lg-table-info').textContent, found: LG.table.found()};
}"""


def test_every_row_is_reachable_by_scrolling_and_only_rows_in_sight_are_drawn(browser, many):
    out, rows, ids = many
    page, seen = opened(browser, out)
    n = page.evaluate("LG.ev.n")
    assert n == len(ids) and n >= N  # the synthetic events and the curated records' places
    assert page.locator(".lg-table-info").inner_text() == f"{n} matches"
    w = page.evaluate(WALK)
    # Every row was in sight at some step, each once in the table's order; no more than a window is drawn.
    assert sorted(w["seen"]) == list(range(n)) and sorted(w["found"]) == list(range(n))
    assert w["drawnMax"] <= 60 and w["steps"] > n * 36 / 400
    assert w["heights"] == [page.evaluate("LG.eventTable.ROW_PX")]  # every row one height, whatever its text
    # Scrolled to the bottom, the last row is the last event (alone on the last day of the file; the curated
    # records of 2022 are filtered out).
    page.evaluate("window.liptako.setDateRange('2020-01-01', '2021-12-31')")
    page.evaluate("s => { const sc = document.querySelector(s); sc.scrollTop = sc.scrollHeight; }", ".lg-table-scroll")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.lg-table tr.lg-row')).pop().dataset.i == LG.table.found().pop()"
    )
    last = page.locator(".lg-table tr.lg-row").last
    assert ids[int(last.get_attribute("data-i"))] == "acled:SYN-LAST"
    assert last.is_visible() and "31 December 2021" in last.inner_text()
    # Its click opens its popup.
    last.click()
    assert "SYN-LAST" in page.locator(".leaflet-popup-content").last.inner_text()
    assert seen["errors"] == [] and seen["requests"] == []


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()


def test_search_sort_and_the_filter_count_every_row(browser, many):
    out, rows, ids = many
    page, seen = opened(browser, out)
    # A search: the count is every match, not the first few hundred; every match is reachable.
    page.locator(".lg-search").fill("andéramboukane")
    want = {"acled:" + r["event_id_cnty"] for r in rows if "anderamboukane" in fold(r["location"])}
    assert len(want) > 300
    curated = {i for i in ids if i.startswith("records:")}  # a curated record at Andéramboukane matches too
    w = page.evaluate(WALK)
    got = {ids[i] for i in w["seen"]}
    assert got - curated == want and w["info"] == f"{len(w['seen'])} matches"
    # Sorted by place, descending: rows in folded order from the end; the arrow shows on the Place heading.
    page.locator(".lg-search").fill("")
    page.locator("th[data-key=place] .lg-sort").click()
    page.locator("th[data-key=place] .lg-sort").click()
    assert page.locator("th[data-key=place]").get_attribute("aria-sort") == "descending"
    places = page.evaluate("LG.table.found().slice(0, 40).map(i => LG.eventTable.row(i).place)")
    assert [fold(p) for p in places] == sorted((fold(p) for p in places), reverse=True)
    top = max(fold(r["location"]) for r in rows)  # the curated records' places (Wistane) may come before it
    first = page.locator(".lg-table tr.lg-row").first.locator("td").nth(1).inner_text()
    assert fold(first) >= top and top in [fold(p) for p in places]
    # The date filter: the table counts exactly the rows passing it.
    page.evaluate("window.liptako.setDateRange('2021-03-01', '2021-03-31')")
    in_march = {"acled:" + r["event_id_cnty"] for r in rows if r["event_date"].startswith("2021-03")}
    w = page.evaluate(WALK)
    got = {ids[i] for i in w["seen"]}
    assert {g for g in got if not g.startswith("records:")} == in_march
    assert w["info"] == f"{len(w['seen'])} matches"
    assert seen["errors"] == []


# For each drawn cell: every word that fits its column's width sits on one line (never split), and a word wider
# than its column breaks (rather than widening the table).
WRAP = """() => {
  const out = {split: [], longLines: 0, wrap: null, tableWidth: 0, panelWidth: 0, cells: 0};
  const ruler = document.body.appendChild(document.createElement('span'));
  ruler.style.cssText = 'position: absolute; white-space: pre; visibility: hidden';
  document.querySelectorAll('.lg-table tr.lg-row .lg-cell').forEach(div => {
    const text = div.firstChild;
    if (!text) { return; }
    out.cells += 1;
    const width = div.getBoundingClientRect().width, clip = div.getBoundingClientRect().bottom;
    const style = getComputedStyle(div);
    out.wrap = style.overflowWrap;
    ruler.style.font = style.font;
    const re = /\\S+/g; let m;
    while ((m = re.exec(text.data))) {
      const range = document.createRange();
      range.setStart(text, m.index); range.setEnd(text, m.index + m[0].length);
      const rects = Array.from(range.getClientRects()).filter(r => r.width > 0 && r.top < clip);
      const tops = new Set(rects.map(r => Math.round(r.top)));
      ruler.textContent = m[0];
      const whole = ruler.getBoundingClientRect().width;  // the word on one line
      if (whole > width) { out.longLines = Math.max(out.longLines, tops.size); continue; }
      if (tops.size > 1) { out.split.push([m[0], Math.round(width), Math.round(whole)]); }
    }
  });
  ruler.remove();
  out.tableWidth = document.querySelector('.lg-table table').getBoundingClientRect().width;
  out.panelWidth = document.querySelector('.lg-table').getBoundingClientRect().width;
  return out;
}"""


FITS = """([word]) => {
  const div = document.querySelector('.lg-table tr.lg-row .lg-cell');
  const ruler = document.body.appendChild(document.createElement('span'));
  ruler.style.cssText = 'position: absolute; white-space: pre; visibility: hidden';
  ruler.style.font = getComputedStyle(div).font; ruler.textContent = word;
  const fits = ruler.getBoundingClientRect().width <= div.parentNode.parentNode.children[1].firstChild.getBoundingClientRect().width;
  ruler.remove();
  return fits;
}"""


@pytest.mark.parametrize("size", [(1280, 800), (375, 740)])
def test_cells_wrap_between_words_and_only_an_overlong_word_breaks(browser, many, size):
    out, rows, _ = many
    page, seen = opened(browser, out, width=size[0], height=size[1])
    # Sorted by place: the long word (SYN5) and Andéramboukane come first.
    page.locator("th[data-key=place] .lg-sort").click()
    page.locator(".lg-search").fill("")
    w = page.evaluate(WRAP)
    assert w["cells"] >= 40 and w["wrap"] == "break-word"
    assert w["split"] == []  # no word that fits its column is broken
    # Andéramboukane, the longest place name of the curated records, fits its column even on a phone.
    assert page.evaluate(FITS, ["Andéramboukane"])
    page.locator(".lg-search").fill(LONG[:30])
    w = page.evaluate(WRAP)
    assert w["longLines"] == 2  # the overlong word breaks, cut at the row's two lines
    assert w["tableWidth"] <= w["panelWidth"] <= min(560, size[0] - 30) + 1
    assert seen["errors"] == []


# The open popup's box (its tip included) and every panel shown that it meets, in screen pixels.
POPUP = """() => {
  // The last popup: a closed one stays in the document while it fades out.
  const node = Array.from(document.querySelectorAll('.leaflet-popup')).pop(), p = node.getBoundingClientRect();
  const box = {left: p.left, top: p.top, right: p.right, bottom: p.bottom + 20};
  const hits = [];
  document.querySelectorAll('.leaflet-control').forEach(n => {
    const r = n.getBoundingClientRect();
    if (r.width && r.height && r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom) {
      hits.push(n.className);
    }
  });
  const inside = box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight;
  return {box: box, hits: hits, inside: inside, text: node.querySelector('.leaflet-popup-content').innerText};
}"""


def fully_visible(page):
    got = page.evaluate(POPUP)
    assert got["inside"] and got["hits"] == [], got
    return got


@pytest.mark.parametrize("size", [(1280, 800), (375, 740)])
def test_a_popup_opened_from_the_table_is_fully_visible(browser, many, size):
    out, rows, ids = many
    page, seen = opened(browser, out, width=size[0], height=size[1])
    panels = ["#lg-table", ".lg-title", ".lg-legend", "#lg-time", ".leaflet-control-layers"]
    assert all(page.locator(p).is_visible() for p in panels)
    sc = ".lg-table-scroll"
    for where in ("0", "sc.scrollHeight / 2", "sc.scrollHeight"):
        page.evaluate(f"s => {{ const sc = document.querySelector(s); sc.scrollTop = {where}; LG.table.draw(); }}", sc)
        # Rows wholly in sight (a row scrolled into view by the click itself would be drawn again under it).
        in_sight = page.evaluate(
            "s => { const v = document.querySelector(s).getBoundingClientRect();"
            " return Array.from(document.querySelectorAll('.lg-table tr.lg-row')).filter(tr => {"
            " const r = tr.getBoundingClientRect(); return r.top >= v.top + 20 && r.bottom <= v.bottom; })"
            ".map(tr => +tr.dataset.i); }",
            sc,
        )
        assert len(in_sight) >= 3
        for i in (in_sight[0], in_sight[-1]):
            page.locator(f'.lg-table tr.lg-row[data-i="{i}"]').click()
            got = fully_visible(page)
            assert ids[i].split(":")[1] in got["text"]
            # The event is at the popup's tip: in the map's view, under no panel.
            point = page.evaluate(
                f"(() => {{ const p = LG.map.latLngToContainerPoint([LG.ev.lat[{i}], LG.ev.lon[{i}]]);"
                " return [p.x, p.y]; })()"
            )
            assert abs(point[0] - (got["box"]["left"] + got["box"]["right"]) / 2) < 2
            assert got["box"]["bottom"] - 25 <= point[1] <= got["box"]["bottom"] + 2
    assert seen["errors"] == []


@pytest.mark.parametrize("size", [(1280, 800), (375, 740)])
def test_a_popup_opened_under_a_panel_or_at_the_edge_moves_into_the_clear(browser, many, size):
    out, _, ids = many
    page, seen = opened(browser, out, width=size[0], height=size[1])
    w, h, i = size[0], size[1], ids.index("acled:SYN100")
    # An event put under the title panel, at the right edge, and under the table, then its popup opened.
    for x, y in [(60, 30), (w - 5, h / 2), (w - 60, h - 60)]:
        page.evaluate(
            f"""() => {{
              const i = {i}, z = 9, map = LG.map;
              const at = map.project([LG.ev.lat[i], LG.ev.lon[i]], z);
              const size = map.getSize();
              map.setView(map.unproject(at.add([size.x / 2 - {x}, size.y / 2 - {y}]), z), z, {{animate: false}});
              LG.openEvent(i);
            }}"""
        )
        got = fully_visible(page)
        assert "synthetic event 100\n" in got["text"] + "\n"
        if size[0] < 500:
            assert got["box"]["right"] - got["box"]["left"] <= w - 12  # narrower than the screen
    # A popup too tall for the room left (a phone with the table open) is made shorter; its content scrolls.
    assert seen["errors"] == []


def test_a_phone_opens_fitted_to_the_data_with_the_panels_folded(browser, many, html, tmp_path):
    out, rows, _ = many
    page, seen = open_map(browser, out, width=375, height=740)
    page.evaluate("window.liptako.ready")
    # Folded panels: a line each.
    for p in (".lg-title", ".lg-legend", "#lg-time", "#lg-table"):
        assert page.evaluate(f"document.querySelector('{p}').open") is False
    v = page.evaluate("window.liptako.view()")
    lats = sorted(float(r["latitude"]) for r in rows)
    lons = sorted(float(r["longitude"]) for r in rows)
    # Every event (but the outer 2% of each side) is in view...
    k = len(rows) * 2 // 100
    assert v["west"] <= lons[k] and lons[-1 - k] <= v["east"] and v["south"] <= lats[k] and lats[-1 - k] <= v["north"]
    # ...and fills most of the map's width: not one blob at a low zoom.
    box = page.evaluate(
        "a => { const p = LG.map.latLngToContainerPoint([a[0], a[1]]), q = LG.map.latLngToContainerPoint([a[2], a[3]]);"
        " return [q.x - p.x, p.y - q.y]; }",
        [lats[0], lons[0], lats[-1], lons[-1]],
    )
    assert box[0] >= 0.8 * 375, (box, v)
    # The overview (seven curated records from Gao to Tahoua): all in view, zoom above the 5.75 of its box.
    path = tmp_path / "overview.html"
    path.write_text(html, encoding="utf-8")
    page2, seen2 = open_map(browser, path, width=375, height=740)
    page2.evaluate("window.liptako.ready")
    inside = page2.evaluate("Array.from(LG.ev.lat).every((lat, i) => LG.map.getBounds().contains([lat, LG.ev.lon[i]]))")
    assert inside and page2.evaluate("LG.map.getZoom()") >= 6.5
    assert seen["errors"] == [] and seen2["errors"] == []


def test_the_keyboard_walks_the_rows_and_opens_one(browser, many):
    out, _, ids = many
    page, seen = opened(browser, out)
    page.locator(".lg-table tr.lg-row").first.focus()
    for _ in range(40):  # past the rows drawn at first: the table scrolls and draws on
        page.keyboard.press("ArrowDown")
    got = page.evaluate(
        """() => { const tr = document.activeElement, v = document.querySelector('.lg-table-scroll').getBoundingClientRect();
          const r = tr.getBoundingClientRect();
          return {i: +tr.dataset.i, want: LG.table.found()[40], inside: r.top >= v.top - 1 && r.bottom <= v.bottom + 1}; }"""
    )
    assert got["i"] == got["want"] and got["inside"], got
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    want = page.evaluate("LG.table.found()[39]")
    assert ids[want].split(":")[1] in page.locator(".leaflet-popup-content").last.inner_text()
    fully_visible(page)
    assert seen["errors"] == []


def test_a_popup_whose_content_changes_is_cleared_again(browser, many):
    """A list of what is under the pointer, a third down a phone: a line opened makes the popup taller, up past
    the top of the screen; the map pans again so that it stays clear and inside the screen."""
    out, _, ids = many
    page, seen = open_map(browser, out, width=375, height=740)
    page.evaluate("window.liptako.ready")
    i, j = ids.index("acled:SYN100"), ids.index("acled:SYN101")
    page.evaluate(
        f"""() => {{
          const map = LG.map, at = map.latLngToContainerPoint([LG.ev.lat[{i}], LG.ev.lon[{i}]]);
          map.panBy([at.x - 187, at.y - 300], {{animate: false}});
          LG.picking.list([{{event: {i}}}, {{event: {j}}}], L.latLng(LG.ev.lat[{i}], LG.ev.lon[{i}]));
        }}"""
    )
    before = fully_visible(page)
    assert "2 records and events here" in before["text"]
    page.locator(".lg-pick").first.click()
    page.wait_for_function("() => document.querySelector('.leaflet-popup .lg-back') !== null")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    after = fully_visible(page)
    assert "synthetic event 10" in after["text"] and after["box"]["bottom"] - after["box"]["top"] > 150
    assert seen["errors"] == []
