// -- text into the page: escaping, elements made of text nodes, table cells, folding for search --------
LG.text = (function () {
  "use strict";
  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; }); }

  // el("div", "cls", [child, "text", null, ...]): strings become text nodes, null is skipped.
  function el(tag, cls, kids) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    (kids || []).forEach(function (k) {
      if (k === null || k === undefined || k === "") { return; }
      node.appendChild(typeof k === "object" ? k : document.createTextNode(String(k)));
    });
    return node;
  }
  function quiet(kids) { return el("span", "lg-quiet", kids); }
  function safeUrl(url) { return /^https?:\/\/[^\s]/i.test(url || "") ? url : ""; }
  function link(url, text) {
    url = safeUrl(url);
    if (!url) { return el("span", null, [text]); }
    var a = el("a", null, [text]);
    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }
  function join(items, sep) {
    var out = [];
    items.forEach(function (x, i) { if (i) { out.push(typeof sep === "function" ? sep() : sep); } out.push(x); });
    return out;
  }
  function table(rows) {
    return el("table", null, rows.map(function (r) {
      return el("tr", null, [el("th", null, [r[0]]), el("td", null, Array.isArray(r[1]) ? r[1] : [r[1]])]);
    }));
  }
  function swatch(colour, px, dashed) {
    var s = el("span", "lg-sw");
    s.style.width = s.style.height = (2 * px) + "px";
    s.style.background = colour;
    s.style.border = dashed ? "2px dashed " + colour : "1px solid #222";
    s.style.opacity = dashed ? "0.6" : "0.85";
    return s;
  }

  // Lower case without accents, for the actor filter and the table's search: fold("Ménaka") is "menaka".
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // A table cell shows at most this many characters (then "\u2026"); the popup and the CSV have the whole
  // text, and the search looks in the whole text. A long word with no spaces (5,000 characters is allowed per
  // cell) costs the browser's line breaking time on every redraw; cut, it costs nothing.
  var CELL_CHARS = 300;
  function cellText(s) {
    s = s === null || s === undefined ? "" : String(s);
    return s.length > CELL_CHARS ? s.slice(0, CELL_CHARS) + "\u2026" : s;
  }

  return { esc: esc, el: el, quiet: quiet, safeUrl: safeUrl, link: link, join: join, table: table, swatch: swatch,
    fold: fold, CELL_CHARS: CELL_CHARS, cellText: cellText };
})();
