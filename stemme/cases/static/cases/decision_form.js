// "Afgørelse": choosing the measure's § fills in "Hjemmel" with the legal basis it gives
// (the select's data-legal-basis), unless the caseworker has written their own. Loaded as a
// file with the page's nonce: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  function connect(basis) {
    var select = document.getElementById(basis.getAttribute("data-filled-from"));
    if (!select) {
      return;
    }
    var map = {};
    try {
      map = JSON.parse(select.getAttribute("data-legal-basis") || "{}");
    } catch (error) {
      return;
    }
    var filled = basis.value.trim() === "" ? "" : null; // null: the caseworker's own text
    function fill() {
      var current = basis.value.trim();
      if (current !== "" && current !== filled) {
        return; // never overwrite what the caseworker wrote
      }
      filled = map[select.value] || "";
      basis.value = filled;
    }
    select.addEventListener("change", fill);
    if (basis.value.trim() === "" && select.value) {
      fill();
    }
  }

  function start() {
    var fields = document.querySelectorAll("[data-filled-from]");
    for (var i = 0; i < fields.length; i += 1) {
      connect(fields[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
