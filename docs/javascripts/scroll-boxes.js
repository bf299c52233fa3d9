/*
 * A box that scrolls sideways can be scrolled with the keyboard.
 *
 * A wide display formula or table scrolls inside its own box (overflow-x: auto), on a phone
 * often, on a wide screen sometimes. Keyboard users can scroll a box only once it has focus, so
 * while a box overflows it is made focusable (tabindex=0), and the arrow keys then scroll it.
 * Material does the same for its code blocks. Boxes that fit stay out of the tab order.
 */
(function () {
  "use strict";

  var BOXES = ".md-typeset div.arithmatex, .md-typeset .md-typeset__scrollwrap";

  function update(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
    } else {
      box.removeAttribute("tabindex");
    }
  }

  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      update(entry.target);
    });
  });

  function watch() {
    // Material wraps the tables in .md-typeset__scrollwrap once the page is loaded.
    document.querySelectorAll(BOXES).forEach(function (box) {
      observer.observe(box);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(watch); // Material's signal that a page (and its tables) are ready
  } else {
    document.addEventListener("DOMContentLoaded", watch);
  }
})();
