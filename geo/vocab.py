"""The project's vocabulary, defined once: kinds of record, precision levels, their words and colours.

Everything that names a kind or a precision imports it from here: the loaders check against it,
the page receives it as data (``vocab`` in the page's data block) and the legend, the layers and
the popups read their labels and colours from that one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# -- countries -----------------------------------------------------------------------------------
# The three countries of the Liptako-Gourma, as ISO 3166-1 alpha-3 codes, in the order the project names them.
COUNTRIES = ("MLI", "NER", "BFA")
# The tri-point where they meet, as text names it.
TRI_POINT_NAME = "Mali–Niger–Burkina Faso"
# Countries with places in the gazetteer layers: the three, and the neighbours near their borders.
GAZETTEER_COUNTRIES = frozenset({*COUNTRIES, "DZA", "NGA", "BEN", "TGO", "GHA", "CIV", "MRT"})
# Country names as ACLED and UCDP GED write them (the three and their neighbours) -> ISO3.
COUNTRY_NAMES = {
    "Mali": "MLI",
    "Niger": "NER",
    "Burkina Faso": "BFA",
    "Algeria": "DZA",
    "Nigeria": "NGA",
    "Benin": "BEN",
    "Togo": "TGO",
    "Ghana": "GHA",
    "Ivory Coast": "CIV",
    "Cote d'Ivoire": "CIV",
    "Côte d'Ivoire": "CIV",
    "Mauritania": "MRT",
    "Chad": "TCD",
    "Libya": "LBY",
    "Senegal": "SEN",
    "Guinea": "GIN",
}
# The three countries' names, as text writes them.
COUNTRY_NAME = {iso: name for name, iso in reversed(list(COUNTRY_NAMES.items())) if iso in COUNTRIES}
# How a place name's qualifier may name one of the three ("Gao, Burkina"): codes, names and short names.
COUNTRY_WORDS = {**{c: c for c in COUNTRIES}, **{n: c for n, c in COUNTRY_NAMES.items() if c in COUNTRIES}}
COUNTRY_WORDS["Burkina"] = "BFA"
# How reports name the three countries' people and forces, in English and French (accents and case folded when
# matched; plural and feminine forms are matched by their stem): "trois villages nigériens", "Malian troops".
# "Nigerian" is Nigeria's, never Niger's.
COUNTRY_DEMONYMS = {
    "Malian": "MLI",
    "Malien": "MLI",
    "Nigerien": "NER",
    "Nigérien": "NER",
    "Burkinabe": "BFA",
    "Burkinabè": "BFA",
    "Nigerian": "NGA",
    "Nigérian": "NGA",
    "Algerian": "DZA",
    "Algérien": "DZA",
}
# Other spellings of admin-1 regions that exports and reports use -> the name as the boundaries or ACLED write it.
# A filter by region accepts either (accents and case never matter). Ménaka and Gao are not aliases: taking one
# for the other would count all of Gao as Ménaka; events are matched by the region their point lies in instead
# (data/boundaries/regions.geojson draws Ménaka).
ADMIN1_SPELLINGS = {"Tilaberi": "Tillabéri", "Tillabery": "Tillabéri", "Tombouctou": "Timbuktu", "Sahil": "Sahel"}
# Basemap fills of the three; every other country is grey.
COUNTRY_FILLS = {"MLI": "#f6efe0", "NER": "#eef3e6", "BFA": "#f3e9ee"}
OTHER_COUNTRY_FILL = "#f4f4f4"

# -- distances -----------------------------------------------------------------------------------
# Dotted rings around the tri-point, and the distance bands along the borders (nearest first), km.
RING_KM = (50, 100, 150)
BAND_KM = (10, 50, 100)
# Zoomed out (below AGGREGATE_BELOW_ZOOM), a page with more imported events than this in view draws numbered
# circles counting the events of each area instead of each event (a map spec's aggregate_above, --aggregate-above).
AGGREGATE_ABOVE = 2500
AGGREGATE_BELOW_ZOOM = 9

# -- places --------------------------------------------------------------------------------------
# Kinds of curated place. The first four are settlements: camps and areas give way to them when names collide.
PLACE_KINDS = ("capital", "city", "town", "village", "camp", "area")
POPULATED = frozenset(PLACE_KINDS[:4])
# Town labels come in this order (seats before villages); the geocoder weighs a seat above a village.
LABEL_ORDER = ("capital", "city", "town", "camp", "village", "area")
SEAT_WEIGHT = {"capital": 4, "city": 3, "town": 2}  # every other kind: 1
# Places of the bulk layers carry no kind: a GeoNames populated place is a town (its population ranks it), a
# homonym or a row of a user's file a village. An area is shown through its records, not as a town.
GEONAMES_KIND, PLAIN_KIND, AREA_KIND = "town", "village", "area"
# GeoNames feature class of populated places (the others kept in the whole-region layer: L, H, S).
GEONAMES_POPULATED_CLASS = "P"


# -- source formats ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceFormat:
    """An event file format: its key, how messages name it, the citation its terms require (``{accessed}``
    is the download date) and the header columns that identify it."""

    key: str
    label: str
    citation: str
    signature: frozenset[str]
    url: str = ""

    def detect(self, columns) -> bool:
        return self.signature <= set(columns)

    def cites(self, text: str) -> bool:
        """Whether ``text`` is this format's citation (whatever its date and any words after it)."""
        head = self.citation.split("{accessed}")[0]
        return bool(head) and text.startswith(head)


SOURCE_FORMATS = {
    "acled": SourceFormat(
        "acled",
        "ACLED",
        "Armed Conflict Location & Event Data (ACLED), www.acleddata.com, data accessed {accessed}.",
        frozenset({"event_id_cnty", "event_date", "event_type"}),
        "https://acleddata.com",
    ),
    "ucdp": SourceFormat(
        "ucdp",
        "UCDP GED",
        "UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program, ucdp.uu.se "
        "(Sundberg and Melander 2013; CC BY 4.0), data accessed {accessed}.",
        frozenset({"type_of_violence", "where_prec", "date_start", "best"}),
        "https://ucdp.uu.se",
    ),
    "records": SourceFormat("records", "records file", "", frozenset({"id", "kind", "date", "places", "sources"})),
}

# Kinds of record, in legend and layer order. The first six are the curated records' kinds; the
# others come with event exports (ACLED, UCDP), mapped from their own types below.
KINDS = (
    "attack",
    "battle",
    "explosion",
    "airstrike",
    "deployment",
    "base",
    "security",
    "strategic",
    "protest",
    "riot",
    "political",
)
RECORD_KINDS = ("attack", "airstrike", "deployment", "base", "security", "political")
KIND_LABELS = {
    "attack": "Attacks",
    "battle": "Battles and armed clashes",
    "explosion": "Explosions, shelling and IEDs",
    "airstrike": "Airstrikes and helicopter strikes",
    "deployment": "Military deployments",
    "base": "Bases",
    "security": "Deteriorating security (UN)",
    "strategic": "Other strategic developments",
    "protest": "Protests",
    "riot": "Riots",
    "political": "Political decisions",
}
# Every two kinds drawn on a map differ by a CIE76 colour difference of at least 25 (tests/test_payload.py):
# the earlier riot red was 4 from the attack red, and the UN's amber 13 from the battles' orange.
KIND_COLOURS = {
    "attack": "#c0392b",
    "battle": "#e67e22",
    "explosion": "#6e2c00",
    "airstrike": "#7d3c98",
    "deployment": "#1f618d",
    "base": "#117a65",
    "security": "#d4ac0d",
    "strategic": "#a9a9a9",
    "protest": "#5dade2",
    "riot": "#e84393",
    "political": "#566573",
}

# Families of kinds, for finding the same event in two sources (geo.dedupe): ACLED and UCDP code one fight
# differently (ACLED "Battles" or "Explosions/Remote violence" where UCDP has one-sided violence, our "attack"),
# so two rows are likely the same event only if their kinds are in one family. Every kind is in exactly one.
KIND_FAMILIES = {
    "violence": ("attack", "battle", "explosion", "airstrike"),
    "unrest": ("protest", "riot"),
    "military": ("deployment", "base", "security", "strategic"),
    "political": ("political",),
}
# Likely duplicates across files: kinds of one family, date spans overlapping or at most DEDUPE_DAYS apart,
# points at most DEDUPE_KM apart. --dedupe prefer=FORMAT keeps the row of that format.
DEDUPE_DAYS = 1
DEDUPE_KM = 10.0
DEDUPE_PREFER = ("acled", "ucdp")
# Formats whose ids tell events apart across all of their exports (ACLED's event_id_cnty, UCDP GED's id): two
# rows of one of them are the same event only when their ids are the same (an event in two overlapping exports),
# however close they are. Two neighbouring ACLED country files are two sets of events, not one set twice.
UNIQUE_ID_FORMATS = frozenset({"acled", "ucdp"})

# ACLED event_type / sub_event_type -> our kind. A sub-event type listed here wins over its event type.
ACLED_EVENT_TYPES = {
    "Battles": "battle",
    "Violence against civilians": "attack",
    "Explosions/Remote violence": "explosion",
    "Strategic developments": "strategic",
    "Protests": "protest",
    "Riots": "riot",
}
ACLED_SUB_EVENT_TYPES = {
    "Air/drone strike": "airstrike",
    "Headquarters or base established": "base",
}
# UCDP GED type_of_violence -> our kind: state-based and non-state conflict are fighting between
# organised armed groups; one-sided violence is an attack on civilians.
UCDP_VIOLENCE = {1: "battle", 2: "battle", 3: "attack"}
UCDP_VIOLENCE_WORDS = {1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"}

# How precisely a place is known, from the most precise. Curated places use the first four.
PRECISIONS = ("point", "near", "admin2", "admin1", "country")
EXACT = PRECISIONS[0]  # the one precision that is not approximate
NEAR = PRECISIONS[1]
PRECISION_WORDS = {
    "point": "exact location",
    "near": "approximate: near the named place",
    "admin2": "approximate: placed in its commune/department",
    "admin1": "approximate: placed in its region",
    "country": "approximate: only the country is known",
}
# ACLED geo_precision -> (precision, radius drawn in km, why). ACLED's codebook: 1, a particular town
# with coordinates; 2, near a town or a part of a region, coded to a town that represents the area;
# 3, a larger region, coded to a natural feature or the provincial capital. The radii are our
# reading of those words (ACLED gives none); the popup says so.
ACLED_GEO_PRECISION = {
    1: ("point", 0.0, "ACLED geo_precision 1: the named town"),
    2: (
        "near",
        25.0,
        "ACLED geo_precision 2: near the named town or in part of its area; "
        "drawn within 25 km (our reading; ACLED gives no distance)",
    ),
    3: (
        "admin1",
        100.0,
        "ACLED geo_precision 3: only a larger region is known; drawn within 100 km "
        "(our reading; ACLED gives no distance)",
    ),
}
# UCDP GED where_prec -> (precision, radius in km, why). The codebook: 1 exact; 2 within about 25 km
# of a known point; 3 a second-order unit (its centroid); 4 a first-order unit (its centroid);
# 5 a linear feature or part of a country; 6 the country (its centroid); 7 international waters or airspace.
UCDP_WHERE_PREC = {
    1: ("point", 0.0, "UCDP where_prec 1: exact location"),
    2: ("near", 25.0, "UCDP where_prec 2: within about 25 km of the point (UCDP's own figure)"),
    3: (
        "admin2",
        50.0,
        "UCDP where_prec 3: only the district/municipality is known, drawn at its centroid within 50 km (our reading)",
    ),
    4: (
        "admin1",
        150.0,
        "UCDP where_prec 4: only the region (admin-1) is known, drawn at its centroid within 150 km (our reading)",
    ),
    5: ("admin1", 150.0, "UCDP where_prec 5: a road, river or part of a country; drawn within 150 km (our reading)"),
    6: ("country", 500.0, "UCDP where_prec 6: only the country is known, drawn at its centroid within 500 km"),
    7: ("country", 500.0, "UCDP where_prec 7: international waters or airspace"),
}
# ACLED time_precision -> how the coded date widens to a span. 1: the day; 2: the week around the
# coded day (±3 days, our reading); 3: the month of the coded day.
ACLED_TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
# UCDP date_prec: the span is date_start..date_end as given; the words say how it was known.
UCDP_DATE_PREC = {1: "day", 2: "2-6 days", 3: "week", 4: "month", 5: "year"}

# How a name matched the gazetteer (geo.geocode.Match.how and .status), as a popup says it.
HOW_WORDS = {"exact": "its own name", "alias": "an alternate spelling", "fuzzy": "fuzzy matching"}
STATUS_WORDS = {"exact": "exact", "alias": "alias", "fuzzy": "fuzzy", "approximate": "approximate place"}

# The most people one record may say were killed before the figure must be confirmed
# (write "N confirmed" in the fatalities cell): a typo of one digit is the usual cause.
MAX_FATALITIES = 10_000

# The dates an event may carry (geo.dates.DateWindow): none before UCDP GED's first year (1989), none
# more than a year after today; a date span (start..end) no longer than MAX_SPAN_YEARS. Rows outside
# are skipped (build) or fail validate; --date-window and --max-span-years change them.
FIRST_DATE = "1989-01-01"
YEARS_AHEAD = 1
MAX_SPAN_YEARS = 5
# A chart never draws more bars than this: its bins widen from months to quarters, years and
# several years until the events' span fits (geo.stats.chart_bin).
MAX_CHART_BARS = 240

# The choices the command line offers, named here (in pure Python) so that `liptako --help` imports
# none of the modules that use them (issue 21: start-up).
# Event file formats (geo.importers.FORMATS maps each to its reader).
EVENT_FORMATS = tuple(SOURCE_FORMATS)
# Tables a GIS opens: format -> pyogrio driver, or None for pandas/geopandas writers (geo.export).
TABLE_FORMATS = {"geojson": "GeoJSON", "gpkg": "GPKG", "csv": None, "parquet": None}
TABLE_FORMATS_BY_SUFFIX = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".csv": "csv",
    ".parquet": "parquet",
    ".geoparquet": "parquet",
}
# What `liptako stats` counts by (geo.stats): periods, and what a chart's bars are stacked by.
PERIODS = ("year", "month")
CHART_BY = ("country", "band")
# Tile base layers offered by --tiles NAME: (xyzservices provider, label in the layer control).
# CARTO's light basemap now needs an API key, so "light" is Esri's keyless light-grey canvas.
TILES = {
    "osm": ("OpenStreetMap.Mapnik", "OpenStreetMap"),
    "light": ("Esri.WorldGrayCanvas", "Light grey (Esri)"),
    "satellite": ("Esri.WorldImagery", "Satellite (Esri World Imagery)"),
}

# Symbol sizes: symbols of these kinds grow with the toll, by area.
SIZED_KINDS = frozenset({"attack", "battle", "explosion", "airstrike", "riot"})
# One symbol scale for curated records and imported events alike (the page's runtime draws both with it): the
# radius in pixels is sqrt(MIN^2 + PER_SQRT^2 * killed), so the symbol's area grows in proportion to the number
# killed above the smallest symbol. Kinds outside SIZED_KINDS and unknown tolls draw the smallest symbol.
SYMBOL_MIN_PX = 4.5
SYMBOL_PX_PER_SQRT = 1.6
# Places where nothing on the map happened show from this zoom on (below it they crowd the map), except the
# capitals and cities that give the map its bearings.
QUIET_TOWN_ZOOM = 9
LANDMARK_KINDS = frozenset({"capital", "city"})


def fatality_radius(fatalities: int | None) -> float:
    """Marker radius in pixels for a sized kind (the page's runtime computes the same): the area grows in
    proportion to the number killed; an unknown toll is the smallest symbol."""
    killed = max(0, fatalities or 0)
    return math.sqrt(SYMBOL_MIN_PX**2 + SYMBOL_PX_PER_SQRT**2 * killed)


def page_vocab() -> dict:
    """The vocabulary as the page's JavaScript reads it (``vocab`` in the data block)."""
    return {
        "kinds": [{"key": k, "label": KIND_LABELS[k], "colour": KIND_COLOURS[k]} for k in KINDS],
        "precision": dict(PRECISION_WORDS),
        "precisions": list(PRECISIONS),
        "how": dict(HOW_WORDS),
        "status": dict(STATUS_WORDS),
        "symbol": {"min_px": SYMBOL_MIN_PX, "px_per_sqrt": SYMBOL_PX_PER_SQRT},
        "quiet_town_zoom": QUIET_TOWN_ZOOM,
        "sized": sorted(SIZED_KINDS),
        "exact": EXACT,
        "countries": list(COUNTRIES),
        "tri_point": TRI_POINT_NAME,
        "rings_km": list(RING_KM),
        "bands_km": list(BAND_KM),
        "formats": {k: f.label for k, f in SOURCE_FORMATS.items()},
    }
