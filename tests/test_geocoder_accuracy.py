"""The labelled set (tests/geocode_labelled.csv): measured figures, asserted.

The same set tuned the fuzzy threshold (scripts/tune_geocoder.py), so these figures are
training-set figures: they prove that nothing regresses, not how the geocoder does on names it
has never seen.
"""

import csv
import json
import sys

import pytest
from click.testing import CliRunner

from cli import main
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from tune_geocoder import evaluate  # noqa: E402  (after the path set-up above)

from geo.geocode import FUZZY_THRESHOLD  # noqa: E402

LABELLED = list(csv.DictReader(open(ROOT / "tests" / "geocode_labelled.csv", encoding="utf-8")))


@pytest.fixture(scope="module")
def figures():
    return evaluate(FUZZY_THRESHOLD)


def test_labelled_set_is_big_and_covers_every_category():
    cats = {r["category"] for r in LABELLED}
    assert len(LABELLED) >= 80 and cats == {"variant", "typo", "homonym", "unresolved"}


def test_no_wrong_place_is_ever_claimed(figures):
    assert figures["wrong"] == []


def test_variants_resolve(figures):
    assert figures["variants_resolved"] >= 0.95
    assert figures["homonyms"] == 1.0
    assert figures["kept_unresolved"] == 1.0


def test_threshold_has_a_safety_margin():
    # Three points lower, a real village (Koutougou) is taken for another (Koudougou).
    assert evaluate(FUZZY_THRESHOLD - 3)["wrong"] != []


def run(*args):
    return CliRunner().invoke(main, ["geocode", *args], catch_exceptions=False)


KEYS = ["status", "name", "lat", "lon", "country", "admin1", "precision", "radius_km", "score", "source",
        "candidates", "suggestions"]


def test_json_has_exactly_the_keys_in_query_order():
    result = run("--json", "Tesit", "Gao", "Xyzzy", "Bakorat", "Tillabery")
    assert result.exit_code == 1  # Gao is ambiguous, Xyzzy unresolved
    out = json.loads(result.output)
    assert [list(o) for o in out] == [KEYS] * 5
    assert [o["status"] for o in out] == ["approximate", "ambiguous", "unresolved", "approximate", "alias"]
    assert out[0]["name"] == "Tessit" and out[0]["country"] == "MLI"
    assert {c["country"] for c in out[1]["candidates"]} == {"MLI", "BFA"}
    assert set(out[1]["candidates"][0]) == {"name", "lat", "lon", "country", "admin1"}
    assert out[3]["precision"] == "admin2" and out[3]["radius_km"] == 100


def test_fuzzy_answer_reports_its_score():
    out = json.loads(run("--json", "Hombor").output)[0]
    assert out["status"] == "fuzzy" and out["name"] == "Hombori" and 85 <= out["score"] < 100


def test_all_resolved_exits_zero_with_a_table():
    result = run("Menaka", "In-Ates", "Tongo Tongo")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["query", "status", "name"]
    assert lines[2].split()[:3] == ["In-Ates", "approximate", "Inatès"]


def test_country_hint():
    assert json.loads(run("--json", "--country", "BFA", "Gao").output)[0]["admin1"] == "Centre-Ouest"
    bad = run("--country", "XX", "Gao")
    assert bad.exit_code == 2 and "'XX' is not an ISO 3166-1 alpha-3 code" in bad.output


def test_admin1_hint():
    out = json.loads(run("--json", "--admin1", "Maradi", "Tibiri").output)[0]
    assert out["status"] == "exact" and out["admin1"] == "Maradi"


def test_batch_file(tmp_path):
    f = tmp_path / "events.csv"
    f.write_text("id,location\n1,Menaka\n2,Gao\n3,Menaka\n", encoding="utf-8")
    out = json.loads(run("--json", "--file", str(f), "--column", "location").output)
    assert [o["status"] for o in out] == ["exact", "ambiguous", "exact"]
    missing = run("--file", str(f), "--column", "place")
    assert missing.exit_code == 1
    assert f"{f}, row 1, column 'place': 'place': no such column; the columns are id, location" in missing.output
