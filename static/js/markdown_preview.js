// Admin: a "Preview" button under a Markdown field shows the text as it is now, rendered by the
// site's own renderer (the same safe HTML the page will have once saved).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-markdown-preview]")) {
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.field);
      const target = document.getElementById(button.dataset.target);
      const token = document.querySelector("[name=csrfmiddlewaretoken]");
      const response = await fetch(button.dataset.markdownPreview, {
        method: "POST",
        headers: { "X-CSRFToken": token ? token.value : "" },
        body: new URLSearchParams({ body: field ? field.value : "" }),
      });
      if (response.ok) {
        target.innerHTML = (await response.json()).html;
      }
    });
  }
});
