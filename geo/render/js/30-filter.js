// -- the filter every layer, count, table, download and link follows (its state: LG.filter) -----------
LG.filters = (function () {
  "use strict";
  var fold = LG.text.fold;
  // The actor text is cut to 200 characters wherever it comes from (the box, a link's #actor=, setActor()):
  // no actor name is that long, and a 5 MB string compared with every actor froze the page for half a minute.
  var MAX_ACTOR = 200;
  function actorText(text) {
    var s = "";
    try { s = typeof text === "string" ? text : (text === null || text === undefined ? "" : String(text)); }
    catch (e) { s = ""; }  // an object whose toString throws
    return s.length > MAX_ACTOR ? s.slice(0, MAX_ACTOR) : s;
  }

  // Which of the events' distinct actor texts hold the filter's actor text (LG.actorOk; null: no actor filter).
  function actorMatches() {
    var c = LG.ev.b.actors, want = fold(LG.filter.actor);
    LG.actorOk = want ? c.values.map(function (a) { return fold(a).indexOf(want) >= 0; }) : null;
  }
  // Does event i pass the filter?
  function passes(i) {
    var ev = LG.ev, f = LG.filter;
    if (f.from !== null && ev.end[i] < f.from) { return false; }
    if (f.to !== null && ev.start[i] > f.to) { return false; }
    if (!f.kinds[ev.kinds[ev.b.kind[i]]]) { return false; }
    if (LG.actorOk && !LG.actorOk[ev.code("actors", i)]) { return false; }
    return true;
  }
  // Does a record's symbol (an item of LG.symbols) pass the filter? The filter of its row: there is one.
  function symbolPasses(s) { return passes(s.i); }

  // -- the filter applied: counts, record symbols, the event layer, the table, the URL --------------------
  // Records (each once, however many places it names) and events passing the filter, per kind: one pass.
  // One symbol per record passing the filter (a record drawn at three places is one record).
  function symbolsOnce() {
    var seen = {};
    return LG.symbols.filter(function (s) { if (seen[s.id] || !symbolPasses(s)) { return false; } seen[s.id] = true; return true; });
  }
  function passingByKind() {
    var per = {}, ev = LG.ev, seen = {};
    for (var i = 0; i < ev.n; i++) {
      if (!passes(i)) { continue; }
      if (ev.recAt[i] >= 0) { var id = ev.b.source_id[i]; if (seen[id]) { continue; } seen[id] = true; }
      var k = ev.kinds[ev.b.kind[i]]; per[k] = (per[k] || 0) + 1;
    }
    return per;
  }
  function total(per) { return Object.keys(per).reduce(function (n, k) { return n + per[k]; }, 0); }
  function visibleCount() { return total(passingByKind()); }
  function applyFilter() {
    LG.symbols.forEach(function (s) {
      var on = symbolPasses(s);
      if (on && !s.group.hasLayer(s.marker)) { s.group.addLayer(s.marker); }
      if (!on && s.group.hasLayer(s.marker)) { s.group.removeLayer(s.marker); }
    });
    if (LG.eventLayer) { LG.eventLayer.redraw(); }
    var per = passingByKind(), count = total(per);
    if (LG.ev.imported) {
      Object.keys(LG.kindCounts).forEach(function (k) { LG.kindCounts[k].textContent = " (" + (per[k] || 0) + ")"; });
    }
    if (LG.timePanel) { LG.timePanel.update(count); }
    if (LG.table) { LG.table.update(); }
    if (LG.started) { LG.labelling.place(); }
    LG.hash.write();
    return count;
  }

  return { MAX_ACTOR: MAX_ACTOR, actorText: actorText, actorMatches: actorMatches, passes: passes,
    symbolPasses: symbolPasses, symbolsOnce: symbolsOnce, passingByKind: passingByKind, visibleCount: visibleCount,
    apply: applyFilter };
})();
