"""Speed of lettering and printing a map (issue 13), on this machine.

  python scripts/benchmark_print.py

Measures, best of 3 runs each (headless Chromium, the network blocked):

* label placement: one ``LG.placeLabels()`` in the page (every country, region, ring and town label of
  the overview, 322 in all, placed against every symbol), at 760 x 500 and 1280 x 800, averaged over 20
  calls; and after a zoom to Ménaka at zoom 9;
* label ranking in Python with 100,000 imported events (each event counted for its nearest town within
  2 km, through a shapely STRtree), from ``geo.render.cartography.town_ranks``, part of every build;
* pictures: ``geo.snapshot.picture`` of the overview as a 2400 x 1600 PNG at scale 2, an A4 portrait PDF,
  and the PDF with the table pages, each from the HTML string to the bytes (Chromium start included).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import geo  # noqa: E402
from geo.render import cartography  # noqa: E402
from geo.snapshot import CHROMIUM_ARGS, chromium_path, picture  # noqa: E402

MAP = ROOT / "maps" / "liptako-gourma.html"
RUNS = 3


def best(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def placement() -> list[tuple[str, float]]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for w, h in ((760, 500), (1280, 800)):
            page = browser.new_page(viewport={"width": w, "height": h})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
            page.goto(MAP.as_uri())
            page.wait_for_selector("body[data-lg-ready]", state="attached")
            js = """() => { const t = performance.now(); for (let i = 0; i < 20; i++) LG.placeLabels();
                    return (performance.now() - t) / 20; }"""
            ms = min(page.evaluate(js) for _ in range(RUNS))
            shown = page.evaluate("document.querySelectorAll('.lg-label:not(.lg-off)').length")
            out.append((f"label placement, {w}x{h}, overview ({shown} of 322 labels shown)", ms))
            page.evaluate("LG.map.setView([15.9, 2.4], 9, {animate: false})")
            ms = min(page.evaluate(js) for _ in range(RUNS))
            out.append((f"label placement, {w}x{h}, zoom 9 at Ménaka", ms))
            page.close()
        browser.close()
    return out


def ranking() -> float:
    ds = geo.load(geo.DEFAULT_DATA)
    towns = ds.places[ds.places["kind"] != "area"]
    groups = [(lat, lon, grp.to_dict("records")) for (lat, lon), grp in towns.groupby(["lat", "lon"])]
    rng = np.random.default_rng(13)
    lon, lat = rng.uniform(-2, 4.5, 100_000), rng.uniform(13, 17, 100_000)
    # As the event table has them (geo.events): with their points built at import.
    events = gpd.GeoDataFrame({"lon": lon, "lat": lat}, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    return best(lambda: cartography.town_ranks(groups, {}, events))


def pictures() -> list[tuple[str, float]]:
    html = MAP.read_text(encoding="utf-8")
    return [
        ("PNG 2400x1600, scale 2", best(lambda: picture(html, fmt="png", width=2400, height=1600, scale=2))),
        ("PDF A4 portrait", best(lambda: picture(html, fmt="pdf", paper="A4", orientation="portrait"))),
        (
            "PDF A4 portrait --with-table",
            best(lambda: picture(html, fmt="pdf", paper="A4", orientation="portrait", table=True)),
        ),
    ]


def main() -> None:
    for name, ms in placement():
        print(f"{name:60s} {ms:8.1f} ms")
    print(f"{'town label ranking, 100,000 events':60s} {ranking() * 1000:8.1f} ms")
    for name, s in pictures():
        print(f"{name:60s} {s:8.2f} s")


if __name__ == "__main__":
    main()
