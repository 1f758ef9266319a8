// -- popups: a record's, a place's and an event's; opening them ---------------------------------------
LG.popups = (function () {
  "use strict";
  var T = LG.text, el = T.el, quiet = T.quiet, link = T.link, join = T.join, table = T.table, cellText = T.cellText;
  var kindOf = LG.decode.kindOf, eventAsRecord = LG.decode.eventAsRecord;

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
    if (p.precision !== LG.d.vocab.exact) { precision += ", within about " + p.radius_km + " km"; }
    rows.push(["Placement", precision]);
    if (p.precision !== LG.d.vocab.exact) {
      var why = p.note || "";
      if (pl && pl.near) { why = "The source places it around " + p.name + ", not at it." + (why ? " " + why : ""); }
      if (why) { rows.push(["Why", quiet([why])]); }
    }
    var region = p.admin1 + ", " + p.country;
    if (p.ne_admin1 && p.ne_admin1 !== p.admin1) { region += " (its point lies in " + p.ne_admin1 + ")"; }
    rows.push(["Region", region]);
    if (p.border_km !== null) {
      rows.push(["Border", Math.round(p.border_km) + " km to the " + p.nearest_border + " border" +
        (p.tri_border_km !== null ? "; " + Math.round(p.tri_border_km) + " km to the tri-point" : "")]);
    }
    rows.push(["Coordinates", [p.lat.toFixed(4) + ", " + p.lon.toFixed(4), el("br"), quiet([p.source])]]);
    return rows;
  }
  // A source in one line: publisher, "title" (date). The caption and the printed table write it so.
  function sourceText(s) { return s.publisher + ", \u201c" + s.title + "\u201d (" + s.date + ")"; }
  function sourceNode(s) { return el("span", null, [s.publisher + ", ", link(s.url, s.title), " (" + s.date + ")"]); }

  function recordPopup(rec, pl) {
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
  }

  function placePopup(indexes) {
    var parts = indexes.map(function (i) {
      var p = LG.d.places[i];
      return el("div", "lg-popup", [el("div", "lg-summary", [p.name]),
        table([["Also written", p.alt_names || "\u2014"]].concat(whereRows(p, null)))]);
    });
    return el("div", null, join(parts, function () { return el("hr"); }));
  }

  // Leaflet's popup options for the map's size: narrower on a small screen. Leaflet's autoPan is off: LG.room
  // (js/75-room.js) pans every open popup clear of the panels and inside the screen.
  function popupOptions() {
    var w = LG.map.getSize().x;
    return LG.compact
      ? { maxWidth: Math.max(200, w - 40), minWidth: Math.min(260, w - 60), maxHeight: 300, autoPan: false }
      : { maxWidth: 400, minWidth: 300, maxHeight: 330, autoPan: false };
  }

  // Open a popup; with row (a row of LG.ev), that row's uncertainty ring shows while it is open.
  function showPopup(latlng, node, row) {
    LG.map.openPopup(L.popup(popupOptions()).setLatLng(latlng).setContent(node));
    if (row !== undefined && row !== null) { LG.symbology.select(row); }
  }

  // Open the popup of a record's symbol (the n-th place of the record): for tests and embedding pages.
  function openRecord(id, n) {
    var hits = LG.symbols.filter(function (s) { return s.id === id; });
    var hit = hits[n || 0];
    if (!hit) { return false; }
    var layer = LG.layers[kindOf(hit.rec.kind).key];
    if (layer && !LG.map.hasLayer(layer)) { layer.addTo(LG.map); }
    showPopup(hit.marker.getLatLng(), recordPopup(hit.rec, hit.pl), hit.i);
    return true;
  }

  // Open the popup of the town symbol that carries a place of this name.
  function openPlace(name) {
    var hit = LG.towns.filter(function (t) { return t.places.some(function (p) { return p.name === name; }); })[0];
    if (!hit) { return false; }
    if (!LG.map.hasLayer(LG.layers.towns)) { LG.layers.towns.addTo(LG.map); }
    // A quiet place (nothing on the map happened there) is on the map from its zoom on: go there first.
    if (hit.quiet && LG.map.getZoom() < LG.d.vocab.quiet_town_zoom) {
      LG.map.setView(hit.marker.getLatLng(), LG.d.vocab.quiet_town_zoom, { animate: false });
    }
    hit.marker.openPopup();
    return true;
  }

  function eventPopup(i) { var x = eventAsRecord(i); return recordPopup(x.rec, x.pl); }
  // Event i in one line (its tooltip, its line in a list): kind: place, date.
  function eventLine(i) {
    var ev = LG.ev, k = kindOf(ev.kinds[ev.b.kind[i]]);
    return (k ? k.label : "") + ": " + (cellText(ev.text("place", i)) || "(no place name)") + ", " + cellText(ev.text("date", i));
  }
  function openEvent(i) {
    showPopup(L.latLng(LG.ev.lat[i], LG.ev.lon[i]), eventPopup(i), i);
    return true;
  }

  return { whereRows: whereRows, sourceText: sourceText, sourceNode: sourceNode, record: recordPopup,
    place: placePopup, event: eventPopup, eventLine: eventLine, options: popupOptions, show: showPopup,
    openRecord: openRecord, openPlace: openPlace, openEvent: openEvent };
})();
