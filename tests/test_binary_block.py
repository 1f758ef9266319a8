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


def bigger(events: pd.DataFrame, copies: int = 300, seed: int = 25) -> pd.DataFrame:
    """The fixture's events repeated (enough rows that typed columns are shorter than JSON arrays), moved about,
    with the edge values of each column: -1 sentinels, 0, the limits of one and two bytes, figures past Int16,
    radii with tenths, and the ends of the earth's coordinates."""
    rng = np.random.default_rng(seed)
    big = pd.DataFrame(pd.concat([events] * copies, ignore_index=True))
    n = len(big)
    big["lat"] = np.clip(big["lat"] + rng.integers(-80000, 80000, n) / 1e5, -90, 90)
    big["lon"] = big["lon"] + rng.integers(-80000, 80000, n) / 1e5
    big.loc[:3, "lat"], big.loc[:3, "lon"] = [-90.0, 90.0, 0.00001, -0.00001], [-180.0, 180.0, -0.00001, 0.0]
    big["fatalities"] = rng.choice([np.nan, 0, 1, 127, 128, 255, 256, 32767, 40000], n)
    big["border_km"] = rng.choice([np.nan, 0, 12, 255, 256], n)
    big["tri_border_km"] = rng.choice([-1, np.nan, 3, 1000], n)
    big["radius_km"] = rng.choice([0.0, 2.5, 25.0, 100.0, np.nan], n)
    big["end"] = big["start"] + pd.to_timedelta(rng.choice([0, 1, 30, 400], n), unit="D")
    big["source_id"] = [f"B{i}" for i in range(n)]
    return big


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
    assert b["source_id"] == ev["source_id"].astype(str).tolist()
    assert "combo" not in b and all("of" not in c for c in b.values() if isinstance(c, dict))


def integer_columns(block: dict) -> dict:
    """Every integer column of a block as stored: the typed ones, the combo and the dictionary codes."""
    out = {key: block[key] for key in (*TYPED, "combo") if key in block}
    out.update({f"{key}.codes": c["codes"] for key, c in block.items() if isinstance(c, dict) and "codes" in c})
    return out


def test_a_block_round_trips_with_edge_values_and_takes_the_shorter_form():
    table = bigger(acled_events())
    block = event_block(table, source_of_file={str(ACLED): 0})
    check_block(table, block)
    json.dumps(block, allow_nan=False)  # plain JSON
    stored = integer_columns(block)
    assert isinstance(stored["lat"], dict) and isinstance(stored["kind"], dict)  # 1,800 rows: "0," loses
    # The width each column needs (a column stored as a JSON array, being shorter so, as if typed).
    keys = ("lat", "lon", "fatalities", "border_km", "tri_km", "span", "kind")
    widths = {k: (stored[k] if isinstance(stored[k], dict) else typed(stored[k]))["type"] for k in keys}
    assert widths == {
        "lat": "i32",
        "lon": "i32",
        "fatalities": "i32",  # 40000 does not fit Int16; -1 rules out Uint16
        "border_km": "i16",  # -1 and 256
        "tri_km": "i16",
        "span": "i16",  # 400 days
        "kind": "i8",
    }
    assert block["radius"]["scale"] == 10 and block["radius"]["type"] == "i16"  # 1000 tenths
    assert isinstance(stored["start"], list)  # deltas mostly 0 but one > 127: "0," beats two bytes in base64
    members = [k for k, c in block.items() if isinstance(c, dict) and c.get("of") == "combo"]
    assert len(members) >= 2 and block["combo"]["type"] in ("i8", "u8")  # one byte a row for all of them
    # The form chosen is never longer than the other.
    for key, col in stored.items():
        values = untyped(col)
        scale = col.get("scale", 1) if isinstance(col, dict) else 1
        other = [round(v * scale) for v in values] if isinstance(col, list) else values
        alternative = values if isinstance(col, dict) else typed(other, scale=scale)
        size = len(json.dumps(col, separators=(",", ":")))
        assert size <= len(json.dumps(alternative, separators=(",", ":"))), key


def test_small_blocks_one_event_and_none():
    """A few rows: plain arrays where those are shorter, decoded the same; one event; an empty block."""
    table = acled_events()
    few = event_block(table, source_of_file={str(ACLED): 0})
    check_block(table, few)
    assert isinstance(few["kind"], list) and isinstance(few["lat"], list)  # 6 rows: JSON beats base64 and its keys
    one = event_block(table.head(1), source_of_file={})
    check_block(table.head(1), one)
    assert "combo" not in one  # one event: every dictionary column has one value, nothing to combine
    assert decoded(one)["source"] == {"values": [-1]}  # a file with no page source, as before
    assert event_block(table.head(0), source_of_file={}) == {"n": 0}
    assert decoded({"n": 0}) == {"n": 0}


def test_the_page_decodes_what_python_decodes(browser, tmp_path):
    """One page of the fixture's ACLED events (made many, with edge values) and the curated records: every integer
    column, every dictionary column's row text and the decoded coordinates and days in Chromium equal the
    Python side's."""
    ds = geo.load().with_events([ACLED])
    ds = dataclasses.replace(ds, events=bigger(ds.events), no_notes=True)
    html = geo.render_html(ds)
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    raw = json.loads(html.split(f'id="{DATA_ID}">', 1)[1].split("</script>", 1)[0])["events"]
    assert "combo" in raw and raw["lat"]["type"] == "i32" and raw["radius"]["scale"] == 10
    want = decoded(raw)
    page, seen = open_map(browser, path)
    got = page.evaluate(
        """([typedKeys, dictKeys]) => {
        const ev = LG.ev, b = ev.b, arr = (a) => Array.from(a), out = { n: ev.n, typed: {}, text: {}, kinds: {} };
        typedKeys.forEach((k) => { if (b[k]) { out.typed[k] = arr(b[k]);
          out.kinds[k] = Object.prototype.toString.call(b[k]); } });
        dictKeys.forEach((k) => { out.text[k] = []; for (let i = 0; i < ev.n; i++) { out.text[k].push(ev.text(k, i)); } });
        out.lat = arr(ev.lat); out.lon = arr(ev.lon); out.start = arr(ev.start); out.end = arr(ev.end);
        out.left = ['combo' in b, Object.keys(b).filter((k) => b[k] && b[k].of).length];
        out.ids = Array.from(b.source_id);
        return out;
    }""",
        [list(TYPED), list(DICTIONARY.values())],
    )
    page.close()
    assert not seen["errors"] and not seen["requests"]
    n = want["n"]
    assert got["n"] == n > 1000
    for key in TYPED:
        if key in want:
            assert got["typed"][key] == want[key], key
            # A typed column decoded into a typed array; a JSON array (shorter so) as it is.
            assert (got["kinds"][key] != "[object Array]") == isinstance(raw[key], dict), key
    assert got["kinds"]["radius"] == "[object Float64Array]" and 2.5 in got["typed"]["radius"]
    for key in DICTIONARY.values():
        c = want[key]
        assert got["text"][key] == [c["values"][c["codes"][i]] if "codes" in c else c["values"][0] for i in range(n)]
    assert got["lat"] == [v / 1e5 for v in want["lat"]] and got["lon"] == [v / 1e5 for v in want["lon"]]
    assert {-90.0, 90.0, 0.00001} <= set(got["lat"])
    days = (want["day0"] + np.cumsum(want["start"])).tolist()
    assert got["start"] == days and got["end"] == [d + s for d, s in zip(days, want["span"], strict=True)]
    assert got["left"] == [False, 0]  # the combo spread to its members once, at load
    assert isinstance(raw["source_id"], dict) and got["ids"] == want["source_id"]  # ids from prefixes and numbers
    assert "B0" in got["ids"] and "deployment-minusma-2022-03" in got["ids"]  # made up; and a curated record's


@pytest.mark.parametrize(
    "ids, split",
    [
        (["MLI12345", "NER9", "BFA0"], True),  # ACLED's: a country prefix and a number
        (["990002", "12"], True),  # UCDP's: no prefix
        (["MLI0123", "r-2022-03", "a\n5", "é9", "1234567890"], True),  # leading zeros stay in the prefix
        (["A12\n"], False),  # a line break after the digits: no number at the end, kept as text
        (["x", "MLI1"], False),  # one id without digits: all kept as text
        ([], False),
    ],
)
def test_source_ids_split_into_prefix_and_number_only_where_they_round_trip(ids, split):
    from geo.render.columns import _source_ids, source_ids

    many = np.array(ids * 40, dtype=object)
    col = _source_ids(many)
    assert isinstance(col, dict) == split
    assert source_ids(col) == many.tolist()
    if split:  # shorter than the ids as JSON, or it would not have been chosen
        assert len(json.dumps(col)) < len(json.dumps(many.tolist()))
