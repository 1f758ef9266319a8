// -- CSV: the cell rule, and the download of what passes the filter -------------------------------------
LG.csv = (function () {
  "use strict";
  var isoOf = LG.days.isoOf, passes = LG.filters.passes;
  // CSV of what passes the filter, safe to open in any spreadsheet in any locale; the same rule as
  // geo/csvsafe.py, which writes liptako export's CSV. Following the OWASP guidance on CSV injection
  // (https://owasp.org/www-community/attacks/CSV_Injection): a text cell that a spreadsheet could read as a
  // formula gets a leading ' and is quoted. That is a cell whose first character, after any whitespace or
  // control characters, is = + - or @; one that starts with a tab or CR; and one holding a ; or , followed
  // (after any whitespace) by such a character. Excel in a French locale reads this comma-separated file as one
  // field per ; and honours a quote only at a field's start, so each such separator gets a ' after it too:
  // x;=1+1 is written "'x;'=1+1", text however it is split. Numbers stay numbers: a JS number, or a plain
  // decimal (a longitude -1.5, 1e3) is never a formula. A cell holding " , ; CR, LF or a leading or trailing
  // space is quoted, and every " in it doubled.
  var FORMULA_START = /^[\s\u0000-\u001f\u007f-\u009f]*[=+\-@]|^[\t\r]/;
  var FORMULA_AFTER_SEPARATOR = /[;,][\s\u0000-\u001f\u007f-\u009f]*[=+\-@\t\r]/;
  var FORMULA_SEPARATORS = /([;,])(?=[\s\u0000-\u001f\u007f-\u009f]*[=+\-@\t\r])/g;
  var PLAIN_NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
  function csvCell(v) {
    if (typeof v === "number") { return isFinite(v) ? String(v) : ""; }
    var s = v === null || v === undefined ? "" : String(v);
    var formula = !PLAIN_NUMBER.test(s) && (FORMULA_START.test(s) || FORMULA_AFTER_SEPARATOR.test(s));
    if (formula) { s = "'" + s.replace(FORMULA_SEPARATORS, "$1'"); }
    return formula || /[",;\n\r]|^ | $/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csvLine(cells) { return cells.map(function (c) { return csvCell(c); }).join(","); }
  // The columns of `liptako export` that the page holds, under export's names and in its order: a record drawn
  // at three places is three lines, as in export. A record's sources are its publishers and titles, as export
  // writes them; an event's, what its file says reported it.
  var COLUMNS = ["source_id", "source_format", "kind", "source_type", "start", "end", "date_label", "lat", "lon",
    "precision", "radius_km", "precision_why", "place", "source_country", "source_admin1", "country", "admin1",
    "border_km", "nearest_border", "tri_border_km", "actors", "fatalities", "fatalities_low", "fatalities_high",
    "fatalities_text", "summary", "notes", "sources", "geocoded"];
  function whole(x) { return x < 0 ? "" : x; }
  function csvText() {
    var lines = [COLUMNS.join(",")], ev = LG.ev, b = ev.b, v = LG.d.vocab, d = LG.d;
    for (var i = 0; i < ev.n; i++) {
      if (!passes(i)) { continue; }
      var curated = ev.recAt[i] >= 0, notes = curated ? ev.extra("note", i) : (b.notes ? b.notes[i] : "");
      var sources = curated ? ev.extra("sources", i).map(function (s) { return d.sources[s].publisher + ", " +
        d.sources[s].title; }).join("; ") : ev.text("reported_by", i);
      lines.push(csvLine([b.source_id[i], ev.text("format", i), ev.kinds[b.kind[i]], ev.text("type", i),
        isoOf(ev.start[i]), isoOf(ev.end[i]), ev.text("date", i), ev.lat[i], ev.lon[i],
        v.precisions[ev.text("precision", i)], b.radius[i], ev.text("why", i), ev.text("place", i),
        ev.text("source_country", i), ev.text("source_admin1", i), ev.text("country", i), ev.text("admin1", i),
        whole(b.border_km[i]), ev.text("nearest_border", i), whole(b.tri_km[i]), ev.text("actors", i),
        whole(b.fatalities[i]), b.fatalities_low ? whole(b.fatalities_low[i]) : "",
        b.fatalities_high ? whole(b.fatalities_high[i]) : "", ev.text("fatalities_text", i), ev.text("summary", i),
        notes, sources, curated || ev.text("geocoded", i) ? "True" : "False"]));
    }
    var cites = LG.d.meta.citations;
    return lines.join("\r\n") + "\r\n" +
      (cites.length ? csvCell("# " + cites.join(" ").replace(/[\r\n]/g, " ")) + "\r\n" : "");
  }
  function downloadCsv() {
    var blob = new Blob(["\ufeff" + csvText()], { type: "text/csv;charset=utf-8" });
    var a = LG.text.el("a"); a.href = URL.createObjectURL(blob); a.download = "events.csv";
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }

  return { COLUMNS: COLUMNS, cell: csvCell, line: csvLine, text: csvText, download: downloadCsv };
})();
