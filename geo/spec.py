"""Map specs: one small TOML file per map in ``maps/`` (title, focus, dates, layers shown at start).

Example (``maps/menaka.toml``)::

    title = "Ménaka and the Mali–Niger border"
    subtitle = "Close-up of the Ménaka region, March–May 2022"
    layers = ["countries", "regions", "river", "towns", "attack", "airstrike", "security"]

    [focus]
    bbox = [1.2, 14.9, 4.3, 16.9]   # west, south, east, north (degrees)

    [dates]
    start = "2022-01-01"
    end = "2022-12-31"

``min_zoom = 6`` and ``max_zoom = 10`` limit how far the map zooms out and in (5 to 11, the
range the boundary data is drawn for); ``bounds = [west, south, east, north]`` keeps the view
inside that box (default: the boundary data's extent, so the map never pans into the void).

``events = ["acled-2022.csv"]`` adds event files (ACLED, UCDP GED or records), relative to the spec.
``gazetteers = ["earlier-export.csv"]`` adds the user's own places, as ``--gazetteer`` does.
``aggregate_above = 2500``: zoomed out (below zoom 9), the page draws numbered circles that count the events of
an area instead of each event when more than this many imported events are in view (0: always; a large number:
never), as ``--aggregate-above`` does.
A spec may be a stranger's: the files it names must lie in the spec's own folder (or below it), or in
a folder the user allows (``liptako build --allow-path DIR``); any other path, absolute, ``..`` or a
symbolic link leading out, is refused without being opened.
The HTML map is written next to the spec, with the same name: ``maps/menaka.html``.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import vocab
from .checks import check_text
from .errors import DataError, LiptakoError, Problem
from .terminal import shown
from .vocab import KINDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

# Analysis layers (distance bands along the borders, events per admin-1 region) are off unless a spec asks.
ANALYSIS_LAYERS = ("bands", "choropleth")
DEFAULT_LAYERS = ("countries", "regions", "river", "tripoint", "towns", *(k for k in KINDS if k != "political"))
LAYER_KEYS = DEFAULT_LAYERS + ANALYSIS_LAYERS
DEFAULT_TITLE = f"Liptako-Gourma: the {vocab.TRI_POINT_NAME} border zone"
# The border zone from Djibo (west) to Tahoua (east), Douentza-Gao-Ménaka to Niamey.
DEFAULT_BBOX = (-1.9, 13.3, 5.5, 16.4)
ALLOWED = {
    "title",
    "subtitle",
    "layers",
    "focus",
    "dates",
    "events",
    "gazetteers",
    "min_zoom",
    "max_zoom",
    "bounds",
    "with_records",
    "aggregate_above",
}
# The zoom range the boundary data is made for: below 5 the edge of the clipped layers shows; above 11
# their 110 m simplification does.
MIN_ZOOM, MAX_ZOOM = 5, 11
MAX_TITLE, MAX_SUBTITLE = 300, 1000


@dataclass(frozen=True)
class MapSpec:
    """What one map shows. ``bbox`` is (west, south, east, north); or ``centre`` (lat, lon) and ``zoom``."""

    name: str = "liptako-gourma"
    title: str = DEFAULT_TITLE
    subtitle: str = ""
    bbox: tuple[float, float, float, float] | None = DEFAULT_BBOX
    centre: tuple[float, float] | None = None
    zoom: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    layers: tuple[str, ...] = DEFAULT_LAYERS
    path: Path | None = field(default=None, compare=False)
    events: tuple[Path, ...] = ()  # event files (ACLED, UCDP GED, records) drawn on this map
    gazetteers: tuple[Path, ...] = ()  # the user's own place files, as for --gazetteer
    min_zoom: float = MIN_ZOOM
    max_zoom: float = MAX_ZOOM
    bounds: tuple[float, float, float, float] | None = None  # (west, south, east, north) the view keeps inside
    with_records: bool = False  # with events files: keep the project's curated records on the map too
    # Zoomed out, more imported events than this in view are drawn as numbered circles counting each area's.
    aggregate_above: int = vocab.AGGREGATE_ABOVE

    @property
    def html_path(self) -> Path | None:
        return self.path.with_suffix(".html") if self.path else None


def _read_toml(path: Path) -> dict:
    """The spec's TOML as a dict; :class:`DataError` when it is too large, unreadable, not UTF-8 or not TOML."""
    name = str(path)
    try:
        if path.stat().st_size > 1_000_000:
            raise DataError([Problem(name, None, None, None, "larger than 1 MB; a map spec is a few lines of TOML")])
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError([Problem(name, None, None, None, f"cannot read the spec ({exc.strerror})")]) from None
    except UnicodeDecodeError as exc:
        raise DataError(
            [Problem(name, None, None, None, f"not UTF-8 text (byte {exc.start}); save it as UTF-8")]
        ) from None
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise DataError([Problem(name, None, None, None, f"not valid TOML: {exc}")]) from None


def _focus(
    focus: object, bad
) -> tuple[tuple[float, float, float, float] | None, tuple[float, float] | None, int | None]:
    """``(bbox, centre, zoom)`` from the ``focus`` table; ``bad`` is told of each wrong value."""
    bbox = centre = zoom = None
    if not isinstance(focus, dict):
        bad("focus", focus, "a table with bbox = [west, south, east, north], or centre = [lat, lon] and zoom")
    elif "bbox" in focus:
        bbox = _box(focus["bbox"], "focus.bbox", bad)
    elif "centre" in focus:
        c, z = focus["centre"], focus.get("zoom")
        if not (
            isinstance(c, list)
            and len(c) == 2
            and all(_number(x) for x in c)
            and -90 <= c[0] <= 90
            and -180 <= c[1] <= 180
        ):
            bad("focus.centre", c, "[lat, lon] in degrees")
        else:
            centre = (float(c[0]), float(c[1]))
        if not (isinstance(z, int) and not isinstance(z, bool) and MIN_ZOOM + 1 <= z <= MAX_ZOOM):
            bad("focus.zoom", z, f"a whole zoom level from {MIN_ZOOM + 1} to {MAX_ZOOM}")
        else:
            zoom = z
    else:
        bad("focus", focus, "give bbox = [west, south, east, north], or centre = [lat, lon] and zoom")
    return bbox, centre, zoom


def _dates(dates: object, bad) -> tuple[dt.date | None, dt.date | None]:
    """``(start, end)`` from the ``dates`` table; ``bad`` is told of each wrong value."""
    start = end = None
    if not isinstance(dates, dict):
        bad("dates", dates, 'a table with start = "YYYY-MM-DD" and/or end = "YYYY-MM-DD"')
    else:
        for key in dates:
            if key not in ("start", "end"):
                bad(f"dates.{key}", dates[key], "unknown key; allowed: start, end")
        start = _date(dates.get("start"), "dates.start", bad)
        end = _date(dates.get("end"), "dates.end", bad)
        if start and end and end < start:
            bad("dates", dates, "end is before start")
    return start, end


def _bounds(
    value: object,
    bbox: tuple[float, float, float, float] | None,
    centre: tuple[float, float] | None,
    bad,
) -> tuple[float, float, float, float] | None:
    """The ``bounds`` box, which must contain the focus; ``bad`` is told when it is wrong."""
    bounds = _box(value, "bounds", bad)
    if bounds is not None:
        inside = centre is None or (bounds[0] <= centre[1] <= bounds[2] and bounds[1] <= centre[0] <= bounds[3])
        if bbox is not None:
            inside = bounds[0] <= bbox[0] and bbox[2] <= bounds[2] and bounds[1] <= bbox[1] and bbox[3] <= bounds[3]
        if not inside:
            bad("bounds", value, "does not contain the focus; widen bounds or move the focus inside it")
    return bounds


def load_spec(path: Path, allow: tuple[Path, ...] = ()) -> MapSpec:
    """Read and check a spec; raise :class:`DataError` naming every bad key, value and the fix.

    The files it names must be inside the spec's folder or one of the folders in ``allow``.
    """
    path = Path(path)
    name = str(path)
    raw = _read_toml(path)
    problems: list[Problem] = []

    def bad(key: str, value: object, msg: str) -> None:
        problems.append(Problem(name, None, key, value, msg))

    for key in raw:
        if key not in ALLOWED:
            bad(key, raw[key], f"unknown key; allowed: {', '.join(sorted(ALLOWED))}")
    title = raw.get("title", DEFAULT_TITLE)
    if not isinstance(title, str) or not title.strip():
        bad("title", title, "give the map a title (a non-empty string)")
    else:
        _text(title, "title", MAX_TITLE, bad)
    subtitle = raw.get("subtitle", "")
    if not isinstance(subtitle, str):
        bad("subtitle", subtitle, "a string")
    else:
        _text(subtitle, "subtitle", MAX_SUBTITLE, bad)
    layers = raw.get("layers", list(DEFAULT_LAYERS))
    if not isinstance(layers, list) or any(x not in LAYER_KEYS for x in layers):
        bad("layers", layers, f"a list of layer keys from: {', '.join(LAYER_KEYS)}")
        layers = list(DEFAULT_LAYERS)
    bbox, centre, zoom = _focus(raw.get("focus", {"bbox": list(DEFAULT_BBOX)}), bad)
    start, end = _dates(raw.get("dates", {}), bad)
    zooms = []
    for key, default in (("min_zoom", MIN_ZOOM), ("max_zoom", MAX_ZOOM)):
        z = raw.get(key, default)
        if not (_number(z) and MIN_ZOOM <= z <= MAX_ZOOM):
            bad(key, z, f"a zoom level from {MIN_ZOOM} to {MAX_ZOOM} (the range the boundary data is drawn for)")
            z = default
        zooms.append(float(z))
    min_zoom, max_zoom = zooms
    if min_zoom > max_zoom:
        bad("min_zoom", raw.get("min_zoom"), f"is above max_zoom ({raw.get('max_zoom')}); swap them")
    if zoom is not None and not (min_zoom <= zoom <= max_zoom):
        bad("focus.zoom", zoom, f"is outside min_zoom..max_zoom ({min_zoom:g}..{max_zoom:g})")
    bounds = _bounds(raw["bounds"], bbox, centre, bad) if "bounds" in raw else None
    event_paths = _paths(raw, "events", "acled-2022.csv", path, allow, bad)
    with_records = raw.get("with_records", False)
    if not isinstance(with_records, bool):
        bad("with_records", with_records, "true or false: with events files, keep the curated records too")
        with_records = False
    gazetteer_paths = _paths(raw, "gazetteers", "earlier-export.csv", path, allow, bad)
    aggregate_above = raw.get("aggregate_above", vocab.AGGREGATE_ABOVE)
    if isinstance(aggregate_above, bool) or not isinstance(aggregate_above, int) or aggregate_above < 0:
        bad("aggregate_above", aggregate_above, "a whole number of events, 0 or more (0: always draw counts)")
        aggregate_above = vocab.AGGREGATE_ABOVE
    if problems:
        raise DataError(problems)
    return MapSpec(
        path.stem,
        title.strip(),
        subtitle,
        bbox,
        centre,
        zoom,
        start,
        end,
        tuple(layers),
        path,
        tuple(event_paths),
        tuple(gazetteer_paths),
        min_zoom,
        max_zoom,
        bounds,
        with_records,
        aggregate_above,
    )


def _paths(raw: dict, key: str, example: str, spec: Path, allow: tuple[Path, ...], bad) -> list[Path]:
    """The files a spec key lists, resolved against the spec's folder; each must exist inside an allowed folder."""
    items = raw.get(key, [])
    out: list[Path] = []
    if not isinstance(items, list) or not all(isinstance(e, str) and e.strip() for e in items):
        bad(key, items, f'a list of file paths, relative to the spec: {key} = ["{example}"]')
        return out
    roots = [spec.parent.resolve(), *(Path(a).resolve() for a in allow)]
    for e in items:
        if "\x00" in e:
            bad(key, e, "a path with a NUL character; write the file's name")
            continue
        p = (spec.parent / e).resolve()  # an absolute e stays absolute; symbolic links are followed
        if not any(p == r or p.is_relative_to(r) for r in roots):
            bad(
                key,
                e,
                "is outside the spec's folder; a spec may only name files in its own folder or below "
                "(move the file there, or allow its folder with `allow` DIR)",
            )
            continue
        if not p.is_file():
            bad(key, e, f"no such file ({p}); paths are relative to the spec's folder")
        out.append(p)
    return out


def _box(b, key: str, bad) -> tuple[float, float, float, float] | None:
    """[west, south, east, north] in degrees as floats, or None after naming the problem."""
    ok = isinstance(b, list) and len(b) == 4 and all(_number(x) for x in b)
    if not ok or not (-180 <= b[0] < b[2] <= 180 and -90 <= b[1] < b[3] <= 90):
        bad(key, b, "four numbers [west, south, east, north] with west < east and south < north")
        return None
    west, south, east, north = (float(x) for x in b)
    return west, south, east, north


def _number(x) -> bool:
    # TOML has booleans, nan and inf: none of them is a coordinate.
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def titled(spec: MapSpec, title: str | None, subtitle: str | None) -> MapSpec:
    """``spec`` with the title and subtitle a user gave (``None`` keeps the spec's), checked as a spec's are."""
    problems: list[str] = []

    def bad(key, value, why):
        problems.append(f"`{key}` '{shown(value)}': {why}")

    if title is not None:
        if not title.strip():
            bad("title", title, "give the map a title (a non-empty string)")
        _text(title, "title", MAX_TITLE, bad)
    if subtitle is not None:
        _text(subtitle, "subtitle", MAX_SUBTITLE, bad)
    if problems:
        raise LiptakoError("; ".join(problems))
    return replace(
        spec,
        title=title.strip() if title is not None else spec.title,
        subtitle=subtitle if subtitle is not None else spec.subtitle,
    )


def _text(value: str, key: str, limit: int, bad) -> None:
    if len(value) > limit:
        bad(key, value[:40] + "…", f"is {len(value)} characters long; keep it under {limit}")
        return
    try:
        check_text(value)
    except ValueError as exc:
        bad(key, value, str(exc))


def _date(value, key: str, bad) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # a bare TOML date
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        bad(key, value, "a date written YYYY-MM-DD")
        return None
