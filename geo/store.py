"""A Parquet store of analysed events, for data beyond one export (issue 25): ``liptako ingest FILE... --store
DIR`` imports, geocodes and analyses each file once, and ``build``, ``stats`` and ``export`` read the store with
``--store DIR`` instead of importing CSV files again.

Layout of DIR:

``events/part_country=XXX/part_year=YYYY/*.parquet``
    the analysed event table (the columns of :func:`geo.events.analyse`, without the shapely geometry, plus
    ``wkb``: the point as WKB, and ``seq``: the row's order in the store), partitioned by the event's country
    (``none`` when it lies in none of the map's countries) and the year of its start. Each file carries
    GeoParquet 1.1 metadata (``geo`` in the schema's metadata: ``wkb`` is the primary geometry column, WGS84
    longitude/latitude), so DuckDB (``read_parquet('DIR/events/**/*.parquet', hive_partitioning = true)`` with
    the spatial extension's ``ST_GeomFromWKB(wkb)``), Apache Sedona or QGIS (a Parquet layer, GDAL 3.8 or later)
    read it as it is.
``store.json``
    the store's format version, the pandas type of each column (the table reads back exactly as it was
    written), and the import report of each ingested file (what was read, mapped, skipped and why).

A read takes the partitions its filters allow (country, years) and no other file: pyarrow's dataset reader
prunes by the partition directories, so a selection costs what the selection costs. Re-ingesting a file
replaces the stored rows of the events it holds (by format and source id: an updated ACLED export replaces its
events, never duplicates them) and its report. The store is rewritten whole, into a new folder that then takes
the old one's place, so a failed ingest leaves the store as it was.

The store is the user's own file and is read as hostile input like any other: ``store.json`` is JSON (no
pickle), every column the reader expects must be there with the type it had, and a store of another format
version is refused with what to do.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import fields
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import LiptakoError
from .events import ImportReport

VERSION = 1
EVENTS = "events"
META = "store.json"
NO_COUNTRY = "none"
MAX_INDEX = 50_000_000  # bytes of store.json: the reports of thousands of files take a few MB
_PARTS = ["part_country", "part_year"]
_KEY = ["source_format", "source_id"]


# What ``stats`` reads of a store: the event key, what the filters, the duplicate search (geo.dedupe) and the counts
# look at, and the point. The other columns (notes, the source's own text, actors one by one, ...) are left on disk:
# at a million rows they are most of the bytes. They come back missing (NA) in the frame, so a reader given
# ``columns`` must use no other.
STATS_COLUMNS = (
    "source_format",
    "file",
    "source_id",
    "row",
    "kind",
    "start",
    "end",
    "lat",
    "lon",
    "precision",
    "radius_km",
    "fatalities",
    "country",
    "admin1",
    "admin2",
    "border_km",
    "nearest_border",
    "border_pair",
    "tri_border_km",
    "actors",
)


class StoreError(LiptakoError):
    """A store that cannot be read or written, with what to do."""


def _encode(value):
    """JSON for an import report's values: tuples, dates and counters tagged so that they read back as such."""
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Counter):
        return {"counter": [[k, v] for k, v in value.items()]}
    if isinstance(value, dict):
        return {"dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _decode(value):
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"tuple"}:
            return tuple(_decode(v) for v in value["tuple"])
        if set(value) == {"date"}:
            return dt.date.fromisoformat(value["date"])
        if set(value) == {"counter"}:
            return Counter({k: v for k, v in value["counter"]})
        if set(value) == {"dict"}:
            return {_decode(k): _decode(v) for k, v in value["dict"]}
        raise ValueError(f"an unknown value {value!r}")
    return value


def _report_json(r: ImportReport) -> dict:
    return {f.name: _encode(getattr(r, f.name)) for f in fields(r)}


def _report(data: dict) -> ImportReport:
    return ImportReport(**{k: _decode(v) for k, v in data.items()})


def _meta(store: Path) -> dict | None:
    path = store / META
    if not path.exists():
        return None
    try:
        if path.stat().st_size > MAX_INDEX:
            raise StoreError(f"{path}: {path.stat().st_size:,} bytes, more than a store's index holds; is it one?")
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: not a store's index ({exc}); ingest into a new folder") from None
    if not isinstance(meta, dict) or meta.get("version") != VERSION:
        raise StoreError(
            f"{path}: a store of format {meta.get('version') if isinstance(meta, dict) else '?'!r}, this liptako "
            f"reads format {VERSION}; ingest the files again into a new folder"
        )
    return meta


def _geo_metadata(frame: pd.DataFrame) -> bytes:
    box = [float(frame["lon"].min()), float(frame["lat"].min()), float(frame["lon"].max()), float(frame["lat"].max())]
    return json.dumps(
        {
            "version": "1.1.0",
            "primary_column": "wkb",
            "columns": {"wkb": {"encoding": "WKB", "geometry_types": ["Point"], "crs": None, "bbox": box}},
        }
    ).encode()


def read_events(
    store: Path,
    *,
    countries: tuple[str, ...] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    columns: tuple[str, ...] | None = None,
    notes: bool = True,
):
    """The stored events (a GeoDataFrame as :meth:`geo.pipeline.Dataset.with_events` makes it) of the partitions
    ``countries`` (ISO3; all when empty) and the years from ``since`` to ``until`` allow, in the order they
    were stored, and the import report of every ingested file. Rows of those partitions outside the dates are
    still returned: the dataset's filters take them out and count them, as for a file. With ``columns``, only
    those columns are read from disk and every other column of the table is missing (NA) in every row; with
    ``notes`` False, the notes are not read either (missing).

    Raises
    ------
    StoreError
        No store there, one of another format version, or files or an index that do not read as a store's
        (edited, truncated, or not written by liptako)."""
    import pyarrow as pa

    try:
        return _read_events(store, countries=countries, since=since, until=until, columns=columns, notes=notes)
    except StoreError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, OSError, pa.ArrowException) as exc:
        raise StoreError(
            f"{store}: its files do not read as a store ({type(exc).__name__}: {str(exc)[:200]}); "
            "ingest the files again into a new folder"
        ) from None


def _read_events(store, *, countries, since, until, columns=None, notes=True):
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as pads

    store = Path(store)
    meta = _meta(store)
    if meta is None:
        raise StoreError(f"{store}: no store here ({META} is missing); make one with the ingest command first")
    dtypes: dict[str, str] = meta["dtypes"]
    reports = [_report(r) for r in meta["reports"]]
    folder = store / EVENTS
    if not folder.exists():
        empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
        return gpd.GeoDataFrame(empty, geometry=gpd.points_from_xy([], []), crs="EPSG:4326"), reports
    data = pads.dataset(folder, format="parquet", partitioning="hive")
    where = None
    if countries:
        where = pc.field("part_country").isin(list(countries))
    if since is not None:
        # An event is filed under its start's year; one that started up to the store's longest span before
        # ``since`` may still reach it.
        cond = pc.field("part_year") >= (since - dt.timedelta(days=int(meta.get("max_span_days", 0)))).year
        where = cond if where is None else where & cond
    if until is not None:
        cond = pc.field("part_year") <= until.year
        where = cond if where is None else where & cond
    missing = [c for c in [*dtypes, "seq"] if c not in data.schema.names]
    if missing:
        raise StoreError(f"{store}: its files lack the column(s) {', '.join(missing)}; ingest the files again")
    read = [c for c in dtypes if (columns is None or c in columns) and (notes or c != "notes")]
    table = data.to_table(columns=[*read, "seq"], filter=where)  # not the WKB: the points are made from lon/lat
    table = table.take(pc.sort_indices(table["seq"]))
    frame = table.to_pandas()
    for column, kind in dtypes.items():
        if column not in read:  # not read: missing in every row (text from Arrow's nulls, without a copy)
            text = kind in ("string", "str")
            nulls = pd.array(pa.nulls(len(frame), pa.large_string()), dtype=kind) if text else None
            frame[column] = pd.Series(nulls, index=frame.index, dtype=kind)
        elif str(frame[column].dtype) != kind:
            frame[column] = frame[column].astype(kind)
    frame = frame[list(dtypes)]
    geometry = gpd.points_from_xy(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float))
    out = gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
    order = meta["columns"]
    return out[order], reports


def stored_per_file(store: Path) -> dict[str, int]:
    """How many events of each ingested file the whole store holds (its ``file`` column alone is read)."""
    import pyarrow.compute as pc
    import pyarrow.dataset as pads

    folder = Path(store) / EVENTS
    if not folder.exists():
        return {}
    files = pads.dataset(folder, format="parquet", partitioning="hive").to_table(columns=["file"]).column("file")
    counts = pc.value_counts(files)  # counted by Arrow: a million rows are not made Python strings
    values, n = counts.field("values").to_pylist(), counts.field("counts").to_pylist()
    return {str(v): int(k) for v, k in zip(values, n, strict=True)}


def ingest(ds, paths, store: Path, **import_options) -> tuple[list[ImportReport], int, int]:
    """Import, geocode and analyse ``paths`` with the dataset ``ds`` (as ``ds.with_events``), and put their events
    into ``store``, replacing the stored events of the same format and source id, and each file's report.
    Return the new reports, the number of events stored now, and how many stored events were replaced."""
    import shapely

    store = Path(store)
    meta = _meta(store)
    new = ds.with_events(list(paths), **import_options)
    added = new.events.iloc[len(ds.events) :]
    reports = new.imports[len(ds.imports) :]
    if meta is not None:
        old, old_reports = read_events(store)
    else:
        old, old_reports = added.iloc[:0], []
    keys = set(zip(*(added[c].astype(str) for c in _KEY), strict=True))
    replaced = (
        np.fromiter((k in keys for k in zip(*(old[c].astype(str) for c in _KEY), strict=True)), bool, len(old))
        if len(old)
        else np.zeros(0, bool)
    )
    kept = old[~replaced]
    frame = pd.concat([kept, added], ignore_index=True) if len(kept) else added.reset_index(drop=True)
    columns = list(frame.columns)
    table = pd.DataFrame(frame.drop(columns="geometry"))
    dtypes = {c: str(table[c].dtype) for c in table.columns}
    table["wkb"] = shapely.to_wkb(shapely.points(table["lon"].to_numpy(float), table["lat"].to_numpy(float)))
    table["seq"] = np.arange(len(table), dtype=np.int64)
    country = table["country"].astype(str)
    table["part_country"] = country.where(country != "", NO_COUNTRY)
    table["part_year"] = pd.to_datetime(table["start"]).dt.year.astype("int32")
    files = {r.file: r for r in old_reports}
    if replaced.any():  # another file's rows took their place: counted as merged in the report they were mapped in
        for name, n in old["file"][replaced].astype(str).value_counts().items():
            if name in files:
                files[name].mapped -= int(n)
                files[name].merged += int(n)
    for r in reports:
        files[r.file] = r
    spans = (pd.to_datetime(table["end"]) - pd.to_datetime(table["start"])).dt.days if len(table) else pd.Series([0])
    _write(store, table, dtypes, columns, list(files.values()), max_span_days=int(spans.max()))
    return list(reports), len(table), int(replaced.sum())


def _write(
    store: Path,
    table: pd.DataFrame,
    dtypes: dict,
    columns: list[str],
    reports: list[ImportReport],
    *,
    max_span_days: int,
) -> None:
    """The whole store, into a new folder beside it that then takes its place (the old one stays on failure)."""
    import pyarrow as pa
    import pyarrow.dataset as pads

    store.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{store.name}.", dir=store.parent))
    try:
        if len(table):
            arrow = pa.Table.from_pandas(table, preserve_index=False)
            arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), b"geo": _geo_metadata(table)})
            pads.write_dataset(
                arrow,
                tmp / EVENTS,
                format="parquet",
                partitioning=pads.partitioning(arrow.select(_PARTS).schema, flavor="hive"),
                existing_data_behavior="overwrite_or_ignore",
            )
        meta = {
            "version": VERSION,
            "written": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "dtypes": dtypes,
            "columns": columns,
            "max_span_days": max_span_days,
            "reports": [_report_json(r) for r in reports],
        }
        (tmp / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        old = None
        if store.exists():
            if not (store / META).exists() and any(store.iterdir()):
                raise StoreError(f"{store}: a folder that is not a store; give `store` an empty or new folder")
            old = store.with_name(f".{store.name}.old-{os.getpid()}")
            store.rename(old)
        tmp.rename(store)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
