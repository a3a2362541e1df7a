/* Service-site finder: the state shown ("开放中"/"已关闭") follows the clock, and the reader
   can sort by distance from where they are. Everything here is an enhancement: without it the
   list shows the state when the page was rendered, and a district or a typed place sorts it. */
(function () {
  "use strict";

  var OPEN = "开放中";
  var CLOSED = "已关闭";

  function refreshStates() {
    var now = Date.now();
    document.querySelectorAll("[data-changes]").forEach(function (item) {
      var changes;
      try {
        changes = JSON.parse(item.getAttribute("data-changes"));
      } catch (error) {
        return;
      }
      var state = null;
      changes.forEach(function (change) {
        if (Date.parse(change[0]) <= now) {
          state = change[1];
        }
      });
      var label = item.querySelector("[data-state]");
      if (state === null || !label) {
        return;
      }
      label.textContent = state ? OPEN : CLOSED;
      label.classList.toggle("station-state--open", state);
      label.classList.toggle("station-state--closed", !state);
    });
  }

  function setUpLocate() {
    var box = document.querySelector("[data-locate]");
    if (!box || !("geolocation" in navigator)) {
      return;
    }
    var form = box.closest("form");
    var status = box.querySelector("[data-locate-status]");
    box.hidden = false;
    box.querySelector("button").addEventListener("click", function () {
      status.textContent = "正在获取您的位置…";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          // About 100 m: enough to sort by distance; neighbours share one cached page.
          form.elements.lat.value = position.coords.latitude.toFixed(3);
          form.elements.lng.value = position.coords.longitude.toFixed(3);
          form.elements.near.value = "";
          form.elements.place.value = "";
          status.textContent = "已获取位置，正在按距离排序…";
          form.submit();
        },
        function () {
          status.textContent = "未能获取您的位置。您可以选择出发的区县，或输入地点。";
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 }
      );
    });
    // A district or a typed place replaces a position given before.
    ["near", "place"].forEach(function (name) {
      var field = form.elements[name];
      if (field) {
        field.addEventListener("change", function () {
          form.elements.lat.value = "";
          form.elements.lng.value = "";
        });
      }
    });
  }

  refreshStates();
  setInterval(refreshStates, 60000);
  setUpLocate();
})();
