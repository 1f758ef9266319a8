"""The review page of ``liptako draft --map``: one offline HTML file with the draft's mentions on a map of the
countries and each draft record beside it, its sentence shown with every place mention marked.

The page is built like the project's maps: Leaflet inlined, every piece of data in one JSON block
(:func:`geo.render.payload.script_json`) that geo/draft/review.js reads and writes into the page as text, a
Content-Security-Policy that allows no network and runs only the page's own script, by hash.
"""

from __future__ import annotations

from html import escape
from importlib.resources import files

import shapely

from ..render import assets
from ..render.page import csp_hash
from ..render.payload import script_json
from .draft import Draft

DATA_ID = "lg-draft"


def _collection(frame, tolerance: float) -> dict:
    features = []
    for row in frame.itertuples():
        geom = shapely.simplify(row.geometry, tolerance, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "properties": {"name": str(getattr(row, "name", ""))},
                "geometry": shapely.geometry.mapping(shapely.set_precision(geom, 1e-4)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def review_data(draft: Draft, boundaries) -> dict:
    """What the review page shows: the draft's JSON (``liptako draft --json``) with, for each record, the indexes
    of its mentions, and the countries and borders to draw under them."""
    out = draft.to_dict()
    index = {id(m): i for i, m in enumerate(draft.mentions)}
    for rec, r in zip(out["records"], draft.records, strict=True):
        rec["mentions"] = sorted({index[id(m)] for m in r.mentions if id(m) in index})
        rec["places"] = list(r.places)
    out["countries"] = _collection(boundaries.countries, 0.01)
    out["borders"] = _collection(boundaries.borders, 0.005)
    return out


def review_html(draft: Draft, boundaries) -> str:
    """The review page's HTML."""
    style = assets.leaflet_css() + files("geo.draft").joinpath("review.css").read_text(encoding="utf-8")
    script = assets.leaflet_js() + "\n" + files("geo.draft").joinpath("review.js").read_text(encoding="utf-8")
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src {csp_hash(script)}",
            f"style-src {csp_hash(style)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    title = f"Draft to review: {draft.source.get('title') or draft.article.path}"
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{escape(title)}</title>\n",
            f"<style>{style}</style>\n</head>\n<body>\n",
            '<div id="lg-review"><div id="lg-review-map"></div><div id="lg-review-list"></div></div>\n',
            f'<script type="application/json" id="{DATA_ID}">{script_json(review_data(draft, boundaries))}</script>\n',
            f"<script>{script}</script>\n</body>\n</html>\n",
        ]
    )
