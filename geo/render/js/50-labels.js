// -- labels ----------------------------------------------------------------------------------------------
// Every name on the map is a label in the lg-labels pane, placed by LG.placeLabels() (place() here) after each
// move, zoom and layer change: in rank order (countries, regions, the tri-point rings, then towns
// in the order geo/render/cartography.py gives), each at the first position around its point where
// it overlaps no label already placed and no symbol. A label with no free position is hidden; its
// town's name is still in the dot's tooltip and popup. The labels are LG.labels.
LG.labelling = (function () {
  "use strict";
  var el = LG.text.el;
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
  function placeLabels(remeasure) {
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
  }

  return { add: addLabel, AROUND: AROUND, CENTRED: CENTRED, hits: hits, box: box, obstacles: obstacles,
    place: placeLabels };
})();
