// -- room: a popup kept clear of the panels and inside the screen; the first view of a small screen --------
LG.room = (function () {
  "use strict";
  // Pixels kept free around a popup; the height of a popup's tip below its box (Leaflet's .leaflet-popup has
  // margin-bottom 20px, where the tip is drawn); the smallest height a popup is shrunk to, to fit.
  var MARGIN = 6, TIP = 20, MIN_HEIGHT = 140;

  function area(a) { return Math.max(0, a.right - a.left) * Math.max(0, a.bottom - a.top); }
  function overlap(a, b) {
    return area({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right),
      bottom: Math.min(a.bottom, b.bottom) });
  }

  // The shift {dx, dy, clear} (px) that moves box into room clear of every obstacle (all rects: left, top, right,
  // bottom), as short as possible. When no place is clear: the place in room overlapping the obstacles least
  // (clear false). A box wider or taller than room keeps its left and top edges in room (the close button).
  // Candidates are the box where it is, at room's edges and against each obstacle's edges: a shortest clear
  // shift puts the box at one of them on each axis.
  function shift(box, room, obstacles) {
    var w = box.right - box.left, h = box.bottom - box.top;
    var xs = [box.left, room.left, room.right - w], ys = [box.top, room.top, room.bottom - h];
    obstacles.forEach(function (o) { xs.push(o.right, o.left - w); ys.push(o.bottom, o.top - h); });
    function inside(v, lo, hi, size) { return size > hi - lo ? lo : Math.max(lo, Math.min(hi - size, v)); }
    var best = null;
    xs.forEach(function (x) {
      x = inside(x, room.left, room.right, w);
      ys.forEach(function (y) {
        y = inside(y, room.top, room.bottom, h);
        var at = { left: x, top: y, right: x + w, bottom: y + h }, over = 0;
        obstacles.forEach(function (o) { over += overlap(at, o); });
        var d = (x - box.left) * (x - box.left) + (y - box.top) * (y - box.top);
        if (!best || over < best.over || (over === best.over && d < best.d)) { best = { over: over, d: d, x: x, y: y }; }
      });
    });
    return { dx: best.x - box.left, dy: best.y - box.top, clear: best.over === 0 };
  }

  // The map's panels (every Leaflet control shown: title, zoom, layers, legend, time, table, scale,
  // attribution), as screen rects grown by MARGIN.
  function obstacles() {
    var out = [];
    var nodes = LG.map.getContainer().querySelectorAll(".leaflet-control");
    for (var k = 0; k < nodes.length; k++) {
      var r = nodes[k].getBoundingClientRect();
      if (r.width > 0 && r.height > 0) {
        out.push({ left: r.left - MARGIN, top: r.top - MARGIN, right: r.right + MARGIN, bottom: r.bottom + MARGIN });
      }
    }
    return out;
  }
  // The part of the screen the map shows, less MARGIN.
  function screenRoom() {
    var r = LG.map.getContainer().getBoundingClientRect();
    return { left: Math.max(r.left, 0) + MARGIN, top: Math.max(r.top, 0) + MARGIN,
      right: Math.min(r.right, window.innerWidth) - MARGIN, bottom: Math.min(r.bottom, window.innerHeight) - MARGIN };
  }
  // A popup's box on screen, its tip included.
  function boxOf(popup) {
    var r = popup.getElement().getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom + TIP };
  }

  // Keep an open popup clear of the panels and inside the screen: pan the map the least that does it. A
  // popup wider than the screen is made narrower, and one too tall for any clear place shorter (its content
  // scrolls, down to MIN_HEIGHT), first.
  // Leaflet's own autoPan is off (LG.popups.options): it keeps a popup inside one padded rectangle only.
  function clear(popup) {
    if (!popup || !popup.getElement() || !LG.map.hasLayer(popup) || LG.printing) { return null; }
    var room = screenRoom(), obs = obstacles(), box = boxOf(popup);
    var content = popup.getElement().querySelector(".leaflet-popup-content");
    var wider = (box.right - box.left) - (room.right - room.left);
    if (wider > 0 && content) {
      // Narrower than the screen: the content's width less the excess (Leaflet adds its margins around it,
      // and a pixel to the width it sets).
      popup.options.maxWidth = Math.max(120, content.offsetWidth - wider - 1);
      popup.options.minWidth = Math.min(popup.options.minWidth, popup.options.maxWidth);
      popup.update();
      box = boxOf(popup);
    }
    var s = shift(box, room, obs);
    if (!s.clear) {
      var chrome = (box.bottom - box.top) - (content ? content.offsetHeight : 0);
      for (var h = box.bottom - box.top - 20; h >= MIN_HEIGHT + chrome; h -= 20) {
        if (shift({ left: box.left, top: box.bottom - h, right: box.right, bottom: box.bottom }, room, obs).clear) {
          popup.options.maxHeight = h - chrome;
          popup.update();  // Leaflet sets the content's height and lets it scroll
          box = boxOf(popup);
          s = shift(box, room, obs);
          break;
        }
      }
    }
    if (Math.abs(s.dx) >= 1 || Math.abs(s.dy) >= 1) {
      LG.map.panBy([-s.dx, -s.dy], { animate: false });
    }
    return s;
  }
  // Every popup opened on the map, and again when its content changes (a pick list's line opened), once laid
  // out. One listener per popup, however often it opens (Leaflet adds a function with the same context once).
  function relaid() { var popup = this; requestAnimationFrame(function () { clear(popup); }); }
  function watch(map) {
    map.on("popupopen", function (e) {
      clear(e.popup);
      e.popup.on("contentupdate", relaid, e.popup);
    });
  }

  // -- the first view of a small screen ---------------------------------------------------------------------
  // The box [west, south, east, north] of the rows on the map (records' places and events), the outer 2% of
  // each side left out when there are 50 rows or more (an outlier must not make the rest one blob), within
  // the spec's box when the two meet; null without rows.
  function dataBox(bbox) {
    var ev = LG.ev, n = ev ? ev.n : 0;
    if (!n) { return null; }
    var lats = Array.from(ev.lat).sort(function (a, b) { return a - b; });
    var lons = Array.from(ev.lon).sort(function (a, b) { return a - b; });
    var cut = n >= 50 ? Math.floor(n * 0.02) : 0;
    var b = [lons[cut], lats[cut], lons[n - 1 - cut], lats[n - 1 - cut]];
    if (bbox) {
      var w = Math.max(b[0], bbox[0]), s = Math.max(b[1], bbox[1]), e = Math.min(b[2], bbox[2]), no = Math.min(b[3], bbox[3]);
      if (w <= e && s <= no) { b = [w, s, e, no]; }
    }
    // At least a degree (about 110 km) across: one place alone opens with its region around it.
    var cx = (b[0] + b[2]) / 2, cy = (b[1] + b[3]) / 2;
    var hw = Math.max(0.5, (b[2] - b[0]) / 2), hh = Math.max(0.5, (b[3] - b[1]) / 2);
    return [cx - hw, cy - hh, cx + hw, cy + hh];
  }
  // Padding for a phone's fit: the tallest panel stack of the top corners and of the bottom corners (a phone's
  // panels start folded: short, and narrow enough that the width is the map's own), each at most a quarter
  // of the map's height.
  function smallPadding() {
    var c = LG.map.getContainer(), out = { top: 10, bottom: 10 }, most = LG.map.getSize().y / 4;
    ["top", "bottom"].forEach(function (side) {
      var corners = c.querySelectorAll(".leaflet-" + side + ".leaflet-left, .leaflet-" + side + ".leaflet-right");
      for (var k = 0; k < corners.length; k++) { out[side] = Math.max(out[side], corners[k].offsetHeight + 10); }
      out[side] = Math.min(out[side], most);
    });
    return out;
  }

  // Fit a phone's first view to the data (LG.ui.fit calls this when LG.tiny: narrower than 480 or lower than
  // 320 px); false without data.
  function fitSmall(bbox) {
    var b = dataBox(bbox), map = LG.map;
    if (!b) { return false; }
    var pad = smallPadding();
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { animate: false, paddingTopLeft: [10, pad.top],
      paddingBottomRight: [10, pad.bottom] });
    return isFinite(map.getZoom());
  }

  return { MARGIN: MARGIN, TIP: TIP, MIN_HEIGHT: MIN_HEIGHT, shift: shift, obstacles: obstacles, screen: screenRoom,
    box: boxOf, clear: clear, watch: watch, dataBox: dataBox, smallPadding: smallPadding,
    fitSmall: fitSmall };
})();
