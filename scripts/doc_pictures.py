"""Make the README's pictures of the printed and embedded map, from the committed overview map.

  python scripts/doc_pictures.py     # writes docs/print-a4.png and docs/embed-760.png

* docs/print-a4.png: the A4 portrait PDF that ``liptako build --pdf --paper A4 --orientation
  portrait`` makes, rendered by PDFium (pypdfium2, a test dependency) at 110 dpi, in 256 colours.
* docs/embed-760.png: a briefing page with the ``liptako embed`` snippet in a 760 px column, as
  headless Chromium shows it, in 256 colours.
* docs/draft-review.png: the review page ``liptako draft --map`` makes of the seed article (published
  2022-05-30), the late-March attack selected, as headless Chromium shows it at 1280 x 800, in 256 colours.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.embed import embed_snippet  # noqa: E402
from geo.snapshot import CHROMIUM_ARGS, chromium_path, picture  # noqa: E402

MAP = ROOT / "maps" / "liptako-gourma.html"
DOCS = ROOT / "docs"

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Briefing</title></head>
<body style="margin:0;background:#f3f3f3;font:16px/1.5 Georgia,serif">
<article style="width:760px;margin:0 auto;background:#fff;padding:24px 0">
<h1 style="font-size:26px;margin:0 0 8px">The Mali–Niger border in 2022</h1>
<p style="margin:0 0 16px;color:#444">An example briefing page: the map below is the snippet that
<code>liptako embed</code> prints, in a 760 px column.</p>
{snippet}
<p style="margin:16px 0 0;color:#444">The text of the briefing goes on below the map.</p>
</article></body></html>"""


def _save(image, path: Path) -> None:
    """A 256-colour PNG: a third of the bytes of a full-colour one, and the same to the eye for a map."""
    image.convert("RGB").quantize(colors=256, method=2, dither=0).save(path, optimize=True)


def print_a4() -> None:
    import pypdfium2 as pdfium

    pdf = picture(MAP.read_text(encoding="utf-8"), fmt="pdf", paper="A4", orientation="portrait")
    page = pdfium.PdfDocument(pdf)[0]
    _save(page.render(scale=110 / 72).to_pil(), DOCS / "print-a4.png")


def embed_760() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(MAP, Path(tmp) / MAP.name)
        article = Path(tmp) / "briefing.html"
        article.write_text(ARTICLE.format(snippet=embed_snippet(Path(tmp) / MAP.name)), encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 900, "height": 760})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
            page.goto(article.as_uri())
            page.frame_locator("iframe").locator("body[data-lg-ready]").wait_for(state="attached")
            page.wait_for_timeout(500)
            from io import BytesIO

            from PIL import Image

            _save(Image.open(BytesIO(page.screenshot())), DOCS / "embed-760.png")
            browser.close()


def draft_review() -> None:
    from io import BytesIO

    from click.testing import CliRunner
    from PIL import Image
    from playwright.sync_api import sync_playwright

    from geo.cli import main

    seed = ROOT / "tests" / "fixtures" / "draft" / "seed-article.txt"
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "review.html"
        args = [
            "draft",
            str(seed),
            "--date",
            "2022-05-30",
            "--publisher",
            "Africa Defense Forum",
            "--map",
            str(page_path),
        ]
        done = CliRunner().invoke(main, args)
        assert done.exit_code == 0, done.output
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
            page.goto(page_path.as_uri())
            page.locator("body[data-lg-ready]").wait_for(state="attached")
            page.evaluate("window.liptakoReview.fit('draft-attack-intazayene-2022-03-21')")
            page.evaluate(
                """() => { const list = document.getElementById('lg-review-list');
                const card = document.querySelector('.lg-record.lg-on');
                list.scrollTop += card.getBoundingClientRect().top - list.getBoundingClientRect().top - 150; }"""
            )
            page.wait_for_timeout(500)
            _save(Image.open(BytesIO(page.screenshot())), DOCS / "draft-review.png")
            browser.close()


if __name__ == "__main__":
    print_a4()
    embed_760()
    draft_review()
    for name in ("print-a4.png", "embed-760.png", "draft-review.png"):
        print(f"wrote docs/{name} ({(DOCS / name).stat().st_size / 1024:.0f} KiB)")
