"""Assemble the map page: offline Leaflet, the layers, title, legend and credits."""

from __future__ import annotations

from html import escape

import folium
import shapely
from shapely.geometry import mapping

from ..errors import LiptakoError
from ..pipeline import Dataset
from ..spec import MapSpec
from ..records import KIND_LABELS, KINDS
from . import assets, style
from .layers import GEOD, DataLayer, LayerControl, add, feature, geodesic_ring, layer, points, vector
from .legend import caption_html, legend_html, title_html
from .popups import place_popup, record_popup

# Tile base layers offered by --tiles NAME: (xyzservices provider, label in the layer control).
# CARTO's light basemap now needs an API key, so "light" is Esri's keyless light-grey canvas.
TILES = {
    "osm": ("OpenStreetMap.Mapnik", "OpenStreetMap"),
    "light": ("Esri.WorldGrayCanvas", "Light grey (Esri)"),
    "satellite": ("Esri.WorldImagery", "Satellite (Esri World Imagery)"),
}


class OfflineMap(folium.Map):
    """A folium map that loads nothing from the network: Leaflet is inlined by :func:`build_map`."""

    default_js: list = []
    default_css: list = []


def _stable_ids(root) -> None:
    """Replace folium's random element ids with sequential ones, so a build is byte-identical."""
    counter = 0
    stack = [root]
    while stack:
        element = stack.pop(0)
        element._id = f"{counter:04d}"
        counter += 1
        stack.extend(element._children.values())


def _destination(lon: float, lat: float, azimuth: float, km: float) -> tuple[float, float]:
    x, y, _ = GEOD.fwd(lon, lat, azimuth, km * 1000.0)
    return round(x, 5), round(y, 5)


def _boundary_layers(ds: Dataset, shown: set[str]) -> list:
    b = ds.boundaries
    countries = [
        feature(mapping(r.geometry), tip=r.name,
                style={"fillColor": style.COUNTRY_FILL.get(r.iso3, style.OTHER_COUNTRY_FILL)})
        for r in b.countries.itertuples()
    ]
    borders = [feature(mapping(r.geometry), tip=f"{r.name} border") for r in b.borders.itertuples()]
    # Region outlines as lines, without the edge of the clip window the layer was cut to.
    window = shapely.box(*b.admin1.total_bounds).exterior.buffer(1e-4)
    regions = [feature(mapping(r.geometry.boundary.difference(window)), tip=f"{r.name} region ({r.iso3})")
               for r in b.admin1.itertuples()]
    rivers = [feature(mapping(r.geometry), tip="Niger River" if r.name == "Niger" else "River (Niger basin)",
                      style={"weight": 2.5 if r.name == "Niger" else 1.2})
              for r in b.rivers.itertuples()]
    lon, lat = b.tripoint_lonlat
    rings = [
        feature({"type": "LineString", "coordinates": geodesic_ring(lon, lat, km)},
                tip=f"{km} km from the Mali–Niger–Burkina Faso tri-point")
        for km in style.RING_KM
    ]
    ring_labels = []
    for km in style.RING_KM:
        # Labels to the west-north-west, where no town label sits.
        lab_lon, lab_lat = _destination(lon, lat, 300, km)
        ring_labels.append({"lat": lab_lat, "lon": lab_lon, "px": 0.1, "colour": style.RING_COLOUR, "cls": "lg-ring-label",
                            "approx": False, "radius_m": 0, "tip": escape(f"{km} km"), "label": True})
    ring_labels.append({"lat": lat, "lon": lon, "px": 5, "colour": "#000", "cls": "lg-tripoint", "approx": False,
                        "radius_m": 0, "tip": escape("Mali–Niger–Burkina Faso tri-point (Natural Earth 1:10m)"), "label": False})
    return [
        layer("Countries and borders", vector(countries, {"stroke": False, "fillOpacity": 1.0}, basemap=True),
              vector(borders, {"color": style.BORDER_COLOUR, "weight": 1.6}), show="countries" in shown),
        layer("Regions (admin-1)", vector(regions, {"color": style.REGION_COLOUR, "weight": 0.8, "dashArray": "4 3", "fill": False}),
              show="regions" in shown),
        layer("Niger River", vector(rivers, {"color": style.RIVER_COLOUR}), show="river" in shown),
        layer("Tri-border point, 50/100/150 km",
              vector(rings, {"color": style.RING_COLOUR, "weight": 1, "dashArray": "2 4", "fill": False}), points(ring_labels),
              show="tripoint" in shown),
    ]


def _towns_layer(ds: Dataset, shown: set[str]):
    """Gazetteer places; places sharing one point (villages placed at their department) share one label."""
    places = ds.places[ds.places["kind"] != "area"]  # areas are shown through their records, not as towns
    rows = []
    for (lat, lon), grp in places.sort_values("id").groupby(["lat", "lon"], sort=True):
        group = grp.sort_values(["precision", "name"], key=lambda c: c.map(_PRECISION_ORDER) if c.name == "precision" else c)
        recs = group.to_dict("records")
        exact = [p["name"] for p in recs if p["precision"] == "point"]
        approx = [p["name"] for p in recs if p["precision"] != "point"]
        label = " · ".join(exact + ([", ".join(approx) + " (approx.)"] if approx else []))
        radius = max((p["radius_km"] for p in recs if p["precision"] != "point"), default=0)
        rows.append({
            "lat": lat, "lon": lon, "px": 3.5, "colour": "#555", "cls": "lg-place",
            "approx": not exact, "radius_m": radius * 1000, "tip": escape(label), "label": True,
            "popup": "<hr>".join(place_popup(p) for p in recs),
        })
    return layer("Towns and villages", points(rows), show="towns" in shown)


_PRECISION_ORDER = {"point": 0, "near": 1, "admin2": 2, "admin1": 3}


def _record_layers(ds: Dataset, shown: set[str]) -> list:
    by_record = ds.placements.groupby("record_id")
    counts = by_record.size().to_dict()
    placed = {rid: grp.to_dict("records") for rid, grp in by_record}
    layers = []
    for kind in KINDS:
        rows = []
        for rec in ds.records:
            if rec.kind != kind or rec.id not in placed:
                continue
            for pl in placed[rec.id]:
                approx = pl["precision"] != "point"
                rows.append({
                    "lat": pl["lat"], "lon": pl["lon"],
                    "px": style.fatality_radius(rec.fatalities) if kind == "attack" else 7.0,
                    "colour": style.KIND_COLOURS[kind], "cls": f"lg-record lg-{kind}", "approx": approx,
                    "radius_m": pl["radius_km"] * 1000 if approx else 0,
                    "tip": escape(f"{KIND_LABELS[kind]}: {pl['name']}, {rec.date.label()}"), "label": False,
                    "popup": record_popup(rec, pl, ds.sources, counts[rec.id]),
                })
        if rows:
            layers.append(layer(KIND_LABELS[kind], points(rows), show=kind in shown))
    return layers


def _tile_layers(names: tuple[str, ...]) -> list:
    """Online tile base layers, with a vector-only base layer first (the default, and the offline one)."""
    if not names:
        return []
    import xyzservices.providers as providers

    out = [DataLayer("Vector basemap (offline)", "L.layerGroup()", overlay=False)]
    for name in names:
        provider_name, label = TILES[name]
        provider = providers.query_name(provider_name)
        out.append(folium.TileLayer(tiles=provider.build_url(), attr=provider.html_attribution, name=label,
                                    overlay=False, control=True, show=False,
                                    max_zoom=min(int(provider.get("max_zoom", 18)), 18)))
    return out


def build_map(ds: Dataset, spec: MapSpec = MapSpec(), *, tiles: tuple[str, ...] = ()) -> folium.Map:
    """Build the folium map of a loaded :class:`~geo.pipeline.Dataset` as ``spec`` describes it.

    ``tiles`` names online base layers (keys of :data:`TILES`) offered besides the vector basemap.
    """
    unknown = [t for t in tiles if t not in TILES]
    if unknown:
        raise LiptakoError(f"unknown tile layer(s) {', '.join(map(repr, unknown))}; use {', '.join(TILES)}")
    ds = ds.between(spec.start, spec.end)
    shown = set(spec.layers)
    view = {"location": list(spec.centre), "zoom_start": spec.zoom} if spec.centre else {"location": None}
    m = OfflineMap(tiles=None, zoom_control=True, control_scale=True, prefer_canvas=False, min_zoom=6, max_zoom=11,
                   **view)
    root = m.get_root()
    root.title = spec.title
    root.header.add_child(folium.Element(f"<style>{assets.page_css()}</style>"), name="lg_css")
    root.header.add_child(folium.Element(f"<script>{assets.page_js()}</script>"), name="lg_js")
    add(m, *_tile_layers(tuple(tiles)))
    add(m, *_boundary_layers(ds, shown), _towns_layer(ds, shown), *_record_layers(ds, shown))
    LayerControl(collapsed=False, position="topright").add_to(m)
    if spec.bbox:
        west, south, east, north = spec.bbox
        # Leave room for the legend (left) and the layer control (right).
        m.fit_bounds([[south, west], [north, east]], padding_top_left=(250, 40), padding_bottom_right=(150, 0))
    root.html.add_child(folium.Element(title_html(ds, spec)), name="lg_title")
    root.html.add_child(folium.Element(legend_html(ds, spec)), name="lg_legend")
    root.html.add_child(folium.Element(caption_html(ds, spec)), name="lg_caption")
    _stable_ids(root)
    return m


def render_html(ds: Dataset, spec: MapSpec = MapSpec(), **kwargs) -> str:
    """The whole map page as one self-contained HTML string."""
    return build_map(ds, spec, **kwargs).get_root().render()
