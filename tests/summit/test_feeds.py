import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "<script>alert(1)</script>, Shanghai; 2019\nBEGIN:VEVENT"


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def parse_feed(client, language="en"):
    response = client.get(url("summit:event_feed", language))
    assert response.status_code == 200
    return feedparser.parse(response.content)


def test_event_feed_is_valid_atom_with_complete_entries(client):
    EventFactory(name_en="Cell Therapy Summit", summary_en="Experts from 16 countries.")
    feed = parse_feed(client)
    assert not feed.bozo
    assert feed.version == "atom10"
    [entry] = feed.entries
    assert entry.title == "Cell Therapy Summit"
    assert entry.summary == "<p>Experts from 16 countries.</p>"
    assert entry.id.startswith("tag:testserver,")
    assert entry.updated_parsed
    assert entry.author
    assert entry.link.startswith("http://testserver/en/events/")


def test_event_feed_titles_follow_the_language_of_the_url(client):
    EventFactory(name_zh_hans="细胞治疗峰会", name_en="Cell Therapy Summit")
    assert parse_feed(client, "zh-hans").entries[0].title == "细胞治疗峰会"
    assert parse_feed(client, "en").entries[0].title == "Cell Therapy Summit"


def test_event_feed_entry_id_is_the_same_in_both_languages(client):
    EventFactory()
    assert parse_feed(client, "zh-hans").entries[0].id == parse_feed(client, "en").entries[0].id


def test_event_feed_leaves_out_unpublished_events(client):
    EventFactory(name_en="Published")
    EventFactory(name_en="Draft", status="draft")
    EventFactory(name_en="Scheduled", publish_at=timezone.now() + datetime.timedelta(days=1))
    assert [entry.title for entry in parse_feed(client).entries] == ["Published"]


def test_event_feed_lists_newest_events_first(client):
    EventFactory(name_en="2019", start_date=datetime.date(2019, 11, 14))
    EventFactory(name_en="2021", start_date=datetime.date(2021, 11, 14))
    assert [entry.title for entry in parse_feed(client).entries] == ["2021", "2019"]


def test_event_feed_keeps_hostile_title_as_text(client):
    EventFactory(name_en=HOSTILE_TITLE, summary_en="<b>bold</b>")
    feed = parse_feed(client)
    assert not feed.bozo
    assert feed.entries[0].title == HOSTILE_TITLE
    assert "&lt;b&gt;bold&lt;/b&gt;" in feed.entries[0].summary
