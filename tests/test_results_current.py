"""benchmarks/RESULTS.md names the size of the page without events that this checkout builds, so that its
figures cannot silently go stale when the page changes (issue 25). The figure is compared with a live build,
not a constant: a change to the page's runtime, encoding or curated data fails this test until the benchmark
is run again."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
REGENERATE = ".venv/bin/python benchmarks/bench_events.py --runs 3 --write"


def bench():
    """benchmarks/bench_events.py as a module (its top level imports the standard library only)."""
    spec = importlib.util.spec_from_file_location("bench_events", ROOT / "benchmarks" / "bench_events.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_events", module)
    spec.loader.exec_module(module)
    return module


def test_results_name_the_current_empty_page_size(html):
    # html: the session fixture, geo.render_html(geo.load()), the call benchmarks/build_ours.py makes for 0 events
    found = bench().EMPTY_RE.findall(RESULTS.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{RESULTS}: want one line '- Empty page bytes: N ...', found {len(found)}"
    written, live = int(found[0]), len(html.encode("utf-8"))
    assert written == live, (
        f"{RESULTS} says the page without events is {written:,} bytes; this checkout builds {live:,}. Its figures "
        f"are of another page: run `{REGENERATE}` (about half an hour) and commit benchmarks/RESULTS.md"
    )


def test_the_benchmark_writes_the_line_the_check_reads(tmp_path):
    b = bench()
    assert [int(x) for x in b.EMPTY_RE.findall(b.EMPTY_LINE.format(bytes=740388) + "\n")] == [740388]
    # Its section replaces the earlier one (any heading of this benchmark) and keeps the other benchmarks'.
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# Many events in one offline page (issue 11)\n\n- Empty page bytes: 1 (old)\n\n## 1,000 events\n\nold\n\n"
        "# Geocoder (whole-region layer)\n\ngeocoder figures\n",
        encoding="utf-8",
    )
    b.write_section(b.HEADING + "\n\n" + b.EMPTY_LINE.format(bytes=2) + "\n", results)
    text = results.read_text(encoding="utf-8")
    assert b.EMPTY_RE.findall(text) == ["2"]
    assert "old" not in text and "issue 11)" not in text
    assert text.index(b.HEADING) < text.index("# Geocoder") and text.endswith("geocoder figures\n")
    fresh = tmp_path / "none.md"
    b.write_section(b.HEADING + "\n", fresh)
    assert fresh.read_text(encoding="utf-8") == b.HEADING + "\n"
