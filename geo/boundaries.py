"""The boundary layers shipped in ``data/boundaries/`` (built by ``scripts/build_boundaries.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from .errors import DataError, Problem

LAYERS = ("countries", "admin1", "borders", "rivers", "tripoint")


@dataclass(frozen=True)
class Boundaries:
    countries: gpd.GeoDataFrame  # iso3, name
    admin1: gpd.GeoDataFrame  # iso3, name
    borders: gpd.GeoDataFrame  # pair ("MLI-NER"), name ("Mali–Niger")
    rivers: gpd.GeoDataFrame  # name
    tripoint: gpd.GeoDataFrame  # name; one point

    @property
    def tripoint_lonlat(self) -> tuple[float, float]:
        pt = self.tripoint.geometry.iloc[0]
        return pt.x, pt.y


def load_boundaries(folder: Path) -> Boundaries:
    """Read every boundary layer; raise :class:`DataError` naming each missing or unreadable file."""
    problems: list[Problem] = []
    frames: dict[str, gpd.GeoDataFrame] = {}
    for name in LAYERS:
        path = Path(folder) / f"{name}.geojson"
        try:
            frames[name] = gpd.read_file(path).set_crs("EPSG:4326", allow_override=True)
        except Exception as exc:  # pyogrio raises several types; all mean the same to the user
            problems.append(
                Problem(str(path), None, None, None,
                        f"cannot read boundary layer ({exc.__class__.__name__}); rebuild it with scripts/build_boundaries.py")
            )
    if problems:
        raise DataError(problems)
    return Boundaries(**frames)
