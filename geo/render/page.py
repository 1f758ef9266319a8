"""Assemble the map page: offline Leaflet, the page's one data block, the runtime that draws it.

folium builds the page skeleton (the Leaflet map and its options). Every piece of data goes
into one ``<script type="application/json">`` block (see :mod:`geo.render.payload`) that the
runtime parses; no data text is ever part of a template, of HTML or of JavaScript source. Each
element added to folium's figure has a fixed template that only substitutes a value, so
folium's habit of re-rendering script output as a template never sees data.

The page carries a Content-Security-Policy that allows no network at all (only the tile hosts
asked for with ``--tiles``) and runs only the page's own scripts, by hash: even text that got
into the DOM as HTML could not run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from typing import cast
from urllib.parse import urlparse

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from ..errors import LiptakoError
from ..pipeline import Dataset
from ..spec import MapSpec
from ..vocab import TILES
from . import assets
from .payload import page_data, script_json

DATA_ID = "lg-data"
_CSP_TAG = '<meta http-equiv="Content-Security-Policy" content="{}">'
_CSP_PLACEHOLDER = _CSP_TAG.format("lg-csp-placeholder")


class OfflineMap(folium.Map):
    """A folium map that loads nothing from the network: Leaflet is inlined instead."""

    default_js: list = []
    default_css: list = []


class Text(Element):
    """Text put into the page as is: the page's own CSS and JS, the escaped data block.

    The template only substitutes ``this.text``; it is never parsed as a template itself.
    """

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self._name = "Text"
        self.text = text


class Start(MacroElement):
    """Calls the runtime with the map once Leaflet has made it. Carries no data."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            LG.start({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "Start"


def _stable_ids(root) -> None:
    """Replace folium's random element ids with sequential ones, so a build is byte-identical."""
    counter = 0
    stack = [root]
    while stack:
        element = stack.pop(0)
        element._id = f"{counter:04d}"
        counter += 1
        stack.extend(element._children.values())


def _tile_hosts(data: dict) -> list[str]:
    hosts = []
    for t in data["tiles"]:
        u = urlparse(t["url"])
        host = u.netloc.replace("{s}", "*") if "{s}." in u.netloc else u.netloc
        hosts.append(f"{u.scheme}://{host}")
    return sorted(set(hosts))


def csp_hash(body: str) -> str:
    """The CSP source expression that lets an inline script or style with this body run."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(body.encode('utf-8')).digest()).decode('ascii')}'"


def _hashes(html: str, tag: str) -> list[str]:
    """CSP source expressions for every inline ``<tag>`` element without attributes."""
    return [csp_hash(b) for b in re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.S)]


def _seal(html: str, data: dict) -> str:
    """Fill in the Content-Security-Policy: the page's own scripts and styles by hash, no network."""
    img = " ".join(["data:", *_tile_hosts(data)])
    policy = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(sorted(set(_hashes(html, "script")))),
            "style-src " + " ".join(sorted(set(_hashes(html, "style")))),
            f"img-src {img}",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    assert html.count(_CSP_PLACEHOLDER) == 1  # our own meta element, before any data
    return html.replace(_CSP_PLACEHOLDER, _CSP_TAG.format(policy), 1)


def _page(ds: Dataset, spec: MapSpec, tiles: tuple[str, ...]) -> tuple[folium.Map, dict]:
    unknown = [t for t in tiles if t not in TILES]
    if unknown:
        raise LiptakoError(f"unknown tile layer(s) {', '.join(map(repr, unknown))}; use {', '.join(TILES)}")
    data = page_data(ds, spec, tiles=tuple(tiles), providers=TILES)
    m = OfflineMap(
        tiles=None, zoom_control=False, control_scale=False, prefer_canvas=False, zoom_snap=0.25, zoom_delta=0.5
    )
    root = cast(Figure, m.get_root())  # a folium Map's root is its Figure
    # folium's figure writes <title> before its charset <meta>; write it after, escaped. It is the one
    # place data text is written into markup (the page shows the title from the data block).
    root.title = None
    root.header.add_child(Text(_CSP_PLACEHOLDER), name="lg_csp", index=1)
    root.header.add_child(Text(f"<title>{escape(spec.title)}</title>"), name="lg_title", index=2)
    root.header.add_child(Text(f"<style>{assets.page_css()}</style>"), name="lg_css")
    root.header.add_child(Text(f"<script>{assets.page_js()}</script>"), name="lg_js")
    root.html.add_child(
        Text(f'<script type="application/json" id="{DATA_ID}">{script_json(data)}</script>'), name="lg_data"
    )
    Start().add_to(m)
    _stable_ids(root)
    return m, data


def render_html(ds: Dataset, spec: MapSpec = MapSpec(), *, tiles: tuple[str, ...] = ()) -> str:
    """The whole map page as one self-contained HTML string.

    ``tiles`` names online base layers (keys of :data:`TILES`) offered besides the vector basemap.
    """
    m, data = _page(ds, spec, tiles)
    return _seal(m.get_root().render(), data)
