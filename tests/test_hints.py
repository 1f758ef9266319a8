"""Hints and homonyms on the shipped gazetteer (issue 23): every layer, the admin units by point, the CLI's hint
options and columns, and ACLED rows without coordinates."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

import geo
from cli import main
from conftest import DATA, ROOT
from geo.geocode import make_geocoder


@pytest.fixture(scope="module")
def gc():
    return make_geocoder(DATA)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize(
    "name, hint, expected",
    [
        # Two villages of one name far apart: no pick without a hint, the right one with it.
        ("Boni", {"admin1": "Mopti"}, "boni-mli"),
        ("Boni", {"country": "BFA"}, "boni-bfa"),
        ("Boni", {"admin2": "Torodi"}, "boni-torodi"),
        ("Koutougou", {"admin1": "Sahel"}, "koutougou"),
        ("Boungou", {"admin2": "Gourma"}, "boungou-gourma"),
        ("Tin Hama", {"admin2": "Bourem"}, "tin-hama-bourem"),
        ("Gao", {"country": "BFA"}, "gao-bf"),
    ],
)
def test_homonyms_are_ambiguous_without_a_hint_and_right_with_one(gc, name, hint, expected):
    bare = gc(name)
    if name == "Gao":
        # Mali's regional capital outranks the Burkina Faso village; the village is listed beside it, never hidden.
        assert bare.place.id == "gao" and "gao-bf" in {a.id for a in bare.alternatives}
    else:
        assert bare.status == "ambiguous" and expected in {c.id for c in bare.candidates}, bare
    hinted = gc.hinted(**hint)(name)
    assert hinted.place is not None and hinted.place.id == expected, hinted


def test_tongo_tongo_stays_two_readings_when_no_hint_can_separate_them(gc):
    # The GeoNames Tongo Tongo 13 km south lies in the same department: an admin-2 hint cannot tell them apart.
    for coder in (gc, gc.hinted(admin2="Ouallam")):
        m = coder("Tongo Tongo")
        assert m.status == "ambiguous" and {c.tier for c in m.candidates} == {"curated", "homonym"}


def test_a_curated_village_with_a_namesake_in_the_whole_region_layer_is_ambiguous(gc):
    m = gc.hinted(country="NER")("Tiloa")
    assert m.status == "ambiguous" and m.candidates[0].id == "tiloa"
    assert {c.tier for c in m.candidates[1:]} <= {"bulk", "osm"} and len(m.candidates) > 1


def test_fuzzy_near_misses_are_offered_not_placed_without_an_admin2_hint(gc):
    for coder in (gc.hinted(country="MLI"), gc.hinted(admin1="Mopti")):
        m = coder("Hombor")
        assert m.status == "ambiguous" and [c.id for c in m.candidates] == ["hombori"]
    placed = gc.hinted(admin2="Douentza")("Hombor")
    assert (placed.status, placed.place.id) == ("fuzzy", "hombori")
    assert gc("Hombor, Douentza").place.id == "hombori"
    # The near-misses: each is another village, 116 and 171 km from the one a loose match would give.
    assert gc.hinted(country="NER")("Komabangou").place.id == "komabangou"
    assert gc.hinted(country="BFA")("Kombori").place.id == "kombori"


def test_a_hint_that_leaves_no_candidate_lists_the_places_outside_it(gc):
    m = gc.hinted(admin1="Agadez")("Boni")
    assert m.status == "ambiguous" and {"boni-mli", "boni-bfa"} <= {c.id for c in m.candidates}
    assert gc.hinted(admin1="Agadez")("Xyzzyqq").status == "unresolved"


def test_the_whole_region_layer_answers_say_layer_and_sources():
    # Tondikiwindi: a commune seat that only the whole-region layer holds, with an OSM node of that name by it.
    out = json.loads(run("geocode", "--json", "--country", "NER", "Tondikiwindi", "Kayan").output)
    assert (out[0]["status"], out[0]["layer"], out[0]["sources"]) == ("exact", "bulk", 2)
    assert "GeoNames" in out[0]["source"] and "OSM node" in out[0]["source"]
    assert out[1]["status"] == "unresolved" or all({"layer", "sources", "km"} <= set(c) for c in out[1]["candidates"])


def test_file_hint_columns_answer_each_row_with_its_own_hints(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text(
        "place,country,region,cercle\n"
        "Boni,Mali,Mopti,\n"
        "Boni,BFA,,\n"
        "Boni,NER,,Torodi\n"
        "Hombor,MLI,,Douentza\n"
        "Boni,,Narnia,\n",
        encoding="utf-8",
    )
    done = run(
        "geocode", "--json", "--file", path, "--column", "place", "--country-column", "country",
        "--admin1-column", "region", "--admin2-column", "cercle",
    )  # fmt: skip
    rows = json.loads(done.stdout)
    got = [(r["status"], r["country"], r["admin1"]) for r in rows]
    assert got[:4] == [
        ("exact", "MLI", "Mopti"),
        ("approximate", "BFA", "Hauts-Bassins"),
        ("approximate", "NER", "Tillabéri"),
        ("fuzzy", "MLI", "Mopti"),
    ]
    assert rows[4]["status"] == "ambiguous" and len(rows[4]["candidates"]) >= 3
    assert done.exit_code == 1 and "Narnia is no unit" in done.stderr and "1 row)" in done.stderr


def test_a_bad_country_cell_names_file_row_column_and_value(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("place,country\nBoni,Mali\nBoni,Atlantis\n", encoding="utf-8")
    done = run("geocode", "--file", path, "--column", "place", "--country-column", "country")
    assert done.exit_code == 1 and "row 3" in done.output and "'country'" in done.output and "Atlantis" in done.output
    missing = run("geocode", "--file", path, "--column", "place", "--admin1-column", "region")
    assert missing.exit_code == 1 and "region" in missing.output and "no such column" in missing.output


def test_unknown_admin_options_say_what_was_meant():
    done = run("geocode", "--admin2", "Duentza", "Boni")
    assert done.exit_code == 2 and "did you mean Douentza" in done.output
    assert run("geocode", "--admin1", "Tilabery", "Boni").exit_code == 2
    assert run("geocode", "--admin1-column", "x", "Boni").exit_code == 2  # a column needs --file


def test_acled_rows_without_coordinates_pass_their_admin_units(tmp_path):
    src = ROOT / "tests" / "fixtures" / "acled_2024.csv"
    with open(src, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, first = reader.fieldnames, next(reader)
    rows = []
    for i, (country, admin1, admin2) in enumerate([("Mali", "Mopti", "Douentza"), ("Niger", "Tillaberi", "Torodi")]):
        row = dict(first, event_id_cnty=f"HINT-{i}", country=country, admin1=admin1, admin2=admin2)
        row.update(location="Boni", latitude="", longitude="", geo_precision="1")
        rows.append(row)
    path = tmp_path / "acled.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    ev = geo.load().with_events([path]).events.set_index("source_id")
    with open(DATA / "places.csv", encoding="utf-8") as fh:
        places = {p["id"]: p for p in csv.DictReader(fh)}
    for sid, pid in (("HINT-0", "boni-mli"), ("HINT-1", "boni-torodi")):
        r = ev.loc[sid]
        assert r["geocoded"] and (r["lat"], r["lon"]) == (float(places[pid]["lat"]), float(places[pid]["lon"]))
