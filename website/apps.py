from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """The site around the content apps: home page, search, topics, sitemaps, robots.txt,
    error pages, context processors, and the cache that keeps public pages fresh."""

    name = "website"
    verbose_name = _("Website")

    def ready(self) -> None:
        from website import cache

        cache.connect_signals()
