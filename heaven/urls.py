from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, register_converter

from heaven import views
from heaven.slugs import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")

admin.site.site_header = f"{settings.SITE_NAME} editorial desk"
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("", include("reviews.urls")),
    path("", include("people.urls")),
    path("", include("heaven.search_urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
