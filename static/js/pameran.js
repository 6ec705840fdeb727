/* Pameran — progressive enhancement only; every page works without this file.
 * 1. Gallery lightbox: .gallery__link opens dialog.lightbox[data-lightbox]
 *    (Enter/click opens, Escape closes, arrows browse, focus returns to the link).
 * 2. Video facade: .video-facade__play loads its [data-embed] iframe only when asked.
 */
(function () {
  "use strict";

  function initLightbox() {
    var dialog = document.querySelector("dialog[data-lightbox]");
    var links = Array.prototype.slice.call(document.querySelectorAll(".gallery__link"));
    if (!dialog || !links.length || typeof dialog.showModal !== "function") return;
    var img = dialog.querySelector(".lightbox__img");
    var caption = dialog.querySelector(".lightbox__caption");
    var count = dialog.querySelector(".lightbox__count");
    var prev = dialog.querySelector("[data-lightbox-prev]");
    var next = dialog.querySelector("[data-lightbox-next]");
    var current = 0;
    var opener = null;

    function show(i) {
      current = (i + links.length) % links.length;
      var link = links[current];
      var thumb = link.querySelector("img");
      var alt = thumb ? thumb.getAttribute("alt") : "";
      img.src = link.href;
      img.alt = alt;
      caption.textContent = link.getAttribute("data-caption") || alt;
      count.textContent = (current + 1) + " / " + links.length;
    }

    links.forEach(function (link, i) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        opener = link;
        show(i);
        dialog.showModal();
      });
    });
    prev.hidden = next.hidden = links.length < 2;
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    dialog.querySelector("[data-lightbox-close]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
      if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog || event.target.classList.contains("lightbox__figure")) dialog.close();
    });
    dialog.addEventListener("close", function () {
      img.removeAttribute("src");
      if (opener) opener.focus();
    });
  }

  function initVideoFacades() {
    document.addEventListener("click", function (event) {
      var play = event.target.closest && event.target.closest(".video-facade__play");
      if (!play) return;
      var facade = play.closest(".video-facade");
      var src = facade && facade.getAttribute("data-embed");
      if (!src) return;
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = src;
      frame.title = facade.getAttribute("data-title") || "";
      frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      facade.replaceChildren(frame);
      frame.focus();
    });
  }

  initLightbox();
  initVideoFacades();
})();
