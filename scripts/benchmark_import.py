"""Speed and memory of importing an ACLED export (issue 10): read, check, geocode, analyse.

  python scripts/benchmark_import.py            # 100,000 rows
  python scripts/benchmark_import.py --rows 10000
  python scripts/benchmark_import.py --rows 10000 --map   # also render the map and open it in Chromium

The export is synthetic and seeded: rows in the current ACLED layout, every event type, places and
coordinates from the project's gazetteer (5% of rows without coordinates, so they are geocoded by
name), notes of about 200 characters, and 0.5% bad rows (impossible dates, unknown types). Each
measurement runs in a fresh process, so the peak resident memory is that step's own.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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
TYPES = [
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Strategic developments", "Headquarters or base established"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Mob violence"),
]
ACTORS = [
    "Islamic State (Sahel)",
    "JNIM: Group for Support of Islam and Muslims",
    "Military Forces of Mali (2021-)",
    "Military Forces of Niger (2021-2023)",
    "Military Forces of Burkina Faso (2022-)",
    "Civilians (Mali)",
]
COUNTRY = {"MLI": "Mali", "NER": "Niger", "BFA": "Burkina Faso"}


def write_export(path: Path, n: int, seed: int = 7) -> None:
    from geo.gazetteer import DEFAULT_DATA, load_places

    rng = random.Random(seed)
    places = [p for p in load_places(DEFAULT_DATA / "places.csv") if p.kind != "area"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for i in range(n):
            p = rng.choice(places)
            et, st = rng.choice(TYPES)
            day = f"20{rng.randint(18, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.005:
                day = "2022-02-30"
            blank = rng.random() < 0.05
            notes = " ".join(
                rng.choice(
                    [
                        "armed",
                        "men",
                        "attacked",
                        "the",
                        "village",
                        "of",
                        p.name,
                        "near",
                        "market",
                        "reported",
                        "killed",
                        "civilians",
                    ]
                )
                for _ in range(30)
            )
            w.writerow(
                [
                    f"{p.country}{i}",
                    day,
                    day[:4],
                    rng.choice("1112"),
                    "Political violence",
                    et,
                    st,
                    rng.choice(ACTORS),
                    "",
                    "State forces",
                    rng.choice(ACTORS),
                    "",
                    "Rebel group",
                    "",
                    "",
                    "",
                    "Western Africa",
                    COUNTRY[p.country],
                    p.admin1,
                    p.admin2,
                    "",
                    p.name,
                    "" if blank else f"{p.lat:.4f}",
                    "" if blank else f"{p.lon:.4f}",
                    rng.choice("1123"),
                    "Benchmark source",
                    "National",
                    notes,
                    rng.choice([0, 0, 1, 2, 5, 12]),
                    "",
                    "1700000000",
                ]
            )


MEASURE = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
import geo
ds = geo.load()
t1 = time.perf_counter()
ds = ds.with_events([sys.argv[2]])
t2 = time.perf_counter()
r = ds.imports[0]
print(json.dumps({"load_curated_s": t1 - t0, "import_s": t2 - t1, "read": r.read, "mapped": r.mapped,
                  "skipped": r.n_skipped, "geocoded": int(ds.events["geocoded"].sum()),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--map", action="store_true", help="also render a map of the events and time it in Chromium")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "acled.csv"
        t = time.perf_counter()
        write_export(path, args.rows)
        print(
            f"wrote {args.rows} synthetic rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s"
        )
        results = []
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, "-c", MEASURE, str(ROOT), str(path)], capture_output=True, text=True, check=True
            )
            results.append(json.loads(out.stdout))
        best = min(results, key=lambda r: r["import_s"])
        print(
            f"import (read, check, geocode, analyse) of {best['read']} rows: best {best['import_s']:.2f} s of "
            f"{args.runs}; mapped {best['mapped']}, skipped {best['skipped']}, geocoded {best['geocoded']}"
        )
        print(
            f"peak resident memory of the process (curated data + import): "
            f"{min(r['peak_mib'] for r in results):.0f} to {max(r['peak_mib'] for r in results):.0f} MiB"
        )
        if args.map:
            out = subprocess.run(
                [sys.executable, "-c", MAP, str(ROOT), str(path), str(Path(tmp) / "map.html")],
                capture_output=True,
                text=True,
                check=True,
            )
            print(out.stdout.strip())


MAP = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import geo
from playwright.sync_api import sync_playwright
ds = geo.load().with_events([sys.argv[2]])
t = time.perf_counter()
html = geo.render_html(ds)
render_s = time.perf_counter() - t
out = Path(sys.argv[3])
out.write_text(html, encoding="utf-8")
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    t = time.perf_counter()
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-lg-ready]", timeout=600_000)
    ready_s = time.perf_counter() - t
    t = time.perf_counter()
    page.evaluate("() => new Promise(r => { const m = window.LG.map; m.once('zoomend', () => "
                  "requestAnimationFrame(() => requestAnimationFrame(r))); m.zoomIn(1, {animate: false}); })")
    zoom_s = time.perf_counter() - t
    browser.close()
print(f"map of {len(ds.events)} events: render {render_s:.2f} s, page {len(html.encode()) / 1e6:.1f} MB, "
      f"open to ready in Chromium {ready_s:.2f} s, one zoom step {zoom_s:.2f} s")
"""


if __name__ == "__main__":
    main()
