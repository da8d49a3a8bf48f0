"""An event's programme as a timetable: items by day and room, and the clashes in it.

Editors see it in the admin (the event's "Programme" page); the rules are plain functions over
loaded records, so the public timetable and any export can use the same ones.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from summit.models import Person, Session, Talk


@dataclass
class Item:
    """A session or a talk placed in the timetable, with whatever is wrong with it."""

    record: Session | Talk
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    room: object | None
    speakers: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    url: str = ""  # where the reader edits or reads it, set by whoever shows the timetable

    @property
    def is_talk(self) -> bool:
        return isinstance(self.record, Talk)

    def overlaps(self, other: "Item") -> bool:
        if not (self.starts_at and self.ends_at and other.starts_at and other.ends_at):
            return False
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


@dataclass
class Day:
    date: datetime.date | None
    rooms: list
    rows: list[tuple[datetime.datetime | None, list[list[Item]]]]


def load(event) -> tuple[list[Session], list[Talk]]:
    """The event's sessions and talks (drafts included: editors plan with them), two queries
    and one for the talks' speakers."""
    sessions = list(event.sessions.select_related("room"))
    talks = list(
        event.talks.select_related("room", "session").prefetch_related(
            Prefetch("speakers", queryset=Person.objects.all(), to_attr="speaker_list")
        )
    )
    return sessions, talks


def items_of(sessions: list[Session], talks: list[Talk]) -> list[Item]:
    """Sessions and talks as timetable items, each with its problems found."""
    items = [
        Item(session, session.starts_at, session.ends_at, session.room) for session in sessions
    ]
    items += [
        Item(talk, talk.starts_at, talk.ends_at, talk.room, speakers=talk.speaker_list)
        for talk in talks
    ]
    find_conflicts(items)
    return items


def find_conflicts(items: list[Item]) -> None:
    """Mark clashes on the items: two talks in one room at once, one speaker in two places at
    once, a talk outside its session's time."""
    talks = [item for item in items if item.is_talk]
    for first, second in combinations(talks, 2):
        if not first.overlaps(second):
            continue
        if first.room and first.room == second.room:
            for item, other in ((first, second), (second, first)):
                item.problems.append(
                    _("Same room at the same time as “%(other)s”.") % {"other": other.record}
                )
        speakers_of_second = {person.pk for person in second.speakers}
        for person in [person for person in first.speakers if person.pk in speakers_of_second]:
            for item, other in ((first, second), (second, first)):
                item.problems.append(
                    _("%(person)s also speaks in “%(other)s” at that time.")
                    % {"person": person, "other": other.record}
                )
    for item in talks:
        session = item.record.session
        if not (session and session.starts_at and session.ends_at and item.starts_at):
            continue
        ends_at = item.ends_at or item.starts_at
        if item.starts_at < session.starts_at or ends_at > session.ends_at:
            item.problems.append(
                _("Outside its session “%(session)s” (%(start)s–%(end)s).")
                % {
                    "session": session.title,
                    "start": _clock(session.starts_at),
                    "end": _clock(session.ends_at),
                }
            )


def days_of(items: list[Item]) -> tuple[list[Day], list[Item]]:
    """Timed items by day (in the site's time zone) and room: each day lists its rooms (the
    columns) and its start times (the rows). Items without a time come back apart."""
    by_day = defaultdict(list)
    untimed = []
    for item in items:
        if item.starts_at:
            by_day[timezone.localdate(item.starts_at)].append(item)
        else:
            untimed.append(item)
    days = []
    for date in sorted(by_day):
        day_items = sorted(by_day[date], key=lambda item: (item.starts_at, not item.is_talk))
        rooms = sorted({item.room for item in day_items if item.room}, key=str)
        columns = [*rooms, None] if any(item.room is None for item in day_items) else rooms
        rows = []
        for starts_at in sorted({item.starts_at for item in day_items}):
            cells = [
                [item for item in day_items if item.starts_at == starts_at and item.room == room]
                for room in columns
            ]
            rows.append((starts_at, cells))
        days.append(Day(date, columns, rows))
    return days, untimed


def _clock(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")
