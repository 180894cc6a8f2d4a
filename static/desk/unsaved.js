// Warns before a desk form is left with changes that were not saved: the
// browser's own "Leave site?" question (beforeunload). Loaded on every admin
// add and change form (templates/admin/change_form.html). Silent when the form
// holds what the page loaded with, and while the form is being saved; a form
// shown again with errors holds changes that are not saved yet.
"use strict";

window.addEventListener("load", () => {
  const form = document.querySelector("#content-main form[id$='_form']");
  if (!form) return;

  // Everything the form would send. Filter boxes (filter_horizontal) select
  // their chosen options only when the form is sent, so their lists count too.
  const state = () => {
    const parts = [];
    for (const [name, value] of new FormData(form)) {
      if (name === "csrfmiddlewaretoken") continue;
      const shown =
        typeof value === "string" ? value : `${value.name}:${value.size}`;
      parts.push(`${name}=${shown}`);
    }
    for (const chosen of form.querySelectorAll("select.filtered[id$='_to']")) {
      parts.push(`${chosen.name}:${[...chosen.options].map((o) => o.value)}`);
    }
    return parts.join("\u0000");
  };

  let loaded = null;
  let saving = false;
  const hasErrors = Boolean(document.querySelector(".errornote"));
  // After the admin's own load handlers (filter boxes, editors) have run.
  setTimeout(() => {
    loaded = state();
  }, 0);

  // Registered last, so a handler that stops the submit runs before this one.
  form.addEventListener("submit", (event) => {
    if (!event.defaultPrevented) saving = true;
  });

  window.addEventListener("beforeunload", (event) => {
    if (saving || loaded === null) return;
    if (!hasErrors && state() === loaded) return;
    event.preventDefault();
    event.returnValue = "";
  });
});
