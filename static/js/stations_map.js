/* The service-site map (only when the site settings name a tile service): Leaflet, loaded from
   the portal's own static files. Positions come in the tiles' datum, computed by the server. */
(function () {
  "use strict";
  var box = document.getElementById("finder-map");
  if (!box || typeof L === "undefined") {
    return;
  }
  var map = L.map(box);
  L.tileLayer(box.getAttribute("data-tiles"), {
    attribution: box.getAttribute("data-attribution") || "",
    maxZoom: 18,
  }).addTo(map);
  var bounds = [];
  document.querySelectorAll(".station-list--map [data-lat]").forEach(function (item) {
    var position = [parseFloat(item.getAttribute("data-lat")), parseFloat(item.getAttribute("data-lng"))];
    var link = document.createElement("a");
    link.href = item.getAttribute("data-url");
    link.textContent = item.getAttribute("data-name");
    L.marker(position, { title: item.getAttribute("data-name") }).addTo(map).bindPopup(link);
    bounds.push(position);
  });
  var origin = box.getAttribute("data-origin");
  if (origin) {
    var point = origin.split(",").map(parseFloat);
    L.circleMarker(point, { radius: 8 }).addTo(map).bindPopup("出发位置");
    bounds.push(point);
  }
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  } else {
    map.setView([32.0, 120.9], 10);
  }
})();
