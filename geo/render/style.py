"""Colours and symbol sizes, in one place so the legend and the layers agree."""

from __future__ import annotations

import math

KIND_COLOURS = {
    "attack": "#c0392b",
    "airstrike": "#7d3c98",
    "deployment": "#1f618d",
    "base": "#117a65",
    "security": "#d68910",
    "political": "#566573",
}
COUNTRY_FILL = {"MLI": "#f6efe0", "NER": "#eef3e6", "BFA": "#f3e9ee"}
OTHER_COUNTRY_FILL = "#f4f4f4"
BORDER_COLOUR = "#2c2c2c"
REGION_COLOUR = "#8a8a8a"
RIVER_COLOUR = "#4a90c2"
RING_COLOUR = "#444444"
RING_KM = (50, 100, 150)
LEGEND_FATALITIES = (10, 50, 137)


def fatality_radius(fatalities: int | None) -> float:
    """Marker radius in pixels; the area grows with the number killed (unknown: a fixed small size)."""
    if fatalities is None:
        return 6.0
    return round(5.0 + 1.6 * math.sqrt(fatalities), 1)
