"""Borderland counts (issue 12): `liptako stats` and geo.stats, by hand-made events and fixtures."""

import csv
import io
import json
import re

import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main
from conftest import ROOT
from geo.stats import IMPRECISE, OUTSIDE, SEVERAL, band_labels, borderland_stats, events_table, parse_km_list

FIXTURES = ROOT / "tests" / "fixtures"
ACLED = FIXTURES / "acled_2024.csv"
UCDP = FIXTURES / "ucdp_ged.csv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def rows(*events):
    """An analysed event table from (id, border_km, radius_km, tri_km, extra) tuples, one row each."""
    out = []
    for eid, border, radius, tri, extra in events:
        row = {
            "source_format": "test",
            "file": "t.csv",
            "source_id": eid,
            "row": sum(map(ord, eid)),
            "kind": "attack",
            "fatalities": 1,
            "start": pd.Timestamp("2022-03-05"),
            "end": pd.Timestamp("2022-03-05"),
            "radius_km": radius,
            "border_km": border,
            "tri_border_km": tri,
            "country": "MLI",
            "admin1": "Gao",
            "border_pair": "MLI-NER",
        }
        row.update(extra)
        out.append(row)
    df = pd.DataFrame(out)
    df["fatalities"] = df["fatalities"].astype("Int64")
    return df


CASES = rows(
    ("exact-8km", 8.0, 0.0, 200.0, {}),
    ("acled3-8km", 8.0, 100.0, 200.0, {}),  # ACLED geo_precision 3, 8 km from a border
    ("near-60km", 60.0, 5.0, 200.0, {}),
    ("on-the-edge", 10.0, 0.0, 200.0, {}),  # a band holds its lower edge
    ("far", 150.0, 0.0, 200.0, {"fatalities": pd.NA}),
    ("tri-in", 120.0, 5.0, 40.0, {}),
    ("tri-straddle", 120.0, 5.0, 48.0, {}),
    ("two-bands", 5.0, 0.0, 200.0, {"border_pair": "MLI-NER"}),
    ("two-bands", 30.0, 0.0, 200.0, {"border_pair": "BFA-MLI"}),
    ("new-year", 60.0, 0.0, 200.0, {"start": pd.Timestamp("2021-12-30"), "end": pd.Timestamp("2022-01-02")}),
    *[("three-villages", 72.0, 100.0, 300.0, {"fatalities": 137, "country": "NER", "admin1": "Tahoua"})] * 3,
)


def test_each_event_falls_in_the_group_its_precision_allows():
    ev = events_table(CASES).set_index(pd.Index(list(dict.fromkeys(CASES["source_id"]))))
    assert ev["band"].to_dict() == {
        "exact-8km": "0-10",
        "acled3-8km": IMPRECISE,
        "near-60km": "50-100",
        "on-the-edge": "10-50",
        "far": "over 100",
        "tri-in": "over 100",
        "tri-straddle": "over 100",
        "two-bands": IMPRECISE,
        "new-year": "50-100",
        "three-villages": IMPRECISE,
    }
    assert ev.loc["tri-in", "tri_50"] == "in" and ev.loc["tri-straddle", "tri_50"] == IMPRECISE
    assert ev.loc["tri-straddle", "tri_100"] == "in" and ev.loc["far", "tri_100"] == "out"
    assert ev.loc["two-bands", "border_pair"] == SEVERAL and ev.loc["exact-8km", "border_pair"] == "MLI-NER"
    assert ev.loc["new-year", "period"] == SEVERAL and ev.loc["far", "period"] == "2022"


def test_a_record_naming_three_villages_counts_once():
    stats = borderland_stats(CASES)
    assert stats["total"] == {"events": 10, "fatalities": 9 - 1 + 137, "no_toll": 1}
    assert {r["key"]: r["events"] for r in stats["by"]["country"]} == {"MLI": 9, "NER": 1}
    assert [r for r in stats["by"]["admin1"] if r["key"] == "Tahoua"] == [
        {"key": "Tahoua", "country": "NER", "events": 1, "fatalities": 137, "no_toll": 0}
    ]


def test_every_grouping_adds_up_to_the_total():
    stats = borderland_stats(CASES, bands=(5, 25), tri_km=(45, 100, 130))
    for group, entries in stats["by"].items():
        assert sum(r["events"] for r in entries) == stats["total"]["events"], group
        assert sum(r["fatalities"] for r in entries) == stats["total"]["fatalities"], group
        assert sum(r["no_toll"] for r in entries) == stats["total"]["no_toll"], group
    assert [r["key"] for r in stats["by"]["band"]] == ["0-5", "5-25", "over 25", IMPRECISE]
    for t in stats["tri_border"]:
        outside = borderland_stats(CASES, tri_km=(t["within_km"],))
        assert t["events"] + t["imprecise"]["events"] <= stats["total"]["events"]
        assert outside["tri_border"][0] == t


def test_rows_repeating_an_id_are_each_an_event():
    # An export that repeats an id (two rows, "A-1") still has two events; a record's places share its row.
    t = rows(
        ("A-1", 8.0, 0.0, 200.0, {"kind": "airstrike", "fatalities": 5}),
        ("A-1", 30.0, 0.0, 200.0, {"kind": "battle", "fatalities": 20, "row": 99}),
    )
    stats = borderland_stats(t)
    assert stats["total"] == {"events": 2, "fatalities": 25, "no_toll": 0}
    assert {r["key"]: r["events"] for r in stats["by"]["kind"]} == {"airstrike": 1, "battle": 1}


def test_missing_values_are_never_taken_for_known_ones():
    t = rows(
        ("no-country", 8.0, 0.0, 30.0, {"country": "", "admin1": "", "border_pair": ""}),
        ("no-radius", 8.0, float("nan"), 30.0, {}),
        ("no-distance", float("nan"), 0.0, 30.0, {"border_pair": ""}),
        ("no-kind", 60.0, 0.0, 200.0, {"kind": None}),
    )
    ev = events_table(t).set_index(pd.Index(["no-country", "no-radius", "no-distance", "no-kind"]))
    assert ev.loc["no-country", ["country", "admin1", "border_pair"]].tolist() == [OUTSIDE] * 3
    assert ev.loc["no-country", "band"] == "0-10"
    assert ev.loc["no-radius", "band"] == IMPRECISE and ev.loc["no-radius", "tri_50"] == IMPRECISE
    assert ev.loc["no-distance", "band"] == OUTSIDE and ev.loc["no-distance", "tri_50"] == "in"
    stats = borderland_stats(t)
    for group, entries in stats["by"].items():
        assert sum(r["events"] for r in entries) == 4, group


def test_bands_and_their_labels():
    assert band_labels((10, 50, 100)) == ["0-10", "10-50", "50-100", "over 100"]
    assert band_labels((2.5,)) == ["0-2.5", "over 2.5"]
    assert parse_km_list("10, 50,100", "--bands") == (10.0, 50.0, 100.0)
    for bad, why in [
        ("50,10", "increasing order"),
        ("0,10", "above 0"),
        ("ten", "separated by commas"),
        ("", "above 0"),
        ("10,nan", "above 0"),
    ]:
        with pytest.raises(ValueError, match=why):
            parse_km_list(bad, "--bands")


def test_no_events_gives_zeros():
    stats = borderland_stats(CASES.iloc[0:0])
    assert stats["total"] == {"events": 0, "fatalities": 0, "no_toll": 0}
    assert all(v == [] for k, v in stats["by"].items() if k != "band")
    assert [(r["key"], r["events"]) for r in stats["by"]["band"]] == [
        ("0-10", 0),
        ("10-50", 0),
        ("50-100", 0),
        ("over 100", 0),
        (IMPRECISE, 0),
    ]
    assert [t["events"] for t in stats["tri_border"]] == [0, 0]


# -- the command ----------------------------------------------------------------------------------------


def test_stats_json_and_the_export_agree(tmp_path):
    out = tmp_path / "events.csv"
    assert run("export", "--events", ACLED, "--events", UCDP, "--with-records", "--out", out).exit_code == 0
    result = run("stats", "--events", ACLED, "--events", UCDP, "--with-records", "--json")
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    with open(out, encoding="utf-8") as fh:
        exported = list(csv.DictReader(fh))
    # Recount from the exported columns, by event, with the rule written out here.
    events: dict[tuple, list[dict]] = {}
    for r in exported:
        events.setdefault((r["source_format"], r["file"], r["source_id"]), []).append(r)

    def band(d, r):
        edges = [10, 50, 100]
        return sum(e <= max(d - r, 0) for e in edges), sum(e <= d + r for e in edges)

    labels = ["0-10", "10-50", "50-100", "over 100"]
    expected_bands: dict[str, int] = {}
    expected_pairs: dict[str, int] = {}
    within = {50: [0, 0], 100: [0, 0]}
    for parts in events.values():
        lo_hi = [band(float(p["border_km"]), float(p["radius_km"])) for p in parts]
        key = labels[lo_hi[0][0]] if all(x == lo_hi[0] and x[0] == x[1] for x in lo_hi) else IMPRECISE
        expected_bands[key] = expected_bands.get(key, 0) + 1
        pairs = {p["border_pair"] for p in parts}
        pair = pairs.pop() if len(pairs) == 1 else SEVERAL
        expected_pairs[pair] = expected_pairs.get(pair, 0) + 1
        for r in within:
            d = [(float(p["tri_border_km"]), float(p["radius_km"])) for p in parts]
            if all(t + rad <= r for t, rad in d):
                within[r][0] += 1
            elif not all(t - rad > r for t, rad in d):
                within[r][1] += 1
    assert stats["total"]["events"] == len(events)
    assert {r["key"]: r["events"] for r in stats["by"]["band"] if r["events"]} == expected_bands
    assert {r["key"]: r["events"] for r in stats["by"]["border_pair"]} == expected_pairs
    assert {t["within_km"]: [t["events"], t["imprecise"]["events"]] for t in stats["tri_border"]} == within
    assert sum(r["events"] for r in stats["by"]["band"]) == stats["total"]["events"]
    # The curated records are in both, with the imported rows.
    assert {k[0] for k in events} == {"records", "acled", "ucdp"}
    assert [i["read"] for i in stats["inputs"]] == [10, 5]
    assert any("ACLED" in c for c in stats["citations"])


def test_stats_follow_the_filters():
    every = json.loads(run("stats", "--events", ACLED, "--json").stdout)
    niger = json.loads(run("stats", "--events", ACLED, "--country", "NER", "--json").stdout)
    assert niger["filters"] == "country NER"
    assert {r["key"] for r in niger["by"]["country"]} == {"NER"}
    assert niger["total"]["events"] == [r["events"] for r in every["by"]["country"] if r["key"] == "NER"][0]
    later = json.loads(run("stats", "--events", ACLED, "--since", "2022-05-01", "--json").stdout)
    assert all(r["key"] >= "2022" for r in later["by"]["period"])


def test_the_table_and_csv_carry_the_same_counts():
    table = run("stats", "--events", UCDP)
    assert table.exit_code == 0
    assert "Within R km of the Mali–Niger–Burkina Faso tri-point" in table.stdout
    assert "Uppsala Conflict Data Program" in table.stdout
    as_csv = list(csv.DictReader(io.StringIO(run("stats", "--events", UCDP, "--csv").stdout)))
    total = [r for r in as_csv if r["group"] == "total"][0]
    assert re.search(rf"Total\s+{total['events']}\s+{int(total['fatalities']):,}", table.stdout)
    bands = [r for r in as_csv if r["group"] == "band"]
    assert sum(int(r["events"]) for r in bands) == int(total["events"])


def test_monthly_bands_and_custom_radii():
    stats = json.loads(
        run("stats", "--period", "month", "--bands", "25,75", "--tri-border-km", "30,60,150", "--json").stdout
    )
    assert stats["bands_km"] == [25, 75] and [t["within_km"] for t in stats["tri_border"]] == [30, 60, 150]
    assert all(re.fullmatch(r"\d{4}-\d{2}|several", r["key"]) for r in stats["by"]["period"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["--bands", "50,10"], "list the distances in increasing order"),
        (["--tri-border-km", "-5"], "above 0"),
        (["--json", "--csv"], "give --json or --csv, not both"),
        (["--chart", "chart.pdf"], "use .png or .svg"),
        (["--period", "week"], "'week' is not one of"),
    ],
)
def test_bad_options_say_how_to_fix_them(args, message):
    result = run("stats", *args)
    assert result.exit_code == 2 and message in result.output


def test_charts_are_written_whole_and_reproducibly(tmp_path):
    png, svg = tmp_path / "c.png", tmp_path / "c.svg"
    assert run("stats", "--events", ACLED, "--chart", png).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert run("stats", "--events", ACLED, "--chart", svg, "--chart-by", "band").exit_code == 0
    first = svg.read_bytes()
    assert b"<svg" in first and b"imprecise" in first and b"ACLED" in first
    assert run("stats", "--events", ACLED, "--chart", svg, "--chart-by", "band").exit_code == 0
    assert svg.read_bytes() == first
    one_day = run("stats", "--events", ACLED, "--since", "2022-03-13", "--until", "2022-03-13", "--chart", png)
    assert one_day.exit_code == 0
    # The chart's footnote gives the filters once (each citation carries them).
    assert chart_text(tmp_path, "--since", "2022-03-13", "--until", "2022-03-13").count("Filters:") == 1
    missing = run("stats", "--chart", tmp_path / "no-such-folder" / "c.png")
    assert missing.exit_code == 1 and "does not exist" in missing.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.png", "c.svg", "f.svg"]


def test_the_documented_example_is_what_the_command_prints():
    # The example moved from the README to docs/stats.md (issue 21); tests/test_docs.py runs every example too.
    page = (ROOT / "docs" / "stats.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ liptako stats\n(.*?)```", page, re.S)
    assert block, "docs/stats.md has no `$ liptako stats` example"
    assert block.group(1) == run("stats").stdout


def chart_text(tmp_path, *filters):
    svg = tmp_path / "f.svg"
    assert run("stats", "--events", ACLED, *filters, "--chart", svg).exit_code == 0
    return " ".join(re.findall(r"<!-- (.*?) -->", svg.read_text(encoding="utf-8")))


def test_the_band_chart_shows_events_of_unknown_distance():
    from geo.stats import chart

    t = rows(("near", 5.0, 0.0, 30.0, {}), ("kayes", float("nan"), 0.0, 1200.0, {}))
    svg = chart(t, by="band", fmt="svg").decode()
    assert "outside" in svg and "0-10" in svg


def test_an_export_repeating_an_id_keeps_both_rows_and_says_so(tmp_path):
    lines = ACLED.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    second = next(csv.reader([lines[2]]))
    first = next(csv.reader([lines[1]]))
    second[header.index("event_id_cnty")] = first[header.index("event_id_cnty")]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, first, second])
    dup = tmp_path / "dup.csv"
    dup.write_text(out.getvalue(), encoding="utf-8")
    result = run("stats", "--events", dup, "--json")
    stats = json.loads(result.stdout)
    assert stats["inputs"][0]["mapped"] == 2
    assert stats["total"]["events"] == 2  # the export's rows only: the curated records need --with-records
    assert "1 row: the id of an earlier row repeated" in result.stderr


def test_csv_holds_every_count_of_the_json():
    from geo.stats import to_csv

    stats = borderland_stats(CASES, tri_km=(45, 130))
    rows = list(csv.DictReader(io.StringIO(to_csv(stats))))
    # The band × border-pair column comes last: a reader of the first six finds them where they were.
    assert list(rows[0]) == ["group", "key", "country", "events", "fatalities", "no_toll", "border_pair"]
    got = {
        (r["group"], r["key"], r["country"], r["border_pair"]): (
            int(r["events"]),
            int(r["fatalities"]),
            int(r["no_toll"]),
        )
        for r in rows
    }
    want = {("total", "", "", ""): tuple(stats["total"].values())}
    for group, entries in stats["by"].items():
        for e in entries:
            want[(group, e["key"], e.get("country", ""), "")] = (e["events"], e["fatalities"], e["no_toll"])
    for t in stats["tri_border"]:
        want[("tri_border", f"within {t['within_km']:g} km", "", "")] = (t["events"], t["fatalities"], t["no_toll"])
        i = t["imprecise"]
        want[("tri_border", f"within {t['within_km']:g} km (imprecise)", "", "")] = (
            i["events"],
            i["fatalities"],
            i["no_toll"],
        )
    cross = stats["band_by_border_pair"]
    for a, band in enumerate(cross["rows"]):
        for b, pair in enumerate(cross["columns"]):
            cell = tuple(cross[k][a][b] for k in ("events", "fatalities", "no_toll"))
            want[("band_by_border_pair", band, "", pair)] = cell
    assert got == want and len(rows) == len(want)


# -- the band × border-pair table (issue 22) -------------------------------------------------------------------


def _by_hand(events: pd.DataFrame, bands) -> dict:
    """The band × border-pair cells counted independently of geo.stats: one loop over the events, each put in
    the band its whole uncertainty disc lies in (a band holds its lower edge) and under its nearest border."""
    edges = [0.0, *bands, float("inf")]
    cells: dict = {}
    for _, e in events.iterrows():
        near, far = max(e["border_km"] - e["radius_km"], 0.0), e["border_km"] + e["radius_km"]
        band = IMPRECISE
        for lo, hi in zip(edges, edges[1:], strict=False):
            if lo <= near and far < hi:
                band = f"{lo:g}-{hi:g}" if hi != float("inf") else f"over {lo:g}"
        ev, fat, none = cells.get((band, e["border_pair"]), (0, 0, 0))
        toll = e["fatalities"]
        cells[(band, e["border_pair"])] = (ev + 1, fat + (0 if pd.isna(toll) else int(toll)), none + pd.isna(toll))
    return cells


# A synthetic table (made up for this test, not shipped data): one-place events at set distances from three borders.
SYNTHETIC = rows(
    *[(f"bn{i}", 2.0 + i, 0.0, 200.0, {"border_pair": "BFA-NER", "fatalities": i}) for i in range(5)],
    *[(f"mn{i}", 4.0, 0.0, 200.0, {"border_pair": "MLI-NER", "fatalities": pd.NA}) for i in range(3)],
    ("mn-imprecise", 4.0, 25.0, 200.0, {"border_pair": "MLI-NER"}),
    *[(f"bm{i}", 20.0 + 10 * i, 0.0, 200.0, {"border_pair": "BFA-MLI", "fatalities": 2}) for i in range(6)],
    ("bm-far", 120.0, 5.0, 200.0, {"border_pair": "BFA-MLI", "fatalities": 7}),
)


def test_band_by_border_pair_matches_an_independent_count():
    stats = borderland_stats(SYNTHETIC)
    cross = stats["band_by_border_pair"]
    assert cross["rows"] == ["0-10", "10-50", "50-100", "over 100", IMPRECISE]
    assert cross["columns"] == ["BFA-MLI", "BFA-NER", "MLI-NER"]  # most events first
    got = {
        (band, pair): (cross["events"][a][b], cross["fatalities"][a][b], cross["no_toll"][a][b])
        for a, band in enumerate(cross["rows"])
        for b, pair in enumerate(cross["columns"])
        if cross["events"][a][b]
    }
    assert got == _by_hand(SYNTHETIC, (10, 50, 100))
    assert got[("0-10", "BFA-NER")] == (5, 0 + 1 + 2 + 3 + 4, 0) and got[("0-10", "MLI-NER")] == (3, 0, 3)
    # The table adds up to the total, and each row to by.band, each column to by.border_pair.
    assert sum(map(sum, cross["events"])) == stats["total"]["events"] == 16
    assert [sum(r) for r in cross["events"]] == [r["events"] for r in stats["by"]["band"]]
    per_pair = {r["key"]: r["events"] for r in stats["by"]["border_pair"]}
    assert dict(zip(cross["columns"], map(sum, zip(*cross["events"], strict=True)), strict=True)) == per_pair


def test_the_text_table_answers_which_border_saw_most_events_nearby():
    from geo.stats import format_table

    text = format_table(borderland_stats(SYNTHETIC))
    head = "Events by distance to the nearest border (km, rows) and that border (columns)"
    block = text.split(head)[1].split("\n\n")[0].splitlines()[1:]
    table = {line.split()[0]: line.split()[1:] for line in block if not line.strip().startswith("Most")}
    assert table["band"] == ["(km)", "BFA-MLI", "BFA-NER", "MLI-NER", "total"]
    assert table["0-10"] == ["0", "5", "3", "8"] and table["10-50"] == ["3", "0", "0", "3"]
    assert table["imprecise"] == ["0", "0", "1", "1"] and table["total"] == ["7", "5", "4", "16"]
    assert "Most events 0-10 km from a border: BFA-NER (5 of 8)" in text


def test_band_by_border_pair_in_json_and_csv_from_the_command(tmp_path):
    """The command's JSON and CSV carry the same cells, and they match a count made from the export."""
    json_out = run("stats", "--events", ACLED, "--events", UCDP, "--json", "--bands", "25,75")
    assert json_out.exit_code == 0, json_out.output
    cross = json.loads(json_out.stdout)["band_by_border_pair"]
    assert cross["rows"][:3] == ["0-25", "25-75", "over 75"]
    csv_out = run("stats", "--events", ACLED, "--events", UCDP, "--csv", "--bands", "25,75")
    cells = {
        (r["key"], r["border_pair"]): (int(r["events"]), int(r["fatalities"]))
        for r in csv.DictReader(io.StringIO(csv_out.stdout))
        if r["group"] == "band_by_border_pair"
    }
    assert cells == {
        (band, pair): (cross["events"][a][b], cross["fatalities"][a][b])
        for a, band in enumerate(cross["rows"])
        for b, pair in enumerate(cross["columns"])
    }
    out = tmp_path / "all.csv"
    assert run("export", "--events", ACLED, "--events", UCDP, "--out", out).exit_code == 0
    table = pd.read_csv(out)
    table = table.assign(radius_km=table["radius_km"].fillna(float("inf")))
    # With --events the project's records are left out: each row of the export is one imported event.
    assert set(table["source_format"]) == {"acled", "ucdp"}
    want = _by_hand(table.assign(border_pair=table["border_pair"].fillna("outside")), (25, 75))
    got = {
        (band, pair): (cross["events"][a][b], cross["fatalities"][a][b], cross["no_toll"][a][b])
        for a, band in enumerate(cross["rows"])
        for b, pair in enumerate(cross["columns"])
        if cross["events"][a][b]
    }
    assert got == want and sum(n for n, _, _ in got.values()) == len(table) == 9


# -- charts count an event in every period its span touches ----------------------------------------------------


def test_the_monthly_chart_no_longer_drops_events_crossing_a_month():
    from geo.stats import chart, chart_counts

    # Synthetic: one event inside January, one from 30 January to 2 February, one from 20 February to 5 April.
    t = rows(
        ("jan", 30.0, 0.0, 200.0, {"start": pd.Timestamp("2020-01-10"), "end": pd.Timestamp("2020-01-10")}),
        ("jan-feb", 30.0, 0.0, 200.0, {"start": pd.Timestamp("2020-01-30"), "end": pd.Timestamp("2020-02-02")}),
        ("feb-apr", 30.0, 0.0, 200.0, {"start": pd.Timestamp("2020-02-20"), "end": pd.Timestamp("2020-04-05")}),
    )
    counts = chart_counts(t)
    assert counts.bin == "month" and counts.spanning == 2 and counts.events == 3
    assert counts.counts["MLI"].to_dict() == {"2020-01": 2, "2020-02": 2, "2020-03": 1, "2020-04": 1}
    # The data run from 10 January to 5 April: January and April are partial months.
    assert counts.partial == ("2020-01", "2020-04")
    svg = chart(t, fmt="svg").decode()
    assert "2 of 3 events span more than one month" in svg and "Partial month: 2020-01 and 2020-04" in svg
    # Whole months at both ends are not partial.
    whole = t.assign(start=pd.Timestamp("2020-01-01"), end=pd.Timestamp("2020-02-29"))
    assert chart_counts(whole).partial == ()


def _grouped_everywhere(monkeypatch):
    """events_table with every reduction a plain groupby over every row (the way it was computed before one-row
    events took their own values, issue 25)."""
    from geo import stats

    def by_groupby(self, values, how, own):
        return getattr(values.reset_index(drop=True).groupby(self.codes, sort=False), how)()

    monkeypatch.setattr(stats._ByEvent, "_reduce", by_groupby)


@pytest.mark.parametrize("seed", range(6))
def test_one_row_events_take_their_rows_values_exactly_as_a_groupby_would(monkeypatch, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    n = 400
    # Even seeds: every row an event of its own; odd seeds: events of several rows among them.
    ids = [f"e{i}" for i in (rng.integers(0, 300, n) if seed % 2 else rng.permutation(n))]
    table = rows(
        *[
            (
                eid,
                float(rng.choice([np.nan, rng.uniform(0, 200)], p=[0.1, 0.9])),
                float(rng.choice([0.0, 5.0, 100.0, np.nan])),
                float(rng.uniform(0, 300)),
                {
                    "fatalities": pd.NA if rng.random() < 0.2 else int(rng.integers(0, 50)),
                    "country": str(rng.choice(["MLI", "NER", "BFA", ""])),
                    "admin1": str(rng.choice(["Gao", "Tillabéri", "", "Sahel"])),
                    "border_pair": str(rng.choice(["MLI-NER", "BFA-NER", ""])),
                    "kind": str(rng.choice(["attack", "battle", "airstrike"])),
                    "start": pd.Timestamp("2020-01-01") + pd.Timedelta(days=int(rng.integers(0, 900))),
                },
            )
            for eid in ids
        ]
    )
    table["end"] = table["start"] + pd.to_timedelta(rng.integers(0, 40, n), unit="D")
    fast = events_table(table)
    _grouped_everywhere(monkeypatch)
    pd.testing.assert_frame_equal(fast, events_table(table))
    assert len(fast) == len(set(ids))


def test_the_map_counts_of_records_and_imported_events_are_those_of_a_groupby(monkeypatch):
    import geo

    table = geo.load().with_events([ACLED]).all_events()  # records naming several places, ACLED rows of one
    fast = borderland_stats(table)
    _grouped_everywhere(monkeypatch)
    assert borderland_stats(table) == fast


@pytest.mark.parametrize("seed", range(4))
def test_event_codes_number_events_as_a_multiindex_factorize_does(seed):
    import numpy as np

    from geo.stats import EVENT_KEY, event_codes

    rng = np.random.default_rng(seed)
    n = 500
    table = pd.DataFrame(
        {
            "source_format": rng.choice(["acled", "ucdp", "records"], n),
            "file": rng.choice(["a.csv", "b.csv", None], n),
            "source_id": [rng.choice([None, "", "x1", 7, "7", f"id{rng.integers(0, 60)}"]) for _ in range(n)],
            "row": rng.integers(0, 40, n),
        }
    )
    want = pd.factorize(pd.MultiIndex.from_frame(table[EVENT_KEY].astype("string").fillna("")))[0]
    assert np.array_equal(event_codes(table), want)
    assert len(event_codes(table.iloc[:0])) == 0


def _reference_events_table(table, bands, tri_km, period):
    """events_table the slow and obvious way: each event's rows in a Python loop, by the rules of its docstring."""
    import numpy as np

    from geo.stats import IMPRECISE, OUTSIDE, SEVERAL, band_labels, event_codes

    labels, edges = band_labels(bands), np.asarray(bands, dtype=float)
    fmt = "%Y" if period == "year" else "%Y-%m"

    def text(v, empty=None):
        v = "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)
        return empty if empty is not None and v == "" else v

    def one(values):
        return values[0] if len(set(values)) == 1 else SEVERAL

    out = []
    t = table.reset_index(drop=True)
    codes = event_codes(t)
    for code in pd.unique(codes):
        ev = t[codes == code]
        bands_of_rows, rings = [], {r: [] for r in tri_km}
        for _, row in ev.iterrows():
            radius = row["radius_km"] if pd.notna(row["radius_km"]) else np.inf
            b = row["border_km"]
            if pd.isna(b):
                bands_of_rows.append(-2)
            else:
                lo = np.searchsorted(edges, max(b - radius, 0.0), side="right")
                hi = np.searchsorted(edges, b + radius, side="right")
                bands_of_rows.append(int(lo) if lo == hi else -1)
            for r in tri_km:
                d = row["tri_border_km"]
                rings[r].append(-1 if pd.isna(d) else 1 if d + radius <= r else 0 if d - radius > r else -1)
        pairs = {(text(a, OUTSIDE), text(c)) for a, c in zip(ev["admin1"], ev["country"], strict=True)}
        (admin, country) = next(iter(pairs)) if len(pairs) == 1 else (SEVERAL, "")
        periods = [
            s.strftime(fmt) if pd.notna(s) and pd.notna(e) and s.strftime(fmt) == e.strftime(fmt) else SEVERAL
            for s, e in zip(ev["start"], ev["end"], strict=True)
        ]
        band = (
            OUTSIDE
            if -2 in bands_of_rows
            else labels[bands_of_rows[0]]
            if len(set(bands_of_rows)) == 1 and bands_of_rows[0] >= 0
            else IMPRECISE
        )
        # The toll and the kind are the event's first that is given (a groupby's first skips what is missing).
        tolls, kinds = ev["fatalities"].dropna(), [k for k in ev["kind"] if not pd.isna(k)]
        item = {
            "fatalities": tolls.iloc[0] if len(tolls) else pd.NA,
            "kind": text(kinds[0], OUTSIDE) if kinds else OUTSIDE,
            "country": one([text(c, OUTSIDE) for c in ev["country"]]),
            "admin1": admin,
            "admin1_country": country,
            "border_pair": one([text(c, OUTSIDE) for c in ev["border_pair"]]),
            "band": band,
            "period": one(periods),
            "start": ev["start"].min(),
            "end": ev["end"].max(),
        }
        for r in tri_km:
            lo, hi = min(rings[r]), max(rings[r])
            item[f"tri_{r:g}"] = "in" if lo == hi == 1 else "out" if lo == hi == 0 else IMPRECISE
        out.append(item)
    return out


@pytest.mark.parametrize("seed", range(8))
def test_events_table_gives_what_each_events_rows_give_by_its_rules(seed):
    import numpy as np

    rng = np.random.default_rng(100 + seed)
    n = 300
    ids = [f"e{i}" for i in (rng.integers(0, 200, n) if seed % 2 else rng.permutation(n))]

    def maybe(values, p_missing=0.15):
        return None if rng.random() < p_missing else str(rng.choice(values))

    table = rows(
        *[
            (
                eid,
                float(rng.choice([np.nan, rng.uniform(0, 200)], p=[0.1, 0.9])),
                float(rng.choice([0.0, 5.0, 100.0, np.nan])),
                float(rng.choice([np.nan, rng.uniform(0, 300)], p=[0.1, 0.9])),
                {
                    "fatalities": pd.NA if rng.random() < 0.2 else int(rng.integers(0, 50)),
                    "country": maybe(["MLI", "NER", "BFA", ""]),
                    "admin1": maybe(["Gao", "Tillabéri", "", "Sahel"]),
                    "border_pair": maybe(["MLI-NER", "BFA-NER", ""]),
                    "kind": maybe(["attack", "battle", "airstrike"]),
                    "start": pd.Timestamp("2019-11-01") + pd.Timedelta(days=int(rng.integers(0, 900))),
                },
            )
            for eid in ids
        ]
    )
    table["end"] = table["start"] + pd.to_timedelta(rng.integers(0, 40, n), unit="D")
    for c in ("country", "admin1", "border_pair", "kind"):
        table[c] = table[c].astype("string")  # as analysed tables hold them: missing cells are <NA>
    period = "year" if seed < 4 else "month"
    got = events_table(table, bands=(10, 50, 100), tri_km=(50, 150), period=period)
    want = _reference_events_table(table, (10, 50, 100), (50, 150), period)
    assert len(got) == len(want) == len(set(ids))
    for i, w in enumerate(want):
        g = got.iloc[i]
        for key, value in w.items():
            same = pd.isna(value) if pd.isna(g[key]) else (not pd.isna(value) and g[key] == value)
            assert same, (i, key, g[key], value)
