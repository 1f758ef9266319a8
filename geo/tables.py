"""Reading the CSV tables in ``data/`` while collecting every problem.

Each loader asks :class:`Table` for typed cells; a bad cell becomes a :class:`Problem`
with file, row, column and value, and the loader carries on, so one run reports all of
them. Every file is treated as hostile: any bytes give either rows or problems, never an
exception, and every cell is checked for control characters (names also for invisible
bidirectional controls) before a loader sees it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from .checks import check_name, check_text, decimal
from .errors import Problem
from .terminal import shown

T = TypeVar("T")


class Explained(ValueError):
    """A converter's error that says everything itself: its message replaces the cell's usual hint."""


# No cell of ours is anywhere near this long; a longer one means the wrong file or a lost quote.
MAX_CELL = 1_000_000
MAX_FILE = 200_000_000
MAX_LINE = 10_000_000


@contextlib.contextmanager
def _field_limit(limit: int):
    # The csv module's limit is process-wide; raise it for this read only.
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark); ``UnicodeDecodeError`` otherwise."""
    return raw.decode("utf-8-sig")


def sniff_delimiter(first_line: str, required: Iterable[str]) -> str | None:
    """``;`` or a tab when the header line is clearly separated by one instead of commas."""
    for delim, name in ((";", "';'"), ("\t", "tab")):
        cells = [c.strip().strip('"') for c in first_line.split(delim)]
        if len(cells) > 1 and (set(required) & set(cells)) and "," not in first_line.replace('","', ""):
            return name
    return None


class Table:
    """Rows of one CSV file, with typed access that records problems instead of raising.

    ``names`` are the columns that hold names or keys: they may not contain invisible
    bidirectional controls. Every other cell may hold any printable text.
    """

    def __init__(self, path: Path, required: list[str], *, optional: Iterable[str] = (), names: Iterable[str] = ()):
        self.path = Path(path)
        self.name = str(path)
        self.problems: list[Problem] = []
        self.rows: list[tuple[int, dict[str, str]]] = []
        self._ids: dict[str, int] = {}
        self._names = set(names)
        try:
            if self.path.stat().st_size > MAX_FILE:
                self.problems.append(
                    Problem(
                        self.name, None, None, None, f"larger than {MAX_FILE // 1_000_000} MB; is it the right file?"
                    )
                )
                return
            raw = self.path.read_bytes()
        except OSError as exc:
            self.problems.append(Problem(self.name, None, None, None, f"cannot read the file ({exc.strerror or exc})"))
            return
        try:
            text = decode(raw)
        except UnicodeDecodeError as exc:
            self.problems.append(
                Problem(
                    self.name,
                    None,
                    None,
                    None,
                    f"not UTF-8 text (byte {exc.start} is {raw[exc.start : exc.start + 1]!r}); save it as UTF-8 CSV "
                    "(in a spreadsheet: Save As, 'CSV UTF-8')",
                )
            )
            return
        self._read(text, list(required), set(required) | set(optional))

    def _read(self, text: str, required: list[str], known: set[str]) -> None:
        stream = io.StringIO(text, newline="")
        reader = csv.DictReader(_bounded(stream), strict=True)
        start = 1  # the line the record being read starts on
        with _field_limit(MAX_CELL):
            try:
                header = reader.fieldnames or []
                start = reader.line_num + 1
                twice = sorted({c for c in header if c and header.count(c) > 1})
                if twice:  # csv.DictReader would keep only the last of them, silently
                    names = ", ".join(f"'{shown(c)}'" for c in twice)
                    self.problems.append(
                        Problem(
                            self.name,
                            1,
                            None,
                            None,
                            (
                                f"the column name(s) {names} appear more than once in "
                                "the header; each column needs its own name: rename or delete the repeated column(s)"
                            ),
                        )
                    )
                    return
                missing = [c for c in required if c not in header]
                if missing:
                    first = text.splitlines()[0] if text.strip() else ""
                    delim = sniff_delimiter(first, required)
                    if delim:
                        msg = (
                            f"this file looks {delim}-separated; save it as comma-separated CSV "
                            f"(the columns must be {', '.join(required)})"
                        )
                    elif not text.strip():
                        msg = f"the file is empty; it needs a header row with {', '.join(required)}"
                    else:
                        msg = f"missing column(s) {', '.join(missing)}; expected {', '.join(required)}"
                    self.problems.append(Problem(self.name, 1, None, header if not delim else None, msg))
                    return
                for col in header:
                    if col not in known:
                        self.problems.append(
                            Problem(self.name, 1, col, col, f"unknown column; allowed: {', '.join(sorted(known))}")
                        )
                for row in reader:
                    line = start
                    start = reader.line_num + 1
                    if None in row:  # more cells than header columns
                        self.problems.append(
                            Problem(
                                self.name,
                                line,
                                None,
                                row[None],
                                "more cells than columns; quote cells that contain commas",
                            )
                        )
                        continue
                    cleaned = {k: (v or "").strip() for k, v in row.items()}
                    if not any(cleaned.values()):
                        continue
                    self._clean(line, cleaned)
                    self.rows.append((line, cleaned))
            except csv.Error as exc:
                self.problems.append(Problem(self.name, start, None, None, _csv_message(str(exc))))

    def _clean(self, row: int, values: dict[str, str]) -> None:
        """Check every cell's characters; a bad one is a problem (the row stays, so its id is known)."""
        for column, value in values.items():
            try:
                (check_name if column in self._names else check_text)(value)
            except ValueError as exc:
                self.problem(row, column, value, str(exc))

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(self.rows)

    @property
    def ids(self) -> set[str]:
        """The ``id`` cell of every row read, valid or not: other files may refer to a row with a bad
        cell, and that is one problem (the cell), not two."""
        return {v.get("id", "") for _, v in self.rows} - {""}

    def problem(self, row: int, column: str | None, value: object, message: str) -> None:
        self.problems.append(Problem(self.name, row, column, value, message))

    def unique_id(self, row: int, values: dict[str, str]) -> str | None:
        """The row's ``id`` cell, checked for form and for being unique in this file."""
        rid = self.cell(row, values, "id", _id_form, "use lower-case letters, digits, '-' or '_'")
        if rid is not None:
            first = self._ids.setdefault(rid, row)
            if first != row:
                self.problem(row, "id", rid, f"duplicate id (first used on row {first}); ids must be unique")
        return rid

    def cell(
        self,
        row: int,
        values: dict[str, str],
        column: str,
        convert: Callable[[str], T],
        hint: str,
        *,
        required: bool = True,
    ) -> T | None:
        """Return ``convert(value)``; on failure record a problem naming ``hint`` and return None."""
        value = values.get(column, "")
        if value == "":
            if required:
                self.problem(row, column, value, f"is empty; {hint}")
            return None
        try:
            return convert(value)
        except Explained as exc:
            self.problem(row, column, value, str(exc))
            return None
        except (ValueError, TypeError, OverflowError) as exc:
            detail = f" ({exc})" if str(exc) else ""
            self.problem(row, column, value, f"{hint}{detail}")
            return None


def _bounded(stream: io.StringIO) -> Iterator[str]:
    """The lines of ``stream``, each at most MAX_LINE characters (csv builds a whole row before anyone
    can count its cells: a line of millions of commas must not reach it)."""
    while line := stream.readline(MAX_LINE + 1):
        if len(line) > MAX_LINE:
            raise csv.Error(f"a line longer than {MAX_LINE // 1_000_000} MB")
        yield line


def _csv_message(detail: str) -> str:
    if "field larger than field limit" in detail:
        return f"a cell is larger than {MAX_CELL} characters; is this the right file, or is a quote missing?"
    if "unexpected end of data" in detail or "expected after" in detail or "EOF" in detail:
        return (
            f"a quote in this row is not closed, or text follows a closing quote ({detail}); "
            'put quotes around the whole cell and write a quote inside it as ""'
        )
    return f"not valid CSV from this row on ({detail})"


_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _id_form(value: str) -> str:
    if not _ID.match(value):
        raise ValueError()
    return value


def split_list(value: str) -> tuple[str, ...]:
    """Cells holding several items separate them with ';'."""
    return tuple(part.strip() for part in value.split(";") if part.strip())


def number_in(lo: float, hi: float) -> Callable[[str], float]:
    def convert(value: str) -> float:
        x = decimal(value)
        if not lo <= x <= hi:
            raise ValueError(f"outside {lo:g}..{hi:g}")
        return x

    return convert


def one_of(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def convert(value: str) -> str:
        if value not in allowed:
            raise ValueError()
        return value

    return convert
