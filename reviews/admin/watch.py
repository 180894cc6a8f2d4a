"""Admin for providers and where-to-watch options (a film's inline too)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from reviews.models import (
    Provider,
    WatchOption,
    overlap_message,
)
from reviews.watch.state import State, state_q, watch_status, watchable_q
from reviews.watch.windows import overlap, seasons_overlap


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
        and seasons_overlap(
            a.first_season, a.last_season, b.first_season, b.last_season
        )
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
        "first_season",
        "last_season",
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
