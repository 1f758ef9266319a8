"""Speed of the geocoder's whole-region layer (issue 23), each step in fresh processes.

  python scripts/benchmark_geocoder.py                 # print the table
  python scripts/benchmark_geocoder.py --write         # and write it into benchmarks/RESULTS.md
  python scripts/benchmark_geocoder.py --profile       # and cProfile one batch: where the time goes

Three steps, each run ``--runs`` times (default 5) in its own Python process, so nothing is cached in the
interpreter (the files are in the OS page cache after the first run, as for anyone who runs liptako twice);
the medians of CPU (user + system) and wall time are printed:

- load: ``geo.geonames_full.load_geonames_full()``, the layer read into a DataFrame (goal: at most 0.3 s);
- index: ``geo.bulk.BulkLayer.of(data)._load()``, what the geocoder pays on the first name the layers above it
  miss (it reads the layer again, reads the OSM place nodes and builds the name index);
- batch: ``geo.geocode.make_geocoder(data, country=..., bulk=True).many(names)`` on 100,000 names (goal: at most
  2 s), the layer read on the first miss as ``liptako geocode`` does. Timed: ``make_geocoder`` and ``many``;
  the process is timed whole too (CPU from wait4), imports included.

The names are drawn with a fixed seed (``--seed``), with replacement, from three pools of the country's names
(``--mix``, default 40/40/20): names the curated places or the GeoNames extract know (the layers above the
whole-region layer), names only the whole-region layer knows (its own names, none of which folds to a name
above), and misspellings of those (one letter changed, swapped, dropped or doubled) that fold to no name of any
layer, so every one of them takes the fuzzy path and then the suggestions. Each distinct name is looked up once
(``Geocoder.many`` caches), so the distinct counts printed are what the batch costs.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import platform
import pstats
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
HEADING = "# Geocoder (whole-region layer)"
LOAD_GOAL_S = 0.3
BATCH_GOAL_S = 2.0
POOLS = ("curated", "bulk only", "misspelt")

# Each step as a whole process; it prints one JSON object of in-process CPU and wall seconds.
STEP = {
    "load": """
import json, sys, time
sys.path.insert(0, {root!r})
from geo.geonames_full import load_geonames_full
w, c = time.perf_counter(), time.process_time()
frame = load_geonames_full()
print(json.dumps({{"wall": time.perf_counter() - w, "cpu": time.process_time() - c, "rows": len(frame)}}))
""",
    "index": """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from geo.bulk import BulkLayer
w, c = time.perf_counter(), time.process_time()
index = BulkLayer.of(Path({root!r}) / "data")._load()
print(json.dumps({{"wall": time.perf_counter() - w, "cpu": time.process_time() - c, "keys": len(index)}}))
""",
    "batch": """
import json, sys, time
from collections import Counter
from pathlib import Path
sys.path.insert(0, {root!r})
from geo.geocode import make_geocoder
todo = json.loads(Path({names!r}).read_text(encoding="utf-8"))
w, c = time.perf_counter(), time.process_time()
coder = make_geocoder(Path({root!r}) / "data", country=todo["country"], bulk=True)
w1, c1 = time.perf_counter(), time.process_time()
matches = coder.many(todo["names"])
w2, c2 = time.perf_counter(), time.process_time()
statuses = Counter(f"{{pool}}: {{m.status}}" for pool, m in zip(todo["pools"], matches, strict=True))
print(json.dumps({{"make_wall": w1 - w, "make_cpu": c1 - c, "wall": w2 - w1, "cpu": c2 - c1,
                  "statuses": statuses}}))
""",
}


def run_once(code: str) -> tuple[dict, float, float]:
    """The step's own JSON, and the CPU (user + system) and wall seconds of its whole process."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.stdout.read(), proc.stderr.read()  # small: one JSON line, a traceback at most
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    proc.stderr.close()
    if code:
        sys.exit(f"a benchmark step failed ({code}):\n{err.decode(errors='replace')}")
    cpu = usage.ru_utime + usage.ru_stime
    return json.loads(out), cpu, wall


def run_many(code: str, runs: int) -> dict:
    """Medians over ``runs`` fresh processes of every number the step prints, and of the process's CPU and wall."""
    got = []
    for _ in range(runs):
        own, cpu, wall = run_once(code)
        got.append({**own, "process_cpu": cpu, "process_wall": wall})
    out = {k: statistics.median(g[k] for g in got) for k, v in got[0].items() if isinstance(v, float)}
    out.update({k: v for k, v in got[0].items() if not isinstance(v, float)})
    return out


def name_pools(country: str, seed: int, misspelt_wanted: int = 20_000) -> dict[str, list[str]]:
    """The three pools of names of ``country`` (see the docstring), each sorted, misspellings seeded."""
    from geo.bulk import BulkLayer
    from geo.geocode import make_geocoder
    from geo.names import loose_key, normalize

    coder = make_geocoder(ROOT / "data", country=country, bulk=False)
    above = coder.places  # the layers above the whole-region layer, in that country
    exact = {normalize(n) for p in above for n in p.names}
    loose = {loose_key(n) for p in above for n in p.names}
    curated = sorted({n for p in above for n in p.names if normalize(n)})
    layer = BulkLayer.of(ROOT / "data")
    index = layer._load()
    mine = {r[1] for r in layer._rows if r[6] == country}  # the rows' own names in that country
    bulk_only = sorted(
        n for n in mine if normalize(n) in index and normalize(n) not in exact and loose_key(n) not in loose
    )
    rng = random.Random(seed)
    misspelt: set[str] = set()
    long_enough = [n for n in bulk_only if len(n) >= 6]
    for _ in range(misspelt_wanted * 20):
        if len(misspelt) >= misspelt_wanted:
            break
        n = rng.choice(long_enough)
        i = rng.randrange(1, len(n) - 1)
        edit = rng.randrange(4)
        if edit == 0:
            m = n[:i] + rng.choice(string.ascii_lowercase) + n[i + 1 :]
        elif edit == 1:
            m = n[: i - 1] + n[i] + n[i - 1] + n[i + 1 :]
        elif edit == 2:
            m = n[:i] + n[i + 1 :]
        else:
            m = n[:i] + n[i] + n[i:]
        k = normalize(m)
        if k and k not in index and k not in exact and loose_key(m) not in loose and len(loose_key(m)) >= 5:
            misspelt.add(m)
    return {"curated": curated, "bulk only": bulk_only, "misspelt": sorted(misspelt)}


def draw(pools: dict[str, list[str]], n: int, mix: tuple[float, ...], seed: int) -> tuple[list[str], list[str]]:
    """``n`` names drawn with replacement, ``mix`` of them from each pool, shuffled; and each one's pool."""
    rng = random.Random(seed)
    counts = [round(n * share) for share in mix]
    counts[-1] = n - sum(counts[:-1])
    drawn = [(pool, rng.choice(pools[pool])) for pool, k in zip(POOLS, counts, strict=True) for _ in range(k)]
    rng.shuffle(drawn)
    return [name for _, name in drawn], [pool for pool, _ in drawn]


def profile(country: str, names: list[str], top: int = 25) -> str:
    """cProfile of make_geocoder + many on these names in this process, the ``top`` functions by own time."""
    from geo.geocode import make_geocoder

    prof = cProfile.Profile()
    prof.enable()
    make_geocoder(ROOT / "data", country=country, bulk=True).many(names)
    prof.disable()
    out = []
    stats = pstats.Stats(prof, stream=_Lines(out)).sort_stats("tottime")
    stats.print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return "".join(out)


class _Lines:
    def __init__(self, out: list[str]):
        self.out = out

    def write(self, text: str) -> None:
        self.out.append(text)


def machine() -> str:
    model = next(
        (
            x.split(":", 1)[1].strip()
            for x in Path("/proc/cpuinfo").read_text().splitlines()
            if x.startswith("model name")
        ),
        "unknown",
    )
    return f"{model}, {os.cpu_count()} cores; Python {platform.python_version()}"


def commit() -> str:
    got = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "geo", "data"], capture_output=True, text=True
    )
    return (got.stdout.strip() or "unknown") + (" (geo/ or data/ modified)" if dirty.stdout.strip() else "")


def verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "**not met**"


def report(results: dict, args, command: str) -> str:
    load, index = results["load"], results["index"]
    out = [
        HEADING,
        "",
        f"- Date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}; commit {commit()}",
        f"- Machine: {machine()} (shared with other work while measured)",
        f"- Command: `{command}`",
        f"- Runs: median of {args.runs}, each a fresh Python process (files in the OS page cache)",
        "- Goals judged on the CPU time of the step: every step runs on one core, so on a busy machine its wall time"
        " also counts the waits for a core (the two agree on an idle one)",
        f"- Layer: {load['rows']:,} rows (data/geonames_full.csv.gz); index: {index['keys']:,} folded names",
        "",
        "| step | wall s | CPU s | whole process wall s | whole process CPU s | goal |",
        "|---|---|---|---|---|---|",
        f"| load: `load_geonames_full()` | {load['wall']:.3f} | {load['cpu']:.3f} | {load['process_wall']:.3f} | "
        f"{load['process_cpu']:.3f} | ≤ {LOAD_GOAL_S:g} s: {verdict(load['cpu'], LOAD_GOAL_S)} |",
        f"| index: `BulkLayer.of(data)._load()` (layer + OSM nodes read, names indexed) | {index['wall']:.3f} | "
        f"{index['cpu']:.3f} | {index['process_wall']:.3f} | {index['process_cpu']:.3f} | "
        f"paid once, inside the batch; ≤ {LOAD_GOAL_S:g} s if the goal's loading counts it: "
        f"{verdict(index['cpu'], LOAD_GOAL_S)} |",
    ]
    for country, b in results["batch"].items():
        out.append(f"| batch {country}: `make_geocoder(...)` | {b['make_wall']:.3f} | {b['make_cpu']:.3f} | | | |")
        out.append(
            f"| batch {country}: `.many()` of {args.names:,} names ({b['distinct']:,} distinct) | {b['wall']:.3f} | "
            f"{b['cpu']:.3f} | {b['process_wall']:.3f} | {b['process_cpu']:.3f} | "
            f"≤ {BATCH_GOAL_S:g} s: {verdict(b['cpu'], BATCH_GOAL_S)} |"
        )
    mix = ", ".join(f"{share:.0%} {pool}" for pool, share in zip(POOLS, args.mix, strict=True))
    out += [
        "",
        f"Names: {args.names:,} per country, seed {args.seed}, drawn with replacement: {mix} (see the docstring of "
        "scripts/benchmark_geocoder.py). Pools and answers:",
        "",
        "| country | pool | pool size | drawn | distinct drawn | answers |",
        "|---|---|---|---|---|---|",
    ]
    for country, b in results["batch"].items():
        for pool in POOLS:
            answers = ", ".join(
                f"{s.split(': ', 1)[1]} {k:,}"
                for s, k in sorted(b["statuses"].items(), key=lambda x: -x[1])
                if s.startswith(pool + ": ")
            )
            out.append(
                f"| {country} | {pool} | {b['pool_sizes'][pool]:,} | {b['drawn'][pool]:,} | "
                f"{b['distinct_by_pool'][pool]:,} | {answers} |"
            )
    return "\n".join(out) + "\n"


def write(section: str) -> None:
    """Put ``section`` in benchmarks/RESULTS.md in place of an earlier one (from its heading to the next
    top-level heading), else at the end."""
    lines = RESULTS.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next((i for i, x in enumerate(lines) if x.strip() == HEADING), None)
    if at is None:
        text = "".join(lines).rstrip("\n") + "\n\n" + section
    else:
        end = next((i for i in range(at + 1, len(lines)) if lines[i].startswith("# ")), len(lines))
        rest = "".join(lines[end:])
        text = "".join(lines[:at]) + section + ("\n" + rest if rest else "")
    RESULTS.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="fresh processes per step (default 5)")
    ap.add_argument("--names", type=int, default=100_000, help="names per batch (default 100,000)")
    ap.add_argument("--countries", default="MLI,NER,BFA", help="one batch per country hint (default MLI,NER,BFA)")
    ap.add_argument("--mix", default="0.4,0.4,0.2", help="shares of curated, bulk-only and misspelt names")
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--write", action="store_true", help=f"write the table into {RESULTS.relative_to(ROOT)}")
    ap.add_argument("--profile", action="store_true", help="cProfile one batch of the first country and print it")
    args = ap.parse_args()
    args.mix = tuple(float(x) for x in args.mix.split(","))
    if len(args.mix) != len(POOLS) or abs(sum(args.mix) - 1) > 1e-9:
        ap.error(f"--mix takes {len(POOLS)} shares that add up to 1 ({', '.join(POOLS)})")
    command = "python scripts/benchmark_geocoder.py " + " ".join(sys.argv[1:])
    results: dict = {
        "load": run_many(STEP["load"].format(root=str(ROOT)), args.runs),
        "index": run_many(STEP["index"].format(root=str(ROOT)), args.runs),
        "batch": {},
    }
    todo_by_country = {}
    with tempfile.TemporaryDirectory() as tmp:
        for country in args.countries.split(","):
            pools = name_pools(country, args.seed)
            names, from_pool = draw(pools, args.names, args.mix, args.seed)
            todo_by_country[country] = names
            path = Path(tmp) / f"{country}.json"
            path.write_text(json.dumps({"country": country, "names": names, "pools": from_pool}), encoding="utf-8")
            b = run_many(STEP["batch"].format(root=str(ROOT), names=str(path)), args.runs)
            b["pool_sizes"] = {p: len(pools[p]) for p in POOLS}
            b["drawn"] = dict(Counter(from_pool))
            b["distinct_by_pool"] = {
                p: len({n for n, q in zip(names, from_pool, strict=True) if q == p}) for p in POOLS
            }
            b["distinct"] = len(set(names))
            results["batch"][country] = b
    section = report(results, args, command.strip())
    print(section)
    if args.write:
        write(section)
        print(f"wrote the section {HEADING!r} of {RESULTS.relative_to(ROOT)}")
    if args.profile:
        country, names = next(iter(todo_by_country.items()))
        print(profile(country, names))


if __name__ == "__main__":
    main()
