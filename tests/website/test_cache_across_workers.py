"""With Redis, a change made anywhere reaches every worker's cached sitemap at once.

A real production-like server (gunicorn, two workers, debug off) shares one SQLite file and
one Redis database with a separate `manage.py shell` process, which stands for an editor
working on another server. The sitemap is cached in every worker; after the other process
unpublishes an event, no worker lists it any more.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

REDIS_URL = "redis://127.0.0.1:6379/9"
REQUESTS = 12


def redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    not redis_is_up() and os.environ.get("CI") not in ("true", "1", "yes"),
    reason="Redis is not running on 127.0.0.1:6379 (CI starts it)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def site_environment(tmp_path) -> dict:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "tests-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "REDIS_URL": REDIS_URL,
    }
    manage(environment, "migrate", "--noinput", "-v", "0")
    shell(environment, "from django.core.cache import cache; cache.clear()")
    return environment


def manage(environment: dict, *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def shell(environment: dict, code: str) -> str:
    return manage(environment, "shell", "-c", code)


@pytest.fixture
def server(site_environment):
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=site_environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{address}/robots.txt", timeout=2)
            break
        except OSError:
            assert process.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
    yield address
    process.terminate()
    process.wait(timeout=10)


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
