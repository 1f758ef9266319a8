"""The Parquet store (issue 25): `liptako ingest` once, then `build`, `stats` and `export` with --store give what
they give from the CSV files; re-ingesting replaces, never duplicates; a bad store or a failed ingest loses
nothing."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest
import shapely
from click.testing import CliRunner

import geo
from conftest import ROOT
from geo import store as store_mod
from geo.cli import main

FIXTURES = ROOT / "tests" / "fixtures"
FILES = ["acled_2024.csv", "ucdp_ged.csv"]


def run(*args, cwd=None):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A folder with copies of the two fixture exports, as the current directory (paths as a user types them)."""
    for name in FILES:
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    result = run("ingest", *FILES, "--store", "store")
    assert result.exit_code == 0, result.output
    assert "store: 9 events stored" in result.stdout
    return tmp_path


def events_args():
    return [x for name in FILES for x in ("--events", name)]


@pytest.mark.parametrize(
    "filters",
    [
        [],
        ["--since", "2022-01-01", "--until", "2022-06-30"],
        ["--kind", "attack"],
        # Every filter of stats, which reads only store.STATS_COLUMNS of a store: a filter on a column it leaves
        # on disk would find it missing and count differently.
        ["--country", "MLI", "--admin1", "Ménaka"],
        ["--admin2", "Tillia"],
        ["--actor", "JNIM"],
        ["--min-precision", "near"],
        ["--bbox", "0,14,3.5,16"],
        ["--dedupe", "prefer=acled"],
    ],
)
def test_stats_export_and_build_from_the_store_equal_those_from_the_files(work, filters):
    a = run("stats", "--store", "store", "--json", *filters)
    b = run("stats", *events_args(), "--json", *filters)
    assert a.exit_code == b.exit_code == 0 and a.stdout == b.stdout
    assert run("export", "--store", "store", "--out", "a.csv", *filters).exit_code == 0
    assert run("export", *events_args(), "--out", "b.csv", *filters).exit_code == 0
    assert (work / "a.csv").read_bytes() == (work / "b.csv").read_bytes()
    assert run("build", "--store", "store", "--out", "a.html", *filters).exit_code == 0
    assert run("build", *events_args(), "--out", "b.html", *filters).exit_code == 0
    assert (work / "a.html").read_bytes() == (work / "b.html").read_bytes()


def test_the_stored_table_reads_back_exactly_as_it_was_analysed(work):
    events, reports = store_mod.read_events(work / "store")
    want = geo.load().with_events(FILES)
    pd.testing.assert_frame_equal(events.drop(columns="geometry"), want.events.drop(columns="geometry"))
    assert events.geometry.geom_equals(want.events.geometry).all()
    assert reports == want.imports


def test_a_country_filter_reads_only_its_partition_and_counts_the_rest_as_filtered(work):
    ds = geo.load().with_store(work / "store", countries=("NER",))
    assert set(ds.events["country"]) == {"NER"} and len(ds.events) == 3
    for r in ds.imports:
        assert r.read == r.mapped + r.filtered + r.n_skipped + r.merged
    assert sum(r.filtered for r in ds.imports) == 6
    # The same counts as the files give with the same filter.
    a = json.loads(run("stats", "--store", "store", "--country", "NER", "--json").stdout)
    b = json.loads(run("stats", *events_args(), "--country", "NER", "--json").stdout)
    assert a["total"] == b["total"] and a["inputs"] == b["inputs"]


def test_reingest_replaces_never_duplicates(work):
    result = run("ingest", "acled_2024.csv", "--store", "store")
    assert result.exit_code == 0 and "store: 9 events stored; 6 stored events replaced" in result.stdout
    # An updated export under another name: its events replace those of the same source ids.
    updated = (work / "acled_2024.csv").read_text(encoding="utf-8").replace(",5,", ",7,", 1)
    (work / "acled_2024_v2.csv").write_text(updated, encoding="utf-8")
    result = run("ingest", "acled_2024_v2.csv", "--store", "store")
    assert result.exit_code == 0 and "9 events stored; 6 stored events replaced" in result.stdout
    events, reports = store_mod.read_events(work / "store")
    assert len(events) == 9 and not events.duplicated(["source_format", "source_id"]).any()
    assert set(events.loc[events["source_format"] == "acled", "file"]) == {"acled_2024_v2.csv"}
    old = next(r for r in reports if r.file == "acled_2024.csv")
    assert old.mapped == 0 and old.merged == 6  # its events now stand in the newer file
    assert old.read == old.mapped + old.filtered + old.n_skipped + old.merged


def test_the_store_is_geoparquet_partitioned_by_country_and_year(work):
    parts = sorted(p.relative_to(work / "store" / "events").parent.as_posix() for p in work.rglob("*.parquet"))
    assert parts and all(p.startswith("part_country=") and "/part_year=" in p for p in parts)
    assert "part_country=NER/part_year=2021" in parts
    one = pq.read_table(next(work.rglob("part_country=NER/**/*.parquet")))
    meta = json.loads(one.schema.metadata[b"geo"])
    assert meta["primary_column"] == "wkb" and meta["columns"]["wkb"]["encoding"] == "WKB"
    frame = one.to_pandas()
    points = shapely.from_wkb(frame["wkb"])
    assert list(shapely.get_x(points)) == list(frame["lon"]) and list(shapely.get_y(points)) == list(frame["lat"])


def test_a_failed_ingest_leaves_the_store_as_it_was(work):
    before = {p: p.read_bytes() for p in (work / "store").rglob("*") if p.is_file()}
    result = run("ingest", "acled_2024.csv", "--strict", "--store", "store")  # the fixture has bad rows
    assert result.exit_code == 1 and "The store was left as it was." in result.output
    assert {p: p.read_bytes() for p in (work / "store").rglob("*") if p.is_file()} == before
    assert not [p for p in work.iterdir() if p.name.startswith(".store.")]  # no half-written folder left


def test_a_bad_store_is_refused_with_what_to_do(work):
    (work / "folder").mkdir()
    (work / "folder" / "mine.txt").write_text("keep me", encoding="utf-8")
    result = run("ingest", "acled_2024.csv", "--store", "folder")
    assert result.exit_code == 1 and "not a store" in result.output
    assert (work / "folder" / "mine.txt").read_text(encoding="utf-8") == "keep me"
    result = run("stats", "--store", "folder")
    assert result.exit_code == 1 and "no store here" in result.output
    (work / "store" / "store.json").write_text('{"version": 99}', encoding="utf-8")
    result = run("stats", "--store", "store")
    assert result.exit_code == 1 and "format 99" in result.output
    (work / "store" / "store.json").write_text("<script>alert(1)</script>", encoding="utf-8")
    result = run("build", "--store", "store", "--out", "x.html")
    assert result.exit_code == 1 and "not a store's index" in result.output and not (work / "x.html").exists()


@pytest.mark.parametrize(
    "index",
    [
        '{"version": 1}',  # no columns, no reports
        '{"version": 1, "dtypes": {"kind": "no such type"}, "columns": ["kind"], "reports": []}',
        '{"version": 1, "dtypes": [], "columns": [], "reports": [{"tuple": 1}]}',
    ],
)
def test_an_edited_index_is_refused_by_name_never_a_traceback(work, index):
    (work / "store" / "store.json").write_text(index, encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", "--store", "store"])
    assert result.exit_code == 1 and "do not read as a store" in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_truncated_part_is_refused_by_name(work):
    part = next((work / "store").rglob("*.parquet"))
    part.write_bytes(part.read_bytes()[:100])
    result = CliRunner().invoke(main, ["stats", "--store", "store"])
    assert result.exit_code == 1 and "do not read as a store" in result.output, result.output


def test_an_oversized_index_is_refused_before_it_is_read(work, monkeypatch):
    monkeypatch.setattr(store_mod, "MAX_INDEX", 100)
    result = run("stats", "--store", "store")
    assert result.exit_code == 1 and "more than a store's index holds" in result.output


@pytest.fixture
def reads(monkeypatch):
    """The keyword arguments of every read of a store's events during the test."""
    seen: list[dict] = []
    real = store_mod._read_events

    def spy(store, **kw):
        seen.append(kw)
        return real(store, **kw)

    monkeypatch.setattr(store_mod, "_read_events", spy)
    return seen


def test_stats_reads_only_its_columns_of_a_store_and_counts_as_from_all(work, reads):
    light = run("stats", "--store", "store", "--json")
    assert [r["columns"] for r in reads] == [store_mod.STATS_COLUMNS]
    # The same values in those columns as a read of every column
    events, _ = store_mod.read_events(work / "store", columns=store_mod.STATS_COLUMNS)
    whole, _ = store_mod.read_events(work / "store")
    assert events["notes"].isna().all() and whole["notes"].notna().any()
    kept = list(store_mod.STATS_COLUMNS)
    pd.testing.assert_frame_equal(events[kept], whole[kept])
    assert light.exit_code == 0 and json.loads(light.stdout)["total"]["events"] == 9
    reads.clear()
    assert run("stats", "--store", "store", "--dedupe", "prefer=acled").exit_code == 0
    # The duplicate search looks at the key, kind, days, point and toll
    assert [r["columns"] for r in reads] == [store_mod.STATS_COLUMNS]


def test_likely_duplicates_are_looked_for_among_the_selected_events_only(work):
    # The fixtures hold three ACLED/UCDP pairs: two in Mali (Ménaka) and one in Niger (Tillia).
    every = json.loads(run("stats", *events_args(), "--json").stdout)["duplicates"]
    mali = json.loads(run("stats", *events_args(), "--json", "--country", "MLI").stdout)["duplicates"]
    stored = json.loads(run("stats", "--store", "store", "--json", "--country", "MLI").stdout)["duplicates"]
    assert every["pairs"] == 3 and mali["pairs"] == stored["pairs"] == 2


def test_a_page_or_export_without_notes_reads_no_notes_from_the_store_and_is_the_same(work, reads):
    for command, a, b in (("build", "a.html", "b.html"), ("export", "a.csv", "b.csv")):
        assert run(command, "--store", "store", "--no-notes", "--out", a).exit_code == 0
        assert run(command, *events_args(), "--no-notes", "--out", b).exit_code == 0
        assert (work / a).read_bytes() == (work / b).read_bytes(), command
    assert [r["notes"] for r in reads] == [False, False]
