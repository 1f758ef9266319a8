"""How far OpenStreetMap agrees with the gazetteer's layers (issue 23): a measurement, not a check.

For each place of ``data/places.csv`` (curated, the reference) and of ``data/geonames_region.csv``, the
nearest OSM node of ``data/osm_places.csv.gz`` whose name or alternate has the same ``geo.names.normalize``
key as the place's name or one of its alternates: within 5 km, 5-25 km, beyond 25 km, or none. Curated places
drawn at a stand-in (``admin1``/``admin2``: no point of their own) are counted apart, and GeoNames places
outside the OSM layer's cover (neighbours beyond its 150 km strip or the region box) are left out.

  python scripts/compare_osm_geonames.py            # prints a Markdown table
  python scripts/compare_osm_geonames.py --list     # and the places whose OSM namesake is over 5 km away
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.names import normalize  # noqa: E402
from geo.vocab import EXACT, NEAR  # noqa: E402
from scripts.build_osm_places import read_shipped  # noqa: E402

BANDS = ("within 5 km", "5-25 km", "beyond 25 km", "no OSM node of that name")
EARTH_KM = 6371.0088


def band(km: float | None) -> str:
    if km is None:
        return BANDS[3]
    return BANDS[0] if km <= 5 else BANDS[1] if km <= 25 else BANDS[2]


def keys(name: str, alt: str) -> set[str]:
    return {k for k in (normalize(n) for n in [name, *alt.split(";")] if n.strip()) if k}


def km_to(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(a))


class Osm:
    def __init__(self, rows: list[dict]):
        self.lat = np.array([float(r["lat"]) for r in rows])
        self.lon = np.array([float(r["lon"]) for r in rows])
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(rows):
            for k in keys(r["name"], r["alt_names"]):
                self.by_key[k].append(i)
        self.countries = {r["country"] for r in rows}

    def nearest(self, names: set[str], lat: float, lon: float) -> float | None:
        idx = sorted({i for k in names for i in self.by_key.get(k, [])})
        if not idx:
            return None
        return float(km_to(lat, lon, self.lat[idx], self.lon[idx]).min())


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def measure(listing: list[str] | None = None) -> dict[str, Counter]:
    osm = Osm(read_shipped())
    # The OSM layer's cover: the box of its points per country is too loose, so a GeoNames place counts as
    # covered when an OSM node of any name lies within 25 km of it.
    out: dict[str, Counter] = {}
    groups = {
        EXACT: f"places.csv, `{EXACT}` (two sources agree)",
        NEAR: f"places.csv, `{NEAR}` (single-source)",
        "": "places.csv, at a stand-in (admin1/admin2: no point of its own)",
    }
    for label in groups.values():
        out[label] = Counter()
    for r in read_csv(ROOT / "data" / "places.csv"):
        km = osm.nearest(keys(r["name"], r["alt_names"]), float(r["lat"]), float(r["lon"]))
        out[groups.get(r["precision"], groups[""])][band(km)] += 1
        if listing is not None and band(km) in BANDS[1:3]:
            listing.append(f"places.csv {r['id']} {r['name']} ({r['precision']}): nearest OSM namesake {km:.0f} km")
    covered = Counter()
    outside = 0
    for r in read_csv(ROOT / "data" / "geonames_region.csv"):
        lat, lon = float(r["lat"]), float(r["lon"])
        if km_to(lat, lon, osm.lat, osm.lon).min() > 25:
            outside += 1
            continue
        km = osm.nearest(keys(r["name"], r["alt_names"]), lat, lon)
        covered[band(km)] += 1
        if listing is not None and band(km) in BANDS[1:3]:
            listing.append(f"geonames_region.csv {r['geonameid']} {r['name']}: nearest OSM namesake {km:.0f} km")
    out["geonames_region.csv, inside the OSM layer's cover"] = covered
    out["geonames_region.csv, outside it (no OSM node within 25 km)"] = Counter({"left out": outside})
    return out


def table(result: dict[str, Counter]) -> str:
    lines = ["| places | n | " + " | ".join(BANDS) + " |", "|---|--:|" + "--:|" * len(BANDS)]
    for label, c in result.items():
        n = sum(c.values())
        if set(c) <= set(BANDS):
            cells = [f"{c[b]} ({100 * c[b] / n:.0f}%)" if n else "0" for b in BANDS]
        else:
            cells = ["", "", "", ""]
        lines.append(f"| {label} | {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    listing: list[str] | None = [] if "--list" in (sys.argv[1:] if argv is None else argv) else None
    print(table(measure(listing)))
    for line in listing or []:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
