// -- start: the page's map, built from the data block --------------------------------------------------
LG.boot = (function () {
  "use strict";
  var esc = LG.text.esc, validDay = LG.days.validDay, F = LG.filters, V = LG.vectors, U = LG.ui, panel = U.panel;
  var PR = LG.printer;

  // A small screen: panels start folded, popups narrower.
  function small() { return window.innerWidth < 900 || window.innerHeight < 600; }

  // Build everything on the Leaflet map the page made (page.py calls LG.start(map)).
  function start(map) {
    // The link's hash is read first: one too long to be a link this page wrote leaves the address at once.
    var h = LG.hash.read();
    var d = LG.d = JSON.parse(document.getElementById("lg-data").textContent);
    LG.map = map;
    LG.compact = small();
    document.body.classList.toggle("lg-compact", LG.compact);
    // A frame smaller still (a phone column): the zoom buttons go (pinch, wheel and double-click zoom) and
    // the folded panels shorten to a word, so they cover at most a third of the map.
    LG.tiny = window.innerWidth < 480 || window.innerHeight < 320;
    document.body.classList.toggle("lg-tiny", LG.tiny);
    Object.keys(V.PANES).forEach(function (name) { map.createPane(name).style.zIndex = V.PANES[name]; });
    LG.labelPane = map.createPane("lg-labels");
    LG.labelPane.style.zIndex = 600;  // above every symbol, below tooltips (650) and popups (700)
    // The spec's zoom range (set before the first view, so no zoom is ever outside it).
    map.options.minZoom = d.zoom.min; map.options.maxZoom = d.zoom.max;

    var built = V.basemap(d);
    built.towns = V.towns(d);
    var analysis = V.borderland(d);
    built.bands = analysis.bands;
    built.choropleth = analysis.choropleth;
    LG.canvas.decode(d);
    var records = V.records(d);
    Object.keys(records).forEach(function (k) { built[k] = records[k]; });
    LG.canvas.setup(d, map, built);
    // A row's uncertainty ring shows while its popup is open (LG.symbology.select), and goes with it.
    map.on("popupclose", function () { LG.symbology.unselect(); });

    var bases = {};
    if (d.tiles.length) {
      bases[esc("Vector basemap (offline)")] = L.layerGroup().addTo(map);
      d.tiles.forEach(function (t) {
        bases[esc(t.label)] = L.tileLayer(t.url, { attribution: t.attribution, maxZoom: t.max_zoom });
      });
    }
    LG.panels = { title: U.title(d), legend: U.legend(d), caption: U.caption(d) };
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
      overlays[esc(l.label)] = layer;
      if (l.show) { layer.addTo(map); }
    });

    panel("topleft", LG.panels.title);
    L.control.zoom({ position: "topleft" }).addTo(map);
    LG.control = L.control.layers(bases, overlays, { collapsed: LG.compact, position: "topright" }).addTo(map);
    LG.legendControl = panel("bottomleft", LG.panels.legend);
    LG.scale = L.control.scale({ position: "bottomright", imperial: false, maxWidth: 140 }).addTo(map);
    // Printed forms only (hidden on screen): a north arrow and the inset locator map.
    LG.north = panel("topright", PR.northArrow());
    LG.insetMap = PR.inset(d);
    if (LG.insetMap) { panel("bottomright", LG.insetMap.node); }
    map.getContainer().appendChild(LG.panels.caption);
    if (LG.ev.imported) {
      LG.table = LG.eventTable.panel();
      LG.timePanel = LG.time.panel(d);
      panel("bottomright", LG.table.node);
      panel("bottomright", LG.timePanel.node);
    }
    map.on("baselayerchange", function (e) {
      var tiles = !!(e.layer && e.layer.getTileUrl);
      LG.basemaps.forEach(function (layer) { layer.setStyle({ fillOpacity: tiles ? 0.15 : 1.0 }); });
    });
    U.fit();
    LG.room.watch(map);  // every popup clear of the panels and inside the screen
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
    if (h.actor) { LG.filter.actor = F.actorText(h.actor); }
    if (h.off) {
      // Only kinds can be turned off from a link (never the basemap, never an inherited property name).
      h.off.split(",").forEach(function (k) {
        if (!Object.prototype.hasOwnProperty.call(LG.filter.kinds, k)) { return; }
        LG.filter.kinds[k] = false;
        if (Object.prototype.hasOwnProperty.call(LG.layers, k) && map.hasLayer(LG.layers[k])) { map.removeLayer(LG.layers[k]); }
      });
    }
    // A link's view is set at once, not panned to: "ready" resolves with the view in place.
    var view = (h.view || "").split(",").map(Number);
    var z = LG.d.zoom;
    if (view.length === 3 && view.every(isFinite) && Math.abs(view[0]) <= 85 && Math.abs(view[1]) <= 180 &&
        view[2] >= z.min && view[2] <= z.max) { map.setView([view[0], view[1]], view[2], { animate: false }); }
    if (LG.ev.n) { F.actorMatches(); }
    // A kind whose layer is off at start (by the spec) is filtered out too.
    Object.keys(LG.filter.kinds).forEach(function (k) {
      if (Object.prototype.hasOwnProperty.call(LG.layers, k)) { LG.filter.kinds[k] = LG.filter.kinds[k] && map.hasLayer(LG.layers[k]); }
    });
    LG.started = true;
    var all = {};
    LG.symbols.forEach(function (s) { all[s.id] = true; });
    LG.total = LG.ev.imported + Object.keys(all).length;
    F.apply();
    LG.hashReady = true;
    map.on("moveend", LG.hash.write);
    map.on("zoomstart", function () { LG.labelPane.style.visibility = "hidden"; });
    map.on("moveend overlayadd overlayremove", function () { LG.labelling.place(); });
    LG.labelling.place();
    // The browser's own printing (Ctrl+P) gets the print layout too, and the screen layout back after.
    window.addEventListener("beforeprint", function () {
      if (!LG.printing) {
        PR.print({ width: PR.BROWSER_SHEET[0], height: PR.BROWSER_SHEET[1] });
        LG.sheet.classList.add("lg-by-browser");
        LG.printedByBrowser = true;
      }
    });
    window.addEventListener("afterprint", function () {
      if (LG.printedByBrowser) { LG.printedByBrowser = false; PR.unprint(); }
    });
    document.body.setAttribute("data-lg-ready", "1");
    requestAnimationFrame(function () { requestAnimationFrame(LG.resolveReady); });
  }

  return { small: small, start: start };
})();
