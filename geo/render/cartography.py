"""What the page needs to letter a map and frame a print: where to write country and region names,
which town labels come first, and the inset locator map.

The runtime places the labels (``render/js/``, "labels"): in the order given here, each at the
first of several positions around its point where it overlaps no label already placed and no
symbol; a label with no free position is not shown. This module only decides the order and the
anchors, from the data, so the same data always letter the same way.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import shapely
from shapely.ops import polylabel

from .. import vocab

# Seats before villages: a capital, then a regional seat (city), a town, a camp, a village.
KIND_RANK = {k: i for i, k in enumerate(vocab.LABEL_ORDER)}
_PRECISION_RANK = {p: i for i, p in enumerate(vocab.PRECISIONS)}
# A region or country is named on the map when this much of the map's focus box is inside it.
COUNTRY_SHARE, REGION_SHARE = 0.03, 0.02
# Region names show from this zoom (at 5 they would crowd out the country names).
REGION_MIN_ZOOM = 6.5
# An imported event counts for a town when it lies this close to the town's point (degrees, about 2 km).
EVENT_NEAR_DEG = 0.02


def focus_box(spec) -> tuple[float, float, float, float]:
    """The map's focus as (west, south, east, north): the spec's bbox, or the box a 1000 x 700 px
    window shows around its centre at its zoom."""
    if spec.bbox:
        return tuple(spec.bbox)
    lat, lon = spec.centre
    half_w = 500 * 360.0 / (256 * 2**spec.zoom)
    half_h = 350 * 360.0 / (256 * 2**spec.zoom) * math.cos(math.radians(lat))
    return (lon - half_w, lat - half_h, lon + half_w, lat + half_h)


def _anchor(geom, box) -> tuple[float, float] | None:
    """The point of ``geom`` inside ``box`` farthest from its edges (pole of inaccessibility), as (lat, lon)."""
    part = shapely.intersection(geom, box)
    if part.is_empty:
        return None
    if part.geom_type != "Polygon":
        polys = [g for g in getattr(part, "geoms", []) if g.geom_type == "Polygon"]
        if not polys:
            return None
        part = max(polys, key=lambda g: g.area)
    p = polylabel(part, tolerance=0.01)
    return round(p.y, 4), round(p.x, 4)


# Besides the anchor in the focus box, each country and region gets an anchor per cell of a grid over the
# layer, so that wherever the map is panned a name can be written inside the area (the runtime picks the
# anchor in view nearest the centre). Grid cells in degrees; an anchor must lie this far inside its area.
GRID_DEG = {"countries": 2.0, "regions": 1.0}
INSIDE_DEG = {"countries": 0.25, "regions": 0.12}


@functools.lru_cache(maxsize=256)
def _grid_anchors(wkb: bytes, window: tuple[float, ...], step: float, inside: float) -> tuple[tuple[float, float], ...]:
    """The grid anchors of one area (given as WKB). They do not depend on the map's focus, so a build of
    several maps over the same boundaries computes each area's once."""
    geom = shapely.from_wkb(wkb)
    west, south, east, north = window
    out = []
    for i in range(int(math.ceil((east - west) / step))):
        for j in range(int(math.ceil((north - south) / step))):
            cell = shapely.box(
                west + i * step, south + j * step, min(east, west + (i + 1) * step), min(north, south + (j + 1) * step)
            )
            part = shapely.intersection(geom, cell)
            if part.is_empty or part.area < 0.3 * cell.area:
                continue
            at = _anchor(part, cell)
            if at is not None and shapely.distance(shapely.Point(at[1], at[0]), geom.boundary) >= inside:
                out.append(at)
    return tuple(out)


def area_labels(boundaries, box: tuple[float, float, float, float]) -> dict:
    """Country names and admin-1 region names: each at the heart of its part of the focus box (if it
    covers enough of it), with more anchors over the rest of its area for other views."""
    west, south, east, north = box
    # The focus anchor keeps off the box's edges by a tenth of its size, so a name is not cut by the frame.
    dx, dy = (east - west) / 10, (north - south) / 10
    inner = shapely.box(west + dx, south + dy, east - dx, north - dy)
    frame = shapely.box(*box)
    out: dict[str, list[dict]] = {"countries": [], "regions": []}
    for key, gdf, share in (
        ("countries", boundaries.countries, COUNTRY_SHARE),
        ("regions", boundaries.map_regions, REGION_SHARE),
    ):
        window = tuple(float(x) for x in gdf.total_bounds)
        for row in gdf.sort_values(["iso3", "name"]).itertuples():
            focus = None
            if shapely.intersection(row.geometry, frame).area >= share * frame.area:
                focus = _anchor(row.geometry, inner) or _anchor(row.geometry, frame)
            grid = _grid_anchors(shapely.to_wkb(row.geometry), window, GRID_DEG[key], INSIDE_DEG[key])
            anchors = [list(a) for a in ([focus] if focus else []) + list(grid)]
            if not anchors:
                continue
            item = {"text": row.name, "iso3": row.iso3, "anchors": anchors, "focus": focus is not None}
            if key == "regions":
                item["min_zoom"] = REGION_MIN_ZOOM
            out[key].append(item)
    return out


def town_counts(towns: list[tuple[float, float, list[dict]]], placed_ids: dict[str, int], events) -> np.ndarray:
    """How many records (placements) and events are drawn at or near each of ``towns`` ((lat, lon, member place
    rows) each): an event counts at the nearest town within :data:`EVENT_NEAR_DEG`."""
    n = len(towns)
    counts = np.zeros(n, dtype=np.int64)
    for i, (_, _, members) in enumerate(towns):
        counts[i] = sum(placed_ids.get(p["id"], 0) for p in members)
    if events is not None and len(events) and n:
        pts = shapely.points(np.array([[lon, lat] for lat, lon, _ in towns], dtype=float))
        tree = shapely.STRtree(pts)
        if "geometry" in getattr(events, "columns", ()):  # the event table's own points (geo.events)
            ev = np.asarray(events.geometry.values)
        else:
            ev = shapely.points(np.column_stack([events["lon"].to_numpy(float), events["lat"].to_numpy(float)]))
        _, town_idx = tree.query_nearest(ev, max_distance=EVENT_NEAR_DEG, all_matches=False)
        counts += np.bincount(town_idx, minlength=n)
    return counts


def town_ranks(towns: list[tuple[float, float, list[dict]]], counts: np.ndarray) -> list[int]:
    """The labelling order of ``towns`` (0 first): towns with records or events (``counts``, from
    :func:`town_counts`) first, the most first, then by what the place is (a capital, a regional seat, a town,
    a camp, a village), then exact places before approximate ones, then by name."""
    n = len(towns)

    def key(i: int):
        members = towns[i][2]
        kind = min(KIND_RANK.get(p["kind"], 9) for p in members)
        precision = min(_PRECISION_RANK.get(p["precision"], 9) for p in members)
        return (0 if counts[i] else 1, -int(counts[i]), kind, precision, members[0]["name"])

    order = sorted(range(n), key=key)
    ranks = [0] * n
    for rank, i in enumerate(order):
        ranks[i] = rank
    return ranks


def locator(boundaries) -> list[dict] | None:
    """The inset map's countries: iso3, whether it is one of the three, and its rings as [lon, lat] lists."""
    gdf = boundaries.locator
    if gdf is None:
        return None
    out = []
    for row in gdf.sort_values("iso3").itertuples():
        polys = row.geometry.geoms if row.geometry.geom_type == "MultiPolygon" else [row.geometry]
        rings = [[[round(x, 2), round(y, 2)] for x, y in p.exterior.coords] for p in polys]
        out.append({"iso3": row.iso3, "main": row.iso3 in vocab.COUNTRIES, "rings": rings})
    return out
