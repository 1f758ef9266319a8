"""The frame every importer fills: checks that skip rows with a reason, and geocoding of rows without coordinates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..checks import Region
from ..dates import DateWindow
from ..errors import DataError, Problem
from ..events import ImportReport, conform
from ..vocab import MAX_FATALITIES, PRECISIONS

# names, ISO3 hints[, admin-1 hints, admin-2 hints] -> DataFrame(lat, lon, precision, radius_km, resolved,
# matched, source), index-aligned
GeocodeFn = Callable[..., pd.DataFrame]


@dataclass
class Context:
    """What an importer needs besides the file: the region, the geocoder, strictness, the dates it accepts."""

    region: Region
    geocode: GeocodeFn
    strict: bool = False
    window: DateWindow = field(default_factory=DateWindow.default)
    # False: free-text notes are not read at all (a page built without notes; at a million ACLED rows they are
    # a third of the file); the events' notes are empty.
    notes: bool = True


class Rows:
    """Row checks over a whole table: each failing check skips its rows with a reason, once."""

    def __init__(self, path: Path, df: pd.DataFrame, rows: np.ndarray, report: ImportReport, strict: bool):
        self.path, self.df, self.rows, self.report, self.strict = path, df, rows, report, strict
        self.ok = pd.Series(True, index=df.index)
        self.first: tuple[int, str, str | None, object] | None = None

    def fail(
        self,
        mask: pd.Series,
        reason: str,
        column: str | None = None,
        values: pd.Series | Callable[[int], object] | None = None,
    ) -> None:
        """Skip the rows of ``mask`` (not yet skipped) for ``reason``.

        ``values`` gives what a person is shown of each failing row: a column, or a function of a row's
        position that makes it (so a value built from several cells is made for the few rows shown only,
        not for every row of the file)."""
        m = (mask.fillna(True) if hasattr(mask, "fillna") else mask) & self.ok
        if not m.any():
            return
        idx = np.flatnonzero(m.to_numpy())
        value = None if values is None else values if callable(values) else values.iloc.__getitem__
        shown = None if value is None else [value(i) for i in idx[: ImportReport.MAX_EXAMPLES]]
        self.report.skip(self.rows[idx], reason if column is None else f"{column}: {reason}", shown)
        row = int(self.rows[idx[0]])
        if self.first is None or row < self.first[0]:
            self.first = (row, reason, column, None if value is None else value(idx[0]))
        self.ok &= ~m

    def finish(self) -> None:
        """In strict mode, the first bad row is an error (nothing is imported)."""
        if self.strict and self.first is not None:
            row, reason, column, value = self.first
            raise DataError(
                [
                    Problem(
                        str(self.path),
                        row,
                        column,
                        value,
                        f"{reason} (`strict` stops at the first bad row; without it such rows are skipped and counted)",
                    )
                ]
            )

    def result(self, out: pd.DataFrame) -> pd.DataFrame:
        """The rows that passed every check, as an event table; the report counts them. ``out`` is used up:
        each of its columns goes once converted (an importer's last step)."""
        self.finish()
        keep = self.ok.to_numpy()
        self.report.mapped = int(keep.sum())
        table = conform(out, keep, consume=True)
        repeated = int(table["source_id"].duplicated().sum()) if len(table) else 0
        if repeated:
            self.report.notes["the id of an earlier row repeated (each row kept as an event of its own)"] += repeated
        return table

    def fatalities(self, column: str, parsed: pd.Series, raw: pd.Series, *, required: bool) -> None:
        empty = raw.astype(str).str.strip() == ""
        bad = parsed.isna() & (~empty if not required else pd.Series(True, index=raw.index))
        self.fail(bad, "not a whole number of people killed", column, raw)
        self.fail(
            parsed.fillna(0) > MAX_FATALITIES,
            f"more than {MAX_FATALITIES} killed in one event; check the row",
            column,
            raw,
        )

    def dates(
        self,
        start: pd.Series,
        end: pd.Series,
        window: DateWindow,
        column: str,
        values: pd.Series,
        end_column: str | None = None,
        end_values: pd.Series | None = None,
    ) -> None:
        """Rows dated outside ``window``, or whose span is longer than it allows, are skipped.

        ``column`` (``end_column``) names the cell that gives the start (the end); NaT rows were
        skipped already as not dates."""
        first, last = pd.Timestamp(window.first), pd.Timestamp(window.last)
        end_column = end_column or column
        end_values = values if end_values is None else end_values
        self.fail(start.notna() & (start < first), window.outside_reason(), column, values)
        self.fail(end.notna() & (end > last), window.outside_reason(), end_column, end_values)
        self.fail(
            start.notna() & (end > start + pd.Timedelta(days=window.span_days())),
            window.span_reason(),
            end_column,
            values if end_column == column else lambda i: f"{values.iloc[i]}..{end_values.iloc[i]}",
        )

    def coordinates(self, lat: pd.Series, lon: pd.Series, raw_lat: pd.Series, region: Region) -> None:
        """Rows whose coordinates are present but unusable or outside the region are skipped."""
        given = lat.notna() & lon.notna()
        inside = given & lat.between(region.south, region.north) & lon.between(region.west, region.east)
        swapped = given & ~inside & lon.between(region.south, region.north) & lat.between(region.west, region.east)
        lat5, lon5 = lat.round(5), lon.round(5)

        def pairs(i: int) -> tuple[float, float]:  # made for the rows shown only: a tuple per row is ~100 bytes
            return float(lat5.iloc[i]), float(lon5.iloc[i])

        self.fail(
            swapped,
            f"coordinates outside the region {region.describe()}; latitude and longitude look swapped",
            "latitude",
            pairs,
        )
        self.fail(
            given & ~inside,
            f"coordinates outside the region {region.describe()} (give `region` W,S,E,N if the data covers more)",
            "latitude",
            pairs,
        )


def cells(*columns: pd.Series, sep: str) -> Callable[[int], str]:
    """A row's cells of ``columns`` joined by ``sep``, as :meth:`Rows.fail` shows them: made for the few rows
    shown, where ``a + sep + b`` would make a column of them for every row of the file."""
    return lambda i: sep.join(c.iloc[i] for c in columns)


def outside_window(table: pd.DataFrame, window: DateWindow, report: ImportReport, strict: bool = False) -> pd.DataFrame:
    """``table`` without any row an importer let through outside ``window`` (each format checks its own
    date cells first, naming them; this keeps the promise for every format): nothing outside the window
    reaches a map's time slider, a chart or the counts."""
    if not len(table):
        return table
    start, end = pd.to_datetime(table["start"]), pd.to_datetime(table["end"])
    bad = (
        (start < pd.Timestamp(window.first))
        | (end > pd.Timestamp(window.last))
        | (end > start + pd.Timedelta(days=window.span_days()))
    )
    if not bad.any():
        return table
    reason = f"{window.outside_reason()}; or {window.span_reason()}"
    if strict:
        first = table[bad].iloc[0]
        raise DataError([Problem(report.file, int(first["row"]), "date", first["date_label"], reason)])
    report.skip(table.loc[bad, "row"], f"date: {reason}", list(table.loc[bad, "date_label"]))
    report.mapped -= int(bad.sum())
    return table[~bad].reset_index(drop=True)


def geocode_missing(
    df: pd.DataFrame,
    need: pd.Series,
    names: pd.Series,
    countries: pd.Series,
    ctx: Context,
    check: Rows,
    report: ImportReport,
    admin1: pd.Series | None = None,
    admin2: pd.Series | None = None,
) -> pd.DataFrame:
    """Fill lat/lon/precision for rows ``need``ing it from the geocoder, with the row's country and admin units
    (``admin1``, ``admin2``: the file's own columns) as hints; unresolved rows are skipped."""
    if not need.any():
        return df
    hints = [s[need] if s is not None else None for s in (admin1, admin2)]
    found = ctx.geocode(names[need], countries[need], *hints)
    unresolved = pd.Series(False, index=df.index)
    unresolved[need] = ~found["resolved"].to_numpy(bool)
    check.fail(
        unresolved,
        "no coordinates, and the place name does not resolve in the gazetteer "
        "(add the place to your gazetteer, or give coordinates)",
        "location",
        names,
    )
    ok = need & check.ok
    sel = ok[need].to_numpy()
    rank = {p: i for i, p in enumerate(PRECISIONS)}
    # The coarser of what the file says (its precision code) and how well the gazetteer knows the place.
    own = df.loc[ok, "precision"].map(rank).to_numpy()
    place = found.loc[sel, "precision"].map(rank).to_numpy()
    df.loc[ok, "precision"] = [PRECISIONS[max(a, b)] for a, b in zip(own, place, strict=True)]
    df.loc[ok, "radius_km"] = np.maximum(
        df.loc[ok, "radius_km"].to_numpy(float), found.loc[sel, "radius_km"].to_numpy(float)
    )
    for col in ("lat", "lon"):
        df.loc[ok, col] = found.loc[sel, col].to_numpy()
    df.loc[ok, "precision_why"] = (
        found.loc[sel, "precision_why"] + "; " + df.loc[ok, "precision_why"].to_numpy()
    ).to_numpy()
    df.loc[ok, "geocoded"] = True
    report.notes["no coordinates in the file: placed by geocoding the place name"] += int(ok.sum())
    return df
