"""The whole-region layer below the curated places (geo/bulk.py), on SYNTHETIC layers made up here: every name,
id and point below is invented ("Synth..."), none is a real place or a row of GeoNames or OSM."""

from __future__ import annotations

import csv
import gzip
from dataclasses import replace

import pytest

from geo import vocab
from geo.bulk import _ASCII_SEPARATORS, BulkLayer
from geo.gazetteer import Place
from geo.geocode import Geocoder
from geo.geonames_full import COLUMNS
from geo.names import normalize

OSM_COLUMNS = ["osm_id", "name", "alt_names", "type", "country", "admin1", "admin2", "lat", "lon", "population"]

# Synthetic GeoNames rows: (id, name, alt_names, class, code, country, admin1, population, lat, lon).
ROWS = [
    (901, "Synthbara", "", "P", "PPL", "BFA", "Sahel", 0, 14.00, -0.50),  # in Synthdistrict A
    (902, "Synthbara", "", "P", "PPL", "BFA", "Sahel", 0, 14.00, 0.45),  # ~100 km east: another village, district B
    (903, "Synthkoro", "Sinkoro", "P", "PPL", "BFA", "Sahel", 0, 13.50, -0.50),
    (904, "Synthkoro", "", "H", "WLL", "BFA", "Sahel", 0, 13.00, -1.50),  # a well of that name, far away
    (905, "Synthdori", "", "P", "PPL", "BFA", "Sahel", 0, 14.20, -0.10),
    (906, "Synthgao", "", "P", "PPL", "BFA", "Sahel", 0, 12.00, -1.00),
    (907, "Synthnga", "", "P", "PPL", "NGA", "", 0, 12.50, 4.50),
    (908, "Synthwell", "", "H", "WLL", "BFA", "Sahel", 0, 13.80, -0.80),
    (909, "Synthwell", "", "H", "WLL", "BFA", "Sahel", 0, 13.85, -0.80),  # ~5.6 km from 908: one place
    (910, "Synthfar", "", "P", "PPL", "BFA", "Sahel", 0, 13.20, -0.20),
    (911, "Synthnord", "", "P", "PPL", "BFA", "Sahel", 0, 13.30, -0.30),
    (912, "Synthtwin", "", "P", "PPL", "BFA", "Sahel", 0, 13.60, -0.60),
    (913, "Synthtwin", "", "P", "PPL", "NGA", "", 0, 12.60, 4.60),  # the same name in another country
]
DISTRICTS = {901: "Synthdistrict A", 902: "Synthdistrict B"}
# Synthetic OSM nodes: Synthkoro's namesake 1 km off; Synthdori's 10 km off (too far to count).
OSM = [
    (71, "Synthkoro", "", "village", "BFA", "Sahel", "", 13.509, -0.50, ""),
    (72, "Synthdori", "", "village", "BFA", "Sahel", "", 14.29, -0.10, ""),
    (73, "Synthfar", "", "village", "BFA", "Sahel", "", 14.40, -1.20, ""),  # 170 km from GeoNames' Synthfar
    (74, "Synthnord", "", "village", "BFA", "Nord", "", 13.90, -2.30, ""),  # far, but in another region
]


@pytest.fixture(scope="module")
def layer(tmp_path_factory):
    d = tmp_path_factory.mktemp("synthetic_bulk")
    with gzip.open(d / "geonames_full.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for gid, name, alts, cls, code, country, admin1, pop, lat, lon in ROWS:
            w.writerow([gid, name, name, alts, cls, code, country, "", admin1, DISTRICTS.get(gid, ""), pop, lat, lon])
    with gzip.open(d / "osm_places.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(OSM_COLUMNS)
        w.writerows(OSM)
    return d


def curated(name: str, lat: float, lon: float) -> Place:
    return Place(
        f"c-{normalize(name)}",
        name,
        (),
        "village",
        "BFA",
        "Sahel",
        "",
        lat,
        lon,
        vocab.EXACT,
        0.0,
        None,
        "synthetic",
        keys=frozenset({normalize(name)}),
        sources=3,
    )


def paths(layer):
    return layer / "geonames_full.csv.gz", layer / "osm_places.csv.gz"


def coder(layer, **options) -> Geocoder:
    return Geocoder([curated("Synthgao", 14.5, 0.5)], bulk=BulkLayer(*paths(layer)), **options)


def test_a_curated_village_with_a_namesake_in_the_bulk_layer_is_two_readings(layer):
    gc = coder(layer, admin1="Sahel")
    m = gc("Synthgao")  # the bulk layer has a Synthgao 270 km away, in the hinted region: no pick
    assert m.status == "ambiguous" and [(c.tier, c.lat) for c in m.candidates] == [("curated", 14.5), ("bulk", 12.0)]
    # A curated town outranks the villages of its name: answered without reading the bulk layer.
    town = Geocoder([replace(curated("Synthville", 14.6, 0.6), kind="town")], bulk=BulkLayer(*paths(layer)))
    assert town("Synthville").status == "exact" and not town._bulk.loaded
    assert town("Synthkoro").place.tier == "bulk" and town._bulk.loaded


def test_homonyms_more_than_25_km_apart_are_ambiguous_even_with_a_hint(layer):
    m = coder(layer, admin1="Sahel")("Synthbara")
    assert m.status == "ambiguous" and m.place is None
    assert sorted(c.geonames_id for c in m.candidates) == [901, 902]
    assert {c["layer"] for c in m.to_dict()["candidates"]} == {"bulk"}


def test_a_populated_place_wins_over_a_well_only_when_it_is_one_place(layer):
    m = coder(layer, admin1="Sahel")("Synthkoro")
    assert m.place.geonames_id == 903 and [a.geonames_id for a in m.alternatives] == [904]
    # Two wells 5.6 km apart are one place: one reading, with a radius that covers both; one source, so offered.
    w = coder(layer, admin1="Sahel")("Synthwell")
    assert w.status == "ambiguous" and len(w.candidates) == 1 and w.candidates[0].radius_km >= 5.5


def test_sources_count_an_osm_namesake_of_the_queried_name_within_5_km(layer):
    gc = coder(layer, admin1="Sahel")
    two = gc("Synthkoro").to_dict()
    assert (two["status"], two["sources"], two["layer"], two["precision"]) == ("exact", 2, "bulk", "point")
    assert "OSM node 71" in two["source"]
    # OSM names the place Synthkoro, not Sinkoro: the alternate rests on GeoNames alone, and a one-source village
    # is placed only by its own name, so it is offered.
    alias = gc("Sinkoro")
    assert alias.status == "ambiguous" and [(c.geonames_id, c.sources) for c in alias.candidates][0] == (903, 1)
    # Its OSM namesake is 10 km off: one source, but the only feature of that name in the whole layer: placed,
    # approximate within 5 km.
    one = gc("Synthdori")
    p = one.place
    assert (one.status, p.sources, p.precision, p.radius_km, p.tier) == ("approximate", 1, "near", 5.0, "bulk")


def test_an_osm_namesake_far_away_in_the_hinted_scope_makes_it_ambiguous(layer):
    gc = coder(layer, admin1="Sahel")
    m = gc("Synthfar")
    assert m.status == "ambiguous" and [c["layer"] for c in m.to_dict()["candidates"]] == ["bulk", "osm"]
    assert m.to_dict()["candidates"][1]["km"] > 100
    # An OSM namesake in another region does not contradict the hinted one: one reading, placed approximately.
    assert gc("Synthnord").place.geonames_id == 911
    # With the country alone, that namesake is in scope: two readings.
    nord = coder(layer, country="BFA")("Synthnord")
    assert nord.status == "ambiguous" and [c.tier for c in nord.candidates] == ["bulk", "osm"]


def test_with_the_country_alone_two_sources_or_a_unique_name_place_a_bulk_reading(layer):
    gc = coder(layer, country="BFA")
    m = gc("Synthkoro")
    assert (m.status, m.place.geonames_id, m.place.sources) == ("exact", 903, 2)
    assert [a.geonames_id for a in m.alternatives] == [904]
    assert gc("Synthdori").status == "approximate"
    # One source, and GeoNames has the name in Nigeria too: a common name, offered rather than placed ...
    twin = gc("Synthtwin")
    assert twin.status == "ambiguous" and [c.geonames_id for c in twin.candidates] == [912]
    # ... unless an admin hint narrows the name to one feature.
    assert coder(layer, admin1="Sahel")("Synthtwin").place.geonames_id == 912
    # A well is never placed, even alone of its name.
    assert coder(layer, country="BFA")("Synthwell").status == "ambiguous"


def test_country_hint_applies_to_the_bulk_layer(layer):
    unhinted = coder(layer)("Synthnga")  # Nigeria answers only when named (the curated Synthgao is a fuzzy offer)
    assert unhinted.place is None and "NGA" not in {c.country for c in unhinted.candidates}
    assert coder(layer, country="NGA")("Synthnga").place.country == "NGA"


def test_an_admin2_hint_separates_homonyms_and_a_hint_that_leaves_nothing_lists_the_rest(layer):
    assert coder(layer, admin2="Synthdistrict B")("Synthbara").place.geonames_id == 902
    assert coder(layer, admin1="Sahel", admin2="synthdistrict a")("Synthbara").place.geonames_id == 901
    # No Synthbara in Nord: the answer is not "unresolved" but the places outside the hint, offered.
    out = coder(layer, admin1="Nord")("Synthbara")
    assert out.status == "ambiguous" and sorted(c.geonames_id for c in out.candidates) == [901, 902]
    assert coder(layer, admin1="Nord")("Synthnothing").status == "unresolved"


def test_the_ascii_fast_path_of_the_index_folds_like_normalize():
    for c in map(chr, range(128)):
        text = f"Ab{c}Cd"
        assert _ASCII_SEPARATORS.sub("", text.lower()) == normalize(text), repr(c)
