from django.views.generic import TemplateView

from heaven.meta import PageMetaMixin
from heaven.search import MAX_QUERY_LENGTH, site_search


class SearchView(PageMetaMixin, TemplateView):
    """``/search/?q=``: reviews, films and people. Any query gets a normal page."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context["query"] = query[:MAX_QUERY_LENGTH]
        context["results"] = site_search(query) if query else None
        return context

    def get_page_meta(self, context):
        query = self.request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        return {
            "title": f"Search: {query}" if query else "Search",
            "description": "Search reviews, films and people.",
        }
