"""Versions of reviews on the admin: history, compare, restore and recover, for editors."""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.models import Version

from reviews import versions, workflow
from reviews.models import Review


class ReviewHistoryMixin:
    """django-reversion's history, revision and recover views, for editors only,
    plus a side-by-side comparison of two versions. Restoring keeps the review's
    place in the workflow (`ReviewAdmin.save_model` reads what is kept)."""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{info}_compare",
            ),
        ] + super().get_urls()

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

    def get_object(self, request, object_id, from_field=None):
        review = super().get_object(request, object_id, from_field)
        # On the revert screen the form shows the version's content with the
        # review's current status and date: what saving it will leave (a save
        # applies them in ReviewAdmin.save_model, which logs the move).
        if review is not None and request.method == "GET":
            for field, value in getattr(request, "reviews_keep_state", {}).items():
                setattr(review, field, value)
        return review

    def recover_view(self, request, version_id, extra_context=None):
        self._editors_only(request)
        request.reviews_keep_state = {"status": Review.Status.DRAFT}
        request.reviews_recovering = True
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        self._editors_only(request)
        return super().recoverlist_view(request, extra_context)

    def edit_conflict_links(self, request, obj, *, loaded):
        links = super().edit_conflict_links(request, obj, loaded=loaded)
        if not workflow.is_editor(request.user):
            return links[:1]  # writers do not see versions
        newer = Version.objects.get_for_object(obj).order_by("-pk").first()
        # A revision is dated when its save begins, just before the row's
        # updated_at: the version the editor opened is the last one dated so.
        older = (
            Version.objects.get_for_object(obj)
            .filter(revision__date_created__lte=loaded)
            .order_by("-pk")
            .first()
            if loaded
            else None
        )
        if newer is None or older is None or older.pk == newer.pk:
            return links
        compare = reverse("admin:reviews_review_compare", args=[quote(obj.pk)])
        return [
            (
                "compare the version you opened with theirs",
                f"{compare}?older={older.pk}&newer={newer.pk}",
            ),
            *links,
        ]

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
