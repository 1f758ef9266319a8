"""Folium layers built from the project's data, drawn by ``runtime.js``.

Each layer embeds its data as one JSON block and lets the small runtime draw it: no
per-marker folium objects (they need jQuery and inflate the page), no template-literal
popups (folium's put data text inside JavaScript backticks).
"""

from __future__ import annotations

import json
from html import escape

import folium
import numpy as np
from folium.map import Layer
from folium.template import Template
from pyproj import Geod

GEOD = Geod(ellps="WGS84")


def js_json(value: object) -> str:
    """JSON safe to place inside a <script> element: '<', '>' and '&' cannot close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class DataLayer(Layer):
    """An overlay whose features come from embedded JSON, drawn by a ``LG`` runtime function."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = {{ this.call }};
        {% endmacro %}
        """
    )

    def __init__(self, name: str, call: str, *, show: bool = True, control: bool = True, overlay: bool = True):
        super().__init__(name=name, overlay=overlay, control=control, show=show)
        self._name = "DataLayer"
        self.call = call


def vector(features: list[dict], base_style: dict, *, basemap: bool = False) -> str:
    """JavaScript expression drawing GeoJSON features; ``basemap`` fills fade when a tile layer is on."""
    data = {"type": "FeatureCollection", "features": features}
    return f"LG.vector({js_json(data)}, {js_json(base_style)}, {js_json(basemap)})"


def points(rows: list[dict]) -> str:
    """JavaScript expression drawing point symbols."""
    return f"LG.points({js_json(rows)})"


def layer(name: str, *parts: str, show: bool = True) -> DataLayer:
    """One entry of the layer control, made of one or more drawn parts."""
    call = parts[0] if len(parts) == 1 else f"L.featureGroup([{', '.join(parts)}])"
    return DataLayer(name, call, show=show)


def feature(geometry: dict, *, tip: str = "", style: dict | None = None) -> dict:
    props: dict = {"tip": escape(tip)} if tip else {}
    if style:
        props["style"] = style
    return {"type": "Feature", "geometry": geometry, "properties": props}


def geodesic_ring(lon: float, lat: float, km: float, *, n: int = 180) -> list[list[float]]:
    """A closed ring of points ``km`` from (lon, lat) on the ellipsoid, as [lon, lat] pairs."""
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, km * 1000.0))
    ring = [[round(float(x), 5), round(float(y), 5)] for x, y in zip(lons, lats)]
    return ring + ring[:1]


class LayerControl(folium.LayerControl):
    """folium's layer control, collapsed on small screens (an embed in a narrow iframe), and
    fading the vector basemap's fills when a tile base layer is chosen."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control.layers(
                { {%- for key, val in this.base_layers.items() %}{{ key|tojson }}: {{ val }},{% endfor %} },
                { {%- for key, val in this.overlays.items() %}{{ key|tojson }}: {{ val }},{% endfor %} },
                Object.assign({{ this.options|tojavascript }}, {collapsed: LG.small()})
            ).addTo({{ this._parent.get_name() }});
            {{ this._parent.get_name() }}.on("baselayerchange", LG.onBase);
            LG.adapt();
        {% endmacro %}
        """
    )


def add(map_: folium.Map, *layers: DataLayer) -> None:
    for layer in layers:
        layer.add_to(map_)
