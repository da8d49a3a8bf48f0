"""Several servers behind one proxy: two gunicorn instances on one PostgreSQL and one Redis.

Two separate gunicorn processes (two workers each, production settings, JSON logs) stand for
two machines behind a load balancer. An editor logs in through server A and opens a talk's
admin page on server B with the same cookie (sessions are shared), saves a new title through
A, and B shows it on the talk's page and in its calendar within a second.

Runs in the PostgreSQL pass (DATABASE_URL=postgres://…), on a database of its own beside the
one named there (dropped afterwards) and Redis database 12 (flushed); skipped on SQLite.
"""

import http.client
import json
import os
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import dj_database_url
import lxml.html
import psycopg
import pytest
import redis
from psycopg import sql

from tests.servers import (
    REDIS_HOST,
    REDIS_PORT,
    gunicorn,
    manage,
    production_environment,
    require_service,
    shell,
)

REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/12"
TALK = "two-servers"
EDITOR, PASSWORD = "editor", "correct horse battery staple"  # UserFactory's password
SECONDS = 1.0  # how soon server B must show what was saved through server A


@pytest.fixture(scope="module")
def database_url():
    """A PostgreSQL database of this module's own, next to the one DATABASE_URL names."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("runs in the PostgreSQL pass (DATABASE_URL=postgres://…), as in CI")
    server = dj_database_url.parse(url)
    require_service(server["HOST"] or "127.0.0.1", int(server["PORT"] or 5432), "PostgreSQL")
    require_service(REDIS_HOST, REDIS_PORT, "Redis")
    name = f"{server['NAME']}_two_servers"
    maintenance = psycopg.connect(
        host=server["HOST"] or "127.0.0.1",
        port=server["PORT"] or 5432,
        user=server["USER"] or None,
        password=server["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with maintenance:
        maintenance.execute(drop)
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
        maintenance.execute(drop)


@pytest.fixture(scope="module")
def shared_redis(database_url):
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@dataclass
class Site:
    environment: dict
    talk_id: int


@pytest.fixture(scope="module")
def site(database_url, shared_redis, tmp_path_factory) -> "Site":
    """A migrated database with an editor and a public talk, and the servers' environment."""
    environment = production_environment(
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        DJANGO_LOG_FORMAT="json",
        DJANGO_STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
    )
    manage(environment, "migrate", "--noinput", "-v", "0")
    manage(environment, "collectstatic", "--noinput", "-v", "0")
    talk = shell(
        environment,
        "from django.contrib.auth.models import Group; "
        "from summit.editors import EDITORS_GROUP; "
        "from tests.factories import TalkFactory, UserFactory; "
        f"user = UserFactory(username={EDITOR!r}, is_staff=True); "
        "user.groups.add(Group.objects.get(name=EDITORS_GROUP)); "
        f"print(TalkFactory(slug={TALK!r}).pk)",
    )
    return Site(environment, talk_id=int(talk))


@pytest.fixture(scope="module")
def servers(site, tmp_path_factory):
    """Servers A and B: their addresses and the files their output goes to."""
    logs = tmp_path_factory.mktemp("servers")
    with ExitStack() as stack:
        yield {
            name: (
                stack.enter_context(
                    gunicorn(
                        site.environment,
                        workers=2,
                        log=logs / f"{name}.log",
                        options=("--config", "config/gunicorn.py"),
                    )
                ),
                logs / f"{name}.log",
            )
            for name in ("A", "B")
        }


class Browser:
    """One visitor's browser: its cookies go to whichever server it asks; no redirects followed."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def get(self, address: str, path: str) -> tuple[int, str]:
        return self.send(address, "GET", path)

    def post(self, address: str, path: str, fields: list[tuple[str, str]]) -> tuple[int, str]:
        return self.send(address, "POST", path, urlencode(fields))

    def send(self, address: str, method: str, path: str, body: str | None = None):
        server = urlsplit(address)
        connection = http.client.HTTPConnection(server.hostname, server.port, timeout=10)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode()
        finally:
            connection.close()


def form_fields(page: str, form_id: str) -> list[tuple[str, str]]:
    """What a browser would send for the page's form, unchanged."""
    return lxml.html.fromstring(page).get_element_by_id(form_id).form_values()


def filled(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """The form's fields with `values` in place of theirs (an empty field sends nothing)."""
    kept = [(name, value) for name, value in fields if name not in values]
    return kept + list(values.items())


def log_in(browser: Browser, address: str) -> None:
    status, page = browser.get(address, "/en/admin/login/")
    assert status == 200
    fields = filled(form_fields(page, "login-form"), username=EDITOR, password=PASSWORD)
    status, page = browser.post(address, "/en/admin/login/?next=/en/admin/", fields)
    assert status == 302, f"login refused: {page[:500]}"


def shows(address: str, paths: list[str], text: str) -> bool:
    visitor = Browser()
    return all(text in visitor.get(address, path)[1] for path in paths)


def test_a_talk_saved_through_one_server_shows_on_the_other_within_a_second(
    servers, site, shared_redis
):
    (a, _), (b, _) = servers["A"], servers["B"]
    change = f"/en/admin/summit/talk/{site.talk_id}/change/"
    public = [f"/en/talks/{TALK}/", f"/en/talks/{TALK}/calendar.ics"]
    title = f"Saved through A {uuid.uuid4().hex[:8]}"
    for address in (a, b, b):  # what either server may keep, before the change
        assert not shows(address, public, title)

    editor = Browser()
    log_in(editor, a)
    # The session started on A is one B knows: the cookie opens the admin page there too.
    status, page = editor.get(b, change)
    assert status == 200, f"server B did not know server A's session (HTTP {status})"
    session = editor.cookies["sessionid"]
    assert shared_redis.exists(f"summit:1:django.contrib.sessions.cached_db{session}")

    status, page = editor.post(a, change, filled(form_fields(page, "talk_form"), title_en=title))
    assert status == 302, f"the admin did not save: {page[:2000]}"
    saved = time.monotonic()
    while not shows(b, public, title):
        assert time.monotonic() - saved < SECONDS, (
            f"server B still shows the old title after {SECONDS} s"
        )
        time.sleep(0.05)


def test_every_server_answers_its_health_check(servers):
    for address, _ in servers.values():
        status, body = Browser().get(address, "/healthz")
        assert (status, json.loads(body)) == (
            200,
            {"status": "ok", "database": "ok", "cache": "ok"},
        )


def test_servers_log_one_json_object_per_line(servers):
    for address, _ in servers.values():
        assert Browser().get(address, "/healthz")[0] == 200
        assert Browser().get(address, "/en/no-such-page/")[0] == 404
    time.sleep(0.2)  # the workers write their lines as they answer; let them land
    for name, (_, log) in servers.items():
        entries = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
        assert all(isinstance(entry, dict) for entry in entries)
        assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in entries)
        requests = [
            (entry["logger"], entry.get("method"), entry.get("path"), entry.get("status"))
            for entry in entries
        ]
        assert ("gunicorn.access", "GET", "/healthz", 200) in requests, name
        assert ("django.request", "GET", "/en/no-such-page/", 404) in requests, name
        assert any(entry["logger"] == "gunicorn.error" for entry in entries), name
