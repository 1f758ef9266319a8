"""The project's own records format (``records.csv`` with its ``sources.csv`` beside it) as events.

The file is checked with the same rules as ``data/records.csv`` (any problem is an error, as for
the curated data); each record is drawn at each of its places, found with the geocoder.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import vocab
from ..errors import DataError, Problem
from ..events import ImportReport
from ..records import apply_near, read_sources_and_records
from .base import Context, Rows

detect = vocab.SOURCE_FORMATS["records"].detect


def read(path: Path, ctx: Context, report: ImportReport) -> pd.DataFrame:
    path = Path(path)
    sources_path = path.with_name("sources.csv")
    if not sources_path.exists():
        raise DataError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    None,
                    f"a records file needs its sources.csv beside it ({sources_path} is missing)",
                )
            ]
        )
    sources, recs, problems = read_sources_and_records(sources_path, path, window=ctx.window)
    if problems:
        raise DataError(problems)
    by_id = {s.id: s for s in sources}
    rows = []
    for r in recs:
        for name in r.places or ("",):
            rows.append(
                {
                    "source_format": "records",
                    "source_id": r.id,
                    "file": str(path),
                    "row": r.row,
                    "kind": r.kind,
                    "source_type": r.kind,
                    "start": pd.Timestamp(r.date.start),
                    "end": pd.Timestamp(r.date.end),
                    "date_precision": r.date.precision,
                    "date_label": r.date.label(),
                    "place": name,
                    "actors": r.actors,
                    "fatalities": r.fatalities,
                    "fatalities_text": r.fatalities_text,
                    "summary": r.summary,
                    "notes": r.note,
                    "sources": "; ".join(f"{by_id[s].publisher}, {by_id[s].title}" for s in r.sources if s in by_id),
                    "near_km": r.near_km,
                    "geocoded": True,
                }
            )
    columns = [
        "source_format",
        "source_id",
        "file",
        "row",
        "kind",
        "source_type",
        "start",
        "end",
        "date_precision",
        "date_label",
        "place",
        "actors",
        "fatalities",
        "fatalities_text",
        "summary",
        "notes",
        "sources",
        "near_km",
        "geocoded",
    ]
    df = pd.DataFrame(rows, columns=columns)
    report.read = len(df)  # one row per record and place
    check = Rows(path, df, df["row"].to_numpy() if len(df) else df.index.to_numpy(), report, ctx.strict)
    check.fail(df["place"] == "", "no place (a context record: listed, not drawn)", "places", df["source_id"])
    found = ctx.geocode(df["place"], pd.Series([""] * len(df), index=df.index))
    check.fail(
        ~found["resolved"].astype(bool), "the place name does not resolve in the gazetteer", "places", df["place"]
    )
    for col in ("lat", "lon", "precision", "radius_km", "precision_why"):
        df[col] = found[col]
    apply_near(df, check.ok)
    return check.result(df)
