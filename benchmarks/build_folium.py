"""One folium page of the same events, as a folium user writes it: the process bench_events.py times whole.

  python benchmarks/build_folium.py cluster EVENTS.csv OUT.html   # folium.plugins.FastMarkerCluster
  python benchmarks/build_folium.py circles EVENTS.csv OUT.html   # a folium.CircleMarker per event

It reads the ACLED CSV with pandas, makes each event's popup from the fields our page's popup shows without
notes that the CSV has (kind, date, place, admin1, country, actors, fatalities, geo precision, source, event
id; escaped), builds the map with no tile layer (like ours) and ``maxZoom`` set on the map itself
(Leaflet.markercluster throws "Map has no maxZoom specified" without it), saves it and prints one JSON line:
the wall time of each step, the page's byte count and the number of events.
"""

import sys
import time

t0 = time.perf_counter()
import html  # noqa: E402 -- the imports are part of what is timed
import json  # noqa: E402
from pathlib import Path  # noqa: E402

import folium  # noqa: E402
import pandas as pd  # noqa: E402
from folium.plugins import FastMarkerCluster  # noqa: E402

t1 = time.perf_counter()

CALLBACK = """function (row) {
    var marker = L.marker(new L.LatLng(row[0], row[1]));
    marker.bindPopup(row[2]);
    return marker;
}"""


def popups(df: pd.DataFrame) -> list[str]:
    cols = ["sub_event_type", "event_date", "location", "admin1", "country", "actor1", "actor2"]
    cols += ["fatalities", "geo_precision", "source", "event_id_cnty"]
    e = [[html.escape(str(v)) for v in df[c].tolist()] for c in cols]
    return [
        f"<b>{kind}</b><br>{day}<br>{place}, {admin1}, {country}<br>{a1}{'; ' + a2 if a2 else ''}<br>"
        f"Killed: {fat}<br>Geo precision {prec}<br>{src}<br>ACLED {eid}"
        for kind, day, place, admin1, country, a1, a2, fat, prec, src, eid in zip(*e, strict=True)
    ]


def main(argv: list[str]) -> None:
    method, csv_path, out = argv
    df = pd.read_csv(csv_path, keep_default_na=False)
    t2 = time.perf_counter()
    texts = popups(df)
    lat, lon = df["latitude"].tolist(), df["longitude"].tolist()
    m = folium.Map(location=[15.0, 1.25], zoom_start=6, tiles=None, maxZoom=18)
    if method == "cluster":
        FastMarkerCluster([[y, x, t] for y, x, t in zip(lat, lon, texts, strict=True)], callback=CALLBACK).add_to(m)
    elif method == "circles":
        for y, x, t in zip(lat, lon, texts, strict=True):
            folium.CircleMarker(location=[y, x], radius=4, popup=t).add_to(m)
    else:
        raise SystemExit(f"method {method!r}: write cluster or circles")
    t3 = time.perf_counter()
    m.save(out)
    t4 = time.perf_counter()
    steps = {"import": t1 - t0, "read CSV": t2 - t1, "map": t3 - t2, "render + write": t4 - t3}
    print(json.dumps({"steps": steps, "html_bytes": Path(out).stat().st_size, "events": len(df)}))


if __name__ == "__main__":
    main(sys.argv[1:])
