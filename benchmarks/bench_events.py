"""Benchmark: many conflict events in one offline page (issue 11), ours against two folium baselines.

Run it from the project folder, with the project's virtualenv:

  .venv/bin/python benchmarks/bench_events.py                            # 1,000, 10,000 and 100,000 events
  .venv/bin/python benchmarks/bench_events.py --sizes 1000 --runs 1      # a quick check
  .venv/bin/python benchmarks/bench_events.py --sizes 100000 --runs 3 --write   # and write benchmarks/RESULTS.md
  .venv/bin/python benchmarks/bench_events.py --sizes 1000000 --no-notes --skip-browser

Workload. N synthetic, seeded events in the border zone (longitude -2..4.5, latitude 13..17). About 30% of
them share their coordinate with at least one other event, as village-level data does; the rest are spread
uniformly. Kinds attack, battle, airstrike, explosion, base and protest; days spread over 2018-01-01..2023-12-31;
a fatalities count; one of 8 actors; one of 300 synthetic place names; an ACLED-like precision radius drawn from
[0, 0, 25, 100] km (geo_precision 1, 1, 2, 3); a note of about 200 characters. The events are written as a CSV in
ACLED's current layout (the columns of scripts/benchmark_import.py). The notes are always in the CSV, as in a
real export; "notes no" is the page built with ``no_notes=True`` (``liptako build --no-notes``).

Methods.

* ours: ``geo.load().with_events([csv])`` then ``geo.render_html(ds)``.
* folium CircleMarker: one ``folium.CircleMarker`` with a popup (place, date, kind) per event. Built only up to
  10,000 events; the rows above that are extrapolated linearly from the largest size built, and say so.
* folium FastMarkerCluster: ``folium.plugins.FastMarkerCluster`` with rows [lat, lon, popup text].
  The folium pages have no tile layer, like ours. Notes do not apply to them (their popups carry no notes).

Measures.

* build s: ours, from the Dataset with its events imported to the HTML string (``render_html``); the import
  (read, check, geocode, analyse the CSV) is reported on its own. folium: from the creation of the map (popup
  texts included) to the end of ``get_root().render()``.
* peak MiB: ``ru_maxrss`` of a fresh process that did that build and nothing else: Python, the libraries, and
  for ours the curated data and the import too.
* HTML MB, bytes/event: the page's size in UTF-8 (MB = 10^6 bytes) and that size divided by N. folium's page is
  measured as folium writes it, loading Leaflet and its plugins from CDNs; ours is self-contained.
* first paint s (headless Chromium, 1280x800, one fresh browser per page): from ``page.goto`` until, for ours,
  the promise ``window.liptako.ready`` resolves, or ``body[data-lg-ready]`` is set when the page has no
  ``window.liptako``; for folium, the ``load`` event and then two requestAnimationFrame callbacks. folium's CDN
  files are served from local copies (Leaflet from django-js-lib-leaflet, jQuery from Debian's libjs-jquery or a
  small stand-in, Leaflet.markercluster from ``--markercluster-dir`` or Debian's libjs-leaflet.markercluster if
  installed); without a local Leaflet.markercluster the cluster page is not opened.
* zoom frame s: ``map.zoomIn(1, {animate: false})`` until ``zoomend`` and two animation frames (ours:
  ``window.LG.map``; folium: the global ``map_...``), timed in the page; the map is zoomed back out after.
* filter redraw ms: ours only, when the page has ``liptako.setDateRange``: ``setDateRange('2020-01-01',
  '2020-12-31')`` (awaited if it returns a promise) and two animation frames, timed in the page; "visible" is
  ``liptako.visibleCount()`` after it.
* A browser step that takes longer than ``--timeout`` (120 s) is recorded as "timeout"; a browser that hangs is
  killed. Folium per-marker pages above 10,000 events are not opened. With ``--runs`` > 1 each figure is the best.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
CHROMIUM = "/usr/bin/chromium"
SEED = 2011
SHARED = 0.30  # share of events placed at a coordinate that another event has too
PER_MARKER_MAX = 10_000
GOAL_N = 100_000

KINDS = ["attack", "battle", "airstrike", "explosion", "base", "protest"]
# kind -> (disorder_type, event_type, sub_event_type), so that the importer maps each back to the same kind.
ACLED_TYPES = {
    "attack": ("Political violence", "Violence against civilians", "Attack"),
    "battle": ("Political violence", "Battles", "Armed clash"),
    "airstrike": ("Political violence", "Explosions/Remote violence", "Air/drone strike"),
    "explosion": ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "base": ("Strategic developments", "Strategic developments", "Headquarters or base established"),
    "protest": ("Demonstrations", "Protests", "Peaceful protest"),
}
ACTORS = [
    "Islamic State (Sahel)",
    "JNIM: Group for Support of Islam and Muslims",
    "Military Forces of Mali (2021-)",
    "Military Forces of Niger (2021-2023)",
    "Military Forces of Burkina Faso (2022-)",
    "Wagner Group",
    "Dan Na Ambassagou",
    "Civilians (Mali)",
]
RADII_KM = [0, 0, 25, 100]
GEO_PRECISION = {0: "1", 25: "2", 100: "3"}
COUNTRY = {"MLI": ("Mali", "466"), "NER": ("Niger", "562"), "BFA": ("Burkina Faso", "854")}
FIRST_DAY, LAST_DAY = "2018-01-01", "2023-12-31"
# The current ACLED layout, as in scripts/benchmark_import.py.
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
NOTE_WORDS = [
    "armed",
    "men",
    "on",
    "motorbikes",
    "attacked",
    "the",
    "village",
    "market",
    "near",
    "reported",
    "killed",
    "civilians",
    "soldiers",
    "convoy",
    "ambush",
    "local",
    "sources",
    "said",
    "several",
    "wounded",
]
METHODS = ["ours", "folium CircleMarker", "folium FastMarkerCluster"]


# --- the workload -----------------------------------------------------------------------------------------


def place_names(seed: int = SEED, n: int = 300) -> list[str]:
    """``n`` distinct synthetic village names, seeded."""
    rng = random.Random(seed)
    first = ["Tin", "In", "Ta", "Ou", "Ka", "Bo", "Dou", "Me", "Ti", "Ag", "Sa", "Ba", "Ko", "Mo", "Ga", "Ne"]
    mid = ["ba", "ra", "ga", "lo", "ma", "ke", "di", "sso", "zou", "ta", "na", "fa", "", ""]
    last = ["ye", "ne", "ri", "kan", "tane", "bou", "dji", "kel", "sar", "go", "ka", "ma"]
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = rng.choice(first) + rng.choice(mid) + rng.choice(last)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def generate(n: int, seed: int = SEED) -> dict:
    """The events as columns (numpy arrays and lists); the same ``n`` and ``seed`` give the same events."""
    import numpy as np

    rng = np.random.default_rng([seed, n])
    lon = rng.uniform(-2.0, 4.5, n)
    lat = rng.uniform(13.0, 17.0, n)
    names = place_names(seed)
    place = rng.integers(0, len(names), n)
    # Village-level data: SHARED of the events sit at `sites` coordinates, each site holding two or more.
    k = int(round(SHARED * n))
    sites = k // 3
    if sites:
        shared = rng.choice(n, size=k, replace=False)
        site_of = np.concatenate([np.repeat(np.arange(sites), 2), rng.integers(0, sites, k - 2 * sites)])
        rng.shuffle(site_of)
        site_lon, site_lat = lon[shared[:sites]].copy(), lat[shared[:sites]].copy()
        lon[shared], lat[shared] = site_lon[site_of], site_lat[site_of]
        place[shared] = site_of % len(names)
    lon, lat = np.round(lon, 4), np.round(lat, 4)
    days = (np.datetime64(LAST_DAY) - np.datetime64(FIRST_DAY)).astype(int) + 1
    day = np.datetime64(FIRST_DAY) + rng.integers(0, days, n)
    iso = np.where((lat >= 15.0) & (lon < 3.0), "MLI", np.where(lon < 1.0, "BFA", "NER"))
    _, first, counts = np.unique(np.stack([lat, lon], axis=1), axis=0, return_index=True, return_counts=True)
    return {
        "n": n,
        "lat": lat,
        "lon": lon,
        "iso": iso,
        "day": np.datetime_as_string(day, unit="D"),
        "kind": rng.integers(0, len(KINDS), n),
        "fatalities": np.where(rng.random(n) < 0.45, 0, rng.geometric(0.2, n)),
        "actor1": rng.integers(0, len(ACTORS), n),
        "actor2": rng.integers(-1, len(ACTORS), n),  # -1: no second actor
        "place": place,
        "names": names,
        "radius_km": rng.choice(RADII_KM, n),
        "shared_share": float(counts[counts > 1].sum()) / n if n else 0.0,
    }


def note(rng: random.Random, place: str, day: str) -> str:
    """A note of about 200 characters, like ACLED's."""
    words = [f"On {day}, {rng.choice(['armed', 'unidentified', 'suspected'])} men attacked {place}"]
    size = len(words[0])
    while size < 195:
        w = rng.choice(NOTE_WORDS)
        words.append(w)
        size += len(w) + 1
    return " ".join(words)[:200] + "."


def write_csv(path: Path, ev: dict, seed: int = SEED) -> None:
    """The events as an ACLED export in its current layout, notes included."""
    rng = random.Random(seed * 1_000_003 + ev["n"])
    names = ev["names"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for i in range(ev["n"]):
            iso = str(ev["iso"][i])
            country, iso_num = COUNTRY[iso]
            kind = KINDS[ev["kind"][i]]
            disorder, etype, sub = ACLED_TYPES[kind]
            day = str(ev["day"][i])
            place = names[ev["place"][i]]
            a2 = int(ev["actor2"][i])
            w.writerow(
                [
                    f"{iso}{i + 1}",
                    day,
                    day[:4],
                    "1",
                    disorder,
                    etype,
                    sub,
                    ACTORS[ev["actor1"][i]],
                    "",
                    "State forces",
                    ACTORS[a2] if a2 >= 0 else "",
                    "",
                    "Rebel group" if a2 >= 0 else "",
                    "",
                    "Civilian targeting" if kind == "attack" else "",
                    iso_num,
                    "Western Africa",
                    country,
                    "",
                    "",
                    "",
                    place,
                    f"{ev['lat'][i]:.4f}",
                    f"{ev['lon'][i]:.4f}",
                    GEO_PRECISION[int(ev["radius_km"][i])],
                    "Benchmark source",
                    "National",
                    note(rng, place, day),
                    int(ev["fatalities"][i]),
                    "",
                    "1700000000",
                ]
            )


# --- builds, each in a fresh process ----------------------------------------------------------------------


def peak_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def build_ours(csv_path: str | None, notes: bool, out: str) -> dict:
    import dataclasses

    sys.path.insert(0, str(ROOT))
    t0 = time.perf_counter()
    import geo

    ds = geo.load()
    t1 = time.perf_counter()
    if csv_path:
        ds = ds.with_events([csv_path])
    t2 = time.perf_counter()
    if not notes:
        ds = dataclasses.replace(ds, no_notes=True)
    html = geo.render_html(ds)
    t3 = time.perf_counter()
    data = html.encode("utf-8")
    Path(out).write_bytes(data)
    return {
        "load_s": t1 - t0,
        "import_s": t2 - t1,
        "build_s": t3 - t2,
        "html_bytes": len(data),
        "events": len(ds.events),
        "peak_mib": peak_mib(),
    }


CLUSTER_CALLBACK = """function (row) {
    var marker = L.marker(new L.LatLng(row[0], row[1]));
    marker.bindPopup(row[2]);
    return marker;
}"""


def build_folium(method: str, n: int, seed: int, out: str) -> dict:
    import folium
    from folium.plugins import FastMarkerCluster

    ev = generate(n, seed)
    lat, lon, names = ev["lat"].tolist(), ev["lon"].tolist(), ev["names"]
    place, day, kind = ev["place"].tolist(), ev["day"].tolist(), ev["kind"].tolist()
    t0 = time.perf_counter()
    m = folium.Map(location=[15.0, 1.25], zoom_start=6, tiles=None, max_zoom=18)  # markercluster needs a maxZoom
    texts = [f"{names[p]}, {d}, {KINDS[k]}" for p, d, k in zip(place, day, kind, strict=True)]
    if method == "folium CircleMarker":
        for y, x, text in zip(lat, lon, texts, strict=True):
            folium.CircleMarker(location=[y, x], radius=4, popup=text).add_to(m)
    else:
        FastMarkerCluster(
            [[y, x, t] for y, x, t in zip(lat, lon, texts, strict=True)], callback=CLUSTER_CALLBACK
        ).add_to(m)
    html = m.get_root().render()
    t1 = time.perf_counter()
    data = html.encode("utf-8")
    Path(out).write_bytes(data)
    return {"build_s": t1 - t0, "html_bytes": len(data), "events": n, "peak_mib": peak_mib()}


# --- the browser ------------------------------------------------------------------------------------------

RAF2 = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
SIGNAL = "() => window.liptako !== undefined || (document.body !== null && document.body.hasAttribute('data-lg-ready'))"
READY = """async (ms) => {
    if (window.liptako === undefined) { return "data-lg-ready"; }
    const late = new Promise(r => setTimeout(() => r("timeout"), ms));
    return Promise.race([Promise.resolve(window.liptako.ready).then(() => "liptako.ready"), late]);
}"""
FIND_MAP = """() => {
    if (window.LG && window.LG.map) { return window.LG.map; }
    const name = Object.keys(window).find(k => k.startsWith("map_") && window[k] instanceof L.Map);
    return name ? window[name] : null;
}"""
ZOOM = """async ([ms, step]) => {
    const map = (%s)();
    if (!map) { return {error: "no map object"}; }
    const late = new Promise(r => setTimeout(() => r("timeout"), ms));
    const t0 = performance.now();
    const done = new Promise(r => map.once("zoomend", r)).then(() => %s).then(() => performance.now() - t0);
    if (step > 0) { map.zoomIn(1, {animate: false}); } else { map.zoomOut(1, {animate: false}); }
    return {ms: await Promise.race([done, late]), zoom: map.getZoom()};
}""" % (FIND_MAP, RAF2)  # noqa: UP031 -- a JS template: its braces would need doubling in an f-string
FILTER = (
    """async (ms) => {
    const lk = window.liptako;
    if (!lk || typeof lk.setDateRange !== "function") { return {ms: "n/a"}; }
    const late = new Promise(r => setTimeout(() => r("timeout"), ms));
    const t0 = performance.now();
    const done = Promise.resolve(lk.setDateRange("2020-01-01", "2020-12-31"))
        .then(() => %s).then(() => performance.now() - t0);
    const res = await Promise.race([done, late]);
    return {ms: res, visible: typeof lk.visibleCount === "function" ? lk.visibleCount() : null};
}"""  # noqa: UP031 -- a JS template: its braces would need doubling in an f-string
    % RAF2
)
JQUERY_STANDIN = """window.jQuery = window.$ = function (html) {
    var t = document.createElement("template"); t.innerHTML = String(html).trim(); return [t.content.firstChild];
};"""


def leaflet_dir() -> Path:
    import importlib.metadata as md

    return Path(md.distribution("django-js-lib-leaflet").locate_file("js_lib_leaflet/static/js_lib_leaflet"))


def markercluster_dir(given: str | None) -> Path | None:
    """A folder holding leaflet.markercluster.js, or None: the cluster page is then not opened."""
    candidates = [Path(given)] if given else []
    candidates += [
        Path("/usr/share/javascript/leaflet.markercluster"),
        Path("/usr/share/javascript/leaflet-markercluster"),
        Path("/usr/lib/node_modules/leaflet.markercluster/dist"),
    ]
    try:
        from xstatic.pkg import leaflet_markercluster  # type: ignore[import-not-found]

        candidates.append(Path(leaflet_markercluster.BASE_DIR))
    except ImportError:
        pass
    for d in candidates:
        if (d / "leaflet.markercluster.js").is_file():
            return d
    return None


class Offline:
    """Serves the CDN files a folium page asks for from local copies; anything else gets an empty answer."""

    TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png"}

    def __init__(self, cluster: Path | None):
        self.leaflet, self.cluster = leaflet_dir(), cluster
        self.served: dict[str, str] = {}

    def body(self, url: str) -> tuple[bytes, str]:
        name = url.split("?")[0].rsplit("/", 1)[-1]
        path = None
        if "leaflet@" in url and name in ("leaflet.js", "leaflet.css"):
            path = self.leaflet / name
        elif "leaflet@" in url and "/images/" in url:
            path = self.leaflet / "images" / name
        elif "jquery" in name and name.endswith(".js"):
            path = Path("/usr/share/javascript/jquery/jquery.min.js")
            if not path.is_file():
                self.served[url] = "stand-in"
                return JQUERY_STANDIN.encode(), self.TYPES[".js"]
        elif "markercluster" in url.lower() and self.cluster is not None:
            path = self.cluster / name
        if path is not None and path.is_file():
            self.served[url] = str(path)
            return path.read_bytes(), self.TYPES.get(path.suffix, "application/octet-stream")
        self.served[url] = "empty"
        return b"", self.TYPES.get(Path(name).suffix, "text/plain")

    def __call__(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
            return
        body, ctype = self.body(url)
        route.fulfill(status=200, body=body, content_type=ctype)


def browse(method: str, html: str, timeout: float, result: str, cluster: str | None) -> None:
    """Open one page in a fresh headless Chromium; each step's figure is written to ``result`` as it comes."""
    from playwright.sync_api import TimeoutError as PWTimeout
    from playwright.sync_api import sync_playwright

    out: dict = {"errors": []}

    def save(**kw) -> None:
        out.update(kw)
        Path(result).write_text(json.dumps(out), encoding="utf-8")

    ms = int(timeout * 1000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.on("pageerror", lambda e: out["errors"].append(str(e)[:200]))
        offline = Offline(markercluster_dir(cluster))
        page.route("**/*", offline)
        url = Path(html).as_uri()
        t0 = time.perf_counter()
        try:
            if method == "ours":
                page.goto(url, wait_until="commit", timeout=ms)
                page.wait_for_function(SIGNAL, timeout=ms)
                left = max(1, ms - int((time.perf_counter() - t0) * 1000))
                signal_used = page.evaluate(READY, left)
                first = time.perf_counter() - t0
                if signal_used == "timeout":
                    save(first_paint_s="timeout", zoom_s="—", filter_ms="—")
                    return
                save(first_paint_s=first, signal=signal_used)
            else:
                page.goto(url, wait_until="load", timeout=ms)
                page.evaluate(f"() => {RAF2}")
                save(first_paint_s=time.perf_counter() - t0, signal="load + 2 rAF")
        except PWTimeout:
            save(first_paint_s="timeout", zoom_s="—", filter_ms="—")
            return
        finally:
            save(served=offline.served)
        zoom = page.evaluate(ZOOM, [ms, 1])
        save(zoom_s=zoom["ms"] / 1000 if isinstance(zoom.get("ms"), (int, float)) else zoom.get("ms", "error"))
        if "error" in zoom:
            out["errors"].append(zoom["error"])
        if method == "ours":
            page.evaluate(ZOOM, [ms, -1])
            filt = page.evaluate(FILTER, ms)
            save(filter_ms=filt["ms"], visible=filt.get("visible"))
        browser.close()


# --- the parent: processes, results, tables ---------------------------------------------------------------


def run_child(job: dict, timeout: float | None = None) -> tuple[dict | None, str]:
    """Run ``job`` in a fresh Python process; (its JSON answer or None, stderr or "timeout")."""
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(job)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the child, its Playwright driver and its Chromium
        proc.communicate()
        return None, "timeout"
    if proc.returncode != 0:
        return None, stderr.strip().splitlines()[-1] if stderr.strip() else f"exit {proc.returncode}"
    return json.loads(stdout.strip().splitlines()[-1]), ""


def child(job: dict) -> None:
    kind = job["kind"]
    if kind == "ours":
        res = build_ours(job["csv"], job["notes"], job["out"])
    elif kind == "folium":
        res = build_folium(job["method"], job["n"], job["seed"], job["out"])
    else:
        browse(job["method"], job["html"], job["timeout"], job["result"], job.get("cluster"))
        res = {}
    print(json.dumps(res))


def best(values: list) -> object:
    """The smallest number among ``values``; else the first non-number (timeout, n/a, ...); else None."""
    nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if nums:
        return min(nums)
    rest = [v for v in values if v is not None]
    return rest[0] if rest else None


def measure_browser(row: dict, html: Path, args, tmp: Path) -> None:
    method = row["method"]
    if method == "folium FastMarkerCluster" and markercluster_dir(args.markercluster_dir) is None:
        row.update(first_paint_s="n/a", zoom_s="n/a")
        row["remarks"].append("not opened: no local Leaflet.markercluster (see --markercluster-dir)")
        return
    runs = []
    for r in range(args.runs):
        result = tmp / f"browser-{r}.json"
        result.unlink(missing_ok=True)
        job = {
            "kind": "browser",
            "method": method,
            "html": str(html),
            "timeout": args.timeout,
            "result": str(result),
            "cluster": args.markercluster_dir,
        }
        _, err = run_child(job, timeout=3 * args.timeout + 60)
        got = json.loads(result.read_text(encoding="utf-8")) if result.exists() else {}
        missing = "timeout" if err == "timeout" else "error"
        for key in ("first_paint_s", "zoom_s", "filter_ms"):
            got.setdefault(key, missing if (method == "ours" or key != "filter_ms") else None)
        if err and err != "timeout":
            got["errors"] = got.get("errors", []) + [err]
        runs.append(got)
    for key in ("first_paint_s", "zoom_s", "filter_ms", "visible"):
        row[key] = best([r.get(key) for r in runs])
    signals = sorted({r["signal"] for r in runs if r.get("signal")})
    if method == "ours" and signals:
        row["remarks"].append("ready: " + ", ".join(signals))
    errors = sorted({e for r in runs for e in r.get("errors", [])})
    if errors:
        row["remarks"].append(f"page errors: {len(errors)} ({errors[0][:80]})")
    stubs = sorted({u.rsplit("/", 1)[-1] for r in runs for u, s in r.get("served", {}).items() if s == "empty"})
    if stubs and method != "ours":
        row["remarks"].append(f"{len(stubs)} unused CDN files (Bootstrap, Font Awesome, ...) answered empty")


def measure_build(job: dict, runs: int) -> tuple[dict, str]:
    got, err = [], ""
    for _ in range(runs):
        res, err = run_child(job)
        if res is None:
            return {}, err
        got.append(res)
    return {k: best([g[k] for g in got]) for k in got[0]}, ""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def new_row(method: str, n: int, notes: bool | None) -> dict:
    return {
        "method": method,
        "n": n,
        "notes": notes,
        "remarks": [],
        "build_s": None,
        "import_s": None,
        "peak_mib": None,
        "html_bytes": None,
        "first_paint_s": None,
        "zoom_s": None,
        "filter_ms": None,
        "visible": None,
    }


def run_all(args) -> dict:
    sizes = sorted(set(args.sizes))
    variants = [True, False] if args.notes == "both" else [args.notes == "notes"]
    per_marker = sorted({n for n in sizes if n <= PER_MARKER_MAX} or {PER_MARKER_MAX})
    rows: list[dict] = []
    info: dict = {"shared": {}}
    with tempfile.TemporaryDirectory(prefix="bench_events-") as tmp_name:
        tmp = Path(tmp_name)
        base_html = tmp / "base.html"
        base, err = measure_build({"kind": "ours", "csv": None, "notes": True, "out": str(base_html)}, 1)
        info["base_bytes"] = base.get("html_bytes")
        for n in sorted(set(sizes) | set(per_marker)):
            t = time.perf_counter()
            ev = generate(n)
            info["shared"][n] = ev["shared_share"]
            csv_path = tmp / f"events-{n}.csv"
            write_csv(csv_path, ev)
            del ev
            log(f"N={n}: wrote {csv_path.stat().st_size / 1e6:.1f} MB of CSV in {time.perf_counter() - t:.1f} s")
            jobs = []
            if n in sizes:
                jobs += [(new_row("ours", n, v), {"kind": "ours", "csv": str(csv_path), "notes": v}) for v in variants]
            if n in per_marker:
                jobs.append(
                    (
                        new_row("folium CircleMarker", n, None),
                        {"kind": "folium", "method": "folium CircleMarker", "n": n, "seed": SEED},
                    )
                )
            if n in sizes:
                jobs.append(
                    (
                        new_row("folium FastMarkerCluster", n, None),
                        {"kind": "folium", "method": "folium FastMarkerCluster", "n": n, "seed": SEED},
                    )
                )
            for i, (row, job) in enumerate(jobs):
                html = tmp / f"page-{n}-{i}.html"
                job["out"] = str(html)
                log(f"N={n}: building {row['method']}{'' if row['notes'] is None else ' notes=' + str(row['notes'])}")
                res, err = measure_build(job, args.runs)
                if not res:
                    row["remarks"].append(f"build failed: {err[:120]}")
                    rows.append(row)
                    continue
                row.update({k: res[k] for k in ("build_s", "peak_mib", "html_bytes")}, import_s=res.get("import_s"))
                if res["events"] != n and row["method"] == "ours":
                    row["remarks"].append(f"{res['events']} events imported")
                if not args.skip_browser:
                    log(f"N={n}: opening {row['method']} in Chromium")
                    measure_browser(row, html, args, tmp)
                html.unlink(missing_ok=True)
                rows.append(row)
            csv_path.unlink()
    rows += extrapolated(rows, sizes)
    info["rows"] = rows
    return info


def extrapolated(rows: list[dict], sizes: list[int]) -> list[dict]:
    """Per-marker rows for the sizes above PER_MARKER_MAX, scaled linearly from the largest size built."""
    built = sorted(
        (r for r in rows if r["method"] == "folium CircleMarker" and r["build_s"] is not None), key=lambda r: r["n"]
    )
    if not built:
        return []
    ref = built[-1]
    out = []
    for n in (s for s in sizes if s > PER_MARKER_MAX):
        f = n / ref["n"]
        row = new_row("folium CircleMarker", n, None)
        row.update(
            build_s=ref["build_s"] * f,
            html_bytes=int(ref["html_bytes"] * f),
            extrapolated=True,
            first_paint_s="—",
            zoom_s="—",
        )
        if len(built) >= 2:  # memory: a line through the two largest sizes built
            a = built[-2]
            slope = (ref["peak_mib"] - a["peak_mib"]) / (ref["n"] - a["n"])
            row["peak_mib"] = ref["peak_mib"] + slope * (n - ref["n"])
        row["remarks"].append(f"extrapolated linearly (x{f:g}) from {ref['n']:,}; not built, not opened")
        out.append(row)
    return out


# --- output -----------------------------------------------------------------------------------------------


def num(v, spec: str, scale: float = 1.0) -> str:
    if v is None:
        return "—"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return format(v * scale if scale != 1 else v, spec)
    return str(v)


def table(rows: list[dict]) -> list[str]:
    head = [
        "method",
        "N",
        "notes",
        "build s",
        "peak MiB",
        "HTML MB",
        "bytes/event",
        "first paint s",
        "zoom frame s",
        "filter redraw ms",
        "visible after filter",
        "remarks",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    order = {m: i for i, m in enumerate(METHODS)}
    for r in sorted(rows, key=lambda r: (r["n"], order[r["method"]], r["notes"] is False)):
        notes = "—" if r["notes"] is None else ("yes" if r["notes"] else "no")
        bpe = r["html_bytes"] / r["n"] if r["html_bytes"] is not None else None
        method = r["method"] + (" (extrapolated)" if r.get("extrapolated") else "")
        filt = num(r["filter_ms"], ".1f") if r["method"] == "ours" else "—"
        visible = num(r["visible"], ",d") if r["method"] == "ours" else "—"
        lines.append(
            "| "
            + " | ".join(
                [
                    method,
                    f"{r['n']:,}",
                    notes,
                    num(r["build_s"], ".3f"),
                    num(r["peak_mib"], ".0f"),
                    num(r["html_bytes"], ".2f", 1e-6),
                    num(bpe, ",.0f"),
                    num(r["first_paint_s"], ".2f"),
                    num(r["zoom_s"], ".3f"),
                    filt,
                    visible,
                    "; ".join(r["remarks"]) or "",
                ]
            )
            + " |"
        )
    return lines


def import_table(rows: list[dict]) -> list[str]:
    ours = [r for r in rows if r["method"] == "ours" and r["import_s"] is not None]
    lines = ["| N | notes | import s (read, check, geocode, analyse the CSV) |", "|---|---|---|"]
    for r in sorted(ours, key=lambda r: (r["n"], r["notes"] is False)):
        lines.append(f"| {r['n']:,} | {'yes' if r['notes'] else 'no'} | {r['import_s']:.3f} |")
    return lines


def goals(rows: list[dict], base_bytes: int | None, n: int = GOAL_N) -> list[str]:
    """The issue-11 goals at ``n`` events, each marked met or not met."""

    def pick(method: str, notes=None) -> list[dict]:
        return [r for r in rows if r["method"] == method and r["n"] == n and (notes is None or r["notes"] == notes)]

    def is_num(v) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    ours = [r for r in pick("ours") if r["build_s"] is not None]
    label = {True: "with notes", False: "without notes"}
    lines = []
    if not ours:
        return [f"Not measured: {n:,} events were not in --sizes (or our build failed)."]

    def verdict(ok: bool | None) -> str:
        return "**met**" if ok else "**not met**"

    for method, want in (("folium CircleMarker", 100), ("folium FastMarkerCluster", 5)):
        ref = [r for r in pick(method) if r["build_s"] is not None]
        if not ref:
            lines.append(f"- build >= {want}x faster than {method}: not measured")
            continue
        how = " (its time extrapolated from a smaller size)" if ref[0].get("extrapolated") else ""
        ups = {r["notes"]: ref[0]["build_s"] / r["build_s"] for r in ours}
        text = ", ".join(f"{label[k]} {v:.3g}x" for k, v in sorted(ups.items(), reverse=True))
        lines.append(f"- build >= {want}x faster than {method}{how}: {text} -> {verdict(min(ups.values()) >= want)}")
    flat = [r for r in ours if r["notes"] is False]
    if flat:
        bpe = flat[0]["html_bytes"] / n
        extra = ""
        if base_bytes:
            extra = (
                f" (of which the page without events, {base_bytes:,} bytes, is {base_bytes / n:.1f};"
                f" the events alone {(flat[0]['html_bytes'] - base_bytes) / n:.1f})"
            )
        lines.append(f"- <= 80 bytes/event without notes: {bpe:.1f}{extra} -> {verdict(bpe <= 80)}")
    else:
        lines.append("- <= 80 bytes/event without notes: not measured (run with --no-notes or --both)")
    for key, goal, unit, scale, what in (
        ("first_paint_s", 1.5, "s", 1, "first paint"),
        ("filter_ms", 100, "ms", 1, "date-filter redraw"),
    ):
        vals = {r["notes"]: r[key] for r in ours}
        if all(v is None for v in vals.values()):
            lines.append(f"- {what} <= {goal:g} {unit}: not measured (--skip-browser)")
            continue
        text = ", ".join(
            f"{label[k]} {num(v, '.2f' if unit == 's' else '.1f', scale)}{' ' + unit if is_num(v) else ''}"
            for k, v in sorted(vals.items(), reverse=True)
        )
        ok = all(is_num(v) and v <= goal for v in vals.values())
        lines.append(f"- {what} <= {goal:g} {unit}: {text} -> {verdict(ok)}")
    return lines


def machine() -> dict:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kib = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        chromium = "not found"
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "ram_gib": mem_kib / 2**20,
        "python": platform.python_version(),
        "chromium": chromium or "unknown",
    }


def report(info: dict, args, command: str) -> str:
    m = machine()
    rows = info["rows"]
    shared = ", ".join(f"{n:,}: {s:.1%}" for n, s in sorted(info["shared"].items()))
    out = [
        "# Many events in one offline page (issue 11)",
        "",
        f"- Date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']:.1f} GiB RAM; Python {m['python']}; {m['chromium']}",
        f"- Command: `{command}`",
        f"- Runs: best of {args.runs}; browser step timeout {args.timeout:g} s"
        f"{'; browser skipped' if args.skip_browser else ''}",
        f"- Workload: seeded synthetic ACLED-layout events (see the docstring of benchmarks/bench_events.py); "
        f"share of events at a coordinate shared with another: {shared}",
        f"- Page without events (curated data only): {num(info.get('base_bytes'), ',d')} bytes",
        "",
        "folium's page loads Leaflet and its plugins from CDNs (served from local copies in the browser) and its",
        "size is as folium writes it. folium CircleMarker rows above 10,000 events are extrapolated linearly, not",
        "measured. Peak MiB is the whole build process (ours includes the curated data and the import).",
        "",
    ]
    for n in sorted({r["n"] for r in rows}):
        out += [f"## {n:,} events", ""] + table([r for r in rows if r["n"] == n]) + [""]
    out += ["## Import (ours; not part of build s)", ""] + import_table(rows) + [""]
    out += [f"## Goals (issue 11), at {GOAL_N:,} events", ""] + goals(rows, info.get("base_bytes")) + [""]
    return "\n".join(out)


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--sizes",
        default="1000,10000,100000",
        type=lambda s: [int(x.replace("_", "")) for x in s.split(",") if x.strip()],
        help="comma-separated event counts (default 1000,10000,100000; 1000000 allowed)",
    )
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--notes", dest="notes", action="store_const", const="notes", help="only pages with notes")
    g.add_argument("--no-notes", dest="notes", action="store_const", const="no-notes", help="only pages without")
    g.add_argument("--both", dest="notes", action="store_const", const="both", help="both (the default)")
    ap.set_defaults(notes="both")
    ap.add_argument("--runs", type=int, default=1, help="runs of each measure; the best is kept (default 1)")
    ap.add_argument("--skip-browser", action="store_true", help="builds only, no Chromium")
    ap.add_argument("--write", action="store_true", help=f"also write {RESULTS.relative_to(ROOT)}")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds a browser step may take (default 120)")
    ap.add_argument("--markercluster-dir", help="folder with leaflet.markercluster.js, to open the cluster pages")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is None and (not args.sizes or min(args.sizes) < 1 or max(args.sizes) > 1_000_000):
        ap.error("--sizes: event counts from 1 to 1000000")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.child is not None:
        child(json.loads(args.child))
        return
    command = shlex.join(["python", os.path.relpath(Path(__file__).resolve(), Path.cwd()), *sys.argv[1:]])
    info = run_all(args)
    text = report(info, args, command)
    print(text)
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")
        log(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
