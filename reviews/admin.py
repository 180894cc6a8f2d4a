import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.models import Version

from heaven.editor import RichTextAdminMixin
from people.models import Author
from reviews import (
    autosave,
    images,
    library_admin,  # noqa: F401  (importing it registers the image library's admin)
    mentions,
    preview,
    reading,
    versions,
    workflow,
)
from reviews.library_admin import thumbnail as library_thumbnail
from reviews.models import (
    ContentWarning,
    Credit,
    Film,
    Genre,
    Provider,
    Redirect,
    Review,
    ReviewTransition,
    WatchOption,
    overlap_message,
)
from reviews.watch import State, state_q, watch_status, watchable_q
from reviews.watch_windows import overlap


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    fields = ["person", "role", "character", "billing_order", "credited_as"]
    autocomplete_fields = ["person", "credited_as"]

    def get_queryset(self, request):
        # Each row's label names its film and person.
        return (
            super()
            .get_queryset(request)
            .select_related("film", "person", "credited_as")
        )


class WatchOptionFormSet(BaseInlineFormSet):
    """The film's where-to-watch rows, checked against each other: two rows for
    the same provider, region and kind must not share a day. An edit may move two
    windows at once, so the rows are compared as they will be saved, not one by
    one against the old ones (the model's own check is off here)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.check_saved_overlaps = False
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = [
            form
            for form in self.forms
            if form.cleaned_data.get("provider")
            and not (self.can_delete and self._should_delete_form(form))
        ]
        # Options saved since this page was opened are not among the rows.
        others = (
            list(
                WatchOption.objects.filter(film=self.instance).exclude(
                    pk__in=[form.instance.pk for form in self.forms if form.instance.pk]
                )
            )
            if self.instance.pk
            else []
        )
        clashes = 0
        for index, form in enumerate(rows):
            earlier = [other.instance for other in rows[:index]] + others
            clash = next((o for o in earlier if _same_days(form.instance, o)), None)
            if clash is not None:
                clashes += 1
                form.add_error(None, overlap_message(clash))
        if clashes:
            raise ValidationError(
                "Two where-to-watch rows for the same provider, region and kind "
                "share days, so nothing was saved. Change the dates of the row "
                "marked below."
            )


def _same_days(a: WatchOption, b: WatchOption) -> bool:
    return (
        a.provider_id == b.provider_id
        and a.region == b.region
        and a.kind == b.kind
        and overlap(
            a.available_from, a.available_until, b.available_from, b.available_until
        )
    )


class WatchOptionForm(forms.ModelForm):
    def clean_region(self):
        # "gb" means GB, as it does in the import and the reader's picker.
        return (self.cleaned_data.get("region") or "").strip().upper()


class WatchOptionInline(admin.TabularInline):
    model = WatchOption
    form = WatchOptionForm
    formset = WatchOptionFormSet
    extra = 1
    fields = [
        "provider",
        "region",
        "kind",
        "available_from",
        "available_until",
        "link",
        "note",
        "state",
    ]
    readonly_fields = ["state"]
    # An autocomplete, not a <select> of every provider on every row.
    autocomplete_fields = ["provider"]

    def get_queryset(self, request):
        # Each row's label names its film and provider.
        return super().get_queryset(request).select_related("film", "provider")

    @admin.display(description="Today")
    def state(self, option):
        return watch_status(option).label if option.pk else "—"


class WatchStateFilter(admin.SimpleListFilter):
    """Where each option stands today, by the same rule as the public pages."""

    title = "state today"
    parameter_name = "state"
    STATES = {
        "available": ("Available now", None),
        "leaving": ("Leaving soon", State.LEAVING),
        "coming": ("Coming soon", State.COMING),
        "expired": ("Expired", State.GONE),
    }

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _state) in self.STATES.items()]

    def queryset(self, request, queryset):
        if self.value() not in self.STATES:
            return queryset
        today = timezone.localdate()
        state = self.STATES[self.value()][1]
        if state is None:  # available, leaving soon or not
            return queryset.filter(watchable_q(today=today))
        return queryset.filter(state_q(state, today=today))


@admin.register(Film)
class FilmAdmin(VersionAdmin):
    """Films keep versions too, with their credits and watch options (the inlines),
    so a bad edit to a cast list can be undone from History."""

    list_display = [
        "title",
        "year",
        "kind",
        "original_title",
        "runtime_minutes",
        "review_count",
    ]
    list_filter = ["kind", "genres"]
    # Stated here because the review count's GROUP BY hides the model's own ordering.
    ordering = ["title", "year"]
    search_fields = ["title", "original_title", "imdb_id"]
    prepopulated_fields = {"slug": ["title", "year"]}
    filter_horizontal = ["genres"]
    inlines = [CreditInline, WatchOptionInline]
    # The library's search finds a poster by its alt text; "+" uploads a new one.
    autocomplete_fields = ["poster"]
    readonly_fields = ["created_at", "updated_at", "poster_preview"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "original_title", "slug", "kind", "year", "logline"]},
        ),
        (
            "Facts",
            {
                "fields": [
                    "release_date",
                    "runtime_minutes",
                    "countries",
                    "languages",
                    "genres",
                ]
            },
        ),
        ("Poster", {"fields": ["poster", "poster_preview"]}),
        ("External ids", {"fields": ["imdb_id", "tmdb_id"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering; say it again so that lists and the
        # autocomplete page through films in a stable order.
        return (
            super()
            .get_queryset(request)
            .annotate(review_total=Count("reviews"))
            .order_by(*Film._meta.ordering, "pk")
        )

    @admin.display(description="Reviews", ordering="review_total")
    def review_count(self, film):
        return film.review_total

    @admin.display(description="Saved poster")
    def poster_preview(self, film):
        return library_thumbnail(film.poster, width=120)


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = [
        "film",
        "person",
        "role",
        "character",
        "billing_order",
        "credited_as",
    ]
    list_filter = ["role"]
    list_select_related = ["film", "person", "credited_as"]
    search_fields = [
        "film__title",
        "person__name",
        "person__aliases__name",
        "character",
    ]
    autocomplete_fields = ["film", "person", "credited_as"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "homepage"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(WatchOption)
class WatchOptionAdmin(admin.ModelAdmin):
    form = WatchOptionForm
    list_display = [
        "film",
        "provider",
        "region",
        "kind",
        "available_from",
        "available_until",
        "state",
    ]
    list_filter = [WatchStateFilter, "provider", "kind", "region"]
    list_select_related = ["film", "provider"]
    search_fields = ["film__title", "provider__name"]
    autocomplete_fields = ["film", "provider"]
    date_hierarchy = "available_from"

    @admin.display(description="Today")
    def state(self, option):
        return watch_status(option).label


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ContentWarning)
class ContentWarningAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(label="Publish at")


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


class ReviewAdminForm(forms.ModelForm):
    def clean_body(self):
        # [[Name]] shorthand becomes a link here, where a name that matches no
        # page (or several) can be shown to the writer instead of dropped.
        return mentions.expand_shorthand(self.cleaned_data["body"])


@admin.register(Review)
class ReviewAdmin(RichTextAdminMixin, VersionAdmin):
    """Reviews, with the workflow on top.

    Writers see only their own drafts and reviews in review, and never the status,
    the publish date or the byline as form fields; editors see everything. Status
    and date change only through the workflow buttons and actions, which call
    `reviews.workflow`, so every change has its audit line. Every save keeps a
    version (django-reversion) that editors can compare and restore."""

    list_display = [
        "title",
        "film",
        "author",
        "status",
        "published_at",
        "rating",
        "updated_at",
    ]
    list_filter = ["status", "needs_film", "author", "has_spoilers", "content_warnings"]
    list_select_related = ["film", "author"]
    search_fields = ["title", "film__title", "film__original_title", "excerpt"]
    # The hero is found in the library by its alt text; "+" uploads a new one.
    autocomplete_fields = ["film", "author", "hero", "related_reviews"]
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
        js = ["desk/autosave.js", "desk/share_link.js"]

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
            {"fields": ["title", "slug", "film", "author"]},
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
        visible = workflow.editable_by(request.user, queryset)
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
        # back as a draft, with an audit line). See revision_view, recover_view.
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

    # --- Read-only facts -------------------------------------------------------

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
        words = reading.word_count(review.body)
        minutes = reading.reading_minutes(review.body)
        return f"{words} word{'s' if words != 1 else ''}, about {minutes} min to read"

    @admin.display(description="In search results")
    def search_preview(self, review):
        title, description = review.meta_title, review.meta_description
        return format_html(
            '<div class="search-preview"><p class="search-preview-title">{}</p>'
            '<p class="search-preview-url">{}</p>'
            '<p class="search-preview-description">{}</p></div>'
            '<p class="help">Title: {} of about {} characters. '
            "Description: {} of about {} characters.</p>",
            _cut(title, TITLE_LIMIT),
            review.get_absolute_url() if review.slug else "",
            _cut(description, workflow.DESCRIPTION_LENGTH[1]) or "(no description)",
            len(title),
            TITLE_LIMIT,
            len(description),
            workflow.DESCRIPTION_LENGTH[1],
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
            '<p class="social-card-title">{}</p><p>{}</p></div>',
            picture,
            settings.SITE_NAME,
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

    # --- Workflow buttons and actions ------------------------------------------

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/autosave/",
                self.admin_site.admin_view(require_POST(self.autosave_view)),
                name=f"{info}_autosave",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{info}_compare",
            ),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # As stored: without an autosave restored into it (see get_object).
        review = super().get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if review is not None:
            extra_context["workflow_transitions"] = workflow.available_transitions(
                review, request.user
            )
            extra_context["schedule_default"] = review.published_at
            extra_context["can_preview"] = preview.can_preview(request.user, review)
            extra_context["can_see_history"] = workflow.is_editor(request.user)
            extra_context["autosave_url"] = reverse(
                "admin:reviews_review_autosave", args=[quote(review.pk)]
            )
            extra_context["autosave_seconds"] = getattr(
                settings, "REVIEW_AUTOSAVE_SECONDS", 60
            )
            extra_context["newer_autosave"] = autosave.newer_than_review(
                review, request.user
            )
            extra_context["restoring_autosave"] = "restore_autosave" in request.GET
            if extra_context["can_preview"] and not review.is_published():
                extra_context["share_preview_url"] = request.build_absolute_uri(
                    preview.share_url(review)
                )
                extra_context["share_preview_days"] = preview.max_age().days
        return super().change_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        review = super().get_object(request, object_id, from_field)
        if (
            review is not None
            and request.method == "GET"
            and "restore_autosave" in request.GET
            and (found := autosave.newer_than_review(review, request.user))
        ):
            # Only the form shows the autosaved text; saving the form keeps it.
            autosave.apply(review, found)
        return review

    def autosave_view(self, request, object_id):
        """The change form's script posts here every minute (desk/autosave.js)."""
        review = super().get_object(request, unquote(object_id))
        if review is None or not self.has_change_permission(request, review):
            return JsonResponse(
                {"message": "Autosave failed: you may not edit this review."},
                status=403,
            )
        try:
            saved = autosave.store(review, by=request.user, data=request.POST)
        except ValidationError as error:
            return JsonResponse(
                {"message": "Not autosaved: " + " ".join(error.messages)}, status=400
            )
        at = timezone.localtime(saved.saved_at)
        return JsonResponse(
            {"message": f"Draft autosaved at {at:%H:%M}.", "saved_at": at.isoformat()}
        )

    def response_change(self, request, obj):
        """The workflow buttons are submit buttons of the review's own form
        ("Save and submit for review", …): the edits are saved first, as with
        any save, then the step runs. A refused step leaves the saved edits and
        says why."""
        step = request.POST.get("_workflow")
        if step is None:
            return super().response_change(request, obj)
        try:
            self._run_step(request, obj, step)
        except workflow.WorkflowError as error:
            self.message_user(
                request, f"Your changes were saved, but: {error}", messages.ERROR
            )
        else:
            self.message_user(
                request,
                f"“{obj}” was saved and is now {obj.get_status_display().lower()}.",
                messages.SUCCESS,
            )
        if self.get_queryset(request).filter(pk=obj.pk).exists():
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(reverse("admin:reviews_review_changelist"))

    def _run_step(self, request, review, step):
        if step not in workflow.TRANSITIONS:
            raise workflow.WorkflowError(f"There is no workflow step “{step}”.")
        if step != "schedule":
            getattr(workflow, step)(review, by=request.user)
            return
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            raise workflow.WorkflowError(
                "Give a date and time to publish at, e.g. 2026-12-04 09:00."
            )
        workflow.schedule(review, by=request.user, at=form.cleaned_data["publish_at"])

    def _run_on_selected(self, request, queryset, function):
        done = 0
        for review in queryset:
            try:
                function(review, by=request.user)
            except workflow.WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                f"{done} review{'s' if done != 1 else ''} done.",
                messages.SUCCESS,
            )

    @admin.action(description="Submit selected reviews for review")
    def submit_selected(self, request, queryset):
        self._run_on_selected(request, queryset, workflow.submit)

    @admin.action(description="Publish selected reviews now")
    def publish_selected(self, request, queryset):
        self._run_on_selected(request, queryset, workflow.publish)

    @admin.action(description="Unpublish selected reviews")
    def unpublish_selected(self, request, queryset):
        self._run_on_selected(request, queryset, workflow.unpublish)

    # --- Versions: history, compare, restore, recover ---------------------------

    def _editors_only(self, request):
        if not workflow.is_editor(request.user):
            raise PermissionDenied

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "can_recover": workflow.is_editor(request.user),
            "has_change_permission": self.has_change_permission(request),
            **(extra_context or {}),
        }
        if request.method == "POST" and "action" in request.POST:
            # Actions keep their own versions: the workflow's transitions save one
            # each, and deleting must save one *before* the rows go, which an
            # enclosing revision (VersionAdmin's, saved at its end) would not.
            return admin.ModelAdmin.changelist_view(self, request, extra_context)
        return super().changelist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._editors_only(request)
        review = self.get_object(request, unquote(object_id))
        if review is None:
            raise Http404
        extra_context = {"versions": self._versions(review), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._editors_only(request)
        review = self.get_object(request, unquote(object_id))
        if review is None:
            raise Http404
        request.reviews_keep_state = {
            "status": review.status,
            "published_at": review.published_at,
        }
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self._editors_only(request)
        request.reviews_keep_state = {"status": Review.Status.DRAFT}
        request.reviews_recovering = True
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        self._editors_only(request)
        return super().recoverlist_view(request, extra_context)

    def _versions(self, review):
        return list(
            Version.objects.get_for_object(review)
            .select_related("revision__user")
            .order_by("-pk")
        )

    def compare_view(self, request, object_id):
        """Two versions of a review side by side, field by field."""
        self._editors_only(request)
        review = self.get_object(request, unquote(object_id))
        if review is None:
            raise Http404
        saved = self._versions(review)
        by_id = {str(version.pk): version for version in saved}
        older = by_id.get(request.GET.get("older", ""))
        newer = by_id.get(request.GET.get("newer", ""))
        if older is None or newer is None:
            if len(saved) < 2:
                self.message_user(
                    request,
                    "There are not yet two versions to compare.",
                    messages.WARNING,
                )
                return HttpResponseRedirect(
                    reverse("admin:reviews_review_history", args=[quote(review.pk)])
                )
            newer, older = saved[0], saved[1]
        if older.pk > newer.pk:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": review,
            "title": f"Compare versions of “{review}”",
            "older": older,
            "newer": newer,
            "rows": versions.compare(older, newer),
        }
        return TemplateResponse(request, "admin/reviews/review/compare.html", context)


@admin.register(ReviewTransition)
class ReviewTransitionAdmin(admin.ModelAdmin):
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


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses (WordPress permalinks) that answer 301 with a review's page."""

    list_display = ["old_path", "review", "created_at"]
    list_select_related = ["review"]
    search_fields = ["old_path", "review__title"]
    autocomplete_fields = ["review"]
