// -- the time panel ---------------------------------------------------------------------------------------
LG.time = (function () {
  "use strict";
  var el = LG.text.el, isoOf = LG.days.isoOf, F = LG.filters, actorText = F.actorText, actorMatches = F.actorMatches;
  var MAX_ACTOR = F.MAX_ACTOR;

  // The time panel: a two-handled date range with play, an actor filter, the count, the table and CSV.
  function timePanel(d) {
    // A <details>: on a small screen it starts folded to one line (the dates and the count).
    var span = LG.span, node = el("details", "lg-panel lg-time");
    node.id = "lg-time";
    node.open = !LG.compact;
    function range(value) {
      var r = el("input", "lg-range");
      r.type = "range"; r.min = span[0]; r.max = span[1]; r.step = 1; r.value = value;
      return r;
    }
    var from = range(span[0]), to = range(span[1]);
    from.id = "lg-from"; to.id = "lg-to";
    from.setAttribute("aria-label", "From"); to.setAttribute("aria-label", "To");
    var label = el("span", "lg-range-label"), count = el("span", "lg-count");
    var play = el("button", "lg-play", ["\u25b6 Play"]); play.type = "button";
    var actor = el("input", "lg-actor"); actor.type = "search"; actor.placeholder = "actor contains\u2026";
    actor.setAttribute("aria-label", "Actor contains"); actor.maxLength = MAX_ACTOR;
    var tableBtn = el("button", "lg-table-toggle", ["Table"]); tableBtn.type = "button";
    var csv = el("button", "lg-csv", ["Download CSV"]); csv.type = "button";
    node.appendChild(el("summary", "lg-time-summary", [label, el("span", "lg-sep", [" \u00b7 "]), count]));
    node.appendChild(el("div", "lg-ranges", [from, to]));
    node.appendChild(el("div", "lg-time-row", [play, " ", actor, " ", tableBtn, " ", csv]));
    function sync() {
      var a = +from.value, b = +to.value;
      if (a > b) { if (this === from) { to.value = a; } else { from.value = b; } }
      LG.filter.from = +from.value; LG.filter.to = +to.value;
      LG.filters.apply();
    }
    from.addEventListener("input", sync); to.addEventListener("input", sync);
    actor.addEventListener("input", function () { LG.filter.actor = actorText(actor.value); actorMatches(); LG.filters.apply(); });
    var timer = null;
    play.addEventListener("click", function () {
      if (timer) { clearInterval(timer); timer = null; play.textContent = "\u25b6 Play"; return; }
      var width = Math.max(1, (+to.value) - (+from.value));
      // From the whole span (or a window at its end), play a tenth of it from the start.
      if (width >= span[1] - span[0]) { width = Math.max(1, Math.round((span[1] - span[0]) / 10)); }
      if (+to.value >= span[1]) { from.value = span[0]; to.value = span[0] + width; }
      play.textContent = "\u275a\u275a Pause";
      timer = setInterval(function () {
        var step = Math.max(1, Math.round((span[1] - span[0]) / 60));
        var b = Math.min(span[1], (+to.value) + step);
        from.value = b - width; to.value = b;
        LG.filter.from = +from.value; LG.filter.to = +to.value; LG.filters.apply();
        if (b >= span[1]) { clearInterval(timer); timer = null; play.textContent = "\u25b6 Play"; }
      }, 400);
    });
    tableBtn.addEventListener("click", function () { LG.table.toggle(); });
    csv.addEventListener("click", function () { LG.csv.download(); });
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    return {
      node: node,
      update: function (n) {
        from.value = LG.filter.from; to.value = LG.filter.to; actor.value = LG.filter.actor;
        label.textContent = isoOf(LG.filter.from) + " \u2013 " + isoOf(LG.filter.to);
        count.textContent = n + " of " + LG.total + " shown";
      }
    };
  }

  return { panel: timePanel };
})();
