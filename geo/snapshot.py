"""Pictures of a map for documents: PNG and PDF rendered by headless Chromium.

Uses Debian's Chromium (``/usr/bin/chromium``, or ``$LIPTAKO_CHROMIUM``) through the
``playwright`` package, imported only here and only when a picture is asked for. No browser is
ever downloaded. The page is put in its print layout first (``LG.print()``): a title block, the
map with a scale bar, north arrow and inset, the legend and every source below it, interactive
controls hidden; every network request is blocked, so the picture shows exactly what the offline
file shows. The layout is checked before anything is drawn: a legend or scale bar that would fall
off the picture is an error, never a cut picture.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from .errors import LiptakoError

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = (
    "install Debian's Chromium with  sudo apt-get install chromium  (or point LIPTAKO_CHROMIUM at a Chromium binary)"
)


def chromium_path() -> str:
    """The Chromium binary to use, or a :class:`LiptakoError` saying how to install one."""
    wanted = os.environ.get("LIPTAKO_CHROMIUM")
    candidates = (
        [wanted]
        if wanted
        else ["/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""]
    )
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return path
    raise LiptakoError(f"pictures need Chromium, and none was found at {wanted or '/usr/bin/chromium'}: {INSTALL_HINT}")


# Paper sizes for --paper (portrait: width, height, unit); the PDF page is the real size, with MARGIN_MM
# all round. Letter is given in inches, which Chromium keeps exact (612 x 792 pt); A4 and A3 in mm.
PAPERS = {"A4": (210, 297, "mm"), "A3": (297, 420, "mm"), "letter": (8.5, 11, "in")}
ORIENTATIONS = ("portrait", "landscape")
MARGIN_MM = 10.0
PX_PER_MM = 96 / 25.4  # CSS pixels per millimetre
_MM_PER = {"mm": 1.0, "in": 25.4}


def _paper(paper: str, orientation: str) -> tuple[float, float, str]:
    """(width, height, unit) of a paper in this orientation."""
    w, h, unit = PAPERS[paper]
    return (h, w, unit) if orientation == "landscape" else (w, h, unit)


# --with-table lists every record and event; past this many rows (about 125 pages) it is refused.
MAX_TABLE_ROWS = 5000
# A picture whose map would get less than this share of the sheet (after shrinking the text under it) is refused.
MIN_MAP_SHARE = 0.3


def sheet_px(paper: str, orientation: str) -> tuple[int, int]:
    """The printable area of a paper inside its margins, in CSS pixels (a hair under, so it never spills)."""
    w, h, unit = _paper(paper, orientation)
    w_mm, h_mm = w * _MM_PER[unit], h * _MM_PER[unit]
    return (int((w_mm - 2 * MARGIN_MM) * PX_PER_MM) - 1, int((h_mm - 2 * MARGIN_MM) * PX_PER_MM) - 1)


def picture(
    html: str,
    *,
    fmt: str,
    width: int = 2400,
    height: int = 1600,
    scale: float = 2.0,
    paper: str = "A4",
    orientation: str = "landscape",
    table: bool = False,
    layout: dict | None = None,
    browser=None,
) -> bytes:
    """Render ``html`` as ``fmt`` ("png" or "pdf") and return the bytes.

    Both are the page's print layout (``LG.print``): title block, the map with its scale bar,
    north arrow and inset, then legend, sources and credits. A PNG is ``width`` x ``height``
    output pixels, laid out at ``width/scale`` x ``height/scale`` CSS pixels, so ``scale`` sets
    the text size. A PDF is one page of ``paper`` in ``orientation`` (vector wherever Chromium
    draws vectors: the basemap, symbols and text), and with ``table`` the next pages list every
    record and event with its sources. ``layout``, if given, receives where the parts landed.
    ``browser``, if given, is a running playwright (sync API) Chromium to draw in, in this thread;
    a new page is opened in it and closed after (the test suite shares one browser this way).
    Otherwise a Chromium is started for this picture and closed after.
    Nothing is written where the user can see it: the caller writes the picture with the map,
    all-or-nothing.
    """
    check_picture(fmt, width, height, scale, paper, orientation)
    browser_path = None if browser is not None else chromium_path()
    args = (html, browser_path, fmt, width, height, scale, paper, orientation, table, browser)
    import asyncio  # here, not at the top: `liptako --help` imports this module and need not pay for them
    import concurrent.futures

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        data, report = _render(*args)
    else:
        if browser is not None:  # the caller's browser belongs to this thread: draw here
            data, report = _render(*args)
        else:
            # playwright's sync API refuses to start inside an asyncio loop (a Jupyter notebook, a test
            # that already drives a browser): render in a thread of its own instead.
            with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
                data, report = pool.submit(_render, *args).result()
    if layout is not None:
        layout.update(report)
    return data


def _check_layout(report: dict, fmt: str, width: int, height: int, scale: float) -> None:
    """Refuse a picture whose legend, sources, scale bar or title fall off it, or whose map is squeezed out."""
    sheet = report["sheet"]
    what = f"a {width}x{height} PNG at `scale` {scale:g}" if fmt == "png" else "this page"
    fix = (
        "use a larger `width`/`height` or a smaller `scale`"
        if fmt == "png"
        else "use a larger `paper`, or `orientation` portrait"
    )
    for part in ("title", "map", "legend", "caption", "scale"):
        r = report.get(part)
        if r is None:
            raise LiptakoError(f"internal error: the {part} is missing from the print layout")
        if (
            r["x"] < sheet["x"] - 1
            or r["y"] < sheet["y"] - 1
            or r["x"] + r["width"] > sheet["x"] + sheet["width"] + 1
            or r["y"] + r["height"] > sheet["y"] + sheet["height"] + 1
        ):
            raise LiptakoError(f"the {part} does not fit on {what}: {fix}")
    if report["overflow"] or report["map"]["height"] < MIN_MAP_SHARE * sheet["height"]:
        raise LiptakoError(f"the legend and sources leave too little room for the map on {what}: {fix}")


def _render(
    html: str,
    browser_path: str | None,
    fmt: str,
    width: int,
    height: int,
    scale: float,
    paper: str,
    orientation: str,
    table: bool,
    shared=None,
) -> tuple[bytes, dict]:
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise LiptakoError(
            "pictures need the playwright package: pip install playwright "
            "(it drives the system Chromium; no browser download is needed)"
        ) from None
    if fmt == "png":
        css_w, css_h, factor = round(width / scale), round(height / scale), scale
    else:
        (css_w, css_h), factor = sheet_px(paper, orientation), 1
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "map.html"
        page_file.write_text(html, encoding="utf-8")
        out = Path(tmp) / f"map.{fmt}"
        try:
            with contextlib.nullcontext() if shared is not None else sync_playwright() as p:
                browser = (
                    shared
                    if shared is not None
                    # p is None only with a shared browser (nullcontext)
                    else p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)  # type: ignore[union-attr]
                )
                page = None
                try:
                    page = browser.new_page(viewport={"width": css_w, "height": css_h}, device_scale_factor=factor)
                    page.route("**/*", lambda r: r.continue_() if r.request.url == page_file.as_uri() else r.abort())
                    page.goto(page_file.as_uri())
                    page.wait_for_selector("body[data-lg-ready]", state="attached")
                    if table and fmt == "pdf":
                        rows = page.evaluate("LG.visibleCount()")
                        if rows > MAX_TABLE_ROWS:
                            raise LiptakoError(
                                f"`with_table` would list {rows:,} records and events, more than {MAX_TABLE_ROWS:,} "
                                f"(about {rows // 40:,} pages): narrow the map with `since`, `until`, `kind`, "
                                "`country` or `bbox`, or leave out `with_table`"
                            )
                    report = page.evaluate(
                        "o => LG.print(o)", {"width": css_w, "height": css_h, "table": bool(table and fmt == "pdf")}
                    )
                    _check_layout(report, fmt, width, height, scale)
                    page.wait_for_timeout(300)  # let Leaflet finish drawing after the layout change
                    if fmt == "png":
                        page.screenshot(path=str(out), full_page=False)
                    else:
                        margin = f"{MARGIN_MM:g}mm"
                        w, h, unit = _paper(paper, orientation)
                        page.pdf(
                            path=str(out),
                            width=f"{w:g}{unit}",
                            height=f"{h:g}{unit}",
                            print_background=True,
                            margin={"top": margin, "right": margin, "bottom": margin, "left": margin},
                            page_ranges=None if table else "1",  # None: every page (playwright drops it)
                        )
                finally:
                    if shared is None:
                        browser.close()
                    elif page is not None:
                        page.close()
        except PlaywrightError as exc:
            raise LiptakoError(f"Chromium could not render the map ({exc.message.splitlines()[0]})") from None
        return out.read_bytes(), report


def check_picture(
    fmt: str, width: int, height: int, scale: float, paper: str = "A4", orientation: str = "landscape"
) -> None:
    """Raise :class:`LiptakoError` for a format or size no picture can have."""
    if fmt not in ("png", "pdf"):
        raise LiptakoError(f"unknown picture format {fmt!r}; use png or pdf")
    if paper not in PAPERS or orientation not in ORIENTATIONS:
        raise LiptakoError(
            f"unknown paper {paper!r} or orientation {orientation!r}: use `paper` "
            f"{'|'.join(PAPERS)} and `orientation` {'|'.join(ORIENTATIONS)}"
        )
    if not (300 <= width <= 20000 and 200 <= height <= 20000 and 0.5 <= scale <= 4):
        raise LiptakoError(
            f"picture size {width}x{height} at scale {scale} is out of range: use `width` and "
            "`height` from 300 and 200 up to 20000, and `scale` between 0.5 and 4"
        )
