import re

import pytest

import geo
from conftest import edit_csv
from geo.records import KIND_LABELS

EVIL = '<script>alert(1)</script> <img src=x onerror="window.__pwned=1"> ${window.__pwned=2} </script>'


def flat(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_every_layer_is_in_the_page(html):
    for name in ["Countries and borders", "Regions (admin-1)", "Niger River", "Tri-border point, 50/100/150 km",
                 "Towns and villages", *(KIND_LABELS[k] for k in ("attack", "airstrike", "deployment", "base", "security"))]:
        assert f'"{name}"' in html, name


def test_page_loads_nothing_from_the_network(html):
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?https?:", html)
    assert "cdn." not in html and "sourceMappingURL" not in html
    assert "L.version" in html or 't.version="1.9.4"' in html


def test_popups_carry_place_precision_border_and_source(html):
    text = flat(html)
    assert "at least 137 (government toll of 22 March 2021; later revised to 141)" in text
    assert "one toll for all 3 places of this record" in text
    assert "placed in its commune/department, within about 100 km" in text
    assert "km to the Mali–Niger border" in text
    assert "source: “late March”" in text
    assert "Africa Defense Forum (republished by defenceWeb)" in text


def test_record_symbols_one_per_placement(html, dataset):
    assert html.count('"cls":"lg-record lg-') == len(dataset.placements)
    assert html.count('"cls":"lg-record lg-attack"') == 5  # 3 Tillia villages + Andéramboukane + Inékar


def test_attack_symbol_grows_with_fatalities():
    from geo.render.style import fatality_radius

    assert fatality_radius(None) < fatality_radius(10) < fatality_radius(137)
    # Area, not radius, is proportional: 4x the deaths is 2x the radius above the base size.
    assert (fatality_radius(400) - 5) == pytest.approx(2 * (fatality_radius(100) - 5))


def test_legend_and_caveats(html):
    text = flat(html)
    assert "Natural Earth has no Ménaka region" in text
    assert "redrew that sector in 2013" in text
    assert "GeoNames (CC BY 4.0)" in text
    assert "Context, not placed" in text and "G5 Sahel" in text


def test_build_is_byte_identical(dataset, html):
    assert geo.render_html(dataset) == html


@pytest.mark.parametrize("column", ["note", "summary", "actors", "place_text", "date_text"])
def test_data_text_is_escaped(data_copy, column):
    edit_csv(data_copy / "records.csv", "base-tahoua-drones-2022-05", **{column: EVIL})
    page = geo.render_html(geo.load(data_copy))
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    # HTML-escaped for the popup, then '&' is \u0026 inside the JSON block, so nothing can close
    # the <script> element and the popup shows the text.
    assert "\\u0026lt;script\\u0026gt;alert(1)" in page
    # A '${...}' stays data: no JavaScript template literal is built from data.
    assert "`" not in page.split("LG.points(", 1)[1].split(");", 1)[0]


def test_javascript_url_in_source_is_not_linked(data_copy):
    edit_csv(data_copy / "sources.csv", "marsad-2022-05-24", url="javascript:alert(1)")
    page = geo.render_html(geo.load(data_copy))
    assert 'href=\\"javascript' not in page and "href=\"javascript" not in page
