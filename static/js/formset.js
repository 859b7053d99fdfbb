/* Row editors (templates/includes/_formset.html), progressively enhanced. Without this script the
   "Tambah baris" button posts the form and the server answers with more empty rows; with it, the
   button adds a row in the page from the row <template>, and a row ticked for removal is greyed out. */
(function () {
  "use strict";

  function totalField(box) {
    return box.querySelector('input[name="' + box.dataset.formset + '-TOTAL_FORMS"]');
  }

  function maxRows(box) {
    var field = box.querySelector('input[name="' + box.dataset.formset + '-MAX_NUM_FORMS"]');
    return field ? parseInt(field.value, 10) || 1000 : 1000;
  }

  function addRow(box) {
    var total = totalField(box);
    var template = box.querySelector("template[data-formset-template]");
    var rows = box.querySelector("[data-formset-rows]");
    if (!total || !template || !rows) {
      return false;
    }
    var index = parseInt(total.value, 10) || 0;
    if (index >= maxRows(box)) {
      return true; /* at the limit: nothing to add, and no round trip either */
    }
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__num__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var added = rows.lastElementChild;
    var first = added && added.querySelector("input:not([type=hidden]), textarea, select");
    if (first) {
      first.focus();
    }
    return true;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-formset-add]") : null;
    if (!button) {
      return;
    }
    var box = button.closest("[data-formset]");
    if (box && addRow(box)) {
      event.preventDefault();
    }
  });

  document.addEventListener("change", function (event) {
    var box = event.target.matches && event.target.matches("[data-formset-delete]") ? event.target : null;
    var row = box && box.closest("[data-formset-row]");
    if (row) {
      row.classList.toggle("opacity-50", box.checked);
    }
  });
})();
