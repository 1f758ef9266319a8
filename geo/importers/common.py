"""What every importer shares: reading a file of any shape safely, and column-wise cleaning.

Every input file is treated as hostile. :func:`read_rows` gives a table of strings and the row
number of each record as a spreadsheet shows it (the header is row 1; an HXL hashtag row under
the header is dropped and counted), or raises :class:`~geo.errors.DataError` naming the file
when it cannot be read at all. The cleaning helpers work on whole columns (pandas), so a
100,000-row export is handled without a Python loop per row.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from .. import checks
from ..errors import DataError, Problem
from ..events import ImportReport
from ..tables import sniff_delimiter

# An export of a million ACLED rows is about 500 MB; the curated tables keep the smaller tables.MAX_FILE.
MAX_EXPORT = 1_000_000_000

try:
    # pyarrow's default pool here (mimalloc) keeps freed memory: a 100,000-row import peaked ~100 MiB
    # higher with it than with jemalloc, at the same speed (scripts/benchmark_import.py).
    pa.set_memory_pool(pa.jemalloc_memory_pool())
except (NotImplementedError, AttributeError, pa.ArrowNotImplementedError):  # a build without jemalloc
    pass

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[" + "".join(sorted(checks.INVISIBLE)) + "]")


def _problem(path: Path, msg: str, row: int | None = None, column: str | None = None, value=None) -> DataError:
    return DataError([Problem(str(path), row, column, value, msg)])


def read_rows(path: Path, required: list[str] | None = None, *, wanted: list[str] | None = None
              ) -> tuple[pd.DataFrame, np.ndarray, int]:
    """The file's records as strings, their spreadsheet row numbers, and how many HXL rows were dropped.

    CSV (UTF-8, with or without BOM) and Excel ``.xlsx`` are read; every cell is a string, an
    empty cell is "". With ``wanted``, only those columns are kept (the others are never
    converted: a 100,000-row export then needs a fraction of the memory).
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _problem(path, f"cannot read the file ({exc.strerror or exc})") from None
    if size > MAX_EXPORT:
        raise _problem(path, f"larger than {MAX_EXPORT // 1_000_000} MB; split the export by year or country")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        df = _read_xlsx(path)
    else:
        df = _read_csv(path, required or [], wanted)
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
        return list(_read_xlsx(path, nrows=0).columns)
    try:
        with open(path, "rb") as fh:
            first = fh.readline(1_000_000)
    except OSError as exc:
        raise _problem(path, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _problem(path, "not UTF-8 text; export it again as CSV UTF-8") from None
    try:
        return [c.strip() for c in next(csv.reader(io.StringIO(line)), [])]
    except csv.Error as exc:  # e.g. a lone carriage return inside the first row
        raise _problem(path, f"the first row is not a CSV header ({exc}); export the file again as CSV") from None


def _read_xlsx(path: Path, nrows: int | None = None) -> pd.DataFrame:
    try:
        import openpyxl  # noqa: F401  (pandas needs it for .xlsx)
    except ImportError:
        raise _problem(path, "reading .xlsx needs the openpyxl package: pip install openpyxl") from None
    try:
        df = pd.read_excel(path, dtype=str, keep_default_na=False, na_filter=False, engine="openpyxl", nrows=nrows)
    except Exception as exc:  # openpyxl and zipfile raise many types for a damaged file
        raise _problem(path, f"not a readable Excel workbook ({exc.__class__.__name__}); "
                             "export it again, or save it as CSV UTF-8") from None
    df.columns = [str(c).strip() for c in df.columns]
    return df.astype(str).replace({"nan": "", "None": ""})


def _read_csv(path: Path, required: list[str], wanted: list[str] | None = None) -> pd.DataFrame:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        raise _problem(path, "the file is empty")
    cut = raw.find(b"\n", 0, 1_000_000)
    try:
        first = raw[: cut if cut >= 0 else 1_000_000].decode("utf-8").rstrip("\r")
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, raw, exc) from None
    if "," not in first:
        delim = sniff_delimiter(first, required or first.split(";") + first.split("\t"))
        if delim:
            raise _problem(path, f"this file looks {delim}-separated; save it as comma-separated CSV", row=1)
    try:
        # The fast path never decodes the whole file in Python: pyarrow checks the UTF-8 itself.
        df = _read_csv_fast(raw, first, wanted)
    except (pa.ArrowInvalid, ValueError, csv.Error):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _not_utf8(path, raw, exc) from None
        # A row with more cells than the header, or a stray quote: read it row by row to say which.
        df = _read_csv_slowly(path, text)
    df.columns = [str(c).strip() for c in df.columns]
    return df


def _not_utf8(path: Path, raw: bytes, exc: UnicodeDecodeError) -> DataError:
    line = raw.count(b"\n", 0, exc.start) + 1
    return _problem(path, f"not UTF-8 text (line {line}, byte {exc.start} is {raw[exc.start:exc.start + 1]!r}); "
                          "export it again as CSV UTF-8", row=line)


def _read_csv_fast(raw: bytes, first: str, wanted: list[str] | None = None) -> pd.DataFrame:
    """Every column as text, through pyarrow's multithreaded parser; raises on any malformed row."""
    header = next(csv.reader(io.StringIO(first + "\n")))
    if len(set(header)) != len(header):
        raise ValueError("duplicate column names")
    include = [c for c in header if wanted is None or c.strip() in wanted]
    table = pacsv.read_csv(
        pa.py_buffer(raw),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in header},
                                             include_columns=include,
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    return table.to_pandas()


SHAPE = "\x00shape"  # a column of our own: "" or why the row's shape is wrong


def _read_csv_slowly(path: Path, text: str) -> pd.DataFrame:
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    rows, shape = [], []
    try:
        header = next(reader)
        for row in reader:
            shape.append("more cells than columns (a comma inside an unquoted cell?)" if len(row) > len(header) else "")
            rows.append((row + [""] * len(header))[: len(header)])
    except csv.Error as exc:
        raise _problem(path, f"not valid CSV from row {len(rows) + 2} ({exc}); export it again") from None
    df = pd.DataFrame(rows, columns=header)
    df[SHAPE] = shape
    return df


def wrong_shape(df: pd.DataFrame) -> pd.Series:
    """Rows that had more cells than the header (only the row-by-row reader finds them)."""
    if SHAPE not in df:
        return pd.Series(False, index=df.index)
    return df[SHAPE] != ""


def open_table(path: Path, required: list[str], optional: list[str], layout: str, report: ImportReport
               ) -> tuple[pd.DataFrame, np.ndarray]:
    """An export's rows as text, its columns checked, every optional column present ("" when absent)."""
    df, rows, hxl = read_rows(path, required, wanted=required + optional)
    missing_columns(path, df, required, layout)
    if hxl:
        report.notes["HXL hashtag row under the header skipped"] += 1
    for col in optional:
        if col not in df:
            df[col] = ""
    report.read = len(df)
    return df, rows


def coded(codes: pd.Series, table: dict) -> dict[str, pd.Series]:
    """precision, radius_km and precision_why for each row's precision code (a table of geo.vocab)."""
    return {col: codes.map({code: v[i] for code, v in table.items()})
            for i, col in enumerate(("precision", "radius_km", "precision_why"))}


def missing_columns(path: Path, df: pd.DataFrame, required: list[str], layout: str) -> None:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise _problem(path, f"not a {layout} file: missing column(s) {', '.join(missing)}; the columns are "
                             f"{', '.join(map(str, df.columns[:12]))}{' …' if len(df.columns) > 12 else ''}", row=1)


def clean_text(df: pd.DataFrame, columns: list[str], report: ImportReport, *, names: tuple[str, ...] = ()) -> None:
    """Make imported text safe to show, in place, counting every change in ``report.notes``.

    Control characters become spaces; invisible bidirectional controls are removed from name
    columns; text longer than the map shows (:data:`geo.checks.MAX_TEXT`) is cut with "[…]".
    """
    for col in columns:
        if col not in df:
            continue
        s = df[col].astype(str)
        has = s.str.contains(_CONTROL)
        if has.any():
            s = s.where(~has, s.str.replace(_CONTROL, " ", regex=True))
            report.notes[f"control characters in {col} replaced by spaces"] += int(has.sum())
        if col in names:
            inv = s.str.contains(_INVISIBLE)
            if inv.any():
                s = s.where(~inv, s.str.replace(_INVISIBLE, "", regex=True))
                report.notes[f"invisible bidirectional controls removed from {col}"] += int(inv.sum())
        long = s.str.len() > checks.MAX_TEXT
        if long.any():
            s = s.where(~long, s.str.slice(0, checks.MAX_TEXT - 4) + " […]")
            report.notes[f"{col} longer than {checks.MAX_TEXT} characters cut"] += int(long.sum())
        df[col] = s.str.strip()


def numbers(s: pd.Series) -> pd.Series:
    """Decimal numbers as floats; anything else (NaN, inf, '1_0', '1,5', text, empty) is NaN."""
    out = pd.to_numeric(s.astype(str).str.strip(), errors="coerce").astype(float)
    return out.where(np.isfinite(out))


def integers(s: pd.Series) -> pd.Series:
    """Whole numbers >= 0 as nullable integers; anything else is <NA>. Empty is <NA> too."""
    x = numbers(s)
    whole = x.notna() & (x == np.floor(x)) & (x >= 0) & (x < 1e12)
    return x.where(whole).astype("Int64")


def dates(s: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Dates in any of ``formats`` (tried in order, per cell); NaT where none fits or the day does not exist."""
    s = s.astype(str).str.strip()
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[s]")
    for fmt in formats:
        todo = out.isna()
        if not todo.any():
            break
        parsed = pd.to_datetime(s[todo], format=fmt, errors="coerce")
        out[todo] = parsed.astype("datetime64[s]")
    return out
