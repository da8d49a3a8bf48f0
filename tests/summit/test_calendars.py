"""The iCalendar files (summit.calendars): every event, one event with its talks, one talk, one
speaker's talks. They parse (icalendar, and vobject once), put talks at the right moment in the
event's time zone with the VTIMEZONE they name, keep UIDs stable across requests and languages,
show public records only, and take a fixed number of queries."""

import datetime
import zoneinfo
from pathlib import Path

import icalendar
import pytest
import vobject
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from schedules.writer import import_schedule
from summit import calendars, queries
from summit.models import Event, Track, Venue
from tests.factories import EventFactory, PersonFactory, RoomFactory, TalkFactory, VenueFactory

pytestmark = pytest.mark.django_db

BENCH = Path(settings.BASE_DIR).parent / "shared" / "bench"
HOSTILE_TITLE = "<script>alert(1)</script>, Shanghai; 2019\nBEGIN:VEVENT"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UTC = datetime.timezone.utc
# The event with its venue; its talks with their rooms and tracks; the talks' speakers.
EVENT_CALENDAR_QUERIES = 3
# The talk with its event, venue, room and track; its speakers.
TALK_CALENDAR_QUERIES = 2
# The person; their talks with events, venues, rooms and tracks; the talks' speakers.
PERSON_CALENDAR_QUERIES = 3


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def parse_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def get_calendar(client, name, language="en", **kwargs):
    return parse_calendar(client.get(url(name, language, **kwargs)))


def talks_in(calendar) -> list:
    """The timed entries: the talks (an event's entry is a whole day, a date)."""
    return [
        entry
        for entry in calendar.walk("VEVENT")
        if isinstance(entry.decoded("dtstart"), datetime.datetime)
    ]


def days_in(calendar) -> list:
    """The all-day entries: the events."""
    return [
        entry
        for entry in calendar.walk("VEVENT")
        if not isinstance(entry.decoded("dtstart"), datetime.datetime)
    ]


def shanghai(hour, minute=0, day=14):
    return datetime.datetime(2019, 11, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def event():
    venue = Venue.objects.create(
        name_zh_hans="张江科学城",
        name_en="Zhangjiang Science City",
        city_zh_hans="上海",
        city_en="Shanghai",
    )
    return EventFactory(
        name_zh_hans="细胞治疗峰会",
        name_en="Cell Therapy Summit",
        start_date=datetime.date(2019, 11, 14),
        end_date=datetime.date(2019, 11, 15),
        venue=venue,
    )


@pytest.fixture
def talk(event):
    """A talk at 09:40 Shanghai time (01:40 UTC), in a room, on a track, with a public and a
    draft speaker."""
    talk = TalkFactory(
        event=event,
        title_zh_hans="NK细胞与肿瘤免疫治疗",
        title_en="NK cells in tumour immunotherapy",
        abstract_en="Natural killer cells. " * 40,
        room=RoomFactory(venue=event.venue, name_zh_hans="一号厅", name_en="Hall 1"),
        track=Track.objects.create(event=event, name_zh_hans="临床", name_en="Clinical"),
        starts_at=shanghai(9, 40),
        ends_at=shanghai(10, 20),
    )
    talk.speakers.add(
        PersonFactory(name_zh_hans="田志刚", name_en="Tian Zhigang"),
        PersonFactory(name_en="Hidden Speaker", status="draft"),
    )
    return talk


def add_talks(event, count, speaker=None):
    room = RoomFactory(venue=event.venue) if event.venue else None
    track = Track.objects.create(event=event, name=f"分论坛{Track.objects.count()}")
    for number in range(count):
        talk = TalkFactory(
            event=event,
            room=room,
            track=track,
            starts_at=timezone.make_aware(
                datetime.datetime.combine(event.start_date, datetime.time(9, number)), event.zone
            ),
        )
        talk.speakers.add(speaker or PersonFactory(), PersonFactory(status="draft"))


# The event's calendar


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
    # No talk, no time of day: nothing needs a time zone.
    assert calendar.walk("VTIMEZONE") == []


def test_event_calendar_one_day_event_ends_the_next_day(client):
    event = EventFactory(start_date=datetime.date(2019, 11, 14), end_date=None)
    [entry] = get_calendar(client, "summit:event_calendar", slug=event.slug).walk("VEVENT")
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
    TalkFactory(event=event, starts_at=shanghai(9))
    calendar = get_calendar(client, "summit:event_calendar", slug=event.slug)
    # The talks of a cancelled event are cancelled with it.
    assert [str(entry["status"]) for entry in calendar.walk("VEVENT")] == [calendar_status] * 2


def test_event_calendar_uid_is_stable(client):
    event = EventFactory()
    first = get_calendar(client, "summit:event_calendar", "zh-hans", slug=event.slug)
    event.name_en = "Renamed"
    event.save()
    second = get_calendar(client, "summit:event_calendar", "en", slug=event.slug)
    assert first.walk("VEVENT")[0]["uid"] == second.walk("VEVENT")[0]["uid"]


def test_event_calendar_keeps_hostile_title_as_text(client):
    event = EventFactory(name_en=HOSTILE_TITLE, summary_en=HOSTILE_TITLE)
    TalkFactory(
        event=event, title_en=HOSTILE_TITLE, abstract_en=HOSTILE_TITLE, starts_at=shanghai(9)
    )
    response = client.get(url("summit:event_calendar", slug=event.slug))
    calendar = parse_calendar(response)
    [day] = days_in(calendar)
    [timed] = talks_in(calendar)
    assert str(day["summary"]) == HOSTILE_TITLE
    assert str(day["description"]) == HOSTILE_TITLE
    assert str(timed["summary"]) == HOSTILE_TITLE
    assert HOSTILE_TITLE in str(timed["description"])
    # The newlines cannot start components of their own.
    assert response.content.splitlines().count(b"BEGIN:VEVENT") == 2


def test_event_calendar_drops_control_characters_from_talks(client, talk):
    type(talk).objects.filter(pk=talk.pk).update(title_en="NK\x0bcells", abstract_en="a\x01b")
    response = client.get(url("summit:event_calendar", slug=talk.event.slug))
    [entry] = talks_in(parse_calendar(response))
    assert str(entry["summary"]) == "NK\ncells"
    assert str(entry["description"]).startswith("Speakers: Tian Zhigang\n\nab\n\n")


@pytest.mark.parametrize(
    "hidden",
    [{"status": "draft"}, {"publish_at": timezone.now() + datetime.timedelta(days=1)}],
    ids=["draft", "scheduled"],
)
def test_event_calendar_of_unpublished_event_is_404(client, hidden):
    event = EventFactory(**hidden)
    TalkFactory(event=event, starts_at=shanghai(9))
    assert client.get(url("summit:event_calendar", slug=event.slug)).status_code == 404


def test_event_calendar_of_unknown_event_is_404(client):
    assert client.get(url("summit:event_calendar", slug="no-such-event")).status_code == 404


def test_event_calendar_has_each_timed_talk_in_the_event_time_zone(client, talk):
    calendar = get_calendar(client, "summit:event_calendar", slug=talk.event.slug)
    [day] = days_in(calendar)
    assert str(day["uid"]) == f"event-{talk.event.pk}@testserver"
    [entry] = talks_in(calendar)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Asia/Shanghai"
    assert entry["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert entry["dtend"].params["TZID"] == "Asia/Shanghai"
    # 09:40 in Shanghai, which is 01:40 UTC.
    assert entry.decoded("dtstart").replace(tzinfo=None) == datetime.datetime(2019, 11, 14, 9, 40)
    assert entry.decoded("dtstart") == datetime.datetime(2019, 11, 14, 1, 40, tzinfo=UTC)
    assert entry.decoded("dtend") == datetime.datetime(2019, 11, 14, 2, 20, tzinfo=UTC)
    assert str(entry["summary"]) == "NK cells in tumour immunotherapy"
    assert str(entry["location"]) == "Hall 1, Zhangjiang Science City, Shanghai"
    assert entry.categories == ["Clinical"]
    talk_url = f"http://testserver/en/talks/{talk.slug}/"
    assert str(entry["url"]) == talk_url
    assert str(entry["status"]) == "CONFIRMED"
    assert entry.decoded("last-modified") == talk.updated_at.replace(microsecond=0)
    assert entry.decoded("dtstamp") == talk.updated_at.replace(microsecond=0)
    speakers, abstract, address = str(entry["description"]).split("\n\n")
    assert speakers == "Speakers: Tian Zhigang"  # the draft speaker is left out
    assert abstract.startswith("Natural killer cells.")
    assert len(abstract) == calendars.ABSTRACT_LENGTH  # shortened, the page has the rest
    assert abstract.endswith("…")
    assert address == talk_url
    assert (
        "Hidden Speaker"
        not in client.get(url("summit:event_calendar", slug=talk.event.slug)).content.decode()
    )


def test_event_calendar_file_is_plain_rfc5545(client, talk):
    content = client.get(url("summit:event_calendar", slug=talk.event.slug)).content
    lines = content.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR"
    assert lines[-2:] == [b"END:VCALENDAR", b""]
    assert all(len(line) <= 75 for line in lines)  # folded, as RFC 5545 requires
    # A VTIMEZONE comes before the entries that name it.
    assert content.index(b"BEGIN:VTIMEZONE") < content.index(b"DTSTART;TZID=Asia/Shanghai")
    assert f"UID:{talk.guid}@testserver".encode() in content


def test_event_calendar_speaks_the_language_of_the_url(client, talk):
    [entry] = talks_in(
        get_calendar(client, "summit:event_calendar", "zh-hans", slug=talk.event.slug)
    )
    assert str(entry["summary"]) == "NK细胞与肿瘤免疫治疗"
    assert str(entry["location"]) == "一号厅，张江科学城，上海"
    assert entry.categories == ["临床"]
    assert str(entry["url"]) == f"http://testserver/zh-hans/talks/{talk.slug}/"
    assert "田志刚" in str(entry["description"])


def test_talk_uid_is_stable_across_requests_and_languages(client, talk):
    def uids(language):
        calendar = get_calendar(client, "summit:event_calendar", language, slug=talk.event.slug)
        return [str(entry["uid"]) for entry in talks_in(calendar)]

    first = uids("en")
    talk.title_en = "Renamed"
    talk.save()
    assert uids("en") == first
    assert uids("zh-hans") == first
    assert first == [f"{talk.guid}@testserver"]
    # The talk's own calendar names it alike, so apps do not add it twice.
    [entry] = talks_in(get_calendar(client, "summit:talk_calendar", slug=talk.slug))
    assert [str(entry["uid"])] == first


def test_event_calendar_leaves_out_hidden_and_untimed_talks(client, talk):
    event = talk.event
    TalkFactory(event=event, title_en="Draft talk", status="draft", starts_at=shanghai(11))
    TalkFactory(
        event=event,
        title_en="Scheduled talk",
        publish_at=timezone.now() + datetime.timedelta(days=1),
        starts_at=shanghai(11),
    )
    TalkFactory(event=event, title_en="Untimed talk")
    TalkFactory(title_en="Another event's talk", starts_at=shanghai(11))
    calendar = get_calendar(client, "summit:event_calendar", slug=event.slug)
    assert [str(entry["summary"]) for entry in talks_in(calendar)] == [
        "NK cells in tumour immunotherapy"
    ]


def test_talk_without_an_end_has_a_start_only(client, event):
    TalkFactory(event=event, starts_at=shanghai(9))
    [entry] = talks_in(get_calendar(client, "summit:event_calendar", slug=event.slug))
    # RFC 5545: a DTSTART with neither DTEND nor DURATION is a moment; we invent no length.
    assert "DTEND" not in entry
    assert "DURATION" not in entry


def test_talk_without_room_or_venue_has_no_location(client):
    event = EventFactory()
    TalkFactory(event=event, starts_at=shanghai(9))
    [entry] = talks_in(get_calendar(client, "summit:event_calendar", slug=event.slug))
    assert "LOCATION" not in entry
    assert "CATEGORIES" not in entry
    assert str(entry["description"]) == f"http://testserver/en/talks/{event.talks.get().slug}/"


def test_event_in_another_zone_has_its_own_vtimezone(client):
    event = EventFactory(
        time_zone="Europe/Berlin",
        start_date=datetime.date(2024, 3, 30),
        end_date=datetime.date(2024, 3, 31),
    )
    # Either side of the change to summer time, in the night of the 30th.
    for hour in (datetime.datetime(2024, 3, 30, 9), datetime.datetime(2024, 3, 31, 9)):
        TalkFactory(event=event, starts_at=hour.replace(tzinfo=BERLIN))
    calendar = get_calendar(client, "summit:event_calendar", slug=event.slug)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Berlin"
    entries = talks_in(calendar)
    assert {entry["dtstart"].params["TZID"] for entry in entries} == {"Europe/Berlin"}
    assert [entry.decoded("dtstart").astimezone(UTC).hour for entry in entries] == [8, 7]
    # The zone described knows the change: read back through it, the times are 09:00 both days.
    assert [entry.decoded("dtstart").hour for entry in entries] == [9, 9]
    assert len(zone.daylight) == 1


def test_event_calendar_query_count_is_fixed(client, django_assert_num_queries, event):
    add_talks(event, 2)
    with django_assert_num_queries(EVENT_CALENDAR_QUERIES):
        calendar = get_calendar(client, "summit:event_calendar", slug=event.slug)
    assert len(talks_in(calendar)) == 2
    add_talks(event, 10)
    with django_assert_num_queries(EVENT_CALENDAR_QUERIES):
        calendar = get_calendar(client, "summit:event_calendar", slug=event.slug)
    assert len(talks_in(calendar)) == 12


@pytest.mark.parametrize("count", [2, 10])
def test_calendar_for_loads_what_is_missing_in_fixed_queries(
    django_assert_num_queries, event, count
):
    """The function the event, talk, speaker and "My programme" calendars share: it takes
    talks as `queries.talks` loads them, and loads the venues and tracks they lack in one
    query each, whatever their number, and nothing once they are loaded."""
    add_talks(event, count)
    request = RequestFactory().get("/")
    loaded = Event.objects.prefetch_related(queries.talks(Event))
    talks = list(loaded.get(pk=event.pk).talks.all())
    with django_assert_num_queries(2):
        response = calendars.calendar_for(request, "Mine", talks, "mine.ics")
    assert len(talks_in(icalendar.Calendar.from_ical(response.content))) == count
    with django_assert_num_queries(0):
        response = calendars.calendar_for(
            request, "Mine", talks, "mine.ics", events=[talks[0].event]
        )
    calendar = icalendar.Calendar.from_ical(response.content)
    assert len(talks_in(calendar)) == count
    assert len(days_in(calendar)) == 1
    assert str(calendar["x-wr-calname"]) == "Mine"
    assert 'filename="mine.ics"' in response["Content-Disposition"]


def test_event_calendar_imports_into_vobject_too(client, talk):
    """A second, independent parser reads the same file the same way."""
    content = client.get(url("summit:event_calendar", slug=talk.event.slug)).content.decode()
    calendar = vobject.readOne(content)
    entries = {entry.uid.value: entry for entry in calendar.vevent_list}
    assert set(entries) == {f"event-{talk.event.pk}@testserver", f"{talk.guid}@testserver"}
    entry = entries[f"{talk.guid}@testserver"]
    assert entry.dtstart.value == datetime.datetime(2019, 11, 14, 1, 40, tzinfo=UTC)
    assert entry.dtstart.value.utcoffset() == datetime.timedelta(hours=8)
    assert entry.dtend.value == datetime.datetime(2019, 11, 14, 2, 20, tzinfo=UTC)
    assert entry.location.value == "Hall 1, Zhangjiang Science City, Shanghai"
    assert entry.summary.value == "NK cells in tumour immunotherapy"
    assert calendar.vtimezone.tzid.value == "Asia/Shanghai"


def test_large_pretalx_schedule_makes_a_valid_event_calendar(client, django_assert_num_queries):
    report = import_schedule(BENCH / "pretalx-large-schedule.json")
    event = Event.objects.get(slug=report.event)
    with django_assert_num_queries(EVENT_CALENDAR_QUERIES):
        response = client.get(url("summit:event_calendar", slug=event.slug))
    entries = talks_in(parse_calendar(response))
    talks = event.talks.published().exclude(starts_at=None).values_list("guid", "starts_at")
    assert len(entries) == len(talks) == 500
    # Every talk once, at its time.
    assert {str(entry["uid"]): entry.decoded("dtstart") for entry in entries} == {
        f"{guid}@testserver": starts_at for guid, starts_at in talks
    }
    assert len(vobject.readOne(response.content.decode()).vevent_list) == 501


# A talk's calendar


def test_talk_calendar_has_the_timed_talk_only(client, talk):
    response = client.get(url("summit:talk_calendar", slug=talk.slug))
    calendar = parse_calendar(response)
    assert f'filename="{talk.slug}.ics"' in response["Content-Disposition"]
    assert str(calendar["x-wr-calname"]) == "NK cells in tumour immunotherapy"
    assert days_in(calendar) == []
    [entry] = talks_in(calendar)
    assert str(entry["uid"]) == f"{talk.guid}@testserver"
    assert entry.decoded("dtstart") == datetime.datetime(2019, 11, 14, 1, 40, tzinfo=UTC)
    assert str(entry["location"]) == "Hall 1, Zhangjiang Science City, Shanghai"
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == entry["dtstart"].params["TZID"] == "Asia/Shanghai"


def test_talk_calendar_without_a_time_gives_the_event_days(client, event):
    """A talk the sources report without a time was given on one of its event's days: the
    calendar has those days (the event's own entry), never a time we do not know."""
    talk = TalkFactory(event=event)
    calendar = get_calendar(client, "summit:talk_calendar", slug=talk.slug)
    assert talks_in(calendar) == []
    [entry] = days_in(calendar)
    assert str(entry["uid"]) == f"event-{event.pk}@testserver"
    assert str(entry["summary"]) == "Cell Therapy Summit"
    assert str(entry["location"]) == "Zhangjiang Science City, Shanghai"


def test_talk_calendar_query_count(client, django_assert_num_queries, talk):
    with django_assert_num_queries(TALK_CALENDAR_QUERIES):
        assert client.get(url("summit:talk_calendar", slug=talk.slug)).status_code == 200


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": "draft"},
        {"publish_at": timezone.now() + datetime.timedelta(days=1)},
        {"event__status": "draft"},
    ],
    ids=["draft", "scheduled", "draft-event"],
)
def test_talk_calendar_of_unpublished_talk_is_404(client, hidden):
    talk = TalkFactory(starts_at=shanghai(9), **hidden)
    assert client.get(url("summit:talk_calendar", slug=talk.slug)).status_code == 404


def test_talk_calendar_of_unknown_talk_is_404(client):
    assert client.get(url("summit:talk_calendar", slug="no-such-talk")).status_code == 404


# A speaker's calendar


def test_person_calendar_has_their_talks_across_events_and_zones(client, talk):
    person = talk.speakers.published().get()
    berlin = EventFactory(
        name_en="Berlin Summit", time_zone="Europe/Berlin", start_date=datetime.date(2024, 6, 5)
    )
    later = TalkFactory(
        event=berlin, starts_at=datetime.datetime(2024, 6, 5, 14, tzinfo=BERLIN), title_en="Later"
    )
    untimed = TalkFactory(event=EventFactory(name_en="Untimed Summit"), title_en="Untimed")
    hidden = TalkFactory(event=berlin, status="draft", title_en="Hidden", starts_at=later.starts_at)
    for each in (later, untimed, hidden):
        each.speakers.add(person)
    TalkFactory(event=berlin, starts_at=later.starts_at, title_en="Someone else's")

    response = client.get(url("summit:person_calendar", slug=person.slug))
    calendar = parse_calendar(response)
    assert f'filename="{person.slug}.ics"' in response["Content-Disposition"]
    assert str(calendar["x-wr-calname"]) == "Tian Zhigang"
    entries = {str(entry["summary"]): entry for entry in talks_in(calendar)}
    assert set(entries) == {"NK cells in tumour immunotherapy", "Later"}
    # The talk without a time stands as its event's days.
    assert [str(entry["summary"]) for entry in days_in(calendar)] == ["Untimed Summit"]
    zones = {str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")}
    assert zones == {"Asia/Shanghai", "Europe/Berlin"}
    assert entries["Later"]["dtstart"].params["TZID"] == "Europe/Berlin"
    assert entries["Later"].decoded("dtstart") == datetime.datetime(2024, 6, 5, 12, tzinfo=UTC)


def test_person_calendar_query_count_is_fixed(client, django_assert_num_queries, event):
    person = PersonFactory()
    add_talks(event, 2, speaker=person)
    add_talks(EventFactory(venue=VenueFactory()), 1, speaker=person)
    with django_assert_num_queries(PERSON_CALENDAR_QUERIES):
        calendar = get_calendar(client, "summit:person_calendar", slug=person.slug)
    assert len(talks_in(calendar)) == 3
    add_talks(EventFactory(venue=VenueFactory()), 10, speaker=person)
    TalkFactory(event=EventFactory()).speakers.add(person)  # untimed: its event's entry
    with django_assert_num_queries(PERSON_CALENDAR_QUERIES):
        calendar = get_calendar(client, "summit:person_calendar", slug=person.slug)
    assert len(talks_in(calendar)) == 13
    assert len(days_in(calendar)) == 1


@pytest.mark.parametrize("status", ["draft", "published"])
def test_person_calendar_without_public_talks_or_of_draft_person_is_404(client, status):
    person = PersonFactory(status=status)
    TalkFactory(starts_at=shanghai(9), status="draft").speakers.add(person)
    if status == "draft":
        TalkFactory(starts_at=shanghai(9)).speakers.add(person)
    assert client.get(url("summit:person_calendar", slug=person.slug)).status_code == 404


def test_person_calendar_of_unknown_person_is_404(client):
    assert client.get(url("summit:person_calendar", slug="no-such-person")).status_code == 404


def test_person_page_links_their_calendar_when_they_have_talks(client, talk):
    person = talk.speakers.published().get()
    calendar_url = url("summit:person_calendar", slug=person.slug)
    page = client.get(url("summit:person_detail", slug=person.slug)).content.decode()
    assert f'href="{calendar_url}"' in page
    nobody = PersonFactory()
    page = client.get(url("summit:person_detail", slug=nobody.slug)).content.decode()
    assert url("summit:person_calendar", slug=nobody.slug) not in page


# Every event


def test_all_events_calendar_lists_published_events_only(client):
    first = EventFactory(start_date=datetime.date(2019, 11, 14))
    second = EventFactory(start_date=datetime.date(2020, 11, 14))
    EventFactory(status="draft")
    EventFactory(publish_at=timezone.now() + datetime.timedelta(days=1))
    TalkFactory(event=first, starts_at=shanghai(9))  # events only: talks are in their own
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
