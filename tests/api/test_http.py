"""The API over HTTP: cached and conditional like the pages, readable from any origin,
throttled per client address, and the same for staff as for anyone."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from config.settings import env_rate
from tests.api.conftest import API
from tests.factories import EventFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="summit", name_en="Summit")


# Cached and conditional -------------------------------------------------------------------


def test_second_request_is_served_from_the_cache_without_a_query(
    client, event, django_assert_num_queries
):
    first = client.get(f"{API}events/summit/")
    with django_assert_num_queries(0):
        second = client.get(f"{API}events/summit/")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"].startswith("public, max-age=")


def test_query_strings_are_cached_apart(client, event):
    both = client.get(f"{API}events/summit/").json()
    english = client.get(f"{API}events/summit/", {"lang": "en"}).json()
    assert both["name"]["en"] == english["name"] == "Summit"


def test_etag_gets_304_until_the_content_changes(client, event, django_assert_num_queries):
    etag = client.get(f"{API}events/")["ETag"]
    with django_assert_num_queries(0):
        unchanged = client.get(f"{API}events/", HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    event.name_en = "Renamed summit"
    event.save()
    changed = client.get(f"{API}events/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["results"][0]["name"]["en"] == "Renamed summit"


def test_errors_are_not_cached(client, event):
    assert client.get(f"{API}events/", {"lang": "xx"}).status_code == 400
    assert client.get(f"{API}events/no-such-event/").status_code == 404
    EventFactory(slug="no-such-event")
    assert client.get(f"{API}events/no-such-event/").status_code == 200


def test_staff_get_what_everyone_gets(client, editor_client, event):
    EventFactory(slug="draft-summit", status="draft")
    anonymous = client.get(f"{API}events/")
    staff = editor_client.get(f"{API}events/")
    assert staff.json() == anonymous.json()
    assert "draft-summit" not in staff.content.decode()
    assert editor_client.get(f"{API}events/draft-summit/").status_code == 404


def test_no_session_is_started_and_no_cookie_set(client, event):
    response = client.get(f"{API}events/summit/")
    assert not response.cookies
    assert "Cookie" in response["Vary"]


# Any origin -------------------------------------------------------------------------------


def test_any_origin_may_read_the_api(client, event):
    for _attempt in ("rendered", "cached"):
        response = client.get(f"{API}events/", HTTP_ORIGIN="https://partner.example.org")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response
        assert "ETag" in response["Access-Control-Expose-Headers"]


def test_preflight_allows_reading_only(client):
    response = client.options(
        f"{API}events/",
        HTTP_ORIGIN="https://partner.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_the_site_sends_no_cors_headers(client, event):
    response = client.get("/en/events/", HTTP_ORIGIN="https://partner.example.org")
    assert "Access-Control-Allow-Origin" not in response


# Throttled --------------------------------------------------------------------------------


def test_too_many_requests_get_429_with_retry_after(client, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    people = PersonFactory.create_batch(4)
    # Distinct addresses: a response from the cache costs nothing and is not counted.
    statuses = [client.get(f"{API}people/{person.slug}/").status_code for person in people]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(f"{API}people/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"]


def test_clients_are_told_apart_by_the_address_our_proxies_saw(client, settings):
    settings.API_THROTTLE_RATE = "1/minute"
    settings.TRUSTED_PROXY_COUNT = 1
    people = PersonFactory.create_batch(4)

    def status(person, forwarded):
        return client.get(f"{API}people/{person.slug}/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert status(people[0], "203.0.113.7") == 200
    # The same client, whatever it writes before the address our proxy appended.
    assert status(people[1], "198.51.100.1, 203.0.113.7") == 429
    # Another client.
    assert status(people[2], "203.0.113.8") == 200


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, settings):
    settings.API_THROTTLE_RATE = "1/minute"
    settings.TRUSTED_PROXY_COUNT = 0
    people = PersonFactory.create_batch(2)
    first = client.get(f"{API}people/{people[0].slug}/", HTTP_X_FORWARDED_FOR="203.0.113.7")
    second = client.get(f"{API}people/{people[1].slug}/", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert (first.status_code, second.status_code) == (200, 429)


def test_ipv6_clients_are_told_apart_by_their_64_prefix(client, settings):
    # One home or one server holds a whole /64: each of its addresses is the same client.
    settings.API_THROTTLE_RATE = "1/minute"
    people = PersonFactory.create_batch(3)

    def status(person, address):
        return client.get(f"{API}people/{person.slug}/", REMOTE_ADDR=address).status_code

    assert status(people[0], "2001:db8:1:2::1") == 200
    assert status(people[1], "2001:db8:1:2:ffff::9") == 429
    assert status(people[2], "2001:db8:1:3::1") == 200


def test_throttle_history_survives_the_page_cache_being_emptied(client, settings):
    # Its own cache: pages culled or cleared from the default cache do not forget the requests.
    settings.API_THROTTLE_RATE = "1/minute"
    people = PersonFactory.create_batch(2)
    assert client.get(f"{API}people/{people[0].slug}/").status_code == 200
    cache.clear()
    assert client.get(f"{API}people/{people[1].slug}/").status_code == 429


@pytest.mark.parametrize("value", ["120/min", "5/second", "1000/h", "10/day"])
def test_throttle_rate_setting_reads_rates(monkeypatch, value):
    monkeypatch.setenv("DJANGO_API_THROTTLE", value)
    assert env_rate("DJANGO_API_THROTTLE", default="120/min") == value


def test_throttle_rate_defaults_to_120_a_minute(monkeypatch):
    monkeypatch.delenv("DJANGO_API_THROTTLE", raising=False)
    assert env_rate("DJANGO_API_THROTTLE", default="120/min") == "120/min"


@pytest.mark.parametrize("value", ["120", "0/min", "many/min", "120/fortnight", "120 / min"])
def test_throttle_rate_setting_refuses_anything_else(monkeypatch, value):
    monkeypatch.setenv("DJANGO_API_THROTTLE", value)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_API_THROTTLE"):
        env_rate("DJANGO_API_THROTTLE", default="120/min")


# The index and the documentation -----------------------------------------------------------

DOCUMENTS = ["", "schema/", "docs/"]


@pytest.mark.parametrize("path", DOCUMENTS)
def test_documents_name_their_own_language_whoever_asked_first(path):
    # Through the page cache: the first client's Accept-Language must not become the header
    # every later client gets.
    expected = "zh-hans, en" if path == "" else "zh-hans"
    for language in ("en", "zh-hans", "en"):
        response = Client().get(f"{API}{path}", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert response["Content-Language"] == expected, language
    english = Client().get(f"{API}{path}", {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert english["Content-Language"] == ("zh-hans, en" if path == "" else "en")


@pytest.mark.parametrize("method", ["post", "put", "delete", "options"])
@pytest.mark.parametrize("path", DOCUMENTS)
def test_documents_only_read_even_with_csrf_checks(method, path):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(f"{API}{path}", data={}, content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("events", f"{API}events/"),
        ("events/summit", f"{API}events/summit/"),
        ("events/summit/talks?lang=en&page=1", f"{API}events/summit/talks/?lang=en&page=1"),
        ("docs", f"{API}docs/"),
    ],
)
def test_address_without_its_final_slash_redirects_to_it(client, event, path, location):
    response = client.get(f"{API}{path}")
    assert response.status_code == 301
    assert response["Location"] == location
    assert client.get(location).status_code == 200


@pytest.mark.parametrize("path", ["no-such-list", "events/summit/nothing", "talks/a/b"])
def test_address_without_its_final_slash_and_no_match_is_a_404(client, event, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 404
    assert response.json()["detail"]
