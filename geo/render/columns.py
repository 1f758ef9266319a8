"""Every event of a map, curated records and imported events alike, as one compact, columnar block of the
page's data (issues 11 and 21).

The only place that defines the page's point format. The runtime reads it once (``render/js/``: ``LG.ev``)
and builds symbols, popups, tooltips, the table and the CSV download from it on demand; nothing per event is
created up front. A curated record drawn at three places is three rows (one per place), as in ``export``.

Layout (``events`` in the data block; every column has ``n`` entries, in start-date order):

``lat``, ``lon``       integers, degrees × 100,000 (5 decimals, about 1 m)
``day0``, ``start``    ``start`` is the difference from the previous event's start day (the first from
                       ``day0``, days since 1970-01-01); the events are sorted by start, so mostly 0 or 1
``span``               end day minus start day
``kind``               index into the vocabulary's kinds
``precision``          (dictionary column of) the index into the vocabulary's precisions
``radius``             the uncertainty radius in km (0 for an exact point), to 0.1 km
``fatalities``         the source's figure, -1 when it gives none (``fatalities_low``/``_high``: UCDP's)
``border_km``, ``tri_km``  whole km to the nearest border and to the tri-point, -1 when unknown
``source``             (dictionary column of) the index into the page's ``sources`` (the event's file)
``source_id``          the source's own id (a JSON array of strings)
``geocoded``           (dictionary column of) 1 when the coordinates came from the geocoder
``notes``              the source's notes (a JSON array of strings; absent when the map leaves notes out)
``record``             (sparse) what only a curated record's rows carry: see :data:`RECORD_FIELDS`
``combo``              (a typed column, present when it saves bytes) row i's combination of the codes of the
                       dictionary columns marked ``"of": "combo"``: see below
a dictionary column    ``{"values": [...], "codes": <typed>}``, or ``{"values": [v]}`` when every event has v;
                       ``{"values": [...], "codes": <typed>, "of": "combo"}``: ``codes`` has one entry per
                       combination, and row i's code is ``codes[combo[i]]``
a sparse column        ``{"at": [row, ...], "values": [...]}``: a value for those rows only (few: the curated
                       records), so that a 100,000-event page pays nothing for them

Every integer column (``lat`` ... ``tri_km``, ``combo`` and the ``codes`` of dictionary columns) is a *typed
column* or, when that is no longer (a few rows, or values mostly of one digit), a plain JSON array of the numbers.
A typed column is ``{"b64": "...", "type": "i16"}``: the base64 of the little-endian bytes of an array of the
narrowest of ``i8``, ``u8``, ``i16``, ``u16``, ``i32`` (``f64`` beyond) that holds every value. ``"scale": 10``
(only ``radius``, only when some radius has a tenth) means the integers are the values × 10. The runtime decodes
each typed column once, at load, into the JavaScript typed array of that type (divided by ``scale`` into a
``Float64Array``), and a combo's codes into one code per row, so ``b.lat[i]`` and ``c.codes[i]`` read alike
whichever form the page stored. :func:`decoded` is the same decoding in Python. The small structures (dictionary
``values``, sparse columns, ``source_id``, ``notes``) are plain JSON.

The dictionary columns that go into the combo: those with codes, fewest values first, as long as their
combinations stay within 256 (one byte per event for all of them instead of one or more each); the combo is
used only when it is shorter than the members' own codes.

All text is data: the runtime puts it into the page with ``textContent`` only.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import vocab

DECIMALS = 5
# The typed arrays a typed column may be, narrowest first: name -> little-endian numpy type.
TYPES = {"i8": "<i1", "u8": "<u1", "i16": "<i2", "u16": "<u2", "i32": "<i4"}
WIDE = ("f64", "<f8")  # integers beyond Int32 (exact up to 2**53)
# At most this many combinations of dictionary codes share the one-byte ``combo`` column.
COMBOS = 256
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


def typed(values, *, scale: int = 1) -> dict:
    """Integers as a typed column: base64 of the narrowest little-endian typed array that holds them all."""
    a = np.asarray(values, dtype=np.int64)
    lo, hi = (int(a.min()), int(a.max())) if a.size else (0, 0)
    name, dtype = next(((k, t) for k, t in TYPES.items() if np.iinfo(t).min <= lo and hi <= np.iinfo(t).max), WIDE)
    col: dict = {"b64": base64.b64encode(a.astype(dtype).tobytes()).decode("ascii"), "type": name}
    if scale != 1:
        col["scale"] = scale
    return col


def untyped(col) -> list:
    """A typed column (or a plain JSON array) as the list of numbers it holds, as the runtime decodes it."""
    if isinstance(col, list):
        return col
    dtype = dict([*TYPES.items(), WIDE])[col["type"]]
    a = np.frombuffer(base64.b64decode(col["b64"]), dtype=dtype)
    scale = col.get("scale", 1)
    return (a / scale).tolist() if scale != 1 else a.astype(np.int64).tolist()


# The columns of a block that are typed columns (beside ``combo`` and the ``codes`` of dictionary columns).
TYPED: tuple[str, ...] = ("lat", "lon", "start", "span", "kind", "radius", "fatalities", "fatalities_low")
TYPED += ("fatalities_high", "border_km", "tri_km")


# A source id as a text prefix and a number of up to nine digits without leading zeros (ACLED's MLI12345, UCDP's
# 990002, a record's ...-2022-03): prefix + str(number) gives the id back, character for character. RE2 (pyarrow):
# "$" is the end of the text, and "(?s)" lets the prefix hold any character.
_ID = r"(?s)^(?P<prefix>.*?)(?P<number>[1-9][0-9]{0,8}|0)$"


def _source_ids(ids: np.ndarray) -> dict | list:
    """The source ids (an object array of str) as ``{"prefix": dictionary column, "number": typed column}`` when
    every id splits by :data:`_ID` and that is shorter than the list of ids (a few bytes an event instead of the
    id and its quotes); else the list."""
    plain = ids.tolist()
    if not plain:
        return plain
    parts = pc.extract_regex(pa.array(ids, type=pa.string()), _ID)
    if parts.null_count:
        return plain
    prefix = pc.dictionary_encode(parts.field("prefix"))  # codes in order of first appearance
    number = pc.cast(parts.field("number"), pa.int64()).to_numpy()
    head: dict = {"values": prefix.dictionary.to_pylist()}
    if len(head["values"]) > 1:
        head["codes"] = _column(prefix.indices.to_numpy())
    out = {"prefix": head, "number": _column(number)}
    return out if _size(out) < _size(plain) else plain


def source_ids(col) -> list[str]:
    """A block's ``source_id`` as the list of ids, as the runtime decodes it."""
    if isinstance(col, list):
        return col
    values, numbers = col["prefix"]["values"], untyped(col["number"])
    codes = untyped(col["prefix"]["codes"]) if "codes" in col["prefix"] else [0] * len(numbers)
    return [values[c] + str(n) for c, n in zip(codes, numbers, strict=True)]


def decoded(block: dict) -> dict:
    """A page's events block with every typed column as a list and every dictionary column's codes one per row:
    what the runtime reads (``b.lat[i]``, ``c.codes[i]``, ``b.source_id[i]``). The block itself is left as it is."""
    out = dict(block)
    if "source_id" in out:
        out["source_id"] = source_ids(out["source_id"])
    for key in TYPED:
        if key in out:
            out[key] = untyped(out[key])
    combo = untyped(out.pop("combo")) if "combo" in out else None
    for key, col in out.items():
        if isinstance(col, dict) and "codes" in col:
            codes = untyped(col["codes"])
            col = {k: v for k, v in col.items() if k != "of"}
            col["codes"] = [codes[c] for c in combo] if block[key].get("of") == "combo" and combo else codes
            out[key] = col
    return out


def _sparse(series: pd.Series, rows: np.ndarray, at: np.ndarray) -> dict:
    """The values of ``rows`` only (positions in ``series``), as a sparse column placed at ``at`` (the positions
    of those rows in the block)."""
    values = series.iloc[rows].to_numpy(dtype=object)
    return {"at": _ints(at), "values": [_plain(v) for v in values]}


def _plain(v):
    """A cell as JSON: numpy numbers as Python's, NaN as None, lists as they are."""
    if isinstance(v, (list, tuple)):
        return list(v)
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v.item() if hasattr(v, "item") else v


def _ints(values) -> list[int]:
    return np.asarray(values, dtype=np.int64).tolist()


def _codes(series: pd.Series, index: dict[str, int], missing: int = 0) -> np.ndarray:
    """Each value's index in ``index`` (``missing`` for a value not in it), computed once per distinct value."""
    codes, uniques = pd.factorize(series.astype("string").fillna(""), sort=False)
    lookup = np.array([index.get(str(u), missing) for u in uniques] or [missing], dtype=np.int64)
    return lookup[codes]


def _packed(values: np.ndarray) -> dict:
    """Small integers as a dictionary column: ``{"values": [v]}`` when all are v (one file, none geocoded)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=np.int64), sort=False)
    if len(uniques) <= 1:
        return {"values": [int(u) for u in uniques] or [0]}
    return {"values": [int(u) for u in uniques], "codes": codes}


def _dictionary(series: pd.Series, order: np.ndarray) -> dict:
    """The column's distinct values, in the order they first appear in the rows taken in ``order``, and each
    row's code (rows in ``order``): factorized where they stand, then only the codes are put in order."""
    codes, uniques = pd.factorize(series.astype("string").fillna(""), sort=False)
    codes, seen = pd.factorize(codes[order], sort=False)
    values = [str(uniques[i]) for i in seen]  # few: a dictionary
    if len(values) <= 1:
        return {"values": values or [""]}
    return {"values": values, "codes": codes}


def _whole_or_missing(series: pd.Series) -> np.ndarray:
    x = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    return np.where(np.isfinite(x), np.round(x), -1).astype(np.int64)


def _radius(series: pd.Series) -> dict | list:
    """Radii to 0.1 km: whole km as they are, or all in tenths (``scale`` 10) when some radius has a tenth."""
    tenths = np.round(pd.to_numeric(series, errors="coerce").fillna(0.0).to_numpy(dtype=float) * 10).astype(np.int64)
    return _column(tenths // 10) if not (tenths % 10).any() else _column(tenths, scale=10)


_POWERS = 10 ** np.arange(1, 19, dtype=np.int64)


def _column(values, *, scale: int = 1) -> dict | list:
    """Integers as a typed column, or as a plain JSON array when that is no longer (a few rows; mostly 0 and 1)."""
    a = np.asarray(values, dtype=np.int64)
    col = typed(a, scale=scale)
    whole = np.abs(a) // scale
    digits = np.searchsorted(_POWERS, whole, side="right") + 1  # exact: no logarithms
    tenths = 2 * np.count_nonzero(a % scale) if scale != 1 else 0  # ".5"
    plain = int(digits.sum()) + np.count_nonzero(a < 0) + tenths + max(a.size - 1, 0) + 2
    if plain > _size(col):
        return col
    return a.tolist() if scale == 1 else [x // scale if x % scale == 0 else x / scale for x in a.tolist()]


def _size(value) -> int:
    return len(json.dumps(value, separators=(",", ":")))


def _combine(block: dict) -> None:
    """Put the dictionary columns with codes, fewest values first, into one ``combo`` column while their
    combinations stay within :data:`COMBOS` (each member keeping one code per combination), when that is shorter
    than a column of codes each. Codes become typed columns or plain arrays."""
    cols = sorted((len(col["values"]), key) for key, col in block.items() if isinstance(col, dict) and "codes" in col)
    n = block["n"]
    combo, table, members = np.zeros(n, dtype=np.int64), np.zeros((1, 0), dtype=np.int64), []
    for size, key in cols:
        codes = np.asarray(block[key]["codes"], dtype=np.int64)
        joint, first = np.unique(combo * size + codes, return_index=True)
        if len(joint) > COMBOS:
            continue
        # Each new combination: an old one (its row of ``table``) and this column's code.
        table = np.column_stack([table[combo[first]], codes[first]])
        combo = np.searchsorted(joint, combo * size + codes)
        members.append(key)
    each = {key: _column(block[key]["codes"]) for _, key in cols}
    if len(members) >= 2:
        shared = {"combo": _column(combo), **{key: _column(table[:, j]) for j, key in enumerate(members)}}
        if _size(shared) + len(members) * len(',"of":"combo"') < _size({key: each[key] for key in members}):
            block["combo"] = shared.pop("combo")
            for key, per in shared.items():
                block[key]["codes"], block[key]["of"] = per, "combo"
                del each[key]
    for key, own in each.items():
        block[key]["codes"] = own


def event_block(events: pd.DataFrame, *, source_of_file: dict[str, int], notes: bool = True) -> dict:
    """The block for an analysed event table; ``source_of_file`` maps each file to its page source index.

    Rows are in the order of their start, format and id (a stable sort). Only those three columns are sorted:
    each column is read where it stands and its numbers or codes are put in that order (taking every column of a
    million-row table in a new order cost 2 s)."""
    n = len(events)
    if n == 0:
        return {"n": 0}
    ev = events.reset_index(drop=True)
    keys = ["start", "source_format", "source_id"]
    order = ev[keys].sort_values(keys, kind="stable").index.to_numpy()
    start = ev["start"].to_numpy(dtype="datetime64[D]").astype(np.int64)[order]
    end = ev["end"].to_numpy(dtype="datetime64[D]").astype(np.int64)[order]
    kinds = {k: i for i, k in enumerate(vocab.KINDS)}
    precisions = {p: i for i, p in enumerate(vocab.PRECISIONS)}
    block = {
        "n": n,
        "lat": _column(np.round(ev["lat"].to_numpy(dtype=float)[order] * 10**DECIMALS)),
        "lon": _column(np.round(ev["lon"].to_numpy(dtype=float)[order] * 10**DECIMALS)),
        "day0": int(start[0]),
        "start": _column(np.diff(start, prepend=start[0])),
        "span": _column(end - start),
        "kind": _column(_codes(ev["kind"], kinds)[order]),
        "precision": _packed(_codes(ev["precision"], precisions)[order]),
        "radius": _radius(ev["radius_km"].iloc[order]),
        "fatalities": _column(_whole_or_missing(ev["fatalities"])[order]),
        "border_km": _column(_whole_or_missing(ev["border_km"])[order]),
        "tri_km": _column(_whole_or_missing(ev["tri_border_km"])[order]),
        "source": _packed(_codes(ev["file"], source_of_file, missing=-1)[order]),
        "source_id": _source_ids(ev["source_id"].astype(object).astype(str).to_numpy(dtype=object)[order]),
        "geocoded": _packed(ev["geocoded"].fillna(False).astype(bool).to_numpy()[order]),
    }
    for col in ("fatalities_low", "fatalities_high"):
        if ev[col].notna().any():
            block[col] = _column(_whole_or_missing(ev[col])[order])
    for col, key in DICTIONARY.items():
        block[key] = _dictionary(ev[col], order)
    _combine(block)
    if notes:
        block["notes"] = ev["notes"].astype("string").fillna("").to_numpy(dtype=object)[order].tolist()
    if "page_sources" in ev.columns:
        rows = np.flatnonzero(ev["page_sources"].notna().to_numpy()[order])
        if len(rows):
            block["record"] = {key: _sparse(ev[col], order[rows], rows) for col, key in RECORD_FIELDS.items()}
    return block
