"""The whole region's GeoNames layer (``data/geonames_full.csv.gz``, built by ``scripts/build_geonames_layer.py``).

Every populated place of the full GeoNames country dumps of Mali, Niger and Burkina Faso, and of their
neighbours' strips along the three countries' borders, with the wells, camps, localities and mines that reports
name (feature class and code kept, so a ranking can tell a village from a well). The build checks every row and
lists the rows it drops in ``data/geonames_full_dropped.csv``; ``--check`` re-runs the checks on the shipped
file. GeoNames, CC BY 4.0.

The layer is read into one DataFrame with typed columns, in one pass of pandas' C reader.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataError, Problem
from .paths import DEFAULT_DATA

LAYER_FILE = "geonames_full.csv.gz"
DROPPED_FILE = "geonames_full_dropped.csv"
# One row per GeoNames feature. ``admin1_code`` is the dump's own code; ``admin1`` and ``admin2`` are the units
# of data/boundaries/regions.geojson and districts.geojson that hold the point (empty for a neighbour's row).
# ``alt_names``: the Latin-script alternate names, separated by ';'.
COLUMNS = {
    "geonameid": np.int64,
    "name": str,
    "asciiname": str,
    "alt_names": str,
    "feature_class": str,
    "feature_code": str,
    "country": str,
    "admin1_code": str,
    "admin1": str,
    "admin2": str,
    "population": np.int64,
    "lat": np.float64,
    "lon": np.float64,
}
REBUILD = "rebuild it with scripts/build_geonames_layer.py (data/README.md says from which dumps)"


def load_geonames_full(path: Path | None = None) -> pd.DataFrame:
    """The layer as a DataFrame with :data:`COLUMNS`, in the file's order (by country, class and id).

    Text cells are never NaN (an empty cell is ""). A file with other columns, or a cell that is not of its
    column's type, raises :class:`~geo.errors.DataError` naming the file and what to do."""
    path = Path(path) if path is not None else DEFAULT_DATA / LAYER_FILE
    try:
        frame = pd.read_csv(
            path,
            dtype=COLUMNS,
            keep_default_na=False,
            na_filter=False,
            compression="gzip" if path.name.endswith(".gz") else None,
            encoding="utf-8",
        )
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, None, None, f"no GeoNames layer here; {REBUILD}")]) from None
    except (ValueError, UnicodeDecodeError, OSError, EOFError) as exc:
        raise DataError(
            [Problem(str(path), None, None, None, f"unreadable GeoNames layer ({exc}); {REBUILD}")]
        ) from None
    if list(frame.columns) != list(COLUMNS):
        raise DataError(
            [Problem(str(path), 1, None, list(frame.columns), f"columns are not {', '.join(COLUMNS)}; {REBUILD}")]
        )
    return frame
