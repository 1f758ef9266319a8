// -- CSV: the cell rule, and the download of what passes the filter -------------------------------------
LG.csv = (function () {
  "use strict";
  var isoOf = LG.days.isoOf, passes = LG.filters.passes, symbolPasses = LG.filters.symbolPasses;
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
  function csvText() {
    var cols = ["source_format", "source_id", "kind", "start", "end", "date", "lat", "lon", "precision", "radius_km",
      "place", "actors", "fatalities", "type", "reported_by", "border_km", "nearest_border", "tri_border_km", "notes"];
    var lines = [cols.join(",")], ev = LG.ev, v = LG.d.vocab;
    LG.symbols.forEach(function (s) {
      if (!symbolPasses(s)) { return; }
      var r = s.rec, p = s.pl;
      lines.push(csvLine([ "records", r.id, r.kind, r.start, r.end, r.date, p.lat, p.lon, p.precision, p.radius_km, p.name,
        r.actors, r.fatalities, "", "", p.border_km, p.nearest_border, p.tri_border_km, r.note ]));
    });
    for (var i = 0; i < ev.n; i++) {
      if (!passes(i)) { continue; }
      var b = ev.b;
      lines.push(csvLine([ev.text("format", i), b.source_id[i], ev.kinds[b.kind[i]], isoOf(ev.start[i]), isoOf(ev.end[i]),
        ev.text("date", i), ev.lat[i], ev.lon[i], v.precisions[ev.text("precision", i)], b.radius[i], ev.text("place", i),
        ev.text("actors", i), b.fatalities[i] < 0 ? "" : b.fatalities[i], ev.text("type", i), ev.text("reported_by", i),
        b.border_km[i] < 0 ? "" : b.border_km[i], ev.text("nearest_border", i), b.tri_km[i] < 0 ? "" : b.tri_km[i],
        b.notes ? b.notes[i] : ""]));
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

  return { cell: csvCell, line: csvLine, text: csvText, download: downloadCsv };
})();
