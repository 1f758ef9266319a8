"""One event model for every source: curated records and imported exports (ACLED, UCDP GED).

An *event table* is a pandas DataFrame with exactly :data:`COLUMNS` (one row per event and
place: a curated record naming three villages is three rows sharing ``source_id``). Importers
(:mod:`geo.importers`) map a file's columns onto it; nothing downstream knows which format a row
came from except through ``source_format``. :func:`analyse` adds the columns computed from the
boundaries; :func:`apply_filters` selects rows for a map, an export or counts.

Dates are kept as a span: ``start`` and ``end`` (the first and last day the source allows) and
``date_precision``; places as drawn: ``lat``/``lon``, ``precision`` (see :data:`geo.vocab.PRECISIONS`)
and ``radius_km``, with ``precision_why`` saying where that precision comes from.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from . import vocab
from .analysis import point_columns, points
from .boundaries import Boundaries
from .names import admin1_key, normalize, suggestions

# column -> (dtype, meaning). The order is the order of exports.
SCHEMA = {
    "source_format": ("string", "records, acled or ucdp"),
    "source_id": ("string", "the source's own id: record id, ACLED event_id_cnty, UCDP id"),
    "file": ("string", "the file the row came from"),
    "row": ("int64", "its line in that file (1 is the header)"),
    "kind": ("string", "our kind (geo.vocab.KINDS)"),
    "source_type": ("string", "the source's own type: ACLED event_type / sub_event_type, UCDP type_of_violence"),
    "start": ("datetime64[s]", "first day the event can be on"),
    "end": ("datetime64[s]", "last day"),
    "date_precision": ("string", "day, week, month, year, range, or the source's own words"),
    "date_label": ("string", "the date as the source gives it, in words"),
    "time_precision": ("Int8", "ACLED's time_precision code as the file gives it: 1 day, 2 week, 3 month"),
    "date_prec": ("Int8", "UCDP's date_prec code as the file gives it: 1 day ... 5 year"),
    "lat": ("float64", "latitude as drawn (WGS84)"),
    "lon": ("float64", "longitude as drawn"),
    "precision": ("string", ", ".join(vocab.PRECISIONS[:-1]) + " or " + vocab.PRECISIONS[-1]),
    "radius_km": ("float64", "how far off the point may be"),
    "precision_why": ("string", "where the precision comes from"),
    "geo_precision": ("Int8", "ACLED's geo_precision code as the file gives it: 1 town, 2 near it, 3 region"),
    "where_prec": ("Int8", "UCDP's where_prec code as the file gives it: 1 exact ... 7 waters or airspace"),
    "place": ("string", "the place name as the source writes it"),
    "source_country": ("string", "the country the source names"),
    "source_admin1": ("string", "the admin-1 region the source names"),
    "source_admin2": ("string", "the admin-2 unit the source names"),
    "source_admin3": ("string", "the admin-3 unit the source names (ACLED admin3)"),
    "geocoded": ("boolean", "True when lat/lon came from our geocoder, not the source"),
    "actors": ("string", "who, as the source names them: every actor of the row in one text"),
    "actor1": ("string", "the first side: ACLED actor1, UCDP side_a"),
    "assoc_actor_1": ("string", "ACLED assoc_actor_1: who acted with actor1"),
    "inter1": ("string", "ACLED inter1 as the file writes it: a code 1-8 (older exports) or its name (newer)"),
    "actor2": ("string", "the second side: ACLED actor2, UCDP side_b"),
    "assoc_actor_2": ("string", "ACLED assoc_actor_2: who acted with actor2"),
    "inter2": ("string", "ACLED inter2 as the file writes it: a code 0-8 (older exports) or its name (newer)"),
    "fatalities": ("Int64", "the source's figure (ACLED: its one conservative figure; UCDP: best)"),
    "fatalities_low": ("Int64", "UCDP low estimate"),
    "fatalities_high": ("Int64", "UCDP high estimate"),
    "fatalities_text": ("string", "the toll in the source's words, when it gives words"),
    "summary": ("string", "one line: what happened"),
    "notes": ("string", "the source's description (ACLED notes, our record note)"),
    "sources": ("string", "where the source got it (ACLED source, UCDP source_article, our source ids)"),
}
COLUMNS = list(SCHEMA)
DERIVED = {
    "country": "country by point-in-polygon on the boundaries (ISO3; '' outside them)",
    "admin1": "admin-1 region by point-in-polygon (data/boundaries/regions.geojson: Mali's regions with Ménaka, "
    "Niger's, Burkina Faso's; '' outside them)",
    "admin2": "admin-2 unit by point-in-polygon (data/boundaries/districts.geojson: Mali's cercles, Niger's "
    "départements, Burkina Faso's provinces; '' outside them)",
    "border_km": "geodesic distance to the nearest international border line, km (empty when the boundary "
    "data cannot tell: nearer the edge of their window than to any border in them)",
    "nearest_border": "that border, e.g. 'Mali–Niger' ('' when unknown)",
    "border_pair": "that border's two countries, ISO3 sorted and joined by a hyphen, e.g. 'MLI-NER'",
    "tri_border_km": f"geodesic distance to the {vocab.TRI_POINT_NAME} tri-point, km",
}


def empty() -> pd.DataFrame:
    """An event table with no rows and every column typed."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, (t, _) in SCHEMA.items()})


def analyse_empty() -> gpd.GeoDataFrame:
    """An analysed event table with no rows."""
    gdf = gpd.GeoDataFrame(empty(), geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")
    for col in DERIVED:
        gdf[col] = pd.Series(dtype="object")
    return gdf


def conform(df: pd.DataFrame, keep: np.ndarray | None = None, *, consume: bool = False) -> pd.DataFrame:
    """``df`` with exactly :data:`COLUMNS`, in order and typed (missing columns empty); with ``keep`` (a boolean
    mask), only those rows.

    Column by column, so that a large import never holds a third copy of its table (the whole frame's rows
    selected first); with ``consume``, each column of ``df`` is deleted once converted, so its memory goes
    as the event table's grows (``df`` is left without the schema's columns).
    """
    out = {}
    if keep is not None and bool(np.all(keep)):
        keep = None  # every row: no selection to make
    index = df.index if keep is None else df.index[keep]
    n = len(index)
    for col, (dtype, _) in SCHEMA.items():
        if col in df:
            s = df[col] if keep is None else df[col][keep]
        elif dtype in ("string",):
            s = pd.Series([""] * n, index=index)
        elif dtype == "boolean":
            s = pd.Series([False] * n, index=index)
        else:
            s = pd.Series([None] * n, index=index)
        # pandas-stubs types astype for literal dtype names only; these come from SCHEMA.
        out[col] = s.astype(dtype)  # type: ignore[call-overload]
        del s
        if consume and col in df:
            del df[col]
    return pd.DataFrame(out, index=index, copy=False).reset_index(drop=True)


def analyse(events: pd.DataFrame, boundaries: Boundaries) -> gpd.GeoDataFrame:
    """Add the derived columns (:data:`DERIVED`) from the boundaries, vectorised."""
    gdf = gpd.GeoDataFrame(
        events, geometry=points(events["lon"].to_numpy(float), events["lat"].to_numpy(float)), crs="EPSG:4326"
    )
    cols = point_columns(events["lon"].to_numpy(float), events["lat"].to_numpy(float), boundaries)
    gdf["country"] = cols["country"]
    gdf["admin1"] = cols["admin1"]
    gdf["admin2"] = cols["admin2"]
    gdf["border_km"] = np.round(cols["border_km"], 2)
    gdf["nearest_border"] = pd.array(cols["nearest_border"], dtype="string")
    gdf["border_pair"] = pd.array(cols["border_pair"], dtype="string")
    gdf["tri_border_km"] = np.round(cols["tri_border_km"], 2)
    return gdf


@dataclass(frozen=True)
class Filters:
    """What a map, an export or a count keeps. Every field left empty keeps everything.

    ``since``/``until``: an event whose span overlaps [since, until] is kept. ``countries``: ISO3
    codes (by point-in-polygon). ``admin1``/``admin2``: region (unit) names, ignoring case, accents and known
    other spellings, matched against the region the event's point lies in (:func:`region_mask`: the
    source's own admin-1/admin-2 column counts only for a point in no region of the boundary layer, or a name
    the layer does not have, such as Taoudénit). ``kinds``: our kinds. ``actor``: a substring
    of the actors, ignoring case and accents. ``min_precision``: keep events at least this precise.
    ``bbox``: west, south, east, north.
    """

    since: dt.date | None = None
    until: dt.date | None = None
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    admin2: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    actor: str | None = None
    min_precision: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def describe(self) -> str:
        """The filters in words, for a map's caption and a citation ("" when none)."""
        parts = []
        if self.since or self.until:
            parts.append(f"dates {self.since or '…'} to {self.until or '…'}")
        if self.countries:
            parts.append("country " + ", ".join(self.countries))
        if self.admin1:
            parts.append("admin-1 " + ", ".join(self.admin1))
        if self.admin2:
            parts.append("admin-2 " + ", ".join(self.admin2))
        if self.kinds:
            parts.append("kinds " + ", ".join(self.kinds))
        if self.actor:
            parts.append(f"actor contains “{self.actor}”")
        if self.min_precision:
            parts.append(f"precision {self.min_precision} or better")
        if self.bbox:
            parts.append("box " + ",".join(f"{x:g}" for x in self.bbox))
        return "; ".join(parts)

    @property
    def empty(self) -> bool:
        return not self.describe()

    def each(self) -> list[Filters]:
        """Each filter that is set, on its own (dates together): to say how many rows each one removes."""
        out = []
        if self.since or self.until:
            out.append(Filters(since=self.since, until=self.until))
        for name in ("countries", "admin1", "admin2", "kinds", "actor", "min_precision", "bbox"):
            if getattr(self, name):
                out.append(Filters(**{name: getattr(self, name)}))
        return out

    def within(self, start: dt.date | None, end: dt.date | None) -> Filters:
        """These filters with their dates narrowed to [start, end] (a map spec's dates)."""
        since = max((d for d in (self.since, start) if d), default=None)
        until = min((d for d in (self.until, end) if d), default=None)
        return replace(self, since=since, until=until)


# A country as a filter may name it: ISO3 code, or the name ACLED and UCDP write (accents and case ignored).
_COUNTRY_KEYS = {
    **{normalize(n): iso for n, iso in vocab.COUNTRY_NAMES.items()},
    **{normalize(w): iso for w, iso in vocab.COUNTRY_WORDS.items()},
    **{iso.lower(): iso for iso in {*vocab.COUNTRY_NAMES.values(), *vocab.GAZETTEER_COUNTRIES}},
}


def country_code(text: str) -> str | None:
    """The ISO3 code of a country as a user or an export names it (``NER``, ``ner``, ``Niger``, ``Côte d'Ivoire``),
    or None."""
    return _COUNTRY_KEYS.get(normalize(text))


def country_suggestions(text: str) -> list[str]:
    return suggestions(text, [*vocab.COUNTRY_NAMES, *{*vocab.COUNTRY_NAMES.values(), *vocab.GAZETTEER_COUNTRIES}])


def _folded(series: pd.Series, key=normalize) -> pd.Series:
    uniques = series.astype("string").fillna("").unique()
    folded = {u: key(u) for u in uniques}
    return series.astype("string").fillna("").map(folded)


def region_mask(events: pd.DataFrame, names, level: str = "admin1", layer_names=None) -> pd.Series:
    """The rows of ``events`` in one of the regions ``names`` (``level`` "admin1" or "admin2").

    The region an event's point lies in (the ``admin1``/``admin2`` column, by point-in-polygon) decides: an
    event coded Gao by its source (ACLED's 2020 layout) but lying in Ménaka is in Ménaka, not in Gao. The
    source's own column (``source_admin1``/``source_admin2``) decides only where the boundaries cannot: for a
    point in no region of the layer (another country), and for a name the layer does not have
    (``layer_names``: every region name of the layer; e.g. Taoudénit, which no shipped layer draws)."""
    wanted = {admin1_key(a) for a in names}
    computed = _folded(events[level], admin1_key)
    layer = {admin1_key(n) for n in layer_names} if layer_names is not None else set(computed.unique()) - {""}
    by_source = wanted - layer  # names the boundaries cannot answer for
    source = _folded(events[f"source_{level}"], admin1_key)
    return computed.isin(wanted) | (source.isin(wanted) & ((computed == "") | source.isin(by_source)))


def apply_filters(events: pd.DataFrame, f: Filters, layers: dict | None = None) -> pd.Series:
    """A boolean mask over ``events`` (an analysed event table): the rows ``f`` keeps.

    ``layers``: ``{"admin1": names, "admin2": names}`` of the boundary layers (:func:`region_mask`); without
    them, the names the table's computed columns hold stand for the layer's."""
    layers = layers or {}
    keep = pd.Series(True, index=events.index)
    if f.since:
        keep &= events["end"] >= pd.Timestamp(f.since)
    if f.until:
        keep &= events["start"] <= pd.Timestamp(f.until)
    if f.countries:
        keep &= events["country"].isin(f.countries)
    if f.admin1:
        keep &= region_mask(events, f.admin1, "admin1", layers.get("admin1"))
    if f.admin2:
        keep &= region_mask(events, f.admin2, "admin2", layers.get("admin2"))
    if f.kinds:
        keep &= events["kind"].isin(f.kinds)
    if f.actor:
        needle = normalize(f.actor)
        keep &= _folded(events["actors"]).str.contains(needle, regex=False)
    if f.min_precision:
        rank = {p: i for i, p in enumerate(vocab.PRECISIONS)}
        keep &= events["precision"].map(rank).astype(float) <= rank[f.min_precision]
    if f.bbox:
        w, s, e, n = f.bbox
        keep &= events["lon"].between(w, e) & events["lat"].between(s, n)
    return keep


@dataclass
class ImportReport:
    """What happened to the rows of one imported file: read = mapped + filtered + skipped + merged (``merged``: the
    likely duplicates of another file's events left out by ``--dedupe``, see :mod:`geo.dedupe`).

    ``skipped`` counts rows by reason; ``examples`` keeps the first rows of each reason
    (line number, message) so a person can find them; ``notes`` are changes made to rows that
    were kept (text cleaned, a date widened), counted by kind.
    """

    file: str
    format: str
    read: int = 0
    mapped: int = 0
    filtered: int = 0
    skipped: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)
    notes: Counter = field(default_factory=Counter)
    accessed: dt.date | None = None
    merged: int = 0

    MAX_EXAMPLES = 3

    def skip(self, rows, reason: str, details=None) -> None:
        """Count ``rows`` (line numbers) as skipped for ``reason``; keep the first few as examples."""
        rows = list(rows)
        if not rows:
            return
        self.skipped[reason] += len(rows)
        ex = self.examples.setdefault(reason, [])
        for i, r in enumerate(rows[: self.MAX_EXAMPLES - len(ex)]):
            ex.append((int(r), details[i] if details is not None else None))

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())

    def summary(self) -> str:
        """Lines a person reads at the end of a run."""
        lines = [
            f"{self.file} ({self.format}): read {self.read} = mapped {self.mapped} + filtered out "
            f"{self.filtered} + skipped {self.n_skipped}"
            + (f" + merged as duplicates {self.merged}" if self.merged else "")
        ]
        for reason, n in self.skipped.most_common():
            where = ", ".join(
                f"row {r}" + (f" ({d!r})" if d not in (None, "") else "") for r, d in self.examples[reason]
            )
            lines.append(f"  skipped {n}: {reason} (e.g. {where})")
        for note, n in self.notes.most_common():
            lines.append(f"  note, {n} row{'s' if n != 1 else ''}: {note}")
        return "\n".join(lines)
