"""Old addresses keep working: a page that would be a 404 is looked up among the
imported redirects (`reviews.Redirect`) and answered with a permanent redirect.

Like `django.contrib.redirects.middleware.RedirectFallbackMiddleware`, but without
the sites framework, and pointing at the review itself, so a redirect follows the
review when its slug changes. It only runs on 404s, and on WordPress short links
(``/?p=123``, which would otherwise land on the home page): other pages cost no
query.
"""

from django.http import HttpResponsePermanentRedirect

from reviews.models import Redirect


class RedirectFallbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        post_id = request.GET.get("p", "") if request.path == "/" else ""
        if post_id.isdigit() and len(post_id) < 20:
            redirect = (
                Redirect.objects.for_path(f"/?p={post_id}").to_published().first()
            )
            if redirect is not None:
                return HttpResponsePermanentRedirect(redirect.review.get_absolute_url())
        response = self.get_response(request)
        # PostgreSQL refuses NUL in a string, and no stored path can hold one.
        if response.status_code != 404 or "\x00" in request.path:
            return response
        redirect = Redirect.objects.for_path(request.path).to_published().first()
        if redirect is None:
            return response
        return HttpResponsePermanentRedirect(redirect.review.get_absolute_url())
