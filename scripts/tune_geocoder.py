"""Measure the geocoder on the labelled set and pick the fuzzy threshold.

  python scripts/tune_geocoder.py            # figures at the shipped threshold
  python scripts/tune_geocoder.py --sweep    # figures for thresholds 70..98
  python scripts/tune_geocoder.py --truth    # the shipped geocoder on tests/geocode_truth.csv, with and without hints

``--truth`` runs ``liptako geocode``'s geocoder (every layer, the whole-region one included) on the committed
truth list of real names (ACLED and GeoNames points within 5 km of each other), once with each name's country as
the hint and once with no hint, and scores the answers as scripts/measure_geocoder_acled.py does (right within
5 km; wrong beyond 25 km and beyond the answer's own radius).

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
from scripts.measure_geocoder_acled import measure, table  # noqa: E402

LABELLED = ROOT / "tests" / "geocode_labelled.csv"
TRUTH = ROOT / "tests" / "geocode_truth.csv"


def truth(hinted: bool):
    """Counts per outcome, counts per layer and the wrong answers of the shipped geocoder on the truth list."""
    with open(TRUTH, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    todo = {(r["query"], r["country"] if hinted else "", ""): (float(r["lat"]), float(r["lon"])) for r in rows}
    return measure(todo)


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
    parser.add_argument("--truth", action="store_true", help="the shipped geocoder on the truth list")
    args = parser.parse_args()
    if args.truth:
        for hinted in (True, False):
            counts, layers, wrong = truth(hinted)
            print(f"## {'country hint' if hinted else 'no hint'}\n")
            print(table(counts, layers))
            print(*(f"wrong: {w}" for w in wrong), sep="\n")
            print()
        return
    for t in range(70, 99, 2) if args.sweep else [FUZZY_THRESHOLD]:
        show(evaluate(float(t)))


if __name__ == "__main__":
    main()
