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


@functools.cache
def page_js() -> str:
    """Leaflet and the project's runtime, for the page's single <script> element."""
    return leaflet_js() + "\n" + files("geo.render").joinpath("runtime.js").read_text(encoding="utf-8")


def leaflet_version() -> str:
    return md.version(_PACKAGE)
