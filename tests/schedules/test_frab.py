"""The frab schedule parser: pretalx's real exports, the variants found in the wild, bad files.

No database: the parser is plain Python, and these tests never touch Django's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schedules.frab import (
    Link,
    Room,
    Schedule,
    ScheduleError,
    Speaker,
    Track,
    parse_duration,
    parse_schedule,
    read_schedule,
)

REPOSITORY = Path(__file__).resolve().parents[2]
# In CI the shared folder sits beside the clone, as it does beside the working tree.
BENCH = REPOSITORY.parent / "shared" / "bench"
UTC = timezone.utc
PLUS_ONE = timezone(timedelta(hours=1))
PLUS_TWO = timezone(timedelta(hours=2))

GUID_A = "0fa5671b-ed78-59a3-a731-6f5f6a522aac"
GUID_B = "3b6755cf-1b78-5eb0-a911-9a86460bd6fa"
ROOM_GUID = "96adfb1c-42ae-5cda-bf6e-523b9bcf60ff"


# --- helpers -----------------------------------------------------------------------------------


def line_of(text: str, marker: str) -> int:
    """The line (1-based) where `marker` first appears in `text`."""
    return text[: text.index(marker)].count("\n") + 1


def error_of(data: str | bytes, name: str) -> str:
    """The message parse_schedule refuses `data` with; it must be one line."""
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(raw, name)
    message = str(caught.value)
    assert "\n" not in message
    return message


def xml_event(
    *,
    guid: str | None = GUID_A,
    frab_id: str | None = "1",
    title: str = "Opening",
    date_value: str | None = "2027-03-10T09:00:00+00:00",
    start: str | None = "09:00",
    duration: str = "00:30",
    room: str | None = "Aurora Hall",
    persons: str = "",
    extra: str = "",
) -> str:
    """One `<event>` as pretalx writes it; None leaves an element or attribute out."""
    attributes = "".join(
        f" {key}='{value}'" for key, value in (("guid", guid), ("id", frab_id)) if value
    )
    parts = [
        f"<room>{room}</room>" if room is not None else "",
        f"<title>{title}</title>",
        f"<date>{date_value}</date>" if date_value is not None else "",
        f"<start>{start}</start>" if start is not None else "",
        f"<duration>{duration}</duration>",
        "<abstract></abstract>",
        f"<persons>{persons}</persons>",
        extra,
    ]
    body = "\n        ".join(part for part in parts if part)
    return f"<event{attributes}>\n        {body}\n      </event>"


def xml_document(
    *events: str,
    conference: str = "<title>PeerCon</title>\n    <acronym>peercon</acronym>",
    zone: str = "<time_zone_name>UTC</time_zone_name>",
    day: str = "index='1' date='2027-03-10' start='2027-03-10T04:00:00+00:00' "
    "end='2027-03-11T03:59:00+00:00'",
    room: str = f"name='Aurora Hall' guid='{ROOM_GUID}'",
    prologue: str = "<?xml version='1.0' encoding='utf-8' ?>",
) -> str:
    """A whole frab XML schedule with one day and one room holding `events`."""
    body = "\n      ".join(events)
    return f"""{prologue}
<schedule>
  <generator name="pretalx" version="2026.1.2" />
  <version>v1.0</version>
  <conference>
    {conference}
    <start>2027-03-10</start>
    <end>2027-03-10</end>
    {zone}
    <track name="Web" slug="1-web" color="#1f77b4" />
  </conference>
  <day {day}>
    <room {room}>
      {body}
    </room>
  </day>
</schedule>
"""


def json_talk(**fields: object) -> dict[str, object]:
    """One talk as pretalx's JSON writes it (the fields that matter here); None drops one."""
    talk: dict[str, object] = {
        "guid": GUID_A,
        "code": "AQ3WU3",
        "id": 1,
        "date": "2027-03-10T09:00:00+00:00",
        "start": "09:00",
        "duration": "00:30",
        "room": "Aurora Hall",
        "slug": "peercon-1-opening",
        "url": "https://example.org/peercon/talk/AQ3WU3/",
        "title": "Opening",
        "subtitle": "",
        "track": "Web",
        "type": "Talk",
        "language": "en",
        "abstract": "",
        "description": "",
        "recording_license": "",
        "do_not_record": False,
        "persons": [],
        "links": [],
    }
    talk.update(fields)
    return {key: value for key, value in talk.items() if value is not None}


def json_document(
    *talks: dict[str, object],
    conference: dict[str, object] | None = None,
    day: dict[str, object] | None = None,
    rooms: list[dict[str, object]] | None = None,
    room: str = "Aurora Hall",
) -> bytes:
    """A whole C3VOC JSON schedule with one day and one room holding `talks`."""
    document = {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "pretalx", "version": "2026.1.2"},
        "schedule": {
            "url": "https://example.org/peercon/schedule/",
            "version": "v1.0",
            "base_url": "https://example.org",
            "conference": {
                "acronym": "peercon",
                "title": "PeerCon",
                "start": "2027-03-10",
                "end": "2027-03-10",
                "daysCount": 1,
                "timeslot_duration": "00:05",
                "time_zone_name": "UTC",
                "rooms": (
                    rooms
                    if rooms is not None
                    else [{"name": "Aurora Hall", "guid": ROOM_GUID, "capacity": 400}]
                ),
                "tracks": [{"name": "Web", "slug": "1-web", "color": "#1f77b4"}],
                "days": [
                    {
                        "index": 1,
                        "date": "2027-03-10",
                        "day_start": "2027-03-10T04:00:00+00:00",
                        "day_end": "2027-03-11T03:59:00+00:00",
                        "rooms": {room: list(talks)},
                        **(day or {}),
                    }
                ],
                **(conference or {}),
            },
        },
    }
    return json.dumps(document, ensure_ascii=False).encode()


TALK_PATH = 'schedule.conference.days[0].rooms["Aurora Hall"][0]'


# --- pretalx's own exports ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def bench() -> dict[tuple[str, str], tuple[Schedule, float]]:
    """The four pretalx exports, each parsed once, with the seconds the parse took."""
    parsed = {}
    for size in ("small", "large"):
        for form in ("xml", "json"):
            started = time.perf_counter()
            schedule = read_schedule(BENCH / f"pretalx-{size}-schedule.{form}")
            parsed[size, form] = (schedule, time.perf_counter() - started)
    return parsed


EXPECTED_COUNTS = {
    # size: talks, speakers, rooms, tracks, days
    "small": (40, 50, 4, 4, 1),
    "large": (500, 600, 14, 12, 3),
}


@pytest.mark.parametrize("form", ["xml", "json"])
@pytest.mark.parametrize("size", ["small", "large"])
def test_pretalx_export_has_the_events_counts(bench, size, form):
    schedule, _ = bench[size, form]
    conference = schedule.conference
    # pretalx's XML names a person by a numeric id, its JSON by a code: either identifies them.
    speakers = {
        person.code or person.frab_id for talk in conference.talks for person in talk.persons
    }

    counts = (
        len(conference.talks),
        len(speakers),
        len(conference.rooms),
        len(conference.tracks),
        len(conference.days),
    )

    assert counts == EXPECTED_COUNTS[size]
    assert (schedule.generator_name, schedule.generator_version) == ("pretalx", "2026.1.2")
    assert schedule.version == "v1.0"
    assert schedule.base_url == "http://127.0.0.1:8100"
    assert (conference.acronym, conference.time_zone_name) == (size, "UTC")
    assert conference.start == date(2027, 3, 10)


@pytest.mark.parametrize("size", ["small", "large"])
def test_pretalx_xml_and_json_give_the_same_talks(bench, size):
    xml, _ = bench[size, "xml"]
    from_json, _ = bench[size, "json"]

    def described(schedule: Schedule) -> dict:
        return {
            talk.guid: (
                talk.frab_id,
                talk.code,
                talk.title,
                talk.starts_at,
                talk.duration,
                talk.room,
                talk.track,
                talk.type,
                talk.language,
                talk.abstract,
                talk.description,
                talk.slug,
                talk.url,
                tuple(person.name for person in talk.persons),
            )
            for talk in schedule.conference.talks
        }

    assert described(xml) == described(from_json)
    assert [room.name for room in xml.conference.rooms] == [
        room.name for room in from_json.conference.rooms
    ]
    assert {room.name: room.guid for room in xml.conference.rooms} == {
        room.name: room.guid for room in from_json.conference.rooms
    }
    assert xml.conference.tracks == from_json.conference.tracks
    assert [(day.index, day.date, day.start, day.end) for day in xml.conference.days] == [
        (day.index, day.date, day.start, day.end) for day in from_json.conference.days
    ]


@pytest.mark.parametrize("size", ["small", "large"])
def test_pretalx_xml_person_ids_and_json_codes_name_the_same_people(bench, size):
    """pretalx's XML carries no speaker codes, so the people are matched talk by talk."""
    xml, _ = bench[size, "xml"]
    from_json, _ = bench[size, "json"]
    json_talks = {talk.guid: talk for talk in from_json.conference.talks}

    code_of_id: dict[int | None, str | None] = {}
    for talk in xml.conference.talks:
        for xml_person, json_person in zip(
            talk.persons, json_talks[talk.guid].persons, strict=True
        ):
            assert xml_person.name == json_person.name
            assert code_of_id.setdefault(xml_person.frab_id, json_person.code) == json_person.code

    assert len(set(code_of_id.values())) == len(code_of_id) == EXPECTED_COUNTS[size][1]


def test_pretalx_json_carries_speaker_codes_guids_and_biographies(bench):
    schedule, _ = bench["small", "json"]
    talk = schedule.conference.talks[0]

    assert talk.guid == UUID(GUID_A)
    assert talk.where == f"{BENCH / 'pretalx-small-schedule.json'}: {TALK_PATH}"
    assert talk.persons[0].code == "SRCGDG"
    assert talk.persons[0].guid == UUID("7332304f-6553-51ba-9d5b-86c4fa20e49a")
    assert talk.persons[0].biography.startswith("Recovery stream design robot")
    assert schedule.url == "http://127.0.0.1:8100/small/schedule/"
    assert schedule.conference.rooms[0] == Room(
        name="Aurora Hall", guid=UUID(ROOM_GUID), capacity=400, description=""
    )


def test_pretalx_xml_talks_say_their_line(bench):
    schedule, _ = bench["small", "xml"]
    path = BENCH / "pretalx-small-schedule.xml"
    text = path.read_text(encoding="utf-8")

    talk = schedule.conference.talks[0]

    assert talk.where == f"{path}:{line_of(text, f'<event guid={chr(39)}{GUID_A}')}"
    assert talk.starts_at == datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
    assert talk.ends_at == datetime(2027, 3, 10, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("form", ["xml", "json"])
def test_large_pretalx_export_parses_well_under_a_second(bench, form):
    _, seconds = bench["large", form]
    assert seconds < 0.5


# --- what files in the wild do -----------------------------------------------------------------

OLD_FRAB_XML = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <version>Fahrplan 0.9</version>
  <conference>
    <acronym>camp2015</acronym>
    <title>Chaos Communication Camp 2015</title>
    <start>2015-08-13</start>
    <end>2015-08-14</end>
    <days>2</days>
    <timeslot_duration>00:15</timeslot_duration>
    <base_url>https://events.ccc.de/camp/2015/Fahrplan/</base_url>
  </conference>
  <day index="1" date="2015-08-13"
       start="2015-08-13T11:00:00+02:00" end="2015-08-14T04:00:00+02:00">
    <room name="Project 2501">
      <event id="6831">
        <date>2015-08-14T01:30:00+02:00</date>
        <start>01:30</start>
        <duration>01:00</duration>
        <room>Project 2501</room>
        <slug>camp2015-6831-night_talk</slug>
        <title>Night talk</title>
        <subtitle/>
        <track/>
        <type>lecture</type>
        <language>de</language>
        <abstract/>
        <description/>
        <persons>
          <person id="4711">Anna</person>
          <person id="4712">Anna</person>
        </persons>
        <links>
          <link href="https://example.org/slides.pdf">Slides</link>
        </links>
      </event>
      <event id="6832">
        <start>02:15</start>
        <duration>0:45</duration>
        <room>Project 2501</room>
        <title>Later still</title>
        <abstract>Builds on &lt;b&gt;Night talk&lt;/b&gt; &amp; more</abstract>
        <persons/>
      </event>
      <event id="6833">
        <start>23:00</start>
        <duration>1:30</duration>
        <room>Project 2501</room>
        <title>Late evening</title>
        <description><p>Raw <em>HTML</em> a writer forgot to escape</p></description>
      </event>
    </room>
  </day>
</schedule>
"""


@pytest.fixture(scope="module")
def old_frab() -> Schedule:
    return parse_schedule(OLD_FRAB_XML.encode(), "camp.xml")


def test_old_frab_talks_without_guids_keep_their_frab_ids(old_frab):
    talks = old_frab.conference.talks

    assert [(talk.guid, talk.frab_id, talk.code) for talk in talks] == [
        (None, 6831, ""),
        (None, 6832, ""),
        (None, 6833, ""),
    ]
    assert [talk.url for talk in talks] == ["", "", ""]
    assert old_frab.url == ""
    assert old_frab.generator_name == old_frab.generator_version == ""
    assert old_frab.base_url == "https://events.ccc.de/camp/2015/Fahrplan/"
    assert old_frab.conference.time_zone_name is None
    assert old_frab.conference.rooms == (
        Room(name="Project 2501", guid=None, capacity=None, description=""),
    )


def test_day_past_midnight_places_talks_on_the_right_calendar_day(old_frab):
    night, later, evening = old_frab.conference.talks

    # Its own full date is authoritative.
    assert night.starts_at == datetime(2015, 8, 14, 1, 30, tzinfo=PLUS_TWO)
    # No date: the day's date at 02:15, which is before the day starts at 11:00, so the next day.
    assert later.starts_at == datetime(2015, 8, 14, 2, 15, tzinfo=PLUS_TWO)
    assert later.starts_at.utcoffset() == timedelta(hours=2)
    # 23:00 is after 11:00: still the day's own date.
    assert evening.starts_at == datetime(2015, 8, 13, 23, 0, tzinfo=PLUS_TWO)
    assert (later.duration, evening.duration) == (timedelta(minutes=45), timedelta(minutes=90))


def test_people_with_the_same_name_stay_two_people(old_frab):
    night = old_frab.conference.talks[0]

    assert night.persons == (
        Speaker(name="Anna", code=None, frab_id=4711, guid=None, biography=""),
        Speaker(name="Anna", code=None, frab_id=4712, guid=None, biography=""),
    )


def test_empty_fields_are_empty_and_a_talk_without_track_has_none(old_frab):
    night = old_frab.conference.talks[0]

    assert (night.abstract, night.description, night.subtitle) == ("", "", "")
    assert night.track is None
    assert old_frab.conference.tracks == ()
    assert night.links == (Link(url="https://example.org/slides.pdf", title="Slides"),)
    assert night.do_not_record is False


def test_markup_in_text_is_kept_as_written(old_frab):
    _, later, evening = old_frab.conference.talks

    assert later.abstract == "Builds on <b>Night talk</b> & more"
    assert evening.description == "<p>Raw <em>HTML</em> a writer forgot to escape</p>"


def test_recording_optout_and_licence_are_read():
    recording = "<recording><license>CC BY 4.0</license><optout>true</optout></recording>"

    schedule = parse_schedule(xml_document(xml_event(extra=recording)).encode(), "t.xml")

    talk = schedule.conference.talks[0]
    assert (talk.do_not_record, talk.recording_license) == (True, "CC BY 4.0")


def test_markdown_and_long_titles_are_kept_as_written():
    title = "A very long title " * 60
    description = "# Heading\n\n* one\n* two <script>alert(1)</script>\n\n[link](https://x.org)"

    schedule = parse_schedule(
        json_document(json_talk(title=title, description=description)), "t.json"
    )

    talk = schedule.conference.talks[0]
    assert talk.title == title.strip()
    assert len(talk.title) > 1000
    assert talk.description == description


def test_xml_persons_with_codes_and_guids():
    persons = (
        "<person id='12' code='X7Y8Z9' guid='7332304f-6553-51ba-9d5b-86c4fa20e49a'>Li Wei</person>"
        "<person code='ABCDEF'>李伟</person>"
    )

    schedule = parse_schedule(xml_document(xml_event(persons=persons)).encode(), "t.xml")

    assert schedule.conference.talks[0].persons == (
        Speaker(
            name="Li Wei",
            code="X7Y8Z9",
            frab_id=12,
            guid=UUID("7332304f-6553-51ba-9d5b-86c4fa20e49a"),
            biography="",
        ),
        Speaker(name="李伟", code="ABCDEF", frab_id=None, guid=None, biography=""),
    )


def test_frab_json_persons_have_ids_and_public_names():
    persons = [
        {"guid": "7332304f-6553-51ba-9d5b-86c4fa20e49a", "id": 12, "public_name": "Anna"},
        {"id": 13, "name": "Anna", "public_name": "Anna B."},
    ]

    schedule = parse_schedule(json_document(json_talk(persons=persons, code=None)), "frab.json")

    talk = schedule.conference.talks[0]
    assert talk.code == ""
    assert talk.persons == (
        Speaker(
            name="Anna",
            code=None,
            frab_id=12,
            guid=UUID("7332304f-6553-51ba-9d5b-86c4fa20e49a"),
            biography="",
        ),
        Speaker(name="Anna", code=None, frab_id=13, guid=None, biography=""),
    )


def test_time_zone_offsets_are_kept():
    talk = json_talk(date="2027-03-10T09:00:00+01:00")
    day = {"day_start": "2027-03-10T04:00:00+01:00", "day_end": "2027-03-11T03:59:00+01:00"}

    schedule = parse_schedule(
        json_document(talk, day=day, conference={"time_zone_name": "Europe/Berlin"}), "t.json"
    )

    starts_at = schedule.conference.talks[0].starts_at
    assert starts_at == datetime(2027, 3, 10, 8, 0, tzinfo=UTC)
    assert starts_at.utcoffset() == timedelta(hours=1)
    assert schedule.conference.days[0].start == datetime(2027, 3, 10, 4, 0, tzinfo=PLUS_ONE)
    assert schedule.conference.time_zone_name == "Europe/Berlin"


def test_time_without_offset_is_read_in_the_named_time_zone():
    talk = json_talk(date="2027-07-10T09:00:00")

    schedule = parse_schedule(
        json_document(talk, conference={"time_zone_name": "Europe/Berlin"}), "t.json"
    )

    starts_at = schedule.conference.talks[0].starts_at
    assert starts_at.tzinfo == ZoneInfo("Europe/Berlin")
    assert starts_at.utcoffset() == timedelta(hours=2)  # summer time


def test_time_without_offset_or_zone_name_takes_the_days_offset():
    event = xml_event(date_value=None, start="10:00")
    day = "index='1' date='2027-03-10' start='2027-03-10T08:00:00+08:00'"

    schedule = parse_schedule(xml_document(event, zone="", day=day).encode(), "t.xml")

    starts_at = schedule.conference.talks[0].starts_at
    assert starts_at == datetime(2027, 3, 10, 10, 0, tzinfo=timezone(timedelta(hours=8)))
    assert schedule.conference.time_zone_name is None
    assert schedule.conference.days[0].end is None


def test_date_only_talk_date_is_the_day_of_its_start_time():
    event = xml_event(date_value="2027-03-11", start="02:00")

    schedule = parse_schedule(xml_document(event).encode(), "t.xml")

    assert schedule.conference.talks[0].starts_at == datetime(2027, 3, 11, 2, 0, tzinfo=UTC)


def test_json_talk_with_an_end_and_no_duration():
    talk = json_talk(duration=None, end="2027-03-10T10:15:00+00:00")

    schedule = parse_schedule(json_document(talk), "t.json")

    assert schedule.conference.talks[0].duration == timedelta(minutes=75)


def test_tracks_named_only_by_talks_follow_the_declared_ones():
    talks = [json_talk(), json_talk(guid=GUID_B, id=2, code="QQQQQQ", track="Biology")]

    schedule = parse_schedule(json_document(*talks), "t.json")

    assert schedule.conference.tracks == (
        Track(name="Web", slug="1-web", color="#1f77b4"),
        Track(name="Biology", slug="", color=""),
    )


def test_json_room_description_in_several_languages_reads_english():
    rooms = [
        {"name": "Aurora Hall", "guid": ROOM_GUID, "description": {"de": "Saal", "en": "Hall"}}
    ]

    schedule = parse_schedule(json_document(json_talk(), rooms=rooms), "t.json")

    assert schedule.conference.rooms[0].description == "Hall"
    assert schedule.conference.rooms[0].capacity is None


def test_json_without_conference_rooms_takes_the_days_rooms():
    schedule = parse_schedule(json_document(json_talk(), rooms=[]), "t.json")

    assert schedule.conference.rooms == (
        Room(name="Aurora Hall", guid=None, capacity=None, description=""),
    )


def test_xml_conference_rooms_declare_rooms():
    conference = (
        "<title>PeerCon</title>\n    <acronym>peercon</acronym>\n"
        "    <rooms><room name='Aurora Hall' capacity='400'/><room name='Empty Hall'/></rooms>"
    )

    schedule = parse_schedule(xml_document(xml_event(), conference=conference).encode(), "t.xml")

    assert schedule.conference.rooms == (
        Room(name="Aurora Hall", guid=UUID(ROOM_GUID), capacity=400, description=""),
        Room(name="Empty Hall", guid=None, capacity=None, description=""),
    )


def test_conference_dates_come_from_the_days_when_missing():
    document = json.loads(json_document(json_talk()))
    del document["schedule"]["conference"]["start"]
    del document["schedule"]["conference"]["end"]

    schedule = parse_schedule(json.dumps(document).encode(), "t.json")

    assert (schedule.conference.start, schedule.conference.end) == (
        date(2027, 3, 10),
        date(2027, 3, 10),
    )


def test_content_decides_the_form_not_the_name():
    from_json = parse_schedule(json_document(json_talk()), "schedule.xml")
    from_xml = parse_schedule(b"\xef\xbb\xbf" + xml_document(xml_event()).encode(), "x.json")
    without_prologue = parse_schedule(
        b"\n  " + xml_document(xml_event(), prologue="").encode(), "x"
    )

    assert from_json.conference.talks[0].guid == from_xml.conference.talks[0].guid
    assert without_prologue.conference.talks[0].guid == from_xml.conference.talks[0].guid


def test_the_parser_imports_no_django():
    code = (
        "import sys, schedules.frab; "
        "sys.exit(sorted(m for m in sys.modules if m.split('.')[0] == 'django') or 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPOSITORY, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# --- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00:30", timedelta(minutes=30)),
        ("01:30", timedelta(hours=1, minutes=30)),
        ("1:30", timedelta(hours=1, minutes=30)),
        ("25:00", timedelta(hours=25)),  # frab writes hours past a day as they come
        ("45", timedelta(minutes=45)),
        ("1:02:30", timedelta(days=1, hours=2, minutes=30)),  # pretalx, a day or more
        ("2:00:00", timedelta(days=2)),
        ("01:30:00", timedelta(hours=1, minutes=30)),  # zero-padded: hours, minutes, seconds
        ("00:45:30", timedelta(minutes=45, seconds=30)),
    ],
)
def test_durations_in_the_forms_frab_and_pretalx_write(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "half an hour", "1:5", "1:75", "1:24:00", "PT30M", "1:2:3:4"])
def test_durations_in_other_forms_are_refused(text):
    with pytest.raises(ScheduleError, match="duration"):
        parse_duration(text)


def pretalx_duration(minutes: int) -> str:
    """pretalx's serialize_duration: MM as 00:MM, then HH:MM, then D:HH:MM from a day on."""
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}:{hours:02}:{minutes:02}"
    return f"{hours:02}:{minutes:02}"


def frab_duration(minutes: int) -> str:
    """frab's duration_to_time: '%02d:%02d' of hours and minutes, hours past 24 as they come."""
    return f"{minutes // 60:02}:{minutes % 60:02}"


@given(st.integers(min_value=0, max_value=7 * 24 * 60))
def test_durations_written_by_pretalx_or_frab_read_back(minutes):
    assert parse_duration(pretalx_duration(minutes)) == timedelta(minutes=minutes)
    assert parse_duration(frab_duration(minutes)) == timedelta(minutes=minutes)


# --- bad files ---------------------------------------------------------------------------------


def test_malformed_xml_names_line_and_column():
    text = xml_document(xml_event(title="Opening</titel>"))

    message = error_of(text, "bad.xml")

    line = line_of(text, "<title>Opening")
    assert message.startswith(f"bad.xml:{line}:")
    assert "malformed XML (Opening and ending tag mismatch: title" in message


def test_malformed_json_names_line_and_column():
    message = error_of('{"schedule": {\n  "version": "v1",\n  "conference": {,}}}', "bad.json")

    assert (
        message
        == "bad.json:3:18: malformed JSON (Expecting property name enclosed in double quotes)"
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("", "the file is empty"),
        ("  \n", "the file is empty"),
        ("Title: PeerCon\nTalks: …", "it is neither XML nor a JSON object"),
        ("[1, 2]", "it is neither XML nor a JSON object"),
        ('{"conference": {}}', 'no "schedule" object at the top'),
        ('{"schedule": []}', 'no "schedule" object at the top'),
    ],
)
def test_a_file_of_another_kind_is_refused(data, reason):
    assert error_of(data, "f") == f"f: not a frab schedule (XML or JSON): {reason}"


def test_xml_of_another_kind_is_refused():
    message = error_of("<?xml version='1.0'?>\n<rss><channel/></rss>", "feed.xml")

    assert message == (
        "feed.xml:2: not a frab schedule (XML or JSON): the root element is <rss>, not <schedule>"
    )


def test_xml_declaring_entities_is_refused():
    prologue = (
        "<?xml version='1.0'?>\n<!DOCTYPE schedule [<!ENTITY a 'aaaaaaaaaa'>"
        "<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
    )
    text = xml_document(xml_event(title="&b;"), prologue=prologue)

    message = error_of(text, "laughs.xml")

    assert message.startswith("laughs.xml: the XML declares entities")


@pytest.mark.parametrize(
    ("conference", "problem"),
    [
        ("<acronym>peercon</acronym>", "the conference has no title"),
        ("<title>PeerCon</title>", "the conference has no acronym"),
        ("<title> </title><acronym>peercon</acronym>", "the conference has no title"),
    ],
)
def test_xml_conference_without_title_or_acronym_is_refused(conference, problem):
    text = xml_document(xml_event(), conference=conference)

    assert error_of(text, "c.xml") == f"c.xml:{line_of(text, '<conference>')}: {problem}"


@pytest.mark.parametrize("field", ["title", "acronym"])
def test_json_conference_without_title_or_acronym_is_refused(field):
    data = json_document(json_talk(), conference={field: ""})

    assert error_of(data, "c.json") == f"c.json: schedule.conference: the conference has no {field}"


@pytest.mark.parametrize(
    ("event", "marker", "problem"),
    [
        (xml_event(title=""), "<event", "the talk has no <title>"),
        (
            xml_event(date_value=None, start=None),
            "<event",
            "the talk has no <date> with a time and no <start>",
        ),
        (
            xml_event(date_value="10.03.2027 09:00"),
            "<date>",
            "<date> '10.03.2027 09:00' is not an ISO date (YYYY-MM-DD[THH:MM[:SS][+HH:MM]])",
        ),
        (
            xml_event(date_value="2027-02-30T09:00:00+00:00"),
            "<date>",
            "<date> '2027-02-30T09:00:00+00:00' is not a possible date or time "
            "(day is out of range for month)",
        ),
        (
            xml_event(date_value=None, start="9 Uhr"),
            "<start>9",
            "<start> '9 Uhr' is not a time of day in the form HH:MM",
        ),
        (
            xml_event(duration="half an hour"),
            "<duration>",
            "<duration> 'half an hour' is not in the form HH:MM",
        ),
        (xml_event(guid="0fa5671b"), "<event", "guid '0fa5671b' is not a UUID"),
        (xml_event(frab_id="A12"), "<event", "id 'A12' is not a whole number"),
        (xml_event(guid=None, frab_id=None), "<event", "the talk has neither a guid nor an id"),
        (
            xml_event(room="Borealis Hall"),
            "<event",
            "the talk's <room> 'Borealis Hall' is not the <room name='Aurora Hall'> it sits in",
        ),
        (
            xml_event(persons="<person id='1' guid='nope'>Anna</person>"),
            "<person",
            "guid 'nope' is not a UUID",
        ),
        (xml_event(persons="<person id='1'> </person>"), "<person", "the <person> has no name"),
        (
            xml_event(extra="<links><link>Slides</link></links>"),
            "<link>",
            "the <link> has no href",
        ),
        (
            xml_event(extra="<recording><optout>maybe</optout></recording>"),
            "<optout>",
            "<optout> 'maybe' is neither true nor false",
        ),
    ],
)
def test_xml_talk_problems_name_their_line(event, marker, problem):
    text = xml_document(event)

    assert error_of(text, "t.xml") == f"t.xml:{line_of(text, marker)}: {problem}"


def test_xml_room_without_a_name_is_refused():
    text = xml_document(xml_event(), room=f"guid='{ROOM_GUID}'")

    assert (
        error_of(text, "t.xml")
        == f"t.xml:{line_of(text, '<room guid')}: the <room> has no name attribute"
    )


def test_xml_room_with_a_guid_that_is_not_a_uuid_is_refused():
    text = xml_document(xml_event(), room="name='Aurora Hall' guid='room-1'")

    assert (
        error_of(text, "t.xml")
        == f"t.xml:{line_of(text, '<room name')}: guid 'room-1' is not a UUID"
    )


def test_xml_talk_in_a_room_the_conference_does_not_declare_is_refused():
    conference = (
        "<title>PeerCon</title>\n    <acronym>peercon</acronym>\n"
        "    <rooms><room name='Borealis Hall'/></rooms>"
    )
    text = xml_document(xml_event(), conference=conference)

    assert error_of(text, "t.xml") == (
        f"t.xml:{line_of(text, '<room name=' + chr(39) + 'Aurora')}: room 'Aurora Hall' is not "
        "declared in the conference's <rooms>"
    )


def test_xml_day_without_date_or_start_is_refused():
    text = xml_document(xml_event(), day="index='1'")

    assert (
        error_of(text, "t.xml")
        == f"t.xml:{line_of(text, '<day')}: the <day> has neither a date nor a start"
    )


def test_xml_conference_start_that_is_not_a_date_is_refused():
    text = xml_document(xml_event()).replace("<start>2027-03-10</start>", "<start>March 10</start>")

    assert error_of(text, "t.xml") == (
        f"t.xml:{line_of(text, '<start>March')}: <start> 'March 10' is not an ISO date "
        "(YYYY-MM-DD[THH:MM[:SS][+HH:MM]])"
    )


def test_unknown_time_zone_is_refused():
    text = xml_document(xml_event(), zone="<time_zone_name>Mars/Olympus</time_zone_name>")

    assert error_of(text, "t.xml") == (
        f"t.xml:{line_of(text, '<time_zone_name>')}: <time_zone_name> 'Mars/Olympus' is not a "
        "known time zone (such as 'Europe/Berlin')"
    )


def test_time_without_any_zone_is_refused():
    event = xml_event(date_value="2027-03-10T09:00:00")
    day = "index='1' date='2027-03-10'"

    message = error_of(xml_document(event, zone="", day=day), "t.xml")

    assert message.endswith(
        "<date> '2027-03-10T09:00:00' has no time-zone offset and the file names no time_zone_name"
    )


def test_two_talks_with_the_same_guid_are_refused():
    text = xml_document(xml_event(), xml_event(frab_id="2"))
    first = line_of(text, "<event")
    second = line_of(text, "<event guid='0fa5671b-ed78-59a3-a731-6f5f6a522aac' id='2'")

    assert error_of(text, "t.xml") == (
        f"t.xml:{second}: the talk has the same guid as the talk at t.xml:{first}"
    )


def test_two_old_talks_with_the_same_id_are_refused():
    text = xml_document(xml_event(guid=None), xml_event(guid=None))

    assert "the talk has the same id (and no guid) as the talk at t.xml:" in error_of(text, "t.xml")


@pytest.mark.parametrize(
    ("talk", "problem"),
    [
        (json_talk(title=None), "the talk has no title"),
        (json_talk(title=42), "title must be text, not a number"),
        (json_talk(date=None, start=None), "the talk has no date with a time and no start"),
        (
            json_talk(date="2027/03/10 09:00"),
            "date '2027/03/10 09:00' is not an ISO date (YYYY-MM-DD[THH:MM[:SS][+HH:MM]])",
        ),
        (json_talk(duration=None), "the talk has no duration"),
        (
            json_talk(duration=None, end="2027-03-10T08:00:00+00:00"),
            "end '2027-03-10T08:00:00+00:00' is before the talk's start",
        ),
        (json_talk(guid="AQ3WU3"), "guid 'AQ3WU3' is not a UUID"),
        (json_talk(guid=None, id=None), "the talk has neither a guid nor an id"),
        (json_talk(id=True), "id must be a whole number, not true or false"),
        (
            json_talk(room="Borealis Hall"),
            "the talk's room 'Borealis Hall' is not the room 'Aurora Hall' it is listed in",
        ),
        (json_talk(do_not_record="no"), "do_not_record must be true or false, not text"),
        (json_talk(persons={"name": "Anna"}), "persons must be a list, not an object"),
        (json_talk(abstract="soft\vbreak"), "abstract contains the control character U+000B"),
    ],
)
def test_json_talk_problems_name_their_path(talk, problem):
    assert error_of(json_document(talk), "t.json") == f"t.json: {TALK_PATH}: {problem}"


@pytest.mark.parametrize(
    ("person", "problem"),
    [
        ({"code": "SRCGDG"}, "the person has no name"),
        ({"name": "Anna", "guid": "anna"}, "guid 'anna' is not a UUID"),
    ],
)
def test_json_person_problems_name_their_path(person, problem):
    data = json_document(json_talk(persons=[person]))

    assert error_of(data, "t.json") == f"t.json: {TALK_PATH}.persons[0]: {problem}"


def test_json_link_without_url_is_refused():
    data = json_document(json_talk(links=[{"title": "Slides"}]))

    assert error_of(data, "t.json") == f"t.json: {TALK_PATH}.links[0]: the link has no url"


def test_json_talk_in_a_room_the_conference_does_not_declare_is_refused():
    data = json_document(json_talk(room="Borealis Hall"), room="Borealis Hall")

    assert error_of(data, "t.json") == (
        "t.json: schedule.conference.days[0].rooms[\"Borealis Hall\"]: room 'Borealis Hall' is "
        "not declared in schedule.conference.rooms"
    )


def test_json_room_guid_that_is_not_a_uuid_is_refused():
    data = json_document(json_talk(), rooms=[{"name": "Aurora Hall", "guid": "hall-1"}])

    assert error_of(data, "t.json") == (
        "t.json: schedule.conference.rooms[0]: guid 'hall-1' is not a UUID"
    )


def test_json_day_date_that_is_not_iso_is_refused():
    data = json_document(json_talk(), day={"date": "10 March 2027"})

    assert error_of(data, "t.json") == (
        "t.json: schedule.conference.days[0]: date '10 March 2027' is not an ISO date "
        "(YYYY-MM-DD[THH:MM[:SS][+HH:MM]])"
    )


def test_json_that_is_not_utf8_is_refused():
    data = json_document(json_talk(title="Café")).replace("Café".encode(), "Café".encode("latin-1"))

    assert error_of(data, "t.json").startswith(
        "t.json: not UTF-8 text (invalid byte 0xe9 at offset"
    )


# --- files that are not files ------------------------------------------------------------------


def test_read_schedule_reads_a_file(tmp_path):
    path = tmp_path / "schedule.json"
    path.write_bytes(json_document(json_talk()))

    assert read_schedule(path).conference.talks[0].where == f"{path}: {TALK_PATH}"


def test_read_schedule_names_the_path_in_parse_errors(tmp_path):
    path = tmp_path / "schedule.xml"
    path.write_text("<schedule>", encoding="utf-8")

    with pytest.raises(ScheduleError, match=f"^{path}:1:11: malformed XML"):
        read_schedule(path)


def test_read_schedule_refuses_a_missing_file(tmp_path):
    path = tmp_path / "missing.xml"

    with pytest.raises(ScheduleError) as caught:
        read_schedule(path)

    assert str(caught.value) == f"{path}: cannot read the file (No such file or directory)"


def test_read_schedule_refuses_a_folder(tmp_path):
    with pytest.raises(ScheduleError) as caught:
        read_schedule(tmp_path)

    assert (
        str(caught.value)
        == f"{tmp_path}: cannot read the file (it is a folder, not a regular file)"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_read_schedule_refuses_a_named_pipe_without_waiting(tmp_path):
    pipe = tmp_path / "schedule.xml"
    os.mkfifo(pipe)

    with pytest.raises(ScheduleError) as caught:
        read_schedule(pipe)  # opening it would wait for a writer forever

    assert (
        str(caught.value)
        == f"{pipe}: cannot read the file (it is a named pipe, not a regular file)"
    )


def test_xml_room_with_another_guid_on_another_day_is_refused():
    second_day = (
        "  <day index='2' date='2027-03-11' start='2027-03-11T04:00:00+00:00'>\n"
        f"    <room name='Aurora Hall' guid='{GUID_B}'/>\n"
        "  </day>\n</schedule>"
    )
    text = xml_document(xml_event()).replace("</schedule>", second_day)
    first, second = line_of(text, "<room name="), line_of(text, f"guid='{GUID_B}'")

    assert error_of(text, "t.xml") == (
        f"t.xml:{second}: room 'Aurora Hall' has guid {GUID_B} here but {ROOM_GUID} at "
        f"t.xml:{first}"
    )
