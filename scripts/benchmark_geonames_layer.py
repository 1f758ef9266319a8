"""How long a fresh process takes to load the whole region's GeoNames layer (data/geonames_full.csv.gz).

  python scripts/benchmark_geonames_layer.py [--runs 7]

Each run is its own Python process, so nothing is cached in the interpreter (the file itself is in the OS page
cache after the first run, as it is for any user who runs liptako twice). Printed: the medians of importing
pandas (which liptako pays anyway), importing geo.geonames_full, and geo.geonames_full.load_geonames_full()
(goal, issue 23: at most 0.3 s), the file's size and its rows.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONE_RUN = """
import json, time
t0 = time.perf_counter()
import pandas
t1 = time.perf_counter()
from geo.geonames_full import LAYER_FILE, load_geonames_full
from geo.paths import DEFAULT_DATA
t2 = time.perf_counter()
frame = load_geonames_full()
t3 = time.perf_counter()
print(json.dumps({"pandas": t1 - t0, "module": t2 - t1, "load": t3 - t2, "rows": len(frame),
                  "bytes": (DEFAULT_DATA / LAYER_FILE).stat().st_size}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", ONE_RUN], cwd=ROOT, capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout))
    med = {k: statistics.median(r[k] for r in results) for k in ("pandas", "module", "load")}
    print(
        f"{results[0]['rows']} rows, {results[0]['bytes'] / 1e6:.2f} MB; median of {runs} fresh processes: "
        f"import pandas {med['pandas']:.3f} s, import geo.geonames_full {med['module']:.3f} s, "
        f"load_geonames_full() {med['load']:.3f} s (goal 0.3 s)"
    )


if __name__ == "__main__":
    main()
