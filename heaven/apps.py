from django.apps import AppConfig


class HeavenConfig(AppConfig):
    name = "heaven"
    verbose_name = "Heaven"

    def ready(self):
        from django.urls import register_converter

        from heaven import cache_tags, page_cache, text, uploads
        from heaven.slugs import UnicodeSlugConverter

        # Here rather than in the root URLconf: each app's urls.py uses it.
        register_converter(UnicodeSlugConverter, "uslug")
        page_cache.connect_signals()
        cache_tags.connect_signals()
        text.connect_signals()
        uploads.use_pixel_limit()
