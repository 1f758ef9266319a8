import pytest
from click.testing import CliRunner

from cli import main
from conftest import edit_csv, page_data, record_rows


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("cmd", [[], ["build"], ["validate"], ["export"], ["embed"], ["geocode"]])
def test_help_everywhere(run, cmd):
    for flag in ("-h", "--help"):
        result = run(*cmd, flag)
        assert result.exit_code == 0 and "Usage:" in result.output


def test_build_writes_the_map(run, tmp_path):
    out = tmp_path / "map.html"
    result = run("build", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "313 places" in result.output and f"wrote {out}" in result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # no temporary file left


def test_validate_ok(run):
    result = run("validate")
    assert result.exit_code == 0 and result.output.startswith("OK: 313 places")


def test_bad_data_names_file_row_column_value_and_keeps_last_map(run, data_copy, tmp_path):
    out = tmp_path / "map.html"
    out.write_text("last good map", encoding="utf-8")
    edit_csv(data_copy / "places.csv", "tessit", lat="15.2x")
    edit_csv(data_copy / "records.csv", "airstrike-menaka-2022-03-13", date="13/03/2022")
    result = run("build", "--data", str(data_copy), "--out", str(out))
    assert result.exit_code == 1
    places, records = data_copy / "places.csv", data_copy / "records.csv"
    assert f"{places}, row 5, column 'lat': '15.2x': latitude in decimal degrees, -90..90" in result.output
    assert (
        f"{records}, row 5, column 'date': '13/03/2022': write YYYY, YYYY-MM, YYYY-MM-DD or START/END" in result.output
    )
    assert "Nothing was written" in result.output
    assert out.read_text(encoding="utf-8") == "last good map"


def test_unresolved_place_fails_validate_with_did_you_mean(run, data_copy):
    edit_csv(data_copy / "records.csv", "airstrike-menaka-2022-03-13", places="Menabo")
    result = run("validate", "--data", str(data_copy))
    assert result.exit_code == 1
    assert (
        "column 'places': 'Menabo': record 'airstrike-menaka-2022-03-13': place not in the gazetteer (did you mean"
        in result.output
    )
    assert "'Ménaka'" in result.output


def test_build_lists_unresolved_records_and_does_not_place_them(run, data_copy, tmp_path):
    edit_csv(data_copy / "records.csv", "airstrike-menaka-2022-03-13", places="Menabo")
    out = tmp_path / "map.html"
    result = run("build", "--data", str(data_copy), "--out", str(out))
    assert result.exit_code == 0
    assert "not placed: " in result.output and "'Menabo'" in result.output
    data = page_data(out.read_text(encoding="utf-8"))
    kinds = [r["kind"] for r in record_rows(data)]
    assert kinds.count("airstrike") == 1  # only the helicopter strike is drawn
    unresolved = [(u["id"], u["name"], u["status"]) for u in data["unresolved"]]
    assert unresolved == [("airstrike-menaka-2022-03-13", "Menabo", "unresolved")]


def test_ambiguous_place_fails_with_candidates(run, data_copy):
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", places="Boni")
    result = run("validate", "--data", str(data_copy))
    assert result.exit_code == 1
    assert (
        "ambiguous place name, candidates: Boni (NER, Tillabéri, id boni); Boni (BFA, Hauts-Bassins, id boni-bfa); "
        "Boni (MLI, Mopti, id boni-mli); Boni (NER, Tillabéri, id boni-torodi); Boni (MLI, region unknown, id gn-2459918)"
        in result.output
    )


def test_unknown_source_and_all_problems_at_once(run, data_copy):
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", sources="adf-2022; nowhere", kind="drone")
    edit_csv(data_copy / "places.csv", "dori", country="BF")
    result = run("validate", "--data", str(data_copy))
    assert result.exit_code == 1
    assert "3 problems in the input data" in result.output
    assert "column 'sources': 'nowhere': unknown source id" in result.output
    assert "column 'kind': 'drone': use one of attack, airstrike" in result.output
    assert "column 'country': 'BF': use an ISO 3166-1 alpha-3 code: MLI, NER, BFA" in result.output


def test_missing_data_folder(run, tmp_path):
    result = run("validate", "--data", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert "does not exist; pass --data" in result.output


def test_missing_column_and_missing_boundaries(run, data_copy):
    text = (data_copy / "sources.csv").read_text(encoding="utf-8").replace(",says", ",said", 1)
    (data_copy / "sources.csv").write_text(text, encoding="utf-8")
    (data_copy / "boundaries" / "rivers.geojson").unlink()
    result = run("validate", "--data", str(data_copy))
    assert result.exit_code == 1
    assert "row 1: ['id', 'publisher', 'title', 'date', 'url', 'said']: missing column(s) says" in result.output
    assert "rivers.geojson: cannot read boundary layer" in result.output


def test_output_folder_missing(run, tmp_path):
    result = run("build", "--out", str(tmp_path / "no" / "map.html"))
    assert result.exit_code == 1
    assert "folder" in result.output and "does not exist" in result.output


@pytest.mark.parametrize("blob", [b"\xff\xfe\x00garbage", b"\x00\x01\x02", b'id,name\n"unterminated', b""])
def test_garbage_file_is_a_clear_error(run, data_copy, blob):
    (data_copy / "places.csv").write_bytes(blob)
    result = run("validate", "--data", str(data_copy))
    assert result.exit_code == 1
    assert str(data_copy / "places.csv") in result.output
    assert "Traceback" not in result.output


def test_duplicate_id_names_both_rows(run, data_copy):
    edit_csv(data_copy / "places.csv", "dori", id="djibo")
    result = run("validate", "--data", str(data_copy))
    assert result.exit_code == 1
    assert "row 27, column 'id': 'djibo': duplicate id (first used on row 26); ids must be unique" in result.output
