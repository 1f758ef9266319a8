"""scripts/measure_draft_acled.py: ``liptako draft`` scored on the notes of an ACLED export (issue 24).

The export is synthetic, written here: notes invented for these tests, of events at real places (Ayorou, Boni)
and at an invented village (Zorbatagou), with coordinates chosen to land in each outcome of the place score.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from geo import vocab
from geo.draft.places import Mention
from scripts import measure_draft_acled as measure

HEADER = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "country", "location", "latitude"]
HEADER += ["longitude", "geo_precision", "notes", "fatalities"]
AYOROU = (14.73075, 0.91739)  # the gazetteer's point for Ayorou (Niger)
VAC, BATTLES = ("Violence against civilians", "Attack"), ("Battles", "Armed clash")
# (id, date, (type, sub-type), location, lat, lon, note): one row per outcome of the place score, in this order.
ROWS = [
    ("T1", "2022-03-02", VAC, "Ayorou", *AYOROU, "On 2 March 2022, gunmen killed five civilians near Ayorou."),
    # 0.1 degree north of the gazetteer's point: about 11 km. The event's day is not the note's.
    ("T2", "2022-03-04", VAC, "Ayorou", AYOROU[0] + 0.1, AYOROU[1], "On 3 March 2022, gunmen killed two herders in Ayorou."),
    # A degree north: about 111 km, and the mention claims an exact point.
    ("T3", "2022-03-04", BATTLES, "Ayorou", AYOROU[0] + 1, AYOROU[1], "On 4 March 2022, militants attacked soldiers near Ayorou and killed ten."),
    ("T4", "2022-03-05", BATTLES, "Boni", 15.0766, -2.2198, "On 5 March 2022, militants attacked soldiers in Boni, killing three."),
    ("T5", "6 March 2022", VAC, "Zorbatagou", 14.5, 1.0, "Le 6 mars 2022, des hommes armés ont attaqué le village de Zorbatagou et tué deux civils."),
    ("T6", "2022-03-07", ("Protests", "Peaceful protest"), "Tillaberi", 14.2117, 1.4531, "On 7 March 2022, residents marched peacefully in the town centre."),
]  # fmt: skip


def write(path, rows, *, precision=1, hxl=False):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        if hxl:  # the tag row of HDX exports
            w.writerow(["#event+code", "#date+occurred", "#event+type", "", "#country+name", "#loc+name"] + [""] * 5)
        for rid, date, (typ, sub), location, lat, lon, note in rows:
            w.writerow([rid, date, typ, sub, "Niger", location, lat, lon, precision, note, 0])
    return path


@pytest.fixture
def export(tmp_path):
    return write(tmp_path / "acled_fixture.csv", ROWS, hxl=True)


@pytest.fixture(scope="module")
def finder():
    return measure.make_finder()


def test_each_row_lands_in_its_outcome(export, finder):
    rows = measure.pool([export])
    assert [r.event for r in rows] == ["T1", "T2", "T3", "T4", "T5", "T6"]
    got = {}
    for row in rows:
        d = measure.draft(measure.Article("note.txt", "", row.day + measure.PUBLISHED_AFTER, row.notes), finder)
        outcome, mention, dist = measure.place_outcome(row, d.mentions)
        got[row.event] = outcome
        if outcome in ("right", "placed 5-25 km", "wrong > 25 km"):
            assert mention is not None and mention.text == "Ayorou" and dist is not None
    assert got == dict(zip(["T1", "T2", "T3", "T4", "T5", "T6"], measure.OUTCOMES, strict=True))


def test_the_importers_kinds_and_the_event_day(export, finder):
    rows = {r.event: r for r in measure.pool([export])}
    assert rows["T5"].day == dt.date(2022, 3, 6)  # ACLED's other date layout
    # The importer's mapping: a sub-event type's kind wins over its event type's.
    assert [rows[k].kind for k in ("T1", "T3", "T6")] == ["attack", "battle", "protest"]
    assert measure.acled_kind("Explosions/Remote violence", "Air/drone strike") == "airstrike"
    assert measure.acled_kind("Strategic developments", "Headquarters or base established") == "base"
    assert measure.acled_kind("Something new", "") is None

    def found(key):
        row = rows[key]
        d = measure.draft(measure.Article("note.txt", "", row.day + measure.PUBLISHED_AFTER, row.notes), finder)
        return measure.event_found(row, d)

    assert found("T1") == (True, True)  # an attack on the event's day
    assert found("T2") == (False, False)  # an attack, but dated the 3rd for an event of the 4th
    assert found("T3") == (False, True)  # ACLED's battle, drafted as an attack: same family only
    assert found("T5") == (True, True)  # French, "Le 6 mars 2022"
    assert found("T6") == (False, False)  # a peaceful march: nothing drafted


def test_an_area_mention_is_right_inside_its_radius(finder):
    # Tillabéri town is some 80 km from the point the Tillabéri region is drawn at, well inside its radius.
    note = "On 8 March 2022, gunmen killed three herders in the Tillaberi region."
    row = measure.Row("A1", "Tillaberi", 14.2117, 1.4531, dt.date(2022, 3, 8), "attack", VAC[0], note)
    d = measure.draft(measure.Article("note.txt", "", dt.date(2022, 3, 11), note), finder)
    outcome, mention, dist = measure.place_outcome(row, d.mentions)
    assert mention is not None and mention.status == vocab.AREA_KIND and mention.text == "Tillaberi region"
    assert outcome == "right" and dist is not None and 25 < dist < (mention.radius_km or 0)
    # The same point and distance claimed by a town: confidently wrong.
    town = Mention("Tillaberi", 0, 9, "exact", mention.lat, mention.lon, 0.0, "NER", "Tillabéri")
    assert measure.place_outcome(row, [town])[0] == "wrong > 25 km"
    # A town with a radius of its own is only placed 5-25 km when the point lies within that radius.
    near = Mention("Tillaberi", 0, 9, "approximate", mention.lat, mention.lon, 100.0, "NER", "Tillabéri")
    assert measure.place_outcome(row, [near])[0] == "placed 5-25 km"


def test_the_pool_keeps_precise_rows_with_a_note_and_a_day(tmp_path):
    path = write(tmp_path / "mixed.csv", ROWS[:2], hxl=True)
    with open(path, "a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["X1", "2022-03-09", *VAC, "Niger", "Ayorou", *AYOROU, 2, "In the area of Ayorou.", 0])
        w.writerow(["X2", "2022-03-09", *VAC, "Niger", "Ayorou", *AYOROU, 1, "  ", 0])
        w.writerow(["X3", "sometime", *VAC, "Niger", "Ayorou", *AYOROU, 1, "Gunmen killed one man in Ayorou.", 0])
        w.writerow(["X4", "2022-03-09", *VAC, "Niger", "Ayorou", "north", 0.9, 1, "Gunmen killed one in Ayorou.", 0])
    assert [r.event for r in measure.pool([path])] == ["T1", "T2"]
    assert [r.event for r in measure.pool([path], since=dt.date(2022, 3, 3))] == ["T2"]


def test_the_sample_is_seeded_and_in_pool_order(export):
    rows = measure.pool([export])
    a, b = measure.sample(rows, 3, seed=7), measure.sample(rows, 3, seed=7)
    assert a == b and len(a) == 3
    assert [rows.index(r) for r in a] == sorted(rows.index(r) for r in a)
    assert measure.sample(rows, 0) == rows and measure.sample(rows, 99) == rows


def test_the_json_figures(export, capsys):
    assert measure.main([str(export), "--json", "--wrong"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert set(got) == {
        "pool", "rows", "languages", "places", "spelled", "not_found_not_spelled", "not_found_loose_match",
        "ambiguous_offering_right", "events", "any_record", "records_per_note", "time", "wrong",
    }  # fmt: skip
    assert got["pool"] == got["rows"] == 6 and got["languages"] == {"en": 5, "fr": 1}
    assert {o: v["rows"] for o, v in got["places"].items()} == dict.fromkeys(measure.OUTCOMES, 1)
    assert got["places"]["right"]["share"] == 16.7
    assert got["not_found_not_spelled"] == 1  # T6's note never names Tillaberi
    assert got["ambiguous_offering_right"] == 1  # one of Boni's candidates is ACLED's Boni
    ev = got["events"]
    assert ev["kind_reachable"] == {"rows": 3, "share": 50.0}  # T1, T2, T5: attacks; battles and protests not
    assert ev["found"]["rows"] == 2 and ev["found_same_family"]["rows"] == 4
    assert ev["by_event_type"]["Battles"] == {"rows": 2, "found": 0, "family": 2, "drafted": 2}
    assert got["any_record"]["rows"] == 5 and got["records_per_note"] == 0.83
    assert set(got["time"]) == {"setup_s", "total_s", "median_per_note_s", "max_per_note_s"}
    assert got["time"]["total_s"] >= got["time"]["median_per_note_s"] > 0
    (wrong,) = got["wrong"]
    assert wrong["event"] == "T3" and wrong["mention"] == "Ayorou" and wrong["status"] == "exact"
    assert 105 <= wrong["km"] <= 115


def test_the_table_and_a_smaller_sample(export, capsys):
    assert measure.main([str(export), "--sample", "4", "--wrong"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("4 notes drafted (of 6 rows with geo_precision 1 and a note")
    assert "| not found |" in out and "| any record drafted |" in out and "median per note" in out


def test_bad_arguments_are_refused(export, capsys):
    with pytest.raises(SystemExit):
        measure.main([str(export), "--since", "2022-02-30"])
    assert "give it as YYYY-MM-DD" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        measure.main([str(export), "--sample", "-1"])
    assert "0 for every row" in capsys.readouterr().err
