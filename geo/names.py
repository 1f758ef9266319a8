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
    text = str(name)
    # Case folding can produce combining marks ("İ" -> "i̇") and decomposition can produce new
    # upper-case letters, so repeat until nothing changes (twice for any real place name).
    for _ in range(4):
        folded = unicodedata.normalize("NFKD", text.casefold())
        folded = "".join(c for c in folded if not unicodedata.combining(c))
        # Dropping every separator is what folds "I-n-Tillit", "In Tillit" and "Intillit" together.
        folded = _SEPARATORS.sub("", folded)
        if folded == text:
            break
        text = folded
    return text
