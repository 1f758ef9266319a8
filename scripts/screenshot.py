"""Take the README screenshot: the default map in headless Chromium, one popup open.

python scripts/screenshot.py maps/liptako-gourma.html docs/screenshot.png
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from geo.snapshot import CHROMIUM_ARGS

ARGS = CHROMIUM_ARGS


def main(src: str, out: str, selector: str = "path.lg-base") -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(Path(src).resolve().as_uri())
        page.wait_for_selector(".leaflet-control-layers")
        page.locator(selector).first.click(force=True)
        page.wait_for_timeout(600)
        page.screenshot(path=out)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
