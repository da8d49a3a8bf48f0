"""The page cache: anonymous visitors get stored pages and 304s until the content changes;
staff, the admin and anything personal never come from it."""

import datetime
import re
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date

from summit.models import Event, Status
from tests.factories import EventFactory, PersonFactory, TalkFactory
from website import cache as page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_version():
    """Each test starts from a version made now, and leaves one made now: tests here move the
    clock, and a version made in their future must not reach the next test."""
    store = page_cache.version_store()
    store.write("")
    page_cache.shared_version(timezone.now())
    yield
    store.write("")
    page_cache.shared_version(timezone.now())


def later(**delta):
    """Pretend the clock reads now + `delta` (the visibility rule and the cache read it)."""
    return mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(**delta)
    )


def text(response) -> str:
    return response.content.decode()


# Served from the cache ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/zh-hans/",
        "/en/events/",
        "/en/events/summit/",
        "/en/events/summit/calendar.ics",
        "/en/events/summit/schedule.xml",
        "/en/events/feed/",
        "/en/people/",
        "/en/search/?q=summit",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_public_page_is_served_from_the_cache_without_a_query(
    client, django_assert_num_queries, url
):
    EventFactory(slug="summit", name_en="Cached summit")
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second.templates == []  # nothing rendered


def test_cached_page_keeps_the_headers_of_the_middleware_it_skips(client):
    EventFactory()
    first = client.get("/en/")
    second = client.get("/en/")
    for header in ("Content-Security-Policy", "Content-Language", "X-Frame-Options"):
        assert second[header] == first[header]
    assert second["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in second["Vary"]


def test_query_string_variants_are_cached_apart(client, django_assert_num_queries):
    EventFactory(name_en="Old summit")
    EventFactory(
        name_en="Coming summit", start_date=timezone.localdate() + datetime.timedelta(days=30)
    )
    past = text(client.get("/en/events/?when=past"))
    upcoming = text(client.get("/en/events/?when=upcoming"))
    assert "Old summit" in past and "Coming summit" not in past
    assert "Coming summit" in upcoming and "Old summit" not in upcoming
    with django_assert_num_queries(0):
        assert text(client.get("/en/events/?when=past")) == past
        assert text(client.get("/en/events/?when=upcoming")) == upcoming


def test_each_language_is_its_own_page(client):
    EventFactory(name="中文峰会", name_en="English summit")
    assert "English summit" in text(client.get("/en/events/"))
    assert "中文峰会" in text(client.get("/zh-hans/events/"))
    assert "English summit" in text(client.get("/en/events/"))


def test_head_is_answered_from_the_cache(client, django_assert_num_queries):
    EventFactory()
    client.get("/en/events/")
    with django_assert_num_queries(0):
        response = client.head("/en/events/")
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]
    assert response["Cache-Control"] == "public, max-age=60"


def test_head_of_a_page_not_cached_yet_has_its_headers(client):
    EventFactory()
    response = client.head("/en/events/")
    assert response.status_code == 200
    assert response["ETag"] == client.get("/en/events/")["ETag"]


def test_language_neutral_address_redirects_by_the_visitors_language_every_time(client):
    english = client.get("/", headers={"accept-language": "en"})
    chinese = client.get("/", headers={"accept-language": "zh-hans"})
    assert english.status_code == chinese.status_code == 302
    assert english["Location"] == "/en/"
    assert chinese["Location"] == "/zh-hans/"
    assert "ETag" not in english
    assert client.get("/", headers={"accept-language": "en"})["Location"] == "/en/"


def test_not_found_is_not_cached(client):
    # Any address can be asked for: storing each would let anyone fill the cache.
    assert client.get("/en/events/coming-soon/").status_code == 404
    response = client.get("/en/events/coming-soon/")
    assert response.status_code == 404
    assert response.templates  # rendered again
    assert "ETag" not in response
    assert "public" not in response.get("Cache-Control", "")


# Never from the cache -----------------------------------------------------------------------


def test_staff_are_never_served_from_the_cache(editor_client):
    EventFactory(slug="summit")
    Client().get("/en/events/summit/")  # cached for anonymous visitors
    response = editor_client.get("/en/events/summit/")
    assert response.status_code == 200
    assert response.templates  # rendered for them
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


def test_staff_preview_never_reaches_the_public(editor_client):
    EventFactory(slug="draft-summit", status=Status.DRAFT, name_en="Secret summit")
    preview = editor_client.get("/en/events/draft-summit/")
    assert preview.status_code == 200
    assert "Secret summit" in text(preview)
    assert preview["Cache-Control"] == "private, no-store"
    assert Client().get("/en/events/draft-summit/").status_code == 404


def test_feed_for_staff_is_private_too(editor_client):
    EventFactory()
    response = editor_client.get("/en/events/feed/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_admin_is_never_cached(client, admin_client):
    login = client.get("/en/admin/login/")
    assert login.status_code == 200
    assert "public" not in login.get("Cache-Control", "")
    assert "ETag" not in login
    assert client.get("/en/admin/login/").templates  # rendered again: it was not stored
    index = admin_client.get("/en/admin/")
    assert "no-store" in index["Cache-Control"]
    assert "ETag" not in index


def test_only_the_site_pages_are_public():
    assert page_cache.is_public_path("/en/")
    assert page_cache.is_public_path("/zh-hans/events/summit/")
    assert page_cache.is_public_path("/en/parks/")
    assert page_cache.is_public_path("/en/events/summit/schedule.json")
    assert page_cache.is_public_path("/sitemap.xml")
    assert not page_cache.is_public_path("/en/admin/")
    assert not page_cache.is_public_path("/en/admin/login/")
    assert not page_cache.is_public_path("/en/admin/summit/event/1/import-schedule/")
    assert not page_cache.is_public_path("/i18n/setlang/")
    assert not page_cache.is_public_path("/favicon.ico")
    assert not page_cache.is_public_path("/")
    assert not page_cache.is_public_path("/static/css/site.css")


def anonymous_get(path: str):
    request = RequestFactory().get(path)
    request.META.pop("CSRF_COOKIE_NEEDS_UPDATE", None)
    return request


def test_response_setting_a_cookie_is_not_stored():
    response = HttpResponse("hello")
    response.set_cookie("language", "en")
    assert not page_cache.storable(anonymous_get("/en/"), response)


def test_response_with_a_form_token_is_not_stored():
    request = anonymous_get("/en/")
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not page_cache.storable(request, HttpResponse("<form>"))


@pytest.mark.parametrize(
    ("header", "value"),
    [("Cache-Control", "private"), ("Cache-Control", "no-store"), ("Vary", "Accept, Cookie")],
)
def test_response_saying_it_is_personal_is_not_stored(header, value):
    response = HttpResponse("hello")
    response[header] = value
    assert not page_cache.storable(anonymous_get("/en/"), response)


def test_plain_page_is_stored():
    response = HttpResponse("hello")
    response["Vary"] = "Cookie, Accept-Language"
    assert page_cache.storable(anonymous_get("/en/"), response)


def test_visitor_with_a_session_cookie_is_not_served_from_the_cache(
    client, django_assert_num_queries
):
    EventFactory()
    client.get("/en/events/")
    client.cookies["sessionid"] = "no-such-session"
    response = client.get("/en/events/")
    assert response.status_code == 200
    assert response.templates  # rendered afresh: the cookie might have been staff's


# Changes reach the public at once ------------------------------------------------------------


def test_saving_a_record_changes_the_page(client):
    event = EventFactory(slug="summit", name_en="First name")
    etag = client.get("/en/events/summit/")["ETag"]
    event.name_en = "Second name"
    event.save()
    response = client.get("/en/events/summit/")
    assert "Second name" in text(response)
    assert response["ETag"] != etag


def test_deleting_a_record_changes_the_page(client):
    EventFactory(name_en="Staying summit")
    leaving = EventFactory(name_en="Leaving summit")
    assert "Leaving summit" in text(client.get("/en/events/"))
    leaving.delete()
    page = text(client.get("/en/events/"))
    assert "Leaving summit" not in page
    assert "Staying summit" in page


def test_adding_a_speaker_changes_the_talk_page(client):
    talk = TalkFactory(slug="a-talk")
    assert "Newly added speaker" not in text(client.get("/en/talks/a-talk/"))
    talk.speakers.add(PersonFactory(name_en="Newly added speaker"))
    assert "Newly added speaker" in text(client.get("/en/talks/a-talk/"))


def test_publish_action_in_the_admin_changes_the_page(editor_client):
    client = Client()
    drafts = [
        EventFactory(status=Status.DRAFT, name_en="Draft one"),
        EventFactory(status=Status.DRAFT, name_en="Draft two"),
    ]
    assert "Draft one" not in text(client.get("/en/events/"))
    with translation.override("en"):
        changelist = reverse("admin:summit_event_changelist")
    response = editor_client.post(
        changelist, {"action": "publish", "_selected_action": [event.pk for event in drafts]}
    )
    assert response.status_code == 302
    page = text(client.get("/en/events/"))
    assert "Draft one" in page and "Draft two" in page


def test_import_reaches_the_page(client):
    assert "首届张江细胞治疗国际峰会" not in text(client.get("/zh-hans/"))
    call_command("import_seeds", stdout=StringIO())
    assert "首届张江细胞治疗国际峰会" in text(client.get("/zh-hans/"))


def test_queryset_update_reaches_the_page_through_content_changed(client):
    EventFactory(slug="summit", name_en="Before")
    client.get("/en/events/summit/")
    Event.objects.filter(slug="summit").update(name_en="After")
    page_cache.content_changed()
    assert "After" in text(client.get("/en/events/summit/"))


# Scheduled records ---------------------------------------------------------------------------


def test_scheduled_record_appears_at_its_publish_time(client, django_assert_num_queries):
    EventFactory(name_en="Public summit")
    EventFactory(
        name_en="Scheduled summit", publish_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert "Scheduled summit" not in text(client.get("/en/events/"))
    with later(minutes=4, seconds=59), django_assert_num_queries(0):
        assert "Scheduled summit" not in text(client.get("/en/events/"))
    with later(minutes=5, seconds=1):
        assert "Scheduled summit" in text(client.get("/en/events/"))


def test_browsers_keep_a_page_no_longer_than_until_the_next_publish_time(client):
    EventFactory(publish_at=timezone.now() + datetime.timedelta(seconds=30))
    max_age = int(re.search(r"max-age=(\d+)", client.get("/en/events/")["Cache-Control"])[1])
    assert max_age <= 30


def test_version_made_at_commit_expires_at_the_next_publish_time(
    django_capture_on_commit_callbacks,
):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(publish_at=soon)
    shared = page_cache.shared_version(timezone.now())
    assert shared.scheduled == soon
    assert shared.expires == soon
    with later(minutes=5):
        assert page_cache.shared_version(timezone.now()).token != shared.token


def test_version_expires_by_midnight_when_nothing_is_scheduled():
    now = timezone.now()
    version = page_cache.ContentVersion.make(now, None)
    assert version.expires <= now + datetime.timedelta(seconds=600)
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    assert version.expires <= midnight + datetime.timedelta(days=1)


def test_expired_version_without_a_due_record_is_renewed_without_a_query(django_assert_num_queries):
    now = timezone.now()
    store = page_cache.version_store()
    store.write(str(page_cache.ContentVersion.make(now - datetime.timedelta(hours=1), None)))
    with django_assert_num_queries(0):
        renewed = page_cache.shared_version(now)
    assert renewed.made == now
    assert page_cache.ContentVersion.parse(store.read()) == renewed


def test_next_publish_time_looks_at_every_publishable_model():
    event = EventFactory()
    now = timezone.now()
    assert page_cache.next_publish_time(now) is None
    talk_time = now + datetime.timedelta(hours=3)
    TalkFactory(event=event, publish_at=talk_time)
    EventFactory(publish_at=now + datetime.timedelta(hours=5))
    # A draft is not published at its publish time: publishing it is a change of its own.
    PersonFactory(publish_at=now + datetime.timedelta(hours=1), status=Status.DRAFT)
    assert page_cache.next_publish_time(now) == talk_time


# Conditional requests -------------------------------------------------------------------------


def test_if_none_match_gets_304_without_a_query_or_rendering(client, django_assert_num_queries):
    EventFactory(slug="summit")
    etag = client.get("/en/events/summit/")["ETag"]
    assert etag.startswith('W/"')
    page_cache.cache.clear()  # not even the stored page is needed
    with django_assert_num_queries(0):
        response = client.get("/en/events/summit/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.templates == []
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=60"


def test_if_none_match_of_an_older_version_gets_the_page(client):
    event = EventFactory(slug="summit", name_en="Old")
    etag = client.get("/en/events/summit/")["ETag"]
    event.name_en = "New"
    event.save()
    response = client.get("/en/events/summit/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "New" in text(response)


def test_if_none_match_star_is_left_to_the_page(client):
    response = client.get("/en/events/no-such-event/", headers={"if-none-match": "*"})
    assert response.status_code == 404


def test_if_modified_since_gets_304_once_the_version_is_a_second_old(
    client, django_assert_num_queries
):
    EventFactory(slug="summit")
    fresh = client.get("/en/events/summit/")
    # Made this second: a version made later in the same second would share the date.
    assert "Last-Modified" not in fresh
    with later(seconds=2):
        response = client.get("/en/events/summit/")
        modified = response["Last-Modified"]
        assert modified == http_date(int(page_cache.current_version().made.timestamp()))
        with django_assert_num_queries(0):
            response = client.get("/en/events/summit/", headers={"if-modified-since": modified})
        assert response.status_code == 304
        earlier = http_date(int(timezone.now().timestamp()) - 3600)
        assert (
            client.get("/en/events/summit/", headers={"if-modified-since": earlier}).status_code
            == 200
        )


def test_feed_calendar_and_export_answer_conditional_requests(client):
    EventFactory(slug="summit")
    for url in (
        "/en/events/feed/",
        "/en/events/summit/calendar.ics",
        "/en/events/summit/schedule.json",
    ):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_staff_conditional_request_is_answered_in_full(editor_client):
    EventFactory(slug="summit")
    etag = page_cache.etag(page_cache.current_version())
    response = editor_client.get("/en/events/summit/", headers={"if-none-match": etag})
    assert response.status_code == 200


def test_a_new_release_gets_new_pages_and_etags(client):
    EventFactory(slug="summit")
    etag = client.get("/en/events/summit/")["ETag"]
    with mock.patch.object(page_cache, "release", return_value="next-release"):
        response = client.get("/en/events/summit/", headers={"if-none-match": etag})
        assert response.status_code == 200
        assert response.templates  # rendered by the new code, not taken from the cache
        assert "next-release" in response["ETag"]


def test_release_digest_follows_templates_code_and_translations(tmp_path):
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("<p>one</p>")
    (tmp_path / "notes.md").write_text("not part of a page")
    roots = [tmp_path / "templates", tmp_path / "notes.md", tmp_path / "missing.json"]
    before = page_cache.digest_of(roots)
    assert page_cache.digest_of(roots) == before
    (tmp_path / "notes.md").write_text("still not part of a page")
    assert page_cache.digest_of(roots) == before
    template.write_text("<p>two</p>")
    assert page_cache.digest_of(roots) != before


def test_nothing_is_cached_while_debugging(client, settings):
    settings.DEBUG = True
    EventFactory()
    client.get("/en/events/")
    response = client.get("/en/events/")
    assert response.templates  # a template being edited shows at once
    assert "ETag" not in response


# Transactions and processes --------------------------------------------------------------------


def test_change_is_shared_with_other_processes_when_committed(django_capture_on_commit_callbacks):
    store = page_cache.version_store()
    before = store.read()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        EventFactory()
        EventFactory()
    # Other processes cannot see the records yet: they keep the version they have.
    assert store.read() == before
    assert len(callbacks) == 1  # one new version per transaction, however many records
    callbacks[0]()
    assert store.read() != before


def test_this_connection_sees_its_own_uncommitted_change(client):
    event = EventFactory(slug="summit", name_en="Committed name")
    client.get("/en/events/summit/")
    shared = page_cache.version_store().read()
    event.name_en = "Uncommitted name"
    event.save()
    assert page_cache.version_store().read() == shared
    assert "Uncommitted name" in text(client.get("/en/events/summit/"))


def test_rolled_back_change_leaves_the_page_as_it_was(client):
    event = EventFactory(slug="summit", name_en="Kept name")
    assert "Kept name" in text(client.get("/en/events/summit/"))

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        event.name_en = "Undone name"
        event.save()
        assert "Undone name" in text(client.get("/en/events/summit/"))
        raise Undo

    page = text(client.get("/en/events/summit/"))
    assert "Kept name" in page
    assert "Undone name" not in page


def test_file_store_is_read_by_every_process(tmp_path):
    path = tmp_path / "site.sqlite3-content-version"
    writer, reader = page_cache.FileVersionStore(path), page_cache.FileVersionStore(path)
    assert reader.read() is None
    version = page_cache.ContentVersion.make(timezone.now(), None)
    writer.write(str(version))
    assert page_cache.ContentVersion.parse(reader.read()) == version
    assert [entry.name for entry in tmp_path.iterdir()] == [path.name]  # no partial file left


def test_sqlite_database_file_keeps_its_version_beside_it(tmp_path):
    database = mock.Mock(vendor="sqlite", settings_dict={"NAME": str(tmp_path / "site.sqlite3")})
    database.is_in_memory_db.return_value = False
    store = page_cache._store_for(page_cache.caches["default"], database)
    assert store.path == tmp_path / "site.sqlite3-content-version"


def test_shared_cache_keeps_the_version_itself():
    from django.core.cache.backends.redis import RedisCache

    store = page_cache._store_for(RedisCache("redis://127.0.0.1:6379/9", {}), mock.Mock())
    assert isinstance(store, page_cache.CacheVersionStore)


# Static files -----------------------------------------------------------------------------------


def test_static_file_skips_the_page_middleware_but_keeps_the_security_headers(client):
    EventFactory()
    static = client.get("/static/favicon.svg")
    assert static.status_code == 200
    assert "Content-Security-Policy" not in static
    assert static["X-Content-Type-Options"] == "nosniff"
    assert b"<svg" in b"".join(static.streaming_content)  # read to the end, which closes it
    page = client.get("/en/")
    assert "Content-Security-Policy" in page
    assert page["X-Content-Type-Options"] == "nosniff"
