// The image chooser of a hero, poster, photo or logo field (heaven/image_chooser.py):
// "Choose a picture" opens the library's picture chooser (picture_chooser.js),
// whose pick puts the picture's id in the field's hidden input and shows its
// thumbnail and alt text; "Clear" empties the field. The form sends the plain
// id, as the admin's select did.

import { crel, openPictureChooser } from "./picture_chooser.js"

function show(field, picture) {
  const input = field.querySelector("input[type=hidden]")
  const current = field.querySelector(".image-field__current")
  const alt = field.querySelector(".image-field__alt")
  const clear = field.querySelector(".image-field__clear")
  current.querySelector("img")?.remove()
  if (picture) {
    const img = crel("img", { className: "image-field__thumbnail", src: picture.thumbnail, alt: "" })
    img.width = 96
    img.height = 96
    current.prepend(img)
    alt.textContent = picture.alt ? `Alt text: ${picture.alt}` : "No alt text"
  } else {
    alt.textContent = "No picture chosen."
  }
  input.value = picture ? String(picture.id) : ""
  clear.hidden = !picture
  // For the unsaved-changes warning and anything else listening to the form.
  input.dispatchEvent(new Event("change", { bubbles: true }))
}

function enhance(field) {
  const options = {
    chooserUrl: field.dataset.chooserUrl,
    uploadUrl: field.dataset.uploadUrl,
    title: "Choose a picture from the library",
    uploadLabel: "Upload and choose",
  }
  const choose = field.querySelector(".image-field__choose")
  choose.addEventListener("click", () => {
    openPictureChooser(options, (picture) => {
      show(field, picture)
      choose.focus()
    })
  })
  field.querySelector(".image-field__clear").addEventListener("click", () => {
    show(field, null)
    choose.focus()
  })
}

// Modules run after the document is parsed, so every field is there.
for (const field of document.querySelectorAll(".image-field")) enhance(field)
