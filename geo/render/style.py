"""Basemap colours and ring distances. Kinds of record and their colours are in :mod:`geo.vocab`."""

from __future__ import annotations

COUNTRY_FILL = {"MLI": "#f6efe0", "NER": "#eef3e6", "BFA": "#f3e9ee"}
OTHER_COUNTRY_FILL = "#f4f4f4"
BORDER_COLOUR = "#2c2c2c"
REGION_COLOUR = "#8a8a8a"
RIVER_COLOUR = "#4a90c2"
RING_COLOUR = "#444444"
RING_KM = (50, 100, 150)
# Distance bands along the borders (nearest first) and the events-per-region choropleth (ColorBrewer YlOrRd).
BAND_KM = (10, 50, 100)
BAND_COLOURS = ("#7a0177", "#c51b8a", "#f768a1")
BAND_OPACITY = (0.30, 0.18, 0.10)
CHOROPLETH_COLOURS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
