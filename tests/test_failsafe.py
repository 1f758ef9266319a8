"""Issue 8, the reproductions: each finding of the hostile-user review as a test.

Each of these failed before the fix. Browser-side findings (small screens, escaping as a
person sees it, the Content-Security-Policy) are in ``test_browser_safety.py``.
"""

import json
import os
import re
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

import geo
from cli import MAPS, main
from conftest import DATA, ROOT, edit_csv, page_data, record_rows
from geo.gazetteer import load_places


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# -- 1. data text is never template source ------------------------------------------------------


@pytest.mark.parametrize("note", ["INJ {{7*7}} END", "{{ x.y }}", "{% if %}", "{#", "{% raw %}{{ 1 }}"])
def test_template_syntax_in_a_note_is_data(data_copy, note):
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", note=note)
    html = geo.render_html(geo.load(data_copy))
    rec = next(r for r in record_rows(page_data(html)) if r["id"] == "base-tahoua-drones-2022-05")
    assert rec["note"] == note
    assert "INJ 49 END" not in html


def test_template_code_in_a_note_runs_nothing(data_copy, tmp_path):
    canary = tmp_path / "pwned.txt"
    note = "{{ cycler.__init__.__globals__.os.system('touch " + str(canary) + "') }}"
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", note=note)
    out = tmp_path / "map.html"
    result = run("build", "--data", data_copy, "--out", out)
    assert result.exit_code == 0, result.output
    assert not canary.exists()
    assert note in [r["note"] for r in record_rows(page_data(out.read_text(encoding="utf-8")))]


# -- 2. titles are escaped, in the page and in the embed snippet ------------------------------------


def test_spec_title_cannot_close_the_title_element(tmp_path):
    spec = tmp_path / "evil.toml"
    spec.write_text('title = "</title><script>alert(1)</script>"\n', encoding="utf-8")
    assert run("build", spec).exit_code == 0
    html = (tmp_path / "evil.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    assert "<script>alert(1)" not in html


def test_embed_escapes_the_title_attribute(tmp_path):
    spec = tmp_path / "evil.toml"
    spec.write_text("title = 'x\" onload=\"alert(1)'\n", encoding="utf-8")
    assert run("build", spec).exit_code == 0
    result = run("embed", tmp_path / "evil.html")
    assert result.exit_code == 0
    assert 'title="x&quot; onload=&quot;alert(1)"' in result.output
    assert ": x&quot; onload=&quot;alert(1)</figcaption>" in result.output  # the caption's text too
    assert 'onload="' not in result.output


# -- 3. broken boundary files are errors, not blank maps or tracebacks ------------------------------


def _replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nan_vertex_in_a_boundary_is_an_error(data_copy):
    path = data_copy / "boundaries" / "countries.geojson"
    # The second vertex of the first ring: the ring stays closed, one coordinate is NaN.
    first, second = re.findall(r"\[-?\d+\.\d+,-?\d+\.\d+\]", path.read_text(encoding="utf-8"))[:2]
    _replace_in(path, first + "," + second, first + ",[NaN,14.0]")
    result = run("validate", "--data", data_copy)
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(str(path))}: feature \d+ \('[^']+'\): non-finite coordinate", result.output)


def test_null_geometry_and_missing_column_are_errors(data_copy):
    borders = data_copy / "boundaries" / "borders.geojson"
    data = json.loads(borders.read_text(encoding="utf-8"))
    data["features"][0]["geometry"] = None
    borders.write_text(json.dumps(data), encoding="utf-8")
    countries = data_copy / "boundaries" / "countries.geojson"
    data = json.loads(countries.read_text(encoding="utf-8"))
    for f in data["features"]:
        del f["properties"]["iso3"]
    countries.write_text(json.dumps(data), encoding="utf-8")
    result = run("build", "--data", data_copy, "--out", data_copy / "map.html")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{borders}: feature 1 (" in result.output and "): no geometry" in result.output
    assert f"{countries}, column 'iso3'" in result.output and "missing column" in result.output
    assert not (data_copy / "map.html").exists()


# -- 5. outputs are all-or-nothing -------------------------------------------------------------------


def test_png_without_a_browser_leaves_the_html_untouched(tmp_path, monkeypatch):
    monkeypatch.setenv("LIPTAKO_CHROMIUM", str(tmp_path / "no-chromium"))
    out = tmp_path / "map.html"
    out.write_text("last good map", encoding="utf-8")
    result = run("build", "--out", out, "--png", tmp_path / "map.png")
    assert result.exit_code == 1 and "pictures need Chromium" in result.output
    assert out.read_text(encoding="utf-8") == "last good map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_a_killed_run_leaves_no_temporary_file_after_the_next_run(tmp_path):
    # A child process stages a map, then is killed with SIGKILL before it can rename it.
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]); from geo.export import stage; "
        "stage(sys.argv[2], b'half a map'); print('staged', flush=True); time.sleep(60)"
    )
    out = tmp_path / "map.html"
    child = subprocess.Popen([sys.executable, "-c", code, str(ROOT), str(out)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "staged"
    child.kill()
    child.wait()
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1  # what SIGKILL leaves
    geo.write_atomic(out, "<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_file_mode_follows_the_umask_and_the_replaced_file(tmp_path):
    old = os.umask(0o027)
    try:
        fresh = geo.write_atomic(tmp_path / "fresh.html", "x")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
        kept = tmp_path / "kept.html"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o604)
        geo.write_atomic(kept, "new")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o604
    finally:
        os.umask(old)


def test_a_write_failing_part_way_keeps_the_last_good_map(tmp_path, monkeypatch):
    out = tmp_path / "map.html"
    out.write_text("last good map", encoding="utf-8")
    real_write = os.write

    def failing_write(fd, data):
        real_write(fd, bytes(data)[:10])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", failing_write)
    with pytest.raises(geo.OutputError, match="No space left on device; the previous file, if any, is unchanged"):
        geo.write_atomic(out, "<!DOCTYPE html>" + "x" * 100_000)
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == "last good map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


# -- 6. plausibility ------------------------------------------------------------------------------------


def test_swapped_latitude_and_longitude_is_caught(data_copy):
    edit_csv(data_copy / "places.csv", "tessit", lat="-0.3", lon="15.21667")
    result = run("validate", "--data", data_copy)
    assert result.exit_code == 1
    assert "column 'lat': (-0.3, 15.21667): outside the region" in result.output
    assert "did you swap latitude and longitude?" in result.output


def test_region_box_is_configurable(data_copy):
    result = run("validate", "--data", data_copy, "--region", "1,14,3,17")
    assert result.exit_code == 1
    assert "column 'lat': (15.22626, 0.29338): outside the region 1..3 E, 14..17 N" in result.output


def test_a_toll_above_ten_thousand_needs_confirmation(data_copy):
    edit_csv(data_copy / "records.csv", "attack-tillia-2021-03-21", fatalities="13700")
    result = run("validate", "--data", data_copy)
    assert result.exit_code == 1
    assert "column 'fatalities': '13700': above 10000 for one record" in result.output
    edit_csv(data_copy / "records.csv", "attack-tillia-2021-03-21", fatalities="13700 confirmed")
    assert run("validate", "--data", data_copy).exit_code == 0


def test_bidirectional_overrides_in_names_are_rejected(data_copy):
    edit_csv(data_copy / "places.csv", "dori", name="Do\u202eir")
    result = run("validate", "--data", data_copy)
    assert result.exit_code == 1
    assert "column 'name': 'Do\\u202eir': contains the invisible bidirectional control U+202E" in result.output


# -- 7. the geocoder does not call a large edit confident ---------------------------------------------


def test_repeated_letters_do_not_make_a_confident_match():
    coder = geo.Geocoder(load_places(DATA / "places.csv"))
    assert not coder("Tessiteeee").resolved
    assert coder("Tessiteeee").status in ("unresolved", "ambiguous")
    assert coder("Tessitt").place.id == "tessit"  # one doubled letter is still a spelling variant


# -- 8. messages ------------------------------------------------------------------------------------------


def test_semicolon_separated_file_says_so(data_copy):
    path = data_copy / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    result = run("validate", "--data", data_copy)
    assert result.exit_code == 1
    assert f"{path}, row 1: this file looks ';'-separated; save it as comma-separated CSV" in result.output


def test_a_source_with_a_bad_date_is_reported_once(data_copy):
    edit_csv(data_copy / "sources.csv", "adf-2022", date="2022-13")
    result = run("validate", "--data", data_copy)
    assert result.exit_code == 1
    assert "1 problem in the input data" in result.output
    assert "unknown source id" not in result.output


def test_unbalanced_quote_names_its_row(data_copy):
    path = data_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",", ',"', 1)
    path.write_text("".join(lines), encoding="utf-8")
    result = run("validate", "--data", data_copy)
    assert result.exit_code == 1
    assert f"{path}, row 4: " in result.output and "quote" in result.output


def test_huge_field_names_its_row(data_copy):
    edit_csv(data_copy / "records.csv", "attack-tillia-2021-03-21", note="x" * 2_000_000)
    result = run("validate", "--data", data_copy)
    assert result.exit_code == 1
    assert f"{data_copy / 'records.csv'}, row 2: a cell is larger than 1000000 characters" in result.output


# -- 9. validation rules each have a failing row; spec window is inclusive -------------------------------


def test_latitude_above_ninety_is_rejected(data_copy):
    edit_csv(data_copy / "places.csv", "tessit", lat="95")
    result = run("validate", "--data", data_copy)
    assert "column 'lat': '95': latitude in decimal degrees, -90..90 (outside -90..90)" in result.output


def test_approximate_place_needs_a_radius(data_copy):
    edit_csv(data_copy / "places.csv", "wistane", radius_km="0")
    result = run("validate", "--data", data_copy)
    assert result.exit_code == 1
    assert "column 'radius_km': '0': an approximate place needs a radius above 0" in result.output


def test_approximate_place_needs_a_reason(data_copy):
    edit_csv(data_copy / "places.csv", "wistane", note="")
    result = run("validate", "--data", data_copy)
    assert "column 'note': '': precision is 'admin2': say why the place cannot be placed exactly" in result.output


def test_records_on_the_first_and_last_day_of_a_spec_are_on_its_map(data_copy, tmp_path):
    edit_csv(data_copy / "records.csv", "attack-tillia-2021-03-21", date="2021-12-31")
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", date="2021-01-01")
    spec = tmp_path / "y2021.toml"
    spec.write_text('title = "2021"\n[dates]\nstart = "2021-01-01"\nend = "2021-12-31"\n', encoding="utf-8")
    assert run("build", spec, "--data", data_copy).exit_code == 0
    ids = {r["id"] for r in record_rows(page_data((tmp_path / "y2021.html").read_text(encoding="utf-8")))}
    assert {"attack-tillia-2021-03-21", "base-tahoua-drones-2022-05"} <= ids
    assert "airstrike-menaka-2022-03-13" not in ids


def test_validate_checks_the_map_specs_too(tmp_path):
    spec = tmp_path / "bad.toml"
    spec.write_text('title = ""\n', encoding="utf-8")
    result = run("validate", spec)
    assert result.exit_code == 1 and f"{spec}, column 'title'" in result.output
    assert run("validate", *sorted(MAPS.glob("*.toml"))).exit_code == 0
