"""Reading the CSV tables in ``data/`` while collecting every problem.

Each loader asks :class:`Table` for typed cells; a bad cell becomes a :class:`Problem`
with file, row, column and value, and the loader carries on, so one run reports all of
them.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from .errors import Problem

T = TypeVar("T")


class Table:
    """Rows of one CSV file, with typed access that records problems instead of raising."""

    def __init__(self, path: Path, required: list[str], *, optional: list[str] = ()):
        self.path = Path(path)
        self.name = str(path)
        self.problems: list[Problem] = []
        self.rows: list[tuple[int, dict[str, str]]] = []
        self._ids: dict[str, int] = {}
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            self.problems.append(Problem(self.name, None, None, None, f"cannot read the file ({exc.strerror})"))
            return
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.problems.append(
                Problem(self.name, None, None, None, f"not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV")
            )
            return
        if "\x00" in text:
            self.problems.append(Problem(self.name, None, None, None, "contains NUL bytes; is it really a CSV file?"))
            return
        try:
            reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                self.problems.append(
                    Problem(self.name, 1, None, header, f"missing column(s) {', '.join(missing)}; expected {', '.join(required)}")
                )
                return
            known = set(required) | set(optional)
            for col in header:
                if col not in known:
                    self.problems.append(
                        Problem(self.name, 1, col, col, f"unknown column; allowed: {', '.join(sorted(known))}")
                    )
            for row in reader:
                if None in row:  # more cells than header columns
                    self.problems.append(
                        Problem(self.name, reader.line_num, None, row[None], "more cells than columns; quote cells that contain commas")
                    )
                    continue
                cleaned = {k: (v or "").strip() for k, v in row.items()}
                if not any(cleaned.values()):
                    continue
                self.rows.append((reader.line_num, cleaned))
        except csv.Error as exc:
            self.problems.append(Problem(self.name, None, None, None, f"not valid CSV: {exc}"))

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(self.rows)

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
        self, row: int, values: dict[str, str], column: str, convert: Callable[[str], T], hint: str, *, required: bool = True
    ) -> T | None:
        """Return ``convert(value)``; on failure record a problem naming ``hint`` and return None."""
        value = values.get(column, "")
        if value == "":
            if required:
                self.problem(row, column, value, f"is empty; {hint}")
            return None
        try:
            return convert(value)
        except (ValueError, TypeError) as exc:
            detail = f" ({exc})" if str(exc) else ""
            self.problem(row, column, value, f"{hint}{detail}")
            return None


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
        x = float(value)
        if not lo <= x <= hi:
            raise ValueError(f"outside {lo}..{hi}")
        return x

    return convert


def one_of(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def convert(value: str) -> str:
        if value not in allowed:
            raise ValueError()
        return value

    return convert
