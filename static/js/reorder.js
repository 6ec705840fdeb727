/* Pameran — reorderable lists (the organizers' halls, a hall's booths), progressive
 * enhancement over form[data-reorder]: without this file each row's "Naikkan"/"Turunkan"
 * button posts the form and the server moves that row.
 * 1. Keyboard, as the ARIA Authoring Practices' sortable list: a row's handle button
 *    (aria-pressed) grabs the row on Space/Enter, ArrowUp/ArrowDown (Home/End) move it,
 *    Space/Enter drops it, Escape (or leaving the handle) puts it back. Every step is
 *    said in [data-reorder-status] (aria-live), with the texts of the form's data-text-*.
 * 2. Drag and drop: the platform's drag events, started from a row's handle.
 * 3. The up/down buttons move their row in place, keeping the focus.
 * After a move the form's own hidden `order` fields, now in the new order, are posted
 * with fetch (one request at a time, in order): the server checks the whole order. When
 * it refuses one, its answer's list and message replace this one; an answer without a
 * list (signed out, say) is shown by posting the form as without JavaScript.
 * A form[data-reorder-local] (the lobby's featured booths) posts nothing on a move: the
 * order is saved with the rest of the form, and [data-reorder-dirty] says it is unsaved.
 */
(function () {
  "use strict";

  function format(template, name, position, total) {
    var values = { name: name, position: String(position), total: String(total) };
    return template.replace(/\{(name|position|total)\}/g, function (_, key) { return values[key]; });
  }

  function init(form) {
    var list = form.querySelector("[data-reorder-list]");
    var status = form.querySelector("[data-reorder-status]");
    if (!list || !status || typeof window.fetch !== "function") return;
    var section = form.closest("[data-reorder-section]");
    var movedField = form.querySelector("[data-reorder-moved]");
    var help = form.querySelector("[data-reorder-help]");
    var grabbed = null;
    var grabbedAt = -1;
    var dragged = null;
    var draggedFrom = -1;
    var queue = Promise.resolve();

    if (help) help.hidden = false;
    Array.prototype.forEach.call(form.querySelectorAll("[data-reorder-handle]"), function (handle) {
      handle.hidden = false;
    });

    function rows() {
      return Array.prototype.filter.call(list.children, function (el) {
        return el.hasAttribute("data-reorder-item");
      });
    }
    function slugOf(row) { return row.querySelector('input[name="order"]').value; }
    function say(key, row) {
      var all = rows();
      status.textContent = format(form.getAttribute("data-text-" + key),
        row.getAttribute("data-reorder-label"), all.indexOf(row) + 1, all.length);
    }
    function refresh() {
      var all = rows();
      all.forEach(function (row, i) {
        row.querySelector("[data-reorder-position]").textContent = String(i + 1);
        row.querySelector('button[name="up"]').disabled = i === 0;
        row.querySelector('button[name="down"]').disabled = i === all.length - 1;
      });
    }
    /* Moves `row` to `index` by moving its neighbours, so that the row (and the focus
       inside it) never leaves the document. */
    function moveTo(row, index) {
      var all = rows();
      var at = all.indexOf(row);
      index = Math.max(0, Math.min(all.length - 1, index));
      while (at > index) { list.insertBefore(all[at - 1], row.nextElementSibling); all = rows(); at -= 1; }
      while (at < index) { list.insertBefore(all[at + 1], row); all = rows(); at += 1; }
      refresh();
    }

    function replaceWith(html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = section && section.id ? doc.getElementById(section.id) : null;
      if (!fresh || !fresh.querySelector("[data-reorder-error]")) return false;
      var adopted = document.importNode(fresh, true);
      section.replaceWith(adopted);
      Array.prototype.forEach.call(adopted.querySelectorAll("form[data-reorder]"), init);
      adopted.querySelector("[data-reorder-error]").focus();
      return true;
    }
    function save(row) {
      if (form.hasAttribute("data-reorder-local")) {
        var dirty = form.querySelector("[data-reorder-dirty]");
        if (dirty) dirty.textContent = dirty.getAttribute("data-text-dirty");
        say("dropped", row);
        return;
      }
      queue = queue.then(function () {
        movedField.value = slugOf(row);
        var body = new URLSearchParams(new FormData(form));
        return fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
          .then(function (answer) {
            if (answer.ok && !/\/login(\?|$)/.test(new URL(answer.url).pathname)) {
              Array.prototype.forEach.call(section ? section.querySelectorAll("[data-reorder-notice]") : [], function (el) { el.remove(); });
              say("dropped", row);
              return;
            }
            return answer.text().then(function (html) {
              if (!replaceWith(html)) HTMLFormElement.prototype.submit.call(form);
            });
          })
          .catch(function () { status.textContent = form.getAttribute("data-text-failed"); });
      });
    }

    /* 1. Keyboard -------------------------------------------------------------- */
    function grab(row) {
      grabbed = row;
      grabbedAt = rows().indexOf(row);
      row.classList.add("is-grabbed");
      row.querySelector("[data-reorder-handle]").setAttribute("aria-pressed", "true");
      say("grabbed", row);
    }
    function release() {
      if (!grabbed) return null;
      var row = grabbed;
      grabbed = null;
      row.classList.remove("is-grabbed");
      row.querySelector("[data-reorder-handle]").setAttribute("aria-pressed", "false");
      return row;
    }
    function drop() {
      var from = grabbedAt;
      var row = release();
      if (!row) return;
      if (rows().indexOf(row) === from) { say("cancelled", row); return; }
      save(row);
    }
    function cancel() {
      var from = grabbedAt;
      var row = release();
      if (!row) return;
      moveTo(row, from);
      say("cancelled", row);
    }

    list.addEventListener("click", function (event) {
      var handle = event.target.closest("[data-reorder-handle]");
      if (!handle) return;
      var row = handle.closest("[data-reorder-item]");
      if (grabbed === row) { drop(); return; }
      cancel();
      grab(row);
    });
    list.addEventListener("keydown", function (event) {
      var handle = event.target.closest("[data-reorder-handle]");
      var row = handle && handle.closest("[data-reorder-item]");
      if (!row || grabbed !== row) return;
      var at = rows().indexOf(row);
      var to = { ArrowUp: at - 1, ArrowDown: at + 1, Home: 0, End: rows().length - 1 }[event.key];
      if (event.key === "Escape") {
        event.preventDefault();
        cancel();
      } else if (to !== undefined) {
        event.preventDefault();
        moveTo(row, to);
        say("moving", row);
      }
    });
    list.addEventListener("focusout", function (event) {
      if (grabbed && event.target === grabbed.querySelector("[data-reorder-handle]")) cancel();
    });

    /* 2. Drag and drop ---------------------------------------------------------- */
    list.addEventListener("pointerdown", function (event) {
      var handle = event.target.closest("[data-reorder-handle]");
      if (handle) handle.closest("[data-reorder-item]").draggable = true;
    });
    list.addEventListener("pointerup", function (event) {
      var row = event.target.closest("[data-reorder-item]");
      if (row && row !== dragged) row.draggable = false; // a click, not a drag
    });
    list.addEventListener("dragstart", function (event) {
      var row = event.target.closest && event.target.closest("[data-reorder-item]");
      if (!row || !row.draggable) { event.preventDefault(); return; }
      cancel();
      dragged = row;
      draggedFrom = rows().indexOf(row);
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.getAttribute("data-reorder-label"));
      row.classList.add("is-dragging");
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      var over = event.target.closest && event.target.closest("[data-reorder-item]");
      if (!over || over === dragged) return;
      var box = over.getBoundingClientRect();
      var index = rows().indexOf(over);
      var from = rows().indexOf(dragged);
      var after = event.clientY > box.top + box.height / 2;
      moveTo(dragged, after ? (from < index ? index : index + 1) : (from < index ? index - 1 : index));
    });
    list.addEventListener("drop", function (event) {
      if (dragged) event.preventDefault();
    });
    list.addEventListener("dragend", function () {
      var row = dragged;
      dragged = null;
      if (!row) return;
      row.draggable = false;
      row.classList.remove("is-dragging");
      if (rows().indexOf(row) !== draggedFrom) save(row);
    });

    /* 3. The up/down buttons ---------------------------------------------------- */
    form.addEventListener("click", function (event) {
      var button = event.target.closest('button[name="up"], button[name="down"]');
      if (!button || !form.contains(button)) return;
      event.preventDefault();
      var row = button.closest("[data-reorder-item]");
      var up = button.name === "up";
      moveTo(row, rows().indexOf(row) + (up ? -1 : 1));
      if (button.disabled) row.querySelector(up ? 'button[name="down"]' : 'button[name="up"]').focus();
      save(row);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-reorder]"), init);
})();
