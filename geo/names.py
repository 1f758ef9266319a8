"""Normalisation of place names as reports spell them.

``normalize`` folds the differences that do not distinguish two places in this region:
case, accents, hyphens, apostrophes and spacing, and the Tamasheq ``In-`` / ``I-n-``
prefix written with or without separators (``In-Ates``, ``I-n-Ates``, ``Inatès`` all fold
to ``inates``). It is idempotent: ``normalize(normalize(x)) == normalize(x)``.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_'’`ʼ.,/()]+")


def normalize(name: str) -> str:
    """Fold a place name to the key used for matching."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    # Dropping every separator is what folds "I-n-Tillit", "In Tillit" and "Intillit" together.
    return _SEPARATORS.sub("", text)
