"""Bring your own events (issue 10): ACLED and UCDP GED exports as they are, filtered, merged, exported."""

import datetime as dt
import json
import shutil

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo
from cli import main
from conftest import ROOT, csv_rows, event_ids, page_data, record_rows
from geo.errors import DataError
from geo.events import Filters, apply_filters
from geo.importers import detect_format, import_events

FIX = ROOT / "tests" / "fixtures"
PLACES = {p["id"]: p for p in csv_rows("places.csv")}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def base():
    return geo.load()


def imported(base, *names, **kw):
    ds = base.with_events([FIX / n for n in names], **kw)
    return ds.events.set_index("source_id"), ds.imports


def test_acled_current_layout_every_field_of_known_rows(base):
    ev, (rep,) = imported(base, "acled_2024.csv")
    assert (rep.format, rep.read, rep.mapped, rep.n_skipped) == ("acled", 10, 6, 4)
    assert rep.read == rep.mapped + rep.filtered + rep.n_skipped
    r = ev.loc["MLI-FIX-0001"]
    assert (r["source_format"], r["kind"], r["source_type"]) == (
        "acled",
        "airstrike",
        "Explosions/Remote violence / Air/drone strike",
    )
    assert (r["start"], r["end"], r["date_precision"]) == (
        pd.Timestamp("2022-03-13"),
        pd.Timestamp("2022-03-13"),
        "day",
    )
    assert (r["lat"], r["lon"]) == (15.91985, 2.39609)
    assert (r["precision"], r["radius_km"]) == ("near", 25.0) and "geo_precision 2" in r["precision_why"]
    assert (r["place"], r["source_country"], r["source_admin1"], r["source_admin2"]) == (
        "Menaka",
        "Mali",
        "Menaka",
        "Menaka",
    )
    assert r["actors"] == "Military Forces of Mali (2021-); Islamic State (Sahel)"
    assert r["fatalities"] == 5 and pd.isna(r["fatalities_low"])
    assert r["notes"] == "FIXTURE: an air strike near the town." and r["sources"] == "Fixture Radio (National)"
    assert r["summary"] == "Air/drone strike in Menaka" and r["row"] == 2 and not r["geocoded"]
    # Computed from the boundaries, not taken from the file.
    assert (r["country"], r["nearest_border"]) == ("MLI", "Mali–Niger") and 0 < r["border_km"] < 100


def test_acled_time_precision_becomes_a_span(base):
    ev, _ = imported(base, "acled_2024.csv")
    week = ev.loc["MLI-FIX-0002"]  # time_precision 2 on 10 April: the week around it
    assert (week["start"], week["end"]) == (pd.Timestamp("2022-04-07"), pd.Timestamp("2022-04-13"))
    assert week["date_label"] == "the week around 10 April 2022 (±3 days)"
    month = ev.loc["NER-FIX-0003"]  # time_precision 3: the month
    assert (month["start"], month["end"], month["date_label"]) == (
        pd.Timestamp("2021-03-01"),
        pd.Timestamp("2021-03-31"),
        "March 2021",
    )
    assert month["notes"].startswith("FIXTURE: <script>alert(1)</script>")  # kept verbatim as data


def test_acled_kinds(base):
    ev, _ = imported(base, "acled_2024.csv")
    assert ev["kind"].to_dict() == {
        "MLI-FIX-0001": "airstrike",
        "MLI-FIX-0002": "battle",
        "NER-FIX-0003": "attack",
        "BFA-FIX-0004": "base",
        "NER-FIX-0005": "protest",
        "MLI-FIX-0006": "battle",
    }


def test_row_without_coordinates_is_geocoded_by_its_location(base):
    ev, (rep,) = imported(base, "acled_2024.csv")
    r = ev.loc["MLI-FIX-0006"]
    assert r["geocoded"] and (r["lat"], r["lon"]) == (float(PLACES["ansongo"]["lat"]), float(PLACES["ansongo"]["lon"]))
    assert "geocoding “Ansongo”" in r["precision_why"]
    assert rep.notes["no coordinates in the file: placed by geocoding the place name"] == 1


def test_bad_rows_are_skipped_with_file_row_and_reason(base):
    _, (rep,) = imported(base, "acled_2024.csv")
    reasons = {reason: rep.examples[reason][0][0] for reason in rep.skipped}
    assert reasons == {
        "event_date: not a date (ISO 2022-03-13, 13 March 2022 or 13-Mar-22), or no such day": 8,
        "event_type: unknown event_type; ACLED's are Battles, Violence against civilians, Explosions/Remote "
        "violence, Strategic developments, Protests, Riots": 9,
        "latitude: coordinates outside the region -12.3..16 E, 9.3..25 N; latitude and longitude look swapped": 10,
        "fatalities: not a whole number of people killed": 11,
    }
    assert "tests/fixtures/acled_2024.csv (acled): read 10 = mapped 6 + filtered out 0 + skipped 4" in rep.summary()


def test_strict_fails_on_the_first_bad_row(base):
    with pytest.raises(DataError) as err:
        base.with_events([FIX / "acled_2024.csv"], strict=True)
    (p,) = err.value.problems
    assert (p.row, p.column, p.value) == (8, "event_date", "2022-02-30") and "`strict` stops" in p.message


def test_acled_older_layout_and_long_dates(base):
    ev, (rep,) = imported(base, "acled_2019.csv")
    assert (rep.read, rep.mapped) == (3, 3)
    assert ev.loc["NER-FIX-1002", "start"] == pd.Timestamp("2021-03-21") and ev.loc["NER-FIX-1002", "fatalities"] == 137
    assert ev.loc["BFA-FIX-1003", "kind"] == "battle" and ev.loc["BFA-FIX-1003", "end"] == pd.Timestamp("2021-06-10")


def test_acled_with_hxl_row_and_two_digit_years(base):
    ev, (rep,) = imported(base, "acled_hxl.csv")
    assert (rep.read, rep.mapped) == (2, 2) and rep.notes["HXL hashtag row under the header skipped"] == 1
    r = ev.loc["MLI-FIX-2001"]
    assert r["start"] == pd.Timestamp("2022-03-13") and (r["precision"], r["radius_km"]) == ("admin1", 100.0)
    assert ev.loc["NER-FIX-2002", "end"] == pd.Timestamp("2022-04-30")
    assert ev.loc["NER-FIX-2002", "row"] == 4  # the header is row 1, the hashtags row 2


def test_ucdp_ged(base):
    ev, (rep,) = imported(base, "ucdp_ged.csv")
    assert (rep.format, rep.read, rep.mapped, rep.n_skipped) == ("ucdp", 5, 3, 2)
    r = ev.loc["990001"]
    assert (r["kind"], r["source_type"]) == ("attack", "UCDP one-sided violence")
    assert (r["fatalities"], r["fatalities_low"], r["fatalities_high"]) == (137, 137, 141)
    assert r["fatalities_text"] == "best estimate 137 (low 137, high 141)"
    assert (r["precision"], r["radius_km"]) == ("near", 25.0)
    assert r["actors"] == "IS Sahel; Civilians" and r["place"] == "Tillia town" and r["source_admin1"] == "Tahoua"
    span = ev.loc["990002"]
    assert (span["start"], span["end"]) == (pd.Timestamp("2022-03-10"), pd.Timestamp("2022-03-16"))
    assert (span["precision"], span["radius_km"], span["date_precision"]) == ("admin1", 150.0, "week")
    assert set(rep.skipped) == {"date_end: date_end is before date_start", "best: low <= best <= high does not hold"}


def test_xlsx_reads_like_the_csv(base, tmp_path):
    xlsx = tmp_path / "acled.xlsx"
    pd.read_csv(FIX / "acled_2024.csv", dtype=str, keep_default_na=False).to_excel(xlsx, index=False)
    from_csv, _ = imported(base, "acled_2024.csv")
    ds = base.with_events([xlsx])
    assert ds.imports[0].mapped == 6
    got = ds.events.set_index("source_id")
    pd.testing.assert_series_equal(got["lat"], from_csv["lat"])
    assert list(got["kind"]) == list(from_csv["kind"])


def test_format_is_detected_or_named(tmp_path):
    assert detect_format(FIX / "acled_2024.csv") == "acled" and detect_format(FIX / "ucdp_ged.csv") == "ucdp"
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="not an ACLED, UCDP GED or records file"):
        detect_format(other)
    result = run("build", "--out", tmp_path / "m.html", "--events", other)
    assert result.exit_code == 1 and str(other) in result.stderr and not (tmp_path / "m.html").exists()
    forced = run("export", "--events", FIX / "ucdp_ged.csv", "--events-format", "acled", "--out", tmp_path / "x.csv")
    assert forced.exit_code == 1 and "not a ACLED file: missing column(s) event_id_cnty" in forced.stderr


def test_records_format_is_imported_too(base, tmp_path):
    shutil.copy(ROOT / "data" / "records.csv", tmp_path / "records.csv")
    shutil.copy(ROOT / "data" / "sources.csv", tmp_path / "sources.csv")
    ds = base.with_events([tmp_path / "records.csv"])
    rep = ds.imports[0]
    assert rep.format == "records" and rep.mapped == len(base.placements)
    assert rep.skipped == {"places: no place (a context record: listed, not drawn)": 2}


# -- filters ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def both(base):
    return base.with_events([FIX / "acled_2024.csv", FIX / "ucdp_ged.csv"])


@pytest.mark.parametrize(
    "filters, expected",
    [
        (Filters(), 9),
        # A span that overlaps counts: the March 2021 month-precision attack overlaps 21 March.
        (Filters(since=dt.date(2021, 3, 21), until=dt.date(2021, 3, 21)), 2),
        (Filters(since=dt.date(2022, 4, 12)), 3),  # the 7-13 April week, 2 May base, 20 May protest
        (Filters(countries=("NER",)), 3),
        (Filters(admin1=("ménaka",)), 4),  # the source's admin-1 (Natural Earth has no Ménaka region)
        (Filters(admin1=("Tahoua",)), 2),
        (Filters(kinds=("battle",)), 4),
        (Filters(actor="islamic state"), 3),
        (Filters(actor="MALÍ"), 3),
        (Filters(min_precision="point"), 5),
        (Filters(min_precision="near"), 8),
        (Filters(bbox=(2.0, 15.0, 3.5, 16.5)), 4),
    ],
)
def test_filters(both, filters, expected):
    assert int(apply_filters(both.events, filters).sum()) == expected


def test_select_counts_what_it_filters_out(both):
    s = both.select(Filters(countries=("MLI",)))
    assert [(r.read, r.mapped, r.filtered, r.n_skipped) for r in s.imports] == [(10, 3, 3, 4), (5, 2, 1, 2)]
    assert all(r.read == r.mapped + r.filtered + r.n_skipped for r in s.imports)
    assert "read 10 = mapped 3 + filtered out 3 + skipped 4" in s.imports[0].summary()
    again = s.select(Filters(countries=("MLI",), kinds=("attack",)))  # filtering again only moves more rows
    assert all(r.read == r.mapped + r.filtered + r.n_skipped for r in again.imports)
    assert both.imports[0].mapped == 6  # the unfiltered dataset's reports are untouched
    assert set(s.placements["ne_country"]) == {"MLI"}


# -- the command line: build, export ------------------------------------------------------------------


def test_build_with_events_reports_and_maps_them(tmp_path):
    out = tmp_path / "map.html"
    result = run(
        "build",
        "--out",
        out,
        "--events",
        FIX / "acled_2024.csv",
        "--events",
        FIX / "ucdp_ged.csv",
        "--accessed",
        "2026-11-30",
    )
    assert result.exit_code == 0, result.stderr
    assert "acled_2024.csv (acled): read 10 = mapped 6 + filtered out 0 + skipped 4" in result.stderr
    assert "ucdp_ged.csv (ucdp): read 5 = mapped 3 + filtered out 0 + skipped 2" in result.stderr
    data = page_data(out.read_text(encoding="utf-8"))
    ids = set(event_ids(data))
    assert {"acled:MLI-FIX-0001", "acled:MLI-FIX-0006", "ucdp:990001"} <= ids and len(ids) == 6 + 3
    assert data["meta"]["citations"][0] == (
        "Armed Conflict Location & Event Data (ACLED), www.acleddata.com, data accessed 2026-11-30."
    )
    assert "UCDP Georeferenced Event Dataset (GED)" in data["meta"]["citations"][1]
    layers = [layer["key"] for layer in data["layers"]]
    assert {"battle", "protest", "base"} <= set(layers)
    # The title block's data date names each export and when it was downloaded.
    assert data["meta"]["data_date"] == (
        "Data: ACLED acled_2024.csv accessed 30 Nov 2026; UCDP GED ucdp_ged.csv accessed 30 Nov 2026."
    )


def test_no_notes_leaves_every_imported_note_out(tmp_path):
    out = tmp_path / "map.html"
    assert run("build", "--out", out, "--events", FIX / "acled_2024.csv", "--no-notes").exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "FIXTURE" not in page and page_data(page)["meta"]["notes_left_out"] is True


def test_build_filters_apply_to_records_and_events(tmp_path):
    out = tmp_path / "map.html"
    result = run(
        "build",
        "--out",
        out,
        "--events",
        FIX / "acled_2024.csv",
        "--with-records",
        "--country",
        "NER",
        "--since",
        "2021-01-01",
    )
    assert result.exit_code == 0
    data = page_data(out.read_text(encoding="utf-8"))
    assert {p["lat"] > 11 and p["lon"] > 0.1 for p in record_rows(data)} == {True}
    assert "country NER" in data["meta"]["filters"] and "country NER" in data["meta"]["citations"][0]
    assert "filtered out 4" in result.stderr


def test_spec_can_name_event_files(tmp_path):
    shutil.copy(FIX / "ucdp_ged.csv", tmp_path / "ged.csv")
    spec = tmp_path / "ged.toml"
    spec.write_text('title = "GED"\nevents = ["ged.csv"]\n', encoding="utf-8")
    assert run("build", spec).exit_code == 0
    ids = event_ids(page_data((tmp_path / "ged.html").read_text(encoding="utf-8")))
    assert "ucdp:990003" in ids
    spec.write_text('title = "GED"\nevents = ["missing.csv"]\n', encoding="utf-8")
    bad = run("build", spec)
    assert bad.exit_code == 1 and "column 'events': 'missing.csv': no such file" in bad.stderr


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".parquet", ".csv"])
def test_export_round_trips(tmp_path, suffix):
    out = tmp_path / f"events{suffix}"
    result = run(
        "export",
        "--events",
        FIX / "acled_2024.csv",
        "--events",
        FIX / "ucdp_ged.csv",
        "--with-records",
        "--out",
        out,
        "--accessed",
        "2026-11-30",
    )
    assert result.exit_code == 0, result.stderr
    back = (
        pd.read_csv(out, keep_default_na=False)
        if suffix == ".csv"
        else gpd.read_parquet(out)
        if suffix == ".parquet"
        else gpd.read_file(out)
    )
    n_records = len(geo.load().placements)
    assert len(back) == n_records + 9
    from geo.export import EXPORT_COLUMNS

    assert [c for c in back.columns if c != "geometry"] == EXPORT_COLUMNS
    rows = back.set_index("source_id")
    assert rows.loc["MLI-FIX-0001", "source_format"] == "acled" and rows.loc["990001", "source_format"] == "ucdp"
    assert str(rows.loc["MLI-FIX-0001", "start"])[:10] == "2022-03-13"
    assert float(rows.loc["MLI-FIX-0001", "lat"]) == 15.91985
    assert rows.loc["MLI-FIX-0001", "citation"].endswith("data accessed 2026-11-30.")
    assert rows.loc["attack-tillia-2021-03-21", "source_format"].iloc[0] == "records"
    if suffix != ".csv":
        assert back.crs.to_epsg() == 4326
        assert back.geometry.x.round(5).tolist() == back["lon"].round(5).tolist()


def test_export_without_notes_and_with_a_filter(tmp_path):
    out = tmp_path / "e.geojson"
    assert (
        run("export", "--events", FIX / "acled_2024.csv", "--kind", "battle", "--no-notes", "--out", out).exit_code == 0
    )
    back = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["kind"] for f in back} == {"battle"}
    assert all(f["properties"]["notes"] in ("", None) for f in back)


def test_export_needs_a_known_format(tmp_path):
    result = run("export", "--out", tmp_path / "events.xyz")
    assert result.exit_code == 2 and "cannot tell the format of 'events.xyz'" in result.stderr


# -- hostile files ------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fmt=st.sampled_from(["acled", "ucdp", None]),
    head=st.sampled_from(
        [
            "",
            (FIX / "acled_2024.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
            (FIX / "ucdp_ged.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
        ]
    ),
    body=st.binary(max_size=400),
)
def test_importers_on_random_bytes_raise_only_data_errors(base, tmp_path, fmt, head, body):
    path = tmp_path / "events.csv"
    path.write_bytes(head.encode() + body)
    try:
        table, reports = import_events([path], geocoder=base.geocoder, fmt=fmt)
    except DataError as exc:
        assert all(p.file == str(path) for p in exc.problems)
    else:
        r = reports[0]
        assert r.read == r.mapped + r.n_skipped and len(table) == r.mapped
        assert table["lat"].between(9.3, 25).all() and table["lon"].between(-12.3, 16).all()


def test_validate_reports_event_rows_build_would_skip():
    bad = run("validate", "--events", FIX / "ucdp_ged.csv")
    assert bad.exit_code == 1 and "ucdp_ged.csv: 2 row(s) would be skipped" in bad.stderr
    assert "date_end: date_end is before date_start" in bad.stderr
    assert run("validate", "--events", FIX / "acled_2019.csv").exit_code == 0


def test_an_export_above_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    import geo.importers.common as common

    monkeypatch.setattr(common, "MAX_EXPORT", 100)
    result = run("build", "--out", tmp_path / "m.html", "--events", FIX / "acled_2024.csv")
    assert result.exit_code == 1 and "larger than 0 MB; split the export by year or country" in result.stderr
    assert not (tmp_path / "m.html").exists()


def test_a_lone_carriage_return_in_the_header_is_a_data_error(base, tmp_path):
    # Found by the random-bytes test above: csv.Error escaped from the format detection.
    path = tmp_path / "events.csv"
    path.write_bytes(b"event_id_cnty,event_date\rx,y\n1,2\n")
    with pytest.raises(DataError) as err:
        import_events([path], geocoder=base.geocoder)
    (p,) = err.value.problems
    assert p.file == str(path) and "the first row is not a CSV header" in p.message


def test_a_repeated_value_is_cleaned_once_and_counted_for_every_row_that_holds_it():
    from geo.events import ImportReport
    from geo.importers.common import clean_text

    n = 5000  # more than the rows the cleaner looks at to choose the per-value path
    actors = ["Group\x01A", "  Civilians ", "Militia\u202eX", None] * (n // 4)
    notes = [f"note {i}\x00" if i % 3 == 0 else f"note {i}" for i in range(n)]  # every value distinct
    df = pd.DataFrame({"actor1": pd.array(actors, dtype="str"), "notes": pd.array(notes, dtype="str")})
    report = ImportReport(file="f.csv", format="acled")
    clean_text(df, ["actor1", "notes"], report, names=("actor1",))
    assert df["actor1"].iloc[:4].tolist()[:3] == ["Group A", "Civilians", "MilitiaX"]
    assert report.notes["control characters in actor1 replaced by spaces"] == n // 4
    assert report.notes["invisible bidirectional controls removed from actor1"] == n // 4
    assert report.notes["control characters in notes replaced by spaces"] == len(range(0, n, 3))
    assert df["notes"].iloc[0] == "note 0" and df["notes"].iloc[1] == "note 1"
    assert list(df.index) == list(range(n))


def test_a_page_without_notes_does_not_read_them_and_is_the_same_page(tmp_path):
    import dataclasses

    acled = ROOT / "tests" / "fixtures" / "acled_2024.csv"
    ds = geo.load()
    full, light = ds.with_events([acled]), ds.with_events([acled], notes=False)
    assert full.events["notes"].str.len().gt(0).any() and (light.events["notes"] == "").all()
    rest = [c for c in full.events.columns if c not in ("notes", "geometry")]
    pd.testing.assert_frame_equal(full.events[rest], light.events[rest])
    pages = [geo.render_html(dataclasses.replace(d, no_notes=True)) for d in (full, light)]
    assert pages[0] == pages[1]
    # The command line: a page with notes shows them; one built with --no-notes does not.
    note = full.events["notes"].iloc[0][:40]
    for flags, has_note in (([], True), (["--no-notes"], False)):
        out = tmp_path / f"m{len(flags)}.html"
        done = CliRunner().invoke(main, ["build", "--events", str(acled), *flags, "--out", str(out)])
        assert done.exit_code == 0, done.output
        assert (json.dumps(note)[1:-1] in out.read_text(encoding="utf-8")) == has_note
