"""Build ``data/geonames_full.csv.gz``: the whole region's GeoNames layer, from full GeoNames country dumps.

Input: the paths of GeoNames country dumps (``ML.txt``, ``NE.txt``, ``BF.txt`` and any neighbours': 19
tab-separated columns, no header; GeoNames, CC BY 4.0). data/README.md ("geonames_full") cites the
repositories and commits they were read from. No dump is committed.

Kept:

- Mali, Niger and Burkina Faso: every row of the kept feature codes (:data:`KEEP`).
- A neighbour (any other country's dump): the same codes, only within :data:`STRIP_KM` of the three countries
  (their union in data/boundaries/regions.geojson).

Every row is checked; a row that fails is dropped and listed, with the reason, in
``data/geonames_full_dropped.csv``:

- a line without 19 columns, an id that is not a whole number, a control or format character in a cell that
  is kept (an alternate name that has one is left out, as are names in other scripts);
- an id in two dumps (GeoNames moved the feature between the dumps' dates): the row modified last is kept;
- bad coordinates (not numbers, out of range, 0/0);
- out of its country: more than :data:`COUNTRY_TOL_KM` outside each of its country's outlines (Natural Earth
  1:10m, ``countries.geojson``; for the three countries also regions.geojson; for a neighbour, the coarse
  ``locator.geojson`` within :data:`LOCATOR_TOL_KM`), or a neighbour's row inside the three countries. The
  reason says whether a flipped sign or swapped axes put the point in its country (and its code's region);
- admin mismatch: the dump's admin-1 code names a region (the region most of that code's rows lie in) and
  the point lies more than :data:`ADMIN_TOL_KM` outside it. Within that distance the row is kept (boundary
  lines differ between GeoNames and the layer; the polygon names its ``admin1``) and listed as ``kept``.

  python scripts/build_geonames_layer.py ML.txt NE.txt BF.txt CI.txt GN.txt MR.txt SN.txt
  python scripts/build_geonames_layer.py --check      # the checks again, on the shipped layer
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import math
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from geo import vocab  # noqa: E402  (after the path set-up above)
from geo.geonames_full import COLUMNS, DROPPED_FILE, LAYER_FILE, load_geonames_full  # noqa: E402
from geo.names import report_spelling  # noqa: E402

DATA = ROOT / "data"
OUT = DATA / LAYER_FILE
DROPPED = DATA / DROPPED_FILE
DROPPED_COLUMNS = ["geonameid", "name", "country", "feature", "admin1_code", "lat", "lon", "reason", "action"]
ISO3 = {
    "ML": "MLI",
    "NE": "NER",
    "BF": "BFA",
    "DZ": "DZA",
    "MR": "MRT",
    "SN": "SEN",
    "GN": "GIN",
    "CI": "CIV",
    "GH": "GHA",
    "TG": "TGO",
    "BJ": "BEN",
    "NG": "NGA",
    "TD": "TCD",
    "LY": "LBY",
}
CORE = set(vocab.COUNTRIES)
STRIP_KM = 150.0
# The region layers (OCHA/geoBoundaries) and GeoNames draw borders a few km apart; the ICJ sector of the
# Burkina Faso-Niger border moved up to ~10 km in 2013.
COUNTRY_TOL_KM = 5.0
ICJ_SECTOR = (0.1, 13.9, 0.5, 14.6)  # lon_min, lat_min, lon_max, lat_max, a margin around 0.2-0.4 E, 14.05-14.45 N
ICJ_TOL_KM = 12.0
# locator.geojson is simplified to 0.08 degrees (about 9 km).
LOCATOR_TOL_KM = 15.0
ADMIN_TOL_KM = 20.0
# Mali's 2016 region, carved out of Gao: a Gao code in the Ménaka polygon is no mismatch.
# Kidal was carved out of Gao in 1991 and GeoNames still codes some of its rows as Gao's.
SAME_REGION = {("MLI", "Gao", "Ménaka"), ("MLI", "Gao", "Kidal")}

# Feature codes kept, by class (GeoNames feature codes: https://www.geonames.org/export/codes.html). Chosen for
# what conflict reports name: every populated place; wells, water holes, springs, ponds and lakes (pastoral
# clashes and attacks happen at water points; a Sahel "mare" is a pond); localities, oases, grazing areas,
# mining areas, military bases and the forest and wildlife reserves and parks where armed groups hold out;
# camps (nomad "campements", refugee and mining camps), mines and quarries, markets, forts, military and
# police posts, border and customs posts, barracks, airfields, dams, pumps and bridges. Not kept: streams and
# wadis (a line has no one point), marshes, wetlands and salt flats (areas without a centre a report means),
# relief (T), vegetation (V), undersea (U), administrative units (A: the region layers hold them), ruins,
# regions (L.RGN: "Gourma" is no point), and buildings such as schools, mosques and hotels (a report names
# them by their village).
KEEP: dict[str, frozenset[str] | None] = {
    "P": None,  # every code: PPL, seats (PPLA..PPLC), PPLX sections, PPLL localities, PPLQ abandoned, PPLH ...
    "H": frozenset(
        {"WLL", "WLLS", "WLLQ", "WTRH", "WTRHS", "SPNG", "SPNGS", "PND", "PNDS", "PNDI", "PNDSI", "LK", "LKS"}
        | {"LKI", "LKSI", "RSV", "RSVT", "OAS"}
    ),
    "L": frozenset({"LCTY", "OAS", "GRAZ", "MNA", "MILB", "RES", "RESF", "RESW", "RESN", "RESP", "RESH", "RESV"})
    | frozenset({"PRK"}),
    "S": frozenset({"CMP", "CMPMN", "CMPRF", "CMPQ", "CMPLA", "MN", "MNAU", "MNN", "MNQ", "MNQR", "MKT", "FT"})
    | frozenset({"INSM", "BRKS", "PSTB", "PP", "CSTM", "AIRF", "AIRP", "AIRH", "DAM", "PMPW", "BDG"}),
}
# Azimuthal equidistant around the region's middle: distances of a few km, and the 150 km strip, to within ~2%
# over the whole region.
METRIC = "+proj=aeqd +lat_0=15 +lon_0=2 +datum=WGS84 +units=m +no_defs"
ATTEMPTS = (
    ("a flipped longitude sign", lambda x, y: (-x, y)),
    ("a flipped latitude sign", lambda x, y: (x, -y)),
    ("both signs flipped", lambda x, y: (-x, -y)),
    ("swapped axes", lambda x, y: (y, x)),
)


def kept_code(fclass: str, fcode: str) -> bool:
    if fclass not in KEEP:
        return False
    codes = KEEP[fclass]
    return codes is None or fcode in codes


def control_chars(text: str) -> str:
    """The control and format characters in ``text`` (bidirectional marks, zero-width joiners ...), as U+XXXX."""
    return " ".join(f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in ("Cc", "Cf"))


def visible(text: str) -> str:
    """``text`` with its control characters written as \\uXXXX, for the listing."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)


def latin_alt_names(name: str, field: str) -> str:
    """The dump's alternate names a French or English report could use (Latin script, not a code), ';'-joined."""
    alts = {a.strip() for a in field.split(",")}
    keep = (a for a in alts if a and a != name and ";" not in a and not control_chars(a) and report_spelling(a))
    return ";".join(sorted(keep))


# --- reading the dumps ------------------------------------------------------------------------------------------


class Dropped:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, v: dict, reason: str, action: str = "dropped") -> None:
        self.rows.append(
            {
                "geonameid": v.get("geonameid", ""),
                "name": visible(str(v.get("name", ""))),
                "country": v.get("country", ""),
                "feature": f"{v.get('feature_class', '')}.{v.get('feature_code', '')}",
                "admin1_code": visible(str(v.get("admin1_code", ""))),
                "lat": visible(str(v.get("lat", ""))),
                "lon": visible(str(v.get("lon", ""))),
                "reason": reason,
                "action": action,
            }
        )


def read_dump(path: Path, dropped: Dropped, stats: Counter) -> list[dict]:  # noqa: C901
    """The rows of one dump that are of a kept feature code and pass the checks of each row on its own."""
    out = []
    countries: Counter = Counter()
    before = stats["read"]
    with open(path, encoding="utf-8", newline="") as f:
        for n, line in enumerate(f, start=1):
            cells = line.rstrip("\r\n").split("\t")
            stats["read"] += 1
            if len(cells) != 19:
                dropped.add({"name": cells[1] if len(cells) > 1 else ""}, f"{path.name} line {n}: {len(cells)} columns")
                stats["dropped: columns"] += 1
                continue
            gid, name, ascii_, alts, lat, lon, fclass, fcode, cc = cells[:9]
            countries[cc] += 1
            v = {
                "geonameid": gid,
                "name": name,
                "country": ISO3.get(cc, cc),
                "feature_class": fclass,
                "feature_code": fcode,
                "admin1_code": cells[10],
                "lat": lat,
                "lon": lon,
            }
            if not kept_code(fclass, fcode):
                stats[f"not kept: class {fclass or '?'}"] += 1
                continue
            reason = None
            bad = [(i, control_chars(c)) for i, c in enumerate(cells) if i != 3 and control_chars(c)]
            if bad:
                reason = f"control character {bad[0][1]} in column {bad[0][0] + 1}"
            elif cc not in ISO3:
                reason = f"country code {cc!r} is not one this layer knows"
            elif not gid.isdigit():
                reason = "geonameid not a whole number"
            else:
                try:
                    x, y = float(lon), float(lat)
                    ok = math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90
                    if ok and x == 0 and y == 0:
                        ok = False
                except ValueError:
                    ok = False
                if not ok:
                    reason = "bad coordinates"
            if reason:
                dropped.add(v, reason)
                stats[f"dropped: {reason.split(' U+')[0].split(' in column')[0]}"] += 1
                continue
            pop = cells[14].strip()
            v.update(
                geonameid=int(gid),
                asciiname=ascii_,
                alt_names=latin_alt_names(name, alts),
                lat=round(float(lat), 5),
                lon=round(float(lon), 5),
                population=int(pop) if pop.isdigit() else 0,
                modified=cells[18],
                file=path.name,
            )
            out.append(v)
    print(f"{path}: {stats['read'] - before} lines, country codes {dict(countries)}", file=sys.stderr)
    return out


# --- the geometric checks, shared by the build and --check ------------------------------------------------------


class Geometry:
    """The three countries' regions and districts, their union, a 150 km strip around it and the neighbours'
    outlines, in a metric projection."""

    def __init__(self) -> None:
        b = DATA / "boundaries"
        self.to_m = Transformer.from_crs("EPSG:4326", METRIC, always_xy=True)
        self.regions = gpd.read_file(b / "regions.geojson").to_crs(METRIC)
        self.districts = gpd.read_file(b / "districts.geojson").to_crs(METRIC)
        # Per country, its outlines with the tolerance each allows: Natural Earth 1:10m (countries.geojson,
        # clipped to 8 W-11 E, 8-22 N), then the region layers (the three countries) or the coarse locator.
        self.outlines: dict[str, list[tuple[object, float]]] = defaultdict(list)
        for name, tol in (("countries", COUNTRY_TOL_KM), ("regions", COUNTRY_TOL_KM), ("locator", LOCATOR_TOL_KM)):
            layer = self.regions if name == "regions" else gpd.read_file(b / f"{name}.geojson").to_crs(METRIC)
            for iso, g in layer.groupby("iso3"):
                if name != "locator" or iso not in CORE:
                    self.outlines[iso].append((shapely.union_all(g.geometry.values), tol))
        self.region = {
            (iso, name): g
            for iso, name, g in zip(self.regions["iso3"], self.regions["name"], self.regions.geometry, strict=True)
        }
        self.country = {iso: shapely.union_all(g.geometry.values) for iso, g in self.regions.groupby("iso3")}
        three = shapely.union_all(list(self.country.values()))
        self.strip = shapely.buffer(three, STRIP_KM * 1000)
        self.inside_three = shapely.buffer(three, -COUNTRY_TOL_KM * 1000)
        for g in (*(o for v in self.outlines.values() for o, _ in v), self.strip, self.inside_three):
            shapely.prepare(g)
        for g in (*self.regions.geometry, *self.districts.geometry):
            shapely.prepare(g)

    def xy(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        return self.to_m.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))

    def km_outside(self, iso: str, x: np.ndarray, y: np.ndarray, extra: np.ndarray | None = None) -> np.ndarray:
        """How far in km each point lies beyond the tolerance of ``iso``'s outlines (0: within one of them);
        NaN where the layers lack ``iso``. ``extra``: a larger tolerance per point (the ICJ sector)."""
        if iso not in self.outlines:
            return np.full(len(x), np.nan)
        best = np.full(len(x), np.inf)
        for geom, tol in self.outlines[iso]:
            out = np.zeros(len(x))
            outside = ~shapely.contains_xy(geom, x, y)
            if outside.any():
                out[outside] = shapely.distance(geom, shapely.points(x[outside], y[outside])) / 1000
            best = np.minimum(best, np.maximum(out - (np.maximum(tol, extra) if extra is not None else tol), 0))
        return best

    def holder(self, x: float, y: float) -> str:
        """The first country one of whose outlines holds the point, or ""."""
        for iso, outlines in self.outlines.items():
            if any(shapely.contains_xy(g, x, y) for g, _ in outlines):
                return iso
        return ""


def country_failures(geo: Geometry, frame: pd.DataFrame) -> dict[int, str]:
    """Index -> reason for each row out of its country, or a neighbour's row outside the strip or inside the
    three countries."""
    x, y = geo.xy(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    fails: dict[int, str] = {}
    regions = code_regions(frame, admin_units(geo, frame)[0])
    core = frame["country"].isin(CORE).to_numpy()
    icj = (
        (frame["lon"] >= ICJ_SECTOR[0])
        & (frame["lon"] <= ICJ_SECTOR[2])
        & (frame["lat"] >= ICJ_SECTOR[1])
        & (frame["lat"] <= ICJ_SECTOR[3])
    ).to_numpy()
    for iso in frame["country"].unique():
        rows = np.flatnonzero(frame["country"].to_numpy() == iso)
        km = geo.km_outside(iso, x[rows], y[rows], np.where(icj[rows], ICJ_TOL_KM, 0.0))
        for i, d in zip(rows, km, strict=True):
            if np.isnan(d):
                fails[i] = f"no outline of {iso} to check the point against"
            elif d > 0:
                named = regions.get((iso, frame["admin1_code"].iat[i]))
                fails[i] = _out_of_country(geo, frame.iloc[i], iso, d, x[i], y[i], geo.region.get((iso, named)))
    neighbour = np.flatnonzero(~core)
    if len(neighbour):
        in_strip = shapely.contains_xy(geo.strip, x[neighbour], y[neighbour])
        in_three = shapely.contains_xy(geo.inside_three, x[neighbour], y[neighbour])
        for i, s, t in zip(neighbour, in_strip, in_three, strict=True):
            if i in fails:
                continue
            if not s:
                fails[i] = f"beyond {STRIP_KM:g} km of the three countries"
            elif t:
                fails[i] = f"out of country: a {frame['country'].iat[i]} row inside {geo.holder(x[i], y[i])}"
    return fails


def _out_of_country(geo: Geometry, row, iso: str, km: float, x: float, y: float, region=None) -> str:
    """The reason, with the distance beyond the tolerance, and what explains it if anything does: a flipped sign
    or swapped axes that put the point in its country, and in the region its admin-1 code names if it names one
    (``region``: that region's polygon; a country as large as Mali takes many a mirrored point by chance)."""
    where = geo.holder(x, y) or "none of the layers' countries"
    for what, move in ATTEMPTS:
        lon, lat = move(row["lon"], row["lat"])
        if -180 <= lon <= 180 and -90 <= lat <= 90:
            mx, my = geo.xy([lon], [lat])
            if geo.km_outside(iso, mx, my)[0] == 0:
                if region is None:
                    return f"out of country: {km:.0f} km beyond {iso} (in {where}); {what} puts it inside {iso}"
                if shapely.distance(region, shapely.points(mx[0], my[0])) <= ADMIN_TOL_KM * 1000:
                    return f"out of country: {km:.0f} km beyond {iso} (in {where}); {what} puts it in its region"
    return f"out of country: {km:.0f} km beyond {iso} (in {where}); no flipped sign or swapped axes explains it"


def admin_units(geo: Geometry, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """admin1 and admin2 of each row of the three countries: the district of its own country holding it, else
    the nearest one within the country tolerance (the layers' borders are a few km off GeoNames'); "" for a
    neighbour's row."""
    n = len(frame)
    a1 = np.full(n, "", dtype=object)
    a2 = np.full(n, "", dtype=object)
    x, y = geo.xy(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    points = gpd.GeoDataFrame(geometry=shapely.points(x, y), crs=METRIC)
    for iso in CORE:
        rows = np.flatnonzero(frame["country"].to_numpy() == iso)
        if not len(rows):
            continue
        own = geo.districts[geo.districts["iso3"] == iso][["name", "admin1", "geometry"]]
        hit = gpd.sjoin(points.iloc[rows], own, how="left", predicate="within")
        hit = hit[~hit.index.duplicated(keep="first")]
        missing = hit["name"].isna().to_numpy()
        if missing.any():
            near = gpd.sjoin_nearest(points.iloc[rows[missing]], own, how="left", max_distance=ICJ_TOL_KM * 1000)
            near = near[~near.index.duplicated(keep="first")]
            hit.loc[near.index, ["name", "admin1"]] = near[["name", "admin1"]].to_numpy()
        a1[rows] = hit["admin1"].fillna("").to_numpy(dtype=object)
        a2[rows] = hit["name"].fillna("").to_numpy(dtype=object)
    return a1, a2


def code_regions(frame: pd.DataFrame, a1: np.ndarray) -> dict[tuple[str, str], str]:
    """The region each (country, admin-1 code) names: the one most of that code's rows lie in."""
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for iso, code, region in zip(frame["country"], frame["admin1_code"], a1, strict=True):
        if iso in CORE and code not in ("", "00") and region:
            votes[(iso, code)][region] += 1
    return {key: c.most_common(1)[0][0] for key, c in votes.items()}


def admin_mismatches(geo: Geometry, frame: pd.DataFrame, a1: np.ndarray) -> dict[int, tuple[float, str, str]]:
    """Index -> (km outside the code's region, the code's region, the polygon's region) for each row whose
    admin-1 code names another region than the one holding it."""
    named = code_regions(frame, a1)
    x, y = geo.xy(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    out = {}
    for i, (iso, code, region) in enumerate(zip(frame["country"], frame["admin1_code"], a1, strict=True)):
        want = named.get((iso, code))
        if not want or not region or want == region or {(iso, want, region), (iso, region, want)} & SAME_REGION:
            continue
        d = shapely.distance(geo.region[(iso, want)], shapely.points(x[i], y[i])) / 1000
        out[i] = (float(d), want, region)
    return out


# --- build and check ---------------------------------------------------------------------------------------------


def one_per_id(rows: list[dict], dropped: Dropped, stats: Counter) -> list[dict]:
    """One row per geonameid. A feature in two dumps (GeoNames moved it from one country to another between
    the dumps' dates) keeps its most recently modified row."""
    first: dict[int, dict] = {}
    for v in rows:
        other = first.get(v["geonameid"])
        if other is None:
            first[v["geonameid"]] = v
            continue
        keep, lose = (v, other) if v["modified"] > other["modified"] else (other, v)
        first[v["geonameid"]] = keep
        dropped.add(
            lose,
            f"geonameid also in {keep['file']} as {keep['country']}, modified {keep['modified']} "
            f"(this row {lose['file']}, {lose['modified']}): the later one is kept",
        )
        stats["dropped: geonameid in two dumps"] += 1
    keep_ids = {id(v) for v in first.values()}
    return [v for v in rows if id(v) in keep_ids]


def build(paths: list[Path], out: Path = OUT, dropped_path: Path = DROPPED) -> Counter:
    dropped = Dropped()
    stats: Counter = Counter()
    rows: list[dict] = []
    for p in paths:
        rows.extend(read_dump(p, dropped, stats))
    rows = one_per_id(rows, dropped, stats)
    frame = pd.DataFrame(rows)
    geo = Geometry()
    fails = country_failures(geo, frame)
    strip = {i for i, why in fails.items() if why.startswith("beyond ")}
    for i, why in sorted(fails.items()):
        if i in strip:
            stats["not kept: neighbour beyond the strip"] += 1
        else:
            dropped.add(frame.iloc[i].to_dict(), why)
            stats["dropped: out of country"] += 1
    frame = frame.drop(index=list(fails)).reset_index(drop=True)
    a1, a2 = admin_units(geo, frame)
    mismatch = admin_mismatches(geo, frame, a1)
    drop = []
    for i, (km, want, region) in sorted(mismatch.items()):
        reason = f"admin mismatch: code {frame['admin1_code'].iat[i]} is {want}, the point lies in {region}, {km:.0f} km outside {want}"
        if km > ADMIN_TOL_KM:
            dropped.add(frame.iloc[i].to_dict(), reason)
            stats["dropped: admin mismatch"] += 1
            drop.append(i)
        else:
            dropped.add(frame.iloc[i].to_dict(), reason, "kept")
            stats["kept: admin mismatch within tolerance"] += 1
    frame["admin1"], frame["admin2"] = a1, a2
    frame = frame.drop(index=drop)
    frame = frame.sort_values(["country", "feature_class", "geonameid"], kind="stable")[list(COLUMNS)]
    write_layer(frame, out)
    _write_csv(dropped_path, DROPPED_COLUMNS, dropped.rows)
    for (iso, fclass), n in sorted(Counter(zip(frame["country"], frame["feature_class"], strict=True)).items()):
        stats[f"kept: {iso} {fclass}"] = n
    for k in sorted(stats):
        print(f"{k}: {stats[k]}")
    print(f"{out}: {len(frame)} rows, {out.stat().st_size} bytes; {dropped_path}: {len(dropped.rows)} rows")
    problems = check(out, dropped_path)
    if problems:  # the build and the checks disagree: a bug here, not in the dumps
        raise SystemExit("the built layer fails its own checks:\n" + "\n".join(problems[:20]))
    return stats


def write_layer(frame: pd.DataFrame, path: Path) -> None:
    buf = io.StringIO()
    out = frame.copy()
    out["lat"] = out["lat"].map(lambda v: f"{v:.5f}".rstrip("0").rstrip("."))
    out["lon"] = out["lon"].map(lambda v: f"{v:.5f}".rstrip("0").rstrip("."))
    out.to_csv(buf, index=False, lineterminator="\n")
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def check(path: Path = OUT, dropped_path: Path = DROPPED) -> list[str]:  # noqa: C901
    """Every check of the build, again, on a shipped layer: problems as messages naming the row."""
    frame = load_geonames_full(path)
    problems: list[str] = []

    def bad(i: int, what: str) -> None:
        problems.append(f"{path.name} row {i + 2} (geonameid {frame['geonameid'].iat[i]}): {what}")

    for i in np.flatnonzero(frame["geonameid"].duplicated().to_numpy()):
        bad(i, "geonameid repeated")
    for i, (iso, fc, code) in enumerate(
        zip(frame["country"], frame["feature_class"], frame["feature_code"], strict=True)
    ):
        if iso not in ISO3.values():
            bad(i, f"country {iso!r} is not one this layer knows")
        if not kept_code(fc, code):
            bad(i, f"feature {fc}.{code} is not a kept code")
    for col in ("name", "asciiname", "alt_names", "admin1_code", "admin1", "admin2"):
        for i, text in enumerate(frame[col]):
            if control_chars(text):
                bad(i, f"control character {control_chars(text)} in {col}")
    for i, (name, alts) in enumerate(zip(frame["name"], frame["alt_names"], strict=True)):
        if not name:
            bad(i, "no name")
        for a in filter(None, alts.split(";")):
            if not report_spelling(a):
                bad(i, f"alternate name {a!r} is not a Latin-script spelling")
    lat, lon = frame["lat"].to_numpy(), frame["lon"].to_numpy()
    wild = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    wild |= (lat == 0) & (lon == 0)
    wild |= (np.abs(np.round(lat, 5) - lat) > 1e-9) | (np.abs(np.round(lon, 5) - lon) > 1e-9)
    for i in np.flatnonzero(wild):
        bad(i, f"bad coordinates {lat[i]}, {lon[i]} (finite, in range, not 0/0, at most 5 decimals)")
    frame = frame[~wild].reset_index(drop=True) if wild.any() else frame
    geo = Geometry()
    for i, why in sorted(country_failures(geo, frame).items()):
        bad(i, why)
    a1, a2 = admin_units(geo, frame)
    for i in np.flatnonzero((a1 != frame["admin1"].to_numpy()) | (a2 != frame["admin2"].to_numpy())):
        bad(
            i,
            f"admin1/admin2 {frame['admin1'].iat[i]!r}/{frame['admin2'].iat[i]!r}, the polygons say {a1[i]!r}/{a2[i]!r}",
        )
    for i, (km, want, region) in sorted(admin_mismatches(geo, frame, a1).items()):
        if km > ADMIN_TOL_KM:
            bad(
                i,
                f"admin mismatch: code {frame['admin1_code'].iat[i]} is {want}, the point lies in {region}, {km:.0f} km outside",
            )
    if dropped_path.exists():
        listed = pd.read_csv(dropped_path, dtype=str, keep_default_na=False)
        gone = listed[listed["action"] == "dropped"]
        # A row dropped for being in two dumps was dropped in one country only: its id and country together.
        gone_keys = set(zip(gone["geonameid"], gone["country"], strict=True))
        keys = zip(frame["geonameid"].astype(str), frame["country"], strict=True)
        for i, key in enumerate(keys):
            if key in gone_keys:
                bad(i, f"listed as dropped in {dropped_path.name}, yet in the layer")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dumps", nargs="*", type=Path, help="GeoNames country dumps (ML.txt, NE.txt, BF.txt, ...)")
    parser.add_argument("--check", action="store_true", help="check the shipped layer instead of building it")
    parser.add_argument("--layer", type=Path, default=OUT, help="the layer --check reads (default: the shipped one)")
    args = parser.parse_args(argv)
    if args.check:
        problems = check(args.layer)
        for p in problems:
            print(p)
        print(f"{args.layer}: {len(problems)} problems")
        return 1 if problems else 0
    if not args.dumps:
        parser.error("give the paths of the GeoNames country dumps, or --check")
    build(args.dumps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
