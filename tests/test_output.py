"""Briefing output: map specs, --check, tiles, embed snippets (issue 4). Browser checks are in test_browser.py."""

import shutil
import struct

import pytest
from click.testing import CliRunner

import geo
from cli import MAPS, main
from conftest import ROOT, edit_csv, page_data, record_rows
from geo.errors import DataError
from geo.spec import LAYER_KEYS, load_spec


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_shipped_specs_load():
    specs = {p.stem: load_spec(p) for p in MAPS.glob("*.toml")}
    assert set(specs) == {"liptako-gourma", "menaka", "tillia"}
    assert set(specs["liptako-gourma"].layers) <= set(LAYER_KEYS) and "attack" in specs["liptako-gourma"].layers
    assert specs["menaka"].start.year == 2022 and specs["tillia"].end.year == 2021


def test_committed_maps_are_up_to_date_with_data():
    # This is `liptako build --check`, run by CI through the test suite.
    result = run("build", "--check")
    assert result.exit_code == 0, result.output
    assert "3 map(s) up to date" in result.output


def test_check_reports_a_stale_map(tmp_path, data_copy):
    spec = tmp_path / "overview.toml"
    shutil.copy(MAPS / "liptako-gourma.toml", spec)
    assert run("build", str(spec), "--data", str(data_copy)).exit_code == 0
    assert run("build", str(spec), "--data", str(data_copy), "--check").exit_code == 0
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", summary="Changed")
    before = (tmp_path / "overview.html").read_bytes()
    result = run("build", str(spec), "--data", str(data_copy), "--check")
    assert result.exit_code == 1
    assert f"{tmp_path / 'overview.html'} is out of date (spec {spec})" in result.output
    assert (tmp_path / "overview.html").read_bytes() == before  # --check writes nothing


def test_spec_errors_name_file_key_value_and_fix(tmp_path):
    spec = tmp_path / "bad.toml"
    spec.write_text(
        'title = ""\nlayers = ["attack", "drones"]\ncolour = "red"\n[focus]\nbbox = [5, 16, 1, 14]\n'
        '[dates]\nstart = "2022-13-01"\n',
        encoding="utf-8",
    )
    result = run("build", str(spec))
    assert result.exit_code == 1
    out = result.output
    assert f"{spec}, column 'title': '': give the map a title" in out
    assert "column 'layers': ['attack', 'drones']: a list of layer keys from: countries" in out
    assert "column 'colour': 'red': unknown key" in out
    assert "column 'focus.bbox': [5, 16, 1, 14]: four numbers [west, south, east, north] with west < east" in out
    assert "column 'dates.start': '2022-13-01': a date written YYYY-MM-DD" in out
    assert not (tmp_path / "bad.html").exists()


def test_broken_toml_is_a_clear_error(tmp_path):
    spec = tmp_path / "broken.toml"
    spec.write_text("title = \n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid TOML"):
        load_spec(spec)


def test_date_range_limits_the_map(dataset):
    menaka = page_data(geo.render_html(dataset, load_spec(MAPS / "menaka.toml")))
    ids = {r["id"] for r in record_rows(menaka)}
    assert "attack-is-offensive-2022-04" in ids
    assert "attack-tillia-2021-03-21" not in ids  # the 2021 attack is outside 2022
    tillia = page_data(geo.render_html(dataset, load_spec(MAPS / "tillia.toml")))
    assert len(record_rows(tillia)) == 3
    assert "map limited to 2021-01-01 – 2021-12-31" in tillia["meta"]["span"]


def test_layers_not_in_spec_start_hidden_but_stay_in_the_control(dataset):
    tillia = page_data(geo.render_html(dataset, load_spec(MAPS / "tillia.toml")))
    shown = {layer["key"]: layer["show"] for layer in tillia["layers"]}
    assert shown["river"] is False  # still offered in the layer control, off at start
    assert shown["attack"] is True and shown["towns"] is True


def test_tiles_add_base_layers_with_attribution(dataset):
    tiles = page_data(geo.render_html(dataset, tiles=("osm", "satellite", "light")))["tiles"]
    assert [t["url"] for t in tiles][:2] == [
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
    ]
    assert (
        "OpenStreetMap</a> contributors" in tiles[0]["attribution"] and "Tiles &copy; Esri" in tiles[1]["attribution"]
    )
    assert page_data(geo.render_html(dataset))["tiles"] == []  # offline by default
    assert "tile.openstreetmap.org" not in geo.render_html(dataset)


def test_unknown_tiles_is_a_usage_error():
    result = run("build", "--tiles", "google")
    assert result.exit_code == 2 and "'google' is not one of" in result.output


def test_embed_prints_a_small_responsive_titled_frame():
    result = run("embed")
    assert result.exit_code == 0
    out = result.output
    assert len(out.encode("utf-8")) < 1500  # not the 500 KB map: the frame points at the published file
    assert (
        '<iframe src="liptako-gourma.html" loading="lazy" sandbox="allow-scripts allow-popups '
        'allow-popups-to-escape-sandbox allow-downloads allow-modals" '
        'title="Liptako-Gourma: the Mali–Niger–Burkina Faso border zone"'
    ) in out
    assert "padding-top:66.667%" in out and "srcdoc" not in out  # 3:2, the width of the column
    assert '<a href="liptako-gourma.html">Open the map full screen</a>' in out
    assert "padding-top:56.25%" in run("embed", "--aspect", "16:9").output
    fixed = run("embed", "--height", "480px").output
    assert "height:480px" in fixed and "padding-top" not in fixed
    src = run("embed", "--src", "https://example.org/maps/a map.html?x=1&y=2")
    assert src.exit_code == 1  # a space: not a URL as written
    src = run("embed", "--src", "https://example.org/maps/map.html?x=1&y=2").output
    assert 'src="https://example.org/maps/map.html?x=1&amp;y=2"' in src
    inline = run("embed", "--inline")
    assert inline.exit_code == 0 and '<iframe srcdoc="&lt;!DOCTYPE html&gt;' in inline.output
    for bad in (
        ["--height", "50%; background:url(x)"],
        ["--aspect", "3"],
        ["--aspect", "0:2"],
        ["--aspect", "10:1"],
        ["--src", "javascript:alert(1)"],
        ["--src", 'x.html" onload="alert(1)'],
    ):
        result = run("embed", *bad)
        assert result.exit_code == 1 and "Error:" in result.output, bad
    missing = run("embed", str(ROOT / "maps" / "nope.html"))
    assert missing.exit_code == 1 and "build it first" in missing.output


def test_png_without_chromium_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("LIPTAKO_CHROMIUM", str(tmp_path / "no-chromium"))
    out = tmp_path / "map.html"
    result = run("build", "--out", str(out), "--png", str(tmp_path / "map.png"))
    assert result.exit_code == 1
    assert "pictures need Chromium" in result.output and "apt-get install chromium" in result.output
    assert not (tmp_path / "map.png").exists()


@pytest.mark.browser  # the command line starts its own Chromium
def test_png_and_pdf_at_print_size(tmp_path):
    png, pdf = tmp_path / "map.png", tmp_path / "map.pdf"
    result = run("build", "--out", str(tmp_path / "map.html"), "--png", str(png), "--pdf", str(pdf))
    assert result.exit_code == 0, result.output
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (2400, 1600)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    small = tmp_path / "small.png"
    run(
        "build",
        "--out",
        str(tmp_path / "map.html"),
        "--png",
        str(small),
        "--width",
        "800",
        "--height",
        "500",
        "--scale",
        "1",
    )
    assert struct.unpack(">II", small.read_bytes()[16:24]) == (800, 500)


def test_several_specs_refuse_a_single_output(tmp_path):
    result = run("build", str(MAPS / "menaka.toml"), str(MAPS / "tillia.toml"), "--out", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and "--out, --png and --pdf take one map" in result.output
