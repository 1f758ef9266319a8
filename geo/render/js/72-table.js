// -- the events table -------------------------------------------------------------------------------------
LG.eventTable = (function () {
  "use strict";
  var T = LG.text, el = T.el, fold = T.fold, cellText = T.cellText, kindOf = LG.decode.kindOf;
  var passes = LG.filters.passes, P = LG.popups;

  // The table: records and events passing the filter, searchable; a row opens its popup.
  var TABLE_ROWS = 300;

  // The rows the table may show: the rows of the events passing the filter, curated records' (one per place, named
  // as the gazetteer names it) with imported events', in date order.
  function tableRows() {
    var rows = [], ev = LG.ev;
    for (var i = 0; i < ev.n; i++) {
      if (passes(i)) {
        var curated = ev.recAt[i] >= 0;
        rows.push({ event: i, symbol: curated ? LG.symbolOf[i] : null,
          place: curated ? ev.extra("name", i) : ev.text("place", i), date: ev.text("date", i), start: ev.start[i],
          kind: ev.kinds[ev.b.kind[i]], actors: ev.text("actors", i) });
      }
    }
    return rows;
  }
  function tablePanel() {
    var node = el("details", "lg-panel lg-table"), search = el("input", "lg-search");
    node.id = "lg-table";
    search.type = "search"; search.placeholder = "search place, date, kind, actor\u2026";
    search.setAttribute("aria-label", "Search the table");
    var body = el("tbody"), info = el("div", "lg-quiet");
    var head = el("tr", null, ["Date", "Place", "Kind", "Actors"].map(function (h) { return el("th", null, [h]); }));
    node.appendChild(el("summary", "lg-h2", [el("span", "lg-long", ["Events "]), "table"]));
    node.appendChild(search); node.appendChild(info);
    node.appendChild(el("div", "lg-table-scroll", [el("table", null, [el("thead", null, [head]), body])]));
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    function update() {
      if (!node.open) { return; }
      var want = fold(search.value.trim()), shown = 0, matched = 0;
      body.textContent = "";
      tableRows().forEach(function (r) {
        var k = kindOf(r.kind), label = k ? k.label : r.kind;
        if (want && fold([r.date, r.place, label, r.actors].join(" ")).indexOf(want) < 0) { return; }
        matched += 1;
        if (shown >= TABLE_ROWS) { return; }
        shown += 1;
        var tr = el("tr", "lg-row", [el("td", null, [cellText(r.date)]), el("td", null, [cellText(r.place)]),
          el("td", null, [cellText(label)]), el("td", null, [cellText(r.actors)])]);
        tr.tabIndex = 0;
        function open() {
          LG.map.setView([LG.ev.lat[r.event], LG.ev.lon[r.event]], Math.max(LG.map.getZoom(), 9));
          P.openEvent(r.event);
        }
        tr.addEventListener("click", open);
        tr.addEventListener("keydown", function (e) { if (e.key === "Enter") { open(); } });
        body.appendChild(tr);
      });
      info.textContent = matched + " match" + (matched === 1 ? "" : "es") +
        (matched > shown ? "; the first " + shown + " are listed: narrow the search or the dates" : "");
    }
    search.addEventListener("input", update);
    node.addEventListener("toggle", update);
    return { node: node, update: update, toggle: function () { node.open = !node.open; update(); } };
  }

  return { TABLE_ROWS: TABLE_ROWS, rows: tableRows, panel: tablePanel };
})();
