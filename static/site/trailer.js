// A trailer's facade: the player (from the host in `data-trailer`) replaces our
// picture only when the reader clicks play, so nothing reaches YouTube or Vimeo
// before then. A static file, as the strict CSP requires.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll("[data-trailer]")) {
    const play = box.querySelector(".trailer-play");
    play.addEventListener("click", (event) => {
      event.preventDefault();
      const frame = document.createElement("iframe");
      frame.src = box.dataset.trailer;
      frame.title = box.dataset.trailerTitle;
      frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      box.replaceChildren(frame);
      frame.focus();
    });
  }
});
