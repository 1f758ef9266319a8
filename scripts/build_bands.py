"""Write, or check, the distance bands of the shipped boundaries: ``data/boundaries/bands.json``.

  python scripts/build_bands.py           # compute the bands from data/boundaries and write the file
  python scripts/build_bands.py --check   # exit 1 unless the file is the one the shipped boundaries give

The bands (0-10, 10-50 and 50-100 km along every international border, ``geo.vocab.BAND_KM``) are buffers of
``borders.geojson`` clipped to ``admin1.geojson``'s extent (``geo.analysis``). Computing them costs a fifth of a
second in every build, so they are computed here once. The file carries the key of what it was computed from
(``geo.analysis.bands_key``: the borders, the window, the tri-point, the bands and the version of the
computation); a build uses it only when the key is that of the boundaries it maps, and otherwise computes the
bands itself. ``--check`` recomputes them and compares each band's area with the file's (the same within 10^-6:
another GEOS may round a vertex differently); the tests run it (tests/test_borderland.py). Rerun this script
after ``scripts/build_boundaries.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from geo import analysis, vocab  # noqa: E402  (after the path set-up above)
from geo.boundaries import load_boundaries  # noqa: E402

BOUNDARIES = ROOT / "data" / "boundaries"
OUT = BOUNDARIES / "bands.json"


def computed(folder: Path = BOUNDARIES) -> tuple[str, tuple[dict, ...]]:
    """The key of the boundaries in ``folder`` and their bands, computed (never read from a file)."""
    inputs = analysis.band_inputs(load_boundaries(folder), vocab.BAND_KM)
    return analysis.bands_key(*inputs), analysis._band_shapes_cached(*inputs)


def problems(path: Path = OUT, folder: Path = BOUNDARIES) -> list[str]:
    """What is wrong with the bands file at ``path`` for the boundaries in ``folder``; empty when nothing is."""
    key, fresh = computed(folder)
    shipped = analysis.read_bands_file(path, key, len(fresh))
    if shipped is None:
        return [f"{path}: missing, unreadable, or computed from other boundaries (key is not {key[:12]}...)"]
    out = []
    for km, (a, b) in zip(vocab.BAND_KM, zip(shipped, fresh, strict=True), strict=True):
        ga, gb = shape(a), shape(b)
        diff = shapely.symmetric_difference(ga, gb).area
        if diff > 1e-6 * max(gb.area, 1e-12):
            out.append(f"{path}: the band up to {km} km differs from the computed one ({diff:.3g} square degrees)")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="check the file instead of writing it")
    args = ap.parse_args(argv)
    if args.check:
        found = problems()
        for p in found:
            print(p, file=sys.stderr)
        if not found:
            print(f"{OUT.relative_to(ROOT)}: the bands of the shipped boundaries")
        return 1 if found else 0
    key, shapes = computed()
    text = json.dumps({"key": key, "bands_km": list(vocab.BAND_KM), "bands": list(shapes)}, separators=(",", ":"))
    tmp = OUT.with_suffix(".json.tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(OUT)
    print(f"{OUT.relative_to(ROOT)}: {len(text):,} bytes, key {key[:12]}...")
    return 0


if __name__ == "__main__":
    sys.exit(main())
