// A picture in a review's body as one block of the editor (heaven/editor.py names
// it LibraryFigure; django-prose-editor loads this module for it). The block
// shows a small rendition with its alt text and caption; it is selected, moved,
// copied and deleted whole and nothing can be typed into it, so a key pressed on
// it never leaves an empty <figure>. It reads and writes the markup the body
// sanitizer keeps (reviews/body_markup.py):
//   <figure class="figure"><img src alt width height>
//   <figcaption class="figure-caption">…</figcaption></figure>
// The toolbar's picture button opens a chooser over the image library
// (reviews/library/chooser.py): browse, search, upload, insert.

import { crel, Node, pm } from "django-prose-editor/editor"

const { NodeSelection, TextSelection } = pm.state

// What a caption may hold: the inline markup of the body sanitizer.
const CAPTION_TAGS = new Set(["em", "strong", "b", "i", "u", "s", "sub", "sup", "br", "a"])
const SAFE_HREF = /^(https?:|mailto:|\/(?!\/)|#)/i

// The caption as a ProseMirror DOM spec: only allowed tags, links with safe
// addresses, everything else as its text. Built from an inert parse, so nothing
// in a pasted caption runs or loads.
function captionSpec(node) {
  const out = []
  for (const child of node.childNodes) {
    if (child.nodeType === 3) {
      out.push(child.data)
    } else if (child.nodeType === 1) {
      const tag = child.tagName.toLowerCase()
      const inner = captionSpec(child)
      if (!CAPTION_TAGS.has(tag)) {
        out.push(...inner)
      } else if (tag === "a") {
        const href = child.getAttribute("href") || ""
        const attrs = SAFE_HREF.test(href) ? { href } : {}
        if (child.getAttribute("title")) attrs.title = child.getAttribute("title")
        if (attrs.href) attrs.rel = "noopener"
        out.push(["a", attrs, ...inner])
      } else {
        out.push([tag, {}, ...inner])
      }
    }
  }
  return out
}

function parseInert(html) {
  return new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body
}

function specToDOM(spec) {
  if (typeof spec === "string") return document.createTextNode(spec)
  const [tag, attrs, ...children] = spec
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value)
  el.append(...children.map(specToDOM))
  return el
}

function captionHTML(figcaption) {
  const holder = document.createElement("div")
  holder.append(...captionSpec(figcaption).map(specToDOM))
  return holder.innerHTML
}

const number = (value) => (/^\d{1,5}$/.test(value || "") ? Number(value) : null)

function attrsOf(img, figcaption) {
  const src = (img.getAttribute("src") || "").trim()
  if (!src) return false
  return {
    src,
    alt: img.getAttribute("alt") || "",
    width: number(img.getAttribute("width")),
    height: number(img.getAttribute("height")),
    caption: figcaption ? captionHTML(figcaption) : "",
  }
}

// Small renditions of library pictures, asked of the chooser once per source.
const thumbnails = new Map()

function thumbnailOf(chooserUrl, src) {
  if (!chooserUrl || !src.startsWith("/")) return Promise.resolve(src)
  if (!thumbnails.has(src)) {
    const url = `${chooserUrl}?src=${encodeURIComponent(src)}`
    thumbnails.set(
      src,
      fetch(url, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((answer) => answer.results[0]?.thumbnail || src)
        .catch(() => src),
    )
  }
  return thumbnails.get(src)
}

export const LibraryFigure = Node.create({
  name: "libraryFigure",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { chooserUrl: null, uploadUrl: null, addUrl: null }
  },

  addAttributes() {
    const attr = (fallback) => ({ default: fallback, rendered: false })
    return {
      src: attr(null),
      alt: attr(""),
      width: attr(null),
      height: attr(null),
      caption: attr(""),
    }
  },

  parseHTML() {
    return [
      {
        // Above other figure and image rules, so a pasted figure is a block too.
        tag: "figure",
        priority: 100,
        getAttrs: (figure) => {
          const img = figure.querySelector("img")
          // A frame without a picture is no block: its caption stays as text.
          return img ? attrsOf(img, figure.querySelector("figcaption")) : false
        },
      },
      {
        tag: "img[src]",
        priority: 100,
        getAttrs: (img) => attrsOf(img, null),
      },
    ]
  },

  renderHTML({ node }) {
    const { src, alt, width, height, caption } = node.attrs
    const img = { src, alt: alt || "" }
    if (width) img.width = String(width)
    if (height) img.height = String(height)
    const figure = ["figure", { class: "figure" }, ["img", img]]
    if (caption) {
      figure.push([
        "figcaption",
        { class: "figure-caption" },
        ...captionSpec(parseInert(caption)),
      ])
    }
    return figure
  },

  addNodeView() {
    const chooserUrl = this.options.chooserUrl
    return ({ node }) => {
      const dom = crel("figure", { className: "figure library-figure" })
      dom.contentEditable = "false"
      const render = (current) => {
        const { src, alt, caption } = current.attrs
        const img = crel("img", { alt, className: "library-figure__picture" })
        img.loading = "lazy"
        thumbnailOf(chooserUrl, src).then((thumbnail) => {
          img.src = thumbnail
        })
        const described = crel("p", {
          className: "library-figure__alt",
          textContent: alt ? `Alt text: ${alt}` : "No alt text",
        })
        const children = [img, described]
        if (caption) {
          const figcaption = crel("figcaption", { className: "figure-caption" })
          figcaption.append(...captionSpec(parseInert(caption)).map(specToDOM))
          children.push(figcaption)
        }
        dom.replaceChildren(...children)
      }
      render(node)
      let shown = node
      return {
        dom,
        update(updated) {
          if (updated.type !== shown.type) return false
          if (JSON.stringify(updated.attrs) !== JSON.stringify(shown.attrs)) {
            render(updated)
          }
          shown = updated
          return true
        },
        ignoreMutation: () => true,
      }
    }
  },

  addCommands() {
    return {
      // The picture goes between blocks, never into a paragraph: before the one
      // the caret starts, after the one it is in, after a selected block. The
      // caret then waits in the paragraph after it, so a second picture or the
      // next word never replaces this one.
      insertLibraryFigure:
        (attrs) =>
        ({ tr, state, dispatch }) => {
          if (!dispatch) return true
          const node = state.schema.nodes[this.name].create(attrs)
          const { selection } = tr
          const { $from } = selection
          let pos = selection.to
          if (!(selection instanceof NodeSelection) && $from.parent.isTextblock) {
            pos = $from.parentOffset === 0 ? $from.before() : $from.after()
          }
          tr.insert(pos, node)
          const after = pos + node.nodeSize
          if (!tr.doc.resolve(after).nodeAfter?.isTextblock) {
            tr.insert(after, state.schema.nodes.paragraph.create())
          }
          tr.setSelection(TextSelection.create(tr.doc, after + 1))
          tr.scrollIntoView()
          return true
        },
      chooseLibraryFigure:
        () =>
        ({ editor }) => {
          openChooser(editor, this.options)
          return true
        },
    }
  },

  addKeyboardShortcuts() {
    const type = () => this.editor.schema.nodes[this.name]
    return {
      // Enter on a selected picture opens a paragraph after it.
      Enter: ({ editor }) => {
        const { selection } = editor.state
        if (!(selection instanceof NodeSelection) || selection.node.type !== type())
          return false
        return editor.commands.command(({ tr, dispatch }) => {
          if (dispatch) paragraphAfter(tr, selection.to, "")
          return true
        })
      },
    }
  },

  addProseMirrorPlugins() {
    const name = this.name
    const selectPicture = (view, _pos, node, nodePos) => {
      if (node.type.name !== name) return false
      view.dispatch(view.state.tr.setSelection(NodeSelection.create(view.state.doc, nodePos)))
      return true
    }
    return [
      new pm.state.Plugin({
        props: {
          // A second or third click soon after the first still selects the
          // picture whole (the browser would otherwise select nothing in it).
          handleDoubleClickOn: selectPicture,
          handleTripleClickOn: selectPicture,
          // A key typed on a selected picture goes into a new paragraph after it
          // instead of replacing the picture.
          handleTextInput(view, _from, _to, text) {
            const { selection } = view.state
            if (!(selection instanceof NodeSelection)) return false
            if (selection.node.type.name !== name) return false
            const tr = view.state.tr
            paragraphAfter(tr, selection.to, text)
            view.dispatch(tr.scrollIntoView())
            return true
          },
        },
      }),
    ]
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "libraryFigure",
      groups: "nodes",
      command: (editor) => editor.commands.chooseLibraryFigure(),
      button: buttons.material("image", "Insert a picture from the library"),
      enabled: (editor) => editor.isEditable,
    })
  },
})

function paragraphAfter(tr, pos, text) {
  const paragraph = tr.doc.type.schema.nodes.paragraph
  const content = text ? tr.doc.type.schema.text(text) : null
  tr.insert(pos, paragraph.create(null, content))
  tr.setSelection(TextSelection.create(tr.doc, pos + 1 + text.length))
}

// --- The chooser ---------------------------------------------------------------

function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]")
  return field ? field.value : ""
}

function openChooser(editor, options) {
  const dialog = crel("dialog", { className: "picture-chooser" })
  dialog.setAttribute("aria-labelledby", "picture-chooser-title")
  const title = crel("h2", {
    id: "picture-chooser-title",
    textContent: "Insert a picture from the library",
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

  const insert = (picture) => {
    dialog.close()
    editor
      .chain()
      .focus()
      .insertLibraryFigure({
        src: picture.src,
        alt: picture.alt,
        width: picture.width,
        height: picture.height,
        caption: picture.figure_caption_html,
      })
      .run()
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
        button.addEventListener("click", () => insert(picture))
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
    uploadSection(options, insert),
    crel("p", { className: "picture-chooser__buttons" }, [close]),
  )
  close.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => dialog.remove())
  // Outside the admin's form, so Enter in the chooser never submits the review.
  document.body.append(dialog)
  dialog.showModal()
  search.focus()
  find()
}

function uploadSection(options, insert) {
  const field = (label, input) => {
    input.id = `picture-chooser-${input.name}`
    return crel("p", {}, [crel("label", { htmlFor: input.id, textContent: label }), input])
  }
  const file = crel("input", { type: "file", name: "file", accept: "image/*" })
  const alt = crel("input", { type: "text", name: "alt_text", maxLength: 250 })
  const caption = crel("input", { type: "text", name: "caption", maxLength: 300 })
  const credit = crel("input", { type: "text", name: "credit", maxLength: 200 })
  const errors = crel("ul", { className: "errorlist" })
  const button = crel("button", { type: "button", textContent: "Upload and insert" })

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
        insert(answer.image)
        return
      }
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

  const details = crel("details", { className: "picture-chooser__upload" }, [
    crel("summary", { textContent: "Upload a new picture" }),
    errors,
    field("Picture", file),
    field("Alt text (required): describe the picture", alt),
    field("Caption", caption),
    field("Credit", credit),
    button,
  ])
  return details
}
