/* Public pages: font size 大/中/小 (every page), print, copy the article's link. No inline
   handlers (CSP). */
(function () {
  "use strict";

  var SIZES = ["small", "medium", "large"];
  var STORAGE_KEY = "news-font-size";

  // The size is set on the root element: every size on the page is in rem or em, so the whole
  // page follows, not only an article's body.
  function applySize(size) {
    var root = document.documentElement;
    if (SIZES.indexOf(size) < 0) { return; }
    SIZES.forEach(function (name) { root.classList.remove("font-" + name); });
    root.classList.add("font-" + size);
    document.querySelectorAll("[data-font-size]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-font-size") === size));
    });
  }

  function remember(size) {
    try { window.localStorage.setItem(STORAGE_KEY, size); } catch (error) { /* private mode */ }
  }

  function remembered() {
    try { return window.localStorage.getItem(STORAGE_KEY); } catch (error) { return null; }
  }

  function copyLink(button) {
    var url = button.getAttribute("data-copy-link") || window.location.href;
    var status = button.parentNode.querySelector(".share__status");
    function say(text) { if (status) { status.textContent = text; } }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { say("链接已复制"); }, function () {
        say("复制失败，请手动复制地址栏中的链接");
      });
    } else {
      say("请手动复制地址栏中的链接");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var saved = remembered();
    if (saved) { applySize(saved); }
    document.querySelectorAll("[data-font-size]").forEach(function (button) {
      button.addEventListener("click", function () {
        var size = button.getAttribute("data-font-size");
        applySize(size);
        remember(size);
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-copy-link]").forEach(function (button) {
      button.addEventListener("click", function () { copyLink(button); });
    });
  });
})();
