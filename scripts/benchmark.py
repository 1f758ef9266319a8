"""Speed and memory of the geocoder and the map build, on this machine.

  python scripts/benchmark.py

Workload: 100,000 place names as event data has them: 3,000 distinct strings (gazetteer names,
their alternate spellings, typos made by doubling, dropping or swapping a letter, and unknown
names) drawn with a Zipf-like skew, so a few names repeat thousands of times. Seeded, so every
run geocodes the same list. Prints the best of 5 runs for each step.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import geo  # noqa: E402  (after the path set-up above)
from geo.gazetteer import load_geonames, load_homonyms, load_places  # noqa: E402
from geo.geocode import Geocoder  # noqa: E402

N_QUERIES, N_DISTINCT, RUNS = 100_000, 3_000, 5


def typo(rng: random.Random, name: str) -> str:
    i = rng.randrange(len(name))
    op = rng.choice(("double", "drop", "swap"))
    if op == "double":
        return name[:i] + name[i] + name[i:]
    if op == "drop" and len(name) > 3:
        return name[:i] + name[i + 1 :]
    j = min(i + 1, len(name) - 1)
    return name[:i] + name[j] + name[i] + name[j + 1 :] if j > i else name


def workload(places) -> list[str]:
    rng = random.Random(20261124)
    names = sorted({n for p in places for n in p.names})
    distinct: set[str] = set()
    while len(distinct) < N_DISTINCT:
        r = rng.random()
        base = rng.choice(names)
        if r < 0.5:
            distinct.add(base)
        elif r < 0.85:
            distinct.add(typo(rng, base))
        else:
            distinct.add("".join(rng.choice("abcdefghiklmnorstuwz") for _ in range(rng.randint(4, 12))).title())
    pool = sorted(distinct)
    weights = [1 / (k + 1) for k in range(len(pool))]
    return rng.choices(pool, weights=weights, k=N_QUERIES)


def best(fn, runs: int = RUNS) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    data = ROOT / "data"
    load_s, (curated, gn) = best(
        lambda: (load_places(data / "places.csv"), load_geonames(data / "geonames_region.csv"))
    )
    homonyms = load_homonyms(data / "homonyms.csv")
    index_s, coder = best(lambda: Geocoder(curated, gn, homonyms=homonyms))
    queries = workload(curated + gn)
    batch_s, answers = best(lambda: Geocoder(curated, gn, homonyms=homonyms).many(queries))
    statuses: dict[str, int] = {}
    for m in answers:
        statuses[m.status] = statuses.get(m.status, 0) + 1
    build_load_s, ds = best(lambda: geo.load(data), runs=3)
    render_s, html = best(lambda: geo.render_html(ds), runs=3)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"gazetteer load (places.csv + geonames_region.csv, {len(curated)} + {len(gn)} places): {load_s * 1000:.1f} ms"
    )
    print(f"geocoder index build ({len(coder._choices)} loose keys): {index_s * 1000:.1f} ms")
    print(
        f"batch geocode: {N_QUERIES:,} names, {len(set(queries)):,} distinct: {batch_s:.3f} s "
        f"({N_QUERIES / batch_s:,.0f} names/s), fresh geocoder each run (cold cache)"
    )
    print(f"  answers: {dict(sorted(statuses.items()))}")
    print(
        f"map pipeline: load+geocode+analyse data/ {build_load_s * 1000:.0f} ms; render {render_s * 1000:.0f} ms; "
        f"page {len(html.encode()) / 1024:.0f} KiB"
    )
    print(f"peak resident memory of this process: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
