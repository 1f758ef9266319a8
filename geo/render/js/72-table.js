// -- the events table -------------------------------------------------------------------------------------
LG.eventTable = (function () {
  "use strict";
  var T = LG.text, el = T.el, fold = T.fold, cellText = T.cellText, kindOf = LG.decode.kindOf;
  var passes = LG.filters.passes, P = LG.popups;

  // The table lists every row passing the filter and the search, however many (no cap), in a scroller of rows
  // of one height: only the rows in sight, and MARGIN rows either side, are in the document; spacer rows
  // above and below give the scroller its full height. A row is two lines: a cell's text wraps between words
  // (a word breaks only when it is longer than its column is wide) and a longer text is cut with "\u2026"
  // (the row's popup and the CSV have it whole; the search looks in the whole text).
  var ROW_PX = 36, MARGIN = 12;
  // The columns (their widths are map.css's, per column class).
  var COLUMNS = [{ key: "date", label: "Date" }, { key: "place", label: "Place" }, { key: "kind", label: "Kind" },
    { key: "actors", label: "Actors" }];

  // Row i of the decoded events as the table shows it: curated records named as the gazetteer names the place.
  function rowOf(i) {
    var ev = LG.ev, curated = ev.recAt[i] >= 0, key = ev.kinds[ev.b.kind[i]], k = kindOf(key);
    return { event: i, symbol: curated ? LG.symbolOf[i] : null,
      place: curated ? ev.extra("name", i) : ev.text("place", i), date: ev.text("date", i), start: ev.start[i],
      kind: key, kindLabel: k ? k.label : key, actors: ev.text("actors", i) };
  }
  // The rows the table may show: the rows of the events passing the filter, in date order.
  function tableRows() {
    var rows = [];
    for (var i = 0; i < LG.ev.n; i++) { if (passes(i)) { rows.push(rowOf(i)); } }
    return rows;
  }

  // The rows to draw for a scroller scrolled to top px and view px high, of n rows: [first, last).
  function windowOf(top, view, n) {
    var first = Math.max(0, Math.floor(top / ROW_PX) - MARGIN);
    var last = Math.min(n, Math.ceil((top + view) / ROW_PX) + MARGIN);
    return [Math.min(first, last), last];
  }

  // The order of every row (filtered or not) for a column, ascending; ties in date order, then row order.
  // Text columns compare folded text (case and accents aside); the date column compares day numbers.
  function orderBy(key) {
    var ev = LG.ev, n = ev.n, idx = new Array(n), keys = null;
    for (var i = 0; i < n; i++) { idx[i] = i; }
    if (key !== "date") {
      keys = new Array(n);
      var memo = {};
      for (var j = 0; j < n; j++) {
        var r = rowOf(j), text = key === "kind" ? r.kindLabel : r[key];
        text = text === null || text === undefined ? "" : String(text);
        keys[j] = Object.prototype.hasOwnProperty.call(memo, text) ? memo[text] : (memo[text] = fold(text));
      }
    }
    idx.sort(function (a, b) {
      if (keys && keys[a] !== keys[b]) { return keys[a] < keys[b] ? -1 : 1; }
      return (ev.start[a] - ev.start[b]) || (a - b);
    });
    return idx;
  }

  function tablePanel() {
    var node = el("details", "lg-panel lg-table"), search = el("input", "lg-search");
    node.id = "lg-table";
    search.type = "search"; search.placeholder = "search place, date, kind, actor\u2026";
    search.setAttribute("aria-label", "Search the table");
    var body = el("tbody"), info = el("div", "lg-quiet lg-table-info"), scroller = el("div", "lg-table-scroll");
    var sort = { key: "date", down: false }, orders = {}, found = [], drawn = [-1, -1], searchText = [];
    var heads = COLUMNS.map(function (c) {
      var b = el("button", "lg-sort", [c.label]); b.type = "button";
      b.addEventListener("click", function () {
        sort = { key: c.key, down: sort.key === c.key ? !sort.down : false };
        scroller.scrollTop = 0;
        update();
      });
      var th = el("th", null, [b]); th.setAttribute("data-key", c.key);
      return th;
    });
    var cols = el("colgroup", null, COLUMNS.map(function (c) { return el("col", "lg-col-" + c.key); }));
    var table = el("table", null, [cols, el("thead", null, [el("tr", null, heads)]), body]);
    node.appendChild(el("summary", "lg-h2", [el("span", "lg-long", ["Events "]), "table"]));
    node.appendChild(search); node.appendChild(info);
    scroller.appendChild(table);
    node.appendChild(scroller);
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);

    function open(i) {
      LG.map.setView([LG.ev.lat[i], LG.ev.lon[i]], Math.max(LG.map.getZoom(), 9), { animate: false });
      P.openEvent(i);
    }
    function spacer(rows) {
      var td = el("td"); td.colSpan = COLUMNS.length;
      var tr = el("tr", "lg-spacer", [td]); tr.style.height = (rows * ROW_PX) + "px";
      return tr;
    }
    function rowNode(i, at) {
      var r = rowOf(i);
      var tr = el("tr", "lg-row", [r.date, r.place, r.kindLabel, r.actors].map(function (text) {
        return el("td", null, [el("div", "lg-cell", [cellText(text)])]);
      }));
      tr.style.height = ROW_PX + "px";
      tr.tabIndex = 0;
      tr.setAttribute("data-i", String(i));
      tr.setAttribute("aria-rowindex", String(at + 2));  // the heading is row 1
      tr.addEventListener("click", function () { open(i); });
      tr.addEventListener("keydown", function (e) {
        if (e.key === "Enter") { open(i); }
        if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); focusRow(at + (e.key === "ArrowDown" ? 1 : -1)); }
      });
      return tr;
    }
    // Draw the rows in sight; redraw only when the window moved (or force).
    function draw(force) {
      var w = windowOf(scroller.scrollTop, scroller.clientHeight || ROW_PX * 10, found.length);
      if (!force && w[0] === drawn[0] && w[1] === drawn[1]) { return; }
      drawn = w;
      var kids = [spacer(w[0])];
      for (var k = w[0]; k < w[1]; k++) { kids.push(rowNode(found[k], k)); }
      kids.push(spacer(found.length - w[1]));
      body.textContent = "";
      kids.forEach(function (x) { body.appendChild(x); });
    }
    function focusRow(at) {
      if (at < 0 || at >= found.length) { return; }
      var top = at * ROW_PX, view = scroller.clientHeight - headHeight();
      if (top < scroller.scrollTop) { scroller.scrollTop = top; }
      if (top + ROW_PX > scroller.scrollTop + view) { scroller.scrollTop = top + ROW_PX - view; }
      draw(false);
      var tr = body.querySelector('tr[aria-rowindex="' + (at + 2) + '"]');
      if (tr) { tr.focus(); }
    }
    function headHeight() { return table.tHead ? table.tHead.offsetHeight : 0; }
    function matches(i, want) {
      if (searchText[i] === undefined) {
        var r = rowOf(i);
        searchText[i] = fold([r.date, r.place, r.kindLabel, r.actors].join(" "));
      }
      return searchText[i].indexOf(want) >= 0;
    }
    function update() {
      if (!node.open) { return; }
      var want = fold(search.value.trim());
      var order = orders[sort.key] || (orders[sort.key] = orderBy(sort.key));
      found = [];
      for (var k = 0; k < order.length; k++) {
        var i = order[sort.down ? order.length - 1 - k : k];
        if (passes(i) && (!want || matches(i, want))) { found.push(i); }
      }
      heads.forEach(function (th) {
        var key = th.getAttribute("data-key");
        th.setAttribute("aria-sort", key === sort.key ? (sort.down ? "descending" : "ascending") : "none");
        th.firstChild.setAttribute("data-arrow", key === sort.key ? (sort.down ? "\u25bc" : "\u25b2") : "");
      });
      table.setAttribute("aria-rowcount", String(found.length + 1));
      info.textContent = found.length + " match" + (found.length === 1 ? "" : "es");
      // Past the end after a narrower search: back to the top.
      if (scroller.scrollTop > found.length * ROW_PX) { scroller.scrollTop = 0; }
      draw(true);
    }
    var pending = false;
    scroller.addEventListener("scroll", function () {
      if (pending) { return; }
      pending = true;
      requestAnimationFrame(function () { pending = false; draw(false); });
    });
    search.addEventListener("input", function () { scroller.scrollTop = 0; update(); });
    node.addEventListener("toggle", update);
    return { node: node, update: update, toggle: function () { node.open = !node.open; update(); },
      found: function () { return found.slice(); }, draw: function () { draw(false); } };
  }

  return { ROW_PX: ROW_PX, MARGIN: MARGIN, COLUMNS: COLUMNS, row: rowOf, rows: tableRows, windowOf: windowOf,
    orderBy: orderBy, panel: tablePanel };
})();
