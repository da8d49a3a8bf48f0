"""URL map: the public site and admin under a language prefix (/zh-hans/…, /en/…), plus the
language-neutral sitemap, robots.txt, health check, favicon.ico and the JSON API."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from importer import admin_views as importer_admin
from schedules import admin as schedules_admin
from website.health import healthz
from website.sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "sitemap.xml",
        # Served from the cache until content changes (website.cache).
        require_safe(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),  # for load balancers: database and cache
    # The public JSON API: both languages in every response, so no language prefix.
    path("api/v1/", include("api.urls")),
    # Browsers ask for /favicon.ico whatever the page links; the icon's unhashed static name
    # never changes, so the redirect is permanent and costs no request after the first.
    path(
        "favicon.ico",
        require_safe(RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg", permanent=True)),
        name="favicon",
    ),
]
urlpatterns += i18n_patterns(
    # Before the admin's own URLs, whose catch-all would answer first.
    path(
        "admin/summit/event/<int:event_id>/import-schedule/",
        schedules_admin.admin_upload_view,
        name="schedule_upload",
    ),
    path(
        "admin/summit/source/import/",
        importer_admin.admin_import_article_view,
        name="article_import",
    ),
    path("admin/", admin.site.urls),
    path("parks/", include("parks.urls")),
    path("", include("website.urls")),
    path("", include("schedules.urls")),
    path("", include("summit.urls")),
)

handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"
