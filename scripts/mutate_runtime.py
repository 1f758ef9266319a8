"""Mutation testing of the page runtime (the modules in geo/render/js/), which mutmut cannot reach.

Each mutant is one small change to the runtime's checks (the CSV cell rule, the hash and actor caps,
the table's truncation, the filters, date validation), written by hand as (what, old text, new text).
The script copies the repository to a temporary folder once, applies one mutant at a time to the
copy's module file that holds its text (the text must occur exactly once in all the modules), runs
the browser tests that should notice (the fast unit tests of the runtime's pure functions first), and
reports which mutants were killed (a test failed) and which survived. The repository itself is never modified.

    .venv/bin/python scripts/mutate_runtime.py            # every mutant; prints a table and the score
    .venv/bin/python scripts/mutate_runtime.py --list     # the mutants only
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = Path("geo/render/js")
TESTS = [
    "tests/test_runtime_units.py",
    "tests/test_browser_table.py",
    "tests/test_browser_strangers.py",
    "tests/test_browser_events.py",
    "tests/test_browser_safety.py",
    "tests/test_browser_scale.py",
]

MUTANTS = [
    # The CSV cell rule (OWASP CSV injection).
    (
        "csv: '=' no longer starts a formula",
        "[\\s\\u0000-\\u001f\\u007f-\\u009f]*[=+\\-@]|^[\\t\\r]/;",
        "[\\s\\u0000-\\u001f\\u007f-\\u009f]*[+\\-@]|^[\\t\\r]/;",
    ),
    (
        "csv: leading whitespace before '=' not skipped",
        "var FORMULA_START = /^[\\s\\u0000-\\u001f\\u007f-\\u009f]*",
        "var FORMULA_START = /^",
    ),
    ("csv: a leading tab or CR is not a formula", "[=+\\-@]|^[\\t\\r]/;", "[=+\\-@]/;"),
    (
        "csv: ';' inside a cell starts no formula",
        "var FORMULA_AFTER_SEPARATOR = /[;,]",
        "var FORMULA_AFTER_SEPARATOR = /[,]",
    ),
    ("csv: inner separators not neutralised", 's = "\'" + s.replace(FORMULA_SEPARATORS, "$1\'");', 's = "\'" + s;'),
    (
        "csv: no ' prefix",
        's = "\'" + s.replace(FORMULA_SEPARATORS, "$1\'");',
        's = s.replace(FORMULA_SEPARATORS, "$1\'");',
    ),
    ("csv: only the first quote doubled", 's.replace(/"/g, \'""\')', 's.replace(/"/, \'""\')'),
    ("csv: a cell with ';' not quoted", '/[",;\\n\\r]|^ | $/', '/[",\\n\\r]|^ | $/'),
    ("csv: a newline does not force quotes", '/[",;\\n\\r]|^ | $/', '/[",;\\r]|^ | $/'),
    ("csv: plain numbers guarded too", "var formula = !PLAIN_NUMBER.test(s) && ", "var formula = "),
    ("csv: infinite numbers written", 'return isFinite(v) ? String(v) : "";', "return String(v);"),
    # Caps on text from links and the API.
    ("actor: no cap", "return s.length > MAX_ACTOR ? s.slice(0, MAX_ACTOR) : s;", "return s;"),
    ("actor: cap off by one", "var MAX_ACTOR = 200;", "var MAX_ACTOR = 201;"),
    ("hash: an overlong hash is read", "if (hash.length > MAX_HASH) {", "if (false) {"),
    (
        "hash: values not cut",
        "decodeURIComponent(kv.slice(i + 1)).slice(0, MAX_HASH_VALUE)",
        "decodeURIComponent(kv.slice(i + 1))",
    ),
    (
        "hash: a malformed escape throws",
        "} catch (e) { /* a malformed escape: ignored */ }",
        "} finally { /* a malformed escape: ignored */ }",
    ),
    # The table's truncation.
    ("table: cells not cut", 'return s.length > CELL_CHARS ? s.slice(0, CELL_CHARS) + "\\u2026" : s;', "return s;"),
    ("table: cut without the ellipsis", 's.slice(0, CELL_CHARS) + "\\u2026"', "s.slice(0, CELL_CHARS)"),
    ("table: cut at 30", "var CELL_CHARS = 300;", "var CELL_CHARS = 30;"),
    # The filter every layer, count, table and download follows.
    ("filter: events ending before 'from' kept", "if (f.from !== null && ev.end[i] < f.from) { return false; }", ""),
    ("filter: events starting after 'to' kept", "if (f.to !== null && ev.start[i] > f.to) { return false; }", ""),
    ("filter: '<' becomes '<='", "ev.end[i] < f.from", "ev.end[i] <= f.from"),
    ("filter: hidden kinds kept", "if (!f.kinds[ev.kinds[ev.b.kind[i]]]) { return false; }", ""),
    ("filter: actor ignored for events", 'if (LG.actorOk && !LG.actorOk[ev.code("actors", i)]) { return false; }', ""),
    (
        "filter: a record's symbol ignores its row's filter",
        "function symbolPasses(s) { return passes(s.i); }",
        "function symbolPasses(s) { return true; }",
    ),
    ("counts: a record counted once per place", "if (seen[id]) { continue; }", ""),
    ("filter: accents not folded", '.replace(/[\\u0300-\\u036f]/g, "")', ""),
    # Dates from links.
    ("hash: 2022-02-30 taken as a day", "&& isoOf(dayOf(s)) === s ?", "?"),
    # The table's window, count and order (issue 22).
    (
        "table: the window stops before the last row in sight",
        "var last = Math.min(n, Math.ceil((top + view) / ROW_PX) + MARGIN);",
        "var last = Math.min(n, Math.floor((top + view) / ROW_PX));",
    ),
    (
        "table: the count is the rows drawn",
        'info.textContent = found.length + " match"',
        'info.textContent = body.rows.length + " match"',
    ),
    ("table: the reverse order ignored", "var i = order[sort.down ? order.length - 1 - k : k];", "var i = order[k];"),
    (
        "table: the filter ignored",
        "if (passes(i) && (!want || matches(i, want))) { found.push(i); }",
        "if (!want || matches(i, want)) { found.push(i); }",
    ),
    # A popup clear of the panels and inside the screen; a phone's first view.
    ("room: panels are no obstacles", "out.push({ left: r.left - MARGIN", "void ({ left: r.left - MARGIN"),
    ("room: a popup wider than the screen kept", "if (wider > 0 && content) {", "if (false) {"),
    (
        "room: the least overlap not sought",
        "if (!best || over < best.over || (over === best.over && d < best.d))",
        "if (!best || d < best.d)",
    ),
    ("room: the tip left out", "right: r.right, bottom: r.bottom + TIP };", "right: r.right, bottom: r.bottom };"),
    ("phone: fitted to the focus", "if (LG.tiny && !LG.printing && LG.room.fitSmall(v.bbox)) { return; }", ""),
]


def apply(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise SystemExit(f"mutant text found {text.count(old)} times (must be once): {old!r}")
    return text.replace(old, new)


def modules() -> dict[str, str]:
    """The runtime's module files (name to text)."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / RUNTIME).glob("*.js"))}


def home(sources: dict[str, str], old: str) -> str:
    """The one module file whose text holds ``old`` (exactly once over all of them)."""
    counts = {name: text.count(old) for name, text in sources.items()}
    if sum(counts.values()) != 1:
        raise SystemExit(f"mutant text found {sum(counts.values())} times in {RUNTIME} (must be once): {old!r}")
    return next(name for name, n in counts.items() if n)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list", action="store_true", help="list the mutants and check each applies; run nothing")
    ap.add_argument("-k", help="only mutants whose description contains this text")
    args = ap.parse_args(argv)
    sources = modules()
    chosen = [m for m in MUTANTS if not args.k or args.k in m[0]]
    where = {what: home(sources, old) for what, old, _ in chosen}
    if args.list:
        print("\n".join(f"{where[what]:<14} {what}" for what, _, _ in chosen))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv", "mutants", "__pycache__"))
        results = []
        for what, old, new in chosen:
            name = where[what]
            (copy / RUNTIME / name).write_text(apply(sources[name], old, new), encoding="utf-8")
            t0 = time.perf_counter()
            # The copy's geo/ comes first on the path (python -m pytest puts the working folder there).
            run = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *TESTS],
                cwd=copy,
                capture_output=True,
                text=True,
            )
            killed = run.returncode != 0
            results.append((what, killed, time.perf_counter() - t0))
            print(f"{'killed  ' if killed else 'SURVIVED'} {time.perf_counter() - t0:5.0f} s  {what}", flush=True)
            (copy / RUNTIME / name).write_text(sources[name], encoding="utf-8")
    n = sum(k for _, k, _ in results)
    print(f"\n{n} of {len(results)} mutants killed ({100 * n / len(results):.0f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
