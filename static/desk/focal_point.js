// A click on the image preview sets the focal point: the two number fields take
// the spot in percent and the cross moves there. The fields stay the way to type
// a point with the keyboard.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const preview = document.querySelector(".focal-preview");
  const across = document.getElementById("id_focal_x");
  const down = document.getElementById("id_focal_y");
  if (!preview || !across || !down) {
    return;
  }
  const picture = preview.querySelector("img");
  const cross = preview.querySelector(".focal-cross");
  const percent = (offset, size) =>
    Math.min(100, Math.max(0, Math.round((offset / size) * 100)));
  const moveCross = () => {
    cross.style.left = `${across.value}%`;
    cross.style.top = `${down.value}%`;
  };
  picture.style.cursor = "crosshair";
  picture.addEventListener("click", (event) => {
    const box = picture.getBoundingClientRect();
    across.value = percent(event.clientX - box.left, box.width);
    down.value = percent(event.clientY - box.top, box.height);
    moveCross();
  });
  across.addEventListener("input", moveCross);
  down.addEventListener("input", moveCross);
});
