// The library's picture chooser, a dialog over the image library
// (reviews/library/chooser.py): browse the newest pictures as thumbnails,
// search them by alt text, caption or credit, upload a new one in place, pick
// one. Shared by the body editor's picture button (library_figure.js) and the
// hero, poster, photo and logo fields (image_field.js); it needs nothing from the
// editor, so a form without one can use it.
//
//   openPictureChooser({ chooserUrl, uploadUrl, title, uploadLabel }, pick)
//
// calls pick(picture) with the chooser's description of the picture
// (`chooser.described`: id, src, alt, thumbnail, figure_caption…).

// An element with properties and children (the editor's `crel`, which this
// module does not import so that it loads on pages without the editor).
export function crel(tag, properties = {}, children = []) {
  const element = Object.assign(document.createElement(tag), properties)
  element.append(...children)
  return element
}

function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]")
  return field ? field.value : ""
}

export function openPictureChooser(options, pick) {
  const dialog = crel("dialog", { className: "picture-chooser" })
  dialog.setAttribute("aria-labelledby", "picture-chooser-title")
  const title = crel("h2", {
    id: "picture-chooser-title",
    textContent: options.title || "Choose a picture from the library",
  })
  const search = crel("input", {
    type: "search",
    id: "picture-chooser-search",
    placeholder: "Alt text, caption or credit",
  })
  const searchLabel = crel("label", {
    htmlFor: "picture-chooser-search",
    textContent: "Search the library",
  })
  const status = crel("p", { className: "picture-chooser__status" })
  status.setAttribute("role", "status")
  const results = crel("ul", { className: "picture-chooser__results" })
  const close = crel("button", { type: "button", textContent: "Cancel" })

  const chosen = (picture) => {
    dialog.close()
    pick(picture)
  }

  const show = (pictures) => {
    results.replaceChildren(
      ...pictures.map((picture) => {
        const img = crel("img", { src: picture.thumbnail, alt: "" })
        img.loading = "lazy"
        const button = crel("button", { type: "button", className: "picture-chooser__pick" }, [
          img,
          crel("span", { textContent: picture.alt }),
          crel("small", { textContent: picture.figure_caption }),
        ])
        button.dataset.imageId = picture.id
        button.addEventListener("click", () => chosen(picture))
        return crel("li", {}, [button])
      }),
    )
    status.textContent = pictures.length
      ? `${pictures.length} picture${pictures.length === 1 ? "" : "s"}`
      : "No picture in the library matches."
  }

  let asked = 0
  const find = async () => {
    const mine = ++asked
    const url = `${options.chooserUrl}?q=${encodeURIComponent(search.value)}`
    try {
      const response = await fetch(url, { credentials: "same-origin" })
      const answer = await response.json()
      if (mine === asked) show(answer.results)
    } catch {
      status.textContent = "The library did not answer. Try again."
    }
  }
  let pause = null
  search.addEventListener("input", () => {
    clearTimeout(pause)
    pause = setTimeout(find, 250)
  })
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault()
  })

  dialog.append(
    title,
    crel("p", {}, [searchLabel, search]),
    status,
    results,
    uploadSection(options, chosen),
    crel("p", { className: "picture-chooser__buttons" }, [close]),
  )
  close.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => dialog.remove())
  // Outside the admin's form, so Enter in the chooser never submits the page's
  // form, and the chooser's own fields are never sent with it.
  document.body.append(dialog)
  dialog.showModal()
  search.focus()
  find()
}

function uploadSection(options, chosen) {
  const field = (label, input) => {
    input.id = `picture-chooser-${input.name}`
    return crel("p", {}, [crel("label", { htmlFor: input.id, textContent: label }), input])
  }
  const file = crel("input", { type: "file", name: "file", accept: "image/*" })
  const alt = crel("input", { type: "text", name: "alt_text", maxLength: 250 })
  const caption = crel("input", { type: "text", name: "caption", maxLength: 300 })
  const credit = crel("input", { type: "text", name: "credit", maxLength: 200 })
  const errors = crel("ul", { className: "errorlist" })
  const button = crel("button", {
    type: "button",
    textContent: options.uploadLabel || "Upload and choose",
  })

  button.addEventListener("click", async () => {
    const data = new FormData()
    if (file.files[0]) data.append("file", file.files[0])
    data.append("alt_text", alt.value)
    data.append("caption", caption.value)
    data.append("credit", credit.value)
    errors.replaceChildren()
    button.disabled = true
    try {
      const response = await fetch(options.uploadUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
      })
      const answer = await response.json()
      if (response.ok) {
        chosen(answer.image)
        return
      }
      // What was typed stays in the fields, for the writer to correct.
      errors.replaceChildren(
        ...Object.values(answer.errors || {})
          .flat()
          .map((message) => crel("li", { textContent: message })),
      )
    } catch {
      errors.replaceChildren(crel("li", { textContent: "The upload failed. Try again." }))
    } finally {
      button.disabled = false
    }
  })

  return crel("details", { className: "picture-chooser__upload" }, [
    crel("summary", { textContent: "Upload a new picture" }),
    errors,
    field("Picture", file),
    field("Alt text (required): describe the picture", alt),
    field("Caption", caption),
    field("Credit", credit),
    button,
  ])
}
