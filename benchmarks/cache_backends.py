"""How fast each way of sharing the page cache between gunicorn workers answers a cached page.

    .venv/bin/python benchmarks/cache_backends.py [--runs 5000] [--size 60000]

A cached page costs two reads: the content version (shared by every worker, or a change made in
one would not reach the others) and the page stored under it. This times both reads, and a
change (a new version plus one page stored), for each candidate:

- locmem: Django's local-memory cache for both. The baseline, and wrong across processes:
  each worker would keep its own version.
- file: Django's file-based cache in a folder, for both.
- database: Django's database cache (a table in an SQLite file, as the embedded default
  would have it), for both.
- locmem + stamp file: pages in each worker's local memory, the version read from a small
  file every worker reads (what website.cache does without Redis).
- locmem + stamp row: the same, the version read from a one-row database table.
- redis: Redis for both, when one answers on 127.0.0.1:6379 (REDIS_URL says where otherwise).

The database and stamp-row rows also count a query per cached page: a page served with no
query is part of what the file stamp buys.
"""

import argparse
import os
import pickle
import socket
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import django
from django.conf import settings

WORK = Path(tempfile.mkdtemp(prefix="cache-backends-"))
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9")


def redis_answers() -> bool:
    address = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((address.hostname, address.port or 6379), timeout=1):
            return True
    except OSError:
        return False


CACHES = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"},
    "file": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(WORK / "file-cache"),
    },
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "page_cache",
    },
}
if redis_answers():
    CACHES["redis"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"cache-backends-{uuid.uuid4().hex[:8]}",
    }

settings.configure(
    CACHES={"default": CACHES["locmem"], **CACHES},
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(WORK / "site.sqlite3"),
            # As config.settings opens the site's SQLite file.
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"},
        }
    },
    DEFAULT_CHARSET="utf-8",
    USE_TZ=True,
)
django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402

VERSION_KEY = "content-version"


def page(size: int) -> HttpResponse:
    """A response like a rendered page: `size` bytes of HTML and the usual headers."""
    body = ("<p>张江细胞治疗国际峰会 · Zhangjiang Cell Therapy Summit</p>\n" * size)[:size]
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Content-Language"] = "en"
    response["Content-Security-Policy"] = "default-src 'self'; object-src 'none'"
    response["X-Frame-Options"] = "DENY"
    response["Cache-Control"] = "public, max-age=60"
    return response


def new_version() -> str:
    return f"{uuid.uuid4().hex} {time.time_ns()} {time.time_ns() + 3600 * 10**9}"


class SharedCache:
    """Version and pages both in one cache backend."""

    def __init__(self, alias: str):
        self.cache = caches[alias]

    def change(self, response) -> None:
        version = new_version()
        self.cache.set(VERSION_KEY, version, None)
        self.cache.set(f"page:{version[:32]}:/en/", response, 3600)

    def read(self):
        version = self.cache.get(VERSION_KEY)
        return self.cache.get(f"page:{version[:32]}:/en/")


class StampFile:
    """Pages in local memory, the version in a file replaced whole on each change."""

    def __init__(self):
        self.cache = caches["locmem"]
        self.path = WORK / "site.sqlite3-version"

    def change(self, response) -> None:
        version = new_version()
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        partial.write_text(version)
        os.replace(partial, self.path)
        self.cache.set(f"page:{version[:32]}:/en/", response, 3600)

    def read(self):
        # As website.cache.FileVersionStore reads it: os.open is several times faster than open().
        descriptor = os.open(self.path, os.O_RDONLY)
        try:
            version = os.read(descriptor, 256).decode()
        finally:
            os.close(descriptor)
        return self.cache.get(f"page:{version[:32]}:/en/")


class StampRow:
    """Pages in local memory, the version in a one-row table."""

    def __init__(self):
        self.cache = caches["locmem"]
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS content_version (version TEXT)")
            cursor.execute("DELETE FROM content_version")
            cursor.execute("INSERT INTO content_version VALUES ('')")

    def change(self, response) -> None:
        version = new_version()
        with connection.cursor() as cursor:
            cursor.execute("UPDATE content_version SET version = %s", [version])
        self.cache.set(f"page:{version[:32]}:/en/", response, 3600)

    def read(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT version FROM content_version")
            (version,) = cursor.fetchone()
        return self.cache.get(f"page:{version[:32]}:/en/")


def timings(action, runs: int) -> list[float]:
    """Microseconds of each of `runs` calls of `action`, after a few to warm up."""
    for _ in range(min(runs, 50)):
        action()
    taken = []
    for _ in range(runs):
        started = time.perf_counter_ns()
        action()
        taken.append((time.perf_counter_ns() - started) / 1000)
    return taken


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5000, help="reads timed per candidate")
    parser.add_argument("--size", type=int, default=60_000, help="page size in bytes")
    arguments = parser.parse_args()

    call_command("createcachetable", verbosity=0)
    response = page(arguments.size)
    pickled = len(pickle.dumps(response, pickle.HIGHEST_PROTOCOL))
    print(f"A page of {arguments.size:,} bytes ({pickled:,} pickled), {arguments.runs} reads each.")
    if "redis" not in CACHES:
        print(f"(No Redis answers at {REDIS_URL}: its row is left out.)")
    candidates = {
        "locmem (not shared)": SharedCache("locmem"),
        "file": SharedCache("file"),
        "database": SharedCache("database"),
        "locmem + stamp file": StampFile(),
        "locmem + stamp row": StampRow(),
    }
    if "redis" in CACHES:
        candidates["redis"] = SharedCache("redis")

    print(f"\n{'candidate':<22}{'read median':>13}{'read p95':>11}{'change median':>15}")
    for name, candidate in candidates.items():
        candidate.change(response)
        assert candidate.read() is not None, name
        reads = timings(candidate.read, arguments.runs)
        changes = timings(lambda candidate=candidate: candidate.change(response), 500)
        print(
            f"{name:<22}{statistics.median(reads):>10.1f} µs{p95(reads):>8.1f} µs"
            f"{statistics.median(changes):>12.1f} µs"
        )


if __name__ == "__main__":
    main()
