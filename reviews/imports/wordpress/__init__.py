"""Move a WordPress review blog into Heaven: `import_wordpress EXPORT.xml`.

The export is WordPress's own WXR file (Tools → Export, WXR 1.1 or 1.2), read twice,
never as a whole tree:

1. ``scan_export`` checks that the file is a well-formed WXR export and collects the
   small things posts refer to: the site, the author blocks and the attachments
   (featured images). A broken or hostile file fails here, before any write.
2. ``import_export`` walks the items again and turns each post into a review, each in
   its own savepoint, so one bad post is reported (with its post id) and the rest go on.

Where each part lives:

- ``export``: reading the file (the hardened parser, WXR namespaces, items as posts);
- ``content``: WordPress markup (blocks, shortcodes, line breaks) as a clean review
  body, and the film a post's title names;
- ``media``: featured images, from --media-dir into the image library;
- ``body_media``: pictures inside bodies and galleries, likewise;
- ``posts``: writing reviews with their authors, films, tags and redirects;
- ``links``: links between the old site's posts, pointed at the new addresses;
- ``summary``: what the import reports.
"""

from reviews.imports.wordpress.content import content_to_html, film_in_title
from reviews.imports.wordpress.export import (
    Attachment,
    Export,
    WordPressImportError,
    scan_export,
)
from reviews.imports.wordpress.posts import import_export
from reviews.imports.wordpress.summary import Summary

__all__ = [
    "Attachment",
    "Export",
    "Summary",
    "WordPressImportError",
    "content_to_html",
    "film_in_title",
    "import_export",
    "scan_export",
]
