"""The wheel works outside the checkout (issue 21): built offline, installed into a fresh venv, run in an empty folder.

The venv borrows its dependencies from the one running the tests through a .pth file that lists that venv's
site-packages. Python adds such a folder to sys.path without reading the .pth files inside it, so the
editable install of this checkout (a .pth file there) stays off: `geo` can only come from the wheel.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def run(args, cwd, **kwargs):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the venv, its empty working folder, the wheel's file names) once the wheel is built and installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    # Build from a copy: setuptools leaves build/ and *.egg-info next to the sources, and stale files in a
    # checkout's build/ could end up in the wheel.
    src = tmp / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("geo", "data"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "cli.py"):
        shutil.copy2(ROOT / name, src / name)
    run([sys.executable, "-m", "pip", "wheel", src, "--no-deps", "--no-build-isolation", "-w", tmp / "dist"], tmp)
    (wheel,) = (tmp / "dist").glob("liptako-*.whl")
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], tmp)
    python = venv / "bin" / "python"
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp).strip())
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "borrowed_dependencies.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel], tmp)
    work = tmp / "work"
    work.mkdir()
    return venv, work, zipfile.ZipFile(wheel).namelist()


def test_the_wheel_carries_the_data_and_no_top_level_cli(installed):
    _, _, names = installed
    data = sorted(p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*") if p.is_file())
    assert "boundaries/countries.geojson" in data and "README.md" in data
    assert sorted(n.removeprefix("geo/_data/") for n in names if n.startswith("geo/_data/")) == data
    assert {
        "geo/render/js/00-lg.js",
        "geo/render/js/95-api.js",
        "geo/render/map.css",
        "geo/cli.py",
        "geo/__init__.py",
    } <= set(names)
    assert {n.split("/")[0] for n in names} == {"geo", "liptako-0.1.0.dist-info"}  # no cli.py, data/ or maps/


def test_geo_comes_from_the_wheel_not_the_checkout(installed):
    venv, work, _ = installed
    probe = "import geo, importlib.util, json; print(json.dumps([geo.__file__, str(geo.DEFAULT_DATA), importlib.util.find_spec('cli') is None]))"
    geo_file, data, no_cli = json.loads(run([venv / "bin" / "python", "-c", probe], work))
    assert Path(geo_file).is_relative_to(venv)
    assert Path(data) == Path(geo_file).parent / "_data"
    assert no_cli  # the checkout's cli.py is not importable there, so neither is its folder


def test_the_installed_package_loads_the_geonames_layer(installed):
    venv, work, _ = installed
    probe = "from geo.geonames_full import load_geonames_full; f = load_geonames_full(); print(len(f), f['geonameid'].dtype)"
    rows, dtype = run([venv / "bin" / "python", "-c", probe], work).split()
    assert int(rows) > 50_000 and dtype == "int64"


def test_liptako_runs_from_an_empty_folder(installed, tmp_path):
    venv, work, _ = installed
    liptako = venv / "bin" / "liptako"
    assert "0.1.0" in run([liptako, "--version"], work)

    out = run([liptako, "build", "--out", "x.html"], work)
    page = (work / "x.html").read_text(encoding="utf-8")
    assert "wrote x.html" in out and page.startswith("<!DOCTYPE html>") and "Ménaka" in page
    assert sorted(p.name for p in work.iterdir()) == ["x.html"]  # no maps/ made in the user's folder

    found = json.loads(run([liptako, "geocode", "Ménaka", "--json"], work))
    assert (found[0]["status"], found[0]["country"]) == ("exact", "MLI")
    assert "Ménaka" in run([liptako, "geocode", "Ménaka"], work)

    # The same data as the checkout's: the same export, byte for byte (its "file" column names the file only,
    # not the folder it lies in, so where the package is installed does not show).
    run([liptako, "export", "--out", "x.csv"], work)
    here = CliRunner().invoke(main, ["export", "--out", str(tmp_path / "x.csv")])
    assert here.exit_code == 0, here.output
    exported = (work / "x.csv").read_text(encoding="utf-8")
    assert ',"records.csv",' in exported and "site-packages" not in exported
    assert exported == (tmp_path / "x.csv").read_text(encoding="utf-8")
    assert len(exported.splitlines()) > 10

    assert "events" in run([liptako, "stats"], work)
    here = CliRunner().invoke(main, ["stats", "--json"])
    assert here.exit_code == 0, here.output
    assert json.loads(run([liptako, "stats", "--json"], work)) == json.loads(here.stdout)
