// The case list: filters open on a wide screen (folded on a phone); "tick all" for bulk actions.
(function () {
  "use strict";
  var fold = document.querySelector("details.filters-fold");
  if (fold && window.matchMedia("(min-width: 48rem)").matches) { fold.open = true; }
  var all = document.querySelector("[data-pick-all]");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("input[name=case][form=bulk-form]").forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }
})();
