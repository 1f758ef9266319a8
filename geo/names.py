"""Normalisation of place names as reports spell them.

``normalize`` folds the differences that do not distinguish two places in this region:
case, accents, hyphens, apostrophes and spacing, and the Tamasheq ``In-`` / ``I-n-``
prefix written with or without separators (``In-Ates``, ``I-n-Ates``, ``Inatès`` all fold
to ``inates``). It is idempotent: ``normalize(normalize(x)) == normalize(x)``.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz, process

from . import vocab

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


# French and English transliterations of the same sound, applied to folded keys (see ``loose_key``).
_TRANSLITERATIONS = (
    ("dj", "j"),  # Djibo / Jibo
    ("ou", "w"),  # Ouallam / Wallam, Ouattagouna / Wattagouna
    ("tch", "c"),  # Tchoma Bangou / Choma Bangou
    ("ch", "c"),
    ("kh", "k"),
    ("gh", "g"),
    ("y", "i"),  # Tillabery / Tillaberi
    ("ph", "f"),
)
_RUN = re.compile(r"(.)\1+")


def _undouble(m: re.Match) -> str:
    # A doubled letter is a spelling variant (Tillabery/Tilabery); a longer run is not a spelling at
    # all ("Tessiteeee"), so it stays as it is and cannot match a real name exactly.
    run = m.group(0)
    return run[0] if len(run) == 2 else run


def loose_key(name: str) -> str:
    """A looser key than :func:`normalize`: also folds transliteration variants and doubled letters.

    ``loose_key("Ouattagouna") == loose_key("Watagwna")``. Two names with the same loose key are
    spellings of one name as far as this region's reports go; matching on it is reported as an
    alternate spelling, never as the name itself. Only a letter written twice is folded to one; a
    letter repeated three or more times is kept. Idempotent, like :func:`normalize`.
    """
    key = normalize(name)
    while True:  # each pass shortens the key or leaves it unchanged, so this ends
        before = key
        for src, dst in _TRANSLITERATIONS:
            key = key.replace(src, dst)
        key = _RUN.sub(_undouble, key)
        if key == before:
            return key


def report_spelling(name: str) -> bool:
    """Whether a GeoNames alternate name looks like a spelling a French or English report would use.

    GeoNames also lists other scripts, lower-case romanisations of them ("mynka") and airport codes
    ("GAQ"); keeping those would let unrelated strings match a town.
    """
    latin = all(ord(c) < 0x250 for c in name)
    code = name.isupper() and len(name) <= 4
    return latin and name[:1].isupper() and not code


_ADMIN1_SPELLINGS = {normalize(k): normalize(v) for k, v in vocab.ADMIN1_SPELLINGS.items()}


def admin1_key(name: str) -> str:
    """The key a region's name is matched by: accents, case and known other spellings folded."""
    key = normalize(name)
    return _ADMIN1_SPELLINGS.get(key, key)


def suggestions(text: str, names, limit: int = 3) -> list[str]:
    """The names closest to ``text`` (accents and case ignored), best first: for "did you mean"."""
    names = sorted({n for n in names if n})
    keys = [normalize(n) for n in names]
    found = process.extract(normalize(text), keys, scorer=fuzz.WRatio, limit=limit, score_cutoff=70)
    return [names[i] for _, _, i in found]
