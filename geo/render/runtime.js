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
  var PANES = { "lg-fill": 350, "lg-analysis": 360, "lg-lines": 380, "lg-towns": 420, "lg-records": 450 };
  function tip(layer, text, options) { layer.bindTooltip(el("span", null, [text]), options || {}); }
  function popupOptions() {
    var w = LG.map.getSize().x;
    return LG.compact
      ? { maxWidth: Math.max(200, w - 40), minWidth: Math.min(260, w - 60), maxHeight: 300,
          autoPanPadding: [10, 10] }
      : { maxWidth: 400, minWidth: 300, maxHeight: 330, autoPanPaddingTopLeft: [270, 70],
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
  function label(lat, lon, text, cls, pane) {
    var m = L.circleMarker([lat, lon], { radius: 0.1, stroke: false, fill: false, pane: pane, interactive: false });
    tip(m, text, { permanent: true, direction: "right", className: cls });
    return m;
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
    b.ring_labels.forEach(function (r) {
      var c = counts[r.km], text = r.text;
      if (c) { text += ": " + c.events + " event" + (c.events === 1 ? "" : "s") + (c.imprecise ? " (+" + c.imprecise + " may be)" : ""); }
      ringParts.push(label(r.lat, r.lon, text, "lg-label lg-ring-label", "lg-lines"));
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
      var text = exact.concat(approx.length ? [approx.map(function (p) { return p.name; }).join(", ") + " (approx.)"] : []);
      var radius = Math.max.apply(null, [0].concat(approx.map(function (p) { return p.radius_km; })));
      if (!exact.length && radius > 0) {
        L.circle([t.lat, t.lon], { radius: radius * 1000, color: "#555", weight: 1.5, dashArray: "6 6", fill: false,
          interactive: false, pane: "lg-towns", className: "lg-uncertainty lg-place-uncertainty" }).addTo(group);
      }
      var m = L.circleMarker([t.lat, t.lon], { radius: 3.5, color: exact.length ? "#222" : "#555",
        weight: exact.length ? 1 : 2, dashArray: exact.length ? null : "3 3", fillColor: "#555",
        fillOpacity: exact.length ? 0.8 : 0.35, pane: "lg-towns", className: "lg-symbol lg-place" });
      tip(m, text.join(" \u00b7 "), { permanent: true, direction: "right", className: "lg-label" });
      m.bindPopup(function () { return LG.placePopup(t.places); }, popupOptions());
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
      m.bindPopup(function () { return LG.recordPopup(rec, pl); }, popupOptions());
      m.addTo(group);
      LG.symbols.push({ id: rec.id, marker: m });
    });
    return out;
  }

  // Open the popup of a record's symbol (the n-th place of the record): for tests and embedding pages.
  LG.openRecord = function (id, n) {
    var hits = LG.symbols.filter(function (s) { return s.id === id; });
    var hit = hits[n || 0];
    if (!hit) { return false; }
    var layer = LG.layers[kindOf(LG.d.records.filter(function (r) { return r.id === id; })[0].kind).key];
    if (layer && !LG.map.hasLayer(layer)) { layer.addTo(LG.map); }
    hit.marker.openPopup();
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
      el("div", "lg-sub", [m.span + " \u00b7 " + m.mapped + " mapped records"])];
    var node = el("details", "lg-panel lg-title", [el("summary", "lg-h1", [m.title])].concat(body));
    node.open = !LG.compact;
    return node;
  }

  function legendPanel(d) {
    var v = d.vocab, kids = [el("summary", "lg-h2", ["Legend"])];
    var present = {};
    d.placements.forEach(function (pl) { present[d.records[pl.record].kind] = true; });
    kids.push(el("div", "lg-h2", ["Records"]));
    v.kinds.forEach(function (k) {
      if (present[k.key]) { kids.push(el("div", null, [swatch(k.colour, 6), " " + k.label])); }
    });
    var attack = kindOf("attack");
    kids.push(el("div", "lg-h2", ["Killed (symbol area)"]));
    kids.push(el("div", null, v.sizes.map(function (s) {
      return el("span", "lg-size", [swatch(attack.colour, s.px), el("br"), String(s.n)]);
    })));
    kids.push(el("div", "lg-h2", ["Placement"]));
    kids.push(el("div", null, [swatch("#555", 6), " exact location"]));
    kids.push(el("div", null, [swatch("#555", 6, true), " approximate: dashed ring = how far off it may be"]));
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
    var sources = d.sources.map(function (s) { return s.publisher + ", \u201c" + s.title + "\u201d (" + s.date + ")"; });
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
    if (v.centre) { map.setView(v.centre, v.zoom); return; }
    function box(node) { return node && node.offsetWidth ? [node.offsetWidth, node.offsetHeight] : [0, 0]; }
    var title = box(LG.panels.title), legend = box(LG.panels.legend), layers = box(LG.control.getContainer());
    var left = LG.panels.legend.open ? legend[0] + 20 : 10;
    var top = title[1] + 20, right = layers[0] + 20;
    var pad = function (x, total) { return Math.max(0, Math.min(x, total / 3)); };
    var b = v.bbox;
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {
      paddingTopLeft: [pad(left, size.x), pad(top, size.y)],
      paddingBottomRight: [pad(right, size.x), pad(10, size.y)]
    });
    if (!isFinite(map.getZoom())) { map.setView([(b[1] + b[3]) / 2, (b[0] + b[2]) / 2], LG.d.zoom.min); }
  };

  // Print mode (PNG/PDF): no interactive controls, legend open under the title, caption shown.
  LG.print = function () {
    document.body.classList.add("lg-print");
    LG.panels.legend.open = true;
    LG.panels.title.open = true;
    LG.legendControl.setPosition("topleft");
    LG.scale.setPosition("topright");
    LG.map.invalidateSize();
  };

  LG.small = function () { return window.innerWidth < 900 || window.innerHeight < 600; };

  LG.start = function (map) {
    var d = LG.d = JSON.parse(document.getElementById("lg-data").textContent);
    LG.map = map;
    LG.compact = LG.small();
    document.body.classList.toggle("lg-compact", LG.compact);
    Object.keys(PANES).forEach(function (name) { map.createPane(name).style.zIndex = PANES[name]; });

    var built = basemapLayers(d);
    built.towns = townsLayer(d);
    var analysis = borderlandLayers(d);
    built.bands = analysis.bands;
    built.choropleth = analysis.choropleth;
    var records = recordLayers(d);
    Object.keys(records).forEach(function (k) { built[k] = records[k]; });

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
    LG.scale = L.control.scale({ position: "bottomright", imperial: false }).addTo(map);
    map.getContainer().appendChild(LG.panels.caption);
    map.on("baselayerchange", function (e) {
      var tiles = !!(e.layer && e.layer.getTileUrl);
      LG.basemaps.forEach(function (layer) { layer.setStyle({ fillOpacity: tiles ? 0.15 : 1.0 }); });
    });
    LG.fit();
    document.body.setAttribute("data-lg-ready", "1");
  };
  window.LG = LG;
})();
