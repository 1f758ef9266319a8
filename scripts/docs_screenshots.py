"""Make the analyst's-map pictures in docs/img/: a 2019-20 map of ACLED events in Ménaka, Gao, Tillabéri and
Tahoua, as a screen shows it at 1280 x 800 and at 375 x 740 (a phone), and its A4 PDF.

The events are ACLED's; ACLED's terms forbid redistributing its rows, so they are not in this repository: give
the paths of the Mali, Niger and Burkina Faso exports (the pictures in docs/ were made from the HDX exports kept
in the public repository alegalli/conflictSahel at commit f134226, `data/Conflict Data/conflict_data_{mli,ner,
bfa}.csv`, ACLED data to August 2020). Every picture is made offline: the page is opened with every request
that is not a file of its own folder refused.

    python scripts/docs_screenshots.py MLI.csv NER.csv BFA.csv [--out docs/img] [--accessed YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from doc_pictures import _save  # noqa: E402  (the docs' pictures in 256 colours)

from geo.snapshot import CHROMIUM_ARGS, chromium_path  # noqa: E402

NAME = "menaka-gao-tillaberi-tahoua-2019-20"
FILTERS = [
    *("--admin1", "Ménaka", "--admin1", "Gao", "--admin1", "Tillabéri", "--admin1", "Tahoua"),
    *("--since", "2019-01-01", "--until", "2020-08-01"),
]
SCREENS = {"1280x800": (1280, 800), "375x740": (375, 740)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("exports", nargs="+", type=Path, help="the ACLED exports (CSV or xlsx)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--accessed", help="when the exports were downloaded (YYYY-MM-DD), for the citation")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / f"{NAME}.html"
        cmd = [sys.executable, str(ROOT / "cli.py"), "build", "--out", str(page), *FILTERS]
        cmd += [x for p in args.exports for x in ("--events", str(p))]
        cmd += ["--pdf", str(args.out / f"{NAME}-a4.pdf"), "--paper", "A4", "--orientation", "landscape"]
        if args.accessed:
            cmd += ["--accessed", args.accessed]
        subprocess.run(cmd, check=True)
        shoot(page, args.out)
    preview(args.out / f"{NAME}-a4.pdf", args.out / f"{NAME}-a4.png")
    return 0


def preview(pdf: Path, png: Path) -> None:
    """The PDF's first page as the docs show it (PDFium at 110 dpi)."""
    import pypdfium2 as pdfium

    _save(pdfium.PdfDocument(pdf)[0].render(scale=110 / 72).to_pil(), png)


def shoot(page: Path, out: Path) -> None:
    """The page at each screen size, as it opens, with the network refused."""
    from io import BytesIO

    from PIL import Image
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for label, (width, height) in SCREENS.items():
            tab = browser.new_page(viewport={"width": width, "height": height})
            errors: list[str] = []
            tab.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            folder = page.parent.as_uri() + "/"

            def only_its_folder(route, request, folder=folder):
                return route.continue_() if request.url.startswith(folder) else route.abort()

            tab.route("**/*", only_its_folder)
            tab.goto(page.as_uri())
            tab.wait_for_selector("body[data-lg-ready]", state="attached")
            tab.evaluate("window.liptako.ready")
            if errors:
                raise SystemExit(f"{page}: errors in the page at {label}: {errors}")
            _save(Image.open(BytesIO(tab.screenshot())), out / f"{NAME}-{label}.png")
            tab.close()
        browser.close()


if __name__ == "__main__":
    raise SystemExit(main())
