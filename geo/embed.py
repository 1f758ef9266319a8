"""Snippets that embed a built map in a web page."""

from __future__ import annotations

import json
import re
from html import escape, unescape
from pathlib import Path
from urllib.parse import quote

from .errors import LiptakoError
from .render.page import DATA_ID

_CSS_LENGTH = re.compile(r"^\d+(\.\d+)?(px|vh|em|rem|%)$")


def embed_snippet(map_path: Path, *, height: str = "600px", variant: str = "both") -> str:
    """HTML to paste into a page: an ``<iframe src>`` for a map file placed next to the page, and/or
    an ``<iframe srcdoc>`` carrying the whole map (no separate file needed; larger)."""
    if not _CSS_LENGTH.match(height):
        raise LiptakoError(f"--height {height!r} is not a CSS length such as 600px, 70vh or 100%")
    try:
        page = Path(map_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LiptakoError(f"cannot read {map_path} ({exc}); build it again with  liptako build") from None
    title = escape(map_title(page), quote=True)
    style = f"width:100%;height:{height};border:0"
    name = Path(map_path).name
    parts = []
    if variant in ("both", "iframe"):
        # The file name goes into a comment too: "--" would end it early.
        parts.append(f"<!-- Map in a frame: put {escape(name).replace('--', '-&#45;')} next to this page. -->\n"
                     f'<iframe src="{escape(quote(name), quote=True)}" title="{title}" style="{style}" '
                     'loading="lazy"></iframe>')
    if variant in ("both", "srcdoc"):
        parts.append("<!-- The same map carried inside the snippet: no separate file needed. -->\n"
                     f'<iframe srcdoc="{escape(page, quote=True)}" title="{title}" style="{style}"></iframe>')
    return "\n".join(parts)


def map_title(page: str) -> str:
    """The title of a built map, as plain text: read from the map's data block, where it is JSON."""
    m = re.search(rf'<script type="application/json" id="{DATA_ID}">(.*?)</script>', page, re.S)
    if m:
        try:
            return str(json.loads(m.group(1))["meta"]["title"])
        except (ValueError, KeyError, TypeError):
            pass
    t = re.search(r"<title>(.*?)</title>", page, re.S)
    return unescape(t.group(1).strip()) if t else "Liptako-Gourma map"
