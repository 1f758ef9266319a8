"""Likely duplicates across event files (issue 22): the same event exported by ACLED and by UCDP GED, or
by two exports of one source, loaded together with ``--events a.csv --events b.csv``.

Two events are *likely duplicates* when they come from different files, their kinds are in one family
(:data:`geo.vocab.KIND_FAMILIES`: ACLED codes as a battle what UCDP codes as one-sided violence), their
date spans overlap or are at most :data:`geo.vocab.DEDUPE_DAYS` apart, and their points are at most
:data:`geo.vocab.DEDUPE_KM` apart (geodesic, WGS84). Nothing else is compared: not the actors, not the toll.

:func:`find` is vectorised, so 100,000 + 100,000 events take seconds, not the hours a comparison of every
pair would. Each event is binned by day and by a grid of cells at least ``km`` wide; two events whose
spans meet (with the tolerance) always have one's first day inside the other's widened span, so a join of
(family, day, cell) keys of every day of each widened span against (family, first day, each of the 9
cells around) of every event finds every candidate pair; sorted arrays (``np.searchsorted``) make the
join. Events spanning more than :data:`LONG_DAYS` days are joined by cell alone and their dates compared
after. The candidates' geodesic distances are then measured with ``pyproj.Geod``.

:meth:`Duplicates.drop` keeps one event of each pair: the preferred format's (``--dedupe prefer=acled``),
else the earlier file's (in ``--events`` order), else the earlier row. It goes through the events in that
order of preference, keeping an event unless it is a likely duplicate of one already kept, so every
event left out has a kept duplicate, and no two kept events are a likely pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pyproj import Geod

from . import vocab

GEOD = Geod(ellps="WGS84")
# One event: a curated record's places share its row (as geo.stats counts events).
EVENT_KEY = ["source_format", "file", "source_id", "row"]
# Events spanning more days than this are joined by cell alone: their every day would make too many keys.
LONG_DAYS = 62
# km in a degree of latitude, at least (the WGS84 meridian at the equator), and of longitude at the equator.
_KM_PER_DEG_LAT, _KM_PER_DEG_LON = 110.574, 111.320
FAMILY = {kind: i for i, kinds in enumerate(vocab.KIND_FAMILIES.values()) for kind in kinds}


def parse_prefer(text: str) -> str:
    """``"prefer=acled"`` -> ``"acled"``; ValueError saying what to write otherwise."""
    choices = "|".join(vocab.DEDUPE_PREFER)
    how = f"write prefer={choices} (e.g. `dedupe` prefer={vocab.DEDUPE_PREFER[0]})"
    key, sep, value = text.partition("=")
    if not sep or key.strip().lower() != "prefer":
        raise ValueError(f"{text!r} is not a preference: {how}")
    value = value.strip().lower()
    if value not in vocab.DEDUPE_PREFER:
        raise ValueError(f"prefer={value or '(nothing)'!s}: no such format to prefer; {how}")
    return value


def _join(left_keys: np.ndarray, left_ids: np.ndarray, right_keys: np.ndarray, right_ids: np.ndarray):
    """Every (left id, right id) whose keys are equal, by sorted arrays."""
    order = np.argsort(right_keys, kind="stable")
    keys, ids = right_keys[order], right_ids[order]
    lo = np.searchsorted(keys, left_keys, side="left")
    n = np.searchsorted(keys, left_keys, side="right") - lo
    total = int(n.sum())
    a = np.repeat(left_ids, n)
    pos = np.repeat(lo, n) + (np.arange(total) - np.repeat(np.cumsum(n) - n, n))
    return a, ids[pos]


def _expand(first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For spans [first, last] (integers): the index of each span repeated once per value, and the values."""
    n = last - first + 1
    which = np.repeat(np.arange(len(first)), n)
    values = first[which] + (np.arange(len(which)) - np.repeat(np.cumsum(n) - n, n))
    return which, values


@dataclass(frozen=True)
class Duplicates:
    """The likely duplicate pairs of an event table: ``pairs`` has one row per pair of events, with ``a`` and
    ``b`` (the positions, in ``events``, of one row of each event; ``a`` from the earlier file) and ``km``."""

    events: pd.DataFrame
    pairs: pd.DataFrame
    days: int = vocab.DEDUPE_DAYS
    km: float = vocab.DEDUPE_KM

    def __len__(self) -> int:
        return len(self.pairs)

    def _event_ids(self) -> np.ndarray:
        keys = pd.MultiIndex.from_frame(self.events[EVENT_KEY].astype("string").fillna(""))
        return pd.factorize(keys)[0]

    def drop(self, prefer: str) -> np.ndarray:
        """A boolean mask over ``events``: the rows of the events left out so that one of each pair is kept,
        the ``prefer`` format's first (then the earlier file's, then the earlier row's)."""
        out = np.zeros(len(self.events), dtype=bool)
        if not len(self.pairs):
            return out
        ids = self._event_ids()
        a, b = ids[self.pairs["a"].to_numpy()], ids[self.pairs["b"].to_numpy()]
        fmt = self.events["source_format"].astype(str).to_numpy()
        files = pd.factorize(self.events["file"].astype(str))[0]  # in order of appearance: --events order
        rows = self.events["row"].to_numpy(np.int64)
        # Rank each event (by its first row) by preference; go through the events of pairs best first.
        first_row = pd.Series(np.arange(len(ids))).groupby(ids).first().to_numpy()
        rank = np.lexsort((rows[first_row], files[first_row], fmt[first_row] != prefer))
        position = np.empty(len(rank), dtype=np.int64)
        position[rank] = np.arange(len(rank))
        # Adjacency of the events in pairs (both ways), as sorted arrays.
        src, dst = np.concatenate([a, b]), np.concatenate([b, a])
        order = np.argsort(src, kind="stable")
        src, dst = src[order], dst[order]
        involved = np.unique(src)
        kept = np.zeros(len(first_row), dtype=bool)
        dropped = np.zeros(len(first_row), dtype=bool)
        starts = np.searchsorted(src, involved, side="left")
        ends = np.searchsorted(src, involved, side="right")
        span = dict(zip(involved.tolist(), zip(starts.tolist(), ends.tolist(), strict=True), strict=True))
        for event in involved[np.argsort(position[involved], kind="stable")].tolist():
            lo, hi = span[event]
            if kept[dst[lo:hi]].any():
                dropped[event] = True
            else:
                kept[event] = True
        out[dropped[ids]] = True
        return out

    def _describe(self, i: int) -> str:
        e = self.events.iloc[i]
        start, end = pd.Timestamp(e["start"]).date(), pd.Timestamp(e["end"]).date()
        when = f"{start}" if start == end else f"{start}..{end}"
        toll = "" if pd.isna(e["fatalities"]) else f", {int(e['fatalities'])} killed"
        return f"{e['file']}:{int(e['row'])} ({e['source_format']} {e['source_id']}, {e['kind']}, {when}{toll})"

    def examples(self, limit: int = 3) -> list[str]:
        """The first ``limit`` pairs as a person reads them: file:row of each, what and when, and the distance."""
        return [
            f"{self._describe(int(p.a))} ~ {self._describe(int(p.b))}, {p.km:.1f} km apart"
            for p in self.pairs.head(limit).itertuples()
        ]

    def report(self, prefer: str | None, merged: int = 0, limit: int = 3) -> str:
        """What a run says on stderr about the pairs ("" when there are none)."""
        if not len(self):
            return ""
        rule = (
            f"different files, same kind family, date spans overlapping or at most {self.days} day(s) apart, "
            f"points at most {self.km:g} km apart"
        )
        lines = [f"likely duplicates across files: {len(self)} pair(s) ({rule}), e.g."]
        lines += [f"  {x}" for x in self.examples(limit)]
        if prefer:
            lines.append(
                f"`dedupe` prefer={prefer}: {merged} event(s) merged into their duplicate and left out (of each pair "
                f"the {vocab.SOURCE_FORMATS[prefer].label} row is kept, else the earlier file's)."
            )
        else:
            choices = " or ".join(f"`dedupe` prefer={p}" for p in vocab.DEDUPE_PREFER)
            lines.append(f"Both of each pair are kept and counted; {choices} keeps one.")
        return "\n".join(lines)


def find(events: pd.DataFrame, *, days: int = vocab.DEDUPE_DAYS, km: float = vocab.DEDUPE_KM) -> Duplicates:
    """The likely duplicate pairs of an event table (its rows from several files)."""
    t = events.reset_index(drop=True)
    empty = pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64"), "km": pd.Series(dtype=float)})
    if len(t) < 2 or t["file"].nunique() < 2:
        return Duplicates(t, empty, days, km)
    family = t["kind"].astype(str).map(FAMILY)
    lon, lat = t["lon"].to_numpy(float), t["lat"].to_numpy(float)
    start = pd.to_datetime(t["start"]).to_numpy().astype("datetime64[D]").astype(np.int64)
    end = pd.to_datetime(t["end"]).to_numpy().astype("datetime64[D]").astype(np.int64)
    ok = family.notna().to_numpy() & np.isfinite(lon) & np.isfinite(lat) & (end >= start)
    idx = np.flatnonzero(ok)
    if len(idx) < 2:
        return Duplicates(t, empty, days, km)
    fam = family.to_numpy()[idx].astype(np.int64)
    lon, lat, start, end = lon[idx], lat[idx], start[idx], end[idx]
    files = pd.factorize(t["file"].astype(str))[0][idx]

    # Cells at least km wide (5% more, for a geodesic's bend from the parallel), over the data's latitudes.
    top = min(float(np.abs(lat).max()), 89.0)
    step_lat = 1.05 * km / _KM_PER_DEG_LAT
    step_lon = 1.05 * km / (_KM_PER_DEG_LON * np.cos(np.radians(top)))
    cx = np.floor((lon - lon.min()) / step_lon).astype(np.int64) + 1  # +1: room for the cell to the west
    cy = np.floor((lat - lat.min()) / step_lat).astype(np.int64) + 1
    nx, ny = int(cx.max()) + 2, int(cy.max()) + 2
    day0 = int(start.min()) - days
    nd = int(end.max()) + days - day0 + 1

    def key(f, d, x, y):
        return ((f * nd + d) * nx + x) * ny + y

    # Right side: every event at its first day, once in each of the 9 cells around its own.
    near = np.array([(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)])
    rep = np.repeat(np.arange(len(idx)), 9)
    rx, ry = cx[rep] + np.tile(near[:, 0], len(idx)), cy[rep] + np.tile(near[:, 1], len(idx))
    right = key(fam[rep], start[rep] - day0, rx, ry)
    # Left side: every day of each event's widened span, in its own cell; long spans by cell alone.
    long = (end - start) > LONG_DAYS
    short = np.flatnonzero(~long)
    which, day = _expand(start[short] - days, end[short] + days)
    a, b = _join(key(fam[short][which], day - day0, cx[short][which], cy[short][which]), short[which], right, rep)
    if long.any():
        lng = np.flatnonzero(long)
        la, lb = _join(key(fam[lng], 0, cx[lng], cy[lng]), lng, key(fam[rep], 0, rx, ry), rep)
        meet = (start[lb] <= end[la] + days) & (start[la] <= end[lb] + days)
        a, b = np.concatenate([a, la[meet]]), np.concatenate([b, lb[meet]])
    differ = files[a] != files[b]
    # Two rows of one source whose ids tell its events apart (ACLED, UCDP) are one event only under one id.
    fmt = t["source_format"].astype(str).to_numpy()[idx]
    sid = t["source_id"].astype(str).to_numpy()[idx]
    apart = (fmt[a] == fmt[b]) & np.isin(fmt[a], sorted(vocab.UNIQUE_ID_FORMATS)) & (sid[a] != sid[b])
    differ &= ~apart
    a, b = a[differ], b[differ]
    # Each pair once, the earlier file's event first.
    swap = (files[a] > files[b]) | ((files[a] == files[b]) & (a > b))
    a, b = np.where(swap, b, a), np.where(swap, a, b)
    pair = np.unique(a.astype(np.int64) * len(idx) + b)
    a, b = pair // len(idx), pair % len(idx)
    _, _, metres = GEOD.inv(lon[a], lat[a], lon[b], lat[b])
    close = np.asarray(metres) <= km * 1000.0
    pairs = pd.DataFrame({"a": idx[a[close]], "b": idx[b[close]], "km": np.asarray(metres)[close] / 1000.0})
    # One pair per two events (a record naming several places has a row per place).
    keys = pd.MultiIndex.from_frame(t[EVENT_KEY].astype("string").fillna(""))
    ids = pd.factorize(keys)[0]
    pairs = (
        pairs.assign(ea=ids[pairs["a"]], eb=ids[pairs["b"]])
        .sort_values(["a", "b"])
        .drop_duplicates(["ea", "eb"])
        .drop(columns=["ea", "eb"])
        .reset_index(drop=True)
    )
    return Duplicates(t, pairs, days, km)
