/* Liptako-Gourma map runtime: builds every layer, popup, label and panel from the page's one data
   block (the JSON script element with id lg-data). Plain Leaflet, no other library.

   Data text reaches the page only as text: through el() and text nodes (textContent), or through
   esc() where Leaflet takes an HTML string (the layer control's names). Nothing from the data is
   ever parsed as HTML or run as JavaScript. */
(function () {
  "use strict";
  var LG = { basemaps: [], layers: {}, symbols: [], towns: [] };

  // -- text into the page --------------------------------------------------------------------------
  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  LG.esc = function (s) { return String(s).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; }); };

  // el("div", "cls", [child, "text", null, ...]): strings become text nodes, null is skipped.
  function el(tag, cls, kids) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    (kids || []).forEach(function (k) {
      if (k === null || k === undefined || k === "") { return; }
      node.appendChild(typeof k === "object" ? k : document.createTextNode(String(k)));
    });
    return node;
  }
  LG.el = el;
  function quiet(kids) { return el("span", "lg-quiet", kids); }
  function safeUrl(url) { return /^https?:\/\/[^\s]/i.test(url || "") ? url : ""; }
  function link(url, text) {
    url = safeUrl(url);
    if (!url) { return el("span", null, [text]); }
    var a = el("a", null, [text]);
    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }
  function join(items, sep) {
    var out = [];
    items.forEach(function (x, i) { if (i) { out.push(typeof sep === "function" ? sep() : sep); } out.push(x); });
    return out;
  }
  function table(rows) {
    return el("table", null, rows.map(function (r) {
      return el("tr", null, [el("th", null, [r[0]]), el("td", null, Array.isArray(r[1]) ? r[1] : [r[1]])]);
    }));
  }
  function swatch(colour, px, dashed) {
    var s = el("span", "lg-sw");
    s.style.width = s.style.height = (2 * px) + "px";
    s.style.background = colour;
    s.style.border = dashed ? "2px dashed " + colour : "1px solid #222";
    s.style.opacity = dashed ? "0.6" : "0.85";
    return s;
  }

  // -- popups ----------------------------------------------------------------------------------------
  function kindOf(key) {
    return LG.d.vocab.kinds.filter(function (k) { return k.key === key; })[0] || null;
  }
  function whereRows(p, pl) {
    var v = LG.d.vocab, rows = [];
    var query = (pl && pl.query) || p.name;
    rows.push(["Where", [p.name, query !== p.name ? quiet([" (written \u201c", query, "\u201d)"]) : null]]);
    if (pl && pl.match) {
      var how = v.how[pl.how] || "";
      var g = (v.status[pl.match] || pl.match) + ": matched by " + how;
      if (pl.how !== "exact" && pl.matched_name) { g += " \u201c" + pl.matched_name + "\u201d"; }
      if (pl.how === "fuzzy" && pl.score !== null) { g += ", score " + pl.score + "/100"; }
      rows.push(["Geocoded", g]);
    }
    var precision = v.precision[p.precision] || p.precision;
    if (p.precision !== "point") { precision += ", within about " + p.radius_km + " km"; }
    rows.push(["Placement", precision]);
    if (p.precision !== "point") {
      var why = p.note || "";
      if (pl && pl.near) { why = "The source places it around " + p.name + ", not at it." + (why ? " " + why : ""); }
      if (why) { rows.push(["Why", quiet([why])]); }
    }
    var region = p.admin1 + ", " + p.country;
    if (p.ne_admin1 && p.ne_admin1 !== p.admin1) { region += " (Natural Earth draws it in " + p.ne_admin1 + ")"; }
    rows.push(["Region", region]);
    if (p.border_km !== null) {
      rows.push(["Border", Math.round(p.border_km) + " km to the " + p.nearest_border + " border" +
        (p.tri_border_km !== null ? "; " + Math.round(p.tri_border_km) + " km to the tri-point" : "")]);
    }
    rows.push(["Coordinates", [p.lat.toFixed(4) + ", " + p.lon.toFixed(4), el("br"), quiet([p.source])]]);
    return rows;
  }
  // A source in one line: publisher, "title" (date). The caption and the printed table write it so.
  function sourceText(s) { return s.publisher + ", \u201c" + s.title + "\u201d (" + s.date + ")"; }
  function sourceNode(s) { return el("span", null, [s.publisher + ", ", link(s.url, s.title), " (" + s.date + ")"]); }

  LG.recordPopup = function (rec, pl) {
    var rows = [];
    rows.push(["When", [rec.date, rec.date_text ? quiet([" (source: \u201c", rec.date_text, "\u201d)"]) : null]]);
    if (rec.type) { rows.push(["Type", rec.type]); }
    if (rec.place_text) { rows.push(["Source says", "\u201c" + rec.place_text + "\u201d"]); }
    rows = rows.concat(whereRows(pl, pl));
    if (rec.actors) { rows.push(["Who", rec.actors]); }
    if (rec.fatalities !== null || rec.fatalities_text) {
      rows.push(["Killed", [rec.fatalities_text || String(rec.fatalities),
        rec.n_places > 1 ? quiet([" (one toll for all " + rec.n_places + " places of this record)"]) : null]]);
    }
    if (rec.note) { rows.push(["Note", rec.note]); }
    if (rec.reported_by) { rows.push(["Reported by", rec.reported_by]); }
    rows.push(["Sources", join(rec.sources.map(function (i) { return sourceNode(LG.d.sources[i]); }),
      function () { return el("br"); })]);
    var kind = kindOf(rec.kind);
    return el("div", "lg-popup", [el("div", "lg-kind", [kind ? kind.label : rec.kind]),
      el("div", "lg-summary", [rec.summary]), table(rows),
      el("div", "lg-quiet", [rec.format ? rec.format + " event " + rec.source_id : "record " + rec.id])]);
  };

  LG.placePopup = function (indexes) {
    var parts = indexes.map(function (i) {
      var p = LG.d.places[i];
      return el("div", "lg-popup", [el("div", "lg-summary", [p.name]),
        table([["Also written", p.alt_names || "\u2014"]].concat(whereRows(p, null)))]);
    });
    return el("div", null, join(parts, function () { return el("hr"); }));
  };

  // -- layers ----------------------------------------------------------------------------------------
  var PANES = { "lg-fill": 350, "lg-analysis": 360, "lg-lines": 380, "lg-towns": 420, "lg-events": 440,
    "lg-records": 450 };
  function tip(layer, text, options) { layer.bindTooltip(el("span", null, [text]), options || {}); }
  function popupOptions() {
    var w = LG.map.getSize().x;
    return LG.compact
      ? { maxWidth: Math.max(200, w - 40), minWidth: Math.min(260, w - 60), maxHeight: 300,
          autoPanPadding: [10, 10] }
      : { maxWidth: 400, minWidth: 300, maxHeight: 330,
          // Pan the popup clear of the title panel, whatever its height.
          autoPanPaddingTopLeft: [270, LG.panels && LG.panels.title ? LG.panels.title.offsetHeight + 20 : 70],
          autoPanPaddingBottomRight: [260, 20] };
  }
  function vector(fc, pane, styleOf) {
    return L.geoJSON(fc, {
      pane: pane,
      style: styleOf,
      onEachFeature: function (f, layer) {
        if (f.properties.tip) { tip(layer, f.properties.tip, { sticky: true, className: "lg-tip" }); }
      }
    });
  }
  // -- labels ----------------------------------------------------------------------------------------
  // Every name on the map is a label in the lg-labels pane, placed by LG.placeLabels() after each
  // move, zoom and layer change: in rank order (countries, regions, the tri-point rings, then towns
  // in the order geo/render/cartography.py gives), each at the first position around its point where
  // it overlaps no label already placed and no symbol. A label with no free position is hidden; its
  // town's name is still in the dot's tooltip and popup.
  LG.labels = [];
  function addLabel(o) {
    o.node = el("div", "lg-label " + (o.cls || ""), [o.text]);
    LG.labels.push(o);
    return o;
  }
  // Around a point: right, left, above, below, then the diagonals. Area names: centred, or a line up or down.
  var AROUND = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [1, 1], [-1, -1], [-1, 1]];
  var CENTRED = [[0, 0], [0, -1], [0, 1], [0, -2], [0, 2]];
  function hits(a, list) {
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (a.x1 > b.x0 && a.x0 < b.x1 && a.y1 > b.y0 && a.y0 < b.y1) { return true; }
    }
    return false;
  }
  function box(x, y, w, h) { return { x0: x, y0: y, x1: x + w, y1: y + h }; }
  // The symbols labels keep clear of: record symbols and town dots in view, as boxes, with their centres.
  function obstacles(size) {
    var out = [], map = LG.map;
    function add(latlng, r, dot) {
      var p = map.latLngToContainerPoint(latlng);
      if (p.x < -r || p.y < -r || p.x > size.x + r || p.y > size.y + r) { return; }
      out.push({ x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r, x: p.x, y: p.y, r: r, dot: dot });
    }
    LG.symbols.forEach(function (s) { if (map.hasLayer(s.marker)) { add(s.marker.getLatLng(), s.marker.getRadius() + 1, false); } });
    if (LG.layers.towns && map.hasLayer(LG.layers.towns)) {
      LG.towns.forEach(function (t) { add(t.marker.getLatLng(), t.marker.getRadius() + 1, true); });
    }
    return out;
  }
  LG.placeLabels = function (remeasure) {
    var map = LG.map, pane = LG.labelPane;
    if (!map || !pane) { return 0; }
    var size = map.getSize(), zoom = map.getZoom();
    var fresh = LG.labels.filter(function (l) { return remeasure || l.w === undefined; });
    fresh.forEach(function (l) { if (!l.node.parentNode) { pane.appendChild(l.node); } });
    fresh.forEach(function (l) { l.w = l.node.offsetWidth; l.h = l.node.offsetHeight; });
    var obs = obstacles(size), placed = [], shown = 0;
    var order = LG.labels.slice().sort(function (a, b) { return a.rank - b.rank; });
    var centre = L.point(size.x / 2, size.y / 2);
    function inView(p, l) { return p.x > -l.w && p.y > -l.h && p.x < size.x + l.w && p.y < size.y + l.h; }
    // The points a label may be written at, best first: its own point; for a ring, its anchors round it in
    // their order; for an area, its anchors in view (the focus anchor first, then the others nearest the
    // centre of the view), at most four.
    function candidates(l) {
      if (!l.anchors) { var q = map.latLngToContainerPoint([l.lat, l.lon]); return inView(q, l) ? [q] : []; }
      var pts = l.anchors.map(function (a, i) { var q = map.latLngToContainerPoint(a); q.first = i === 0 && l.focus; return q; })
        .filter(function (q) { return inView(q, l); });
      if (l.ordered) { return pts; }
      pts.sort(function (a, b) { return (b.first - a.first) || (a.distanceTo(centre) - b.distanceTo(centre)); });
      return pts.slice(0, 4);
    }
    order.forEach(function (l) {
      var spot = null, layer = l.layer ? LG.layers[l.layer] : null;
      var on = (!layer || map.hasLayer(layer)) && zoom >= (l.minZoom || 0) && l.w > 0;
      (on ? candidates(l) : []).forEach(function (p) {
        if (spot) { return; }
        // A symbol drawn at the label's own point (a town's dot, a record at the town) sets how far off
        // the label sits; every other symbol is an obstacle.
        var gap = l.gap || 0, others = [];
        obs.forEach(function (o) {
          if (Math.abs(o.x - p.x) < 1.5 && Math.abs(o.y - p.y) < 1.5) { gap = Math.max(gap, o.r + 1); }
          else if (!(l.overDots && o.dot)) { others.push(o); }  // a country's name may run over town dots
        });
        var positions = l.centred ? CENTRED : AROUND;
        for (var k = 0; k < positions.length && !spot; k++) {
          var dx = positions[k][0], dy = positions[k][1], x, y;
          if (l.centred) { x = p.x - l.w / 2; y = p.y - l.h / 2 + dy * l.h; } else {
            x = dx > 0 ? p.x + gap : dx < 0 ? p.x - gap - l.w : p.x - l.w / 2;
            y = dy > 0 ? p.y + gap * (dx ? 0.5 : 1) : dy < 0 ? p.y - l.h - gap * (dx ? 0.5 : 1) : p.y - l.h / 2;
          }
          var b = box(x, y, l.w, l.h);
          if (b.x0 < 0 || b.y0 < 0 || b.x1 > size.x || b.y1 > size.y) { continue; }
          if (!hits(b, placed) && !hits(b, others)) { spot = b; }
        }
      });
      if (spot) {
        placed.push(spot);
        shown += 1;
        L.DomUtil.setPosition(l.node, map.containerPointToLayerPoint([spot.x0, spot.y0]));
        l.node.classList.remove("lg-off");
      } else {
        l.node.classList.add("lg-off");
      }
    });
    pane.style.visibility = "";
    return shown;
  };

  function basemapLayers(d) {
    var b = d.basemap, c = b.colours;
    var countries = vector(b.countries, "lg-fill", function (f) {
      return { stroke: false, fillOpacity: 1.0, fillColor: f.properties.fill };
    });
    LG.basemaps.push(countries);
    var borders = vector(b.borders, "lg-lines", function () { return { color: c.border, weight: 1.6 }; });
    var regions = vector(b.regions, "lg-lines", function () {
      return { color: c.region, weight: 0.8, dashArray: "4 3", fill: false };
    });
    var rivers = vector(b.rivers, "lg-lines", function (f) {
      return { color: c.river, weight: f.properties.main ? 2.5 : 1.2 };
    });
    var rings = vector(b.rings, "lg-lines", function () {
      return { color: c.ring, weight: 1, dashArray: "2 4", fill: false };
    });
    var ringParts = [rings];
    var counts = d.borderland.ring_counts;
    b.ring_labels.forEach(function (r, i) {
      var c = counts[r.km], text = r.text;
      if (c) { text += ": " + c.events + " event" + (c.events === 1 ? "" : "s") + (c.imprecise ? " (+" + c.imprecise + " may be)" : ""); }
      addLabel({ anchors: r.anchors, ordered: true, text: text, cls: "lg-ring-label", layer: "tripoint", rank: 200 + i,
        gap: 2 });
    });
    var labels = b.labels || { countries: [], regions: [] };
    // An area's name has several anchors (geo/render/cartography.py): the one for the spec's focus first.
    labels.countries.forEach(function (x, i) {
      addLabel({ anchors: x.anchors, focus: x.focus, text: x.text, cls: "lg-country-label", layer: "countries", rank: i,
        centred: true, overDots: true });
    });
    labels.regions.forEach(function (x, i) {
      addLabel({ anchors: x.anchors, focus: x.focus, text: x.text, cls: "lg-region-label", layer: "regions",
        rank: 100 + i, centred: true, minZoom: x.min_zoom });
    });
    var tri = L.circleMarker([b.tripoint.lat, b.tripoint.lon], { radius: 5, color: "#000", weight: 1, fillColor: "#000",
      fillOpacity: 0.8, pane: "lg-towns", className: "lg-symbol lg-tripoint" });
    tip(tri, b.tripoint.text);
    ringParts.push(tri);
    return {
      countries: L.featureGroup([countries, borders]), regions: regions, river: rivers,
      tripoint: L.featureGroup(ringParts)
    };
  }

  // The analysis layers: bands along the borders and events per admin-1 region, counted in Python.
  function borderlandLayers(d) {
    var bl = d.borderland;
    var bands = vector(bl.bands, "lg-analysis", function (f) {
      return { stroke: false, fillColor: f.properties.fill, fillOpacity: f.properties.opacity };
    });
    var choropleth = vector(bl.choropleth, "lg-analysis", function (f) {
      return { color: "#555", weight: 0.6, fillColor: f.properties.fill || "#ffffff",
        fillOpacity: f.properties.fill ? 0.75 : 0 };
    });
    return { bands: bands, choropleth: choropleth };
  }

  function townsLayer(d) {
    var group = L.featureGroup();
    d.towns.forEach(function (t) {
      var places = t.places.map(function (i) { return d.places[i]; });
      var exact = places.filter(function (p) { return p.precision === "point"; }).map(function (p) { return p.name; });
      var approx = places.filter(function (p) { return p.precision !== "point"; });
      // "~" marks a name whose place is known only approximately (the legend says so).
      var text = exact.concat(approx.map(function (p) { return "~" + p.name; }));
      var radius = Math.max.apply(null, [0].concat(approx.map(function (p) { return p.radius_km; })));
      if (!exact.length && radius > 0) {
        L.circle([t.lat, t.lon], { radius: radius * 1000, color: "#555", weight: 1.5, dashArray: "6 6", fill: false,
          interactive: false, pane: "lg-towns", className: "lg-uncertainty lg-place-uncertainty" }).addTo(group);
      }
      var m = L.circleMarker([t.lat, t.lon], { radius: 3.5, color: exact.length ? "#222" : "#555",
        weight: exact.length ? 1 : 2, dashArray: exact.length ? null : "3 3", fillColor: "#555",
        fillOpacity: exact.length ? 0.8 : 0.35, pane: "lg-towns", className: "lg-symbol lg-place" });
      // Places sharing a point (villages drawn at their department's seat) are named one per line.
      addLabel({ lat: t.lat, lon: t.lon, text: text.join("\n"), layer: "towns", rank: 1000 + t.rank,
        cls: "lg-place-label" + (exact.length ? "" : " lg-approx") });
      tip(m, exact.concat(approx.map(function (p) { return p.name + " (approximate)"; })).join(" \u00b7 "));
      m.bindPopup(function () { return LG.placePopup(t.places); }, popupOptions());
      // Where events sit at the town, a click lists the town and them instead.
      m.options.bubblingMouseEvents = false;
      m.on("click", function (e) {
        var items = LG.ev && LG.ev.n ? LG.pickAt(e.containerPoint) : [];
        if (items.length) { listPopup([{ town: t }].concat(items), m.getLatLng()); }
      });
      m.addTo(group);
      LG.towns.push({ places: places, marker: m });
    });
    return group;
  }

  function recordLayers(d) {
    var out = {};
    d.placements.forEach(function (pl) {
      var rec = d.records[pl.record], kind = kindOf(rec.kind);
      if (!kind) { return; }
      var group = out[kind.key] = out[kind.key] || L.featureGroup();
      var approx = pl.precision !== "point";
      if (approx && pl.radius_km > 0) {
        L.circle([pl.lat, pl.lon], { radius: pl.radius_km * 1000, color: kind.colour, weight: 1.5, dashArray: "6 6",
          fillColor: kind.colour, fillOpacity: pl.radius_km < 30 ? 0.06 : 0, interactive: false, pane: "lg-records",
          className: "lg-uncertainty" }).addTo(group);
      }
      var m = L.circleMarker([pl.lat, pl.lon], { radius: rec.px, color: approx ? kind.colour : "#222",
        weight: approx ? 2 : 1, dashArray: approx ? "3 3" : null, fillColor: kind.colour,
        fillOpacity: approx ? 0.35 : 0.8, pane: "lg-records", className: "lg-symbol lg-record lg-" + kind.key });
      tip(m, kind.label + ": " + pl.name + ", " + rec.date);
      // A click lists every record and event under the pointer (several can share a point).
      m.on("click", function (e) { L.DomEvent.stop(e); LG.pick(e.containerPoint, e.latlng); });
      m.addTo(group);
      LG.symbols.push({ id: rec.id, rec: rec, pl: pl, marker: m, group: group,
        start: dayOf(rec.start), end: dayOf(rec.end), kind: kind.key });
    });
    return out;
  }

  function dayOf(iso) { return Math.floor(Date.parse(iso + "T00:00:00Z") / 86400000); }
  function isoOf(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
  LG.dayOf = dayOf; LG.isoOf = isoOf;

  function showPopup(latlng, node) {
    LG.map.openPopup(L.popup(popupOptions()).setLatLng(latlng).setContent(node));
  }

  // Open the popup of a record's symbol (the n-th place of the record): for tests and embedding pages.
  LG.openRecord = function (id, n) {
    var hits = LG.symbols.filter(function (s) { return s.id === id; });
    var hit = hits[n || 0];
    if (!hit) { return false; }
    var layer = LG.layers[kindOf(hit.rec.kind).key];
    if (layer && !LG.map.hasLayer(layer)) { layer.addTo(LG.map); }
    showPopup(hit.marker.getLatLng(), LG.recordPopup(hit.rec, hit.pl));
    return true;
  };

  // Open the popup of the town symbol that carries a place of this name.
  LG.openPlace = function (name) {
    var hit = LG.towns.filter(function (t) { return t.places.some(function (p) { return p.name === name; }); })[0];
    if (!hit) { return false; }
    if (!LG.map.hasLayer(LG.layers.towns)) { LG.layers.towns.addTo(LG.map); }
    hit.marker.openPopup();
    return true;
  };

  // -- imported events: one canvas layer over the columnar block (geo/render/columns.py) -------------
  // Nothing per event is created up front: popups, tooltips, table rows and CSV lines are built
  // from the typed arrays when asked for.
  var EV_PX = 3.5, HIT_PX = 7, CELL_PX = 44, AGGREGATE_ABOVE = 2500, AGGREGATE_BELOW_ZOOM = 9;

  function decodeEvents(b, vocab) {
    var n = b.n || 0, ev = { n: n, b: b };
    ev.x0 = new Float64Array(n); ev.y0 = new Float64Array(n);
    ev.lat = new Float64Array(n); ev.lon = new Float64Array(n);
    ev.start = new Int32Array(n); ev.end = new Int32Array(n);
    var day = b.day0 || 0, PI = Math.PI;
    for (var i = 0; i < n; i++) {
      var lat = b.lat[i] / 1e5, lon = b.lon[i] / 1e5;
      ev.lat[i] = lat; ev.lon[i] = lon;
      var sin = Math.sin(Math.max(-85.05, Math.min(85.05, lat)) * PI / 180);
      ev.x0[i] = (lon + 180) / 360 * 256;
      ev.y0[i] = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * PI)) * 256;
      day += b.start[i];
      ev.start[i] = day; ev.end[i] = day + b.span[i];
    }
    ev.kinds = vocab.kinds.map(function (k) { return k.key; });
    ev.text = function (key, i) { var c = b[key]; return c.codes ? c.values[c.codes[i]] : c.values[0]; };
    ev.code = function (key, i) { var c = b[key]; return c.codes ? c.codes[i] : 0; };
    return ev;
  }

  // The record and placement objects the popup builder takes, for event i.
  function eventAsRecord(i) {
    var ev = LG.ev, b = ev.b, v = LG.d.vocab, fmt = ev.text("format", i);
    var fat = b.fatalities[i] < 0 ? null : b.fatalities[i];
    var rec = {
      id: fmt + ":" + b.source_id[i], kind: ev.kinds[b.kind[i]], date: ev.text("date", i), date_text: "",
      place_text: "", actors: ev.text("actors", i), fatalities: fat, fatalities_text: ev.text("fatalities_text", i),
      summary: ev.text("summary", i), note: b.notes ? b.notes[i] : "", sources: [ev.text("source", i)], n_places: 1,
      format: LG.d.format_names[fmt] || fmt, source_id: b.source_id[i], type: ev.text("type", i),
      reported_by: ev.text("reported_by", i)
    };
    var pl = {
      name: ev.text("place", i) || "(no place name)", country: ev.text("source_country", i),
      admin1: ev.text("source_admin1", i), ne_admin1: ev.text("admin1", i), lat: ev.lat[i], lon: ev.lon[i],
      precision: v.precisions[ev.text("precision", i)], radius_km: b.radius[i],
      source: ev.text("geocoded", i) ? "coordinates from the geocoder" : "coordinates from the " + rec.format + " file",
      note: ev.text("why", i), border_km: b.border_km[i] < 0 ? null : b.border_km[i],
      nearest_border: ev.text("nearest_border", i), tri_border_km: b.tri_km[i] < 0 ? null : b.tri_km[i],
      query: ev.text("place", i), match: "", how: "", matched_name: "", score: null, near: false
    };
    return { rec: rec, pl: pl };
  }
  LG.eventPopup = function (i) { var x = eventAsRecord(i); return LG.recordPopup(x.rec, x.pl); };
  function eventLine(i) {
    var ev = LG.ev, k = kindOf(ev.kinds[ev.b.kind[i]]);
    return (k ? k.label : "") + ": " + (cellText(ev.text("place", i)) || "(no place name)") + ", " + cellText(ev.text("date", i));
  }

  // The filter every layer, count, table and download follows.
  LG.filter = { from: null, to: null, kinds: {}, actor: "" };
  // The actor text is cut to 200 characters wherever it comes from (the box, a link's #actor=, setActor()):
  // no actor name is that long, and a 5 MB string compared with every actor froze the page for half a minute.
  var MAX_ACTOR = 200;
  function actorText(text) {
    var s = "";
    try { s = typeof text === "string" ? text : (text === null || text === undefined ? "" : String(text)); }
    catch (e) { s = ""; }  // an object whose toString throws
    return s.length > MAX_ACTOR ? s.slice(0, MAX_ACTOR) : s;
  }
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  LG.fold = fold;
  function actorMatches() {
    var c = LG.ev.b.actors, want = fold(LG.filter.actor);
    LG.actorOk = want ? c.values.map(function (a) { return fold(a).indexOf(want) >= 0; }) : null;
  }
  function passes(i) {
    var ev = LG.ev, f = LG.filter;
    if (f.from !== null && ev.end[i] < f.from) { return false; }
    if (f.to !== null && ev.start[i] > f.to) { return false; }
    if (!f.kinds[ev.kinds[ev.b.kind[i]]]) { return false; }
    if (LG.actorOk && !LG.actorOk[ev.code("actors", i)]) { return false; }
    return true;
  }
  function symbolPasses(s) {
    var f = LG.filter;
    if (f.from !== null && s.end < f.from) { return false; }
    if (f.to !== null && s.start > f.to) { return false; }
    if (!f.kinds[s.kind]) { return false; }
    if (f.actor && fold(s.rec.actors || "").indexOf(fold(f.actor)) < 0) { return false; }
    return true;
  }

  var EventLayer = L.Layer.extend({
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "lg-events-canvas");
      map.getPane("lg-events").appendChild(this._canvas);
      map.on("moveend resize zoomend viewreset", this.redraw, this);
      map.on("zoomstart", this._hide, this);
      this.redraw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend resize zoomend viewreset", this.redraw, this);
      map.off("zoomstart", this._hide, this);
    },
    _hide: function () { if (this._canvas) { this._canvas.style.visibility = "hidden"; } },
    redraw: function () {
      var map = this._map, canvas = this._canvas;
      if (!map || !canvas) { return; }
      var size = map.getSize(), ratio = window.devicePixelRatio || 1;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      canvas.width = Math.round(size.x * ratio); canvas.height = Math.round(size.y * ratio);
      canvas.style.width = size.x + "px"; canvas.style.height = size.y + "px";
      canvas.style.visibility = "visible";
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, size.x, size.y);
      var ev = LG.ev, zoom = map.getZoom(), scale = Math.pow(2, zoom), origin = map.getPixelBounds().min;
      var xs = [], ys = [], idx = [];
      for (var i = 0; i < ev.n; i++) {
        if (!passes(i)) { continue; }
        var x = ev.x0[i] * scale - origin.x, y = ev.y0[i] * scale - origin.y;
        if (x < -CELL_PX || y < -CELL_PX || x > size.x + CELL_PX || y > size.y + CELL_PX) { continue; }
        xs.push(x); ys.push(y); idx.push(i);
      }
      this.drawn = { x: xs, y: ys, i: idx, cells: null };
      var colours = LG.d.vocab.kinds.map(function (k) { return k.colour; });
      if (idx.length > AGGREGATE_ABOVE && zoom < AGGREGATE_BELOW_ZOOM) {
        this._aggregate(ctx, colours);
      } else {
        this._points(ctx, colours, scale);
      }
      LG.drawnMode = this.drawn.cells ? "aggregate" : "points";
    },
    _points: function (ctx, colours, scale) {
      var ev = LG.ev, d = this.drawn, n = d.i.length;
      if (n < 5000) {
        ctx.setLineDash([5, 5]); ctx.lineWidth = 1.2;
        for (var k = 0; k < n; k++) {
          var i = d.i[k], r = ev.b.radius[i];
          if (!(r > 0)) { continue; }
          var metresPerPx = 40075016.686 * Math.cos(ev.lat[i] * Math.PI / 180) / (256 * scale);
          var px = r * 1000 / metresPerPx;
          if (px < 6 || px > 3000) { continue; }
          ctx.strokeStyle = colours[ev.b.kind[i]];
          ctx.globalAlpha = 0.5;
          ctx.beginPath(); ctx.arc(d.x[k], d.y[k], px, 0, 2 * Math.PI); ctx.stroke();
        }
        ctx.setLineDash([]);
      }
      ctx.globalAlpha = 0.85; ctx.lineWidth = 0.6; ctx.strokeStyle = "#222";
      for (var j = 0; j < n; j++) {
        var e = d.i[j];
        ctx.fillStyle = colours[ev.b.kind[e]];
        ctx.beginPath(); ctx.arc(d.x[j], d.y[j], EV_PX, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
      }
      ctx.globalAlpha = 1;
    },
    _aggregate: function (ctx, colours) {
      var ev = LG.ev, d = this.drawn, cells = {}, list = [];
      for (var k = 0; k < d.i.length; k++) {
        var key = Math.floor(d.x[k] / CELL_PX) + ":" + Math.floor(d.y[k] / CELL_PX), c = cells[key];
        if (!c) { c = cells[key] = { n: 0, sx: 0, sy: 0, kinds: {} }; list.push(c); }
        var kind = ev.b.kind[d.i[k]];
        c.n += 1; c.sx += d.x[k]; c.sy += d.y[k]; c.kinds[kind] = (c.kinds[kind] || 0) + 1;
      }
      ctx.font = "bold 11px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      list.forEach(function (c) {
        c.x = c.sx / c.n; c.y = c.sy / c.n; c.r = Math.min(CELL_PX / 2, 7 + 3 * Math.log(c.n) / Math.LN2);
        var top = Object.keys(c.kinds).sort(function (a, b) { return c.kinds[b] - c.kinds[a]; })[0];
        ctx.globalAlpha = 0.8; ctx.fillStyle = colours[top];
        ctx.beginPath(); ctx.arc(c.x, c.y, c.r, 0, 2 * Math.PI); ctx.fill();
        ctx.globalAlpha = 1; ctx.strokeStyle = "#fff"; ctx.lineWidth = 1.5; ctx.stroke();
        ctx.fillStyle = "#fff"; ctx.fillText(String(c.n), c.x, c.y);
      });
      d.cells = list;
    }
  });

  // Every record and event within reach of a point of the map container.
  LG.pickAt = function (point) {
    var out = [];
    LG.symbols.forEach(function (s) {
      if (!LG.map.hasLayer(s.marker)) { return; }
      var p = LG.map.latLngToContainerPoint(s.marker.getLatLng());
      if (p.distanceTo(point) <= s.rec.px + 3) { out.push({ symbol: s }); }
    });
    var layer = LG.eventLayer, d = layer && LG.map.hasLayer(layer) ? layer.drawn : null;
    if (d && !d.cells) {
      for (var k = 0; k < d.i.length; k++) {
        var dx = d.x[k] - point.x, dy = d.y[k] - point.y;
        if (dx * dx + dy * dy <= HIT_PX * HIT_PX) { out.push({ event: d.i[k] }); }
      }
    }
    return out;
  };
  function cellAt(point) {
    var d = LG.eventLayer && LG.map.hasLayer(LG.eventLayer) ? LG.eventLayer.drawn : null;
    if (!d || !d.cells) { return null; }
    return d.cells.filter(function (c) {
      return (c.x - point.x) * (c.x - point.x) + (c.y - point.y) * (c.y - point.y) <= c.r * c.r;
    })[0] || null;
  }
  function pickedPopup(item) {
    if (item.town) { return LG.placePopup(item.town.places); }
    return item.symbol ? LG.recordPopup(item.symbol.rec, item.symbol.pl) : LG.eventPopup(item.event);
  }
  function pickedLine(item) {
    if (item.town) { return "Place: " + item.town.places.map(function (i) { return LG.d.places[i].name; }).join(", "); }
    if (item.event !== undefined) { return eventLine(item.event); }
    var k = kindOf(item.symbol.rec.kind);
    return (k ? k.label : "") + ": " + item.symbol.pl.name + ", " + item.symbol.rec.date;
  }
  var LIST_MAX = 200;
  // A list of what is at one point; each line opens its popup, with a way back to the list.
  function listPopup(items, latlng) {
    var popup = L.popup(popupOptions()).setLatLng(latlng);
    function showList() {
      var node = el("div", "lg-popup lg-picklist");
      var n = items.filter(function (it) { return !it.town; }).length;
      node.appendChild(el("div", "lg-summary", [n + " records and events here"]));
      var ul = el("ul", "lg-picks");
      items.slice(0, LIST_MAX).forEach(function (it) {
        var a = el("button", "lg-pick", [pickedLine(it)]);
        a.type = "button";
        a.addEventListener("click", function (e) {
          L.DomEvent.stop(e);
          var back = el("button", "lg-back", ["\u2190 all " + items.length + " here"]);
          back.type = "button";
          back.addEventListener("click", function (ev2) { L.DomEvent.stop(ev2); showList(); });
          popup.setContent(el("div", null, [back, pickedPopup(it)]));  // re-lays out and pans into view
        });
        ul.appendChild(el("li", null, [a]));
      });
      node.appendChild(ul);
      if (items.length > LIST_MAX) {
        node.appendChild(el("div", "lg-quiet", ["and " + (items.length - LIST_MAX) + " more: zoom in or use the table"]));
      }
      popup.setContent(node);
    }
    showList();
    LG.map.openPopup(popup);
  }
  LG.pick = function (point, latlng) {
    var items = LG.pickAt(point), cell = items.length ? null : cellAt(point);
    if (cell) { LG.map.setView(LG.map.containerPointToLatLng([cell.x, cell.y]), LG.map.getZoom() + 2); return 0; }
    if (items.length === 1) {
      var it = items[0];
      showPopup(it.symbol ? it.symbol.marker.getLatLng() : L.latLng(LG.ev.lat[it.event], LG.ev.lon[it.event]),
        pickedPopup(it));
    } else if (items.length > 1) {
      listPopup(items, latlng);
    }
    return items.length;
  };
  LG.openEvent = function (i) {
    showPopup(L.latLng(LG.ev.lat[i], LG.ev.lon[i]), LG.eventPopup(i));
    return true;
  };

  // -- the filter: counts, record symbols, the event layer, the table, the URL ----------------------
  // Records (each once, however many places it names) and events passing the filter, per kind: one pass.
  // One symbol per record passing the filter (a record drawn at three places is one record).
  LG.symbolsOnce = function () {
    var seen = {};
    return LG.symbols.filter(function (s) { if (seen[s.id] || !symbolPasses(s)) { return false; } seen[s.id] = true; return true; });
  };
  function passingByKind() {
    var per = {}, ev = LG.ev;
    for (var i = 0; i < ev.n; i++) { if (passes(i)) { var k = ev.kinds[ev.b.kind[i]]; per[k] = (per[k] || 0) + 1; } }
    LG.symbolsOnce().forEach(function (s) { per[s.kind] = (per[s.kind] || 0) + 1; });
    return per;
  }
  function total(per) { return Object.keys(per).reduce(function (n, k) { return n + per[k]; }, 0); }
  LG.visibleCount = function () { return total(passingByKind()); };
  LG.applyFilter = function () {
    LG.symbols.forEach(function (s) {
      var on = symbolPasses(s);
      if (on && !s.group.hasLayer(s.marker)) { s.group.addLayer(s.marker); }
      if (!on && s.group.hasLayer(s.marker)) { s.group.removeLayer(s.marker); }
    });
    if (LG.eventLayer) { LG.eventLayer.redraw(); }
    var per = passingByKind(), count = total(per);
    if (LG.ev.n) {
      Object.keys(LG.kindCounts).forEach(function (k) { LG.kindCounts[k].textContent = " (" + (per[k] || 0) + ")"; });
    }
    if (LG.timePanel) { LG.timePanel.update(count); }
    if (LG.table) { LG.table.update(); }
    if (LG.started) { LG.placeLabels(); }
    writeHash();
    return count;
  };

  function writeHash() {
    if (!LG.hashReady) { return; }
    var f = LG.filter, parts = [];
    if (f.from !== null && f.from !== LG.span[0]) { parts.push("from=" + isoOf(f.from)); }
    if (f.to !== null && f.to !== LG.span[1]) { parts.push("to=" + isoOf(f.to)); }
    var off = Object.keys(f.kinds).filter(function (k) { return !f.kinds[k]; });
    if (off.length) { parts.push("off=" + off.join(",")); }
    if (f.actor) { parts.push("actor=" + encodeURIComponent(f.actor)); }
    var c = LG.map.getCenter();
    parts.push("view=" + c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + LG.map.getZoom());
    try { history.replaceState(null, "", "#" + parts.join("&")); } catch (e) { /* a sandboxed frame */ }
  }
  // A link this page writes is a few hundred characters; one longer than MAX_HASH is not, and is ignored
  // whole and dropped from the address (a 2 MB #actor= froze the page for half a minute; while the address
  // is that long, the browser itself slows down). Each value is cut to MAX_HASH_VALUE characters.
  var MAX_HASH = 4096, MAX_HASH_VALUE = 200;
  function readHash() {
    var out = {}, hash = "";
    try { hash = String(location.hash || ""); } catch (e) { hash = ""; }
    if (hash.length > MAX_HASH) {
      try { history.replaceState(null, "", "#"); } catch (e) { /* a sandboxed frame */ }
      return out;
    }
    hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i <= 0) { return; }
      try { out[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)).slice(0, MAX_HASH_VALUE); } catch (e) { /* a malformed escape: ignored */ }
    });
    return out;
  }
  LG.readHash = readHash;
  function validDay(s) {  // a real day written YYYY-MM-DD (2022-02-30 is not one)
    return /^\d{4}-\d{2}-\d{2}$/.test(s || "") && isFinite(dayOf(s)) && isoOf(dayOf(s)) === s ? dayOf(s) : null;
  }
  LG.validDay = validDay;

  // The time panel: a two-handled date range with play, an actor filter, the count, the table and CSV.
  function timePanel(d) {
    // A <details>: on a small screen it starts folded to one line (the dates and the count).
    var span = LG.span, node = el("details", "lg-panel lg-time");
    node.id = "lg-time";
    node.open = !LG.compact;
    function range(value) {
      var r = el("input", "lg-range");
      r.type = "range"; r.min = span[0]; r.max = span[1]; r.step = 1; r.value = value;
      return r;
    }
    var from = range(span[0]), to = range(span[1]);
    from.id = "lg-from"; to.id = "lg-to";
    from.setAttribute("aria-label", "From"); to.setAttribute("aria-label", "To");
    var label = el("span", "lg-range-label"), count = el("span", "lg-count");
    var play = el("button", "lg-play", ["\u25b6 Play"]); play.type = "button";
    var actor = el("input", "lg-actor"); actor.type = "search"; actor.placeholder = "actor contains\u2026";
    actor.setAttribute("aria-label", "Actor contains"); actor.maxLength = MAX_ACTOR;
    var tableBtn = el("button", "lg-table-toggle", ["Table"]); tableBtn.type = "button";
    var csv = el("button", "lg-csv", ["Download CSV"]); csv.type = "button";
    node.appendChild(el("summary", "lg-time-summary", [label, el("span", "lg-sep", [" \u00b7 "]), count]));
    node.appendChild(el("div", "lg-ranges", [from, to]));
    node.appendChild(el("div", "lg-time-row", [play, " ", actor, " ", tableBtn, " ", csv]));
    function sync() {
      var a = +from.value, b = +to.value;
      if (a > b) { if (this === from) { to.value = a; } else { from.value = b; } }
      LG.filter.from = +from.value; LG.filter.to = +to.value;
      LG.applyFilter();
    }
    from.addEventListener("input", sync); to.addEventListener("input", sync);
    actor.addEventListener("input", function () { LG.filter.actor = actorText(actor.value); actorMatches(); LG.applyFilter(); });
    var timer = null;
    play.addEventListener("click", function () {
      if (timer) { clearInterval(timer); timer = null; play.textContent = "\u25b6 Play"; return; }
      var width = Math.max(1, (+to.value) - (+from.value));
      // From the whole span (or a window at its end), play a tenth of it from the start.
      if (width >= span[1] - span[0]) { width = Math.max(1, Math.round((span[1] - span[0]) / 10)); }
      if (+to.value >= span[1]) { from.value = span[0]; to.value = span[0] + width; }
      play.textContent = "\u275a\u275a Pause";
      timer = setInterval(function () {
        var step = Math.max(1, Math.round((span[1] - span[0]) / 60));
        var b = Math.min(span[1], (+to.value) + step);
        from.value = b - width; to.value = b;
        LG.filter.from = +from.value; LG.filter.to = +to.value; LG.applyFilter();
        if (b >= span[1]) { clearInterval(timer); timer = null; play.textContent = "\u25b6 Play"; }
      }, 400);
    });
    tableBtn.addEventListener("click", function () { LG.table.toggle(); });
    csv.addEventListener("click", function () { LG.downloadCsv(); });
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    return {
      node: node,
      update: function (n) {
        from.value = LG.filter.from; to.value = LG.filter.to; actor.value = LG.filter.actor;
        label.textContent = isoOf(LG.filter.from) + " \u2013 " + isoOf(LG.filter.to);
        count.textContent = n + " of " + LG.total + " shown";
      }
    };
  }

  // The table: records and events passing the filter, searchable; a row opens its popup.
  var TABLE_ROWS = 300;
  // A cell shows at most this many characters (then "\u2026"); the popup and the CSV have the whole text, and
  // the search looks in the whole text. A long word with no spaces (5,000 characters is allowed per cell)
  // costs the browser's line breaking time on every redraw; cut, it costs nothing.
  var CELL_CHARS = 300;
  function cellText(s) {
    s = s === null || s === undefined ? "" : String(s);
    return s.length > CELL_CHARS ? s.slice(0, CELL_CHARS) + "\u2026" : s;
  }
  LG.cellText = cellText;
  function tableRows() {
    var rows = [];
    LG.symbols.forEach(function (s, k) {
      if (symbolPasses(s)) {
        rows.push({ symbol: s, place: s.pl.name, date: s.rec.date, start: s.start, kind: s.rec.kind, actors: s.rec.actors });
      }
    });
    var ev = LG.ev;
    for (var i = 0; i < ev.n; i++) {
      if (passes(i)) {
        rows.push({ event: i, place: ev.text("place", i), date: ev.text("date", i), start: ev.start[i],
          kind: ev.kinds[ev.b.kind[i]], actors: ev.text("actors", i) });
      }
    }
    return rows;
  }
  function tablePanel() {
    var node = el("details", "lg-panel lg-table"), search = el("input", "lg-search");
    node.id = "lg-table";
    search.type = "search"; search.placeholder = "search place, date, kind, actor\u2026";
    search.setAttribute("aria-label", "Search the table");
    var body = el("tbody"), info = el("div", "lg-quiet");
    var head = el("tr", null, ["Date", "Place", "Kind", "Actors"].map(function (h) { return el("th", null, [h]); }));
    node.appendChild(el("summary", "lg-h2", [el("span", "lg-long", ["Events "]), "table"]));
    node.appendChild(search); node.appendChild(info);
    node.appendChild(el("div", "lg-table-scroll", [el("table", null, [el("thead", null, [head]), body])]));
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    function update() {
      if (!node.open) { return; }
      var want = fold(search.value.trim()), shown = 0, matched = 0;
      body.textContent = "";
      tableRows().forEach(function (r) {
        var k = kindOf(r.kind), label = k ? k.label : r.kind;
        if (want && fold([r.date, r.place, label, r.actors].join(" ")).indexOf(want) < 0) { return; }
        matched += 1;
        if (shown >= TABLE_ROWS) { return; }
        shown += 1;
        var tr = el("tr", "lg-row", [el("td", null, [cellText(r.date)]), el("td", null, [cellText(r.place)]),
          el("td", null, [cellText(label)]), el("td", null, [cellText(r.actors)])]);
        tr.tabIndex = 0;
        function open() {
          if (r.symbol) { LG.map.setView(r.symbol.marker.getLatLng(), Math.max(LG.map.getZoom(), 9));
            showPopup(r.symbol.marker.getLatLng(), LG.recordPopup(r.symbol.rec, r.symbol.pl)); }
          else { LG.map.setView([LG.ev.lat[r.event], LG.ev.lon[r.event]], Math.max(LG.map.getZoom(), 9));
            LG.openEvent(r.event); }
        }
        tr.addEventListener("click", open);
        tr.addEventListener("keydown", function (e) { if (e.key === "Enter") { open(); } });
        body.appendChild(tr);
      });
      info.textContent = matched + " match" + (matched === 1 ? "" : "es") +
        (matched > shown ? "; the first " + shown + " are listed: narrow the search or the dates" : "");
    }
    search.addEventListener("input", update);
    node.addEventListener("toggle", update);
    return { node: node, update: update, toggle: function () { node.open = !node.open; update(); } };
  }

  // CSV of what passes the filter, safe to open in any spreadsheet in any locale; the same rule as
  // geo/csvsafe.py, which writes liptako export's CSV. Following the OWASP guidance on CSV injection
  // (https://owasp.org/www-community/attacks/CSV_Injection): a text cell that a spreadsheet could read as a
  // formula gets a leading ' and is quoted. That is a cell whose first character, after any whitespace or
  // control characters, is = + - or @; one that starts with a tab or CR; and one holding a ; or , followed
  // (after any whitespace) by such a character. Excel in a French locale reads this comma-separated file as one
  // field per ; and honours a quote only at a field's start, so each such separator gets a ' after it too:
  // x;=1+1 is written "'x;'=1+1", text however it is split. Numbers stay numbers: a JS number, or a plain
  // decimal (a longitude -1.5, 1e3) is never a formula. A cell holding " , ; CR, LF or a leading or trailing
  // space is quoted, and every " in it doubled.
  var FORMULA_START = /^[\s\u0000-\u001f\u007f-\u009f]*[=+\-@]|^[\t\r]/;
  var FORMULA_AFTER_SEPARATOR = /[;,][\s\u0000-\u001f\u007f-\u009f]*[=+\-@\t\r]/;
  var FORMULA_SEPARATORS = /([;,])(?=[\s\u0000-\u001f\u007f-\u009f]*[=+\-@\t\r])/g;
  var PLAIN_NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
  function csvCell(v) {
    if (typeof v === "number") { return isFinite(v) ? String(v) : ""; }
    var s = v === null || v === undefined ? "" : String(v);
    var formula = !PLAIN_NUMBER.test(s) && (FORMULA_START.test(s) || FORMULA_AFTER_SEPARATOR.test(s));
    if (formula) { s = "'" + s.replace(FORMULA_SEPARATORS, "$1'"); }
    return formula || /[",;\n\r]|^ | $/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  LG.csvCell = csvCell;
  function csvLine(cells) { return cells.map(function (c) { return csvCell(c); }).join(","); }
  LG.csvText = function () {
    var cols = ["source_format", "source_id", "kind", "start", "end", "date", "lat", "lon", "precision", "radius_km",
      "place", "actors", "fatalities", "type", "reported_by", "border_km", "nearest_border", "tri_border_km", "notes"];
    var lines = [cols.join(",")], ev = LG.ev, v = LG.d.vocab;
    LG.symbols.forEach(function (s) {
      if (!symbolPasses(s)) { return; }
      var r = s.rec, p = s.pl;
      lines.push(csvLine([ "records", r.id, r.kind, r.start, r.end, r.date, p.lat, p.lon, p.precision, p.radius_km, p.name,
        r.actors, r.fatalities, "", "", p.border_km, p.nearest_border, p.tri_border_km, r.note ]));
    });
    for (var i = 0; i < ev.n; i++) {
      if (!passes(i)) { continue; }
      var b = ev.b;
      lines.push(csvLine([ev.text("format", i), b.source_id[i], ev.kinds[b.kind[i]], isoOf(ev.start[i]), isoOf(ev.end[i]),
        ev.text("date", i), ev.lat[i], ev.lon[i], v.precisions[ev.text("precision", i)], b.radius[i], ev.text("place", i),
        ev.text("actors", i), b.fatalities[i] < 0 ? "" : b.fatalities[i], ev.text("type", i), ev.text("reported_by", i),
        b.border_km[i] < 0 ? "" : b.border_km[i], ev.text("nearest_border", i), b.tri_km[i] < 0 ? "" : b.tri_km[i],
        b.notes ? b.notes[i] : ""]));
    }
    var cites = LG.d.meta.citations;
    return lines.join("\r\n") + "\r\n" +
      (cites.length ? csvCell("# " + cites.join(" ").replace(/[\r\n]/g, " ")) + "\r\n" : "");
  };
  LG.downloadCsv = function () {
    var blob = new Blob(["\ufeff" + LG.csvText()], { type: "text/csv;charset=utf-8" });
    var a = el("a"); a.href = URL.createObjectURL(blob); a.download = "events.csv";
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  };

  function setupEvents(d, map, built) {
    LG.ev = decodeEvents(d.events || { n: 0 }, d.vocab);
    var days = LG.symbols.map(function (s) { return s.start; }).concat(LG.symbols.map(function (s) { return s.end; }));
    var lo = Infinity, hi = -Infinity;
    for (var i = 0; i < LG.ev.n; i++) { lo = Math.min(lo, LG.ev.start[i]); hi = Math.max(hi, LG.ev.end[i]); }
    days.forEach(function (x) { lo = Math.min(lo, x); hi = Math.max(hi, x); });
    LG.span = isFinite(lo) ? [lo, hi] : [0, 0];
    LG.filter.from = LG.span[0]; LG.filter.to = LG.span[1];
    d.vocab.kinds.forEach(function (k) { LG.filter.kinds[k.key] = true; });
    if (LG.ev.n) {
      LG.eventLayer = new EventLayer();
      LG.eventLayer.addTo(map);
      // Each kind's layer toggles its events too; a kind with events and no records gets an empty group.
      d.vocab.kinds.forEach(function (k) {
        var group = built[k.key] = built[k.key] || L.featureGroup();
        group.on("add", function () { LG.filter.kinds[k.key] = true; if (LG.started) { LG.applyFilter(); } });
        group.on("remove", function () { LG.filter.kinds[k.key] = false; if (LG.started) { LG.applyFilter(); } });
      });
      map.on("click", function (e) { LG.pick(e.containerPoint, e.latlng); });
      var last = 0;
      map.on("mouseout", function () { if (LG.hoverTip) { map.closeTooltip(LG.hoverTip); } });
      map.on("mousemove", function (e) {
        var now = Date.now();
        if (now - last < 40) { return; }
        last = now;
        var d2 = LG.eventLayer.drawn, hit = null, best = HIT_PX * HIT_PX;
        if (d2 && !d2.cells) {
          for (var k = 0; k < d2.i.length; k++) {
            var dx = d2.x[k] - e.containerPoint.x, dy = d2.y[k] - e.containerPoint.y, dd = dx * dx + dy * dy;
            if (dd <= best) { best = dd; hit = d2.i[k]; }
          }
        }
        if (hit === null) { if (LG.hoverTip) { map.closeTooltip(LG.hoverTip); } map.getContainer().style.cursor = ""; return; }
        LG.hoverTip = LG.hoverTip || L.tooltip({ direction: "top", offset: [0, -6], className: "lg-tip" });
        LG.hoverTip.setLatLng([LG.ev.lat[hit], LG.ev.lon[hit]]).setContent(el("span", null, [eventLine(hit)]));
        map.openTooltip(LG.hoverTip);
        map.getContainer().style.cursor = "pointer";
      });
    }
  }

  // -- panels ------------------------------------------------------------------------------------------
  function panel(position, node) {
    var C = L.Control.extend({ onAdd: function () { return node; } });
    var control = new C({ position: position });
    control.addTo(LG.map);
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    return control;
  }

  function titlePanel(d) {
    var m = d.meta;
    var body = [m.subtitle ? el("div", "lg-sub", [m.subtitle]) : null,
      el("div", "lg-sub", [m.span + " \u00b7 " + m.mapped +
        (d.events && d.events.n ? " records and events on the map" : " mapped records")])];
    var node = el("details", "lg-panel lg-title", [el("summary", "lg-h1", [m.title])].concat(body));
    node.open = !LG.compact;
    return node;
  }

  function legendPanel(d) {
    var v = d.vocab, kids = [el("summary", "lg-h2", ["Legend"])];
    var present = {};
    d.placements.forEach(function (pl) { present[d.records[pl.record].kind] = true; });
    var evKinds = (d.events && d.events.kind) || [];
    for (var i = 0; i < evKinds.length; i++) { present[v.kinds[evKinds[i]].key] = true; }
    kids.push(el("div", "lg-h2", [evKinds.length ? "Records and events" : "Records"]));
    LG.kindCounts = {};
    v.kinds.forEach(function (k) {
      if (!present[k.key]) { return; }
      var count = LG.kindCounts[k.key] = el("span", "lg-kind-count");
      kids.push(el("div", null, [swatch(k.colour, 6), " " + k.label, count]));
    });
    if (evKinds.length) {
      kids.push(el("div", "lg-quiet", ["Imported events are dots; at low zoom a numbered circle counts the events "
        + "in its area (click it to zoom in). A click lists everything under the pointer."]));
    }
    var attack = kindOf("attack");
    kids.push(el("div", "lg-h2", ["Killed (symbol area)"]));
    kids.push(el("div", null, v.sizes.map(function (s) {
      return el("span", "lg-size", [swatch(attack.colour, s.px), el("br"), String(s.n)]);
    })));
    kids.push(el("div", "lg-h2", ["Placement"]));
    kids.push(el("div", null, [swatch("#555", 6), " exact location"]));
    kids.push(el("div", null, [swatch("#555", 6, true), " approximate: dashed ring = how far off it may be"]));
    kids.push(el("div", null, [el("i", null, ["~Name"]), ": a place known only approximately"]));
    kids.push(el("div", null, ["Dotted circles: 50, 100 and 150 km from the Mali\u2013Niger\u2013Burkina Faso tri-point"]));
    if (d.context.length) {
      kids.push(el("div", "lg-h2", ["Context, not placed (no location)"]));
      kids.push(el("ul", "lg-context", d.context.map(function (i) {
        var r = d.records[i];
        var srcs = join(r.sources.map(function (s) {
          var src = d.sources[s];
          return link(src.url, src.publisher.split(" (")[0]);
        }), "; ");
        return el("li", null, [el("b", null, [r.date]), ": " + r.summary + " ",
          quiet(["(" + (r.place_text || "no location") + "; "].concat(srcs, [")"]))]);
      })));
    }
    if (d.unresolved.length) {
      kids.push(el("div", "lg-h2", ["Not placed: name did not resolve"]));
      kids.push(el("ul", "lg-context", d.unresolved.map(function (u) {
        var r = d.records[u.record];
        return el("li", null, [el("b", null, [r.date]), ": " + r.summary + " ",
          quiet(["(\u201c" + u.name + "\u201d is " + u.status + ")"])]);
      })));
    }
    var bl = d.borderland;
    LG.analysisLegend = {
      bands: el("div", "lg-analysis-legend", [el("div", "lg-h2", ["Distance to the nearest border"])].concat(
        bl.bands_legend.map(function (x) {
          var s = swatch(x.colour, 6); s.style.opacity = String(Math.min(1, x.opacity * 2.5));
          return el("div", null, [s, " " + x.label]);
        }), [el("div", "lg-quiet", [bl.bands_note])])),
      choropleth: el("div", "lg-analysis-legend", [el("div", "lg-h2", ["Events per admin-1 region"])].concat(
        bl.choropleth_legend.map(function (x) { return el("div", null, [swatch(x.colour, 6), " " + x.label]); }),
        [el("div", "lg-quiet", [bl.choropleth_note])]))
    };
    Object.keys(LG.analysisLegend).forEach(function (k) {
      LG.analysisLegend[k].id = "lg-legend-" + k;
      LG.analysisLegend[k].hidden = true;
      kids.push(LG.analysisLegend[k]);
    });
    kids.push(el("div", "lg-h2", ["Caveats"]), el("div", "lg-quiet", [d.meta.caveats]));
    var data = [el("div", "lg-h2", ["Data"])];
    d.meta.citations.forEach(function (c) { data.push(el("div", "lg-quiet lg-citation", [c])); });
    if (d.meta.filters) { data.push(el("div", "lg-quiet", ["Filtered: " + d.meta.filters])); }
    if (d.meta.notes_left_out) { data.push(el("div", "lg-quiet", ["Event notes are left out of this map."])); }
    data.push(el("div", "lg-quiet", [d.meta.credits]));
    kids.push(el("div", "lg-data", data));
    var node = el("details", "lg-panel lg-legend", kids);
    node.id = "lg-legend";
    node.open = !LG.compact;
    return node;
  }

  function captionPanel(d) {
    var sources = d.sources.map(sourceText);
    var cites = d.meta.citations.length ? " " + d.meta.citations.join(" ") : "";
    var filters = d.meta.filters ? " Filtered: " + d.meta.filters + "." : "";
    return el("div", "lg-panel lg-caption", [el("b", null, [d.meta.span + "."]),
      " Sources: " + sources.join("; ") + "." + cites + filters + " " + d.meta.credits]);
  }

  // -- view ----------------------------------------------------------------------------------------------
  // Fit the focus into the part of the map the open panels leave free. Padding never exceeds a
  // third of the map, so the fit is finite at any size; a map with no size yet fits when it gets one.
  LG.fit = function () {
    var map = LG.map, v = LG.d.view, size = map.getSize();
    if (!(size.x > 0 && size.y > 0)) { map.once("resize", LG.fit); return; }
    if (v.centre) { map.setView(v.centre, v.zoom, { animate: false }); return; }
    function dims(node) { return node && node.offsetWidth ? [node.offsetWidth, node.offsetHeight] : [0, 0]; }
    var title = dims(LG.panels.title), legend = dims(LG.panels.legend), layers = dims(LG.control.getContainer());
    var left = LG.panels.legend.open ? legend[0] + 20 : 10;
    var top = title[1] + 20, right = layers[0] + 20;
    if (LG.printing) { left = right = top = 10; }  // in print the panels are outside the map
    var pad = function (x, total) { return Math.max(0, Math.min(x, total / 3)); };
    var b = v.bbox;
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {
      animate: false,
      paddingTopLeft: [pad(left, size.x), pad(top, size.y)],
      paddingBottomRight: [pad(right, size.x), pad(10, size.y)]
    });
    if (!isFinite(map.getZoom())) { map.setView([(b[1] + b[3]) / 2, (b[0] + b[2]) / 2], LG.d.zoom.min); }
  };

  // -- print: one page, the same for PNG, PDF and the browser's own printing --------------------------
  // LG.print({width, height, table}) lays the page out as a sheet of width x height CSS pixels: a
  // title block (title, subtitle, dates, data date), the map with a scale bar, a north arrow and an
  // inset locator map, then the legend, sources and credits below it; with table, a list of every
  // record and event with its sources follows on the next pages. Interactive controls are hidden.
  // It returns where the parts landed, so a caller can check nothing falls off the page.
  var PX_PER_MM = 96 / 25.4;
  // Ctrl+P: a landscape sheet that fits A4 and Letter alike, inside 10 mm margins (map.css, @page).
  var BROWSER_SHEET = [Math.floor(259 * PX_PER_MM), Math.floor(186 * PX_PER_MM)];

  function svgEl(tag, attrs, kids) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    (kids || []).forEach(function (k) { node.appendChild(typeof k === "object" ? k : document.createTextNode(String(k))); });
    return node;
  }
  function northArrow() {
    var svg = svgEl("svg", { width: 26, height: 40, viewBox: "0 0 26 40", role: "img", "aria-label": "North" }, [
      svgEl("polygon", { points: "13,2 22,30 13,24 4,30", fill: "#222" }),
      svgEl("polygon", { points: "13,2 13,24 4,30", fill: "#fff", stroke: "#222", "stroke-width": 1 }),
      svgEl("text", { x: 13, y: 39, "text-anchor": "middle", "font-size": 10, "font-weight": 700, fill: "#222" }, ["N"])
    ]);
    return el("div", "lg-panel lg-north lg-print-only", [svg]);
  }
  // The inset: West Africa (data block's basemap.locator), the three countries darker, the map's extent in red.
  function inset(d) {
    var loc = d.basemap.locator;
    if (!loc) { return null; }
    var W = 170, H = 118, x0 = -18, x1 = 17, y0 = 3, y1 = 26;
    function merc(lat) { return Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)); }
    var ky = H / (merc(y1) - merc(y0)), kx = W / (x1 - x0);
    function px(lon, lat) { return [(lon - x0) * kx, H - (merc(lat) - merc(y0)) * ky]; }
    var svg = svgEl("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": "Locator: the map's extent in West Africa" });
    svg.appendChild(svgEl("rect", { x: 0, y: 0, width: W, height: H, fill: "#dde6ec" }));
    loc.forEach(function (c) {
      var path = c.rings.map(function (ring) {
        return ring.map(function (pt, i) { var q = px(pt[0], pt[1]); return (i ? "L" : "M") + q[0].toFixed(1) + " " + q[1].toFixed(1); }).join("") + "Z";
      }).join("");
      svg.appendChild(svgEl("path", { d: path, fill: c.main ? "#d9c9a8" : "#f4f4f4", stroke: "#777", "stroke-width": 0.5 }));
    });
    var extent = svgEl("rect", { fill: "none", stroke: "#c0392b", "stroke-width": 1.5 });
    extent.setAttribute("class", "lg-inset-extent");
    svg.appendChild(extent);
    function update() {
      var b = LG.map.getBounds(), a = px(b.getWest(), b.getNorth()), c = px(b.getEast(), b.getSouth());
      extent.setAttribute("x", a[0].toFixed(1)); extent.setAttribute("y", a[1].toFixed(1));
      extent.setAttribute("width", Math.max(2, c[0] - a[0]).toFixed(1)); extent.setAttribute("height", Math.max(2, c[1] - a[1]).toFixed(1));
    }
    LG.map.on("moveend", update);
    return { node: el("div", "lg-panel lg-inset lg-print-only", [svg]), update: update };
  }
  function titleBlock(d) {
    var m = d.meta;
    return el("div", "lg-sheet-head", [el("div", "lg-sheet-title", [m.title]),
      m.subtitle ? el("div", "lg-sheet-sub", [m.subtitle]) : null,
      el("div", "lg-sheet-meta", [m.span + " \u00b7 " + m.mapped + (d.events && d.events.n ? " records and events on the map" :
        " mapped records") + (m.data_date ? " \u00b7 " + m.data_date : "")])]);
  }
  // Every record and event passing the filter, with its sources: the pages after the map.
  function printTable(d) {
    var head = el("tr", null, ["Date", "Kind", "Place", "What", "Killed", "Sources"].map(function (h) { return el("th", null, [h]); }));
    var body = el("tbody");
    LG.symbolsOnce().forEach(function (s) {
      var r = s.rec, k = kindOf(r.kind);
      var places = LG.symbols.filter(function (x) { return x.id === s.id; }).map(function (x) {
        return x.pl.name + (x.pl.precision !== "point" ? " (approx.)" : ""); });
      body.appendChild(el("tr", null, [el("td", null, [r.date]), el("td", null, [k ? k.label : r.kind]),
        el("td", null, [places.join(", ")]), el("td", null, [r.summary]),
        el("td", null, [r.fatalities_text || (r.fatalities === null ? "" : String(r.fatalities))]),
        el("td", null, [r.sources.map(function (i) { return sourceText(d.sources[i]); }).join("; ")])]));
    });
    var ev = LG.ev;
    for (var i = 0; i < ev.n; i++) {
      if (!passes(i)) { continue; }
      var x = eventAsRecord(i), k2 = kindOf(x.rec.kind), src = d.sources[x.rec.sources[0]];
      body.appendChild(el("tr", null, [el("td", null, [x.rec.date]), el("td", null, [k2 ? k2.label : x.rec.kind]),
        el("td", null, [x.pl.name + (x.pl.precision !== "point" ? " (within " + x.pl.radius_km + " km)" : "")]),
        el("td", null, [x.rec.summary]),
        el("td", null, [x.rec.fatalities === null ? "" : String(x.rec.fatalities)]),
        el("td", null, [(src ? src.publisher + " " : "") + x.rec.source_id])]));
    }
    return el("div", "lg-sheet-table", [el("div", "lg-sheet-title", [d.meta.title + ": every record and event on the map"]),
      el("table", null, [el("thead", null, [head]), body])]);
  }

  LG.print = function (opts) {
    opts = opts || {};
    var map = LG.map, d = LG.d;
    if (LG.printing) { LG.unprint(); }
    var width = opts.width || window.innerWidth, height = opts.height || window.innerHeight;
    var saved = LG.printSaved = { center: map.getCenter(), zoom: map.getZoom(), moved: [] };
    function move(node, parent, before) {
      saved.moved.push({ node: node, parent: node.parentNode, next: node.nextSibling });
      parent.insertBefore(node, before || null);
    }
    LG.printing = true;
    document.body.classList.add("lg-print");
    if (LG.hoverTip) { map.closeTooltip(LG.hoverTip); }
    map.closePopup();
    var sheet = LG.sheet = el("div", "lg-sheet"), foot = el("div", "lg-sheet-foot");
    sheet.style.width = width + "px"; sheet.style.height = height + "px";
    document.body.insertBefore(sheet, document.body.firstChild);
    sheet.appendChild(titleBlock(d));
    move(map.getContainer(), sheet);
    sheet.appendChild(foot);
    saved.legendOpen = LG.panels.legend.open;
    LG.panels.legend.open = true;
    move(LG.panels.legend, foot);
    move(LG.panels.caption, foot);
    if (opts.table) { LG.printTableNode = printTable(d); document.body.insertBefore(LG.printTableNode, sheet.nextSibling); }
    LG.scale.setPosition("bottomleft");
    map.invalidateSize({ animate: false, pan: false });
    // Shrink the text under the map until the map keeps at least 45% of the sheet (down to 60%).
    var zoomed = 1;
    foot.style.zoom = "1";
    for (var z = 1; z >= 0.6 && map.getContainer().offsetHeight < 0.45 * height; z -= 0.05) {
      zoomed = Math.round(z * 100) / 100; foot.style.zoom = String(zoomed);
      map.invalidateSize({ animate: false, pan: false });
    }
    LG.fit();
    if (LG.insetMap) { LG.insetMap.update(); }
    LG.placeLabels(true);
    return LG.printLayout(zoomed);
  };

  // Where the sheet's parts lie (CSS px from the top left of the sheet), for the picture's own checks.
  LG.printLayout = function (zoomed) {
    function rect(node) {
      if (!node || !node.getClientRects().length) { return null; }
      var r = node.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    }
    var map = LG.map.getContainer();
    // Labels drawn in the picture, and how many pairs of them overlap (the placement allows none).
    var boxes = LG.labels.filter(function (l) { return !l.node.classList.contains("lg-off") && l.node.getClientRects().length; })
      .map(function (l) { var r = l.node.getBoundingClientRect(); return { x0: r.left, y0: r.top, x1: r.right, y1: r.bottom }; });
    var clashes = 0;
    boxes.forEach(function (a, i) { clashes += hits(a, boxes.slice(i + 1).map(function (b) {
      return { x0: b.x0 + 0.5, y0: b.y0 + 0.5, x1: b.x1 - 0.5, y1: b.y1 - 0.5 }; })) ? 1 : 0; });
    return { sheet: rect(LG.sheet), map: rect(map), labels: boxes.length, label_overlaps: clashes, legend: rect(LG.panels.legend), caption: rect(LG.panels.caption),
      scale: rect(LG.scale.getContainer()), north: rect(LG.north && LG.north.getContainer()),
      inset: rect(LG.insetMap && LG.insetMap.node), title: rect(LG.sheet.querySelector(".lg-sheet-head")),
      text_zoom: zoomed || 1, overflow: LG.sheet.scrollHeight > LG.sheet.clientHeight + 1 };
  };

  LG.unprint = function () {
    var saved = LG.printSaved;
    if (!LG.printing || !saved) { return; }
    saved.moved.reverse().forEach(function (m) { m.parent.insertBefore(m.node, m.next); });
    LG.panels.legend.open = saved.legendOpen;
    if (LG.printTableNode) { LG.printTableNode.remove(); LG.printTableNode = null; }
    LG.sheet.remove(); LG.sheet = null;
    document.body.classList.remove("lg-print");
    LG.printing = false;
    LG.scale.setPosition("bottomright");
    LG.map.invalidateSize({ animate: false, pan: false });
    LG.map.setView(saved.center, saved.zoom, { animate: false });
    LG.placeLabels(true);
  };

  LG.small = function () { return window.innerWidth < 900 || window.innerHeight < 600; };

  LG.start = function (map) {
    // The link's hash is read first: one too long to be a link this page wrote leaves the address at once.
    var h = readHash();
    var d = LG.d = JSON.parse(document.getElementById("lg-data").textContent);
    LG.map = map;
    LG.compact = LG.small();
    document.body.classList.toggle("lg-compact", LG.compact);
    // A frame smaller still (a phone column): the zoom buttons go (pinch, wheel and double-click zoom) and
    // the folded panels shorten to a word, so they cover at most a third of the map.
    document.body.classList.toggle("lg-tiny", window.innerWidth < 480 || window.innerHeight < 320);
    Object.keys(PANES).forEach(function (name) { map.createPane(name).style.zIndex = PANES[name]; });
    LG.labelPane = map.createPane("lg-labels");
    LG.labelPane.style.zIndex = 600;  // above every symbol, below tooltips (650) and popups (700)
    // The spec's zoom range (set before the first view, so no zoom is ever outside it).
    map.options.minZoom = d.zoom.min; map.options.maxZoom = d.zoom.max;

    var built = basemapLayers(d);
    built.towns = townsLayer(d);
    var analysis = borderlandLayers(d);
    built.bands = analysis.bands;
    built.choropleth = analysis.choropleth;
    var records = recordLayers(d);
    Object.keys(records).forEach(function (k) { built[k] = records[k]; });
    setupEvents(d, map, built);

    var bases = {};
    if (d.tiles.length) {
      bases[LG.esc("Vector basemap (offline)")] = L.layerGroup().addTo(map);
      d.tiles.forEach(function (t) {
        bases[LG.esc(t.label)] = L.tileLayer(t.url, { attribution: t.attribution, maxZoom: t.max_zoom });
      });
    }
    LG.panels = { title: titlePanel(d), legend: legendPanel(d), caption: captionPanel(d) };
    // An analysis layer's legend shows while the layer is on, however it was turned on.
    Object.keys(LG.analysisLegend).forEach(function (k) {
      var node = LG.analysisLegend[k];
      built[k].on("add", function () { node.hidden = false; });
      built[k].on("remove", function () { node.hidden = true; });
    });
    var overlays = {};
    d.layers.forEach(function (l) {
      var layer = built[l.key];
      if (!layer) { return; }
      LG.layers[l.key] = layer;
      overlays[LG.esc(l.label)] = layer;
      if (l.show) { layer.addTo(map); }
    });

    panel("topleft", LG.panels.title);
    L.control.zoom({ position: "topleft" }).addTo(map);
    LG.control = L.control.layers(bases, overlays, { collapsed: LG.compact, position: "topright" }).addTo(map);
    LG.legendControl = panel("bottomleft", LG.panels.legend);
    LG.scale = L.control.scale({ position: "bottomright", imperial: false, maxWidth: 140 }).addTo(map);
    // Printed forms only (hidden on screen): a north arrow and the inset locator map.
    LG.north = panel("topright", northArrow());
    LG.insetMap = inset(d);
    if (LG.insetMap) { panel("bottomright", LG.insetMap.node); }
    map.getContainer().appendChild(LG.panels.caption);
    if (LG.ev.n) {
      LG.table = tablePanel();
      LG.timePanel = timePanel(d);
      panel("bottomright", LG.table.node);
      panel("bottomright", LG.timePanel.node);
    }
    map.on("baselayerchange", function (e) {
      var tiles = !!(e.layer && e.layer.getTileUrl);
      LG.basemaps.forEach(function (layer) { layer.setStyle({ fillOpacity: tiles ? 0.15 : 1.0 }); });
    });
    LG.fit();
    // The spec's bounds (or the boundary data's extent) keep the view inside.
    if (d.view.bounds) {
      var vb = d.view.bounds;
      map.options.maxBoundsViscosity = 1.0;
      map.setMaxBounds([[vb[1], vb[0]], [vb[3], vb[2]]]);
    }
    // A link's hash (h, read first thing) restores the view and the filter:
    // #from=YYYY-MM-DD&to=...&off=kind,...&actor=...&view=lat,lon,z
    if (validDay(h.from) !== null) { LG.filter.from = Math.min(LG.span[1], Math.max(LG.span[0], validDay(h.from))); }
    if (validDay(h.to) !== null) { LG.filter.to = Math.max(LG.span[0], Math.min(LG.span[1], validDay(h.to))); }
    if (LG.filter.from > LG.filter.to) { var t = LG.filter.from; LG.filter.from = LG.filter.to; LG.filter.to = t; }
    if (h.actor) { LG.filter.actor = actorText(h.actor); }
    if (h.off) {
      // Only kinds can be turned off from a link (never the basemap, never an inherited property name).
      h.off.split(",").forEach(function (k) {
        if (!Object.prototype.hasOwnProperty.call(LG.filter.kinds, k)) { return; }
        LG.filter.kinds[k] = false;
        if (Object.prototype.hasOwnProperty.call(LG.layers, k) && map.hasLayer(LG.layers[k])) { map.removeLayer(LG.layers[k]); }
      });
    }
    var view = (h.view || "").split(",").map(Number);
    var z = LG.d.zoom;
    if (view.length === 3 && view.every(isFinite) && Math.abs(view[0]) <= 85 && Math.abs(view[1]) <= 180 &&
        view[2] >= z.min && view[2] <= z.max) { map.setView([view[0], view[1]], view[2]); }
    if (LG.ev.n) { actorMatches(); }
    // A kind whose layer is off at start (by the spec) is filtered out too.
    Object.keys(LG.filter.kinds).forEach(function (k) {
      if (Object.prototype.hasOwnProperty.call(LG.layers, k)) { LG.filter.kinds[k] = LG.filter.kinds[k] && map.hasLayer(LG.layers[k]); }
    });
    LG.started = true;
    var all = {};
    LG.symbols.forEach(function (s) { all[s.id] = true; });
    LG.total = LG.ev.n + Object.keys(all).length;
    LG.applyFilter();
    LG.hashReady = true;
    map.on("moveend", writeHash);
    map.on("zoomstart", function () { LG.labelPane.style.visibility = "hidden"; });
    map.on("moveend overlayadd overlayremove", function () { LG.placeLabels(); });
    LG.placeLabels();
    // The browser's own printing (Ctrl+P) gets the print layout too, and the screen layout back after.
    window.addEventListener("beforeprint", function () {
      if (!LG.printing) {
        LG.print({ width: BROWSER_SHEET[0], height: BROWSER_SHEET[1] });
        LG.sheet.classList.add("lg-by-browser");
        LG.printedByBrowser = true;
      }
    });
    window.addEventListener("afterprint", function () {
      if (LG.printedByBrowser) { LG.printedByBrowser = false; LG.unprint(); }
    });
    document.body.setAttribute("data-lg-ready", "1");
    requestAnimationFrame(function () { requestAnimationFrame(LG.resolveReady); });
  };

  // For embedding pages and tests (documented in the README).
  var readyPromise = new Promise(function (resolve) { LG.resolveReady = resolve; });
  window.liptako = {
    ready: readyPromise,
    setDateRange: function (from, to) {
      var a = from ? validDay(from) : LG.span[0], b = to ? validDay(to) : LG.span[1];
      if (a === null || b === null) { throw new Error("dates are written YYYY-MM-DD"); }
      LG.filter.from = Math.min(a, b); LG.filter.to = Math.max(a, b);
      return LG.applyFilter();
    },
    setKinds: function (kinds) {
      var want = {};
      (kinds || []).forEach(function (k) { want[k] = true; });
      Object.keys(LG.filter.kinds).forEach(function (k) {
        var on = !!want[k], layer = LG.layers[k];
        if (layer && on && !LG.map.hasLayer(layer)) { layer.addTo(LG.map); }
        if (layer && !on && LG.map.hasLayer(layer)) { LG.map.removeLayer(layer); }
        LG.filter.kinds[k] = on;
      });
      return LG.applyFilter();
    },
    setActor: function (text) {
      LG.filter.actor = actorText(text);
      if (LG.ev.n) { actorMatches(); }
      return LG.applyFilter();
    },
    visibleCount: function () { return LG.visibleCount(); },
    fitAll: function () {
      var pts = [];
      LG.symbols.forEach(function (s) { if (symbolPasses(s)) { pts.push(s.marker.getLatLng()); } });
      for (var i = 0; i < LG.ev.n; i++) { if (passes(i)) { pts.push([LG.ev.lat[i], LG.ev.lon[i]]); } }
      if (pts.length) { LG.map.fitBounds(L.latLngBounds(pts), { padding: [30, 30], maxZoom: 10 }); }
      return pts.length;
    }
  };

  window.LG = LG;
})();
