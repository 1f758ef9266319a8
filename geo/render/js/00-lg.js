/* Liptako-Gourma map runtime: builds every layer, popup, label and panel from the page's one data
   block (the JSON script element with id lg-data). Plain Leaflet, no other library.

   Data text reaches the page only as text: through el() and text nodes (textContent), or through
   esc() where Leaflet takes an HTML string (the layer control's names). Nothing from the data is
   ever parsed as HTML or run as JavaScript.

   The runtime is the files of geo/render/js joined, inside one function, in the order
   geo/render/assets.py lists (no bundler). This first file makes LG, the page's one shared object: the
   state below (the data block LG.d, the map LG.map, the decoded events LG.ev, the filter, the
   symbols...), written by the modules as the page starts. Each later file is one module,
   LG.<name> = (function () { ... return {exports}; })(), that uses only what earlier files export when it
   loads (and any module when its functions run). The last file gives embedding pages and tests their
   names, window.liptako and LG's flat names (LG.esc, LG.readHash...), and sets window.LG last. */
var LG = {
  basemaps: [], layers: {}, symbols: [], towns: [],
  labels: [],  // every name on the map (50-labels.js)
  filter: { from: null, to: null, kinds: {}, actor: "" }  // the filter every layer, count, table and download follows
};
