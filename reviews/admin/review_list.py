"""The review list's columns, made to fit a 1280 px screen beside the admin's
menu and the filters: the film under the title rather than in a column of its
own, dates short (day, month, time) and no rating column (it is on the form)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

LIST_DISPLAY = ["title_and_film", "author", "status", "publish_date", "last_saved"]


def _short(moment) -> str:
    if moment is None:
        return "—"
    moment = timezone.localtime(moment)
    this_year = moment.year == timezone.localdate().year
    return date_format(moment, "j M, H:i" if this_year else "j M Y, H:i")


class ReviewListMixin:
    list_display = LIST_DISPLAY

    @admin.display(description="Title", ordering="title")
    def title_and_film(self, review):
        about = review.episode or review.season or review.film
        if about is None:
            return review.title
        return format_html(
            '{}<br><span class="review-list-film">{}</span>', review.title, about
        )

    @admin.display(description="Published", ordering="published_at")
    def publish_date(self, review):
        return _short(review.published_at)

    @admin.display(description="Last saved", ordering="updated_at")
    def last_saved(self, review):
        return _short(review.updated_at)
