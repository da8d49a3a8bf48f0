"""What a cached page costs: its 95th percentile, and its rate under wrk beside a static file.

    .venv/bin/python benchmarks/page_cache.py [--requests 2000] [--seconds 10] [--workers 2]

Sets up a throw-away production site (debug off, an SQLite file in a temporary folder, the
seed articles imported, static files collected), then:

1. times `--requests` requests of each page once it is cached, in this process through
   Django's handler (what the site itself spends) and over HTTP to gunicorn (a new connection
   each time: gunicorn's sync workers close it), and prints the median and 95th percentile;
   the page cache promises at most 5 ms at the 95th percentile;
2. runs wrk (Debian package `wrk`; skipped, saying so, when it is missing) for `--seconds`
   against one gunicorn with `--workers` workers, on a cached page, a static file and a 404
   from Django, in the same run, and prints their rates: a cached page should reach at least
   half the static file's rate, and the static file be well ahead of Django's 404.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/zh-hans/",
    "/en/",
    "/en/events/",
    "/en/events/zhangjiang-cell-therapy-summit-2019/",
    "/en/people/tian-zhigang/",
    "/en/parks/zhangjiang-cell-industry-park/",
    "/en/events/feed/",
    "/sitemap.xml",
]
STATIC_FILE = "/static/css/site.css"
NOT_FOUND = "/en/events/no-such-event/"


def site_environment(work: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{work / 'site.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "REDIS_URL": "",  # the embedded default: what `make run` and a single server use
    }


def manage(environment: dict, *arguments: str) -> None:
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentiles(timings: list[float]) -> str:
    p95 = statistics.quantiles(timings, n=20)[-1]
    return f"median {statistics.median(timings):6.2f} ms   p95 {p95:6.2f} ms"


def in_process(environment: dict, requests: int) -> None:
    """Django's handler alone (test client, no network), each page once cached."""
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    client = Client()
    print("\nCached pages, in process (Django's handler, no network):")
    for path in PAGES:
        first = client.get(path)
        assert first.status_code == 200, (path, first.status_code)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"  {path:<52}{percentiles(timings)}")


def fetch(port: int, path: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 200, (path, response.status)


def over_http(port: int, requests: int) -> None:
    print("\nCached pages, over HTTP to gunicorn (a new connection per request):")
    for path in PAGES:
        fetch(port, path)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            fetch(port, path)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"  {path:<52}{percentiles(timings)}")


def wrk_rate(address: str, path: str, seconds: int) -> float:
    output = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", f"{address}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx and path != NOT_FOUND:
        raise SystemExit(f"wrk got {non_2xx[1]} error responses from {path}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])


def under_wrk(address: str, seconds: int) -> None:
    if not shutil.which("wrk"):
        print("\nwrk is not installed (apt-get install wrk): the rates are left out.")
        return
    print(f"\nRates under wrk (2 threads, 16 connections, {seconds} s each), one gunicorn:")
    for path in (PAGES[0], STATIC_FILE):
        urllib.request.urlopen(f"{address}{path}").read()  # cached in the worker that answers
    rates = {}
    for label, path in (
        ("cached page", PAGES[0]),
        ("static file", STATIC_FILE),
        ("404 from Django", NOT_FOUND),
    ):
        rates[label] = wrk_rate(address, path, seconds)
        print(f"  {label:<18}{path:<34}{rates[label]:>9.0f} requests/s")
    share = rates["cached page"] / rates["static file"]
    print(f"  cached page / static file: {share:.2f} (at least 0.5 expected)")
    print(f"  static file / Django 404:  {rates['static file'] / rates['404 from Django']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=2000, help="timed requests per page")
    parser.add_argument("--seconds", type=int, default=10, help="wrk's run per address")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    arguments = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="page-cache-"))
    environment = site_environment(work)
    print(f"Setting up a site in {work} …")
    manage(environment, "migrate", "--noinput", "-v", "0")
    manage(environment, "import_seeds", "-v", "0")
    manage(environment, "collectstatic", "--noinput", "-v", "0")

    port = free_port()
    address = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            f"--workers={arguments.workers}",
            f"--bind=127.0.0.1:{port}",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{address}/robots.txt")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or gunicorn.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        print(f"gunicorn with {arguments.workers} workers on {address}")
        over_http(port, arguments.requests)
        under_wrk(address, arguments.seconds)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=10)
    in_process(environment, arguments.requests)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
