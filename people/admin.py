from django.contrib import admin
from django.db.models import Count

from people.models import Author, Person, PersonAlias


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1
    fields = ["name", "kind", "note", "slug"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "alias_names", "credit_count", "imdb_id", "birth_date"]
    # Stated here because the credit count's GROUP BY hides the model's own ordering.
    ordering = ["sort_name", "name"]
    search_fields = ["name", "sort_name", "aliases__name", "imdb_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "sort_name", "bio"]}),
        ("Photo", {"fields": ["photo", "photo_alt"]}),
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


@admin.register(PersonAlias)
class PersonAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "person", "kind", "note"]
    list_filter = ["kind"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["display_name", "nickname", "user", "review_count"]
    ordering = ["display_name"]
    list_select_related = ["user"]
    search_fields = ["display_name", "nickname", "user__username"]
    prepopulated_fields = {"slug": ["display_name"]}
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(review_total=Count("reviews"))

    @admin.display(description="Reviews", ordering="review_total")
    def review_count(self, author):
        return author.review_total
