"""The admin's date drill-down (`date_hierarchy`) up to the last day a date can hold.

Django bounds a chosen year, month or day by the next one, and the next one after
9999 (or December 9999, or 31 December 9999) does not exist: the list answered
500 for a review scheduled that far ahead. Here the last period is bounded below
only, which selects the same rows.
"""

import datetime

from django.conf import settings
from django.contrib.admin.views.main import ChangeList
from django.utils.timezone import get_current_timezone

LAST = datetime.date.max


class DateHierarchyChangeList(ChangeList):
    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        field = self.date_hierarchy
        if not field:
            return lookup_params
        year = lookup_params.get(f"{field}__year")
        month = lookup_params.get(f"{field}__month")
        day = lookup_params.get(f"{field}__day")
        try:
            chosen = (
                int(year[-1]),
                int(month[-1]) if month else 12,
                int(day[-1]) if day else 31,
            )
        except (TypeError, ValueError):
            return lookup_params  # Django's own handling (a bad value is an error)
        if chosen != (LAST.year, LAST.month, LAST.day):
            return lookup_params
        start = datetime.datetime(
            LAST.year,
            int(month[-1]) if month else 1,
            int(day[-1]) if day else 1,
            tzinfo=get_current_timezone() if settings.USE_TZ else None,
        )
        for part in ("year", "month", "day"):
            lookup_params.pop(f"{field}__{part}", None)
        lookup_params[f"{field}__gte"] = [start]
        return lookup_params


class DateHierarchyMixin:
    """For a ModelAdmin with `date_hierarchy`."""

    def get_changelist(self, request, **kwargs):
        return DateHierarchyChangeList
