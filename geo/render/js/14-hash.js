// -- the link: the filter and the view in the address's hash -------------------------------------------
// #from=YYYY-MM-DD&to=...&off=kind,...&actor=...&view=lat,lon,z
LG.hash = (function () {
  "use strict";
  var isoOf = LG.days.isoOf;

  function writeHash() {
    if (!LG.hashReady) { return; }
    var f = LG.filter, parts = [];
    if (f.from !== null && f.from !== LG.span[0]) { parts.push("from=" + isoOf(f.from)); }
    if (f.to !== null && f.to !== LG.span[1]) { parts.push("to=" + isoOf(f.to)); }
    var off = Object.keys(f.kinds).filter(function (k) { return !f.kinds[k]; });
    if (off.length) { parts.push("off=" + off.join(",")); }
    if (f.actor) { parts.push("actor=" + encodeURIComponent(f.actor)); }
    var c = LG.map.getCenter();
    parts.push("view=" + c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + LG.map.getZoom());
    try { history.replaceState(null, "", "#" + parts.join("&")); } catch (e) { /* a sandboxed frame */ }
  }
  // A link this page writes is a few hundred characters; one longer than MAX_HASH is not, and is ignored
  // whole and dropped from the address (a 2 MB #actor= froze the page for half a minute; while the address
  // is that long, the browser itself slows down). Each value is cut to MAX_HASH_VALUE characters.
  var MAX_HASH = 4096, MAX_HASH_VALUE = 200;
  // The values of a hash ("#a=1&b=2"), or null for one too long to be a link this page wrote.
  function parseHash(hash) {
    var out = {};
    hash = String(hash || "");
    if (hash.length > MAX_HASH) { return null; }
    hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i <= 0) { return; }
      try { out[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)).slice(0, MAX_HASH_VALUE); } catch (e) { /* a malformed escape: ignored */ }
    });
    return out;
  }
  function readHash() {
    var hash = "";
    try { hash = String(location.hash || ""); } catch (e) { hash = ""; }
    var out = parseHash(hash);
    if (out === null) {
      try { history.replaceState(null, "", "#"); } catch (e) { /* a sandboxed frame */ }
      return {};
    }
    return out;
  }
  return { MAX_HASH: MAX_HASH, MAX_HASH_VALUE: MAX_HASH_VALUE, parse: parseHash, read: readHash, write: writeHash };
})();
