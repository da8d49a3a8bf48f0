"""A NUL anywhere in a request is a 400; control characters never reach the content or break
the feed."""

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from summit.models import Citation, Event, Room, Talk, Venue
from summit.text import without_control_characters
from tests.admin_forms import admin_form_data
from tests.factories import EventFactory, SourceFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/en/search/?q=CAR%00T",
        "/zh-hans/events/?series=%00",
        "/en/organisations/?country=%00",
        "/en/events/?page=%00",
        "/en/people/?%00=1",
        "/sitemap.xml?x=%00",
    ],
)
def test_nul_in_query_string_is_a_bad_request(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/en/admin/summit/event/?status=%00",
        "/en/admin/summit/event/?q=%00",
        "/en/admin/autocomplete/?app_label=summit&model_name=event&field_name=series&term=%00",
    ],
)
def test_nul_in_admin_query_string_is_a_bad_request(admin_client, url):
    assert admin_client.get(url).status_code == 400


def test_nul_in_admin_form_field_is_a_bad_request_and_changes_nothing(admin_client):
    event = EventFactory(name="峰会")
    url = reverse("admin:summit_event_change", args=[event.pk])
    data = admin_form_data(admin_client.get(url), name_zh_hans="峰\x00会")
    assert admin_client.post(url, data).status_code == 400
    event.refresh_from_db()
    assert event.name == "峰会"


def test_vertical_tab_in_admin_is_refused_with_a_clear_message(admin_client):
    event = EventFactory(name="峰会")
    url = reverse("admin:summit_event_change", args=[event.pk])
    response = admin_client.post(
        url, admin_form_data(admin_client.get(url), summary_zh_hans="第一行\x0b第二行")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "U+000B" in str(errors["summary_zh_hans"])
    event.refresh_from_db()
    assert event.summary == ""


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (EventFactory, "name_en"),
        (TalkFactory, "abstract"),
        (lambda: Room.objects.create(venue=Venue.objects.create(name="会场"), name="A"), "name"),
        (lambda: Citation(source=SourceFactory(), evidence="x"), "evidence"),
    ],
)
def test_model_validation_refuses_control_characters(make, field):
    record = make()
    setattr(record, field, "a\x07b")
    with pytest.raises(ValidationError) as error:
        record.full_clean(exclude=["content_type", "object_id"])
    assert "U+0007" in str(error.value.message_dict[field])


def test_model_validation_accepts_tab_and_line_breaks():
    talk = TalkFactory(abstract="一\t二\r\n三\n")
    talk.full_clean()


def test_feed_survives_control_characters_written_around_validation(client):
    # Written through the ORM (a shell, an old row): validation never ran.
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(
        name_zh_hans="峰\x0b会", name_en="峰\x0b会", summary_zh_hans="摘\x01要\x1f"
    )
    for language in ("zh-hans", "en"):
        response = client.get(f"/{language}/events/feed/")
        assert response.status_code == 200
        entry = feedparser.parse(response.content).entries[0]
        assert entry.title == "峰\n会"
        assert "摘要" in entry.summary


def test_calendars_survive_control_characters(client):
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(name_zh_hans="峰\x0b会", summary_zh_hans="摘\x01要")
    for url in ("/en/events/calendar.ics", f"/en/events/{event.slug}/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 200
        assert b"\x01" not in response.content
        assert b"\x0b" not in response.content


def test_sitemap_survives_control_characters(client):
    talk = TalkFactory()
    Talk.objects.filter(pk=talk.pk).update(title_zh_hans="报\x08告", title_en="报\x08告")
    assert client.get("/sitemap.xml").status_code == 200


def test_without_control_characters_keeps_line_breaks_and_tabs():
    assert without_control_characters("a\x0bb\x0cc\x00d\te\r\nf") == "a\nb\nc" + "d\te\r\nf"
