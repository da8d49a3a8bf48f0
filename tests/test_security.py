"""Security a visitor or an attacker would notice: response headers and the Content-Security-
Policy, admin login throttling, hostile content shown as text, and malformed requests answered
without a server error."""

import datetime
import json
import logging
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlencode

import icalendar
import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from config.security import client_ip_address
from config.settings import env_count
from summit.models import Event, EventSeries, Organisation, Person, Quote, Source, Talk
from tests.admin_forms import admin_form_data
from tests.factories import (
    AffiliationFactory,
    EventFactory,
    EventSeriesFactory,
    IndustryParkFactory,
    OrganisationFactory,
    PersonFactory,
    QuoteFactory,
    SessionFactory,
    SourceFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STRICT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
JAVASCRIPT_URL = "javascript:alert(1)"
PASSWORD = "correct horse battery staple"  # UserFactory's
ATTACKER = "203.0.113.9"


def policy(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: [sources]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


class InlineCode(HTMLParser):
    """Everything in a page that a policy without 'unsafe-inline' would block: inline scripts,
    <style> elements, style and on… attributes, and javascript: addresses."""

    DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}

    def __init__(self, html: str):
        super().__init__()
        self.found: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        inline_script = (
            tag == "script"
            and "src" not in attributes
            and attributes.get("type") not in self.DATA_SCRIPT_TYPES
        )
        if inline_script or tag == "style" or any(map(self.is_inline, attributes.items())):
            self.found.append(self.get_starttag_text())

    @staticmethod
    def is_inline(attribute: tuple[str, str | None]) -> bool:
        name, value = attribute
        javascript_url = (value or "").strip().lower().startswith("javascript:")
        return name == "style" or name.startswith("on") or javascript_url


def json_ld(html: str) -> list:
    """Every JSON-LD block, cut at its first </script> as a browser would, parsed."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def assert_shown_as_text(html: str) -> None:
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert escape("<script>alert(1)</script>") in html


def with_query(url: str, **params) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


@pytest.fixture
def pages():
    """One published record of every kind with a public page: {page name: address}."""
    series = EventSeriesFactory()
    event = EventFactory(series=series, start_date=datetime.date(2019, 11, 14))
    person = PersonFactory()
    organisation = OrganisationFactory(parent=OrganisationFactory())
    AffiliationFactory(person=person, organisation=organisation)
    talk = TalkFactory(event=event, session=SessionFactory(event=event))
    talk.speakers.add(person)
    topic = TopicFactory()
    talk.topics.add(topic)
    QuoteFactory(person=person, event=event)
    return {
        "home": "/en/",
        "event list": "/en/events/",
        "past event list": "/en/events/?when=past",
        "person list": "/en/people/",
        "organisation list": "/en/organisations/",
        "park list": "/en/parks/",
        "topic list": "/en/topics/",
        "source list": "/en/sources/",
        "search": "/en/search/?q=1",
        "event": f"/en/events/{event.slug}/",
        "series": f"/en/series/{series.slug}/",
        "talk": f"/en/talks/{talk.slug}/",
        "person": f"/en/people/{person.slug}/",
        "organisation": f"/en/organisations/{organisation.slug}/",
        "park": f"/en/parks/{IndustryParkFactory().slug}/",
        "topic": f"/en/topics/{topic.slug}/",
        "source": f"/en/sources/{SourceFactory().slug}/",
    }


LIST_PAGES = [
    "event list",
    "past event list",
    "person list",
    "organisation list",
    "park list",
    "topic list",
    "source list",
]
DETAIL_PAGES = ["event", "series", "talk", "person", "organisation", "park", "topic", "source"]
PAGES = ["home", "search", *LIST_PAGES, *DETAIL_PAGES]


# Content-Security-Policy and the other production headers


@pytest.mark.parametrize("page", PAGES)
def test_public_page_has_strict_csp_and_no_inline_code(client, pages, page):
    response = client.get(pages[page])
    assert response.status_code == 200
    assert policy(response) == STRICT_POLICY
    assert InlineCode(response.content.decode()).found == []


def test_not_found_page_has_strict_csp(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert policy(response) == STRICT_POLICY


def test_public_page_sends_production_security_headers(client):
    response = client.get("/en/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_admin_cookies_are_secure_and_session_cookie_http_only(client):
    UserFactory(username="editor", is_staff=True)
    login = reverse("admin:login")
    csrf_cookie = client.get(login, secure=True).cookies["csrftoken"]
    assert csrf_cookie["secure"] is True
    response = client.post(login, {"username": "editor", "password": PASSWORD}, secure=True)
    assert response.status_code == 302
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True


def admin_pages(records) -> list[str]:
    """Every registered model's list and add page, plus the change, history and delete pages
    of `records`, and the admin's own pages."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        if model._meta.app_label != "axes":  # login records have no add page
            urls.append(reverse(f"{prefix}_add"))
    for record in records:
        prefix = f"admin:{record._meta.app_label}_{record._meta.model_name}"
        urls += [
            reverse(f"{prefix}_{view}", args=[record.pk])
            for view in ("change", "history", "delete")
        ]
    urls.append(reverse("admin:summit_person_recoverlist"))
    return urls


def test_admin_runs_under_the_same_strict_csp_without_inline_code(admin_client, pages):
    records = [
        Event.objects.get(),
        EventSeries.objects.get(),
        Talk.objects.get(),
        Person.objects.get(),
        Organisation.objects.first(),
        Quote.objects.get(),
        Source.objects.get(),
        IndustryParkFactory(),
    ]
    for url in admin_pages(records):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == STRICT_POLICY, url
        assert InlineCode(response.content.decode()).found == [], url


def test_admin_login_page_has_strict_csp(client):
    response = client.get(reverse("admin:login"))
    assert policy(response) == STRICT_POLICY
    assert InlineCode(response.content.decode()).found == []


# Admin login throttling (django-axes)


@pytest.fixture
def staff_user():
    return UserFactory(username="editor", is_staff=True, is_superuser=True)


def log_in(client, password, ip=ATTACKER, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password},
        REMOTE_ADDR=ip,
        **headers,
    )


def lock_out(client, ip=ATTACKER, **headers) -> list[int]:
    """Six wrong passwords in a row: the statuses they got."""
    return [log_in(client, "wrong", ip, **headers).status_code for _ in range(6)]


def age_attempts(by: datetime.timedelta) -> None:
    """Move every recorded failure back in time, as if `by` had passed since."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - by)


def test_admin_login_locks_out_on_the_sixth_failure(client, staff_user, caplog):
    # axes refuses the attempt that reaches AXES_FAILURE_LIMIT, and every one after it.
    assert lock_out(client) == [200, 200, 200, 200, 200, 429]
    assert log_in(client, "wrong").status_code == 429
    assert log_in(client, PASSWORD).status_code == 429
    assert any(
        record.name.startswith("axes")
        and record.levelno == logging.WARNING
        and "Locking out" in record.getMessage()
        for record in caplog.records
    )


def test_admin_lockout_is_per_username_and_address(client, staff_user):
    UserFactory(username="other", is_staff=True)
    lock_out(client)
    assert log_in(client, PASSWORD, ip="198.51.100.7").status_code == 302
    other = client.post(
        reverse("admin:login"),
        {"username": "other", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )
    assert other.status_code == 302


def test_admin_login_works_again_after_the_cool_off(client, staff_user):
    lock_out(client)
    age_attempts(settings.AXES_COOLOFF_TIME)
    assert log_in(client, PASSWORD).status_code == 302


def test_admin_attempt_during_lockout_starts_the_cool_off_again(client, staff_user):
    lock_out(client)
    age_attempts(settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1))
    assert log_in(client, PASSWORD).status_code == 429
    # 16 minutes after the sixth failure, but only 2 after the last attempt.
    age_attempts(datetime.timedelta(minutes=2))
    assert log_in(client, PASSWORD).status_code == 429


def test_admin_login_success_resets_the_failure_count(client, staff_user):
    assert [log_in(client, "wrong").status_code for _ in range(4)] == [200] * 4
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    assert [log_in(client, "wrong").status_code for _ in range(4)] == [200] * 4


def test_admin_lockout_ignores_forged_forwarded_for(client, staff_user):
    statuses = [
        log_in(client, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code for n in range(6)
    ]
    assert statuses[-1] == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_admin_lockout_behind_trusted_proxy_locks_the_client_not_the_proxy(
    client, staff_user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    lock_out(client, ip=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}")
    assert AccessAttempt.objects.get().ip_address == ATTACKER
    assert log_in(client, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    assert (
        log_in(client, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302
    )


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.2"),
        (1, "192.0.2.1, 203.0.113.9", "203.0.113.9"),
        (2, "192.0.2.1, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_address_trusts_only_configured_proxies(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip_address(request) == expected


@pytest.mark.parametrize("value", ["-1", "one", "1.5", "²"])
def test_trusted_proxies_setting_refuses_anything_but_a_count(monkeypatch, value):
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", value)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_TRUSTED_PROXIES"):
        env_count("DJANGO_TRUSTED_PROXIES", default=0)


# Hostile content is shown as text


@pytest.fixture
def hostile():
    """A talk, a quote, a person, an event and an organisation named with markup."""
    event = EventFactory(name=HOSTILE, name_en=HOSTILE, summary_en=HOSTILE)
    person = PersonFactory(name=HOSTILE, name_en=HOSTILE)
    organisation = OrganisationFactory(name=HOSTILE, name_en=HOSTILE)
    AffiliationFactory(person=person, organisation=organisation, title_en=HOSTILE)
    talk = TalkFactory(
        event=event, session=SessionFactory(event=event), title=HOSTILE, title_en=HOSTILE
    )
    talk.speakers.add(person)
    quote = QuoteFactory(person=person, event=event, text=HOSTILE, text_en=HOSTILE)
    return {
        "event": event,
        "person": person,
        "organisation": organisation,
        "talk": talk,
        "quote": quote,
    }


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_hostile_text_is_escaped_on_public_pages(client, hostile, lang):
    urls = [
        f"/{lang}/",
        f"/{lang}/events/?when=past",
        f"/{lang}/events/{hostile['event'].slug}/",
        f"/{lang}/talks/{hostile['talk'].slug}/",
        f"/{lang}/people/",
        f"/{lang}/people/{hostile['person'].slug}/",
        f"/{lang}/organisations/",
        f"/{lang}/organisations/{hostile['organisation'].slug}/",
        with_query(f"/{lang}/search/", q=HOSTILE),
        with_query(f"/{lang}/search/", q="alert"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_text(response.content.decode())


@pytest.mark.parametrize("page", ["event", "person", "organisation"])
def test_hostile_text_stays_inside_json_ld(client, hostile, page):
    record = hostile[page]
    html = client.get(record.get_absolute_url()).content.decode()
    # json_ld() cuts each block at its first </script>, as a browser does: the block parses
    # whole, with the name intact, only if the name could not close the script element.
    assert json_ld(html)[0]["name"] == HOSTILE


def test_hostile_event_name_is_text_in_the_atom_feed(client, hostile):
    response = client.get("/en/events/feed/")
    assert b"<script>" not in response.content and b"<img" not in response.content
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") for entry in ET.fromstring(response.content)]
    assert HOSTILE in titles


def test_hostile_event_name_is_text_in_the_calendar(client, hostile):
    response = client.get(f"/en/events/{hostile['event'].slug}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == [HOSTILE]


@pytest.mark.parametrize("record", ["event", "person", "organisation", "talk", "quote"])
def test_hostile_text_is_escaped_in_the_admin(admin_client, hostile, record):
    obj = hostile[record]
    prefix = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
    for url in [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_change", args=[obj.pk])]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_text(response.content.decode())


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (OrganisationFactory, "website"),
        (PersonFactory, "website"),
        (EventFactory, "website"),
        (EventSeriesFactory, "website"),
        (SourceFactory, "url"),
    ],
)
def test_admin_refuses_javascript_address(admin_client, factory, field):
    record = factory()
    url = reverse(f"admin:summit_{record._meta.model_name}_change", args=[record.pk])
    response = admin_client.post(
        url, admin_form_data(admin_client.get(url), **{field: JAVASCRIPT_URL})
    )
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    record.refresh_from_db()
    assert getattr(record, field) == ""


def test_model_validation_refuses_javascript_address():
    organisation = OrganisationFactory.build(website=JAVASCRIPT_URL, slug="x")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "website" in error.value.message_dict


# Malformed requests never end in a server error


@pytest.mark.parametrize(
    "url",
    [
        "/en/no-such-page/",
        "/zh-hans/no-such-page/",
        "/xx/events/",
        "/en/events/no-such-event/",
        "/en/events/no-such-event/calendar.ics",
        "/en/series/no-such-series/",
        "/en/talks/no-such-talk/",
        "/en/people/no-such-person/",
        "/en/organisations/no-such-organisation/",
        "/en/parks/no-such-park/",
        "/en/topics/no-such-topic/",
        "/en/sources/no-such-source/",
        "/en/events/%00/",
        "/en/events/%FF/",
        "/en/people/" + "x" * 5000 + "/",
    ],
)
def test_unknown_address_is_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("number", ["abc", "999999", "-1", "0", "1.5"])
@pytest.mark.parametrize("page", LIST_PAGES)
def test_bad_page_number_is_404(client, pages, page, number):
    url = pages[page] + ("&" if "?" in pages[page] else "?") + f"page={number}"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("query", ["x" * 10_000, "a\x7fb", "<script>", "%", "'"])
@pytest.mark.parametrize("page", PAGES)
def test_odd_search_query_is_not_an_error(client, pages, page, query):
    assert client.get(with_query(pages[page], q=query)).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/en/organisations/?kind=nonsense",
        "/en/organisations/?country=%3Cx%3E",
        "/en/organisations/?country=%FF",
        "/en/organisations/?country=" + "x" * 10_000,
        "/en/organisations/?kind=company&kind=university&country=CN&country=US",
        "/en/events/?series=%3Cx%3E",
        "/en/search/?q=cell&kind=nonsense",
    ],
)
def test_malformed_filter_is_not_an_error(client, pages, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("page", PAGES)
def test_page_refuses_other_methods_with_405(client, pages, page, method):
    response = getattr(client, method)(pages[page])
    assert response.status_code == 405
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_machine_readable_files_refuse_other_methods_with_405(client, method):
    event = EventFactory()
    for url in (
        "/en/events/feed/",
        "/en/events/calendar.ics",
        f"/en/events/{event.slug}/calendar.ics",
        "/sitemap.xml",
        "/robots.txt",
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 405, url
