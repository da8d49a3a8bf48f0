"""An event's programme in the frab schedule format, as XML and as C3VOC JSON.

Giggity, EventFahrplan, info-beamer and the C3VOC tools read this format; pretalx, frab and
Indico write it. Both documents are written from the same rows (:class:`Programme`), read with
a fixed number of queries and prepared once, in the active language: modeltranslation gives
titles, names and texts in it, falling back to Chinese.

What goes in, and why:

- What the public may see, as on the event's page: the published talks of a published event,
  and of each talk its published speakers and its links.
- Scheduled talks only, those with a start and a room: in frab every talk sits in a room on a
  day, and frab clients draw it as a block there (pretalx exports the same way). A talk without
  an end lasts ``00:00``.
- Times in the event's time zone, with their offset. A talk is on the day it starts on in that
  zone; a day runs from 00:00 to 23:59 there, and on to the end of a talk that starts that day
  and runs past midnight. Every date of the event is a day, with talks or without.
- Identities that stay put between exports and languages: a talk's ``guid`` and number (its
  primary key), a room's ``guid`` (made from its primary key until an import gives it one), a
  person's ``guid`` (made from theirs). Persons carry no ``code``: the XSD allows none on a
  person, and an importer should find the same person in either form by the same ``guid``.
- Identifiers the schemas restrict are ASCII whatever the language: the conference acronym is
  the ASCII part of the event's slug with underscores (the JSON schema allows no hyphen in it),
  a talk's slug is its page's slug under the acronym (``<acronym>-<slug>``, or the page's slug
  when it starts so, as an imported one does), or for a page slug in Chinese
  ``<acronym>-<talk number>-<its ASCII words, or "talk">``; a track's slug is the ASCII part of
  its English name, else ``track-<number>``.
- Text without control characters, so that one pasted vertical tab cannot break the XML.
"""

import datetime
import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from lxml import etree

from schedules.frab import Link
from summit.models import Event, Person, Room, Talk, TalkLink
from summit.text import without_control_characters

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
# Rooms without a guid of their own and people get one derived from their primary key in this
# namespace: the same in every export, and unlike any other system's.
GUID_NAMESPACE = uuid.UUID("fda2cf3b-aef2-43f6-b7da-ed099b586763")
# The grid frab clients snap talks to; pretalx writes the same.
TIMESLOT_DURATION = "00:05"
# The C3VOC JSON schema knows zone names of the form Area/Place and UTC only; the offset in
# every time still says where the others are.
SCHEMA_TIME_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
TRACK_SLUG = re.compile(r"[a-z][a-z0-9-]*[a-z0-9]")
# Besides control characters, XML 1.0 refuses these two non-characters.
NON_CHARACTERS = re.compile("[\ufffe\uffff]")


@dataclass(frozen=True)
class Speaker:
    """A person as a talk names them."""

    id: int
    guid: str
    name: str
    biography: str
    url: str
    updated_at: datetime.datetime  # for the schedule's version, not written


@dataclass(frozen=True)
class Entry:
    """One talk, as frab calls it an event: everything both forms write of it."""

    id: int
    guid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    room: str
    slug: str
    url: str
    title: str
    subtitle: str
    track: str | None
    type: str
    language: str
    abstract: str
    description: str
    persons: list[Speaker]
    links: list[Link]

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass(frozen=True)
class RoomRow:
    name: str
    guid: str
    capacity: int | None


@dataclass(frozen=True)
class TrackRow:
    name: str
    slug: str
    color: str


@dataclass
class Day:
    index: int
    date: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    rooms: list[tuple[RoomRow, list[Entry]]] = field(default_factory=list)


@dataclass(frozen=True)
class Programme:
    """An event's schedule, prepared once for both forms."""

    title: str
    acronym: str
    time_zone: str
    version: str
    host: str
    base_url: str
    event_url: str
    rooms: list[RoomRow]
    tracks: list[TrackRow]
    days: list[Day]


def text(value: str) -> str:
    """`value` safe for XML 1.0."""
    return NON_CHARACTERS.sub("", without_control_characters(value or ""))


def ascii_slug(value: str) -> str:
    """The ASCII letters and digits of `value` as a slug: "细胞治疗-car-t" → "car-t"."""
    return slugify(value).strip("-_")


def conference_acronym(event: Event) -> str:
    """The event's slug as both schemas take an acronym: four or more of a-z, 0-9 and _."""
    acronym = ascii_slug(event.slug).replace("-", "_")
    return acronym if len(acronym) >= 4 else f"event_{event.pk}"


def talk_slug(talk_id: int, slug: str, acronym: str) -> str:
    """A talk's frab slug: the slug of its page under the acronym, or, for a slug that is not
    plain ASCII (a Chinese title's), the acronym, the talk's number and the slug's ASCII words."""
    words = ascii_slug(slug)
    if slug.isascii():
        # A slug imported from a frab file starts with the acronym already: kept as it is, so
        # that a schedule exported, imported and exported again reads the same.
        named = words if words.startswith(f"{acronym}-") else f"{acronym}-{words}"
        if len(named) >= len(acronym) + 5:  # the XSD wants 4 characters after the acronym
            return named
    # Words, not the stray digits of a Chinese slug ("报告-2").
    if len(words) < 2 or not re.search("[a-z]", words):
        words = "talk"
    return f"{acronym}-{talk_id}-{words}"


def room_guid(room: Room) -> str:
    return str(room.guid or uuid.uuid5(GUID_NAMESPACE, f"room:{room.pk}"))


def person_guid(person_id: int) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"person:{person_id}"))


def scheduled_talks(event: Event):
    """The event's public talks with a start and a room, in programme order; the event itself
    is taken as public (the caller checked it)."""
    return (
        Talk.objects.published(given=("event",))
        .filter(event=event, starts_at__isnull=False, room__isnull=False)
        .order_by("starts_at", "order", "pk")
    )


# What an export reads of a talk. Plain values rather than model instances: building 500 talks
# and 1,000 speakers as models took most of an export's time. modeltranslation still gives
# the text in the active language, with its fallback.
TALK_FIELDS = (
    *("pk", "guid", "slug", "room_id", "track_id", "starts_at", "ends_at", "updated_at"),
    *("title", "subtitle", "abstract", "description", "talk_type", "language"),
)


def page_urls(request, view_name: str) -> Callable[[str], str]:
    """The absolute address of the page `view_name` shows for a slug, reversed once rather
    than once per talk or person."""
    marker = "slug-marker"
    address = request.build_absolute_uri(reverse(view_name, kwargs={"slug": marker}))
    before, after = address.split(marker)
    # As reverse() writes a slug: its Chinese characters percent-encoded, "-" and "_" as they are.
    return lambda slug: f"{before}{quote(slug)}{after}"


def speakers_by_talk(talks, request) -> dict[int, list[Speaker]]:
    """The public speakers of the queryset `talks`, by talk, in the order they were added to
    the site (2 queries: the links of talks to people, then each person once, however many
    talks they give).

    That order is the order an imported schedule named them in, so that importing an export
    into an empty database creates the people in the same order, with the same numbers.
    """
    pairs = Talk.speakers.through.objects.filter(talk__in=talks.values("pk"))
    people = Person.objects.published().filter(pk__in=pairs.values("person_id")).order_by("pk")
    person_url = page_urls(request, "summit:person_detail")
    speakers = {
        row["pk"]: (
            index,
            Speaker(
                id=row["pk"],
                guid=person_guid(row["pk"]),
                name=text(row["name"]),
                biography=text(row["bio"]),
                url=person_url(row["slug"]),
                updated_at=row["updated_at"],
            ),
        )
        for index, row in enumerate(people.values("pk", "slug", "name", "bio", "updated_at"))
    }
    found = defaultdict(list)
    for talk_id, person_id in pairs.values_list("talk_id", "person_id"):
        if person_id in speakers:
            found[talk_id].append(speakers[person_id])
    return {
        talk_id: [speaker for _index, speaker in sorted(rows)] for talk_id, rows in found.items()
    }


def links_by_talk(talks) -> dict[int, list[Link]]:
    """The public links of the queryset `talks`, by talk, in their order (1 query)."""
    found = defaultdict(list)
    links = TalkLink.objects.published(given=("talk",)).filter(talk__in=talks.values("pk"))
    for talk_id, url, title in links.values_list("talk_id", "url", "title"):
        found[talk_id].append(Link(url=url, title=text(title)))
    return found


def _tracks(event: Event) -> dict[int, TrackRow]:
    """The event's tracks by primary key, with slugs both schemas accept (1 query)."""
    rows, taken = {}, set()
    for track in event.tracks.all():
        slug = ascii_slug(track.name_en or track.name_zh_hans or "").replace("_", "-")
        if not TRACK_SLUG.fullmatch(slug) or slug in taken:
            slug = f"track-{track.pk}"
        taken.add(slug)
        rows[track.pk] = TrackRow(name=text(track.name), slug=slug, color=track.color.lower())
    return rows


def _rooms(talks) -> dict[int, RoomRow]:
    """The rooms the queryset `talks` uses, by primary key, in the order they were added (as
    an import declares them), each under a name no other room of the export has, since talks
    name their room (1 query)."""
    rooms, names = {}, set()
    for room in Room.objects.filter(pk__in=talks.values("room_id")).order_by("pk"):
        name = text(room.name)
        if name in names:
            name = f"{name} ({room.pk})"
        names.add(name)
        rooms[room.pk] = RoomRow(name=name, guid=room_guid(room), capacity=room.capacity)
    return rooms


def _days(event: Event, entries: list[Entry]) -> list[Day]:
    zone = event.zone
    last = event.end_date or event.start_date
    dates = {
        event.start_date + datetime.timedelta(days=n)
        for n in range((last - event.start_date).days + 1)
    }
    by_date = defaultdict(list)
    for entry in entries:
        by_date[entry.starts_at.date()].append(entry)
    days = []
    for index, date in enumerate(sorted(dates | set(by_date)), start=1):
        starts_at = datetime.datetime.combine(date, datetime.time(0, 0), tzinfo=zone)
        ends_at = datetime.datetime.combine(date, datetime.time(23, 59), tzinfo=zone)
        ends_at = max([ends_at, *(entry.ends_at for entry in by_date[date])])
        days.append(Day(index=index, date=date, starts_at=starts_at, ends_at=ends_at))
    return days


def programme(event: Event, request) -> Programme:
    """Read `event`'s schedule (6 queries whatever its size) and prepare it for both forms."""
    zone = event.zone
    acronym = conference_acronym(event)
    query = scheduled_talks(event)
    talks = list(query.values(*TALK_FIELDS))
    rooms, tracks = _rooms(query), _tracks(event)
    speakers, links = speakers_by_talk(query, request), links_by_talk(query)
    talk_url = page_urls(request, "summit:talk_detail")
    entries, slugs = [], set()
    for talk in talks:
        starts_at = timezone.localtime(talk["starts_at"], zone)
        ends_at = timezone.localtime(talk["ends_at"], zone) if talk["ends_at"] else starts_at
        track = tracks.get(talk["track_id"])  # None for a track of another event, or none
        slug = talk_slug(talk["pk"], talk["slug"], acronym)
        if slug in slugs:  # two page slugs alike but for their case: the XSD wants them unique
            slug = f"{slug}-{talk['pk']}"
        slugs.add(slug)
        entry = Entry(
            id=talk["pk"],
            guid=str(talk["guid"]),
            starts_at=starts_at,
            ends_at=ends_at,
            room=rooms[talk["room_id"]].name,
            slug=slug,
            url=talk_url(talk["slug"]),
            title=text(talk["title"]),
            subtitle=text(talk["subtitle"]),
            track=track.name if track else None,
            type=text(talk["talk_type"]),
            language=text(talk["language"]),
            abstract=text(talk["abstract"]),
            description=text(talk["description"]),
            persons=speakers.get(talk["pk"], []),
            links=links[talk["pk"]],
        )
        entries.append((talk["room_id"], entry))
    days = _days(event, [entry for _room, entry in entries])
    by_day = {day.date: defaultdict(list) for day in days}
    for room_id, entry in entries:
        by_day[entry.starts_at.date()][room_id].append(entry)
    for day in days:
        in_rooms = by_day[day.date]
        day.rooms = [(row, in_rooms[pk]) for pk, row in rooms.items() if pk in in_rooms]
    # When the programme last changed: frab clients show the version and compare it.
    changed = max(
        [event.updated_at, *(talk["updated_at"] for talk in talks)]
        + [speaker.updated_at for people in speakers.values() for speaker in people]
    )
    return Programme(
        title=text(event.name),
        acronym=acronym,
        time_zone=event.zone.key,
        version=timezone.localtime(changed, zone).isoformat(timespec="seconds"),
        host=request.get_host(),
        base_url=request.build_absolute_uri("/").rstrip("/"),
        event_url=request.build_absolute_uri(event.get_absolute_url()),
        rooms=list(rooms.values()),
        tracks=list(tracks.values()),
        days=days,
    )


def _minutes(minutes: int) -> str:
    return f"{minutes // 60:02}:{minutes % 60:02}"


def _xml_duration(minutes: int) -> str:
    """HH:MM; from 100 hours on, pretalx's D:HH:MM, the one longer form the XSD allows."""
    if minutes < 100 * 60:
        return _minutes(minutes)
    days, rest = divmod(minutes, 24 * 60)
    return f"{days}:{_minutes(rest)}"


def _first_last(days: list[Day]) -> tuple[str, str]:
    return days[0].date.isoformat(), days[-1].date.isoformat()


def _entry_data(entry: Entry) -> dict:
    return {
        "guid": entry.guid,
        "id": entry.id,
        "date": entry.starts_at.isoformat(timespec="seconds"),
        "start": entry.starts_at.strftime("%H:%M"),
        "end": entry.ends_at.isoformat(timespec="seconds"),
        "duration": _minutes(entry.minutes),
        "room": entry.room,
        "slug": entry.slug,
        "url": entry.url,
        "title": entry.title,
        "subtitle": entry.subtitle,
        "track": entry.track,
        "type": entry.type,
        "language": entry.language or None,
        "abstract": entry.abstract,
        "description": entry.description,
        "persons": [
            {
                "guid": person.guid,
                "name": person.name,
                "public_name": person.name,
                "biography": person.biography,
                "url": person.url,
            }
            for person in entry.persons
        ],
        "links": [{"url": link.url, "title": link.title or link.url} for link in entry.links],
    }


def schedule_data(event: Event, request) -> dict:
    """`event`'s schedule as a C3VOC JSON document (https://c3voc.de/schedule/schema.json)."""
    prepared = programme(event, request)
    start, end = _first_last(prepared.days)
    conference = {
        "acronym": prepared.acronym,
        "title": prepared.title,
        "start": start,
        "end": end,
        "daysCount": len(prepared.days),
        "timeslot_duration": TIMESLOT_DURATION,
        "url": prepared.event_url,
        "rooms": [
            {"name": room.name, "guid": room.guid, "capacity": room.capacity}
            for room in prepared.rooms
        ],
        "tracks": [
            {
                "name": track.name,
                "slug": track.slug,
                **({"color": track.color} if track.color else {}),
            }
            for track in prepared.tracks
        ],
        "days": [
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": day.starts_at.isoformat(timespec="seconds"),
                "day_end": day.ends_at.isoformat(timespec="seconds"),
                "rooms": {
                    room.name: [_entry_data(entry) for entry in entries]
                    for room, entries in day.rooms
                },
            }
            for day in prepared.days
        ],
    }
    if SCHEMA_TIME_ZONE_NAME.search(prepared.time_zone):
        conference["time_zone_name"] = prepared.time_zone
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": str(settings.SITE_NAME), "url": prepared.base_url},
        "schedule": {
            "url": request.build_absolute_uri(
                reverse("schedules:event_schedule_json", kwargs={"slug": event.slug})
            ),
            "version": prepared.version,
            "base_url": prepared.base_url,
            "conference": conference,
        },
    }


def _add(
    parent: etree._Element, tag: str, value: str | None = None, **attributes
) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    if value:
        element.text = value
    return element


def _add_entry(parent: etree._Element, entry: Entry) -> None:
    element = _add(parent, "event", guid=entry.guid, id=str(entry.id))
    _add(element, "room", entry.room)
    _add(element, "title", entry.title)
    _add(element, "subtitle", entry.subtitle)
    _add(element, "type", entry.type)
    _add(element, "date", entry.starts_at.isoformat(timespec="seconds"))
    _add(element, "start", entry.starts_at.strftime("%H:%M"))
    _add(element, "duration", _xml_duration(entry.minutes))
    _add(element, "abstract", entry.abstract)
    _add(element, "slug", entry.slug)
    _add(element, "track", entry.track)
    persons = _add(element, "persons")
    for person in entry.persons:
        _add(persons, "person", person.name, id=str(person.id), guid=person.guid)
    if entry.language:
        _add(element, "language", entry.language)
    _add(element, "description", entry.description)
    links = _add(element, "links")
    for link in entry.links:
        _add(links, "link", link.title or link.url, href=link.url)
    _add(element, "url", entry.url)


def schedule_xml(event: Event, request) -> bytes:
    """`event`'s schedule as a frab XML document (the C3VOC schedule.xml.xsd), UTF-8."""
    prepared = programme(event, request)
    start, end = _first_last(prepared.days)
    root = etree.Element("schedule")
    _add(root, "generator", name=str(settings.SITE_NAME), system=prepared.host)
    _add(
        root,
        "url",
        request.build_absolute_uri(
            reverse("schedules:event_schedule_xml", kwargs={"slug": event.slug})
        ),
    )
    _add(root, "version", prepared.version)
    conference = _add(root, "conference")
    _add(conference, "title", prepared.title)
    _add(conference, "acronym", prepared.acronym)
    _add(conference, "start", start)
    _add(conference, "end", end)
    _add(conference, "days", str(len(prepared.days)))
    _add(conference, "timeslot_duration", TIMESLOT_DURATION)
    _add(conference, "base_url", prepared.base_url)
    _add(conference, "url", prepared.event_url)
    _add(conference, "time_zone_name", prepared.time_zone)
    for track in prepared.tracks:
        colour = {"color": track.color} if track.color else {}
        _add(conference, "track", name=track.name, slug=track.slug, **colour)
    for day in prepared.days:
        day_element = _add(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=day.starts_at.isoformat(timespec="seconds"),
            end=day.ends_at.isoformat(timespec="seconds"),
        )
        for room, entries in day.rooms:
            room_element = _add(day_element, "room", name=room.name, guid=room.guid)
            for entry in entries:
                _add_entry(room_element, entry)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)
