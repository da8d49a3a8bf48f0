"""Start-up behaviour of config.settings, checked in a fresh interpreter each time."""

import os
import subprocess
import sys

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
