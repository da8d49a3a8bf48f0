"""Published events for feed readers: an Atom feed. (Calendar files are in summit.calendars.)

It speaks the language of the URL it is served under (/zh-hans/… or /en/…): titles and
summaries come from the active language through modeltranslation. Drafts and records scheduled
for later never appear, exactly as on the event pages.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Value
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from summit.models import Event
from summit.text import without_control_characters as safe_text

FEED_SIZE = 50


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
