"""The public programme of an event: one day at a time as a grid of rooms and times, narrowed by
room, track or topic, and a visitor's own selection of talks ("My programme").

Days are days in the event's time zone. Everything here reads published records only (the event
itself is taken as given: it is public, or staff are previewing it), in a fixed number of queries
whatever the size of the programme; the grid is built in Python from the loaded rows.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from itertools import combinations
from urllib.parse import quote_plus

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from summit.models import Event, Person, Session, Talk
from summit.models.base import public_q
from summit.prepared import PreparedQuery
from summit.translation import in_language, language_order, localized, plain

# A visitor's selection travels in the URL; more than this is not an agenda but the programme.
MAX_SELECTED = 200
ALL_DAYS = "all"
# What the track model accepts; checked again before a colour goes into a stylesheet.
TRACK_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def event_talks(event: Event) -> QuerySet:
    """The event's public talks, with what a programme line shows loaded in two queries."""
    return (
        Talk.objects.published(given=("event",))
        .filter(event=event)
        .select_related("event", "room", "track")
        .prefetch_related(
            Prefetch("speakers", queryset=Person.objects.published(), to_attr="speaker_list")
        )
    )


@dataclass(frozen=True)
class Named:
    """A room, track or topic as the programme needs it: what tells them apart, and the name
    shown. A topic also has its slug: it is chosen by slug in the URL, the others by key."""

    pk: int
    name: str
    slug: str = ""

    def __str__(self):
        return self.name

    @property
    def value(self) -> str:
        """What `?room=`, `?track=` or `?topic=` takes to choose it."""
        return self.slug or str(self.pk)


def local_day(moment: datetime.datetime, event: Event) -> datetime.date:
    return moment.astimezone(event.zone).date()


def day_bounds(day: datetime.date, event: Event) -> tuple[datetime.datetime, datetime.datetime]:
    """The instants a day of the event's time zone starts and ends (DST-proof: midnight to
    midnight, whatever the length)."""
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=event.zone)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), event.zone)
    return start, end


@dataclass
class Filters:
    """What the visitor narrowed the programme to, read from the query string. Each value is
    checked against what the event has: a malformed or unknown one is a 404, never a 500."""

    day: datetime.date | None = None  # None: every day, one after the other
    room: Named | None = None
    track: Named | None = None
    topic: Named | None = None

    def query(self, **changes) -> str:
        """The query string of these filters with `changes` applied (None removes one)."""
        values = {
            "day": self.day.isoformat() if self.day else ALL_DAYS,
            "room": self.room.value if self.room else None,
            "track": self.track.value if self.track else None,
            "topic": self.topic.value if self.topic else None,
        } | changes
        return "?" + "&".join(
            f"{key}={quote_plus(value)}" for key, value in values.items() if value is not None
        )

    @property
    def narrowed(self) -> bool:
        return bool(self.room or self.track or self.topic)


@dataclass
class Choices:
    """What a visitor can narrow an event's programme to: only values some public talk has."""

    days: list[datetime.date]
    rooms: list[Named]
    tracks: list[Named]
    topics: list[Named]


@PreparedQuery
def _talk_moments(event: int) -> QuerySet:
    """The distinct start times of an event's public talks: talks share them (a large event:
    500 talks, a few dozen times), and only the days they fall on in its time zone matter."""
    return (
        plain(programme_talks(event).filter(starts_at__isnull=False))
        .order_by()
        .values_list("starts_at", flat=True)
        .distinct()
    )


@PreparedQuery
def _talk_categories(event: int) -> QuerySet:
    """The rooms, tracks and topics of an event's public talks, as their distinct combinations:
    one query for all."""
    return (
        plain(programme_talks(event))
        .order_by()
        .annotate(timed=ExpressionWrapper(Q(starts_at__isnull=False), BooleanField()))
        .values(
            "timed",
            "room_id",
            *localized("room__name"),
            "track_id",
            "track__event_id",
            *localized("track__name"),
            "track__order",
            "topics__pk",
            "topics__slug",
            *localized("topics__name"),
        )
        .distinct()
    )


def choices(event: Event, sessions: list["Slot"]) -> Choices:
    """What the event's public talks (and its timed `sessions`) offer to narrow by: the days of
    their distinct start times, the rooms of timed talks, the tracks and topics of any."""
    zone, order = event.zone, language_order()
    days = {moment.astimezone(zone).date() for moment in _talk_moments(event=event.pk)}
    days |= {session.starts_at.date() for session in sessions if session.starts_at}
    rooms, tracks, topics = {}, {}, {}
    for row in _talk_categories(event=event.pk):
        room, track, topic = (
            row["room_id"],
            (row["track__order"], row["track_id"]),
            row["topics__pk"],
        )
        if row["timed"] and room and room not in rooms:
            rooms[room] = Named(room, in_language(row, "room__name", order))
        # A track of another event (which the talk's rules refuse) is no choice of this one.
        if row["track__event_id"] == event.pk and track not in tracks:
            tracks[track] = Named(row["track_id"], in_language(row, "track__name", order))
        if topic and topic not in topics:
            name = in_language(row, "topics__name", order)
            topics[topic] = Named(topic, name, row["topics__slug"])
    return Choices(
        days=sorted(days),
        rooms=sorted(rooms.values(), key=by_name),
        tracks=[tracks[key] for key in sorted(tracks)],
        topics=sorted(topics.values(), key=by_name),
    )


def by_name(item: Named) -> tuple:
    return item.name, item.pk


def read_filters(query: QueryDict, options: Choices) -> Filters:
    """The filters a query string asks for; with no day given, the first day of the programme."""

    def pick(key, items, value_of=lambda item: item.value):
        value = query.get(key)
        if not value:
            return None
        for item in items:
            if value_of(item) == value:
                return item
        raise Http404(f"This programme has no {key} “{value}”.")

    day = query.get("day")
    if day == ALL_DAYS:
        chosen_day = None
    elif day:
        chosen_day = pick("day", options.days, datetime.date.isoformat)
    else:
        chosen_day = options.days[0] if options.days else None
    return Filters(
        day=chosen_day,
        room=pick("room", options.rooms),
        track=pick("track", options.tracks),
        topic=pick("topic", options.topics),
    )


@dataclass
class Slot:
    """A talk or session as the programme shows it: every text, time and address worked out
    once, in Python, so the template only places strings (500 talks render in milliseconds)."""

    pk: int
    title: str
    starts_at: datetime.datetime | None  # None: a talk the programme lists without a time
    ends_at: datetime.datetime | None
    room: Named | None
    url: str = ""
    speakers: str = ""
    track_id: int | None = None
    label: str = ""  # the track's name, or a session's kind
    is_session: bool = False

    @classmethod
    def from_row(cls, row: dict, zone: datetime.tzinfo, order: tuple[str, ...], **more) -> "Slot":
        """A talk's or session's slot from its `values()` row: its key, title, times in `zone`
        and room (`id`, `title_*`, `starts_at`, `ends_at`, `room_id`, `room__name_*`); `more`
        gives the rest."""
        return cls(
            pk=row["id"],
            title=in_language(row, "title", order),
            starts_at=row["starts_at"].astimezone(zone) if row["starts_at"] else None,
            ends_at=row["ends_at"].astimezone(zone) if row["ends_at"] else None,
            room=Named(row["room_id"], in_language(row, "room__name", order))
            if row["room_id"]
            else None,
            **more,
        )

    @property
    def starts(self) -> str:
        return f"{self.starts_at:%H:%M}"

    @property
    def ends(self) -> str:
        return f"{self.ends_at:%H:%M}" if self.ends_at else ""

    @property
    def room_name(self) -> str:
        return self.room.name if self.room else ""

    def html(self, clash: bool = False) -> SafeString:
        """The slot as the grid shows it. Built here rather than in a template: a day of a large
        event has hundreds, and plain string formatting with the standard library's escaping
        is many times faster than the template engine or `format_html` at this (see
        benchmarks/site_speed.py); every value is escaped on its way in."""
        classes = "slot"
        if self.track_id:
            classes += f" track-{self.track_id}"
        if self.is_session:
            classes += " session-slot"
        if clash:
            classes += " clash"
        parts = [
            f'<article class="{classes}"',
            "" if self.is_session else f' data-talk="{self.pk}"',
            f'><p class="slot-time"><time datetime="{self.starts_at.isoformat()}">'
            f"{self.starts}</time>",
        ]
        if self.ends_at:
            parts.append(f'–<time datetime="{self.ends_at.isoformat()}">{self.ends}</time>')
        if self.room:
            parts.append(f'<span class="slot-room"> · {escape(self.room_name)}</span>')
        title = escape(self.title)
        if self.url:
            title = f'<a href="{escape(self.url)}">{title}</a>'
        parts.append(f'</p><h3 class="slot-title">{title}</h3>')
        if self.speakers:
            parts.append(f'<p class="slot-speakers">{escape(self.speakers)}</p>')
        if self.label:
            parts.append(f'<p class="slot-track">{escape(self.label)}</p>')
        parts.append("</article>")
        return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


def programme_talks(event: int, **narrowed) -> QuerySet:
    """The event's public talks a programme view shows, in their own order but for their event
    (ordering by it would join it to sort by its name, the same for every talk): of one day
    (`start` to `end`) and those without a time, or of every day; of one `room`, `track` or
    `topic` if given."""
    talks = Talk.objects.published(given=("event",)).filter(event=event)
    if "start" in narrowed:
        talks = talks.filter(
            Q(starts_at__gte=narrowed["start"], starts_at__lt=narrowed["end"])
            | Q(starts_at__isnull=True)
        )
    for name in ("room", "track", "topic"):
        if name in narrowed:
            talks = talks.filter(**{"topics" if name == "topic" else f"{name}_id": narrowed[name]})
    return talks.order_by("starts_at", "order", "pk")


@PreparedQuery
def _talk_rows(**view) -> QuerySet:
    """The talks of a programme view (`programme_talks`), as what their slots show."""
    return plain(programme_talks(**view)).values(
        "id",
        "slug",
        "starts_at",
        "ends_at",
        "room_id",
        "track_id",
        *localized("title"),
        *localized("room__name"),
        *localized("track__name"),
    )


@PreparedQuery
def _speaker_names(**view) -> QuerySet:
    """Who speaks in which talk of a programme view, in the order they were added, if they
    are public."""
    return (
        Talk.speakers.through.objects.filter(
            talk__in=programme_talks(**view).order_by().values("pk")
        )
        .filter(public_q(Person, "person"))
        .order_by("pk")
        .values("talk_id", *localized("person__name"))
    )


def slots(view: dict, sessions: list[Slot], event: Event) -> list[Slot]:
    """The talks of a programme view (`programme_talks`'s values) as slots in the event's time
    zone (a talk without a time keeps None), in their own order, then the `sessions`
    (`session_slots`).

    Talks come as plain rows (`values()`), their speakers' names in one more query: a day of a
    large event is hundreds of talks, and model instances cost more than all of the page's
    queries together.
    """
    zone, order = event.zone, language_order()
    names = defaultdict(list)
    for speaker in _speaker_names(**view):
        names[speaker["talk_id"]].append(in_language(speaker, "person__name", order))
    # One reversal for all talks: their addresses differ only by slug.
    pattern = reverse("summit:talk_detail", kwargs={"slug": "-slug-"})
    comma = pgettext("list separator", ", ")
    made = [
        Slot.from_row(
            row,
            zone,
            order,
            url=pattern.replace("-slug-", iri_to_uri(row["slug"])),
            speakers=comma.join(names[row["id"]]),
            track_id=row["track_id"],
            label=in_language(row, "track__name", order) if row["track_id"] else "",
        )
        for row in _talk_rows(**view)
    ]
    return made + sessions


@PreparedQuery
def _session_rows(event: int) -> QuerySet:
    return (
        plain(Session.objects.published(given=("event",)))
        .filter(event=event)
        .order_by("starts_at", "order", "pk")
        .values(
            "id",
            *localized("title"),
            "kind",
            "starts_at",
            "ends_at",
            "room_id",
            *localized("room__name"),
        )
    )


def session_slots(event: Event) -> list[Slot]:
    """The event's sessions as slots, timed or not (an event has few: the programme narrows
    them in Python). Plain rows, as for talks: their kind is shown by its label (or as stored,
    if a value outside the choices got in behind the forms' back)."""
    zone, order = event.zone, language_order()
    kinds = dict(Session.Kind.choices)
    return [
        Slot.from_row(
            row,
            zone,
            order,
            label=str(kinds.get(row["kind"], row["kind"])),
            is_session=True,
        )
        for row in _session_rows(event=event.pk)
    ]


@dataclass
class Cell:
    """Items in one room starting at one row and overlapping each other, spanning `rows` rows."""

    items: list
    rows: int = 1


@dataclass
class Grid:
    """One day as a table: rooms are columns, the moments anything starts or ends are rows.

    `rows` holds (moment, cells, starts) with a Cell, or None where an earlier cell still runs,
    or "" for an empty slot, per column; `starts` says whether anything starts at that moment.
    """

    day: datetime.date
    columns: list
    rows: list = field(default_factory=list)

    @property
    def items(self) -> int:
        return sum(len(cell.items) for _, cells, _ in self.rows for cell in cells if cell)

    def body_html(self) -> SafeString:
        """The table's rows: a time heading, then per room a cell where something starts (its
        rowspan covering its time), nothing where an earlier cell still runs, or an empty one."""
        rows = []
        for moment, cells, starts in self.rows:
            parts = [
                "<tr>" if starts else '<tr class="quiet">',
                f'<th scope="row"><time datetime="{moment.isoformat()}">{moment:%H:%M}</time></th>',
            ]
            for cell in cells:
                if cell:
                    clash = len(cell.items) > 1
                    parts.append(f'<td rowspan="{cell.rows}">')
                    parts.extend(item.html(clash) for item in cell.items)
                    parts.append("</td>")
                elif cell == "":
                    parts.append("<td></td>")
            parts.append("</tr>\n")
            rows.append("".join(parts))
        return mark_safe("".join(rows))  # noqa: S308 (every part above is escaped)


def grid(day: datetime.date, items: list) -> Grid:
    """Lay out a day's timed items (talks or sessions, with `starts_at`, `ends_at` and `room`)."""
    rooms = sorted({item.room for item in items if item.room}, key=lambda room: room.name)
    columns = [*rooms, None] if any(item.room is None for item in items) else rooms
    moments = sorted(
        {item.starts_at for item in items} | {item.ends_at for item in items if item.ends_at}
    )
    row_of = {moment: index for index, moment in enumerate(moments)}
    # Items of one room that overlap share a cell: a clash is shown, never drawn on top.
    starting = defaultdict(dict)  # row -> column -> Cell
    for column, room in enumerate(columns):
        cell, cell_end = None, None
        for item in sorted(
            (item for item in items if item.room == room), key=lambda i: (i.starts_at, i.pk)
        ):
            end = item.ends_at or item.starts_at
            if cell and item.starts_at < cell_end:
                cell.items.append(item)
                cell_end = max(cell_end, end)
            else:
                if cell:
                    cell.rows = max(1, row_of[cell_end] - row_of[cell.items[0].starts_at])
                cell, cell_end = Cell([item]), end
                starting[row_of[item.starts_at]][column] = cell
        if cell:
            cell.rows = max(1, row_of[cell_end] - row_of[cell.items[0].starts_at])
    layout = Grid(day, columns)
    running = [0] * len(columns)  # rows each column is still covered for
    for index, moment in enumerate(moments):
        cells = []
        for column in range(len(columns)):
            cell = starting[index].get(column)
            if cell:
                cells.append(cell)
                running[column] = cell.rows - 1
            elif running[column]:
                cells.append(None)
                running[column] -= 1
            else:
                cells.append("")
        if index == len(moments) - 1 and not starting[index]:
            break  # the moment the last item ends: nothing to show in its row
        layout.rows.append((moment, cells, bool(starting[index])))
    return layout


@dataclass
class Programme:
    """What the programme page shows for the chosen filters."""

    choices: Choices
    filters: Filters
    grids: list[Grid]
    untimed_talks: list[Slot]
    untimed_sessions: list[Slot]

    @property
    def links(self) -> list["FilterGroup"]:
        return filter_links(self.filters, self.choices)


def programme(event: Event, query: QueryDict) -> Programme:
    """The programme for a query string: the chosen day's grid (or every day's), and the items
    without a time, all narrowed alike by room, track and topic."""
    every_session = session_slots(event)
    options = choices(event, every_session)
    filters = read_filters(query, options)
    view, sessions = {"event": event.pk}, every_session
    if filters.room:
        view["room"] = filters.room.pk
        sessions = [s for s in sessions if s.room and s.room.pk == filters.room.pk]
    if filters.track:
        view["track"] = filters.track.pk
    if filters.topic:
        view["topic"] = filters.topic.pk
    if filters.track or filters.topic:
        sessions = []  # sessions have neither tracks nor topics
    timed_sessions = [session for session in sessions if session.starts_at]
    if filters.day:
        # The talks without a time come with the day's: one query for both.
        view["start"], view["end"] = start, end = day_bounds(filters.day, event)
        timed_sessions = [session for session in timed_sessions if start <= session.starts_at < end]
    shown = slots(view, timed_sessions, event)
    by_day = defaultdict(list)
    for slot in shown:
        if slot.starts_at:
            by_day[slot.starts_at.date()].append(slot)
    return Programme(
        choices=options,
        filters=filters,
        grids=[grid(day, by_day[day]) for day in sorted(by_day)],
        untimed_talks=[slot for slot in shown if not slot.starts_at],
        untimed_sessions=[session for session in sessions if not session.starts_at],
    )


def read_selection(value: str) -> list[int]:
    """Talk numbers from `?talks=3,17,42` (spaces and repeats forgiven); anything else is a 404."""
    numbers = []
    for part in value.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isascii() or not part.isdigit() or len(part) > 12:
            raise Http404(f"“{part[:20]}” is not a talk number.")
        if int(part) not in numbers:
            numbers.append(int(part))
    if len(numbers) > MAX_SELECTED:
        raise Http404(f"At most {MAX_SELECTED} talks can be chosen.")
    return numbers


@dataclass
class Agenda:
    """A visitor's chosen talks of one event, by day, each with the chosen talks it clashes with."""

    talks: list[Talk]
    days: list[tuple[datetime.date, list[Talk]]]
    untimed: list[Talk]
    clashes: int

    @property
    def ids(self) -> str:
        return ",".join(str(talk.pk) for talk in self.talks)


def agenda(event: Event, numbers: list[int]) -> Agenda:
    """The chosen talks that are public; a talk since withdrawn simply drops out."""
    talks = list(event_talks(event).filter(pk__in=numbers)) if numbers else []
    for talk in talks:
        talk.clashes_with = []
    clashes = 0
    for first, second in combinations([talk for talk in talks if talk.starts_at], 2):
        first_end = first.ends_at or first.starts_at
        second_end = second.ends_at or second.starts_at
        if first.starts_at < second_end and second.starts_at < first_end:
            first.clashes_with.append(second)
            second.clashes_with.append(first)
            clashes += 1
    by_day = defaultdict(list)
    for talk in talks:
        if talk.starts_at:
            by_day[local_day(talk.starts_at, event)].append(talk)
    return Agenda(
        talks=talks,
        days=[(day, by_day[day]) for day in sorted(by_day)],
        untimed=[talk for talk in talks if not talk.starts_at],
        clashes=clashes,
    )


def zone_label(event: Event, moment: datetime.datetime | None = None) -> str:
    """The event's time zone as a reader needs it: "Asia/Shanghai, UTC+8" (the offset at
    `moment`, or at the event's start, so summer time shows as it will be)."""
    if moment is None:
        moment = datetime.datetime.combine(event.start_date, datetime.time(12), event.zone)
    offset = moment.astimezone(event.zone).utcoffset() or datetime.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{event.time_zone}, UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


@dataclass(frozen=True)
class Times:
    """When a talk takes place, in its event's time zone, as its page states it."""

    day: str  # 2019-11-14: the programme day it is on
    date: str  # the date in the page's language
    weekday: str
    starts: str  # ISO 8601 with the offset, for <time datetime>
    starts_text: str  # 09:30
    ends: str
    ends_text: str
    zone: str  # "Asia/Shanghai, UTC+8"


def talk_times(talk: Talk) -> Times | None:
    """The talk's times for its page (None without a start), worked out once here rather than
    by a chain of template filters under `{% timezone %}`."""
    if not talk.starts_at:
        return None
    event = talk.event
    starts = talk.starts_at.astimezone(event.zone)
    ends = talk.ends_at.astimezone(event.zone) if talk.ends_at else None
    return Times(
        day=starts.date().isoformat(),
        date=date_format(starts, "DATE_FORMAT"),
        weekday=date_format(starts, "l"),
        starts=starts.isoformat(),
        starts_text=f"{starts:%H:%M}",
        ends=ends.isoformat() if ends else "",
        ends_text=f"{ends:%H:%M}" if ends else "",
        zone=zone_label(event, talk.starts_at),
    )


def track_styles(tracks) -> str:
    """A stylesheet giving each track its colour: the content security policy allows no
    inline styles, so colours come as a small stylesheet of their own."""
    return "".join(
        f".track-{track.pk}{{--track:{track.color}}}\n"
        for track in tracks
        if TRACK_COLOUR.fullmatch(track.color or "")
    )


@dataclass
class Link:
    """One choice in the programme's filters: a plain link to that view of the programme."""

    text: str
    query: str
    current: bool
    track: Named | None = None

    def html(self) -> str:
        """The link as a list item (the current choice is marked, not linked); built here for
        the same reason as `Slot.html`: a large event has dozens of rooms, tracks and topics."""
        classes = f' class="track-{self.track.pk} swatch"' if self.track else ""
        text = escape(self.text)
        if self.current:
            inner = f'<span aria-current="page">{text}</span>'
        else:
            inner = f'<a href="{escape(self.query)}">{text}</a>'
        return f"<li{classes}>{inner}</li>"


@dataclass
class FilterGroup:
    """One filter of the programme (day, room, track or topic): its heading and its links."""

    heading: str
    links: list[Link]

    def html(self) -> SafeString:
        """The links as list items, in one string: see `Link.html`."""
        return mark_safe("".join(link.html() for link in self.links))  # noqa: S308 (escaped)


def filter_links(filters: Filters, options: Choices) -> list[FilterGroup]:
    """The filter groups the programme page shows; a group with a single choice is left out,
    it would narrow nothing."""
    groups = []
    if options.days:
        days = [
            Link(
                f"{date_format(day, 'D')} {date_format(day, 'MONTH_DAY_FORMAT')}",
                filters.query(day=day.isoformat()),
                day == filters.day,
            )
            for day in options.days
        ]
        if len(days) > 1:
            days.append(Link(_("All days"), filters.query(day=ALL_DAYS), filters.day is None))
        groups.append(FilterGroup(_("Day"), days))
    for key, heading, every, items in (
        ("room", _("Room"), _("All rooms"), options.rooms),
        ("track", _("Track"), _("All tracks"), options.tracks),
        ("topic", _("Topic"), _("All topics"), options.topics),
    ):
        if len(items) < 2:
            continue
        chosen = getattr(filters, key)
        links = [Link(every, filters.query(**{key: None}), chosen is None)]
        links += [
            Link(
                item.name,
                filters.query(**{key: item.value}),
                item == chosen,
                item if key == "track" else None,
            )
            for item in items
        ]
        groups.append(FilterGroup(heading, links))
    return groups
