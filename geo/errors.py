"""Errors the library raises. None of them prints or exits; ``geo/cli.py`` does that.

A message that tells the user to change an argument names the Python parameter in backquotes (```region```,
```fmt```); the command line shows each as its flag (``--region``, ``--events-format``: ``geo.cli.FLAGS``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located precisely enough to fix it.

    ``row`` is the 1-based line number in the file as a spreadsheet shows it (the header is
    line 1), or ``None`` for a problem with the file as a whole.
    """

    file: str
    row: int | None
    column: str | None
    value: object
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        shown = "" if self.value is None else f": {self.value!r}"
        return f"{where}{shown}: {self.message}"


class LiptakoError(Exception):
    """Base class of every error this package raises on purpose."""


class DataError(LiptakoError):
    """One or more problems in the input data, all collected before raising."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the input data"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


class OutputError(LiptakoError):
    """The map could not be written; the previous file, if any, is untouched."""


def checked(result: tuple[T, list[Problem]]) -> T:
    """The items of a ``read_*`` loader's ``(items, problems)``; :class:`DataError` if any problem."""
    items, problems = result
    if problems:
        raise DataError(problems)
    return items
