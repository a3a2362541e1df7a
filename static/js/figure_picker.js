/*
 * The live-figure picker beside the article editor (news admin).
 *
 * A textarea with data-figure-picker="<staff JSON endpoint>" gets, after its editor, a small
 * form: a search box (name of the figure) and a year. The endpoint lists matching figures with
 * their current values; choosing one inserts its code, e.g. [[figure:2018:student_grant_yuan]],
 * at the caret of the CKEditor 5 instance django-ckeditor-5 made for the textarea
 * (window.editors[id], through the editor's public model API), or, when no editor is there,
 * at the caret of the plain textarea. Loaded as a static file: the CSP allows no inline script.
 */
(function () {
  "use strict";

  var SEARCH_DELAY_MS = 250;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function editorFor(textarea) {
    var editors = window.editors || {};
    return editors[textarea.id] || null;
  }

  function insertIntoEditor(editor, code) {
    editor.model.change(function (writer) {
      editor.model.insertContent(writer.createText(code));
    });
    editor.editing.view.focus();
  }

  function insertIntoTextarea(textarea, code) {
    var start = textarea.selectionStart || 0;
    var end = textarea.selectionEnd || start;
    var value = textarea.value;
    textarea.value = value.slice(0, start) + code + value.slice(end);
    textarea.selectionStart = textarea.selectionEnd = start + code.length;
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    textarea.focus();
  }

  function insert(textarea, code) {
    var editor = editorFor(textarea);
    if (editor && editor.model) {
      insertIntoEditor(editor, code);
      return "editor";
    }
    insertIntoTextarea(textarea, code);
    return "textarea";
  }

  function buildPicker(textarea) {
    var url = textarea.getAttribute("data-figure-picker");
    var id = textarea.id || "body";
    var fieldset = element("fieldset", { "class": "figure-picker", "data-figure-picker-for": id });
    fieldset.appendChild(element("legend", {}, "插入实时数据"));
    var search = element("div", { "class": "figure-picker__search" });
    var textLabel = element("label", { "for": id + "-figure-search" }, "指标名称");
    var textInput = element("input", {
      "type": "search",
      "id": id + "-figure-search",
      "maxlength": "50",
      "placeholder": "如：助学金、参赛企业",
      "autocomplete": "off"
    });
    textLabel.appendChild(textInput);
    var yearLabel = element("label", { "for": id + "-figure-year" }, "年度");
    var yearSelect = element("select", { "id": id + "-figure-year" });
    yearSelect.appendChild(element("option", { "value": "" }, "全部年度"));
    yearLabel.appendChild(yearSelect);
    search.appendChild(textLabel);
    search.appendChild(yearLabel);
    fieldset.appendChild(search);
    var results = element("ul", { "class": "figure-picker__results", "aria-label": "可插入的实时数据" });
    fieldset.appendChild(results);
    var status = element("p", { "class": "figure-picker__status", "role": "status", "aria-live": "polite" });
    fieldset.appendChild(status);

    var yearsLoaded = false;
    var timer = null;
    var latest = 0;

    function showYears(years) {
      if (yearsLoaded) {
        return;
      }
      yearsLoaded = true;
      years.forEach(function (year) {
        yearSelect.appendChild(element("option", { "value": String(year) }, year + "年"));
      });
    }

    function show(data) {
      results.textContent = "";
      data.figures.forEach(function (figure) {
        var item = element("li");
        var button = element("button", {
          "type": "button",
          "data-code": figure.code,
          "title": figure.label + "：" + figure.exact + "（" + figure.year + "年）"
        }, figure.year + "年 " + figure.label + "：" + figure.formatted);
        button.appendChild(element("code", {}, figure.code));
        button.addEventListener("click", function () {
          insert(textarea, figure.code);
          status.textContent = "已插入 " + figure.year + "年“" + figure.label + "”（" + figure.code + "）。";
        });
        item.appendChild(button);
        results.appendChild(item);
      });
      if (!data.figures.length) {
        status.textContent = "没有找到符合条件的指标。";
      } else if (data.more) {
        status.textContent = "只列出前 " + data.figures.length + " 项，请输入更具体的名称或选择年度。";
      } else {
        status.textContent = "找到 " + data.figures.length + " 项，点击即可插入正文。";
      }
    }

    function load() {
      var params = new URLSearchParams();
      if (textInput.value.trim()) {
        params.set("q", textInput.value.trim());
      }
      if (yearSelect.value) {
        params.set("year", yearSelect.value);
      }
      var request = ++latest;
      results.setAttribute("aria-busy", "true");
      status.textContent = "正在查找…";
      fetch(url + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (answer) {
          if (request !== latest) {
            return; // a newer search has been sent
          }
          results.setAttribute("aria-busy", "false");
          if (!answer.ok) {
            results.textContent = "";
            status.textContent = answer.data.error || "暂时无法列出指标，请稍后再试。";
            return;
          }
          showYears(answer.data.years);
          show(answer.data);
        })
        .catch(function () {
          if (request === latest) {
            results.setAttribute("aria-busy", "false");
            status.textContent = "暂时无法列出指标，请稍后再试。";
          }
        });
    }

    textInput.addEventListener("input", function () {
      // The list is stale until this search answers; answers to earlier ones are dropped.
      results.setAttribute("aria-busy", "true");
      latest++;
      window.clearTimeout(timer);
      timer = window.setTimeout(load, SEARCH_DELAY_MS);
    });
    textInput.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // search, never submit the article form
        window.clearTimeout(timer);
        load();
      }
    });
    yearSelect.addEventListener("change", load);

    // Below the field's row (the admin lays a label and its input out side by side).
    var anchor = textarea.closest(".flex-container") || textarea.closest(".ck-editor-container") || textarea;
    anchor.parentNode.insertBefore(fieldset, anchor.nextSibling);
    load();
  }

  function start() {
    var textareas = document.querySelectorAll("textarea[data-figure-picker]");
    Array.prototype.forEach.call(textareas, function (textarea) {
      if (!textarea.hasAttribute("data-figure-picker-ready")) {
        textarea.setAttribute("data-figure-picker-ready", "1");
        buildPicker(textarea);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
