"""The review change form's read-only panels: checklist, length, previews and log."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from reviews import reading, site_settings, workflow
from reviews.checklist import DESCRIPTION_LENGTH
from reviews.library import renditions as images
from reviews.library.admin import thumbnail as library_thumbnail
from reviews.models import ReviewTransition

# What a search engine shows of a title before cutting it.
TITLE_LIMIT = 60


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


CHECK_STATES = {
    "passed": ("✔", "yes"),
    "failed": ("✘", "no, this blocks publishing"),
    "warning": ("!", "not yet (a warning; it does not block publishing)"),
}


def _check_line(check: workflow.Check):
    if check.passed:
        state = "passed"
    else:
        state = "failed" if check.blocking else "warning"
    mark, words = CHECK_STATES[state]
    advice = f" {check.advice}" if not check.passed and check.advice else ""
    return format_html(
        '<li class="check-{}"><span aria-hidden="true">{}</span> {}: {}.{}</li>',
        state,
        mark,
        check.label,
        words,
        advice,
    )


class ReviewPanelsMixin:
    """The facts an editor reads before publishing, as `ReviewAdmin` read-only
    fields (listed in its `always_read_only` and `fieldsets`)."""

    @admin.display(description="Ready to publish")
    def ready_to_publish(self, review):
        """The pre-publish checklist (reviews.workflow.checklist): failures block
        publishing, warnings do not."""
        if review.pk is None:
            return "Save the review first."
        checks = workflow.checklist(review)
        missing = [c.needs for c in checks if c.blocking and not c.passed]
        summary = (
            "Not yet. Missing: " + ", ".join(missing) + "."
            if missing
            else "Yes: it has everything readers need."
        )
        return format_html(
            '<p class="checklist-summary">{}</p><ul class="checklist">{}</ul>',
            summary,
            format_html_join("", "{}", ((_check_line(check),) for check in checks)),
        )

    @admin.display(description="Length")
    def reading_facts(self, review):
        # Kept up to date while typing by static/desk/live_panels.js.
        words = reading.word_count(review.body)
        minutes = reading.reading_minutes(review.body)
        return format_html(
            '<span class="reading-facts" data-words-per-minute="{}">'
            '<span class="reading-facts-words">{} word{}</span>, '
            '<span class="reading-facts-minutes">about {} min to read</span></span>',
            reading.WORDS_PER_MINUTE,
            words,
            "s" if words != 1 else "",
            minutes,
        )

    @admin.display(description="In search results")
    def search_preview(self, review):
        title, description = review.meta_title, review.meta_description
        return format_html(
            '<div class="search-preview" data-title-limit="{}" '
            'data-description-limit="{}"><p class="search-preview-title">{}</p>'
            '<p class="search-preview-url">{}</p>'
            '<p class="search-preview-description">{}</p></div>'
            '<p class="help">Title: <span class="search-preview-title-length">{}'
            "</span> of about {} characters. Description: "
            '<span class="search-preview-description-length">{}</span> of about {} '
            "characters.</p>",
            TITLE_LIMIT,
            DESCRIPTION_LENGTH[1],
            _cut(title, TITLE_LIMIT),
            review.get_absolute_url() if review.slug else "",
            _cut(description, DESCRIPTION_LENGTH[1]) or "(no description)",
            len(title),
            TITLE_LIMIT,
            len(description),
            DESCRIPTION_LENGTH[1],
        )

    @admin.display(description="Saved hero image")
    def hero_preview(self, review):
        return library_thumbnail(review.hero, width=200)

    @admin.display(description="Social card")
    def social_preview(self, review):
        hero = review.hero
        image = images.renditions(hero.file) if hero else None
        picture = (
            format_html(
                '<img src="{}" alt="{}" width="300">',
                image.fallback.url,
                hero.alt_text,
            )
            if image
            else format_html('<p class="social-card-no-image">{}</p>', "No image")
        )
        return format_html(
            '<div class="social-card">{}<p class="social-card-site">{}</p>'
            '<p class="social-card-title">{}</p>'
            '<p class="social-card-description">{}</p></div>',
            picture,
            site_settings.site_name(),
            review.meta_title,
            _cut(review.meta_description or review.verdict, 200),
        )

    @admin.display(description="Workflow history")
    def workflow_history(self, review):
        if review.pk is None:
            return "—"
        rows = ReviewTransition.objects.for_review(review).with_people()
        if not rows:
            return "No transitions yet."
        return format_html(
            "<table><thead><tr><th>When</th><th>Who</th><th>From</th><th>To</th>"
            "<th>Note</th></tr></thead><tbody>{}</tbody></table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        f"{row.at:%Y-%m-%d %H:%M:%S}",
                        row.by or "scheduled job",
                        row.get_from_status_display(),
                        row.get_to_status_display(),
                        row.note,
                    )
                    for row in rows
                ),
            ),
        )
