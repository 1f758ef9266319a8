"""Benchmark: many conflict events in one offline page (issues 11 and 25), ours against two folium scripts.

Run it from the project folder, with the project's virtualenv:

  .venv/bin/python benchmarks/bench_events.py --runs 3 --write     # 10k, 100k and 1M events; rewrites its
                                                                     # section of benchmarks/RESULTS.md
  .venv/bin/python benchmarks/bench_events.py --sizes 1000 --runs 1  # a quick check that writes nothing

Workload. N synthetic, seeded events in the border zone (longitude -2..4.5, latitude 13..17). About 30% of
them share their coordinate with at least one other event, as village-level data does; the rest are spread
uniformly. Kinds attack, battle, airstrike, explosion, base and protest; days spread over 2018-01-01..2023-12-31;
a fatalities count; one of 8 actors; one of 300 synthetic place names; an ACLED-like precision radius drawn from
[0, 0, 25, 100] km (geo_precision 1, 1, 2, 3); a note of about 200 characters. The events are written as a CSV in
ACLED's current layout (the columns of scripts/benchmark_import.py), which every method reads. The notes are
always in the CSV, as in a real export; "notes no" is our page built with ``no_notes=True`` (``liptako build
--no-notes``). By default our page is built with and without notes up to 100,000 events and without above.

Methods, each one fresh Python process per run, a script next to this one:

* ours (benchmarks/build_ours.py): ``import geo``, ``geo.load().with_events([csv])``, ``geo.render_html(ds)``,
  the page written. The page without events (``geo.render_html(geo.load())``) is built the same way.
* folium FastMarkerCluster (benchmarks/build_folium.py cluster): pandas reads the CSV, the popups carry the
  fields of our popup without notes that the CSV has, ``folium.plugins.FastMarkerCluster`` on a map with no
  tile layer and ``maxZoom`` set (without it Leaflet.markercluster throws "Map has no maxZoom specified" and the
  page never draws), ``Map.save``.
* folium CircleMarker (benchmarks/build_folium.py circles): the same with one ``folium.CircleMarker`` per event.
  Built only up to 10,000 events; its rows above that are extrapolated linearly from 10,000, and say so.

Measures. Each figure is the median of ``--runs`` runs; the runs of the methods take turns.

* CPU s, wall s: the whole process, from its start to its exit, imports included: user + system time of the
  child (``os.wait4``) and the wall time from before its start to after its exit.
* peak MiB: the child's ``ru_maxrss``.
* steps: each script's own step times (``time.perf_counter`` inside the process), a secondary table.
* page MB, bytes/event: the page's size (MB = 10^6 bytes) and that size divided by N. folium's page is as folium
  writes it, loading Leaflet and its plugins from CDNs; ours is self-contained.
* ready s (headless Chromium, 1280x800, one fresh browser per page and run): from ``page.goto`` until, for ours,
  the promise ``window.liptako.ready`` resolves; for folium, the ``load`` event (its markers are added by the
  page's inline script) and then two requestAnimationFrame callbacks. folium's CDN files are served from local
  copies (Leaflet from django-js-lib-leaflet, jQuery from Debian's libjs-jquery or a small stand-in,
  Leaflet.markercluster from ``--markercluster-dir``, Debian's libjs-leaflet.markercluster or the
  xstatic-leaflet-markercluster wheel); without a local Leaflet.markercluster the cluster page is not opened.
* drew: whether the page drew its events, checked after ready: no page error, and for ours
  ``liptako.visibleCount()`` at least N (it counts the curated records too); for FastMarkerCluster cluster or
  marker icons on the map; for CircleMarker circles (SVG paths) on the map. A page that did not draw gets
  "failed to render" in place of its times.
* zoom s: ``map.zoomIn(1, {animate: false})`` until ``zoomend`` and two animation frames (ours:
  ``window.LG.map``; folium: the global ``map_...``), timed in the page; ours is zoomed back out after.
* filter ms: ours only: ``liptako.setDateRange('2020-01-01', '2020-12-31')`` (awaited) and two animation
  frames, timed in the page; "visible" is ``liptako.visibleCount()`` after it.
* A browser step that takes longer than ``--timeout`` is recorded as "timeout" (and a page whose ready timed
  out is not opened again); a browser that hangs is killed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import platform
import random
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
HEADING = "# Many events in one offline page (issues 11 and 25)"
# The line of RESULTS.md that names the empty page's size; tests/test_results_current.py reads it.
EMPTY_LINE = "- Empty page bytes: {bytes} (`geo.render_html(geo.load())`, no events)"
EMPTY_RE = re.compile(r"^- Empty page bytes: (\d+) ", re.M)
CHROMIUM = "/usr/bin/chromium"
SEED = 2011
SHARED = 0.30  # share of events placed at a coordinate that another event has too
PER_MARKER_MAX = 10_000
GOAL_N = 100_000
BIG_N = 1_000_000

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
METHODS = ["ours", "folium FastMarkerCluster", "folium CircleMarker"]


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


# --- the browser ------------------------------------------------------------------------------------------

RAF2 = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
READY = """async (ms) => {
    const late = new Promise(r => setTimeout(() => r("timeout"), ms));
    return Promise.race([Promise.resolve(window.liptako.ready).then(() => "liptako.ready"), late]);
}"""
# Did the page draw its events? (plain values only: no Leaflet object leaves the page)
DREW = """([method, n]) => {
    if (method === "ours") {
        const lk = window.liptako;
        const v = lk && typeof lk.visibleCount === "function" ? lk.visibleCount() : null;
        const mode = window.LG && typeof window.LG.drawnMode === "string" ? ", drawn as " + window.LG.drawnMode : "";
        // visibleCount counts the curated records too: all N events and those when nothing is filtered
        return {ok: v !== null && v >= n, what: v === null ? "no liptako.visibleCount" : v + " visible" + mode};
    }
    if (method === "folium FastMarkerCluster") {
        const icons = document.querySelectorAll(".leaflet-marker-pane .leaflet-marker-icon").length;
        const clusters = document.querySelectorAll(".leaflet-marker-pane .marker-cluster").length;
        return {ok: icons > 0, what: icons + " icons on the map, " + clusters + " of them clusters"};
    }
    const circles = document.querySelectorAll(".leaflet-overlay-pane path.leaflet-interactive").length;
    return {ok: circles > 0, what: circles + " circles on the map"};
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
    """A folder holding leaflet.markercluster.js, or None: the cluster page is then not opened. Looked for in
    ``given``, Debian's libjs-leaflet.markercluster, a global npm install and the xstatic-leaflet-markercluster
    wheel (``pip install xstatic-leaflet-markercluster``)."""
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


def shown(d: Path) -> str:
    """``d`` relative to the project folder when it is inside it."""
    return str(d.relative_to(ROOT)) if d.is_relative_to(ROOT) else str(d)


def markercluster_version(d: Path | None) -> str:
    if d is None:
        return "none"
    head = (d / "leaflet.markercluster.js").read_text(encoding="utf-8", errors="replace")[:300]
    m = re.search(r"(\d+\.\d+\.\d+)", head)
    if m is None:
        try:
            from xstatic.pkg import leaflet_markercluster

            if Path(leaflet_markercluster.BASE_DIR) == d:
                return f"{leaflet_markercluster.VERSION} (the xstatic-leaflet-markercluster wheel)"
        except ImportError:
            pass
    return f"{m.group(1) if m else 'version unknown'} ({shown(d)})"


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


def browse(job: dict) -> None:
    """Open one page in a fresh headless Chromium; each step's figure is written to the job's result file as
    it comes, so a step that hangs still leaves the ones before it."""
    from playwright.sync_api import TimeoutError as PWTimeout
    from playwright.sync_api import sync_playwright

    method, ms = job["method"], int(job["timeout"] * 1000)
    out: dict = {"errors": []}

    def save(**kw) -> None:
        out.update(kw)
        Path(job["result"]).write_text(json.dumps(out), encoding="utf-8")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.on("pageerror", lambda e: out["errors"].append(str(e)[:200]))
        offline = Offline(markercluster_dir(job.get("cluster")))
        page.route("**/*", offline)
        url = Path(job["html"]).as_uri()
        t0 = time.perf_counter()
        try:
            if method == "ours":
                page.goto(url, wait_until="commit", timeout=ms)
                page.wait_for_function("() => window.liptako !== undefined", timeout=ms)
                left = max(1, ms - int((time.perf_counter() - t0) * 1000))
                if page.evaluate(READY, left) == "timeout":
                    save(ready_s="timeout")
                    return
            else:
                page.goto(url, wait_until="load", timeout=ms)
                page.evaluate(f"() => {RAF2}")
            save(ready_s=time.perf_counter() - t0)
        except PWTimeout:
            save(ready_s="timeout")
            return
        finally:
            save(served=offline.served)
        drew = page.evaluate(DREW, [method, job["events"]])
        save(drew=bool(drew["ok"]) and not out["errors"], drew_what=drew["what"])
        zoom = page.evaluate(ZOOM, [ms, 1])
        save(zoom_s=zoom["ms"] / 1000 if isinstance(zoom.get("ms"), (int, float)) else zoom.get("ms", "error"))
        if "error" in zoom:
            out["errors"].append(zoom["error"])
        if method == "ours":
            page.evaluate(ZOOM, [ms, -1])
            filt = page.evaluate(FILTER, ms)
            save(filter_ms=filt["ms"], visible=filt.get("visible"))
        browser.close()


# --- the parent: processes, runs, medians -----------------------------------------------------------------


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def timed(cmd: list[str], timeout: float | None = None) -> dict:
    """Run ``cmd`` as a fresh process and time it whole: CPU (user + system, from ``os.wait4``), wall (from
    before its start to after its exit) and peak RSS; with the JSON line it printed last. On a failure:
    {"error": its last line of stderr, or "timeout"}."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, start_new_session=True)
        late = threading.Event()

        def kill() -> None:
            late.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # the child and anything it started (a Chromium)

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if late.is_set():
        return {"error": "timeout"}
    if proc.returncode != 0 or not stdout.strip():
        last = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit {proc.returncode}"
        return {"error": last}
    res = json.loads(stdout.strip().splitlines()[-1])
    res.update(cpu_s=ru.ru_utime + ru.ru_stime, wall_s=wall, peak_mib=ru.ru_maxrss / 1024)  # KiB on Linux
    return res


def is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def median(values: list) -> object:
    """The median of ``values`` when all are numbers; else the first that is not (timeout, failed to render,
    n/a, ...): a figure that failed in any run is not hidden by the runs that did not; None if none."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    rest = [v for v in values if not is_num(v)]
    return rest[0] if rest else statistics.median(values)


def new_row(method: str, n: int, notes: bool | None, cmd: list[str], html: Path) -> dict:
    return {"method": method, "n": n, "notes": notes, "cmd": cmd, "html": html, "runs": [], "remarks": []}


def summarise_builds(row: dict) -> None:
    runs = row.pop("runs")
    failed = [r["error"] for r in runs if "error" in r]
    if failed:
        row["remarks"].append(f"build failed: {failed[0][:160]}")
        row["failed"] = True
        return
    for key in ("cpu_s", "wall_s", "peak_mib", "html_bytes"):
        row[key] = median([r[key] for r in runs])
    row["events"] = runs[-1]["events"]
    row["steps"] = {k: median([r["steps"][k] for r in runs]) for k in runs[0]["steps"]}
    if row["events"] != row["n"]:
        row["remarks"].append(f"{row['events']:,} events in the page")


def measure_browser(row: dict, args, tmp: Path) -> None:
    """Open the row's page ``--runs`` times, each in a fresh Chromium; the medians into the row."""
    method = row["method"]
    if method == "folium FastMarkerCluster" and markercluster_dir(args.markercluster_dir) is None:
        row.update(ready_s="n/a", zoom_s="n/a")
        row["remarks"].append("not opened: no local Leaflet.markercluster (see --markercluster-dir)")
        return
    runs = []
    for r in range(args.runs):
        result = tmp / f"browser-{r}.json"
        result.unlink(missing_ok=True)
        job = {
            "kind": "browser",
            "method": method,
            "html": str(row["html"]),
            "events": row["events"],
            "timeout": args.timeout,
            "result": str(result),
            "cluster": args.markercluster_dir,
        }
        res = timed([sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(job)], 3 * args.timeout + 60)
        got = json.loads(result.read_text(encoding="utf-8")) if result.exists() else {}
        err = res.get("error")
        for key in ("ready_s", "zoom_s") + (("filter_ms",) if method == "ours" else ()):
            got.setdefault(key, "timeout" if err == "timeout" else "error")
        if err and err != "timeout":
            got["errors"] = got.get("errors", []) + [err]
        if got.get("drew") is False:
            row["remarks"].append(
                f"failed to render ({got.get('drew_what')}), ready after {num(got['ready_s'], '.2f')} s"
            )
            for key in ("ready_s", "zoom_s", "filter_ms"):
                got[key] = "failed to render"
        runs.append(got)
        if got["ready_s"] == "timeout":  # another run would time out too: at 1M events that is minutes each
            row["remarks"].append(f"ready timed out in run {r + 1}; not opened again")
            break
    for key in ("ready_s", "zoom_s", "filter_ms", "visible"):
        row[key] = median([r.get(key) for r in runs])
    drew = sorted({r["drew_what"] for r in runs if r.get("drew")})
    if drew:
        row["drew"] = drew[-1]
    errors = sorted({e for r in runs for e in r.get("errors", [])})
    if errors:
        row["remarks"].append(f"page errors: {len(errors)} ({errors[0][:100]})")
    stubs = sorted({u.rsplit("/", 1)[-1] for r in runs for u, s in r.get("served", {}).items() if s == "empty"})
    if stubs and method != "ours":
        row["remarks"].append(f"{len(stubs)} unused CDN files (Bootstrap, Font Awesome, ...) answered empty")


def variants_at(n: int, notes: str) -> list[bool]:
    if notes == "both":
        return [True, False] if n <= GOAL_N else [False]
    return [notes == "notes"]


def run_all(args) -> dict:
    sizes = sorted(set(args.sizes))
    per_marker = sorted({n for n in sizes if n <= PER_MARKER_MAX} or {PER_MARKER_MAX})
    py, ours, folium_py = sys.executable, str(HERE / "build_ours.py"), str(HERE / "build_folium.py")
    rows: list[dict] = []
    info: dict = {"shared": {}, "load_start": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="bench_events-") as tmp_name:
        tmp = Path(tmp_name)
        empty = new_row("ours", 0, True, [py, ours, "-", str(tmp / "empty.html")], tmp / "empty.html")
        log(f"the page without events: {args.runs} build(s)")
        empty["runs"] = [timed(empty["cmd"]) for _ in range(args.runs)]
        summarise_builds(empty)
        info["empty"] = empty
        for n in sorted(set(sizes) | set(per_marker)):
            t = time.perf_counter()
            ev = generate(n)
            info["shared"][n] = ev["shared_share"]
            csv_path = tmp / f"events-{n}.csv"
            write_csv(csv_path, ev)
            del ev
            log(f"N={n:,}: wrote {csv_path.stat().st_size / 1e6:.1f} MB of CSV in {time.perf_counter() - t:.1f} s")
            todo = []
            if n in sizes:
                for v in variants_at(n, args.notes):
                    html = tmp / f"ours-{n}-{'notes' if v else 'no-notes'}.html"
                    todo.append(
                        new_row(
                            "ours", n, v, [py, ours, str(csv_path), str(html)] + ([] if v else ["--no-notes"]), html
                        )
                    )
                html = tmp / f"cluster-{n}.html"
                todo.append(
                    new_row(
                        "folium FastMarkerCluster", n, None, [py, folium_py, "cluster", str(csv_path), str(html)], html
                    )
                )
            if n in per_marker:
                html = tmp / f"circles-{n}.html"
                todo.append(
                    new_row("folium CircleMarker", n, None, [py, folium_py, "circles", str(csv_path), str(html)], html)
                )
            for r in range(args.runs):  # the methods take turns, so that a busy spell of the machine is shared
                for row in todo:
                    log(f"N={n:,}: run {r + 1} of {args.runs}: {label(row)}")
                    row["runs"].append(timed(row["cmd"], args.build_timeout))
            for row in todo:
                summarise_builds(row)
                if not args.skip_browser and not row.get("failed"):
                    log(f"N={n:,}: opening {label(row)} in Chromium ({args.runs} time(s))")
                    measure_browser(row, args, tmp)
                row["html"].unlink(missing_ok=True)
                rows.append(row)
            csv_path.unlink()
    rows += extrapolated(rows, sizes)
    info["rows"] = rows
    info["load_end"] = os.getloadavg()
    return info


def label(row: dict) -> str:
    return row["method"] + ("" if row["notes"] is None else (" with notes" if row["notes"] else " without notes"))


def extrapolated(rows: list[dict], sizes: list[int]) -> list[dict]:
    """CircleMarker rows for the sizes above PER_MARKER_MAX: time and page size scaled linearly from the
    largest size built; peak memory on the line through the two largest sizes built, if two were."""
    built = sorted(
        (r for r in rows if r["method"] == "folium CircleMarker" and is_num(r.get("cpu_s"))), key=lambda r: r["n"]
    )
    if not built:
        return []
    ref = built[-1]
    out = []
    for n in (s for s in sizes if s > PER_MARKER_MAX):
        f = n / ref["n"]
        row = new_row("folium CircleMarker", n, None, [], Path())
        row.update(
            cpu_s=ref["cpu_s"] * f,
            wall_s=ref["wall_s"] * f,
            html_bytes=int(ref["html_bytes"] * f),
            extrapolated=True,
            ready_s="—",
            zoom_s="—",
        )
        if len(built) >= 2:
            a = built[-2]
            row["peak_mib"] = ref["peak_mib"] + (ref["peak_mib"] - a["peak_mib"]) / (ref["n"] - a["n"]) * (n - ref["n"])
        row["remarks"].append(f"extrapolated linearly (x{f:g}) from {ref['n']:,}; not built, not opened")
        out.append(row)
    return out


def child(job: dict) -> None:
    browse(job)
    print(json.dumps({}))


# --- output -----------------------------------------------------------------------------------------------


def num(v, spec: str, scale: float = 1.0) -> str:
    if v is None:
        return "—"
    if is_num(v):
        return format(v * scale if scale != 1 else v, spec)
    return str(v)


def notes_cell(r: dict) -> str:
    return "—" if r["notes"] is None else ("yes" if r["notes"] else "no")


def ordered(rows: list[dict]) -> list[dict]:
    order = {m: i for i, m in enumerate(METHODS)}
    return sorted(rows, key=lambda r: (r["n"], order[r["method"]], r["notes"] is False))


def table(rows: list[dict]) -> list[str]:
    head = ["method", "notes", "CPU s", "wall s", "peak MiB", "page MB", "bytes/event", "ready s", "zoom s"]
    head += ["filter ms", "visible after filter", "drew", "remarks"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in ordered(rows):
        bpe = r["html_bytes"] / r["n"] if is_num(r.get("html_bytes")) else None
        ours = r["method"] == "ours"
        cells = [
            r["method"] + (" (extrapolated)" if r.get("extrapolated") else ""),
            notes_cell(r),
            num(r.get("cpu_s"), ".2f"),
            num(r.get("wall_s"), ".2f"),
            num(r.get("peak_mib"), ".0f"),
            num(r.get("html_bytes"), ".2f", 1e-6),
            num(bpe, ",.1f"),
            num(r.get("ready_s"), ".2f"),
            num(r.get("zoom_s"), ".3f"),
            num(r.get("filter_ms"), ".1f") if ours else "—",
            num(r.get("visible"), ",d") if ours else "—",
            r.get("drew", "—"),
            "; ".join(r["remarks"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def steps_table(rows: list[dict]) -> list[str]:
    lines = ["| N | method | notes | steps inside the process, s (median) |", "|---|---|---|---|"]
    for r in ordered([r for r in rows if r.get("steps")]):
        steps = ", ".join(f"{k} {v:.3f}" for k, v in r["steps"].items())
        lines.append(f"| {r['n']:,} | {r['method']} | {notes_cell(r)} | {steps} |")
    return lines


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def goals(rows: list[dict], empty: dict) -> list[str]:
    """Issue 25's benchmark goals, each with its figure and met or not met."""

    def pick(method: str, n: int, notes=None) -> dict | None:
        got = [
            r for r in rows if r["method"] == method and r["n"] == n and r["notes"] == notes and is_num(r.get("cpu_s"))
        ]
        return got[0] if got else None

    lines = []
    cpu = empty.get("cpu_s")
    if is_num(cpu):
        lines.append(f"- a build with no events <= 0.8 s CPU, whole process: {cpu:.2f} s -> {verdict(cpu <= 0.8)}")
    ours, fmc = pick("ours", GOAL_N, False), pick("folium FastMarkerCluster", GOAL_N)
    if ours is None:
        lines.append(f"- {GOAL_N:,} events: not measured (not in --sizes, built with notes only, or the build failed)")
    else:
        if fmc is not None:
            x = fmc["cpu_s"] / ours["cpu_s"]
            lines.append(
                f"- {GOAL_N:,} events, whole-process build >= 2x faster than folium FastMarkerCluster (CPU): "
                f"{ours['cpu_s']:.2f} s against {fmc['cpu_s']:.2f} s, {x:.2f}x -> {verdict(x >= 2)}"
            )
        bpe = ours["html_bytes"] / GOAL_N
        base = empty.get("html_bytes")
        part = f" (the page without events {base / GOAL_N:.1f} of it)" if is_num(base) else ""
        lines.append(f"- {GOAL_N:,} events, <= 50 bytes/event without notes: {bpe:.1f}{part} -> {verdict(bpe <= 50)}")
        for key, goal, unit, what in (
            ("ready_s", 1.5, "s", "ready in Chromium"),
            ("filter_ms", 100, "ms", "date filter"),
            ("zoom_s", 0.150, "s", "zoom step"),
        ):
            v = ours.get(key)
            if v is None:
                lines.append(f"- {GOAL_N:,} events, {what} <= {goal:g} {unit}: not measured (--skip-browser)")
            else:
                text = f"{num(v, '.3f' if unit == 's' else '.1f')}{' ' + unit if is_num(v) else ''}"
                lines.append(
                    f"- {GOAL_N:,} events, {what} <= {goal:g} {unit} (without notes): {text} -> "
                    f"{verdict(is_num(v) and v <= goal)}"
                )
    big = pick("ours", BIG_N, False)
    if big is None:
        lines.append(f"- {BIG_N:,} events: not measured")
    else:
        gb = big["peak_mib"] * 2**20 / 1e9
        lines.append(f"- {BIG_N:,} events, build <= 8 s CPU: {big['cpu_s']:.2f} s -> {verdict(big['cpu_s'] <= 8)}")
        lines.append(f"- {BIG_N:,} events, peak <= 1.2 GB: {gb:.2f} GB -> {verdict(gb <= 1.2)}")
        usable = is_num(big.get("ready_s")) and bool(big.get("drew"))
        lines.append(
            f"- {BIG_N:,} events, page usable: ready {num(big.get('ready_s'), '.2f')} s, zoom "
            f"{num(big.get('zoom_s'), '.3f')} s, filter {num(big.get('filter_ms'), '.1f')} ms, drew: "
            f"{big.get('drew', 'not checked')} -> {verdict(usable)}"
        )
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
    system = platform.platform()
    osr = Path("/etc/os-release")
    if osr.is_file():
        pretty = re.search(r'^PRETTY_NAME="?([^"\n]*)', osr.read_text(), re.M)
        system = f"{pretty.group(1)}, Linux {platform.release()}" if pretty else system
    import importlib.metadata as md

    versions = ", ".join(f"{p} {md.version(p)}" for p in ("pandas", "pyarrow", "folium", "playwright"))
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "ram_gib": mem_kib / 2**20,
        "system": system,
        "python": platform.python_version(),
        "versions": versions,
        "chromium": chromium or "unknown",
        "leaflet": md.version("django-js-lib-leaflet"),
        "folium_cdn": folium_cdn(),
    }


def folium_cdn() -> str:
    """The versions of Leaflet and Leaflet.markercluster that folium's pages ask CDNs for."""
    import folium
    from folium.plugins import MarkerCluster

    urls = [u for _, u in folium.Map.default_js + MarkerCluster.default_js]
    got = [re.search(r"leaflet@([\d.]+)/", u) or re.search(r"markercluster/([\d.]+)/", u) for u in urls]
    leaflet = next((g.group(1) for g in got if g and "@" in g.group(0)), "?")
    cluster = next((g.group(1) for g in got if g and "markercluster" in g.group(0)), "?")
    return f"Leaflet {leaflet} and Leaflet.markercluster {cluster}"


def commit() -> str:
    """The checkout's commit, and whether the code measured differs from it."""

    def git(*a: str) -> str:
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git(
        "status",
        "--porcelain",
        "--",
        "geo",
        "data",
        "benchmarks/bench_events.py",
        "benchmarks/build_ours.py",
        "benchmarks/build_folium.py",
    )
    return head + (" (with uncommitted changes to geo/, data/ or the benchmark)" if dirty else "")


def report(info: dict, args, command: str) -> str:
    m = machine()
    rows, empty = info["rows"], info["empty"]
    shared = ", ".join(f"{n:,}: {s:.1%}" for n, s in sorted(info["shared"].items()))
    load = ", ".join(f"{a:.1f}" for a in info["load_start"]), ", ".join(f"{a:.1f}" for a in info["load_end"])
    out = [
        HEADING,
        "",
        f"- Date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}; commit {commit()}",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']:.1f} GiB RAM; {m['system']}; load average "
        f"(1, 5, 15 min) {load[0]} at the start, {load[1]} at the end",
        f"- Software: Python {m['python']}; {m['versions']}; {m['chromium']}; for folium's pages (which ask CDNs "
        f"for {m['folium_cdn']}), Leaflet from django-js-lib-leaflet "
        f"{m['leaflet']} and Leaflet.markercluster {markercluster_version(markercluster_dir(args.markercluster_dir))}",
        f"- Command: `{command}`",
        f"- Runs: median of {args.runs}, each a fresh process (the methods take turns); browser step timeout "
        f"{args.timeout:g} s{'; browser skipped' if args.skip_browser else ''}",
        f"- Workload: seeded synthetic ACLED-layout events (see the docstring of benchmarks/bench_events.py); "
        f"share of events at a coordinate shared with another: {shared}",
        EMPTY_LINE.format(bytes=empty.get("html_bytes")),
        f"- Empty page build, whole process: CPU {num(empty.get('cpu_s'), '.2f')} s, wall "
        f"{num(empty.get('wall_s'), '.2f')} s, peak {num(empty.get('peak_mib'), '.0f')} MiB"
        + (f"; {'; '.join(empty['remarks'])}" if empty["remarks"] else ""),
        "",
        "CPU s and wall s are whole processes, from start to exit, imports included: ours is `import geo`,",
        "`geo.load().with_events([csv])`, `geo.render_html` and the page written (benchmarks/build_ours.py); each",
        "folium script reads the same CSV with pandas and gives every marker a popup with the fields of our popup",
        "without notes that the CSV has (benchmarks/build_folium.py). folium's page loads Leaflet and its plugins",
        "from CDNs (served from local copies in the browser) and its size is as folium writes it; ours is",
        "self-contained. folium CircleMarker rows above 10,000 events are extrapolated linearly from 10,000, not",
        'built or opened. "drew" is the check that the page drew its events (see the docstring); a page that did',
        'not draw shows "failed to render".'
        + (" Our page is built without notes only above 100,000 events." if args.notes == "both" else ""),
        "",
    ]
    for n in sorted({r["n"] for r in rows}):
        out += [f"## {n:,} events", ""] + table([r for r in rows if r["n"] == n]) + [""]
    out += ["## Steps inside each process (secondary; the process's own clock)", ""] + steps_table(rows + [empty])
    out += ["", "## Goals (issue 25)", ""] + goals(rows, empty) + [""]
    return "\n".join(out)


def write_section(section: str, path: Path = RESULTS) -> None:
    """Put ``section`` in ``path`` in place of this benchmark's earlier one (from its heading, any issue
    list, to the next top-level heading), else first; the other benchmarks' sections stay as they are."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    at = next((i for i, x in enumerate(lines) if x.startswith("# Many events in one offline page")), None)
    if at is None:
        rest = "".join(lines)
        text = section.rstrip("\n") + "\n" + ("\n" + rest if rest else "")
    else:
        end = next((i for i in range(at + 1, len(lines)) if lines[i].startswith("# ")), len(lines))
        rest = "".join(lines[end:])
        text = "".join(lines[:at]) + section.rstrip("\n") + "\n" + ("\n" + rest if rest else "")
    path.write_text(text, encoding="utf-8")


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        type=lambda s: [int(x.replace("_", "")) for x in s.split(",") if x.strip()],
        help="comma-separated event counts (default 10000,100000,1000000)",
    )
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--notes", dest="notes", action="store_const", const="notes", help="our pages with notes only")
    g.add_argument("--no-notes", dest="notes", action="store_const", const="no-notes", help="without notes only")
    g.add_argument(
        "--both", dest="notes", action="store_const", const="both", help="both up to 100,000 events (the default)"
    )
    ap.set_defaults(notes="both")
    ap.add_argument("--runs", type=int, default=3, help="runs of each measure; the median is kept (default 3)")
    ap.add_argument("--skip-browser", action="store_true", help="builds only, no Chromium")
    ap.add_argument("--write", action="store_true", help=f"also write its section of {RESULTS.relative_to(ROOT)}")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds a browser step may take (default 300)")
    ap.add_argument("--build-timeout", type=float, default=1800.0, help="seconds a build may take (default 1800)")
    ap.add_argument("--markercluster-dir", help="folder with leaflet.markercluster.js, to open the cluster pages")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is None and (not args.sizes or min(args.sizes) < 1 or max(args.sizes) > BIG_N):
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
        write_section(text)
        log(f"wrote its section of {RESULTS}")


if __name__ == "__main__":
    main()
