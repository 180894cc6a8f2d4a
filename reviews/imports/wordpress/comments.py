"""A post's comments, stored on its review (``reviews.models.Comment``).

The site does not show comments yet; they are kept and counted so nothing readers
wrote is lost. Keyed by site and comment id: a second run creates none twice and
updates one that changed (approved since, edited). Pingbacks and trackbacks are
left out (``export._comments``).
"""

from heaven.text import clean_text
from reviews.body_markup import sanitize_body
from reviews.imports.wordpress.export import Post
from reviews.models import Comment, Review


def import_comments(post: Post, review: Review, context) -> None:
    tally = context.summary["comments"]
    if not post.comments:
        return
    site = context.export.site
    existing = {
        c.wordpress_id: c
        for c in Comment.objects.filter(
            wordpress_site=site, wordpress_id__in=[c.id for c in post.comments]
        )
    }
    rows = {}
    for comment in post.comments:
        values = {
            "review": review,
            "author_name": clean_text(comment.author),
            "author_email": comment.email if "@" in comment.email else "",
            "author_url": comment.url if comment.url.startswith("http") else "",
            "body": sanitize_body(clean_text(comment.content).replace("\n", "<br>")),
            "approved": comment.approved,
            "posted_at": comment.date,
        }
        row = existing.get(comment.id)
        if row is None:
            row = Comment(wordpress_site=site, wordpress_id=comment.id, **values)
            row.save()
            tally.created += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            tally.updated += 1
        else:
            tally.unchanged += 1
        rows[comment.id] = row
    # Replies after all of the post's comments are in: a reply may come first.
    for comment in post.comments:
        row, parent = rows[comment.id], rows.get(comment.parent_id or 0)
        if parent is not None and row.parent_id != parent.pk:
            row.parent = parent
            row.save(update_fields=["parent"])
