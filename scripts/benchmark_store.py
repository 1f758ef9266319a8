"""Benchmark the Parquet store (issue 25's store goals), whole process, median of several runs.

  python scripts/benchmark_store.py [--rows 100000,1000000] [--runs 3] [--write]

On the events benchmark's synthetic ACLED-shaped export (benchmarks/bench_events.py, seeded) of ``--rows`` rows,
each step is a fresh process timed from start to exit (CPU = user + system, from the reaped child):

- pandas reading the CSV, and nothing else (the yardstick of the ingest goal);
- ``liptako ingest FILE --store DIR`` (goal: at most twice pandas' read);
- ``liptako stats --store DIR`` and, for comparison, ``liptako stats --events FILE``;
- a one-year map: ``liptako build --store DIR --since Y-01-01 --until Y-12-31 --no-notes`` and the same from the
  CSV; the two pages must be the same bytes.

One table per size of ``--rows``; the issue's store goals are for a million rows and are judged under that size's
table. ``--write`` puts the tables into benchmarks/RESULTS.md (its own section, with the date and the commit).
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


def one_size(n: int, runs: int) -> list[str]:
    """The table of one size and its goals' lines (the goals are for a million rows; smaller sizes show the trend)."""
    import shutil

    import bench_events

    py, cli = sys.executable, [sys.executable, str(ROOT / "cli.py")]
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, store = Path(tmp) / "events.csv", Path(tmp) / "store"
        bench_events.write_csv(csv_path, bench_events.generate(n))
        year = ["--since", f"{YEAR}-01-01", "--until", f"{YEAR}-12-31", "--no-notes"]
        rows = {
            READ: measure([py, "-c", f"import pandas; pandas.read_csv({str(csv_path)!r})"], runs),
            INGEST: measure(
                [*cli, "ingest", str(csv_path), "--store", str(store)],
                runs,
                before=lambda: shutil.rmtree(store, ignore_errors=True),
            ),
            STATS: measure([*cli, "stats", "--store", str(store)], runs),
            "`liptako stats --events FILE`": measure([*cli, "stats", "--events", str(csv_path)], runs),
            MAP: measure([*cli, "build", "--store", str(store), *year, "--out", f"{tmp}/a.html"], runs),
            f"one-year map, `build --events FILE` ({YEAR})": measure(
                [*cli, "build", "--events", str(csv_path), *year, "--out", f"{tmp}/b.html"], runs
            ),
        }
        same = Path(f"{tmp}/a.html").read_bytes() == Path(f"{tmp}/b.html").read_bytes()
        size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
        csv_size = csv_path.stat().st_size
    read, ingest = rows[READ]["cpu"], rows[INGEST]["cpu"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    lines = [
        f"## {n:,} rows",
        "",
        f"CSV {csv_size / 1e6:.1f} MB, store {size / 1e6:.1f} MB.",
        "",
        "| step | CPU s | wall s | peak MiB |",
        "|---|---|---|---|",
        *(f"| {k} | {v['cpu']:.2f} | {v['wall']:.2f} | {v['peak']:.0f} |" for k, v in rows.items()),
        "",
        f"- Ingest / pandas read (CPU): {ingest / read:.1f}× (goal ≤ 2×: {verdict(ingest <= 2 * read)})",
        f"- The one-year pages from the store and from the CSV are {'the same bytes' if same else '**different**'}.",
    ]
    if n >= 1_000_000:
        lines += [
            f"- Ingest peak: {rows[INGEST]['peak'] / 1024:.2f} GiB (goal ≤ 1.5 GB: "
            f"{verdict(rows[INGEST]['peak'] * 2**20 <= 1.5e9)})",
            f"- `stats --store`: {rows[STATS]['cpu']:.2f} s CPU (goal ≤ 1 s: {verdict(rows[STATS]['cpu'] <= 1.0)})",
            f"- One-year map from the store: {rows[MAP]['cpu']:.2f} s CPU (goal ≤ 3 s: {verdict(rows[MAP]['cpu'] <= 3.0)})",
        ]
    return [*lines, ""]


READ = "pandas: `pd.read_csv(FILE)` alone"
INGEST = "`liptako ingest FILE --store DIR`"
STATS = "`liptako stats --store DIR`"
MAP = f"one-year map, `build --store DIR` ({YEAR})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", default="100000", help="sizes, comma-separated (default 100000)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    sizes = [int(x) for x in args.rows.split(",") if x.strip()]
    lines = [
        HEADING,
        "",
        f"- Date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}; commit {commit()}",
        f"- Machine: {machine()}",
        f"- Command: `python scripts/benchmark_store.py --rows {args.rows} --runs {args.runs}`",
        f"- Data: synthetic ACLED-shaped rows (benchmarks/bench_events.py, seeded); each step a fresh process, "
        f"median of {args.runs}; CPU = user + system of the process",
        "",
    ]
    for n in sizes:
        lines += one_size(n, args.runs)
    text = "\n".join(lines)
    print(text)
    if args.write:
        benchmark_geocoder.HEADING = HEADING
        benchmark_geocoder.write(text)


if __name__ == "__main__":
    main()
