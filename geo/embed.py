"""Snippets that embed a built map in a web page.

The default snippet is small: a responsive ``<iframe>`` pointing at the map file where it is
published (a relative file name, or ``--src URL``), inside a ``<figure>`` whose caption links to
the map for readers whose page strips frames or who want it full screen. The frame keeps the map's
aspect ratio at any column width (a padding box, which every browser lays out), or has a fixed
CSS height. ``inline`` carries the whole map in ``srcdoc`` instead: no separate file, but the
snippet is as large as the map.

Everything put into the snippet is escaped for its attribute or text: a map title or a URL can
never become markup.

The frame is sandboxed (:data:`SANDBOX`) in both forms, without ``allow-same-origin``: the map's
scripts run in an opaque origin of their own, so a map, even one that came from a stranger,
cannot read or change the host page, its cookies or storage, or navigate it. Only a file that
carries this tool's marks (:func:`is_our_map`) is embedded.
"""

from __future__ import annotations

import json
import re
from html import escape, unescape
from pathlib import Path
from urllib.parse import quote, urlparse

from .errors import LiptakoError
from .render.page import DATA_ID

# What the frame may do: run its scripts; open a source's link in a new tab (user-initiated, and the new tab
# leaves the sandbox so the source's site works); download the "Download CSV" file; print (window.print()
# needs allow-modals). Never allow-same-origin (the map would share the host's origin, cookies and storage),
# allow-top-navigation or allow-forms.
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox allow-downloads allow-modals"
_DATA_BLOCK = re.compile(rf'<script type="application/json" id="{DATA_ID}">(.*?)</script>', re.S)
_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="default-src \'none\';[^"]*">')
_CSS_LENGTH = re.compile(r"^\d+(\.\d+)?(px|vh|em|rem)$")
_ASPECT = re.compile(r"^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$")


def _aspect_percent(aspect: str) -> float:
    m = _ASPECT.match(aspect or "")
    if not m or float(m.group(1)) <= 0 or float(m.group(2)) <= 0:
        raise LiptakoError(f"`aspect` {aspect!r} is not a ratio such as 3:2, 16:9 or 4:3")
    ratio = float(m.group(2)) / float(m.group(1))
    if not 0.2 <= ratio <= 3:
        raise LiptakoError(f"`aspect` {aspect!r} is too flat or too tall for a map; use a ratio between 5:1 and 1:3")
    return round(100 * ratio, 3)


def _src(map_path: Path, src: str | None) -> str:
    if src is None:
        return quote(Path(map_path).name)
    parsed = urlparse(src)
    if parsed.scheme not in ("", "http", "https") or any(c in src for c in "\"'<>` \t\r\n"):
        raise LiptakoError(
            f"`src` {src!r} is not an http(s) URL or a relative path; give where the map file is "
            "published, e.g. https://example.org/maps/liptako-gourma.html"
        )
    return src


def embed_snippet(
    map_path: Path, *, src: str | None = None, aspect: str = "3:2", height: str | None = None, inline: bool = False
) -> str:
    """HTML to paste into a page: the map in a responsive frame, titled, with a link to open it."""
    if height is not None and not _CSS_LENGTH.match(height):
        raise LiptakoError(f"`height` {height!r} is not a CSS length such as 600px, 70vh or 40em")
    percent = _aspect_percent(aspect) if height is None else None
    try:
        page = Path(map_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LiptakoError(f"cannot read {map_path} ({exc}); build it again with  liptako build") from None
    if not is_our_map(page):
        raise LiptakoError(
            f"{map_path} is not a map built by liptako (it has no liptako data block and "
            "Content-Security-Policy); embed only maps you built with  liptako build"
        )
    url = _src(map_path, src)
    title = map_title(page)
    attr_title = escape(title, quote=True)
    where = f'srcdoc="{escape(page, quote=True)}"' if inline else f'src="{escape(url, quote=True)}" loading="lazy"'
    frame_style = "border:0;display:block;width:100%;"
    if percent is None:
        box_open, box_close = "", ""
        frame_style += f"height:{height}"
    else:
        # A box whose padding is a share of its width keeps the ratio at any width; the frame fills it.
        box_open = f'<div style="position:relative;width:100%;height:0;padding-top:{percent:g}%">'
        box_close = "</div>"
        frame_style += "position:absolute;top:0;left:0;height:100%"
    link = (
        ""
        if inline
        else (
            f'<figcaption style="font-size:0.85em"><a href="{escape(url, quote=True)}">'
            f"Open the map full screen</a>: {escape(title)}</figcaption>"
        )
    )
    return (
        f'<figure style="margin:0;max-width:100%">{box_open}'
        f'<iframe {where} sandbox="{SANDBOX}" title="{attr_title}" style="{frame_style}" allowfullscreen>'
        "</iframe>"
        f"{box_close}{link}</figure>"
    )


def is_our_map(page: str) -> bool:
    """True for a page built by this tool: a no-network Content-Security-Policy first in its head, and one
    data block whose JSON carries the map's meta (title)."""
    head = page[:4096]
    if not _CSP.search(head):
        return False
    blocks = _DATA_BLOCK.findall(page)
    if len(blocks) != 1:
        return False
    try:
        meta = json.loads(blocks[0])["meta"]
    except (ValueError, KeyError, TypeError):
        return False
    return isinstance(meta, dict) and isinstance(meta.get("title"), str)


def map_title(page: str) -> str:
    """The title of a built map, as plain text: read from the map's data block, where it is JSON."""
    m = _DATA_BLOCK.search(page)
    if m:
        try:
            return str(json.loads(m.group(1))["meta"]["title"])
        except (ValueError, KeyError, TypeError):
            pass
    t = re.search(r"<title>(.*?)</title>", page, re.S)
    return unescape(t.group(1).strip()) if t else "Liptako-Gourma map"
