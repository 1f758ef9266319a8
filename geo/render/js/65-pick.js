// -- picking: a click on the map lists every record and event under the pointer --------------------------
LG.picking = (function () {
  "use strict";
  var el = LG.text.el, kindOf = LG.decode.kindOf, P = LG.popups, eventLine = P.eventLine, popupOptions = P.options;
  var showPopup = P.show, pickAt = LG.canvas.pickAt, cellAt = LG.canvas.cellAt;

  function pickedPopup(item) {
    if (item.town) { return P.place(item.town.places); }
    return item.symbol ? P.record(item.symbol.rec, item.symbol.pl) : P.event(item.event);
  }
  function pickedLine(item) {
    if (item.town) { return "Place: " + item.town.places.map(function (i) { return LG.d.places[i].name; }).join(", "); }
    if (item.event !== undefined) { return eventLine(item.event); }
    var k = kindOf(item.symbol.rec.kind);
    return (k ? k.label : "") + ": " + item.symbol.pl.name + ", " + item.symbol.rec.date;
  }
  var LIST_MAX = 200;
  // A list of what is at one point; each line opens its popup, with a way back to the list.
  function listPopup(items, latlng) {
    var popup = L.popup(popupOptions()).setLatLng(latlng);
    function showList() {
      var node = el("div", "lg-popup lg-picklist");
      var n = items.filter(function (it) { return !it.town; }).length;
      node.appendChild(el("div", "lg-summary", [n + " records and events here"]));
      var ul = el("ul", "lg-picks");
      items.slice(0, LIST_MAX).forEach(function (it) {
        var a = el("button", "lg-pick", [pickedLine(it)]);
        a.type = "button";
        a.addEventListener("click", function (e) {
          L.DomEvent.stop(e);
          var back = el("button", "lg-back", ["\u2190 all " + items.length + " here"]);
          back.type = "button";
          back.addEventListener("click", function (ev2) { L.DomEvent.stop(ev2); LG.symbology.unselect(); showList(); });
          popup.setContent(el("div", null, [back, pickedPopup(it)]));  // re-lays out and pans into view
          if (!it.town) { LG.symbology.select(it.symbol ? it.symbol.i : it.event); }
        });
        ul.appendChild(el("li", null, [a]));
      });
      node.appendChild(ul);
      if (items.length > LIST_MAX) {
        node.appendChild(el("div", "lg-quiet", ["and " + (items.length - LIST_MAX) + " more: zoom in or use the table"]));
      }
      popup.setContent(node);
    }
    showList();
    LG.map.openPopup(popup);
  }
  // What a click at a point (of the map container) does; returns how many items are there.
  function pick(point, latlng) {
    var items = pickAt(point), cell = items.length ? null : cellAt(point);
    if (cell) { LG.map.setView(LG.map.containerPointToLatLng([cell.x, cell.y]), LG.map.getZoom() + 2); return 0; }
    if (items.length === 1) {
      var it = items[0];
      showPopup(it.symbol ? it.symbol.marker.getLatLng() : L.latLng(LG.ev.lat[it.event], LG.ev.lon[it.event]),
        pickedPopup(it), it.symbol ? it.symbol.i : it.event);
    } else if (items.length > 1) {
      listPopup(items, latlng);
    }
    return items.length;
  }

  return { popup: pickedPopup, line: pickedLine, LIST_MAX: LIST_MAX, list: listPopup, pick: pick };
})();
