"""A change made anywhere reaches every gunicorn worker's cached pages at once, with Redis and
on the embedded default alike.

A real production-like server (gunicorn, two workers, debug off) shares one SQLite file (and
one Redis database, when there is one) with separate `manage.py shell` processes, which stand
for an editor working on another server. Pages are cached in every worker; after the other
process unpublishes an event, no worker shows it any more, and a record scheduled for a
moment appears in every worker at that moment, without anyone saving anything.
"""

import time
import urllib.request

import pytest

from tests.servers import (
    REDIS_HOST,
    REDIS_PORT,
    gunicorn,
    manage,
    production_environment,
    require_service,
    shell,
)

REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/9"
REQUESTS = 12


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> str:
    """Static files collected once, as a release does: pages link them by hashed name."""
    root = str(tmp_path_factory.mktemp("static"))
    manage(production_environment(DJANGO_STATIC_ROOT=root), "collectstatic", "--noinput", "-v", "0")
    return root


@pytest.fixture(params=["redis", "embedded"])
def site_environment(request, tmp_path, static_root) -> dict:
    variables = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "DJANGO_STATIC_ROOT": static_root,
    }
    if request.param == "redis":
        require_service(REDIS_HOST, REDIS_PORT, "Redis")
        variables["REDIS_URL"] = REDIS_URL
    environment = production_environment(**variables)
    if request.param == "embedded":
        environment.pop("REDIS_URL", None)  # the runner's own, if it has one
    manage(environment, "migrate", "--noinput", "-v", "0")
    shell(environment, "from django.core.cache import cache; cache.clear()")
    return environment


@pytest.fixture
def server(site_environment):
    with gunicorn(site_environment, workers=2) as address:
        yield address


def pages(address: str, path: str) -> list[str]:
    """The page at `path` as each of several requests got it."""
    bodies = []
    for _ in range(REQUESTS):
        # A new connection each time, so both workers answer.
        request = urllib.request.Request(f"{address}{path}", headers={"Connection": "close"})
        with urllib.request.urlopen(request, timeout=10) as response:
            bodies.append(response.read().decode())
    return bodies


def test_unpublishing_reaches_every_worker_at_once(server, site_environment):
    shell(
        site_environment,
        "import datetime; from summit.models import Event; "
        "Event.objects.create(name='缓存测试峰会', slug='cache-test', status='published', "
        "start_date=datetime.date(2019, 11, 14))",
    )
    assert all("/events/cache-test/" in body for body in pages(server, "/sitemap.xml"))
    assert all("缓存测试峰会" in body for body in pages(server, "/zh-hans/events/"))

    shell(
        site_environment,
        "from summit.models import Event; "
        "event = Event.objects.get(slug='cache-test'); event.status = 'draft'; event.save()",
    )

    assert not any("/events/cache-test/" in body for body in pages(server, "/sitemap.xml"))
    assert not any("缓存测试峰会" in body for body in pages(server, "/zh-hans/events/"))


def test_scheduled_record_appears_in_every_worker_at_its_time(server, site_environment):
    shell(
        site_environment,
        "import datetime; from django.utils import timezone; from summit.models import Event; "
        "Event.objects.create(name='已公开峰会', slug='public', status='published', "
        "start_date=datetime.date(2019, 11, 14)); "
        "Event.objects.create(name='定时峰会', slug='scheduled', status='published', "
        "start_date=datetime.date(2019, 11, 15), "
        "publish_at=timezone.now() + datetime.timedelta(seconds=4))",
    )
    due = time.monotonic() + 4
    assert not any("定时峰会" in body for body in pages(server, "/zh-hans/events/"))

    time.sleep(max(0, due - time.monotonic()) + 0.5)

    assert all("定时峰会" in body for body in pages(server, "/zh-hans/events/"))
