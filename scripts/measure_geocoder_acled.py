"""Measure the geocoder on the precisely located names of real ACLED exports (issue 23's metric).

  python scripts/measure_geocoder_acled.py EXPORT.csv [EXPORT.csv ...] [--no-bulk] [--admin1] [--wrong]

For the distinct (location, country) pairs of the rows with ``geo_precision`` 1, the location is geocoded with
the country as hint and the answer compared with ACLED's own coordinates (those of the pair's first row):

- right: placed within 5 km;
- placed 5-25 km: placed more than 5 and at most 25 km away (or within the answer's own stated radius);
- wrong > 25 km: placed more than 25 km away and beyond the answer's own radius (confidently wrong);
- ambiguous: candidates offered, none claimed;
- unresolved: no candidate.

ACLED often copies GeoNames points, so agreement with ACLED is not independent evidence for an answer taken
from GeoNames; it is the issue's metric all the same. The exports are ACLED's data: read them where they are,
never commit them or copy rows into the repository. ``--no-bulk`` measures without the whole-region layer
(the geocoder as it was before it); ``--admin1`` passes each row's admin-1 as a hint as well (distinct
triples then); ``--wrong`` lists the confidently wrong answers.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from geo import vocab  # noqa: E402  (after the path set-up above)
from geo.geocode import Geocoder, make_geocoder  # noqa: E402
from geo.placecheck import km  # noqa: E402

RIGHT_KM = 5.0
WRONG_KM = 25.0
OUTCOMES = ("right", "placed 5-25 km", "wrong > 25 km", "ambiguous", "unresolved")


def pairs(paths: list[Path], *, admin1: bool = False) -> dict[tuple[str, str, str], tuple[float, float]]:
    """(location, ISO3 country, admin-1 or "") -> ACLED's coordinates, for the rows with geo_precision 1 (first
    row wins). The admin-1 is ACLED's own, kept only with ``admin1`` (for the hinted measure)."""
    names = {k.casefold(): v for k, v in vocab.COUNTRY_WORDS.items()}
    out: dict[tuple[str, str, str], tuple[float, float]] = {}
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if (row.get("geo_precision") or "").strip() != "1":
                    continue  # also the HXL tag row of HDX exports
                iso = (row.get("iso3") or "").strip() or names.get((row.get("country") or "").strip().casefold(), "")
                name = (row.get("location") or "").strip()
                if not name or iso not in vocab.GAZETTEER_COUNTRIES:
                    continue
                try:
                    point = (float(row["latitude"]), float(row["longitude"]))
                except (KeyError, ValueError):
                    continue
                region = (row.get("admin1") or "").strip() if admin1 else ""
                out.setdefault((name, iso, vocab.ADMIN1_SPELLINGS.get(region, region)), point)
    return out


def measure(todo: dict[tuple[str, str, str], tuple[float, float]], *, bulk: bool = True):
    """Counts per outcome, counts per (outcome, layer) and the confidently wrong answers."""
    coders: dict[tuple[str, str], Geocoder] = {}
    counts: Counter = Counter()
    layers: Counter = Counter()
    offered: Counter = Counter()
    wrong = []
    for (name, iso, region), (lat, lon) in sorted(todo.items()):
        coder = coders.get((iso, region))
        if coder is None:
            coder = coders[(iso, region)] = make_geocoder(ROOT / "data", country=iso, admin1=region or None, bulk=bulk)
        m = coder(name)
        if m.place is None:
            outcome = "ambiguous" if m.status == "ambiguous" else "unresolved"
            if any(km(lat, lon, c.lat, c.lon) <= RIGHT_KM for c in m.candidates):
                offered[len(m.candidates) == 1] += 1
        else:
            d = km(lat, lon, m.place.lat, m.place.lon)
            if d <= RIGHT_KM:
                outcome = "right"
            elif d <= max(WRONG_KM, m.place.radius_km):
                outcome = "placed 5-25 km"
            else:
                outcome = "wrong > 25 km"
                wrong.append((name, iso, m.status, m.place.name, m.place.tier, round(d)))
            layers[(outcome, m.place.tier)] += 1
        counts[outcome] += 1
    layers[("offered", "alone")] = offered[True]
    layers[("offered", "among others")] = offered[False]
    return counts, layers, wrong


def table(counts: Counter, layers: Counter) -> str:
    total = sum(counts.values())
    lines = [f"{total} distinct (location, country[, admin-1]) with geo_precision 1", "", "| outcome | names | share |"]
    lines.append("|---|---|---|")
    for o in OUTCOMES:
        lines.append(f"| {o} | {counts[o]} | {100 * counts[o] / max(total, 1):.1f}% |")
    lines.append("")
    lines.append(
        f"ambiguous answers offering a candidate within {RIGHT_KM:g} km: {layers[('offered', 'alone')]} as the only"
        f" candidate, {layers[('offered', 'among others')]} among others"
    )
    tiers = sorted({t for o, t in layers if o != "offered"})
    if tiers:
        lines += ["", "placed answers by layer:", "", "| layer | " + " | ".join(OUTCOMES[:3]) + " |"]
        lines.append("|---|" + "---|" * 3)
        for t in tiers:
            lines.append(f"| {t} | " + " | ".join(str(layers[(o, t)]) for o in OUTCOMES[:3]) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("exports", nargs="+", type=Path, help="ACLED export CSV files")
    parser.add_argument("--no-bulk", action="store_true", help="without the whole-region GeoNames layer")
    parser.add_argument("--admin1", action="store_true", help="pass each row's ACLED admin-1 as the hint too")
    parser.add_argument("--wrong", action="store_true", help="list the confidently wrong answers")
    args = parser.parse_args(argv)
    counts, layers, wrong = measure(pairs(args.exports, admin1=args.admin1), bulk=not args.no_bulk)
    print(table(counts, layers))
    if args.wrong:
        print()
        for w in wrong:
            print("wrong:", *w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
