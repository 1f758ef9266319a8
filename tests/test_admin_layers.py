"""Whole-country admin-1 and admin-2 layers (issue 22, "Regions"): the shipped files pass
scripts/build_admin.py's checks; events get their region (Ménaka included) and admin-2 unit by
point-in-polygon; --admin1/--admin2 match by where an event lies, with did-you-mean errors."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import CliRunner

from cli import main
from scripts import build_admin

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
MENAKA_2020 = str(FIX / "acled_2020_menaka.csv")  # ACLED's 2020 layout: Ménaka's events coded admin1 Gao
UCDP = str(FIX / "ucdp_ged.csv")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def events_of(*args) -> list[dict]:
    """The events an export keeps (curated records included), as GeoJSON properties."""
    out = Path(args[-1])
    done = run("export", *args[:-1], "--out", out)
    assert done.exit_code == 0, done.output
    return [f["properties"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]]


def test_the_shipped_layers_pass_every_check():
    rep = build_admin.check_shipped()
    assert rep.problems == []
    # Every Natural Earth region is compared (25 in its window), Gao with Gao + Ménaka.
    assert sum(line.startswith("IoU ") for line in rep.lines) == 25
    assert any("Gao (MLI) vs Gao + Ménaka" in line for line in rep.lines)


def test_the_layers_hold_the_three_countries_with_menaka_and_nest():
    regions = gpd.read_file(build_admin.REGIONS)
    districts = gpd.read_file(build_admin.DISTRICTS)
    assert regions.groupby("iso3").size().to_dict() == {"BFA": 13, "MLI": 10, "NER": 8}
    assert {"Ménaka", "Gao", "Tombouctou", "Kidal", "Kayes", "Bamako"} <= set(regions[regions.iso3 == "MLI"].name)
    menaka = set(districts[(districts.iso3 == "MLI") & (districts.admin1 == "Ménaka")].name)
    assert menaka == {"Ménaka", "Anderamboukane", "Inekar", "Tidermene"}
    # Together the files stay small enough to ship (issue 22 asked for at most ~1.5 MB).
    assert build_admin.REGIONS.stat().st_size + build_admin.DISTRICTS.stat().st_size < 600_000


def test_a_check_catches_a_unit_outside_its_country_and_a_duplicate_name():
    read = gpd.read_file
    regions, districts = read(build_admin.REGIONS), read(build_admin.DISTRICTS)
    bad = districts.copy()
    i = bad.index[bad.name == "Ansongo"][0]
    bad.loc[i, "geometry"] = bad.loc[i, "geometry"].buffer(0)  # same shape ...
    bad.loc[i, "geometry"] = gpd.GeoSeries([bad.loc[i, "geometry"]]).translate(3.0, 0.0).iloc[0]  # ... 300 km east
    bad.loc[bad.name == "Bourem", "name"] = "Gao"  # two cercles called Gao
    rep = build_admin.check(
        regions, bad, read(build_admin.OUT / "countries.geojson"), read(build_admin.OUT / "admin1.geojson"),
        read(build_admin.OUT / "locator.geojson"),
    )  # fmt: skip
    text = "\n".join(rep.problems)
    assert "admin-2 'Ansongo' (MLI)" in text and "outside" in text
    assert "admin-2: name 'Gao' is not unique in MLI" in text
    assert "not inside its parent 'Gao'" in text


def test_an_event_coded_gao_but_lying_in_menaka_is_found_by_admin1_menaka(tmp_path):
    rows = events_of("--events", MENAKA_2020, "--admin1", "Menaka", tmp_path / "m.geojson")
    mine = {r["row"]: r for r in rows if r["file"] == "acled_2020_menaka.csv"}
    assert sorted(mine) == [2, 3]  # Ménaka town and Andéramboukane, both coded Gao by the file
    assert {r["source_admin1"] for r in mine.values()} == {"Gao"}
    assert {r["admin1"] for r in mine.values()} == {"Ménaka"}
    assert {r["admin2"] for r in mine.values()} == {"Ménaka", "Anderamboukane"}
    # And --admin1 Gao keeps only what lies in Gao (Ansongo, Gao town), not Ménaka's events coded Gao.
    gao = events_of("--events", MENAKA_2020, "--admin1", "GAO", tmp_path / "g.geojson")
    assert sorted(r["row"] for r in gao if r["file"] == "acled_2020_menaka.csv") == [4, 5]


def test_a_region_the_layers_lack_is_matched_by_the_source_column(tmp_path):
    # Neither boundary layer draws Taoudénit (the COD keeps it in Tombouctou): the file's own column decides.
    rows = events_of("--events", MENAKA_2020, "--admin1", "Taoudénit", tmp_path / "t.geojson")
    assert [(r["row"], r["admin1"]) for r in rows] == [(6, "Tombouctou")]


@pytest.mark.parametrize("spelling", ["Anderamboukane", "ANDERAMBOUKANE", "andéramboukane", "Andéramboukane"])
def test_admin2_matches_whatever_the_case_and_accents(spelling, tmp_path):
    rows = events_of("--events", MENAKA_2020, "--admin2", spelling, tmp_path / "a.geojson")
    assert [r["row"] for r in rows if r["file"] == "acled_2020_menaka.csv"] == [3]
    assert {r["admin2"] for r in rows} == {"Anderamboukane"}


def test_an_unknown_admin2_is_an_error_with_did_you_mean(tmp_path):
    out = tmp_path / "x.geojson"
    done = run("export", "--events", MENAKA_2020, "--admin2", "Ansngo", "--out", out)
    assert done.exit_code == 1
    assert "--admin2 Ansngo matches no admin-2 unit of the data; did you mean Ansongo" in done.output
    assert "Admin-2 units in the data:" in done.output and not out.exists()
    stats = run("stats", "--events", MENAKA_2020, "--admin2", "Nowhere-Cercle")
    assert stats.exit_code == 1 and "--admin2 Nowhere-Cercle matches no admin-2 unit" in stats.output


def test_stats_count_by_the_new_regions(tmp_path):
    done = run("stats", "--events", MENAKA_2020, "--json")
    assert done.exit_code == 0, done.output
    by = {(r["key"], r["country"]): r["events"] for r in json.loads(done.stdout)["by"]["admin1"]}
    assert by[("Ménaka", "MLI")] >= 2 and by[("Gao", "MLI")] >= 2
    assert not any(key == "Timbuktu" for key, _ in by)  # Natural Earth's name is no longer a region of events


def test_ucdp_events_get_admin1_and_admin2(tmp_path):
    rows = events_of("--events", UCDP, tmp_path / "u.geojson")
    ucdp = [r for r in rows if r["file"] == "ucdp_ged.csv"]
    assert ucdp
    inside = [r for r in ucdp if r["country"] in ("MLI", "NER", "BFA")]
    assert inside and all(r["admin1"] and r["admin2"] for r in inside)


@pytest.mark.parametrize("name", ["Tombouctou", "Timbuktu", "TOMBOUCTOU"])
def test_tombouctou_and_natural_earths_timbuktu_name_one_region(name, tmp_path):
    rows = events_of("--events", MENAKA_2020, "--admin1", name, tmp_path / "t.geojson")
    assert (6, "Tombouctou") in [(r["row"], r["admin1"]) for r in rows if r["file"] == "acled_2020_menaka.csv"]


def test_region_mask_reads_the_source_only_where_the_layer_cannot_answer():
    import pandas as pd

    from geo.events import region_mask

    ev = pd.DataFrame(
        {
            "admin1": ["Ménaka", "Gao", "", "Tombouctou"],
            "source_admin1": ["Gao", "Gao", "Gao", "Taoudenit"],
        }
    )
    layer = {"Ménaka", "Gao", "Tombouctou"}
    assert region_mask(ev, ["gao"], "admin1", layer).tolist() == [False, True, True, False]
    assert region_mask(ev, ["MENAKA"], "admin1", layer).tolist() == [True, False, False, False]
    assert region_mask(ev, ["Taoudénit"], "admin1", layer).tolist() == [False, False, False, True]


def test_a_point_takes_a_unit_of_its_own_country():
    from shapely.geometry import box

    from geo.analysis import locate_in_country

    units = gpd.GeoDataFrame(
        {"name": ["Sahel", "Tillabéri"], "iso3": ["BFA", "NER"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)]
    )
    pts = gpd.GeoSeries.from_xy([0.95, 0.5, 1.5, 5.0, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    # Natural Earth puts the first point in Niger: it takes Niger's nearest unit, not Burkina Faso's that holds
    # it; one far from its country's units gets none; a point of a country the layer lacks gets none; one
    # beyond Natural Earth's window (no country) keeps the unit that holds it.
    country = ["NER", "BFA", "NER", "NER", "MLI", ""]
    assert locate_in_country(pts, units, country).tolist() == ["Tillabéri", "Sahel", "Tillabéri", "", "", "Sahel"]
