// Typesets $...$ and \(...\) in elements marked class="tex" with the vendored KaTeX.
// Loaded with defer after katex.min.js and auto-render.min.js; without JavaScript the
// TeX source stays readable as plain text.
(function () {
  "use strict";

  var DELIMITERS = [
    { left: "$$", right: "$$", display: true },
    { left: "\\[", right: "\\]", display: true },
    { left: "$", right: "$", display: false },
    { left: "\\(", right: "\\)", display: false },
  ];

  function typeset() {
    if (typeof window.renderMathInElement !== "function") {
      return;
    }
    var elements = document.querySelectorAll(".tex");
    for (var i = 0; i < elements.length; i++) {
      window.renderMathInElement(elements[i], {
        delimiters: DELIMITERS,
        // A bad formula is shown in red as its source instead of stopping the rest.
        throwOnError: false,
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", typeset);
  } else {
    typeset();
  }
})();
