"""UCDP Georeferenced Event Dataset (GED) CSV exports as the event model.

Columns used: ``id``, ``type_of_violence`` (1 state-based, 2 non-state, 3 one-sided), ``side_a``,
``side_b``, ``dyad_name``, ``where_coordinates``, ``adm_1``, ``adm_2``, ``latitude``, ``longitude``,
``where_prec`` (1 exact ... 7 waters/airspace), ``date_start``, ``date_end``, ``date_prec``,
``best``, ``low``, ``high``, ``country``, ``source_article``, ``source_headline``. The date span is
``date_start``..``date_end`` as UCDP gives it; the toll keeps UCDP's low, best and high estimates.
UCDP GED is CC BY 4.0: a map that shows it credits UCDP.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import vocab
from ..events import ImportReport
from .acled import code, join
from .base import Context, Rows, cells
from .common import clean_text, coded, dates, integers, numbers, open_table, per_distinct, wrong_shape

REQUIRED = ["id", "type_of_violence", "latitude", "longitude", "where_prec", "date_start", "date_end", "best"]
OPTIONAL = [
    "side_a",
    "side_b",
    "dyad_name",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "date_prec",
    "low",
    "high",
    "country",
    "source_article",
    "source_headline",
    "year",
]
# UCDP writes dates as 2021-03-21 or 2021-03-21 00:00:00.000; only the day is used.
DATE_FORMATS = ("%Y-%m-%d",)
FORMAT = vocab.SOURCE_FORMATS["ucdp"]


detect = FORMAT.detect


def read(path: Path, ctx: Context, report: ImportReport) -> pd.DataFrame:
    """The rows of a UCDP GED export as an event table; bad rows are skipped and counted in ``report``."""
    df, rows = open_table(path, REQUIRED, OPTIONAL, FORMAT.label, report)
    clean_text(
        df,
        [
            "id",
            "side_a",
            "side_b",
            "dyad_name",
            "where_coordinates",
            "adm_1",
            "adm_2",
            "country",
            "source_article",
            "source_headline",
        ],
        report,
        names=("where_coordinates", "adm_1", "adm_2", "country"),
    )
    check = Rows(path, df, rows, report, ctx.strict)
    check.fail(wrong_shape(df), "more cells than columns (a comma inside an unquoted cell?)")
    check.fail(df["id"] == "", "empty event id", "id", df["id"])
    tov = integers(df["type_of_violence"])
    check.fail(
        ~tov.isin([1, 2, 3]).fillna(False).astype(bool),
        "type_of_violence must be 1, 2 or 3",
        "type_of_violence",
        df["type_of_violence"],
    )
    start = dates(df["date_start"].str.slice(0, 10), DATE_FORMATS)
    end = dates(df["date_end"].str.slice(0, 10), DATE_FORMATS)
    check.fail(start.isna(), "not a date (YYYY-MM-DD), or no such day", "date_start", df["date_start"])
    check.fail(end.isna(), "not a date (YYYY-MM-DD), or no such day", "date_end", df["date_end"])
    check.fail(
        end < start, "date_end is before date_start", "date_end", cells(df["date_start"], df["date_end"], sep="/")
    )
    check.dates(start, end, ctx.window, "date_start", df["date_start"], "date_end", df["date_end"])
    lat, lon = numbers(df["latitude"]), numbers(df["longitude"])
    check.fail(
        lat.isna() | lon.isna(),
        "no usable coordinates (UCDP GED always has them: is this the right file?)",
        "latitude",
        cells(df["latitude"], df["longitude"], sep=", "),
    )
    check.coordinates(lat, lon, df["latitude"], ctx.region)
    wp = integers(df["where_prec"])
    check.fail(
        ~wp.isin(list(vocab.UCDP_WHERE_PREC)).fillna(False).astype(bool),
        "where_prec must be 1 to 7",
        "where_prec",
        df["where_prec"],
    )
    best, low, high = integers(df["best"]), integers(df["low"]), integers(df["high"])
    check.fatalities("best", best, df["best"], required=True)
    check.fatalities("low", low, df["low"], required=False)
    check.fatalities("high", high, df["high"], required=False)
    order = low.notna() & high.notna() & best.notna() & ~((low <= best) & (best <= high))
    check.fail(
        order.fillna(False).astype(bool),
        "low <= best <= high does not hold",
        "best",
        cells(df["low"], df["best"], df["high"], sep=" / "),
    )

    out = pd.DataFrame(index=df.index)
    out["source_format"] = "ucdp"
    out["source_id"] = df["id"]
    out["file"] = str(path)
    out["row"] = rows
    violence = tov.fillna(1).astype(int).clip(1, 3)
    out["kind"] = violence.map(vocab.UCDP_VIOLENCE)
    out["source_type"] = "UCDP " + violence.map(vocab.UCDP_VIOLENCE_WORDS)
    out["start"], out["end"] = start, end
    dp = integers(df["date_prec"])
    out["date_precision"] = dp.fillna(0).astype(int).map(vocab.UCDP_DATE_PREC).fillna("range")
    out["date_prec"] = code(dp, df["date_prec"], vocab.UCDP_DATE_PREC)
    out["date_label"] = per_distinct(date_label, start, end)
    out["lat"], out["lon"] = lat, lon
    prec = wp.fillna(1).astype(int).clip(1, 7)
    for col, values in coded(prec, vocab.UCDP_WHERE_PREC).items():
        out[col] = values
    out["where_prec"] = code(wp, df["where_prec"], vocab.UCDP_WHERE_PREC)
    out["place"] = df["where_coordinates"]
    out["source_country"] = df["country"]
    out["source_admin1"] = per_distinct(
        lambda adm: adm.str.replace(r"\s+(region|province)$", "", regex=True), df["adm_1"]
    )
    out["source_admin2"] = df["adm_2"]
    out["geocoded"] = False
    out["actors"] = per_distinct(lambda a, b: join(a, b, sep="; "), df["side_a"], df["side_b"])
    out["actor1"], out["actor2"] = df["side_a"], df["side_b"]  # UCDP's two sides, as ACLED's actor1 and actor2
    out["fatalities"], out["fatalities_low"], out["fatalities_high"] = best, low, high
    out["fatalities_text"] = per_distinct(toll, best, low, high)
    out["summary"] = per_distinct(summary, violence, df["dyad_name"], df["side_a"], df["side_b"])
    out["notes"] = df["source_headline"]
    out["sources"] = df["source_article"]
    return check.result(out)


def date_label(start: pd.Series, end: pd.Series) -> pd.Series:
    """``21 March 2021``, or ``between 10 March 2022 and 16 March 2022``."""

    def day(d: pd.Series) -> pd.Series:
        return (
            d.dt.day.astype("Int64").astype(str) + " " + d.dt.month_name() + " " + d.dt.year.astype("Int64").astype(str)
        )

    return day(start).where(start == end, "between " + day(start) + " and " + day(end))


def toll(best: pd.Series, low: pd.Series, high: pd.Series) -> pd.Series:
    """``best estimate 12 (low 10, high 20)``; without low and high, ``best estimate 12``."""
    text = "best estimate " + best.astype(str)
    both = low.notna() & high.notna()
    return text.where(~both, text + " (low " + low.astype(str) + ", high " + high.astype(str) + ")")


def summary(violence: pd.Series, dyad: pd.Series, side_a: pd.Series, side_b: pd.Series) -> pd.Series:
    """``One-sided violence: IS Sahel – Civilians`` (the dyad's name, or its two sides)."""
    who = dyad.where(dyad != "", join(side_a, side_b, sep=" – "))
    return violence.map(vocab.UCDP_VIOLENCE_WORDS).str.capitalize() + ": " + who


def citation(accessed) -> str:
    return FORMAT.citation.format(accessed=accessed.isoformat() if accessed else "(date unknown)")
