from django.apps import AppConfig


class HeavenConfig(AppConfig):
    name = "heaven"
    verbose_name = "Heaven"

    def ready(self):
        from heaven import page_cache, uploads

        page_cache.connect_signals()
        uploads.use_pixel_limit()
