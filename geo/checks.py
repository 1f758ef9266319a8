"""Checks every loader shares: text that cannot be trusted, numbers, the region a point must lie in.

Each check raises :class:`ValueError` with wording a person can act on; the loaders turn that
into a :class:`~geo.errors.Problem` naming file, row, column and value.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Invisible characters that reorder or hide text (bidirectional embeddings, overrides, isolates and
# marks; zero-width characters; the byte-order mark). In a name they make two spellings look the
# same or one look like another, so names must not contain them.
INVISIBLE = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u2060"]
)
# Longest cell the map will show. Real notes run to a few hundred characters (ACLED's rarely pass
# 2,000); a cell of 100,000 takes a browser seconds to lay out in a popup, so it is refused instead.
MAX_TEXT = 5_000
MAX_NAME = 1_000
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


# Unicode's control characters (category Cc: U+0000-U+001F and U+007F-U+009F) but tab and line breaks.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_characters(text: str) -> list[str]:
    """Control characters in ``text`` other than tab and line breaks (``U+0000`` ... as written)."""
    if _CONTROL.search(text) is None:  # the common case, without a look at each character
        return []
    return sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(text)})


def check_text(text: str, *, limit: int = MAX_TEXT) -> str:
    """Free text (a summary, a note): anything printable up to ``limit`` characters; no control characters."""
    if len(text) > limit:
        raise ValueError(
            f"is {len(text)} characters long; the map shows at most {limit} per cell: shorten it "
            "(the source itself can hold the full text)"
        )
    bad = control_characters(text)
    if bad:
        raise ValueError(
            f"contains the control character{'s' if len(bad) > 1 else ''} {', '.join(bad)}; "
            "remove it (it is invisible and often the sign of a damaged file)"
        )
    return text


def check_name(text: str) -> str:
    """A name or a key (a place name, an id): no control characters and no invisible characters."""
    check_text(text, limit=MAX_NAME)
    hidden = sorted({f"U+{ord(c):04X}" for c in text if c in INVISIBLE})
    if hidden:
        raise ValueError(
            f"contains the invisible bidirectional control {', '.join(hidden)}; "
            "retype the name without it (it can make one name look like another)"
        )
    return text


def decimal(text: str) -> float:
    """A finite decimal number written plainly (``15.2``, ``-0.3``, ``1e3``); not NaN, infinity or ``1_0``."""
    if not _NUMBER.match(text.strip()):
        raise ValueError("not a plain decimal number")
    x = float(text)
    if not math.isfinite(x):
        raise ValueError("not a finite number")
    return x


@dataclass(frozen=True)
class Region:
    """The box every point of the data must lie in: ``west``, ``south``, ``east``, ``north`` in degrees."""

    west: float
    south: float
    east: float
    north: float

    def __post_init__(self):
        if not (-180 <= self.west < self.east <= 180 and -90 <= self.south < self.north <= 90):
            raise ValueError("a region is WEST,SOUTH,EAST,NORTH with west < east and south < north")

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def describe(self) -> str:
        return f"{self.west:g}..{self.east:g} E, {self.south:g}..{self.north:g} N"

    def why_outside(self, lat: float, lon: float) -> str | None:
        """None when (lat, lon) is in the region; otherwise what is wrong, with the likely fix."""
        if self.contains(lat, lon):
            return None
        msg = f"outside the region {self.describe()}"
        if self.contains(lon, lat):
            return msg + "; did you swap latitude and longitude?"
        if self.contains(lat, -lon):
            return msg + "; is the sign of the longitude wrong (east is positive)?"
        if self.contains(-lat, lon):
            return msg + "; is the sign of the latitude wrong (north is positive)?"
        return msg + " (give `region` WEST,SOUTH,EAST,NORTH if the data covers more)"

    @classmethod
    def parse(cls, text: str) -> Region:
        parts = [p.strip() for p in str(text).split(",")]
        if len(parts) != 4:
            raise ValueError("give four numbers WEST,SOUTH,EAST,NORTH, e.g. -12.3,9.3,16,25")
        return cls(*(decimal(p) for p in parts))


# Mali, Niger and Burkina Faso: the union of their Natural Earth 1:10m (v5.1.1) outlines spans
# 12.264 W to 15.970 E and 9.392 N to 24.995 N; rounded outwards to a tenth of a degree.
THREE_COUNTRIES = Region(-12.3, 9.3, 16.0, 25.0)
