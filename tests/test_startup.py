"""`liptako --help` and `--version` import nothing heavy (issue 21), and geo's names still resolve.

Not a timing test (scripts/benchmark_startup.py measures the time): each command runs as its own
process under ``python -X importtime``, which names every module the process imported.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main

ROOT = Path(__file__).resolve().parents[1]
# What only a command's work needs: the geospatial and table stack, the page, the browser, the charts.
HEAVY = {
    "branca",
    "folium",
    "geopandas",
    "matplotlib",
    "numpy",
    "openpyxl",
    "pandas",
    "playwright",
    "pyarrow",
    "pyogrio",
    "pyproj",
    "rapidfuzz",
    "shapely",
    "xyzservices",
}


def imported(args: list[str]) -> tuple[str, set[str]]:
    """Standard output of ``python cli.py ARGS`` and the top-level names of every module it imported."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", str(ROOT / "cli.py"), *args], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr
    lines = [x for x in run.stderr.splitlines() if x.startswith("import time:")]
    names = {x.rsplit("|", 1)[1].strip().split(".")[0] for x in lines[1:]}  # the first line is the header
    assert "click" in names and "geo" in names  # the probe sees imports at all
    return run.stdout, names


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], *([name, "--help"] for name in sorted(main.commands))], ids=" ".join
)
def test_help_and_version_import_nothing_heavy(args):
    out, names = imported(args)
    assert ("version" in out) if args == ["--version"] else out.startswith("Usage:")
    assert sorted(names & HEAVY) == []


def test_a_command_still_imports_what_it_needs():
    """The probe above would pass if it saw no imports at all: a real command does load its libraries."""
    out, names = imported(["geocode", "Ménaka", "--json"])
    assert json.loads(out)[0]["name"] == "Ménaka"
    assert {"rapidfuzz", "shapely"} <= names


PUBLIC = """
import json, sys
import geo
eager = sorted(m for m in ("geo.pipeline", "geo.render", "pandas", "geopandas") if m in sys.modules)
from geo import Dataset, load, render_html
import geo.pipeline, geo.gazetteer, geo.render
same = [
    Dataset is geo.pipeline.Dataset,
    load is geo.pipeline.load,
    render_html is geo.render.render_html,
    geo.DEFAULT_DATA == geo.gazetteer.DEFAULT_DATA == geo.pipeline.DEFAULT_DATA,
    all(getattr(geo, name) is not None for name in geo.__all__),
    set(geo.__all__) <= set(dir(geo)),
    geo.stats.__name__ == "geo.stats",
    not hasattr(geo, "no_such_name"),
]
print(json.dumps({"eager": eager, "same": same, "data": str(geo.DEFAULT_DATA)}))
"""


def test_geo_names_resolve_on_first_use():
    run = subprocess.run([sys.executable, "-c", PUBLIC], capture_output=True, text=True, cwd=ROOT, check=True)
    got = json.loads(run.stdout)
    assert got["eager"] == []
    assert got["same"] == [True] * 8
    assert Path(got["data"]) == ROOT / "data"  # a checkout reads its own data/
