"""Documentation that cannot drift (issue 21).

* ``docs/cli.md`` is generated from the click commands (``scripts/gen_cli_docs.py``); it must equal a fresh render.
* Every example command in ``README.md``, ``CONTRIBUTING.md`` and ``docs/*.md`` runs. Examples are fenced
  ``console`` blocks, one command a line after ``$ ``; a trailing ``# exit N`` names an expected exit code other
  than 0; lines under a command are its output (exact standard output, or, with ``...`` lines, found in order in
  its standard output and error). Each runs in a temporary copy of the checkout, so nothing here writes into it:
  the fast ``liptako`` examples through click's CliRunner in one process, every other one as its own process.
  Files the user would have (an ACLED export) are mapped to the fictional fixtures in ``tests/fixtures/``.
  A command that cannot run in a test is listed in ``NOT_RUN`` with the reason; anything else fails.
* ``python`` blocks run too, in the same copy.
* Every page in docs/ is linked from the README, and every relative link in the documentation leads to a file.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

# Result logs: they record how figures were measured, in their own notation, and are not examples to run.
RESULT_LOGS = {
    "benchmarks.md": "a log of measurements; its commands are the benchmarks' own, run on purpose to record figures",
    "mutation.md": "a log of mutation runs that take hours; CONTRIBUTING.md gives the commands",
}
PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md"] + [
    p for p in sorted((ROOT / "docs").glob("*.md")) if p.name not in RESULT_LOGS
]

# Commands the documentation shows that cannot run inside a test, with the reason.
NOT_RUN = {
    "bash scripts/setup.sh && .venv/bin/liptako build": "creates .venv and installs packages from the registry "
    "(the test environment is that .venv); its second half, `liptako build`, runs in docs/maps.md",
    "bash scripts/setup.sh --test && .venv/bin/python -m pytest": "installs packages and apt's chromium, then runs "
    "this whole suite (which includes this test)",
    "bash scripts/setup.sh --test": "creates .venv and installs packages from the registry and apt",
    ".venv/bin/python -m pytest": "the whole test suite, which includes this test",
    '.venv/bin/python -m pytest -m "not browser and not slow"': "the fast test tier, which includes this test",
    "pip install mutmut==3.8.1": "installs from the package registry; tests use no network",
    'mutmut run "geo.stats*"': "a mutation run: thousands of test runs, hours on this machine",
    ".venv/bin/python scripts/benchmark.py": "a benchmark (best of 5 runs of each step); it measures, it checks "
    "nothing",
    ".venv/bin/python benchmarks/bench_events.py --runs 3 --write": "rewrites the events section of "
    "benchmarks/RESULTS.md with this machine's figures at 10,000 to 1,000,000 events, about half an hour",
    "liptako build --events acled_mli.csv --events acled_ner.csv --events acled_bfa.csv --admin1 Ménaka --admin1 "
    "Gao --admin1 Tillabéri --admin1 Tahoua --since 2019-01-01 --until 2020-08-01 --out menaka-2019-20.html --pdf "
    "menaka-2019-20.pdf --paper A4 --orientation landscape": "needs ACLED's real 2019-20 exports, which this "
    "repository may not hold (ACLED's terms); scripts/docs_screenshots.py runs it on them (the fixtures have no "
    "2019-20 rows)",
    "python scripts/measure_geocoder_acled.py acled_mli.csv acled_ner.csv acled_bfa.csv": "needs ACLED's real "
    "exports, which this repository does not hold (ACLED's terms); it measures the geocoder, it checks nothing",
    "python scripts/measure_geocoder_acled.py acled_mli.csv acled_ner.csv acled_bfa.csv --gazetteer-before "
    "2020-01-01 --admin1": "needs ACLED's real exports, which this repository does not hold (ACLED's terms); it "
    "measures the geocoder, it checks nothing",
}

# Names the documentation gives to files the user has, and what the test puts in their place (in the copy).
SPEC_IN_MY_MAPS = 'title = "My map"\nevents = ["../exports/acled-2022.csv"]\n'
USER_FILES = {
    "acled-sahel.csv": FIXTURES / "acled_2024.csv",
    "events.csv": FIXTURES / "acled_2024.csv",
    "earlier-export.csv": FIXTURES / "acled_2019.csv",
    "exports/acled-2022.csv": FIXTURES / "acled_2024.csv",
    "my-maps/mine.toml": SPEC_IN_MY_MAPS,
    "report.html": FIXTURES / "draft" / "en-page.html",
}

# Examples that take more than ~10 s on the project's 2-core machine (every map built, a folium comparison, ...).
SLOW = {
    "liptako build",
    "liptako build --check",
    "liptako build --events acled-sahel.csv --out my-map.html",
    "liptako build --gazetteer earlier-export.csv --events acled-sahel.csv --out my-map.html",
    "python scripts/tune_geocoder.py",
    ".venv/bin/python scripts/benchmark_import.py --rows 10000",
}

COPIED = ("cli.py", "geo", "data", "maps", "scripts", "docs", "tests", "benchmarks", "pyproject.toml")
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\s*$")


@dataclass
class Example:
    page: str
    line: int
    command: str
    exit_code: int = 0
    output: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def blocks(path: Path):
    """(language, first line number, lines) of every fenced block, its indentation removed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, lang, start, body = m.group(1), m.group(2), i + 1, []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
            i += 1
        yield lang, start, body, (set(range(start, i + 2)))
        i += 1


def examples(path: Path) -> list[Example]:
    found: list[Example] = []
    page = str(path.relative_to(ROOT))
    for lang, start, body, _ in blocks(path):
        if lang != "console":
            continue
        for n, text in enumerate(body, start + 1):
            if text.startswith("$ "):
                command = text[2:].strip()
                code = 0
                m = EXIT.search(command)
                if m:
                    code, command = int(m.group(1)), command[: m.start()].rstrip()
                found.append(Example(page, n, command, code))
            else:
                assert found and found[-1].page == page, f"{page}:{n}: console block output before any `$ ` command"
                found[-1].output.append(text)
    return found


ALL = [e for p in PAGES for e in examples(p)]
RUN = [e for e in ALL if e.command not in NOT_RUN]
PYTHON_BLOCKS = [
    (str(p.relative_to(ROOT)), start, "\n".join(body))
    for p in PAGES
    for lang, start, body, _ in blocks(p)
    if lang == "python"
]


def argv(command: str) -> tuple[list[str], str | None]:
    """The process to start for a documented command, and the file its standard output goes to (``> FILE``)."""
    words = shlex.split(command)
    out = None
    if ">" in words:
        at = words.index(">")
        assert at == len(words) - 2, f"{command!r}: only a final `> FILE` redirection is supported"
        words, out = words[:at], words[at + 1]
    if words[0] in ("liptako", ".venv/bin/liptako"):
        return [sys.executable, "cli.py", *words[1:]], out
    if words[0] in ("python", ".venv/bin/python"):
        return [sys.executable, *words[1:]], out
    raise AssertionError(f"{command!r}: neither a liptako nor a python command; run it here or list it in NOT_RUN")


def marks(e: Example):
    browser = any(w in e.command for w in ("--pdf", "--png", "bench_events"))
    slow = browser or e.command in SLOW
    return [m for m, on in ((pytest.mark.browser, browser), (pytest.mark.slow, slow)) if on]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of the checkout in which the examples run, with the user's files in place."""
    root = tmp_path_factory.mktemp("checkout")
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        elif src.exists():
            shutil.copy2(src, root / name)
    for name, what in USER_FILES.items():
        dest = root / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(what, Path):
            shutil.copy2(what, dest)
        else:
            dest.write_text(what, encoding="utf-8")
    return root


# The fast `liptako` examples run in one process, through click's CliRunner, so the libraries are imported once;
# the slow ones, and every other command, each run in a process of their own.
BATCH_RUNNER = """
import json, sys
from click.testing import CliRunner
from cli import main

jobs, results = json.load(open(sys.argv[1], encoding="utf-8")), {}
for job in jobs:
    r = CliRunner().invoke(main, job["args"], prog_name="liptako")
    if job["out"]:
        with open(job["out"], "wb") as fh:
            fh.write(r.stdout_bytes)
    crash = r.exception if r.exception is not None and not isinstance(r.exception, SystemExit) else None
    results[job["id"]] = {"returncode": r.exit_code, "stdout": "" if job["out"] else r.stdout, "stderr": r.stderr,
                          "crash": repr(crash) if crash else ""}
json.dump(results, open(sys.argv[2], "w", encoding="utf-8"))
"""


def batched(e: Example) -> bool:
    return not marks(e) and argv(e.command)[0][1:2] == ["cli.py"]


@pytest.fixture(scope="module")
def batch(checkout: Path) -> dict:
    """What each fast liptako example printed and returned, from one process."""
    jobs = []
    for e in RUN:
        if batched(e):
            args, out = argv(e.command)
            jobs.append({"id": e.id, "args": args[2:], "out": out})
    (checkout / ".jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    done = run([sys.executable, "-c", BATCH_RUNNER, ".jobs.json", ".results.json"], checkout)
    assert done.returncode == 0, f"the example runner failed:\n{done.stderr[-3000:]}"
    return json.loads((checkout / ".results.json").read_text(encoding="utf-8"))


def run(args: list[str], cwd: Path, stdout_file: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd), "COLUMNS": "120"}
    if stdout_file:
        with open(cwd / stdout_file, "w", encoding="utf-8") as fh:
            done = subprocess.run(args, cwd=cwd, env=env, stdout=fh, stderr=subprocess.PIPE, text=True, timeout=900)
        done.stdout = ""
        return done
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def matches(shown: list[str], stdout: str, stderr: str) -> bool:
    """Shown output against what ran: exact stdout, or, with ``...`` lines, the pieces in order in stdout+stderr."""
    shown = [s.rstrip() for s in shown]
    if "..." not in shown:
        return [s.rstrip() for s in stdout.splitlines()] == shown
    got = [s.rstrip() for s in (stdout + "\n" + stderr).splitlines()]
    pieces, piece = [], []
    for s in shown:
        if s == "...":
            pieces.append(piece)
            piece = []
        else:
            piece.append(s)
    pieces.append(piece)
    at = 0
    for n, piece in enumerate(pieces):
        if not piece:
            continue
        anchored = n == 0  # no `...` before the first piece: it is the start of the output
        starts = [at] if anchored else range(at, len(got) - len(piece) + 1)
        for i in starts:
            if got[i : i + len(piece)] == piece:
                at = i + len(piece)
                break
        else:
            return False
    return not pieces[-1] or at == len(got)  # no `...` after the last piece: it is the end of the output


@pytest.mark.parametrize("example", [pytest.param(e, id=e.id, marks=marks(e)) for e in RUN])
def test_example_runs(example: Example, checkout: Path, request):
    args, out = argv(example.command)
    if batched(example):
        r = request.getfixturevalue("batch")[example.id]
        assert not r["crash"], f"{example.id}: `{example.command}` crashed: {r['crash']}\n{r['stderr'][-3000:]}"
        done = subprocess.CompletedProcess(args, r["returncode"], r["stdout"], r["stderr"])
    else:
        done = run(args, checkout, out)
    where = f"{example.id}: `{example.command}`"
    assert done.returncode == example.exit_code, (
        f"{where} exited {done.returncode}, the documentation says {example.exit_code}\n"
        f"stdout:\n{done.stdout[-3000:]}\nstderr:\n{done.stderr[-3000:]}"
    )
    if example.output:
        assert matches(example.output, done.stdout, done.stderr), (
            f"{where}: the output shown in the documentation is not what the command prints now; update the "
            f"page.\nshown:\n" + "\n".join(example.output) + f"\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        )
    if out:
        assert (checkout / out).stat().st_size > 0, f"{where}: wrote nothing to {out}"


@pytest.mark.parametrize("page,line,code", [pytest.param(*b, id=f"{b[0]}:{b[1]}") for b in PYTHON_BLOCKS])
def test_python_block_runs(page, line, code, checkout: Path):
    done = run([sys.executable, "-c", code], checkout)
    assert done.returncode == 0, f"{page}:{line}: the python block fails:\n{done.stderr[-3000:]}"


def test_examples_were_found():
    """The collector sees the examples (a broken fence would silently leave every page untested)."""
    pages = {e.page for e in RUN}
    for page in ("README.md", "docs/maps.md", "docs/stats.md", "docs/geocoding.md", "docs/embedding.md"):
        assert page in pages, f"no runnable example found in {page}"
    assert len(RUN) >= 25 and PYTHON_BLOCKS


def test_every_command_is_runnable_or_listed():
    for e in ALL:
        if e.command in NOT_RUN:
            continue
        argv(e.command)  # raises, naming the command, for one this test cannot run


def test_not_run_list_is_current_and_explained():
    shown = {e.command for e in ALL}
    for command, reason in NOT_RUN.items():
        assert command in shown, f"NOT_RUN lists {command!r}, which no page shows any more: remove it"
        assert len(reason) > 20, f"NOT_RUN gives no real reason for {command!r}"
    for command in SLOW:
        assert command in shown, f"SLOW lists {command!r}, which no page shows any more: remove it"


def test_commands_are_only_in_console_blocks():
    """A liptako command written anywhere else would escape the example test."""
    command = re.compile(r"^\s*(\$ )?(\.venv/bin/)?liptako [a-z-]")
    for page in PAGES:
        inside: set[int] = set()
        for lang, _start, _body, lines in blocks(page):
            if lang == "console":
                inside |= lines
        for n, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if command.match(text) and n not in inside:
                pytest.fail(f"{page.relative_to(ROOT)}:{n}: a liptako command outside a ```console block: {text!r}")


def _gen_cli_docs():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current():
    gen = _gen_cli_docs()
    fresh = gen.render()
    assert gen.OUT.read_text(encoding="utf-8") == fresh, "docs/cli.md is stale: run `python scripts/gen_cli_docs.py`"


def test_cli_reference_does_not_depend_on_the_terminal(monkeypatch):
    gen = _gen_cli_docs()
    monkeypatch.setenv("COLUMNS", "40")
    narrow = gen.render()
    monkeypatch.setenv("COLUMNS", "300")
    assert gen.render() == narrow
    for command in ("build", "embed", "export", "geocode", "stats", "validate"):
        assert f"## liptako {command}\n" in narrow and f"Usage: liptako {command} [OPTIONS]" in narrow


def test_every_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name})" in readme, f"README.md does not link docs/{page.name}"
    assert "(CONTRIBUTING.md)" in readme


def test_relative_links_lead_to_files():
    link = re.compile(r"\]\(([^)\s]+)\)")
    for page in [*PAGES, *(ROOT / "docs" / name for name in RESULT_LOGS)]:
        for target in link.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#")[0]).resolve()
            assert path.exists(), f"{page.relative_to(ROOT)} links {target}, which does not exist"
