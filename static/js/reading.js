/* 关怀版 and reading aloud. The mode switch keeps the page's other query parameters; "读屏" reads the
   page's main text with the browser's own speech synthesis (nothing is sent anywhere). The button
   stays hidden where the browser has no speech synthesis. No inline handlers (CSP). */
(function () {
  "use strict";

  function keepQuery(link) {
    var mode = link.getAttribute("data-mode-switch");
    var params = new URLSearchParams(window.location.search);
    params.set("mode", mode);
    link.setAttribute("href", window.location.pathname + "?" + params.toString());
  }

  function readableText() {
    var target = document.querySelector("[data-read-aloud-target]") || document.getElementById("main");
    if (!target) { return ""; }
    var copy = target.cloneNode(true);
    copy.querySelectorAll("script, style, [aria-hidden='true'], .visually-hidden, nav, form, .share, .article__tools").forEach(function (node) {
      node.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  // Browsers stop long utterances part way: speak sentence by sentence.
  function sentences(text) {
    return text.match(/[^。！？!?；;.]+[。！？!?；;.]?/g) || [];
  }

  function setUpReadAloud(button) {
    var synth = window.speechSynthesis;
    var start = button.getAttribute("data-label-start");
    var stop = button.getAttribute("data-label-stop");
    var language = document.documentElement.getAttribute("lang") || "zh-CN";

    function idle() { button.textContent = start; }

    button.hidden = false;
    button.addEventListener("click", function () {
      if (synth.speaking || synth.pending) {
        synth.cancel();
        idle();
        return;
      }
      var parts = sentences(readableText());
      if (!parts.length) { return; }
      button.textContent = stop;
      parts.forEach(function (part, index) {
        var utterance = new window.SpeechSynthesisUtterance(part);
        utterance.lang = language;
        utterance.rate = 0.9;
        if (index === parts.length - 1) { utterance.addEventListener("end", idle); }
        synth.speak(utterance);
      });
    });
    window.addEventListener("pagehide", function () { synth.cancel(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-mode-switch]").forEach(keepQuery);
    if ("speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
      document.querySelectorAll("[data-read-aloud]").forEach(setUpReadAloud);
    }
  });
})();
