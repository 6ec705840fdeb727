/* Media library: drag and drop, progress and resumable uploads with Uppy + tus.
   Progressive enhancement: without JavaScript the plain multipart form works. */
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.Uppy || !form.dataset.tusEndpoint) return;
  var csrf = document.querySelector('meta[name="csrf-token"]');
  var lang = document.documentElement.lang === "en" ? "en" : "id";
  var text = {
    id: { alt: "Teks alternatif (wajib untuk gambar)", title: "Judul", caption: "Keterangan",
          credit: "Kredit", needAlt: "Isi teks alternatif untuk setiap gambar sebelum mengunggah." },
    en: { alt: "Alt text (required for images)", title: "Title", caption: "Caption",
          credit: "Credit", needAlt: "Fill in the alt text of every image before uploading." }
  }[lang];

  var target = document.createElement("div");
  target.className = "uppy-target";
  form.parentNode.insertBefore(target, form);
  form.hidden = true;

  var locales = window.Uppy.locales || {};
  var uppy = new window.Uppy.Uppy({
    locale: lang === "id" ? locales.id_ID : undefined,
    // Fields left untouched are sent as empty, not as tus-js-client's String(undefined).
    meta: { alt_text: "", title: "", caption: "", credit: "" },
    restrictions: { allowedFileTypes: ["image/*", "video/mp4", "video/webm", "application/pdf", ".pdf"] },
    onBeforeUpload: function (files) {
      var missing = Object.keys(files).some(function (id) {
        var file = files[id];
        return /^image\//.test(file.type || "") && !(file.meta.alt_text || "").trim();
      });
      if (missing) { uppy.info(text.needAlt, "error", 6000); return false; }
      return files;
    }
  });
  uppy.use(window.Uppy.Dashboard, {
    target: target, inline: true, height: 420, width: "100%", proudlyDisplayPoweredByUppy: false,
    metaFields: [
      { id: "alt_text", name: text.alt }, { id: "title", name: text.title },
      { id: "caption", name: text.caption }, { id: "credit", name: text.credit }
    ]
  });
  uppy.use(window.Uppy.Tus, {
    endpoint: form.dataset.tusEndpoint,
    chunkSize: 5 * 1024 * 1024,
    retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
    removeFingerprintOnSuccess: true,
    allowedMetaFields: ["name", "filename", "alt_text", "title", "caption", "credit", "place"],
    headers: { "X-CSRF-Token": csrf ? csrf.content : "" }
  });
  var place = form.querySelector('select[name="place"]');
  uppy.on("file-added", function (file) {
    // "place" asks the server to use the item in the draft, as the plain form does.
    uppy.setFileMeta(file.id, { filename: file.name, place: place ? place.value : "" });
  });
  uppy.on("complete", function (result) {
    if (result.successful && result.successful.length && !result.failed.length) {
      window.location.assign(window.location.pathname + "?done=uploaded");
    }
  });
})();
