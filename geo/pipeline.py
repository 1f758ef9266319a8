"""From the files in ``data/`` to a validated, geocoded, analysed data set, and to a map.

``load`` reads and checks everything and collects every problem before raising one
:class:`~geo.errors.DataError`; ``build_map`` renders and writes atomically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from . import dedupe as dedupe_mod
from . import events as events_mod
from . import stats as stats_mod
from . import vocab
from .analysis import band_shapes, point_columns
from .boundaries import Boundaries, load_boundaries
from .checks import THREE_COUNTRIES, Region
from .dates import DateWindow
from .errors import DataError, Problem
from .events import Filters, ImportReport
from .gazetteer import DEFAULT_DATA, PLACE_COLUMNS, Place, read_layers
from .geocode import Geocoder, Match, from_layers
from .hints import AdminLocator
from .importers import citations, import_events
from .records import Record, Source, apply_near, read_sources_and_records
from .store import read_events, stored_per_file


@dataclass(frozen=True)
class Unplaced:
    """A record's place name that did not resolve to one place: it is listed, never guessed."""

    record: Record
    name: str
    match: Match

    def problem(self, records_file: str) -> Problem:
        m = self.match
        if m.status == "ambiguous":
            cands = "; ".join(
                f"{c.name} ({c.country}, {c.admin1 or 'region unknown'}, id {c.id})" for c in m.candidates
            )
            msg = f"ambiguous place name, candidates: {cands}; use a more specific name or add an alternate name"
        else:
            hint = f"did you mean {', '.join(map(repr, m.suggestions))}?" if m.suggestions else "no similar name"
            msg = f"place not in the gazetteer ({hint}); add it to places.csv with its source"
        return Problem(records_file, self.record.row, "places", self.name, f"record {self.record.id!r}: {msg}")


@dataclass(frozen=True)
class Dataset:
    """Everything the map shows, checked and joined.

    ``placements`` has one row per (record, place): a record naming three villages has three
    rows, which share the record's figures; count records with ``record_id.nunique()``.
    ``places`` has one row per curated place with its computed country, region and distance to
    the nearest international border. ``unresolved`` lists record place names that matched no
    place or several: those records are not drawn at that name, and ``validate`` fails on them.
    """

    places: gpd.GeoDataFrame
    placements: gpd.GeoDataFrame
    records: list[Record]
    sources: dict[str, Source]
    boundaries: Boundaries
    matches: dict[str, Match]
    unplaced: list[Record] = field(default_factory=list)  # records with no place (context only)
    unresolved: list[Unplaced] = field(default_factory=list)
    records_file: str = ""
    # Imported events (ACLED, UCDP, other records files), analysed; one report per file.
    events: gpd.GeoDataFrame = field(default_factory=lambda: events_mod.analyse_empty())
    imports: list[ImportReport] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)
    # Likely duplicates across the imported files (geo.dedupe; set by dedupe()): pairs, prefer, merged counts.
    duplicates: dict | None = None
    no_notes: bool = False
    geocoder: Geocoder | None = field(default=None, compare=False, repr=False)

    @property
    def citations(self) -> list[str]:
        """What a map or export of this dataset must cite besides its sources (ACLED's terms, UCDP's licence)."""
        cites = citations(self.imports)
        if cites and not self.filters.empty:
            cites = [c + f" Filters: {self.filters.describe()}." for c in cites]
        return cites

    def curated_events(self) -> gpd.GeoDataFrame:
        """The curated records as an event table: one row per record and place, analysed."""
        recs = {r.id: r for r in self.records}
        src = self.sources
        rows = []
        for pl in self.placements.to_dict("records"):
            r = recs[pl["record_id"]]
            rows.append(
                {
                    "source_format": "records",
                    "source_id": r.id,
                    "file": self.records_file,
                    "row": r.row,
                    "kind": r.kind,
                    "source_type": r.kind,
                    "start": pd.Timestamp(r.date.start),
                    "end": pd.Timestamp(r.date.end),
                    "date_precision": r.date.precision,
                    "date_label": r.date.label(),
                    "lat": pl["lat"],
                    "lon": pl["lon"],
                    "precision": pl["precision"],
                    "radius_km": pl["radius_km"],
                    "precision_why": pl["note"],
                    "place": pl["place_query"],
                    "source_country": pl["country"],
                    "source_admin1": pl["admin1"],
                    "source_admin2": pl["admin2"],
                    "geocoded": True,
                    "actors": r.actors,
                    "fatalities": r.fatalities,
                    "fatalities_text": r.fatalities_text,
                    "summary": r.summary,
                    "notes": r.note,
                    "sources": "; ".join(f"{src[s].publisher}, {src[s].title}" for s in r.sources),
                    "country": pl["ne_country"],
                    "admin1": pl["ne_admin1"],
                    "admin2": pl["ne_admin2"],
                    "border_km": pl["border_km"],
                    "nearest_border": pl["nearest_border"],
                    "border_pair": pl["border_pair"],
                    "tri_border_km": pl["tri_border_km"],
                }
            )
        table = events_mod.conform(pd.DataFrame(rows)) if rows else events_mod.empty()
        for col in events_mod.DERIVED:
            table[col] = [row[col] for row in rows] if rows else pd.Series(dtype=object)
        return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326")

    def all_events(self) -> gpd.GeoDataFrame:
        """Curated records and imported events in one analysed event table."""
        parts = [t for t in (self.curated_events(), self.events) if len(t)]
        if not parts:
            return self.curated_events()
        return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs="EPSG:4326")

    def borderland(self) -> tuple[dict, tuple[dict, ...]]:
        """What a map's borderland layers show: ``liptako stats``'s counts of this dataset's events (curated and
        imported; :func:`geo.stats.borderland_stats` with the vocabulary's bands and rings) and the GeoJSON
        geometry of each distance band (:func:`geo.analysis.band_shapes`)."""
        counts = stats_mod.borderland_stats(self.all_events(), bands=vocab.BAND_KM, tri_km=vocab.RING_KM)
        return counts, band_shapes(self.boundaries, vocab.BAND_KM)

    def data_title(self) -> tuple[str, str] | None:
        """A title and subtitle that say what the imported events are ("ACLED events, Mali–Niger, 01 Mar 2021 –
        24 May 2022"; "From acled.csv and the project's curated records"), or None without imported events."""
        if not len(self.events):
            return None
        formats = set(self.events["source_format"].astype(str).unique())
        labels = [f.label for k, f in vocab.SOURCE_FORMATS.items() if k in formats]
        present = set(self.events["country"].astype(str).unique())
        countries = [vocab.COUNTRY_NAME[c] for c in vocab.COUNTRIES if c in present]
        lo, hi = self.events["start"].min().date(), self.events["end"].max().date()
        parts = [" and ".join(labels) + " events"] + (["–".join(countries)] if countries else [])
        title = ", ".join(parts) + f", {lo:%d %b %Y} – {hi:%d %b %Y}"
        files = sorted({Path(f).name for f in self.events["file"].astype(str).unique()})
        named = [*files, "the project's curated records"] if len(self.placements) else files
        subtitle = "From " + (", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0])
        return title, subtitle

    def events_box(self, pad: float = 0.2) -> tuple[float, float, float, float] | None:
        """The box (west, south, east, north) around the imported events, ``pad`` degrees wider on each side and
        kept inside the boundary data's extent; None without imported events."""
        if not len(self.events):
            return None
        w, s, e, n = self.boundaries.coverage if self.boundaries is not None else (-180.0, -90.0, 180.0, 90.0)
        lon, lat = self.events["lon"].astype(float), self.events["lat"].astype(float)
        box = (
            max(w, float(lon.min()) - pad),
            max(s, float(lat.min()) - pad),
            min(e, float(lon.max()) + pad),
            min(n, float(lat.max()) + pad),
        )
        return box if box[0] < box[2] and box[1] < box[3] else None

    def region_layers(self) -> dict[str, set[str]]:
        """The region names of the boundary layers, per level ("admin1", "admin2"): what a region filter asks of
        the point-in-polygon columns rather than the source's (:func:`geo.events.region_mask`)."""
        b = self.boundaries
        if b is None:
            return {}
        out = {"admin1": set(b.event_regions["name"])}
        if b.districts is not None:
            out["admin2"] = set(b.districts["name"])
        return out

    def region_names(self, level: str) -> set[str]:
        """Every name of a region ``level`` ("admin1" or "admin2") the data knows: the boundary layer's units, the
        curated places', and those the imported events' files name (``source_admin1``...) or lie in."""
        names = set(self.region_layers().get(level, ()))
        if len(self.places) and level in self.places:
            names |= set(self.places[level])
        if len(self.events):
            for col in (f"source_{level}", level):
                if col in self.events:
                    names |= set(self.events[col].astype(str).unique())
        return {n for n in names if n and n != "nan"}

    def unknown_regions(self, level: str, names) -> dict[str, list[str]]:
        """Each of ``names`` that matches no ``level`` region of the data (accents, case and known other spellings
        ignored), with the closest names the data has."""
        if not names:
            return {}
        known = self.region_names(level)
        keys = {events_mod.admin1_key(n) for n in known}
        return {n: events_mod.suggestions(n, known) for n in names if events_mod.admin1_key(n) not in keys}

    def removed_by(self, filters: Filters) -> tuple[int, list[tuple[str, int]]]:
        """How many rows (a curated record at each of its places, an imported event) there are, and how many of
        them each filter of ``filters`` removes on its own: to say why a selection is empty."""
        table = self.all_events()
        return len(table), [
            (f.describe(), int((~events_mod.apply_filters(table, f, self.region_layers())).sum()))
            for f in filters.each()
        ]

    def select(self, filters: Filters) -> Dataset:
        """The records, placements and events that ``filters`` keep; each import report counts what was filtered out."""
        if filters.empty:
            return replace(self, filters=filters)
        ds = self.between(filters.since, filters.until)
        curated = ds.curated_events()
        placements = ds.placements
        if len(curated):
            keep = events_mod.apply_filters(curated, filters, self.region_layers()).to_numpy()
            placements = placements[keep].reset_index(drop=True)
        ids = set(placements["record_id"])
        context_ok = (
            not filters.kinds
            and not filters.countries
            and not filters.admin1
            and not filters.admin2
            and not filters.bbox
            and not filters.actor
            and not filters.min_precision
        )
        records = [r for r in ds.records if r.id in ids or (not r.places and context_ok)]
        events = self.events
        reports = [replace(r) for r in self.imports]
        if len(events):
            mask = events_mod.apply_filters(events, filters, self.region_layers())
            dropped = events.loc[~mask, "file"].value_counts().to_dict()
            for r in reports:
                # read = mapped + filtered + skipped: what a filter drops is no longer mapped.
                n = int(dropped.get(r.file, 0))
                r.filtered += n
                r.mapped -= n
            events = events[mask].reset_index(drop=True)
        return replace(
            ds,
            records=records,
            placements=placements,
            events=events,
            imports=reports,
            filters=filters,
            unplaced=[r for r in ds.unplaced if r in records],
            unresolved=[u for u in ds.unresolved if u.record.id in {r.id for r in records}],
        )

    def with_events(
        self,
        paths,
        *,
        fmt: str | None = None,
        strict: bool = False,
        accessed: dt.date | None = None,
        region: Region = THREE_COUNTRIES,
        window: DateWindow | None = None,
        notes: bool = True,
    ) -> Dataset:
        """This dataset with the events of ``paths`` (ACLED, UCDP GED or records files) imported and analysed.

        Rows dated outside ``window`` (default :meth:`DateWindow.default`) are skipped and counted. With ``notes``
        False, ACLED's notes are not read (for a page without notes: ``Dataset.no_notes``).

        Raises
        ------
        DataError
            A file that cannot be read or has no known format; with ``strict``, the first bad row.
        """
        if not paths:
            return self
        if self.geocoder is None:
            raise ValueError("this dataset has no geocoder to place imported events: make it with load_dataset")
        table, reports = import_events(
            paths,
            geocoder=self.geocoder,
            region=region,
            fmt=fmt,
            strict=strict,
            accessed=accessed,
            window=window,
            notes=notes,
        )
        events = events_mod.analyse(table, self.boundaries)
        return self._plus(events, reports)

    def with_store(
        self,
        store,
        *,
        countries: tuple[str, ...] = (),
        since: dt.date | None = None,
        until: dt.date | None = None,
        columns: tuple[str, ...] | None = None,
        notes: bool = True,
    ) -> Dataset:
        """This dataset with the events of a store ``liptako ingest`` wrote (:mod:`geo.store`): only the
        partitions of ``countries`` and of the years ``since``..``until`` may hold are read. The rows left in
        the other partitions are counted as filtered out in their files' reports, as a filter would count them.
        With ``columns`` (:data:`geo.store.STATS_COLUMNS`), only those columns are read; the others are missing;
        with ``notes`` False, the notes are not read (for a page without notes).

        Raises
        ------
        StoreError
            No store there, or one this version cannot read.
        """
        events, reports = read_events(
            store, countries=countries, since=since, until=until, columns=columns, notes=notes
        )
        if countries or since or until:
            read = events["file"].astype(str).value_counts().to_dict()
            stored = stored_per_file(store)
            for r in reports:
                pruned = stored.get(r.file, 0) - int(read.get(r.file, 0))
                r.mapped -= pruned
                r.filtered += pruned
        return self._plus(events, reports)

    def _plus(self, events: gpd.GeoDataFrame, reports: list) -> Dataset:
        """This dataset with analysed ``events`` after its own and their files' ``reports`` after its own."""
        if len(self.events):
            events = gpd.GeoDataFrame(
                pd.concat([self.events, events], ignore_index=True), geometry="geometry", crs="EPSG:4326"
            )
        return replace(self, events=events, imports=self.imports + reports)

    def dedupe(self, prefer: str | None = None) -> tuple[Dataset, str]:
        """This dataset with the likely duplicates across its imported files found (:mod:`geo.dedupe`) and, with
        ``prefer`` (a format: acled, ucdp), one event of each pair left out; and the report of the pairs for
        stderr ("" when there are none). Each import report counts its events left out as ``merged``;
        :attr:`duplicates` holds ``{pairs, prefer, merged: {events, fatalities, no_toll}}`` (None with fewer than
        two files)."""
        if len({r.file for r in self.imports}) < 2 or not len(self.events):
            return self, ""
        found = dedupe_mod.find(self.events)
        drop = found.drop(prefer) if prefer else np.zeros(len(self.events), dtype=bool)
        gone = self.events[drop]
        merged = stats_mod.event_counts(gone)
        summary = {"pairs": len(found), "prefer": prefer, "merged": merged}
        if not drop.any():
            return replace(self, duplicates=summary), found.report(prefer)
        per_file = gone["file"].value_counts().to_dict()
        reports = [replace(r) for r in self.imports]
        for r in reports:
            n = int(per_file.get(r.file, 0))
            r.mapped -= n
            r.merged += n
        events = self.events[~drop].reset_index(drop=True)
        return replace(self, events=events, imports=reports, duplicates=summary), found.report(prefer, merged["events"])

    def without_records(self) -> Dataset:
        """This dataset without the project's curated records (its places stay): an analyst's map of their own
        events shows and counts their events only, unless they ask for the records too (``--with-records``)."""
        return replace(
            self,
            records=[],
            placements=self.placements.iloc[0:0],
            unplaced=[],
            unresolved=[],
        )

    def counts(self) -> tuple[int, int, int]:
        """(records on the map, their placements, imported events): what a map of this dataset draws."""
        return int(self.placements["record_id"].nunique()), len(self.placements), len(self.events)

    def unresolved_problems(self) -> list[Problem]:
        return [u.problem(self.records_file) for u in self.unresolved]

    def between(self, start: dt.date | None, end: dt.date | None) -> Dataset:
        """The records whose date span overlaps [start, end] (either end open), with their placements."""
        if start is None and end is None:
            return self

        def keep(rec: Record) -> bool:
            return (start is None or rec.date.end >= start) and (end is None or rec.date.start <= end)

        records = [r for r in self.records if keep(r)]
        ids = {r.id for r in records}
        return replace(
            self,
            records=records,
            placements=self.placements[self.placements["record_id"].isin(ids)].reset_index(drop=True),
            unplaced=[r for r in self.unplaced if r.id in ids],
            unresolved=[u for u in self.unresolved if u.record.id in ids],
        )


def load(
    data_dir: Path = DEFAULT_DATA, *, region: Region = THREE_COUNTRIES, gazetteers=(), window: DateWindow | None = None
) -> Dataset:
    """Load, validate, geocode and analyse the data in ``data_dir``.

    ``data_dir/geonames_region.csv`` is optional; without it the project's own extract is used.
    Every place must lie in ``region`` (default: the box around Mali, Niger and Burkina Faso).
    ``gazetteers`` are a user's own place files (``--gazetteer``), consulted after the curated places.
    Every record must be dated within ``window`` (default :meth:`DateWindow.default`).

    Raises
    ------
    DataError
        Listing every problem in every file: bad cells, unknown source ids, unreadable layers.
        Place names that do not resolve are not raised here but listed in ``Dataset.unresolved``.
    """
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    layers, p = read_layers(data_dir, region=region, gazetteers=gazetteers)
    problems += p
    places = layers.curated
    sources, records, p = read_sources_and_records(data_dir / "sources.csv", data_dir / "records.csv", window=window)
    problems += p
    boundaries = None
    try:
        boundaries = load_boundaries(data_dir / "boundaries")
    except DataError as exc:
        problems += exc.problems
    if problems:
        raise DataError(problems)
    assert boundaries is not None  # a failed load added its problems, raised above

    geocoder = from_layers(layers, locator=AdminLocator.of(boundaries))
    matches: dict[str, Match] = {}
    rows, unresolved = [], []
    for rec in records:
        for name in rec.places:
            m = matches.setdefault(name, geocoder(name))
            if m.place is None:  # not m.resolved
                unresolved.append(Unplaced(rec, name, m))
                continue
            rows.append(
                {
                    **_place_row(m.place),
                    "record_id": rec.id,
                    "place_query": name,
                    "match": m.status,
                    "how": m.how,
                    "matched_name": m.matched_name,
                    "score": m.score,
                    "near_km": rec.near_km,
                }
            )

    placements = _analyse(
        pd.DataFrame(
            rows,
            columns=[*PLACE_FIELDS, "record_id", "place_query", "match", "how", "matched_name", "score", "near_km"],
        ),
        boundaries,
    )
    apply_near(placements)
    return Dataset(
        places=_analyse(pd.DataFrame([_place_row(p) for p in places], columns=PLACE_FIELDS), boundaries),
        placements=placements,
        records=records,
        sources={s.id: s for s in sources},
        boundaries=boundaries,
        matches=matches,
        unplaced=[r for r in records if not r.places],
        unresolved=unresolved,
        records_file=str(data_dir / "records.csv"),
        geocoder=geocoder,
    )


PLACE_FIELDS = [*PLACE_COLUMNS, "tier"]


def _place_row(p: Place) -> dict:
    return {
        "id": p.id,
        "name": p.name,
        "alt_names": "; ".join(p.alt_names),
        "kind": p.kind,
        "country": p.country,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "lat": p.lat,
        "lon": p.lon,
        "precision": p.precision,
        "radius_km": p.radius_km,
        "geonames_id": p.geonames_id,
        "source": p.source,
        "note": p.note,
        "tier": p.tier,
    }


def _analyse(df: pd.DataFrame, boundaries: Boundaries) -> gpd.GeoDataFrame:
    """Add the computed country, Natural Earth region and nearest-border distance to point rows."""
    # Columns are lat/lon; points are built x=lon, y=lat here and only here.
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
    cols = point_columns(gdf["lon"].to_numpy(float), gdf["lat"].to_numpy(float), boundaries)
    gdf["ne_country"] = cols.pop("country")
    gdf["ne_admin1"] = cols.pop("admin1")
    gdf["ne_admin2"] = cols.pop("admin2")  # a place's own admin2 column is the gazetteer's
    for col, values in cols.items():
        gdf[col] = values
    return gdf
