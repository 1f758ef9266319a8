"""Benchmark ``liptako draft`` (issue 24's speed goals), whole process, median of several runs.

  python scripts/benchmark_draft.py [--runs 5]
  python scripts/benchmark_draft.py --write         # and write it into benchmarks/RESULTS.md

- one article: ``liptako draft`` on the seed article (``--json``), a fresh process from start to exit: what an
  analyst waits for (goal: starts and answers in under 2 s without a model);
- sixteen articles: one fresh process that imports the package, builds the place finder once and drafts 16
  reports (the seed article and the six reports of tests/fixtures/draft, in turn), to its exit (goal: under
  30 s).

The reports are the repository's own: the seed article and a corpus written for the tests. Timings are the
process's CPU (user + system) and wall seconds, from ``os.wait4``; the step's own wall time is printed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts")]

from benchmark_geocoder import commit, machine  # noqa: E402
from benchmark_geocoder import write as write_section  # noqa: E402

HEADING = "# Draft (issue 24): `liptako draft`, whole process"
SEED = ROOT / "tests" / "fixtures" / "draft" / "seed-article.txt"
CORPUS = ROOT / "tests" / "fixtures" / "draft"
ONE_GOAL_S, SIXTEEN_GOAL_S, ARTICLES = 2.0, 30.0, 16
# The reports and their publication dates (a saved page gives its own).
REPORTS = [
    (SEED, "2022-05-30"),
    (CORPUS / "fr-tillaberi.txt", "2023-04-03"),
    (CORPUS / "fr-soum.txt", "2022-06-15"),
    (CORPUS / "fr-menaka.txt", "2021-01-10"),
    (CORPUS / "en-tillia.txt", "2021-11-22"),
    (CORPUS / "en-boni.txt", "2022-03-01"),
    (CORPUS / "en-page.html", None),
]

ONE = f"""
import json, time
t = time.perf_counter()
from geo.cli import main
main(["draft", {str(SEED)!r}, "--date", "2022-05-30", "--json"], standalone_mode=False)
print("\\n" + json.dumps({{"wall": time.perf_counter() - t}}))
"""

SIXTEEN = f"""
import datetime as dt, json, time
from pathlib import Path
t = time.perf_counter()
from geo.boundaries import load_boundaries
from geo.draft.article import read_article
from geo.draft.draft import draft
from geo.draft.places import PlaceFinder
from geo.gazetteer import data_file
from geo.geocode import make_geocoder
from geo.paths import DEFAULT_DATA
finder = PlaceFinder(make_geocoder(DEFAULT_DATA), load_boundaries(data_file(DEFAULT_DATA, "boundaries")))
ready = time.perf_counter()
reports = {[(str(p), d) for p, d in REPORTS]!r}
mentions = records = 0
for i in range({ARTICLES}):
    path, day = reports[i % len(reports)]
    d = draft(read_article(Path(path), date=dt.date.fromisoformat(day) if day else None), finder)
    mentions += len(d.mentions)
    records += len(d.records)
print(json.dumps({{"wall": time.perf_counter() - t, "setup_wall": ready - t, "mentions": mentions,
                  "records": records}}))
"""


def measure(code: str, runs: int) -> dict:
    got = []
    for _ in range(runs):
        own, cpu, wall = once(code)
        got.append({**own, "process_cpu": cpu, "process_wall": wall})
    return {k: statistics.median(g[k] for g in got) for k in got[0]}


def once(code: str) -> tuple[dict, float, float]:
    """The step's timing (the last line it prints), and its whole process's CPU (user + system) and wall seconds.
    The one-article step prints the draft's JSON before it: that draft must not be empty."""
    before = children_cpu()
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    wall = time.perf_counter() - t
    cpu = children_cpu() - before
    if proc.returncode:
        sys.exit(f"a benchmark step failed ({proc.returncode}):\n{proc.stderr.decode(errors='replace')}")
    *body, last = proc.stdout.decode().strip().splitlines()
    if body:
        drafted = json.loads("\n".join(body))
        assert drafted["mentions"] and drafted["records"], "the draft of the seed article is empty"
    return json.loads(last), cpu, wall


def children_cpu() -> float:
    """CPU seconds of every child process reaped so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "**not met**"


def report(one: dict, sixteen: dict, runs: int, command: str) -> str:
    return "\n".join(
        [
            HEADING,
            "",
            f"- Date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}; commit {commit()}",
            f"- Machine: {machine()} (shared with other work while measured)",
            f"- Command: `{command}`",
            f"- Runs: median of {runs}, each a fresh Python process",
            "",
            "| step | step wall s | whole process wall s | whole process CPU s | goal |",
            "|---|---|---|---|---|",
            f"| one article: `liptako draft` on the seed article, `--json` | {one['wall']:.2f} | "
            f"{one['process_wall']:.2f} | {one['process_cpu']:.2f} | under {ONE_GOAL_S:g} s: "
            f"{verdict(one['process_wall'], ONE_GOAL_S)} |",
            f"| {ARTICLES} articles in one process (setup {sixteen['setup_wall']:.2f} s; {int(sixteen['mentions'])} "
            f"mentions, {int(sixteen['records'])} draft records) | {sixteen['wall']:.2f} | "
            f"{sixteen['process_wall']:.2f} | {sixteen['process_cpu']:.2f} | under {SIXTEEN_GOAL_S:g} s: "
            f"{verdict(sixteen['process_wall'], SIXTEEN_GOAL_S)} |",
            "",
        ]
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="write the table into benchmarks/RESULTS.md")
    args = ap.parse_args()
    one = measure(ONE, args.runs)
    sixteen = measure(SIXTEEN, args.runs)
    command = "python scripts/benchmark_draft.py" + (f" --runs {args.runs}" if args.runs != 5 else "")
    text = report(one, sixteen, args.runs, command + (" --write" if args.write else ""))
    print(text)
    if args.write:
        write_section_under(text)


def write_section_under(text: str) -> None:
    import benchmark_geocoder

    benchmark_geocoder.HEADING = HEADING  # its writer replaces the section that starts with this heading
    write_section(text)


if __name__ == "__main__":
    main()
