from django.apps import AppConfig


class HeavenConfig(AppConfig):
    name = "heaven"
    verbose_name = "Heaven"

    def ready(self):
        from heaven import page_cache

        page_cache.connect_signals()
