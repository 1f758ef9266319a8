"""The page's events block in binary (issue 25): integer columns and dictionary codes as base64 typed arrays
(geo/render/columns.py). The Python encoder round-trips exactly, at the edges of every width, for an empty and a
one-event block; the page's runtime decodes the same values as the Python side."""

from __future__ import annotations

import base64
import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import geo
from conftest import open_map
from geo import vocab
from geo.render.columns import DICTIONARY, TYPED, decoded, event_block, typed, untyped
from geo.render.page import DATA_ID

FIXTURES = Path(__file__).parent / "fixtures"
ACLED = FIXTURES / "acled_2024.csv"

EDGES = {
    "i8": [-128, 127, -1, 0],
    "u8": [0, 255, 128],
    "i16": [-32768, 32767, -1, 255],
    "u16": [0, 65535, 32768],
    "i32": [-(2**31), 2**31 - 1, -1, 65536],
    "f64": [2**31, -1, 2**40],
}


@pytest.mark.parametrize("want", sorted(EDGES))
def test_each_width_holds_its_edge_values_and_round_trips(want):
    values = EDGES[want]
    col = typed(values)
    assert col["type"] == want
    assert untyped(col) == values
    # The bytes are little-endian, whatever the machine: the first value read back by hand.
    raw = base64.b64decode(col["b64"])
    fmt = {"i8": "<i1", "u8": "<u1", "i16": "<i2", "u16": "<u2", "i32": "<i4", "f64": "<f8"}[want]
    assert len(raw) == len(values) * np.dtype(fmt).itemsize
    assert np.frombuffer(raw, dtype=fmt)[0] == values[0]


def test_just_past_each_width_takes_the_next():
    assert [typed([v])["type"] for v in (127, 128, 255, 256, -129, 32768, 65535, 65536, -32769)] == [
        "i8",
        "u8",
        "u8",
        "i16",
        "i16",
        "u16",
        "u16",
        "i32",
        "i32",
    ]
    assert typed([-1, 200])["type"] == "i16"  # a -1 sentinel beside values above 127


def test_empty_and_scaled_columns():
    assert untyped(typed([])) == [] and typed([])["b64"] == ""
    col = typed([0, 25, 1000], scale=10)
    assert col["scale"] == 10 and untyped(col) == [0.0, 2.5, 100.0]
    assert untyped([1, 2]) == [1, 2]  # a plain JSON array is read as it is


def acled_events() -> pd.DataFrame:
    ds = geo.load().with_events([ACLED])
    assert len(ds.events) > 5
    return ds.events


def expected(table: pd.DataFrame) -> pd.DataFrame:
    """The table in the block's order, as the block's rows."""
    return table.sort_values(["start", "source_format", "source_id"], kind="stable").reset_index(drop=True)


def whole(x) -> list[int]:
    x = pd.to_numeric(x, errors="coerce").to_numpy(dtype=float)
    return np.where(np.isfinite(x), np.round(x), -1).astype(int).tolist()


def check_block(table: pd.DataFrame, block: dict) -> None:
    """The decoded block against the table it was built from, column by column, row by row."""
    ev, b = expected(table), decoded(block)
    n = len(ev)
    assert b["n"] == n
    assert b["lat"] == np.round(ev["lat"].to_numpy(dtype=float) * 1e5).astype(int).tolist()
    assert b["lon"] == np.round(ev["lon"].to_numpy(dtype=float) * 1e5).astype(int).tolist()
    start = ev["start"].to_numpy(dtype="datetime64[D]").astype(int)
    end = ev["end"].to_numpy(dtype="datetime64[D]").astype(int)
    assert (b["day0"] + np.cumsum(b["start"])).tolist() == start.tolist()
    assert b["span"] == (end - start).tolist()
    assert [vocab.KINDS[k] for k in b["kind"]] == ev["kind"].tolist()
    assert b["radius"] == np.round(ev["radius_km"].fillna(0).to_numpy(dtype=float), 1).tolist()
    assert b["fatalities"] == whole(ev["fatalities"])
    assert b["border_km"] == whole(ev["border_km"]) and b["tri_km"] == whole(ev["tri_border_km"])
    for col, key in DICTIONARY.items():
        c = b[key]
        got = [c["values"][c["codes"][i]] for i in range(n)] if "codes" in c else [c["values"][0]] * n
        assert got == ev[col].astype("string").fillna("").tolist(), key
        if "codes" in c:
            assert len(c["codes"]) == n
    assert "combo" not in b and all("of" not in c for c in b.values() if isinstance(c, dict))


def test_a_real_import_round_trips_and_shares_one_combo_column():
    table = acled_events()
    block = event_block(table, source_of_file={str(ACLED): 0})
    check_block(table, block)
    # Everything is plain JSON; the integer columns are typed columns.
    json.dumps(block, allow_nan=False)
    assert all(isinstance(block[k], dict) and "b64" in block[k] for k in TYPED if k in block)
    members = [k for k, c in block.items() if isinstance(c, dict) and c.get("of") == "combo"]
    assert len(members) >= 2 and block["combo"]["type"] in ("i8", "u8")  # one byte a row for all of them


def test_edge_values_survive_a_block():
    """Sentinels (-1: no figure, no distance), big figures, a radius with a tenth, one event and none."""
    table = acled_events().head(4).copy()
    table["fatalities"] = [None, 0, 40000, 127]
    table["border_km"] = [None, 0, 255, 256]
    table["tri_border_km"] = [-1, None, 3, 1000]
    table["radius_km"] = [0.0, 2.5, 100.0, None]
    table["lat"] = [-90.0, 90.0, 0.00001, 14.123456]
    table["lon"] = [-180.0, 180.0, -0.00001, 0.0]
    block = event_block(table, source_of_file={})
    check_block(table, block)
    assert block["radius"]["scale"] == 10 and block["lat"]["type"] == "i32"
    assert block["fatalities"]["type"] == "i32" and block["border_km"]["type"] == "i16"
    assert decoded(block)["source"] == {"values": [-1]}  # a file with no page source, as before

    one = event_block(table.head(1), source_of_file={})
    check_block(table.head(1), one)
    assert "combo" not in one  # one event: every dictionary column has one value, nothing to combine

    assert event_block(table.head(0), source_of_file={}) == {"n": 0}
    assert decoded({"n": 0}) == {"n": 0}


def test_the_page_decodes_what_python_decodes(browser, tmp_path):
    """One page, the fixtures' ACLED events and the curated records: every typed column, every dictionary column's
    row text and the decoded coordinates and days in Chromium equal the Python side's."""
    ds = dataclasses.replace(geo.load().with_events([ACLED]), no_notes=True)
    html = geo.render_html(ds)
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    raw = json.loads(html.split(f'id="{DATA_ID}">', 1)[1].split("</script>", 1)[0])["events"]
    assert "combo" in raw and raw["lat"]["type"] == "i32"
    want = decoded(raw)
    page, seen = open_map(browser, path)
    got = page.evaluate(
        """([typedKeys, dictKeys]) => {
        const ev = LG.ev, b = ev.b, arr = (a) => Array.from(a), out = { n: ev.n, typed: {}, text: {}, kinds: {} };
        typedKeys.forEach((k) => { if (b[k]) { out.typed[k] = arr(b[k]);
          out.kinds[k] = Object.prototype.toString.call(b[k]); } });
        dictKeys.forEach((k) => { out.text[k] = []; for (let i = 0; i < ev.n; i++) { out.text[k].push(ev.text(k, i)); } });
        out.lat = arr(ev.lat); out.lon = arr(ev.lon); out.start = arr(ev.start); out.end = arr(ev.end);
        out.combo = 'combo' in b;
        return out;
    }""",
        [list(TYPED), list(DICTIONARY.values())],
    )
    page.close()
    assert not seen["errors"] and not seen["requests"]
    n = want["n"]
    assert got["n"] == n > 10
    for key in TYPED:
        if key in want:
            assert got["typed"][key] == want[key], key
            assert got["kinds"][key] != "[object Array]", key  # decoded into a typed array, not a list
    for key in DICTIONARY.values():
        c = want[key]
        assert got["text"][key] == [c["values"][c["codes"][i]] if "codes" in c else c["values"][0] for i in range(n)]
    assert got["lat"] == [v / 1e5 for v in want["lat"]] and got["lon"] == [v / 1e5 for v in want["lon"]]
    days = (want["day0"] + np.cumsum(want["start"])).tolist()
    assert got["start"] == days and got["end"] == [d + s for d, s in zip(days, want["span"], strict=True)]
    assert got["combo"] is False  # spread to the members once, at load
