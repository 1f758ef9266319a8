"""scripts/check_places.py: every shipped coordinate is defensible, and each planted error is caught."""

import csv

import pytest

from conftest import DATA, edit_csv
from geo.boundaries import load_boundaries
from geo.placecheck import Polygons, check_extract
from scripts import check_places


def edit_sources(path, place_id, **changes):
    """Apply ``changes`` (values may be functions of the old value) to every source row of a place."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for r in rows:
        if r["place_id"] == place_id:
            r.update({k: v(r) if callable(v) else v for k, v in changes.items()})
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def problems(data):
    return [str(p) for p in check_places.run(data)[0]]


def test_shipped_data_passes_and_counts_its_sources():
    found, summary = check_places.run(DATA)
    assert found == []
    assert summary["places"] >= 150 and summary["confirmed"] >= 50
    assert summary["confirmed"] + summary["single_source"] == summary["places"]
    assert check_places.main([]) == 0


def test_flipped_longitude_sign_is_named(data_copy):
    edit_csv(data_copy / "places.csv", "niamey", lon="-2.1098")
    edit_sources(data_copy / "place_sources.csv", "niamey", lon=lambda r: str(-float(r["lon"])))
    edit_sources(data_copy / "place_sources.csv", "niamey", lat=lambda r: r["lat"])
    out = problems(data_copy)
    assert any("niamey: the longitude's sign is flipped" in p and "column 'country'" in p for p in out), out


def test_swapped_axes_are_named(data_copy):
    edit_csv(data_copy / "places.csv", "dori", lat="-0.03444", lon="14.0354")
    out = problems(data_copy)
    assert any("row" in p and "swap" in p.lower() for p in out), out


def test_wrong_country_is_named(data_copy):
    edit_csv(data_copy / "places.csv", "dori", country="NER")
    out = problems(data_copy)
    assert any("dori: " in p and "lies in BFA, not in NER" in p for p in out), out


def test_radius_smaller_than_the_gap_between_sources(data_copy):
    edit_csv(data_copy / "places.csv", "goudoubo", radius_km="3")
    out = problems(data_copy)
    assert any("goudoubo: a kept source lies 11.6 km from the point, outside the radius" in p for p in out), out


def test_single_source_place_cannot_be_a_point(data_copy):
    edit_csv(data_copy / "places.csv", "essakane", precision="point", radius_km="0")
    out = problems(data_copy)
    assert any("essakane: single-source (geonames)" in p for p in out), out


def test_a_point_of_our_own_is_refused(data_copy):
    edit_csv(data_copy / "places.csv", "gao", lat="16.28")
    out = problems(data_copy)
    assert any("gao: the point is none of its sources' points" in p for p in out), out


def test_wrong_region_is_named(data_copy):
    edit_csv(data_copy / "places.csv", "dori", admin1="Est")
    out = problems(data_copy)
    assert any("dori: " in p and "lies in Sahel (BFA), not in Est" in p for p in out), out


@pytest.fixture(scope="module")
def polygons():
    return Polygons(load_boundaries(DATA / "boundaries"))


def test_extract_rows_failing_the_point_checks_are_caught(polygons):
    rows = [
        {"geonameid": "1", "name": "Gao", "country": "MLI", "admin1": "Gao", "lat": "16.27", "lon": "-0.04"},
        {"geonameid": "2", "name": "Bourem", "country": "MLI", "admin1": "Gao", "lat": "16.95", "lon": "-0.35"},
        {"geonameid": "3", "name": "Ansongo", "country": "MLI", "admin1": "Gao", "lat": "15.66", "lon": "0.50"},
        {"geonameid": "4", "name": "Bamba", "country": "MLI", "admin1": "Gao", "lat": "10.38", "lon": "-7.15"},
        {"geonameid": "5", "name": "Tessit", "country": "MLI", "admin1": "Gao", "lat": "15.21667", "lon": "-0.3"},
        {"geonameid": "6", "name": "Niamey", "country": "NER", "admin1": "Niamey", "lat": "13.51", "lon": "-2.11"},
        {"geonameid": "7", "name": "Dori", "country": "BFA", "admin1": "Sahel", "lat": "-0.03", "lon": "14.04"},
    ]
    failing = check_extract(rows, polygons, rejected={5: "longitude sign flipped"}, curated={3: (15.0, 0.5, "ansongo")})
    assert sorted(failing) == [2, 3, 4, 5, 6]
    assert "75 km from the curated place ansongo" in failing[2] or "km from the curated place ansongo" in failing[2]
    assert "km from every other place coded so" in failing[3]
    assert failing[4] == "shown wrong in place_sources.csv: longitude sign flipped"
    assert failing[5].startswith("the longitude's sign is flipped")


def test_shipped_extract_holds_no_dropped_row():
    with open(DATA / "geonames_dropped.csv", encoding="utf-8") as fh:
        dropped = {r["geonameid"]: r["reason"] for r in csv.DictReader(fh)}
    assert {"10343856", "2460584"} <= set(dropped)  # Tessit (flipped sign), Bamba (coded Gao, lies in Sikasso)
    with open(DATA / "geonames_region.csv", encoding="utf-8") as fh:
        served = {r["geonameid"] for r in csv.DictReader(fh)}
    assert not served & set(dropped)
