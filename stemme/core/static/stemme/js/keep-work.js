/* Nothing a caseworker types is lost (issue 12, section 2).
 *
 * 1. The idle warning: two minutes before the session's idle limit a dialog says so; "Stay
 *    logged in" posts to accounts:session_keepalive, which only touches the session.
 * 2. Drafts: a form marked data-draft is posted to drafts:autosave a moment after the user stops
 *    typing; the server keeps it for its author only (never browser storage).
 * 3. Restore: the server puts the author's kept field values for this page in the JSON block
 *    #stemme-drafts (drafts from the autosave, or a save that arrived after the session ended);
 *    they are filled into the forms they belong to.
 *
 * A static file with no inline code, so it runs under the strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var AUTOSAVE_DELAY = 2000; // ms after the last keystroke
  var TICK = 1000;

  function readJSON(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (e) {
      return null;
    }
  }

  /* --- the session's idle timer and its warning ------------------------------------------ */

  var dialog = document.getElementById("session-warning");
  var deadline = null; // when the server ends the session (ms, this page's clock)
  var idleSeconds = 0;
  var warnSeconds = 0;
  var ended = false;

  function show(state) {
    if (!dialog) return;
    dialog.querySelectorAll("[data-session-state]").forEach(function (part) {
      part.hidden = part.getAttribute("data-session-state") !== state;
    });
    var title = state === "ended" ? "session-ended-title" : "session-warning-title";
    var text = state === "ended" ? "session-ended-text" : "session-warning-text";
    dialog.setAttribute("aria-labelledby", title);
    dialog.setAttribute("aria-describedby", text);
    if (!dialog.open) {
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
    }
    var focus = dialog.querySelector("[data-session-state='" + state + "'] .button");
    if (focus) focus.focus();
  }

  function hide() {
    if (dialog && dialog.open) dialog.close();
  }

  /* The server counted a request as use of Stemme: ``seconds`` left from now. */
  function activity(seconds) {
    if (ended || !dialog) return;
    deadline = Date.now() + seconds * 1000;
    hide();
  }

  function loggedOut(loginUrl) {
    ended = true;
    if (!dialog) return;
    var link = dialog.querySelector("[data-session-state='ended'] a");
    if (link && loginUrl) link.setAttribute("href", loginUrl);
    show("ended");
  }

  function tick() {
    if (ended || deadline === null) return;
    var left = deadline - Date.now();
    if (left <= 0) {
      loggedOut(null);
    } else if (left <= warnSeconds * 1000 && !(dialog && dialog.open)) {
      show("warning");
    }
  }

  /* A response to one of our own requests: a redirect to the login means the session ended. */
  function answered(response, fullIdle) {
    var to = response.headers.get("HX-Redirect");
    if (to) {
      loggedOut(to);
      return false;
    }
    if (response.ok && fullIdle) activity(idleSeconds);
    return response.ok;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "HX-Request": "true" },
    });
  }

  if (dialog) {
    idleSeconds = parseInt(dialog.getAttribute("data-idle-seconds"), 10) || 0;
    warnSeconds = parseInt(dialog.getAttribute("data-warn-seconds"), 10) || 0;
    var remaining = parseInt(dialog.getAttribute("data-remaining-seconds"), 10);
    deadline = Date.now() + (isNaN(remaining) ? idleSeconds : remaining) * 1000;
    window.setInterval(tick, TICK);

    var keepalive = dialog.querySelector("form[data-session-keepalive]");
    if (keepalive) {
      keepalive.addEventListener("submit", function (event) {
        event.preventDefault();
        post(keepalive.getAttribute("action"), new FormData(keepalive)).then(
          function (response) {
            answered(response, true);
          },
          function () {
            keepalive.submit(); // no answer: the plain form post
          }
        );
      });
    }
    var close = dialog.querySelector("[data-session-close]");
    if (close) close.addEventListener("click", hide);
    // Any htmx request is use of Stemme too; the server records it to the minute.
    document.body.addEventListener("htmx:afterRequest", function () {
      activity(Math.max(idleSeconds - 60, 0));
    });
  }

  /* --- which form is which -------------------------------------------------------------- */

  /* The address the form posts to, and "#<action>" when it says which form it is in a field
   * named "action" (several forms post to the same page). Same rule as stemme.drafts.web. */
  function formKey(form) {
    var path = new URL(form.getAttribute("action") || "", window.location.href).pathname;
    var action = form.querySelector("input[name='action']");
    return action && action.value ? path + "#" + action.value : path;
  }

  function fieldsOf(form, name) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name === name;
    });
  }

  var SKIPPED = /csrf|password|secret|code|token/i;

  var filling = false; // events sent while filling in are not typing

  /* Fill ``fields`` (name -> values) into ``form``; then tell the page's other scripts, as if
   * the user had changed each field (all values first, so none overwrites another). */
  function fill(form, fields) {
    var touched = [];
    var names = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && !SKIPPED.test(el.name)) names[el.name] = true;
    });
    Object.keys(names).forEach(function (name) {
      var values = fields[name] || [];
      var index = 0;
      fieldsOf(form, name).forEach(function (el) {
        var type = (el.type || "").toLowerCase();
        if (type === "file" || type === "password" || type === "submit" || type === "button") {
          return;
        }
        if (type === "checkbox" || type === "radio") {
          el.checked = values.indexOf(el.value) !== -1;
        } else if (el.tagName === "SELECT" && el.multiple) {
          Array.prototype.forEach.call(el.options, function (option) {
            option.selected = values.indexOf(option.value) !== -1;
          });
        } else if (name in fields) {
          el.value = index < values.length ? values[index] : "";
          index += 1;
        } else {
          return;
        }
        touched.push(el);
      });
    });
    filling = true;
    touched.forEach(function (el) {
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    filling = false;
    var details = form.closest("details");
    if (details) details.open = true;
  }

  /* --- drafts -------------------------------------------------------------------------- */

  var config = readJSON("stemme-drafts");
  if (!config) return;

  var forms = Array.prototype.slice.call(document.querySelectorAll("form[method='post' i]"));
  var restored = false;
  (config.drafts || []).forEach(function (draft) {
    forms.forEach(function (form) {
      if (formKey(form) === draft.form) {
        fill(form, draft.fields || {});
        restored = true;
      }
    });
  });
  // "Your text is back" is true only now that it is in the form.
  if (restored) {
    document.querySelectorAll("[data-draft-notice]").forEach(function (notice) {
      notice.hidden = false;
    });
  }

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var timer = null;
    var submitting = false;
    var status = document.createElement("p");
    status.className = "small muted draft-status";
    status.hidden = true;
    form.appendChild(status);

    function save() {
      timer = null;
      if (submitting || ended) return;
      var data = new FormData(form);
      Array.prototype.forEach.call(form.elements, function (el) {
        var type = (el.type || "").toLowerCase();
        if (el.name && (type === "file" || type === "password")) data.delete(el.name);
      });
      data.append("_draft_page", window.location.pathname);
      data.append("_draft_form", formKey(form));
      post(config.url, data).then(
        function (response) {
          if (answered(response, true)) {
            var now = new Date();
            var time =
              String(now.getHours()).padStart(2, "0") + "." + String(now.getMinutes()).padStart(2, "0");
            status.textContent = (config.saved || "").replace("{time}", time);
            status.hidden = false;
          }
        },
        function () {} // offline: the next keystroke tries again
      );
    }

    function changed() {
      if (filling) return;
      if (timer !== null) window.clearTimeout(timer);
      timer = window.setTimeout(save, AUTOSAVE_DELAY);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      submitting = true;
      if (timer !== null) window.clearTimeout(timer);
    });
  });
})();
