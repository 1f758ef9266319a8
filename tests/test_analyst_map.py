"""The analyst's own map (issue 22, second part): their title, exports that name files without the folders they
lie in, and the view as plain numbers for embedding pages."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from cli import main
from conftest import event_ids, open_map, page_data, record_rows

ROOT = Path(__file__).resolve().parents[1]
ACLED = ROOT / "tests" / "fixtures" / "acled_2024.csv"
UCDP = ROOT / "tests" / "fixtures" / "ucdp_ged.csv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def meta(path: Path) -> dict:
    return page_data(path.read_text(encoding="utf-8"))["meta"]


def test_events_without_a_spec_get_a_title_from_the_data(tmp_path):
    out = tmp_path / "mine.html"
    done = run("build", "--events", ACLED, "--events", UCDP, "--out", out)
    assert done.exit_code == 0, done.output
    m = meta(out)
    # The formats, the countries the events lie in, and their first and last day (read from the fixtures).
    assert m["title"] == "ACLED and UCDP GED events, Mali–Niger–Burkina Faso, 01 Mar 2021 – 20 May 2022"
    assert m["subtitle"] == "From acled_2024.csv and ucdp_ged.csv"
    assert f"<title>{m['title']}</title>" in out.read_text(encoding="utf-8")
    both = tmp_path / "both.html"
    assert run("build", "--events", ACLED, "--with-records", "--out", both).exit_code == 0
    assert meta(both)["subtitle"] == "From acled_2024.csv and the project's curated records"
    one = tmp_path / "one.html"
    assert run("build", "--events", ACLED, "--country", "Niger", "--out", one).exit_code == 0
    assert meta(one)["title"].startswith("ACLED events, Niger, ")


def test_title_and_subtitle_from_the_command_line(tmp_path):
    out = tmp_path / "mine.html"
    done = run("build", "--events", ACLED, "--title", "Ménaka, 2022", "--subtitle", "For the briefing", "--out", out)
    assert done.exit_code == 0, done.output
    assert (meta(out)["title"], meta(out)["subtitle"]) == ("Ménaka, 2022", "For the briefing")
    # Without events the spec's title stays unless one is given; a subtitle alone keeps the title.
    plain = tmp_path / "plain.html"
    assert run("build", "--subtitle", "Curated records only", "--out", plain).exit_code == 0
    assert meta(plain)["title"].startswith("Liptako-Gourma") and meta(plain)["subtitle"] == "Curated records only"
    # A named spec keeps its own title even with events.
    spec = tmp_path / "mine.toml"
    spec.write_text('title = "My spec"\n', encoding="utf-8")
    assert run("build", spec, "--events", ACLED).exit_code == 0
    assert meta(tmp_path / "mine.html")["title"] == "My spec"


def test_a_bad_title_is_refused_and_nothing_is_written(tmp_path):
    out = tmp_path / "mine.html"
    out.write_text("last good map", encoding="utf-8")
    for bad, why in (("", "give the map a title"), ("a\x1bb", "control character"), ("x" * 301, "under 300")):
        done = run("build", "--title", bad, "--out", out)
        assert done.exit_code == 1 and "--title" in done.output and why in done.output, done.output
        assert "\x1b" not in done.output
    assert out.read_text(encoding="utf-8") == "last good map"


def test_exports_name_files_without_their_folders(tmp_path):
    out = tmp_path / "e.csv"
    assert run("export", "--events", ACLED, "--events", UCDP, "--with-records", "--out", out).exit_code == 0
    with open(out, encoding="utf-8") as fh:
        files = {r["file"] for r in csv.DictReader(fh) if not r["source_id"].startswith("#")}
    assert files == {"records.csv", "acled_2024.csv", "ucdp_ged.csv"}


def test_events_leave_the_curated_records_out_unless_asked(tmp_path):
    """With --events, the map, the export and the counts are the analyst's events only; --with-records (or the
    spec key) adds the project's records to all three."""
    import json

    alone, both = tmp_path / "alone.html", tmp_path / "both.html"
    assert run("build", "--events", ACLED, "--out", alone).exit_code == 0
    assert run("build", "--events", ACLED, "--with-records", "--out", both).exit_code == 0
    a, b = page_data(alone.read_text(encoding="utf-8")), page_data(both.read_text(encoding="utf-8"))
    assert len(event_ids(a)) == len(event_ids(b)) == 6
    assert record_rows(a) == [] and a["context"] == [] and len(record_rows(b)) == 15
    assert a["meta"]["mapped"] == 6 and b["meta"]["mapped"] > 6

    def total(*extra):
        done = run("stats", "--events", ACLED, "--json", *extra)
        assert done.exit_code == 0, done.output
        return json.loads(done.stdout)["total"]["events"]

    assert total() == 6 and total("--with-records") == 6 + 7  # the 7 placed curated records, counted once each
    out = tmp_path / "e.csv"
    assert run("export", "--events", ACLED, "--out", out).exit_code == 0
    with open(out, encoding="utf-8") as fh:
        formats = {r["source_format"] for r in csv.DictReader(fh) if not r["source_id"].startswith("#")}
    assert formats == {"acled"}
    # Without --events the records are the map, as before.
    assert total() != json.loads(run("stats", "--json").stdout)["total"]["events"]
    # A spec says the same with its key; a wrong value is named.
    (tmp_path / "a.csv").write_bytes(ACLED.read_bytes())
    spec = tmp_path / "s.toml"
    spec.write_text('title = "S"\nevents = ["a.csv"]\nwith_records = true\n', encoding="utf-8")
    assert run("build", spec).exit_code == 0
    assert len(record_rows(page_data((tmp_path / "s.html").read_text(encoding="utf-8")))) == 15
    spec.write_text('title = "S"\nevents = ["a.csv"]\nwith_records = "yes"\n', encoding="utf-8")
    bad = run("build", spec)
    assert bad.exit_code == 1 and "with_records" in bad.output and "true or false" in bad.output


def test_printed_counts_are_the_counts_on_the_map(tmp_path):
    """The line build prints for a map counts what the page draws, after the spec's own dates (it printed the
    counts before them: "mapped 41" for a PDF that said "No records")."""
    (tmp_path / "a.csv").write_bytes(ACLED.read_bytes())
    spec = tmp_path / "q1.toml"
    spec.write_text('title = "Q1"\nevents = ["a.csv"]\n[dates]\nstart = "2022-01-01"\nend = "2022-03-31"\n')
    done = run("build", spec, "--with-records")
    assert done.exit_code == 0, done.output
    data = page_data((tmp_path / "q1.html").read_text(encoding="utf-8"))
    n_events, rows = len(event_ids(data)), record_rows(data)
    assert n_events == 2  # 1 Feb and 13 Mar 2022 (2 of the 6 mapped rows)
    line = next(x for x in done.output.splitlines() if x.startswith(str(tmp_path / "q1.html") + ":"))
    expected = f"{len({r['id'] for r in rows})} records at {len(rows)} places and {n_events} events on the map"
    assert expected in line and "(dates 2022-01-01 – 2022-03-31)" in line, line


def test_the_view_is_plain_numbers(browser, tmp_path):
    out = tmp_path / "map.html"
    assert run("build", "--out", out).exit_code == 0
    page, seen = open_map(browser, out)
    page.evaluate("window.liptako.ready")
    v = page.evaluate("window.liptako.view()")
    assert set(v) == {"west", "south", "east", "north", "zoom"}
    assert all(isinstance(x, (int, float)) for x in v.values())
    assert v["west"] < v["east"] and v["south"] < v["north"]
    page.evaluate("void LG.map.setView([15.0, 1.0], 8, {animate: false})")
    v = page.evaluate("window.liptako.view()")
    assert v["zoom"] == 8 and v["west"] < 1.0 < v["east"] and v["south"] < 15.0 < v["north"]
    assert seen["errors"] == []
    page.close()


def test_the_first_view_holds_the_analysts_events(browser, tmp_path):
    """With --events and no spec, the map opens on the events, wherever they are (here: a filter keeps the ones in
    Niger only, and the view holds each of them and is smaller than the whole zone's)."""
    out = tmp_path / "ner.html"
    assert run("build", "--events", ACLED, "--events", UCDP, "--country", "NER", "--out", out).exit_code == 0
    page, seen = open_map(browser, out, width=1280, height=800)
    page.evaluate("window.liptako.ready")
    v = page.evaluate("window.liptako.view()")
    points = page.evaluate("(() => { const o = []; for (let i = 0; i < LG.ev.n; i++) { if (LG.ev.recAt[i] < 0)"
                           " o.push([LG.ev.lat[i], LG.ev.lon[i]]); } return o; })()")  # fmt: skip
    assert points
    for lat, lon in points:
        assert v["west"] <= lon <= v["east"] and v["south"] <= lat <= v["north"], (lat, lon, v)
    whole = page_data((ROOT / "maps" / "liptako-gourma.html").read_text(encoding="utf-8"))["view"]["bbox"]
    assert (v["east"] - v["west"]) < (whole[2] - whole[0]) + 2  # fitted, not the whole zone plus margins
    assert seen["errors"] == []
    page.close()


def test_hostile_titles_stay_text(browser, tmp_path):
    """--title and --subtitle are new inputs: every payload of the corpus (the ones a title may hold: no control
    characters, which are refused) reaches the page as text, in the title block and the document's title."""
    from hostile import PAYLOADS

    canary = tmp_path / "pwned.txt"
    usable = [p.replace("CANARY", str(canary)) for p in PAYLOADS if not any(ord(c) < 32 or ord(c) == 127 for c in p)]
    batches = [usable[i : i + 12] for i in range(0, len(usable), 12)]
    for n, batch in enumerate(batches):
        title, subtitle = " | ".join(batch)[:300].strip(), " | ".join(reversed(batch))[:1000]
        out = tmp_path / f"t{n}.html"
        done = run("build", "--title", title, "--subtitle", subtitle, "--out", out)
        assert done.exit_code == 0, done.output
        assert (meta(out)["title"], meta(out)["subtitle"]) == (title, subtitle)
        page, seen = open_map(browser, out)
        page.evaluate("window.liptako.ready")
        got = page.evaluate("[document.title, document.querySelector('.lg-title summary').textContent,"
                            " document.querySelector('.lg-title .lg-sub').textContent, window.__pwned]")  # fmt: skip
        assert got[:3] == [title, title, subtitle] and got[3] is None, (n, got)
        assert seen["dialogs"] == [] and seen["errors"] == [] and seen["requests"] == []
        page.close()
    assert not canary.exists()
