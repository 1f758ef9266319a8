"""The ``liptako`` command line: a thin layer over :mod:`geo` that picks paths, prints and exits.

Exit codes: 0 success; 1 a problem with the data or the output (the message says what and how
to fix it); 2 a usage error (click's own).
"""

from __future__ import annotations

from pathlib import Path

import json
import sys

import click

import geo
from geo.errors import DataError, LiptakoError
from geo.geocode import COUNTRY_CODES, format_table, make_geocoder, read_column

ROOT = Path(__file__).resolve().parent
DEFAULT_OUT = ROOT / "maps" / "liptako-gourma.html"
CONTEXT = {"help_option_names": ["-h", "--help"]}

data_option = click.option(
    "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=geo.DEFAULT_DATA,
    show_default="the project's data/", help="Folder with places.csv, sources.csv, records.csv and boundaries/.",
)


def _load(data_dir: Path) -> geo.Dataset:
    if not data_dir.is_dir():
        raise click.ClickException(f"data folder {data_dir} does not exist; pass --data with the folder that holds places.csv")
    try:
        return geo.load(data_dir)
    except DataError as exc:
        raise click.ClickException(f"{exc}\nNothing was written. Fix the rows above and run the command again.") from None


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="liptako")
def main() -> None:
    """Sourced, offline maps of the Liptako-Gourma tri-border region (Mali, Niger, Burkina Faso)."""


@main.command(context_settings=CONTEXT)
@data_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default="maps/liptako-gourma.html", help="Where to write the map (HTML, one self-contained file).")
def build(data_dir: Path, out: Path) -> None:
    """Check the data and regenerate the map.

    The map is written to a temporary file and renamed into place, so a failed run
    leaves the previous map untouched.
    """
    ds = _load(data_dir)
    try:
        path = geo.write_atomic(out, geo.render_html(ds))
    except LiptakoError as exc:
        raise click.ClickException(str(exc)) from None
    for problem in ds.unresolved_problems():
        click.echo(f"not placed: {problem}", err=True)
    n_rec = ds.placements["record_id"].nunique()
    approx = ds.placements[ds.placements["precision"] != "point"]
    click.echo(f"{len(ds.places)} places, {len(ds.records)} records ({n_rec} on the map, {len(ds.unplaced)} without a place)")
    if len(approx):
        click.echo(f"{approx['record_id'].nunique()} records placed approximately: "
                   + ", ".join(sorted(set(approx["name"]))))
    click.echo(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")


@main.command(context_settings=CONTEXT)
@data_option
def validate(data_dir: Path) -> None:
    """Check every data file and print every problem; exit 1 if there is one."""
    ds = _load(data_dir)
    if ds.unresolved:
        raise click.ClickException(str(DataError(ds.unresolved_problems())))
    mismatched = ds.places[ds.places["ne_country"] != ds.places["country"]]
    click.echo(f"OK: {len(ds.places)} places, {len(ds.sources)} sources, {len(ds.records)} records; every place name resolves")
    for row in mismatched.itertuples():
        click.echo(f"note: {row.id} is listed in {row.country} but its point falls in "
                   f"{row.ne_country or 'no country'} on Natural Earth ({row.note or 'no note'})")


@main.command(context_settings=CONTEXT)
@click.argument("names", nargs=-1)
@click.option("--country", metavar="ISO3", help="Only places in this country (ISO 3166-1 alpha-3, e.g. NER).")
@click.option("--admin1", metavar="REGION", help="Only places in this admin-1 region (e.g. Tillabéri).")
@click.option("--file", "csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Geocode a column of this CSV file (with --column).")
@click.option("--column", help="The column of --file that holds the place names.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per query, in query order.")
@data_option
def geocode(names: tuple[str, ...], country: str | None, admin1: str | None, csv_file: Path | None,
            column: str | None, as_json: bool, data_dir: Path) -> None:
    """Geocode place NAMES (or a CSV column) against the gazetteer, saying how sure each answer is.

    Exit 0 when every query resolved; 1 when any is ambiguous or unresolved (the answers are
    still printed).
    """
    if csv_file and names:
        raise click.UsageError("give NAMES or --file, not both")
    if csv_file:
        if not column:
            raise click.UsageError("--file needs --column, the column that holds the names")
        try:
            names = tuple(read_column(csv_file, column))
        except LiptakoError as exc:
            raise click.ClickException(str(exc)) from None
    if not names:
        raise click.UsageError("give at least one NAME, or --file FILE.csv --column COLUMN")
    if country and country.upper() not in COUNTRY_CODES:
        raise click.BadParameter(f"{country!r} is not an ISO 3166-1 alpha-3 code of the gazetteer; "
                                 f"use one of {', '.join(sorted(COUNTRY_CODES))}", param_hint="--country")
    try:
        coder = make_geocoder(data_dir, country=country.upper() if country else None, admin1=admin1)
    except DataError as exc:
        raise click.ClickException(str(exc)) from None
    matches = coder.many(names)
    if as_json:
        click.echo(json.dumps([m.to_dict() for m in matches], ensure_ascii=False, indent=1))
    else:
        click.echo(format_table(matches))
    if any(not m.resolved for m in matches):
        sys.exit(1)


if __name__ == "__main__":
    main()
