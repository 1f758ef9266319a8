"""The page runtime's pure functions, in one shared page (no map): fast unit tests of JavaScript.

The runtime is the files of geo/render/js joined in the order geo/render/assets.py lists. The page here
holds only Leaflet and the runtime (``assets.page_js()``, exactly the page's script) and never calls
``LG.start``, so nothing but the modules' pure functions runs. Each test sends many cases through one
``page.evaluate`` and gets plain JSON back. The whole-page tests (test_browser_*.py) check the same
rules once more through real maps.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from geo.csvsafe import guard
from geo.render import assets

JS = Path(assets.__file__).with_name("js")


# -- the module list (no browser) ------------------------------------------------------------------------


def test_every_runtime_file_is_listed_once_and_every_listed_file_exists():
    on_disk = sorted(p.name for p in JS.glob("*.js"))
    listed = list(assets.RUNTIME_JS)
    assert len(set(listed)) == len(listed), "a file is listed twice in assets.RUNTIME_JS"
    assert sorted(listed) == on_disk, (
        f"geo/render/js and assets.RUNTIME_JS differ: not listed {sorted(set(on_disk) - set(listed))}, "
        f"listed but missing {sorted(set(listed) - set(on_disk))}"
    )
    assert listed[0] == "00-lg.js"  # it makes LG, which every other file writes to


def test_each_module_is_one_function_with_explicit_exports():
    names = []
    for name in assets.RUNTIME_JS[1:]:
        text = (JS / name).read_text(encoding="utf-8")
        heads = re.findall(r"^LG\.(\w+) = \(function \(\) \{\n  \"use strict\";$", text, re.M)
        assert len(heads) == 1, f"{name}: want one 'LG.x = (function () {{ \"use strict\"; ...' at the start of a line"
        assert text.rstrip().endswith("})();"), f"{name}: the module function must end the file"
        assert re.search(r"^  return [{\w]", text, re.M), f"{name}: no 'return {{ exports }}'"
        # Nothing but comments outside the module function.
        outside = text[: text.index("LG." + heads[0] + " = ")]
        assert all(line.startswith("//") for line in outside.splitlines() if line.strip()), name
        names.append(heads[0])
    assert len(set(names)) == len(names), names
    # A module's name is none of the state names pages and tests read on LG.
    state = {"d", "map", "ev", "filter", "symbols", "towns", "layers", "labels", "table", "panels", "print", "start"}
    assert not state & set(names)


def test_the_joined_runtime_cannot_end_the_pages_script_element():
    text = assets.runtime_js()
    assert "</script" not in text.lower() and "<!--" not in text
    assert assets.page_js().endswith(text)
    # One function around the modules: the page's only global names are window.LG and window.liptako.
    assert text.startswith("(function () {\n") and text.endswith("})();\n")


def test_the_page_leaves_out_only_the_runtimes_comment_lines():
    """runtime_js drops lines that begin with //: safe only while no template literal (a string over several lines,
    where such a line would be text) is in the runtime's code."""
    folder = Path(assets.__file__).parent / "js"
    source = [line for name in assets.RUNTIME_JS for line in (folder / name).read_text(encoding="utf-8").split("\n")]
    code = [line for line in source if not line.lstrip().startswith("//")]
    assert not [line for line in code if "`" in line or line.endswith("\\")]  # nor a string over lines
    assert assets.runtime_js() == "(function () {\n" + "\n".join(code) + "})();\n"
    assert len(code) < len(source)


# -- the pure functions, in one page ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def rt(browser, tmp_path_factory):
    """A page with Leaflet and the runtime only; a file, so that it has an address with a hash."""
    path = tmp_path_factory.mktemp("runtime") / "runtime.html"
    path.write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><script>{assets.page_js()}</script></head>'
        "<body></body></html>",
        encoding="utf-8",
    )
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    yield page, errors
    assert errors == []
    page.close()


@pytest.mark.browser
def test_the_public_names_are_there(rt):
    page, errors = rt
    got = page.evaluate("""() => {
        const flat = ['esc', 'el', 'fold', 'cellText', 'dayOf', 'isoOf', 'validDay', 'readHash', 'recordPopup',
          'placePopup', 'eventPopup', 'openRecord', 'openPlace', 'openEvent', 'placeLabels', 'pickAt', 'pick',
          'symbolsOnce', 'visibleCount', 'applyFilter', 'csvCell', 'csvText', 'downloadCsv', 'fit', 'print',
          'printLayout', 'unprint', 'small', 'start'];
        const api = ['setDateRange', 'setKinds', 'setActor', 'visibleCount', 'fitAll', 'view'];
        return {
          missing: flat.filter(k => typeof LG[k] !== 'function'),
          api: api.filter(k => typeof window.liptako[k] !== 'function'),
          ready: window.liptako.ready instanceof Promise,
          same: window.LG === LG && LG.esc === LG.text.esc && LG.readHash === LG.hash.read,
          state: [Array.isArray(LG.symbols), Array.isArray(LG.labels), JSON.stringify(LG.filter)],
          leaks: ['esc', 'el', 'fold', 'readHash', 'validDay', 'passes', 'csvCell', 'T', 'F', 'P', 'api']
            .filter(k => k in window),
        };
    }""")
    assert got == {
        "missing": [],
        "api": [],
        "ready": True,
        "same": True,
        "state": [True, True, '{"from":null,"to":null,"kinds":{},"actor":""}'],
        "leaks": [],
    }
    assert errors == []


# (value, exact CSV text) for LG.csvCell.
CSV_CASES = [
    ("=1+1", '"\'=1+1"'),
    ("+1", "+1"),  # a plain number, not a formula
    ("+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\""),
    ("-2+3+cmd", '"\'-2+3+cmd"'),
    ("-1-1", '"\'-1-1"'),
    ("@SUM(1+1)", '"\'@SUM(1+1)"'),
    ("\t=1+1", '"\'\t=1+1"'),
    ("\r=1+1", '"\'\r=1+1"'),
    ("\tplain", '"\'\tplain"'),  # a leading tab alone is enough
    ("\rplain", '"\'\rplain"'),
    ("  =1+1", '"\'  =1+1"'),  # whitespace before the sign is skipped
    ("\x01@x", '"\'\x01@x"'),  # so are control characters
    ("\u0085=x", '"\'\u0085=x"'),  # and C1 controls
    ("x;=1", "\"'x;'=1\""),  # ';' followed by a formula sign: a ' after it too
    ("x,=1", "\"'x,'=1\""),
    ("x, -1", "\"'x,' -1\""),
    ("a; \t@b", "\"'a;' \t@b\""),
    ("x;\tb", "\"'x;'\tb\""),
    ("x;\rb", "\"'x;'\rb\""),
    ("x;=1;y;@A1", "\"'x;'=1;y;'@A1\""),  # only the separators before a sign
    ("x;y", '"x;y"'),
    ("x,y", '"x,y"'),
    ("x-1 = y", "x-1 = y"),  # an operator inside text starts nothing
    ("a=b", "a=b"),
    ('He said "a", ok', '"He said ""a"", ok"'),
    ('"""', '""""""""'),
    ("two\nlines", '"two\nlines"'),
    ("cr\rin", '"cr\rin"'),
    (" lead", '" lead"'),
    ("trail ", '"trail "'),
    ("plain text", "plain text"),
    ("", ""),
    ("-12.5", "-12.5"),
    ("-1e5", "-1e5"),
    (" -3 ", '" -3 "'),  # a plain number with spaces: not a formula, quoted for its spaces
    ("Ménaka; région", '"Ménaka; région"'),
]


@pytest.mark.browser
def test_csv_cells_exactly(rt):
    page, errors = rt
    got = page.evaluate("(xs) => xs.map(x => LG.csv.cell(x))", [v for v, _ in CSV_CASES])
    assert dict(zip([v for v, _ in CSV_CASES], got, strict=True)) == dict(CSV_CASES)
    # Numbers stay bare; what is no number is an empty cell.
    got = page.evaluate("""() => [LG.csv.cell(-1.5), LG.csv.cell(0), LG.csv.cell(1e21), LG.csv.cell(NaN),
        LG.csv.cell(Infinity), LG.csv.cell(-Infinity), LG.csv.cell(null), LG.csv.cell(undefined), LG.csv.cell(true),
        LG.csv.line(['a', 1, null, 'x;=1', '"'])]""")
    assert got == ["-1.5", "0", "1e+21", "", "", "", "", "", "true", 'a,1,,"\'x;\'=1",""""']


@pytest.mark.browser
def test_csv_cell_rule_is_the_export_rule(rt):
    """Every mix of a start, a sign and a separator: the page's cell, unquoted, is what export writes."""
    page, errors = rt
    starts = ["", " ", "\t", "\r", "\x01", "\x7f", "\u00a0", "x", "1", "x;", "x,", "x; ", "x,\t", "-1;", "a b"]
    signs = ["=", "+", "-", "@", "\t", "\r", "1", "a", ";", ",", '"', "\n"]
    ends = ["", "1", "1.5", "x", ";=2", ", @b", " "]
    values = ["".join(t) for t in itertools.product(starts, signs, ends)]
    got = page.evaluate("(xs) => xs.map(x => LG.csv.cell(x))", values)
    for value, cell in zip(values, got, strict=True):
        if cell.startswith('"'):
            assert cell.endswith('"') and len(cell) >= 2, repr(value)
            inner = cell[1:-1]
            assert '"' not in inner.replace('""', ""), repr(value)
            cell = inner.replace('""', '"')
        else:  # written bare only when nothing in it needs quotes
            assert not re.search(r'[",;\n\r]|^ | $', cell), repr(value)
        assert cell == guard(value), repr(value)


@pytest.mark.browser
def test_hash_values_are_cut_long_hashes_ignored_and_bad_escapes_skipped(rt):
    page, errors = rt
    got = page.evaluate("""() => {
        const P = LG.hash.parse, cap = LG.hash.MAX_HASH;
        const pad = (n) => '#x=' + 'a'.repeat(n - 3);
        return {
          caps: [LG.hash.MAX_HASH, LG.hash.MAX_HASH_VALUE],
          long: P('#actor=' + 'b'.repeat(300)).actor.length,
          encoded: P('#actor=' + '%C3%A9'.repeat(300)).actor,
          at_cap: P(pad(cap)) !== null, over_cap: P(pad(cap + 1)),
          bad: P('#bad=%E0%A4%A&ok=%C3%A9&pct=%&z=%zz'),
          odd: P('#=v&novalue&a=1=2&b=&&c=x%26y'),
          plain: P('from=2022-01-01&to=2022-02-01'),
          empty: [P(''), P('#'), P(null), P(undefined)],
          proto: Object.getPrototypeOf(P('#__proto__=x')) === Object.prototype,
        };
    }""")
    assert got["caps"] == [4096, 200]
    assert got["long"] == 200
    assert got["encoded"] == "é" * 200  # cut after decoding: 200 characters, not 200 bytes of escapes
    assert got["at_cap"] is True and got["over_cap"] is None
    assert got["bad"] == {"ok": "é"}
    assert got["odd"] == {"a": "1=2", "b": "", "c": "x&y"}
    assert got["plain"] == {"from": "2022-01-01", "to": "2022-02-01"}
    assert got["empty"] == [{}, {}, {}, {}]
    assert got["proto"] is True


@pytest.mark.browser
def test_read_hash_drops_a_long_hash_from_the_address(rt):
    page, errors = rt
    got = page.evaluate("""() => {
        location.hash = 'actor=' + 'a'.repeat(5000);
        const long = LG.readHash(), after = location.hash;
        location.hash = 'from=2022-01-01&actor=' + encodeURIComponent('Ménaka');
        const short = LG.readHash(), kept = location.hash.length;
        history.replaceState(null, '', '#');
        return [long, after, short, kept];
    }""")
    assert got[0] == {} and got[1] == ""
    assert got[2] == {"from": "2022-01-01", "actor": "Ménaka"} and got[3] > 20


@pytest.mark.browser
def test_days(rt):
    page, errors = rt
    cases = [
        "2022-02-30",
        "2022-13-01",
        "2022-00-10",
        "2023-02-29",
        "9999",
        "",
        " 2022-01-01",
        "2022-01-01 ",
        "2022-1-01",
        "22-01-01",
        "2022/01/01",
        "2022-01-01T00:00",
    ]
    got = page.evaluate("(xs) => xs.map(x => LG.validDay(x))", cases)
    assert got == [None] * len(cases)
    got = page.evaluate("""() => [LG.validDay(null), LG.validDay(undefined), LG.validDay('1970-01-01'),
        LG.validDay('1970-01-02'), LG.validDay('2024-02-29') === LG.validDay('2024-03-01') - 1,
        LG.validDay('2022-02-28') === LG.validDay('2022-03-01') - 1, LG.validDay('1969-12-31'),
        LG.isoOf(LG.dayOf('2022-06-15')), LG.isoOf(19000), LG.dayOf('2022-01-01'), LG.days.validDay === LG.validDay]""")
    assert got == [None, None, 0, 1, True, True, -1, "2022-06-15", "2022-01-08", 18993, True]


@pytest.mark.browser
def test_text_escape_fold_cells_and_links(rt):
    page, errors = rt
    got = page.evaluate("""() => {
        const T = LG.text;
        const node = T.el('div', 'c', ['<b>x</b>', null, undefined, '', 5, T.el('i', null, ['&'])]);
        return {
          esc: LG.esc(`<a href="x">'&'</a>`),
          esc_num: LG.esc(5),
          fold: [LG.fold('Ménaka'), LG.fold('ÉTAT Islamique'), LG.fold('Ansongo Ñ ç ü'), LG.fold('ABC')],
          cut: [LG.cellText('a'.repeat(300)).length, LG.cellText('a'.repeat(301)), LG.cellText(null),
            LG.cellText(undefined), LG.cellText(0), LG.text.CELL_CHARS],
          html: node.outerHTML, kids: node.childNodes.length,
          urls: ['https://x.org/a', 'http://x', 'javascript:alert(1)', 'HTTPS://X', 'https:// x', '//x', '', null]
            .map(T.safeUrl),
          link: [T.link('javascript:alert(1)', 'a').outerHTML, T.link('https://x.org', 'b').outerHTML],
          join: T.join(['a', 'b', 'c'], ';'),
        };
    }""")
    assert got["esc"] == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    assert got["esc_num"] == "5"
    assert got["fold"] == ["menaka", "etat islamique", "ansongo n c u", "abc"]
    assert got["cut"] == [300, "a" * 300 + "\u2026", "", "", "0", 300]
    assert got["html"] == '<div class="c">&lt;b&gt;x&lt;/b&gt;5<i>&amp;</i></div>' and got["kids"] == 3
    assert got["urls"] == ["https://x.org/a", "http://x", "", "HTTPS://X", "", "", "", ""]
    assert got["link"] == [
        "<span>a</span>",
        '<a href="https://x.org" target="_blank" rel="noopener noreferrer">b</a>',
    ]
    assert got["join"] == ["a", ";", "b", ";", "c"]


@pytest.mark.browser
def test_actor_text_is_capped_whatever_it_is(rt):
    page, errors = rt
    got = page.evaluate("""() => {
        const A = LG.filters.actorText;
        const evil = { toString() { throw new Error('no'); } };
        return [A('x'.repeat(5000)).length, A('x'.repeat(200)).length, A(null), A(undefined), A(42), A(evil),
          A(['a', 'b']), LG.filters.MAX_ACTOR];
    }""")
    assert got == [200, 200, "", "", "42", "", "a,b", 200]


# A columnar events block of three events (the layout of geo/render/columns.py), and its vocabulary.
BLOCK = {
    "n": 3,
    "lat": [1450000, 1512345, -500000],
    "lon": [-150000, 325000, 0],
    "day0": 18993,
    "start": [0, 3, 0],
    "span": [0, 2, 10],
    "kind": [0, 1, 0],
    "radius": [0, 25, 50],
    "fatalities": [3, -1, 0],
    "border_km": [12, -1, 40],
    "tri_km": [80, -1, -1],
    "source_id": ["MLI1", "NER2", "BFA3"],
    "notes": ["n1", "", "n3"],
    "format": {"values": ["acled"]},
    "source": {"values": [0]},
    "geocoded": {"values": [0, 1], "codes": [0, 1, 0]},
    "precision": {"values": [0, 1], "codes": [0, 1, 1]},
    "date": {"values": ["2022-01-01", "2022-01-04 to 2022-01-06", "2022-01-04"], "codes": [0, 1, 2]},
    "place": {"values": ["Ménaka", ""], "codes": [0, 1, 0]},
    "actors": {"values": ["JNIM", "IS Sahel; FAMa"], "codes": [0, 1, 1]},
    "type": {"values": ["Battles"]},
    "reported_by": {"values": ["Radio"]},
    "summary": {"values": ["s1", "s2", "s3"], "codes": [0, 1, 2]},
    "fatalities_text": {"values": [""]},
    "why": {"values": ["", "centroid"], "codes": [0, 1, 1]},
    "source_country": {"values": ["Mali", "Niger"], "codes": [0, 1, 0]},
    "source_admin1": {"values": ["Menaka", "Tillaberi"], "codes": [0, 1, 0]},
    "admin1": {"values": ["Ménaka", "Tillabéri"], "codes": [0, 1, 0]},
    "nearest_border": {"values": ["Niger", "Mali"], "codes": [0, 1, 0]},
}
VOCAB = {"kinds": [{"key": "attack"}, {"key": "clash"}], "precisions": ["point", "admin2"]}


@pytest.mark.browser
def test_decoding_the_events_block(rt):
    page, errors = rt
    got = page.evaluate(
        """([b, vocab]) => {
        const ev = LG.decode.events(b, vocab), arr = (a) => Array.from(a);
        const d = { vocab: Object.assign({ formats: { acled: 'ACLED' } }, vocab) };
        return {
          n: ev.n, lat: arr(ev.lat), lon: arr(ev.lon), start: arr(ev.start), end: arr(ev.end),
          x0: arr(ev.x0).map(x => Math.round(x * 1000) / 1000), y0: arr(ev.y0).map(y => Math.round(y * 1000) / 1000),
          kinds: ev.kinds, place: [0, 1, 2].map(i => ev.text('place', i)), type: [0, 1, 2].map(i => ev.text('type', i)),
          codes: [0, 1, 2].map(i => ev.code('actors', i)), const_code: ev.code('type', 2),
          records: [0, 1].map(i => LG.decode.asRecord(ev, d, i)),
          empty: (() => { const e = LG.decode.events({ n: 0 }, vocab); return [e.n, e.lat.length, e.kinds]; })(),
          missing_n: LG.decode.events({}, vocab).n,
        };
    }""",
        [BLOCK, VOCAB],
    )
    assert got["n"] == 3
    assert got["lat"] == [14.5, 15.12345, -5] and got["lon"] == [-1.5, 3.25, 0]
    assert got["start"] == [18993, 18996, 18996] and got["end"] == [18993, 18998, 19006]
    assert got["x0"] == [126.933, 130.311, 128.0]  # Web Mercator at zoom 0, 256 px
    assert got["y0"][2] > 128 > got["y0"][0] > got["y0"][1]  # south of the equator is below its middle
    assert got["kinds"] == ["attack", "clash"]
    assert got["place"] == ["Ménaka", "", "Ménaka"] and got["type"] == ["Battles"] * 3
    assert got["codes"] == [0, 1, 1] and got["const_code"] == 0
    rec, pl = got["records"][0]["rec"], got["records"][0]["pl"]
    assert rec == {
        "id": "acled:MLI1",
        "kind": "attack",
        "date": "2022-01-01",
        "date_text": "",
        "place_text": "",
        "actors": "JNIM",
        "fatalities": 3,
        "fatalities_text": "",
        "summary": "s1",
        "note": "n1",
        "sources": [0],
        "n_places": 1,
        "format": "ACLED",
        "source_id": "MLI1",
        "type": "Battles",
        "reported_by": "Radio",
    }
    assert pl == {
        "name": "Ménaka",
        "country": "Mali",
        "admin1": "Menaka",
        "ne_admin1": "Ménaka",
        "lat": 14.5,
        "lon": -1.5,
        "precision": "point",
        "radius_km": 0,
        "source": "coordinates from the ACLED file",
        "note": "",
        "border_km": 12,
        "nearest_border": "Niger",
        "tri_border_km": 80,
        "query": "Ménaka",
        "match": "",
        "how": "",
        "matched_name": "",
        "score": None,
        "near": False,
    }
    rec2, pl2 = got["records"][1]["rec"], got["records"][1]["pl"]
    assert rec2["fatalities"] is None and rec2["kind"] == "clash" and rec2["actors"] == "IS Sahel; FAMa"
    assert pl2["name"] == "(no place name)" and pl2["query"] == "" and pl2["precision"] == "admin2"
    assert pl2["border_km"] is None and pl2["tri_border_km"] is None
    assert pl2["source"] == "coordinates from the geocoder" and pl2["note"] == "centroid"
    assert got["empty"] == [0, 0, ["attack", "clash"]] and got["missing_n"] == 0


@pytest.mark.browser
def _with_record_rows(block: dict) -> dict:
    """BLOCK and two rows of one curated record (a clash by 'Armée du Mali; FAMa', 18993-18995, drawn at two
    places): rows 3 and 4, with the sparse columns only records carry."""
    b = {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in block.items()}
    n = b["n"]
    b["n"] = n + 2
    for key, value in (
        ("lat", 1500000),
        ("lon", 0),
        ("radius", 0),
        ("fatalities", -1),
        ("border_km", -1),
        ("tri_km", -1),
        ("notes", ""),
    ):
        b[key] = b[key] + [value, value]
    b["kind"] = b["kind"] + [1, 1]
    b["span"] = b["span"] + [2, 2]
    b["start"] = b["start"] + [-3, 0]  # the rows are in start order: 18996 - 3 = 18993
    b["start"][3] = 18993 - (18993 + sum(block["start"]))
    b["source_id"] = b["source_id"] + ["rec-1", "rec-1"]
    for key, col in list(b.items()):
        if isinstance(col, dict) and "values" in col:
            codes = col.get("codes", [0] * n)
            b[key] = (
                {"values": col["values"] + ["Armée du Mali; FAMa"], "codes": codes + [len(col["values"])] * 2}
                if key == "actors"
                else {"values": col["values"], "codes": codes + [0, 0]}
            )
    b["record"] = {
        key: {"at": [n, n + 1], "values": [v, v]}
        for key, v in (("sources", [0]), ("n_places", 2), ("name", "X"), ("note", ""))
    }
    return b


def test_the_filter_on_events_and_records(rt):
    """LG.filters.passes on three events and a record's two rows, and symbolPasses (the filter of the symbol's
    row): dates inclusive, kinds, actors folded; a record drawn at two places counts once."""
    page, errors = rt
    got = page.evaluate(
        """([b, vocab]) => {
        const F = LG.filters, saved = [LG.ev, LG.filter, LG.actorOk];
        LG.ev = LG.decode.events(b, vocab);
        const all = () => [0, 1, 2].map(F.passes);
        const run = (f) => {
          LG.filter = Object.assign({ from: null, to: null, kinds: { attack: true, clash: true }, actor: '' }, f);
          F.actorMatches();
          return all();
        };
        const symRun = (f) => {
          LG.filter = Object.assign({ from: null, to: null, kinds: { attack: true, clash: true }, actor: '' }, f);
          F.actorMatches();
          return [F.symbolPasses({ i: 3 }), F.passes(4)];
        };
        const out = {
          none: run({}), from_after_first: run({ from: 18994 }), from_on_first: run({ from: 18993 }),
          to_before_rest: run({ to: 18995 }), to_on_rest: run({ to: 18996 }), window: run({ from: 18997, to: 18997 }),
          no_clash: run({ kinds: { attack: true, clash: false } }), no_kinds: run({ kinds: {} }),
          sahel: run({ actor: 'sahel' }), fama: run({ actor: 'FAMA' }), jnim: run({ actor: 'jnim' }),
          nobody: run({ actor: 'zzz' }), actor_ok_empty: (run({ actor: '' }), LG.actorOk),
          sym: [symRun({}), symRun({ from: 18995 }), symRun({ from: 18996 }), symRun({ to: 18993 }),
            symRun({ to: 18992 }), symRun({ kinds: { clash: false } }), symRun({ actor: 'armee' }),
            symRun({ actor: 'ARMÉE DU' }), symRun({ actor: 'jnim' })],
          rows: [LG.ev.n, LG.ev.imported, Array.from(LG.ev.recAt)],
          per_kind: (symRun({}), F.passingByKind()),
        };
        [LG.ev, LG.filter, LG.actorOk] = saved;
        return out;
    }""",
        [_with_record_rows(BLOCK), VOCAB],
    )
    assert got == {
        "none": [True, True, True],
        "from_after_first": [False, True, True],  # event 0 ends on 18993
        "from_on_first": [True, True, True],
        "to_before_rest": [True, False, False],  # events 1 and 2 start on 18996
        "to_on_rest": [True, True, True],
        "window": [False, True, True],  # both still running on 18997
        "no_clash": [True, False, True],
        "no_kinds": [False, False, False],
        "sahel": [False, True, True],
        "fama": [False, True, True],
        "jnim": [True, False, False],
        "nobody": [False, False, False],
        "actor_ok_empty": None,
        "sym": [[p, p] for p in (True, True, False, True, False, False, True, True, False)],
        "rows": [5, 3, [-1, -1, -1, 0, 1]],
        "per_kind": {"attack": 2, "clash": 2},  # events 0 and 2; event 1 and the record, once for its two rows
    }


# -- the table's window and a popup's place (issue 22) ------------------------------------------------------


@pytest.mark.browser
def test_the_tables_window_covers_the_rows_in_sight_and_a_margin(rt):
    page, _ = rt
    row, margin = page.evaluate("[LG.eventTable.ROW_PX, LG.eventTable.MARGIN]")
    for top, view, n in [(0, 240, 6000), (36 * 1000, 240, 6000), (36 * 5990, 240, 6000), (0, 240, 5), (720, 240, 3)]:
        first, last = page.evaluate("a => LG.eventTable.windowOf(a[0], a[1], a[2])", [top, view, n])
        in_sight = range(top // row, min(n, -(-(top + view) // row)))
        assert 0 <= first <= last <= n and all(first <= k < last for k in in_sight), (top, view, n, first, last)
        assert last - first <= view // row + 2 * margin + 1  # never more than the view and two margins
    assert page.evaluate("LG.eventTable.windowOf(36 * 5999, 240, 6000)")[1] == 6000  # the last row


def rect(left, top, right, bottom):
    return {"left": left, "top": top, "right": right, "bottom": bottom}


SCREEN = rect(0, 0, 1280, 800)
TITLE, LEGEND, TABLE = rect(0, 0, 570, 100), rect(0, 300, 240, 800), rect(700, 350, 1280, 800)


@pytest.mark.browser
@pytest.mark.parametrize(
    "box, obstacles, want",
    [
        (rect(300, 150, 600, 450), [TITLE, LEGEND, TABLE], (0, 0, True)),  # clear already: not moved
        (rect(300, 50, 600, 350), [TITLE, LEGEND, TABLE], (0, 50, True)),  # under the title: down below it
        (rect(100, 400, 400, 700), [TITLE, LEGEND, TABLE], (140, 0, True)),  # on the legend: right of it
        (rect(1100, 200, 1400, 500), [TITLE, LEGEND, TABLE], (-120, -150, True)),  # off screen: above the table
        (rect(-50, -80, 250, 220), [], (50, 80, True)),  # off the top-left corner: in
        (rect(300, 150, 600, 450), [rect(0, 0, 1280, 790)], (0, 350, False)),  # nowhere clear: the least overlap
        (rect(-10, 100, 1390, 300), [], (10, 0, True)),  # wider than the screen: its left edge in
    ],
)
def test_a_popup_moves_the_least_that_makes_it_clear(rt, box, obstacles, want):
    page, _ = rt
    got = page.evaluate("a => LG.room.shift(a[0], a[1], a[2])", [box, SCREEN, obstacles])
    if want[2]:
        assert (got["dx"], got["dy"], got["clear"]) == want
    else:
        assert got["clear"] is False and (got["dx"], got["dy"]) == want[:2]
