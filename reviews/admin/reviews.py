"""Admin for reviews: the writer's and editor's desk, and the workflow log.

The change form's panels, the workflow and the versions live in mixins beside
this module (review_panels, review_workflow, review_history)."""

import reversion
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from heaven.admin_dates import DateHierarchyMixin
from heaven.edit_conflicts import EditConflictMixin
from heaven.editor import RichTextAdminMixin
from heaven.image_chooser import ImageChooserAdminMixin
from people.models import Author
from reviews import autosave, mentions, site_settings, workflow
from reviews.admin.review_history import ReviewHistoryMixin
from reviews.admin.review_list import ReviewListMixin
from reviews.admin.review_panels import ReviewPanelsMixin
from reviews.admin.review_workflow import ReviewWorkflowMixin
from reviews.library.body_images import picture_problems
from reviews.models import (
    ContentWarning,
    Review,
    ReviewTransition,
)


@admin.register(ContentWarning)
class ContentWarningAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ReviewAdminForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "rating" in self.fields:
            # Typed on the site's scale (3.5 stars, 87/100), stored out of 10.
            self.site = site_settings.current()
            points = self.site.rating_points
            self.fields["rating"] = forms.DecimalField(
                label=f"Rating (out of {points})",
                required=False,
                min_value=0,
                max_value=points,
                decimal_places=1,
                help_text=f"From 0 to {points}, in steps of {self.site.step}; "
                "empty for an unrated post.",
            )
            if self.instance.rating is not None:
                self.initial["rating"] = self.site.to_scale(self.instance.rating)

    def clean_rating(self):
        value = self.cleaned_data.get("rating")
        if value is None or not hasattr(self, "site"):
            return value
        if not self.site.fits_scale(value):
            raise ValidationError(
                f"On this site a rating goes from 0 to {self.site.rating_points} "
                f"in steps of {self.site.step}."
            )
        return self.site.from_scale(value)

    def clean_body(self):
        # [[Name]] shorthand becomes a link here, where a name that matches no
        # page (or several) can be shown to the writer instead of dropped.
        body = mentions.expand_shorthand(self.cleaned_data["body"])
        # Refused here, with the form and everything typed still on screen, not
        # dropped by the sanitizer: an empty frame or a picture from elsewhere is
        # a gap or a broken picture on the public page.
        if problems := picture_problems(body):
            raise ValidationError("Pictures to fix: " + "; ".join(problems) + ".")
        return body


@admin.register(Review)
class ReviewAdmin(
    # Before VersionAdmin, so the mixins' super() calls still reach it; workflow
    # before history keeps the extra URLs in the order they were added.
    ReviewPanelsMixin,
    ReviewListMixin,
    ReviewWorkflowMixin,
    ReviewHistoryMixin,
    RichTextAdminMixin,
    ImageChooserAdminMixin,
    EditConflictMixin,
    DateHierarchyMixin,
    VersionAdmin,
):
    """Reviews, with the workflow on top.

    Writers see all their own reviews, and change only drafts and reviews in
    review (the others open read-only); never the status,
    the publish date or the byline as form fields; editors see everything. Status
    and date change only through the workflow buttons and actions, which call
    `reviews.workflow`, so every change has its audit line. Every save keeps a
    version (django-reversion) that editors can compare and restore."""

    list_filter = [
        "status",
        "needs_film",
        "needs_title",
        "author",
        "has_spoilers",
        "content_warnings",
    ]
    list_select_related = [
        "film",
        "season__series",
        "episode__season__series",
        "author",
    ]
    search_fields = ["title", "film__title", "film__original_title", "excerpt"]
    # A season or episode review: pick the episode (or season) and the series
    # fills itself (`Review.clean`).
    autocomplete_fields = ["film", "season", "episode", "author", "related_reviews"]
    # Browsed, searched or uploaded in place (heaven/image_chooser.py).
    image_chooser_fields = ("hero",)
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["content_warnings"]
    date_hierarchy = "published_at"
    save_on_top = True  # the workflow buttons sit under the top row of buttons
    change_list_template = "admin/reviews/review/change_list.html"
    object_history_template = "admin/reviews/review/object_history.html"
    history_latest_first = True
    rich_text_fields = ("body",)

    class Media:
        css = {"all": ["desk/desk.css"]}
        js = ["desk/autosave.js", "desk/share_link.js", "desk/live_panels.js"]

    form = ReviewAdminForm
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]
    # Status and date move only through the workflow (buttons and actions).
    always_read_only = [
        "status",
        "published_at",
        "ready_to_publish",
        "reading_facts",
        "search_preview",
        "social_preview",
        "hero_preview",
        "workflow_history",
        "created_at",
        "updated_at",
        "needs_film",
        "wordpress_site",
        "wordpress_id",
        "wordpress_status",
        "original_image_url",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "film", "season", "episode", "author"]},
        ),
        (
            "Workflow",
            {
                "fields": [
                    "status",
                    "published_at",
                    "ready_to_publish",
                ]
            },
        ),
        (
            "Before publishing",
            {"fields": ["reading_facts", "search_preview", "social_preview"]},
        ),
        (
            "The review",
            {"fields": ["excerpt", "body", "verdict", "rating", "has_spoilers"]},
        ),
        ("Hero image", {"fields": ["hero", "hero_preview"]}),
        (
            "Tags and warnings",
            {"fields": ["tags", "content_warnings", "related_reviews"]},
        ),
        (
            "Search engines",
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
        (
            "History",
            {
                "fields": ["workflow_history", "created_at", "updated_at"],
                "classes": ["collapse"],
            },
        ),
        (
            "Imported from WordPress",
            {
                "fields": [
                    "needs_film",
                    "needs_title",
                    "wordpress_site",
                    "wordpress_id",
                    "wordpress_status",
                    "original_image_url",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    # --- What each role may see and change -------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("tags")
        visible = workflow.on_desk_of(request.user, queryset)
        match = getattr(request, "resolver_match", None)
        if match and match.url_name == "autocomplete":
            # "Related reviews" may point at anything readers can already see.
            visible = visible | queryset.published()
        return visible

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or workflow.can_delete(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.always_read_only)
        if not workflow.is_editor(request.user):
            fields.append("author")  # a writer writes under their own byline
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return (
            {}
            if obj is not None and obj.status != Review.Status.DRAFT
            else super().get_prepopulated_fields(request, obj)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None or workflow.is_editor(request.user):
            return form
        own_author = Author.objects.filter(user=request.user).first()

        class WriterReviewForm(form):
            def clean(self):
                cleaned_data = super().clean()
                if own_author is None:
                    raise ValidationError(
                        "Your login has no author byline yet, so this review would "
                        "belong to nobody. Ask an editor to create your author "
                        "profile."
                    )
                self.instance.author = own_author
                return cleaned_data

        return WriterReviewForm

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not workflow.is_editor(request.user):
            actions.pop("publish_selected", None)
            actions.pop("unpublish_selected", None)
        return actions

    def delete_model(self, request, obj):
        self.delete_queryset(request, Review.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        # Keep a last version of each review as it was when deleted, so that it
        # can be recovered even if it was never saved through the admin.
        with transaction.atomic():
            with reversion.create_revision():
                for review in queryset:
                    reversion.add_to_revision(review)
                reversion.set_user(request.user)
                reversion.set_comment("Deleted.")
            super().delete_queryset(request, queryset)

    def save_model(self, request, obj, form, change):
        # Restoring a version brings back its content, not its place in the
        # workflow: status and date stay as they are (a recovered review comes
        # back as a draft, with an audit line). See ReviewHistoryMixin.
        keep = getattr(request, "reviews_keep_state", {})
        from_status = obj.status
        for field, value in keep.items():
            setattr(obj, field, value)
        super().save_model(request, obj, form, change)
        autosave.discard(obj, by=request.user)  # the saved review is newer
        if getattr(request, "reviews_recovering", False):
            workflow.record_transition(
                obj,
                from_status=from_status,
                by=request.user,
                note="recovered after deletion",
            )


@admin.register(ReviewTransition)
class ReviewTransitionAdmin(DateHierarchyMixin, admin.ModelAdmin):
    """The audit trail of the workflow: read-only, written by reviews.workflow."""

    list_display = ["at", "review_link", "from_status", "to_status", "by", "note"]
    list_filter = ["to_status", "from_status"]
    list_select_related = ["by"]
    search_fields = ["review_title", "by__username", "note"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        # No join on the review: lines of a deleted review must stay listed.
        return (
            super()
            .get_queryset(request)
            .annotate(
                review_exists=Exists(Review.objects.filter(pk=OuterRef("review_id")))
            )
        )

    @admin.display(description="Review", ordering="review_title")
    def review_link(self, transition):
        if not transition.review_exists:
            return f"{transition.review_title} (deleted)"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:reviews_review_change", args=[transition.review_id]),
            transition.review_title,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
