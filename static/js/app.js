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
