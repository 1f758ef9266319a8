"""What every importer shares: reading a file of any shape safely, and column-wise cleaning.

Every input file is treated as hostile. :func:`read_rows` gives a table of strings and the row
number of each record as a spreadsheet shows it (the header is row 1; an HXL hashtag row under
the header is dropped and counted), or raises :class:`~geo.errors.DataError` naming the file
when it cannot be read at all. The cleaning helpers work on whole columns (pandas), so a
100,000-row export is handled without a Python loop per row.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .. import checks
from ..codes import first_rows, joint_codes
from ..errors import DataError, Problem
from ..events import ImportReport
from ..tables import _field_limit, sniff_delimiter
from ..terminal import shown

# An export of a million ACLED rows is about 500 MB; the curated tables keep the smaller tables.MAX_FILE.
MAX_EXPORT = 1_000_000_000
# Limits of reading a file from anyone (docs/safety.md). Each is far above any real export and far
# below what would exhaust a laptop; a file beyond one is refused with a DataError saying which.
MAX_HEADER = 1_000_000  # bytes in the header row
MAX_COLUMNS = 500  # columns in the header (ACLED has 31, UCDP GED 49)
MAX_CELL = 1_000_000  # characters in one cell (tables.MAX_CELL)
MAX_ROW = 10_000_000  # characters in one row
CSV_BLOCK = 4 << 20  # pyarrow's block: a row longer than this goes to the row-by-row reader
_BATCH = 50_000  # rows kept as Python strings before they go to Arrow
# .xlsx: the zip is checked before anything is unpacked, then the sheet is read as a stream.
XLSX_MAX_FILE = 100_000_000  # the packed workbook
XLSX_MAX_PARTS = 10_000  # parts in the zip
XLSX_MAX_SHEET = 300_000_000  # one worksheet's XML, unpacked
XLSX_MAX_STRINGS = 100_000_000  # the shared-strings part, unpacked
XLSX_MAX_OTHER = 20_000_000  # any other part (styles, workbook, relationships), unpacked
XLSX_MAX_TOTAL = 300_000_000  # all parts together, unpacked
XLSX_MAX_RATIO = 100  # unpacked / packed, for any part above XLSX_RATIO_FROM
XLSX_RATIO_FROM = 10_000_000
XLSX_MAX_TEXT = 300_000_000  # characters in all cells together (a shared string counts at each use)
MAX_ROWS = 1_100_000  # sheet rows (Excel's own limit is 1,048,576)
MAX_CELLS = 50_000_000  # cells in a sheet, as declared and as read

try:
    # pyarrow's default pool here (mimalloc) keeps freed memory: a 100,000-row import peaked ~100 MiB
    # higher with it than with jemalloc, at the same speed (scripts/benchmark_import.py).
    pa.set_memory_pool(pa.jemalloc_memory_pool())
    # ... and hand freed memory back at once: reading a 200 MB CSV then peaks ~70 MB lower (2.4x the file, not 2.7x).
    pa.jemalloc_set_decay_ms(0)
except (NotImplementedError, AttributeError, pa.ArrowNotImplementedError):  # a build without jemalloc
    pass

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[" + "".join(sorted(checks.INVISIBLE)) + "]")


def _problem(path: Path, msg: str, row: int | None = None, column: str | None = None, value=None) -> DataError:
    return DataError([Problem(str(path), row, column, value, msg)])


def read_rows(
    path: Path, required: list[str] | None = None, *, wanted: list[str] | None = None, names: list[str] | None = None
) -> tuple[pd.DataFrame, np.ndarray, int]:
    """The file's records as strings, their spreadsheet row numbers, and how many HXL rows were dropped.

    CSV (UTF-8, with or without BOM) and Excel ``.xlsx`` are read; every cell is a string, an
    empty cell is "". With ``wanted``, only those columns are kept (the others are never
    converted: a 100,000-row export then needs a fraction of the memory; ``names``, if given, is
    filled with every column name of the header, kept or not). Reading is bounded
    (see the limits above): a file that would need more is refused with a :class:`DataError`
    before it is parsed, or as soon as the reader passes a limit, never read to the end.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _problem(path, f"cannot read the file ({exc.strerror or exc})") from None
    if size > MAX_EXPORT:
        raise _problem(path, f"larger than {MAX_EXPORT // 1_000_000} MB; split the export by year or country")
    if names is None:
        names = []
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        df, rows = _read_xlsx(path, wanted, names)
    else:
        df = _read_csv(path, required or [], wanted, names)
        rows = np.arange(2, len(df) + 2)
    hxl = 0
    if len(df) and all(str(v).startswith("#") or v == "" for v in df.iloc[0]) and str(df.iloc[0, 0]).startswith("#"):
        df = df.iloc[1:].reset_index(drop=True)  # the HXL hashtag row (#event+id, #date ...)
        rows = rows[1:]
        hxl = 1
    return df, rows, hxl


def header(path: Path) -> list[str]:
    """The column names of an event file, reading no more of it than the first row."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_header(path)
    line = _first_line(path)
    try:
        return [c.strip() for c in next(csv.reader(io.StringIO(line)), [])]
    except csv.Error as exc:  # e.g. a lone carriage return inside the first row
        raise _problem(path, f"the first row is not a CSV header ({exc}); export the file again as CSV") from None


def _first_line(path: Path) -> str:
    """The header line of a CSV file, without its byte-order mark; at most :data:`MAX_HEADER` bytes are read."""
    try:
        with open(path, "rb") as fh:
            first = fh.readline(MAX_HEADER + 1)
    except OSError as exc:
        raise _problem(path, f"cannot read the file ({exc.strerror or exc})") from None
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    if len(first) > MAX_HEADER:
        raise _problem(
            path,
            f"the first row is longer than {MAX_HEADER // 1_000_000} MB, so it is no header; "
            "is this the right file (CSV UTF-8, one header row)?",
            row=1,
        )
    try:
        return first.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _problem(
            path,
            f"not UTF-8 text (line 1, byte {exc.start} is {first[exc.start : exc.start + 1]!r}); "
            "export it again as CSV UTF-8",
            row=1,
        ) from None


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{shown(c)}'" for c in names)


def column_names(path: Path, names: list) -> list[str]:
    """A header's names, stripped and checked: no control characters, at most :data:`MAX_COLUMNS`, none twice."""
    names = [str(c).strip() for c in names]
    if len(names) > MAX_COLUMNS:
        raise _problem(
            path,
            f"{len(names):,} columns; at most {MAX_COLUMNS} are read. Is this the right file? "
            "Delete the columns you do not need",
            row=1,
        )
    bad = [c for c in names if _CONTROL.search(c) or "\t" in c or "\n" in c or "\r" in c]
    if bad:
        raise _problem(
            path,
            f"the column name(s) {_quoted(bad[:5])} contain control characters; rename them in the header row (row 1)",
            row=1,
        )
    seen, twice = set(), []
    for c in names:
        if c and c in seen and c not in twice:
            twice.append(c)
        seen.add(c)
    if twice:
        raise _problem(
            path,
            f"the column name(s) {_quoted(twice[:5])} appear more than "
            "once in the header; each column needs its own name: rename or delete the repeated "
            "column(s)",
            row=1,
        )
    return names


# -- CSV --------------------------------------------------------------------------------------------


def _read_csv(
    path: Path, required: list[str], wanted: list[str] | None = None, header_out: list | None = None
) -> pd.DataFrame:
    first = _first_line(path).rstrip("\r\n")
    if not first.strip():
        raise _problem(
            path,
            "the file is empty"
            if not _has_text(path)
            else "the first row is blank; the header (the column names) must be on row 1",
            row=1,
        )
    if "," not in first:
        delim = sniff_delimiter(first, required or first.split(";") + first.split("\t"))
        if delim:
            raise _problem(path, f"this file looks {delim}-separated; save it as comma-separated CSV", row=1)
    try:
        names = next(csv.reader(io.StringIO(first + "\n")))
    except csv.Error as exc:
        raise _problem(path, f"the first row is not a CSV header ({exc}); export the file again as CSV") from None
    names = column_names(path, names)
    if header_out is not None:
        header_out[:] = names
    try:
        # The fast path streams the file through pyarrow's multithreaded parser, which checks the UTF-8
        # itself: memory is about the size of the columns kept, never a copy of the whole file in Python.
        df = _read_csv_fast(path, names, wanted)
    except (pa.ArrowInvalid, ValueError):
        # A row with more or fewer cells than the header, a stray quote, a cell beyond the block size,
        # bytes that are not UTF-8: read it row by row to say which.
        df = _read_csv_slowly(path, names, wanted)
    return df


def _has_text(path: Path) -> bool:
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            if chunk.strip():
                return True
    return False


def _kept(names: list[str], wanted: list[str] | None) -> list[int]:
    """Positions of the columns to read: the ``wanted`` ones (all named ones without a list)."""
    keep = [i for i, c in enumerate(names) if c and (wanted is None or c in wanted)]
    return keep or [0]  # none wanted is the caller's error to name; keep one column for the row count


def _read_csv_fast(path: Path, names: list[str], wanted: list[str] | None = None) -> pd.DataFrame:
    """Every kept column as text, through pyarrow's multithreaded parser; raises on any malformed row.

    Read as ``large_string``, the type pandas' Arrow-backed ``str`` columns hold, so ``to_pandas``
    wraps the buffers instead of copying them.
    """
    ids = [str(i) for i in range(len(names))]  # positions, not names: a blank name twice must not fail
    keep = _kept(names, wanted)
    table = pacsv.read_csv(
        str(path),
        read_options=pacsv.ReadOptions(column_names=ids, skip_rows=1, block_size=CSV_BLOCK),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.large_string() for c in ids},
            include_columns=[ids[i] for i in keep],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    for i, col in zip(keep, table.columns, strict=True):
        lengths = pc.binary_length(col)
        if len(col) and pc.max(lengths).as_py() > MAX_CELL:
            at = pc.index(pc.greater(lengths, MAX_CELL), True).as_py()
            raise _cell_too_long(path, at + 2, names[i])
    df = table.to_pandas()
    df.columns = [names[i] for i in keep]
    return df


def _cell_too_long(path: Path, row: int, column: str) -> DataError:
    return _problem(
        path,
        f"a cell longer than {MAX_CELL // 1_000_000} MB (no event needs one: is a quote "
        "missing, or is this the wrong file?)",
        row=row,
        column=shown(column),
    )


SHAPE = "\x00shape"  # a column of our own: "" or why the row's shape is wrong (no header can name it: see column_names)


def _read_csv_slowly(path: Path, names: list[str], wanted: list[str] | None = None) -> pd.DataFrame:
    """Row by row, streamed: the kept cells go to Arrow every :data:`_BATCH` rows, so memory stays near the file's size."""
    keep = _kept(names, wanted)
    width = len(names)
    cols: list[list[str]] = [[] for _ in keep]
    shape: list[str] = []
    done: list[pa.RecordBatch] = []
    fields = [str(i) for i in keep] + ["shape"]

    def flush() -> None:
        done.append(
            pa.RecordBatch.from_arrays(
                [pa.array(c, pa.large_string()) for c in cols] + [pa.array(shape, pa.large_string())], names=fields
            )
        )
        for c in cols:
            c.clear()
        shape.clear()

    n = 0
    with _field_limit(MAX_CELL), open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(lines(fh, path), strict=False)
        try:
            next(reader)
            for row in reader:
                n += 1
                if len(row) > MAX_COLUMNS or sum(map(len, row)) > MAX_ROW:
                    raise _problem(
                        path,
                        f"a row of more than {MAX_COLUMNS} cells or {MAX_ROW // 1_000_000} MB "
                        "(no event needs one: is a quote missing?)",
                        row=n + 1,
                    )
                shape.append("more cells than columns (a comma inside an unquoted cell?)" if len(row) > width else "")
                for c, i in zip(cols, keep, strict=True):
                    c.append(row[i] if i < len(row) else "")
                if len(shape) >= _BATCH:
                    flush()
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise _problem(
                    path,
                    f"a cell longer than {MAX_CELL // 1_000_000} MB from row {n + 1} on (no event "
                    "needs one: is a quote missing, or is this the wrong file?)",
                    row=n + 1,
                ) from None
            raise _problem(path, f"not valid CSV from row {n + 1} ({exc}); export it again") from None
        except UnicodeDecodeError:
            raise _not_utf8(path) from None
    flush()
    df = pa.Table.from_batches(done).to_pandas()
    df.columns = [names[i] for i in keep] + [SHAPE]
    return df


def lines(fh, path: Path):
    """The lines of a text file, each at most :data:`MAX_ROW` characters: the csv module builds a whole
    row before anyone can count its cells, so a line of a billion commas must never reach it."""
    n = 0
    while line := fh.readline(MAX_ROW + 1):
        n += 1
        if len(line) > MAX_ROW:
            raise _problem(
                path,
                f"line {n:,} is longer than {MAX_ROW // 1_000_000} MB (no event needs one: is this the right file?)",
                row=n,
            )
        yield line


def _not_utf8(path: Path) -> DataError:
    """Where the file stops being UTF-8, found reading it in blocks (never all of it at once)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, lines = 0, 1
    with open(path, "rb") as fh:
        bom = fh.read(3)
        if bom != b"\xef\xbb\xbf":
            fh.seek(0)
        while chunk := fh.read(1 << 20):
            pending = decoder.getstate()[0]
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                data = pending + chunk
                line = lines + data.count(b"\n", 0, exc.start)
                at = offset - len(pending) + exc.start
                return _problem(
                    path,
                    f"not UTF-8 text (line {line}, byte {at} is {data[exc.start : exc.start + 1]!r}); "
                    "export it again as CSV UTF-8",
                    row=line,
                )
            offset += len(chunk)
            lines += chunk.count(b"\n")
    return _problem(path, "not UTF-8 text; export it again as CSV UTF-8")


def wrong_shape(df: pd.DataFrame) -> pd.Series:
    """Rows that had more cells than the header (only the row-by-row reader finds them)."""
    if SHAPE not in df:
        return pd.Series(False, index=df.index)
    return df[SHAPE] != ""


# -- Excel ------------------------------------------------------------------------------------------
#
# An .xlsx file is a zip of XML parts; a few KB of it can claim a sheet of 17 billion cells or unpack
# to gigabytes. So the zip's directory is checked first (every part's unpacked size and ratio), then
# the first sheet is parsed as a stream (expat, a megabyte at a time), each cell dropped once read:
# the declared dimension, every row number, column and cell count and the total text are checked as
# they come. Nothing holds more than one row of XML, and the values go to Arrow in batches.

_XLSX_PARTS_NOTE = "save it as CSV UTF-8 (in Excel: File > Save As > CSV UTF-8) and import the CSV"


def _xlsx_refused(path: Path, why: str) -> DataError:
    return _problem(path, f"{why}; {_XLSX_PARTS_NOTE}")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _column_number(ref: str) -> int:
    """1 for A1, 16384 for XFD1048576; 0 when ``ref`` starts with no letters."""
    n = 0
    for ch in ref:
        o = ord(ch) | 0x20
        if 97 <= o <= 122:
            n = n * 26 + (o - 96)
            if n > 1_000_000:
                break
        else:
            break
    return n


def _row_number(ref: str) -> int:
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$")
    return int(digits) if digits.isdigit() and len(digits) < 12 else 0


class _Xlsx:
    """One workbook's first sheet, checked part by part before any of it is parsed."""

    def __init__(self, path: Path):
        self.path = path
        try:
            import openpyxl  # noqa: F401  (its number formats and date conversion are used)
        except ImportError:
            raise _problem(path, "reading .xlsx needs the openpyxl package: pip install openpyxl") from None
        if path.stat().st_size > XLSX_MAX_FILE:
            raise _xlsx_refused(path, f"the workbook is larger than {XLSX_MAX_FILE // 1_000_000} MB")
        try:
            self.zip = zipfile.ZipFile(path)
            parts = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise _xlsx_refused(path, f"not a readable Excel workbook ({exc.__class__.__name__})") from None
        self._check_sizes(parts)
        self.sizes = {p.filename: p.file_size for p in parts}

    def _check_sizes(self, parts: list[zipfile.ZipInfo]) -> None:
        if len(parts) > XLSX_MAX_PARTS:
            raise _xlsx_refused(self.path, f"the workbook holds {len(parts):,} parts (at most {XLSX_MAX_PARTS:,})")
        total = 0
        for p in parts:
            name = p.filename
            cap = (
                XLSX_MAX_SHEET
                if name.startswith("xl/worksheets/")
                else XLSX_MAX_STRINGS
                if name.lower().endswith("sharedstrings.xml")
                else XLSX_MAX_OTHER
            )
            if p.file_size > cap:
                raise _xlsx_refused(
                    self.path,
                    f"its part {shown(name)!r} unpacks to {p.file_size / 1e6:,.0f} MB; "
                    f"the limit for it is {cap // 1_000_000} MB",
                )
            if p.file_size > XLSX_RATIO_FROM and p.file_size > XLSX_MAX_RATIO * max(p.compress_size, 1):
                raise _xlsx_refused(
                    self.path,
                    f"its part {shown(name)!r} unpacks to {p.file_size / 1e6:,.0f} MB from "
                    f"{p.compress_size / 1e3:,.0f} KB, {p.file_size // max(p.compress_size, 1):,} "
                    f"times its packed size (the limit is {XLSX_MAX_RATIO}: a zip bomb?)",
                )
            total += p.file_size
        if total > XLSX_MAX_TOTAL:
            raise _xlsx_refused(
                self.path,
                f"its parts unpack to {total / 1e6:,.0f} MB in all; the limit is {XLSX_MAX_TOTAL // 1_000_000} MB",
            )

    def _small(self, name: str):
        """A small part (workbook, relationships, styles) parsed whole; None if the workbook has none."""
        if name not in self.sizes:
            return None
        with self.zip.open(name) as fh:
            data = fh.read(XLSX_MAX_OTHER + 1)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise ValueError("a document type declaration")
        return ET.fromstring(data)

    def _sheet_and_epoch(self) -> tuple[str, object]:
        from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

        book = self._small("xl/workbook.xml")
        rels = self._small("xl/_rels/workbook.xml.rels")
        epoch, target = WINDOWS_EPOCH, None
        if book is not None:
            for el in book.iter():
                tag = _local(el.tag)
                if tag == "workbookPr" and el.get("date1904", "").lower() in ("1", "true"):
                    epoch = MAC_EPOCH
                elif tag == "sheet" and target is None:
                    rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
                    for rel in rels.iter() if rels is not None else ():
                        if rel.get("Id") == rid:
                            t = rel.get("Target", "")
                            target = t.lstrip("/") if t.startswith("/") else "xl/" + t
        if target is None or target not in self.sizes:
            target = next(
                (n for n in sorted(self.sizes) if n.startswith("xl/worksheets/") and n.endswith(".xml")), None
            )
        if target is None:
            raise _xlsx_refused(self.path, "not a readable Excel workbook (it has no worksheet)")
        return target, epoch

    def _date_styles(self) -> tuple[set[int], set[int]]:
        """Positions in ``cellXfs`` of the cell styles that show a date, and those that show a duration."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        styles = self._small("xl/styles.xml")
        if styles is None:
            return set(), set()
        custom = {}
        for el in styles.iter():
            if _local(el.tag) == "numFmt":
                custom[el.get("numFmtId")] = el.get("formatCode", "")
        dates, spans = set(), set()
        for el in styles.iter():
            if _local(el.tag) == "cellXfs":
                for i, xf in enumerate(x for x in el if _local(x.tag) == "xf"):
                    fid = xf.get("numFmtId", "0")
                    fmt = custom.get(fid) or (BUILTIN_FORMATS.get(int(fid)) if fid.isdigit() else None) or ""
                    if is_timedelta_format(fmt):
                        spans.add(i)
                    elif is_date_format(fmt):
                        dates.add(i)
        return dates, spans

    def _strings(self) -> list[str]:
        name = next((n for n in self.sizes if n.lower() == "xl/sharedstrings.xml"), None)
        if name is None:
            return []
        out: list[str] = []
        total = 0
        for event, el in _stream(self.zip, name, ("si",)):
            if event == "end" and _local(el.tag) == "si":
                text = "".join(t.text or "" for t in _texts(el))
                if len(text) > MAX_CELL:
                    raise _xlsx_refused(self.path, f"a shared string is longer than {MAX_CELL // 1_000_000} MB")
                total += len(text)
                out.append(text)
        if total > XLSX_MAX_TEXT:
            raise _xlsx_refused(
                self.path, f"its text runs to more than {XLSX_MAX_TEXT // 1_000_000} million characters"
            )
        return out

    def rows(self, header_only: bool = False):
        """``(row number, {column number: text})`` for every row with a value, in order."""
        sheet, epoch = self._sheet_and_epoch()
        strings = self._strings()
        dates, spans = self._date_styles()
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        path = self.path
        row_no, cells, text_total, in_row = 0, 0, 0, 0
        values: dict[int, str] = {}
        col = 0
        for event, el in _stream(self.zip, sheet, ("c",)):
            tag = _local(el.tag)
            if event == "start":
                if tag == "row":
                    row_no = _next_row_number(path, el, row_no)
                    values, col, in_row = {}, 0, 0
                elif tag == "dimension":
                    _check_dimension(path, el.get("ref", ""))
                continue
            if tag == "c":
                ref = el.get("r", "")
                col = _column_number(ref) if ref else col + 1
                if ref and not col:
                    col = 1
                in_row += 1
                cells += 1
                if col > MAX_COLUMNS or in_row > MAX_COLUMNS:
                    raise _xlsx_refused(
                        path,
                        f"row {row_no:,} has a cell in column {col:,} or more than "
                        f"{MAX_COLUMNS} cells; at most {MAX_COLUMNS} columns are read",
                    )
                if cells > MAX_CELLS:
                    raise _xlsx_refused(path, f"the sheet has more than {MAX_CELLS:,} cells")
                text = _cell_text(el, strings, dates, spans, epoch, from_excel, from_ISO8601)
                if text is None:
                    raise _xlsx_refused(path, f"row {row_no:,} refers to a shared string the workbook does not hold")
                if text:
                    if len(text) > MAX_CELL:
                        raise _xlsx_refused(
                            path, f"row {row_no:,}, column {col} holds more than {MAX_CELL // 1_000_000} MB of text"
                        )
                    text_total += len(text)
                    if text_total > XLSX_MAX_TEXT:
                        raise _xlsx_refused(
                            path, f"its cells hold more than {XLSX_MAX_TEXT // 1_000_000} million characters in all"
                        )
                    values[col] = text
            elif tag == "row" and values:
                yield row_no, values
                if header_only:
                    return


def _next_row_number(path: Path, el, previous: int) -> int:
    """The number of the row ``el`` starts (its ``r``, else the one after ``previous``), at most MAX_ROWS."""
    r = el.get("r", "")
    row_no = int(r) if r.isdigit() and len(r) < 12 else previous + 1
    if row_no > MAX_ROWS:
        raise _xlsx_refused(
            path,
            f"the sheet has data beyond row {MAX_ROWS:,} (row {row_no:,}); at most {MAX_ROWS:,} rows are read",
        )
    return row_no


def _stream(zf: zipfile.ZipFile, name: str, whole: tuple[str, ...]):
    """``(event, element)`` pairs of one part, parsed a megabyte at a time.

    Each element is dropped from the tree once its end has been handed out, unless it lies inside one
    of the ``whole`` elements (a cell, a string item), which go once they end: memory holds one row.
    A part with a document type declaration (where entity expansion lives) is refused.
    """
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    stack: list = []
    inside = 0
    started = False
    tail = b""
    with zf.open(name) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not started and (b"<!DOCTYPE" in tail + chunk or b"<!ENTITY" in tail + chunk):
                raise ValueError("a document type declaration")
            tail = chunk[-16:]
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
            for pair in parser.read_events():
                # Only "start" and "end" were asked for: each pair holds an element.
                event, el = cast("tuple[str, ET.Element]", pair)
                started = True
                if event == "start":
                    stack.append(el)
                    if _local(el.tag) in whole:
                        inside += 1
                    yield event, el
                    continue
                stack.pop()
                yield event, el
                if _local(el.tag) in whole:
                    inside -= 1
                if inside == 0 and stack:
                    parent = stack[-1]
                    if len(parent) and parent[0] is el:
                        del parent[0]
                    el.clear()
            if not chunk:
                return


def _texts(el):
    """The ``t`` elements of a string item, leaving out phonetic runs (``rPh``), as Excel shows it."""
    for child in el:
        tag = _local(child.tag)
        if tag == "t":
            yield child
        elif tag == "r":
            yield from (t for t in child if _local(t.tag) == "t")


def _cell_text(el, strings, dates, spans, epoch, from_excel, from_ISO8601) -> str | None:
    """A cell's value as the previous pandas reader gave it: numbers without a needless .0, dates as
    ``2022-03-13 00:00:00``, errors as ""; None for a shared string that does not exist."""
    kind = el.get("t", "n")
    value = None
    for child in el:
        tag = _local(child.tag)
        if tag == "v":
            value = child.text
        elif tag == "is":
            return "".join(t.text or "" for t in _texts(child))
    if value is None or kind == "e":
        return ""
    if kind == "s":
        try:
            return strings[int(value)]
        except (ValueError, IndexError):
            return None
    if kind == "b":
        return "True" if value.strip() in ("1", "true") else "False"
    if kind == "str":
        return value
    if kind == "d":
        try:
            return str(from_ISO8601(value))
        except (ValueError, TypeError):
            return value
    return _number_text(el, value, dates, spans, epoch, from_excel)


def _number_text(el, value: str, dates, spans, epoch, from_excel) -> str:
    """A numeric cell's text: a date or duration when its style says so, a whole number without .0."""
    try:
        x = float(value)
    except ValueError:
        return value
    style = el.get("s", "0")
    s = int(style) if style.isdigit() else 0
    try:
        if s in dates:
            return str(from_excel(x, epoch))
        if s in spans:
            return str(from_excel(x, epoch, timedelta=True))
    except (OverflowError, ValueError):
        return value
    if not any(ch in value for ch in ".eE"):
        try:
            return str(int(value))
        except ValueError:
            return value
    if math.isfinite(x) and x.is_integer():
        return str(int(x))
    return str(x)


def _check_dimension(path: Path, ref: str) -> None:
    """The sheet's own claim of its extent (``A1:XFD1048576``), checked before any row is read."""
    last = ref.rpartition(":")[2]
    rows, cols = _row_number(last), _column_number(last)
    if rows > MAX_ROWS or cols > MAX_COLUMNS or rows * cols > MAX_CELLS:
        raise _problem(
            path,
            f"the sheet says it spans {shown(ref[:40])} ({rows:,} rows by {cols:,} columns); at most "
            f"{MAX_ROWS:,} rows, {MAX_COLUMNS} columns and {MAX_CELLS:,} cells are read. Delete the "
            f"empty rows and columns below and right of your data, or {_XLSX_PARTS_NOTE}",
        )


def _xlsx_header(path: Path) -> list[str]:
    book = _Xlsx(path)
    try:
        for _, values in book.rows(header_only=True):
            return [values.get(i, "").strip() for i in range(1, max(values) + 1)]
    except (DataError, MemoryError):
        raise
    except Exception as exc:  # expat, zipfile and zlib raise many types for a damaged file
        raise _xlsx_refused(path, f"not a readable Excel workbook ({exc.__class__.__name__})") from None
    return []


def _read_xlsx(
    path: Path, wanted: list[str] | None = None, header_out: list | None = None
) -> tuple[pd.DataFrame, np.ndarray]:
    """The first sheet: its first row with a value is the header, every later row with a value a record."""
    book = _Xlsx(path)
    names: list[str] = []
    keep: list[int] = []
    cols: list[list[str]] = []
    numbers_: list[int] = []
    done: list[pa.RecordBatch] = []

    def flush() -> None:
        done.append(
            pa.RecordBatch.from_arrays(
                [pa.array(c, pa.large_string()) for c in cols] + [pa.array(numbers_, pa.int64())],
                names=[str(i) for i in keep] + ["row"],
            )
        )
        for c in cols:
            c.clear()
        numbers_.clear()

    try:
        for row_no, values in book.rows():
            if not names:
                width = max(values)
                raw = [values.get(i, "") for i in range(1, width + 1)]
                names = column_names(path, [c if str(c).strip() else f"Unnamed: {i}" for i, c in enumerate(raw)])
                keep = _kept(names, wanted)
                cols = [[] for _ in keep]
                if header_out is not None:
                    header_out[:] = names
                continue
            for c, i in zip(cols, keep, strict=True):
                c.append(values.get(i + 1, ""))
            numbers_.append(row_no)
            if len(numbers_) >= _BATCH:
                flush()
    except (DataError, MemoryError):
        raise
    except Exception as exc:  # expat, zipfile and zlib raise many types for a damaged file
        raise _xlsx_refused(
            path, f"not a readable Excel workbook ({exc.__class__.__name__}: {shown(str(exc)[:200])})"
        ) from None
    if not names:
        return pd.DataFrame(), np.arange(2, 2)
    flush()
    table = pa.Table.from_batches(done)
    rows = table.column("row").to_numpy()
    df = table.drop_columns(["row"]).to_pandas()
    df.columns = [names[i] for i in keep]
    return df, rows


def open_table(
    path: Path, required: list[str], optional: list[str], layout: str, report: ImportReport
) -> tuple[pd.DataFrame, np.ndarray]:
    """An export's rows as text, its columns checked, every optional column present ("" when absent)."""
    names: list[str] = []
    df, rows, hxl = read_rows(path, required, wanted=required + optional, names=names)
    missing_columns(path, df, required, layout, names)
    if hxl:
        report.notes["HXL hashtag row under the header skipped"] += 1
    for col in optional:
        if col not in df:
            df[col] = ""
    report.read = len(df)
    return df, rows


def coded(codes: pd.Series, table: dict) -> dict[str, pd.Series]:
    """precision, radius_km and precision_why for each row's precision code (a table of geo.vocab)."""
    return {
        col: codes.map({code: v[i] for code, v in table.items()})
        for i, col in enumerate(("precision", "radius_km", "precision_why"))
    }


def missing_columns(
    path: Path, df: pd.DataFrame, required: list[str], layout: str, names: list[str] | None = None
) -> None:
    """A DataError naming the ``required`` columns the file lacks and the ones it has (its header ``names``)."""
    missing = [c for c in required if c not in df.columns]
    if missing:
        columns = [shown(c) for c in (names or df.columns) if c != SHAPE]
        raise _problem(
            path,
            f"not a {layout} file: missing column(s) {', '.join(missing)}; the columns are "
            f"{', '.join(columns[:12])}{' …' if len(columns) > 12 else ''}",
            row=1,
        )


def clean_text(df: pd.DataFrame, columns: list[str], report: ImportReport, *, names: tuple[str, ...] = ()) -> None:
    """Make imported text safe to show, in place, counting every change in ``report.notes``.

    Control characters become spaces; invisible bidirectional controls are removed from name
    columns; text longer than the map shows (:data:`geo.checks.MAX_TEXT`) is cut with "[…]".
    A column that repeats its values (event types, actors, places) is cleaned once per distinct value.
    """
    for col in columns:
        if col not in df:
            continue
        # Hashing a column of distinct values (ids, notes) costs more than cleaning it: the first rows tell which.
        head = df[col].iloc[:4096]
        if head.nunique(dropna=False) * 4 <= len(head):
            codes, uniques = pd.factorize(df[col], use_na_sentinel=False)
            if len(uniques) * 4 <= len(codes):
                cleaned = _clean(pd.Series(uniques), col, col in names, report, np.bincount(codes))
                df[col] = cleaned.take(codes).set_axis(df.index)
                continue
        df[col] = _clean(df[col], col, col in names, report, None)


def _clean(s: pd.Series, col: str, name: bool, report: ImportReport, rows: np.ndarray | None) -> pd.Series:
    """:func:`clean_text` of the values ``s``; ``rows``: how many rows hold each value (one each when None)."""

    def count(mask: pd.Series) -> int:
        return int(mask.sum()) if rows is None else int(rows[mask.to_numpy(dtype=bool)].sum())

    s = s.astype(str)
    has = s.str.contains(_CONTROL)
    if has.any():
        s = s.where(~has, s.str.replace(_CONTROL, " ", regex=True))
        report.notes[f"control characters in {col} replaced by spaces"] += count(has)
    if name:
        inv = s.str.contains(_INVISIBLE)
        if inv.any():
            s = s.where(~inv, s.str.replace(_INVISIBLE, "", regex=True))
            report.notes[f"invisible bidirectional controls removed from {col}"] += count(inv)
    long = s.str.len() > checks.MAX_TEXT
    if long.any():
        s = s.where(~long, s.str.slice(0, checks.MAX_TEXT - 4) + " […]")
        report.notes[f"{col} longer than {checks.MAX_TEXT} characters cut"] += count(long)
    return s.str.strip()


def numbers(s: pd.Series) -> pd.Series:
    """Decimal numbers as floats; anything else (NaN, inf, '1_0', '1,5', text, empty) is NaN.

    Each distinct cell is parsed once (parsing makes a Python string of every cell it is given)."""
    return per_distinct(_numbers, s)


def _numbers(s: pd.Series) -> pd.Series:
    out = pd.to_numeric(s.astype(str).str.strip(), errors="coerce").astype(float)
    return out.where(np.isfinite(out))


def integers(s: pd.Series) -> pd.Series:
    """Whole numbers >= 0 as nullable integers; anything else is <NA>. Empty is <NA> too."""
    x = numbers(s)
    whole = x.notna() & (x == np.floor(x)) & (x >= 0) & (x < 1e12)
    return x.where(whole).astype("Int64")


def dates(s: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Dates in any of ``formats`` (tried in order, per cell); NaT where none fits or the day does not exist.

    Each distinct cell is parsed once (an export has a few thousand days, not a date per row)."""
    return per_distinct(lambda d: _dates(d, formats), s)


def _dates(s: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    s = s.astype(str).str.strip()
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[s]")
    for fmt in formats:
        todo = out.isna()
        if not todo.any():
            break
        parsed = pd.to_datetime(s[todo], format=fmt, errors="coerce")
        out[todo] = parsed.astype("datetime64[s]")
    return out


def per_distinct(fn, *columns: pd.Series) -> pd.Series:
    """``fn(*columns)`` for a row-wise ``fn``, computed once per distinct combination of the columns' values.

    An export repeats most cells (a few event types, countries, places, dates), so text made from them
    (``"Battles / Armed clash"``, a date in words) is made for each distinct combination only and then
    spread to every row: no temporary column per step of ``fn`` for every row of the file.
    """
    key = joint_codes(columns, len(columns[0]))
    first = first_rows(key)
    distinct = fn(*(col.iloc[first].reset_index(drop=True) for col in columns))
    out = distinct.take(key)
    out.index = columns[0].index
    return out
