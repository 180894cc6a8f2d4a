// The share-preview link on a review's form selects itself when focused, ready to
// copy (a static file, not an inline handler, so a strict CSP allows it).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const field = document.getElementById("share-preview-url");
  if (field) field.addEventListener("focus", () => field.select());
});
