"""Snippets that embed a built map in a web page."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from .errors import LiptakoError

_CSS_LENGTH = re.compile(r"^\d+(\.\d+)?(px|vh|em|rem|%)$")


def embed_snippet(map_path: Path, *, height: str = "600px", variant: str = "both") -> str:
    """HTML to paste into a page: an ``<iframe src>`` for a map file placed next to the page, and/or
    an ``<iframe srcdoc>`` carrying the whole map (no separate file needed; larger)."""
    if not _CSS_LENGTH.match(height):
        raise LiptakoError(f"--height {height!r} is not a CSS length such as 600px, 70vh or 100%")
    page = Path(map_path).read_text(encoding="utf-8")
    title_match = re.search(r"<title>(.*?)</title>", page, re.S)
    title = title_match.group(1).strip() if title_match else "Liptako-Gourma map"
    style = f"width:100%;height:{height};border:0"
    parts = []
    if variant in ("both", "iframe"):
        parts.append(f"<!-- Map in a frame: put {escape(Path(map_path).name)} next to this page. -->\n"
                     f'<iframe src="{escape(Path(map_path).name, quote=True)}" title="{title}" style="{style}" '
                     'loading="lazy"></iframe>')
    if variant in ("both", "srcdoc"):
        parts.append("<!-- The same map carried inside the snippet: no separate file needed. -->\n"
                     f'<iframe srcdoc="{escape(page, quote=True)}" title="{title}" style="{style}"></iframe>')
    return "\n".join(parts)
