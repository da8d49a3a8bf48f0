"""The frab exports (schedules.export): valid against both community schemas, public talks
only, in the language of the URL, stable identities, fixed queries, and a round trip."""

import datetime
import json
import re
import uuid
import zoneinfo
from functools import partial
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from lxml import etree

from schedules import export
from schedules.frab import parse_schedule
from schedules.writer import import_schedule
from summit.models import Event, Status, TalkLink, Track
from tests.factories import EventFactory, PersonFactory, RoomFactory, TalkFactory, VenueFactory

pytestmark = pytest.mark.django_db

BENCH = Path(settings.BASE_DIR).parent / "shared" / "bench"
SCHEMAS = BENCH / "frab-schema"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# The queries of an export, whatever its size: the event, its scheduled talks, their rooms,
# which people give which talk, those people, the talks' links, the event's tracks.
EXPORT_QUERIES = 7


@pytest.fixture(scope="module")
def xml_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))


def formats() -> jsonschema.FormatChecker:
    """The formats the schema names, checked without jsonschema's optional format packages."""
    checker = jsonschema.FormatChecker()

    @checker.checks("date", raises=ValueError)
    def is_date(value):
        return not isinstance(value, str) or bool(datetime.date.fromisoformat(value))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        # RFC 3339: a date, a time and an offset (or Z).
        return not isinstance(value, str) or (
            "T" in value and datetime.datetime.fromisoformat(value).tzinfo is not None
        )

    @checker.checks("uuid", raises=ValueError)
    def is_uuid(value):
        return not isinstance(value, str) or str(uuid.UUID(value)) == value.lower()

    @checker.checks("uri")
    def is_uri(value):
        return not isinstance(value, str) or bool(re.fullmatch(r"https?://[^\s]+", value))

    @checker.checks("color")
    def is_color(value):
        return not isinstance(value, str) or bool(re.fullmatch("#[0-9a-f]{6}", value))

    return checker


@pytest.fixture(scope="module")
def json_schema():
    schema = json.loads((SCHEMAS / "schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft6Validator(schema, format_checker=formats())


def xml_errors(xml_schema, content: bytes) -> list[str]:
    xml_schema.validate(etree.fromstring(content))
    return [f"{error.line}: {error.message}" for error in xml_schema.error_log]


def json_errors(json_schema, document) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in json_schema.iter_errors(document)
    ]


def url(name, slug, language="en"):
    with translation.override(language):
        return reverse(name, kwargs={"slug": slug})


def get_xml(client, event, language="en") -> bytes:
    response = client.get(url("schedules:event_schedule_xml", event.slug, language))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return response.content


def get_json(client, event, language="en") -> dict:
    response = client.get(url("schedules:event_schedule_json", event.slug, language))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def at(day: int, hour: int, minute: int = 0, zone=SHANGHAI) -> datetime.datetime:
    return datetime.datetime(2019, 11, 13 + day, hour, minute, tzinfo=zone)


# Factories write `name=` into the active language's column: build in Chinese, as the site's
# default, whichever language the last request left active.
@translation.override("zh-hans")
def make_event(**kwargs) -> Event:
    """A two-day event at a venue with two rooms, one with a Chinese-only name."""
    venue = VenueFactory()
    event = EventFactory(venue=venue, **{"end_date": datetime.date(2019, 11, 15), **kwargs})
    RoomFactory(venue=venue, name="一号厅", name_en="Hall One")
    RoomFactory(venue=venue, name="多功能厅", name_en="")
    return event


@translation.override("zh-hans")
def add_talks(event: Event, count: int) -> None:
    """`count` scheduled talks over the event's two days and rooms, with Chinese-only titles and
    speakers, tracks, links, and each kind of record the export must leave out."""
    first, second = event.venue.rooms.order_by("pk")
    clinical, _created = Track.objects.get_or_create(
        event=event, name_zh_hans="临床", defaults={"name_en": "Clinical", "color": "#1F77B4"}
    )
    industry, _created = Track.objects.get_or_create(event=event, name_zh_hans="产业")
    base = event.talks.count()
    for number in range(base, base + count):
        talk = TalkFactory(
            event=event,
            title=f"细胞治疗报告{number}",
            title_en="",
            abstract="摘要。",
            room=first if number % 2 else second,
            track=clinical if number % 3 else industry,
            starts_at=at(1 + number % 2, 9) + datetime.timedelta(minutes=30 * number),
            ends_at=at(1 + number % 2, 9) + datetime.timedelta(minutes=30 * number + 25),
            language="zh",
            talk_type="报告",
        )
        talk.speakers.add(PersonFactory(name=f"王{number}", name_en=""), PersonFactory())
        talk.speakers.add(PersonFactory(status=Status.DRAFT, name=f"草稿{number}"))
        TalkLink.objects.create(
            talk=talk, url=f"https://example.org/slides/{number}", title="幻灯片"
        )
    hidden = {"starts_at": at(1, 9), "ends_at": at(1, 10), "room": first}
    TalkFactory(event=event, title="草稿报告", status=Status.DRAFT, **hidden)
    TalkFactory(
        event=event,
        title="以后发布",
        publish_at=timezone.now() + datetime.timedelta(days=1),
        **hidden,
    )
    TalkFactory(event=event, title="没有时间")
    TalkFactory(event=event, title="没有会议室", starts_at=at(1, 9), ends_at=at(1, 10))


@pytest.fixture
def event():
    event = make_event(name="细胞治疗峰会", name_en="Cell Therapy Summit")
    add_talks(event, 4)
    return event


def talks_of(document: dict) -> list[dict]:
    return [
        talk
        for day in document["schedule"]["conference"]["days"]
        for talks in day["rooms"].values()
        for talk in talks
    ]


def test_schedule_xml_is_valid_against_the_xsd(client, event, xml_schema):
    assert xml_errors(xml_schema, get_xml(client, event)) == []
    assert xml_errors(xml_schema, get_xml(client, event, "zh-hans")) == []


def test_schedule_json_is_valid_against_the_schema(client, event, json_schema):
    assert json_errors(json_schema, get_json(client, event)) == []
    assert json_errors(json_schema, get_json(client, event, "zh-hans")) == []


def test_schedule_of_chinese_only_event_has_ascii_identifiers(client, xml_schema, json_schema):
    event = make_event(name="第三届细胞治疗峰会", name_en="")
    add_talks(event, 3)
    assert not event.slug.isascii()
    document = get_json(client, event)
    assert document["schedule"]["conference"]["acronym"] == f"event_{event.pk}"
    slugs = [talk["slug"] for talk in talks_of(document)]
    assert all(slug.isascii() for slug in slugs)
    assert {track["slug"] for track in document["schedule"]["conference"]["tracks"]} == {
        "clinical",
        f"track-{Track.objects.get(event=event, name_zh_hans='产业').pk}",
    }
    assert json_errors(json_schema, document) == []
    assert xml_errors(xml_schema, get_xml(client, event)) == []


@pytest.mark.parametrize(
    ("slug", "frab_slug"),
    [
        ("car-t-cell-therapy", "shanghai_summit_2019-car-t-cell-therapy"),
        # As an import of a frab file leaves it: not prefixed twice.
        ("shanghai_summit_2019-7-car-t", "shanghai_summit_2019-7-car-t"),
        ("ai", "shanghai_summit_2019-{pk}-ai"),
        ("car-t-细胞治疗", "shanghai_summit_2019-{pk}-car-t"),
        ("细胞治疗-2", "shanghai_summit_2019-{pk}-talk"),
    ],
)
def test_schedule_talk_slug_is_ascii_whatever_the_page_slug(client, slug, frab_slug):
    event = make_event(name="峰会", name_en="Shanghai Summit 2019")
    talk = TalkFactory(event=event, slug=slug, room=event.venue.rooms.first(), starts_at=at(1, 9))
    [entry] = talks_of(get_json(client, event))
    assert entry["slug"] == frab_slug.format(pk=talk.pk)


def test_schedule_lists_published_scheduled_talks_and_speakers_only(client, event):
    document = get_json(client, event)
    titles = {talk["title"] for talk in talks_of(document)}
    assert titles == {f"细胞治疗报告{number}" for number in range(4)}
    names = {person["name"] for talk in talks_of(document) for person in talk["persons"]}
    assert not any(name.startswith("草稿") for name in names)
    assert {"王0", "王3"} <= names
    with translation.override("en"):
        shown = event.talks.filter(title_zh_hans__in=titles)
        pages = {f"http://testserver{talk.get_absolute_url()}" for talk in shown}
        people = {
            f"http://testserver{person.get_absolute_url()}"
            for talk in shown
            for person in talk.speakers.filter(status=Status.PUBLISHED)
        }
    assert {talk["url"] for talk in talks_of(document)} == pages
    assert {person["url"] for talk in talks_of(document) for person in talk["persons"]} == people
    xml = get_xml(client, event).decode()
    for hidden in ("草稿", "以后发布", "没有时间", "没有会议室"):
        assert hidden not in xml


def test_schedule_speaks_the_language_of_the_url(client, event):
    talk = event.talks.filter(status=Status.PUBLISHED, starts_at__isnull=False).first()
    talk.title_en = "Cell therapy in the clinic"
    talk.save()
    english = {item["guid"]: item for item in talks_of(get_json(client, event, "en"))}
    chinese = {item["guid"]: item for item in talks_of(get_json(client, event, "zh-hans"))}
    assert english[str(talk.guid)]["title"] == "Cell therapy in the clinic"
    assert chinese[str(talk.guid)]["title"] == talk.title_zh_hans
    assert english[str(talk.guid)]["url"].startswith("http://testserver/en/talks/")
    assert chinese[str(talk.guid)]["url"].startswith("http://testserver/zh-hans/talks/")
    # Identities do not depend on the language.
    assert english.keys() == chinese.keys()
    assert [item["slug"] for item in english.values()] == [
        item["slug"] for item in chinese.values()
    ]
    assert "<title>Cell therapy in the clinic</title>" in get_xml(client, event).decode()


def test_schedule_xml_and_json_read_back_alike(client, event):
    """The site's own parser reads the same programme from both forms."""

    def talks(schedule):
        return [
            (
                talk.guid,
                talk.title,
                talk.starts_at,
                talk.duration,
                talk.room,
                talk.track,
                talk.slug,
                talk.url,
                [(person.guid, person.name) for person in talk.persons],
                [(link.url, link.title) for link in talk.links],
            )
            for day in schedule.conference.days
            for talk in day.talks
        ]

    from_xml = parse_schedule(get_xml(client, event), "schedule.xml")
    from_json = parse_schedule(json.dumps(get_json(client, event)).encode(), "schedule.json")
    assert talks(from_xml) == talks(from_json)
    assert len(talks(from_xml)) == 4
    assert from_xml.conference.acronym == from_json.conference.acronym


def test_schedule_times_are_in_the_event_time_zone(client, xml_schema, json_schema):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    event = make_event(time_zone="Europe/Berlin")
    room = event.venue.rooms.first()
    TalkFactory(
        event=event, room=room, starts_at=at(1, 9, zone=berlin), ends_at=at(1, 10, 30, zone=berlin)
    )
    document = get_json(client, event)
    conference = document["schedule"]["conference"]
    assert conference["time_zone_name"] == "Europe/Berlin"
    [talk] = talks_of(document)
    assert (talk["date"], talk["start"], talk["duration"]) == (
        "2019-11-14T09:00:00+01:00",
        "09:00",
        "01:30",
    )
    assert talk["end"] == "2019-11-14T10:30:00+01:00"
    assert [(day["date"], day["day_start"], day["day_end"]) for day in conference["days"]] == [
        ("2019-11-14", "2019-11-14T00:00:00+01:00", "2019-11-14T23:59:00+01:00"),
        ("2019-11-15", "2019-11-15T00:00:00+01:00", "2019-11-15T23:59:00+01:00"),
    ]
    assert json_errors(json_schema, document) == []
    assert xml_errors(xml_schema, get_xml(client, event)) == []


def test_schedule_talk_past_midnight_stays_on_the_day_it_starts(client, xml_schema, json_schema):
    event = make_event()
    room = event.venue.rooms.first()
    TalkFactory(event=event, room=room, starts_at=at(1, 23), ends_at=at(2, 1))
    TalkFactory(event=event, room=room, starts_at=at(2, 0, 30), ends_at=at(2, 2))
    document = get_json(client, event)
    first, second = document["schedule"]["conference"]["days"]
    assert [talk["start"] for talks in first["rooms"].values() for talk in talks] == ["23:00"]
    assert first["day_end"] == "2019-11-15T01:00:00+08:00"
    assert [talk["start"] for talks in second["rooms"].values() for talk in talks] == ["00:30"]
    assert second["day_start"] == "2019-11-15T00:00:00+08:00"
    assert json_errors(json_schema, document) == []
    assert xml_errors(xml_schema, get_xml(client, event)) == []


def test_schedule_zone_the_json_schema_does_not_name_is_left_to_the_offsets(
    client, xml_schema, json_schema
):
    event = make_event(time_zone="Etc/GMT-8")
    TalkFactory(event=event, room=event.venue.rooms.first(), starts_at=at(1, 9), ends_at=at(1, 10))
    document = get_json(client, event)
    assert "time_zone_name" not in document["schedule"]["conference"]
    assert talks_of(document)[0]["date"] == "2019-11-14T09:00:00+08:00"
    assert json_errors(json_schema, document) == []
    xml = get_xml(client, event)
    assert b"<time_zone_name>Etc/GMT-8</time_zone_name>" in xml
    assert xml_errors(xml_schema, xml) == []


def test_schedule_talk_of_days_has_a_duration_both_schemas_take(client, xml_schema, json_schema):
    event = make_event(end_date=datetime.date(2019, 11, 19))
    TalkFactory(event=event, room=event.venue.rooms.first(), starts_at=at(1, 9), ends_at=at(5, 14))
    document = get_json(client, event)
    assert talks_of(document)[0]["duration"] == "101:00"
    assert json_errors(json_schema, document) == []
    xml = get_xml(client, event)
    assert b"<duration>4:05:00</duration>" in xml  # pretalx's D:HH:MM, as frab readers take it
    assert xml_errors(xml_schema, xml) == []


def test_schedule_talk_without_end_lasts_no_time(client):
    event = make_event()
    TalkFactory(event=event, room=event.venue.rooms.first(), starts_at=at(1, 9))
    [talk] = talks_of(get_json(client, event))
    assert (talk["duration"], talk["end"]) == ("00:00", talk["date"])


def test_schedule_of_event_without_talks_has_its_days(client, xml_schema, json_schema):
    event = EventFactory()
    document = get_json(client, event)
    [day] = document["schedule"]["conference"]["days"]
    assert (day["index"], day["date"], day["rooms"]) == (1, "2019-11-14", {})
    assert json_errors(json_schema, document) == []
    assert xml_errors(xml_schema, get_xml(client, event)) == []


def test_schedule_room_guid_is_its_own_or_stable(client, event):
    first, second = event.venue.rooms.order_by("pk")
    first.guid = uuid.UUID("96adfb1c-42ae-5cda-bf6e-523b9bcf60ff")
    first.save()
    rooms = get_json(client, event)["schedule"]["conference"]["rooms"]
    assert [room["guid"] for room in rooms] == [str(first.guid), export.room_guid(second)]
    chinese = get_json(client, event, "zh-hans")["schedule"]["conference"]["rooms"]
    assert [room["guid"] for room in chinese] == [room["guid"] for room in rooms]
    assert [room["name"] for room in rooms] == ["Hall One", "多功能厅"]
    second.refresh_from_db()
    assert second.guid is None  # an export writes nothing


def test_schedule_person_guid_is_stable_and_the_same_in_both_forms(client, event):
    person = event.talks.filter(speakers__name="王1").get().speakers.get(name="王1")
    expected = export.person_guid(person.pk)
    [entry] = [
        item
        for item in talks_of(get_json(client, event))
        if any(p["name"] == "王1" for p in item["persons"])
    ]
    assert [p["guid"] for p in entry["persons"] if p["name"] == "王1"] == [expected]
    root = etree.fromstring(get_xml(client, event))
    [element] = root.iterfind(f".//person[@guid='{expected}']")
    assert (element.text, element.get("id")) == ("王1", str(person.pk))


def test_schedule_keeps_control_characters_out_of_the_xml(client, event, xml_schema):
    talk = event.talks.filter(starts_at__isnull=False, status=Status.PUBLISHED).first()
    # Written past validation, as a raw import or an old row might be.
    type(talk).objects.filter(pk=talk.pk).update(title_en="Line\x0bbreak\x01 <b>&amp;\uffff")
    content = get_xml(client, event)
    assert xml_errors(xml_schema, content) == []
    titles = [element.text for element in etree.fromstring(content).iter("title")]
    assert "Line\nbreak <b>&amp;" in titles


def test_schedule_answers_any_site_and_is_cached_publicly(client, event):
    response = client.get(url("schedules:event_schedule_json", event.slug))
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    document = response.json()
    assert document["$schema"] == "https://c3voc.de/schedule/schema.json"
    assert document["generator"] == {"name": settings.SITE_NAME, "url": "http://testserver"}
    schedule = document["schedule"]
    assert schedule["url"] == f"http://testserver/en/events/{event.slug}/schedule.json"
    assert schedule["base_url"] == "http://testserver"
    post = client.post(url("schedules:event_schedule_xml", event.slug))
    assert post.status_code == 405


@pytest.mark.parametrize("name", ["schedules:event_schedule_xml", "schedules:event_schedule_json"])
@pytest.mark.parametrize(
    "hidden",
    [{"status": Status.DRAFT}, {"publish_at": timezone.now() + datetime.timedelta(days=1)}],
)
def test_schedule_of_unpublished_event_is_404(client, editor_client, name, hidden):
    event = EventFactory(**hidden)
    assert client.get(url(name, event.slug)).status_code == 404
    assert editor_client.get(url(name, event.slug)).status_code == 404


@pytest.mark.parametrize("name", ["schedules:event_schedule_xml", "schedules:event_schedule_json"])
def test_schedule_of_unknown_event_is_404(client, name):
    assert client.get(url(name, "no-such-event")).status_code == 404


@pytest.mark.parametrize("name", ["schedules:event_schedule_xml", "schedules:event_schedule_json"])
def test_schedule_query_count_is_fixed(client, django_assert_num_queries, name):
    event = make_event()
    add_talks(event, 2)
    with django_assert_num_queries(EXPORT_QUERIES):
        assert client.get(url(name, event.slug)).status_code == 200
    add_talks(event, 10)
    with django_assert_num_queries(EXPORT_QUERIES):
        assert client.get(url(name, event.slug)).status_code == 200


def test_event_page_links_both_schedules(client, event):
    content = client.get(f"/en/events/{event.slug}/").content.decode()
    assert f'href="/en/events/{event.slug}/schedule.xml"' in content
    assert f'href="/en/events/{event.slug}/schedule.json"' in content
    assert "Programme (frab XML)" in content


def test_export_functions_take_any_request(event, settings, xml_schema, json_schema):
    settings.ALLOWED_HOSTS = ["summit.example.org"]
    request = RequestFactory().get("/", HTTP_HOST="summit.example.org", secure=True)
    with translation.override("en"):
        document = export.schedule_data(event, request)
        content = export.schedule_xml(event, request)
    assert document["schedule"]["base_url"] == "https://summit.example.org"
    assert re.match(rb"<\?xml version='1.0' encoding='utf-8'\?>", content)
    assert json_errors(json_schema, document) == []
    assert xml_errors(xml_schema, content) == []


@pytest.mark.parametrize(
    ("name", "talks"),
    [
        ("pretalx-small-schedule.xml", 40),
        ("pretalx-small-schedule.json", 40),
        ("pretalx-large-schedule.xml", 500),
        ("pretalx-large-schedule.json", 500),
    ],
)
def test_imported_pretalx_schedule_exports_validly(client, name, talks, xml_schema, json_schema):
    report = import_schedule(BENCH / name)
    assert not import_schedule(BENCH / name).changed  # a second import changes nothing
    event = Event.objects.get(slug=report.event)
    document = get_json(client, event)
    assert len(talks_of(document)) == talks
    assert json_errors(json_schema, document) == []
    assert xml_errors(xml_schema, get_xml(client, event)) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["pretalx-small-schedule.json", "pretalx-large-schedule.json"])
def test_export_imported_into_an_empty_database_exports_the_same(tmp_path, settings, name):
    """pretalx's schedule in, ours out, that into an empty database, out again: the same
    document but for its version (when the programme last changed)."""
    settings.ALLOWED_HOSTS = ["summit.example.org"]  # a host whose addresses the importer takes
    request = RequestFactory().get("/", HTTP_HOST="summit.example.org", secure=True)

    def export_both(slug):
        event = Event.objects.get(slug=slug)
        with translation.override("en"):
            document, content = (
                export.schedule_data(event, request),
                export.schedule_xml(event, request),
            )
        del document["schedule"]["version"]
        return document, re.sub(rb"<version>.*</version>", b"", content)

    empty = partial(call_command, "flush", interactive=False, verbosity=0)  # numbering from 1
    empty()
    first = export_both(import_schedule(BENCH / name).event)
    exported = tmp_path / "schedule.json"
    exported.write_text(
        json.dumps(first[0] | {"schedule": first[0]["schedule"] | {"version": "1"}})
    )
    empty()
    assert export_both(import_schedule(exported).event) == first


# Last: the seed stays imported, in a transaction, until the module ends (tests/conftest.py),
# and a transactional test cannot run inside it.
@pytest.mark.usefixtures("imported_seed")
def test_seed_events_schedules_are_valid(client, xml_schema, json_schema):
    events = list(Event.objects.published())
    assert events
    for event in events:
        for language in ("en", "zh-hans"):
            assert json_errors(json_schema, get_json(client, event, language)) == []
            assert xml_errors(xml_schema, get_xml(client, event, language)) == []


def test_schedule_export_answers_a_repeat_visit_with_304(client):
    event = EventFactory()
    url = reverse("schedules:event_schedule_json", args=[event.slug])
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
