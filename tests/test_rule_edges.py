"""The edges of each validation rule, found by mutation testing (docs/mutation.md).

Every rule has a failing row elsewhere; here the values at its bounds are accepted, the values
just past them are not, and a bad row never stops the rows after it from loading.
"""

import csv

import pytest

from conftest import DATA, edit_csv
from geo.gazetteer import read_places
from geo.records import read_records, read_sources, span_of

RECORD = "attack-tillia-2021-03-21"


def records_of(data_copy):
    sources, _ = read_sources(data_copy / "sources.csv")
    return read_records(data_copy / "records.csv", sources)


@pytest.mark.parametrize("toll, ok", [("10000", True), ("10001", False), ("0", True), ("10001 confirmed", True)])
def test_the_toll_bound_is_inclusive(data_copy, toll, ok):
    edit_csv(data_copy / "records.csv", RECORD, fatalities=toll)
    records, problems = records_of(data_copy)
    assert (not problems) is ok, problems
    if ok:
        assert next(r for r in records if r.id == RECORD).fatalities == int(toll.split()[0])


@pytest.mark.parametrize(
    "near, ok",
    [("0.1", True), ("1000", True), ("0.09", False), ("1000.1", False), ("-5", False), ("nan", False), ("", True)],
)
def test_near_km_bounds(data_copy, near, ok):
    edit_csv(data_copy / "records.csv", RECORD, near_km=near)
    records, problems = records_of(data_copy)
    assert (not problems) is ok, problems
    if not ok:
        assert [(p.column, p.value) for p in problems] == [("near_km", near)]
        assert "distance in km, 0.1..1000, or leave it empty" in problems[0].message
    else:
        assert next(r for r in records if r.id == RECORD).near_km == (float(near) if near else None)


def test_a_bad_record_does_not_stop_the_rows_after_it(data_copy):
    good, _ = records_of(data_copy)
    edit_csv(data_copy / "records.csv", RECORD, kind="massacre")  # the first row
    records, problems = records_of(data_copy)
    assert [p.column for p in problems] == ["kind"]
    assert [r.id for r in records] == [r.id for r in good if r.id != RECORD]


def test_a_bad_source_does_not_stop_the_rows_after_it(data_copy):
    good, _ = read_sources(data_copy / "sources.csv")
    edit_csv(data_copy / "sources.csv", good[0].id, date="sometime")
    sources, problems = read_sources(data_copy / "sources.csv")
    assert [p.column for p in problems] == ["date"]
    assert [s.id for s in sources] == [s.id for s in good[1:]]


def test_a_bad_place_does_not_stop_the_rows_after_it(data_copy):
    good, _ = read_places(data_copy / "places.csv")
    edit_csv(data_copy / "places.csv", good[0].id, lat="north")
    places, problems = read_places(data_copy / "places.csv")
    assert [p.column for p in problems] == ["lat"]
    assert [p.id for p in places] == [p.id for p in good[1:]]


def test_a_source_without_url_has_an_empty_one(data_copy):
    sources, _ = read_sources(data_copy / "sources.csv")
    edit_csv(data_copy / "sources.csv", sources[0].id, url="")
    again, problems = read_sources(data_copy / "sources.csv")
    assert not problems and again[0].url == "" and again[1].url.startswith("https://")


def csv_rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_source_field_is_kept_as_written():
    sources, problems = read_sources(DATA / "sources.csv")
    assert not problems
    rows = csv_rows("sources.csv")
    assert len(sources) == len(rows)
    for s, row in zip(sources, rows, strict=True):
        assert (s.id, s.publisher, s.title, s.url, s.says) == (
            row["id"],
            row["publisher"],
            row["title"],
            row["url"],
            row["says"],
        )
        assert s.date.label() and str(s.date.start.year) in row["date"]


def test_every_record_field_is_kept_as_written():
    sources, _ = read_sources(DATA / "sources.csv")
    records, problems = read_records(DATA / "records.csv", sources)
    assert not problems
    rows = csv_rows("records.csv")
    assert [r.id for r in records] == [row["id"] for row in rows]
    for r, row in zip(records, rows, strict=True):
        split = [x.strip() for x in row["places"].split(";") if x.strip()]
        assert (r.kind, r.date_text, list(r.places), r.place_text, r.actors, r.fatalities_text, r.summary, r.note) == (
            row["kind"],
            row["date_text"],
            split,
            row["place_text"],
            row["actors"],
            row["fatalities_text"],
            row["summary"],
            row["note"],
        )
        assert list(r.sources) == [x.strip() for x in row["sources"].split(";")]
        assert r.fatalities == (int(row["fatalities"]) if row["fatalities"] else None)
        assert r.near_km == (float(row["near_km"]) if row["near_km"] else None)
    assert any(r.date_text and r.place_text and r.note for r in records)  # the comparison covers real text


def test_span_of_records():
    sources, _ = read_sources(DATA / "sources.csv")
    records, _ = read_records(DATA / "records.csv", sources)
    assert span_of([]) is None
    first, last = span_of(records)
    assert first == min(r.date.start for r in records) and last == max(r.date.end for r in records)
    assert first < last


@pytest.mark.parametrize("column", ["id", "kind", "places", "sources"])
def test_bidirectional_overrides_in_record_names_are_rejected(data_copy, column):
    sources, _ = read_sources(data_copy / "sources.csv")
    value = {"id": "attack\u202e-x", "kind": "att\u2066ack", "places": "Tillia\u202b", "sources": "adf-2022\u2069"}[
        column
    ]
    edit_csv(data_copy / "records.csv", RECORD, **{column: value})
    _, problems = read_records(data_copy / "records.csv", sources)
    assert any(p.column == column and "invisible bidirectional control" in p.message for p in problems), problems


def test_bidirectional_overrides_in_a_source_id_are_rejected(data_copy):
    sources, _ = read_sources(data_copy / "sources.csv")
    edit_csv(data_copy / "sources.csv", sources[0].id, id="adf\u202e-2022")
    _, problems = read_sources(data_copy / "sources.csv")
    assert {p.column for p in problems} == {"id"}
    assert "invisible bidirectional control U+202E" in problems[0].message
