"""Peak memory of a whole `liptako` run on a large ACLED export (issue 20: under 3x the file's size).

  python scripts/benchmark_memory.py             # a 200 MB CSV, `stats --json` and `export --out x.parquet`
  python scripts/benchmark_memory.py --mb 50
  python scripts/benchmark_memory.py --write     # also append a dated line to docs/benchmarks.md

The export is made in a temporary folder from the six good rows of tests/fixtures/acled_2024.csv, repeated
with numbered ids (a sixth of them without coordinates, so geocoded by name). Each command runs in a fresh
process, as a user runs it; its peak resident memory ("Maximum resident set size", as /usr/bin/time -v
reports it) is read from the kernel's accounting of that process. Nothing is written into the repository
unless --write is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "acled_2024.csv"
RUN = "import sys; sys.path.insert(0, sys.argv.pop(1)); import cli; sys.argv[0] = 'liptako'; cli.main()"


def write_export(path: Path, megabytes: int) -> int:
    """An ACLED CSV of about ``megabytes`` MB; returns its number of rows."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    head, rows = lines[0], lines[1:7]  # the fixture's six good rows
    target = megabytes * 1_000_000
    size, i = 0, 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(head + "\n")
        while size < target:
            row = rows[i % len(rows)].replace("MLI-FIX-000", f"MLI-{i}-") + "\n"
            out.write(row)
            size += len(row)
            i += 1
    return i


def peak_of(args: list[str]) -> tuple[int, float]:
    """Peak resident bytes and seconds of one command, run as its own process (exits if it fails)."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-c", RUN, str(ROOT), *args], stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code:
            err.seek(0)
            sys.exit(f"liptako {' '.join(args)} failed ({code}):\n{err.read().decode(errors='replace')}")
    return usage.ru_maxrss * 1024, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=200, help="size of the export in MB (default 200)")
    ap.add_argument("--write", action="store_true", help="append the result to docs/benchmarks.md")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / f"acled{args.mb}.csv"
        n = write_export(csv, args.mb)
        size = csv.stat().st_size
        print(f"wrote {n:,} rows ({size / 1e6:.0f} MB)")
        results = []
        for cmd in (
            ["stats", "--events", str(csv), "--json"],
            ["export", "--events", str(csv), "--out", str(Path(tmp) / "x.parquet")],
        ):
            peak, secs = peak_of(cmd)
            name = " ".join(Path(c).name if os.sep in c else c for c in cmd)
            results.append((name, peak, secs))
            print(f"liptako {name}: peak RSS {peak / 1e6:,.0f} MB = {peak / size:.2f}x the file, {secs:.1f} s")
    if args.write:
        commit = (
            subprocess.run(
                ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
            ).stdout.strip()
            or "unknown"
        )
        parts = "; ".join(
            f"`{name}` {peak / 1e6:,.0f} MB ({peak / size:.2f}x, {secs:.1f} s)" for name, peak, secs in results
        )
        line = (
            f"- {dt.date.today().isoformat()}, commit {commit}: peak RSS for a {size / 1e6:.0f} MB ACLED CSV "
            f"({n:,} rows), whole process: {parts}\n"
        )
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.write(line)
        print(f"appended to docs/benchmarks.md: {line.strip()}")


if __name__ == "__main__":
    main()
