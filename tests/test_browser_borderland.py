"""The analysis layers in real headless Chromium (issue 12): distance bands, events per region,
tri-point ring counts, each agreeing with `liptako stats`."""

import json
import re
import shutil

from click.testing import CliRunner

from cli import main
from conftest import ROOT, open_map

FIX = ROOT / "tests" / "fixtures"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def build(tmp_path, *args):
    out = tmp_path / "map.html"
    run("build", "--out", out, *args)
    return out


def analysis_paths(page):
    return page.locator(".leaflet-lg-analysis-pane path")


def test_bands_and_choropleth_are_off_at_start_and_toggle_with_their_legends(browser, tmp_path):
    out = build(tmp_path, "--events", FIX / "acled_2024.csv", "--events", FIX / "ucdp_ged.csv")
    page, seen = open_map(browser, out)
    assert analysis_paths(page).count() == 0
    assert page.locator("#lg-legend-bands").is_hidden() and page.locator("#lg-legend-choropleth").is_hidden()

    page.get_by_label("Distance to the nearest border").check()
    assert analysis_paths(page).count() >= 3  # one (multi)polygon per band, some in several parts
    legend = page.locator("#lg-legend-bands")
    assert legend.is_visible()
    assert [t.strip() for t in legend.locator("div:not(.lg-h2):not(.lg-quiet)").all_inner_texts()] == [
        "0-10 km",
        "10-50 km",
        "50-100 km",
    ]
    stats = json.loads(
        run(
            "stats",
            "--events",
            FIX / "acled_2024.csv",
            "--events",
            FIX / "ucdp_ged.csv",
            "--tri-border-km",
            "50,100,150",
            "--json",
        ).stdout
    )
    imprecise = [b["events"] for b in stats["by"]["band"] if b["key"] == "imprecise"][0]
    assert f"{imprecise} event(s) are located less precisely than a band" in legend.inner_text()
    page.get_by_label("Distance to the nearest border").uncheck()
    assert analysis_paths(page).count() == 0 and legend.is_hidden()

    page.get_by_label("Events per admin-1 region").check()
    assert page.locator("#lg-legend-choropleth").is_visible()
    # The region's tooltip gives the same count as `liptako stats`.
    gao = [r for r in stats["by"]["admin1"] if r["key"] == "Gao"][0]
    tips = page.evaluate("""() => {
        const out = [];
        window.LG.layers.choropleth.eachLayer(l => out.push(l.getTooltip().getContent().textContent));
        return out;
    }""")
    assert f"Gao (MLI): {gao['events']} event(s), {gao['fatalities']} killed" in " | ".join(tips)
    assert len(tips) == 26  # the whole-country regions inside the borderland window, Ménaka included
    assert any(t.startswith("Ménaka (MLI): ") for t in tips) and not any(t.startswith("Timbuktu") for t in tips)
    assert seen["errors"] == [] and seen["requests"] == []


def test_choropleth_fills_follow_the_counts(browser, tmp_path):
    out = build(tmp_path, "--events", FIX / "acled_2024.csv")
    page, _ = open_map(browser, out)
    page.get_by_label("Events per admin-1 region").check()
    fills = page.evaluate("""() => {
        const out = {};
        window.LG.layers.choropleth.eachLayer(l => {
            const t = l.getTooltip().getContent().textContent;
            out[t.split(":")[0]] = [parseInt(t.split(": ")[1], 10), l.options.fillOpacity];
        });
        return out;
    }""")
    assert fills["Zinder (NER)"] == [0, 0]  # no event: not filled
    assert fills["Gao (MLI)"][0] > 0 and fills["Gao (MLI)"][1] > 0


def test_ring_labels_count_the_events_inside_each_ring(browser, tmp_path):
    out = build(tmp_path, "--events", FIX / "acled_2024.csv")
    stats = json.loads(
        run("stats", "--events", FIX / "acled_2024.csv", "--tri-border-km", "50,100,150", "--json").stdout
    )
    page, _ = open_map(browser, out)
    labels = page.locator(".lg-ring-label").all_inner_texts()
    for ring in stats["tri_border"]:
        km, n, maybe = ring["within_km"], ring["events"], ring["imprecise"]["events"]
        expected = f"{km:g} km: {n} event{'' if n == 1 else 's'}" + (f" (+{maybe} may be)" if maybe else "")
        assert expected in labels, (expected, labels)


def test_a_spec_can_turn_the_analysis_layers_on(browser, tmp_path):
    spec = tmp_path / "borderland.toml"
    shutil.copy(FIX / "ucdp_ged.csv", tmp_path)  # a spec names files of its own folder
    spec.write_text(
        'title = "Borderland"\nlayers = ["countries", "towns", "attack", "bands", "choropleth"]\n'
        'events = ["ucdp_ged.csv"]\n',
        encoding="utf-8",
    )
    run("build", spec)
    page, seen = open_map(browser, spec.with_suffix(".html"))
    assert page.locator("#lg-legend-bands").is_visible() and page.locator("#lg-legend-choropleth").is_visible()
    assert analysis_paths(page).count() >= 3 + 25
    assert seen["errors"] == []


def test_popups_give_the_distance_to_the_tri_point(browser, tmp_path):
    out = build(tmp_path)
    page, _ = open_map(browser, out)
    page.locator("path.lg-base").first.dispatch_event("click")
    text = page.locator(".leaflet-popup-content").inner_text()
    assert re.search(r"\d+ km to the Niger–Nigeria border; \d+ km to the tri-point", text)
