from django.apps import AppConfig


class HeavenConfig(AppConfig):
    name = "heaven"
    verbose_name = "Heaven"

    def ready(self):
        from heaven import cache_tags, page_cache, uploads

        page_cache.connect_signals()
        cache_tags.connect_signals()
        uploads.use_pixel_limit()
