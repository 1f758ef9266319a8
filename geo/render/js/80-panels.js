// -- panels: the title, the legend, the caption; fitting the view into the space they leave --------------
LG.ui = (function () {
  "use strict";
  var T = LG.text, el = T.el, quiet = T.quiet, link = T.link, join = T.join, swatch = T.swatch;
  var kindOf = LG.decode.kindOf, sourceText = LG.popups.sourceText;

  // A Leaflet control holding a node at a corner of the map.
  function panel(position, node) {
    var C = L.Control.extend({ onAdd: function () { return node; } });
    var control = new C({ position: position });
    control.addTo(LG.map);
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    return control;
  }

  // "12 events on the map", "7 mapped records", "20 records and events on the map": what the map holds.
  function mappedText(m) {
    var ev = LG.ev, records = ev.n > ev.imported;
    if (!ev.imported) { return m.mapped + " mapped records"; }
    return m.mapped + (records ? " records and events" : " events") + " on the map";
  }
  function titlePanel(d) {
    var m = d.meta;
    var body = [m.subtitle ? el("div", "lg-sub", [m.subtitle]) : null,
      el("div", "lg-sub", [m.span + " \u00b7 " + mappedText(m)])];
    var node = el("details", "lg-panel lg-title", [el("summary", "lg-h1", [m.title])].concat(body));
    node.open = !LG.compact;
    return node;
  }

  function legendPanel(d) {
    var v = d.vocab, kids = [el("summary", "lg-h2", ["Legend"])];
    var present = {}, ev = LG.ev;
    for (var i = 0; i < ev.n; i++) { present[ev.kinds[ev.b.kind[i]]] = true; }
    kids.push(el("div", "lg-h2", [ev.imported ? (ev.n > ev.imported ? "Records and events" : "Events") : "Records"]));
    LG.kindCounts = {};
    v.kinds.forEach(function (k) {
      if (!present[k.key]) { return; }
      var count = LG.kindCounts[k.key] = el("span", "lg-kind-count");
      kids.push(el("div", null, [swatch(k.colour, 6), " " + k.label, count]));
    });
    // What the symbols say, for what this map has: sizes from its own tolls, stacks and approximate rows if any.
    var sizes = LG.symbology.legendSizes(), sizedKind = kindOf(v.sized.filter(function (k) { return present[k]; })[0]);
    if (sizes.length && sizedKind) {
      kids.push(el("div", "lg-h2", ["Killed (symbol area)"]));
      kids.push(el("div", null, sizes.map(function (s) {
        return el("span", "lg-size", [swatch(sizedKind.colour, s.px), el("br"), String(s.n)]);
      })));
      kids.push(el("div", "lg-quiet", ["Smallest symbol: none killed, toll unknown, or a kind not sized by deaths."]));
    }
    var approx = 0, stacked = false, seen = {};
    for (var j = 0; j < ev.n; j++) {
      if (LG.symbology.approximate(j)) { approx += 1; }
      var key = LG.symbology.pointKey(j);
      if (ev.recAt[j] < 0) { if (seen[key]) { stacked = true; } seen[key] = true; }
    }
    if (stacked) {
      kids.push(el("div", null, [el("span", "lg-badge-swatch", ["3"]),
        " events at one point: one symbol, sized by their total toll"]));
    }
    if (ev.imported > LG.canvas.aggregateAbove()) {
      kids.push(el("div", "lg-quiet lg-screen-only", ["Zoomed out, with more than "
        + LG.canvas.aggregateAbove().toLocaleString("en") + " events in view, a numbered circle counts the events "
        + "in its area; click it to zoom in."]));
    }
    if (ev.n) { kids.push(el("div", "lg-quiet lg-screen-only", ["A click lists everything under the pointer."])); }
    var approxPlaces = d.places.some(function (p) { return p.precision !== v.exact; });
    if (ev.n || d.towns.length) { kids.push(el("div", "lg-h2", ["Placement"])); }
    if (ev.n) { kids.push(el("div", null, [swatch("#555", 6), " exact location"])); }
    if (approx) {
      kids.push(el("div", null, [swatch("#555", 6, true), el("span", "lg-screen-only",
        [" approximate: point at it to see how far off it may be"]), el("span", "lg-print-only-inline",
        [" approximate; a light halo shows how far off (for the most precise of them)"])]));
    }
    if (approxPlaces) { kids.push(el("div", null, [el("i", null, ["~Name"]), ": a place known only approximately"])); }
    if (d.towns.length) {
      kids.push(el("div", "lg-quiet", ["Grey dots are places", el("span", "lg-screen-only",
        ["; where nothing on the map happened, from zoom " + v.quiet_town_zoom + " on"]), "."]));
    }
    var rings = d.vocab.rings_km;
    kids.push(el("div", null, ["Dotted circles: " + rings.slice(0, -1).join(", ") + " and " + rings[rings.length - 1] +
      " km from the " + d.vocab.tri_point + " tri-point"]));
    if (d.context.length) {
      kids.push(el("div", "lg-h2", ["Context, not placed (no location)"]));
      kids.push(el("ul", "lg-context", d.context.map(function (r) {
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
        return el("li", null, [el("b", null, [u.date]), ": " + u.summary + " ",
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
  function fit() {
    var map = LG.map, v = LG.d.view, size = map.getSize();
    if (!(size.x > 0 && size.y > 0)) { map.once("resize", fit); return; }
    if (v.centre) { map.setView(v.centre, v.zoom, { animate: false }); return; }
    if (LG.tiny && !LG.printing && LG.room.fitSmall(v.bbox)) { return; }  // a phone: the data (js/75-room.js)
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
  }

  return { panel: panel, mappedText: mappedText, title: titlePanel, legend: legendPanel, caption: captionPanel, fit: fit };
})();
