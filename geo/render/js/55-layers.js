// -- layers: the basemap, the analysis layers, the towns and the records' symbols ------------------------
LG.vectors = (function () {
  "use strict";
  var el = LG.text.el, addLabel = LG.labelling.add, kindOf = LG.decode.kindOf, asRecord = LG.decode.asRecord;
  var popupOptions = LG.popups.options;
  var PANES = { "lg-fill": 350, "lg-analysis": 360, "lg-lines": 380, "lg-towns": 420, "lg-events": 440,
    "lg-records": 450 };
  function tip(layer, text, options) { layer.bindTooltip(el("span", null, [text]), options || {}); }

  function vector(fc, pane, styleOf) {
    return L.geoJSON(fc, {
      pane: pane,
      style: styleOf,
      onEachFeature: function (f, layer) {
        if (f.properties.tip) { tip(layer, f.properties.tip, { sticky: true, className: "lg-tip" }); }
      }
    });
  }

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
      var exact = places.filter(function (p) { return p.precision === LG.d.vocab.exact; }).map(function (p) { return p.name; });
      var approx = places.filter(function (p) { return p.precision !== LG.d.vocab.exact; });
      // "~" marks a name whose place is known only approximately (the legend says so).
      var text = exact.concat(approx.map(function (p) { return "~" + p.name; }));
      var radius = Math.max.apply(null, [0].concat(approx.map(function (p) { return p.radius_km; })));
      var m = L.circleMarker([t.lat, t.lon], { radius: 3.5, color: exact.length ? "#222" : "#555",
        weight: exact.length ? 1 : 2, dashArray: exact.length ? null : "3 3", fillColor: "#555",
        fillOpacity: exact.length ? 0.8 : 0.35, pane: "lg-towns", className: "lg-symbol lg-place" });
      // How far off an approximate place may be: its ring while the pointer is on it.
      if (!exact.length && radius > 0) {
        m.on("mouseover", function () { LG.symbology.hoverArea(t.lat, t.lon, radius); });
        m.on("mouseout", function () { LG.symbology.unhover(); });
      }
      // A place where nothing on the map happened (and no landmark) shows from the zoom where places no longer crowd.
      var quiet = t.quiet;
      // Places sharing a point (villages drawn at their department's seat) are named one per line.
      addLabel({ lat: t.lat, lon: t.lon, text: text.join("\n"), layer: "towns", rank: 1000 + t.rank,
        cls: "lg-place-label" + (exact.length ? "" : " lg-approx"), minZoom: quiet ? LG.d.vocab.quiet_town_zoom : null });
      tip(m, exact.concat(approx.map(function (p) { return p.name + " (approximate)"; })).join(" \u00b7 "));
      m.bindPopup(function () { return LG.popups.place(t.places); }, popupOptions());
      // Where events sit at the town, a click lists the town and them instead.
      m.options.bubblingMouseEvents = false;
      m.on("click", function (e) {
        var items = LG.ev && LG.ev.imported ? LG.canvas.pickAt(e.containerPoint) : [];
        if (items.length) { LG.picking.list([{ town: t }].concat(items), m.getLatLng()); }
      });
      var town = { places: places, marker: m, quiet: quiet };
      if (!quiet) { m.addTo(group); }
      LG.towns.push(town);
    });
    // The quiet places join the layer from their zoom on, and leave it below.
    function showQuiet() {
      var on = LG.map.getZoom() >= LG.d.vocab.quiet_town_zoom;
      LG.towns.forEach(function (t) {
        if (!t.quiet) { return; }
        if (on && !group.hasLayer(t.marker)) { group.addLayer(t.marker); }
        if (!on && group.hasLayer(t.marker)) { group.removeLayer(t.marker); }
      });
    }
    LG.map.on("zoomend", showQuiet);
    showQuiet();
    return group;
  }

  // The curated records' symbols: one per row of a record in the decoded events (one per place it names).
  function recordLayers(d) {
    var out = {}, ev = LG.ev;
    LG.symbolOf = {};
    for (var i = 0; i < ev.n; i++) { if (ev.recAt[i] >= 0) { recordSymbol(d, out, i); } }
    return out;
  }
  function recordSymbol(d, out, i) {
    var x = asRecord(LG.ev, d, i), rec = x.rec, pl = x.pl, kind = kindOf(rec.kind);
    if (!kind) { return; }
    var group = out[kind.key] = out[kind.key] || L.featureGroup();
    var approx = pl.precision !== LG.d.vocab.exact, px = LG.symbology.px(i);
    var m = L.circleMarker([pl.lat, pl.lon], { radius: px, color: approx ? kind.colour : "#222",
      weight: approx ? 2 : 1, dashArray: approx ? "3 3" : null, fillColor: kind.colour,
      fillOpacity: approx ? 0.35 : 0.8, pane: "lg-records", className: "lg-symbol lg-record lg-" + kind.key });
    // Its uncertainty ring while the pointer is on it, or while its popup is open.
    m.on("mouseover", function () { LG.symbology.hover(i); });
    m.on("mouseout", function () { LG.symbology.unhover(); });
    tip(m, kind.label + ": " + pl.name + ", " + rec.date);
    // A click lists every record and event under the pointer (several can share a point).
    m.on("click", function (e) { L.DomEvent.stop(e); LG.picking.pick(e.containerPoint, e.latlng); });
    m.addTo(group);
    var s = { id: rec.id, i: i, rec: rec, pl: pl, marker: m, group: group, start: LG.ev.start[i], end: LG.ev.end[i],
      kind: kind.key, px: px };
    LG.symbols.push(s);
    LG.symbolOf[i] = s;
  }

  return { PANES: PANES, tip: tip, vector: vector, basemap: basemapLayers, borderland: borderlandLayers,
    towns: townsLayer, records: recordLayers };
})();
