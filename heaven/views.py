from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View
from django.views.static import serve

from heaven import health
from reviews.views import ReviewListView


class HomeView(ReviewListView):
    template_name = "home.html"

    def get_page_meta(self, context):
        page = context["page_obj"]
        title = "Latest reviews"
        if page.number > 1:
            title += f" (page {page.number})"
        return {
            "title": title,
            "description": "Reviews of horror, thriller and genre films and series, "
            "with where to watch them.",
        }


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


class MediaView(View):
    """Uploaded and generated images, for development and the browser tests.

    In production the proxy or the storage serves /media/; this answers only when
    SERVE_MEDIA is on (the default with DEBUG), reading MEDIA_ROOT on each request,
    so a test that moves MEDIA_ROOT is served from the new place."""

    def get(self, request, path):
        if not settings.SERVE_MEDIA:
            raise Http404("Media is not served by the application here.")
        return serve(request, path, document_root=settings.MEDIA_ROOT)


@method_decorator(never_cache, name="dispatch")
class HealthView(View):
    """For the proxy or orchestrator: 200 while the database answers (the site can
    serve without its cache), 503 when it does not; the body says what is down."""

    def get(self, request):
        state = health.check()
        return JsonResponse(state, status=200 if state["database"] == "ok" else 503)
