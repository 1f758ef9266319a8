"""Speed and accuracy of the borderland columns and counts (issue 12).

  python scripts/benchmark_borderland.py              # 100,000 distinct points
  python scripts/benchmark_borderland.py --points 1000000

Points are seeded and uniform over the border zone (5 W-5 E, 11-18 N), every one distinct (the
worst case: real exports repeat village coordinates, and each distinct point is measured once).
Accuracy: for a sample of the points, the distance to the nearest border is found again by brute
force, densifying every border segment along its geodesic every 250 m and measuring each
candidate with pyproj.Geod; the largest difference is printed (the goal is under 0.5 km).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sample", type=int, default=200, help="points checked by brute force")
    args = ap.parse_args()

    import geo
    from geo.analysis import borderland, brute_force_border_km
    from geo.events import analyse, conform
    from geo.stats import borderland_stats

    ds = geo.load()
    b = ds.boundaries
    rng = np.random.default_rng(2026)
    lon = rng.uniform(-5.0, 5.0, args.points)
    lat = rng.uniform(11.0, 18.0, args.points)

    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        cols = borderland(lon, lat, b.borders, b.tripoint_lonlat, b.coverage)
        times.append(time.perf_counter() - t)
    print(
        f"borderland columns (border_km, nearest_border, border_pair, tri_border_km) for {args.points:,} "
        f"distinct points: best {min(times):.2f} s of {args.runs}"
    )

    n = args.points
    table = conform(
        pd.DataFrame(
            {
                "source_format": "acled",
                "file": "bench.csv",
                "source_id": [f"B{i}" for i in range(n)],
                "row": np.arange(n),
                "kind": rng.choice(["attack", "battle", "airstrike"], n),
                "start": pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 730, n), unit="D"),
                "lat": lat,
                "lon": lon,
                "radius_km": rng.choice([0.0, 0.0, 25.0, 100.0], n),
                "fatalities": rng.integers(0, 20, n),
            }
        ).assign(end=lambda d: d["start"])
    )
    t = time.perf_counter()
    analysed = analyse(table, b)
    t_analyse = time.perf_counter() - t
    t = time.perf_counter()
    stats = borderland_stats(analysed, tripoint=b.tripoint_lonlat, period="month")
    t_stats = time.perf_counter() - t
    print(
        f"analyse (country, admin-1 and the borderland columns) of {n:,} events: {t_analyse:.2f} s; "
        f"counts by every grouping: {t_stats:.2f} s ({stats['total']['events']:,} events)"
    )

    k = min(args.sample, n)
    idx = rng.choice(n, k, replace=False)
    known = [i for i in idx if np.isfinite(cols["border_km"][i])]
    t = time.perf_counter()
    errors = np.array(
        [abs(cols["border_km"][i] - brute_force_border_km(lon[i], lat[i], b.borders.geometry)) for i in known]
    )
    print(
        f"accuracy against a brute-force geodesic search, {len(known)} points: largest difference "
        f"{errors.max() * 1000:.0f} m, median {np.median(errors) * 1000:.1f} m ({time.perf_counter() - t:.0f} s)"
    )
    print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
