"""Admin hints of the geocoder: which admin-1 and admin-2 units a place lies in, and which names a hint may use.

A hint (``--admin1 Tillabéri``, ``--admin2 Ouallam``, a file's admin columns, ``Boni, Douentza``) keeps the
places whose declared unit has that name or whose point lies in that unit of the shipped whole-country layers
(``data/boundaries/regions.geojson`` and ``districts.geojson``): either is enough, since the curated places
declare units of several editions and the layers draw one. The layers are read on the first hint only.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np

from .analysis import locate_in_country
from .boundaries import load_boundaries
from .errors import DataError
from .gazetteer import Place
from .names import admin1_key, suggestions

LEVELS = ("admin1", "admin2")


class AdminLocator:
    """The units of places by their points, for one boundaries folder; the layers are read on first use."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._layers: dict | None = None
        self._units: dict[str, tuple[str, str]] = {}

    @classmethod
    def of(cls, boundaries) -> AdminLocator:
        """A locator over layers already read (:class:`~geo.boundaries.Boundaries`)."""
        out = cls(None)
        out._layers = {"admin1": boundaries.regions, "admin2": boundaries.districts}
        return out

    def _read(self) -> dict:
        if self._layers is None:
            self._layers = {}
            if self.folder is not None:
                try:
                    b = load_boundaries(self.folder)
                except DataError:
                    b = None  # no layers here: hints then match the places' declared units only
                if b is not None:
                    self._layers = {"admin1": b.regions, "admin2": b.districts}
        return self._layers

    def names(self, level: str) -> set[str]:
        """The unit names of one level that the layers draw."""
        layer = self._read().get(level)
        return set() if layer is None else set(layer["name"].astype(str))

    def units(self, places: Iterable[Place]) -> dict[str, tuple[str, str]]:
        """Place id -> (admin-1, admin-2) by the place's point ("" where no unit of its country holds it)."""
        todo = [p for p in places if p.id not in self._units]
        if todo:
            layers = self._read()
            points = gpd.GeoSeries(gpd.points_from_xy([p.lon for p in todo], [p.lat for p in todo]), crs="EPSG:4326")
            country = np.array([p.country for p in todo], dtype=object)
            found = {
                level: (locate_in_country(points, layer, country) if layer is not None else [""] * len(todo))
                for level, layer in ((lv, layers.get(lv)) for lv in LEVELS)
            }
            for i, p in enumerate(todo):
                self._units[p.id] = (str(found["admin1"][i]), str(found["admin2"][i]))
        return self._units


def hint_key(name: str | None) -> str | None:
    """The key a unit's name is compared by (accents, case and known spellings folded), or None for no hint."""
    return admin1_key(name) if name and name.strip() else None


def unknown_hint(name: str, known: Iterable[str]) -> list[str] | None:
    """None when ``name`` is one of the ``known`` unit names (folded); else the closest of them."""
    known = [k for k in known if k]
    if admin1_key(name) in {admin1_key(k) for k in known}:
        return None
    return suggestions(name, known)
