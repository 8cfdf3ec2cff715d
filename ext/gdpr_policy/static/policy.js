/* The reader's side of the site, the project's own script: it loads nothing and sends
   nothing.

   1. Definition popups for term links: shown on hover and on keyboard focus, hidden on
      Escape, when the pointer leaves (the popup itself can be hovered) or focus moves on.
      Without the script a term link still leads to its definition and screen readers still
      announce the definition (aria-describedby).
   2. furo's drawer buttons (navigation and "On this page" on narrow windows) are labels of
      hidden checkboxes, which a keyboard cannot reach: they become real buttons (Tab, Enter
      or Space; aria-expanded); a drawer opened by keyboard takes the focus, Escape closes
      it and gives the focus back. */
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
      if (event.key === "Escape") { hide(); closeDrawers(); }
    });
    drawerButtons();
  }

  /* ---- furo's drawers ---- */
  var DRAWERS = {
    __navigation: {name: "Site navigation", drawer: ".sidebar-drawer"},
    __toc: {name: "On this page", drawer: ".toc-drawer"}
  };
  var opener = null;

  function visible(element) { return element.getClientRects().length > 0; }

  /* Each label that opens a drawer becomes a <button> with the same classes and icon
     (a label cannot take the button role); the checkbox stays furo's state. */
  function drawerButtons() {
    Object.keys(DRAWERS).forEach(function (id) {
      var box = document.getElementById(id);
      if (!box) { return; }
      var labels = document.querySelectorAll("label[for='" + id + "']:not(.overlay)");
      var buttons = Array.prototype.map.call(labels, function (label) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = label.className + " policy-drawer-button";
        button.innerHTML = label.innerHTML;
        button.setAttribute("aria-label", DRAWERS[id].name);
        button.setAttribute("aria-expanded", String(box.checked));
        button.addEventListener("click", function (event) {
          opener = event.detail === 0 ? button : null;  // 0: Enter or Space, not a pointer
          box.checked = !box.checked;
          box.dispatchEvent(new Event("change"));
        });
        label.replaceWith(button);
        return button;
      });
      box.addEventListener("change", function () {
        buttons.forEach(function (button) {
          button.setAttribute("aria-expanded", String(box.checked));
        });
        var drawer = document.querySelector(DRAWERS[id].drawer);
        if (box.checked && opener && drawer) {
          var first = Array.prototype.find.call(
            drawer.querySelectorAll("a[href], input, button"), visible);
          if (first) { first.focus(); }
        }
      });
      DRAWERS[id].buttons = buttons;
    });
  }

  function closeDrawers() {
    Object.keys(DRAWERS).forEach(function (id) {
      var box = document.getElementById(id);
      if (!box || !box.checked) { return; }
      box.checked = false;
      box.dispatchEvent(new Event("change"));
      var back = opener || (DRAWERS[id].buttons || []).filter(visible)[0];
      if (back) { back.focus(); }
    });
    opener = null;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
