"""One build of ours, as a user runs it: the process that bench_events.py times whole (start to exit).

  python benchmarks/build_ours.py EVENTS.csv OUT.html [--no-notes]
  python benchmarks/build_ours.py - OUT.html            # the page without events: geo.render_html(geo.load())

It does ``geo.load().with_events([csv])`` (``notes=False`` with ``--no-notes``, as ``liptako build --no-notes``
does), ``geo.render_html`` and writes the page, and prints one JSON line:
the wall time of each step (seconds, ``time.perf_counter``), the page's byte count and the number of events.
"""

import sys
import time

t0 = time.perf_counter()
from pathlib import Path  # noqa: E402 -- the imports are part of what is timed

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import geo  # noqa: E402

t1 = time.perf_counter()


def main(argv: list[str]) -> None:
    csv_path, out = argv[0], argv[1]
    notes = "--no-notes" not in argv[2:]
    ds = geo.load()
    t2 = time.perf_counter()
    if csv_path != "-":
        ds = ds.with_events([csv_path], notes=notes)  # as `liptako build --no-notes`: notes not read
    t3 = time.perf_counter()
    if not notes:
        import dataclasses

        ds = dataclasses.replace(ds, no_notes=True)
    data = geo.render_html(ds).encode("utf-8")
    t4 = time.perf_counter()
    Path(out).write_bytes(data)
    t5 = time.perf_counter()
    # geo imports its libraries (pandas, shapely, ...) when first used: most of them count in "geo.load"
    steps = {"import geo": t1 - t0, "geo.load": t2 - t1, "events": t3 - t2, "render": t4 - t3, "write": t5 - t4}
    import json

    print(json.dumps({"steps": steps, "html_bytes": len(data), "events": len(ds.events)}))


if __name__ == "__main__":
    main(sys.argv[1:])
