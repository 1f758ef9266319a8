// -- the page's API, for embedding pages and tests (docs: README, "embedding") ------------------------------
// window.liptako: ready, setDateRange, setKinds, setActor, visibleCount, fitAll, view. LG keeps the flat names
// pages and tests have used since before the runtime was split into modules (LG.esc, LG.readHash,
// LG.validDay, LG.fold, LG.csvText, LG.print, LG.start...): each is the module function of that name.
LG.api = (function () {
  "use strict";
  var validDay = LG.days.validDay, F = LG.filters;

  var readyPromise = new Promise(function (resolve) { LG.resolveReady = resolve; });
  var api = {
    ready: readyPromise,
    setDateRange: function (from, to) {
      var a = from ? validDay(from) : LG.span[0], b = to ? validDay(to) : LG.span[1];
      if (a === null || b === null) { throw new Error("dates are written YYYY-MM-DD"); }
      LG.filter.from = Math.min(a, b); LG.filter.to = Math.max(a, b);
      return F.apply();
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
      return F.apply();
    },
    setActor: function (text) {
      LG.filter.actor = F.actorText(text);
      if (LG.ev.n) { F.actorMatches(); }
      return F.apply();
    },
    visibleCount: function () { return F.visibleCount(); },
    fitAll: function () {
      var pts = [];
      for (var i = 0; i < LG.ev.n; i++) { if (F.passes(i)) { pts.push([LG.ev.lat[i], LG.ev.lon[i]]); } }
      if (pts.length) { LG.map.fitBounds(L.latLngBounds(pts), { padding: [30, 30], maxZoom: 10 }); }
      return pts.length;
    },
    // The view as plain numbers (degrees and the zoom), for tests and embedding pages.
    view: function () {
      var b = LG.map.getBounds();
      return { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(), zoom: LG.map.getZoom() };
    }
  };
  window.liptako = api;

  var T = LG.text, P = LG.popups, PR = LG.printer;
  var flat = {
    esc: T.esc, el: T.el, fold: T.fold, cellText: T.cellText,
    dayOf: LG.days.dayOf, isoOf: LG.days.isoOf, validDay: validDay, readHash: LG.hash.read,
    recordPopup: P.record, placePopup: P.place, eventPopup: P.event,
    openRecord: P.openRecord, openPlace: P.openPlace, openEvent: P.openEvent,
    placeLabels: LG.labelling.place, pickAt: LG.canvas.pickAt, pick: LG.picking.pick,
    symbolsOnce: F.symbolsOnce, visibleCount: F.visibleCount, applyFilter: F.apply,
    csvCell: LG.csv.cell, csvText: LG.csv.text, downloadCsv: LG.csv.download,
    fit: LG.ui.fit, print: PR.print, printLayout: PR.layout, unprint: PR.unprint,
    small: LG.boot.small, start: LG.boot.start
  };
  Object.keys(flat).forEach(function (k) { LG[k] = flat[k]; });
  // Last: a page sees window.LG only once every module is in it.
  window.LG = LG;
  return api;
})();
