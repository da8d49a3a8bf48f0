"""Published events for other software: an Atom feed for feed readers and iCalendar files for
calendar apps.

Both speak the language of the URL they are served under (/zh-hans/… or /en/…): titles and
summaries come from the active language through modeltranslation. Drafts and records scheduled
for later never appear, exactly as on the event pages.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Value
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from summit.models import Event
from summit.text import without_control_characters as safe_text

FEED_SIZE = 50
# Served from the cache until content changes (website.cache), and cacheable by browsers.
public = cache_control(public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
CALENDAR_PRODUCT_ID = "-//Zhangjiang Cell Therapy Summit//Events//EN"

# RFC 5545 STATUS for each event status; anything not listed is going ahead as planned.
CALENDAR_STATUS = {
    Event.EventStatus.CANCELLED: "CANCELLED",
    Event.EventStatus.POSTPONED: "TENTATIVE",
}


def host_name(request) -> str:
    """The request's host without its port: the naming authority in ids and UIDs."""
    return urlsplit(f"//{request.get_host()}").hostname


class EventFeed(Feed):
    """The newest published events, as Atom: one entry per event, its summary as the entry's."""

    feed_type = Atom1Feed
    title = _("Zhangjiang Cell Therapy Summit: events")
    subtitle = _("Summits and conferences on cell therapy, newest first.")

    def get_object(self, request):
        # Entries only see their event, yet their ids name this site: the host travels with them.
        return host_name(request)

    def author_name(self):
        return settings.SITE_NAME

    def link(self):
        return reverse("summit:event_list")

    def feed_url(self):
        return reverse("summit:event_feed")

    def items(self, host):
        return (
            Event.objects.published()
            .annotate(feed_host=Value(host))
            .order_by("-start_date", "-pk")[:FEED_SIZE]
        )

    def item_title(self, event):
        return safe_text(event.name)

    def item_description(self, event):
        # Atom sends this as HTML; the summary is plain text, so escape it and keep its paragraphs.
        return linebreaks(safe_text(event.summary), autoescape=True)

    def item_guid(self, event):
        """A tag URI (RFC 4151) that survives renames and slug changes, and is the same in
        both languages: it is the same event."""
        return f"tag:{event.feed_host},{event.created_at:%Y-%m-%d}:event-{event.pk}"

    def item_guid_is_permalink(self, event):
        return False

    def item_pubdate(self, event):
        return event.publish_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_author_name(self, event):
        return settings.SITE_NAME


def event_uid(event, request) -> str:
    """The event's UID, stable so calendar apps update their copy instead of adding another."""
    return f"event-{event.pk}@{host_name(request)}"


def calendar_event(event, request) -> icalendar.Event:
    """One event as an all-day VEVENT; DTEND is exclusive (RFC 5545), so the day after it ends."""
    last_day = event.end_date or event.start_date
    entry = icalendar.Event()
    entry.add("uid", event_uid(event, request))
    entry.add("dtstamp", event.updated_at.astimezone(datetime.timezone.utc))
    entry.add("dtstart", event.start_date)
    entry.add("dtend", last_day + datetime.timedelta(days=1))
    entry.add("summary", safe_text(event.name))
    if event.summary:
        entry.add("description", safe_text(event.summary))
    if event.venue:
        place = [event.venue.name, event.venue.city]
        entry.add("location", safe_text(", ".join(part for part in place if part)))
    entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
    entry.add("status", CALENDAR_STATUS.get(event.event_status, "CONFIRMED"))
    return entry


def calendar_response(name: str, events, request, filename: str) -> HttpResponse:
    """A VCALENDAR of `events`, sent as a file download named `filename`."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", CALENDAR_PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # icalendar 7 does not know X-WR-CALNAME is text and would write it unescaped; say so.
    calendar.add("x-wr-calname", icalendar.vText(safe_text(name)))
    for event in events:
        calendar.add_component(calendar_event(event, request))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_safe
@public
def event_calendar(request, slug):
    """One published event as an .ics file, for "add to calendar"."""
    event = get_object_or_404(Event.objects.published().select_related("venue"), slug=slug)
    return calendar_response(event.name, [event], request, f"{event.slug}.ics")


@require_safe
@public
def all_events_calendar(request):
    """Every published event as one .ics file, to import or subscribe to."""
    events = Event.objects.published().select_related("venue").order_by("start_date", "pk")
    return calendar_response(str(settings.SITE_NAME), events, request, "events.ics")
