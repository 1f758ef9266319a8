"""The ``liptako`` command line: a thin layer over :mod:`geo` that picks paths, prints and exits.

Exit codes: 0 success; 1 a problem with the data or the output (the message says what and how
to fix it); 2 a usage error (click's own).
"""

from __future__ import annotations

from pathlib import Path

import click

import geo
from geo.errors import DataError, LiptakoError

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
    mismatched = ds.places[ds.places["ne_country"] != ds.places["country"]]
    click.echo(f"OK: {len(ds.places)} places, {len(ds.sources)} sources, {len(ds.records)} records; every place name resolves")
    for row in mismatched.itertuples():
        click.echo(f"note: {row.id} is listed in {row.country} but its point falls in "
                   f"{row.ne_country or 'no country'} on Natural Earth ({row.note or 'no note'})")


if __name__ == "__main__":
    main()
