"""Where the project's own files are, in a checkout and in an installed wheel (standard library only, so the
command line can import it before anything heavy)."""

from __future__ import annotations

from pathlib import Path

# The data shipped with liptako: a wheel carries the repository's data/ as geo/_data (pyproject.toml,
# package-dir); a checkout, or an editable install of one, reads data/ next to geo/ itself.
_PACKAGED_DATA = Path(__file__).resolve().parent / "_data"
# The checkout this package runs from, or None when it is installed from a wheel.
CHECKOUT = None if _PACKAGED_DATA.is_dir() else Path(__file__).resolve().parents[1]
DEFAULT_DATA = CHECKOUT / "data" if CHECKOUT else _PACKAGED_DATA
