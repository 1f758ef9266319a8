"""Title panel and legend: colours, symbol sizes, precision, context records and credits."""

from __future__ import annotations

from html import escape

from ..pipeline import Dataset
from ..spec import MapSpec
from ..records import KIND_LABELS, KINDS, span_of
from . import style
from .popups import link

CREDITS = (
    "Boundaries: Natural Earth 1:10m (public domain). Towns: GeoNames (CC BY 4.0) and sources cited per place. "
    "River: GSHHG/WDBII (LGPL-3.0). Events: the sources cited in each popup. Map: Leaflet (BSD-2)."
)
CAVEATS = (
    "Natural Earth has no Ménaka region (created 2016): it draws that area inside Gao. "
    "The Burkina Faso–Niger border between about 14.05° and 14.45° N is the pre-2013 line; the ICJ redrew "
    "that sector in 2013 (up to ~10 km off)."
)


def _swatch(colour: str, px: float, *, dashed: bool = False) -> str:
    d = 2 * px
    border = f"{'2px dashed' if dashed else '1px solid'} {colour if dashed else '#222'}"
    return (f"<span class='lg-sw' style='width:{d:g}px;height:{d:g}px;background:{colour};"
            f"border:{border};opacity:{0.6 if dashed else 0.85}'></span>")


def _short_source(src) -> str:
    return link(src.url, src.publisher.split(" (")[0])


def _span_text(ds: Dataset, spec: MapSpec) -> str:
    span = span_of(ds.records)
    text = f"Records dated {span[0]:%d %b %Y} – {span[1]:%d %b %Y}" if span else "No records"
    if spec.start or spec.end:
        text += f" (map limited to {spec.start or '…'} – {spec.end or '…'})"
    return text


def title_html(ds: Dataset, spec: MapSpec) -> str:
    n_rec = ds.placements["record_id"].nunique()
    sub = f"<div class='lg-sub'>{escape(spec.subtitle)}</div>" if spec.subtitle else ""
    return (
        f"<div class='lg-panel lg-title'><div class='lg-h1'>{escape(spec.title)}</div>{sub}"
        f"<div class='lg-sub'>{escape(_span_text(ds, spec))} · {n_rec} mapped records</div></div>"
    )


def caption_html(ds: Dataset, spec: MapSpec) -> str:
    """The caption of a printed map (PNG/PDF): date span and every source; hidden on screen."""
    used = sorted({s for r in ds.records for s in r.sources})
    sources = "; ".join(f"{ds.sources[s].publisher}, “{ds.sources[s].title}” ({ds.sources[s].date.label()})" for s in used)
    return (
        f"<div class='lg-panel lg-caption'><b>{escape(_span_text(ds, spec))}.</b> "
        f"Sources: {escape(sources)}. {escape(CREDITS)}</div>"
    )


def legend_html(ds: Dataset, spec: MapSpec) -> str:
    present = {r.kind for r in ds.records if r.places}
    items = []
    for kind in KINDS:
        if kind in present:
            items.append(f"<div>{_swatch(style.KIND_COLOURS[kind], 6)} {escape(KIND_LABELS[kind])}</div>")
    sizes = "".join(
        f"<span class='lg-size'>{_swatch(style.KIND_COLOURS['attack'], style.fatality_radius(n))}<br>{n}</span>"
        for n in style.LEGEND_FATALITIES
    )
    precision = (
        f"<div>{_swatch('#555', 6)} exact location</div>"
        f"<div>{_swatch('#555', 6, dashed=True)} approximate: dashed ring = how far off it may be</div>"
    )
    context = ""
    if ds.unplaced:
        rows = "".join(
            f"<li><b>{escape(r.date.label())}</b>: {escape(r.summary)} "
            f"<span class='lg-quiet'>({escape(r.place_text or 'no location')}; "
            f"{'; '.join(_short_source(ds.sources[s]) for s in r.sources)})</span></li>"
            for r in ds.unplaced
        )
        context = f"<div class='lg-h2'>Context, not placed (no location)</div><ul class='lg-context'>{rows}</ul>"
    if ds.unresolved:
        rows = "".join(
            f"<li><b>{escape(u.record.date.label())}</b>: {escape(u.record.summary)} "
            f"<span class='lg-quiet'>(“{escape(u.name)}” is {escape(u.match.status)})</span></li>"
            for u in ds.unresolved
        )
        context += f"<div class='lg-h2'>Not placed: name did not resolve</div><ul class='lg-context'>{rows}</ul>"
    return (
        "<details class='lg-panel lg-legend' id='lg-legend' open><summary class='lg-h2'>Legend</summary>"
        f"<div class='lg-h2'>Records</div>{''.join(items)}"
        f"<div class='lg-h2'>Killed (attacks; symbol area)</div><div>{sizes}</div>"
        f"<div class='lg-h2'>Placement</div>{precision}"
        f"{context}"
        f"<div class='lg-h2'>Caveats</div><div class='lg-quiet'>{escape(CAVEATS)}</div>"
        f"<div class='lg-data'><div class='lg-h2'>Data</div><div class='lg-quiet'>{escape(CREDITS)}</div></div>"
        "</details>"
    )
