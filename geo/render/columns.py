"""Every event of a map, curated records and imported events alike, as one compact, columnar block of the
page's data (issues 11 and 21).

The only place that defines the page's point format. The runtime reads it once (``render/js/``: ``LG.ev``)
and builds symbols, popups, tooltips, the table and the CSV download from it on demand; nothing per event is
created up front. A curated record drawn at three places is three rows (one per place), as in ``export``.

Layout (``events`` in the data block; every array has ``n`` entries, in start-date order):

``lat``, ``lon``       integers, degrees × 100,000 (5 decimals, about 1 m)
``day0``, ``start``    ``start`` is the difference from the previous event's start day (the first from
                       ``day0``, days since 1970-01-01); the events are sorted by start, so mostly 0 or 1
``span``               end day minus start day
``kind``               index into the vocabulary's kinds
``precision``          (dictionary column of) the index into the vocabulary's precisions
``radius``             the uncertainty radius in km (0 for an exact point)
``fatalities``         the source's figure, -1 when it gives none (``fatalities_low``/``_high``: UCDP's)
``border_km``, ``tri_km``  whole km to the nearest border and to the tri-point, -1 when unknown
``source``             (dictionary column of) the index into the page's ``sources`` (the event's file)
``source_id``          the source's own id
``geocoded``           (dictionary column of) 1 when the coordinates came from the geocoder
``notes``              the source's notes (absent when the map leaves notes out)
``record``             (sparse) what only a curated record's rows carry: see :data:`RECORD_FIELDS`
a dictionary column    ``{"values": [...], "codes": [...]}``, or ``{"values": [v]}`` when every event has v
a sparse column        ``{"at": [row, ...], "values": [...]}``: a value for those rows only (few: the curated
                       records), so that a 100,000-event page pays nothing for them

All text is data: the runtime puts it into the page with ``textContent`` only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import vocab

DECIMALS = 5
# Text columns stored as dictionaries: column of the event table -> key in the block.
DICTIONARY = {
    "source_format": "format",
    "source_type": "type",
    "date_label": "date",
    "place": "place",
    "source_country": "source_country",
    "source_admin1": "source_admin1",
    "actors": "actors",
    "summary": "summary",
    "precision_why": "why",
    "sources": "reported_by",
    "fatalities_text": "fatalities_text",
    "nearest_border": "nearest_border",
    "country": "country",
    "admin1": "admin1",
}


# Fields only a curated record's rows carry, as columns of the event table -> key in the block's ``record``
# object of sparse columns: the record's own words, its sources (indexes into the page's sources), how many
# places it names, its symbol's size, and how its place was geocoded.
RECORD_FIELDS = {
    "page_sources": "sources",
    "date_text": "date_text",
    "place_text": "place_text",
    "n_places": "n_places",
    "record_note": "note",
    "place_name": "name",
    "place_source": "coordinates",
    "match": "match",
    "how": "how",
    "matched_name": "matched_name",
    "score": "score",
    "says_near": "around",
}


def _sparse(series: pd.Series, rows: np.ndarray) -> dict:
    """The values of ``rows`` only (positions in ``series``), as a sparse column."""
    return {"at": _ints(rows), "values": [_plain(v) for v in series.to_numpy(dtype=object)[rows]]}


def _plain(v):
    """A cell as JSON: numpy numbers as Python's, NaN as None, lists as they are."""
    if isinstance(v, (list, tuple)):
        return list(v)
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v.item() if hasattr(v, "item") else v


def _ints(values) -> list[int]:
    return np.asarray(values, dtype=np.int64).tolist()


def _codes(series: pd.Series, index: dict[str, int], missing: int = 0) -> list[int]:
    """Each value's index in ``index`` (``missing`` for a value not in it), computed once per distinct value."""
    codes, uniques = pd.factorize(series.astype("string").fillna(""), sort=False)
    lookup = np.array([index.get(str(u), missing) for u in uniques] or [missing], dtype=np.int64)
    return _ints(lookup[codes])


def _packed(values: list[int]) -> dict:
    """Small integers as a dictionary column: ``{"values": [v]}`` when all are v (one file, none geocoded)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=np.int64), sort=False)
    if len(uniques) <= 1:
        return {"values": [int(u) for u in uniques] or [0]}
    return {"values": [int(u) for u in uniques], "codes": _ints(codes)}


def _dictionary(series: pd.Series) -> dict:
    codes, uniques = pd.factorize(series.astype("string").fillna(""), sort=False)
    values = [str(u) for u in uniques]  # few: a dictionary
    if len(values) <= 1:
        return {"values": values or [""]}
    return {"values": values, "codes": _ints(codes)}


def _whole_or_missing(series: pd.Series) -> list[int]:
    x = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    return _ints(np.where(np.isfinite(x), np.round(x), -1))


def _radius(series: pd.Series) -> list:
    r = np.round(pd.to_numeric(series, errors="coerce").fillna(0.0).to_numpy(dtype=float), 1)
    whole = r == np.round(r)
    return [int(x) if w else float(x) for x, w in zip(r.tolist(), whole.tolist(), strict=True)]


def event_block(events: pd.DataFrame, *, source_of_file: dict[str, int], notes: bool = True) -> dict:
    """The block for an analysed event table; ``source_of_file`` maps each file to its page source index."""
    n = len(events)
    if n == 0:
        return {"n": 0}
    ev = events.sort_values(["start", "source_format", "source_id"], kind="stable").reset_index(drop=True)
    start = ev["start"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    end = ev["end"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    kinds = {k: i for i, k in enumerate(vocab.KINDS)}
    precisions = {p: i for i, p in enumerate(vocab.PRECISIONS)}
    block = {
        "n": n,
        "lat": _ints(np.round(ev["lat"].to_numpy(dtype=float) * 10**DECIMALS)),
        "lon": _ints(np.round(ev["lon"].to_numpy(dtype=float) * 10**DECIMALS)),
        "day0": int(start[0]),
        "start": _ints(np.diff(start, prepend=start[0])),
        "span": _ints(end - start),
        "kind": _codes(ev["kind"], kinds),
        "precision": _packed(_codes(ev["precision"], precisions)),
        "radius": _radius(ev["radius_km"]),
        "fatalities": _whole_or_missing(ev["fatalities"]),
        "border_km": _whole_or_missing(ev["border_km"]),
        "tri_km": _whole_or_missing(ev["tri_border_km"]),
        "source": _packed(_codes(ev["file"], source_of_file, missing=-1)),
        "source_id": ev["source_id"].astype(object).astype(str).tolist(),
        "geocoded": _packed(_ints(ev["geocoded"].fillna(False).astype(bool))),
    }
    for col in ("fatalities_low", "fatalities_high"):
        if ev[col].notna().any():
            block[col] = _whole_or_missing(ev[col])
    for col, key in DICTIONARY.items():
        block[key] = _dictionary(ev[col])
    if notes:
        block["notes"] = ev["notes"].astype("string").fillna("").astype(object).tolist()
    if "page_sources" in ev.columns:
        rows = np.flatnonzero(ev["page_sources"].notna().to_numpy())
        if len(rows):
            block["record"] = {key: _sparse(ev[col], rows) for col, key in RECORD_FIELDS.items()}
    return block
