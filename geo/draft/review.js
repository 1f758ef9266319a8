// The review page of `liptako draft --map`: the draft's place mentions on the map, and each draft record with
// its sentence, every mention in it marked. All text comes from the page's JSON block and reaches the page as
// text nodes (textContent), never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lg-draft").textContent);
  var COLOURS = { exact: "#2a7a2a", alias: "#2a7a2a", fuzzy: "#b36b00", approximate: "#b36b00", area: "#6a4fa3" };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function km(x) {
    return x >= 10 ? Math.round(x) + " km" : Math.round(x * 10) / 10 + " km";
  }

  function describe(m) {
    var words = [m.status];
    if (m.name && m.name !== m.text) words.push("as " + m.name);
    if (m.country) words.push("(" + m.country + ")");
    if (m.radius_km) words.push("within " + km(m.radius_km));
    if (m.layer) words.push("· " + m.layer + (m.sources ? ", " + m.sources + " source" + (m.sources > 1 ? "s" : "") : ""));
    return words.join(" ");
  }

  function tip(m) {
    var box = el("div");
    box.appendChild(el("strong", "", m.text));
    box.appendChild(el("div", "", describe(m)));
    return box;
  }

  var map = L.map("lg-review-map", { zoomSnap: 0.25, zoomDelta: 0.5 });
  var land = L.geoJSON(data.countries, {
    interactive: false,
    style: { color: "#9a9a9a", weight: 1, fillColor: "#efe9dc", fillOpacity: 1 },
  }).addTo(map);
  map.fitBounds(land.getBounds());
  L.geoJSON(data.borders, { interactive: false, style: { color: "#555", weight: 1.6, dashArray: "6 4" } }).addTo(map);

  var labelled = {};
  var layers = data.mentions.map(function (m) {
    if (m.lat === null || m.lat === undefined) return null;
    var key = m.lat + "," + m.lon;
    var colour = COLOURS[m.status] || "#b36b00";
    var group = L.featureGroup();
    if (m.radius_km > 0) {
      L.circle([m.lat, m.lon], {
        radius: m.radius_km * 1000, color: colour, weight: 1, dashArray: "4 4", fillOpacity: 0.06,
      }).addTo(group);
    }
    var dot = L.circleMarker([m.lat, m.lon], {
      radius: 6, color: "#fff", weight: 1.5, fillColor: colour, fillOpacity: 1,
    }).addTo(group);
    dot.bindPopup(tip(m));
    // One label per point, naming every place drawn there, however often the article names them.
    var names = labelled[key] || (labelled[key] = { at: [m.lat, m.lon], names: [] });
    if (names.names.indexOf(m.name || m.text) < 0) names.names.push(m.name || m.text);
    group.addTo(map);
    return group;
  });

  Object.keys(labelled).forEach(function (key) {
    L.tooltip({ permanent: true, direction: "right", offset: [6, 0], className: "lg-label", interactive: false })
      .setLatLng(labelled[key].at).setContent(el("span", "", labelled[key].names.join(" / "))).addTo(map);
  });

  function fit(indexes) {
    var bounds = L.latLngBounds([]);
    indexes.forEach(function (i) {
      var m = data.mentions[i];
      if (layers[i] && m.radius_km <= 60) bounds.extend([m.lat, m.lon]);
      else if (layers[i]) bounds.extend(L.latLng(m.lat, m.lon).toBounds(m.radius_km * 2000));
    });
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.3), { maxZoom: 9 });
    else map.fitBounds(land.getBounds());
  }

  // The list: the source, what is not placed, then each record.
  var list = document.getElementById("lg-review-list");
  list.appendChild(el("h1", "", data.source.title || "Draft"));
  var src = el("p", "lg-source");
  src.appendChild(el("span", "", [data.source.publisher, data.source.date].filter(Boolean).join(" · ")));
  if (/^https?:\/\//i.test(data.source.url || "")) {
    src.appendChild(document.createTextNode(" · "));
    var a = el("a", "", data.source.url);
    a.href = data.source.url;
    a.rel = "noopener noreferrer";
    src.appendChild(a);
  }
  list.appendChild(src);
  list.appendChild(
    el("p", "lg-note",
      "A draft: nothing here is in the data. Check each record against its sentence, fix the drafts file, " +
      "empty its review cell, then run liptako accept.")
  );

  var unplaced = data.mentions.filter(function (m) { return m.lat === null || m.lat === undefined; });
  if (unplaced.length) {
    var box = el("div", "lg-unplaced");
    box.appendChild(el("strong", "", "Not placed (" + unplaced.length + ")"));
    var ul = el("ul");
    unplaced.forEach(function (m) {
      var names = (m.candidates || []).map(function (c) { return c.name + " (" + c.country + ")"; });
      var more = names.length ? ": " + names.join("; ") : (m.suggestions || []).length ? ": did you mean " + m.suggestions.join(", ") : "";
      ul.appendChild(el("li", "lg-" + m.status, m.text + " — " + m.status + more));
    });
    box.appendChild(ul);
    list.appendChild(box);
  }

  function sentence(r) {
    var p = el("p", "lg-sentence");
    var at = 0;
    r.mentions.forEach(function (i) {
      var m = data.mentions[i];
      var a = m.start - r.start, b = m.end - r.start;
      if (a < at || b > r.sentence.length) return; // a place from the sentence before: listed, not marked
      p.appendChild(document.createTextNode(r.sentence.slice(at, a)));
      var mark = el("mark", "lg-" + m.status, r.sentence.slice(a, b));
      mark.title = describe(m);
      p.appendChild(mark);
      at = b;
    });
    p.appendChild(document.createTextNode(r.sentence.slice(at)));
    return p;
  }

  var cards = data.records.map(function (r) {
    var card = el("div", "lg-record");
    card.setAttribute("data-id", r.id);
    var h = el("h2");
    h.appendChild(el("span", "lg-kind", r.kind));
    h.appendChild(el("span", "", r.date));
    card.appendChild(h);
    card.appendChild(sentence(r));
    var meta = [];
    if (r.places.length) meta.push("places: " + r.places.join("; "));
    if (r.fatalities.min !== null) {
      meta.push("fatalities: " + r.fatalities.min + (r.fatalities.max !== null && r.fatalities.max !== r.fatalities.min ? "–" + r.fatalities.max : r.fatalities.max === null ? "+" : "") + " (" + r.fatalities_text + ")");
    }
    if (r.actors.length) meta.push("actors: " + r.actors.join("; "));
    meta.push("id: " + r.id);
    card.appendChild(el("div", "lg-meta", meta.join(" · ")));
    if (r.review.length) {
      var reasons = el("ul", "lg-review-reasons");
      r.review.forEach(function (why) { reasons.appendChild(el("li", "", why)); });
      card.appendChild(reasons);
    }
    card.addEventListener("click", function () {
      cards.forEach(function (c) { c.classList.remove("lg-on"); });
      card.classList.add("lg-on");
      fit(r.mentions);
    });
    list.appendChild(card);
    return card;
  });
  if (!data.records.length) list.appendChild(el("p", "", "No sentence of this article reports an event the lexicon knows."));

  fit(data.mentions.map(function (_, i) { return i; }));
  window.liptakoReview = {
    mentions: data.mentions.length,
    placed: layers.filter(Boolean).length,
    records: data.records.length,
    fit: function (id) {
      var i = data.records.findIndex(function (r) { return r.id === id; });
      if (i >= 0) cards[i].click();
      return i >= 0;
    },
  };
  document.body.setAttribute("data-lg-ready", "1");
})();
