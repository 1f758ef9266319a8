"""The ``liptako`` command line: a thin layer over :mod:`geo` that picks paths, prints and exits.

Exit codes: 0 success; 1 a problem with the data or the output (the message says what and how
to fix it); 2 a usage error (click's own).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

# Only light modules here (the standard library, click and geo's pure-Python vocabulary), so that
# `liptako --help` and `--version` start fast; geopandas, pandas, folium, shapely, pyproj, pyarrow
# and matplotlib are imported by the commands that need them (geo's own names resolve lazily:
# see geo/__init__.py). tests/test_startup.py fails when a heavy module is imported here.
import geo
from geo.checks import THREE_COUNTRIES, Region
from geo.dates import DateWindow
from geo.errors import DataError, LiptakoError, Problem
from geo.paths import CHECKOUT, DEFAULT_DATA
from geo.snapshot import ORIENTATIONS, PAPERS, check_picture, chromium_path, picture
from geo.spec import MapSpec, load_spec, titled
from geo.terminal import printable, printable_json, shown
from geo.vocab import (
    CHART_BY,
    EVENT_FORMATS,
    EXACT,
    KINDS,
    MAX_SPAN_YEARS,
    PERIODS,
    PRECISIONS,
    TABLE_FORMATS,
    TABLE_FORMATS_BY_SUFFIX,
    TILES,
    TRI_POINT_NAME,
)

if TYPE_CHECKING:
    from geo.events import Filters

# In a checkout (or an editable install) the maps are the checkout's maps/; installed from a wheel,
# maps/ in the current folder.
MAPS = CHECKOUT / "maps" if CHECKOUT else Path("maps")
DEFAULT_SPEC = MAPS / "liptako-gourma.toml"
DEFAULT_OUT = MAPS / "liptako-gourma.html"
CONTEXT = {"help_option_names": ["-h", "--help"]}


# The library's messages name a parameter in backquotes (geo.errors); the user of the command line knows it as
# this flag.
FLAGS = {
    "region": "--region",
    "window": "--date-window",
    "max_span_years": "--max-span-years",
    "fmt": "--events-format",
    "strict": "--strict",
    "allow": "--allow-path",
    "aspect": "--aspect",
    "src": "--src",
    "height": "--height",
    "width": "--width",
    "scale": "--scale",
    "paper": "--paper",
    "orientation": "--orientation",
    "with_table": "--with-table",
    "since": "--since",
    "until": "--until",
    "kind": "--kind",
    "country": "--country",
    "bbox": "--bbox",
    "title": "--title",
    "subtitle": "--subtitle",
    "dedupe": "--dedupe",
    "date": "--date",
    "only": "--only",
    "store": "--store",
}
_PARAM = re.compile(r"`(" + "|".join(FLAGS) + r")`")


def as_flags(text: str) -> str:
    """A library message as the command line says it: each `parameter` as its flag."""
    return _PARAM.sub(lambda m: FLAGS[m.group(1)], text)


def echo(message: object = "", **kwargs) -> None:
    """click.echo, with every control character from the data shown escaped (see geo.terminal) and the library's
    parameter names shown as flags."""
    click.echo(as_flags(printable(message)), **kwargs)


class Failure(click.ClickException):
    """An error for the user (exit 1); names read from their files are shown escaped, never obeyed."""

    def format_message(self) -> str:
        return as_flags(printable(self.message))


data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DATA,
    show_default="the data shipped with liptako",
    help="Folder with places.csv, sources.csv, records.csv and boundaries/.",
)


def _region(ctx, param, value: str | None) -> Region:
    if value is None:
        return THREE_COUNTRIES
    try:
        return Region.parse(value)
    except ValueError as exc:
        raise click.BadParameter(as_flags(str(exc))) from None


region_option = click.option(
    "--region",
    metavar="W,S,E,N",
    callback=_region,
    help="The box every place must lie in (degrees). Default: Mali, Niger and Burkina Faso, -12.3,9.3,16,25.",
)


def _load(data_dir: Path, region: Region = THREE_COUNTRIES, gazetteers=()) -> geo.Dataset:
    if not data_dir.is_dir():
        raise Failure(f"data folder {data_dir} does not exist; pass --data with the folder that holds places.csv")
    try:
        return geo.load(data_dir, region=region, gazetteers=gazetteers, window=_window())
    except DataError as exc:
        raise Failure(f"{exc}\nNothing was written. Fix the rows above and run the command again.") from None


def _date_option(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None


def _bbox_option(ctx, param, value):
    if value is None:
        return None
    try:
        r = Region.parse(value)
    except ValueError as exc:
        raise click.BadParameter(as_flags(str(exc))) from None
    return (r.west, r.south, r.east, r.north)


def _window_option(ctx, param, value):
    """--date-window and --max-span-years, kept for _window() (every command that reads data uses them)."""
    if param.name == "date_window" and value is not None:
        try:
            value = DateWindow.parse(value)
        except ValueError as exc:
            raise click.BadParameter(as_flags(str(exc))) from None
    if value is not None:
        ctx.meta[param.name] = value


def _window() -> DateWindow:
    """The dates events and records may carry: --date-window and --max-span-years, or the default."""
    meta = click.get_current_context().meta
    return replace(
        meta.get("date_window") or DateWindow.default(), max_span_years=meta.get("max_span_years", MAX_SPAN_YEARS)
    )


def _store_option(ctx, param, value):
    if value is not None:
        ctx.meta["store"] = value
    return value


def _store() -> Path | None:
    """The --store folder of this command, if any."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get("store") if ctx is not None else None


# How to read an export, for --events files and for ingest alike.
strict_option = click.option(
    "--strict", is_flag=True, help="Fail on the first bad row instead of skipping and counting it."
)
accessed_option = click.option(
    "--accessed",
    callback=_date_option,
    metavar="YYYY-MM-DD",
    help="When the export was downloaded, for its citation. Default: the file's date.",
)


def event_options(f):
    """--events and what goes with it: how to read the files, what to cite and which dates to accept."""
    for opt in reversed(
        [
            click.option(
                "--events",
                "event_paths",
                multiple=True,
                type=click.Path(dir_okay=False, path_type=Path),
                help="An ACLED, UCDP GED or records file to add (repeatable). Format from the header.",
            ),
            click.option(
                "--store",
                callback=_store_option,
                expose_value=False,
                type=click.Path(file_okay=False, path_type=Path),
                help="A store of events `liptako ingest` wrote, read with (or instead of) --events files; "
                "--country, --since and --until read only the parts of it they need.",
            ),
            click.option(
                "--events-format",
                type=click.Choice(sorted(EVENT_FORMATS)),
                help="Read every --events file as this format instead of detecting it.",
            ),
            strict_option,
            accessed_option,
            click.option(
                "--date-window",
                callback=_window_option,
                expose_value=False,
                metavar="FIRST..LAST",
                help="The dates a row may carry, e.g. 1960-01-01..2030-12-31 (YYYY or YYYY-MM count whole; "
                "leave a side empty to keep its default). Event rows dated outside are skipped "
                "(validate fails); a record in --data outside it is an error. Default: 1989-01-01 "
                "(UCDP GED's first year) to a year after today.",
            ),
            click.option(
                "--max-span-years",
                callback=_window_option,
                expose_value=False,
                metavar="YEARS",
                type=click.FloatRange(min=0, min_open=True),
                help=f"The longest date span (start to end) a row may have. Default: {MAX_SPAN_YEARS}.",
            ),
        ]
    ):
        f = opt(f)
    return f


def _dedupe_option(ctx, param, value):
    if value is None:
        return None
    from geo.dedupe import parse_prefer

    try:
        return parse_prefer(value)
    except ValueError as exc:
        raise click.BadParameter(as_flags(str(exc))) from None


# Likely duplicates across --events files (geo.dedupe): always reported; with --dedupe, one of each pair kept.
dedupe_option = click.option(
    "--dedupe",
    callback=_dedupe_option,
    metavar="prefer=acled|ucdp",
    help="Of each likely duplicate pair across the --events files (same kind family, dates within a day, "
    "points within 10 km; always reported), keep the row of this format and leave the other out.",
)


def _own_events(ds: geo.Dataset, events: bool, with_records: bool) -> geo.Dataset:
    """What an analyst's command works on: with event files (``events``), the curated records only if asked for
    (``--with-records``)."""
    if events and not with_records:
        ds = ds.without_records()  # the analyst's events, not ours mixed into their counts
    return ds


def _deduped(ds: geo.Dataset, prefer: str | None) -> geo.Dataset:
    """``ds`` (the selection the command counts or draws) with the likely duplicates across its files reported on
    stderr (once per run) and, with ``prefer``, one of each pair left out. Pairs are looked for among the selected
    events only: a pair the filters leave out is not "counted here", and a store read only the partitions the
    filters allow, so a pair outside them could not be found from it."""
    out, report = ds.dedupe(prefer)
    said = click.get_current_context().meta.setdefault("liptako.dedupe_said", set())
    if report and report not in said:
        said.add(report)
        echo(report, err=True)
    return out


def records_option(f):
    """--with-records: an analyst's --events map shows their events only, unless they ask for ours too."""
    return click.option(
        "--with-records",
        is_flag=True,
        help="With --events: keep the project's curated records too (left out by default, so that the map, "
        "the counts and the export are of your events only).",
    )(f)


def filter_options(f):
    """The filters build, export and stats share (see geo.events.Filters)."""
    for opt in reversed(
        [
            click.option(
                "--since", callback=_date_option, metavar="YYYY-MM-DD", help="Keep what overlaps this day or later."
            ),
            click.option(
                "--until", callback=_date_option, metavar="YYYY-MM-DD", help="Keep what overlaps this day or earlier."
            ),
            click.option(
                "--country",
                "countries",
                multiple=True,
                metavar="ISO3",
                help="Keep events in this country (by the boundaries; repeatable), e.g. NER.",
            ),
            click.option(
                "--admin1",
                "admin1",
                multiple=True,
                metavar="REGION",
                help="Keep events in this admin-1 region (repeatable; by the region the event lies in, "
                "Ménaka included; case and accents ignored).",
            ),
            click.option(
                "--admin2",
                "admin2",
                multiple=True,
                metavar="UNIT",
                help="Keep events in this admin-2 unit: a cercle, département or province (repeatable).",
            ),
            click.option(
                "--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Keep this kind (repeatable)."
            ),
            click.option("--actor", help="Keep events whose actors contain this text (case and accents ignored)."),
            click.option(
                "--min-precision",
                type=click.Choice(PRECISIONS),
                help="Keep events located at least this precisely (point is the most precise).",
            ),
            click.option("--bbox", callback=_bbox_option, metavar="W,S,E,N", help="Keep events in this box (degrees)."),
        ]
    ):
        f = opt(f)
    return f


def _country_codes(countries) -> tuple[str, ...]:
    """Each --country as its ISO3 code; a name no export or code uses is an error that says what would do."""
    from geo.events import country_code, country_suggestions

    codes = []
    for value in countries:
        code = country_code(value)
        if code is None:
            near = country_suggestions(value)
            raise click.BadParameter(
                f"{shown(value)} is not a country this tool knows"
                + (f"; did you mean {' or '.join(near)}?" if near else ".")
                + " Give an ISO 3166-1 alpha-3 code (MLI, NER, BFA...) or the name ACLED and UCDP write (Mali, Niger,"
                " Burkina Faso, Côte d'Ivoire...).",
                param_hint="--country",
            )
        codes.append(code)
    return tuple(codes)


def _filters(since, until, countries, admin1, kinds, actor, min_precision, bbox, admin2=()) -> Filters:
    if since and until and until < since:
        raise click.BadParameter("--until is before --since", param_hint="--until")
    from geo.events import Filters

    return Filters(
        since=since,
        until=until,
        countries=_country_codes(countries),
        admin1=tuple(admin1),
        admin2=tuple(admin2),
        kinds=tuple(kinds),
        actor=actor or None,
        min_precision=min_precision,
        bbox=bbox,
    )


def _with_events(
    ds: geo.Dataset,
    paths,
    events_format,
    strict,
    accessed,
    region,
    filters: Filters | None = None,
    store: bool = True,
    columns: tuple[str, ...] | None = None,
    notes: bool = True,
) -> geo.Dataset:
    """``ds`` with the --events files and, with ``store``, the events of the command's --store (only the parts of
    it that ``filters`` keep are read, and only ``columns`` of them when given); the files' notes only with
    ``notes``."""
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        raise Failure("\n".join(f"{p}: no such file; check the --events path" for p in missing))
    folder = _store() if store else None
    if folder is not None:
        from geo.events import Filters

        f = filters or Filters()
        try:
            ds = ds.with_store(
                folder, countries=f.countries, since=f.since, until=f.until, columns=columns, notes=notes
            )
        except LiptakoError as exc:
            raise Failure(f"{exc}\nNothing was written.") from None
    if not paths:
        return ds
    try:
        out = ds.with_events(
            list(paths),
            fmt=events_format,
            strict=strict,
            accessed=accessed,
            region=region,
            window=_window(),
            notes=notes,
        )
    except DataError as exc:
        raise Failure(f"{exc}\nNothing was written.") from None
    empty = [r.file for r in out.imports[len(ds.imports) :] if r.read == 0]
    if empty:
        raise Failure(
            "\n".join(f"{f}: no rows to read; is it the right file?" for f in empty) + "\nNothing was written."
        )
    return out


def _selected(
    data_dir,
    region,
    event_paths,
    events_format,
    strict,
    accessed,
    filter_args,
    with_records: bool = False,
    dedupe=None,
    columns: tuple[str, ...] | None = None,
    notes: bool = True,
) -> geo.Dataset:
    """The data and the --events files, their likely duplicates reported (and merged with --dedupe), with the
    filters applied (export and stats); with --events, the curated records only if asked for; of a --store, only
    ``columns`` when given."""
    filters = _filters(**filter_args)
    ds = _with_events(
        _load(data_dir, region),
        event_paths,
        events_format,
        strict,
        accessed,
        region,
        filters,
        columns=columns,
        notes=notes,
    )
    ds = _own_events(ds, bool(event_paths) or _store() is not None, with_records)
    return _deduped(_nonempty(ds, filters), dedupe)


def _nonempty(ds: geo.Dataset, filters: Filters) -> geo.Dataset:
    """``ds.select(filters)``, or an error when a filter names a region the data does not have, or when the
    filters leave nothing: which filter removed how many, so that an empty map or table is never a surprise."""
    for level, unit, units in (("admin1", "admin-1 region", "Regions"), ("admin2", "admin-2 unit", "Admin-2 units")):
        unknown = ds.unknown_regions(level, getattr(filters, level))
        if unknown:
            lines = [
                f"--{level} {shown(name)} matches no {unit} of the data"
                + (f"; did you mean {' or '.join(near)}?" if near else "")
                for name, near in unknown.items()
            ]
            names = ", ".join(sorted(ds.region_names(level)))
            raise Failure("\n".join(lines) + f"\n{units} in the data: {names}.\nNothing was written.")
    selected = ds.select(filters)
    if not filters.empty and not len(selected.placements) and not len(selected.events):
        total, removed = ds.removed_by(filters)
        raise Failure(
            f"the filters leave no record or event (of {total}: a record counts once per place):\n"
            + "\n".join(f"  {what} removes {n} of {total}" for what, n in removed)
            + "\nWiden a filter; nothing was written."
        )
    return selected


def _report(ds: geo.Dataset) -> None:
    for r in ds.imports:
        echo(r.summary(), err=True)


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="liptako")
def main() -> None:
    """Sourced, offline maps of the Liptako-Gourma tri-border region (Mali, Niger, Burkina Faso)."""


allow_option = click.option(
    "--allow-path",
    "allow",
    multiple=True,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Let map specs name files in this folder too (repeatable). By default a spec may only name files in its "
    "own folder or below, so a spec someone sent you cannot build your other files into a map.",
)


def _specs(paths: tuple[Path, ...], single: bool, allow: tuple[Path, ...] = ()) -> list[MapSpec]:
    """The specs to build: those named, else every maps/*.toml (only the overview when ``single``)."""
    if not paths:
        if single:  # noqa: SIM108 -- a nested conditional expression would read worse
            paths = (DEFAULT_SPEC,) if DEFAULT_SPEC.exists() else ()
        else:
            paths = tuple(sorted(MAPS.glob("*.toml")))
        if not paths:
            return [MapSpec(path=DEFAULT_SPEC)]
    problems, specs = [], []
    for path in paths:
        try:
            specs.append(load_spec(path, allow))
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise Failure(f"{DataError(problems)}\nNothing was written.")
    return specs


@main.command(context_settings=CONTEXT)
@click.argument("spec_paths", metavar="[SPEC.toml]...", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@data_option
@region_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Where to write the HTML map (one spec only); - writes it to standard output. "
    "Default: next to its spec, maps/NAME.html.",
)
@click.option(
    "--tiles",
    multiple=True,
    type=click.Choice(sorted(TILES)),
    help="Add an online tile base layer (repeatable). The offline vector basemap stays the default.",
)
@click.option(
    "--png",
    "png",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also render a PNG picture of the map (one spec only), through headless Chromium.",
)
@click.option(
    "--pdf",
    "pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also render a PDF of the map on real paper (--paper, --orientation; one spec only), "
    "through headless Chromium.",
)
@click.option("--width", default=2400, show_default=True, help="PNG width in pixels.")
@click.option("--height", default=1600, show_default=True, help="PNG height in pixels.")
@click.option(
    "--scale", default=2.0, show_default=True, help="PNG device pixels per CSS pixel (text size in the picture)."
)
@click.option(
    "--paper",
    type=click.Choice(sorted(PAPERS)),
    default="A4",
    show_default=True,
    help="PDF paper size (the page's real size, 10 mm margins).",
)
@click.option(
    "--orientation",
    type=click.Choice(ORIENTATIONS),
    default="landscape",
    show_default=True,
    help="PDF page orientation.",
)
@click.option("--with-table", is_flag=True, help="PDF: add pages listing every record and event with its sources.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a map in maps/ is out of date with data/.")
@event_options
@dedupe_option
@click.option(
    "--no-notes",
    is_flag=True,
    help="Leave imported events' notes out of the page (for maps you share: "
    "ACLED's terms forbid redistributing its raw rows).",
)
@click.option(
    "--gazetteer",
    "gazetteers",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also geocode with this file of places (as for liptako geocode --gazetteer). Repeatable.",
)
@click.option(
    "--title", help="The map's title (default: the spec's; with --events and no SPEC, one made from the data)."
)
@click.option("--subtitle", help="The map's subtitle (default: the spec's, or with --events, the files it shows).")
@click.option(
    "--aggregate-above",
    type=click.IntRange(min=0),
    metavar="EVENTS",
    help="Zoomed out, draw numbered circles counting each area's events when more than this many imported events "
    "are in view (default: the spec's aggregate_above, 2500; 0: always; a large number: never).",
)
@records_option
@filter_options
@allow_option
def build(  # noqa: C901 -- a command: one branch per option (specs, --out, --png/--pdf, events)
    spec_paths: tuple[Path, ...],
    data_dir: Path,
    region: Region,
    out: Path | None,
    tiles: tuple[str, ...],
    png: Path | None,
    pdf: Path | None,
    width: int,
    height: int,
    scale: float,
    paper: str,
    orientation: str,
    with_table: bool,
    check: bool,
    event_paths: tuple[Path, ...],
    events_format: str | None,
    strict: bool,
    accessed,
    no_notes: bool,
    gazetteers: tuple[Path, ...],
    allow: tuple[Path, ...],
    title: str | None,
    subtitle: str | None,
    aggregate_above: int | None,
    dedupe: str | None,
    with_records: bool,
    **filter_args,
) -> None:
    """Check the data and regenerate the maps.

    With no SPEC, every map spec in maps/ is built, each to the HTML file next to it
    (maps/liptako-gourma.toml -> maps/liptako-gourma.html). With --out, --png or --pdf and no
    SPEC, only the overview is built. Outputs are all-or-nothing: every file is rendered and
    written to a temporary file first, and only then renamed into place, so a failed run leaves
    every previous map and picture as it was.
    """
    single = bool(out or png or pdf)
    specs = _specs(spec_paths, single, allow)
    to_stdout = out is not None and str(out) == "-"
    if to_stdout and (png or pdf or check):
        raise click.UsageError("--out - writes the HTML to standard output; give --png, --pdf and --check a file")
    if single and len(specs) > 1:
        raise click.UsageError("--out, --png and --pdf take one map: name one SPEC.toml")
    if with_table and not pdf:
        raise click.UsageError("--with-table adds pages to the PDF: give --pdf FILE.pdf too")
    try:
        if png or pdf:  # before any work: a missing browser must not cost a build
            for fmt in [f for p, f in ((png, "png"), (pdf, "pdf")) if p]:
                check_picture(fmt, width, height, scale, paper, orientation)
            chromium_path()
        filters = _filters(**filter_args)

        def loaded(places_files):
            # A page without notes does not read them (a third of a big ACLED export).
            return _with_events(
                _load(data_dir, region, places_files),
                event_paths,
                events_format,
                strict,
                accessed,
                region,
                filters,
                notes=not no_notes,
            )

        base = loaded(gazetteers)
        outputs: list[tuple[Path, str | bytes]] = []
        shown: list[tuple[Path, MapSpec, geo.Dataset]] = []  # each map and what it draws (the spec's dates counted)
        stale = []
        for spec in specs:
            # A map with gazetteers of its own geocodes with more places: the data are loaded again.
            own = loaded((*gazetteers, *spec.gazetteers)) if spec.gazetteers else base
            ds = (
                _with_events(own, spec.events, events_format, strict, accessed, region, store=False, notes=not no_notes)
                if spec.events
                else own
            )
            has_events = bool(event_paths or spec.events) or _store() is not None
            ds = _own_events(ds, has_events, with_records or spec.with_records)
            # What the map shows must not be empty, the spec's dates counted too; the selection itself leaves the
            # spec's dates to the page (its citations name the command line's filters only).
            shown_filters = filters.within(spec.start, spec.end)
            checked = _deduped(_nonempty(ds, shown_filters), dedupe)
            shown.append((out or spec.html_path or DEFAULT_OUT, spec, checked))
            selected = checked if shown_filters == filters else _deduped(ds.select(filters), dedupe)
            ds = replace(selected, no_notes=no_notes)
            made = ds.data_title() if not spec_paths and title is None else None
            if made:  # the analyst's own events, with no spec of theirs: say what they are, not the seed article
                spec = titled(spec, made[0], made[1] if subtitle is None else subtitle)
            elif title is not None or subtitle is not None:
                spec = titled(spec, title, subtitle)
            if not spec_paths and (box := ds.events_box()):  # and open on them, not on the seed article's zone
                spec = replace(spec, bbox=box, centre=None, zoom=None)
            if aggregate_above is not None:
                spec = replace(spec, aggregate_above=aggregate_above)
            html = geo.render_html(ds, spec, tiles=tiles)
            target = out or spec.html_path or DEFAULT_OUT
            if check:
                current = target.read_text(encoding="utf-8") if target.exists() else None
                if current != html:
                    stale.append(f"{target} is {'missing' if current is None else 'out of date'} (spec {spec.path})")
                continue
            if to_stdout:
                continue
            outputs.append((target, html))
            for path, fmt in ((png, "png"), (pdf, "pdf")):
                if path:
                    outputs.append(
                        (
                            path,
                            picture(
                                html,
                                fmt=fmt,
                                width=width,
                                height=height,
                                scale=scale,
                                paper=paper,
                                orientation=orientation,
                                table=with_table,
                            ),
                        )
                    )
        if check:
            if stale:
                raise Failure("\n".join(stale) + "\nRun  liptako build  and commit the maps.")
            echo(f"{len(specs)} map(s) up to date with {data_dir}")
            return
        if to_stdout:
            # The page goes to standard output as it is (it is the page, not a message); the report to stderr.
            click.echo(html.encode("utf-8"), nl=False)
            _report(ds)
            return
        written = geo.write_all(outputs)
    except LiptakoError as exc:
        raise Failure(f"{exc}\nNothing was written; the previous maps are unchanged.") from None
    for path in written:
        echo(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
    _report(ds)
    for problem in ds.unresolved_problems():
        echo(f"not placed: {problem}", err=True)
    echo(f"{len(base.places)} places, {len(base.records)} records in {data_dir}")
    for target, spec, on_map in shown:
        echo(_on_map(target, spec, on_map))


def _on_map(target: Path, spec: MapSpec, ds: geo.Dataset) -> str:
    """What a built map draws, counted after every filter (the spec's dates too): the page's own count."""
    records, placements, events = ds.counts()

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    parts = []
    if records or not events:
        parts.append(f"{n(records, 'record')} at {n(placements, 'place')}")
    if events:
        parts.append(n(events, "event"))
    dates = f" (dates {spec.start or '…'} – {spec.end or '…'})" if spec.start or spec.end else ""
    line = f"{target}: " + " and ".join(parts) + f" on the map{dates}"
    approx = ds.placements[ds.placements["precision"] != EXACT]
    if len(approx):
        line += f"; {n(approx['record_id'].nunique(), 'record')} placed approximately: " + ", ".join(
            sorted(set(approx["name"]))
        )
    return line


@main.command(context_settings=CONTEXT)
@click.argument(
    "map_path",
    metavar="[MAP.html]",
    required=False,
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OUT,
)
@click.option(
    "--src",
    metavar="URL",
    help="Where the map file is published. Default: its file name, for a map placed next to the page.",
)
@click.option(
    "--aspect",
    default="3:2",
    show_default=True,
    metavar="W:H",
    help="Width to height of the frame; it fills the column's width at any size.",
)
@click.option("--height", default=None, metavar="CSS", help="A fixed CSS height (600px, 70vh) instead of --aspect.")
@click.option(
    "--inline",
    is_flag=True,
    help="Carry the whole map in the snippet (iframe srcdoc): no separate file "
    "to publish, but the snippet is as large as the map.",
)
def embed(map_path: Path, src: str | None, aspect: str, height: str | None, inline: bool) -> None:
    """Print an HTML snippet that embeds MAP.html in a web page (default: the overview map).

    The snippet is a titled <iframe> that keeps its aspect ratio at the column's full width, and a
    link to open the map full screen. At 320-760 px the map's panels start folded to buttons.
    """
    if not map_path.exists():
        raise Failure(f"{map_path} does not exist; build it first with  liptako build")
    try:
        from geo.embed import embed_snippet

        echo(embed_snippet(map_path, src=src, aspect=aspect, height=height, inline=inline))
    except LiptakoError as exc:
        raise Failure(str(exc)) from None


@main.command(context_settings=CONTEXT)
@click.argument("spec_paths", metavar="[SPEC.toml]...", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@data_option
@region_option
@event_options
@allow_option
def validate(
    spec_paths: tuple[Path, ...],
    data_dir: Path,
    region: Region,
    event_paths: tuple[Path, ...],
    events_format: str | None,
    strict: bool,
    accessed,
    allow: tuple[Path, ...],
) -> None:
    """Check every data file, map spec and event file and print every problem; exit 1 if there is one.

    Checks what build checks, and more: with no SPEC, every map spec in maps/. Whatever build
    would reject, validate reports; it also fails on record place names that do not resolve and
    on event rows that build would skip.
    """
    problems = []
    for path in spec_paths or tuple(sorted(MAPS.glob("*.toml"))):
        try:
            load_spec(path, allow)
        except DataError as exc:
            problems += exc.problems
    if not data_dir.is_dir():
        raise Failure(f"data folder {data_dir} does not exist; pass --data with the folder that holds places.csv")
    ds = None
    try:
        ds = geo.load(data_dir, region=region, window=_window())
        problems += ds.unresolved_problems()
    except DataError as exc:
        problems += exc.problems
    if ds is not None and not problems:
        ds = _with_events(ds, event_paths, events_format, strict, accessed, region)
        _report(ds)
        skipped = [r for r in ds.imports if r.n_skipped]
        if skipped:
            raise Failure(
                "; ".join(f"{r.file}: {r.n_skipped} row(s) would be skipped" for r in skipped) + " (see above)"
            )
    if problems:
        raise Failure(str(DataError(problems)))
    assert ds is not None  # every path that leaves it None added a problem
    mismatched = ds.places[ds.places["ne_country"] != ds.places["country"]]
    echo(
        f"OK: {len(ds.places)} places, {len(ds.sources)} sources, {len(ds.records)} records; every place name resolves"
    )
    for row in mismatched.itertuples():
        echo(
            f"note: {row.id} is listed in {row.country} but its point falls in "
            f"{row.ne_country or 'no country'} on Natural Earth ({row.note or 'no note'})"
        )


def _export_columns(ctx, param, value):
    if value is None:
        return None
    from geo.export import choose_columns

    try:
        return choose_columns(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command(context_settings=CONTEXT)
@data_option
@region_option
@event_options
@dedupe_option
@filter_options
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: .geojson, .gpkg, .csv or .parquet.",
)
@click.option(
    "--format",
    "out_format",
    type=click.Choice(sorted(TABLE_FORMATS)),
    help="The output format, if the extension does not say it.",
)
@click.option("--no-notes", is_flag=True, help="Leave the events' notes out.")
@click.option(
    "--columns",
    callback=_export_columns,
    metavar="A,B,...",
    help="Write only these columns, in this order (comma-separated names from docs/events-and-filters.md); "
    "the GIS formats add the point.",
)
@records_option
def export(
    data_dir: Path,
    region: Region,
    event_paths,
    events_format,
    strict,
    accessed,
    with_records: bool,
    out: Path,
    out_format: str | None,
    no_notes: bool,
    columns: list[str] | None,
    dedupe: str | None,
    **filter_args,
) -> None:
    """Write the filtered, geocoded records and events to a file a GIS opens, one row each.

    Columns: the event model (source_id, source_format, kind, start and end as dates, lat, lon,
    precision, radius_km, ...), the source's own structure (actor1, actor2, inter1, inter2,
    source_admin1-3, the precision codes as numbers), the computed country, admin1, border_km and
    nearest_border, and the citation each source requires. --columns chooses and orders them
    (docs/events-and-filters.md lists them all).
    """
    fmt = out_format or TABLE_FORMATS_BY_SUFFIX.get(out.suffix.lower())
    if fmt is None:
        raise click.UsageError(
            f"cannot tell the format of {out.name!r}: use .geojson, .gpkg, .csv or .parquet, or give --format"
        )
    ds = _selected(
        data_dir,
        region,
        event_paths,
        events_format,
        strict,
        accessed,
        filter_args,
        with_records,
        dedupe,
        notes=not no_notes,
    )
    table = ds.all_events()
    try:
        from geo.export import write_table

        path = write_table(
            table, out, fmt=fmt, citations=ds.citations, notes=not no_notes, reports=ds.imports, columns=columns
        )
    except LiptakoError as exc:
        raise Failure(f"{exc}") from None
    _report(ds)
    echo(
        f"wrote {path}: {len(table)} rows ({(table['source_format'] == 'records').sum()} from records, "
        f"{(table['source_format'] != 'records').sum()} imported)"
    )


def _km_list(what):
    def parse(ctx, param, value):
        from geo import stats as stats_mod

        try:
            return stats_mod.parse_km_list(value, what)
        except ValueError as exc:
            raise click.BadParameter(as_flags(str(exc))) from None

    return parse


@main.command(context_settings=CONTEXT)
@data_option
@region_option
@event_options
@dedupe_option
@filter_options
@click.option(
    "--bands",
    default="10,50,100",
    show_default=True,
    callback=_km_list("--bands"),
    metavar="KM,KM,...",
    help="Edges of the distance bands to the nearest border, in km.",
)
@click.option(
    "--tri-border-km",
    "tri_km",
    default="50,100",
    show_default=True,
    callback=_km_list("--tri-border-km"),
    metavar="KM,...",
    help=f"Radii around the {TRI_POINT_NAME} tri-point, in km.",
)
@click.option(
    "--period",
    type=click.Choice(PERIODS),
    default="year",
    show_default=True,
    help="Count by year or by month.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/stats.md) instead of a table.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (group, key, country, events, fatalities, no_toll).")
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a bar chart of the events per month (per quarter, year or more over spans too long "
    "for 240 monthly bars): FILE.png or FILE.svg. An event is counted in every bar its dates touch.",
)
@click.option(
    "--chart-by",
    type=click.Choice(CHART_BY),
    default="country",
    show_default=True,
    help="Stack the chart's bars by country or by distance band.",
)
@records_option
def stats(
    data_dir: Path,
    region: Region,
    event_paths,
    events_format,
    strict,
    accessed,
    with_records: bool,
    bands,
    tri_km,
    period,
    as_json: bool,
    as_csv: bool,
    chart: Path | None,
    chart_by: str,
    dedupe: str | None,
    **filter_args,
) -> None:
    """Borderland counts of the records and --events: by country, region, kind, period, distance band
    to the nearest border, border pair, and within R km of the tri-point.

    Events located less precisely than the band or ring they fall in are counted apart as
    "imprecise"; every grouping adds up to the total.
    """
    if as_json and as_csv:
        raise click.UsageError("give --json or --csv, not both")
    chart_fmt = None
    if chart is not None:
        chart_fmt = {".png": "png", ".svg": "svg"}.get(chart.suffix.lower())
        if chart_fmt is None:
            raise click.UsageError(f"cannot tell the chart format of {chart.name!r}: use .png or .svg")
    from geo import stats as stats_mod
    from geo.store import STATS_COLUMNS

    # Counts, filters and the duplicate search need a few columns of a store (store.STATS_COLUMNS).
    ds = _selected(
        data_dir, region, event_paths, events_format, strict, accessed, filter_args, with_records, dedupe, STATS_COLUMNS
    )
    table = ds.all_events()
    inputs = [
        {
            "file": r.file,
            "format": r.format,
            "read": r.read,
            "mapped": r.mapped,
            "filtered": r.filtered,
            "skipped": r.n_skipped,
            "merged": r.merged,
        }
        for r in ds.imports
    ]
    result = stats_mod.borderland_stats(
        table,
        bands=bands,
        tri_km=tri_km,
        period=period,
        tripoint=ds.boundaries.tripoint_lonlat,
        filters=ds.filters.describe(),
        citations=ds.citations,
        inputs=inputs,
        duplicates=ds.duplicates,
    )
    if chart is not None:
        # Each citation already ends with the filters; without one, say them once.
        footnote = " ".join(ds.citations) or (f"Filters: {ds.filters.describe()}." if ds.filters.describe() else "")
        title = "Events per {bin}, by " + ("distance to the nearest border" if chart_by == "band" else "country")
        data = stats_mod.chart(table, by=chart_by, fmt=chart_fmt or "png", bands=bands, title=title, footnote=footnote)
        try:
            geo.write_atomic(chart, data)
        except LiptakoError as exc:
            raise Failure(f"{exc}") from None
    _report(ds)
    if as_json:
        click.echo(printable_json(json.dumps(result, ensure_ascii=False, indent=1)))
    elif as_csv:
        echo(stats_mod.to_csv(result), nl=False)
    else:
        echo(stats_mod.format_table(result), nl=False)
    if chart is not None:
        echo(f"wrote {chart}", err=True)


def _check_unit_hints(coder, **hints: str | None) -> None:
    """An --admin1 or --admin2 that names no unit the data knows is an error with the closest names."""
    for level, value in hints.items():
        if not value:
            continue
        near = coder.unknown_unit(level, value)
        if near is not None:
            raise click.BadParameter(
                f"{shown(value)} is no {level} unit the gazetteer or the boundary layers know"
                + (f"; did you mean {' or '.join(near)}?" if near else "."),
                param_hint=f"--{level}",
            )


def _geocode_rows(coder, path: Path, names, rows, hint_columns: dict) -> list:
    """Each name with its own row's hints. A country cell no export or code uses stops the run (every such cell
    named); an admin cell that names no known unit is kept as a hint (it then leaves the name unplaced, with the
    candidates outside it), and the unknown names are listed on stderr."""
    from geo.events import country_code
    from geo.geocode import COUNTRY_CODES

    at = {level: i for i, level in enumerate((lv for lv, col in hint_columns.items() if col), start=1)}
    problems: list[Problem] = []
    unknown_units: Counter[tuple[str, str]] = Counter()
    todo = []
    for n, row in enumerate(rows, start=2):
        hint: dict[str, str | None] = {level: row[j].strip() or None for level, j in at.items()}
        country = hint.get("country")
        if country:
            iso = country_code(country)
            if iso is None or iso not in COUNTRY_CODES:
                problems.append(
                    Problem(
                        str(path),
                        n,
                        hint_columns["country"],
                        country,
                        "not a country of the gazetteer; write an ISO3 code or a name ("
                        + ", ".join(sorted(COUNTRY_CODES))
                        + "), or leave the cell empty",
                    )
                )
            hint["country"] = iso
        for level in ("admin1", "admin2"):
            unit = hint.get(level)
            if unit and coder.unknown_unit(level, unit) is not None:
                unknown_units[(hint_columns[level], unit)] += 1
        todo.append(hint)
    if problems:
        raise Failure(str(DataError(problems)))
    for (col, value), count in sorted(unknown_units.items()):
        rows_text = "1 row" if count == 1 else f"{count} rows"
        echo(
            f"{path}: column {col}: {shown(value)} is no unit the gazetteer knows ({rows_text}); such rows are "
            "answered with the places of the name outside it, as candidates",
            err=True,
        )
    return [coder.hinted(**hint)(name) for name, hint in zip(names, todo, strict=True)]


@main.command(context_settings=CONTEXT)
@click.argument("names", nargs=-1)
@click.option("--country", metavar="ISO3", help="Only places in this country (ISO 3166-1 alpha-3, e.g. NER).")
@click.option("--admin1", metavar="REGION", help="Only places in this admin-1 region (e.g. Tillabéri).")
@click.option("--admin2", metavar="UNIT", help="Only places in this admin-2 unit (cercle, department, province).")
@click.option(
    "--file",
    "csv_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Geocode a column of this CSV file (with --column).",
)
@click.option("--column", help="The column of --file that holds the place names.")
@click.option("--country-column", metavar="COLUMN", help="The column of --file that holds each row's country hint.")
@click.option("--admin1-column", metavar="COLUMN", help="The column of --file that holds each row's admin-1 hint.")
@click.option("--admin2-column", metavar="COLUMN", help="The column of --file that holds each row's admin-2 hint.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per query, in query order.")
@click.option(
    "--gazetteer",
    "gazetteers",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also look names up in this file: a CSV of name, lat, lon (optional country, admin1, alt_names, "
    "source), or an ACLED or UCDP export (its rows located at the place itself). Repeatable.",
)
@data_option
def geocode(
    names: tuple[str, ...],
    country: str | None,
    admin1: str | None,
    admin2: str | None,
    csv_file: Path | None,
    column: str | None,
    country_column: str | None,
    admin1_column: str | None,
    admin2_column: str | None,
    as_json: bool,
    gazetteers: tuple[Path, ...],
    data_dir: Path,
) -> None:
    """Geocode place NAMES (or a CSV column) against the gazetteer, saying how sure each answer is.

    Hints narrow the answers: --country, --admin1 and --admin2 for every query, or a file's own columns per row
    (--country-column, --admin1-column, --admin2-column; a row's empty cell leaves the option's hint). A hint that
    leaves a name no place answers with the places of that name outside it, as candidates.

    Exit 0 when every query resolved; 1 when any is ambiguous or unresolved (the answers are
    still printed).
    """
    from geo.geocode import COUNTRY_CODES, format_table, make_geocoder, read_columns

    hint_columns = {"country": country_column, "admin1": admin1_column, "admin2": admin2_column}
    if csv_file and names:
        raise click.UsageError("give NAMES or --file, not both")
    if not csv_file and any(hint_columns.values()):
        raise click.UsageError("--country-column, --admin1-column and --admin2-column read --file")
    rows: list[tuple[str, ...]] = []
    if csv_file:
        if not column:
            raise click.UsageError("--file needs --column, the column that holds the names")
        wanted = [column, *(c for c in hint_columns.values() if c)]
        try:
            rows = read_columns(csv_file, wanted)
        except LiptakoError as exc:
            raise Failure(str(exc)) from None
        names = tuple(r[0] for r in rows)
    if not names:
        raise click.UsageError("give at least one NAME, or --file FILE.csv --column COLUMN")
    code = _country_codes((country,))[0] if country else None
    if code and code not in COUNTRY_CODES:
        raise click.BadParameter(
            f"{shown(country)} ({code}) has no places in the gazetteer; use one of {', '.join(sorted(COUNTRY_CODES))}",
            param_hint="--country",
        )
    try:
        coder = make_geocoder(data_dir, country=code, admin1=admin1, admin2=admin2, gazetteers=gazetteers)
    except DataError as exc:
        raise Failure(str(exc)) from None
    _check_unit_hints(coder, admin1=admin1, admin2=admin2)
    if any(hint_columns.values()):
        assert csv_file is not None  # hint columns without --file were refused above
        matches = _geocode_rows(coder, csv_file, names, rows, hint_columns)
    else:
        matches = coder.many(names)
    if as_json:
        click.echo(printable_json(json.dumps([m.to_dict() for m in matches], ensure_ascii=False, indent=1)))
    else:
        echo(format_table(matches))
    if any(not m.resolved for m in matches):
        sys.exit(1)


@main.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--store",
    "store_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The store folder (made if missing): build, stats and export read it with --store.",
)
@click.option(
    "--events-format",
    type=click.Choice(sorted(EVENT_FORMATS)),
    help="Read every file as this format instead of detecting it.",
)
@strict_option
@accessed_option
@data_option
@region_option
def ingest(
    files: tuple[Path, ...], store_dir: Path, events_format, strict, accessed, data_dir: Path, region: Region
) -> None:
    """Import, geocode and analyse ACLED, UCDP GED or records FILES once, into a Parquet store (partitioned by
    country and year, GeoParquet metadata) that `build`, `stats` and `export` read with --store. A file ingested
    again replaces its events (by format and source id) and its report; the store is rewritten whole or not at
    all.
    """
    from geo import store as store_mod

    ds = _load(data_dir, region)
    try:
        reports, total, replaced = store_mod.ingest(
            ds, list(files), store_dir, fmt=events_format, strict=strict, accessed=accessed, region=region,
            window=_window(),
        )  # fmt: skip
    except LiptakoError as exc:
        raise Failure(f"{exc}\nThe store was left as it was.") from None
    for r in reports:
        echo(r.summary(), err=True)
    echo(
        f"{store_dir}: {total} events stored"
        + (f"; {replaced} stored events replaced by the same events of the files ingested now" if replaced else "")
    )


@main.command(context_settings=CONTEXT)
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--date",
    "published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Publication date (YYYY-MM-DD), that relative dates resolve against; a .txt needs it.",
)
@click.option("--lang", type=click.Choice(["auto", "fr", "en"]), default="auto", show_default=True)
@click.option("--url", help="The article's address, for its source row.")
@click.option("--publisher", help="Who published the article, for its source row (a saved page's own name otherwise).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the draft records (CSV) here.")
@click.option("--json", "as_json", is_flag=True, help="Print the mentions and draft records as one JSON object.")
@click.option(
    "--map",
    "map_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a review page (HTML): the mentions on a map, each draft with its sentence, places marked.",
)
@data_option
def draft(
    article: Path,
    published,
    lang: str,
    url: str | None,
    publisher: str | None,
    out: Path | None,
    as_json: bool,
    map_path: Path | None,
    data_dir: Path,
) -> None:
    """Draft records from a news report (ARTICLE: a .txt, or a saved .html page): the places it names, resolved
    with the sentence as context, and one draft per sentence that reports an event, each with the reasons a human
    must review it. Nothing enters the data until `liptako accept` takes the reviewed rows.
    """
    from geo.boundaries import load_boundaries
    from geo.draft.article import read_article
    from geo.draft.draft import draft as make_draft
    from geo.draft.files import drafts_csv
    from geo.draft.places import PlaceFinder
    from geo.draft.review import review_html
    from geo.export import write_all
    from geo.gazetteer import data_file
    from geo.geocode import make_geocoder

    if out is None and not as_json and map_path is None:
        raise click.UsageError("give --out drafts.csv, --map review.html, --json, or several")
    try:
        art = read_article(article, date=published.date() if published else None, url=url, publisher=publisher)
        boundaries = load_boundaries(data_file(data_dir, "boundaries"))
        finder = PlaceFinder(make_geocoder(data_dir), boundaries)
        result = make_draft(art, finder, lang=None if lang == "auto" else lang)
        outputs: list[tuple[str | os.PathLike, bytes | str]] = []
        if out is not None:
            outputs.append((out, drafts_csv(result)))
        if map_path is not None:
            outputs.append((map_path, review_html(result, boundaries)))
        write_all(outputs)
    except LiptakoError as exc:
        raise Failure(str(exc)) from None
    if as_json:
        click.echo(printable_json(json.dumps(result.to_dict(), ensure_ascii=False, indent=1)))
    placed = sum(m.placed for m in result.mentions)
    review = sum(bool(r.review) for r in result.records)
    echo(
        f"{article}: {len(result.mentions)} place mentions ({placed} placed), {len(result.records)} draft records "
        f"({review} to review)" + "".join(f"; wrote {p}" for p, _ in outputs),
        err=True,
    )


@main.command(context_settings=CONTEXT)
@click.argument("drafts", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--only", "only", multiple=True, metavar="ID", help="Accept only this draft id (repeatable).")
@data_option
def accept(drafts: Path, only: tuple[str, ...], data_dir: Path) -> None:
    """Append reviewed draft records (DRAFTS: a file `liptako draft --out` wrote, then edited) to records.csv, and
    their source to sources.csv: all of them or none. A row is accepted only when its `review` cell has been
    emptied, its cells pass records.csv's checks and every place it names is placed by the data's gazetteer.
    """
    from geo.draft.files import accept as accept_drafts
    from geo.geocode import make_geocoder

    try:
        done = accept_drafts(drafts, data_dir, only=only, geocoder=make_geocoder(data_dir, bulk=False))
    except LiptakoError as exc:
        raise Failure(f"{exc}\nNothing was written.") from None
    echo(
        f"accepted {len(done.records)} record(s) into {data_dir / 'records.csv'}: {', '.join(done.records)}"
        + (f"; added source(s) {', '.join(done.sources)} to {data_dir / 'sources.csv'}" if done.sources else "")
    )


if __name__ == "__main__":
    main()
