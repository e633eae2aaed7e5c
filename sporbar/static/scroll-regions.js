/* A wide table scrolls inside its card. When it does, the keyboard must reach it too (WCAG 2.1.1):
   the scroll box becomes a focusable region named after its table's caption or heading. */
(function () {
  "use strict";

  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var section = box.closest("section, .card, main");
    var heading = section && section.querySelector("h1, h2, h3");
    return heading ? heading.textContent.trim() : document.title;
  }

  function mark(root) {
    (root || document).querySelectorAll(".table-wrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", nameOf(box));
        box.dataset.scrollRegion = "auto";
      } else if (!scrolls && box.dataset.scrollRegion === "auto") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.scrollRegion;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { mark(); });
  document.addEventListener("htmx:afterSettle", function () { mark(); });
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(mark, 150);
  });
})();
