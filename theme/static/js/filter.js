// Filter box for the tickers index: hides rows whose text does not contain
// what the reader typed, and says how many are left. Runs from a static file,
// no server needed; without JavaScript the box stays hidden and every row shows.
(function () {
  "use strict";
  var input = document.querySelector("[data-filter-target]");
  if (!input) { return; }
  var table = document.getElementById(input.getAttribute("data-filter-target"));
  if (!table) { return; }
  var count = document.getElementById(input.getAttribute("aria-describedby") || "");
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  var texts = rows.map(function (row) {
    return (row.getAttribute("data-filter-text") || row.textContent).toLowerCase();
  });
  input.parentElement.hidden = false;
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = q !== "" && texts[i].indexOf(q) === -1;
      if (!rows[i].hidden) { shown++; }
    }
    if (count) {
      count.textContent = q === "" ? "" : shown + " of " + rows.length + " shown";
    }
  });
})();
