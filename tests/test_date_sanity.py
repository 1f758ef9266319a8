"""Files from strangers (issue 20): absurd dates never reach a map, a chart or the counts.

One row dated 9999-12-31, or a UCDP span 1000-01-01..3000-01-01, used to stretch the time slider
over 1677-9999 and make ``stats --chart`` draw ~96,000 monthly bars for minutes. The hostile files
are written here, from the fixtures, by each test.
"""

import csv
import datetime as dt
import json
import re
import time

import pandas as pd
import pytest
from click.testing import CliRunner

import geo
from cli import main
from conftest import ROOT, edit_csv, event_ids, page_data, record_rows
from geo.dates import DateWindow
from geo.stats import chart, chart_counts

FIX = ROOT / "tests" / "fixtures"
TODAY = dt.date.today()
LAST = TODAY.replace(year=TODAY.year + 1, day=28 if (TODAY.month, TODAY.day) == (2, 29) else TODAY.day).isoformat()
OUTSIDE = (
    f"dated outside the accepted window 1989-01-01..{LAST} (default: from 1989, UCDP GED's first year, "
    "to a year after today); if the date is right, widen the window with --date-window FIRST..LAST"
)
TOO_LONG = "a date span longer than 5 years; if it is right, allow it with --max-span-years N"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def fixture_rows(name: str) -> tuple[list[str], list[dict]]:
    with open(FIX / name, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def write(path, fields, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def acled_9999(tmp_path):
    """The six good rows of the ACLED fixture (rows 2-7) and one dated 9999-12-31 (row 8)."""
    fields, rows = fixture_rows("acled_2024.csv")
    good = rows[:6]
    hostile = {**good[0], "event_id_cnty": "MLI-HOST-9999", "event_date": "9999-12-31", "year": "9999"}
    return write(tmp_path / "acled_9999.csv", fields, good + [hostile])


@pytest.fixture
def ucdp_spans(tmp_path):
    """A good UCDP GED row (row 2), one spanning 1000-01-01..3000-01-01 (row 3) and one of 31 years (row 4)."""
    fields, rows = fixture_rows("ucdp_ged.csv")
    good = rows[0]
    millennia = {**good, "id": "990998", "date_start": "1000-01-01", "date_end": "3000-01-01"}
    decades = {**good, "id": "990999", "date_start": "1990-01-01", "date_end": "2020-12-31"}
    return write(tmp_path / "ucdp_spans.csv", fields, [good, millennia, decades])


def page_days(data: dict) -> tuple[dt.date, dt.date]:
    """The first and last day of the page's imported events, decoded as the page's script decodes them."""
    ev = data["events"]
    starts = pd.Series(ev["start"]).cumsum() + ev["day0"]
    ends = starts + pd.Series(ev["span"])
    curated = ev.get("record", {}).get("sources", {}).get("at", [])
    starts, ends = starts.drop(index=curated), ends.drop(index=curated)
    epoch = dt.date(1970, 1, 1)
    return epoch + dt.timedelta(days=int(starts.min())), epoch + dt.timedelta(days=int(ends.max()))


# -- build skips them and says so; the page never sees them -----------------------------------------------


def test_build_skips_absurd_dates_and_the_page_never_sees_them(tmp_path, acled_9999, ucdp_spans):
    out = tmp_path / "map.html"
    result = run("build", "--out", out, "--events", acled_9999, "--events", ucdp_spans)
    assert result.exit_code == 0, result.output
    assert "acled_9999.csv (acled): read 7 = mapped 6 + filtered out 0 + skipped 1" in result.stderr
    assert f"  skipped 1: event_date: {OUTSIDE} (e.g. row 8 ('9999-12-31'))" in result.stderr
    assert "ucdp_spans.csv (ucdp): read 3 = mapped 1 + filtered out 0 + skipped 2" in result.stderr
    assert f"  skipped 1: date_start: {OUTSIDE} (e.g. row 3 ('1000-01-01'))" in result.stderr
    assert f"  skipped 1: date_end: {TOO_LONG} (e.g. row 4 ('1990-01-01..2020-12-31'))" in result.stderr
    page = out.read_text(encoding="utf-8")
    data = page_data(page)
    ids = event_ids(data)
    assert len(ids) == 7 and "acled:MLI-HOST-9999" not in ids and "ucdp:990998" not in ids and "ucdp:990999" not in ids
    # The slider's range is the real data's: 15 March 2021 (a month-precise ACLED row) to 20 May 2022.
    assert page_days(data) == (dt.date(2021, 3, 1), dt.date(2022, 5, 20))
    assert data["meta"]["span"] == "Events dated 01 Mar 2021 – 20 May 2022"  # the curated records are left out
    dated = json.dumps([data["events"], data["meta"], data["context"]], ensure_ascii=False)
    assert not re.search(r"\b(9999|1000|3000|1990)\b", dated)


def test_validate_fails_naming_file_row_column_and_value(acled_9999, ucdp_spans):
    result = run("validate", "--events", acled_9999, "--events", ucdp_spans)
    assert result.exit_code == 1
    assert (
        f"Error: {acled_9999}: 1 row(s) would be skipped; {ucdp_spans}: 2 row(s) would be skipped (see above)"
        in result.stderr
    )
    assert f"  skipped 1: event_date: {OUTSIDE} (e.g. row 8 ('9999-12-31'))" in result.stderr
    assert f"  skipped 1: date_start: {OUTSIDE} (e.g. row 3 ('1000-01-01'))" in result.stderr


@pytest.mark.parametrize("command", ["validate", "build"])
def test_strict_stops_at_the_first_absurd_date(tmp_path, acled_9999, ucdp_spans, command):
    out = () if command == "validate" else ("--out", tmp_path / "map.html")
    acled = run(command, *out, "--strict", "--events", acled_9999)
    assert acled.exit_code == 1
    assert (
        f"{acled_9999}, row 8, column 'event_date': '9999-12-31': {OUTSIDE} (--strict stops at the first bad "
        "row; without it such rows are skipped and counted)"
    ) in acled.stderr
    ucdp = run(command, *out, "--strict", "--events", ucdp_spans)
    assert ucdp.exit_code == 1 and f"{ucdp_spans}, row 3, column 'date_start': '1000-01-01': {OUTSIDE}" in ucdp.stderr
    assert not (tmp_path / "map.html").exists()


# -- the window is the user's to change ----------------------------------------------------------------------


def test_the_window_widens(tmp_path, acled_9999, ucdp_spans):
    out = tmp_path / "map.html"
    result = run(
        "build",
        "--out",
        out,
        "--events",
        acled_9999,
        "--events",
        ucdp_spans,
        "--date-window",
        "1000..9999-12-31",
        "--max-span-years",
        "2001",
    )
    assert result.exit_code == 0, result.output
    assert "acled_9999.csv (acled): read 7 = mapped 7 + filtered out 0 + skipped 0" in result.stderr
    assert "ucdp_spans.csv (ucdp): read 3 = mapped 3 + filtered out 0 + skipped 0" in result.stderr
    data = page_data(out.read_text(encoding="utf-8"))
    assert {"acled:MLI-HOST-9999", "ucdp:990998", "ucdp:990999"} <= set(event_ids(data))
    assert page_days(data) == (dt.date(1000, 1, 1), dt.date(9999, 12, 31))
    # A longer span alone: the 31-year row passes, the 2000-year one is still too long.
    spans = run("validate", "--events", ucdp_spans, "--date-window", "1000..3000", "--max-span-years", "31")
    assert spans.exit_code == 1 and "ucdp_spans.csv: 1 row(s) would be skipped" in spans.stderr
    assert (
        "skipped 1: date_end: a date span longer than 31 years; if it is right, allow it with --max-span-years N "
        "(e.g. row 3 ('1000-01-01..3000-01-01'))"
    ) in spans.stderr


def test_the_window_narrows_for_events_and_curated_records(tmp_path, acled_9999):
    # NER-FIX-0003 is "March 2021" (time_precision 3): its span starts on 1 March, before the window.
    narrow = run("validate", "--events", acled_9999, "--date-window", "2021-03-16..2022-12-31")
    assert narrow.exit_code == 1
    assert (
        "skipped 2: event_date: dated outside the accepted window 2021-03-16..2022-12-31 (default: from 1989, "
        "UCDP GED's first year, to a year after today); if the date is right, widen the window with "
        "--date-window FIRST..LAST (e.g. row 4 ('2021-03-15'), row 8 ('9999-12-31'))"
    ) in narrow.stderr
    # The curated records are held to the same window: a record past its end is an error, nothing is built.
    out = tmp_path / "map.html"
    curated = run("build", "--out", out, "--date-window", "..2022-05-19")
    assert curated.exit_code == 1 and not out.exists()
    assert re.search(
        r"records\.csv, row \d+, column 'date': '2022-04-01/2022-05-24': dated outside the accepted "
        r"window 1989-01-01\.\.2022-05-19",
        curated.stderr,
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--date-window", "1990"], "'1990': write the window as FIRST..LAST, e.g. 1989-01-01.."),
        (["--date-window", "2030..2020"], "date window 2030-01-01..2020-12-31 ends before it starts"),
        (["--date-window", "1990-13..2020"], "'1990-13..2020': '1990-13' has month 13, outside 1-12"),
        (["--max-span-years", "0"], "0.0 is not in the range x>0"),
    ],
)
def test_a_bad_window_is_a_usage_error(args, message):
    result = run("validate", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_curated_records_with_an_absurd_date_are_refused(data_copy):
    edit_csv(data_copy / "records.csv", "attack-tillia-2021-03-21", date="9999-12-31")
    result = run("validate", "--data", data_copy)
    assert result.exit_code == 1
    assert f"records.csv, row 2, column 'date': '9999-12-31': {OUTSIDE}" in result.stderr
    # The library says the same, and takes a wider window.
    with pytest.raises(geo.DataError, match="dated outside the accepted window"):
        geo.load(data_copy)
    assert len(geo.load(data_copy, window=DateWindow.parse("..9999")).records) == 9


def test_the_default_window_ends_a_year_after_today():
    assert DateWindow.default(dt.date(2026, 12, 3)) == DateWindow(dt.date(1989, 1, 1), dt.date(2027, 12, 3), 5)
    assert DateWindow.default(dt.date(2028, 2, 29)).last == dt.date(2029, 2, 28)
    assert DateWindow.parse("1960..", today=dt.date(2026, 12, 3)).describe() == "1960-01-01..2027-12-03"


def test_the_library_takes_a_window_too(acled_9999):
    base = geo.load()
    default = base.with_events([acled_9999])
    assert default.imports[0].n_skipped == 1 and default.events["end"].max() == pd.Timestamp("2022-05-20")
    wide = base.with_events([acled_9999], window=DateWindow(dt.date(1989, 1, 1), dt.date(9999, 12, 31)))
    assert wide.imports[0].n_skipped == 0 and wide.events["end"].max() == pd.Timestamp("9999-12-31")


# -- charts: a few hundred bars at most, whatever the span ----------------------------------------------------


def monthly(first: str, months: int, **extra) -> pd.DataFrame:
    """An analysed event table of one one-day event on the 10th of each of ``months`` months from ``first``."""
    days = pd.date_range(first, periods=months, freq="MS") + pd.Timedelta(days=9)
    df = pd.DataFrame(
        {
            "source_format": "test",
            "file": "t.csv",
            "source_id": [f"e{i}" for i in range(months)],
            "row": range(2, months + 2),
            "kind": "attack",
            "fatalities": 1,
            "start": days,
            "end": days,
            "radius_km": 0.0,
            "border_km": 30.0,
            "tri_border_km": 80.0,
            "country": "MLI",
            "admin1": "Gao",
            "border_pair": "MLI-NER",
            **extra,
        }
    )
    df["fatalities"] = df["fatalities"].astype("Int64")
    return df


@pytest.mark.parametrize(
    "first, months, bin_, bars",
    [
        ("2020-01-01", 24, "month", 24),
        ("2003-01-01", 240, "month", 240),  # 20 years: still monthly, at the limit
        ("1993-01-01", 360, "quarter", 120),  # 30 years: quarters
        ("1989-01-01", 12 * 60, "quarter", 240),  # to December 2048: 60 years of quarters, at the limit
        ("1989-01-01", 12 * 60 + 1, "year", 61),  # one month more: 241 quarters are too many
        ("1950-01-01", 12 * 100, "year", 100),
        ("1000-01-01", 12 * 9000, "50-year period", 180),
    ],
)
def test_chart_bins_widen_to_keep_a_few_hundred_bars(first, months, bin_, bars):
    table = (
        monthly(first, months)
        if months < 2000
        else monthly(first, 2).assign(
            start=[pd.Timestamp("1000-01-10"), pd.Timestamp("9999-12-10")],
            end=[pd.Timestamp("1000-01-10"), pd.Timestamp("9999-12-10")],
        )
    )
    counts = chart_counts(table)
    assert (counts.bin, counts.bars, counts.spanning) == (bin_, bars, 0)
    assert counts.counts.to_numpy().sum() == len(table)


def test_an_event_spanning_two_bins_is_in_both_and_the_footnote_says_so():
    table = monthly("1993-01-01", 360)
    # Straddles the 1995 Q1/Q2 edge (counted in both); the other stays inside 1995 Q2 (counted once).
    table.loc[0, ["start", "end"]] = [pd.Timestamp("1995-03-20"), pd.Timestamp("1995-04-05")]
    table.loc[1, ["start", "end"]] = [pd.Timestamp("1995-04-20"), pd.Timestamp("1995-05-05")]
    counts = chart_counts(table)
    assert (counts.bin, counts.bars, counts.spanning) == ("quarter", 120, 1)
    assert counts.counts.loc["1995-Q1", "MLI"] == 4  # its three monthly events and the one reaching into Q2
    assert counts.counts.loc["1995-Q2", "MLI"] == 5  # its three, the one from Q1 and the one inside it
    assert counts.counts.to_numpy().sum() == len(table) + 1
    # The data run from 10 March 1993 (rows 0 and 1 moved) to 10 December 2022: both end bars are partial.
    assert counts.partial == ("1993-Q1", "2022-Q4")
    svg = chart(table, fmt="svg", title="Events per {bin}").decode()
    assert "Events per quarter" in svg and "events per quarter" in svg
    assert "1 of 360 events span more than one quarter" in svg
    assert "Partial quarter: 1993-Q1 and 2022-Q4" in svg


def test_stats_chart_over_thirty_years_is_quick_and_quarterly(tmp_path):
    fields, rows = fixture_rows("acled_2024.csv")
    good = rows[0]
    years = [
        {**good, "event_id_cnty": f"MLI-Y-{y}", "event_date": f"{y}-06-15", "year": str(y)} for y in range(1995, 2025)
    ]
    path = write(tmp_path / "acled_30y.csv", fields, years)
    svg = tmp_path / "c.svg"
    started = time.perf_counter()
    result = run("stats", "--events", path, "--chart", svg)
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 30
    text = svg.read_text(encoding="utf-8")
    assert "Events per quarter, by country" in text and "events per quarter" in text
    table = geo.load().with_events([path]).all_events()
    counts = chart_counts(table)
    # 1995 Q2 to 2024 Q2 (the records of 2021-22 fall in between): 117 quarterly bars, not 349 months.
    assert (counts.bin, counts.bars) == ("quarter", 117)


def test_stats_chart_of_a_9999_row_in_a_widened_window_is_quick(tmp_path, acled_9999):
    png = tmp_path / "c.png"
    started = time.perf_counter()
    result = run("stats", "--events", acled_9999, "--date-window", "..9999-12-31", "--chart", png)
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 30 and png.read_bytes()[:4] == b"\x89PNG"
    table = geo.load().with_events([acled_9999], window=DateWindow.parse("..9999-12-31")).all_events()
    counts = chart_counts(table)
    assert (counts.bin, counts.bars) == ("50-year period", 160)  # 2000-2049 to 9950-9999


# -- a planted bug the suite missed: --until must change the counts ---------------------------------------


def test_until_changes_the_counts_of_stats_export_and_build(tmp_path):
    """--until 2022-03-31 keeps 3 of the 6 good ACLED rows (13 Mar 2022; 15 Mar 2021, month-precise; 1 Feb
    2022) and 4 of the 7 placed curated records (21 Mar 2021; 21-31 Mar, 1-31 Mar and 13 Mar 2022), their
    11 placements of 15."""
    acled = FIX / "acled_2024.csv"
    until = ("--until", "2022-03-31")

    def stats(*args):
        result = run("stats", "--events", acled, "--with-records", "--json", *args)
        assert result.exit_code == 0, result.output
        out = json.loads(result.stdout)
        return out["total"]["events"], out["inputs"][0]["mapped"], out["inputs"][0]["filtered"]

    assert stats() == (13, 6, 0)
    assert stats(*until) == (7, 3, 3)

    def export(*args):
        result = run("export", "--events", acled, "--with-records", "--out", tmp_path / "e.csv", *args)
        assert result.exit_code == 0, result.output
        return result.stdout.strip().splitlines()[-1]

    assert export() == f"wrote {tmp_path / 'e.csv'}: 21 rows (15 from records, 6 imported)"
    assert export(*until) == f"wrote {tmp_path / 'e.csv'}: 14 rows (11 from records, 3 imported)"

    def build(*args):
        out = tmp_path / "map.html"
        result = run("build", "--out", out, "--events", acled, "--with-records", *args)
        assert result.exit_code == 0, result.output
        data = page_data(out.read_text(encoding="utf-8"))
        return (
            len(event_ids(data)),
            len({r["id"] for r in record_rows(data)}),
            len(record_rows(data)),
            len({r["id"] for r in record_rows(data)}) + len(data["context"]) + len(data["unresolved"]),
        )

    # Records: the 7 placed and the 2 context records (17 Feb and 15 May 2022: only the first is kept).
    assert build() == (6, 7, 15, 9)
    assert build(*until) == (3, 4, 11, 5)


def test_a_row_an_importer_lets_through_is_still_kept_out():
    """The last check in import_events: whatever a format's own checks miss never reaches the table."""
    from geo.errors import DataError
    from geo.events import ImportReport, conform
    from geo.importers.base import outside_window

    table = conform(
        pd.DataFrame(
            {
                "source_id": ["ok", "late", "long"],
                "row": [2, 3, 4],
                "date_label": ["a", "b", "c"],
                "start": pd.to_datetime(["2022-03-13", "9999-12-31", "2000-01-01"]),
                "end": pd.to_datetime(["2022-03-13", "9999-12-31", "2010-01-01"]),
            }
        )
    )
    report = ImportReport("x.csv", "acled", read=3, mapped=3)
    window = DateWindow(dt.date(1989, 1, 1), dt.date(2030, 1, 1))
    kept = outside_window(table, window, report)
    assert list(kept["source_id"]) == ["ok"] and (report.mapped, report.n_skipped) == (1, 2)
    assert report.examples == {f"date: {window.outside_reason()}; or {window.span_reason()}": [(3, "b"), (4, "c")]}
    with pytest.raises(DataError, match=r"x\.csv, row 3, column 'date': 'b': dated outside"):
        outside_window(table, window, ImportReport("x.csv", "acled"), strict=True)


def test_a_window_keeps_its_span_limit_and_the_given_day():
    today = dt.date(2026, 12, 3)
    w = DateWindow.parse("..2000", max_span_years=2, today=today)
    assert (w.first, w.last, w.max_span_years) == (dt.date(1989, 1, 1), dt.date(2000, 12, 31), 2)
    assert DateWindow.parse("1960-06..", today=today) == DateWindow(
        dt.date(1960, 6, 1), dt.date(2027, 12, 3), DateWindow.default(today).max_span_years
    )
