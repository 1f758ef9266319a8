"""Pictures of a map for documents: PNG and PDF rendered by headless Chromium.

Uses Debian's Chromium (``/usr/bin/chromium``, or ``$LIPTAKO_CHROMIUM``) through the
``playwright`` package, imported only here and only when a picture is asked for. No browser is
ever downloaded. The page is put in print mode first (``LG.print()``): interactive controls hidden,
legend open, a caption with the date span and every source shown; every network request is
blocked, so the picture shows exactly what the offline file shows.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
import tempfile
from pathlib import Path

from .errors import LiptakoError

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
INSTALL_HINT = ("install Debian's Chromium with  sudo apt-get install chromium  (or point LIPTAKO_CHROMIUM at a "
                "Chromium binary)")


def chromium_path() -> str:
    """The Chromium binary to use, or a :class:`LiptakoError` saying how to install one."""
    wanted = os.environ.get("LIPTAKO_CHROMIUM")
    candidates = [wanted] if wanted else ["/usr/bin/chromium", shutil.which("chromium") or "",
                                          shutil.which("chromium-browser") or ""]
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return path
    raise LiptakoError(f"pictures need Chromium, and none was found at {wanted or '/usr/bin/chromium'}: {INSTALL_HINT}")


def picture(html: str, *, fmt: str, width: int = 2400, height: int = 1600, scale: float = 2.0) -> bytes:
    """Render ``html`` as ``fmt`` ("png" or "pdf"), ``width`` x ``height`` output pixels; return the bytes.

    The page is laid out at ``width/scale`` x ``height/scale`` CSS pixels and drawn at ``scale``
    device pixels per CSS pixel, so text stays legible at print size. Nothing is written where the
    user can see it: the caller writes the picture with the map, all-or-nothing.
    """
    check_picture(fmt, width, height, scale)
    browser_path = chromium_path()
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _render(html, browser_path, fmt, width, height, scale)
    # playwright's sync API refuses to run inside an asyncio loop (a Jupyter notebook, a test that
    # already drives a browser): render in a thread of its own instead.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_render, html, browser_path, fmt, width, height, scale).result()


def _render(html: str, browser_path: str, fmt: str, width: int, height: int, scale: float) -> bytes:
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise LiptakoError("pictures need the playwright package: pip install playwright "
                           "(it drives the system Chromium; no browser download is needed)") from None
    css_w, css_h = round(width / scale), round(height / scale)
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "map.html"
        page_file.write_text(html, encoding="utf-8")
        out = Path(tmp) / f"map.{fmt}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
                try:
                    page = browser.new_page(viewport={"width": css_w, "height": css_h}, device_scale_factor=scale)
                    page.route("**/*", lambda r: r.continue_() if r.request.url == page_file.as_uri() else r.abort())
                    page.goto(page_file.as_uri())
                    page.wait_for_selector("body[data-lg-ready]", state="attached")
                    page.evaluate("() => LG.print()")
                    page.wait_for_timeout(300)  # let Leaflet finish drawing after the layout change
                    if fmt == "png":
                        page.screenshot(path=str(out), full_page=False)
                    else:
                        page.pdf(path=str(out), width=f"{css_w}px", height=f"{css_h}px", print_background=True,
                                 page_ranges="1")
                finally:
                    browser.close()
        except PlaywrightError as exc:
            raise LiptakoError(f"Chromium could not render the map ({exc.message.splitlines()[0]})") from None
        return out.read_bytes()


def check_picture(fmt: str, width: int, height: int, scale: float) -> None:
    """Raise :class:`LiptakoError` for a format or size no picture can have."""
    if fmt not in ("png", "pdf"):
        raise LiptakoError(f"unknown picture format {fmt!r}; use png or pdf")
    if not (300 <= width <= 20000 and 200 <= height <= 20000 and 0.5 <= scale <= 4):
        raise LiptakoError(f"picture size {width}x{height} at scale {scale} is out of range: use --width and "
                           "--height from 300 and 200 up to 20000, and --scale between 0.5 and 4")
