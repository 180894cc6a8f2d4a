// A picture in a review's body as one block of the editor (heaven/editor.py names
// it LibraryFigure; django-prose-editor loads this module for it). The block
// shows a small rendition with its alt text and caption; it is selected, moved,
// copied and deleted whole and nothing can be typed into it, so a key pressed on
// it never leaves an empty <figure>. It reads and writes the markup the body
// sanitizer keeps (reviews/body_markup.py):
//   <figure class="figure"><img src alt width height>
//   <figcaption class="figure-caption">…</figcaption></figure>
// The toolbar's picture button opens the library's picture chooser
// (picture_chooser.js): browse, search, upload, insert.

import { crel, Node, pm } from "django-prose-editor/editor"
import { openPictureChooser } from "./picture_chooser.js"

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
          const { chooserUrl, uploadUrl } = this.options
          const chooser = {
            chooserUrl,
            uploadUrl,
            title: "Insert a picture from the library",
            uploadLabel: "Upload and insert",
          }
          openPictureChooser(chooser, (picture) =>
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
              .run(),
          )
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
