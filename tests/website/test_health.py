"""/healthz: what a load balancer asks each server before sending it visitors."""

import json
import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

pytestmark = pytest.mark.django_db

HEALTHY = {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_answers_ok_when_database_and_cache_answer(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1, and no session
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == HEALTHY
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_healthz_is_503_naming_the_database_when_it_fails(client, caplog):
    with mock.patch("website.health.connection") as connection:
        connection.cursor.side_effect = OperationalError("connection refused")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "error", "cache": "ok"}
    assert "connection refused" not in response.content.decode()  # the log has it, not callers
    assert "connection refused" in caplog.text


def test_healthz_is_503_naming_the_cache_when_it_fails(client, caplog):
    with mock.patch("website.health.cache") as cache:
        cache.set.side_effect = RedisConnectionError("Error 111 connecting to redis:6379")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "ok", "cache": "error"}
    assert "Error 111" in caplog.text


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_healthz_is_503_when_the_cache_keeps_nothing(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["cache"] == "error"


def test_healthz_is_never_served_from_the_page_cache(client):
    assert client.get("/healthz").status_code == 200
    with mock.patch("website.health.connection") as connection:
        connection.cursor.side_effect = OperationalError("gone")
        assert client.get("/healthz").status_code == 503
    assert client.get("/healthz").status_code == 200


def test_healthz_leaves_no_key_in_the_cache(client):
    token = uuid.UUID(int=12)
    with mock.patch("website.health.uuid.uuid4", return_value=token):
        assert client.get("/healthz").status_code == 200
    assert cache.get(f"healthz:{token.hex}", "gone") == "gone"


def test_healthz_answers_head_and_refuses_post(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_answers_plain_http_where_pages_redirect_to_https(client):
    assert client.get("/en/").status_code == 301
    assert client.get("/healthz").status_code == 200


def test_healthz_still_checks_the_host_name(client):
    # A load balancer calling a server by its address must send the site's Host header, or
    # that address must be in DJANGO_ALLOWED_HOSTS (README, "Production").
    assert client.get("/healthz", HTTP_HOST="10.0.0.5").status_code == 400


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
)
def test_healthz_is_503_when_redis_is_unreachable(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "ok", "cache": "error"}
