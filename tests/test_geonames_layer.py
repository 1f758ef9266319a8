"""The whole region's GeoNames layer (issue 23): the shipped file passes its build's checks, the checks catch each
kind of bad row, the build drops and lists what it must from a dump, and the loader reads typed columns."""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest

from geo.errors import DataError
from geo.geonames_full import COLUMNS, load_geonames_full
from scripts import build_geonames_layer as layer


@pytest.fixture(scope="module")
def full() -> pd.DataFrame:
    return load_geonames_full()


def test_the_shipped_layer_passes_its_checks():
    assert layer.check() == []


def test_the_loader_reads_typed_columns_without_gaps(full):
    assert list(full.columns) == list(COLUMNS)
    assert full["geonameid"].dtype == np.int64 and full["lat"].dtype == np.float64
    assert full["geonameid"].is_unique
    for col in ("name", "asciiname", "alt_names", "admin1", "admin2"):
        assert full[col].map(type).eq(str).all(), col
    core = full[full["country"].isin(["MLI", "NER", "BFA"])]
    # Every row of the three countries has its region and district; a neighbour's row has neither.
    assert (core["admin1"] != "").all() and (core["admin2"] != "").all()
    assert (full.loc[~full.index.isin(core.index), "admin1"] == "").all()
    assert len(core[core["feature_class"] == "P"]) > 37_000


def by_id(full, gid: int) -> dict:
    rows = full[full["geonameid"] == gid]
    assert len(rows) == 1, gid
    return rows.iloc[0].to_dict()


def test_the_layer_holds_what_the_curated_gazetteer_cites_from_the_dumps(full):
    # data/README.md: Bakorat is a locality and a well 70 km apart; Akabar a village, Tamalat a waterhole;
    # Tongo Tongo twice, 13 km apart; Tessit's own GeoNames row "Tessi".
    assert (by_id(full, 6271176)["feature_code"], by_id(full, 6271203)["feature_code"]) == ("LCTY", "WLL")
    assert by_id(full, 2461207)["feature_class"] == "P"
    assert by_id(full, 2450316)["feature_class"] == "H"
    tongo = [by_id(full, 2438420), by_id(full, 2438421)]
    assert {t["admin1"] for t in tongo} == {"Tillabéri"}
    tessi = by_id(full, 2449881)
    assert (tessi["country"], tessi["admin1"]) == ("MLI", "Gao")
    assert abs(tessi["lon"] - 0.29) < 0.02  # not the flipped sign of cities500
    # Ménaka (Mali's 2016 region) is named by the polygon although GeoNames' 2014 code is Gao's.
    assert by_id(full, 2453514)["admin1"] == "Ménaka"


def test_the_dropped_listing_gives_a_reason_for_every_row():
    listed = pd.read_csv(layer.DROPPED, dtype=str, keep_default_na=False)
    assert list(listed.columns) == layer.DROPPED_COLUMNS
    assert set(listed["action"]) == {"dropped", "kept"}
    assert (listed["reason"] != "").all()
    assert set(listed.loc[listed["action"] == "kept", "reason"].str.split(":").str[0]) == {"admin mismatch"}


def _write(frame: pd.DataFrame, path):
    layer.write_layer(frame, path)
    return path


def test_the_checks_catch_each_kind_of_bad_row(full, tmp_path):
    sample = full.iloc[::20].reset_index(drop=True)
    mali = sample.index[(sample["country"] == "MLI") & (sample["lon"] < -1) & (sample["lat"] < 15)][0]
    niger = sample.index[sample["country"] == "NER"][0]
    burkina = sample.index[(sample["country"] == "BFA") & (sample["lon"] < -3)][:2]
    neighbour = sample.index[sample["country"] == "SEN"][0]
    wrong = sample.copy()
    wrong.loc[mali, "lon"] = -wrong.loc[mali, "lon"]  # into Niger
    wrong.loc[burkina[0], "lon"] = -wrong.loc[burkina[0], "lon"]  # out of Burkina Faso
    wrong.loc[niger, "admin2"] = "Nowhere"
    wrong.loc[burkina[1], "name"] = "Dori\u202e"
    wrong.loc[neighbour, ["lat", "lon"]] = (16.27, -0.05)  # a Senegalese row at Gao
    problems = layer.check(_write(wrong, tmp_path / "bad.csv.gz"), tmp_path / "none.csv")
    by_row: dict[int, str] = {}
    for p in problems:
        row = int(p.split(" row ")[1].split(" ")[0]) - 2
        by_row[row] = by_row.get(row, "") + p
    assert by_row.keys() == {mali, niger, *burkina, neighbour}, problems
    assert "out of country" in by_row[mali]
    assert (
        "out of country" in by_row[burkina[0]]
        and "a flipped longitude sign puts it in its region" in by_row[burkina[0]]
    )
    assert "'Nowhere'" in by_row[niger]
    assert "U+202E" in by_row[burkina[1]]
    assert "out of country" in by_row[neighbour] and "(in MLI)" in by_row[neighbour]
    # The untouched sample passes.
    assert layer.check(_write(sample, tmp_path / "good.csv.gz"), tmp_path / "none.csv") == []


def test_the_loader_names_a_file_that_is_not_the_layer(tmp_path):
    bad = tmp_path / "geonames_full.csv.gz"
    bad.write_bytes(gzip.compress(b"geonameid,name\n1,A\n"))
    with pytest.raises(DataError, match="columns are not"):
        load_geonames_full(bad)
    with pytest.raises(DataError, match="no GeoNames layer"):
        load_geonames_full(tmp_path / "missing.csv.gz")


def _dump_row(gid, name, lat, lon, fclass="P", fcode="PPL", cc="ML", admin1="09", alts="", modified="2014-01-01"):
    cells = [str(gid), name, name, alts, str(lat), str(lon), fclass, fcode, cc, "", admin1, "", "", "", "0", "", "0"]
    return "\t".join([*cells, "Africa/Bamako", modified]) + "\n"


def test_the_build_keeps_checked_rows_and_lists_the_rest(tmp_path):
    mali = tmp_path / "ML.txt"
    mali.write_text(
        _dump_row(1, "Gao", 16.27, -0.04, alts="Gao,Gaò,گاو,GAQ,Ga\x0bo,Ga\u200co")
        + _dump_row(2, "Ansongo", 15.66, 0.50)
        + _dump_row(3, "Bourem", 16.95, -0.35)
        + _dump_row(4, "Douentza coded Gao", 15.0, -2.95)  # admin mismatch, far from Gao
        + _dump_row(5, "Tiko", 12.13, 8.4, admin1="00")  # in Nigeria
        + _dump_row(6, "Bell\x07a", 16.0, 0.0)
        + _dump_row(7, "Nowhere", 0, 0)
        + _dump_row(8, "Hill", 16.1, 0.1, fclass="T", fcode="HLL")
        + "9\tshort line\n"
        + _dump_row(10, "Border well", 14.6, -1.5, modified="2014-01-01"),
        encoding="utf-8",
    )
    niger = tmp_path / "NE.txt"
    niger.write_text(
        _dump_row(20, "Tillabéri", 14.2117, 1.4531, cc="NE", admin1="08")
        + _dump_row(21, "Ayorou", 14.7308, 0.9174, cc="NE", admin1="08")
        + _dump_row(22, "Flipped", 14.5, -1.2, cc="NE", admin1="08"),
        encoding="utf-8",
    )
    burkina = tmp_path / "BF.txt"
    burkina.write_text(
        _dump_row(10, "Border well", 14.2, -1.6, fclass="H", fcode="WLL", cc="BF", admin1="12", modified="2023-11-08"),
        encoding="utf-8",
    )
    senegal = tmp_path / "SN.txt"
    senegal.write_text(
        _dump_row(30, "Kidira", 14.46, -12.21, cc="SN", admin1="05") + _dump_row(31, "Dakar", 14.69, -17.44, cc="SN"),
        encoding="utf-8",
    )
    out, dropped = tmp_path / "layer.csv.gz", tmp_path / "dropped.csv"
    stats = layer.build([mali, niger, burkina, senegal], out, dropped)
    built = load_geonames_full(out)
    assert sorted(built["geonameid"]) == [1, 2, 3, 10, 20, 21, 30]
    gao = built[built["geonameid"] == 1].iloc[0]
    # Arabic script, the airport code, names with control or format characters and the name itself left out
    assert gao["alt_names"] == "Gaò"
    assert (gao["admin1"], gao["admin2"]) == ("Gao", "Gao")
    assert built.loc[built["geonameid"] == 10, "country"].item() == "BFA"  # the later of two dumps' rows
    assert built.loc[built["geonameid"] == 30, "admin1"].item() == ""
    reasons = dict(zip(*pd.read_csv(dropped, dtype=str)[["geonameid", "reason"]].T.to_numpy(), strict=True))
    assert reasons["4"].startswith("admin mismatch: code 09 is Gao, the point lies in Mopti")
    assert "a flipped longitude sign puts it inside MLI" in reasons["5"]
    assert "control character U+0007" in reasons["6"]
    assert reasons["7"] == "bad coordinates"
    assert "a flipped longitude sign puts it in its region" in reasons["22"]
    assert "also in BF.txt as BFA" in reasons["10"]
    assert any("2 columns" in r for r in reasons.values())
    assert stats["not kept: class T"] == 1 and stats["not kept: neighbour beyond the strip"] == 1
