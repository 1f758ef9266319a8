"""Map specs (maps/*.toml): every key, its bounds, and the error each bad value gets."""

import datetime as dt

import pytest

from geo.errors import DataError
from geo.spec import DEFAULT_BBOX, DEFAULT_LAYERS, DEFAULT_TITLE, MAX_SUBTITLE, MAX_TITLE, load_spec


def spec_of(tmp_path, text: str, name: str = "s.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_spec(path)


def problems_of(tmp_path, text: str) -> list[tuple]:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_spec(path)
    assert all(p.file == str(path) and p.row is None for p in err.value.problems)
    return [(p.column, p.value, p.message) for p in err.value.problems]


def test_an_empty_spec_is_the_default_map(tmp_path):
    s = spec_of(tmp_path, "", "plain.toml")
    assert (s.name, s.title, s.subtitle, s.bbox, s.centre, s.zoom) == (
        "plain",
        DEFAULT_TITLE,
        "",
        DEFAULT_BBOX,
        None,
        None,
    )
    assert (s.start, s.end, s.layers, s.events) == (None, None, DEFAULT_LAYERS, ())
    assert "bands" not in s.layers and "choropleth" not in s.layers  # analysis layers only when asked
    assert s.html_path == tmp_path / "plain.html"


def test_every_key_is_read(tmp_path):
    (tmp_path / "ev.csv").write_text("x\n", encoding="utf-8")
    s = spec_of(
        tmp_path,
        'title = "  T  "\nsubtitle = "S"\nlayers = ["towns", "attack"]\nevents = ["ev.csv"]\n'
        "[focus]\ncentre = [15.5, 1.25]\nzoom = 8\n"
        '[dates]\nstart = "2021-01-01"\nend = 2021-12-31\n',
    )
    assert (s.title, s.subtitle, s.layers) == ("T", "S", ("towns", "attack"))
    assert (s.bbox, s.centre, s.zoom) == (None, (15.5, 1.25), 8)
    assert (s.start, s.end) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert s.events == ((tmp_path / "ev.csv").resolve(),)


def test_bbox_is_read_as_floats(tmp_path):
    s = spec_of(tmp_path, "[focus]\nbbox = [-180, -90, 180, 90]\n")
    assert s.bbox == (-180.0, -90.0, 180.0, 90.0) and all(isinstance(x, float) for x in s.bbox)


@pytest.mark.parametrize(
    "bbox",
    [
        "[-180.5, 14, 3, 17]",
        "[1, -90.5, 3, 17]",
        "[1, 14, 180.5, 17]",
        "[1, 14, 3, 90.5]",
        "[3, 14, 3, 17]",
        "[1, 17, 3, 17]",
        "[1, 14, 3]",
        "[1, 14, 3, 17, 5]",
        '["1", 14, 3, 17]',
        "[nan, 14, 3, 17]",
        "[true, 14, 3, 17]",
        "5",
    ],
)
def test_bad_bbox(tmp_path, bbox):
    ((column, _, message),) = problems_of(tmp_path, f"[focus]\nbbox = {bbox}\n")
    assert column == "focus.bbox" and "four numbers [west, south, east, north]" in message


@pytest.mark.parametrize(
    "centre, zoom, bad",
    [
        ("[91, 1]", 8, "focus.centre"),
        ("[-91, 1]", 8, "focus.centre"),
        ("[15, 181]", 8, "focus.centre"),
        ("[15, -181]", 8, "focus.centre"),
        ("[15]", 8, "focus.centre"),
        ('["15", 1]', 8, "focus.centre"),
        ("[15, 1]", 5, "focus.zoom"),
        ("[15, 1]", 12, "focus.zoom"),
        ("[15, 1]", "8.5", "focus.zoom"),
    ],
)
def test_bad_centre_and_zoom(tmp_path, centre, zoom, bad):
    ((column, _, message),) = problems_of(tmp_path, f"[focus]\ncentre = {centre}\nzoom = {zoom}\n")
    assert column == bad
    assert ("[lat, lon] in degrees" if bad == "focus.centre" else "a whole zoom level from 6 to 11") in message


@pytest.mark.parametrize("zoom", [6, 11])
def test_zoom_bounds_are_inclusive(tmp_path, zoom):
    assert spec_of(tmp_path, f"[focus]\ncentre = [90, -180]\nzoom = {zoom}\n").zoom == zoom


def test_zoom_range_and_bounds(tmp_path):
    s = spec_of(tmp_path, "min_zoom = 6\nmax_zoom = 9.5\nbounds = [-2, 12, 6, 18]\n[focus]\nbbox = [0, 14, 3, 16]\n")
    assert (s.min_zoom, s.max_zoom, s.bounds) == (6.0, 9.5, (-2.0, 12.0, 6.0, 18.0))
    plain = spec_of(tmp_path, "")
    assert (plain.min_zoom, plain.max_zoom, plain.bounds) == (5, 11, None)
    assert spec_of(tmp_path, "min_zoom = 8\nmax_zoom = 8\n[focus]\ncentre = [15, 1]\nzoom = 8\n").zoom == 8


@pytest.mark.parametrize(
    "text, column, words",
    [
        ("min_zoom = 4\n", "min_zoom", "a zoom level from 5 to 11"),
        ("max_zoom = 12\n", "max_zoom", "a zoom level from 5 to 11"),
        ('max_zoom = "9"\n', "max_zoom", "a zoom level from 5 to 11"),
        ("min_zoom = true\n", "min_zoom", "a zoom level from 5 to 11"),
        ("min_zoom = nan\n", "min_zoom", "a zoom level from 5 to 11"),
        ("min_zoom = 9\nmax_zoom = 7\n", "min_zoom", "is above max_zoom (7); swap them"),
        ("min_zoom = 8\n[focus]\ncentre = [15, 1]\nzoom = 7\n", "focus.zoom", "outside min_zoom..max_zoom (8..11)"),
        ("bounds = [1, 2, 3]\n", "bounds", "four numbers [west, south, east, north]"),
        ("bounds = [5, 10, 1, 20]\n", "bounds", "west < east"),
        ("bounds = [0, 14, 2, 16]\n", "bounds", "does not contain the focus"),  # the default focus is wider
        ("bounds = [0, 14, 2, 16]\n[focus]\ncentre = [15, 3]\nzoom = 8\n", "bounds", "does not contain the focus"),
    ],
)
def test_bad_zoom_range_and_bounds(tmp_path, text, column, words):
    found = problems_of(tmp_path, text)
    assert [(c, words in m) for c, _, m in found] == [(column, True)], found


def test_focus_needs_a_bbox_or_a_centre(tmp_path):
    assert problems_of(tmp_path, "[focus]\nzoom = 7\n")[0][0] == "focus"
    assert problems_of(tmp_path, 'focus = "Mali"\n')[0][0] == "focus"


def test_title_and_subtitle(tmp_path):
    assert problems_of(tmp_path, 'title = "  "\n') == [("title", "  ", "give the map a title (a non-empty string)")]
    assert problems_of(tmp_path, "title = 3\n")[0][:2] == ("title", 3)
    assert problems_of(tmp_path, "subtitle = 3\n") == [("subtitle", 3, "a string")]
    ((col, value, msg),) = problems_of(tmp_path, f'title = "{"A" * (MAX_TITLE + 1)}"\n')
    assert col == "title" and msg == f"is {MAX_TITLE + 1} characters long; keep it under {MAX_TITLE}"
    assert spec_of(tmp_path, f'title = "{"A" * MAX_TITLE}"\n').title == "A" * MAX_TITLE
    ((col, _, msg),) = problems_of(tmp_path, f'subtitle = "{"A" * (MAX_SUBTITLE + 1)}"\n')
    assert col == "subtitle" and "keep it under 1000" in msg
    ((col, _, msg),) = problems_of(tmp_path, 'title = "a\\u0007b"\n')
    assert col == "title" and "control character U+0007" in msg


def test_layers(tmp_path):
    ((col, value, msg),) = problems_of(tmp_path, 'layers = ["attack", "drones"]\n')
    assert (col, value) == ("layers", ["attack", "drones"]) and msg.startswith("a list of layer keys from: countries")
    assert problems_of(tmp_path, 'layers = "attack"\n')[0][0] == "layers"


def test_dates(tmp_path):
    assert problems_of(tmp_path, '[dates]\nstart = "2022-13-01"\n') == [
        ("dates.start", "2022-13-01", "a date written YYYY-MM-DD")
    ]
    assert problems_of(tmp_path, '[dates]\nend = "soon"\n')[0][:2] == ("dates.end", "soon")
    assert problems_of(tmp_path, '[dates]\nstart = "2022-02-02"\nend = "2022-02-01"\n')[0][2] == "end is before start"
    assert problems_of(tmp_path, '[dates]\nfrom = "2022-02-02"\n')[0][:2] == ("dates.from", "2022-02-02")
    assert problems_of(tmp_path, 'dates = "2022"\n')[0][0] == "dates"
    same = spec_of(tmp_path, '[dates]\nstart = "2022-02-02"\nend = "2022-02-02"\n')
    assert same.start == same.end == dt.date(2022, 2, 2)


def test_events(tmp_path):
    assert problems_of(tmp_path, 'events = "a.csv"\n')[0][0] == "events"
    assert problems_of(tmp_path, "events = [1]\n")[0][0] == "events"
    ((col, value, msg),) = problems_of(tmp_path, 'events = ["missing.csv"]\n')
    assert (col, value) == ("events", "missing.csv") and "no such file" in msg


def test_unknown_keys_and_every_problem_at_once(tmp_path):
    found = problems_of(tmp_path, 'colour = "red"\ntitle = ""\nlayers = ["x"]\n')
    assert [c for c, _, _ in found] == ["colour", "title", "layers"]
    assert found[0][2].startswith(
        "unknown key; allowed: aggregate_above, bounds, dates, events, focus, gazetteers, layers, max_zoom, min_zoom, "
        "subtitle, title"
    )


def test_unreadable_specs(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes('title = "Ménaka"\n'.encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8 text"):
        load_spec(path)
    path.write_text("title = \n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid TOML"):
        load_spec(path)
    with pytest.raises(DataError, match="cannot read the spec"):
        load_spec(tmp_path / "nope.toml")
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 1_000_001, encoding="utf-8")
    with pytest.raises(DataError, match="larger than 1 MB"):
        load_spec(big)


def test_aggregate_above(tmp_path):
    assert spec_of(tmp_path, "").aggregate_above == 2500
    assert spec_of(tmp_path, "aggregate_above = 0\n").aggregate_above == 0
    assert spec_of(tmp_path, "aggregate_above = 1000000\n").aggregate_above == 1_000_000
    for text in (
        "aggregate_above = -1\n",
        'aggregate_above = "10"\n',
        "aggregate_above = 2.5\n",
        "aggregate_above = true\n",
    ):
        found = problems_of(tmp_path, text)
        assert [(c, "a whole number of events" in m) for c, _, m in found] == [("aggregate_above", True)], found
