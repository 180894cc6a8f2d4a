// A review's "Copy link" button: copies the page's address (a static file, not an
// inline handler, so the strict CSP allows it). Without JavaScript or a
// clipboard the button stays hidden and the plain share links remain.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("[data-copy-link]")) {
    const status = button.parentElement.querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(button.dataset.copyLink);
        status.textContent = "Link copied.";
      } catch {
        status.textContent = "Could not copy; use your browser's address bar.";
      }
    });
  }
});
