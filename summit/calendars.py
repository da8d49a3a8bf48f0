"""Published events and talks for calendar apps: iCalendar files (RFC 5545).

Four calendars: every event (all-day entries, to subscribe to), one event with its timed talks,
one talk, and one speaker's talks across events. They speak the language of the URL they are
served under (/zh-hans/… or /en/…), and show only what the public may see: drafts and records
scheduled for later never appear, exactly as on the pages.

A talk is a timed entry in its event's time zone (TZID, with the VTIMEZONE it names), so a
calendar app shows 09:40 Shanghai time as 02:40 in Tokyo. Its UID comes from the talk's guid,
which survives renames, slug changes and re-imports and is the same in both languages: an app
that imports the file again updates its entry instead of adding a second one.

A talk without a start time cannot be a timed entry; where it stands for the day it was given
(a talk's own calendar, a speaker's), its event's all-day entry stands in for it.
"""

import datetime

import icalendar
from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_safe

from summit import queries
from summit.feeds import host_name
from summit.models import Event, Person, Talk
from summit.text import without_control_characters as safe_text

CALENDAR_PRODUCT_ID = "-//Zhangjiang Cell Therapy Summit//Events//EN"
# Enough of an abstract to recognise the talk in a calendar app; the page has the rest.
ABSTRACT_LENGTH = 300

# RFC 5545 STATUS for each event status; anything not listed is going ahead as planned.
CALENDAR_STATUS = {
    Event.EventStatus.CANCELLED: "CANCELLED",
    Event.EventStatus.POSTPONED: "TENTATIVE",
}


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.timezone.utc)


def _joined(parts) -> str:
    return pgettext("list separator", ", ").join(part for part in parts if part)


def _place(venue) -> list[str]:
    return [venue.name, venue.city] if venue else []


def event_uid(event, host: str) -> str:
    """The event's UID, stable so calendar apps update their copy instead of adding another."""
    return f"event-{event.pk}@{host}"


def talk_uid(talk, host: str) -> str:
    """The talk's UID: its guid, which schedule imports and exports keep, in any language."""
    return f"{talk.guid}@{host}"


def event_entry(event, request, host: str) -> icalendar.Event:
    """One event as an all-day VEVENT; DTEND is exclusive (RFC 5545), so the day after it ends."""
    last_day = event.end_date or event.start_date
    entry = icalendar.Event()
    entry.add("uid", event_uid(event, host))
    entry.add("dtstamp", _utc(event.updated_at))
    entry.add("dtstart", event.start_date)
    entry.add("dtend", last_day + datetime.timedelta(days=1))
    entry.add("summary", safe_text(event.name))
    if event.summary:
        entry.add("description", safe_text(event.summary))
    if event.venue:
        entry.add("location", safe_text(_joined(_place(event.venue))))
    entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
    entry.add("status", CALENDAR_STATUS.get(event.event_status, "CONFIRMED"))
    return entry


def talk_entry(talk, request, host: str) -> icalendar.Event:
    """One timed talk as a VEVENT in its event's time zone.

    Without an end time the entry has DTSTART only, which RFC 5545 reads as an entry that
    takes no time: the source did not say how long the talk lasts, and we do not guess.
    DTSTAMP and LAST-MODIFIED are the talk's last change, so the file stays the same (and
    its ETag with it) until the talk changes.
    """
    event, zone = talk.event, talk.event.zone
    url = request.build_absolute_uri(talk.get_absolute_url())
    speakers = [person.name for person in talk.speaker_list]
    description = [
        gettext("Speakers: %(names)s") % {"names": _joined(speakers)} if speakers else "",
        Truncator(talk.abstract).chars(ABSTRACT_LENGTH),
        url,
    ]
    entry = icalendar.Event()
    entry.add("uid", talk_uid(talk, host))
    entry.add("dtstamp", _utc(talk.updated_at))
    entry.add("last-modified", _utc(talk.updated_at))
    entry.add("dtstart", talk.starts_at.astimezone(zone))
    if talk.ends_at:
        entry.add("dtend", talk.ends_at.astimezone(zone))
    entry.add("summary", safe_text(talk.title))
    entry.add("description", safe_text("\n\n".join(part for part in description if part)))
    # The room is at the event's venue (Talk.rule_errors), which the event has loaded.
    place = [talk.room.name if talk.room else "", *_place(event.venue)]
    if any(place):
        entry.add("location", safe_text(_joined(place)))
    entry.add("url", url)
    if talk.track:
        entry.add("categories", [safe_text(talk.track.name)])
    entry.add("status", CALENDAR_STATUS.get(event.event_status, "CONFIRMED"))
    return entry


def calendar_for(request, name: str, talks, filename: str, events=()) -> HttpResponse:
    """A VCALENDAR named `name`, sent as a file download named `filename`: an all-day entry
    for each of `events`, then a timed entry for each of `talks` that has a start time (the
    others are left out), with a VTIMEZONE for every time zone those entries use.

    Talks come as `summit.queries.talks` loads them: public ones, with `event`, `room` and
    `speaker_list` (public speakers only) loaded. The events' venues and the talks' tracks
    are loaded here in one query each, unless the caller has loaded them already; so a
    calendar takes the same number of queries for 5 talks as for 500. Whether a talk or an
    event is public is the caller's query; nothing here looks at it again.

    With neither events nor timed talks the calendar has no entries: calendar apps accept
    that (a subscribed calendar with nothing in it yet), though RFC 5545 asks for one, so
    callers that promise an entry make sure there is one.
    """
    talks = [talk for talk in talks if talk.starts_at]
    events = list(events)
    prefetch_related_objects([*events, *(talk.event for talk in talks)], "venue")
    prefetch_related_objects(talks, "track")
    host = host_name(request)

    calendar = icalendar.Calendar()
    calendar.add("prodid", CALENDAR_PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # icalendar 7 does not know X-WR-CALNAME is text and would write it unescaped; say so.
    calendar.add("x-wr-calname", icalendar.vText(safe_text(name)))
    for event in events:
        calendar.add_component(event_entry(event, request, host))
    for talk in talks:
        calendar.add_component(talk_entry(talk, request, host))
    if talks:
        # Each zone described for the days the talks take place (with a day to spare either
        # side), not for the 68 years icalendar covers by default.
        days = [talk.starts_at.date() for talk in talks]
        days += [talk.ends_at.date() for talk in talks if talk.ends_at]
        calendar.add_missing_timezones(
            first_date=min(days) - datetime.timedelta(days=1),
            last_date=max(days) + datetime.timedelta(days=2),
        )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _talk_rows(queryset):
    """Talks loaded as `calendar_for` takes them, and their rooms, tracks and public speakers
    with them: the same number of queries for any number of talks."""
    return queryset.select_related("room", "track").prefetch_related(
        Prefetch("speakers", queryset=Person.objects.published(), to_attr="speaker_list")
    )


@require_safe
def all_events_calendar(request):
    """Every published event as one .ics file of all-day entries, to import or subscribe to."""
    events = Event.objects.published().select_related("venue").order_by("start_date", "pk")
    return calendar_for(request, str(settings.SITE_NAME), [], "events.ics", events=events)


@require_safe
def event_calendar(request, slug):
    """One published event as an .ics file: its days as an all-day entry and each of its
    published talks that has a time as a timed entry, for "add to calendar"."""
    # The talks' `event` is this one, venue and all (a reverse prefetch sets it).
    talks = queries.public("talks", Event, _talk_rows(Talk.objects))
    event = get_object_or_404(
        Event.objects.published().select_related("venue").prefetch_related(talks), slug=slug
    )
    return calendar_for(request, event.name, event.talks.all(), f"{event.slug}.ics", [event])


@require_safe
def talk_calendar(request, slug):
    """One published talk as an .ics file: a timed entry, or, while the talk has no time, its
    event's all-day entry (the talk is given on one of those days)."""
    talk = get_object_or_404(
        _talk_rows(Talk.objects.published().select_related("event__venue")), slug=slug
    )
    events = () if talk.starts_at else [talk.event]
    return calendar_for(request, talk.title, [talk], f"{talk.slug}.ics", events)


@require_safe
def person_calendar(request, slug):
    """A published speaker's published talks, across events, as one .ics file: timed talks as
    timed entries, and for talks without a time their event's all-day entry. A person with no
    public talk has no calendar (404): there would be nothing in it."""
    public_talks = _talk_rows(Talk.objects.select_related("event__venue"))
    person = get_object_or_404(
        Person.objects.published().prefetch_related(queries.public("talks", Person, public_talks)),
        slug=slug,
    )
    talks = person.talks.all()
    if not talks:
        raise Http404("This person has no public talks.")
    untimed = {talk.event_id: talk.event for talk in talks if not talk.starts_at}
    events = sorted(untimed.values(), key=lambda event: (event.start_date, event.pk))
    return calendar_for(request, person.name, talks, f"{person.slug}.ics", events)
