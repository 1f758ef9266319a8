"""Speed of finding likely duplicates across two event files (issue 22, geo.dedupe).

  python scripts/benchmark_dedupe.py                 # 100,000 + 100,000 events
  python scripts/benchmark_dedupe.py --events 20000

The two tables are SYNTHETIC and seeded (no real event): points around 3,000 random "towns" in the
Liptako-Gourma box, days over 2015-2022, spans of a day (85%), a week (10%), a month (4.5%) or a year
(0.5%), kinds weighted like an ACLED export. The second table repeats 40% of the first's events (moved
up to 5 km and a day, kind kept in its family, as a second source would code them) and has new events
for the rest. Prints the time of geo.dedupe.find and of Duplicates.drop, best of 3.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo import dedupe, vocab  # noqa: E402

KINDS = ["battle", "attack", "explosion", "airstrike", "strategic", "protest", "riot", "base"]
WEIGHTS = [0.3, 0.3, 0.15, 0.05, 0.1, 0.05, 0.03, 0.02]


def synthetic(n: int, seed: int = 22) -> pd.DataFrame:
    """Two synthetic event tables of ``n`` events each, concatenated (files a.csv and b.csv)."""
    rng = np.random.default_rng(seed)
    towns = np.column_stack([rng.uniform(-5, 5, 3000), rng.uniform(11, 18, 3000)])

    def table(m: int) -> pd.DataFrame:
        at = towns[rng.integers(0, len(towns), m)]
        jitter = rng.normal(0, 0.03, (m, 2)) * (rng.random((m, 1)) < 0.7)
        start = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 8 * 365, m), unit="D")
        span = rng.choice([0, 6, 29, 364], m, p=[0.85, 0.10, 0.045, 0.005])
        return pd.DataFrame(
            {
                "lon": at[:, 0] + jitter[:, 0],
                "lat": at[:, 1] + jitter[:, 1],
                "start": start,
                "end": start + pd.to_timedelta(span, unit="D"),
                "kind": rng.choice(KINDS, m, p=WEIGHTS),
                "fatalities": pd.array(rng.integers(0, 20, m), dtype="Int64"),
            }
        )

    a = table(n).assign(source_format="acled", file="a.csv")
    copies = a.sample(frac=0.4, random_state=seed).reset_index(drop=True)
    moved = copies.assign(
        lon=copies["lon"] + rng.uniform(-0.03, 0.03, len(copies)),
        lat=copies["lat"] + rng.uniform(-0.03, 0.03, len(copies)),
        start=copies["start"] + pd.to_timedelta(rng.integers(-1, 2, len(copies)), unit="D"),
    )
    moved["end"] = moved[["start", "end"]].max(axis=1)
    family = {k: f for f, ks in vocab.KIND_FAMILIES.items() for k in ks}
    same = {f: [k for k in KINDS if family[k] == f] for f in vocab.KIND_FAMILIES}
    moved["kind"] = [rng.choice(same[family[k]]) for k in moved["kind"]]
    b = pd.concat([moved, table(n - len(moved))], ignore_index=True).assign(source_format="ucdp", file="b.csv")
    out = pd.concat([a.assign(row=np.arange(2, n + 2)), b.assign(row=np.arange(2, n + 2))], ignore_index=True)
    out["source_id"] = out["file"] + ":" + out["row"].astype(str)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000, help="events in each of the two tables")
    n = ap.parse_args().events
    table = synthetic(n)
    best_find = best_drop = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        found = dedupe.find(table)
        t1 = time.perf_counter()
        drop = found.drop("acled")
        t2 = time.perf_counter()
        best_find, best_drop = min(best_find, t1 - t0), min(best_drop, t2 - t1)
    print(f"{n:,} + {n:,} synthetic events: {len(found):,} likely pairs, {int(drop.sum()):,} left out")
    print(f"find: {best_find:.2f} s   drop (prefer=acled): {best_drop:.2f} s   (best of 3)")


if __name__ == "__main__":
    main()
