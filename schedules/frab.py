"""Read a conference schedule in the frab format, as XML or as the C3VOC JSON form.

This module is the pure first stage of the schedule import: it turns the bytes of a file into a
typed :class:`Schedule` and knows nothing about Django or the database. frab, pretalx and Indico
write the format; Giggity, EventFahrplan and the C3VOC tools read it. The two forms carry the
same things::

    <schedule>                                  {"schedule": {
      <generator name= version=/>                 "version": …, "base_url": …, "url": …,
      <version/> <url/>                           "conference": {
      <conference>                                  "acronym": …, "title": …, "start": …,
        <acronym/> <title/> <start/> <end/>         "time_zone_name": …,
        <time_zone_name/> <base_url/>               "rooms": [{"name": …, "guid": …}],
        <track name= slug= color=/>                 "tracks": [{"name": …, "slug": …}],
      </conference>                                 "days": [{"index": …, "date": …,
      <day index= date= start= end=>                  "day_start": …, "day_end": …,
        <room name= guid=>                            "rooms": {"<room name>": [talk, …]}}]}},
          <event guid= id= code=> … </event>       "generator": {"name": …, "version": …}}
        </room>
      </day>
    </schedule>

What the parser accepts, because real files differ (frab since 2013, pretalx, hand-made ones):

- A talk is identified by its ``guid``; older frab files have none, and then the numeric frab
  ``id`` stands in (the writer derives a stable UUID from it). A talk needs one of the two.
- A talk's own full ``date`` (with a time) is authoritative. Without one, its start is the
  day's date (or the talk's date-only ``date``) at its ``start`` time, one day later when that
  time is before the time the day starts: a day from 11:00 runs on to 04:00 the next morning.
- Times keep the offsets the file gives. A time written without one is read in the
  conference's ``time_zone_name``, else in the offset of the day's start.
- Durations are ``MM``, ``H:MM`` or ``HH:MM`` (frab, pretalx; frab writes hours past 24 as
  they come), ``D:HH:MM`` (pretalx, for a day or more, read the same way by EventFahrplan) and
  ``0H:MM:SS`` (a three-part form whose first part is zero-padded is a time of day, never a
  pretalx day count, which pretalx writes without padding).
- Rooms are those the conference declares (``conference.rooms`` in JSON, a non-standard
  ``<rooms>`` in XML); where it declares none, as in frab's and pretalx's XML, the rooms of the
  days declare them. Tracks are those the conference declares, then any named only by a talk.
- Text is kept as written, HTML or Markdown included (the site escapes it), without the
  whitespace around it. Empty values are ``""``; absent optional values are ``None`` where the
  field's type says so.

Every problem is one :class:`ScheduleError` whose message is one line starting with the place
in the file: ``name.xml:123`` (the line of the element) or ``name.json: schedule.conference…``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import NoReturn
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import etree

# Both plain Python, no Django: the site's one rule on control characters and on what a file is.
from importer.article import ArticleError, require_file
from summit.text import CONTROL_CHARACTERS

__all__ = [
    "Conference",
    "Day",
    "Link",
    "Room",
    "Schedule",
    "ScheduleError",
    "Speaker",
    "Talk",
    "Track",
    "parse_duration",
    "parse_schedule",
    "read_schedule",
]


class ScheduleError(ValueError):
    """The one error type the parser raises; the message is one line naming the place."""


@dataclass(frozen=True)
class Room:
    """A room of the venue. ``guid`` and ``capacity`` are ``None`` where the file gives none."""

    name: str
    guid: UUID | None
    capacity: int | None
    description: str


@dataclass(frozen=True)
class Track:
    """A track (theme) of the programme; ``slug`` and ``color`` (``#rrggbb``) may be ``""``."""

    name: str
    slug: str
    color: str


@dataclass(frozen=True)
class Speaker:
    """A person giving a talk, as the source system knows them.

    ``code`` (pretalx), ``frab_id`` (frab, and pretalx's XML) and ``guid`` are each ``None``
    when absent; two people may share a name, never these. ``biography`` is ``""`` in XML.
    """

    name: str
    code: str | None
    frab_id: int | None
    guid: UUID | None
    biography: str


@dataclass(frozen=True)
class Link:
    """A link a talk points to (slides, a paper, a video); ``title`` may be ``""``."""

    url: str
    title: str


@dataclass(frozen=True)
class Talk:
    """One slot of the programme: a talk, workshop or other session in one room at one time.

    ``starts_at`` is timezone-aware, in the offset the file gives. ``guid`` or ``frab_id`` is
    always set (``guid`` is ``None`` in older frab files). ``track`` is ``None`` for a talk in no
    track. ``where`` is its place in the file, for messages: ``"name.xml:123"`` or
    ``'name.json: schedule.conference.days[0].rooms["Aurora Hall"][3]'``.
    """

    guid: UUID | None
    frab_id: int | None
    code: str
    room: str
    title: str
    subtitle: str
    track: str | None
    type: str
    language: str
    abstract: str
    description: str
    starts_at: datetime
    duration: timedelta
    slug: str
    url: str
    persons: tuple[Speaker, ...]
    links: tuple[Link, ...]
    do_not_record: bool
    recording_license: str
    where: str

    @property
    def ends_at(self) -> datetime:
        """When the talk ends: its start plus its duration."""
        return self.starts_at + self.duration


@dataclass(frozen=True)
class Day:
    """A day of the conference and its talks in file order (room by room).

    ``start`` and ``end`` (aware) bound the day, which may run past midnight; ``None`` where the
    file gives neither.
    """

    index: int
    date: date
    start: datetime | None
    end: datetime | None
    talks: tuple[Talk, ...]


@dataclass(frozen=True)
class Conference:
    """The event the schedule is for, with its rooms, tracks and days.

    ``time_zone_name`` is an IANA name (``"Europe/Berlin"``, ``"UTC"``) checked to exist, or
    ``None`` when the file has none.
    """

    acronym: str
    title: str
    start: date
    end: date
    time_zone_name: str | None
    rooms: tuple[Room, ...]
    tracks: tuple[Track, ...]
    days: tuple[Day, ...]

    @property
    def talks(self) -> tuple[Talk, ...]:
        """Every talk of every day, in file order."""
        return tuple(talk for day in self.days for talk in day.talks)


@dataclass(frozen=True)
class Schedule:
    """A parsed schedule file: which system made it, its version, and the conference.

    ``generator_name``, ``generator_version``, ``version`` (the schedule's own, such as
    ``"v1.0"``), ``base_url`` and ``url`` are ``""`` when the file has none.
    """

    generator_name: str
    generator_version: str
    version: str
    conference: Conference
    base_url: str
    url: str


def read_schedule(path: Path) -> Schedule:
    """Read and parse the schedule file at ``path`` (see :func:`parse_schedule`).

    A path that is not a regular file is refused without opening it (a pipe would never end);
    that and an :class:`OSError` while reading are raised as :class:`ScheduleError` starting
    with the path, as are the parse errors.
    """
    try:
        require_file(path)
    except ArticleError as error:
        raise ScheduleError(str(error)) from None
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise ScheduleError(f"{path}: cannot read the file ({reason})") from error
    return parse_schedule(data, str(path))


def parse_schedule(data: bytes, name: str) -> Schedule:
    """Parse the bytes of a frab schedule, telling XML from JSON by the content, not the name.

    ``name`` is what messages call the file (a path, or an upload's name). Raises
    :class:`ScheduleError` for a file that is neither (``"not a frab schedule (XML or JSON)"``),
    malformed XML or JSON (with line and column), an XML file declaring entities, a missing
    required field, a value of the wrong form, a talk in an undeclared room, or two talks with
    the same identity.
    """
    start = data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    if start.startswith(b"<"):
        return _XmlReader(name).schedule(data)
    if start.startswith(b"{"):
        return _JsonReader(name).schedule(data)
    reason = "the file is empty" if not start else "it is neither XML nor a JSON object"
    raise ScheduleError(f"{name}: not a frab schedule (XML or JSON): {reason}")


def parse_duration(text: str) -> timedelta:
    """Read a frab duration: ``MM``, ``H:MM``/``HH:MM``, ``D:HH:MM`` or ``0H:MM:SS``.

    Three parts are days, hours and minutes as pretalx writes them (``1:02:30``), unless the
    first starts with a zero (``01:30:00``): pretalx writes a day count only when there is one,
    without padding, so that form is hours, minutes and seconds. Raises
    :class:`ScheduleError` (without a place; callers add it) for anything else.
    """
    parts = text.strip().split(":")
    if len(parts) > 3 or not all(part.isascii() and part.isdigit() for part in parts):
        raise ScheduleError(f"duration {text!r} is not in the form HH:MM")
    if len(parts) == 1:
        return timedelta(minutes=int(parts[0]))
    if any(len(part) != 2 for part in parts[1:]):
        raise ScheduleError(f"duration {text!r} is not in the form HH:MM")
    if len(parts) == 2:
        hours, minutes = map(int, parts)
        if minutes > 59:
            raise ScheduleError(f"duration {text!r} has more than 59 minutes")
        return timedelta(hours=hours, minutes=minutes)
    if parts[0].startswith("0"):
        hours, minutes, seconds = map(int, parts)
        if minutes > 59 or seconds > 59:
            raise ScheduleError(f"duration {text!r} is not a time in the form HH:MM:SS")
        return timedelta(hours=hours, minutes=minutes, seconds=seconds)
    days, hours, minutes = map(int, parts)
    if hours > 23 or minutes > 59:
        raise ScheduleError(f"duration {text!r} is not in the form D:HH:MM")
    return timedelta(days=days, hours=hours, minutes=minutes)


# --- values common to both forms -------------------------------------------------------------

_DATE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[T ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?"
    r"(?P<offset>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)
_TIME_OF_DAY = re.compile(r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?")


def _fail(where: str, message: str) -> NoReturn:
    raise ScheduleError(f"{where}: {message}")


def _date_or_datetime(value: str, where: str, label: str) -> date | datetime:
    """A date, or a date-time that is aware when the value has an offset."""
    match = _DATE_TIME.fullmatch(value.strip())
    if match is None:
        _fail(where, f"{label} {value!r} is not an ISO date (YYYY-MM-DD[THH:MM[:SS][+HH:MM]])")
    try:
        day = date.fromisoformat(match["date"])
        if match["hour"] is None:
            return day
        moment = datetime.combine(
            day,
            time(
                int(match["hour"]),
                int(match["minute"]),
                int(match["second"] or 0),
                int((match["fraction"] or "0")[:6].ljust(6, "0")),
            ),
        )
        offset = match["offset"]
        if offset is None:
            return moment
        if offset == "Z":
            return moment.replace(tzinfo=timezone.utc)
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
        return moment.replace(tzinfo=timezone(sign * delta))
    except ValueError as error:
        _fail(where, f"{label} {value!r} is not a possible date or time ({error})")


def _date(value: str, where: str, label: str) -> date:
    parsed = _date_or_datetime(value, where, label)
    return parsed.date() if isinstance(parsed, datetime) else parsed


def _aware(moment: datetime, zone: tzinfo | None, where: str, label: str, value: str) -> datetime:
    if moment.tzinfo is not None:
        return moment
    if zone is None:
        _fail(
            where,
            f"{label} {value!r} has no time-zone offset and the file names no time_zone_name",
        )
    return moment.replace(tzinfo=zone)


def _datetime(value: str, zone: tzinfo | None, where: str, label: str) -> datetime:
    parsed = _date_or_datetime(value, where, label)
    if not isinstance(parsed, datetime):
        _fail(where, f"{label} {value!r} is a date without a time")
    return _aware(parsed, zone, where, label, value)


def _time_of_day(value: str, where: str, label: str) -> time:
    match = _TIME_OF_DAY.fullmatch(value.strip())
    if match is None:
        _fail(where, f"{label} {value!r} is not a time of day in the form HH:MM")
    try:
        return time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    except ValueError:
        _fail(where, f"{label} {value!r} is not a possible time of day")


def _duration(value: str, where: str, label: str) -> timedelta:
    try:
        return parse_duration(value)
    except ScheduleError as error:
        _fail(where, str(error).replace("duration", label, 1))


def _uuid(value: str, where: str, label: str) -> UUID:
    try:
        return UUID(value.strip())
    except ValueError:
        _fail(where, f"{label} {value!r} is not a UUID")


def _whole_number(value: str, where: str, label: str) -> int:
    text = value.strip()
    if not text.isascii() or not text.isdigit():
        _fail(where, f"{label} {value!r} is not a whole number")
    return int(text)


def _zone(name: str | None, where: str, label: str) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        _fail(where, f"{label} {name!r} is not a known time zone (such as 'Europe/Berlin')")


@dataclass(frozen=True)
class _DayClock:
    """What a talk of one day needs to place itself in time."""

    date: date
    start: datetime | None
    zone: tzinfo | None


def _talk_start(
    clock: _DayClock,
    date_value: str | None,
    start_value: str | None,
    where: str,
    labels: tuple[str, str],
) -> datetime:
    """The start of a talk from its ``date`` and ``start`` (rules in the module docstring)."""
    date_label, start_label = labels
    day, next_day_when_early = clock.date, True
    if date_value:
        parsed = _date_or_datetime(date_value, where, date_label)
        if isinstance(parsed, datetime):
            return _aware(parsed, clock.zone, where, date_label, date_value)
        day, next_day_when_early = parsed, False
    if not start_value:
        _fail(where, f"the talk has no {date_label} with a time and no {start_label}")
    at = _time_of_day(start_value, where, start_label)
    if clock.zone is None:
        _fail(
            where,
            f"{start_label} {start_value!r} has no time zone: the file names no time_zone_name "
            "and its day no start with an offset",
        )
    starts_at = datetime.combine(day, at, tzinfo=clock.zone)
    if (
        next_day_when_early
        and clock.start is not None
        and at < clock.start.astimezone(clock.zone).time()
    ):
        starts_at += timedelta(days=1)
    return starts_at


class _Programme:
    """Collects rooms, tracks and talk identities while a reader walks a file, and checks them."""

    def __init__(self, declared_rooms: Iterable[tuple[Room, str]]) -> None:
        self.rooms: dict[str, Room] = {}
        self.room_places: dict[str, str] = {}
        for room, where in declared_rooms:
            if room.name in self.rooms:
                _fail(where, f"room {room.name!r} is declared twice")
            self.rooms[room.name] = room
            self.room_places[room.name] = where
        self.rooms_declared = bool(self.rooms)
        self.tracks: dict[str, Track] = {}
        self.talks_by_identity: dict[UUID | int, Talk] = {}

    def add_track(self, track: Track, where: str) -> None:
        if track.name in self.tracks:
            _fail(where, f"track {track.name!r} is declared twice")
        self.tracks[track.name] = track

    def use_room(self, name: str, guid: UUID | None, where: str, declared_in: str) -> None:
        """Note a room a day's talks sit in: declared by the conference, or declared here."""
        known = self.rooms.get(name)
        if known is None:
            if self.rooms_declared:
                _fail(where, f"room {name!r} is not declared in {declared_in}")
            self.rooms[name] = Room(name=name, guid=guid, capacity=None, description="")
            self.room_places[name] = where
        elif guid is not None and known.guid is None:
            self.rooms[name] = Room(known.name, guid, known.capacity, known.description)
        elif guid is not None and guid != known.guid:
            _fail(
                where,
                f"room {name!r} has guid {guid} here but {known.guid} at {self.room_places[name]}",
            )

    def add_talk(self, talk: Talk) -> Talk:
        identity: UUID | int | None = talk.guid if talk.guid is not None else talk.frab_id
        if identity is None:
            _fail(talk.where, "the talk has neither a guid nor an id")
        other = self.talks_by_identity.get(identity)
        if other is not None:
            what = "guid" if talk.guid is not None else "id (and no guid)"
            _fail(talk.where, f"the talk has the same {what} as the talk at {other.where}")
        self.talks_by_identity[identity] = talk
        if talk.track is not None and talk.track not in self.tracks:
            self.tracks[talk.track] = Track(name=talk.track, slug="", color="")
        return talk


def _conference(
    *,
    acronym: str,
    title: str,
    start: date | None,
    end: date | None,
    time_zone_name: str | None,
    programme: _Programme,
    days: tuple[Day, ...],
    where: str,
) -> Conference:
    if not title:
        _fail(where, "the conference has no title")
    if not acronym:
        _fail(where, "the conference has no acronym")
    if start is None:
        if not days:
            _fail(where, "the conference has no start date and no days")
        start = min(day.date for day in days)
    if end is None:
        end = max((day.date for day in days), default=start)
    if end < start:
        _fail(where, f"the conference ends ({end}) before it starts ({start})")
    return Conference(
        acronym=acronym,
        title=title,
        start=start,
        end=end,
        time_zone_name=time_zone_name or None,
        rooms=tuple(programme.rooms.values()),
        tracks=tuple(programme.tracks.values()),
        days=days,
    )


# --- XML -------------------------------------------------------------------------------------

_XML_MESSAGE_PLACE = re.compile(r",? line [0-9]+, column [0-9]+$")


def _xml_parser() -> etree.XMLParser:
    # An uploaded file must not expand entities (billion laughs), load a DTD or reach the
    # network, nor build an unbounded tree.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


class _XmlReader:
    def __init__(self, name: str) -> None:
        self.name = name

    def where(self, element: etree._Element) -> str:
        return f"{self.name}:{element.sourceline}"

    def schedule(self, data: bytes) -> Schedule:
        try:
            root = etree.fromstring(data, _xml_parser())
        except etree.XMLSyntaxError as error:
            line, column = error.position
            message = _XML_MESSAGE_PLACE.sub("", error.msg or str(error))
            raise ScheduleError(f"{self.name}:{line}:{column}: malformed XML ({message})") from None
        dtd = root.getroottree().docinfo.internalDTD
        if dtd is not None and any(True for _ in dtd.iterentities()):
            raise ScheduleError(
                f"{self.name}: the XML declares entities (<!ENTITY …>), which a schedule never "
                "needs; refusing to read it"
            )
        if root.tag != "schedule":
            tag = root.tag if isinstance(root.tag, str) else "?"
            _fail(
                self.where(root),
                f"not a frab schedule (XML or JSON): the root element is <{tag}>, not <schedule>",
            )
        conference = self.child(root, "conference")
        if conference is None:
            _fail(self.where(root), "the schedule has no <conference>")
        generator = self.child(root, "generator")
        zone_name = self.text(conference, "time_zone_name") or None
        zone_element = self.child(conference, "time_zone_name")
        zone = _zone(
            zone_name,
            self.where(zone_element if zone_element is not None else conference),
            "<time_zone_name>",
        )
        rooms_element = self.child(conference, "rooms")
        programme = _Programme(
            (self.declared_room(room), self.where(room))
            for room in (rooms_element.iterchildren("room") if rooms_element is not None else ())
        )
        tracks_element = self.child(conference, "tracks")
        for track in (
            *conference.iterchildren("track"),
            *(tracks_element.iterchildren("track") if tracks_element is not None else ()),
        ):
            programme.add_track(self.track(track), self.where(track))
        days = tuple(
            self.day(day, position, zone, programme)
            for position, day in enumerate(root.iterchildren("day"), start=1)
        )
        return Schedule(
            generator_name=(generator.get("name") or "").strip() if generator is not None else "",
            generator_version=(
                (generator.get("version") or "").strip() if generator is not None else ""
            ),
            version=self.text(root, "version"),
            conference=_conference(
                acronym=self.text(conference, "acronym"),
                title=self.text(conference, "title"),
                start=self.optional_date(conference, "start"),
                end=self.optional_date(conference, "end"),
                time_zone_name=zone_name,
                programme=programme,
                days=days,
                where=self.where(conference),
            ),
            base_url=self.text(root, "base_url") or self.text(conference, "base_url"),
            url=self.text(root, "url") or self.text(conference, "url"),
        )

    @staticmethod
    def child(element: etree._Element, tag: str) -> etree._Element | None:
        return next(element.iterchildren(tag), None)

    def text(self, element: etree._Element, tag: str) -> str:
        """The text of the first child ``tag``, markup inside it kept as written; ``""``."""
        child = self.child(element, tag)
        return "" if child is None else self.content(child)

    @staticmethod
    def content(element: etree._Element) -> str:
        # HTML written into a description without escaping arrives as elements: keep it as text.
        inner = (element.text or "") + "".join(
            etree.tostring(child, encoding="unicode", with_tail=True) for child in element
        )
        return inner.strip()

    def optional_date(self, element: etree._Element, tag: str) -> date | None:
        child = self.child(element, tag)
        if child is None or not self.content(child):
            return None
        return _date(self.content(child), self.where(child), f"<{tag}>")

    def attribute_uuid(self, element: etree._Element, attribute: str = "guid") -> UUID | None:
        value = (element.get(attribute) or "").strip()
        return _uuid(value, self.where(element), f"{attribute}") if value else None

    def attribute_number(self, element: etree._Element, attribute: str) -> int | None:
        value = (element.get(attribute) or "").strip()
        return _whole_number(value, self.where(element), attribute) if value else None

    def declared_room(self, element: etree._Element) -> Room:
        name = (element.get("name") or "").strip() or self.content(element)
        if not name:
            _fail(self.where(element), "the <room> has no name")
        return Room(
            name=name,
            guid=self.attribute_uuid(element),
            capacity=self.attribute_number(element, "capacity"),
            description=(element.get("description") or "").strip(),
        )

    def track(self, element: etree._Element) -> Track:
        name = (element.get("name") or "").strip() or self.content(element)
        if not name:
            _fail(self.where(element), "the <track> has no name")
        return Track(
            name=name,
            slug=(element.get("slug") or "").strip(),
            color=(element.get("color") or "").strip(),
        )

    def day(
        self, element: etree._Element, position: int, zone: tzinfo | None, programme: _Programme
    ) -> Day:
        where = self.where(element)
        index = self.attribute_number(element, "index") or position
        start_value = (element.get("start") or "").strip()
        end_value = (element.get("end") or "").strip()
        start = _datetime(start_value, zone, where, "start") if start_value else None
        end = _datetime(end_value, zone, where, "end") if end_value else None
        date_value = (element.get("date") or "").strip()
        if date_value:
            day_date = _date(date_value, where, "date")
        elif start is not None:
            day_date = start.date()
        else:
            _fail(where, "the <day> has neither a date nor a start")
        clock = _DayClock(
            date=day_date, start=start, zone=zone or (start.tzinfo if start else None)
        )
        talks: list[Talk] = []
        for room in element.iterchildren("room"):
            room_name = (room.get("name") or "").strip()
            if not room_name:
                _fail(self.where(room), "the <room> has no name attribute")
            programme.use_room(
                room_name, self.attribute_uuid(room), self.where(room), "the conference's <rooms>"
            )
            for event in room.iterchildren("event"):
                talks.append(programme.add_talk(self.talk(event, room_name, clock)))
        return Day(index=index, date=day_date, start=start, end=end, talks=tuple(talks))

    def talk(self, element: etree._Element, room_name: str, clock: _DayClock) -> Talk:
        where = self.where(element)
        title = self.text(element, "title")
        if not title:
            _fail(where, "the talk has no <title>")
        own_room = self.text(element, "room")
        if own_room and own_room != room_name:
            _fail(
                where,
                f"the talk's <room> {own_room!r} is not the <room name={room_name!r}> it sits in",
            )
        duration_element = self.child(element, "duration")
        if duration_element is None or not self.content(duration_element):
            _fail(where, "the talk has no <duration>")
        recording = self.child(element, "recording")
        track = self.text(element, "track")
        return Talk(
            guid=self.attribute_uuid(element),
            frab_id=self.attribute_number(element, "id"),
            code=(element.get("code") or "").strip(),
            room=room_name,
            title=title,
            subtitle=self.text(element, "subtitle"),
            track=track or None,
            type=self.text(element, "type"),
            language=self.text(element, "language"),
            abstract=self.text(element, "abstract"),
            description=self.text(element, "description"),
            starts_at=self.talk_start(element, clock),
            duration=_duration(
                self.content(duration_element), self.where(duration_element), "<duration>"
            ),
            slug=self.text(element, "slug"),
            url=self.text(element, "url"),
            persons=tuple(self.speakers(element)),
            links=tuple(self.links(element)),
            do_not_record=self.optout(recording),
            recording_license="" if recording is None else self.text(recording, "license"),
            where=where,
        )

    def talk_start(self, element: etree._Element, clock: _DayClock) -> datetime:
        date_element = self.child(element, "date")
        start_element = self.child(element, "start")
        # Point at the element that is wrong, or at the talk when both are missing.
        place = next(
            (e for e in (date_element, start_element) if e is not None and self.content(e)),
            element,
        )
        return _talk_start(
            clock,
            self.content(date_element) if date_element is not None else None,
            self.content(start_element) if start_element is not None else None,
            self.where(place),
            ("<date>", "<start>"),
        )

    def speakers(self, element: etree._Element) -> Iterator[Speaker]:
        persons = self.child(element, "persons")
        for person in persons.iterchildren("person") if persons is not None else ():
            name = self.content(person) or (person.get("name") or "").strip()
            if not name:
                _fail(self.where(person), "the <person> has no name")
            yield Speaker(
                name=name,
                code=(person.get("code") or "").strip() or None,
                frab_id=self.attribute_number(person, "id"),
                guid=self.attribute_uuid(person),
                biography="",
            )

    def links(self, element: etree._Element) -> Iterator[Link]:
        links = self.child(element, "links")
        for link in links.iterchildren("link") if links is not None else ():
            url = (link.get("href") or "").strip()
            if not url:
                _fail(self.where(link), "the <link> has no href")
            yield Link(url=url, title=self.content(link))

    def optout(self, recording: etree._Element | None) -> bool:
        optout = None if recording is None else self.child(recording, "optout")
        if optout is None:
            return False
        value = self.content(optout).lower()
        if value in {"", "false", "0", "no"}:
            return False
        if value in {"true", "1", "yes"}:
            return True
        _fail(self.where(optout), f"<optout> {value!r} is neither true nor false")


# --- JSON ------------------------------------------------------------------------------------

_JSON_KINDS: dict[type, str] = {
    bool: "true or false",
    int: "a number",
    float: "a number",
    str: "text",
    list: "a list",
    dict: "an object",
    type(None): "null",
}


class _JsonObject:
    """A JSON object with the path that leads to it, for typed reads with placed messages."""

    def __init__(self, value: object, path: str, name: str) -> None:
        self.name = name
        self.path = path
        if not isinstance(value, dict):
            _fail(self.where, f"must be an object, not {_JSON_KINDS.get(type(value), 'that')}")
        self.value: dict[str, object] = value

    @property
    def where(self) -> str:
        return f"{self.name}: {self.path}"

    def inner(self, key: str) -> str:
        """The path of the value at ``key``."""
        return f"{self.path}.{key}" if self.path else key

    def wrong_type(self, key: str, expected: str) -> NoReturn:
        found = _JSON_KINDS.get(type(self.value[key]), "that")
        _fail(self.where, f"{key} must be {expected}, not {found}")

    def text(self, key: str, *fallbacks: str) -> str:
        """The text at ``key`` (or the first fallback key present), stripped; ``""`` if absent."""
        for candidate in (key, *fallbacks):
            value = self.value.get(candidate)
            if value is None:
                continue
            if not isinstance(value, str):
                self.wrong_type(candidate, "text")
            control = CONTROL_CHARACTERS.search(value)
            if control is not None:
                _fail(
                    self.where,
                    f"{candidate} contains the control character U+{ord(control.group()):04X}",
                )
            if value.strip():
                return value.strip()
        return ""

    def translated_text(self, key: str) -> str:
        """Text that may be an object of translations ({"en": …, "de": …}): English first."""
        value = self.value.get(key)
        if isinstance(value, dict):
            translations = _JsonObject(value, self.inner(key), self.name)
            languages = sorted(value, key=lambda language: language != "en")
            return next(filter(None, map(translations.text, languages)), "")
        return self.text(key)

    def whole_number(self, key: str) -> int | None:
        value = self.value.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return _whole_number(value, self.where, key)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.wrong_type(key, "a whole number")
        return value

    def boolean(self, key: str) -> bool:
        value = self.value.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.wrong_type(key, "true or false")
        return value

    def uuid(self, key: str) -> UUID | None:
        value = self.text(key)
        return _uuid(value, self.where, key) if value else None

    def object(self, key: str) -> _JsonObject | None:
        value = self.value.get(key)
        return None if value is None else _JsonObject(value, self.inner(key), self.name)

    def objects(self, key: str) -> list[_JsonObject]:
        """The objects of the list at ``key``; ``[]`` when it is absent or null."""
        value = self.value.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.wrong_type(key, "a list")
        return [
            _JsonObject(item, f"{self.inner(key)}[{position}]", self.name)
            for position, item in enumerate(value)
        ]


class _JsonReader:
    def __init__(self, name: str) -> None:
        self.name = name

    def schedule(self, data: bytes) -> Schedule:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ScheduleError(
                f"{self.name}: not UTF-8 text (invalid byte {data[error.start]:#04x} "
                f"at offset {error.start})"
            ) from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ScheduleError(
                f"{self.name}:{error.lineno}:{error.colno}: malformed JSON ({error.msg})"
            ) from None
        except RecursionError:
            raise ScheduleError(f"{self.name}: malformed JSON (nested too deeply)") from None
        if not isinstance(document, dict) or not isinstance(document.get("schedule"), dict):
            raise ScheduleError(
                f'{self.name}: not a frab schedule (XML or JSON): no "schedule" object at the top'
            )
        top = _JsonObject(document, "", self.name)
        schedule = _JsonObject(document["schedule"], "schedule", self.name)
        conference = schedule.object("conference")
        if conference is None:
            _fail(schedule.where, "the schedule has no conference")
        generator = top.object("generator")
        zone_name = conference.text("time_zone_name") or None
        zone = _zone(zone_name, conference.where, "time_zone_name")
        programme = _Programme(
            (self.room(room), room.where) for room in conference.objects("rooms")
        )
        for track in conference.objects("tracks"):
            programme.add_track(self.track(track), track.where)
        days = tuple(
            self.day(day, position, zone, programme)
            for position, day in enumerate(conference.objects("days"), start=1)
        )
        start, end = conference.text("start"), conference.text("end")
        return Schedule(
            generator_name=generator.text("name") if generator is not None else "",
            generator_version=generator.text("version") if generator is not None else "",
            version=schedule.text("version"),
            conference=_conference(
                acronym=conference.text("acronym"),
                title=conference.text("title"),
                start=_date(start, conference.where, "start") if start else None,
                end=_date(end, conference.where, "end") if end else None,
                time_zone_name=zone_name,
                programme=programme,
                days=days,
                where=conference.where,
            ),
            base_url=schedule.text("base_url"),
            url=schedule.text("url") or conference.text("url"),
        )

    @staticmethod
    def room(room: _JsonObject) -> Room:
        name = room.text("name")
        if not name:
            _fail(room.where, "the room has no name")
        capacity = room.value.get("capacity")
        return Room(
            name=name,
            guid=room.uuid("guid"),
            # Capacities are counts of seats, though the schema allows any number.
            capacity=None if capacity is None else room.whole_number("capacity"),
            description=room.translated_text("description"),
        )

    @staticmethod
    def track(track: _JsonObject) -> Track:
        name = track.text("name")
        if not name:
            _fail(track.where, "the track has no name")
        return Track(name=name, slug=track.text("slug"), color=track.text("color"))

    def day(
        self, day: _JsonObject, position: int, zone: tzinfo | None, programme: _Programme
    ) -> Day:
        where = day.where
        index = day.whole_number("index") or position
        start_value, end_value = day.text("day_start"), day.text("day_end")
        start = _datetime(start_value, zone, where, "day_start") if start_value else None
        end = _datetime(end_value, zone, where, "day_end") if end_value else None
        date_value = day.text("date")
        if date_value:
            day_date = _date(date_value, where, "date")
        elif start is not None:
            day_date = start.date()
        else:
            _fail(where, "the day has neither a date nor a day_start")
        clock = _DayClock(
            date=day_date, start=start, zone=zone or (start.tzinfo if start else None)
        )
        rooms = day.object("rooms")
        talks: list[Talk] = []
        for room_name, room_talks in rooms.value.items() if rooms is not None else ():
            room_path = f"{day.path}.rooms[{json.dumps(room_name, ensure_ascii=False)}]"
            room_where = f"{self.name}: {room_path}"
            if not room_name.strip() or CONTROL_CHARACTERS.search(room_name):
                _fail(room_where, "a room name must be text without control characters")
            programme.use_room(room_name.strip(), None, room_where, "schedule.conference.rooms")
            if not isinstance(room_talks, list):
                _fail(
                    room_where, f"must be a list, not {_JSON_KINDS.get(type(room_talks), 'that')}"
                )
            for position_in_room, item in enumerate(room_talks):
                talk = _JsonObject(item, f"{room_path}[{position_in_room}]", self.name)
                talks.append(programme.add_talk(self.talk(talk, room_name.strip(), clock)))
        return Day(index=index, date=day_date, start=start, end=end, talks=tuple(talks))

    def talk(self, talk: _JsonObject, room_name: str, clock: _DayClock) -> Talk:
        where = talk.where
        title = talk.text("title")
        if not title:
            _fail(where, "the talk has no title")
        own_room = talk.text("room")
        if own_room and own_room != room_name:
            _fail(
                where,
                f"the talk's room {own_room!r} is not the room {room_name!r} it is listed in",
            )
        starts_at = _talk_start(
            clock, talk.text("date"), talk.text("start"), where, ("date", "start")
        )
        duration_value = talk.text("duration")
        if duration_value:
            duration = _duration(duration_value, where, "duration")
        elif talk.text("end"):
            duration = _datetime(talk.text("end"), clock.zone, where, "end") - starts_at
            if duration < timedelta(0):
                _fail(where, f"end {talk.text('end')!r} is before the talk's start")
        else:
            _fail(where, "the talk has no duration")
        track = talk.text("track")
        return Talk(
            guid=talk.uuid("guid"),
            frab_id=talk.whole_number("id"),
            code=talk.text("code"),
            room=room_name,
            title=title,
            subtitle=talk.text("subtitle"),
            track=track or None,
            type=talk.text("type"),
            language=talk.text("language"),
            abstract=talk.text("abstract"),
            description=talk.text("description"),
            starts_at=starts_at,
            duration=duration,
            slug=talk.text("slug"),
            url=talk.text("url"),
            persons=tuple(map(self.speaker, talk.objects("persons"))),
            links=tuple(map(self.link, talk.objects("links"))),
            do_not_record=talk.boolean("do_not_record"),
            recording_license=talk.text("recording_license"),
            where=where,
        )

    @staticmethod
    def speaker(person: _JsonObject) -> Speaker:
        name = person.text("name", "public_name")
        if not name:
            _fail(person.where, "the person has no name")
        return Speaker(
            name=name,
            code=person.text("code") or None,
            frab_id=person.whole_number("id"),
            guid=person.uuid("guid"),
            biography=person.text("biography"),
        )

    @staticmethod
    def link(link: _JsonObject) -> Link:
        url = link.text("url")
        if not url:
            _fail(link.where, "the link has no url")
        return Link(url=url, title=link.text("title"))
