"""Map rendering: one small builder per layer; :func:`render_html` returns the page as a string."""

from .page import build_map, render_html

__all__ = ["build_map", "render_html"]
