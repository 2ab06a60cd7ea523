// Printing shows what closed <details> hold (abstracts, chart tables). The print style does
// this with ::details-content; browsers without it get the elements opened for the print
// and closed again afterwards.
(function () {
  "use strict";

  if (window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) {
    return;
  }
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open;
    });
    opened.forEach(function (d) {
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) {
      d.open = false;
    });
    opened = [];
  });
})();
