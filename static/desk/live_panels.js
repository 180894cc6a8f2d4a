// The review form's "Before publishing" panels (reviews/admin/review_panels.py)
// kept up to date while the writer types: length and reading time from the
// body editor, the search result and the social card from the title, excerpt,
// verdict and search-engine fields. The server renders them first with the
// same rules (reviews/reading.py, Review.meta_title, Review.meta_description);
// this only repeats them in the browser until the next save.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const facts = document.querySelector(".reading-facts");
  const search = document.querySelector(".search-preview");
  const card = document.querySelector(".social-card");
  const form = (facts || search || card)?.closest("form");
  if (!form) return;

  const value = (name) =>
    (form.elements.namedItem(name) || { value: "" }).value.trim();
  const cut = (text, limit) =>
    text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
  // As reviews/reading.py: tags end words, a word is letters and digits with
  // inner hyphens or apostrophes.
  const WORD = /[\p{L}\p{N}_]+(?:[-'’][\p{L}\p{N}_]+)*/gu;
  const wordsPerMinute = Number(facts?.dataset.wordsPerMinute) || 230;

  const set = (root, selector, text) => {
    const node = root?.querySelector(selector);
    if (node && node.textContent !== text) node.textContent = text;
  };

  function update() {
    if (facts) {
      const html = value("body").replace(/</g, " <");
      const text =
        new DOMParser().parseFromString(html, "text/html").body.textContent || "";
      const words = (text.match(WORD) || []).length;
      const minutes = words ? Math.max(1, Math.ceil(words / wordsPerMinute)) : 0;
      set(facts, ".reading-facts-words", `${words} word${words === 1 ? "" : "s"}`);
      set(facts, ".reading-facts-minutes", `about ${minutes} min to read`);
    }
    const title = value("seo_title") || value("title");
    const description = value("seo_description") || value("excerpt");
    if (search) {
      const titleLimit = Number(search.dataset.titleLimit);
      const descriptionLimit = Number(search.dataset.descriptionLimit);
      set(search, ".search-preview-title", cut(title, titleLimit));
      set(
        search,
        ".search-preview-description",
        cut(description, descriptionLimit) || "(no description)",
      );
      const help = search.parentElement;
      set(help, ".search-preview-title-length", String(title.length));
      set(help, ".search-preview-description-length", String(description.length));
    }
    if (card) {
      set(card, ".social-card-title", title);
      set(card, ".social-card-description", cut(description || value("verdict"), 200));
    }
  }

  // The body editor writes its HTML into the form's textarea as the writer
  // types; read it once the editor's own handlers have run.
  let pending = false;
  const soon = () => {
    if (pending) return;
    pending = true;
    window.setTimeout(() => {
      pending = false;
      update();
    }, 50);
  };
  form.addEventListener("input", soon);
  form.addEventListener("keyup", soon);
  form.addEventListener("change", soon);
});
