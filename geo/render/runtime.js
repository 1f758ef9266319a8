/* Liptako-Gourma map runtime: draws the project's layers from embedded JSON. Plain Leaflet, no other library. */
(function () {
  "use strict";
  var LG = {};
  // Vector layer from GeoJSON; each feature may carry a "style" object and an escaped "tip".
  LG.basemaps = [];
  LG.vector = function (data, base, basemap) {
    var layer = L.geoJSON(data, {
      style: function (f) { return Object.assign({}, base, f.properties.style || {}); },
      onEachFeature: function (f, layer) {
        if (f.properties.tip) { layer.bindTooltip(f.properties.tip, { sticky: true, className: "lg-tip" }); }
      }
    });
    if (basemap) { LG.basemaps.push(layer); }
    return layer;
  };
  // A map in a small frame (an embed) starts with the legend and layer list folded away.
  LG.small = function () { return window.innerWidth < 720 || window.innerHeight < 480; };
  // With a tile base layer on, the vector basemap keeps its lines but lets the tiles show through.
  LG.onBase = function (e) {
    var tiles = !!(e.layer && e.layer.getTileUrl);
    LG.basemaps.forEach(function (layer) { layer.setStyle({ fillOpacity: tiles ? 0.15 : 1.0 }); });
  };
  LG.adapt = function () {
    var legend = document.getElementById("lg-legend");
    if (legend && LG.small()) { legend.open = false; }
  };
  // Point symbols: one circle marker each, plus a dashed uncertainty circle for approximate places.
  LG.points = function (rows) {
    var group = L.featureGroup();
    rows.forEach(function (d) {
      if (d.radius_m > 0) {
        L.circle([d.lat, d.lon], {
          radius: d.radius_m, color: d.colour, weight: 1.5, dashArray: "6 6",
          fillColor: d.colour, fillOpacity: d.radius_m < 30000 ? 0.06 : 0, interactive: false, className: "lg-uncertainty"
        }).addTo(group);
      }
      var marker = L.circleMarker([d.lat, d.lon], {
        radius: d.px, color: d.approx ? d.colour : "#222", weight: d.approx ? 2 : 1,
        dashArray: d.approx ? "3 3" : null, fillColor: d.colour, fillOpacity: d.approx ? 0.35 : 0.8,
        className: "lg-symbol " + d.cls
      });
      // Pan popups clear of the title and legend (left) and the layer control (right).
      if (d.popup) {
        marker.bindPopup(d.popup, { maxWidth: 400, minWidth: 300, maxHeight: 330,
          autoPanPaddingTopLeft: [270, 70], autoPanPaddingBottomRight: [260, 20] });
      }
      if (d.tip) { marker.bindTooltip(d.tip, d.label ? { permanent: true, direction: "right", className: "lg-label" } : {}); }
      marker.addTo(group);
    });
    return group;
  };
  window.LG = LG;
})();
