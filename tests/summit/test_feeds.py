import datetime

import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from summit.models import Event, Venue
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "<script>alert(1)</script>, Shanghai; 2019\nBEGIN:VEVENT"


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def parse_feed(client, language="en"):
    response = client.get(url("summit:event_feed", language))
    assert response.status_code == 200
    return feedparser.parse(response.content)


def parse_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_event_feed_is_valid_atom_with_complete_entries(client):
    EventFactory(name_en="Cell Therapy Summit", summary_en="Experts from 16 countries.")
    feed = parse_feed(client)
    assert not feed.bozo
    assert feed.version == "atom10"
    [entry] = feed.entries
    assert entry.title == "Cell Therapy Summit"
    assert entry.summary == "<p>Experts from 16 countries.</p>"
    assert entry.id.startswith("tag:testserver,")
    assert entry.updated_parsed
    assert entry.author
    assert entry.link.startswith("http://testserver/en/events/")


def test_event_feed_titles_follow_the_language_of_the_url(client):
    EventFactory(name_zh_hans="细胞治疗峰会", name_en="Cell Therapy Summit")
    assert parse_feed(client, "zh-hans").entries[0].title == "细胞治疗峰会"
    assert parse_feed(client, "en").entries[0].title == "Cell Therapy Summit"


def test_event_feed_entry_id_is_the_same_in_both_languages(client):
    EventFactory()
    assert parse_feed(client, "zh-hans").entries[0].id == parse_feed(client, "en").entries[0].id


def test_event_feed_leaves_out_unpublished_events(client):
    EventFactory(name_en="Published")
    EventFactory(name_en="Draft", status="draft")
    EventFactory(name_en="Scheduled", publish_at=timezone.now() + datetime.timedelta(days=1))
    assert [entry.title for entry in parse_feed(client).entries] == ["Published"]


def test_event_feed_lists_newest_events_first(client):
    EventFactory(name_en="2019", start_date=datetime.date(2019, 11, 14))
    EventFactory(name_en="2021", start_date=datetime.date(2021, 11, 14))
    assert [entry.title for entry in parse_feed(client).entries] == ["2021", "2019"]


def test_event_feed_keeps_hostile_title_as_text(client):
    EventFactory(name_en=HOSTILE_TITLE, summary_en="<b>bold</b>")
    feed = parse_feed(client)
    assert not feed.bozo
    assert feed.entries[0].title == HOSTILE_TITLE
    assert "&lt;b&gt;bold&lt;/b&gt;" in feed.entries[0].summary


def test_event_calendar_has_one_complete_all_day_event(client):
    venue = Venue.objects.create(
        name_zh_hans="张江科学城",
        name_en="Zhangjiang Science City",
        city_zh_hans="上海",
        city_en="Shanghai",
    )
    event = EventFactory(
        name_en="Cell Therapy Summit",
        summary_en="Experts from 16 countries.",
        start_date=datetime.date(2019, 11, 14),
        end_date=datetime.date(2019, 11, 15),
        venue=venue,
    )
    response = client.get(url("summit:event_calendar", slug=event.slug))
    calendar = parse_calendar(response)
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
    assert str(calendar["version"]) == "2.0"
    assert calendar["prodid"]
    assert str(calendar["calscale"]) == "GREGORIAN"
    [entry] = calendar.walk("VEVENT")
    assert str(entry["uid"]) == f"event-{event.pk}@testserver"
    assert entry.decoded("dtstamp") == event.updated_at.replace(microsecond=0)
    assert entry.decoded("dtstart") == datetime.date(2019, 11, 14)
    # DTEND is exclusive: the summit's last day is the 15th.
    assert entry.decoded("dtend") == datetime.date(2019, 11, 16)
    assert str(entry["summary"]) == "Cell Therapy Summit"
    assert str(entry["description"]) == "Experts from 16 countries."
    assert str(entry["location"]) == "Zhangjiang Science City, Shanghai"
    assert str(entry["url"]) == f"http://testserver/en/events/{event.slug}/"
    assert str(entry["status"]) == "CONFIRMED"


def test_event_calendar_one_day_event_ends_the_next_day(client):
    event = EventFactory(start_date=datetime.date(2019, 11, 14), end_date=None)
    [entry] = parse_calendar(client.get(url("summit:event_calendar", slug=event.slug))).walk(
        "VEVENT"
    )
    assert entry.decoded("dtend") == datetime.date(2019, 11, 15)


@pytest.mark.parametrize(
    ("event_status", "calendar_status"),
    [
        (Event.EventStatus.SCHEDULED, "CONFIRMED"),
        (Event.EventStatus.POSTPONED, "TENTATIVE"),
        (Event.EventStatus.CANCELLED, "CANCELLED"),
    ],
)
def test_event_calendar_status_follows_event_status(client, event_status, calendar_status):
    event = EventFactory(event_status=event_status)
    [entry] = parse_calendar(client.get(url("summit:event_calendar", slug=event.slug))).walk(
        "VEVENT"
    )
    assert str(entry["status"]) == calendar_status


def test_event_calendar_uid_is_stable(client):
    event = EventFactory()
    first = parse_calendar(client.get(url("summit:event_calendar", "zh-hans", slug=event.slug)))
    event.name_en = "Renamed"
    event.save()
    second = parse_calendar(client.get(url("summit:event_calendar", "en", slug=event.slug)))
    assert first.walk("VEVENT")[0]["uid"] == second.walk("VEVENT")[0]["uid"]


def test_event_calendar_keeps_hostile_title_as_text(client):
    event = EventFactory(name_en=HOSTILE_TITLE, summary_en=HOSTILE_TITLE)
    response = client.get(url("summit:event_calendar", slug=event.slug))
    calendar = parse_calendar(response)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["summary"]) == HOSTILE_TITLE
    assert str(entry["description"]) == HOSTILE_TITLE
    # The newline cannot start a component of its own.
    assert response.content.splitlines().count(b"BEGIN:VEVENT") == 1


@pytest.mark.parametrize(
    "hidden",
    [{"status": "draft"}, {"publish_at": timezone.now() + datetime.timedelta(days=1)}],
    ids=["draft", "scheduled"],
)
def test_event_calendar_of_unpublished_event_is_404(client, hidden):
    event = EventFactory(**hidden)
    assert client.get(url("summit:event_calendar", slug=event.slug)).status_code == 404


def test_event_calendar_of_unknown_event_is_404(client):
    assert client.get(url("summit:event_calendar", slug="no-such-event")).status_code == 404


def test_all_events_calendar_lists_published_events_only(client):
    first = EventFactory(start_date=datetime.date(2019, 11, 14))
    second = EventFactory(start_date=datetime.date(2020, 11, 14))
    EventFactory(status="draft")
    EventFactory(publish_at=timezone.now() + datetime.timedelta(days=1))
    response = client.get(url("summit:event_calendar_all"))
    calendar = parse_calendar(response)
    assert 'filename="events.ics"' in response["Content-Disposition"]
    entries = calendar.walk("VEVENT")
    assert [str(entry["uid"]) for entry in entries] == [
        f"event-{first.pk}@testserver",
        f"event-{second.pk}@testserver",
    ]
    for entry in entries:
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(entry)
