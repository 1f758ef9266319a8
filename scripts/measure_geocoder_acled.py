"""Measure the geocoder on the precisely located names of real ACLED exports (issue 23's metric).

  python scripts/measure_geocoder_acled.py EXPORT.csv [EXPORT.csv ...] [--no-bulk] [--admin1] [--wrong]
      [--gazetteer-before YYYY-MM-DD] [--json]

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

``--gazetteer-before DATE`` measures the user's own earlier export as a gazetteer (issue 23's third goal): the
precisely located rows dated (``event_date``) before DATE are passed to the geocoder as the user's gazetteer, as
``liptako geocode --gazetteer`` would read them (``gazetteers=`` of ``make_geocoder``), and only the names of
the rows dated on or after DATE are measured (held out), once without that gazetteer and once with it. The
gazetteer reader takes whole files, so the earlier rows are written to a temporary CSV (name, lat, lon, country,
admin1: the simple format of docs/geocoding.md, "Your own gazetteer") in a temporary folder, deleted after the
run. ``--json`` prints the counts as JSON instead of the tables.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from geo import vocab  # noqa: E402  (after the path set-up above)
from geo.checks import THREE_COUNTRIES  # noqa: E402
from geo.geocode import Geocoder, make_geocoder  # noqa: E402
from geo.importers.acled import DATE_FORMATS  # noqa: E402
from geo.names import normalize  # noqa: E402
from geo.placecheck import km  # noqa: E402

RIGHT_KM = 5.0
WRONG_KM = 25.0
OUTCOMES = ("right", "placed 5-25 km", "wrong > 25 km", "ambiguous", "unresolved")


def precise_rows(paths: list[Path]) -> Iterator[tuple[str, str, str, float, float, dt.date | None]]:
    """(location, ISO3 country, ACLED's admin-1, lat, lon, event day or None) of every row with geo_precision 1
    in a country the gazetteer covers, in file order."""
    names = {k.casefold(): v for k, v in vocab.COUNTRY_WORDS.items()}
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
                    lat, lon = float(row["latitude"]), float(row["longitude"])
                except (KeyError, ValueError):
                    continue
                yield name, iso, (row.get("admin1") or "").strip(), lat, lon, day(row.get("event_date") or "")


def day(text: str) -> dt.date | None:
    """An ACLED event_date in any of the layouts the importer reads, else None."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def pairs(
    paths: list[Path], *, admin1: bool = False, since: dt.date | None = None
) -> dict[tuple[str, str, str], tuple[float, float]]:
    """(location, ISO3 country, admin-1 or "") -> ACLED's coordinates, for the rows with geo_precision 1 (first
    row wins). The admin-1 is ACLED's own, kept only with ``admin1`` (for the hinted measure). With ``since``,
    only the rows dated on or after that day (a row without a readable date is left out)."""
    out: dict[tuple[str, str, str], tuple[float, float]] = {}
    for name, iso, region, lat, lon, when in precise_rows(paths):
        if since is not None and (when is None or when < since):
            continue
        region = vocab.ADMIN1_SPELLINGS.get(region, region) if admin1 else ""
        out.setdefault((name, iso, region), (lat, lon))
    return out


def earlier_gazetteer(paths: list[Path], before: dt.date, folder: Path) -> tuple[Path, Counter, set[tuple[str, str]]]:
    """The precisely located rows dated before ``before`` as a gazetteer CSV (name, lat, lon, country, admin1) in
    ``folder``, as ``liptako geocode --gazetteer`` would read the export itself (its admin-1 as ACLED spells it);
    counts of the rows written and of those left out (no readable date, outside the region's box); and the
    (folded name, ISO3) pairs it holds."""
    out = folder / f"gazetteer-before-{before.isoformat()}.csv"
    counts: Counter = Counter()
    known: set[tuple[str, str]] = set()
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "lat", "lon", "country", "admin1"])
        for name, iso, region, lat, lon, when in precise_rows(paths):
            if when is None:
                counts["no readable event_date"] += 1
            elif when >= before:
                continue
            elif THREE_COUNTRIES.why_outside(lat, lon):
                counts["outside the region"] += 1
            else:
                writer.writerow([name, lat, lon, iso, region])
                counts["rows"] += 1
                known.add((normalize(name), iso))
    return out, counts, known


def measure(todo: dict[tuple[str, str, str], tuple[float, float]], *, bulk: bool = True, gazetteers=()):
    """Counts per outcome, counts per (outcome, layer) and the confidently wrong answers; ``gazetteers``: the
    user's own files, as ``liptako geocode --gazetteer`` passes them."""
    coders: dict[tuple[str, str], Geocoder] = {}
    counts: Counter = Counter()
    layers: Counter = Counter()
    offered: Counter = Counter()
    wrong = []
    for (name, iso, region), (lat, lon) in sorted(todo.items()):
        coder = coders.get((iso, region))
        if coder is None:
            coder = coders[(iso, region)] = make_geocoder(
                ROOT / "data", country=iso, admin1=region or None, bulk=bulk, gazetteers=gazetteers
            )
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


def as_json(counts: Counter, layers: Counter) -> dict:
    """The counts of one measure as a JSON object: total, per outcome, and placed answers per layer."""
    return {
        "total": sum(counts.values()),
        "outcomes": {o: counts[o] for o in OUTCOMES},
        "offered": {"alone": layers[("offered", "alone")], "among others": layers[("offered", "among others")]},
        "placed_by_layer": {
            t: {o: layers[(o, t)] for o in OUTCOMES[:3]} for t in sorted({t for o, t in layers if o != "offered"})
        },
    }


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; give it as YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("exports", nargs="+", type=Path, help="ACLED export CSV files")
    parser.add_argument("--no-bulk", action="store_true", help="without the whole-region GeoNames layer")
    parser.add_argument("--admin1", action="store_true", help="pass each row's ACLED admin-1 as the hint too")
    parser.add_argument("--wrong", action="store_true", help="list the confidently wrong answers")
    parser.add_argument(
        "--gazetteer-before",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="the rows dated before this day are the user's gazetteer; the names of the later rows are measured, "
        "without and with it",
    )
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    before = args.gazetteer_before
    todo = pairs(args.exports, admin1=args.admin1, since=before)
    if before is None:
        counts, layers, wrong = measure(todo, bulk=not args.no_bulk)
        if args.json:
            print(json.dumps(as_json(counts, layers), indent=2))
        else:
            print(table(counts, layers))
        wrongs = {"": wrong}
    else:
        with tempfile.TemporaryDirectory(prefix="liptako-measure-") as tmp:
            gazetteer, written, known = earlier_gazetteer(args.exports, before, Path(tmp))
            runs = {
                "without": measure(todo, bulk=not args.no_bulk),
                "with": measure(todo, bulk=not args.no_bulk, gazetteers=[gazetteer]),
            }
        in_gazetteer = sum((normalize(name), iso) in known for name, iso, _ in todo)
        if args.json:
            out = {
                "gazetteer_before": before.isoformat(),
                "gazetteer_rows": written["rows"],
                "left_out": {k: v for k, v in written.items() if k != "rows"},
                "held_out_in_gazetteer": in_gazetteer,
            }
            out |= {f"{k}_gazetteer": as_json(c, la) for k, (c, la, _) in runs.items()}
            print(json.dumps(out, indent=2))
        else:
            left = ", ".join(f"{v} {k}" for k, v in written.items() if k != "rows") or "none"
            print(
                f"Held out: the names of the rows dated on or after {before}; gazetteer: the {written['rows']} "
                f"precisely located rows dated before it (left out: {left}). {in_gazetteer} of the {len(todo)} "
                "held-out names are in it (same folded name and country)."
            )
            for k, (c, la, _) in runs.items():
                print(f"\n## {k} the earlier rows as --gazetteer\n")
                print(table(c, la))
        wrongs = {f"{k} gazetteer: ": w for k, (_, _, w) in runs.items()}
    if args.wrong:
        for prefix, wrong in wrongs.items():
            print(file=sys.stderr if args.json else sys.stdout)
            for w in wrong:
                print(f"{prefix}wrong:", *w, file=sys.stderr if args.json else sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
