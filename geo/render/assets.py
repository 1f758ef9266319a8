"""Leaflet itself, inlined, so a map works from a file with no network.

Leaflet 1.9.4 comes from PyPI ``django-js-lib-leaflet`` (BSD-2), read as package data: the
Django app is never imported. The layer-control icon that the CSS loads from ``images/``
is inlined as a data URI.
"""

from __future__ import annotations

import base64
import functools
import importlib.metadata as md
from importlib.resources import files
from pathlib import Path

from ..errors import LiptakoError

_PACKAGE = "django-js-lib-leaflet"
_STATIC = "js_lib_leaflet/static/js_lib_leaflet"


@functools.cache
def _static() -> Path:
    try:
        dist = md.distribution(_PACKAGE)
    except md.PackageNotFoundError:
        raise LiptakoError(f"Leaflet is missing: install it with  pip install {_PACKAGE}==1.9.4.1") from None
    return Path(str(dist.locate_file(_STATIC)))


@functools.cache
def leaflet_js() -> str:
    js = (_static() / "leaflet.js").read_text(encoding="utf-8")
    # The source-map comment would make developer tools fetch a file that is not shipped.
    return js.replace("//# sourceMappingURL=leaflet.js.map", "")


@functools.cache
def leaflet_css() -> str:
    css = (_static() / "leaflet.css").read_text(encoding="utf-8")
    for image in ("layers.png", "layers-2x.png", "marker-icon.png"):
        data = base64.b64encode((_static() / "images" / image).read_bytes()).decode("ascii")
        css = css.replace(f"url(images/{image})", f"url(data:image/png;base64,{data})")
    return css


@functools.cache
def page_css() -> str:
    """Leaflet's CSS and the project's own, for the page's single <style> element."""
    return leaflet_css() + files("geo.render").joinpath("map.css").read_text(encoding="utf-8")


# The page runtime: the files of geo/render/js, joined in this order (the one place it is listed; no
# bundler) inside one function, so that the page's global names stay window.LG and window.liptako, set
# last, as before the runtime was split. 00-lg.js makes the shared object LG; each other file is one
# module, ``LG.x = (function () { ...; return {exports}; })();``, that may use at load time only what the
# files before it export.
RUNTIME_JS = (
    "00-lg.js",  # LG: the page's shared state
    "10-text.js",  # LG.text: escaping, elements of text nodes, table cells, fold
    "12-days.js",  # LG.days: day numbers, validDay
    "14-hash.js",  # LG.hash: the link's hash, read and written
    "20-decode.js",  # LG.decode: the data block's events decoded; one event as a record
    "30-filter.js",  # LG.filters: the filter and applying it
    "35-csv.js",  # LG.csv: the CSV cell rule and the download
    "40-popups.js",  # LG.popups: record, place and event popups
    "50-labels.js",  # LG.labelling: placing the map's names
    "52-symbols.js",  # LG.symbology: one size scale, stacks, uncertainty rings on demand, print halos
    "55-layers.js",  # LG.vectors: basemap, analysis layers, towns, records' symbols
    "60-canvas.js",  # LG.canvas: the events' canvas layer, hit testing, hover
    "65-pick.js",  # LG.picking: a click lists what is under the pointer
    "70-time.js",  # LG.time: the time panel
    "72-table.js",  # LG.eventTable: the events table
    "75-room.js",  # LG.room: popups clear of the panels and inside the screen; a small screen's first view
    "80-panels.js",  # LG.ui: title, legend, caption panels; fitting the view
    "85-print.js",  # LG.printer: the print layout
    "90-start.js",  # LG.boot: LG.start(map) builds the page
    "95-api.js",  # LG.api: window.liptako and LG's flat names
)


@functools.cache
def runtime_js() -> str:
    """The runtime's files joined in the order of :data:`RUNTIME_JS`, without their whole-line comments.

    The comments are for whoever reads the files (about 20 KB of every page). A line that begins with ``//`` is
    a comment in this runtime: it has no template literals, the one place such a line could be text
    (tests/test_runtime_units.py checks)."""
    folder = files("geo.render").joinpath("js")
    body = "\n".join(folder.joinpath(name).read_text(encoding="utf-8") for name in RUNTIME_JS)
    body = "\n".join(line for line in body.split("\n") if not line.lstrip().startswith("//"))
    return "(function () {\n" + body + "})();\n"


@functools.cache
def page_js() -> str:
    """Leaflet and the project's runtime, for the page's single <script> element."""
    return leaflet_js() + "\n" + runtime_js()


def leaflet_version() -> str:
    return md.version(_PACKAGE)
