"""Measure ``liptako draft`` on the notes of real ACLED exports (issue 24's metric, on a held-out proxy).

  python scripts/measure_draft_acled.py EXPORT.csv [EXPORT.csv ...] [--sample N] [--seed S] [--since YYYY-MM-DD]
      [--wrong] [--json]

Each ACLED row's ``notes`` is a short report of one event (in English, sometimes French), coded by hand: a point
(``latitude``/``longitude``), the ``location`` it names, ``event_date``, ``event_type``/``sub_event_type``. The
rows with ``geo_precision`` 1, a note, a point and a readable date (dated on or after ``--since``) form the pool;
a seeded random sample of ``--sample`` rows of it (all of them with 0) is drafted, each note as an article of its
own (no title, published three days after the event, its language guessed as ``liptako draft`` guesses it), with
the finder ``liptako draft`` builds (every gazetteer layer, the shipped admin layers).

Place score, per row: the first mention whose text folds (:func:`geo.names.normalize`) to ACLED's ``location``
(an area mention, "la région de Tillabéri", also by its unit's name or its text without the area words), compared
with ACLED's point:

- right: placed within 5 km, or, for an area mention, inside its radius;
- placed 5-25 km: placed more than 5 and at most 25 km away (or within the mention's own radius);
- wrong > 25 km: placed more than 25 km away and beyond the mention's own radius (confidently wrong);
- ambiguous: candidates offered, none claimed; unresolved: no candidate (a capitalised word after a place cue);
- not found: no mention has the location's name. Told apart: the notes that do not spell the name at all (one
  to four words folding to it; ACLED's older notes often name no place), and those with a mention of it in a
  spelling only :func:`geo.names.loose_key` folds ("Diabali" for Diabaly). The table also gives each share of
  the notes that do spell the location (or had a mention of it).

Event score: a row is found when some draft record has the kind ACLED's types map to (the importer's mapping,
:data:`geo.vocab.ACLED_SUB_EVENT_TYPES` over :data:`geo.vocab.ACLED_EVENT_TYPES`) and a date span overlapping
``event_date``. The draft only writes the curated records' kinds (:data:`geo.vocab.RECORD_KINDS`: no battle,
explosion, strategic, protest or riot), so the share of rows whose kind it can write at all is given beside it,
and so is the looser match of a record of the same family of kinds (:data:`geo.vocab.KIND_FAMILIES`: an ACLED
"Battles" row drafted as an attack) with an overlapping date. Also: the share of notes with any record, the mean
number of records per note, and the time to draft (the finder's set-up apart; total and median per note).

The exports are ACLED's data: read them where they are, never commit them or copy rows or notes into the
repository. ``--wrong`` lists the confidently wrong mentions (event id, location, mention, status, the place it
was put at, its layer, km off); ``--json`` prints the figures as one JSON object (with ``--wrong``, the list too).

Measured on 2026-12-07 (this machine: 2 shared cores) on ACLED's Burkina Faso, Mali and Niger exports:

  python scripts/measure_draft_acled.py acled_bfa.csv acled_mli.csv acled_ner.csv [--since 2019-01-01]

All dates, the default sample (400 of the 5,359 rows with geo_precision 1 and a note; 398 guessed English, 2
French): location right 47.8%, placed 5-25 km 3.8%, wrong > 25 km 0.2%, ambiguous 10.8%, unresolved 4.0%, not
found 33.5% (116 of the 134 notes never spell the location; of the 284 that do, 67.3% right, 0.4% wrong). Event
found (the importer's kind, overlapping date) 19.5%; only 29.2% of the rows have a kind the draft can write at
all (battles, explosions, protests, riots and strategic developments are no record kind); same family of kinds
31.2%; any record 64.2%, 0.66 records per note. Drafting 1.25 s in all, 0.8 ms median per note (the first note
0.7 s, loading the whole-region layer), 0.14 s setting up the finder. ``--since 2019-01-01`` (400 of 2,287 rows;
ACLED's notes since then name the place and its admin units, "in VILLAGE (COMMUNE, PROVINCE)", which the draft
reads as hints): right 60.8%, placed 5-25 km 4.0%, wrong > 25 km 1.2%, ambiguous 13.8%, unresolved 8.0%, not
found 12.2% (of the 378 notes spelling it, 64.3% right); event found 35.5% (reachable 43.2%, same family 54.8%,
of Violence against civilians 141 of 171); any record 67.5%. Every row (``--sample 0``, 5,359 notes): right
48.6%, placed 5-25 km 3.7%, wrong > 25 km 0.8% (43 rows, many ACLED's own points: Zinder 27 km from ACLED's
point, Sikasso 39 km, Goundam 754 km off because ACLED's longitude lacks its minus sign), ambiguous 11.4%,
unresolved 4.2%, not found 31.3% (of the 3,917 notes spelling the location: 66.5% right, 1.1% wrong); event
found 17.7%, and 61.7% of the 1,534 rows whose kind the draft can write (Violence against civilians: 936 of
1,482); any record 61.7%, 0.64 per note; 6.3 s drafting. (Before the draft read the units written beside a
name and left a country across a border out: 46.5%, 57.2% and 47.3% right.)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from geo import vocab  # noqa: E402  (after the path set-up above)
from geo.boundaries import load_boundaries  # noqa: E402
from geo.dates import parse_span  # noqa: E402
from geo.draft.article import Article  # noqa: E402
from geo.draft.draft import Draft, draft  # noqa: E402
from geo.draft.places import Mention, PlaceFinder  # noqa: E402
from geo.gazetteer import data_file  # noqa: E402
from geo.geocode import make_geocoder  # noqa: E402
from geo.names import loose_key, normalize  # noqa: E402
from geo.placecheck import km  # noqa: E402
from scripts.measure_geocoder_acled import RIGHT_KM, WRONG_KM, date_arg, day  # noqa: E402

OUTCOMES = ("right", "placed 5-25 km", "wrong > 25 km", "ambiguous", "unresolved", "not found")
PUBLISHED_AFTER = dt.timedelta(days=3)  # the note, as a report published three days after the event
SAMPLE = 400
SEED = 24
# Words of an area mention that are not the unit's name: "la région de Tillabéri", "the Menaka region".
_AREA_WORDS = frozenset(
    normalize(w)
    for w in [
        "region",
        "regions",
        "région",
        "régions",
        "province",
        "provinces",
        "cercle",
        "cercles",
        "department",
        "departments",
        "département",
        "départements",
        "of",
        "the",
        "de",
        "du",
        "des",
        "la",
        "le",
        "l",
        "d",
    ]
)
_LETTERS = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_FAMILY = {kind: family for family, kinds in vocab.KIND_FAMILIES.items() for kind in kinds}


@dataclass(frozen=True)
class Row:
    """One precisely located ACLED event with a note: what the draft is scored against."""

    event: str
    location: str
    lat: float
    lon: float
    day: dt.date
    kind: str | None  # the importer's kind for its event type, None for a type it does not know
    event_type: str
    notes: str


def acled_kind(event_type: str, sub_event_type: str) -> str | None:
    """The record kind of an ACLED row, as the importer maps it (geo/importers/acled.py): the sub-event type's
    kind when it has one, else the event type's."""
    return vocab.ACLED_SUB_EVENT_TYPES.get(sub_event_type.strip()) or vocab.ACLED_EVENT_TYPES.get(event_type.strip())


def pool(paths: list[Path], since: dt.date | None = None) -> list[Row]:
    """The rows with geo_precision 1, a non-empty note, a point and a readable event_date (on or after ``since``),
    in file order."""
    out = []
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if (row.get("geo_precision") or "").strip() != "1":
                    continue  # also the HXL tag row of HDX exports
                notes, location = (row.get("notes") or "").strip(), (row.get("location") or "").strip()
                when = day(row.get("event_date") or "")
                if not notes or not location or when is None or (since is not None and when < since):
                    continue
                try:
                    lat, lon = float(row["latitude"]), float(row["longitude"])
                except (KeyError, TypeError, ValueError):
                    continue
                typ, sub = row.get("event_type") or "", row.get("sub_event_type") or ""
                event = (row.get("event_id_cnty") or "").strip()
                out.append(Row(event, location, lat, lon, when, acled_kind(typ, sub), typ.strip(), notes))
    return out


def sample(rows: list[Row], n: int, seed: int = SEED) -> list[Row]:
    """``n`` rows drawn at random with ``seed`` (every row when ``n`` is 0 or above the pool), in pool order."""
    if n <= 0 or n >= len(rows):
        return list(rows)
    return [rows[i] for i in sorted(random.Random(seed).sample(range(len(rows)), n))]


def keys(m: Mention) -> set[str]:
    """The folded names a mention answers to: its text; for an area, also its unit's name and its text without
    the area words ("région de Tillabéri" is Tillabéri)."""
    out = {normalize(m.text)}
    if m.status == vocab.AREA_KIND:
        out.add(normalize("".join(w for w in _LETTERS.findall(m.text) if normalize(w) not in _AREA_WORDS)))
        if m.name:
            out.add(normalize(m.name))
    return out - {""}


def spelled(notes: str, location: str) -> bool:
    """Whether one to four consecutive words of the note fold to the location's name."""
    key = normalize(location)
    words = [normalize(w) for w in _WORD.findall(notes)]
    return any("".join(words[i : i + n]) == key for i in range(len(words)) for n in range(1, 5))


def place_outcome(row: Row, mentions: list[Mention]) -> tuple[str, Mention | None, float | None]:
    """The outcome of the row's location among the draft's mentions, the mention scored and its distance (km)."""
    key = normalize(row.location)
    m = next((m for m in mentions if key in keys(m)), None)
    if m is None:
        return "not found", None, None
    if m.lat is None or m.lon is None:
        return ("ambiguous" if m.status == "ambiguous" else "unresolved"), m, None
    d = km(row.lat, row.lon, m.lat, m.lon)
    radius = m.radius_km or 0.0
    if d <= RIGHT_KM or (m.status == vocab.AREA_KIND and d <= radius):
        return "right", m, d
    if d <= max(WRONG_KM, radius):
        return "placed 5-25 km", m, d
    return "wrong > 25 km", m, d


def _overlaps(date: str, when: dt.date) -> bool:
    try:
        span = parse_span(date)
    except ValueError:
        return False
    return span.start <= when <= span.end


def event_found(row: Row, d: Draft) -> tuple[bool, bool]:
    """(a record of the row's kind, a record of the kind's family) with a date span overlapping the event's day."""
    dated = [r for r in d.records if _overlaps(r.date, row.day)]
    kind = any(r.kind == row.kind for r in dated)
    family = row.kind is not None and any(_FAMILY.get(r.kind) == _FAMILY.get(row.kind) for r in dated)
    return kind, family


@dataclass
class Result:
    """What one run measured."""

    pool: int
    rows: int = 0
    places: Counter = field(default_factory=Counter)
    spelled: Counter = field(default_factory=Counter)  # outcomes of the rows whose note spells the location
    not_spelled: int = 0  # "not found" rows whose note does not spell the location at all
    loosely: int = 0  # "not found" rows with a mention of the location's name by the looser key (Diabali)
    offered: int = 0  # ambiguous rows offering a candidate within RIGHT_KM
    reachable: int = 0  # rows whose kind the draft can write
    events: int = 0
    family: int = 0
    any_record: int = 0
    records: int = 0
    by_type: Counter = field(default_factory=Counter)  # (event type, "rows" | "found" | "family")
    langs: Counter = field(default_factory=Counter)
    setup_s: float = 0.0
    seconds: list[float] = field(default_factory=list)
    wrong: list[dict] = field(default_factory=list)


def make_finder(data_dir: Path = ROOT / "data") -> PlaceFinder:
    """The finder ``liptako draft`` builds: every gazetteer layer of the data folder and its admin layers."""
    return PlaceFinder(make_geocoder(data_dir), load_boundaries(data_file(data_dir, "boundaries")))


def measure(rows: list[Row], finder: PlaceFinder, *, pool_size: int | None = None) -> Result:
    res = Result(len(rows) if pool_size is None else pool_size, rows=len(rows))
    for row in rows:
        article = Article(f"acled-{row.event or 'row'}.txt", "", row.day + PUBLISHED_AFTER, row.notes)
        t0 = time.perf_counter()
        d = draft(article, finder)
        res.seconds.append(time.perf_counter() - t0)
        res.langs[d.lang] += 1
        outcome, m, dist = place_outcome(row, d.mentions)
        res.places[outcome] += 1
        if m is not None or spelled(row.notes, row.location):
            res.spelled[outcome] += 1
        if outcome == "not found":
            res.not_spelled += not spelled(row.notes, row.location)
            res.loosely += any(loose_key(x.text) == loose_key(row.location) for x in d.mentions)
        if outcome == "ambiguous" and m is not None:
            res.offered += any(
                c.get("lat") is not None and km(row.lat, row.lon, c["lat"], c["lon"]) <= RIGHT_KM for c in m.candidates
            )
        if outcome == "wrong > 25 km" and m is not None and dist is not None:
            res.wrong.append(
                {
                    "event": row.event,
                    "location": row.location,
                    "mention": m.text,
                    "status": m.status,
                    "placed_at": m.name,
                    "country": m.country,
                    "layer": m.layer,
                    "km": round(dist),
                }
            )
        kind, family = event_found(row, d)
        res.reachable += row.kind in vocab.RECORD_KINDS
        res.events += kind
        res.family += family
        res.any_record += bool(d.records)
        res.records += len(d.records)
        res.by_type[(row.event_type, "rows")] += 1
        res.by_type[(row.event_type, "found")] += kind
        res.by_type[(row.event_type, "family")] += family
        res.by_type[(row.event_type, "drafted")] += bool(d.records)
    return res


def _share(n: int, total: int) -> float:
    return round(100 * n / total, 1) if total else 0.0


def as_json(res: Result) -> dict:
    """The figures of one run as a JSON object; shares are percentages of the rows drafted."""
    n = res.rows
    secs = res.seconds
    types = sorted({t for t, _ in res.by_type})
    return {
        "pool": res.pool,
        "rows": n,
        "languages": dict(sorted(res.langs.items())),
        "places": {o: {"rows": res.places[o], "share": _share(res.places[o], n)} for o in OUTCOMES},
        "spelled": {
            "rows": sum(res.spelled.values()),
            **{
                o: {"rows": res.spelled[o], "share": _share(res.spelled[o], sum(res.spelled.values()))}
                for o in OUTCOMES
            },
        },
        "not_found_not_spelled": res.not_spelled,
        "not_found_loose_match": res.loosely,
        "ambiguous_offering_right": res.offered,
        "events": {
            "kind_reachable": {"rows": res.reachable, "share": _share(res.reachable, n)},
            "found": {"rows": res.events, "share": _share(res.events, n)},
            "found_same_family": {"rows": res.family, "share": _share(res.family, n)},
            "by_event_type": {
                t: {k: res.by_type[(t, k)] for k in ("rows", "found", "family", "drafted")} for t in types
            },
        },
        "any_record": {"rows": res.any_record, "share": _share(res.any_record, n)},
        "records_per_note": round(res.records / n, 2) if n else 0.0,
        "time": {
            "setup_s": round(res.setup_s, 2),
            "total_s": round(sum(secs), 2),
            "median_per_note_s": round(statistics.median(secs), 4) if secs else 0.0,
            "max_per_note_s": round(max(secs), 3) if secs else 0.0,
        },
    }


def table(res: Result) -> str:
    j = as_json(res)
    n = j["rows"]
    langs = ", ".join(f"{v} {k}" for k, v in j["languages"].items()) or "none"
    lines = [
        f"{n} notes drafted (of {j['pool']} rows with geo_precision 1 and a note; languages guessed: {langs})",
        "",
        f"| place of ACLED's location | rows | share | of the {j['spelled']['rows']} notes spelling it |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {o} | {v['rows']} | {v['share']:.1f}% | {j['spelled'][o]['share']:.1f}% |" for o, v in j["places"].items()
    ]
    lines += [
        "",
        f"not found: {j['not_found_not_spelled']} of {j['places']['not found']['rows']} notes do not spell the"
        f" location at all, {j['not_found_loose_match']} name it in a spelling only the looser key folds"
        " (Diabali for Diabaly); ambiguous: "
        f"{j['ambiguous_offering_right']} of {j['places']['ambiguous']['rows']} offer a candidate within"
        f" {RIGHT_KM:g} km",
        "",
        "| event | rows | share |",
        "|---|---|---|",
    ]
    ev = j["events"]
    for label, key in (
        ("kind the draft can write", "kind_reachable"),
        ("found: that kind, date overlapping", "found"),
        ("found: same family of kinds, date overlapping", "found_same_family"),
    ):
        lines.append(f"| {label} | {ev[key]['rows']} | {ev[key]['share']:.1f}% |")
    lines.append(f"| any record drafted | {j['any_record']['rows']} | {j['any_record']['share']:.1f}% |")
    lines += [
        "",
        f"records per note: {j['records_per_note']:.2f}",
        "",
        "| ACLED event type | rows | found | family | any record |",
    ]
    lines.append("|---|---|---|---|---|")
    for t, v in ev["by_event_type"].items():
        lines.append(f"| {t} | {v['rows']} | {v['found']} | {v['family']} | {v['drafted']} |")
    tm = j["time"]
    lines += [
        "",
        f"time: {tm['total_s']:.2f} s drafting ({tm['median_per_note_s'] * 1000:.1f} ms median per note, "
        f"{tm['max_per_note_s'] * 1000:.0f} ms at most), {tm['setup_s']:.2f} s setting up the finder",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("exports", nargs="+", type=Path, help="ACLED export CSV files")
    parser.add_argument("--sample", type=int, default=SAMPLE, metavar="N", help="rows drafted; 0: every row")
    parser.add_argument("--seed", type=int, default=SEED, help="the sample's random seed")
    parser.add_argument("--since", type=date_arg, metavar="YYYY-MM-DD", help="only the rows dated on or after it")
    parser.add_argument("--wrong", action="store_true", help="list the confidently wrong mentions")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.sample < 0:
        parser.error(f"--sample {args.sample}: give a number of rows, or 0 for every row")
    rows = pool(args.exports, args.since)
    todo = sample(rows, args.sample, args.seed)
    t0 = time.perf_counter()
    finder = make_finder()
    setup = time.perf_counter() - t0
    res = measure(todo, finder, pool_size=len(rows))
    res.setup_s = setup
    if args.json:
        out = as_json(res)
        if args.wrong:
            out["wrong"] = res.wrong
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(table(res))
    if args.wrong:
        print()
        for w in res.wrong:
            print("wrong:", *w.values())
    return 0


if __name__ == "__main__":
    sys.exit(main())
