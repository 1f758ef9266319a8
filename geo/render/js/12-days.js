// -- days: the runtime counts dates as whole days since 1970-01-01 (UTC) -------------------------------
LG.days = (function () {
  "use strict";
  function dayOf(iso) { return Math.floor(Date.parse(iso + "T00:00:00Z") / 86400000); }
  function isoOf(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
  function validDay(s) {  // a real day written YYYY-MM-DD (2022-02-30 is not one)
    return /^\d{4}-\d{2}-\d{2}$/.test(s || "") && isFinite(dayOf(s)) && isoOf(dayOf(s)) === s ? dayOf(s) : null;
  }
  return { dayOf: dayOf, isoOf: isoOf, validDay: validDay };
})();
