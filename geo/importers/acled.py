"""ACLED exports, in both published layouts, as the event model.

The older layout (``data_id, iso, event_id_cnty, event_id_no_cnty, event_date, year,
time_precision, event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2,
inter2, interaction, region, country, admin1, admin2, admin3, location, latitude, longitude,
geo_precision, source, source_scale, notes, fatalities, timestamp, iso3``) and the current one
(since March 2023: adds ``disorder_type``, ``civilian_targeting``, ``tags``; drops ``data_id``,
``event_id_no_cnty``, ``iso3``) are read alike; only the columns below are needed. Dates may be
ISO (``2022-03-13``), ``13 March 2022`` or ``13-Mar-22``; an HXL hashtag row under the header is
skipped.

Mapping (the vocabulary is :mod:`geo.vocab`): ``event_type``/``sub_event_type`` -> kind;
``time_precision`` -> a date span (1 the day, 2 the week around it, 3 its month);
``geo_precision`` -> precision and a drawn radius; ``fatalities`` is ACLED's one conservative figure.
Rows without coordinates are geocoded by ``location`` with the country as a hint.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import vocab
from ..events import ImportReport
from .base import Context, Rows, cells, geocode_missing
from .common import SHAPE, clean_text, coded, dates, integers, numbers, open_table, per_distinct, wrong_shape

REQUIRED = ["event_id_cnty", "event_date", "event_type", "country", "location", "latitude", "longitude", "fatalities"]
OPTIONAL = [
    "sub_event_type",
    "time_precision",
    "geo_precision",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "admin1",
    "admin2",
    "admin3",
    "source",
    "source_scale",
    "notes",
    "year",
]
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%Y-%m-%dT%H:%M:%S")
COUNTRIES = vocab.COUNTRY_NAMES  # ACLED's country names -> ISO3, the geocoder's hint
FORMAT = vocab.SOURCE_FORMATS["acled"]


detect = FORMAT.detect


def join(*parts: pd.Series, sep: str) -> pd.Series:
    """The non-empty cells of ``parts``, joined with ``sep``, row by row (vectorised)."""
    out = parts[0].astype(str).str.strip()
    for p in parts[1:]:
        p = p.astype(str).str.strip()
        out = out.where(p == "", (out + sep + p).where(out != "", p))
    return out


def read(path: Path, ctx: Context, report: ImportReport) -> pd.DataFrame:
    """The rows of an ACLED export as an event table; bad rows are skipped and counted in ``report``.

    Memory: each column of the file is dropped once its last use is past, and text made from several
    cells is made once per distinct combination (:func:`per_distinct`), so a 200 MB export does not hold
    the file's columns, the event table's and a temporary copy of each at once.
    """
    optional = OPTIONAL if ctx.notes else [c for c in OPTIONAL if c != "notes"]
    df, rows = open_table(path, REQUIRED, optional, FORMAT.label, report)
    if "notes" not in df:  # not read (a page without notes): empty, as in an export without the column
        df["notes"] = ""
    clean_text(
        df,
        [
            "event_id_cnty",
            "event_type",
            "sub_event_type",
            "actor1",
            "assoc_actor_1",
            "inter1",
            "actor2",
            "assoc_actor_2",
            "inter2",
            "country",
            "admin1",
            "admin2",
            "admin3",
            "location",
            "source",
            "source_scale",
            "notes",
        ],
        report,
        names=("location", "admin1", "admin2", "admin3", "country"),
    )
    check = Rows(path, df, rows, report, ctx.strict)
    check.fail(wrong_shape(df), "more cells than columns (a comma inside an unquoted cell?)")
    done(df, SHAPE)
    check.fail(df["event_id_cnty"] == "", "empty event id", "event_id_cnty", df["event_id_cnty"])

    kind = per_distinct(
        lambda sub, typ: sub.map(vocab.ACLED_SUB_EVENT_TYPES).fillna(typ.map(vocab.ACLED_EVENT_TYPES)),
        df["sub_event_type"],
        df["event_type"],
    )
    check.fail(
        kind.isna(),
        f"unknown event_type; ACLED's are {', '.join(vocab.ACLED_EVENT_TYPES)}",
        "event_type",
        df["event_type"],
    )

    day = dates(df["event_date"], DATE_FORMATS)
    check.fail(
        day.isna(),
        "not a date (ISO 2022-03-13, 13 March 2022 or 13-Mar-22), or no such day",
        "event_date",
        df["event_date"],
    )
    tp = integers(df["time_precision"].where(df["time_precision"] != "", "1"))
    check.fail(
        ~tp.isin([1, 2, 3]).fillna(False).astype(bool),
        "time_precision must be 1, 2 or 3",
        "time_precision",
        df["time_precision"],
    )
    time_code = code(tp, df["time_precision"], vocab.ACLED_TIME_PRECISION)
    done(df, "time_precision")
    year = integers(df["year"])
    done(df, "year")
    disagree = year.notna() & day.notna() & (year != day.dt.year)
    if (disagree & check.ok).any():
        report.notes["year column disagrees with event_date (event_date kept)"] += int((disagree & check.ok).sum())
    del year, disagree

    lat, lon = numbers(df["latitude"]), numbers(df["longitude"])
    blank = (df["latitude"].str.strip() == "") & (df["longitude"].str.strip() == "")
    check.fail(
        ~blank & (lat.isna() | lon.isna()),
        "not a plain decimal number",
        "latitude",
        cells(df["latitude"], df["longitude"], sep=", "),
    )
    check.coordinates(lat, lon, df["latitude"], ctx.region)
    done(df, "latitude", "longitude")
    gp = integers(df["geo_precision"].where(df["geo_precision"] != "", "1"))
    check.fail(
        ~gp.isin([1, 2, 3]).fillna(False).astype(bool),
        "geo_precision must be 1, 2 or 3",
        "geo_precision",
        df["geo_precision"],
    )
    geo_code = code(gp, df["geo_precision"], vocab.ACLED_GEO_PRECISION)
    done(df, "geo_precision")
    fat = integers(df["fatalities"])
    check.fatalities("fatalities", fat, df["fatalities"], required=True)
    done(df, "fatalities")

    out = pd.DataFrame(index=df.index)
    out["source_format"] = "acled"
    out["source_id"] = df["event_id_cnty"]
    out["file"] = str(path)
    out["row"] = rows
    out["kind"] = kind
    del kind
    out["source_type"] = per_distinct(
        lambda typ, sub: join(typ, sub, sep=" / "), df["event_type"], df["sub_event_type"]
    )
    widen = tp.fillna(1).astype(int).map(vocab.ACLED_TIME_PRECISION)
    del tp
    start = day.copy()
    end = day.copy()
    week = widen == "week"
    start[week] = day[week] - pd.Timedelta(days=3)
    end[week] = day[week] + pd.Timedelta(days=3)
    month = widen == "month"
    start[month] = day[month].dt.to_period("M").dt.start_time
    end[month] = day[month].dt.to_period("M").dt.end_time.dt.normalize()
    out["start"], out["end"] = start, end
    check.dates(start, end, ctx.window, "event_date", df["event_date"])
    done(df, "event_date")
    del start, end, week, month
    out["date_precision"] = widen
    out["time_precision"] = time_code
    del time_code
    out["date_label"] = per_distinct(date_label, day, widen)
    del day, widen
    out["lat"], out["lon"] = lat, lon
    del lat, lon
    geo = gp.fillna(1).astype(int).clip(1, 3)
    for col, values in coded(geo, vocab.ACLED_GEO_PRECISION).items():
        out[col] = values
    out["geo_precision"] = geo_code
    del geo, gp, geo_code
    out["place"] = df["location"]
    out["source_country"] = df["country"]
    out["source_admin1"] = df["admin1"]
    out["source_admin2"] = df["admin2"]
    out["source_admin3"] = df["admin3"]
    done(df, "admin3")
    out["geocoded"] = False
    out["actors"] = per_distinct(
        lambda *actors: join(*actors, sep="; "), df["actor1"], df["assoc_actor_1"], df["actor2"], df["assoc_actor_2"]
    )
    for col in ("actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2"):
        out[col] = df[col]  # the file's own cells (shared, not copied), for exports that keep ACLED's structure
    done(df, "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2")
    out["fatalities"] = fat
    del fat
    out["fatalities_text"] = ""
    out["summary"] = per_distinct(summary, df["sub_event_type"], df["event_type"], df["location"], df["admin1"])
    done(df, "event_type", "sub_event_type")
    out["notes"] = df["notes"]
    out["sources"] = per_distinct(
        lambda src, scale: join(src, scale.map(lambda s: f"({s})" if s else ""), sep=" "),
        df["source"],
        df["source_scale"],
    )
    done(df, "source", "source_scale")

    need = blank & check.ok
    del blank
    iso = per_distinct(lambda country: country.map(COUNTRIES).fillna(""), df["country"])
    out = geocode_missing(
        out, need, df["location"], iso, ctx, check, report, out["source_admin1"], out["source_admin2"]
    )
    del need, iso, df
    return check.result(out)


def code(values: pd.Series, cells: pd.Series, table: dict) -> pd.Series:
    """A precision code as the file gives it, as a small integer: <NA> where the cell is empty or not one of
    ``table``'s codes (such a row is skipped anyway, or read with the default the importer documents)."""
    return values.where((cells != "") & values.isin(list(table)).fillna(False).astype(bool)).astype("Int8")


def done(df: pd.DataFrame, *columns: str) -> None:
    """Drop ``columns`` (those present) from ``df`` in place: their last use is past, their memory goes."""
    for col in columns:
        if col in df:
            del df[col]


def date_label(day: pd.Series, widen: pd.Series) -> pd.Series:
    """The date in words: ``13 March 2022``, ``the week around 13 March 2022 (±3 days)``, ``March 2022``."""
    week, month = widen == "week", widen == "month"
    label = (
        day.dt.day.astype("Int64").astype(str)
        + " "
        + day.dt.month_name()
        + " "
        + day.dt.year.astype("Int64").astype(str)
    )
    label = label.where(~week, "the week around " + label + " (±3 days)")
    return label.where(~month, day.dt.month_name() + " " + day.dt.year.astype("Int64").astype(str))


def summary(sub: pd.Series, typ: pd.Series, location: pd.Series, admin1: pd.Series) -> pd.Series:
    """One line: ``Armed clash in Menaka`` (the event type without a sub-type; admin-1 without a location)."""
    return sub.where(sub != "", typ) + " in " + location.where(location != "", admin1)


def citation(accessed) -> str:
    return FORMAT.citation.format(accessed=accessed.isoformat() if accessed else "(date unknown)")
