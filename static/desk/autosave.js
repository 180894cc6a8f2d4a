// Autosave of a review's text while its change form is open (reviews/autosave.py).
// Every interval, if the title, excerpt, body or verdict changed since the last
// autosave, they go to the review's autosave address: a separate draft per
// person, never the review itself, so the published page does not change.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const panel = document.getElementById("autosave");
  if (!panel) return;
  const form = panel.closest("form");
  const message = panel.querySelector(".autosave-message");
  const fields = ["title", "excerpt", "body", "verdict"];
  const seconds = Number(panel.dataset.autosaveSeconds) || 60;

  const value = (name) => (form.elements.namedItem(name) || { value: "" }).value;
  const snapshot = () => fields.map(value).join("\u0000");
  let saved = snapshot();

  async function autosave() {
    const now = snapshot();
    if (now === saved) return;
    const data = new FormData();
    for (const name of fields) {
      if (form.elements.namedItem(name)) data.append(name, value(name));
    }
    // The version the form was loaded from (heaven/edit_conflicts.py).
    data.append("edit_version", value("edit_version"));
    data.append("csrfmiddlewaretoken", value("csrfmiddlewaretoken"));
    try {
      const response = await fetch(panel.dataset.autosaveUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (response.ok) saved = now;
      message.textContent = answer.message;
    } catch {
      message.textContent =
        "Autosave failed (no connection). Your text is still in this form.";
    }
  }

  window.setInterval(autosave, seconds * 1000);
});
