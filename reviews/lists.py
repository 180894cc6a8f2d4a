"""Curated film lists for readers: who sees which, the list page (each entry with
where to watch it today in the reader's region, and a notice when its note names
a provider the film has left), its feed and its ItemList JSON-LD."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.html import strip_tags
from django.views.generic import DetailView, ListView

from heaven.meta import PageMetaMixin
from reviews import site_settings
from reviews.feeds import CleanRss, paragraphs
from reviews.models import FilmList
from reviews.views import ReaderRegionMixin
from reviews.watch.report import providers_left
from reviews.watch.state import watch_lines


def visible_lists(user):
    if user.is_staff and user.has_perm("reviews.change_filmlist"):
        return FilmList.objects.all()
    return FilmList.objects.published()


def entry_rows(film_list: FilmList, *, region: str, today) -> list[dict]:
    rows = []
    for rank, entry in enumerate(film_list.entries.all(), start=1):
        options = entry.film.listed_watch_options
        rows.append(
            {
                "entry": entry,
                "rank": rank if film_list.is_ranked else None,
                "review": entry.our_review,
                "watch_lines": watch_lines(options, region=region, today=today),
                "left": providers_left(entry.note, options, today=today),
            }
        )
    return rows


def list_jsonld(request, film_list: FilmList, rows) -> dict:
    """schema.org ItemList: each entry at its position, pointing at our review of
    the film when there is one, else the film's page (Google's carousel rule:
    every item a page of this site)."""
    items = []
    for position, row in enumerate(rows, start=1):
        target = row["review"] or row["entry"].film
        items.append(
            {
                "@type": "ListItem",
                "position": position,
                "url": request.build_absolute_uri(target.get_absolute_url()),
                "name": str(row["entry"].film),
            }
        )
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": film_list.title,
        "url": request.build_absolute_uri(film_list.get_absolute_url()),
        "itemListOrder": "https://schema.org/ItemListOrderAscending"
        if film_list.is_ranked
        else "https://schema.org/ItemListUnordered",
        "numberOfItems": len(items),
        "itemListElement": items,
    }


class FilmListIndexView(PageMetaMixin, ListView):
    template_name = "reviews/film_list_index.html"
    context_object_name = "film_lists"
    paginate_by = 24

    def get_queryset(self):
        return FilmList.objects.published().select_related("hero")

    def get_page_meta(self, context):
        return {
            "title": "Lists",
            "description": "Our lists of films and series, with where to watch each.",
        }


class FilmListDetailView(ReaderRegionMixin, PageMetaMixin, DetailView):
    template_name = "reviews/film_list_detail.html"
    context_object_name = "film_list"

    def get_queryset(self):
        return visible_lists(self.request.user).with_entries()

    def get_context_data(self, **kwargs):
        film_list = self.object
        kwargs["preview"] = not film_list.is_published()
        kwargs["rows"] = entry_rows(film_list, region=self.region, today=self.today)
        return super().get_context_data(**kwargs)

    def get_page_meta(self, context):
        film_list = self.object
        return {
            "title": film_list.meta_title,
            "description": film_list.seo_description or strip_tags(film_list.intro),
            "image": film_list.hero,
            "jsonld": [list_jsonld(self.request, film_list, context["rows"])]
            if film_list.is_published()
            else [],
        }

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["preview"]:
            add_never_cache_headers(response)
        return response


class FilmListFeed(Feed):
    """The list's entries in order, as RSS; notes are plain text, escaped."""

    feed_type = CleanRss
    description_template = None
    # An entry has no page of its own: its guid is the list's address and film.
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug):
        return get_object_or_404(FilmList.objects.published().with_entries(), slug=slug)

    def title(self, film_list):
        return f"{site_settings.site_name()}: {film_list.title}"

    def link(self, film_list):
        return film_list.get_absolute_url()

    def description(self, film_list):
        return film_list.seo_description or strip_tags(film_list.intro)[:300]

    def items(self, film_list):
        return list(film_list.entries.all())

    def item_title(self, entry):
        return str(entry.film)

    def item_description(self, entry):
        return paragraphs(entry.note)

    def item_link(self, entry):
        review = entry.our_review
        return (review or entry.film).get_absolute_url()

    def item_guid(self, entry):
        return self.request.build_absolute_uri(
            f"{entry.film_list.get_absolute_url()}#film-{entry.film_id}"
        )


def list_feed(request, slug):
    # A fresh feed per request: it keeps the request on `self`.
    return FilmListFeed()(request, slug=slug)
