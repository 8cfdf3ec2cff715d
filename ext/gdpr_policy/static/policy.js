/* The reader's side of the site, the project's own script: it loads nothing and sends
   nothing.

   1. Definition popups for term links: shown on hover and on keyboard focus, hidden on
      Escape, when the pointer leaves (the popup itself can be hovered) or focus moves on.
      Without the script a term link still leads to its definition and screen readers still
      announce the definition (aria-describedby).
   2. furo's drawer buttons (navigation and "On this page" on narrow windows) are labels of
      hidden checkboxes, which a keyboard cannot reach: they become real buttons (Tab, Enter
      or Space; aria-expanded); a drawer opened by keyboard takes the focus, Escape closes
      it and gives the focus back.
   3. The policy's tables (register, retention, recipients): each cell is labelled with its
      column's header (data-label), and a table too wide for its box is shown stacked, one
      card a row (.policy-stacked, policy.css), instead of scrolling sideways. Without the
      script the table scrolls in its box. */
(function () {
  "use strict";
  var open = null;
  var openLink = null;
  var timer = null;
  var GAP = 6;
  var MARGIN = 8;

  /* Below the link, or above it when there is no room below; when neither side has room
     (a phone turned sideways), on the side with more, scrolling inside. Never past the
     sides of what the reader sees (the visual viewport: a zoomed-in page, a phone's
     toolbars). Placed in viewport coordinates, then corrected by what the browser did, so
     it does not matter which ancestor is the popup's containing block. The width is
     measured once and then fixed, so moving the popup cannot re-wrap its text. */
  function place(link, popup) {
    var root = document.documentElement;
    var seen = window.visualViewport;
    var viewLeft = seen ? seen.offsetLeft : 0;
    var viewTop = seen ? seen.offsetTop : 0;
    var view = Math.min(root.clientWidth - viewLeft, seen ? seen.width : root.clientWidth);
    var height = Math.min(root.clientHeight - viewTop,
                          seen ? seen.height : root.clientHeight);
    popup.style.width = "";
    popup.style.maxHeight = "";
    popup.style.overflowY = "";
    popup.style.maxWidth = Math.min(360, view - 2 * MARGIN) + "px";
    popup.style.left = "0px";
    popup.style.top = "0px";
    var box = popup.getBoundingClientRect();
    popup.style.width = Math.ceil(box.width) + "px";
    box = popup.getBoundingClientRect();
    var r = link.getBoundingClientRect();
    var first = link.getClientRects()[0] || r;  // a link broken over two lines
    var left = Math.max(viewLeft + MARGIN,
                        Math.min(first.left, viewLeft + view - box.width - MARGIN));
    var below = viewTop + height - r.bottom - GAP - MARGIN;
    var above = r.top - viewTop - GAP - MARGIN;
    var under = box.height <= below || (box.height > above && below >= above);
    var tall = Math.min(box.height, under ? below : above);
    if (tall < box.height) {
      popup.style.maxHeight = Math.max(tall, 48) + "px";
      popup.style.overflowY = "auto";
    }
    var top = under ? r.bottom + GAP : r.top - GAP - Math.max(tall, 48);
    popup.style.left = (left - box.left) + "px";
    popup.style.top = (top - box.top) + "px";
  }

  function hide() {
    clearTimeout(timer);
    if (open) { open.hidden = true; open = null; openLink = null; }
  }

  function show(link) {
    var popup = document.getElementById(link.getAttribute("aria-describedby"));
    if (!popup) { return; }
    clearTimeout(timer);
    if (open && open !== popup) { open.hidden = true; }
    popup.hidden = false;
    place(link, popup);
    open = popup;
    openLink = link;
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
    window.addEventListener("resize", function () {
      if (open) { place(openLink, open); }  // a turned phone: placed again
    });
    drawerButtons();
    tables();
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

  /* ---- tables ---- */
  function tables() {
    document.querySelectorAll(".policy-table-wrapper table").forEach(function (table) {
      var box = table.closest(".policy-table-wrapper");
      var heads = [];
      Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (th) {
        for (var i = 0; i < (th.colSpan || 1); i++) { heads.push(th.textContent.trim()); }
      });
      if (!heads.length || !box) { return; }
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (heads[column] && !cell.hasAttribute("data-label")) {
              cell.setAttribute("data-label", heads[column]);
            }
            column += cell.colSpan || 1;
          });
        });
      });
      var width = -1;
      /* Stacked only where the table would otherwise scroll sideways; measured again when
         the box's width changes (a turned phone, a resized window). */
      function fit() {
        if (box.clientWidth === width) { return; }
        width = box.clientWidth;
        table.classList.remove("policy-stacked");
        if (box.scrollWidth > box.clientWidth + 1) { table.classList.add("policy-stacked"); }
      }
      fit();
      if (window.ResizeObserver) {
        new ResizeObserver(fit).observe(box);
      } else {
        window.addEventListener("resize", fit);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
