"""Map rendering: :mod:`.payload` turns a dataset into the page's data, :mod:`.page` assembles the
page around it, and ``render/js/`` draws it. :func:`render_html` returns the page as a string."""

from .page import render_html

__all__ = ["render_html"]
