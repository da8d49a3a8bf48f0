"""Start-up behaviour of config.settings, checked in a fresh interpreter each time."""

import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.conf import settings


def start(env: dict, code: str = "import django; django.setup()") -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    clean.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_startup_refuses_debug_off_without_secret_key():
    result = start({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_startup_refuses_unknown_debug_value():
    result = start({"DJANGO_DEBUG": "yes"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 0 or 1" in result.stderr


def test_debug_mode_starts_without_secret_key():
    assert start({"DJANGO_DEBUG": "1"}).returncode == 0


def test_production_values_pass_deploy_check():
    result = start(
        {"DJANGO_SECRET_KEY": "x" * 60 + "-production-like-key", "DJANGO_ALLOWED_HOSTS": "a.org"},
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
    )
    assert result.returncode == 0, result.stderr


def test_environment_selects_database_cache_and_hosts():
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.ALLOWED_HOSTS)"
    )
    result = start(
        {
            "DJANGO_SECRET_KEY": "k" * 50,
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "DJANGO_ALLOWED_HOSTS": "a.org, b.org",
        },
        code,
    )
    assert result.stdout.split(" ", 2) == [
        "django.db.backends.postgresql",
        "django.core.cache.backends.redis.RedisCache",
        "['a.org', 'b.org']\n",
    ]


def test_sqlite_default_is_tuned_for_concurrent_writers():
    result = start(
        {"DJANGO_DEBUG": "1"},
        "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS']; "
        "print(o['transaction_mode'], 'journal_mode=WAL' in o['init_command'])",
    )
    assert result.stdout.strip() == "IMMEDIATE True"


def test_ssl_redirect_can_be_left_to_the_proxy():
    result = start(
        {"DJANGO_SECRET_KEY": "k" * 50, "DJANGO_SECURE_SSL_REDIRECT": "0"},
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)",
    )
    assert result.stdout.strip() == "False 31536000"


def read_settings(env: dict, expression: str) -> str:
    result = start(
        {"DJANGO_SECRET_KEY": "k" * 50, **env},
        f"from django.conf import settings as s; print({expression})",
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


POSTGRESQL = "postgres://postgres@127.0.0.1:5432/x"


def test_sessions_with_redis_are_cached_and_kept_in_the_database():
    engine = "s.SESSION_ENGINE"
    assert read_settings({}, engine) == "django.contrib.sessions.backends.db"
    assert read_settings({"REDIS_URL": "redis://127.0.0.1:6379/0"}, engine) == (
        "django.contrib.sessions.backends.cached_db"
    )


def test_postgresql_keeps_one_connection_per_worker_by_default():
    database = "s.DATABASES['default']"
    assert read_settings({"DATABASE_URL": POSTGRESQL}, f"{database}['CONN_MAX_AGE']") == "60"
    assert read_settings({"DATABASE_URL": POSTGRESQL}, f"{database}.get('OPTIONS')") == "None"


def test_sqlite_keeps_its_connection_too_unless_told_not_to():
    database = "s.DATABASES['default']"
    assert read_settings({}, f"{database}['CONN_MAX_AGE']") == "60"
    assert read_settings({"DJANGO_CONN_MAX_AGE": "0"}, f"{database}['CONN_MAX_AGE']") == "0"


def test_postgresql_pools_connections_when_asked():
    database = "s.DATABASES['default']"
    env = {"DATABASE_URL": POSTGRESQL, "DJANGO_DB_POOL_SIZE": "4"}
    assert read_settings(env, f"{database}['OPTIONS']['pool'], {database}['CONN_MAX_AGE']") == (
        "{'min_size': 1, 'max_size': 4} 0"
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DB_POOL_SIZE": "4"}, "DJANGO_DB_POOL_SIZE needs PostgreSQL"),
        (
            {"DATABASE_URL": POSTGRESQL, "DJANGO_DB_POOL_SIZE": "4", "DJANGO_CONN_MAX_AGE": "60"},
            "DJANGO_DB_POOL_SIZE and DJANGO_CONN_MAX_AGE exclude each other",
        ),
        ({"DJANGO_DB_POOL_SIZE": "some"}, "DJANGO_DB_POOL_SIZE must be a whole number"),
        ({"DJANGO_CONN_MAX_AGE": "-1"}, "DJANGO_CONN_MAX_AGE must be a whole number"),
    ],
)
def test_connection_settings_refuse_what_cannot_work(env, message):
    result = start({"DJANGO_DEBUG": "1", **env})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (DATABASE_URL=postgres://…)",
)
def test_pool_connects_to_postgresql():
    # The server's own `postgres` database: the one DATABASE_URL names need not exist.
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres").geturl()
    result = start(
        {"DJANGO_DEBUG": "1", "DATABASE_URL": url, "DJANGO_DB_POOL_SIZE": "2"},
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('SELECT 1'); "
        "print(cursor.fetchone()[0], connection.pool.get_stats()['pool_max'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 2"


def test_static_files_from_a_cdn_are_linked_and_allowed():
    cdn = {"DJANGO_STATIC_URL": "https://cdn.example.org/static/"}
    directives = "s.CONTENT_SECURITY_POLICY['DIRECTIVES']"
    assert read_settings(cdn, "s.STATIC_URL") == "https://cdn.example.org/static/"
    assert read_settings(cdn, f"{directives}['script-src'], {directives}['font-src']") == (
        "[\"'self'\", 'https://cdn.example.org'] [\"'self'\", 'https://cdn.example.org']"
    )
    assert read_settings(cdn, f"{directives}['default-src']") == "[\"'self'\"]"


@pytest.mark.parametrize(
    "address", ["http://cdn.example.org/static/", "https://cdn.example.org/static", "https:///x/"]
)
def test_static_url_must_be_a_path_or_https_address_ending_with_a_slash(address):
    result = start({"DJANGO_DEBUG": "1", "DJANGO_STATIC_URL": address})
    assert result.returncode != 0
    assert "DJANGO_STATIC_URL must be a path (/static/) or an https:// address" in result.stderr


def test_production_values_with_redis_pool_and_cdn_pass_deploy_check():
    result = start(
        {
            "DJANGO_SECRET_KEY": "x" * 60 + "-production-like-key",
            "DJANGO_ALLOWED_HOSTS": "a.org",
            "DATABASE_URL": POSTGRESQL,
            "DJANGO_DB_POOL_SIZE": "4",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "DJANGO_STATIC_URL": "https://cdn.example.org/static/",
            "DJANGO_LOG_FORMAT": "json",
        },
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
    )
    assert result.returncode == 0, result.stderr
