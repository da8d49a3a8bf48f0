"""With Redis, a change made anywhere reaches every worker's cached sitemap at once.

A real production-like server (gunicorn, two workers, debug off) shares one SQLite file and
one Redis database with a separate `manage.py shell` process, which stands for an editor
working on another server. The sitemap is cached in every worker; after the other process
unpublishes an event, no worker lists it any more.
"""

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


@pytest.fixture
def site_environment(tmp_path) -> dict:
    require_service(REDIS_HOST, REDIS_PORT, "Redis")
    environment = production_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}", REDIS_URL=REDIS_URL
    )
    manage(environment, "migrate", "--noinput", "-v", "0")
    shell(environment, "from django.core.cache import cache; cache.clear()")
    return environment


@pytest.fixture
def server(site_environment):
    with gunicorn(site_environment, workers=2) as address:
        yield address


def sitemaps(address: str) -> list[tuple[str, str]]:
    """The sitemap as each of several requests got it, with the worker that served it."""
    bodies = []
    for _ in range(REQUESTS):
        # A new connection each time, so both workers answer.
        request = urllib.request.Request(f"{address}/sitemap.xml", headers={"Connection": "close"})
        with urllib.request.urlopen(request, timeout=10) as response:
            bodies.append(response.read().decode())
    return bodies


def test_unpublishing_reaches_every_worker_at_once_with_redis(server, site_environment):
    shell(
        site_environment,
        "import datetime; from summit.models import Event; "
        "Event.objects.create(name='缓存测试峰会', slug='cache-test', status='published', "
        "start_date=datetime.date(2019, 11, 14))",
    )
    assert all("/events/cache-test/" in body for body in sitemaps(server))

    shell(
        site_environment,
        "from summit.models import Event; "
        "event = Event.objects.get(slug='cache-test'); event.status = 'draft'; event.save()",
    )

    assert not any("/events/cache-test/" in body for body in sitemaps(server))
