"""CSV cells that no spreadsheet runs as a formula, whatever its locale.

Every CSV this project writes (``liptako export``, ``stats --csv``, the page's "Download CSV",
which has the same rule in ``render/js/``) passes its text cells through :func:`guard`. The rule
follows OWASP's CSV-injection guidance (https://owasp.org/www-community/attacks/CSV_Injection):

- a cell whose first character, after any whitespace or control characters, is ``=``, ``+``,
  ``-`` or ``@``, or that starts with a tab or a carriage return, gets a leading ``'``;
- so does a cell holding a separator (``,`` or ``;``) followed by such a character, and each such
  separator gets a ``'`` after it too: Excel with a ``;`` list separator (the French locale, likely
  for Sahel analysts) reads a comma-separated file as one field per ``;``, honouring a quote only at
  the start of a field, so it would split ``x;=1+1`` into two cells and run the second;
  ``'x;'=1+1`` gives it two cells of text;
- every text cell is written inside double quotes (``csv.QUOTE_NONNUMERIC``), with each ``"``
  doubled, so no separator inside a cell ever splits it;
- numbers stay numbers: numeric columns are written bare, and a text cell that is a plain decimal
  number (``-1.5``, a negative longitude) is not a formula and is left as it is.
"""

from __future__ import annotations

import csv
import re
from typing import Final

import pandas as pd

# Whitespace and control characters a spreadsheet may skip before it looks for a formula sign.
_SKIP = r"[\s\x00-\x1f\x7f-\x9f]*"
_FORMULA = re.compile(rf"^(?:[\t\r]|{_SKIP}[=+\-@])|[,;]{_SKIP}[=+\-@\t\r]")
_INNER = re.compile(rf"([,;])(?={_SKIP}[=+\-@\t\r])")
_NUMBER = re.compile(r"^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$")
QUOTING: Final = csv.QUOTE_NONNUMERIC


def is_formula(text: str) -> bool:
    """True when a spreadsheet could take ``text`` (a cell's whole content) as a formula."""
    return bool(_FORMULA.search(text)) and not _NUMBER.match(text)


def guard(value):
    """``value`` as a safe cell: text that could run as a formula gets a leading ``'`` (and one after each
    separator that starts a formula); anything else as it is."""
    if isinstance(value, str) and is_formula(value):
        return "'" + _INNER.sub(r"\1'", value)
    return value


def unguard(value: str) -> str:
    """The text :func:`guard` was given: a cell read back from a file this project wrote (a drafts file a
    reviewer edited) loses the quotes guard added. Any other text is returned as it is."""
    if value.startswith("'"):
        text = re.sub(rf"([,;])'(?={_SKIP}[=+\-@\t\r])", r"\1", value[1:])
        if guard(text) == value:
            return text
    return value


def guard_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text columns are guarded (numeric and boolean columns are left as they are)."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            continue
        text = s.astype("string").fillna("")
        hit = text.str.contains(_FORMULA, na=False) & ~text.str.match(_NUMBER, na=False)
        if hit.any():  # few cells: guarded one by one (the lookahead is Python's re, not Arrow's RE2)
            cells = s.astype(object).to_numpy(copy=True)
            for i in hit.to_numpy().nonzero()[0]:
                cells[i] = guard(str(cells[i]))
            out[col] = cells
    return out


def to_csv(df: pd.DataFrame, target=None, **kwargs):
    """``df.to_csv`` with every text cell guarded and quoted; returns the text when ``target`` is None."""
    return guard_frame(df).to_csv(target, index=False, quoting=QUOTING, lineterminator="\n", **kwargs)
