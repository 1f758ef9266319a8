"""Importers: one module per event format, one model behind them (:mod:`geo.events`).

:func:`import_events` reads each file, detects its format from the header (or takes the one
given), maps its rows to the event model, and reports what it did with every row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import vocab
from ..checks import THREE_COUNTRIES, Region
from ..dates import DateWindow
from ..errors import DataError, Problem
from ..events import ImportReport, empty
from . import acled, records, ucdp
from .base import Context, outside_window
from .common import header

if TYPE_CHECKING:  # importers need only a geocoder's calls, not the module (which reads inputs through them)
    from ..geocode import Geocoder

FORMATS = dict(zip(vocab.EVENT_FORMATS, (acled, ucdp, records), strict=True))


def detect_format(path: Path) -> str:
    """The format of an event file, from its header; :class:`DataError` when it is none of ours."""
    path = Path(path)
    columns = header(path)
    for name in ("acled", "ucdp", "records"):
        if FORMATS[name].detect(columns):
            return name
    raise DataError(
        [
            Problem(
                str(path),
                1,
                None,
                None,
                "not an ACLED, UCDP GED or records file: its header has none of their key columns "
                "(ACLED: event_id_cnty, event_date, event_type; UCDP: type_of_violence, where_prec, "
                "date_start, best; records: id, kind, date, places, sources); name the format with "
                "`fmt` if it is one of them",
            )
        ]
    )


def make_geocode(geocoder: Geocoder):
    """A geocode function for importers: names and ISO3 hints in, placements out (see :mod:`.base`)."""
    by_country: dict[str, Geocoder] = {}

    def coder(iso: str) -> Geocoder:
        if iso not in by_country:
            by_country[iso] = geocoder.restricted(iso) if iso else geocoder
        return by_country[iso]

    known: dict[tuple[str, str], str | None] = {}

    def unit(level: str, name: str) -> str | None:
        """The file's unit as a hint, or None where the gazetteer and the layers know no unit of that name (an
        old or foreign spelling is then no reason to leave the row unplaced)."""
        if (level, name) not in known:
            known[(level, name)] = name if name and geocoder.unknown_unit(level, name) is None else None
        return known[(level, name)]

    def geocode(
        names: pd.Series, countries: pd.Series, admin1: pd.Series | None = None, admin2: pd.Series | None = None
    ) -> pd.DataFrame:
        blank = pd.Series("", index=names.index)
        pairs = pd.DataFrame(
            {
                "name": names.astype(str),
                "iso": countries.astype(str),
                "admin1": (blank if admin1 is None else admin1).astype(str),
                "admin2": (blank if admin2 is None else admin2).astype(str),
            }
        )
        answers = {}
        for name, iso, a1, a2 in pairs.drop_duplicates().itertuples(index=False):
            base = coder(iso)
            hint1, hint2 = unit("admin1", a1.strip()), unit("admin2", a2.strip())
            m = (base.hinted(admin1=hint1, admin2=hint2) if hint1 or hint2 else base)(name)
            p = m.place
            answers[(name, iso, a1, a2)] = (
                (
                    p.lat,
                    p.lon,
                    p.precision,
                    p.radius_km,
                    True,
                    p.name,
                    f"no coordinates in the file: placed by geocoding “{name}” ({m.status} match to {p.name}, "
                    f"{p.country}; {p.source})",
                )
                if p is not None
                else (None, None, "", 0.0, False, "", "")
            )
        rows = [answers[key] for key in pairs.itertuples(index=False, name=None)]
        return pd.DataFrame(
            rows,
            columns=["lat", "lon", "precision", "radius_km", "resolved", "matched", "precision_why"],
            index=names.index,
        )

    return geocode


def import_events(
    paths,
    *,
    geocoder: Geocoder,
    region: Region = THREE_COUNTRIES,
    fmt: str | None = None,
    strict: bool = False,
    accessed: dt.date | None = None,
    window: DateWindow | None = None,
    notes: bool = True,
) -> tuple[pd.DataFrame, list[ImportReport]]:
    """Read event files into one event table (not yet analysed), with one report per file; with ``notes`` False,
    ACLED's notes are not read (the events' notes are empty).

    Rows dated outside ``window`` (default :meth:`DateWindow.default`: 1989 to a year after today,
    spans of up to 5 years) are skipped and counted like any bad row: none reaches the table.

    Raises
    ------
    DataError
        For a file that cannot be read or is of no known format (all such files at once); with
        ``strict``, for the first bad row of any file.
    """
    window = window or DateWindow.default()
    ctx = Context(region=region, geocode=make_geocode(geocoder), strict=strict, window=window, notes=notes)
    tables, reports, problems = [], [], []
    for path in paths:
        path = Path(path)
        try:
            name = fmt or detect_format(path)
            when = accessed or dt.date.fromtimestamp(path.stat().st_mtime)
            report = ImportReport(str(path), name, accessed=when)
            tables.append(outside_window(FORMATS[name].read(path, ctx, report), window, report, strict))
            reports.append(report)
        except DataError as exc:
            problems += exc.problems
        except OSError as exc:
            problems.append(Problem(str(path), None, None, None, f"cannot read the file ({exc.strerror or exc})"))
    if problems:
        raise DataError(problems)
    table = pd.concat(tables, ignore_index=True) if tables else empty()
    return table, reports


def citations(reports: list[ImportReport]) -> list[str]:
    """The citations a map or an export of these files must carry, one per format."""
    out = []
    for name in ("acled", "ucdp"):
        dates = sorted({r.accessed for r in reports if r.format == name and r.accessed})
        if dates:
            out.append(
                FORMATS[name].citation(dates[-1])
                if len(dates) == 1
                else FORMATS[name]
                .citation(dates[0])
                .replace(dates[0].isoformat(), f"{dates[0].isoformat()} to {dates[-1].isoformat()}")
            )
    return out
