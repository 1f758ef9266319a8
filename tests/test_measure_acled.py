"""scripts/measure_geocoder_acled.py --gazetteer-before: earlier rows as the user's gazetteer, later names held out.

The export is synthetic, written here: invented village names that no layer of the gazetteer knows, so only the
earlier rows can place them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from scripts import measure_geocoder_acled as measure

HEADER = ["event_id_cnty", "event_date", "event_type", "country", "admin1", "location", "latitude", "longitude"]
HEADER += ["geo_precision", "fatalities", "iso3"]
# (date, location, lat, lon, geo_precision); all in Niger, Tillaberi.
ROWS = [
    ("2018-05-02", "Kwarabongo", 14.10, 1.20, 1),  # earlier: the gazetteer's only held-out name
    ("2017-11-30", "Wendeblaga", 14.40, 1.60, 1),  # earlier only: in the gazetteer, never measured
    ("2018-07-01", "Sibirikanga", 14.20, 1.40, 2),  # earlier but not precise: neither
    ("sometime", "Noudatenga", 14.25, 1.45, 1),  # no readable date: neither
    ("2019-03-04", "Kwarabongo", 14.11, 1.21, 1),  # later: measured, placed by the earlier row
    ("2019-01-01", "Dorolaziba", 14.30, 1.50, 1),  # on the split day: measured, unknown to every layer
    ("1 February 2019", "Tabarkoye", 14.35, 1.55, 1),  # ACLED's other date layout: measured
    ("2019-02-02", "Gorombaziga", 14.45, 1.65, 2),  # later but not precise: not measured
]


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "acled_fixture.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i, (date, name, lat, lon, prec) in enumerate(ROWS):
            w.writerow([f"NER{i}", date, "Battles", "Niger", "Tillaberi", name, lat, lon, prec, 0, "NER"])
    return path


def test_only_the_rows_on_or_after_the_day_are_measured(export):
    held_out = measure.pairs([export], since=dt.date(2019, 1, 1))
    assert sorted(name for name, _, _ in held_out) == ["Dorolaziba", "Kwarabongo", "Tabarkoye"]
    assert held_out[("Kwarabongo", "NER", "")] == (14.11, 1.21)  # the later row's point, not the earlier one's
    # Without a day: every precisely located name, dated or not (Kwarabongo once, at its first row's point).
    everything = measure.pairs([export])
    assert sorted(n for n, _, _ in everything) == ["Dorolaziba", "Kwarabongo", "Noudatenga", "Tabarkoye", "Wendeblaga"]
    assert everything[("Kwarabongo", "NER", "")] == (14.10, 1.20)


def test_the_earlier_rows_are_written_as_a_simple_gazetteer(export, tmp_path):
    folder = tmp_path / "gaz"
    folder.mkdir()
    path, counts, known = measure.earlier_gazetteer([export], dt.date(2019, 1, 1), folder)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["name"], r["country"], r["admin1"]) for r in rows] == [
        ("Kwarabongo", "NER", "Tillaberi"),
        ("Wendeblaga", "NER", "Tillaberi"),
    ]
    assert (float(rows[0]["lat"]), float(rows[0]["lon"])) == (14.10, 1.20)
    assert counts == {"rows": 2, "no readable event_date": 1}
    assert known == {("kwarabongo", "NER"), ("wendeblaga", "NER")}


def test_the_earlier_rows_place_a_held_out_name(export, tmp_path, monkeypatch, capsys):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    assert measure.main([str(export), "--gazetteer-before", "2019-01-01", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["gazetteer_before"] == "2019-01-01"
    assert got["gazetteer_rows"] == 2 and got["held_out_in_gazetteer"] == 1
    without, with_ = got["without_gazetteer"], got["with_gazetteer"]
    assert without["total"] == with_["total"] == 3
    # Unknown to every layer of the project: nothing placed without the user's rows.
    assert without["outcomes"]["right"] == 0 and without["outcomes"]["wrong > 25 km"] == 0
    # With them, Kwarabongo is placed within 5 km by the user's layer; the other two stay unplaced.
    assert with_["outcomes"]["right"] == 1 and with_["outcomes"]["wrong > 25 km"] == 0
    assert with_["placed_by_layer"] == {"user": {"right": 1, "placed 5-25 km": 0, "wrong > 25 km": 0}}
    assert list(scratch.iterdir()) == []  # the temporary gazetteer is gone


def test_the_table_says_what_was_held_out(export, capsys):
    measure.main([str(export), "--gazetteer-before", "2019-01-01", "--no-bulk"])
    out = capsys.readouterr().out
    assert "on or after 2019-01-01" in out and "the 2 precisely located rows dated before it" in out
    assert "1 no readable event_date" in out and "1 of the 3 held-out names are in it" in out
    assert "## without the earlier rows" in out and "## with the earlier rows" in out


def test_a_bad_day_is_refused(export, capsys):
    with pytest.raises(SystemExit):
        measure.main([str(export), "--gazetteer-before", "2019-13-01"])
    assert "give it as YYYY-MM-DD" in capsys.readouterr().err
