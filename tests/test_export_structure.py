"""Exports keep the source's structure (issue 22): actor1/actor2 and the inter codes, admin1-3 as the source writes
them, the precision codes as numbers, start and end as dates, and ``export --columns``.

Each file is read back the way a GIS or a notebook reads it: the GeoPackage with pyogrio (its OGR field types),
Parquet with pyarrow (its schema), CSV as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pyarrow.parquet as pq
import pyogrio
import pytest
from click.testing import CliRunner

from cli import main
from conftest import ROOT
from geo import csvsafe
from geo.export import EXPORT_COLUMNS

FIX = ROOT / "tests" / "fixtures"
FILES = ("acled_2024.csv", "acled_2019.csv", "ucdp_ged.csv")
CODES = ("time_precision", "date_prec", "geo_precision", "where_prec")
NEW_TEXT = ("source_admin3", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def export(path, *extra, files=FILES):
    events = [a for f in files for a in ("--events", f if "/" in str(f) else FIX / f)]
    result = run("export", *events, "--out", path, "--accessed", "2026-12-01", *extra)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("structure")
    # With the curated records (left out of an --events export without --with-records).
    return {fmt: export(folder / f"events.{fmt}", "--with-records") for fmt in ("gpkg", "parquet", "csv")}


def csv_by_id(path) -> dict[str, dict]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return {r["source_id"]: r for r in rows}


def test_geopackage_has_date_and_integer_fields(written):
    info = pyogrio.read_info(written["gpkg"])
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert list(info["fields"]) == EXPORT_COLUMNS
    assert types["start"] == types["end"] == "OFTDate"  # QGIS's temporal controller needs dates, not text
    for col in CODES:
        assert types[col] == "OFTInteger", col
    for col in NEW_TEXT:
        assert types[col] == "OFTString", col
    df = pyogrio.read_dataframe(written["gpkg"]).set_index("source_id")
    # ACLED time_precision 2 is the week around the day; UCDP keeps date_start..date_end.
    assert str(df.loc["MLI-FIX-0002", "start"])[:10] == "2022-04-07"
    assert str(df.loc["MLI-FIX-0002", "end"])[:10] == "2022-04-13"
    assert str(df.loc["990002", "end"])[:10] == "2022-03-16"
    assert df.loc["MLI-FIX-0002", "time_precision"] == 2 and df.loc["MLI-FIX-0002", "geo_precision"] == 1
    assert df.loc["990002", "date_prec"] == 3 and df.loc["990002", "where_prec"] == 4
    # A code the other source has is empty (null), not 0.
    assert df.loc[["990002"], "time_precision"].isna().all()
    assert df.loc[["MLI-FIX-0002"], "where_prec"].isna().all()


def test_parquet_has_date32_and_integer_columns(written):
    schema = pq.read_schema(written["parquet"])
    assert str(schema.field("start").type) == str(schema.field("end").type) == "date32[day]"
    for col in CODES:
        assert str(schema.field(col).type) == "int8", col
    assert str(schema.field("fatalities").type) == "int64"
    table = pq.read_table(written["parquet"], columns=["source_id", "start", "end", *CODES]).to_pylist()
    rows = {r["source_id"]: r for r in table}
    assert rows["NER-FIX-0003"]["start"] == dt.date(2021, 3, 1)  # time_precision 3: its month
    assert rows["NER-FIX-0003"]["end"] == dt.date(2021, 3, 31)
    assert rows["NER-FIX-0003"]["time_precision"] == 3 and rows["NER-FIX-0003"]["where_prec"] is None
    assert rows["990001"]["where_prec"] == 2 and rows["990001"]["date_prec"] == 1
    assert rows["990001"]["geo_precision"] is None


def test_csv_writes_days_and_codes_as_text_a_spreadsheet_reads(written):
    text = written["csv"].read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(f'"{c}"' for c in EXPORT_COLUMNS)
    rows = csv_by_id(written["csv"])
    assert (rows["MLI-FIX-0001"]["start"], rows["MLI-FIX-0001"]["end"]) == ("2022-03-13", "2022-03-13")
    assert (rows["990002"]["start"], rows["990002"]["end"]) == ("2022-03-10", "2022-03-16")
    assert rows["MLI-FIX-0001"]["geo_precision"] == "2" and rows["MLI-FIX-0001"]["time_precision"] == "1"
    assert rows["MLI-FIX-0001"]["where_prec"] == rows["MLI-FIX-0001"]["date_prec"] == ""
    assert rows["990002"]["where_prec"] == "4" and rows["990002"]["geo_precision"] == ""


def test_actors_stay_separate_for_acled_and_ucdp(written):
    rows = csv_by_id(written["csv"])
    acled = rows["MLI-FIX-0002"]  # current layout: inter codes are names
    assert acled["actor1"] == "Islamic State (Sahel)"
    assert acled["actor2"] == "JNIM: Group for Support of Islam and Muslims"
    assert (acled["inter1"], acled["inter2"]) == ("Rebel group", "Rebel group")
    assert acled["actors"] == "Islamic State (Sahel); JNIM: Group for Support of Islam and Muslims"  # as before
    old = rows["BFA-FIX-1003"]  # before 2023: inter codes are numbers, kept as the file writes them
    assert old["actor1"] == "JNIM: Group for Support of Islam and Muslims"
    assert old["actor2"] == "Military Forces of Burkina Faso (2015-2022)"
    assert (old["inter1"], old["inter2"]) == ("2", "1")
    one_sided = rows["BFA-FIX-0004"]  # no second actor: empty, not the first one again
    assert one_sided["actor1"] == "Military Forces of Burkina Faso (2022-)" and one_sided["actor2"] == ""
    assert one_sided["inter2"] == ""
    ucdp = rows["990002"]  # UCDP's side_a and side_b
    assert (ucdp["actor1"], ucdp["actor2"]) == ("Government of Mali", "IS Sahel")
    assert ucdp["inter1"] == ucdp["inter2"] == ucdp["assoc_actor_1"] == ""


def test_admin_levels_as_the_source_writes_them(written):
    rows = csv_by_id(written["csv"])
    a = rows["MLI-FIX-0002"]
    assert (a["source_admin1"], a["source_admin2"], a["source_admin3"]) == (
        "Menaka",
        "Anderamboukane",
        "Anderamboukane",
    )
    assert rows["BFA-FIX-1003"]["source_admin3"] == "Djibo"  # the older layout too
    assert rows["990001"]["source_admin2"] == "Tillia department" and rows["990001"]["source_admin3"] == ""


def test_curated_records_leave_the_source_structure_empty(written):
    rows = list(csv.DictReader(io.StringIO(written["csv"].read_text(encoding="utf-8"), newline="")))
    records = [r for r in rows if r["source_format"] == "records"]
    assert records
    tillia = next(r for r in records if r["source_id"] == "attack-tillia-2021-03-21")
    # A record's actors are prose (who, with the attribution), not ACLED's first and second side: kept in `actors`.
    assert tillia["actors"].startswith("Armed men on motorbikes")
    for r in records:
        assert all(r[c] == "" for c in (*CODES, *NEW_TEXT)), r["source_id"]
        assert dt.date.fromisoformat(r["start"]) <= dt.date.fromisoformat(r["end"])


def test_blank_precision_codes_are_empty_not_guessed(tmp_path):
    lines = (FIX / "acled_2024.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    cells = next(csv.reader([lines[1]]))
    cells[head.index("time_precision")] = ""
    cells[head.index("geo_precision")] = ""
    src = tmp_path / "acled.csv"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([head, cells])
    src.write_text(buf.getvalue(), encoding="utf-8")
    out = export(tmp_path / "x.parquet", files=(src,))
    row = next(r for r in pq.read_table(out).to_pylist() if r["source_id"] == "MLI-FIX-0001")
    assert row["time_precision"] is None and row["geo_precision"] is None  # the file gives none
    assert row["date_precision"] == "day" and row["precision"] == "point"  # read as ACLED's default, as before


# -- --columns ---------------------------------------------------------------------------------------------


def test_columns_are_written_in_the_order_given(tmp_path):
    chosen = ["end", "source_id", "actor2", "actor1", "time_precision", "citation"]
    out = export(tmp_path / "x.csv", "--columns", " end, source_id,actor2 ,actor1,time_precision,citation")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert rows[0] == chosen
    row = next(r for r in rows if r[1] == "MLI-FIX-0002")
    assert row[:5] == [
        "2022-04-13",
        "MLI-FIX-0002",
        "JNIM: Group for Support of Islam and Muslims",
        "Islamic State (Sahel)",
        "2",
    ]
    assert row[5].startswith("Armed Conflict Location & Event Data (ACLED)")
    gpkg = export(tmp_path / "x.gpkg", "--columns", "start,kind")
    info = pyogrio.read_info(gpkg)
    assert list(info["fields"]) == ["start", "kind"] and info["geometry_type"] == "Point"  # the point as geometry
    assert list(pyogrio.read_info(export(tmp_path / "y.gpkg", "--columns", "kind,start"))["fields"]) == [
        "kind",
        "start",
    ]


@pytest.mark.parametrize(
    "given, said",
    [
        ("source_id,actor_1", ["'actor_1'", "did you mean", "actor1"]),
        ("start,ende", ["'ende'", "did you mean", "end"]),
        ("start,zzzz", ["'zzzz'"]),
        ("start,start", ["'start' is named twice"]),
        ("start,,end", ["an empty column name"]),
        ("", ["no column named"]),
    ],
)
def test_an_unknown_column_is_a_usage_error_naming_it(tmp_path, given, said):
    out = tmp_path / "x.csv"
    result = run("export", "--events", FIX / "acled_2024.csv", "--out", out, "--columns", given)
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())  # click wraps long messages
    for s in said:
        assert s in message, message
    if "twice" not in said[0] and "empty" not in said[0]:
        assert ", ".join(EXPORT_COLUMNS) in message  # the columns to choose from
    assert not out.exists()  # nothing written


def test_hostile_text_in_the_new_columns_is_formula_guarded(tmp_path):
    from hostile import PAYLOADS
    from test_strangers import FORMULAS

    texts = [c for c, _ in FORMULAS] + [p for p in PAYLOADS if len(p) < 1000]
    lines = (FIX / "acled_2024.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    template = next(csv.reader([lines[1]]))
    rows = []
    for i, text in enumerate(texts):
        cells = list(template)
        cells[head.index("event_id_cnty")] = f"MLI-HOSTILE-{i}"
        for col in ("actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "admin3"):
            cells[head.index(col)] = text
        rows.append(cells)
    src = tmp_path / "acled.csv"
    buf = io.StringIO()  # every cell quoted: a bare CR stays in its cell
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows([head, *rows])
    src.write_text(buf.getvalue(), encoding="utf-8")
    out = export(tmp_path / "x.csv", files=(src,))
    text = out.read_text(encoding="utf-8")
    back = {r["source_id"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    cols = ("actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "source_admin3")
    for i, payload in enumerate(texts):
        row = back[f"MLI-HOSTILE-{i}"]
        for col in cols:
            cell = row[col]
            assert not csvsafe.is_formula(cell) or cell.startswith("'"), (col, cell)
        # Read back whole (the import strips a cell's surrounding spaces and turns control characters into spaces,
        # as in every column).
        if payload == payload.strip() and not re.search("[\x00-\x1f\x7f-\x9f]", payload):
            assert row["actor1"] == row["inter2"] == csvsafe.guard(payload), payload
    for cell, safe in FORMULAS[:4]:  # the OWASP families, each read back whole and guarded, in each new column
        i = texts.index(cell)
        assert all(back[f"MLI-HOSTILE-{i}"][col] == safe for col in cols), cell
    for line in text.splitlines():  # however a spreadsheet splits a line, no piece starts a formula
        for piece in line.replace(";", ",").split(","):
            assert not piece.lstrip(' "').startswith(("=", "+", "@")), line


def test_the_documentation_lists_every_export_column_in_order():
    text = (ROOT / "docs" / "events-and-filters.md").read_text(encoding="utf-8")
    section = text.split("## What `export` writes", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    named = [name for line in rows for name in re.findall(r"`([a-z0-9_]+)`", line.split(" | ")[0])]
    assert named == EXPORT_COLUMNS  # every column, once, in the order export writes them
