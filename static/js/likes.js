/* Pameran — the booth's like button, progressive enhancement only.
 * The booth page is cached and the same for every visitor, so it carries neither the
 * count nor "you liked this": both come from form[data-like]'s JSON URL (uncached).
 * Liking posts to the same URL without leaving the page; without this file the form
 * posts to /booths/{slug}/like and comes back to #like.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-like]");
  if (!form || !window.fetch) return;
  var url = form.getAttribute("data-like");
  var button = form.querySelector("button");
  var count = form.querySelector("[data-like-count]");
  var status = form.querySelector("[data-like-status]");
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "id");

  function say(text, failed) {
    status.textContent = text;
    status.classList.toggle("like__status--error", failed);
  }

  function show(likes) {
    count.textContent = numbers.format(likes.count);
    count.hidden = false;
    button.setAttribute("aria-pressed", likes.liked ? "true" : "false");
  }

  function call(method) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : response.statusText);
        return body;
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (button.getAttribute("aria-pressed") === "true") return; // a like is once per browser
    button.disabled = true;
    call("POST")
      .then(function (likes) {
        show(likes);
        say(form.getAttribute("data-thanks"), false);
      })
      .catch(function (error) {
        say(error.message, true);
      })
      .then(function () {
        button.disabled = false;
      });
  });

  call("GET").then(show).catch(function () { /* no count then; the form still works */ });
})();
