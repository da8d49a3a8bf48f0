"""Write a parsed frab schedule to the database: all or nothing, matched by stable identities,
staff edits kept.

Talks and rooms are found again by their GUID (a file without GUIDs gets ones derived from its
frab ids), people by the source system's person code or id, tracks by name, the event by
`--event` or else by the conference's acronym. A fingerprint of what the importer last wrote
tells whether staff edited a record since: if so it is *kept* unless `overwrite` is asked for.
The file becomes a Source that every imported record cites; the import is one
django-reversion revision, so it can be reviewed and reverted like any other edit.
"""

from __future__ import annotations

import uuid
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation

from importer.writer import conflict_message, fingerprint, hold_import_lock
from schedules import frab
from summit.models import (
    Citation,
    Event,
    Person,
    Room,
    Source,
    Status,
    Talk,
    TalkLink,
    Track,
    Venue,
)
from summit.models.base import unique_slug

OUTCOMES = ("created", "updated", "unchanged", "kept")
# GUIDs for rooms and talks of files that have none, derived from the system and the frab ids.
GUID_NAMESPACE = uuid.UUID("3f1f4f0e-9a43-5a55-8a57-1c1d2b6f0a10")
LANGUAGES = ("zh_hans", "en")


class ScheduleWriteError(ValueError):
    """A schedule that parsed but cannot be written (a value the site refuses); nothing was."""


@dataclass
class ScheduleReport:
    """What an import did, or would do in a dry run, kind by kind."""

    event: str = ""
    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    @property
    def changed(self) -> bool:
        return any(counts["created"] or counts["updated"] for counts in self.counts.values())


def import_schedule(
    path: Path,
    *,
    event_slug: str | None = None,
    dry_run: bool = False,
    draft: bool = False,
    overwrite: bool = False,
) -> ScheduleReport:
    """Import the frab schedule at `path` in one transaction. Raises frab.ScheduleError or
    ScheduleWriteError, and writes nothing, when anything is wrong."""
    schedule = frab.read_schedule(path)
    return write_schedule(
        schedule,
        path.name,
        event_slug=event_slug,
        dry_run=dry_run,
        draft=draft,
        overwrite=overwrite,
    )


def write_schedule(
    schedule: frab.Schedule,
    file_name: str,
    *,
    event_slug: str | None = None,
    dry_run: bool = False,
    draft: bool = False,
    overwrite: bool = False,
) -> ScheduleReport:
    report = ScheduleReport(dry_run=dry_run)
    try:
        with translation.override("zh-hans"), transaction.atomic():
            hold_import_lock()
            with reversion.create_revision():
                reversion.set_comment(f"Imported by import_schedule from {file_name}")
                _Writer(schedule, file_name, report, event_slug, draft, overwrite).write()
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:
        raise ScheduleWriteError(f"{file_name}: {conflict_message(error)}") from error
    return report


def _bilingual(name: str, text: str) -> dict:
    """The same text in both language columns: a schedule gives one text, the site shows it in
    either language until staff translate it."""
    return {f"{name}_{language}": text for language in LANGUAGES}


class _Writer:
    def __init__(self, schedule, file_name, report, event_slug, draft, overwrite):
        self.schedule = schedule
        self.conference = schedule.conference
        self.file_name = file_name
        self.report = report
        self.event_slug = event_slug
        self.status = Status.DRAFT if draft else Status.PUBLISHED
        self.overwrite = overwrite
        self.system = self._system()
        self.cited: list[tuple[models.Model, str]] = []

    def _system(self) -> str:
        """Who numbered the talks and people: the host of the schedule's address, else its
        generator. Identities are unique within it."""
        for address in (self.schedule.base_url, self.schedule.url):
            host = urlsplit(address).netloc
            if host:
                return host
        return self.schedule.generator_name or "frab"

    def key(self, *parts) -> str:
        return "/".join(["schedule", self.system, self.conference.acronym, *map(str, parts)])[:200]

    def derived_guid(self, *parts) -> uuid.UUID:
        return uuid.uuid5(GUID_NAMESPACE, self.key(*parts))

    def write(self) -> None:
        self.source = self._source()
        self.event = self._event()
        self.report.event = self.event.slug
        self.rooms = self._rooms()
        self.tracks = self._tracks()
        self.people = self._people()
        self._talks()
        self._cite()

    def save(
        self, kind: str, record: models.Model, values: dict, *, new=None, many=None
    ) -> models.Model:
        """Create `record` (with `values` and the `new` ones, such as a slug and a status) or
        update it to `values`, unless staff edited what the importer wrote last time (and
        `overwrite` is off); count the outcome under `kind`."""
        wanted = fingerprint({**values, **(many or {})})
        if record.pk is None:
            outcome = "created"
        else:
            current = {name: getattr(record, name) for name in values}
            for name in many or {}:
                current[name] = list(getattr(record, name).all())
            now = fingerprint(current)
            edited = bool(record.import_fingerprint) and now != record.import_fingerprint
            if now == wanted and not edited:
                outcome = "unchanged"
            elif edited and not self.overwrite:
                outcome = "kept"
            else:
                outcome = "updated"
        self.report.count(kind, outcome)
        if outcome == "kept":
            self.report.kept.append(f"{kind}: {record}")
        if outcome in ("created", "updated"):
            for name, value in {**values, **(new if outcome == "created" and new else {})}.items():
                setattr(record, name, value)
            record.import_fingerprint = wanted
            self.validate(kind, record)
            record.save()
            for name, rows in (many or {}).items():
                getattr(record, name).set(rows)
        if outcome == "created":
            self.cited.append((record, kind))
        return record

    def validate(self, kind: str, record: models.Model) -> None:
        try:
            record.clean_fields()
        except ValidationError as error:
            problems = "; ".join(
                f"{name}: {' '.join(str(message) for message in messages)}"
                for name, messages in error.message_dict.items()
            )
            with translation.override("en"):
                raise ScheduleWriteError(
                    f"{self.file_name}: {kind} “{record}”: {problems}"
                ) from None

    def _source(self) -> Source:
        source = Source.objects.filter(import_key=self.key("source")).first() or Source(
            import_key=self.key("source")
        )
        generator = " ".join(
            part for part in (self.schedule.generator_name, self.schedule.generator_version) if part
        )
        values = {
            **_bilingual("title", f"{self.conference.title}: schedule"[:300]),
            "publisher_name": (generator or "frab")[:200],
            "category": "schedule",
            "url": self.schedule.url[:200] if self.schedule.url.startswith("http") else "",
            "file_name": self.file_name[:200],
        }
        new = {
            "published_at": timezone.now(),
            "slug": unique_slug(source, f"{self.conference.acronym}-schedule"),
        }
        return self.save("sources", source, values, new=new if source.pk is None else None)

    def _event(self) -> Event:
        if self.event_slug:
            event = Event.objects.filter(slug=self.event_slug).first()
            if event is None:
                raise ScheduleWriteError(
                    f"{self.file_name}: no event with the slug {self.event_slug!r}"
                )
        else:
            event = Event.objects.filter(import_key=self.key("event")).first() or Event(
                import_key=self.key("event")
            )
        zone = self.conference.time_zone_name or event.time_zone or "Asia/Shanghai"
        last_day = max(
            [self.conference.end]
            + [
                talk.ends_at.astimezone(zoneinfo.ZoneInfo(zone)).date()
                for talk in self.conference.talks
            ]
        )
        first_day = min(
            [self.conference.start]
            + [
                talk.starts_at.astimezone(zoneinfo.ZoneInfo(zone)).date()
                for talk in self.conference.talks
            ]
        )
        if event.pk is not None:
            # An event staff made may hold talks of its own: its dates grow to take the
            # schedule's, never shrink from under them.
            first_day = min(first_day, event.start_date)
            last_day = max(last_day, event.end_date or event.start_date)
        values = {"start_date": first_day, "end_date": last_day, "time_zone": zone}
        new = None
        if event.pk is None:
            new = {
                **_bilingual("name", self.conference.title[:200]),
                "status": self.status,
                "slug": unique_slug(event, self.conference.acronym or self.conference.title),
            }
        if event.venue_id is None:
            event.venue = self._venue()
        return self.save("events", event, values, new=new)

    def _venue(self) -> Venue:
        venue = Venue.objects.filter(import_key=self.key("venue")).first()
        if venue is None:
            venue = Venue(
                import_key=self.key("venue"), **_bilingual("name", self.conference.title[:200])
            )
            self.validate("venues", venue)
            venue.save()
            self.report.count("venues", "created")
        return venue

    def _rooms(self) -> dict[str, Room]:
        declared = {room.name: room for room in self.conference.rooms}
        for talk in self.conference.talks:
            declared.setdefault(talk.room, frab.Room(talk.room, None, None, ""))
        guids = {
            name: room.guid or self.derived_guid("room", name) for name, room in declared.items()
        }
        existing = {room.guid: room for room in Room.objects.filter(guid__in=guids.values())}
        by_name = {room.name: room for room in Room.objects.filter(venue=self.event.venue)}
        rooms = {}
        for name, room in declared.items():
            record = existing.get(guids[name]) or by_name.get(name) or Room(venue=self.event.venue)
            if record.pk is None or record.guid is None:
                record.guid = guids[name]
            values = {**_bilingual("name", name[:100]), "venue": self.event.venue}
            if room.capacity is not None:
                values["capacity"] = room.capacity
            before = fingerprint({name: getattr(record, name) for name in values})
            outcome = "created" if record.pk is None else "unchanged"
            for attribute, value in values.items():
                setattr(record, attribute, value)
            if record.pk is None or before != fingerprint(values) or record.guid != guids[name]:
                outcome = outcome if outcome == "created" else "updated"
                self.validate("rooms", record)
                record.save()
            self.report.count("rooms", outcome)
            rooms[name] = record
        return rooms

    def _tracks(self) -> dict[str, Track]:
        existing = {track.name: track for track in Track.objects.filter(event=self.event)}
        tracks = {}
        for order, track in enumerate(self.conference.tracks):
            record = existing.get(track.name) or Track(event=self.event)
            values = {**_bilingual("name", track.name[:200]), "color": track.color, "order": order}
            changed = record.pk is None or any(getattr(record, k) != v for k, v in values.items())
            self.report.count(
                "tracks", "created" if record.pk is None else "updated" if changed else "unchanged"
            )
            if changed:
                for attribute, value in values.items():
                    setattr(record, attribute, value)
                self.validate("tracks", record)
                record.save()
            tracks[track.name] = record
        return tracks

    def _person_key(self, speaker: frab.Speaker) -> str:
        identity = speaker.code or speaker.guid or speaker.frab_id or speaker.name
        return self.key("person", identity)

    def _people(self) -> dict[str, Person]:
        speakers = {}
        for talk in self.conference.talks:
            for speaker in talk.persons:
                speakers.setdefault(self._person_key(speaker), speaker)
        existing = {
            person.import_key: person for person in Person.objects.filter(import_key__in=speakers)
        }
        people = {}
        for key, speaker in speakers.items():
            record = existing.get(key) or Person(import_key=key)
            values = {
                **_bilingual("name", speaker.name[:200]),
                **_bilingual("bio", speaker.biography),
            }
            people[key] = self.save("people", record, values, new={"status": self.status})
        return people

    def _talks(self) -> None:
        talks = self.conference.talks
        guids = {id(talk): talk.guid or self.derived_guid("talk", talk.frab_id) for talk in talks}
        existing = {
            talk.guid: talk
            for talk in Talk.objects.filter(guid__in=guids.values()).prefetch_related("speakers")
        }
        for talk in talks:
            guid = guids[id(talk)]
            record = existing.get(guid) or Talk(guid=guid, event=self.event)
            if record.pk is not None and record.event_id != self.event.pk:
                raise ScheduleWriteError(
                    f"{talk.where}: talk {guid} belongs to another event ({record.event}); "
                    "import into that event with --event, or give the talk a new guid"
                )
            values = {
                **_bilingual("title", talk.title[:300]),
                **_bilingual("subtitle", talk.subtitle[:300]),
                **_bilingual("abstract", talk.abstract),
                **_bilingual("description", talk.description),
                "room": self.rooms[talk.room],
                "track": self.tracks.get(talk.track) if talk.track else None,
                "talk_type": talk.type[:100],
                "language": talk.language[:20],
                "starts_at": talk.starts_at,
                "ends_at": talk.ends_at if talk.duration else None,
            }
            new = None
            if record.pk is None:
                new = {"status": self.status, "slug": unique_slug(record, talk.slug or talk.title)}
            speakers = [self.people[self._person_key(speaker)] for speaker in talk.persons]
            saved = self.save("talks", record, values, new=new, many={"speakers": speakers})
            self._links(saved, talk.links)

    def _links(self, record: Talk, links) -> None:
        wanted = [(link.url[:500], link.title[:300]) for link in links]
        current = [(link.url, link.title) for link in record.links.all()] if record.pk else []
        if wanted == current:
            return
        record.links.all().delete()
        for order, (url, title) in enumerate(wanted):
            link = TalkLink(talk=record, url=url, order=order, **_bilingual("title", title))
            self.validate("links", link)
            link.save()

    def _cite(self) -> None:
        """Every record created by this import cites the schedule file, saying where in it."""
        types = {}
        citations = []
        for record, kind in self.cited:
            if isinstance(record, Source):
                continue
            model = type(record)
            types.setdefault(model, ContentType.objects.get_for_model(model))
            citations.append(
                Citation(
                    source=self.source,
                    content_type=types[model],
                    object_id=record.pk,
                    evidence=f"{self.file_name}: {kind} “{record}”"[:2000],
                )
            )
        Citation.objects.bulk_create(citations)
