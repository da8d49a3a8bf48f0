"""What a frab schedule carries and the site now keeps: time zones, tracks, GUIDs, links."""

import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from summit.models import TalkLink, Track
from tests.factories import EventFactory, TalkFactory

pytestmark = pytest.mark.django_db


def test_event_time_zone_defaults_to_shanghai():
    event = EventFactory()
    assert event.time_zone == "Asia/Shanghai"
    assert event.zone == zoneinfo.ZoneInfo("Asia/Shanghai")


def test_event_refuses_an_unknown_time_zone_on_its_field():
    event = EventFactory.build(time_zone="Mars/Olympus", slug="x")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "IANA" in str(error.value.message_dict["time_zone"])


def test_every_talk_gets_its_own_guid():
    first, second = TalkFactory(), TalkFactory()
    assert first.guid and second.guid and first.guid != second.guid


def test_talk_refuses_a_track_of_another_event():
    talk = TalkFactory()
    talk.track = Track.objects.create(event=EventFactory(), name="Web")
    with pytest.raises(ValidationError) as error:
        talk.full_clean()
    assert "track" in error.value.message_dict


def test_track_colour_must_be_a_hex_colour():
    track = Track(event=EventFactory(), name="Web", color="blue")
    with pytest.raises(ValidationError) as error:
        track.full_clean()
    assert "color" in error.value.message_dict


def test_links_of_a_draft_talk_are_not_public():
    talk = TalkFactory(status="draft")
    TalkLink.objects.create(talk=talk, url="https://example.org/slides.pdf")
    assert not TalkLink.objects.published().exists()


def test_two_chinese_only_tracks_of_one_event():
    event = EventFactory()
    Track.objects.create(event=event, name="临床")
    second = Track(event=event, name="产业")
    second.full_clean()
    second.save()
    assert event.tracks.count() == 2
