"""sitemap.xml and robots.txt: what search engines may index, in both languages.

Every page is listed once per language (/zh-hans/… and /en/…) with hreflang alternates, so a
search engine shows readers the language they read. Only what the public can open is listed:
drafts and records scheduled for later never appear.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from parks.models import IndustryPark
from summit.models import Event, EventSeries, Organisation, Person, Source, Talk, Topic


class BilingualSitemap(Sitemap):
    """Each item in every language, with alternates and an x-default that negotiates."""

    i18n = True
    alternates = True
    x_default = True


class PublishedSitemap(BilingualSitemap):
    """The published records of `model`, last modified when they were last saved."""

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ListPageSitemap(BilingualSitemap):
    """The home page and the list pages, by URL name."""

    def items(self):
        return [
            "website:home",
            "summit:event_list",
            "summit:person_list",
            "summit:organisation_list",
            "website:topic_list",
            "summit:source_list",
            "parks:park_list",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": ListPageSitemap,
    "events": PublishedSitemap(Event),
    "series": PublishedSitemap(EventSeries),
    "talks": PublishedSitemap(Talk),
    "people": PublishedSitemap(Person),
    "organisations": PublishedSitemap(Organisation),
    "topics": PublishedSitemap(Topic),
    "sources": PublishedSitemap(Source),
    "parks": PublishedSitemap(IndustryPark),
}


@require_safe
def robots_txt(request):
    """Crawlers may read everything but the admin, and are pointed at the sitemap."""
    lines = ["User-agent: *"]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            lines.append(f"Disallow: {reverse('admin:index')}")
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
