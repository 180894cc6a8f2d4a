"""The site's own pages at their paths: who may see which, and the page view.

Readers see published pages (and scheduled ones from their time); staff who may
change pages also open drafts, marked as a preview and never cached."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

from heaven.meta import PageMetaMixin
from reviews import site_settings
from reviews.library import body_images
from reviews.mentions import reachable_spoilers
from reviews.models import Page


def visible_pages(user):
    if user.is_staff and user.has_perm("reviews.change_page"):
        return Page.objects.all()
    return Page.objects.published()


def ancestors(page: Page) -> list[Page]:
    """The pages above `page`, top first, in one query."""
    parts = page.path.split("/")[:-1]
    paths = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    found = {
        p.path: p
        for p in Page.objects.filter(path__in=paths).only(
            "title", "path", "slug", "parent"
        )
    }
    return [found[path] for path in paths if path in found]


def page_jsonld(request, page: Page) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": page.kind,
        "name": page.meta_title,
        "url": request.build_absolute_uri(page.get_absolute_url()),
        "isPartOf": {
            "@type": "WebSite",
            "name": site_settings.site_name(),
            "url": request.build_absolute_uri("/"),
        },
        "dateModified": page.updated_at.isoformat(),
    }
    if page.seo_description:
        data["description"] = page.seo_description
    if page.published_at:
        data["datePublished"] = page.published_at.isoformat()
    return data


class PageDetailView(PageMetaMixin, DetailView):
    template_name = "reviews/page_detail.html"
    context_object_name = "page"

    def get(self, request, *args, **kwargs):
        # No page's path holds a NUL, and PostgreSQL refuses one in a query.
        if "\x00" in request.path_info:
            raise Http404("No page here.")
        if not request.path_info.endswith("/"):
            return self.with_slash_or_404(request)
        return super().get(request, *args, **kwargs)

    def with_slash_or_404(self, request):
        """What CommonMiddleware's APPEND_SLASH does, knowing pages: add the
        slash where another view or a page answers, else a plain 404."""
        try:
            match = resolve(request.path_info + "/", getattr(request, "urlconf", None))
        except Resolver404:
            raise Http404("No page here.") from None
        if match.url_name == "page" and not (
            visible_pages(request.user).at(match.kwargs["page_path"]).exists()
        ):
            raise Http404("No page here.")
        return HttpResponsePermanentRedirect(
            request.get_full_path(force_append_slash=True)
        )

    def get_object(self, queryset=None):
        path = self.kwargs["page_path"]
        page = visible_pages(self.request.user).select_related("hero").at(path).first()
        if page is None:
            raise Http404("No page here.")
        return page

    def get_context_data(self, **kwargs):
        page = self.object
        kwargs["preview"] = not page.is_published()
        kwargs["body"] = reachable_spoilers(body_images.with_srcset(page.body))
        kwargs["ancestors"] = ancestors(page) if page.parent_id else []
        return super().get_context_data(**kwargs)

    def get_page_meta(self, context):
        page = self.object
        return {
            "title": page.meta_title,
            "description": page.seo_description,
            "image": page.hero,
            "jsonld": [page_jsonld(self.request, page)] if page.is_published() else [],
        }

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["preview"]:
            add_never_cache_headers(response)
        return response
