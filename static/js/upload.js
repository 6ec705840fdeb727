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
  var failedText = {
    id: function (failed, total) {
      return failed + " dari " + total + " berkas gagal diunggah dan tidak tersimpan. " +
        "Daftar media di bawah menunjukkan yang tersimpan di server. Tekan \u201cUlangi\u201d " +
        "untuk mencoba lagi berkas yang gagal.";
    },
    en: function (failed, total) {
      return failed + " of " + total + " files failed to upload and were not stored. " +
        "The media list below shows what the server stored. Press \u201cRetry\u201d " +
        "to try the failed files again.";
    }
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

  // The page says only what the server stored. Uppy marks a file done when the tus
  // server acknowledged its last byte (which it does only once the file is stored)
  // and failed otherwise, with a retry; the lists below are then read again from
  // the server, so they never show more, or less, than it holds.
  var alert = document.createElement("div");
  alert.className = "alert alert--danger";
  alert.setAttribute("role", "alert");
  alert.hidden = true;
  target.parentNode.insertBefore(alert, target);

  function replaceSection(fresh, id, before) {
    var current = document.getElementById(id);
    var incoming = fresh.getElementById(id);
    if (current && incoming) current.replaceWith(document.importNode(incoming, true));
    else if (current) current.remove();
    else if (incoming && before) before.before(document.importNode(incoming, true));
  }

  function refreshLists() {
    return fetch(window.location.pathname, { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.text() : Promise.reject(answer); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        replaceSection(fresh, "media-library", null);
        replaceSection(fresh, "gallery-order", document.getElementById("media-library"));
      });
  }

  uppy.on("complete", function () {
    var files = uppy.getFiles();
    var failed = files.filter(function (file) { return file.error; });
    var done = files.filter(function (file) { return file.progress && file.progress.uploadComplete; });
    if (!failed.length && done.length === files.length && files.length) {
      window.location.assign(window.location.pathname + "?done=uploaded");
      return;
    }
    if (failed.length) {
      alert.textContent = failedText(failed.length, files.length);
      alert.hidden = false;
    }
    refreshLists().catch(function () { /* the lists stay as they were; a reload shows them */ });
  });
  uppy.on("retry-all", function () { alert.hidden = true; });
  uppy.on("upload-retry", function () { alert.hidden = true; });
})();
