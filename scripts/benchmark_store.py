"""Benchmark the Parquet store (issue 25's store goals), whole process, median of several runs.

  python scripts/benchmark_store.py [--rows 100000] [--runs 3] [--write]

On the events benchmark's synthetic ACLED-shaped export (benchmarks/bench_events.py, seeded) of ``--rows`` rows,
each step is a fresh process timed from start to exit (CPU = user + system, from the reaped child):

- pandas reading the CSV, and nothing else (the yardstick of the ingest goal);
- ``liptako ingest FILE --store DIR`` (goal: at most twice pandas' read);
- ``liptako stats --store DIR`` and, for comparison, ``liptako stats --events FILE``;
- a one-year map: ``liptako build --store DIR --since Y-01-01 --until Y-12-31 --no-notes`` and the same from the
  CSV; the two pages must be the same bytes.

``--write`` puts the table into benchmarks/RESULTS.md (its own section, with the date and the commit).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "benchmarks")]

import benchmark_geocoder  # noqa: E402
from benchmark_draft import children_cpu  # noqa: E402
from benchmark_geocoder import commit, machine  # noqa: E402

HEADING = "# Store (issue 25): `liptako ingest` and `--store`, whole process"
YEAR = 2022


def once(args: list[str]) -> tuple[float, float, float]:
    """CPU s, wall s and peak MiB of one fresh process."""
    before = children_cpu()
    t = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak = int(done.stderr.strip().splitlines()[-1]) / 1024
    return children_cpu() - before, wall, peak


def measure(args: list[str], runs: int, before=None) -> dict:
    got = []
    for _ in range(runs):
        if before:
            before()
        got.append(once(args))
    return {k: statistics.median(g[i] for g in got) for i, k in enumerate(("cpu", "wall", "peak"))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    import shutil

    import bench_events

    py, cli = sys.executable, [sys.executable, str(ROOT / "cli.py")]
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, store = Path(tmp) / "events.csv", Path(tmp) / "store"
        bench_events.write_csv(csv_path, bench_events.generate(args.rows))
        year = ["--since", f"{YEAR}-01-01", "--until", f"{YEAR}-12-31", "--no-notes"]
        rows = {
            "pandas: `pd.read_csv(FILE)` alone": measure(
                [py, "-c", f"import pandas; pandas.read_csv({str(csv_path)!r})"], args.runs
            ),
            "`liptako ingest FILE --store DIR`": measure(
                [*cli, "ingest", str(csv_path), "--store", str(store)],
                args.runs,
                before=lambda: shutil.rmtree(store, ignore_errors=True),
            ),
            "`liptako stats --store DIR`": measure([*cli, "stats", "--store", str(store)], args.runs),
            "`liptako stats --events FILE`": measure([*cli, "stats", "--events", str(csv_path)], args.runs),
            f"one-year map, `build --store DIR` ({YEAR})": measure(
                [*cli, "build", "--store", str(store), *year, "--out", f"{tmp}/a.html"], args.runs
            ),
            f"one-year map, `build --events FILE` ({YEAR})": measure(
                [*cli, "build", "--events", str(csv_path), *year, "--out", f"{tmp}/b.html"], args.runs
            ),
        }
        same = Path(f"{tmp}/a.html").read_bytes() == Path(f"{tmp}/b.html").read_bytes()
        size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
        csv_size = csv_path.stat().st_size
    read = rows["pandas: `pd.read_csv(FILE)` alone"]["cpu"]
    ingest = rows["`liptako ingest FILE --store DIR`"]["cpu"]
    lines = [
        HEADING,
        "",
        f"- Date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}; commit {commit()}",
        f"- Machine: {machine()} (shared with other work while measured)",
        f"- Command: `python scripts/benchmark_store.py --rows {args.rows} --runs {args.runs}`",
        f"- Data: {args.rows:,} synthetic ACLED-shaped rows (benchmarks/bench_events.py), CSV {csv_size / 1e6:.1f} MB, "
        f"store {size / 1e6:.1f} MB; median of {args.runs} fresh processes",
        "",
        "| step | CPU s | wall s | peak MiB |",
        "|---|---|---|---|",
        *(f"| {k} | {v['cpu']:.2f} | {v['wall']:.2f} | {v['peak']:.0f} |" for k, v in rows.items()),
        "",
        f"Ingest / pandas read (CPU): {ingest / read:.1f}× (goal ≤ 2×: {'met' if ingest <= 2 * read else '**not met**'}). "
        f"The one-year pages from the store and from the CSV are {'the same bytes' if same else '**different**'}.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        benchmark_geocoder.HEADING = HEADING
        benchmark_geocoder.write(text)


if __name__ == "__main__":
    main()
