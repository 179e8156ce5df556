// Shows why an image upload from the Markdown editor was refused, next to the editor.
// markdownx inserts "Invalid response" into the text on any refusal; that text is taken out again.
(function () {
  "use strict";
  var PLACEHOLDER = "Invalid response";

  function showError(container, message) {
    var box = container.querySelector(".editor-upload-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "editor-upload-error errornote";
      box.setAttribute("role", "alert");
      container.insertBefore(box, container.firstChild);
    }
    box.textContent = message;
  }

  function watch(container) {
    container.addEventListener("markdownx.fileUploadError", function (event) {
      var textarea = container.querySelector("textarea");
      // markdownx inserts its placeholder just after firing this event, hence the deferral.
      window.setTimeout(function () {
        if (textarea && textarea.value.indexOf(PLACEHOLDER) !== -1) {
          textarea.value = textarea.value.replace(PLACEHOLDER, "");
        }
      }, 0);
      var detail = event.detail && event.detail[0];
      var message = (detail && detail.error) || "The upload failed. Check the file and try again.";
      if (typeof detail === "string") {
        try { message = JSON.parse(detail).error || message; } catch (e) { /* keep the default */ }
      }
      showError(container, "Image not uploaded: " + message);
    });
    container.addEventListener("markdownx.fileUploadEnd", function () {
      var box = container.querySelector(".editor-upload-error");
      if (box) { box.remove(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".markdownx").forEach(watch);
  });
})();
