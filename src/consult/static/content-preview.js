// Live preview of a Markdown text while it is typed (content editor). The
// form's own "Preview" button does the same without JavaScript.
(function () {
  "use strict";
  var editor = document.querySelector("[data-preview-url]");
  if (!editor || !window.fetch) { return; }
  var source = editor.querySelector("textarea[data-preview=markdown]");
  var target = document.getElementById("live-preview");
  if (!source || !target) { return; }
  target.hidden = false;
  var timer = null;
  function refresh() {
    var body = new FormData();
    body.append("body", source.value);
    fetch(editor.getAttribute("data-preview-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRF-Token": editor.getAttribute("data-csrf") }
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      // The server's sanitised HTML (content.rendering), never the raw text.
      if (html !== null) { target.querySelector(".body").innerHTML = html; }
    });
  }
  source.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  refresh();
}());
