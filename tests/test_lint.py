"""The code passes ruff (pyflakes and pycodestyle's error rules, configured in pyproject.toml)."""

import shutil
import subprocess

from conftest import ROOT


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff", path=str(ROOT / ".venv" / "bin")) or shutil.which("ruff")
    assert ruff, "ruff is missing: bash scripts/setup.sh --test installs it"
    result = subprocess.run(
        [ruff, "check", "geo", "cli.py", "scripts", "tests"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
