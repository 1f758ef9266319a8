"""Dates at the precision a source gives them.

A date in the data is one of ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an interval
``START/END`` of two such dates ("late March" becomes ``2021-03-20/2021-03-31``). A
:class:`DateSpan` keeps the first and last day the statement can refer to and the
precision, so nothing is shown as more exact than the source says.

A :class:`DateWindow` is the range of dates an event may plausibly carry (by default from 1989,
UCDP GED's first year, to a year after today) and the longest span it may have: one row dated
9999-12-31 must not stretch a map's time slider or a chart over eight thousand years.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .vocab import FIRST_DATE, MAX_SPAN_YEARS, YEARS_AHEAD

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


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


@dataclass(frozen=True)
class DateWindow:
    """The dates an event may carry: every day of its span within ``first``..``last`` (inclusive), and
    the span (start to end) no longer than ``max_span_years``. :meth:`default` is 1989-01-01 to a year
    after today, spans of up to 5 years (:mod:`geo.vocab`)."""

    first: dt.date
    last: dt.date
    max_span_years: float = MAX_SPAN_YEARS

    def __post_init__(self):
        if self.last < self.first:
            raise ValueError(f"date window {self.describe()} ends before it starts")
        if not self.max_span_years > 0:
            raise ValueError(f"the longest date span must be above 0 years, not {self.max_span_years!r}")

    @classmethod
    def default(cls, today: dt.date | None = None) -> DateWindow:
        today = today or dt.date.today()
        year = today.year + YEARS_AHEAD
        last = today.replace(year=year, day=min(today.day, calendar.monthrange(year, today.month)[1]))
        return cls(dt.date.fromisoformat(FIRST_DATE), last, MAX_SPAN_YEARS)

    @classmethod
    def parse(cls, text: str, *, max_span_years: float = MAX_SPAN_YEARS, today: dt.date | None = None) -> DateWindow:
        """``FIRST..LAST``, each ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a year or month counts whole: ``1960..2030``
        is 1960-01-01 to 2030-12-31); a side left empty keeps its default (``1960-01-01..``)."""
        default = cls.default(today)
        left, sep, right = str(text).strip().partition("..")
        if not sep:
            raise ValueError(f"{text!r}: write the window as FIRST..LAST, e.g. 1989-01-01..{default.last.isoformat()}")
        try:
            first = _bounds(left.strip())[0] if left.strip() else default.first
            last = _bounds(right.strip())[1] if right.strip() else default.last
        except ValueError as exc:
            raise ValueError(f"{text!r}: {exc}") from None
        return cls(first, last, max_span_years)

    def describe(self) -> str:
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    def span_days(self) -> int:
        """The longest span allowed, in days (a year is 365.25 days)."""
        return int(self.max_span_years * 365.25)

    def outside_reason(self) -> str:
        return (
            f"dated outside the accepted window {self.describe()} (default: from 1989, UCDP GED's first year, to "
            "a year after today); if the date is right, widen the window with `window` FIRST..LAST"
        )

    def span_reason(self) -> str:
        return (
            f"a date span longer than {self.max_span_years:g} years; if it is right, allow it with `max_span_years` N"
        )

    def problem(self, start: dt.date, end: dt.date) -> str | None:
        """Why the span ``start``..``end`` is refused, or None when it fits the window."""
        if start < self.first or end > self.last:
            return self.outside_reason()
        if (end - start).days > self.span_days():
            return self.span_reason()
        return None
