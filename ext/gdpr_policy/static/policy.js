/* Definition popups for term links: shown on hover and on keyboard focus, hidden on
   Escape, when the pointer leaves (the popup itself can be hovered) or focus moves on.
   The project's own script: it loads nothing and sends nothing. */
(function () {
  "use strict";
  var open = null;
  var timer = null;

  function place(link, popup) {
    var r = link.getBoundingClientRect();
    var width = Math.min(360, document.documentElement.clientWidth - 16);
    popup.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX,
      window.scrollX + document.documentElement.clientWidth - width - 8));
    popup.style.left = left + "px";
    popup.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function show(link) {
    var popup = document.getElementById(link.getAttribute("aria-describedby"));
    if (!popup) { return; }
    clearTimeout(timer);
    if (open && open !== popup) { open.hidden = true; }
    popup.hidden = false;
    place(link, popup);
    open = popup;
  }

  function hideSoon() {
    clearTimeout(timer);
    timer = setTimeout(function () { if (open) { open.hidden = true; open = null; } }, 200);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll("a[aria-describedby^='policy-popup-']");
    links.forEach(function (link) {
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("mouseleave", hideSoon);
      link.addEventListener("blur", hideSoon);
    });
    document.querySelectorAll(".policy-popup").forEach(function (popup) {
      popup.addEventListener("mouseenter", function () { clearTimeout(timer); });
      popup.addEventListener("mouseleave", hideSoon);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && open) { open.hidden = true; open = null; }
    });
  });
})();
