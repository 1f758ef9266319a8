"""Popup and tooltip HTML. Every piece of data text goes through :func:`html.escape`."""

from __future__ import annotations

from html import escape
from urllib.parse import urlparse

from ..records import KIND_LABELS, Record, Source

PRECISION_WORDS = {
    "point": "exact location",
    "near": "approximate: near the named place",
    "admin2": "approximate: placed in its commune/department",
    "admin1": "approximate: placed in its region",
}
HOW_WORDS = {"exact": "its own name", "alias": "an alternate spelling", "fuzzy": "fuzzy matching"}
STATUS_WORDS = {"exact": "exact", "alias": "alias", "fuzzy": "fuzzy", "approximate": "approximate place"}


def link(url: str, text: str) -> str:
    """``text`` (escaped) as a link to ``url``, or plain when the URL is not http(s): a
    ``javascript:`` URL in the data never becomes a link."""
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return f'<a href="{escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{escape(text)}</a>'
    return escape(text)


def source_html(src: Source) -> str:
    return f"{escape(src.publisher)}, {link(src.url, src.title)} ({escape(src.date.label())})"


def place_lines(place: dict) -> list[tuple[str, str]]:
    """Rows describing where: the name as written, the match, precision, region, border distance.

    ``place`` is a placement row (see :class:`geo.pipeline.Dataset`) or a gazetteer row.
    """
    query = place.get("place_query") or place["name"]
    where = escape(place["name"])
    if query != place["name"]:
        where += f" <span class='lg-quiet'>(written “{escape(query)}”)</span>"
    rows = [("Where", where)]
    if place.get("match"):
        how = HOW_WORDS.get(place["how"], "")
        geocode = f"{STATUS_WORDS.get(place['match'], place['match'])}: matched by {how}"
        if place["how"] != "exact" and place.get("matched_name"):
            geocode += f" “{escape(place['matched_name'])}”"
        if place["how"] == "fuzzy":
            geocode += f", score {place['score']:g}/100"
        rows.append(("Geocoded", geocode))
    precision = PRECISION_WORDS[place["precision"]]
    if place["precision"] != "point":
        precision += f", within about {place['radius_km']:g} km"
    region = f"{escape(place['admin1'])}, {escape(place['country'])}"
    if place.get("ne_admin1") and place["ne_admin1"] != place["admin1"]:
        region += f" (Natural Earth draws it in {escape(place['ne_admin1'])})"
    rows.append(("Placement", escape(precision)))
    if place["precision"] != "point":
        why = place.get("note") or ""
        if place.get("near_km") == place.get("near_km") and place.get("near_km"):  # not NaN, not None
            why = f"The source places it around {place['name']}, not at it." + (f" {why}" if why else "")
        if why:
            rows.append(("Why", f"<span class='lg-quiet'>{escape(why)}</span>"))
    rows += [
        ("Region", region),
        ("Border", f"{place['border_km']:.0f} km to the {escape(place['nearest_border'])} border"),
        ("Coordinates", f"{place['lat']:.4f}, {place['lon']:.4f}<br><span class='lg-quiet'>{escape(place['source'])}</span>"),
    ]
    return rows


def record_popup(rec: Record, place: dict, sources: dict[str, Source], n_places: int) -> str:
    """The popup of one record at one of its places."""
    rows: list[tuple[str, str]] = []
    when = escape(rec.date.label())
    if rec.date_text:
        when += f" <span class='lg-quiet'>(source: “{escape(rec.date_text)}”)</span>"
    rows.append(("When", when))
    if rec.place_text:
        rows.append(("Source says", f"“{escape(rec.place_text)}”"))
    rows += place_lines(place)
    if rec.actors:
        rows.append(("Who", escape(rec.actors)))
    if rec.fatalities is not None or rec.fatalities_text:
        killed = escape(rec.fatalities_text or str(rec.fatalities))
        if n_places > 1:
            killed += f" <span class='lg-quiet'>(one toll for all {n_places} places of this record)</span>"
        rows.append(("Killed", killed))
    if rec.note:
        rows.append(("Note", escape(rec.note)))
    rows.append(("Sources", "<br>".join(source_html(sources[s]) for s in rec.sources)))
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        f"<div class='lg-popup'><div class='lg-kind'>{escape(KIND_LABELS[rec.kind])}</div>"
        f"<div class='lg-summary'>{escape(rec.summary)}</div><table>{body}</table>"
        f"<div class='lg-quiet'>record {escape(rec.id)}</div></div>"
    )


def place_popup(place: dict) -> str:
    rows = [("Also written", escape(place["alt_names"]) or "—")] + place_lines(place)
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f"<div class='lg-popup'><div class='lg-summary'>{escape(place['name'])}</div><table>{body}</table></div>"
