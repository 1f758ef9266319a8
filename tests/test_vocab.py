"""One vocabulary (issue 21): the countries, place kinds, source formats, ring and band distances, the exact
precision and the near rule are spelled out in geo/vocab.py only. Every other module, and the page's script,
takes them from there; a literal copy elsewhere is a second definition that can drift."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from geo import vocab
from geo.records import apply_near

ROOT = Path(__file__).resolve().parents[1]
PY = sorted(p for p in (ROOT / "geo").rglob("*.py") if p.name != "vocab.py")

# Exact string constants that only vocab.py may hold.
WORDS = {
    *vocab.COUNTRIES,
    *vocab.COUNTRY_NAMES,
    "Burkina",
    *vocab.PLACE_KINDS,
    *vocab.PRECISIONS[:2],
    *(f.label for f in vocab.SOURCE_FORMATS.values()),
}
# Text that must not appear inside any string constant outside vocab.py.
FRAGMENTS = [vocab.TRI_POINT_NAME, "acleddata.com", "ucdp.uu.se", "50, 100 and 150", "50/100/150"]
NUMBERS = {tuple(vocab.RING_KM), tuple(vocab.BAND_KM)}


def _docstrings(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


# Words that are vocabulary elsewhere but mean something else here.
ALLOWED = {("geo/render/payload.py", "'Niger'"): "the Niger river, as Natural Earth names it"}


def _keys(tree) -> set[int]:
    return {id(k) for node in ast.walk(tree) if isinstance(node, ast.Dict) for k in node.keys if k is not None}


def literal_copies(source: str, where: str = "") -> list[tuple[int, str]]:
    """(line, what) for each vocabulary literal in Python ``source`` outside docstrings and dict keys."""
    tree = ast.parse(source)
    skip = _docstrings(tree) | _keys(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if node.value in WORDS and (where, repr(node.value)) not in ALLOWED:
                found.append((node.lineno, repr(node.value)))
            found += [(node.lineno, f"{frag!r} in a string") for frag in FRAGMENTS if frag in node.value]
        elif isinstance(node, (ast.Tuple, ast.List)):
            values = tuple(e.value for e in node.elts if isinstance(e, ast.Constant))
            if len(values) == len(node.elts) and values in NUMBERS:
                found.append((node.lineno, f"distances {values}"))
        elif isinstance(node, ast.Set):
            names = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            for f in vocab.SOURCE_FORMATS.values():
                if f.signature <= names:
                    found.append((node.lineno, f"the {f.label} header signature"))
    return found


@pytest.mark.parametrize("path", PY, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_vocabulary_literal_outside_vocab(path):
    copies = literal_copies(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not copies, f"{path.relative_to(ROOT)} spells out vocabulary; import it from geo.vocab: {copies}"


@pytest.mark.parametrize(
    "source",
    [
        'COUNTRIES = ("MLI", "NER", "BFA")',
        'if kind == "village": pass',
        "RINGS = (50, 100, 150)",
        'x = {"event_id_cnty", "event_date", "event_type"} <= cols',
        'TEXT = "within 10 km of the Mali–Niger–Burkina Faso tri-point"',
        'if p.precision != "point": pass',
        'name = {"acled": "ACLED"}',
    ],
)
def test_the_scan_finds_each_kind_of_copy(source):
    assert literal_copies(source), source


def test_the_scan_leaves_docstrings_and_other_words_alone():
    assert not literal_copies(
        'def f():\n    """Mali, "MLI" and the Mali–Niger–Burkina Faso tri-point."""\n    return "pointed"\n'
    )


def test_the_page_receives_the_vocabulary_in_one_block():
    block = vocab.page_vocab()
    assert block["countries"] == ["MLI", "NER", "BFA"]
    assert block["rings_km"] == [50, 100, 150] and block["bands_km"] == [10, 50, 100]
    assert block["exact"] == "point" and block["tri_point"] == vocab.TRI_POINT_NAME
    assert block["formats"] == {"acled": "ACLED", "ucdp": "UCDP GED", "records": "records file"}


def test_source_formats_detect_their_own_headers_only():
    acled = ["event_id_cnty", "event_date", "event_type", "location"]
    ucdp = ["id", "type_of_violence", "where_prec", "date_start", "best"]
    records = ["id", "kind", "date", "places", "sources", "summary"]
    found = {k: [f.detect(h) for h in (acled, ucdp, records)] for k, f in vocab.SOURCE_FORMATS.items()}
    assert found == {"acled": [True, False, False], "ucdp": [False, True, False], "records": [False, False, True]}


def test_country_words_name_only_the_three():
    assert vocab.COUNTRY_WORDS == {
        "MLI": "MLI", "NER": "NER", "BFA": "BFA", "Mali": "MLI", "Niger": "NER", "Burkina Faso": "BFA", "Burkina": "BFA"
    }  # fmt: skip


def test_near_rule_widens_exact_places_only_where_a_record_says_near():
    frame = pd.DataFrame(
        {
            "near_km": [5.0, None, 30.0, 2.0],
            "precision": ["point", "point", "admin2", "point"],
            "radius_km": [0.0, 0.0, 20.0, 0.0],
        }
    )
    apply_near(frame, rows=pd.Series([True, True, True, False]))
    assert frame["precision"].tolist() == ["near", "point", "admin2", "point"]
    assert frame["radius_km"].tolist() == [5.0, 0.0, 30.0, 0.0]


def test_js_has_no_country_codes_or_ring_text():
    """The page's script reads countries and ring distances from the data block (``vocab``)."""
    files = sorted((ROOT / "geo" / "render" / "js").glob("*.js"))
    assert len(files) > 10
    pattern = re.compile(r"""["'](MLI|NER|BFA|point|near)["']|50, 100 and 150|Burkina Faso|acleddata|ucdp\.uu""")
    hits = [(f.name, m.group(0)) for f in files for m in pattern.finditer(f.read_text(encoding="utf-8"))]
    assert not hits, hits
