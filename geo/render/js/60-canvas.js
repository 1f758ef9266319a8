// -- imported events on the map: one canvas layer over the decoded events (LG.ev), hit testing, hover ---
LG.canvas = (function () {
  "use strict";
  var el = LG.text.el, passes = LG.filters.passes, decodeEvents = LG.decode.events;
  var eventLine = LG.popups.eventLine;
  var HIT_PX = 7, CELL_PX = 44;
  // Zoomed out (below the zoom), more imported events than this in view are drawn as numbered circles: the map
  // spec's aggregate_above or --aggregate-above (geo/vocab.py has the defaults).
  function aggregateAbove() { return LG.d.aggregate.above; }
  function aggregateBelowZoom() { return LG.d.aggregate.below_zoom; }

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
        if (ev.recAt[i] >= 0 || !passes(i)) { continue; }  // curated records are symbols of their own
        var x = ev.x0[i] * scale - origin.x, y = ev.y0[i] * scale - origin.y;
        if (x < -CELL_PX || y < -CELL_PX || x > size.x + CELL_PX || y > size.y + CELL_PX) { continue; }
        xs.push(x); ys.push(y); idx.push(i);
      }
      this.drawn = { x: xs, y: ys, i: idx, cells: null, stacks: [] };
      var colours = LG.d.vocab.kinds.map(function (k) { return k.colour; });
      if (idx.length > aggregateAbove() && zoom < aggregateBelowZoom()) {
        this._aggregate(ctx, colours);
      } else {
        this._points(ctx, colours);
      }
      LG.drawnMode = this.drawn.cells ? "aggregate" : "points";
    },
    // Rows at one point are one symbol: sized by their total toll (one scale with the records), coloured by their
    // most frequent kind, with a badge counting them at every zoom and in print.
    _points: function (ctx, colours) {
      var ev = LG.ev, d = this.drawn, n = d.i.length, S = LG.symbology, at = new Map(), stacks = [];
      for (var k = 0; k < n; k++) {
        var i = d.i[k], key = S.pointKey(i), s = at.get(key);
        if (!s) { s = { x: d.x[k], y: d.y[k], members: [], killed: 0, kinds: {} }; at.set(key, s); stacks.push(s); }
        s.members.push(i); s.killed += S.killedAt(i);
        s.kinds[ev.b.kind[i]] = (s.kinds[ev.b.kind[i]] || 0) + 1;
      }
      stacks.forEach(function (st) {
        st.r = S.radius(st.killed);
        st.kind = S.topKind(st.kinds);
      });
      stacks.sort(function (a, b) { return b.r - a.r; });  // the small ones on top
      d.stacks = stacks;
      ctx.globalAlpha = 0.85; ctx.lineWidth = 0.6; ctx.strokeStyle = "#222";
      stacks.forEach(function (st) {
        ctx.fillStyle = colours[st.kind];
        ctx.beginPath(); ctx.arc(st.x, st.y, st.r, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
      });
      ctx.globalAlpha = 1;
      ctx.font = "bold 10px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      // The badges of the largest stacks last, on top where badges crowd.
      stacks.slice().sort(function (a, b) { return a.members.length - b.members.length; }).forEach(function (st) {
        if (st.members.length < 2) { return; }
        var text = String(st.members.length), w = ctx.measureText(text).width + 6, h = 12;
        var bx = st.x + st.r * 0.7, by = st.y - st.r * 0.7;
        st.badge = { x: bx - w / 2, y: by - h / 2, w: w, h: h };
        ctx.fillStyle = "#fff"; ctx.strokeStyle = "#222"; ctx.lineWidth = 1;
        ctx.beginPath(); ctx.rect(bx - w / 2, by - h / 2, w, h); ctx.fill(); ctx.stroke();
        ctx.fillStyle = "#222"; ctx.fillText(text, bx, by + 0.5);
      });
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
        ctx.globalAlpha = 0.8; ctx.fillStyle = colours[LG.symbology.topKind(c.kinds)];
        ctx.beginPath(); ctx.arc(c.x, c.y, c.r, 0, 2 * Math.PI); ctx.fill();
        ctx.globalAlpha = 1; ctx.strokeStyle = "#fff"; ctx.lineWidth = 1.5; ctx.stroke();
        ctx.fillStyle = "#fff"; ctx.fillText(String(c.n), c.x, c.y);
      });
      d.cells = list;
    }
  });

  // The squared distance from a point of the map container to a stack of events, if the point is within its
  // reach (its radius, at least HIT_PX); else Infinity.
  function reach2(st, point) {
    var dx = st.x - point.x, dy = st.y - point.y, dd = dx * dx + dy * dy, reach = Math.max(st.r, HIT_PX);
    return dd <= reach * reach ? dd : Infinity;
  }
  // Every record and event within reach of a point of the map container.
  function pickAt(point) {
    var out = [];
    LG.symbols.forEach(function (s) {
      if (!LG.map.hasLayer(s.marker)) { return; }
      var p = LG.map.latLngToContainerPoint(s.marker.getLatLng());
      if (p.distanceTo(point) <= s.px + 3) { out.push({ symbol: s }); }
    });
    var layer = LG.eventLayer, d = layer && LG.map.hasLayer(layer) ? layer.drawn : null;
    if (d && !d.cells) {
      d.stacks.forEach(function (st) {
        if (reach2(st, point) < Infinity) { st.members.forEach(function (i) { out.push({ event: i }); }); }
      });
    }
    return out;
  }
  // The numbered circle (at low zoom) under a point of the map container, or null.
  function cellAt(point) {
    var d = LG.eventLayer && LG.map.hasLayer(LG.eventLayer) ? LG.eventLayer.drawn : null;
    if (!d || !d.cells) { return null; }
    return d.cells.filter(function (c) {
      return (c.x - point.x) * (c.x - point.x) + (c.y - point.y) * (c.y - point.y) <= c.r * c.r;
    })[0] || null;
  }

  // The data block's events, decoded once (curated records and imported events: LG.ev).
  function decode(d) { LG.ev = decodeEvents(d.events || { n: 0 }, d.vocab); return LG.ev; }
  // Set the time span (of every row) and the filter, and put the imported events on the map.
  function setupEvents(d, map, built) {
    var lo = Infinity, hi = -Infinity;
    for (var i = 0; i < LG.ev.n; i++) { lo = Math.min(lo, LG.ev.start[i]); hi = Math.max(hi, LG.ev.end[i]); }
    LG.span = isFinite(lo) ? [lo, hi] : [0, 0];
    LG.filter.from = LG.span[0]; LG.filter.to = LG.span[1];
    d.vocab.kinds.forEach(function (k) { LG.filter.kinds[k.key] = true; });
    if (LG.ev.imported) {
      LG.eventLayer = new EventLayer();
      LG.eventLayer.addTo(map);
      // Each kind's layer toggles its events too; a kind with events and no records gets an empty group.
      d.vocab.kinds.forEach(function (k) {
        var group = built[k.key] = built[k.key] || L.featureGroup();
        group.on("add", function () { LG.filter.kinds[k.key] = true; if (LG.started) { LG.filters.apply(); } });
        group.on("remove", function () { LG.filter.kinds[k.key] = false; if (LG.started) { LG.filters.apply(); } });
      });
      map.on("click", function (e) { LG.picking.pick(e.containerPoint, e.latlng); });
      var last = 0;
      LG.hovered = null;
      map.on("mouseout", function () {
        if (LG.hoverTip) { map.closeTooltip(LG.hoverTip); }
        if (LG.hovered !== null) { LG.symbology.unhover(); LG.hovered = null; }
      });
      map.on("mousemove", function (e) {
        var now = Date.now();
        if (now - last < 40) { return; }
        last = now;
        var d2 = LG.eventLayer.drawn, hit = null, best = Infinity;
        if (d2 && !d2.cells) {
          d2.stacks.forEach(function (st) {
            var dd = reach2(st, e.containerPoint);
            if (dd < best) { best = dd; hit = st; }
          });
        }
        if (hit === null) {
          if (LG.hoverTip) { map.closeTooltip(LG.hoverTip); }
          if (LG.hovered !== null) { LG.symbology.unhover(); }
          LG.hovered = null;
          map.getContainer().style.cursor = "";
          return;
        }
        var first = hit.members[0], n = hit.members.length;
        LG.hoverTip = LG.hoverTip || L.tooltip({ direction: "top", offset: [0, -6], className: "lg-tip" });
        LG.hoverTip.setLatLng([LG.ev.lat[first], LG.ev.lon[first]]).setContent(el("span", null,
          [n > 1 ? n + " events here; the first: " + eventLine(first) : eventLine(first)]));
        map.openTooltip(LG.hoverTip);
        if (LG.hovered !== first) { LG.symbology.hover(first); }
        LG.hovered = first;
        map.getContainer().style.cursor = "pointer";
      });
    }
  }

  return { HIT_PX: HIT_PX, CELL_PX: CELL_PX, aggregateAbove: aggregateAbove,
    aggregateBelowZoom: aggregateBelowZoom, EventLayer: EventLayer, pickAt: pickAt, cellAt: cellAt,
    decode: decode, setup: setupEvents };
})();
