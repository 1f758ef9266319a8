import csv
import shutil
from pathlib import Path

import pytest

import geo

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def csv_rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def dataset() -> geo.Dataset:
    return geo.load(DATA)


@pytest.fixture(scope="session")
def html(dataset) -> str:
    return geo.render_html(dataset)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ for tests that break it on purpose."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def edit_csv(path: Path, row_id: str, **changes) -> None:
    """Change cells of the row whose id is ``row_id`` in a CSV file, keeping everything else."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    hit = [r for r in rows if r["id"] == row_id]
    assert hit, f"no row {row_id} in {path}"
    hit[0].update(changes)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def page_data(html: str) -> dict:
    """A built map's one data block, parsed as the page's JavaScript parses it."""
    import json
    import re

    from geo.render.page import DATA_ID

    m = re.search(rf'<script type="application/json" id="{DATA_ID}">(.*?)</script>', html, re.S)
    assert m, "no data block in the page"
    return json.loads(m.group(1))
