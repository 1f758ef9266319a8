// -- symbols: one size scale for records and events, stacks, uncertainty rings on demand ----------------
LG.symbology = (function () {
  "use strict";
  // One scale for every row, record or event: radius = sqrt(min^2 + k^2 * killed) px, so that the symbol's area
  // grows in proportion to the number killed above the smallest symbol. A kind that is not sized (deployment,
  // base, protest...) and an unknown toll draw the smallest symbol. The numbers come from the vocabulary.
  function radius(killed) {
    var s = LG.d.vocab.symbol;
    return Math.sqrt(s.min_px * s.min_px + s.px_per_sqrt * s.px_per_sqrt * Math.max(0, killed || 0));
  }
  var sizedKeys = null;
  function sized(kindKey) {
    if (!sizedKeys) {
      sizedKeys = {};
      LG.d.vocab.sized.forEach(function (k) { sizedKeys[k] = true; });
    }
    return !!sizedKeys[kindKey];
  }
  // The number killed that sizes row i (0 when unknown or when its kind is not sized).
  function killedAt(i) {
    var ev = LG.ev, f = ev.b.fatalities[i];
    return f > 0 && sized(ev.kinds[ev.b.kind[i]]) ? f : 0;
  }
  function pxOf(i) { return radius(killedAt(i)); }

  // The sizes the legend shows, from the rows on the map: round numbers well under the largest toll, and the
  // largest itself; [] when no row on the map is sized by a toll.
  function legendSizes() {
    var ev = LG.ev, most = 0;
    for (var i = 0; i < ev.n; i++) { most = Math.max(most, killedAt(i)); }
    if (!(most > 0)) { return []; }
    var out = [1, 10, 100, 1000, 10000].filter(function (n) { return n * 3 <= most; }).slice(-2);
    out.push(most);
    return out.map(function (n) { return { n: n, px: radius(n) }; });
  }

  // Is row i placed only approximately (anything less than an exact point)?
  function approximate(i) {
    var v = LG.d.vocab;
    return v.precisions[LG.ev.text("precision", i)] !== v.exact;
  }
  // The kind (its index in the vocabulary) counted most often in counts ({kind index: n}); ties go to the first.
  function topKind(counts) {
    return +Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || a - b; })[0];
  }

  // A row's point as one number (its coordinates in the data block are whole 1e-5 degrees): rows with the same
  // key are drawn as one stacked symbol.
  function pointKey(i) { var b = LG.ev.b; return b.lat[i] * 4e7 + b.lon[i]; }

  // The uncertainty ring of what the pointer is on, or of what an open popup shows (it wins over the pointer):
  // one at a time, drawn on demand (the rings of every approximate row covered the map).
  var hot = null, pinned = false;
  function showRing(lat, lon, km, colour) {
    if (hot) { hot.remove(); hot = null; }
    if (!(km > 0)) { return; }
    hot = L.circle([lat, lon], { radius: km * 1000, color: colour || "#555", weight: 1.5, dashArray: "6 6",
      fillColor: colour || "#555", fillOpacity: 0.06, interactive: false, pane: "lg-records",
      className: "lg-uncertainty lg-hot-ring" }).addTo(LG.map);
  }
  function ringOfRow(i) {
    var ev = LG.ev, k = LG.decode.kindOf(ev.kinds[ev.b.kind[i]]);
    showRing(ev.lat[i], ev.lon[i], approximate(i) ? ev.b.radius[i] : 0, k ? k.colour : null);
  }
  function hover(i) { if (!pinned) { ringOfRow(i); } }
  function unhover() { if (!pinned) { showRing(0, 0, 0); } }
  function select(i) { pinned = true; ringOfRow(i); }
  function unselect() { pinned = false; showRing(0, 0, 0); }
  // A place's ring (a village known within some km) while the pointer is on it.
  function hoverArea(lat, lon, km) { if (!pinned) { showRing(lat, lon, km, "#555"); } }

  // In print, a light halo for the approximate rows whose ring says something at the map's scale, at most
  // HALO_MAX of them, the most precise first (a 100 km ring would cover the page).
  var HALO_MAX = 25, HALO_MAX_KM = 30;
  function halos(candidates) {
    return candidates.filter(function (c) { return c.km > 0 && c.km <= HALO_MAX_KM; })
      .sort(function (a, b) { return a.km - b.km; }).slice(0, HALO_MAX);
  }

  return { radius: radius, sized: sized, killedAt: killedAt, px: pxOf, legendSizes: legendSizes, pointKey: pointKey,
    approximate: approximate, topKind: topKind,
    hover: hover, unhover: unhover, select: select, unselect: unselect, hoverArea: hoverArea, HALO_MAX: HALO_MAX, HALO_MAX_KM: HALO_MAX_KM,
    halos: halos };
})();
