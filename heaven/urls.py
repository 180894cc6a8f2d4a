from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.functional import lazy

from heaven import views
from heaven.search_views import SearchView
from reviews.admin import desk as desk_admin
from reviews.pages import PageDetailView
from reviews.site_settings import site_name
from reviews.sitemaps import SITEMAPS

# Lazy: the name is the editors' to change (`reviews.site_settings`).
admin.site.site_header = lazy(lambda: f"{site_name()} editorial desk", str)()
admin.site.site_title = lazy(site_name, str)()
ADMIN_LOOK = {
    "site_header": admin.site.site_header,
    "site_title": admin.site.site_title,
}

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # Password reset from the admin's login page ("Forgotten your password?"
    # appears once `admin_password_reset` exists): Django's own views, with the
    # admin's templates (django.contrib.admin comes before auth in INSTALLED_APPS).
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(extra_context=ADMIN_LOOK),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=ADMIN_LOOK),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=ADMIN_LOOK),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=ADMIN_LOOK),
        name="password_reset_complete",
    ),
    # The desk's dashboard is the admin's home (admin:index still names /admin/).
    path("admin/", desk_admin.index_view, name="desk"),
    path("admin/invite/", desk_admin.invite_view, name="admin_invite"),
    path("admin/", admin.site.urls),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("", include("reviews.urls")),
    path("", include("people.urls")),
    # Answers only with SERVE_MEDIA on (development, browser tests).
    re_path(
        rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
        views.MediaView.as_view(),
        name="media",
    ),
    path("search/", SearchView.as_view(), name="search"),
    # Last: the site's own pages (/about/, /about/team/), at any path no pattern
    # above serves (`heaven.site_paths` keeps pages off those).
    path("<path:page_path>/", PageDetailView.as_view(), name="page"),
    # Without its slash: the page view adds it only where a page (or another
    # view) answers, so an old address with no page stays a 404 that the
    # redirect fallback can take.
    re_path(r"^(?P<page_path>.*[^/])$", PageDetailView.as_view(), name="page_no_slash"),
]
