"""Property-based tests: every loader, fed anything, answers with the project's own error or data.

Random bytes, random CSV shapes, a byte-order mark, ';' and tab delimiters, latin-1, NaN and
infinity, out-of-range coordinates and impossible dates give a :class:`~geo.errors.DataError` (or
problems) naming the file, and the row and column where there is one, never a traceback; through
the command line they exit 1 and leave the last good map byte-identical.
"""

import csv
import io
import json
import os
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from conftest import DATA, csv_rows
from geo.boundaries import load_boundaries
from geo.errors import DataError, Problem
from geo.gazetteer import PLACE_COLUMNS, load_geonames, read_places
from geo.names import loose_key
from geo.records import RECORD_COLUMNS, SOURCE_COLUMNS, read_sources_and_records
from geo.spec import load_spec

# Under mutation testing (mutmut sets MUTANT_UNDER_TEST) each test runs once per mutant: fewer examples.
_SCALE = 0.2 if os.environ.get("MUTANT_UNDER_TEST") else 1.0
FAST = settings(
    max_examples=int(60 * _SCALE), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SLOW = settings(
    max_examples=max(3, int(12 * _SCALE)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "NaN",
            "nan",
            "inf",
            "-inf",
            "1e400",
            "95",
            "-200",
            "15.2x",
            "1_0",
            "",
            " ",
            "2021-02-30",
            "2022-13",
            "13/03/2022",
            "0",
            "-1",
            "99999999999",
            "12000",
            "Gao; Boni",
            "\ufeffid",
            "Ménaka",
            "a,b",
            'a"b',
            "\n",
            "\u202e",
            "\x00",
            "\x1b",
        ]
    ),
)


def csv_bytes(
    header: list[str], rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8", bom: bool = False
) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode(encoding, errors="replace")
    return (b"\xef\xbb\xbf" if bom else b"") + data


@st.composite
def csv_files(draw, columns: list[str]):
    header = draw(
        st.one_of(st.just(columns), st.lists(st.sampled_from(columns + ["extra", ""]), max_size=len(columns) + 2))
    )
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(header) + 2), max_size=6))
    return csv_bytes(
        header,
        rows,
        delimiter=draw(st.sampled_from([",", ",", ";", "\t"])),
        encoding=draw(st.sampled_from(["utf-8", "utf-8", "latin-1"])),
        bom=draw(st.booleans()),
    )


def assert_problems_name_the_file(problems: list[Problem], path) -> None:
    for p in problems:
        assert p.file == str(path)
        assert p.message and "Traceback" not in p.message
        if p.column is not None:
            assert p.row is not None or p.value is not None


# -- CSV loaders --------------------------------------------------------------------------------------


@FAST
@given(blob=st.binary(max_size=300))
def test_places_loader_on_random_bytes(tmp_path, blob):
    path = tmp_path / "places.csv"
    path.write_bytes(blob)
    places, problems = read_places(path)
    assert_problems_name_the_file(problems, path)
    assert problems or places == [] or all(p.id for p in places)


@FAST
@given(data=csv_files(PLACE_COLUMNS))
def test_places_loader_on_random_tables(tmp_path, data):
    path = tmp_path / "places.csv"
    path.write_bytes(data)
    places, problems = read_places(path)
    assert_problems_name_the_file(problems, path)
    for p in places:  # what loads is plausible: in the region, finite
        assert 9.3 <= p.lat <= 25 and -12.3 <= p.lon <= 16 and p.radius_km >= 0


@FAST
@given(sources=csv_files(SOURCE_COLUMNS), records=csv_files(RECORD_COLUMNS))
def test_sources_and_records_loaders_on_random_tables(tmp_path, sources, records):
    spath, rpath = tmp_path / "sources.csv", tmp_path / "records.csv"
    spath.write_bytes(sources)
    rpath.write_bytes(records)
    srcs, recs, problems = read_sources_and_records(spath, rpath)
    for p in problems:
        assert p.file in (str(spath), str(rpath))
    for r in recs:
        assert r.date.start <= r.date.end and (r.fatalities is None or 0 <= r.fatalities)


@FAST
@given(blob=st.binary(max_size=300))
def test_geonames_extract_loader_raises_only_data_errors(tmp_path, blob):
    path = tmp_path / "geonames_region.csv"
    path.write_bytes(blob)
    try:
        load_geonames(path)
    except DataError as exc:
        assert_problems_name_the_file(exc.problems, path)


@pytest.mark.parametrize(
    "column, value, expect",
    [
        ("lat", "NaN", "latitude in decimal degrees"),
        ("lat", "inf", "latitude in decimal degrees"),
        ("lon", "-200", "longitude in decimal degrees, -180..180"),
        ("radius_km", "nan", "uncertainty radius in km"),
        ("kind", "hamlet", "use one of capital, city"),
        ("precision", "exact", "use one of point, near"),
        ("geonames_id", "12a", "a GeoNames id is a whole number"),
        ("name", "", "is empty; give the place's usual name"),
        ("source", "", "is empty; say where the coordinates come from"),
        ("admin1", "", "is empty; give the admin-1 region"),
    ],
)
def test_every_place_rule_has_a_failing_row(data_copy, column, value, expect):
    from conftest import edit_csv

    edit_csv(data_copy / "places.csv", "tessit", **{column: value})
    _, problems = read_places(data_copy / "places.csv")
    row = [p["id"] for p in csv_rows("places.csv")].index("tessit") + 2
    assert any(p.row == row and p.column == column and expect in p.message for p in problems), problems


@pytest.mark.parametrize(
    "column, value, expect",
    [
        ("date", "2021-02-30", "write YYYY, YYYY-MM, YYYY-MM-DD or START/END"),
        ("date", "2022-04-10/2022-04-01", "ends before it starts"),
        ("kind", "drone", "use one of attack, airstrike"),
        ("fatalities", "-3", "a whole number of people killed"),
        ("fatalities", "12.5", "a whole number of people killed"),
        ("near_km", "0", "distance in km, 0.1..1000"),
        ("summary", "", "is empty; say what happened"),
        ("sources", "", "every record needs a source id"),
        ("id", "Bad Id", "use lower-case letters, digits"),
    ],
)
def test_every_record_rule_has_a_failing_row(data_copy, column, value, expect):
    from conftest import edit_csv

    edit_csv(data_copy / "records.csv", "attack-tillia-2021-03-21", **{column: value})
    _, _, problems = read_sources_and_records(data_copy / "sources.csv", data_copy / "records.csv")
    assert any(p.row == 2 and p.column == column and expect in p.message for p in problems), problems


# -- boundaries and specs --------------------------------------------------------------------------------

geojson_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=8)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def feature_collections(draw):
    features = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "type": st.just("Feature"),
                    "properties": st.one_of(
                        st.none(), st.fixed_dictionaries({"name": st.text(max_size=5), "iso3": st.text(max_size=3)})
                    ),
                    "geometry": st.one_of(
                        st.none(),
                        st.fixed_dictionaries(
                            {
                                "type": st.sampled_from(["Polygon", "MultiPolygon", "LineString", "Point", "Nonsense"]),
                                "coordinates": geojson_values,
                            }
                        ),
                    ),
                }
            ),
            max_size=4,
        )
    )
    return {"type": "FeatureCollection", "features": features}


@SLOW
@given(
    layer=st.sampled_from(["countries", "admin1", "borders", "rivers", "tripoint"]),
    content=st.one_of(
        st.binary(max_size=200),
        feature_collections().map(lambda d: json.dumps(d).encode()),
        geojson_values.map(lambda d: json.dumps(d).encode()),
    ),
)
def test_boundary_loader_raises_only_data_errors(tmp_path, layer, content):
    folder = tmp_path / "boundaries"
    if not folder.exists():
        shutil.copytree(DATA / "boundaries", folder)
    path = folder / f"{layer}.geojson"
    original = (DATA / "boundaries" / f"{layer}.geojson").read_bytes()
    path.write_bytes(content)
    try:
        load_boundaries(folder)
    except DataError as exc:
        assert all(p.file.startswith(str(folder)) for p in exc.problems)
    finally:
        path.write_bytes(original)


@FAST
@given(
    text=st.one_of(
        st.text(max_size=80),
        st.builds(
            lambda t, v: f"{t} = {v}\n",
            st.sampled_from(["title", "subtitle", "layers", "focus", "dates", "x"]),
            st.sampled_from(
                [
                    '""',
                    "nan",
                    "inf",
                    "[nan, 1, 2, 3]",
                    "true",
                    "[]",
                    '"a"',
                    "{bbox = [1, 2]}",
                    '{start = "2021-02-30"}',
                    "[true, 14, 3, 17]",
                    "1979-05-27",
                ]
            ),
        ),
        st.builds(
            lambda v: f"[focus]\nbbox = {v}\n",
            st.sampled_from(["[nan, 14, 3, 17]", "[true, 14, 3, 17]", "[5, 16, 1, 14]", "[1, 2, 3]", '"x"']),
        ),
    )
)
def test_spec_loader_raises_only_data_errors(tmp_path, text):
    path = tmp_path / "spec.toml"
    path.write_text(text, encoding="utf-8")
    try:
        spec = load_spec(path)
    except DataError as exc:
        assert all(p.file == str(path) for p in exc.problems)
    else:
        if spec.bbox:
            w, s, e, n = spec.bbox
            assert all(isinstance(x, float) and x == x for x in spec.bbox) and w < e and s < n


# -- through the command line: exit 1, nothing written -------------------------------------------------------


@pytest.fixture(scope="module")
def good_map(tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    out = folder / "map.html"
    assert CliRunner().invoke(main, ["build", "--out", str(out)]).exit_code == 0
    return out


@SLOW
@given(
    file=st.sampled_from(["places.csv", "sources.csv", "records.csv"]),
    blob=st.one_of(
        st.binary(max_size=200),
        st.sampled_from(
            [b"\xef\xbb\xbfid;name\n1;2\n", "id,name\ncaf\xe9,x\n".encode("latin-1"), b'id,name\n"unterminated\n', b""]
        ),
    ),
)
def test_cli_on_broken_input_exits_1_and_keeps_the_map(tmp_path, good_map, file, blob):
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(DATA, data)
    before = good_map.read_bytes()
    original = (DATA / file).read_bytes()
    (data / file).write_bytes(blob)
    try:
        for args in (["validate", "--data", str(data)], ["build", "--data", str(data), "--out", str(good_map)]):
            result = CliRunner().invoke(main, args)
            assert result.exit_code == 1, result.output
            assert isinstance(result.exception, SystemExit)  # a ClickException, not a crash
            assert str(data / file) in result.output
        assert good_map.read_bytes() == before
        assert [p.name for p in good_map.parent.iterdir()] == ["map.html"]
    finally:
        (data / file).write_bytes(original)


# -- name keys --------------------------------------------------------------------------------------------


@given(st.text())
def test_loose_key_is_idempotent(text):
    assert loose_key(loose_key(text)) == loose_key(text)


@given(st.text(alphabet="abcdeilmnostu", min_size=1, max_size=12))
def test_a_run_of_three_letters_never_folds_onto_a_name(name):
    # A doubled letter is a spelling variant; three or more of one letter are not.
    tripled = name + name[-1] * 3
    assert loose_key(tripled) != loose_key(name)


@pytest.mark.parametrize(
    "column, value, expect",
    [
        ("publisher", "", "is empty; name the publisher"),
        ("title", "", "is empty; give the title"),
        ("date", "2022-02-30", "publication date as YYYY, YYYY-MM, YYYY-MM-DD or START/END"),
        ("says", "", "is empty; say what the source states"),
        ("id", "adf-2022 ", None),  # stripped: still valid
        ("id", "ADF", "use lower-case letters, digits"),
    ],
)
def test_every_source_rule_has_a_failing_row(data_copy, column, value, expect):
    from conftest import edit_csv

    edit_csv(data_copy / "sources.csv", "adf-2022", **{column: value})
    _, _, problems = read_sources_and_records(data_copy / "sources.csv", data_copy / "records.csv")
    hits = [p for p in problems if p.file == str(data_copy / "sources.csv") and p.row == 2 and p.column == column]
    if expect is None:
        assert problems == []
    else:
        assert any(expect in p.message for p in hits), problems
