"""URL map: the public site and admin under a language prefix (/zh-hans/…, /en/…), plus the
language-neutral sitemap and robots.txt."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from config.sitemaps import SITEMAPS, robots_txt

# Search engines read the sitemap rarely and it lists every public page in both languages, so
# it is built at most once an hour (per process with the local-memory cache, once with Redis).
SITEMAP_CACHE_SECONDS = 60 * 60

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "sitemap.xml",
        require_safe(cache_page(SITEMAP_CACHE_SECONDS)(sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("parks/", include("parks.urls")),
    path("", include("summit.urls")),
)

handler404 = "summit.views.page_not_found"
handler500 = "summit.views.server_error"
