"""The code passes ruff's rules and formatter and mypy, as configured in pyproject.toml.

The tools run as modules of this interpreter (``python -m ruff``), so they need not be on PATH: the
test extra installs them (``pip install -e ".[test]"``). A failure shows the tool's own report.
"""

import subprocess
import sys

import pytest

from conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-fix", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    result = run("ruff", "format", "--check", ".")
    assert result.returncode == 0, "run `ruff format .`:\n" + result.stdout + result.stderr


@pytest.mark.slow  # about 30 s without mypy's cache (.mypy_cache), 2 s with it
def test_mypy_finds_nothing():
    result = run("mypy")  # the files and options are [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
