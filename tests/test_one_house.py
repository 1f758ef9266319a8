"""Seams of issue 21 ("One house"): one place assembles the gazetteer layers of a data folder, for maps and
``geocode`` alike; no module imports another inside a function to dodge a cycle; outputs name what they are."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import geo
from cli import main
from geo.gazetteer import data_file, read_layers

ROOT = Path(__file__).resolve().parents[1]
# Modules whose functions may import geo modules late: the CLI imports a command's machinery only when the
# command runs, so that `liptako --help` starts fast.
LATE_IMPORTS_ALLOWED = {"geo/cli.py", "geo/__init__.py"}


def late_internal_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("geo")):
                    out.append(f"line {node.lineno}: from {'.' * node.level}{node.module or ''} import ...")
    return out


def test_no_module_of_geo_imports_another_inside_a_function():
    found = {
        str(p.relative_to(ROOT)): late
        for p in sorted((ROOT / "geo").rglob("*.py"))
        if str(p.relative_to(ROOT)) not in LATE_IMPORTS_ALLOWED and (late := late_internal_imports(p))
    }
    assert not found, f"imports inside functions hide import cycles; move them to the top: {found}"


@pytest.mark.parametrize("module", ["geo.gazetteer", "geo.importers", "geo.geocode", "geo.importers.common"])
def test_each_module_imports_first_in_a_fresh_interpreter(module):
    """The cycle gazetteer -> importers -> geocode -> gazetteer made some modules importable only after others."""
    done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _with_homonym(data_copy: Path, name: str, lat: float, lon: float) -> None:
    with open(data_copy / "homonyms.csv", "a", encoding="utf-8") as fh:
        fh.write(f"999000001,{name},MLI,{lat},{lon},PPL,test row\n")


def test_homonyms_come_from_the_data_folder(data_copy):
    """``--data DIR`` reads DIR/homonyms.csv (it used to read the project's, whatever --data said)."""
    _with_homonym(data_copy, "Tessit", 14.0, -3.0)  # a second Tessit, far from the real one
    layers, problems = read_layers(data_copy)
    assert not problems
    assert [p.lat for p in layers.homonyms if p.name == "Tessit"] == [14.0]
    ours = json.loads(CliRunner().invoke(main, ["geocode", "--json", "Tessit"]).output)[0]
    theirs = CliRunner().invoke(main, ["geocode", "--data", str(data_copy), "--json", "Tessit"])
    assert ours["status"] == "exact"
    assert json.loads(theirs.output)[0]["status"] != "exact", theirs.output


def test_maps_and_geocode_use_the_same_layers(data_copy):
    _with_homonym(data_copy, "Tessit", 14.0, -3.0)
    ds = geo.load(data_copy)
    m = ds.geocoder("Tessit")
    cli = json.loads(CliRunner().invoke(main, ["geocode", "--data", str(data_copy), "--json", "Tessit"]).output)[0]
    assert m.status == cli["status"]


def test_a_data_folder_without_the_bulk_layers_uses_the_projects(tmp_path):
    assert data_file(tmp_path, "homonyms.csv") == geo.DEFAULT_DATA / "homonyms.csv"
    (tmp_path / "homonyms.csv").write_text("x", encoding="utf-8")
    assert data_file(tmp_path, "homonyms.csv") == tmp_path / "homonyms.csv"


def test_every_layer_problem_is_reported_at_once(data_copy):
    (data_copy / "homonyms.csv").write_text("geonameid,name\n1,x\n", encoding="utf-8")
    (data_copy / "geonames_region.csv").write_text("nothing,useful\n", encoding="utf-8")
    _, problems = read_layers(data_copy)
    files = {Path(p.file).name for p in problems}
    assert files == {"homonyms.csv", "geonames_region.csv"}, problems


def test_geojson_export_is_named_after_its_file(tmp_path):
    """The GeoJSON's "name" was the temporary file's (".x.geojson.1234.ab12cd34.tmp")."""
    out = tmp_path / "borderland.geojson"
    done = CliRunner().invoke(main, ["export", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert json.loads(out.read_text(encoding="utf-8"))["name"] == "borderland"


# -- library messages name parameters; the command line shows flags ----------------------------------------

FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def message_strings(path: Path):
    """(line, text) of each string constant of ``path`` that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.lineno, node.value


def flags_in_messages(path: Path) -> list[str]:
    out = []
    for line, text in message_strings(path):
        if path.name == "snapshot.py" and FLAG.fullmatch(text):
            continue  # Chromium's own command-line switches
        out += [f"line {line}: {m.group(0)}" for m in FLAG.finditer(text)]
    return out


def test_library_messages_name_parameters_not_flags():
    """A flag in a library message is wrong for a Python caller, and was wrong on the command line too: the
    importer told users to pass --format, which on `export` is the output format."""
    found = {
        str(p.relative_to(ROOT)): hits
        for p in sorted((ROOT / "geo").rglob("*.py"))
        if p.name != "cli.py" and (hits := flags_in_messages(p))
    }
    assert not found, found


def test_every_parameter_a_message_names_has_a_flag():
    """Each `parameter` in a message (not a docstring) is one the command line can show as a flag."""
    from geo.cli import FLAGS

    named = {}
    for p in sorted((ROOT / "geo").rglob("*.py")):
        if p.name == "cli.py":
            continue
        for _, text in message_strings(p):
            for name in re.findall(r"(?<!`)`([a-z_]+)`(?!`)", text):
                named.setdefault(name, str(p.relative_to(ROOT)))
    assert {"region", "fmt", "strict", "allow", "window", "aspect", "with_table"} <= set(named)
    missing = {n: f for n, f in named.items() if n not in FLAGS}
    assert not missing, missing


@pytest.mark.parametrize(
    "args, flag",
    [
        (["stats", "--events", str(ROOT / "README.md")], "name the format with --events-format if"),
        (["validate", "--events", str(ROOT / "tests" / "fixtures" / "acled_2024.csv"), "--strict"], "(--strict stops"),
        (["embed", "--aspect", "0:2"], "--aspect '0:2' is"),
    ],
)
def test_the_command_line_shows_flags(args, flag):
    done = CliRunner().invoke(main, args)
    assert done.exit_code != 0
    assert flag in done.output, done.output
    assert "`" not in done.output.replace("``", ""), done.output
