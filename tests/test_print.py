"""Printed forms (issue 13): PDF on real paper with the sources on the page, PNG at any size and scale
with the legend and the scale bar inside the picture, and pictures that cannot fit refused clearly.

Each picture is rendered by the real pipeline (geo.snapshot: headless Chromium through playwright), in the
test session's one shared Chromium (the ``browser`` fixture) unless it is made through the command line.
"""

import struct

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

import cli
from geo.errors import LiptakoError
from geo.snapshot import picture

# The paper sizes in PostScript points; Chromium lands within a point of them.
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
A3 = (841.89, 1190.55)


def run(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def pdf_pages(data: bytes):
    """(size in points, text) of each page. PDFium reports a hyphen that ends a line as U+FFFE."""
    doc = pdfium.PdfDocument(data)
    return [(doc[i].get_size(), doc[i].get_textpage().get_text_range().replace("\ufffe", "-")) for i in range(len(doc))]


@pytest.mark.parametrize(
    "paper,orientation,size",
    [
        ("A4", "portrait", A4),
        ("A4", "landscape", A4[::-1]),
        ("letter", "landscape", LETTER[::-1]),
        ("A3", "portrait", A3),
    ],
)
def test_pdf_is_one_page_of_real_paper_with_title_legend_and_sources(browser, html, paper, orientation, size):
    layout = {}
    pages = pdf_pages(picture(html, fmt="pdf", paper=paper, orientation=orientation, layout=layout, browser=browser))
    assert len(pages) == 1
    (w, h), text = pages[0]
    assert w == pytest.approx(size[0], abs=1) and h == pytest.approx(size[1], abs=1)
    # Title block, legend, sources, credits: all on the page, as text (vector, searchable).
    for part in [
        "Liptako-Gourma: the Mali–Niger–Burkina Faso border zone",
        "Records dated 21 Mar 2021 – 24 May 2022",
        "Data: newest source dated",
        "Attacks",
        "Killed (symbol area)",
        "Sources:",
        "Africa Defense Forum",
        "Marsad Libya",
        "GeoNames (CC BY 4.0)",
        "Caveats",
    ]:
        assert part in " ".join(text.split()), part
    # The map has north arrow, inset and scale bar, all inside the sheet.
    sheet = layout["sheet"]
    for part in ("map", "legend", "caption", "scale", "north", "inset"):
        r = layout[part]
        assert r is not None and r["x"] >= 0 and r["y"] >= 0, part
        assert r["x"] + r["width"] <= sheet["width"] + 0.5 and r["y"] + r["height"] <= sheet["height"] + 0.5, part


def test_with_table_adds_pages_listing_every_record_with_its_sources(browser, html, dataset):
    pages = pdf_pages(picture(html, fmt="pdf", paper="A4", orientation="portrait", table=True, browser=browser))
    assert len(pages) >= 2
    # Compared without whitespace: the PDF's text breaks lines inside cells (and after hyphens).
    rest = "".join("".join(t.split()) for _, t in pages[1:])
    assert "everyrecordandeventonthemap" in rest
    placed = set(dataset.placements["record_id"])
    for rec in dataset.records:
        if rec.id in placed:
            assert "".join(rec.summary.split()) in rest, rec.id
            for sid in rec.sources:
                assert "".join(dataset.sources[sid].publisher.split()) in rest, (rec.id, sid)
    assert all(size == pages[0][0] for size, _ in pages)


@pytest.mark.parametrize("scale", [1.0, 2.0])
@pytest.mark.parametrize("width,height", [(1600, 1000), (2400, 1600), (1400, 2000)])
def test_png_keeps_legend_and_scale_bar_inside_at_any_size(browser, html, width, height, scale):
    layout = {}
    png = picture(html, fmt="png", width=width, height=height, scale=scale, layout=layout, browser=browser)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (width, height)
    css_w, css_h = width / scale, height / scale
    assert layout["sheet"]["width"] == pytest.approx(css_w, abs=1)
    for part in ("legend", "scale", "caption", "title", "map"):
        r = layout[part]
        assert (
            r["x"] >= 0 and r["y"] >= 0 and r["x"] + r["width"] <= css_w + 0.5 and r["y"] + r["height"] <= css_h + 0.5
        ), (part, r)
    # Lettered, and no two labels overlap in the picture either.
    assert layout["labels"] >= 20 and layout["label_overlaps"] == 0
    # The legend and the caption lie under the map, not on it.
    assert layout["legend"]["y"] >= layout["map"]["y"] + layout["map"]["height"] - 0.5
    assert layout["map"]["height"] >= 0.3 * css_h


def test_a_table_too_long_to_print_is_refused(browser, html, monkeypatch):
    import geo.snapshot

    monkeypatch.setattr(geo.snapshot, "MAX_TABLE_ROWS", 6)  # the overview has 7 records on the map
    with pytest.raises(LiptakoError, match="`with_table` would list 7 records and events, more than 6"):
        picture(html, fmt="pdf", table=True, browser=browser)
    assert picture(html, fmt="pdf", browser=browser)[:5] == b"%PDF-"  # without the table the same map prints


def test_a_picture_too_small_for_its_legend_is_refused_and_nothing_is_written(browser, tmp_path):
    out, png = tmp_path / "map.html", tmp_path / "map.png"
    result = run("build", "--out", out, "--png", png, "--width", "600", "--height", "400", "--scale", "2")
    assert result.exit_code == 1
    assert "use a larger --width/--height or a smaller --scale" in result.output
    assert not out.exists() and not png.exists()
    with pytest.raises(LiptakoError, match="does not fit|too little room"):
        picture(cli.DEFAULT_OUT.read_text(encoding="utf-8"), fmt="png", width=600, height=400, scale=2, browser=browser)


@pytest.mark.browser  # the command line starts its own Chromium
def test_cli_paper_orientation_and_table_options(tmp_path):
    pdf = tmp_path / "letter.pdf"
    result = run(
        "build", "--out", tmp_path / "map.html", "--pdf", pdf, "--paper", "letter", "--orientation", "portrait"
    )
    assert result.exit_code == 0, result.output
    (w, h), _ = pdf_pages(pdf.read_bytes())[0]
    assert (round(w), round(h)) == (612, 792)
    bad = run("build", "--out", tmp_path / "m.html", "--with-table")
    assert bad.exit_code == 2 and "--with-table adds pages to the PDF" in bad.output
    assert run("build", "--out", tmp_path / "m.html", "--pdf", pdf, "--paper", "B5").exit_code == 2


# Paper in mm (width, height as printed) and the 10 mm margin all round (issue 20: a layout the size of the sheet
# but not of the paper minus its margins passed every test).
PRINTED = [
    ("A4", "landscape", (297.0, 210.0)),
    ("A3", "portrait", (297.0, 420.0)),
    ("letter", "portrait", (215.9, 279.4)),
]
MARGIN = 10.0


@pytest.mark.parametrize("paper,orientation,mm", PRINTED, ids=[p for p, _, _ in PRINTED])
def test_printed_layout_fills_the_paper_minus_its_margins(browser, html, paper, orientation, mm):
    import numpy as np

    layout = {}
    pdf = picture(html, fmt="pdf", paper=paper, orientation=orientation, layout=layout, browser=browser)
    px_per_mm = 96 / 25.4
    want_w, want_h = mm[0] - 2 * MARGIN, mm[1] - 2 * MARGIN
    sheet, frame = layout["sheet"], layout["map"]
    # The sheet (the frame of the whole print) is the paper minus its margins, within a millimetre.
    assert sheet["width"] / px_per_mm == pytest.approx(want_w, abs=1)
    assert sheet["height"] / px_per_mm == pytest.approx(want_h, abs=1)
    # The map's frame is as wide as that; the title, the map and the text under it fill its height.
    assert frame["width"] / px_per_mm == pytest.approx(want_w, abs=1)
    assert layout["title"]["y"] == pytest.approx(sheet["y"], abs=0.5)
    assert frame["y"] == pytest.approx(layout["title"]["y"] + layout["title"]["height"], abs=0.5)
    assert 0 <= layout["legend"]["y"] - (frame["y"] + frame["height"]) <= 2 * px_per_mm
    bottom = layout["caption"]["y"] + layout["caption"]["height"]
    assert bottom / px_per_mm == pytest.approx(want_h, abs=1) and not layout["overflow"]
    # On the PDF page itself: what is printed reaches the margins on every side and never crosses them.
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    w_pt, h_pt = page.get_size()
    assert w_pt * 25.4 / 72 == pytest.approx(mm[0], abs=0.5) and h_pt * 25.4 / 72 == pytest.approx(mm[1], abs=0.5)
    scale = 4
    pixels = page.render(scale=scale).to_numpy()
    ink_y, ink_x = np.nonzero((pixels[:, :, :3] < 245).any(axis=2))
    to_mm = 25.4 / 72 / scale
    left, top = ink_x.min() * to_mm, ink_y.min() * to_mm
    right, bottom = (pixels.shape[1] - 1 - ink_x.max()) * to_mm, (pixels.shape[0] - 1 - ink_y.max()) * to_mm
    assert MARGIN - 0.5 <= left <= MARGIN + 1 and MARGIN - 0.5 <= right <= MARGIN + 1, (left, right)
    # Top and bottom are text (the title, the last line of the credits): their glyphs sit a little inside.
    assert MARGIN - 0.5 <= top <= MARGIN + 1.5 and MARGIN - 0.5 <= bottom <= MARGIN + 1.5, (top, bottom)
