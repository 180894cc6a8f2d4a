"""The workflow on the review admin: its buttons, actions, autosave and extra URLs."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.views.decorators.http import require_POST

from heaven.edit_conflicts import version_token
from people.models import Author
from reviews import autosave, preview, workflow
from reviews.models import ReviewTransition


class ScheduleForm(forms.Form):
    # Typed as the admin's other date fields are, in the site's locale (for
    # en-gb 04/12/2026 09:00), and shown so; a browser's own date-time input
    # would follow the browser's language instead (12/04/2026 in en-US).
    publish_at = forms.DateTimeField(label="Publish at")


def schedule_format() -> str:
    """The site's way of typing a date and time: its first date input format
    and hours:minutes."""
    return get_format("DATE_INPUT_FORMATS")[0] + " %H:%M"


def schedule_hint() -> str:
    return (
        schedule_format()
        .replace("%d", "dd")
        .replace("%m", "mm")
        .replace("%Y", "yyyy")
        .replace("%H", "hh")
        .replace("%M", "mm")
    )


class ReviewWorkflowMixin:
    """Moves reviews through `reviews.workflow`: the buttons on the change form,
    the changelist actions, and the autosave a change form posts while open."""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "autosave/",
                self.admin_site.admin_view(require_POST(self.autosave_new_view)),
                name=f"{info}_autosave_new",
            ),
            path(
                "<path:object_id>/autosave/",
                self.admin_site.admin_view(require_POST(self.autosave_view)),
                name=f"{info}_autosave",
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
            extra_context["schedule_default"] = (
                timezone.localtime(review.published_at).strftime(schedule_format())
                if review.published_at
                else ""
            )
            extra_context["schedule_hint"] = schedule_hint()
            extra_context["note_max_length"] = workflow.NOTE_MAX_LENGTH
            # The steps' notes, newest first, for both sides to read on the form.
            extra_context["workflow_log"] = (
                ReviewTransition.objects.for_review(review)
                .select_related("by__author")
                .order_by("-at", "-pk")[:8]
            )
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

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            "autosave_url": reverse("admin:reviews_review_autosave_new"),
            "autosave_seconds": getattr(settings, "REVIEW_AUTOSAVE_SECONDS", 60),
            **(extra_context or {}),
        }
        return super().add_view(request, form_url, extra_context)

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

    def loaded_version(self, request, obj):
        # A restored autosave was typed into a form loaded from an older save:
        # saving it over a newer one is an edit conflict.
        # (The instance already holds the autosaved text, see get_object.)
        if request.method == "GET" and "restore_autosave" in request.GET:
            based_on = autosave.based_on(obj, request.user)
            if based_on is not None:
                return based_on
        return super().loaded_version(request, obj)

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

    def autosave_new_view(self, request):
        """A new review's first autosave (desk/autosave.js, on the first
        keystroke): the review is created as a draft, and the form is told the
        addresses it now saves and autosaves to."""
        if not self.has_add_permission(request):
            return JsonResponse(
                {"message": "Autosave failed: you may not add reviews."}, status=403
            )
        author = Author.objects.filter(user=request.user).first()
        if author is None and not workflow.is_editor(request.user):
            return JsonResponse(
                {
                    "message": "Not autosaved: your login has no author byline yet. "
                    "Ask an editor to create your author profile."
                },
                status=400,
            )
        try:
            review = autosave.start_draft(
                by=request.user, author=author, data=request.POST
            )
        except ValidationError as error:
            return JsonResponse(
                {"message": "Not autosaved: " + " ".join(error.messages)}, status=400
            )
        at = timezone.localtime(review.created_at)
        return JsonResponse(
            {
                "message": f"Draft created and autosaved at {at:%H:%M}.",
                "change_url": reverse("admin:reviews_review_change", args=[review.pk]),
                "autosave_url": reverse(
                    "admin:reviews_review_autosave", args=[review.pk]
                ),
                "edit_version": version_token(review.updated_at),
            }
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
        note = request.POST.get("workflow_note", "")
        if step != "schedule":
            getattr(workflow, step)(review, by=request.user, note=note)
            return
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            example = timezone.localtime().replace(hour=9, minute=0)
            raise workflow.WorkflowError(
                f"Give a date and time to publish at as {schedule_hint()}, "
                f"e.g. {example.strftime(schedule_format())}."
            )
        workflow.schedule(
            review, by=request.user, at=form.cleaned_data["publish_at"], note=note
        )

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
