"""The seeded site's Atom feed reads as feed readers read it (feedparser), and every calendar
file parses as calendar apps parse it (icalendar), in both languages."""

import feedparser
import icalendar
from django.urls import reverse
from django.utils import translation

from summit.models import Event
from tests.browser.conftest import LANGUAGES


def test_event_feed_parses_with_complete_entries(seeded, client):
    for language in LANGUAGES:
        with translation.override(language):
            url = reverse("summit:event_feed")
        response = client.get(url)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.get("bozo_exception"))
        assert feed.entries, url
        for entry in feed.entries:
            assert entry.get("id"), url
            assert entry.get("updated"), url
            assert entry.get("author"), url
            assert entry.get("link"), url


def test_every_calendar_file_parses_with_uid_and_timestamp(seeded, client):
    events = list(Event.objects.published())
    assert events
    urls = []
    for language in LANGUAGES:
        with translation.override(language):
            urls.append(reverse("summit:event_calendar_all"))
            urls += [reverse("summit:event_calendar", kwargs={"slug": e.slug}) for e in events]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        calendar = icalendar.Calendar.from_ical(response.content)
        vevents = calendar.walk("VEVENT")
        assert vevents, url
        for vevent in vevents:
            assert vevent.get("UID"), url
            assert vevent.get("DTSTAMP"), url
