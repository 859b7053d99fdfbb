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

/* A <button data-copy-target="id"> copies the value of that field (the calendar address shown once) and says so
   on the button for a moment. Without script the field is still there to select and copy by hand. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-copy-target]") : null;
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) { return; }
    var label = button.textContent;
    function done() {
      button.textContent = button.getAttribute("data-copied-label") || label;
      window.setTimeout(function () { button.textContent = label; }, 2000);
    }
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
