// -- print: one page, the same for PNG, PDF and the browser's own printing --------------------------------
LG.printer = (function () {
  "use strict";
  var el = LG.text.el, kindOf = LG.decode.kindOf, eventAsRecord = LG.decode.eventAsRecord;
  var passes = LG.filters.passes, sourceText = LG.popups.sourceText, hits = LG.labelling.hits;

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
      el("div", "lg-sheet-meta", [m.span + " \u00b7 " + LG.ui.mappedText(m) + (m.data_date ? " \u00b7 " + m.data_date : "")])]);
  }
  // Every record and event passing the filter, with its sources: the pages after the map.
  function printTable(d) {
    var head = el("tr", null, ["Date", "Kind", "Place", "What", "Killed", "Sources"].map(function (h) { return el("th", null, [h]); }));
    var body = el("tbody");
    LG.filters.symbolsOnce().forEach(function (s) {
      var r = s.rec, k = kindOf(r.kind);
      var places = LG.symbols.filter(function (x) { return x.id === s.id; }).map(function (x) {
        return x.pl.name + (x.pl.precision !== LG.d.vocab.exact ? " (approx.)" : ""); });
      body.appendChild(el("tr", null, [el("td", null, [r.date]), el("td", null, [k ? k.label : r.kind]),
        el("td", null, [places.join(", ")]), el("td", null, [r.summary]),
        el("td", null, [r.fatalities_text || (r.fatalities === null ? "" : String(r.fatalities))]),
        el("td", null, [r.sources.map(function (i) { return sourceText(d.sources[i]); }).join("; ")])]));
    });
    var ev = LG.ev;
    for (var i = 0; i < ev.n; i++) {
      if (ev.recAt[i] >= 0 || !passes(i)) { continue; }  // records are listed above, once each
      var x = eventAsRecord(i), k2 = kindOf(x.rec.kind), src = d.sources[x.rec.sources[0]];
      body.appendChild(el("tr", null, [el("td", null, [x.rec.date]), el("td", null, [k2 ? k2.label : x.rec.kind]),
        el("td", null, [x.pl.name + (x.pl.precision !== LG.d.vocab.exact ? " (within " + x.pl.radius_km + " km)" : "")]),
        el("td", null, [x.rec.summary]),
        el("td", null, [x.rec.fatalities === null ? "" : String(x.rec.fatalities)]),
        el("td", null, [(src ? src.publisher + " " : "") + x.rec.source_id])]));
    }
    return el("div", "lg-sheet-table", [el("div", "lg-sheet-title", [d.meta.title + ": every record and event on the map"]),
      el("table", null, [el("thead", null, [head]), body])]);
  }

  function print(opts) {
    opts = opts || {};
    var map = LG.map, d = LG.d;
    if (LG.printing) { unprint(); }
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
    LG.ui.fit();
    LG.symbology.unselect();
    LG.printHalos = halos().addTo(map);
    if (LG.insetMap) { LG.insetMap.update(); }
    LG.labelling.place(true);
    return printLayout(zoomed);
  }

  // In print no ring can be pointed at: a light halo, without a dashed line, for the approximate records and events
  // in the printed view whose uncertainty tells something at its scale (LG.symbology.halos picks and caps them).
  function halos() {
    var ev = LG.ev, box = LG.map.getBounds(), list = [];
    for (var i = 0; i < ev.n; i++) {
      if (!LG.symbology.approximate(i) || !passes(i) || !box.contains([ev.lat[i], ev.lon[i]])) { continue; }
      list.push({ i: i, km: ev.b.radius[i] });
    }
    var layer = L.layerGroup();
    LG.symbology.halos(list).forEach(function (h) {
      var k = kindOf(ev.kinds[ev.b.kind[h.i]]);
      L.circle([ev.lat[h.i], ev.lon[h.i]], { radius: h.km * 1000, stroke: false, fillColor: k ? k.colour : "#555",
        fillOpacity: 0.14, interactive: false, pane: "lg-records", className: "lg-halo" }).addTo(layer);
    });
    return layer;
  }

  // Where the sheet's parts lie (CSS px from the top left of the sheet), for the picture's own checks.
  function printLayout(zoomed) {
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
  }

  function unprint() {
    var saved = LG.printSaved;
    if (!LG.printing || !saved) { return; }
    saved.moved.reverse().forEach(function (m) { m.parent.insertBefore(m.node, m.next); });
    LG.panels.legend.open = saved.legendOpen;
    if (LG.printHalos) { LG.printHalos.remove(); LG.printHalos = null; }
    if (LG.printTableNode) { LG.printTableNode.remove(); LG.printTableNode = null; }
    LG.sheet.remove(); LG.sheet = null;
    document.body.classList.remove("lg-print");
    LG.printing = false;
    LG.scale.setPosition("bottomright");
    LG.map.invalidateSize({ animate: false, pan: false });
    LG.map.setView(saved.center, saved.zoom, { animate: false });
    LG.labelling.place(true);
  }

  return { PX_PER_MM: PX_PER_MM, BROWSER_SHEET: BROWSER_SHEET, svgEl: svgEl, northArrow: northArrow, inset: inset,
    titleBlock: titleBlock, table: printTable, print: print, layout: printLayout, unprint: unprint };
})();
