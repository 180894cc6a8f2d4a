import re

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.html import format_html

from heaven.edit_conflicts import EditConflictMixin
from heaven.editor import BIO_EXTENSIONS, RichTextAdminMixin
from heaven.image_chooser import ImageChooserAdminMixin
from people import locks
from people.merge import MergeConflict, merge_people, plan_merge
from people.models import Author, Person, PersonAlias
from people.search import fold_query, name_match

IMDB_ID = re.compile(r"nm\d{7,9}")


@admin.display(description="Saved photo")
def photo_preview(obj):
    """The chosen library photo, small and cropped round its focal point. The
    original file, scaled by the browser: `people` does not use the renditions
    of `reviews`, and an admin page can afford it."""
    if obj.photo is None or not obj.photo.file:
        return "—"
    return format_html(
        '<img src="{}" alt="" width="96" height="96" '
        'style="object-fit: cover; object-position: {}">',
        obj.photo.file.url,
        obj.photo.object_position,
    )


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1
    fields = ["name", "kind", "note", "slug"]


@admin.register(Person)
class PersonAdmin(
    RichTextAdminMixin, ImageChooserAdminMixin, EditConflictMixin, admin.ModelAdmin
):
    list_display = ["name", "alias_names", "credit_count", "imdb_id", "birth_date"]

    def has_change_permission(self, request, obj=None):
        # Writers add people; one a published review shows is for editors.
        if not super().has_change_permission(request, obj):
            return False
        return not locks.locked_for(request.user, obj)

    # Stated here because the credit count's GROUP BY hides the model's own ordering.
    ordering = ["sort_name", "name"]
    search_fields = ["name", "sort_name", "aliases__name", "imdb_id"]
    search_help_text = (
        "Any spelling of a name or alias (case, accents, spaces and hyphens don't "
        "matter), or an IMDb id."
    )
    prepopulated_fields = {"slug": ["name"]}
    # Browsed, searched or uploaded in place (heaven/image_chooser.py).
    image_chooser_fields = ("photo",)
    inlines = [PersonAliasInline]
    rich_text_fields = ("bio",)
    rich_text_extensions = BIO_EXTENSIONS
    actions = ["merge_selected"]
    readonly_fields = ["created_at", "updated_at", photo_preview]
    fieldsets = [
        (None, {"fields": ["name", "slug", "sort_name", "bio"]}),
        ("Photo", {"fields": ["photo", photo_preview]}),
        ("Facts", {"fields": ["birth_date", "imdb_id", "tmdb_id"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("aliases")
            .annotate(credit_total=Count("credits", distinct=True))
        )

    @admin.display(description="Also known as")
    def alias_names(self, person):
        return " · ".join(alias.name for alias in person.aliases.all())

    @admin.display(description="Credits", ordering="credit_total")
    def credit_count(self, person):
        return person.credit_total

    def get_search_results(self, request, queryset, search_term):
        """People by any spelling of their name or of an alias (the same folding
        as site search), or by IMDb id; the changelist and every person
        autocomplete use this."""
        term = search_term.strip()
        if not term:
            return queryset, False
        by_id = queryset.filter(imdb_id=term) if IMDB_ID.fullmatch(term) else None
        matches = queryset.matching(term)
        if by_id is not None:
            matches = matches | by_id
        # Autocomplete pages through these; the changelist re-orders them itself.
        return matches.order_by("sort_name", "name", "pk"), False

    @admin.action(
        description="Merge the two selected people…",
        permissions=["change", "delete"],
    )
    def merge_selected(self, request, queryset):
        """A confirmation page showing what moves in each direction; the editor
        picks the person to keep."""
        people = list(queryset.order_by("pk")[:3])
        if len(people) != 2:
            self.message_user(
                request, "Select exactly two people to merge.", messages.WARNING
            )
            return None
        if request.POST.get("post") == "yes":
            return self._merge_confirmed(request, people)
        first, second = people
        choices = [
            {"keep": second, "plan": plan_merge(source=first, target=second)},
            {"keep": first, "plan": plan_merge(source=second, target=first)},
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge two people",
            "subtitle": f"{first} and {second}",
            "opts": self.model._meta,
            "people": people,
            "choices": choices,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(
            request, "admin/people/person/merge_confirmation.html", context
        )

    def _merge_confirmed(self, request, people):
        by_pk = {str(person.pk): person for person in people}
        target = by_pk.get(request.POST.get("keep", ""))
        if target is None:
            raise PermissionDenied("Choose which of the selected people to keep.")
        (source,) = (person for person in people if person.pk != target.pk)
        try:
            merge_people(source=source, target=target)
        except MergeConflict as conflict:
            self.message_user(request, f"Not merged: {conflict}", messages.ERROR)
            return None
        self.message_user(
            request,
            f"Merged {source} into {target}; /people/{source.slug}/ now redirects.",
            messages.SUCCESS,
        )
        return None


@admin.register(PersonAlias)
class PersonAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "person", "kind", "note"]
    list_filter = ["kind"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name"]
    search_help_text = "Any spelling of the alias or of the person's name."
    autocomplete_fields = ["person"]

    def get_search_results(self, request, queryset, search_term):
        """Aliases by their own folded name or their person's (the "credited as"
        autocomplete on credits uses this)."""
        key = fold_query(search_term)
        if not key:
            return queryset, False
        matches = queryset.filter(
            name_match(key) | name_match(key, field="person__search_name")
        )
        return matches.order_by("person__name", "name", "pk"), False


@admin.register(Author)
class AuthorAdmin(
    RichTextAdminMixin, ImageChooserAdminMixin, EditConflictMixin, admin.ModelAdmin
):
    list_display = ["display_name", "nickname", "user", "review_count"]
    ordering = ["display_name"]
    list_select_related = ["user"]
    search_fields = ["display_name", "nickname", "user__username"]
    prepopulated_fields = {"slug": ["display_name"]}
    autocomplete_fields = ["user"]
    image_chooser_fields = ("photo",)
    readonly_fields = [photo_preview]
    rich_text_fields = ("bio",)
    rich_text_extensions = BIO_EXTENSIONS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(review_total=Count("reviews"))

    @admin.display(description="Reviews", ordering="review_total")
    def review_count(self, author):
        return author.review_total
