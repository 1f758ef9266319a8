"""Basemap line and band colours. Country fills, ring and band distances, kinds of record and their colours are
in :mod:`geo.vocab`."""

from __future__ import annotations

BORDER_COLOUR = "#2c2c2c"
REGION_COLOUR = "#8a8a8a"
RIVER_COLOUR = "#4a90c2"
RING_COLOUR = "#444444"
# Distance bands along the borders (nearest first) and the events-per-region choropleth (ColorBrewer YlOrRd).
BAND_COLOURS = ("#7a0177", "#c51b8a", "#f768a1")
BAND_OPACITY = (0.30, 0.18, 0.10)
CHOROPLETH_COLOURS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
