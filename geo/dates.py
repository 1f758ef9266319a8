"""Dates at the precision a source gives them.

A date in the data is one of ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an interval
``START/END`` of two such dates ("late March" becomes ``2021-03-20/2021-03-31``). A
:class:`DateSpan` keeps the first and last day the statement can refer to and the
precision, so nothing is shown as more exact than the source says.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


@dataclass(frozen=True)
class DateSpan:
    """The first and last day a dated statement can refer to, and how it was given."""

    start: dt.date
    end: dt.date
    precision: str  # "day", "month", "year" or "range"
    text: str  # the ISO text it was parsed from

    def label(self) -> str:
        """Human wording that keeps the precision: '13 March 2022', 'March 2022', '20-31 March 2021'."""
        if self.precision == "day":
            return _day(self.start)
        if self.precision == "month":
            return f"{_MONTHS[self.start.month]} {self.start.year}"
        if self.precision == "year":
            return str(self.start.year)
        return f"between {_day(self.start)} and {_day(self.end)}"


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month]} {d.year}"


def _bounds(text: str) -> tuple[dt.date, dt.date, str]:
    m = _PART.match(text)
    if not m:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.group(1), m.group(2), m.group(3)
    y = int(year)
    if month is None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    mo = int(month)
    if not 1 <= mo <= 12:
        raise ValueError(f"{text!r} has month {mo}, outside 1-12")
    if day is None:
        return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1]), "month"
    try:
        d = dt.date(y, mo, int(day))
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar") from None
    return d, d, "day"


def parse_span(text: str) -> DateSpan:
    """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``START/END``.

    Raises
    ------
    ValueError
        With wording a person can act on when the text is none of these, or when an
        interval ends before it starts.
    """
    text = str(text).strip()
    if "/" in text:
        left, _, right = text.partition("/")
        start, _, _ = _bounds(left.strip())
        _, end, _ = _bounds(right.strip())
        if end < start:
            raise ValueError(f"interval {text!r} ends before it starts")
        return DateSpan(start, end, "range", text)
    start, end, precision = _bounds(text)
    return DateSpan(start, end, precision, text)
