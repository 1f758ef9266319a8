"""Build ``data/osm_places.csv.gz``: OpenStreetMap place nodes of Mali, Niger and Burkina Faso (ODbL).

Input: the per-country SQLite files of ``ObiWanLansi/GeoData`` (``Africa/<country>.sqlite.zip``, OSM nodes
of September 2019, table ``NODE``: ``ID, LAT, LON, NAME, NAME_EN, NAME_DE, TAG, VALUE, POPULATION``). Give
the three countries' files and, for the neighbours' strips, any neighbour's file: a node is in scope when it
lies in the region box (``geo.checks.THREE_COUNTRIES``) and either in one of the three countries or within
``STRIP_KM`` of them. Zipped files are read as they are.

Every node in scope is checked; a node that fails is left out and listed with the reason in
``data/osm_places_dropped.csv`` (unnamed nodes are only counted: they have nothing to match). Kept columns:
``osm_id, name, alt_names, type, country, admin1, admin2, lat, lon, population``. ``country`` is the
Natural Earth country that holds the point (``data/boundaries/countries.geojson`` inside its window, beyond
it ``regions.geojson`` for the three countries and ``locator.geojson`` for the others); ``admin1`` and
``admin2`` are the units of ``regions.geojson`` / ``districts.geojson`` that hold it, of its own country
(``geo.analysis.locate_in_country``; empty for the neighbours). Kept separate from every other file because
it is a database derived from OpenStreetMap and so is under the ODbL (see data/README.md).

  python scripts/build_osm_places.py /tmp/osm/mali.sqlite.zip /tmp/osm/niger.sqlite.zip ...
  python scripts/build_osm_places.py --check      # re-runs the checks on the shipped file
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sqlite3
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.analysis import locate_in_country  # noqa: E402
from geo.checks import INVISIBLE, THREE_COUNTRIES, control_characters  # noqa: E402
from geo.vocab import COUNTRIES  # noqa: E402

OUT = ROOT / "data" / "osm_places.csv.gz"
DROPPED = ROOT / "data" / "osm_places_dropped.csv"
BOUNDARIES = ROOT / "data" / "boundaries"
COLUMNS = ["osm_id", "name", "alt_names", "type", "country", "admin1", "admin2", "lat", "lon", "population"]
DROPPED_COLUMNS = ["osm_id", "name", "type", "lat", "lon", "source", "reason"]
# Neighbours' nodes within this distance of Mali, Niger or Burkina Faso are kept (names near the borders).
STRIP_KM = 150.0
# OSM place values kept: settlements and named localities. Parts of a town (suburb, quarter, neighbourhood),
# farms, islands and areas (state, region, country) are not what a report names as a village.
KEPT_TYPES = ("city", "town", "village", "hamlet", "isolated_dwelling", "locality")
# Names that say what a node is, not what it is called.
PLACEHOLDERS = frozenset(
    {"village", "hameau", "hamlet", "campement", "camp", "locality", "unknown", "inconnu", "fixme"}
)
# Characters a place name may hold besides Latin letters and digits.
PUNCTUATION = frozenset(" -'’().,/&")
MAX_NAME_CHARS = 80
# Countries' layer window (scripts/build_boundaries.py CLIP_WIDE): west, south, east, north.
NE_WINDOW = (-8.0, 8.0, 11.0, 22.0)
# An azimuthal equidistant projection centred on the region: distances within ~2,000 km good to a few per cent.
AEQD = "+proj=aeqd +lat_0=16 +lon_0=2 +datum=WGS84 +units=m"
SELECT = "SELECT ID, LAT, LON, NAME, NAME_EN, NAME_DE, VALUE, POPULATION FROM NODE WHERE TAG = 'place'"


def latin_letter(c: str) -> bool:
    """A letter of the Latin script (Basic Latin to Latin Extended-B, IPA, Latin Extended Additional)."""
    o = ord(c)
    return c.isalpha() and (o < 0x2B0 or 0x1E00 <= o <= 0x1EFF)


def latin_part(text: str) -> str:
    """The Latin-script part of a name written in several scripts ("Essouk السوق" -> "Essouk")."""
    keep = [c if (latin_letter(c) or c.isdigit() and c.isascii() or c in PUNCTUATION) else " " for c in text]
    return re.sub(r"\s+", " ", "".join(keep)).strip(" -/,.")


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a plausible Latin-script place name, or None."""
    bad = control_characters(name)
    if bad:
        return f"control character {', '.join(bad)} in the name"
    hidden = sorted({f"U+{ord(c):04X}" for c in name if c in INVISIBLE})
    if hidden:
        return f"invisible character {', '.join(hidden)} in the name"
    if len(name) > MAX_NAME_CHARS:
        return f"name of {len(name)} characters (at most {MAX_NAME_CHARS})"
    odd = sorted({c for c in name if not (latin_letter(c) or (c.isdigit() and c.isascii()) or c in PUNCTUATION)})
    if odd:
        return "character " + " ".join(f"U+{ord(c):04X}" for c in odd) + " in the name"
    if sum(latin_letter(c) for c in name) < 2:
        return "fewer than two letters in the name"
    if name.casefold() in PLACEHOLDERS:
        return "a word for a kind of place, not a name"
    if not latin_letter(name[0]) and not name[0].isdigit():
        return "name does not start with a letter"
    return None


def clean(text: str | None) -> str:
    """Whitespace folded (no-break spaces included) and trimmed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


@dataclass
class Build:
    kept: list[dict] = field(default_factory=list)
    dropped: list[dict] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)


def read_nodes(path: Path) -> list[tuple]:
    """Place nodes of one GeoData SQLite file (zipped or not)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = path
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                member = next(n for n in z.namelist() if n.endswith(".sqlite"))
                db = Path(z.extract(member, tmp))
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return con.execute(SELECT).fetchall()
        finally:
            con.close()


def load_layers():
    countries = gpd.read_file(BOUNDARIES / "countries.geojson")
    regions = gpd.read_file(BOUNDARIES / "regions.geojson")
    districts = gpd.read_file(BOUNDARIES / "districts.geojson")
    locator = gpd.read_file(BOUNDARIES / "locator.geojson")
    return countries, regions, districts, locator


def country_of(points: gpd.GeoSeries, countries, regions, locator) -> np.ndarray:
    """ISO3 of the country that holds each point ("" for none): Natural Earth 1:10m inside its window; beyond
    it the three countries' whole admin-1 layer, then the coarse locator layer."""
    out = np.full(len(points), "", dtype=object)
    x, y = points.x.to_numpy(), points.y.to_numpy()
    w, s, e, n = NE_WINDOW
    inside = (x >= w) & (x <= e) & (y >= s) & (y <= n)
    for layer, rows in ((countries, inside), (regions, ~inside), (locator, ~inside)):
        todo = np.flatnonzero(rows & (out == ""))
        if not len(todo):
            continue
        frame = gpd.GeoDataFrame(geometry=points.values[todo], crs=points.crs)
        j = gpd.sjoin(frame, layer[["iso3", "geometry"]], how="left", predicate="within")
        j = j[~j.index.duplicated(keep="first")]
        out[todo] = j["iso3"].fillna("").astype(str).to_numpy(dtype=object)
    return out


def strip_area(regions):
    """The three countries and everything within STRIP_KM of them, in AEQD metres."""
    three = regions[regions["iso3"].isin(COUNTRIES)].to_crs(AEQD)
    return shapely.buffer(shapely.union_all(three.geometry.values), STRIP_KM * 1000.0)


def admin_units(points: gpd.GeoSeries, country: np.ndarray, regions, districts) -> tuple[np.ndarray, np.ndarray]:
    return locate_in_country(points, regions, country), locate_in_country(points, districts, country)


def build(paths: list[Path]) -> Build:
    countries, regions, districts, locator = load_layers()
    area = strip_area(regions)
    b = Build()
    seen: dict[int, str] = {}
    candidates = []
    for path in paths:
        for osm_id, lat, lon, name, name_en, name_de, value, population in read_nodes(path):
            b.counts["read"] += 1
            if osm_id in seen:
                b.counts["in two source files (kept once)"] += 1
                continue
            seen[osm_id] = path.name
            if not THREE_COUNTRIES.contains(lat, lon):
                b.counts["outside the region box (out of scope)"] += 1
                continue
            candidates.append((osm_id, lat, lon, name, name_en, name_de, value, population, path.name))
    pts = gpd.GeoSeries(gpd.points_from_xy([c[2] for c in candidates], [c[1] for c in candidates]), crs=4326)
    near = shapely.contains_xy(area, *np.array([(p.x, p.y) for p in pts.to_crs(AEQD)]).T)
    country = country_of(pts, countries, regions, locator)
    admin1, admin2 = admin_units(pts, country, regions, districts)
    for i, (osm_id, lat, lon, name, name_en, name_de, value, population, source) in enumerate(candidates):
        if not (near[i] or country[i] in COUNTRIES):
            b.counts[f"beyond {STRIP_KM:g} km of the three countries (out of scope)"] += 1
            continue
        b.counts["in scope"] += 1
        row = {
            "osm_id": osm_id,
            "name": clean(name),
            "type": value,
            "lat": f"{lat:.5f}",
            "lon": f"{lon:.5f}",
            "source": source,
        }
        kind = value.split(";")[0].strip()
        if kind not in KEPT_TYPES:
            b.counts[f"type {kind}: not a settlement or locality"] += 1
            b.dropped.append({**row, "reason": f"place type '{value}' is not a settlement or locality"})
            continue
        if not row["name"]:
            b.counts["unnamed (counted, not listed)"] += 1
            continue
        names, why = _names(row["name"], name_en, name_de)
        if why:
            b.counts[why.split(":")[0]] += 1
            b.dropped.append({**row, "reason": why})
            continue
        if names[0] != row["name"]:
            b.counts["kept with the name cut to its Latin-script part"] += 1
        if not country[i]:
            b.counts["in no country"] += 1
            b.dropped.append({**row, "reason": "the point lies in no country of the boundary layers"})
            continue
        pop = population if isinstance(population, int) and population > 0 else ""
        b.kept.append(
            {
                "osm_id": osm_id,
                "name": names[0],
                "alt_names": ";".join(names[1:]),
                "type": kind,
                "country": country[i],
                "admin1": admin1[i],
                "admin2": admin2[i],
                "lat": row["lat"],
                "lon": row["lon"],
                "population": pop,
            }
        )
    b.kept.sort(key=lambda r: int(r["osm_id"]))
    b.dropped.sort(key=lambda r: int(r["osm_id"]))
    return b


def _names(name: str, name_en: str | None, name_de: str | None) -> tuple[list[str], str | None]:
    """The node's Latin-script name and alternates (OSM ``name`` split at ';', then ``name:en``, ``name:de``),
    or the reason it has none."""
    parts = [clean(p) for p in name.split(";")]
    parts += [clean(p) for p in re.split(r"\s+/\s+", parts.pop(0))][::-1]  # "A / B": two names
    parts = parts[::-1]
    first_problem = None
    out: list[str] = []
    for candidate in [*parts, clean(name_en), clean(name_de)]:
        if not candidate:
            continue
        if control_characters(candidate) or any(c in INVISIBLE for c in candidate):
            return [], f"control or invisible character in a name: {name_problem(candidate)}"
        latin = latin_part(candidate) if any(c.isalpha() and not latin_letter(c) for c in candidate) else candidate
        problem = name_problem(latin) if latin else "no Latin-script name"
        if problem:
            first_problem = first_problem or problem
            continue
        if latin not in out:
            out.append(latin)
    if not out:
        return [], f"implausible name: {first_problem}"
    return out, None


def write(b: Build) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(b.kept)
    # mtime=0: the same rows give the same bytes.
    with open(OUT, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as z:
        z.write(buf.getvalue().encode("utf-8"))
    with open(DROPPED, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, DROPPED_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(b.dropped)


def read_shipped(path: Path = OUT) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def row_problems(where: str, r: dict) -> list[str]:
    """Problems of one shipped row that need no boundary layer."""
    out = []
    for text in (r["name"], *([] if not r["alt_names"] else r["alt_names"].split(";"))):
        why = name_problem(text)
        if why:
            out.append(f"{where}: name {text!r}: {why}")
    if r["type"] not in KEPT_TYPES:
        out.append(f"{where}: type {r['type']!r} is not one of {', '.join(KEPT_TYPES)}")
    for col in ("lat", "lon"):
        if not re.fullmatch(r"-?\d{1,3}\.\d{5}", r[col]):
            out.append(f"{where}: {col} {r[col]!r} is not written with 5 decimals")
    if r["population"] and not r["population"].isdigit():
        out.append(f"{where}: population {r['population']!r} is not a whole number")
    try:
        why = THREE_COUNTRIES.why_outside(float(r["lat"]), float(r["lon"]))
    except ValueError:
        why = "not a number"
    if why:
        out.append(f"{where}: lat {r['lat']}, lon {r['lon']}: {why}")
    return out


def check(path: Path = OUT) -> list[str]:
    """Every problem of the shipped file, each naming its row, column and value ([] when it passes)."""
    rows = read_shipped(path)
    if not rows:
        return [f"{path.name}: no rows"]
    if list(rows[0]) != COLUMNS:
        return [f"{path.name}: columns {list(rows[0])}, expected {COLUMNS}; rebuild it with this script"]
    problems: list[str] = []
    ids: set[str] = set()
    placed = []  # (row number, row) of the rows whose point can be located
    for i, r in enumerate(rows):
        where = f"{path.name} row {i + 2} (osm_id {r['osm_id']!r})"
        if not r["osm_id"].isdigit() or r["osm_id"] in ids:
            problems.append(f"{where}: osm_id is not a new positive integer")
        ids.add(r["osm_id"])
        mine = row_problems(where, r)
        problems += mine
        if not any("lat " in p for p in mine):
            placed.append((i, r))
    return problems + point_problems(path.name, placed)


def point_problems(file: str, placed: list[tuple[int, dict]]) -> list[str]:
    """Each row's country, admin-1 and admin-2 recomputed from its point, and its distance to the three."""
    countries, regions, districts, locator = load_layers()
    pts = gpd.GeoSeries(gpd.points_from_xy([float(r["lon"]) for _, r in placed], [float(r["lat"]) for _, r in placed]))
    pts = pts.set_crs(4326)
    country = country_of(pts, countries, regions, locator)
    admin1, admin2 = admin_units(pts, country, regions, districts)
    near = shapely.contains_xy(strip_area(regions), *np.array([(p.x, p.y) for p in pts.to_crs(AEQD)]).T)
    problems = []
    for j, (i, r) in enumerate(placed):
        where = f"{file} row {i + 2} (osm_id {r['osm_id']!r})"
        for col, want in (("country", country[j]), ("admin1", admin1[j]), ("admin2", admin2[j])):
            if r[col] != want:
                problems.append(f"{where}: {col} {r[col]!r}, but the point lies in {want!r}; rebuild with this script")
        if not country[j]:
            problems.append(f"{where}: lat {r['lat']}, lon {r['lon']} lies in no country of the boundary layers")
        if not (near[j] or country[j] in COUNTRIES):
            problems.append(f"{where}: more than {STRIP_KM:g} km from Mali, Niger and Burkina Faso")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", nargs="*", type=Path, help="GeoData Africa/<country>.sqlite(.zip) files")
    ap.add_argument("--check", action="store_true", help="re-run the checks on the shipped data/osm_places.csv.gz")
    args = ap.parse_args(argv)
    if args.check:
        problems = check()
        for p in problems:
            print(p)
        print(f"{OUT.relative_to(ROOT)}: {len(read_shipped())} rows, {len(problems)} problems")
        return 1 if problems else 0
    if not args.sources:
        ap.error("give the source files, or --check")
    b = build(args.sources)
    write(b)
    for reason, n in sorted(b.counts.items(), key=lambda kv: -kv[1]):
        print(f"{n:7d}  {reason}")
    print("kept per type:", dict(Counter(r["type"] for r in b.kept).most_common()))
    print("kept per country:", dict(Counter(r["country"] for r in b.kept).most_common()))
    print(f"kept {len(b.kept)}, listed as dropped {len(b.dropped)}; {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
