import unicodedata

from django.views.generic import TemplateView

from heaven.meta import PageMetaMixin
from heaven.search import MAX_QUERY_LENGTH, site_search


def typed_query(request) -> str:
    """The query, its control characters made spaces: the one-line search box
    cannot hold them, and a NUL shown back in the page would make it invalid HTML."""
    text = request.GET.get("q", "")
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return text.strip()[:MAX_QUERY_LENGTH]


class SearchView(PageMetaMixin, TemplateView):
    """``/search/?q=``: reviews, films and people. Any query gets a normal page."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = query = typed_query(self.request)
        context["results"] = site_search(query) if query else None
        return context

    def get_page_meta(self, context):
        query = typed_query(self.request)
        return {
            "title": f"Search: {query}" if query else "Search",
            "description": "Search reviews, films and people.",
        }
