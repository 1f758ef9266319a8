// -- the data block's events: the columnar block (geo/render/columns.py) decoded into typed arrays -----
// One format for every row: a curated record (one row per place it names) and an imported event alike.
// Nothing per event is created up front: symbols, popups, tooltips, table rows and CSV lines are built from
// the typed arrays when asked for (asRecord gives one row as the record and placement a popup takes).
LG.decode = (function () {
  "use strict";
  // The kind (key, label, colour) of the data block's vocabulary with this key, or null.
  function kindOf(key) {
    return LG.d.vocab.kinds.filter(function (k) { return k.key === key; })[0] || null;
  }

  // Typed columns (geo/render/columns.py): base64 of a little-endian typed array, decoded once, in place, at
  // load (a plain array as it is); a combo's codes spread to one code per row. b.lat[i], c.codes[i] read alike.
  var TYPES = { i8: Int8Array, u8: Uint8Array, i16: Int16Array, u16: Uint16Array, i32: Int32Array, f64: Float64Array };
  var LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  function typed(c) {
    if (!c || c.b64 === undefined) { return c; }
    var T = TYPES[c.type], s = atob(c.b64), k = T.BYTES_PER_ELEMENT, bytes = new Uint8Array(s.length), i;
    // Each value's bytes reversed on a big-endian machine.
    for (i = 0; i < s.length; i++) { bytes[i] = s.charCodeAt(LITTLE ? i : i - i % k + k - 1 - i % k); }
    var out = new T(bytes.buffer);  // a fresh buffer: offset 0, aligned for any type
    if (c.scale) {
      var scaled = new Float64Array(out.length);
      for (i = 0; i < out.length; i++) { scaled[i] = out[i] / c.scale; }
      out = scaled;
    }
    return out;
  }
  // Source ids as a prefix dictionary and a number column (geo/render/columns.py, _source_ids): the ids again.
  function sourceIds(c) {
    if (!c || Array.isArray(c)) { return c; }
    var num = typed(c.number), codes = c.prefix.codes ? typed(c.prefix.codes) : null, values = c.prefix.values;
    var out = new Array(num.length);
    for (var i = 0; i < num.length; i++) { out[i] = values[codes ? codes[i] : 0] + String(num[i]); }
    return out;
  }
  function decodeColumns(b) {
    if (b.source_id) { b.source_id = sourceIds(b.source_id); }
    ["lat", "lon", "start", "span", "kind", "radius", "fatalities", "fatalities_low", "fatalities_high", "border_km",
      "tri_km"].forEach(function (key) { if (b[key]) { b[key] = typed(b[key]); } });
    var combo = typed(b.combo);
    Object.keys(b).forEach(function (key) {
      var c = b[key], per, i;
      if (c && c.codes) {
        c.codes = per = typed(c.codes);
        if (c.of) {  // a combo member's codes (< 256): one per combination (a loop: TypedArray.from is slow)
          c.codes = new Uint8Array(combo.length);
          for (i = 0; i < combo.length; i++) { c.codes[i] = per[combo[i]]; }
          delete c.of;
        }
      }
    });
    delete b.combo;
  }

  function decodeEvents(b, vocab) {
    decodeColumns(b);
    var n = b.n || 0, ev = { n: n, b: b };
    ev.x0 = new Float64Array(n); ev.y0 = new Float64Array(n);
    ev.lat = new Float64Array(n); ev.lon = new Float64Array(n);
    ev.start = new Int32Array(n); ev.end = new Int32Array(n);
    var day = b.day0 || 0, PI = Math.PI;
    for (var i = 0; i < n; i++) {
      var lat = b.lat[i] / 1e5, lon = b.lon[i] / 1e5;
      ev.lat[i] = lat; ev.lon[i] = lon;
      var sin = Math.sin(Math.max(-85.05, Math.min(85.05, lat)) * PI / 180);
      ev.x0[i] = (lon + 180) / 360 * 256;
      ev.y0[i] = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * PI)) * 256;
      day += b.start[i];
      ev.start[i] = day; ev.end[i] = day + b.span[i];
    }
    ev.kinds = vocab.kinds.map(function (k) { return k.key; });
    ev.text = function (key, i) { var c = b[key]; return c.codes ? c.values[c.codes[i]] : c.values[0]; };
    ev.code = function (key, i) { var c = b[key]; return c.codes ? c.codes[i] : 0; };
    // Rows of curated records: recAt[i] is row i's place in the sparse record columns, -1 for an imported event.
    var rec = b.record || null, at = rec ? rec.sources.at : [];
    ev.recAt = new Int32Array(n).fill(-1);
    for (var p = 0; p < at.length; p++) { ev.recAt[at[p]] = p; }
    ev.imported = n - at.length;
    ev.extra = function (key, i) { return rec && ev.recAt[i] >= 0 ? rec[key].values[ev.recAt[i]] : undefined; };
    return ev;
  }

  // The record and placement objects the popup builder takes, for row i of the decoded events ev of data block
  // d: an imported event's, or a curated record's with the record's own words, sources and geocoding.
  function orNull(x) { return x < 0 ? null : x; }
  function asRecord(ev, d, i) {
    var b = ev.b, v = d.vocab, fmt = ev.text("format", i), curated = ev.recAt[i] >= 0;
    // A field only a record's row carries, or what an imported event has in its place.
    function x(key, otherwise) { return curated ? ev.extra(key, i) : otherwise; }
    var rec = {
      id: curated ? b.source_id[i] : fmt + ":" + b.source_id[i], kind: ev.kinds[b.kind[i]], date: ev.text("date", i),
      date_text: x("date_text", ""), place_text: x("place_text", ""), actors: ev.text("actors", i),
      fatalities: orNull(b.fatalities[i]), fatalities_text: ev.text("fatalities_text", i),
      summary: ev.text("summary", i), note: x("note", b.notes ? b.notes[i] : ""),
      sources: x("sources", [ev.text("source", i)]), n_places: x("n_places", 1),
      format: curated ? "" : v.formats[fmt] || fmt, source_id: b.source_id[i], type: curated ? "" : ev.text("type", i),
      reported_by: curated ? "" : ev.text("reported_by", i)
    };
    var pl = {
      name: curated ? x("name") : ev.text("place", i) || "(no place name)", country: ev.text("source_country", i),
      admin1: ev.text("source_admin1", i), ne_admin1: ev.text("admin1", i), lat: ev.lat[i], lon: ev.lon[i],
      precision: v.precisions[ev.text("precision", i)], radius_km: b.radius[i],
      source: curated ? x("coordinates") : ev.text("geocoded", i) ? "coordinates from the geocoder"
        : "coordinates from the " + rec.format + " file",
      note: ev.text("why", i), border_km: orNull(b.border_km[i]), nearest_border: ev.text("nearest_border", i),
      tri_border_km: orNull(b.tri_km[i]), query: ev.text("place", i), match: x("match", ""), how: x("how", ""),
      matched_name: x("matched_name", ""), score: x("score", null), near: x("around", false)
    };
    return { rec: rec, pl: pl };
  }
  // Row i of the page's events.
  function eventAsRecord(i) { return asRecord(LG.ev, LG.d, i); }

  return { kindOf: kindOf, events: decodeEvents, asRecord: asRecord, eventAsRecord: eventAsRecord };
})();
