"""How long `liptako --version` and `--help` take as whole processes, beside `python -c "import click"`.

  python scripts/benchmark_startup.py            # print the medians
  python scripts/benchmark_startup.py --write    # also append a dated line to docs/benchmarks.md

Each command runs as its own process, --runs times, the commands taking turns so that a busy machine
slows them alike; the CPU time (user + system, from wait4) and the wall time of each run are kept and
their medians printed. The goal (issue 21): liptako's start-up within 3x of importing click, which
holds only while geo.cli imports nothing heavy (tests/test_startup.py checks that part).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADING = "## Start-up (issue 21, `python scripts/benchmark_startup.py`)"
INTRO = (
    "Whole processes, the median of several runs taken in turn: CPU (user + system) and wall time of\n"
    '`liptako --version` and `liptako --help` beside `python -c "import click"`. Goal: within 3x of it.\n'
)


def liptako() -> list[str]:
    """The installed console script next to this Python, else the checkout's cli.py."""
    script = Path(sys.executable).with_name("liptako")
    return [str(script)] if script.exists() else [sys.executable, str(ROOT / "cli.py")]


def run_once(args: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one process; exits if it fails."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code:
        sys.exit(f"{' '.join(args)} failed ({code}):\n{proc.stderr.read().decode(errors='replace')}")
    proc.stderr.close()
    return usage.ru_utime + usage.ru_stime, wall


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median CPU and wall seconds of each command, the commands taking turns run after run."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for args in commands.values():  # one warm-up each: the file cache, .pyc files
        run_once(args)
    for _ in range(runs):
        for name, args in commands.items():
            times[name].append(run_once(args))
    return {
        name: (statistics.median(c for c, _ in got), statistics.median(w for _, w in got))
        for name, got in times.items()
    }


def write(line: str) -> None:
    """Add ``line`` at the end of the start-up section of docs/benchmarks.md (made if missing)."""
    path = ROOT / "docs" / "benchmarks.md"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    try:
        at = next(i for i, x in enumerate(lines) if x.strip() == HEADING)
    except StopIteration:
        lines += ["\n", HEADING + "\n", "\n", INTRO, "\n"]
        at = len(lines) - 1
    end = next((i for i in range(at + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    while end > at + 1 and not lines[end - 1].strip():
        end -= 1
    lines.insert(end, line + "\n")
    path.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=9, help="runs of each command (default 9)")
    ap.add_argument("--write", action="store_true", help="append the result to docs/benchmarks.md")
    args = ap.parse_args()
    commands = {
        'python -c "import click"': [sys.executable, "-c", "import click"],
        "liptako --version": [*liptako(), "--version"],
        "liptako --help": [*liptako(), "--help"],
    }
    medians = measure(commands, args.runs)
    base_cpu, base_wall = medians['python -c "import click"']
    print(f"{'command':28} {'CPU ms':>8} {'x':>6} {'wall ms':>8} {'x':>6}   (median of {args.runs})")
    for name, (cpu, wall) in medians.items():
        print(f"{name:28} {cpu * 1e3:8.0f} {cpu / base_cpu:6.2f} {wall * 1e3:8.0f} {wall / base_wall:6.2f}")
    if args.write:
        commit = (
            subprocess.run(
                ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
            ).stdout.strip()
            or "unknown"
        )
        parts = "; ".join(
            f"`{name}` {cpu * 1e3:.0f} ms CPU ({cpu / base_cpu:.2f}x), {wall * 1e3:.0f} ms wall ({wall / base_wall:.2f}x)"
            for name, (cpu, wall) in medians.items()
            if name.startswith("liptako")
        )
        line = (
            f"- {dt.date.today().isoformat()}, commit {commit}, median of {args.runs}: "
            f'`python -c "import click"` {base_cpu * 1e3:.0f} ms CPU, {base_wall * 1e3:.0f} ms wall; {parts}'
        )
        write(line)
        print(f"appended to docs/benchmarks.md: {line}")


if __name__ == "__main__":
    main()
