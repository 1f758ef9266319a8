"""Map the Liptako-Gourma tri-border region from sourced places and records.

The public API, for notebooks and scripts::

    from geo import load, render_html, write_atomic
    ds = load()                      # data/ shipped with the project
    write_atomic("map.html", render_html(ds))

The names below are imported on first use (PEP 562), so that ``import geo.cli`` (``liptako --help``)
does not load geopandas, pandas or folium.
"""

from __future__ import annotations

import importlib

# Each public name -> the submodule that defines it.
_HOMES = {
    "DEFAULT_DATA": "gazetteer",
    "DataError": "errors",
    "Dataset": "pipeline",
    "DateWindow": "dates",
    "Filters": "events",
    "ImportReport": "events",
    "Geocoder": "geocode",
    "LiptakoError": "errors",
    "Match": "geocode",
    "OutputError": "errors",
    "Problem": "errors",
    "load": "pipeline",
    "render_html": "render",
    "write_all": "export",
    "write_atomic": "export",
}

__all__ = list(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        # A submodule (geo.stats, geo.snapshot, ...), as an eager `import geo` used to provide.
        try:
            return importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
