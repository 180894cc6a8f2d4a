"""Optimistic concurrency for admin change forms: a save from a form loaded before
another save of the same object is refused, so nobody's changes are overwritten.

The form carries, in a hidden field, the object's version as it was loaded (its
``updated_at``). On save, the row is locked and its version read again; if it
moved, the form comes back with the editor's input and an error naming who saved
and when, with links to see what changed. Saving again, knowingly, keeps the
editor's version. Give an admin this with one base class:

    class PageAdmin(EditConflictMixin, admin.ModelAdmin): ...

Autosaves and many-to-many or inline rows do not move the version: only a save of
the object's own row does (``auto_now``), and the check runs before it.

Project-wide: imports no app; a model needs only its version field."""

import datetime

import reversion
from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion.models import Version

FIELD = "edit_version"


def version_token(value: datetime.datetime | None) -> str:
    """The version as the form carries it: the time in UTC, to the microsecond."""
    if value is None:
        return ""
    return value.astimezone(datetime.UTC).isoformat()


def parse_token(token: str) -> datetime.datetime | None:
    try:
        value = datetime.datetime.fromisoformat(token)
    except (TypeError, ValueError):
        return None
    return value if timezone.is_aware(value) else None


def last_saver(obj, *, since: datetime.datetime | None) -> str:
    """Who saved ``obj`` last, from the admin's log or its versions."""
    candidates = []
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(
                obj, for_concrete_model=False
            ),
            object_id=str(obj.pk),
        )
        .select_related("user")
        .order_by("-action_time", "-pk")
        .first()
    )
    if entry is not None:
        candidates.append((entry.action_time, entry.user))
    if reversion.is_registered(type(obj)):
        version = (
            Version.objects.get_for_object(obj)
            .select_related("revision__user")
            .order_by("-pk")
            .first()
        )
        if version is not None and version.revision.user is not None:
            candidates.append((version.revision.date_created, version.revision.user))
    recent = [(at, user) for at, user in candidates if since is None or at >= since]
    if not recent:
        return "Someone (not through the admin)"
    user = max(recent, key=lambda pair: pair[0])[1]
    return user.get_full_name() or user.get_username()


class EditConflictMixin:
    """A ModelAdmin base: refuses saves from forms loaded before another save."""

    edit_version_field = "updated_at"

    # --- the hidden field ---------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or any(FIELD in options["fields"] for _, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], FIELD]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        admin = self
        base = kwargs.pop("form", self.form)

        class EditConflictForm(base):
            edit_version = forms.CharField(
                widget=forms.HiddenInput, required=False, label=""
            )

            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                if self.instance.pk is not None:
                    loaded = admin.loaded_version(request, self.instance)
                    self.fields[FIELD].initial = version_token(loaded)

            def clean(self):
                cleaned_data = super().clean()
                admin.check_edit_conflict(request, self)
                return cleaned_data

        EditConflictForm.__name__ = base.__name__
        return super().get_form(
            request, obj, change=change, form=EditConflictForm, **kwargs
        )

    # --- the versions ---------------------------------------------------------

    def loaded_version(self, request, obj) -> datetime.datetime | None:
        """The version a form shows; a subclass that fills the form from
        something older (an autosave) returns that one's."""
        stored = getattr(request, "edit_conflict_stored_version", None)
        return stored or getattr(obj, self.edit_version_field)

    def stored_version(self, request, obj) -> datetime.datetime | None:
        """The saved version, read with the row locked until the save ends."""
        stored = getattr(request, "edit_conflict_stored_version", None)
        if stored is not None:
            return stored
        return (
            type(obj)
            ._default_manager.select_for_update()
            .filter(pk=obj.pk)
            .values_list(self.edit_version_field, flat=True)
            .first()
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring an old version shows and saves it with its old version
        # field; what counts is the row as it stands before the restore.
        current = self.get_object(request, object_id)
        if current is not None:
            request.edit_conflict_stored_version = getattr(
                current, self.edit_version_field
            )
        return super().revision_view(request, object_id, version_id, extra_context)

    def check_edit_conflict(self, request, form) -> None:
        instance = form.instance
        if instance.pk is None or FIELD not in form.fields:
            return
        posted = form.data.get(form.add_prefix(FIELD), "")
        if not posted:
            return  # not a form from our page (a script); nothing to compare
        stored = self.stored_version(request, instance)
        if stored is None or version_token(stored) == posted:
            return
        loaded = parse_token(posted)
        # Shown again with the saved version: a second save is a decision.
        form.data = form.data.copy()
        form.data[form.add_prefix(FIELD)] = version_token(stored)
        raise ValidationError(
            self.edit_conflict_message(request, instance, loaded=loaded, at=stored),
            code="edit_conflict",
        )

    # --- what the editor reads -------------------------------------------------

    def edit_conflict_links(self, request, obj, *, loaded) -> list[tuple[str, str]]:
        """(label, address) pairs to see what the other save changed."""
        info = (self.opts.app_label, self.opts.model_name)
        links = [
            (
                "open the saved version in a new tab",
                reverse("admin:{}_{}_change".format(*info), args=[quote(obj.pk)]),
            )
        ]
        try:
            history = reverse("admin:{}_{}_history".format(*info), args=[quote(obj.pk)])
        except NoReverseMatch:
            return links
        return [*links, ("see its history", history)]

    def edit_conflict_message(self, request, obj, *, loaded, at):
        who = last_saver(obj, since=loaded)
        when = timezone.localtime(at)
        links = self.edit_conflict_links(request, obj, loaded=loaded)
        return format_html(
            "{} saved this {} at {}, after you opened it. Nothing was saved, so "
            "their changes are kept, and yours are still in the form below. {} "
            "To replace their version with yours, save again.",
            who,
            self.opts.verbose_name,
            when.strftime("%Y-%m-%d %H:%M:%S"),
            format_html(
                "Compare: {}.",
                format_html_join(
                    " or ",
                    '<a href="{}" target="_blank" rel="noopener">{}</a>',
                    ((url, label) for label, url in links),
                ),
            ),
        )
