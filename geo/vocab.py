"""The project's vocabulary, defined once: kinds of record, precision levels, their words and colours.

Everything that names a kind or a precision imports it from here: the loaders check against it,
the page receives it as data (``vocab`` in the page's data block) and the legend, the layers and
the popups read their labels and colours from that one place.
"""

from __future__ import annotations

import math

# Kinds of record, in legend and layer order.
KINDS = ("attack", "airstrike", "deployment", "base", "security", "political")
KIND_LABELS = {
    "attack": "Attacks",
    "airstrike": "Airstrikes and helicopter strikes",
    "deployment": "Military deployments",
    "base": "Bases",
    "security": "Deteriorating security (UN)",
    "political": "Political decisions",
}
KIND_COLOURS = {
    "attack": "#c0392b",
    "airstrike": "#7d3c98",
    "deployment": "#1f618d",
    "base": "#117a65",
    "security": "#d68910",
    "political": "#566573",
}

# How precisely a place is known, from the most precise.
PRECISIONS = ("point", "near", "admin2", "admin1")
PRECISION_WORDS = {
    "point": "exact location",
    "near": "approximate: near the named place",
    "admin2": "approximate: placed in its commune/department",
    "admin1": "approximate: placed in its region",
}
# How a name matched the gazetteer (geo.geocode.Match.how and .status), as a popup says it.
HOW_WORDS = {"exact": "its own name", "alias": "an alternate spelling", "fuzzy": "fuzzy matching"}
STATUS_WORDS = {"exact": "exact", "alias": "alias", "fuzzy": "fuzzy", "approximate": "approximate place"}

# The most people one record may say were killed before the figure must be confirmed
# (write "N confirmed" in the fatalities cell): a typo of one digit is the usual cause.
MAX_FATALITIES = 10_000

# Symbol sizes: attack symbols grow with the toll, by area.
LEGEND_FATALITIES = (10, 50, 137)
DEFAULT_SYMBOL_PX = 7.0


def fatality_radius(fatalities: int | None) -> float:
    """Marker radius in pixels; the area grows with the number killed (unknown: a fixed small size)."""
    if fatalities is None:
        return 6.0
    return round(5.0 + 1.6 * math.sqrt(fatalities), 1)


def page_vocab() -> dict:
    """The vocabulary as the page's JavaScript reads it (``vocab`` in the data block)."""
    return {
        "kinds": [{"key": k, "label": KIND_LABELS[k], "colour": KIND_COLOURS[k]} for k in KINDS],
        "precision": dict(PRECISION_WORDS),
        "how": dict(HOW_WORDS),
        "status": dict(STATUS_WORDS),
        "sizes": [{"n": n, "px": fatality_radius(n)} for n in LEGEND_FATALITIES],
    }
