"""Sources (``data/sources.csv``) and the records drawn from them (``data/records.csv``).

A record is one mappable statement of a source: an attack, an airstrike, a deployment, a
base, a deteriorating security situation, or a political decision. It names its places
as the source writes them; geocoding turns those names into :class:`~geo.gazetteer.Place`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import vocab
from .dates import DateSpan, DateWindow, parse_span
from .errors import Problem, checked
from .tables import Explained, Table, number_in, one_of, split_list
from .vocab import MAX_FATALITIES
from .vocab import RECORD_KINDS as KINDS

SOURCE_COLUMNS = ["id", "publisher", "title", "date", "url", "says"]
RECORD_COLUMNS = [
    "id",
    "kind",
    "date",
    "date_text",
    "places",
    "place_text",
    "actors",
    "fatalities",
    "fatalities_text",
    "summary",
    "sources",
    "note",
]
RECORD_OPTIONAL = ["near_km"]


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    date: DateSpan
    url: str
    says: str


@dataclass(frozen=True)
class Record:
    """One mappable statement.

    ``places`` are the names as the source writes them, to be geocoded; ``place_text`` is the
    source's own wording of where ("the area surrounding the desert town of Menaka").
    ``fatalities`` is the figure the source states (a minimum where it says "at least"),
    shared by all of the record's places, never multiplied by them.
    """

    id: str
    kind: str
    date: DateSpan
    date_text: str
    places: tuple[str, ...]
    place_text: str
    actors: str
    fatalities: int | None
    fatalities_text: str
    summary: str
    sources: tuple[str, ...]
    note: str = ""
    near_km: float | None = None  # the source says "around"/"near" the place: draw it approximate, this far
    row: int = field(default=0, compare=False)  # line in records.csv, for error messages


_TOLL = re.compile(r"^(\d{1,9})( confirmed)?$")


def _count(value: str) -> int:
    """A toll: a whole number; above :data:`~geo.vocab.MAX_FATALITIES` only when written "N confirmed"."""
    m = _TOLL.match(value)
    if not m:
        raise ValueError("not a whole number")
    n = int(m.group(1))
    if n > MAX_FATALITIES and not m.group(2):
        raise Explained(
            f"above {MAX_FATALITIES} for one record; check the figure, and if it is right write it as '{n} confirmed'"
        )
    return n


def load_sources(path: Path) -> list[Source]:
    """Load and validate the sources; raise :class:`DataError` listing every problem."""
    return checked(read_sources(path))


def read_sources(path: Path) -> tuple[list[Source], list[Problem]]:
    """Load the sources; return the valid ones and every problem found."""
    sources, problems, _ = _read_sources(path)
    return sources, problems


def _read_sources(path: Path) -> tuple[list[Source], list[Problem], set[str]]:
    table = Table(path, SOURCE_COLUMNS, names=["id"])
    out: list[Source] = []
    for row, v in table:
        sid = table.unique_id(row, v)
        publisher = table.cell(row, v, "publisher", str, "name the publisher")
        title = table.cell(row, v, "title", str, "give the title")
        date = table.cell(row, v, "date", parse_span, "publication date as YYYY, YYYY-MM, YYYY-MM-DD or START/END")
        says = table.cell(row, v, "says", str, "say what the source states that the data uses")
        if sid is None or publisher is None or title is None or date is None or says is None:
            continue
        out.append(Source(sid, publisher, title, date, v.get("url", ""), says))
    return out, table.problems, table.ids


def read_sources_and_records(
    sources_path: Path, records_path: Path, *, window: DateWindow | None = None
) -> tuple[list[Source], list[Record], list[Problem]]:
    """Both tables, checked together: a record citing a source whose row has a bad cell is not
    reported again as citing an unknown source. Records must be dated within ``window`` (default
    :meth:`DateWindow.default`)."""
    sources, problems, ids = _read_sources(sources_path)
    records, p = read_records(records_path, sources, known_ids=ids, window=window)
    return sources, records, problems + p


def load_records(path: Path, sources: list[Source]) -> list[Record]:
    """Load and validate records; raise :class:`DataError` listing every problem."""
    return checked(read_records(path, sources))


def read_records(
    path: Path,
    sources: list[Source],
    *,
    known_ids: set[str] | frozenset[str] = frozenset(),
    window: DateWindow | None = None,
) -> tuple[list[Record], list[Problem]]:
    """Load records; every source id must exist in ``sources`` (or ``known_ids``), every date lie in ``window``
    (default :meth:`DateWindow.default`). Return them and every problem."""
    known = {s.id for s in sources} | set(known_ids)
    window = window or DateWindow.default()
    table = Table(path, RECORD_COLUMNS, optional=RECORD_OPTIONAL, names=["id", "kind", "places", "sources"])
    out: list[Record] = []
    for row, v in table:
        rid = table.unique_id(row, v)
        kind = table.cell(row, v, "kind", one_of(KINDS), f"use one of {', '.join(KINDS)}")
        date = table.cell(
            row, v, "date", parse_span, "write YYYY, YYYY-MM, YYYY-MM-DD or START/END (e.g. 2021-03-20/2021-03-31)"
        )
        if date is not None and (why := window.problem(date.start, date.end)):
            table.problem(row, "date", v["date"], why)
            date = None
        fatalities = table.cell(
            row, v, "fatalities", _count, "a whole number of people killed, or leave it empty", required=False
        )
        summary = table.cell(row, v, "summary", str, "say what happened")
        near_km = table.cell(
            row, v, "near_km", number_in(0.1, 1000), "distance in km, 0.1..1000, or leave it empty", required=False
        )
        srcs = split_list(v.get("sources", ""))
        if not srcs:
            table.problem(row, "sources", v.get("sources", ""), "every record needs a source id from sources.csv")
        for sid in srcs:
            if sid not in known:
                table.problem(
                    row,
                    "sources",
                    sid,
                    f"unknown source id; add it to sources.csv or use one of {', '.join(sorted(known))}",
                )
        if rid is None or kind is None or date is None or summary is None:
            continue
        out.append(
            Record(
                rid,
                kind,
                date,
                v.get("date_text", ""),
                split_list(v.get("places", "")),
                v.get("place_text", ""),
                v.get("actors", ""),
                fatalities,
                v.get("fatalities_text", ""),
                summary,
                srcs,
                v.get("note", ""),
                near_km,
                row,
            )
        )
    return out, table.problems


def span_of(records: list[Record]) -> tuple[dt.date, dt.date] | None:
    """First and last day covered by the records, or None when there are none."""
    if not records:
        return None
    return min(r.date.start for r in records), max(r.date.end for r in records)


def apply_near(frame, rows=None) -> None:
    """The near rule, in place on a table of placements (columns ``near_km``, ``precision``, ``radius_km``): a
    record that says "around X" (``near_km`` given) is never more precise than "near X", however exact X is,
    and is drawn at least ``near_km`` wide. ``rows`` (a boolean mask) limits the rule to those rows."""
    near = frame["near_km"].notna()
    if rows is not None:
        near &= rows
    frame.loc[near & (frame["precision"] == vocab.EXACT), "precision"] = vocab.NEAR
    frame.loc[near, "radius_km"] = frame.loc[near, ["radius_km", "near_km"]].astype(float).max(axis=1)
