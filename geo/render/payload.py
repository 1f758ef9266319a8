"""The page's data: everything the map shows, as one JSON-able dict.

This is the only way data reaches the page. :func:`page_data` turns a checked, geocoded
:class:`~geo.pipeline.Dataset` into plain values (strings, numbers, lists); :func:`script_json`
serialises it for the page's single ``<script type="application/json">`` block; the runtime
(``render/js/``) parses it once and builds every layer, popup, label and panel from it, putting
text into the page with ``textContent``. No data text is ever template source, HTML or JavaScript.

Keys of the block (the runtime reads exactly these):

``meta``        title, subtitle, span (wording of the records' date span), mapped (records on the
                map), credits, caveats, caption_sources (publisher, title and date of each source)
``view``        ``{"bbox": [west, south, east, north]}`` or ``{"centre": [lat, lon], "zoom": z}``
``zoom``        ``{"min": ..., "max": ...}``
``vocab``       kinds (key, label, colour), precision/how/status words, legend symbol sizes
``layers``      the overlays in control order: key, label, show (on at start)
``basemap``     GeoJSON FeatureCollections (countries, borders, regions, rivers, rings), ring labels
                and the tri-point
``borderland``  the analysis layers, counted as ``liptako stats`` counts: distance bands along the
                borders, events per admin-1 region (choropleth), their legends, events per tri-point ring
``sources``     id, publisher, title, date, url (only http/https; otherwise empty)
``places``      gazetteer places drawn in the towns layer, grouped by point in ``towns``
``records``     one per record on the map or listed in the legend; ``sources`` are indexes
``placements``  one per (record, place): where a record is drawn; ``record`` is an index
``events``      imported events (ACLED, UCDP, ...) as one columnar block: see :mod:`geo.render.columns`
``unresolved``  record place names that did not resolve: record index, name, status
``tiles``       online base layers asked for with ``--tiles``: label, url, attribution, max_zoom
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import mapping

from .. import events as events_mod
from .. import stats as stats_mod
from .. import vocab
from ..errors import LiptakoError
from ..pipeline import Dataset
from ..records import Record, span_of
from ..spec import MapSpec
from . import cartography, columns, style

GEOD = Geod(ellps="WGS84")
# Coordinates in the page are rounded to 5 decimals (about 1 m): finer digits only add bytes.
DECIMALS = 5

CREDITS = (
    "Boundaries: Natural Earth 1:10m (public domain); regions: OCHA COD-AB Mali 2021 and Niger 2023, "
    "geoBoundaries/World Bank Burkina Faso 2017 (CC BY 4.0). Towns: GeoNames (CC BY 4.0) and sources cited per place. "
    "River: GSHHG/WDBII (LGPL-3.0). Events: the sources cited in each popup. Map: Leaflet (BSD-2)."
)
CAVEATS = (
    "Regions are those of 2021 (Mali, with Ménaka; Taoudénit is still drawn in Tombouctou), 2023 (Niger) and "
    "2017 (Burkina Faso). "
    "The Burkina Faso–Niger border between about 14.05° and 14.45° N is the pre-2013 line; the ICJ redrew "
    "that sector in 2013 (up to ~10 km off)."
)
BASE_LAYERS = (
    ("countries", "Countries and borders"),
    ("regions", "Regions (admin-1)"),
    ("river", "Niger River"),
    ("tripoint", f"Tri-border point, {'/'.join(map(str, vocab.RING_KM))} km"),
    ("towns", "Towns and villages"),
)
# After the kinds of event in the layer list; off unless the spec lists them.
ANALYSIS_LAYERS = (
    ("bands", "Distance to the nearest border"),
    ("choropleth", "Events per admin-1 region"),
)

RING_LABEL_AZIMUTHS = (300, 330, 270, 0, 240, 30, 210, 60, 180, 90, 150, 120)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element: nothing in it can close the element or
    start a comment (``<``, ``>`` and ``&`` are escaped), and U+2028/U+2029 are escaped too."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)
    except ValueError:
        # The loaders reject non-finite numbers; reaching this is a bug, never a blank map.
        raise LiptakoError("internal error: a non-finite number (NaN or infinity) reached the map data") from None
    for c, escaped in _JSON_ESCAPES.items():  # str.replace runs in C: a 10 MB block in milliseconds
        if c in text:
            text = text.replace(c, escaped)
    return text


def safe_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL, else "": a ``javascript:`` URL never becomes a link."""
    try:
        parsed = urlparse(url)
    except ValueError:
        return ""
    return url if parsed.scheme in ("http", "https") and parsed.netloc else ""


def _num(x: float, digits: int = DECIMALS) -> float | None:
    x = float(x)
    return round(x, digits) if math.isfinite(x) else None


def _span_text(ds: Dataset, spec: MapSpec) -> str:
    span = span_of(ds.records)
    if len(ds.events):
        lo, hi = ds.events["start"].min().date(), ds.events["end"].max().date()
        span = (min(span[0], lo), max(span[1], hi)) if span else (lo, hi)
    what = ("Records and events" if ds.records else "Events") if len(ds.events) else "Records"
    text = f"{what} dated {span[0]:%d %b %Y} – {span[1]:%d %b %Y}" if span else "No records"
    if spec.start or spec.end:
        text += f" (map limited to {spec.start or '…'} – {spec.end or '…'})"
    return text


def _data_date(ds: Dataset, used: list[str]) -> str:
    """When the data were current: the newest source the map cites, and each imported file's access date."""
    parts = []
    if used:
        newest = max((ds.sources[sid].date for sid in used), key=lambda d: (d.end, d.start))
        parts.append(f"newest source dated {newest.label()}")
    for r in _imported_files(ds):
        name = FORMAT_NAMES.get(r.format, r.format)
        parts.append(
            f"{name} {Path(r.file).name} accessed {r.accessed:%d %b %Y}"
            if r.accessed
            else f"{name} {Path(r.file).name}, access date unknown"
        )
    return "Data: " + "; ".join(parts) + "." if parts else ""


def _feature(geom, tip: str, **props) -> dict:
    # The boundary layers are stored rounded to 5 decimals already (scripts/build_boundaries.py).
    return {
        "type": "Feature",
        "geometry": geom if isinstance(geom, dict) else mapping(geom),
        "properties": {"tip": tip, **props},
    }


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def geodesic_ring(lon: float, lat: float, km: float, *, n: int = 180) -> list[list[float]]:
    """A closed ring of points ``km`` from (lon, lat) on the ellipsoid, as [lon, lat] pairs."""
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, km * 1000.0))
    ring = [[round(float(x), DECIMALS), round(float(y), DECIMALS)] for x, y in zip(lons, lats, strict=True)]
    return ring + ring[:1]


def _basemap(ds: Dataset) -> dict:
    b = ds.boundaries
    countries = [
        _feature(r.geometry, r.name, fill=vocab.COUNTRY_FILLS.get(r.iso3, vocab.OTHER_COUNTRY_FILL))
        for r in b.countries.itertuples()
    ]
    borders = [_feature(r.geometry, f"{r.name} border") for r in b.borders.itertuples()]
    # Region outlines as lines, without the edge of the clip window the layer was cut to.
    window = shapely.box(*b.admin1.total_bounds).exterior.buffer(1e-4)
    regions = [
        _feature(r.geometry.boundary.difference(window), f"{r.name} region ({r.iso3})")
        for r in b.map_regions.itertuples()
    ]
    rivers = [
        _feature(r.geometry, "Niger River" if r.name == "Niger" else "River (Niger basin)", main=r.name == "Niger")
        for r in b.rivers.itertuples()
    ]
    lon, lat = b.tripoint_lonlat
    rings, labels = [], []
    for km in vocab.RING_KM:
        rings.append(
            _feature(
                {"type": "LineString", "coordinates": geodesic_ring(lon, lat, km)},
                f"{km} km from the {vocab.TRI_POINT_NAME} tri-point",
            )
        )
        # Anchors along the ring, best first: west-north-west, where few town labels sit, then round it.
        anchors = []
        for az in RING_LABEL_AZIMUTHS:
            x, y, _ = GEOD.fwd(lon, lat, az, km * 1000.0)
            anchors.append([_num(y, 4), _num(x, 4)])
        labels.append({"anchors": anchors, "text": f"{km} km", "km": f"{km:g}"})
    return {
        "countries": _collection(countries),
        "borders": _collection(borders),
        "regions": _collection(regions),
        "rivers": _collection(rivers),
        "rings": _collection(rings),
        "ring_labels": labels,
        "tripoint": {
            "lat": _num(lat),
            "lon": _num(lon),
            "text": f"{vocab.TRI_POINT_NAME} tri-point (Natural Earth 1:10m)",
        },
        "colours": {
            "border": style.BORDER_COLOUR,
            "region": style.REGION_COLOUR,
            "river": style.RIVER_COLOUR,
            "ring": style.RING_COLOUR,
        },
    }


def _borderland(ds: Dataset) -> dict:
    """The analysis layers laid out: distance bands along the borders, events per admin-1 region, ring counts.

    The shapes and counts come from :meth:`Dataset.borderland` (``liptako stats``'s counts, of the events on
    this map); this only colours and words them."""
    b = ds.boundaries
    bands = vocab.BAND_KM
    counts, shapes = ds.borderland()
    by_band = {r["key"]: r for r in counts["by"]["band"]}
    labels = stats_mod.band_labels(bands)
    band_features = []
    for i, (geom, colour, opacity) in enumerate(zip(shapes, style.BAND_COLOURS, style.BAND_OPACITY, strict=True)):
        c = by_band[labels[i]]
        band_features.append(
            {
                "type": "Feature",
                "geometry": geom,
                "properties": {
                    "tip": f"{labels[i]} km from the nearest border: {c['events']} event(s) on this map",
                    "fill": colour,
                    "opacity": opacity,
                },
            }
        )
    imprecise = by_band[stats_mod.IMPRECISE]["events"]
    unknown = by_band.get(stats_mod.OUTSIDE, {"events": 0})["events"]
    # Events per admin-1 region: classes from the largest count.
    per = {(r["key"], r["country"]): r for r in counts["by"]["admin1"]}
    top = max([r["events"] for r in per.values()] + [0])
    breaks = _classes(top, len(style.CHOROPLETH_COLOURS))
    regions = []
    for r in b.map_regions.itertuples():
        c = per.get((r.name, r.iso3), {"events": 0, "fatalities": 0, "no_toll": 0})
        cls = next((i for i, (lo, hi) in enumerate(breaks) if lo <= c["events"] <= hi), None)
        tip = f"{r.name} ({r.iso3}): {c['events']} event(s), {c['fatalities']} killed"
        if c["no_toll"]:
            tip += f" ({c['no_toll']} without a toll)"
        # A choropleth needs no finer outline than about 1 km: a third of the bytes of the region layer.
        shape = shapely.set_precision(shapely.simplify(r.geometry, 0.01), 10.0**-4)
        regions.append(_feature(shape, tip, fill=style.CHOROPLETH_COLOURS[cls] if cls is not None else None))
    unplaced = sum(r["events"] for r in counts["by"]["admin1"] if r["key"] in (stats_mod.OUTSIDE, stats_mod.SEVERAL))
    rings = {t["within_km"]: t for t in counts["tri_border"]}
    return {
        "bands": _collection(band_features),
        "bands_legend": [
            {"label": f"{labels[i]} km", "colour": c, "opacity": o}
            for i, (c, o) in enumerate(zip(style.BAND_COLOURS, style.BAND_OPACITY, strict=True))
        ],
        "bands_note": (
            f"Counts are of the events on this map. {imprecise} event(s) are located less precisely "
            "than a band and are counted in none."
            + (f" {unknown} lie too near the edge of the boundary data for a distance." if unknown else "")
        ),
        "choropleth": _collection(regions),
        "choropleth_legend": [
            {"label": f"{lo}" if lo == hi else f"{lo}-{hi}", "colour": colour}
            # Small counts make fewer classes than colours: the legend shows the classes there are.
            for (lo, hi), colour in zip(breaks, style.CHOROPLETH_COLOURS, strict=False)
        ],
        "choropleth_note": (
            f"Events per admin-1 region (by each event's point; a record naming several places "
            f"counts once). {unplaced} event(s) lie in no region or in several and are not counted."
        ),
        "ring_counts": {
            f"{km:g}": {"events": rings[km]["events"], "imprecise": rings[km]["imprecise"]["events"]}
            for km in vocab.RING_KM
        },
    }


def _classes(top: int, n: int) -> list[tuple[int, int]]:
    """Up to ``n`` classes of whole counts 1..top with "nice" upper bounds (1, 2, 5, 10, 20, 50, ...)."""
    if top <= 0:
        return []
    nice: list[int] = []
    k = 1
    while not nice or nice[-1] < top:
        nice += [k, 2 * k, 5 * k]
        k *= 10
    nice = [x for x in nice if x < top] + [top]
    uppers = nice[-n:] if len(nice) > n else nice
    lows = [1] + [u + 1 for u in uppers[:-1]]
    return list(zip(lows, uppers, strict=True))


def _where(row: dict) -> dict:
    """The fields a popup shows about where something is, from a place or placement row."""
    return {
        "name": row["name"],
        "country": row["country"],
        "admin1": row["admin1"],
        "ne_admin1": row["ne_admin1"],
        "lat": _num(row["lat"]),
        "lon": _num(row["lon"]),
        "precision": row["precision"],
        "radius_km": _num(row["radius_km"], 3),
        "source": row["source"],
        "note": row["note"],
        "border_km": _num(row["border_km"], 1),
        "nearest_border": row["nearest_border"],
        "tri_border_km": _num(row["tri_border_km"], 1),
    }


_PRECISION_ORDER = {p: i for i, p in enumerate(vocab.PRECISIONS)}


def _towns(ds: Dataset) -> tuple[list[dict], list[dict]]:
    """Gazetteer places (areas are shown through their records, not as towns), and the points they
    are drawn at: places sharing one point (villages placed at their department) share one symbol.
    Each town has a ``rank``, the order its label is placed in (see :mod:`geo.render.cartography`)."""
    places = ds.places[ds.places["kind"] != vocab.AREA_KIND].sort_values("id")
    out: list[dict] = []
    towns: list[dict] = []
    groups: list[tuple] = []
    # One pass over the table (a to_dict per point cost 0.7 s for the ~300 points of the shipped gazetteer).
    by_point: dict[tuple[float, float], list[dict]] = {}
    for p in places.to_dict("records"):
        by_point.setdefault((p["lat"], p["lon"]), []).append(p)
    for (lat, lon), members in sorted(by_point.items()):
        rows = sorted(members, key=lambda p: (_PRECISION_ORDER[p["precision"]], p["name"]))
        idx = []
        for p in rows:
            idx.append(len(out))
            out.append({**_where(p), "alt_names": p["alt_names"]})
        towns.append({"lat": _num(lat), "lon": _num(lon), "places": idx})
        groups.append((float(lat), float(lon), rows))
    placed = ds.placements.groupby("id")["record_id"].nunique().to_dict() if len(ds.placements) else {}
    counts = cartography.town_counts(groups, placed, ds.events)
    for town, rank, n, (_, _, members) in zip(
        towns, cartography.town_ranks(groups, counts), counts, groups, strict=True
    ):
        town["rank"] = rank
        # Nothing on the map happened here and it is no landmark: the page shows it only when zoomed in.
        town["quiet"] = bool(n == 0 and not any(p["kind"] in vocab.LANDMARK_KINDS for p in members))
    return out, towns


def _curated_rows(ds: Dataset, source_index: dict[str, int], counts: dict[str, int]):
    """The curated records as rows of the page's one event table (``Dataset.curated_events``: one per record and
    place, analysed as every event is), with what only they carry (:data:`columns.RECORD_FIELDS`)."""
    table = ds.curated_events()
    if not len(table):
        return table
    recs = {r.id: r for r in ds.records}
    extra: dict[str, list] = {col: [] for col in columns.RECORD_FIELDS}
    for row in ds.placements.to_dict("records"):  # the order curated_events() keeps
        rec = recs[row["record_id"]]
        near = row["near_km"] == row["near_km"] and row["near_km"] is not None  # not NaN, not None
        for col, value in (
            ("page_sources", [source_index[s] for s in rec.sources]),
            ("date_text", rec.date_text),
            ("place_text", rec.place_text),
            ("n_places", counts.get(rec.id, 0)),
            ("record_note", rec.note),
            ("place_name", row["name"]),
            ("place_source", row["source"]),
            ("match", row["match"]),
            ("how", row["how"]),
            ("matched_name", row["matched_name"]),
            ("score", _num(row["score"], 1) if row["score"] is not None else None),
            ("says_near", bool(near)),
        ):
            extra[col].append(value)
    for col, values in extra.items():
        table[col] = pd.Series(values, index=table.index, dtype=object)
    return table


def _context(rec: Record, source_index: dict[str, int]) -> dict:
    """A record with no place to draw it at, as the legend lists it."""
    return {
        "id": rec.id,
        "date": rec.date.label(),
        "summary": rec.summary,
        "place_text": rec.place_text,
        "sources": [source_index[s] for s in rec.sources],
    }


def _tiles(names: tuple[str, ...], providers: dict[str, tuple[str, str]]) -> list[dict]:
    if not names:
        return []
    import xyzservices.providers as xyz

    out = []
    for name in names:
        provider_name, label = providers[name]
        provider = xyz.query_name(provider_name)
        # The attribution is the provider's own HTML, from the xyzservices package (not input data).
        out.append(
            {
                "key": name,
                "label": label,
                "url": provider.build_url(),
                "attribution": provider.html_attribution,
                "max_zoom": min(int(provider.get("max_zoom", 18)), 18),
            }
        )
    return out


FORMAT_NAMES = {k: f.label for k, f in vocab.SOURCE_FORMATS.items()}


def _imported_files(ds: Dataset) -> list:
    """The import report of each imported file, once (a file imported twice is one source)."""
    first: dict[str, object] = {}
    for r in ds.imports:
        first.setdefault(r.file, r)
    return list(first.values())


def _file_sources(ds: Dataset, sources: list[dict]) -> dict[str, int]:
    """One page source per imported file (ACLED, UCDP, ...), appended to ``sources``; file -> index."""
    file_source: dict[str, int] = {}
    for r in _imported_files(ds):
        file_source[r.file] = len(sources)
        name = FORMAT_NAMES.get(r.format, r.format)
        url = vocab.SOURCE_FORMATS[r.format].url if r.format in vocab.SOURCE_FORMATS else ""
        sources.append(
            {
                "id": f"file-{len(file_source)}",
                "publisher": name,
                "title": f"{name} export {Path(r.file).name}",
                "date": f"accessed {r.accessed.isoformat()}" if r.accessed else "access date unknown",
                "url": url,
            }
        )
    return file_source


def page_data(
    ds: Dataset, spec: MapSpec, *, tiles: tuple[str, ...] = (), providers: dict[str, tuple[str, str]] | None = None
) -> dict:
    """The map's data block for ``ds`` limited to ``spec``'s dates, as plain JSON-able values."""
    ds = ds.between(spec.start, spec.end)
    events = ds.events
    if len(events) and (spec.start or spec.end):
        keep = events_mod.apply_filters(events, events_mod.Filters(since=spec.start, until=spec.end))
        events = events[keep]
    ds = replace(ds, events=events)
    shown = set(spec.layers)
    used = sorted({s for r in ds.records for s in r.sources})
    source_index = {sid: i for i, sid in enumerate(used)}
    sources = [
        {"id": s.id, "publisher": s.publisher, "title": s.title, "date": s.date.label(), "url": safe_url(s.url)}
        for s in (ds.sources[sid] for sid in used)
    ]

    counts = ds.placements.groupby("record_id").size().to_dict()
    table = _curated_rows(ds, source_index, counts)
    if len(ds.events):
        table = pd.concat([table, ds.events], ignore_index=True) if len(table) else ds.events
    block = columns.event_block(table, source_of_file=_file_sources(ds, sources), notes=not ds.no_notes)
    places, towns = _towns(ds)
    kinds_present = set(table["kind"].unique()) if len(table) else set()  # not a Python look at every row
    layers = [{"key": k, "label": label, "show": k in shown} for k, label in BASE_LAYERS]
    layers += [{"key": k, "label": vocab.KIND_LABELS[k], "show": k in shown} for k in vocab.KINDS if k in kinds_present]
    layers += [{"key": k, "label": label, "show": k in shown} for k, label in ANALYSIS_LAYERS]
    view: dict
    if spec.bbox:
        view = {"bbox": list(spec.bbox)}
    elif spec.centre:
        view = {"centre": list(spec.centre), "zoom": spec.zoom}
    else:
        raise ValueError("spec: give it a bbox, or a centre and a zoom")
    # The view stays inside the spec's bounds, or the boundary data's extent.
    view["bounds"] = list(spec.bounds or ds.boundaries.coverage)
    basemap = _basemap(ds)
    basemap["labels"] = cartography.area_labels(ds.boundaries, cartography.focus_box(spec))
    basemap["locator"] = cartography.locator(ds.boundaries)
    return {
        "meta": {
            "title": spec.title,
            "subtitle": spec.subtitle,
            "span": _span_text(ds, spec),
            "mapped": len(counts) + len(ds.events),
            "credits": CREDITS,
            "caveats": CAVEATS,
            "citations": ds.citations,
            "filters": ds.filters.describe(),
            "notes_left_out": ds.no_notes,
            "data_date": _data_date(ds, used),
        },
        "view": view,
        "zoom": {"min": spec.min_zoom, "max": spec.max_zoom},
        "aggregate": {"above": spec.aggregate_above, "below_zoom": vocab.AGGREGATE_BELOW_ZOOM},
        "vocab": vocab.page_vocab(),
        "layers": layers,
        "basemap": basemap,
        "borderland": _borderland(ds),
        "sources": sources,
        "places": places,
        "towns": towns,
        "events": block,
        "context": [_context(r, source_index) for r in ds.unplaced],
        "unresolved": [
            {
                "id": u.record.id,
                "date": u.record.date.label(),
                "summary": u.record.summary,
                "name": u.name,
                "status": u.match.status,
            }
            for u in ds.unresolved
        ],
        "tiles": _tiles(tuple(tiles), providers or {}),
    }
