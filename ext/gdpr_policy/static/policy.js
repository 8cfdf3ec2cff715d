/* Definition popups for term links: shown on hover and on keyboard focus, hidden on
   Escape, when the pointer leaves (the popup itself can be hovered) or focus moves on.
   The project's own script: it loads nothing and sends nothing. Without it, a term link
   still leads to its definition and screen readers still announce the definition
   (aria-describedby). */
(function () {
  "use strict";
  var open = null;
  var timer = null;
  var GAP = 6;
  var MARGIN = 8;

  /* Below the link, or above it when there is no room below; never past the viewport's
     sides. Placed in viewport coordinates, then corrected by what the browser did, so it
     does not matter which ancestor is the popup's containing block. */
  function place(link, popup) {
    var view = document.documentElement.clientWidth;
    var width = Math.min(360, view - 2 * MARGIN);
    popup.style.maxWidth = width + "px";
    popup.style.left = "0px";
    popup.style.top = "0px";
    var r = link.getBoundingClientRect();
    var box = popup.getBoundingClientRect();
    var left = Math.max(MARGIN, Math.min(r.left, view - box.width - MARGIN));
    var top = r.bottom + GAP;
    if (top + box.height > window.innerHeight && r.top - GAP - box.height >= 0) {
      top = r.top - GAP - box.height;
    }
    popup.style.left = (left - box.left) + "px";
    popup.style.top = (top - box.top) + "px";
  }

  function hide() {
    clearTimeout(timer);
    if (open) { open.hidden = true; open = null; }
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
    timer = setTimeout(hide, 200);
  }

  function init() {
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
      if (event.key === "Escape") { hide(); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
