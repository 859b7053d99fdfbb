/* Behaviour that would otherwise be inline (the Content-Security-Policy forbids inline script):
   a <select data-autosubmit> submits its form when changed (the language switch). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });
})();

/* A table wider than the screen scrolls inside its .table-responsive box: the box takes keyboard focus so
   it can be scrolled without a mouse (WCAG 2.1.1; axe "scrollable-region-focusable"). */
(function () {
  "use strict";
  function focusable(root) {
    root.querySelectorAll(".table-responsive:not([tabindex])").forEach(function (box) {
      box.setAttribute("tabindex", "0");
    });
  }
  document.addEventListener("DOMContentLoaded", function () { focusable(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusable(event.target); });
})();
