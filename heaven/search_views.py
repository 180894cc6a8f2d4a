from django.views.generic import TemplateView

from heaven.search import MAX_QUERY_LENGTH, site_search


class SearchView(TemplateView):
    """``/search/?q=``: reviews, films and people. Any query gets a normal page."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context["query"] = query[:MAX_QUERY_LENGTH]
        context["results"] = site_search(query) if query else None
        return context
