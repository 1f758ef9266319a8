"""Text for a terminal: what an input file says is shown, never obeyed.

A value read from a file (a place name, a column header, a cell quoted in an error) can hold
escape sequences that a terminal runs: ESC ``[2J`` clears the screen, OSC ``]0;...`` retitles the
window, OSC 8 plants a link, and C1 controls (``U+009B`` is a one-character CSI) do the same on
terminals that honour them. Everything the command line prints goes through :func:`printable`,
which writes each such character as its escape (``\\x1b``), so the reader sees it and the terminal
does not act on it.
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed (the command line's own layout), DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Every C0 and C1 control and DEL: a value quoted inside a one-line message.
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(m: re.Match) -> str:
    c = m.group()
    return _NAMED.get(c) or f"\\x{ord(c):02x}"


# In JSON, C0 controls are already escaped by json.dumps; DEL and C1 are not (ensure_ascii=False).
_JSON_CONTROL = re.compile(r"[\x7f-\x9f]")


def printable(text: object) -> str:
    """``text`` with every control character but tab and newline written as ``\\xNN``."""
    return _CONTROL.sub(_escape, str(text))


def shown(text: object) -> str:
    """A value from a file quoted in a message: every control character written as ``\\t``, ``\\n``, ``\\x1b``."""
    return _ANY_CONTROL.sub(_escape, str(text))


def printable_json(text: str) -> str:
    """JSON text (from ``json.dumps``) with DEL and C1 controls written as ``\\u00NN``: the same JSON value."""
    return _JSON_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
