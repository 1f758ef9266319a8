"""Borderland counts (issue 12): events and fatalities by country, region, kind, period, distance
band to the nearest border, border pair, and within R km of the tri-point.

The unit is the *event*, not the row: a curated record naming three villages is three rows of
the event table (one per place) and one event here, with its toll counted once.

Nothing is put in a group it may not belong to. An event whose location is less precise than the
group it falls in is counted apart:

* **distance bands**: the event's uncertainty disc (its point and ``radius_km``) must lie inside
  one band; an ACLED ``geo_precision`` 3 point (100 km) 8 km from a border cannot say which band
  it is in, so it is counted as ``imprecise``. Likewise an event whose places fall in different
  bands.
* **tri-point rings**: inside R km only if the whole disc is (``tri_border_km + radius_km <= R``),
  outside only if none of it is; otherwise ``imprecise``.
* **periods**: an event whose date span crosses a year (or month) boundary is counted under
  ``several``, not in the period it starts in. A chart's bars (:func:`chart_counts`) are months,
  quarters, years or several years, the narrowest that keeps a chart to 240 bars; an event is
  counted in every bar its span touches (so the bars may add up to more than the events, and the
  footnote says how many events are counted in more than one), and the first and last bars are
  marked partial when the data's dates cover only part of them.
* **distances unknown**: the boundary data end at a window (8-22 N, 8 W-11 E) and hold no border
  beyond it (Senegal, Chad, Libya); an event nearer that edge than to any border is ``outside``.
* **country, region, border pair**: by the event's point (point-in-polygon on the boundaries);
  an event whose places lie in different ones is counted under ``several``; a point outside
  every polygon under ``outside``.

So each grouping's counts add up to the total, and so does the band × border-pair table
(:func:`band_pair_table`). :func:`borderland_stats` returns a JSON-able dict whose keys are documented in
docs/stats.md and stable within ``schema`` (keys are only ever added).
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import csvsafe, vocab
from .codes import first_rows, joint_codes

SCHEMA = "liptako-stats/1"
DEFAULT_BANDS = tuple(float(km) for km in vocab.BAND_KM)
DEFAULT_TRI_KM = (50.0, 100.0)
PERIODS = vocab.PERIODS
IMPRECISE, SEVERAL, OUTSIDE = "imprecise", "several", "outside"
GROUPS = ("country", "admin1", "kind", "period", "band", "border_pair")
# One event: a curated record's places share its row; an imported row is one event even when an
# export repeats an id.
EVENT_KEY = ["source_format", "file", "source_id", "row"]


def event_codes(table: pd.DataFrame) -> np.ndarray:
    """The event of each row of an event table, numbered 0, 1, ... in the order events first appear: rows
    with the same :data:`EVENT_KEY` (each cell read as text, a missing one as "") are one event
    (:func:`geo.codes.joint_codes`; a MultiIndex of the four columns cost 0.5 s at 100k rows)."""
    return joint_codes((table[column].astype("string").fillna("") for column in EVENT_KEY), len(table))


def parse_km_list(text: str, what: str) -> tuple[float, ...]:
    """``"10,50,100"`` as increasing positive distances in km; ValueError naming ``what`` otherwise."""
    try:
        values = tuple(float(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise ValueError(f"{what} {text!r}: write distances in km separated by commas, e.g. 10,50,100") from None
    if not values or any(not math.isfinite(v) or v <= 0 for v in values):
        raise ValueError(f"{what} {text!r}: every distance must be a number of km above 0")
    if any(b <= a for a, b in itertools.pairwise(values)):
        raise ValueError(f"{what} {text!r}: list the distances in increasing order")
    return values


def band_labels(edges: Sequence[float]) -> list[str]:
    """``[10, 50, 100]`` -> ``["0-10", "10-50", "50-100", "over 100"]`` (km; a band holds its lower edge)."""

    def f(x: float) -> str:
        return f"{x:g}"

    bounds = [0.0, *edges]
    return [f"{f(a)}-{f(b)}" for a, b in itertools.pairwise(bounds)] + [f"over {f(edges[-1])}"]


class _ByEvent:
    """Per-event reductions of the values of an event table's rows (``keys``: the factorized event of each row,
    numbered 0, 1, ... in the order events first appear; the table indexed 0..n-1). An event of one row (one ACLED
    or UCDP row is one event) takes its row's own values; only the rows of events of several rows (a record
    naming several places) are grouped: the groupbys over every row cost 1.3 s of a 100k-event map (issue 25)."""

    def __init__(self, keys: pd.Series):
        codes = keys.to_numpy()
        self.events = int(codes.max()) + 1 if len(codes) else 0
        sizes = np.bincount(codes, minlength=self.events)
        self.several = sizes[codes] > 1  # rows of events that have other rows
        self.codes = codes
        self.single = not self.several.any()
        self.first_row = first_rows(codes)  # the first row of each event

    def _reduce(self, values: pd.Series, how: str, own: pd.Series) -> pd.Series:
        """``own``: the reduction of a one-row event, row by row; the other events are grouped."""
        if self.single:
            return own.reset_index(drop=True)
        out = own.iloc[self.first_row].reset_index(drop=True)
        rows = values[self.several]
        grouped = getattr(rows.groupby(self.codes[self.several], sort=False), how)()
        out.iloc[grouped.index.to_numpy()] = grouped.to_numpy()
        return out

    def first(self, values: pd.Series) -> pd.Series:
        return self._reduce(values, "first", values)

    def nunique(self, values: pd.Series) -> pd.Series:
        return self._reduce(values, "nunique", values.notna().astype("int64"))

    def min(self, values: pd.Series) -> pd.Series:
        return self._reduce(values, "min", values)

    def max(self, values: pd.Series) -> pd.Series:
        return self._reduce(values, "max", values)


def _text_codes(values: pd.Series, *, missing: str = "", empty: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A text column as codes (int64, one per row) and their labels (an object array): a missing cell reads as
    ``missing``, an empty one as ``empty`` when given. The reductions then work on the codes, and labels are
    looked up once at the end (reducing a million strings took a copy of them at each step)."""
    codes, uniques = pd.factorize(values.astype("string"), sort=False, use_na_sentinel=True)
    labels = np.append(np.asarray(uniques.astype(object), dtype=object), missing)  # code -1: the last
    labels = np.where(pd.isna(labels), missing, labels).astype(object)
    if empty is not None:
        labels = np.where(labels == "", empty, labels).astype(object)
    # A missing cell and an empty one may now read alike: one code per label.
    merged, distinct = pd.factorize(labels, sort=False)
    return merged[np.where(codes < 0, len(labels) - 1, codes)].astype(np.int64), np.asarray(distinct, dtype=object)


def _per_event(values: pd.Series, by: _ByEvent, *, empty: str | None = None) -> np.ndarray:
    """One value per event: the rows' common value, or SEVERAL where the rows of one event differ."""
    codes, labels = _text_codes(values, empty=empty)
    return _agreed(codes, labels, by, SEVERAL)


def _agreed(codes: np.ndarray, labels: np.ndarray, by: _ByEvent, otherwise: str) -> np.ndarray:
    """The label of each event's rows' common code, or ``otherwise`` where its rows' codes differ."""
    series = pd.Series(codes)
    first = by.first(series).to_numpy(dtype=np.int64)
    same = by.nunique(series).to_numpy() <= 1
    return np.where(same, labels[first], otherwise).astype(object)


def events_table(
    table: pd.DataFrame,
    *,
    bands: Sequence[float] = DEFAULT_BANDS,
    tri_km: Sequence[float] = DEFAULT_TRI_KM,
    period: str = "year",
) -> pd.DataFrame:
    """One row per event of an analysed event table, with the group it falls in for each grouping.

    Columns: ``events`` (1), ``fatalities`` (the source's figure, ACLED's or UCDP's best; NA when
    none), ``country``, ``admin1``, ``admin1_country``, ``kind``, ``period``, ``band``,
    ``border_pair``, ``tri_<R>`` (``in``, ``out`` or ``imprecise``) for each R in ``tri_km``, and the
    event's ``start`` and ``end`` (the first and last day of its rows). Text columns hold Python strings.
    """
    if period not in PERIODS:
        raise ValueError(f"period {period!r}: use one of {', '.join(PERIODS)}")
    labels = band_labels(bands)
    if len(table) == 0:
        cols = [
            "fatalities",
            "country",
            "admin1",
            "admin1_country",
            "kind",
            "period",
            "band",
            "border_pair",
            "start",
            "end",
        ]
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols + [f"tri_{r:g}" for r in tri_km]})
    t = table.reset_index(drop=True)
    keys = pd.Series(event_codes(t))
    # An unknown radius is not an exact point: it can be in no band and no ring.
    radius = pd.to_numeric(t["radius_km"], errors="coerce").fillna(np.inf).to_numpy(float)
    border = pd.to_numeric(t["border_km"], errors="coerce").to_numpy(float)
    tri = pd.to_numeric(t["tri_border_km"], errors="coerce").to_numpy(float)

    out = pd.DataFrame(index=pd.Index(keys.unique()))
    by = _ByEvent(keys)
    out["fatalities"] = by.first(t["fatalities"]).astype("Int64").to_numpy()
    # The kind is the first of the event's rows that has one (a groupby's first skips what is missing).
    kind, kind_labels = pd.factorize(t["kind"].astype("string"), sort=False, use_na_sentinel=True)
    first_kind = by.first(pd.Series(np.where(kind < 0, np.nan, kind))).to_numpy(dtype=float)
    kind_labels = np.append(np.asarray(kind_labels.astype(object), dtype=object), OUTSIDE)
    out["kind"] = kind_labels[np.where(np.isnan(first_kind), len(kind_labels) - 1, first_kind).astype(np.int64)]
    out["country"] = _per_event(t["country"], by, empty=OUTSIDE)
    admin, admin_labels = _text_codes(t["admin1"], empty=OUTSIDE)
    country, country_labels = _text_codes(t["country"])
    pair = pd.Series(admin * len(country_labels) + country)
    same = by.nunique(pair).to_numpy() <= 1
    out["admin1"] = np.where(same, admin_labels[by.first(pd.Series(admin)).to_numpy(dtype=np.int64)], SEVERAL)
    out["admin1_country"] = np.where(
        same, country_labels[by.first(pd.Series(country)).to_numpy(dtype=np.int64)], ""
    ).astype(object)
    out["border_pair"] = _per_event(t["border_pair"], by, empty=OUTSIDE)

    # Distance bands: the band of the disc's nearest and farthest points must be the same.
    edges = np.asarray(bands, dtype=float)
    lo = np.searchsorted(edges, np.maximum(border - radius, 0.0), side="right")
    hi = np.searchsorted(edges, border + radius, side="right")
    # -1: the disc crosses a band edge; -2: the distance is unknown (beyond the boundary data).
    row_band = np.where(np.isfinite(border), np.where(lo == hi, lo, -1), -2)
    rb = pd.Series(row_band)
    band_first = by.first(rb).to_numpy()
    band_same = by.nunique(rb).to_numpy() == 1
    unknown = by.min(rb).to_numpy() == -2
    band_names = np.array([*labels, IMPRECISE, OUTSIDE], dtype=object)
    which = np.where(unknown, len(labels) + 1, np.where(band_same & (band_first >= 0), band_first, len(labels)))
    out["band"] = band_names[which]

    # Tri-point rings: in, out, or straddling the circle.
    for r in tri_km:
        state = np.where(tri + radius <= r, 1, np.where(tri - radius > r, 0, -1))
        s = pd.Series(np.where(np.isfinite(tri), state, -1))
        smin = by.min(s)
        smax = by.max(s)
        out[f"tri_{r:g}"] = np.where(
            (smin == smax) & (smin == 1), "in", np.where((smin == smax) & (smin == 0), "out", IMPRECISE)
        )

    # Periods: the start's year or month, unless the span crosses into another; as numbers, named at the end.
    start, end = pd.to_datetime(t["start"]), pd.to_datetime(t["end"])
    s_num, e_num = _period_number(start, period), _period_number(end, period)
    row_period = pd.Series(np.where((s_num == e_num) & (s_num != -2), s_num, -1))  # -1: several (or no date)
    first = by.first(row_period).to_numpy()
    agreed = by.nunique(row_period).to_numpy() <= 1
    numbers, at = np.unique(first, return_inverse=True)
    names = np.array([_period_name(int(v), period) for v in numbers], dtype=object)
    out["period"] = np.where(agreed, names[at.reshape(-1)], SEVERAL).astype(object)
    out["start"], out["end"] = by.min(start).to_numpy(), by.max(end).to_numpy()
    return out.reset_index(drop=True)


def _period_number(days: pd.Series, period: str) -> np.ndarray:
    """The year (``year``) or the year * 12 + month - 1 (``month``) of each day; -2 where there is no day (an event
    with a day missing is in SEVERAL periods, as two days that differ are)."""
    year = days.dt.year.to_numpy(dtype=float, na_value=np.nan)
    value = year if period == "year" else year * 12 + days.dt.month.to_numpy(dtype=float, na_value=np.nan) - 1
    return np.where(np.isnan(value), -2, value).astype(np.int64)


def _period_name(value: int, period: str) -> str:
    """The name of a period number of :func:`_period_number`: ``2022``, ``2022-03``; SEVERAL for -1."""
    if value < 0:
        return SEVERAL
    return f"{value:04d}" if period == "year" else f"{value // 12:04d}-{value % 12 + 1:02d}"


def _counts(df: pd.DataFrame) -> dict:
    fat = df["fatalities"]
    return {
        "events": int(len(df)),
        "fatalities": int(fat.sum(skipna=True)) if len(df) else 0,
        "no_toll": int(fat.isna().sum()),
    }


def event_counts(table: pd.DataFrame) -> dict:
    """``{events, fatalities, no_toll}`` of an event table's rows, an event counted once (as everywhere here)."""
    if not len(table):
        return {"events": 0, "fatalities": 0, "no_toll": 0}
    t = table.reset_index(drop=True)
    keys = event_codes(t)
    return _counts(pd.DataFrame({"fatalities": t["fatalities"].astype("Int64").groupby(keys).first()}))


def _group(
    ev: pd.DataFrame, column: str, order: list[str] | None = None, *, every: bool = False, country: str | None = None
) -> list[dict]:
    """Counts per value of ``column`` (and of a ``country`` column, given as each entry's country);
    with ``every``, each key of ``order`` is listed, with zeros if need be."""
    rows: list[dict] = []
    columns = [column] if country is None else [column, country]
    if len(ev):
        # Summed per group in one pass (a frame of each group's rows cost a copy of every column per group).
        fat = ev["fatalities"]
        frame = pd.DataFrame(
            {**{c: ev[c] for c in columns}, "_toll": fat.fillna(0).astype("int64"), "_none": fat.isna().astype("int64")}
        )
        grouped = frame.groupby(columns, sort=False, dropna=False)
        sums = grouped[["_toll", "_none"]].sum()
        for key, size, toll, none in zip(sums.index, grouped.size(), sums["_toll"], sums["_none"], strict=True):
            key = key if isinstance(key, tuple) else (key,)
            where = {"country": str(key[1])} if country is not None else {}
            rows.append(
                {"key": str(key[0]), **where, "events": int(size), "fatalities": int(toll), "no_toll": int(none)}
            )
    if every and order is not None:
        have = {r["key"] for r in rows}
        rows += [
            {"key": k, "events": 0, "fatalities": 0, "no_toll": 0} for k in order if k not in have and k != OUTSIDE
        ]
    if order is not None:
        rank = {k: i for i, k in enumerate(order)}
        rows.sort(key=lambda r: rank.get(r["key"], len(rank)))
    else:
        special = {SEVERAL: 1, OUTSIDE: 2, IMPRECISE: 3}
        rows.sort(key=lambda r: (special.get(r["key"], 0), -r["events"], r["key"], r.get("country", "")))
    return rows


def band_pair_table(ev: pd.DataFrame, bands: Sequence[float] = DEFAULT_BANDS) -> dict:
    """Events (and fatalities, and events without a toll) by distance band (rows) and nearest border pair
    (columns), from :func:`events_table`'s rows: ``{rows, columns, events, fatalities, no_toll}``, each count a
    list of rows, each row a list with one value per column.

    The rows are the bands nearest first, then ``imprecise`` (always) and ``outside`` (when it occurs), as in
    ``by.band``; the columns the border pairs, most events first (ties by name), then ``several`` and
    ``outside`` where they occur. Every cell counts events, so the table adds up to the total.
    """
    rows = band_labels(bands) + [IMPRECISE]
    if len(ev) and (ev["band"] == OUTSIDE).any():
        rows.append(OUTSIDE)
    if not len(ev):
        return {
            "rows": rows,
            "columns": [],
            "events": [[] for _ in rows],
            "fatalities": [[] for _ in rows],
            "no_toll": [[] for _ in rows],
        }
    per_pair = ev["border_pair"].value_counts()
    special = {SEVERAL: 1, OUTSIDE: 2}
    columns = sorted(per_pair.index, key=lambda k: (special.get(k, 0), -int(per_pair[k]), str(k)))
    fat = ev["fatalities"]
    grouped = ev.assign(_toll=fat.fillna(0).astype("int64"), _none=fat.isna().astype("int64")).groupby(
        ["band", "border_pair"]
    )
    cells = pd.DataFrame(
        {"events": grouped.size(), "fatalities": grouped["_toll"].sum(), "no_toll": grouped["_none"].sum()}
    )
    out: dict = {"rows": rows, "columns": [str(c) for c in columns]}
    for what in ("events", "fatalities", "no_toll"):
        grid = cells[what].unstack(fill_value=0).reindex(index=rows, columns=columns, fill_value=0)
        out[what] = [[int(v) for v in r] for r in grid.to_numpy()]
    return out


def borderland_stats(
    table: pd.DataFrame,
    *,
    bands: Sequence[float] = DEFAULT_BANDS,
    tri_km: Sequence[float] = DEFAULT_TRI_KM,
    period: str = "year",
    tripoint: tuple[float, float] | None = None,
    filters: str = "",
    citations: Sequence[str] = (),
    inputs: Sequence[dict] = (),
    duplicates: dict | None = None,
) -> dict:
    """The counts of an analysed event table (``Dataset.all_events()``), as a JSON-able dict.

    ``duplicates`` is what :meth:`geo.pipeline.Dataset.dedupe` found (``Dataset.duplicates``): the likely pairs
    across the files and the events ``--dedupe`` left out (already gone from ``table``)."""
    ev = events_table(table, bands=bands, tri_km=tri_km, period=period)
    tri = []
    for r in tri_km:
        col = ev[f"tri_{r:g}"] if len(ev) else pd.Series(dtype=str)
        inside, unsure = ev[col == "in"], ev[col == IMPRECISE]
        tri.append({"within_km": r, **_counts(inside), "imprecise": _counts(unsure)})
    periods = sorted(k for k in ev["period"].unique() if k != SEVERAL) + [SEVERAL] if len(ev) else []
    return {
        "schema": SCHEMA,
        "unit": "event (a record naming several places counts once)",
        "filters": filters,
        "period": period,
        "bands_km": list(bands),
        "tri_border_km": list(tri_km),
        "tripoint": {"lon": tripoint[0], "lat": tripoint[1]} if tripoint else None,
        "total": _counts(ev),
        "by": {
            "country": _group(ev, "country"),
            "admin1": _group(ev, "admin1", country="admin1_country"),
            "kind": _group(ev, "kind", list(vocab.KINDS)),
            "period": _group(ev, "period", periods),
            "band": _group(ev, "band", band_labels(bands) + [IMPRECISE, OUTSIDE], every=True),
            "border_pair": _group(ev, "border_pair"),
        },
        "band_by_border_pair": band_pair_table(ev, bands),
        "tri_border": tri,
        "duplicates": dict(duplicates) if duplicates else None,
        "citations": list(citations),
        "inputs": list(inputs),
    }


# -- output -----------------------------------------------------------------------------------------------

TITLES = {
    "country": "Country",
    "admin1": "Admin-1 region",
    "kind": "Kind",
    "period": "Period",
    "band": "Distance to the nearest border (km)",
    "border_pair": "Nearest border",
}


def _fmt_row(label: str, c: dict, width: int) -> str:
    toll = f"{c['fatalities']:>10,}" + (f"  ({c['no_toll']} without a toll)" if c["no_toll"] else "")
    return f"  {label:<{width}} {c['events']:>8,} {toll}"


def _format_duplicates(dup: dict | None) -> list[str]:
    """A line on the likely duplicates across the files (none when one file or none was read)."""
    if not dup:
        return []
    pairs, merged = dup["pairs"], dup["merged"]
    if dup.get("prefer"):
        toll = f" ({merged['fatalities']:,} killed)" if merged["fatalities"] else ""
        return [
            f"Duplicates across files: {pairs:,} likely pair(s); `dedupe` prefer={dup['prefer']} left out "
            f"{merged['events']:,} event(s){toll} as duplicates of events counted here."
        ]
    if not pairs:
        return ["Duplicates across files: none likely."]
    choices = "|".join(vocab.DEDUPE_PREFER)
    return [
        f"Duplicates across files: {pairs:,} likely pair(s), both of each counted here "
        f"(`dedupe` prefer={choices} keeps one)."
    ]


def _format_band_pairs(table: dict | None) -> list[str]:
    """The band × border-pair table as text lines: events per cell, a total per row and per column, and which
    border pair saw the most events in the nearest band."""
    if not table or not table["columns"]:
        return []
    cols = [*table["columns"], "total"]
    width = max(len(r) for r in table["rows"] + ["band (km)"])
    widths = [max(len(c), 6) for c in cols]
    lines = ["", "Events by distance to the nearest border (km, rows) and that border (columns)"]
    lines.append(f"  {'band (km)':<{width}} " + " ".join(f"{c:>{w}}" for c, w in zip(cols, widths, strict=True)))
    for band, counts in zip(table["rows"], table["events"], strict=True):
        cells = [*counts, sum(counts)]
        lines.append(f"  {band:<{width}} " + " ".join(f"{v:>{w},}" for v, w in zip(cells, widths, strict=True)))
    totals = [sum(col) for col in zip(*table["events"], strict=True)]
    cells = [*totals, sum(totals)]
    lines.append(f"  {'total':<{width}} " + " ".join(f"{v:>{w},}" for v, w in zip(cells, widths, strict=True)))
    nearest = table["rows"][0]
    first = dict(zip(table["columns"], table["events"][0], strict=True))
    pairs = {k: v for k, v in first.items() if k not in (SEVERAL, OUTSIDE)}
    top = max(pairs.values(), default=0)
    if top:
        which = " and ".join(sorted(k for k, v in pairs.items() if v == top))
        lines.append(f"  Most events {nearest} km from a border: {which} ({top:,} of {sum(first.values()):,})")
    return lines


def format_table(stats: dict) -> str:
    """The counts as a readable text table."""
    groups = stats["by"]
    labels = [r["key"] + (f" ({r['country']})" if r.get("country") else "") for rows in groups.values() for r in rows]
    width = max([len(x) for x in labels] + [28])
    lines = []
    if stats["filters"]:
        lines.append(f"Filters: {stats['filters']}")
    lines.append(
        "Counted by event: a record naming several places counts once. Fatalities: the source's figure (UCDP: best)."
    )
    lines += _format_duplicates(stats.get("duplicates"))
    head = f"  {'':<{width}} {'events':>8} {'fatalities':>10}"
    lines += ["", head, _fmt_row("Total", stats["total"], width)]
    for group, rows in groups.items():
        title = TITLES[group] + (f" ({stats['period']})" if group == "period" else "")
        lines += ["", title]
        for r in rows:
            label = r["key"] + (f" ({r['country']})" if r.get("country") else "")
            lines.append(_fmt_row(label, r, width))
    lines += _format_band_pairs(stats.get("band_by_border_pair"))
    lines += ["", f"Within R km of the {vocab.TRI_POINT_NAME} tri-point"]
    for t in stats["tri_border"]:
        lines.append(_fmt_row(f"within {t['within_km']:g} km", t, width))
        if t["imprecise"]["events"]:
            lines.append(_fmt_row(f"  may be ({IMPRECISE})", t["imprecise"], width))
    notes = {
        IMPRECISE: "located less precisely than the band or ring it falls in (its uncertainty radius crosses an "
        "edge, or its places fall in different ones)",
        SEVERAL: "places in more than one group, or a date span crossing periods",
        OUTSIDE: "inside no polygon of the boundaries (beyond them, or exactly on an edge or in a gap between "
        "layers); for distances: too near the edge of the boundary data to tell",
    }
    used = {r["key"] for rows in groups.values() for r in rows} | (
        {IMPRECISE} if any(t["imprecise"]["events"] for t in stats["tri_border"]) else set()
    )
    legend = [f"  {k}: {v}" for k, v in notes.items() if k in used]
    if legend:
        lines += [""] + legend
    for c in stats["citations"]:
        lines += ["", c]
    return "\n".join(lines) + "\n"


CSV_COLUMNS = ["group", "key", "country", "events", "fatalities", "no_toll", "border_pair"]


def to_csv(stats: dict) -> str:
    """The counts in long form: group, key, country, events, fatalities, no_toll, border_pair.

    ``border_pair`` is set only on the band × border-pair rows (group ``band_by_border_pair``, key the band);
    it is the last column, so a reader of the first six finds them where they were. With two files or more,
    group ``duplicates`` has the likely pairs (``events``: how many pairs) and the events ``--dedupe`` merged."""
    rows = [{"group": "total", "key": "", "country": "", **stats["total"]}]
    for group, entries in stats["by"].items():
        rows += [
            {
                "group": group,
                "key": r["key"],
                "country": r.get("country", ""),
                **{k: r[k] for k in ("events", "fatalities", "no_toll")},
            }
            for r in entries
        ]
    for t in stats["tri_border"]:
        rows.append(
            {
                "group": "tri_border",
                "key": f"within {t['within_km']:g} km",
                "country": "",
                **{k: t[k] for k in ("events", "fatalities", "no_toll")},
            }
        )
        rows.append(
            {
                "group": "tri_border",
                "key": f"within {t['within_km']:g} km ({IMPRECISE})",
                "country": "",
                **t["imprecise"],
            }
        )
    dup = stats.get("duplicates")
    if dup:
        rows.append({"group": "duplicates", "key": "likely pairs", "country": "", "events": dup["pairs"]})
        rows.append(
            {"group": "duplicates", "key": f"merged (prefer={dup['prefer'] or 'none'})", "country": "", **dup["merged"]}
        )
    cross = stats.get("band_by_border_pair")
    if cross:
        for i, band in enumerate(cross["rows"]):
            for j, pair in enumerate(cross["columns"]):
                rows.append(
                    {
                        "group": "band_by_border_pair",
                        "key": band,
                        "country": "",
                        **{k: cross[k][i][j] for k in ("events", "fatalities", "no_toll")},
                        "border_pair": pair,
                    }
                )
    # Keys are names read from the user's files (admin-1 regions, actors): guarded like every CSV we write.
    df = pd.DataFrame([{"border_pair": "", **r} for r in rows], columns=CSV_COLUMNS)
    # Whole numbers stay whole; a count a row has not (a pair count has no toll) is an empty cell.
    df = df.astype({k: "Int64" for k in ("events", "fatalities", "no_toll")})
    return csvsafe.to_csv(df)


CHART_BY = vocab.CHART_BY
# A chart's bins, narrowest first, in months each; after a year, several years (see chart_bin).
_BIN_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_YEARS = (2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)


def _month_index(when: pd.Series) -> np.ndarray:
    """Months since January of year 0, per date (any year pandas holds, 1 to 9999 and beyond)."""
    when = pd.to_datetime(when)
    return when.dt.year.to_numpy(np.int64) * 12 + when.dt.month.to_numpy(np.int64) - 1


def _bin_name(months: int) -> str:
    return {v: k for k, v in _BIN_MONTHS.items()}.get(months) or f"{months // 12}-year period"


def chart_bin(start: pd.Series, end: pd.Series, *, max_bars: int = vocab.MAX_CHART_BARS) -> int:
    """The narrowest bin (in months: 1, 3, 12, then 24, 60, 120, ... years) in which the dates from the
    earliest ``start`` to the latest ``end`` take at most ``max_bars`` bars."""
    if not len(start):
        return 1
    lo, hi = int(_month_index(start).min()), int(_month_index(end).max())
    for months in (*_BIN_MONTHS.values(), *(12 * y for y in _YEARS)):
        if hi // months - lo // months + 1 <= max_bars:
            return months
    return 12 * _YEARS[-1]


def _bin_label(index: int, months: int) -> str:
    if months == 1:
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if months == 3:
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    years = months // 12
    return f"{index * years:04d}" if years == 1 else f"{index * years:04d}–{index * years + years - 1:04d}"


@dataclass(frozen=True)
class ChartCounts:
    """What a chart draws: ``counts`` (one row per bar, in date order; one column per country or band),
    the ``bin`` each bar covers ("month", "quarter", "year" or "N-year period"), how many events are
    counted in more than one bar (``spanning``: an event is counted in every bar its date span touches, so
    the bars add up to more than the events when it is not 0), and the bars the data's dates cover only
    in part (``partial``: the first and/or the last, by label)."""

    counts: pd.DataFrame
    bin: str
    spanning: int
    partial: tuple[str, ...] = ()
    events: int = 0

    @property
    def bars(self) -> int:
        return len(self.counts)


def chart_counts(
    table: pd.DataFrame,
    *,
    by: str = "country",
    bands: Sequence[float] = DEFAULT_BANDS,
    max_bars: int = vocab.MAX_CHART_BARS,
) -> ChartCounts:
    """The bars of :func:`chart`: events per bin, the bin as narrow as ``max_bars`` allows over the events' dates.

    An event is counted in every bin its span (first to last day) touches: an attack dated "March-April
    2020" is in the March bar and in the April bar, and ``spanning`` counts such events. The first bar is
    ``partial`` when the earliest event starts after its first day, the last when the latest event ends
    before its last day: those bars hold fewer days of data than the others.
    """
    if by not in CHART_BY:
        raise ValueError(f"chart by {by!r}: use one of {', '.join(CHART_BY)}")
    ev = events_table(table, bands=bands, tri_km=(), period="month")
    if not len(ev):
        return ChartCounts(pd.DataFrame(), "month", 0)
    months = chart_bin(ev["start"], ev["end"], max_bars=max_bars)
    first, last = _month_index(ev["start"]) // months, _month_index(ev["end"]) // months
    n = last - first + 1
    # One (event, bin) pair for every bin each event touches, vectorised: repeat each event n times and add
    # 0, 1, ..., n-1 to its first bin.
    which = np.repeat(np.arange(len(ev)), n)
    offset = np.arange(len(which)) - np.repeat(np.cumsum(n) - n, n)
    touched = pd.DataFrame({"bin": first[which] + offset, by: ev[by].to_numpy()[which]})
    index = range(int(first.min()), int(last.max()) + 1)
    counts = touched.groupby(["bin", by]).size().unstack(fill_value=0).reindex(index, fill_value=0)
    order = band_labels(bands) + [IMPRECISE, OUTSIDE] if by == "band" else sorted(counts.columns, key=str)
    counts = counts[[c for c in order if c in counts.columns]]
    labels = [_bin_label(i, months) for i in index]
    counts.index = labels
    # Compared by month index and day (any year pandas holds): the data begin after the first bar's first day,
    # or end before the last bar's last day.
    lo, hi = pd.Timestamp(ev["start"].min()), pd.Timestamp(ev["end"].max())
    lo_month, hi_month = lo.year * 12 + lo.month - 1, hi.year * 12 + hi.month - 1
    partial = []
    if lo_month > index[0] * months or lo.day > 1:
        partial.append(labels[0])
    if (hi_month < (index[-1] + 1) * months - 1 or not hi.is_month_end) and labels[-1] not in partial:
        partial.append(labels[-1])
    return ChartCounts(counts, _bin_name(months), int((n > 1).sum()), tuple(partial), len(ev))


def chart(
    table: pd.DataFrame,
    *,
    by: str = "country",
    fmt: str = "png",
    bands: Sequence[float] = DEFAULT_BANDS,
    title: str = "",
    footnote: str = "",
    max_bars: int = vocab.MAX_CHART_BARS,
) -> bytes:
    """A bar chart of events per month, stacked by country or distance band, as PNG or SVG bytes.

    Over a span too long for ``max_bars`` monthly bars the bars are quarters, years, then several
    years (:func:`chart_counts`); the title and the axis say which. ``title`` may hold ``{bin}``.
    An event is counted in every bar its date span touches, and the footnote says how many events are
    counted more than once; a first or last bar the data cover only in part is hatched, and the footnote
    names it.
    """
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "liptako"  # the same data gives the same SVG bytes
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    data = chart_counts(table, by=by, bands=bands, max_bars=max_bars)
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=150)
    notes = [footnote] if footnote else []
    if data.partial:
        notes.insert(0, f"Partial {data.bin}: {' and '.join(data.partial)} (hatched): the data cover only part of it.")
    if data.spanning:
        notes.insert(
            0,
            f"An event is counted in every {data.bin} its dates touch: {data.spanning} of {data.events} events "
            f"span more than one {data.bin}, so the bars add up to more than {data.events}.",
        )
    if data.bars:
        counts = data.counts
        bottom = np.zeros(len(counts))
        x = np.arange(len(counts))
        partial = np.isin(np.asarray(counts.index), data.partial)
        for col in counts.columns:
            bars = ax.bar(
                x,
                counts[col].to_numpy(),
                bottom=bottom,
                label=str(col),
                width=0.85,
                color="#bbbbbb" if col in (IMPRECISE, SEVERAL, OUTSIDE) else None,
            )
            for bar, part in zip(bars, partial, strict=True):
                if part:  # a bar the data cover only in part: hatched and lighter
                    bar.set_hatch("///")
                    bar.set_alpha(0.5)
            bottom += counts[col].to_numpy()
        step = max(1, len(counts) // 12)
        ax.set_xticks(x[::step], list(counts.index[::step]), rotation=45, ha="right", fontsize=8)
        ax.legend(
            title="distance to border (km)" if by == "band" else "country", fontsize=8, title_fontsize=8, frameon=False
        )
    else:
        ax.text(0.5, 0.5, "no events", ha="center", va="center", transform=ax.transAxes)
    ax.set_ylabel(f"events per {data.bin}")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of events: whole numbers
    ax.set_title((title or "Events per {bin}").replace("{bin}", data.bin), fontsize=10, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    if notes:
        fig.text(0.01, 0.01, "\n".join(notes), fontsize=6.5, va="bottom", wrap=True)
    fig.tight_layout(rect=(0, 0.04 * (len(notes) + 1), 1, 1))
    buf = io.BytesIO()
    meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    fig.savefig(buf, format=fmt, metadata=meta)
    plt.close(fig)
    return buf.getvalue()
