import csv
import os
import shutil
from pathlib import Path

import pytest

import geo
from geo import snapshot

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def csv_rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def dataset() -> geo.Dataset:
    return geo.load(DATA)


@pytest.fixture(scope="session")
def html(dataset) -> str:
    return geo.render_html(dataset)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ for tests that break it on purpose."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def edit_csv(path: Path, row_id: str, **changes) -> None:
    """Change cells of the row whose id is ``row_id`` in a CSV file, keeping everything else."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    hit = [r for r in rows if r["id"] == row_id]
    assert hit, f"no row {row_id} in {path}"
    hit[0].update(changes)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def page_data(html: str) -> dict:
    """A built map's one data block, parsed as the page's JavaScript parses it: the events block's typed columns
    decoded (lists of numbers, one dictionary code per row), as the runtime reads them."""
    import json
    import re

    from geo.render.columns import decoded
    from geo.render.page import DATA_ID

    m = re.search(rf'<script type="application/json" id="{DATA_ID}">(.*?)</script>', html, re.S)
    assert m, "no data block in the page"
    data = json.loads(m.group(1))
    if isinstance(data.get("events"), dict):
        data["events"] = decoded(data["events"])
    return data


def row_ids(data: dict) -> list[str]:
    """Ids of every row of a page's one event block, curated records ("records:attack-tillia-2021-03-21", one row
    per place) and imported events ("acled:MLI-FIX-0001") alike, in the block's order (row i is LG.ev's i)."""
    ev = data["events"]
    if not ev.get("n"):
        return []
    fmt = ev["format"]
    return [
        (fmt["values"][fmt["codes"][i]] if "codes" in fmt else fmt["values"][0]) + ":" + sid
        for i, sid in enumerate(ev["source_id"])
    ]


def event_ids(data: dict) -> list[str]:
    """Ids of the imported events in a page's data block ("acled:MLI-FIX-0001"), in the block's order."""
    return [r for r in row_ids(data) if not r.startswith("records:")]


def block_cell(ev: dict, key: str, i: int):
    """Row i's value of one column of a page's event block, decoded as the page decodes it."""
    col = ev[key]
    if isinstance(col, dict):
        return col["values"][col["codes"][i]] if "codes" in col else col["values"][0]
    return col[i]


def record_rows(data: dict) -> list[dict]:
    """The curated records' rows of a page's event block (one per record and place), each as a dict: the row's
    common fields (id, kind, lat, lon, precision, radius_km, summary, actors, fatalities...) and the sparse ones
    only records carry (sources, n_places, px, name, near, note, date_text, place_text...)."""
    ev = data["events"]
    rec = ev.get("record")
    if not rec:
        return []
    kinds, precisions = [k["key"] for k in data["vocab"]["kinds"]], data["vocab"]["precisions"]
    out = []
    for k, i in enumerate(rec["sources"]["at"]):
        fat = ev["fatalities"][i]
        row = {
            "row": i,
            "id": ev["source_id"][i],
            "kind": kinds[ev["kind"][i]],
            "lat": ev["lat"][i] / 1e5,
            "lon": ev["lon"][i] / 1e5,
            "precision": precisions[block_cell(ev, "precision", i)],
            "radius_km": ev["radius"][i],
            "fatalities": None if fat < 0 else fat,
            **{key: block_cell(ev, key, i) for key in ("date", "summary", "actors", "fatalities_text", "place")},
        }
        row.update({key: col["values"][k] for key, col in rec.items()})
        out.append(row)
    return out


CHROMIUM = os.environ.get("LIPTAKO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = snapshot.CHROMIUM_ARGS  # the switches the picture code starts Chromium with


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by playwright (never a downloaded browser): one per test session,
    shared by the browser tests and the print tests (``geo.snapshot.picture(..., browser=browser)``).

    While it runs, a picture made without it (through the command line) starts its own Chromium in a thread
    of its own, as it would in a notebook."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: install it with  apt-get install chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def pytest_collection_modifyitems(config, items):
    """Tiers (issue 21): every test that uses the ``browser`` fixture, directly or through other fixtures, is
    marked ``browser``, and every test of a module in SLOW_MODULES ``slow``. Tests that start Chromium some
    other way (a picture made through the command line) and other ``slow`` tests are marked where they are
    written."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


# Modules whose every test takes more than ~10 s: building a wheel and installing it into a new venv.
SLOW_MODULES = {"test_wheel.py"}


def open_map(browser, path: Path, *, wait: bool = True, width: int = 1400, height: int = 900, hash: str = ""):
    """Open a map file with the network blocked; ``seen`` collects requests, errors and dialogs.

    Every request that is not a file of the map's own folder is aborted and recorded. A request the
    page's Content-Security-Policy refuses never gets here: it is recorded as an error instead.
    """
    page = browser.new_page(viewport={"width": width, "height": height})
    seen = {"requests": [], "errors": [], "dialogs": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))

    def guard(route):
        # Only files of the folder the page is in (a map next to an embedding page) may load.
        if route.request.url.startswith(path.parent.as_uri() + "/"):
            route.continue_()
        else:
            seen["requests"].append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(path.as_uri() + ("#" + hash if hash else ""))
    if wait:
        page.wait_for_selector("body[data-lg-ready]", state="attached")
    return page, seen
