"""Files built to hurt (issue 20): every reader is bounded, and each hostile file gets one clear error.

Each hostile file is generated here (nothing binary is committed). The two memory attacks run in a
subprocess under ``RLIMIT_AS`` with a timeout: the import must fail quickly with the message, not
with a MemoryError, a traceback or a hang.
"""

from __future__ import annotations

import csv
import io
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import geo
import geo.importers.common as common
from cli import main
from conftest import ROOT
from geo.errors import DataError
from geo.terminal import shown
from geo.importers import import_events

FIX = ROOT / "tests" / "fixtures"
LIPTAKO = Path(sys.executable).with_name("liptako")
ACLED_HEAD = (FIX / "acled_2024.csv").read_text(encoding="utf-8").splitlines()[0]
ACLED_ROW = (FIX / "acled_2024.csv").read_text(encoding="utf-8").splitlines()[1]
UCDP_LINES = (FIX / "ucdp_ged.csv").read_text(encoding="utf-8").splitlines()
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture(scope="module")
def base():
    return geo.load()


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def under_limit(*args, memory_gb: float = 2.5, timeout: float = 60):
    """``liptako ARGS`` in a subprocess that may use at most ``memory_gb`` of address space."""
    limit = int(memory_gb * 2**30)

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    start = time.monotonic()
    done = subprocess.run(
        [str(LIPTAKO), *map(str, args)],
        preexec_fn=cap,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return done, time.monotonic() - start


# -- a minimal .xlsx, written part by part ------------------------------------------------------------


def xlsx(path: Path, sheet: str, *, strings: list[str] | None = None, bomb: int = 0) -> Path:
    """A workbook of one sheet whose ``<sheetData>`` is ``sheet`` (raw XML, with an optional
    ``<dimension>`` before it); ``strings`` become the shared strings; ``bomb`` bytes of padding
    inside the shared strings make it a zip bomb (it packs about 1000:1)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet xmlns="{NS}">{sheet}</worksheet>')
        if strings is not None or bomb:
            items = "".join(f"<si><t>{s}</t></si>" for s in strings or [])
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
                fh.write(f'<?xml version="1.0"?><sst xmlns="{NS}">{items}<si><t>'.encode())
                block = b"A" * (1 << 20)
                for _ in range(bomb >> 20):
                    fh.write(block)
                fh.write(b"</t></si></sst>")
    return path


def acled_sheet(rows: int = 1) -> str:
    """An ACLED export as sheet XML, with inline strings (a header and ``rows`` copies of the first fixture row)."""

    def row(n, cells):
        return f'<row r="{n}">' + "".join(f'<c t="inlineStr"><is><t>{c}</t></is></c>' for c in cells) + "</row>"

    head, first = (
        ACLED_HEAD.split(","),
        next(iter(pd.read_csv(FIX / "acled_2024.csv", dtype=str, keep_default_na=False).itertuples(index=False))),
    )
    body = "".join(row(i + 2, [str(c).replace("&", "&amp;") for c in first]) for i in range(rows))
    return f"<sheetData>{row(1, head)}{body}</sheetData>"


def assert_refused(result, path: Path, *needles: str, out: Path | None = None):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Error" in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert str(path) in result.stderr
    if out is not None:
        assert not out.exists()


# -- xlsx ---------------------------------------------------------------------------------------------


def test_a_cell_at_xfd1048576_is_refused_by_the_declared_dimension_in_little_memory(tmp_path):
    # 2 KB on disk; the old reader (pandas.read_excel) took 15 GB and never finished.
    path = xlsx(
        tmp_path / "far.xlsx",
        '<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576">'
        '<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )
    assert path.stat().st_size < 2_000
    done, took = under_limit("validate", "--events", path)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert (
        f"{path}: the sheet says it spans A1:XFD1048576 (1,048,576 rows by 16,384 columns); at most 1,100,000 "
        "rows, 500 columns and 50,000,000 cells are read. Delete the empty rows and columns below and right of "
        "your data, or save it as CSV UTF-8"
    ) in done.stderr
    assert took < 15


def test_a_far_cell_without_a_dimension_is_stopped_as_it_is_read(tmp_path):
    path = xlsx(
        tmp_path / "far.xlsx",
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>event_id_cnty</t></is>'
        '</c><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )
    out = tmp_path / "m.html"
    result = run("build", "--events", path, "--out", out)
    assert_refused(
        result,
        path,
        "row 1 has a cell in column 16,384 or more than 500 cells; at most 500 columns are read; save it as CSV UTF-8",
        out=out,
    )


def test_a_shared_strings_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = xlsx(
        tmp_path / "bomb.xlsx", acled_sheet().replace("<sheetData>", "<sheetData>"), strings=["a"], bomb=400 << 20
    )
    assert path.stat().st_size < 600_000  # 400 MB packed into less than 0.6 MB
    done, took = under_limit("validate", "--events", path)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert (
        f"{path}: its part 'xl/sharedStrings.xml' unpacks to 419 MB; the limit for it is 100 MB; save it as CSV UTF-8"
    ) in done.stderr
    assert took < 15


def test_a_smaller_bomb_is_refused_by_its_ratio(tmp_path):
    path = xlsx(tmp_path / "bomb.xlsx", acled_sheet(), strings=["a"], bomb=50 << 20)
    out = tmp_path / "m.html"
    result = run("build", "--events", path, "--out", out)
    assert_refused(
        result,
        path,
        "its part 'xl/sharedStrings.xml' unpacks to 52 MB from ",
        "times its packed size (the limit is 100: a zip bomb?); save it as CSV UTF-8",
        out=out,
    )


def test_a_lying_dimension_does_not_let_far_rows_through(tmp_path):
    path = xlsx(
        tmp_path / "lie.xlsx",
        '<dimension ref="A1:C2"/>'
        + acled_sheet().replace("</sheetData>", '<row r="2000000"><c r="A2000000"><v>1</v></c></row></sheetData>'),
    )
    result = run("validate", "--events", path)
    assert_refused(
        result,
        path,
        "the sheet has data beyond row 1,100,000 (row 2,000,000); at most 1,100,000 rows "
        "are read; save it as CSV UTF-8",
    )


def test_rows_are_counted_as_they_come_whatever_the_dimension_says(tmp_path, monkeypatch, base):
    monkeypatch.setattr(common, "MAX_ROWS", 50)
    sheet = acled_sheet(60).replace("<sheetData>", '<dimension ref="A1:C2"/><sheetData>')
    path = xlsx(tmp_path / "lie.xlsx", sheet.replace(' r="', ' x="'))  # rows without numbers: counted
    with pytest.raises(DataError, match="the sheet has data beyond row 50 \\(row 51\\)"):
        import_events([path], geocoder=base.geocoder)
    ok = xlsx(tmp_path / "ok.xlsx", acled_sheet(40))
    table, (report,) = import_events([ok], geocoder=base.geocoder)
    assert report.read == 40 and report.mapped == 40


def test_repeated_cells_in_one_row_are_counted(tmp_path):
    cells = '<c r="A2"><v>1</v></c>' * 600
    path = xlsx(tmp_path / "wide.xlsx", acled_sheet().replace("</sheetData>", f'<row r="9">{cells}</row></sheetData>'))
    result = run("validate", "--events", path)
    assert_refused(result, path, "row 9 has a cell in column 1 or more than 500 cells")


def test_an_xml_entity_declaration_is_refused(tmp_path):
    path = tmp_path / "lol.xlsx"
    xlsx(path, acled_sheet())
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/styles.xml", '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">]><s>&a;</s>')
    result = run("validate", "--events", path)
    assert_refused(result, path, "not a readable Excel workbook (ValueError); save it as CSV UTF-8")


def test_xlsx_numbers_and_dates_read_as_before(tmp_path):
    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "n": [3, 2.5],
            "day": pd.to_datetime(["2022-03-13", "2021-01-02"]),
            "flag": [True, False],
            "blank": [None, "x"],
        }
    )
    path = tmp_path / "types.xlsx"
    frame.to_excel(path, index=False)
    df, rows, hxl = common.read_rows(path)
    assert df.to_dict("list") == {
        "id": ["a", "b"],
        "n": ["3", "2.5"],
        "day": ["2022-03-13 00:00:00", "2021-01-02 00:00:00"],
        "flag": ["True", "False"],
        "blank": ["", "x"],
    }
    assert list(rows) == [2, 3] and hxl == 0


def test_xlsx_with_shared_strings_reads_like_the_csv(tmp_path, base):
    from openpyxl import Workbook

    book = Workbook()  # openpyxl writes shared strings, pandas' writer too: both paths are read
    sheet = book.active
    for line in (FIX / "acled_2024.csv").read_text(encoding="utf-8").splitlines():
        sheet.append(
            next(
                iter(
                    pd.read_csv(pd.io.common.StringIO(line), header=None, dtype=str, keep_default_na=False).itertuples(
                        index=False
                    )
                )
            )
        )
    path = tmp_path / "acled.xlsx"
    book.save(path)
    from_xlsx, _ = import_events([path], geocoder=base.geocoder)
    from_csv, _ = import_events([FIX / "acled_2024.csv"], geocoder=base.geocoder)
    assert list(from_xlsx["source_id"]) == list(from_csv["source_id"])
    assert list(from_xlsx["lat"]) == list(from_csv["lat"]) and list(from_xlsx["notes"]) == list(from_csv["notes"])


# -- CSV ----------------------------------------------------------------------------------------------


def test_a_cell_of_more_than_a_megabyte_is_named_with_its_row_and_column(tmp_path):
    for size, name in ((2_000_000, "fast.csv"), (6_000_000, "slow.csv")):  # under and over pyarrow's block
        path = tmp_path / name
        row = ACLED_ROW.replace("FIXTURE: an air strike near the town.", "x" * size)
        path.write_text(f"{ACLED_HEAD}\n{ACLED_ROW}\n{row}\n", encoding="utf-8")
        out = tmp_path / "m.html"
        result = run("build", "--events", path, "--out", out)
        assert_refused(
            result, path, "row 3", "a cell longer than 1 MB", "(no event needs one: is a quote missing", out=out
        )
        if name == "fast.csv":
            assert "column 'notes'" in result.stderr


def test_a_row_of_too_many_cells_is_refused(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(f"{ACLED_HEAD}\n{ACLED_ROW}\n{',' * 1000}\n", encoding="utf-8")
    result = run("validate", "--events", path)
    assert_refused(result, path, "row 3: a row of more than 500 cells or 10 MB (no event needs one")


def test_a_header_of_too_many_columns_is_refused(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(ACLED_HEAD + "," + ",".join(f"c{i}" for i in range(600)) + "\n", encoding="utf-8")  # 631 columns
    result = run("validate", "--events", path)
    assert_refused(result, path, "row 1: 631 columns; at most 500 are read")


def test_a_file_that_stops_being_utf8_far_down_is_located_without_reading_it_whole(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + f"{ACLED_HEAD}\n{ACLED_ROW}\n".encode()
        + ACLED_ROW.replace("Menaka", "M\xe9naka").encode("latin-1")
        + b"\n"
    )
    result = run("validate", "--events", path)
    start = len(f"{ACLED_HEAD}\n{ACLED_ROW}\n".encode()) + ACLED_ROW.index("Menaka") + 1
    assert_refused(
        result, path, f"row 3: not UTF-8 text (line 3, byte {start} is b'\\xe9'); export it again as CSV UTF-8"
    )


# -- duplicate and hostile column names ---------------------------------------------------------------


DUPLICATE = (
    "the column name(s) 'event_date' appear more than once in the header; each column needs its own name: "
    "rename or delete the repeated column(s)"
)


@pytest.mark.parametrize("fmt", ["auto", "acled"])
def test_a_duplicate_acled_column_is_an_error_not_a_traceback(tmp_path, fmt):
    path = tmp_path / "dup.csv"
    path.write_text(f"{ACLED_HEAD},event_date\n{ACLED_ROW},2022-01-01\n", encoding="utf-8")
    out = tmp_path / "m.html"
    out.write_text("old map", encoding="utf-8")
    extra = [] if fmt == "auto" else ["--events-format", fmt]
    result = run("build", "--events", path, *extra, "--out", out)
    assert_refused(result, path, f"{path}, row 1: {DUPLICATE}")
    assert out.read_text(encoding="utf-8") == "old map"


def test_a_duplicate_ucdp_column_is_an_error(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text(
        "\n".join([UCDP_LINES[0] + ",best", *(line + ",1" for line in UCDP_LINES[1:])]) + "\n", encoding="utf-8"
    )
    result = run("validate", "--events", path)
    assert_refused(result, path, f"{path}, row 1: the column name(s) 'best' appear more than once in the header")


def test_a_duplicate_column_in_a_records_file_is_an_error(tmp_path):
    import shutil

    shutil.copy(ROOT / "data" / "sources.csv", tmp_path / "sources.csv")
    lines = (ROOT / "data" / "records.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "records.csv"
    path.write_text("\n".join([lines[0] + ",kind", *(line + ",x" for line in lines[1:4])]) + "\n", encoding="utf-8")
    result = run("validate", "--events", path)
    assert_refused(result, path, "row 1", "the column name(s) 'kind' appear more than once in the header")


def test_a_duplicate_xlsx_column_is_an_error(tmp_path):
    sheet = acled_sheet().replace("<t>fatalities</t>", "<t>event_date</t>")
    path = xlsx(tmp_path / "dup.xlsx", sheet)
    result = run("validate", "--events", path)
    assert_refused(result, path, f"{path}, row 1: {DUPLICATE}")


def test_no_message_leaks_the_internal_column_or_raw_control_characters(tmp_path, base):
    # The row-by-row reader (a row with an extra cell) adds a column of its own; a header that names
    # it, or names with terminal escapes, must not reach a message as they are.
    path = tmp_path / "odd.csv"
    path.write_text("a,b\n1,2,3\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        import_events([path], geocoder=base.geocoder, fmt="acled")
    assert "\x00" not in str(err.value) and "shape" not in str(err.value)
    assert "the columns are a, b" in str(err.value)
    for name in ("\x00shape", "evil\x1b]0;owned\x07", "x\x9bq"):
        path.write_text(f"{ACLED_HEAD},{name}\n{ACLED_ROW},1,2\n", encoding="utf-8")
        result = run("validate", "--events", path)
        assert result.exit_code == 1
        assert not any(ch in result.stderr for ch in "\x00\x1b\x07\x9b"), repr(result.stderr)
        assert (
            f"the column name(s) '{shown(name)}' contain control characters; rename them in the header row"
            in result.stderr
        )


def test_shown_escapes_every_control_character():
    assert shown("a\x1b[2Jb\x07\x85\x7f\n\té") == "a\\x1b[2Jb\\x07\\x85\\x7f\\n\\té"


def ucdp_rows() -> tuple[list[str], list[str]]:
    rows = list(csv.reader(io.StringIO("\n".join(UCDP_LINES[:2]))))
    return rows[0], rows[1]


def write_csv(path: Path, *rows: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


# -- coordinates and control characters in imported rows (planted bugs the suite missed) --------------


@pytest.mark.parametrize("lat,lon", [("15.91985", ""), ("", "2.39609"), ("15.91985", " ")])
def test_a_latitude_without_longitude_is_skipped_never_geocoded(base, tmp_path, lat, lon):
    path = tmp_path / "half.csv"
    cells = ACLED_ROW.split(",")
    i, j = ACLED_HEAD.split(",").index("latitude"), ACLED_HEAD.split(",").index("longitude")
    cells[i], cells[j] = lat, lon
    path.write_text(f"{ACLED_HEAD}\n{','.join(cells)}\n", encoding="utf-8")
    table, (report,) = import_events([path], geocoder=base.geocoder)
    assert len(table) == 0 and report.mapped == 0 and report.n_skipped == 1
    assert list(report.skipped) == ["latitude: not a plain decimal number"]
    assert not any("geocoding" in note for note in report.notes)
    ucdp = tmp_path / "half_ucdp.csv"
    head, row = ucdp_rows()
    row[head.index("latitude")], row[head.index("longitude")] = lat, lon
    write_csv(ucdp, head, row)
    table, (report,) = import_events([ucdp], geocoder=base.geocoder)
    assert len(table) == 0 and report.n_skipped == 1 and "geocod" not in str(report.notes)


@pytest.mark.parametrize("char", ["\x85", "\x9b", "\x80", "\x9f", "\x1b", "\x7f"])
def test_c0_and_c1_control_characters_are_reported_and_replaced(base, tmp_path, char):
    path = tmp_path / "ctl.csv"
    row = ACLED_ROW.replace("FIXTURE: an air strike", f"FIXTURE:{char}an air strike").replace(
        "Fixture Radio", f"Fixture{char}Radio"
    )
    path.write_text(f"{ACLED_HEAD}\n{row}\n", encoding="utf-8")
    table, (report,) = import_events([path], geocoder=base.geocoder)
    assert report.mapped == 1
    assert report.notes["control characters in notes replaced by spaces"] == 1
    assert report.notes["control characters in source replaced by spaces"] == 1
    assert table["notes"].iloc[0] == "FIXTURE: an air strike near the town."
    assert char not in "".join(map(str, table.to_numpy().ravel()))
    ucdp = tmp_path / "ctl_ucdp.csv"
    head, cells = ucdp_rows()
    cells[head.index("side_a")] = f"IS{char}Sahel"
    write_csv(ucdp, head, cells)
    table, (report,) = import_events([ucdp], geocoder=base.geocoder)
    assert report.notes["control characters in side_a replaced by spaces"] == 1
    assert char not in "".join(map(str, table.to_numpy().ravel()))


# -- the other readers of files from anyone: geocode --file, --gazetteer -----------------------------


def test_geocode_file_reader_is_bounded_and_escapes_header_names(tmp_path):
    from geo.errors import LiptakoError
    from geo.geocode import read_column

    path = tmp_path / "names.csv"
    path.write_text("name,x\x1b]0;t\x07\nMenaka,1\nGao\n", encoding="utf-8")
    assert read_column(path, "name") == ["Menaka", "Gao"]
    with pytest.raises(DataError) as err:
        read_column(path, "place")
    assert "the columns are name, x\\x1b]0;t\\x07" in str(err.value) and "\x1b" not in str(err.value)
    path.write_text("name\n" + "x" * 1_100_000 + "\n", encoding="utf-8")
    with pytest.raises(LiptakoError, match="a cell is longer than 1 MB"):
        read_column(path, "name")
    path.write_text("name\n" + "," * 10_000_001 + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2 is longer than 10 MB"):
        read_column(path, "name")
    path.write_text("," * 1_000_001 + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="the first row is longer than 1 MB"):
        read_column(path, "name")


def test_a_long_line_in_a_gazetteer_or_an_event_file_is_refused_before_it_is_split(tmp_path, base):
    from geo.gazetteer import load_user_gazetteer

    gaz = tmp_path / "gaz.csv"
    gaz.write_text("name,lat,lon\n" + "," * 10_000_001 + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="a line longer than 10 MB"):
        load_user_gazetteer(gaz)
    gaz.write_text("name,lat,lon,name\nGao,16.27,-0.04,x\n", encoding="utf-8")
    with pytest.raises(DataError, match="the column name\\(s\\) 'name' appear more than once"):
        load_user_gazetteer(gaz)
    events = tmp_path / "events.csv"
    events.write_text(f"{ACLED_HEAD}\n{ACLED_ROW}\n" + "," * 10_000_001 + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 3 is longer than 10 MB"):
        import_events([events], geocoder=base.geocoder)
