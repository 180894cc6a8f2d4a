// Autosave of a review's text while its form is open (reviews/autosave.py).
// Every interval, if the title, excerpt, body or verdict changed since the last
// autosave, they go to the review's autosave address: a separate draft per
// person, never the review itself, so the published page does not change.
//
// On a new review's form (data-autosave-new) the first keystroke autosaves at
// once: the server creates the review as a draft and answers with its
// addresses, and from then on this form saves and autosaves to that draft (its
// action, the page's address and the edit version change accordingly), so
// nothing typed is lost and saving does not make a second review.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const panel = document.getElementById("autosave");
  if (!panel) return;
  const form = panel.closest("form");
  const message = panel.querySelector(".autosave-message");
  const fields = ["title", "excerpt", "body", "verdict"];
  const seconds = Number(panel.dataset.autosaveSeconds) || 60;
  let isNew = panel.dataset.autosaveNew === "1";

  const value = (name) => (form.elements.namedItem(name) || { value: "" }).value;
  const snapshot = () => fields.map(value).join("\u0000");
  let saved = snapshot();
  let busy = false;

  function becomeDraft(answer) {
    isNew = false;
    form.action = answer.change_url;
    panel.dataset.autosaveUrl = answer.autosave_url;
    let version = form.elements.namedItem("edit_version");
    if (!version) {
      version = document.createElement("input");
      version.type = "hidden";
      version.name = "edit_version";
      form.append(version);
    }
    version.value = answer.edit_version;
    window.history.replaceState(null, "", answer.change_url);
  }

  async function autosave() {
    const now = snapshot();
    if (now === saved || busy) return;
    busy = true;
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
      if (response.ok) {
        saved = now;
        if (isNew && answer.change_url) becomeDraft(answer);
      }
      message.textContent = answer.message;
    } catch {
      message.textContent =
        "Autosave failed (no connection). Your text is still in this form.";
    } finally {
      busy = false;
    }
  }

  if (isNew) {
    // The body editor writes into its textarea after its own handlers run.
    const first = () => {
      window.setTimeout(() => {
        if (!isNew) return;
        if (snapshot() === saved) return;
        form.removeEventListener("input", first);
        autosave();
      }, 50);
    };
    form.addEventListener("input", first);
  }
  window.setInterval(autosave, seconds * 1000);
});
