"""Issue 20 in real headless Chromium: a map built from a stranger's events file.

The page's "Download CSV" is formula-safe in every spreadsheet locale (the exact text of each hostile cell is
checked), the events table stays fast with 5,000-character words and shows them cut (the popup and the CSV
keep the whole text), and a 2 MB ``#actor=`` link or a 5 MB ``setActor`` argument neither freezes nor breaks
the page. One browser for the module, one map, three pages.
"""

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from cli import main
from conftest import CHROMIUM, ROOT, open_map  # noqa: F401  (CHROMIUM: the browser fixture's binary)
from geo.render.page import DATA_ID

FIX = ROOT / "tests" / "fixtures" / "acled_2024.csv"

# Payloads put into the notes, actor1 and location of one ACLED row each (id MLI-PAY-000k).
PAYLOADS = [
    "x;=1+1",
    '=HYPERLINK("http://x.invalid","a")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd",
    "\t=1+1",
    "\r=1+1",
    'He said "a", "b", ok',
    'a "b" "c", d; e "f"',
]
# The exact CSV text of each payload's cell: quoted, a leading ' where a spreadsheet would see a formula.
CELLS = [
    "\"'x;'=1+1\"",  # a ';' locale splits it into two cells of text
    '"\'=HYPERLINK(""http://x.invalid"",""a"")"',
    "\"'+cmd|' /C calc'!A0\"",
    '"\'@SUM(1+1)"',
    '"\'-2+3+cmd"',
    '"\'\t=1+1"',
    '"\'\r=1+1"',
    '"He said ""a"", ""b"", ok"',
    '"a ""b"" ""c"", d; e ""f"""',
]
# csvCell on its own: (value, numeric column?, exact CSV text).
CELL_CASES = list(zip(PAYLOADS, [False] * len(PAYLOADS), CELLS, strict=True)) + [
    ("x,=1", False, "\"'x,'=1\""),
    ("x, -1", False, "\"'x,' -1\""),
    ("a; \t@b", False, "\"'a;' \t@b\""),
    ("x;=1;y;@A1", False, "\"'x;'=1;y;'@A1\""),
    ("  =1+1", False, '"\'  =1+1"'),
    ("\x01=1", False, '"\'\x01=1"'),
    ("\t", False, '"\'\t"'),
    ("x;y", False, '"x;y"'),
    ("x,y", False, '"x,y"'),
    (" lead", False, '" lead"'),
    ("trail ", False, '"trail "'),
    ("two\nlines", False, '"two\nlines"'),  # a line break alone forces quotes
    ("cr\rin", False, '"cr\rin"'),
    ('two\nlines "q" and "r", end', False, '"two\nlines ""q"" and ""r"", end"'),
    ('"""', False, '""""""""'),
    ("plain text", False, "plain text"),
    ("x-1 = y", False, "x-1 = y"),  # an operator inside text starts no formula
    ("-12.5", True, "-12.5"),  # a plain decimal is never a formula, in any column
    ("-12.5", False, "-12.5"),
    ("-1e5", True, "-1e5"),
    ("+3", True, "+3"),
    ("-1-1", False, '"\'-1-1"'),  # not a plain decimal
]
NUMBERS = [(-1.5, "-1.5"), (0, "0"), (14.5, "14.5"), (-0.25, "-0.25"), (5, "5")]

N_LONG, LONG = 10, 5000


def long_word(k: int) -> str:
    """A 5,000-character word with no spaces, different for each row."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    return "".join(alphabet[(k * 7 + i * i) % 26] for i in range(LONG))


@pytest.fixture(scope="module")
def stranger_map(tmp_path_factory):
    """A map of the fixture's first event plus one row per payload and ten rows of long words."""
    folder = tmp_path_factory.mktemp("strangers")
    with open(FIX, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    base = dict(rows[0], actor2="", assoc_actor_1="", assoc_actor_2="", latitude="14.5", longitude="-1.5")
    hostile = [
        dict(base, event_id_cnty=f"MLI-PAY-{k:04d}", notes=p, actor1=p, location=p) for k, p in enumerate(PAYLOADS)
    ]
    long = [
        dict(base, event_id_cnty=f"MLI-LONG-{k:04d}", notes=long_word(k), actor1=long_word(k), location=long_word(k))
        for k in range(N_LONG)
    ]
    events = folder / "events.csv"
    with open(events, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows[:1] + hostile + long)
    out = folder / "map.html"
    result = CliRunner().invoke(
        main, ["build", "--out", str(out), "--events", str(events), "--accessed", "2026-11-30"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert f"read {1 + len(PAYLOADS) + N_LONG} = mapped {1 + len(PAYLOADS) + N_LONG}" in result.output
    return out


@pytest.fixture(scope="module")
def page(browser, stranger_map):
    page, seen = open_map(browser, stranger_map)
    page.evaluate("window.liptako.ready")
    yield page, seen
    page.close()


def test_csv_cells_are_formula_safe_exactly(page):
    page, seen = page
    got = page.evaluate(
        "(cases) => cases.map(([v, numeric]) => LG.csvCell(v, numeric))", [[v, n] for v, n, _ in CELL_CASES]
    )
    assert got == [want for _, _, want in CELL_CASES]
    # Numbers that are numbers stay bare, a negative one too.
    assert page.evaluate("(xs) => xs.map(x => LG.csvCell(x))", [x for x, _ in NUMBERS]) == [t for _, t in NUMBERS]
    assert seen["errors"] == []


def test_page_csv_of_hostile_events_opens_as_text(page):
    page, seen = page
    text = page.evaluate("LG.csvText()")
    assert isinstance(text, str)
    # The page writes export's columns, by name; a line of the raw text starts with an id and a format (a cell
    # may hold a line break, inside quotes).
    lines = {}
    for line in re.split(r'\r\n(?=[A-Za-z0-9-]+,(?:acled|records|ucdp),|"# )', text):
        if ",acled," in line.split("\r\n")[0]:
            lines[line.split(",")[0]] = line
    rows = list(csv.reader(io.StringIO(text, newline="")))
    head = rows[0]
    col = {name: head.index(name) for name in head}
    for k, payload in enumerate(PAYLOADS):
        line = lines[f"MLI-PAY-{k:04d}"]
        cell = CELLS[k]
        if payload[0] in "\t\r" and cell not in line:
            cell = CELLS[k].replace(payload[0], "")  # the importer strips a leading tab or CR: still a formula
        # place, actors and notes hold the payload, written exactly so; numbers stay bare.
        assert line.startswith(f"MLI-PAY-{k:04d},acled,airstrike,"), line
        assert (
            ",14.5,-1.5,near,25," in line
            and f",{cell}," in line
            and line.endswith(f",{cell},Fixture Radio (National),False")
        )
    # Read back as CSV, every cell holds its payload (after the ' that marks it as text).
    pay = [r for r in rows if len(r) > 1 and r[0].startswith("MLI-PAY-")]
    assert len(pay) == len(PAYLOADS)
    for k, r in enumerate(sorted(pay, key=lambda r: r[0])):
        for cell in (r[col["place"]], r[col["actors"]], r[col["notes"]]):
            unguarded = re.sub(r"([;,])'", r"\1", cell.lstrip("'"))
            assert unguarded.strip("\t\r") == PAYLOADS[k].strip("\t\r"), (cell, PAYLOADS[k])
        assert (r[col["lat"]], r[col["lon"]], r[col["fatalities"]]) == ("14.5", "-1.5", "5")
    # No text cell of the file, read back, starts a formula unless marked as text with a leading '.
    numeric = {col[c] for c in ("lat", "lon", "radius_km", "border_km", "tri_border_km", "fatalities")}
    numeric |= {col[c] for c in ("fatalities_low", "fatalities_high")}
    for r in rows[1:]:
        for k, cell in enumerate(r):
            if k not in numeric:
                assert cell.startswith("'") or not re.match(r"[\s\x00-\x1f]*[-=+@]|[\t\r]", cell), (k, cell)
            elif cell:
                assert re.fullmatch(r"-?\d+(\.\d+)?", cell), (k, cell)
    # Split as Excel in a ';' locale splits it (on every ';', quotes honoured only at a field's start): no piece
    # starts a formula either.
    for line in text.split("\r\n"):
        for piece in line.split(";"):
            assert not re.match(r'[\s"\x00-\x1f]*[=+@]', piece), (piece, line)
    assert seen["errors"] == []


TABLE = """([word]) => {
  const cell = () => Array.from(document.querySelectorAll('.lg-table td')).find(td => td.textContent.startsWith(word.slice(0, 300)));
  const out = {};
  let t0 = performance.now();
  LG.table.toggle();
  document.querySelector('.lg-table tbody').getBoundingClientRect();  // lay the table out
  out.open = performance.now() - t0;
  const search = document.querySelector('.lg-search');
  t0 = performance.now();
  search.value = word.slice(0, 40); search.dispatchEvent(new Event('input'));
  document.querySelector('.lg-table tbody').getBoundingClientRect();
  out.filter = performance.now() - t0;
  out.matches = document.querySelectorAll('.lg-table tr.lg-row').length;
  t0 = performance.now();
  search.value = ''; search.dispatchEvent(new Event('input'));
  document.querySelector('.lg-table tbody').getBoundingClientRect();
  out.unfilter = performance.now() - t0;
  t0 = performance.now();
  LG.applyFilter();
  document.querySelector('.lg-table tbody').getBoundingClientRect();
  out.redraw = performance.now() - t0;
  out.rows = document.querySelectorAll('.lg-table tr.lg-row').length;
  out.info = document.querySelector('.lg-table-info').textContent;
  // Only the rows in sight are drawn: scroll to the long word's row.
  const at = LG.table.found().indexOf(LG.ev.b.source_id.indexOf('MLI-LONG-0003'));
  document.querySelector('.lg-table-scroll').scrollTop = at * LG.eventTable.ROW_PX;
  LG.table.draw();
  const td = cell();
  out.text = td.textContent;
  out.wrap = getComputedStyle(td).overflowWrap;
  out.tdWidth = td.getBoundingClientRect().width;
  out.tableWidth = document.querySelector('.lg-table').getBoundingClientRect().width;
  out.dateWidth = td.parentNode.firstChild.getBoundingClientRect().width;
  return out;
}"""


def test_long_words_keep_the_table_fast_and_cut(page, stranger_map):
    page, seen = page
    word = long_word(3)
    t = page.evaluate(TABLE, [word])
    # Each action that redraws the table (open, search, clear the search, a filter change) takes well under 1 s.
    for action in ("open", "filter", "unfilter", "redraw"):
        assert isinstance(t[action], (int, float)) and t[action] < 1000, (action, t[action])
    # One row per record place and event, all counted; only those in sight (and a margin) are drawn.
    n = page.evaluate("LG.ev.n")
    assert t["matches"] == 1 and t["info"] == f"{n} matches" and 0 < t["rows"] <= n
    # The word, longer than its column, breaks (break-word: only a word that does not fit breaks) and the cell
    # holds its first 300 characters; the table keeps its width and a readable date.
    assert t["wrap"] == "break-word"
    assert t["text"] == word[:300] + "\u2026"
    assert t["tableWidth"] <= 562 and t["dateWidth"] >= 50
    # The popup and the CSV have the whole word.
    i = page.evaluate("LG.ev.b.source_id.indexOf('MLI-LONG-0003')")
    assert i >= 0 and page.evaluate(f"LG.openEvent({i})")
    popup = page.locator(".leaflet-popup-content").last.text_content()
    assert popup.count(word) >= 3  # where, who, note
    assert page.evaluate("LG.csvText()").count(word) == 4  # place, actors, summary ("... in <place>"), notes
    # A row of the table still opens its popup.
    page.evaluate("document.querySelectorAll('.lg-table tr.lg-row')[0].click()")
    assert seen["errors"] == []


SET_ACTOR = """() => {
  const t0 = performance.now();
  const n = window.liptako.setActor('b'.repeat(5e6));
  const ms = performance.now() - t0;
  return {ms: ms, n: n, kept: LG.filter.actor.length, box: document.querySelector('.lg-actor').value.length,
          hash: location.hash.length, count: document.querySelector('.lg-count').textContent};
}"""


def test_a_5_mb_actor_from_the_api_is_cut_and_quick(page):
    page, seen = page
    total = page.evaluate("LG.total")
    r = page.evaluate(SET_ACTOR)
    assert r["ms"] < 2000, r["ms"]  # 1.6-4 s before the cap on this machine, 25-47 s on the issue's
    assert r["n"] == 0 and r["kept"] == 200 and r["box"] == 200 and r["hash"] < 400
    assert r["count"] == f"0 of {total} shown"
    # Anything at all: nothing throws, and "" shows everything again.
    assert page.evaluate("window.liptako.setActor({toString() { throw new Error('no'); }})") == total
    assert page.evaluate("window.liptako.setActor(12345)") == 0
    assert page.evaluate("window.liptako.setActor('Military Forces of Mali')") == 1
    assert page.evaluate("window.liptako.setActor('')") == total
    assert page.locator(".lg-count").text_content() == f"{total} of {total} shown"
    assert seen["errors"] == [] and seen["dialogs"] == []


# LG.start's own time (reading the link, building every layer, the first filter), measured in the page.
TIMER = """(() => { let lg; Object.defineProperty(window, 'LG', { configurable: true, get() { return lg; },
  set(v) { lg = v; const start = v.start; v.start = function () { const t0 = performance.now();
    try { return start.apply(this, arguments); } finally { window.__startMs = performance.now() - t0; } }; } }); })()"""


@pytest.mark.parametrize(
    "hash,actor",
    [("actor=" + "a" * 2_000_000, ""), ("actor=" + "Mali" * 500 + "&view=15,1,7", ("Mali" * 50))],
    ids=["2MB", "2KB"],
)
def test_a_long_link_is_ignored_or_cut_and_the_page_works(browser, stranger_map, hash, actor):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.add_init_script(TIMER)
    page.goto(stranger_map.as_uri() + "#" + hash)
    page.wait_for_selector("body[data-lg-ready]", state="attached")
    page.evaluate("window.liptako.ready")
    r = page.evaluate("""() => ({ms: window.__startMs, actor: LG.filter.actor, hash: location.hash.length,
        count: document.querySelector('.lg-count').textContent, zoom: LG.map.getZoom()})""")
    total = page.evaluate("LG.total")
    page.close()
    assert errors == []
    # (Start-up took 1.3-4.3 s with such a hash before the cap; the time is not asserted here, which would fail on
    # a loaded machine: what the page did with the hash, below, is.)
    assert r["actor"] == actor
    if actor:  # a link up to 4,096 characters is read, each value cut to 200
        assert r["zoom"] == 7 and r["count"] == f"0 of {total} shown"
    else:  # a longer one is not a link this page wrote: ignored, and dropped from the address
        assert r["hash"] < 200 and r["count"] == f"{total} of {total} shown"


def test_each_value_of_a_link_is_cut_and_a_bad_escape_is_skipped(page):
    page, seen = page
    got = page.evaluate("""() => {
        const before = location.hash;
        location.hash = 'zz=' + 'a'.repeat(1000) + '&bad=%E0%A4%A&ok=%C3%A9';
        const r = LG.readHash();
        history.replaceState(null, '', before || '#');
        return [r.zz.length, 'bad' in r, r.ok];
    }""")
    assert got == [200, False, "é"]
    assert seen["errors"] == []


def test_dates_from_a_link_must_be_real_days_and_actor_text_folds_accents(page):
    page, seen = page
    got = page.evaluate("""() => [LG.validDay('2022-02-30'), LG.validDay('2022-13-01'), LG.validDay('9999'),
        LG.validDay('2022-02-28') === LG.validDay('2022-03-01') - 1, LG.fold('Ménaka ÉTAT Islamique')]""")
    assert got == [None, None, None, True, "menaka etat islamique"]
    assert seen["errors"] == []


def test_hostile_event_ids_reach_the_page_as_text(browser, tmp_path):
    """The hostile corpus as ACLED event ids, each ending in a number so that the page stores it as a prefix and a
    number (geo/render/columns.py): the ids the page decodes are the importer's, character for character, and
    nothing of them runs."""
    from hostile import PAYLOADS as HOSTILE

    import geo

    canary = tmp_path / "canary"
    with open(FIX, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, first = reader.fieldnames, next(reader)
    # Four ids to a payload, so that the prefixes repeat and the split is the shorter form.
    rows = [
        dict(first, event_id_cnty=p.replace("CANARY", str(canary)) + str(10 * k + j + 1))
        for k, p in enumerate(HOSTILE)
        for j in range(4)
        if len(p) < 1000  # a cell cut at the map's limit ends in "[…]", not in its number
    ]
    events = tmp_path / "ids.csv"
    with open(events, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "ids.html"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--events", str(events)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    raw = json.loads(html.split(f'id="{DATA_ID}">', 1)[1].split("</script>", 1)[0])["events"]["source_id"]
    assert isinstance(raw, dict)  # prefixes and numbers, not the list
    want = sorted(geo.load().with_events([events]).events["source_id"].astype(str))
    assert len(want) == len(rows)
    page, seen = open_map(browser, out)
    got = page.evaluate("Array.from(LG.ev.b.source_id).filter((id, i) => LG.ev.recAt[i] < 0)")
    pwned = page.evaluate("window.__pwned === undefined && typeof window.alert === 'function'")
    page.close()
    assert sorted(got) == want
    assert pwned and not seen["errors"] and not seen["requests"] and not canary.exists()
