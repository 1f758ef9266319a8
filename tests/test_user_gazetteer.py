"""liptako geocode/build --gazetteer FILE: an analyst's own places, from a CSV or an earlier export.

The place names here are made up (no real village is given coordinates of our own); the points are
in the region so the region check lets them through.
"""

import json

from click.testing import CliRunner

from cli import main
from conftest import edit_csv

EARLIER = """name,lat,lon,country,alt_names,source
Tin-Fixtoura,15.10,1.10,MLI,Tinfixtura,analyst notes 2024
Ouagafixe,14.50,-1.50,BFA,,
Ouagafixe,13.20,-2.90,BFA,,
Ouagafixe,14.51,-1.51,BFA,,
"""

ACLED = """event_id_cnty,event_date,event_type,location,latitude,longitude,geo_precision,country
MLI1,2024-01-02,Battles,Inafixtane,15.40,1.90,1,Mali
MLI2,2024-01-03,Battles,Inafixtane,15.40,1.90,1,Mali
MLI3,2024-01-04,Battles,Area-of-Fixture,15.60,2.00,2,Mali
"""


def geocode(*args):
    return CliRunner().invoke(main, ["geocode", "--json", *args], catch_exceptions=False)


def test_names_in_the_file_resolve_exactly_and_by_spelling_variant(tmp_path):
    f = tmp_path / "earlier.csv"
    f.write_text(EARLIER, encoding="utf-8")
    out = json.loads(
        geocode("--gazetteer", str(f), "Tin-Fixtoura", "Tin Fixtoura", "Tinfixtura", "Tinfikstoura").output
    )
    assert [o["status"] for o in out[:3]] == ["exact", "exact", "alias"]
    assert (out[0]["lat"], out[0]["lon"], out[0]["country"]) == (15.10, 1.10, "MLI")
    assert out[0]["source"] == "earlier.csv row 2 (analyst notes 2024)" and out[0]["sources"] == 1
    assert out[3]["lat"] is None  # a looser spelling is offered, not claimed


def test_the_files_own_ambiguities_stay_ambiguous(tmp_path):
    f = tmp_path / "earlier.csv"
    f.write_text(EARLIER, encoding="utf-8")
    result = geocode("--gazetteer", str(f), "Ouagafixe")
    out = json.loads(result.output)[0]
    assert result.exit_code == 1 and out["status"] == "ambiguous"
    # rows 3 and 5 are 1.4 km apart: one place; row 4 is 190 km away: a homonym
    assert sorted(c["lat"] for c in out["candidates"]) == [13.2, 14.5]


def test_an_acled_export_gives_its_precisely_located_rows_only(tmp_path):
    f = tmp_path / "acled.csv"
    f.write_text(ACLED, encoding="utf-8")
    out = json.loads(geocode("--gazetteer", str(f), "Inafixtane", "Area-of-Fixture").output)
    assert out[0]["status"] == "exact" and out[0]["country"] == "MLI" and out[0]["lat"] == 15.40
    assert out[1]["status"] == "unresolved"  # geo_precision 2 is not a point for the place


def test_without_the_file_the_names_are_unknown():
    assert json.loads(geocode("Tin-Fixtoura").output)[0]["status"] == "unresolved"


def test_a_bad_row_names_file_row_column_and_value(tmp_path):
    f = tmp_path / "earlier.csv"
    f.write_text(EARLIER.replace("15.10,1.10", "15.1x,1.10"), encoding="utf-8")
    result = CliRunner().invoke(main, ["geocode", "--gazetteer", str(f), "Tin-Fixtoura"])
    assert result.exit_code != 0
    assert f"{f}, row 2, column 'lat': '15.1x'" in result.output


def test_build_places_a_record_with_the_users_gazetteer(data_copy, tmp_path):
    f = tmp_path / "earlier.csv"
    f.write_text(EARLIER, encoding="utf-8")
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", places="Tin-Fixtoura")
    out = tmp_path / "map.html"
    run = CliRunner().invoke(main, ["build", "--data", str(data_copy), "--out", str(out)])
    assert "Tin-Fixtoura" in run.output  # without the file: unresolved, and said so
    run = CliRunner().invoke(main, ["build", "--data", str(data_copy), "--out", str(out), "--gazetteer", str(f)])
    assert run.exit_code == 0, run.output
    assert "Tin-Fixtoura" not in run.output.split("wrote")[0] and out.exists()


def test_a_map_spec_names_its_gazetteers(data_copy, tmp_path):
    (tmp_path / "earlier.csv").write_text(EARLIER, encoding="utf-8")
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", places="Tin-Fixtoura")
    spec = tmp_path / "mine.toml"
    spec.write_text('title = "Mine"\ngazetteers = ["earlier.csv"]\n', encoding="utf-8")
    out = tmp_path / "mine.html"
    run = CliRunner().invoke(main, ["build", str(spec), "--data", str(data_copy), "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "Tin-Fixtoura" not in run.output.split("wrote")[0]
    spec.write_text('title = "Mine"\ngazetteers = ["missing.csv"]\n', encoding="utf-8")
    run = CliRunner().invoke(main, ["build", str(spec), "--data", str(data_copy), "--out", str(out)])
    assert run.exit_code != 0 and "gazetteers" in run.output and "no such file" in run.output


def test_hostile_text_in_a_users_gazetteer_reaches_the_page_only_as_data(data_copy, tmp_path):
    from hostile import PAYLOADS

    from conftest import page_data

    evil = [p for p in PAYLOADS if "<" in p and "\n" not in p and "," not in p and '"' not in p][:10]
    f = tmp_path / "earlier.csv"
    f.write_text(
        "name,lat,lon,country,source\n"
        + "".join(
            f"Tin-Fixtoura,15.10,1.10,MLI,{p}\n" if i == 0 else f"Evil{i},15.{i:02d},1.50,MLI,{p}\n"
            for i, p in enumerate(evil)
        ),
        encoding="utf-8",
    )
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", places="Tin-Fixtoura")
    out = tmp_path / "map.html"
    run = CliRunner().invoke(main, ["build", "--data", str(data_copy), "--out", str(out), "--gazetteer", str(f)])
    assert run.exit_code == 0, run.output
    html = out.read_text(encoding="utf-8")
    assert evil[0] not in html  # never raw in the page
    data = page_data(html)
    assert evil[0] in json.dumps(data, ensure_ascii=False)  # only inside the JSON data block, verbatim
