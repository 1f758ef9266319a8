"""Measure the geocoder on the labelled set and pick the fuzzy threshold.

  python scripts/tune_geocoder.py            # figures at the shipped threshold
  python scripts/tune_geocoder.py --sweep    # figures for thresholds 70..98

A *wrong* answer is a place other than the expected one with a status that claims a place
(exact, alias, fuzzy, approximate). The threshold to ship is the lowest one with no wrong answer
(lower thresholds resolve more typos).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from geo.gazetteer import load_geonames, load_places  # noqa: E402  (after the path set-up above)
from geo.geocode import FUZZY_THRESHOLD, Geocoder  # noqa: E402
from geo.placecheck import km  # noqa: E402

LABELLED = ROOT / "tests" / "geocode_labelled.csv"


def evaluate(threshold: float) -> dict:
    curated = load_places(ROOT / "data" / "places.csv")
    geonames = load_geonames(ROOT / "data" / "geonames_region.csv")
    coders: dict[str | None, Geocoder] = {}
    by_id = {g.id: g for g in geonames}
    counts: Counter = Counter()
    wrong = []
    with open(LABELLED, encoding="utf-8") as fh:
        labelled = list(csv.DictReader(fh))
    for row in labelled:
        country = row["country"] or None
        gc = coders.setdefault(country, Geocoder(curated, geonames, country=country, threshold=threshold))
        m = gc(row["query"])
        expected, cat = row["expected"], row["category"]
        counts[cat] += 1
        got = m.place.id if m.place else m.status.upper()
        # A curated row of the same GeoNames place (its id, or within 5 km) is the expected place.
        gn = by_id.get(expected)
        same = (
            m.place is not None
            and gn is not None
            and (m.place.geonames_id == gn.geonames_id or km(m.place.lat, m.place.lon, gn.lat, gn.lon) <= 5)
        )
        # Unhinted, a typo is offered among the candidates, never claimed (geo/geocode.py).
        offered = cat == "typo" and m.status == "ambiguous" and expected in {c.id for c in m.candidates}
        if got == expected or same or offered:
            counts[f"{cat}_ok"] += 1
        elif m.place is not None:
            wrong.append((row["query"], expected, got, m.status, m.score))
    variants = counts["variant"] + counts["typo"]
    return {
        "threshold": threshold,
        "queries": sum(counts[c] for c in ("variant", "typo", "homonym", "unresolved")),
        "variants_resolved": (counts["variant_ok"] + counts["typo_ok"]) / variants,
        "spelling_variants": counts["variant_ok"] / counts["variant"],
        "typos": counts["typo_ok"] / counts["typo"],
        "homonyms": counts["homonym_ok"] / counts["homonym"],
        "kept_unresolved": counts["unresolved_ok"] / counts["unresolved"],
        "wrong": wrong,
    }


def show(r: dict) -> None:
    print(
        f"threshold {r['threshold']:g}: {r['queries']} queries; variants+typos resolved {r['variants_resolved']:.1%} "
        f"(spellings {r['spelling_variants']:.1%}, typos {r['typos']:.1%}); homonyms {r['homonyms']:.1%}; "
        f"kept unresolved {r['kept_unresolved']:.1%}; wrong places {len(r['wrong'])}"
    )
    for w in r["wrong"]:
        print("   wrong:", w)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    for t in range(70, 99, 2) if args.sweep else [FUZZY_THRESHOLD]:
        show(evaluate(float(t)))


if __name__ == "__main__":
    main()
