"""The edges of each validation rule, found by mutation testing (docs/mutation.md).

Every rule has a failing row elsewhere; here the values at its bounds are accepted, the values
just past them are not, and a bad row never stops the rows after it from loading.
"""

import pytest

from conftest import edit_csv
from geo.gazetteer import read_places
from geo.records import read_records, read_sources

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


@pytest.mark.parametrize("near, ok", [("0.1", True), ("1000", True), ("0.09", False), ("1000.1", False),
                                      ("-5", False), ("nan", False), ("", True)])
def test_near_km_bounds(data_copy, near, ok):
    edit_csv(data_copy / "records.csv", RECORD, near_km=near)
    records, problems = records_of(data_copy)
    assert (not problems) is ok, problems
    if not ok:
        assert [(p.column, p.value) for p in problems] == [("near_km", near)]
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
    assert not problems and again[0].url == "" and again[1].url == sources[1].url


@pytest.mark.parametrize("column", ["id", "kind", "places", "sources"])
def test_bidirectional_overrides_in_record_names_are_rejected(data_copy, column):
    sources, _ = read_sources(data_copy / "sources.csv")
    value = {"id": "attack\u202e-x", "kind": "att\u2066ack", "places": "Tillia\u202b", "sources": "adf-2022\u2069"}[column]
    edit_csv(data_copy / "records.csv", RECORD, **{column: value})
    _, problems = read_records(data_copy / "records.csv", sources)
    assert any(p.column == column and "invisible bidirectional control" in p.message for p in problems), problems


def test_bidirectional_overrides_in_a_source_id_are_rejected(data_copy):
    sources, _ = read_sources(data_copy / "sources.csv")
    edit_csv(data_copy / "sources.csv", sources[0].id, id="adf\u202e-2022")
    _, problems = read_sources(data_copy / "sources.csv")
    assert {p.column for p in problems} == {"id"}
    assert "invisible bidirectional control U+202E" in problems[0].message
