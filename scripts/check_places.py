"""Check that every shipped coordinate is defensible; exit 1 listing every problem.

  python scripts/check_places.py [--data DIR]

Checks ``places.csv`` against ``place_sources.csv`` and the boundary layers (``geo/placecheck.py``
says what is checked), and every row of the GeoNames extract ``geonames_region.csv`` with the same
point checks that ``scripts/build_geonames_extract.py`` applies when it rebuilds it. Run by the
tests (``tests/test_check_places.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from geo.boundaries import load_boundaries  # noqa: E402  (after the path set-up above)
from geo.errors import Problem  # noqa: E402
from geo.gazetteer import GEONAMES_COLUMNS, PLACE_COLUMNS, read_places  # noqa: E402
from geo.placecheck import Polygons, check_places, extract_failures, origin_counts, read_sources  # noqa: E402
from geo.tables import Table  # noqa: E402


def extract_problems(path: Path, polygons: Polygons, places, observations) -> list[Problem]:
    table = Table(path, GEONAMES_COLUMNS)
    rows = [v for _, v in table]
    lines = [row for row, _ in table]
    failing = extract_failures(rows, polygons, places, observations)
    return list(table.problems) + [
        Problem(
            str(path),
            lines[i],
            "geonameid",
            rows[i]["geonameid"],
            f"GeoNames {rows[i]['geonameid']} {rows[i]['name']}: {why}; rebuild the extract with "
            "scripts/build_geonames_extract.py, which drops such rows",
        )
        for i, why in sorted(failing.items())
    ]


def run(data: Path, boundaries: Path | None = None) -> tuple[list[Problem], dict]:
    """(problems, summary) for the gazetteer files in ``data``."""
    polygons = Polygons(load_boundaries(boundaries or data / "boundaries"))
    places_file, sources_file = data / "places.csv", data / "place_sources.csv"
    places, problems = read_places(places_file, sources=None)
    observations, more = read_sources(sources_file)
    problems += more
    rows = _rows(places_file)
    problems += check_places(
        places, observations, polygons, places_file=str(places_file), sources_file=str(sources_file), rows=rows
    )
    extract = data / "geonames_region.csv"
    if extract.exists():
        problems += extract_problems(extract, polygons, places, observations)
    counts = origin_counts(observations)
    confirmed = sum(1 for p in places if counts.get(p.id, 0) >= 2)
    summary = {
        "places": len(places),
        "confirmed": confirmed,
        "single_source": len(places) - confirmed,
        "sources": len(observations),
    }
    return problems, summary


def _rows(path: Path) -> dict[str, int]:
    table = Table(path, ["id"], optional=PLACE_COLUMNS)  # only the ids and their rows are needed
    return {v.get("id", ""): row for row, v in table}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "data", help="folder with places.csv, place_sources.csv, ...")
    args = ap.parse_args(argv)
    problems, summary = run(args.data)
    for p in problems:
        print(p)
    print(
        f"{summary['places']} places: {summary['confirmed']} confirmed by two independent origins, "
        f"{summary['single_source']} single-source; {summary['sources']} source rows; "
        f"{len(problems)} problem(s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
