// Quick exit: leave at once and replace this page in the history, so "back" does not return.
// Without JS the link still works as a plain link.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-quick-exit]");
  if (!link) return;
  event.preventDefault();
  window.location.replace(link.href);
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape") {
    var link = document.querySelector("[data-quick-exit]");
    if (link) window.location.replace(link.href);
  }
});
