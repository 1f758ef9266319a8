"""Map the Liptako-Gourma tri-border region from sourced places and records.

The public API, for notebooks and scripts::

    from geo import load, render_html, write_atomic
    ds = load()                      # data/ shipped with the project
    write_atomic("map.html", render_html(ds))
"""

from .dates import DateWindow
from .errors import DataError, LiptakoError, OutputError, Problem
from .events import Filters, ImportReport
from .export import write_all, write_atomic
from .geocode import Geocoder, Match
from .pipeline import DEFAULT_DATA, Dataset, load
from .render import render_html

__all__ = [
    "DEFAULT_DATA",
    "DataError",
    "Dataset",
    "DateWindow",
    "Filters",
    "ImportReport",
    "Geocoder",
    "LiptakoError",
    "Match",
    "OutputError",
    "Problem",
    "load",
    "render_html",
    "write_all",
    "write_atomic",
]
