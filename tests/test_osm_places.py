"""The OpenStreetMap place layer (data/osm_places.csv.gz, issue 23): the shipped file passes its checks, each
planted fault is caught, and the build keeps and drops the right nodes of a small GeoData-shaped file."""

from __future__ import annotations

import csv
import gzip
import io
import sqlite3

import pytest

from scripts import build_osm_places as osm


def _write_gz(path, rows):
    buf = io.StringIO()
    w = csv.DictWriter(buf, osm.COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


@pytest.fixture(scope="module")
def shipped():
    return osm.read_shipped()


def test_the_shipped_layer_passes_its_checks(shipped):
    assert osm.check() == []
    assert osm.main(["--check"]) == 0
    assert len(shipped) > 30_000
    by_id = {r["osm_id"]: r for r in shipped}
    # Tessit is a town of Gao region in OSM, on the east bank (GeoNames cities500 flips its sign).
    tessit = by_id["2160169823"]
    assert (tessit["name"], tessit["country"], tessit["admin1"]) == ("Tessit", "MLI", "Gao")
    assert float(tessit["lon"]) > 0.2
    # Ménaka town takes the 2016 region from the whole-country layer (Natural Earth draws it inside Gao).
    assert by_id["1707621796"]["admin1"] == "Ménaka"
    # Andéramboukane: name:en becomes an alternate; its node lies ~200 m on Niger's side of Natural Earth's
    # line, and the country is the polygon's, not the extract's (data/README.md).
    assert (by_id["469237102"]["alt_names"], by_id["469237102"]["country"]) == ("Anderamboukane", "NER")
    assert {r["type"] for r in shipped} <= set(osm.KEPT_TYPES)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"lon": "-0.29209"}, "but the point lies in"),  # Tessit's sign flipped: another region
        ({"lat": "0.29209", "lon": "15.22556"}, "did you swap latitude and longitude"),
        ({"name": "Tes\x07sit"}, "control character U+0007"),
        ({"name": "Tes\u200esit"}, "invisible character U+200E"),
        ({"name": "village"}, "a word for a kind of place"),
        ({"alt_names": "تسيت"}, "character U+062A"),
        ({"admin1": "Tombouctou"}, "admin1 'Tombouctou', but the point lies in 'Gao'"),
        ({"country": "NER"}, "country 'NER', but the point lies in 'MLI'"),
        ({"type": "suburb"}, "type 'suburb' is not one of"),
        ({"lat": "15.2"}, "lat '15.2' is not written with 5 decimals"),
    ],
)
def test_each_planted_fault_is_caught_with_row_and_value(shipped, tmp_path, change, message):
    rows = [dict(r) for r in shipped[:50]]
    tessit = next(r for r in shipped if r["osm_id"] == "2160169823")
    rows.append({**tessit, **change})
    path = tmp_path / "osm.csv.gz"
    _write_gz(path, rows)
    problems = osm.check(path)
    assert problems, change
    assert any(message in p and "row 52" in p and "2160169823" in p for p in problems), problems


def _source(path, nodes):
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE NODE (ID INTEGER PRIMARY KEY, LAT DOUBLE, LON DOUBLE, NAME TEXT, NAME_EN TEXT, "
        "NAME_DE TEXT, TAG TEXT, VALUE TEXT, POPULATION INTEGER, ELEVATION INTEGER)"
    )
    con.executemany("INSERT INTO NODE VALUES (?,?,?,?,?,?,?,?,?,NULL)", nodes)
    con.commit()
    con.close()


def test_the_build_keeps_settlements_and_lists_what_it_drops(tmp_path):
    mali, nigeria = tmp_path / "mali.sqlite", tmp_path / "nigeria.sqlite"
    _source(
        mali,
        [
            (1, 15.22556, 0.29209, "Tessit", None, None, "place", "town", None),
            (2, 16.53167, 1.51819, "Talataye", "Talatayt", None, "place", "village", 1200),
            (3, 15.5, 1.0, None, None, None, "place", "hamlet", None),  # unnamed: counted only
            (4, 16.27, -0.04, "Château", None, None, "place", "suburb", None),  # part of a town
            (5, 16.0, 1.0, "Village", None, None, "place", "hamlet", None),  # a placeholder
            (6, 18.75361, 1.17583, "Essouk السوق", "Essouk", None, "place", "town", 2383),
            (7, 16.0, 1.0, "Gao", None, None, "amenity", "school", None),  # not a place node
            (8, 16.1, 1.1, "Ta\x01kit", None, None, "place", "village", None),
        ],
    )
    _source(
        nigeria,
        [
            (2, 16.53167, 1.51819, "Talataye", None, None, "place", "village", None),  # in both extracts
            (20, 13.5, 5.0, "Illela", None, None, "place", "town", None),  # next to Niger: in the strip
            (21, 9.6, 8.0, "Kafanchan", None, None, "place", "town", None),  # 300 km south of Niger
            (22, 6.5, 3.4, "Lagos", None, None, "place", "city", None),  # outside the region box
        ],
    )
    b = osm.build([mali, nigeria])
    kept = {r["osm_id"]: r for r in b.kept}
    assert sorted(kept) == [1, 2, 6, 20]
    assert kept[2]["alt_names"] == "Talatayt" and kept[2]["population"] == 1200
    assert kept[6]["name"] == "Essouk" and kept[6]["alt_names"] == ""
    assert kept[20]["country"] == "NGA" and kept[20]["admin1"] == ""
    assert kept[1]["admin1"] == "Gao" and kept[1]["lat"] == "15.22556"
    dropped = {r["osm_id"]: r["reason"] for r in b.dropped}
    assert "not a settlement" in dropped[4]
    assert "a word for a kind of place" in dropped[5]
    assert "control character U+0001" in dropped[8]
    assert 3 not in dropped and b.counts["unnamed (counted, not listed)"] == 1
    assert b.counts["in two source files (kept once)"] == 1
    assert b.counts["outside the region box (out of scope)"] == 1
    assert b.counts["beyond 150 km of the three countries (out of scope)"] == 1
