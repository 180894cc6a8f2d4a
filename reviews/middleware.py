"""Old addresses keep working: a page that would be a 404 is looked up among the
redirects (`reviews.Redirect`) and answered with a permanent redirect (to a
review's current address, or to the redirect's new address) or with 410 Gone.

Like `django.contrib.redirects.middleware.RedirectFallbackMiddleware`, but without
the sites framework, and able to point at a review itself, so a redirect follows
the review when its slug changes. It only runs on 404s, and on WordPress short
links (``/?p=123``, ``/?page_id=12`` for pages, which would otherwise land on the
home page): other pages cost
no query. A view's 404 is caught before its error page is rendered, so a
redirected request runs the view's own lookup and one query more.
"""

from django.http import Http404, HttpResponseGone, HttpResponsePermanentRedirect
from django.template.loader import render_to_string

from reviews.models import Redirect


def answer(request, path: str):
    """The response of the redirect at ``path``, or None when there is none."""
    # PostgreSQL refuses NUL in a string, and no stored path can hold one.
    if "\x00" in path:
        return None
    redirect = Redirect.objects.for_path(path).answering().first()
    if redirect is None:
        return None
    if redirect.gone:
        return HttpResponseGone(render_to_string("410.html", request=request))
    return HttpResponsePermanentRedirect(redirect.destination())


class RedirectFallbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/":
            for key in ("p", "page_id"):
                post_id = request.GET.get(key, "")
                if post_id.isdigit() and len(post_id) < 20:
                    response = answer(request, f"/?{key}={post_id}")
                    if response is not None:
                        return response
        response = self.get_response(request)
        if response.status_code != 404 or getattr(request, "_redirect_looked", False):
            return response
        return answer(request, request.path) or response

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404):
            return None
        request._redirect_looked = True
        return answer(request, request.path)
