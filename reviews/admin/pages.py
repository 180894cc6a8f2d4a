"""Admin for the site's own pages and its header and footer menus; editors'
work (writers get no page or menu permission)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from reversion.admin import VersionAdmin

from heaven.edit_conflicts import EditConflictMixin
from heaven.editor import RichTextAdminMixin
from heaven.image_chooser import ImageChooserAdminMixin
from reviews import publishing
from reviews.library import body_images
from reviews.models import MenuItem, Page


class PageAdminForm(forms.ModelForm):
    def clean_body(self):
        # `[[image:12]]` puts library image 12 in the body, as in reviews.
        problems = []
        body = body_images.expand(self.cleaned_data["body"], problems)
        if problems:
            raise ValidationError("Pictures to fix: " + "; ".join(problems) + ".")
        return body


class PublishingAdminMixin:
    """Publish and unpublish actions, and the status and date fields, for editors
    with `reviews.publish_<model>` only (`reviews.publishing`)."""

    actions = ["publish_selected", "unpublish_selected"]

    def _may_publish(self, request) -> bool:
        return publishing.can_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self._may_publish(request):
            fields += ["status", "published_at"]
        return fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self._may_publish(request):
            actions.pop("publish_selected", None)
            actions.pop("unpublish_selected", None)
        return actions

    def _run(self, request, queryset, step, done: str):
        count = 0
        for thing in queryset:
            try:
                step(thing, by=request.user)
            except ValidationError as error:
                messages.error(request, f"“{thing}”: {' '.join(error.messages)}")
            else:
                count += 1
        if count:
            messages.success(request, f"{count} {done}.")

    @admin.action(description="Publish the selected ones now")
    def publish_selected(self, request, queryset):
        self._run(request, queryset, publishing.publish, "published")

    @admin.action(description="Unpublish the selected ones")
    def unpublish_selected(self, request, queryset):
        self._run(request, queryset, publishing.unpublish, "unpublished")


@admin.register(Page)
class PageAdmin(
    PublishingAdminMixin,
    RichTextAdminMixin,
    ImageChooserAdminMixin,
    EditConflictMixin,
    VersionAdmin,
):
    form = PageAdminForm
    list_display = ["title", "address", "kind", "status", "published_at", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "path", "seo_description"]
    autocomplete_fields = ["parent"]
    image_chooser_fields = ("hero",)
    prepopulated_fields = {"slug": ["title"]}
    rich_text_fields = ("body",)
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "kind", "body", "hero"]}),
        ("Search and sharing", {"fields": ["seo_title", "seo_description"]}),
        (
            "Publishing",
            {
                "fields": ["status", "published_at"],
                "description": "A scheduled page appears at its publish time. "
                "Only editors publish.",
            },
        ),
    ]

    @admin.display(description="Address", ordering="path")
    def address(self, page):
        return page.get_absolute_url()


@admin.register(MenuItem)
class MenuItemAdmin(admin.ModelAdmin):
    list_display = ["text", "menu", "position", "links_to"]
    list_display_links = ["text"]
    list_editable = ["position"]
    list_filter = ["menu"]
    list_select_related = ["page", "review", "film", "person", "tag", "provider"]
    autocomplete_fields = ["page", "review", "film", "person", "tag", "provider"]
    fieldsets = [
        (None, {"fields": ["menu", "position", "label"]}),
        (
            "Links to (choose one)",
            {"fields": ["page", "review", "film", "person", "tag", "provider", "url"]},
        ),
    ]

    @admin.display(description="Links to")
    def links_to(self, item):
        return item.get_absolute_url()
