"""Build the whole-country admin-1 and admin-2 layers of Mali, Niger and Burkina Faso, and check them.

Writes ``data/boundaries/regions.geojson`` (admin-1: Mali's regions with Ménaka, Niger's regions, Burkina
Faso's regions) and ``data/boundaries/districts.geojson`` (admin-2: Mali's cercles, Niger's départements,
Burkina Faso's provinces). Natural Earth's ``admin1.geojson`` (clipped to the borderland window) is kept:
the map draws it and the place checks use it; these layers name the regions of events, filters and stats.

Inputs (none is needed at run time; see data/README.md for where they come from and their dates):

* ``--mali-adm2``: OCHA COD-AB ``mli_admbnda_adm2_1m_gov_20211220.shp`` (cercles, with ADM1 names and
  P-codes); ``--mali-adm1``: ``mli_admbnda_adm1_1m_gov_20211220.shp`` (only to cross-check the dissolve).
* ``--niger-adm2`` / ``--niger-adm1``: OCHA COD-AB ``NER_admbnda_adm2_IGNN_20230720.shp`` /
  ``NER_admbnda_adm1_IGNN_20230720.shp``.
* ``--burkina-adm2`` / ``--burkina-adm1``: geoBoundaries gbOpen ``geoBoundaries-BFA-ADM2.geojson`` /
  ``geoBoundaries-BFA-ADM1.geojson`` (World Bank 2017); the provinces carry no parent, so each takes the
  region it overlaps most.

Admin-2 units are simplified together per country (``shapely.coverage_simplify``: neighbours keep one
shared edge, no gaps or slivers appear between them); each admin-1 region is the union of its admin-2 units,
so the two levels nest exactly.

Checks (run on every build, and by tests/test_admin_layers.py on the shipped files; ``--check`` only checks):
every feature valid and non-empty; inside its country's Natural Earth outline (``countries.geojson``) but
for at most ``OUTSIDE_SHARE`` of its area beyond ``OUTSIDE_TOL_DEG``; names and P-codes unique per country
and level; every admin-2 unit's parent is an admin-1 region of its country and holds it; every region of
Natural Earth's ``admin1.geojson`` overlaps its counterpart (intersection over union inside that layer's
window, printed per region). Natural Earth draws Ménaka inside Gao, so its Gao is compared with Gao and
Ménaka together (and Gao alone is printed too); its Timbuktu is the COD's Tombouctou, which still holds
Taoudénit (neither source draws Taoudénit).

Run: ``python scripts/build_admin.py --mali-adm1 … --mali-adm2 … --niger-adm1 … --niger-adm2 …
--burkina-adm1 … --burkina-adm2 …`` or ``python scripts/build_admin.py --check``.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "boundaries"
REGIONS = OUT / "regions.geojson"
DISTRICTS = OUT / "districts.geojson"

# coverage_simplify's tolerance, in degrees (about 1 km): a few pixels at the zoom levels the maps allow.
TOLERANCE = 0.01
DECIMALS = 4  # about 10 m
# A unit may stick out of Natural Earth's 1:10m country outline where the two draw the border differently.
OUTSIDE_TOL_DEG = 0.05  # about 5 km
OUTSIDE_SHARE = 0.01  # of the unit's area (Tassara and Tillia, on the Mali border: 0.9% and 0.8%)
MIN_IOU = 0.8  # a Natural Earth region and its counterpart
# A region of which the window holds under SMALL_DEG2 square degrees (about 1,200 km2: Niamey, and the slivers of
# Sikasso and Zinder inside the window): a border drawn a few km apart weighs more, so the bar is lower.
SMALL_DEG2 = 0.1
MIN_IOU_SMALL = 0.5
# The whole countries: Natural Earth's locator layer (simplified to 0.08 degrees), so a wider tolerance.
LOCATOR_TOL_DEG = 0.15
# The COD's spellings that differ from the names the project (and ACLED) write.
RENAME = {("MLI", "Menaka"): "Ménaka", ("BFA", "Plateau Central"): "Plateau-Central"}
# Natural Earth region -> its counterparts in these layers, where the names differ or the region was split.
NE_COUNTERPARTS = {("MLI", "Timbuktu"): ("Tombouctou",), ("MLI", "Gao"): ("Gao", "Ménaka")}


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", str(text).casefold()) if not unicodedata.combining(c))


def _cod(adm2: Path, iso3: str) -> gpd.GeoDataFrame:
    g = gpd.read_file(adm2).to_crs("EPSG:4326")
    return gpd.GeoDataFrame(
        {
            "iso3": iso3,
            "name": g["ADM2_FR"].astype(str).str.strip(),
            "pcode": g["ADM2_PCODE"].astype(str),
            "admin1": g["ADM1_FR"].astype(str).str.strip(),
            "admin1_pcode": g["ADM1_PCODE"].astype(str),
        },
        geometry=g.geometry.values,
        crs="EPSG:4326",
    )


def _geoboundaries(adm2: Path, adm1: Path, iso3: str) -> gpd.GeoDataFrame:
    g2 = gpd.read_file(adm2).to_crs("EPSG:4326")
    g1 = gpd.read_file(adm1).to_crs("EPSG:4326")
    parents = []
    for geom in g2.geometry:
        overlap = shapely.area(shapely.intersection(g1.geometry.values, geom))
        parents.append(int(overlap.argmax()))
    p = g1.iloc[parents].reset_index(drop=True)
    return gpd.GeoDataFrame(
        {
            "iso3": iso3,
            "name": g2["shapeName"].astype(str).str.strip().to_numpy(),
            "pcode": g2["shapeISO"].fillna("").astype(str).to_numpy(),
            "admin1": p["shapeName"].astype(str).str.strip().to_numpy(),
            "admin1_pcode": p["shapeISO"].fillna("").astype(str).to_numpy(),
        },
        geometry=g2.geometry.values,
        crs="EPSG:4326",
    )


def _valid(geoms):
    return shapely.make_valid(shapely.buffer(geoms, 0))


def build(districts: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """(regions, districts): admin-2 simplified as one coverage per country, admin-1 their union."""
    districts = districts.copy()
    districts["admin1"] = [RENAME.get((i, n), n) for i, n in zip(districts["iso3"], districts["admin1"], strict=True)]
    districts["name"] = [RENAME.get((i, n), n) for i, n in zip(districts["iso3"], districts["name"], strict=True)]
    parts = []
    for _, g in districts.groupby("iso3", sort=True):
        geoms = _valid(g.geometry.values)
        simple = shapely.coverage_simplify(geoms, TOLERANCE, simplify_boundary=True)
        simple = shapely.set_precision(_valid(simple), 10.0**-DECIMALS)
        parts.append(g.set_geometry(gpd.GeoSeries(simple, index=g.index, crs="EPSG:4326")))
    districts = pd.concat(parts).sort_values(["iso3", "admin1", "name"]).reset_index(drop=True)
    regions = (
        districts.dissolve(by=["iso3", "admin1", "admin1_pcode"], as_index=False)[
            ["iso3", "admin1", "admin1_pcode", "geometry"]
        ]
        .rename(columns={"admin1": "name", "admin1_pcode": "pcode"})
        .sort_values(["iso3", "name"])
        .reset_index(drop=True)
    )
    regions = regions.set_geometry(shapely.set_precision(_valid(regions.geometry.values), 10.0**-DECIMALS))
    return regions, districts[["iso3", "name", "pcode", "admin1", "admin1_pcode", "geometry"]]


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def bad(self, msg: str) -> None:
        self.problems.append(msg)


def _ne_counterparts(iso3: str, ne_name: str, names: set[str]) -> tuple[str, ...]:
    if (iso3, ne_name) in NE_COUNTERPARTS:
        return NE_COUNTERPARTS[(iso3, ne_name)]
    by_fold = {_fold(n).replace("-", " "): n for n in names}
    hit = by_fold.get(_fold(ne_name).replace("-", " "))
    return (hit,) if hit else ()


def _iou(a, b) -> float:
    union = shapely.union(a, b).area
    return shapely.intersection(a, b).area / union if union else 0.0


def _outside_share(g, outline, window, tol: float) -> float:
    """The share of ``g``'s part inside ``window`` that lies over ``tol`` degrees outside ``outline`` (0 if none)."""
    part = shapely.intersection(g, window)
    return part.difference(outline.buffer(tol)).area / part.area if part.area else 0.0


def check(
    regions: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    countries: gpd.GeoDataFrame,
    ne_admin1: gpd.GeoDataFrame,
    locator: gpd.GeoDataFrame,
) -> Report:
    """Every check of the module docstring; ``Report.lines`` hold the figures, ``Report.problems`` what fails.

    The country outline is checked twice: against ``countries`` (1:10m, clipped to its window) within
    ``OUTSIDE_TOL_DEG``, and against ``locator`` (the whole countries, simplified) within ``LOCATOR_TOL_DEG``."""
    rep = Report()
    _check_units(rep, regions, districts, countries, locator)
    _check_parents(rep, regions, districts)
    _check_natural_earth(rep, regions, ne_admin1)
    return rep


def _check_units(rep: Report, regions, districts, countries, locator) -> None:
    references = (
        (
            "Natural Earth 1:10m",
            {r.iso3: r.geometry for r in countries.itertuples()},
            OUTSIDE_TOL_DEG,
            shapely.box(*countries.total_bounds),
        ),
        (
            "Natural Earth locator",
            {r.iso3: r.geometry for r in locator.itertuples()},
            LOCATOR_TOL_DEG,
            shapely.box(*locator.total_bounds),
        ),
    )
    for level, gdf, cols in (
        ("admin-1", regions, ("iso3", "name", "pcode")),
        ("admin-2", districts, ("iso3", "name", "pcode", "admin1", "admin1_pcode")),
    ):
        for col in cols:
            if col not in gdf.columns:
                rep.bad(f"{level}: no column {col!r}")
                return
        worst = {ref: (0.0, "") for ref, *_ in references}
        for r in gdf.itertuples():
            label = f"{level} {r.name!r} ({r.iso3})"
            g = r.geometry
            if g is None or g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon"):
                rep.bad(f"{label}: no polygon")
                continue
            if not g.is_valid:
                rep.bad(f"{label}: invalid ({shapely.is_valid_reason(g)})")
                continue
            for ref, outline, tol, window in references:
                if r.iso3 not in outline:
                    rep.bad(f"{label}: no {ref} outline for {r.iso3}")
                    continue
                share = _outside_share(g, outline[r.iso3], window, tol)
                worst[ref] = max(worst[ref], (share, label))
                if share > OUTSIDE_SHARE:
                    rep.bad(f"{label}: {share:.1%} of it lies over {tol} degrees outside {ref} {r.iso3}")
        for ref, _, tol, _ in references:
            share, label = worst[ref]
            rep.lines.append(
                f"{level}: {len(gdf)} units; largest share over {tol} deg outside the {ref} country: "
                f"{share:.3%} ({label})"
            )
        for key in ("name", "pcode"):
            dup = gdf[gdf.duplicated(["iso3", key], keep=False) & (gdf[key] != "")]
            for (iso3, value), _ in dup.groupby(["iso3", key]):
                rep.bad(f"{level}: {key} {value!r} is not unique in {iso3}")


def _check_parents(rep: Report, regions, districts) -> None:
    parents = {(r.iso3, r.name): r.geometry for r in regions.itertuples()}
    for r in districts.itertuples():
        parent = parents.get((r.iso3, r.admin1))
        if parent is None:
            rep.bad(f"admin-2 {r.name!r} ({r.iso3}): parent {r.admin1!r} is no admin-1 region of {r.iso3}")
        elif r.geometry.difference(parent.buffer(1e-6)).area > 1e-4 * r.geometry.area:
            rep.bad(f"admin-2 {r.name!r} ({r.iso3}): not inside its parent {r.admin1!r}")
    for iso3, g in regions.groupby("iso3"):
        counts = districts[districts["iso3"] == iso3]["admin1"].value_counts()
        rep.lines.append(
            f"{iso3}: {len(g)} admin-1 regions, {int(counts.sum())} admin-2 units "
            f"({', '.join(f'{n} {c}' for n, c in sorted(counts.items()))})"
        )


def _check_natural_earth(rep: Report, regions, ne_admin1) -> None:
    parents = {(r.iso3, r.name): r.geometry for r in regions.itertuples()}
    window = shapely.box(*ne_admin1.total_bounds)
    names = {iso3: set(g["name"]) for iso3, g in regions.groupby("iso3")}
    for r in ne_admin1.sort_values(["iso3", "name"]).itertuples():
        mates = _ne_counterparts(r.iso3, r.name, names.get(r.iso3, set()))
        if not mates:
            rep.bad(f"Natural Earth region {r.name!r} ({r.iso3}) has no counterpart")
            continue
        ours = shapely.intersection(shapely.union_all([parents[(r.iso3, m)] for m in mates]), window)
        iou = _iou(r.geometry, ours)
        line = f"IoU {iou:.3f}: Natural Earth {r.name} ({r.iso3}) vs {' + '.join(mates)}"
        if len(mates) > 1:
            alone = _iou(r.geometry, shapely.intersection(parents[(r.iso3, mates[0])], window))
            line += f" ({mates[0]} alone: {alone:.3f})"
        rep.lines.append(line)
        bar = MIN_IOU if r.geometry.area >= SMALL_DEG2 else MIN_IOU_SMALL
        if iou < bar:
            rep.bad(f"Natural Earth region {r.name!r} ({r.iso3}) overlaps {mates} with IoU {iou:.3f} < {bar}")


def cross_check_sources(regions: gpd.GeoDataFrame, adm1: dict[str, Path]) -> list[str]:
    """IoU of each dissolved region with the same source's own admin-1 polygon (before simplification)."""
    lines = []
    for iso3, path in adm1.items():
        g = gpd.read_file(path).to_crs("EPSG:4326")
        name_col = "ADM1_FR" if "ADM1_FR" in g.columns else "shapeName"
        src = {
            RENAME.get((iso3, str(n).strip()), str(n).strip()): geom
            for n, geom in zip(g[name_col], g.geometry, strict=True)
        }
        ious = []
        for r in regions[regions["iso3"] == iso3].itertuples():
            if r.name in src:
                ious.append((_iou(_valid(src[r.name]), r.geometry), r.name))
        low = min(ious)
        lines.append(f"{iso3}: dissolved admin-2 vs the source's admin-1, lowest IoU {low[0]:.3f} ({low[1]})")
    return lines


def write(gdf: gpd.GeoDataFrame, path: Path) -> None:
    data = json.loads(gdf.to_json(drop_id=True))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", "utf-8")
    print(f"{path.relative_to(ROOT)}: {len(gdf)} features, {path.stat().st_size / 1024:.0f} KiB")


def check_shipped() -> Report:
    read = gpd.read_file
    return check(
        read(REGIONS),
        read(DISTRICTS),
        read(OUT / "countries.geojson"),
        read(OUT / "admin1.geojson"),
        read(OUT / "locator.geojson"),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for country in ("mali", "niger", "burkina"):
        for level in ("adm1", "adm2"):
            parser.add_argument(f"--{country}-{level}", type=Path, metavar="FILE")
    parser.add_argument("--check", action="store_true", help="only check the shipped layers")
    args = parser.parse_args(argv)
    if not args.check:
        need = [a for a, v in vars(args).items() if a != "check" and v is None]
        if need:
            parser.error("give every source file: missing " + ", ".join("--" + a.replace("_", "-") for a in need))
        districts = pd.concat(
            [
                _cod(args.mali_adm2, "MLI"),
                _cod(args.niger_adm2, "NER"),
                _geoboundaries(args.burkina_adm2, args.burkina_adm1, "BFA"),
            ],
            ignore_index=True,
        )
        regions, districts = build(gpd.GeoDataFrame(districts, crs="EPSG:4326"))
        for line in cross_check_sources(
            regions, {"MLI": args.mali_adm1, "NER": args.niger_adm1, "BFA": args.burkina_adm1}
        ):
            print(line)
        write(regions, REGIONS)
        write(districts, DISTRICTS)
    rep = check_shipped()
    print("\n".join(rep.lines))
    for p in rep.problems:
        print("PROBLEM:", p, file=sys.stderr)
    return 1 if rep.problems else 0


if __name__ == "__main__":
    sys.exit(main())
