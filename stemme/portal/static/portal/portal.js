// Quick exit: end the portal session on the server first, then leave and replace this page in
// the history, so "back" does not return to the portal. Without JS the form posts as usual
// (the server ends the session and redirects away).
(function () {
  var leaving = false;

  function leave(form) {
    if (leaving) return;
    leaving = true;
    var target = form.getAttribute("data-exit-to") || "https://www.dr.dk/";
    var go = function () { window.location.replace(target); };
    // Leave after the server has answered, or after a short wait at most: a slow network
    // must never keep a frightened child on the page.
    var timer = window.setTimeout(go, 1500);
    try {
      window.fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        keepalive: true,
        redirect: "manual",
        cache: "no-store"
      }).then(function () { window.clearTimeout(timer); go(); },
              function () { window.clearTimeout(timer); go(); });
    } catch (error) {
      window.clearTimeout(timer);
      form.submit();
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!form) return;
    event.preventDefault();
    leave(form);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var form = document.querySelector("[data-quick-exit]");
      if (form) leave(form);
    }
  });
  // A page restored from the back/forward cache would show the portal without asking the
  // server: reload it, so the server (with the session ended) answers with the login page.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });
})();
