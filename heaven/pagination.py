"""Pagination that never counts.

A list page fetches one row more than it shows to learn whether an older page
exists, so its cost stays the same however many reviews the site (or an author, or
a tag) has: no COUNT(*) over every published row. A page number that is not a
positive whole number, is absurdly large, or lies past the end answers 404.
"""

from dataclasses import dataclass

from django.http import Http404

# Past this, an OFFSET would overflow the database's integers; no site is that long.
MAX_PAGE = 1_000_000


@dataclass
class Page:
    object_list: list
    number: int
    has_older: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.has_older

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def uncounted_page(queryset, raw_number, page_size: int) -> Page:
    """Page `raw_number` (as the reader typed it; empty means 1) of `queryset`,
    or 404."""
    try:
        number = int(raw_number or 1)
    except ValueError:
        raise Http404("That is not a page number.") from None
    if not 1 <= number <= MAX_PAGE:
        raise Http404("That is not a page number.")
    start = (number - 1) * page_size
    rows = list(queryset[start : start + page_size + 1])
    if number > 1 and not rows:
        raise Http404("There is no such page.")
    return Page(rows[:page_size], number, has_older=len(rows) > page_size)


class UncountedPaginationMixin:
    """For a ListView: `paginate_by` rows a page, without counting them all."""

    def paginate_queryset(self, queryset, page_size):
        raw = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg)
        page = uncounted_page(queryset, raw, page_size)
        return None, page, page.object_list, page.has_other_pages()
