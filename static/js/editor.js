/* Pameran — booth editor, progressive enhancement only: the form works without this file.
 * 1. Unsaved changes: warns on leaving the page while form[data-editor] has unsaved input
 *    (data-dirty is set by the server when it sends the form back with errors).
 * 2. Theme colour: keeps the colour picker and the #RRGGBB field in step and recomputes
 *    the contrast of white text on the colour (WCAG 2.1) with the texts of [data-contrast].
 * 3. Markdown preview: button[data-md-preview] (hidden without JS) posts the field's text to
 *    ./markdown-preview with the X-CSRF-Token header and shows the sanitised HTML below it.
 * 4. Error summary: #editor-problems takes the focus, so it is read out first; its links
 *    focus the field they name.
 * 5. "Add another row" (button[data-add-row], which without JavaScript sends the form back
 *    with one more blank row): copies the list's blank row in place, numbered next.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-editor]");
  if (!form) return;
  var lang = document.documentElement.lang || "id";

  /* 1. Unsaved changes ------------------------------------------------------------ */
  var dirty = form.hasAttribute("data-dirty");
  var status = form.querySelector("[data-save-status]");

  function markDirty() {
    if (dirty) return;
    dirty = true;
    if (status && status.getAttribute("data-text-dirty")) {
      status.textContent = status.getAttribute("data-text-dirty");
      status.classList.remove("editor-savebar__status--idle");
      status.classList.add("editor-savebar__status--dirty");
    }
  }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need a value to show their own warning
  });

  /* 2. Theme colour ------------------------------------------------------------- */
  var HEX = /^#[0-9a-fA-F]{6}$/;

  function channel(value) {
    var c = value / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
  function luminance(hex) {
    var r = parseInt(hex.slice(1, 3), 16), g = parseInt(hex.slice(3, 5), 16), b = parseInt(hex.slice(5, 7), 16);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  }
  function whiteContrast(hex) {
    return 1.05 / (luminance(hex) + 0.05);
  }
  function formatRatio(ratio) {
    var floored = Math.floor(ratio * 10) / 10; // never round a failing ratio up to 4.5
    var text = floored % 1 === 0 ? String(floored) : floored.toFixed(1);
    return lang === "id" ? text.replace(".", ",") : text;
  }

  var colorBox = form.querySelector("[data-color]");
  if (colorBox) {
    var picker = colorBox.querySelector("[data-color-picker]");
    var text = colorBox.querySelector("[data-color-text]");
    var sample = colorBox.querySelector("[data-color-sample]");
    var note = colorBox.querySelector("[data-contrast]");
    var noteText = note && note.querySelector("[data-contrast-text]");
    var minimum = note ? parseFloat(note.getAttribute("data-min")) || 4.5 : 4.5;

    var showContrast = function (value) {
      if (!note || !noteText) return;
      var valid = HEX.test(value);
      note.classList.remove("editor-contrast--ok", "editor-contrast--low");
      if (!valid) {
        noteText.textContent = note.getAttribute("data-text-none");
        if (sample) sample.style.removeProperty("background-color");
        return;
      }
      var ratio = whiteContrast(value);
      var ok = ratio >= minimum;
      note.classList.add(ok ? "editor-contrast--ok" : "editor-contrast--low");
      noteText.textContent = note.getAttribute(ok ? "data-text-ok" : "data-text-low").replace("{ratio}", formatRatio(ratio));
      if (sample) sample.style.backgroundColor = value;
    };

    if (picker && text) {
      picker.addEventListener("input", function () {
        text.value = picker.value;
        showContrast(picker.value);
      });
      text.addEventListener("input", function () {
        var value = text.value.trim();
        if (/^[0-9a-fA-F]{6}$/.test(value)) value = "#" + value;
        if (HEX.test(value)) picker.value = value.toLowerCase();
        showContrast(value);
      });
      showContrast(text.value.trim());
    }
  }

  /* 3. Markdown preview --------------------------------------------------------- */
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var previewUrl = form.getAttribute("action").replace(/\/$/, "") + "/markdown-preview";

  Array.prototype.forEach.call(form.querySelectorAll("[data-md-preview]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-md-preview"));
    var box = document.getElementById(button.getAttribute("aria-controls"));
    var output = box && box.querySelector("[data-md-output]");
    if (!field || !box || !output || !window.fetch || !tokenMeta) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      button.setAttribute("aria-busy", "true");
      fetch(previewUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": tokenMeta.getAttribute("content") },
        body: JSON.stringify({ text: field.value })
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          output.innerHTML = data.html; // sanitised by the server (nh3 allowlist)
          box.classList.remove("editor-md__preview--failed");
        })
        .catch(function () {
          output.textContent = box.getAttribute("data-text-failed") || "—";
          box.classList.add("editor-md__preview--failed");
        })
        .then(function () {
          box.hidden = false;
          button.setAttribute("aria-expanded", "true");
          button.removeAttribute("aria-busy");
        });
    });
  });

  /* 4. Error summary ------------------------------------------------------------ */
  var summary = document.getElementById("editor-problems");
  if (summary) {
    summary.focus();
    // A link to a field focuses it and shows its label, not only scrolls to it.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href^="#"]');
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      var details = target.closest("details");
      if (details) details.open = true;
      var field = target.closest(".field, fieldset") || target;
      event.preventDefault();
      field.scrollIntoView({ block: "start" });
      var control = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
      if (control) control.focus({ preventScroll: true });
      if (history.replaceState) history.replaceState(null, "", link.getAttribute("href"));
    });
  }

  /* 5. Add another row ------------------------------------------------------------ */
  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  Array.prototype.forEach.call(form.querySelectorAll("[data-add-row]"), function (button) {
    var prefix = button.value; // pillars.<key>.<kind>
    var list = button.parentNode;
    button.addEventListener("click", function (event) {
      var blanks = list.querySelectorAll("details.editor-add");
      var template = blanks[blanks.length - 1];
      if (!template) return; // let the server add it
      event.preventDefault();
      var highest = -1;
      Array.prototype.forEach.call(list.querySelectorAll("[name]"), function (field) {
        var match = field.name.slice(prefix.length).match(/^\.(\d+)\./);
        if (field.name.indexOf(prefix + ".") === 0 && match) highest = Math.max(highest, +match[1]);
      });
      var next = highest + 1;
      var idPrefix = "f-" + prefix.replace(/[._]/g, "-") + "-"; // as field_id() makes ids
      var nameRule = new RegExp("^" + escapeRegExp(prefix) + "\\.\\d+\\.");
      var idRule = new RegExp(escapeRegExp(idPrefix) + "\\d+-", "g");
      var copy = template.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll("*"), function (node) {
        ["name", "id", "for", "aria-describedby", "aria-controls", "data-md-preview"].forEach(function (attr) {
          var value = node.getAttribute(attr);
          if (!value) return;
          value = value.replace(nameRule, prefix + "." + next + ".").replace(idRule, idPrefix + next + "-");
          node.setAttribute(attr, value);
        });
        if (node.matches("input:not([type=hidden]), textarea")) node.value = "";
        if (node.matches("select")) node.selectedIndex = 0;
      });
      var order = copy.querySelector('input[name$=".order"]');
      if (order) order.value = String(list.querySelectorAll("fieldset.editor-row").length + 1);
      copy.open = true;
      template.parentNode.insertBefore(copy, button);
      markDirty();
      var first = copy.querySelector("input:not([type=hidden]), textarea, select");
      if (first) first.focus();
    });
  });
})();
