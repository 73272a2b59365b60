// Fills the signature field with NCALayer (the NCA's signing application,
// listening on the person's computer), where it runs. Without it, or
// without JavaScript, the person pastes the signature: the page works the same.
(function () {
  "use strict";
  var ADDRESS = "wss://127.0.0.1:13579/";

  function base64(text) {
    var bytes = new TextEncoder().encode(text);
    var binary = "";
    for (var i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary);
  }

  function sign(text, done, failed) {
    var socket;
    try {
      socket = new WebSocket(ADDRESS);
    } catch (error) {
      failed();
      return;
    }
    socket.onopen = function () {
      socket.send(JSON.stringify({
        module: "kz.gov.pki.knca.commonUtils",
        method: "createCAdESFromBase64",
        args: ["PKCS12", "SIGNATURE", base64(text), false]
      }));
    };
    socket.onmessage = function (event) {
      var answer = JSON.parse(event.data);
      if (answer.code === undefined) {
        return; // NCALayer's greeting (its version)
      }
      socket.close();
      if (String(answer.code) === "200" && answer.responseObject) {
        done(answer.responseObject);
      } else {
        failed();
      }
    };
    socket.onerror = failed;
  }

  document.querySelectorAll("[data-ncalayer-text]").forEach(function (container) {
    var source = document.getElementById(container.getAttribute("data-ncalayer-text"));
    var field = container.querySelector("textarea[data-ncalayer]");
    if (!source || !field) {
      return;
    }
    var button = document.createElement("button");
    var status = document.createElement("p");
    button.type = "button";
    button.textContent = container.getAttribute("data-ncalayer-button");
    status.setAttribute("role", "status");
    status.className = "muted";
    button.addEventListener("click", function () {
      status.textContent = container.getAttribute("data-ncalayer-waiting");
      sign(source.textContent, function (cms) {
        field.value = cms;
        status.textContent = container.getAttribute("data-ncalayer-done");
        field.focus();
      }, function () {
        status.textContent = container.getAttribute("data-ncalayer-failed");
      });
    });
    container.insertBefore(status, container.firstChild);
    container.insertBefore(button, status);
  });
}());
